#include "core/cpu.h"

#include <atomic>

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
  return level;
#else
  return SimdLevel::Scalar;
#endif
}

std::atomic<int> cap{static_cast<int>(SimdLevel::Avx512)};

}  // namespace

SimdLevel simd_detected() {
  static const SimdLevel level = detect();
  return level;
}

SimdLevel simd_level() {
  int best = static_cast<int>(simd_detected());
  int limit = cap.load(std::memory_order_relaxed);
  return static_cast<SimdLevel>(best < limit ? best : limit);
}

void cap_simd_level(SimdLevel level) { cap.store(static_cast<int>(level), std::memory_order_relaxed); }

bool parse_simd_level(const std::string& name, SimdLevel* level) {
  for (SimdLevel l : {SimdLevel::Scalar, SimdLevel::Avx2, SimdLevel::Avx512}) {
    if (name == simd_level_name(l)) {
      *level = l;
      return true;
    }
  }
  return false;
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
