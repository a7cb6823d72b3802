// What the native build is and what this CPU offers, for `hotloop info` and backend(); and the cap
// on the vector unit (HOTLOOP_SIMD, and the tests' SIMD column).
#include "addon/kernel.h"
#include "addon/modules.h"
#include "addon/state.h"
#include "core/cpu.h"

namespace hotloop {

namespace {

Napi::Value Info(Args& args) {
  Napi::Env env = args.Env();
  Napi::Object out = Napi::Object::New(env);
  out.Set("simd", Napi::String::New(env, simd_level_name(simd_level())));
  out.Set("simdDetected", Napi::String::New(env, simd_level_name(simd_detected())));
  out.Set("cpuFeatures", Napi::String::New(env, cpu_features()));
  out.Set("poolThreads", Napi::Number::New(env, State(env).pool.size()));
#if defined(__clang__)
  out.Set("compiler", Napi::String::New(env, "clang " __clang_version__));
#elif defined(__GNUC__)
  out.Set("compiler", Napi::String::New(env, "g++ " __VERSION__));
#endif
  return out;
}

// capSimd(level: 'scalar' | 'avx2' | 'avx512') -> the level kernels now use. Process-wide.
Napi::Value CapSimd(Args& args) {
  std::string name = args.String("level");
  SimdLevel level;
  if (!parse_simd_level(name, &level)) args.FailType("level must be 'scalar', 'avx2' or 'avx512'");
  cap_simd_level(level);
  return Napi::String::New(args.Env(), simd_level_name(simd_level()));
}

}  // namespace

void RegisterInfo(Napi::Env env, Napi::Object exports) {
  static const Function info{{"info", {}}, Info};
  static const Function cap{{"capSimd", {"level"}}, CapSimd};
  Register(env, exports, info);
  Register(env, exports, cap);
}

}  // namespace hotloop
