// Which vector units this CPU has, asked once at run time, so one binary serves any x86-64 (or ARM)
// machine: kernels pick their AVX-512 / AVX2 / scalar path from here, never from -march=native.
#pragma once

#include <string>

namespace hotloop {

enum class SimdLevel { Scalar = 0, Avx2 = 1, Avx512 = 2 };

SimdLevel simd_level();
const char* simd_level_name(SimdLevel level);
// Comma-separated features relevant to hotloop, e.g. "sse4.2,avx2,fma,avx512f,avx512bw".
std::string cpu_features();

}  // namespace hotloop
