#include "addon/async.h"

#include <exception>
#include <string>

#include "core/control.h"

namespace hotloop {

namespace {

Napi::Error AbortError(Napi::Env env) {
  Napi::Error error = Napi::Error::New(env, "The operation was aborted");
  error.Set("name", Napi::String::New(env, "AbortError"));
  error.Set("code", Napi::String::New(env, "ABORT_ERR"));
  return error;
}

class KernelWorker : public Napi::AsyncWorker {
 public:
  KernelWorker(Napi::Env env, std::vector<Napi::Value> hold, Work work)
      : Napi::AsyncWorker(env, "hotloop"), deferred_(Napi::Promise::Deferred::New(env)), work_(std::move(work)) {
    // Typed arrays are objects; an absent optional argument (undefined) needs no reference.
    for (auto& value : hold) {
      if (value.IsObject()) held_.push_back(Napi::Persistent(value));
    }
  }

  Napi::Promise Promise() { return deferred_.Promise(); }

  void Execute() override {
    try {
      work_();
    } catch (const Cancelled&) {
      cancelled_ = true;
    } catch (const std::exception& e) {
      SetError(e.what());
    } catch (...) {
      SetError("hotloop native: unknown failure");
    }
  }

  // When a worker_thread is terminated mid-call, Node finishes the work and then completes it in an
  // environment that can no longer run JavaScript: settling the promise fails, and nobody waits for
  // it. Those failures are swallowed here (and by NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS in
  // node-addon-api) instead of escaping a libuv callback and aborting the process.
  void OnOK() override {
    try {
      Napi::Env env = Env();
      if (cancelled_) {
        deferred_.Reject(AbortError(env).Value());
      } else {
        deferred_.Resolve(env.Undefined());
      }
    } catch (const Napi::Error&) {
    }
    held_.clear();
  }

  void OnError(const Napi::Error& error) override {
    try {
      deferred_.Reject(error.Value());
    } catch (const Napi::Error&) {
    }
    held_.clear();
  }

 private:
  Napi::Promise::Deferred deferred_;
  Work work_;
  std::vector<Napi::Reference<Napi::Value>> held_;
  bool cancelled_ = false;
};

}  // namespace

Napi::Value Run(Napi::Env env, bool async, std::vector<Napi::Value> hold, Work work) {
  if (async) {
    auto* worker = new KernelWorker(env, std::move(hold), std::move(work));
    Napi::Promise promise = worker->Promise();
    worker->Queue();  // the worker deletes itself after OnOK/OnError
    return promise;
  }
  try {
    work();
  } catch (const Cancelled&) {
    throw AbortError(env);
  } catch (const Napi::Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, e.what());
  }
  return env.Undefined();
}

}  // namespace hotloop
