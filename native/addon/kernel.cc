#include "addon/kernel.h"

#include <exception>
#include <string>
#include <utility>
#include <vector>

namespace hotloop {

namespace {

Napi::Error AbortError(Napi::Env env) {
  Napi::Error error = Napi::Error::New(env, "The operation was aborted");
  error.Set("name", Napi::String::New(env, "AbortError"));
  error.Set("code", Napi::String::New(env, "ABORT_ERR"));
  return error;
}

// The Async form: holds a reference to every value the arguments handed out (Args records them)
// until the Promise settles, so the garbage collector cannot free an array the work still uses.
class KernelWorker : public Napi::AsyncWorker {
 public:
  KernelWorker(Napi::Env env, std::vector<Napi::Value> hold, Work work, Control control)
      : Napi::AsyncWorker(env, "hotloop"), deferred_(Napi::Promise::Deferred::New(env)), work_(std::move(work)),
        control_(control) {
    for (auto& value : hold) held_.push_back(Napi::Persistent(value));
  }

  Napi::Promise Promise() { return deferred_.Promise(); }

  void Execute() override {
    try {
      finished_ = work_(control_);
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
      if (finished_) deferred_.Resolve(env.Undefined());
      else deferred_.Reject(AbortError(env).Value());
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
  Control control_;
  std::vector<Napi::Reference<Napi::Value>> held_;
  bool finished_ = false;
};

Napi::Value CallSync(const Napi::CallbackInfo& info) {
  const Kernel& kernel = *static_cast<const Kernel*>(info.Data());
  Args args(info, kernel.signature, false);
  Work work = kernel.prepare(args);
  args.Finish();
  try {
    if (!work(Control{})) throw AbortError(info.Env());
  } catch (const Napi::Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Napi::Error::New(info.Env(), e.what());
  }
  return info.Env().Undefined();
}

Napi::Value CallAsync(const Napi::CallbackInfo& info) {
  const Kernel& kernel = *static_cast<const Kernel*>(info.Data());
  Args args(info, kernel.signature, true);
  Work work = kernel.prepare(args);
  Control control = args.TakeControl();
  args.Finish();
  auto* worker = new KernelWorker(info.Env(), args.TakeHeld(), std::move(work), control);
  Napi::Promise promise = worker->Promise();
  worker->Queue();  // the worker deletes itself after OnOK/OnError
  return promise;
}

Napi::Value CallFunction(const Napi::CallbackInfo& info) {
  const Function& function = *static_cast<const Function*>(info.Data());
  Args args(info, function.signature, false);
  try {
    Napi::Value result = function.call(args);
    args.Finish();
    return result;
  } catch (const Napi::Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Napi::Error::New(info.Env(), e.what());
  }
}

void Export(Napi::Env env, Napi::Object exports, const std::string& name, Napi::Function::Callback callback,
            const void* data, std::size_t arity) {
  Napi::Function fn = Napi::Function::New(env, callback, name, const_cast<void*>(data));
  fn.DefineProperty(Napi::PropertyDescriptor::Value("length", Napi::Number::New(env, static_cast<double>(arity)),
                                                    napi_configurable));
  exports.Set(name, fn);
}

}  // namespace

void Register(Napi::Env env, Napi::Object exports, const Kernel& kernel) {
  std::string name = kernel.signature.name;
  std::size_t arity = kernel.signature.params.size();
  Export(env, exports, name + "Sync", CallSync, &kernel, arity);
  Export(env, exports, name + "Async", CallAsync, &kernel, arity + 1);
}

void Register(Napi::Env env, Napi::Object exports, const Function& function) {
  Export(env, exports, function.signature.name, CallFunction, &function, function.signature.params.size());
}

}  // namespace hotloop
