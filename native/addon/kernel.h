// How a binding is declared and registered: one helper makes a kernel's Sync and Async forms from
// one `prepare` (which reads the arguments through Args and returns the work), another registers
// a plain synchronous function. Every export gets its declared arity as its `length`, which the
// TypeScript contract (src/addon.ts) is tested against.
#pragma once

#include <napi.h>

#include <functional>

#include "addon/args.h"
#include "core/control.h"

namespace hotloop {

// A kernel's work, made by `prepare` once the arguments are read: runs on this thread (Sync form)
// or on a libuv worker (Async form), never touches a JavaScript value, and returns false when it
// stopped on the cancel flag (the Async form then rejects with an AbortError).
using Work = std::function<bool(Control)>;

// Exported as <name>Sync(params..., threads) and <name>Async(params..., threads, control).
// `params` in the signature lists every argument but control, in call order.
struct Kernel {
  Signature signature;
  Work (*prepare)(Args& args);
};

// Exported as <name>(params...): synchronous, may return a value.
struct Function {
  Signature signature;
  Napi::Value (*call)(Args& args);
};

void Register(Napi::Env env, Napi::Object exports, const Kernel& kernel);
void Register(Napi::Env env, Napi::Object exports, const Function& function);

}  // namespace hotloop
