// Which vector units this CPU has, asked once at run time, so one binary serves any x86-64 (or ARM)
// machine: kernels pick their AVX-512 / AVX2 / scalar path from simd_level() at each call, never
// from -march=native. A cap (HOTLOOP_SIMD, read by the TypeScript loader, or a test) lowers it.
#pragma once

#include <string>

namespace hotloop {

enum class SimdLevel { Scalar = 0, Avx2 = 1, Avx512 = 2 };

// The level kernels use: the best the CPU has, lowered to the cap when one is set.
SimdLevel simd_level();
// The best level this CPU has, whatever the cap.
SimdLevel simd_detected();
// Caps simd_level() for the whole process (every environment shares the CPU's code paths).
void cap_simd_level(SimdLevel cap);
const char* simd_level_name(SimdLevel level);
// Parses "scalar", "avx2" or "avx512"; false for anything else.
bool parse_simd_level(const std::string& name, SimdLevel* level);
// Comma-separated features relevant to hotloop, e.g. "sse4.2,avx2,fma,avx512f,avx512bw".
std::string cpu_features();

#if defined(__wasm__)
// The wasm build's one vector unit: SIMD128 paths on (the default) or off (to test them against
// the scalar paths). native/wasm/cpu_wasm.cc.
bool simd128_enabled();
void set_simd128(bool on);
#endif

}  // namespace hotloop
