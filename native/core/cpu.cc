#include "core/cpu.h"

#include <cstdlib>
#include <cstring>

namespace hotloop {

namespace {

SimdLevel detect() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  SimdLevel level = SimdLevel::Scalar;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) level = SimdLevel::Avx2;
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl")) {
    level = SimdLevel::Avx512;
  }
  // HOTLOOP_SIMD=avx2|scalar caps the level, to test every path on one machine.
  if (const char* cap = std::getenv("HOTLOOP_SIMD")) {
    if (std::strcmp(cap, "scalar") == 0) level = SimdLevel::Scalar;
    else if (std::strcmp(cap, "avx2") == 0 && level > SimdLevel::Avx2) level = SimdLevel::Avx2;
  }
  return level;
#else
  return SimdLevel::Scalar;
#endif
}

}  // namespace

SimdLevel simd_level() {
  static const SimdLevel level = detect();
  return level;
}

const char* simd_level_name(SimdLevel level) {
  switch (level) {
    case SimdLevel::Avx512: return "avx512";
    case SimdLevel::Avx2: return "avx2";
    default: return "scalar";
  }
}

std::string cpu_features() {
  std::string out;
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  auto add = [&out](const char* name, bool present) {
    if (!present) return;
    if (!out.empty()) out += ',';
    out += name;
  };
  add("sse4.2", __builtin_cpu_supports("sse4.2"));
  add("avx2", __builtin_cpu_supports("avx2"));
  add("fma", __builtin_cpu_supports("fma"));
  add("avx512f", __builtin_cpu_supports("avx512f"));
  add("avx512bw", __builtin_cpu_supports("avx512bw"));
  add("avx512dq", __builtin_cpu_supports("avx512dq"));
  add("avx512vl", __builtin_cpu_supports("avx512vl"));
#elif defined(__aarch64__)
  out = "neon";
#endif
  return out;
}

}  // namespace hotloop
