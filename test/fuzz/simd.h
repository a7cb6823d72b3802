// scripts/fuzz.mjs runs every target at every vector unit by setting HOTLOOP_SIMD. The core does not
// read the environment (the TypeScript loader does, then caps the level), so a harness applies the
// cap itself, once, from LLVMFuzzerInitialize, which this header defines: each target is one file,
// and including this header there is all it takes.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/cpu.h"

namespace fuzz {

inline void cap_simd_from_env() {
  const char* name = std::getenv("HOTLOOP_SIMD");
  if (name == nullptr || *name == '\0') return;
  hotloop::SimdLevel level;
  if (!hotloop::parse_simd_level(name, &level)) {
    std::fprintf(stderr, "HOTLOOP_SIMD must be scalar, avx2 or avx512, got '%s'\n", name);
    std::exit(2);
  }
  hotloop::cap_simd_level(level);
  if (hotloop::simd_level() != level) {
    std::fprintf(stderr, "HOTLOOP_SIMD=%s, but this CPU's best is %s\n", name, hotloop::simd_level_name(hotloop::simd_level()));
    std::exit(2);
  }
}

}  // namespace fuzz

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::cap_simd_from_env();
  return 0;
}
