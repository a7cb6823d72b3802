// What the native build is and what this CPU offers, for `hotloop info` and backend().
#include "addon/register.h"
#include "addon/state.h"
#include "core/cpu.h"

namespace hotloop {

namespace {

Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
  out.Set("simd", Napi::String::New(env, simd_level_name(simd_level())));
  out.Set("cpuFeatures", Napi::String::New(env, cpu_features()));
  out.Set("poolThreads", Napi::Number::New(env, State(env).pool.size()));
#if defined(__clang__)
  out.Set("compiler", Napi::String::New(env, "clang " __clang_version__));
#elif defined(__GNUC__)
  out.Set("compiler", Napi::String::New(env, "g++ " __VERSION__));
#endif
  return out;
}

}  // namespace

void RegisterInfo(Napi::Env env, Napi::Object exports) {
  exports.Set("info", Napi::Function::New(env, Info, "info"));
}

}  // namespace hotloop
