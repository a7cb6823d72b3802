// core/cpu.h for wasm32: no x86 vector units; the SIMD128 paths are compiled in (-msimd128) and a
// switch turns them off, so the tests compare them with the scalar paths in one module.
#include "core/cpu.h"

namespace hotloop {

namespace {
bool simd128 = true;  // written only between calls, from JavaScript (hl_set_simd128)
}

SimdLevel simd_detected() { return SimdLevel::Scalar; }
SimdLevel simd_level() { return SimdLevel::Scalar; }
void cap_simd_level(SimdLevel) {}
const char* simd_level_name(SimdLevel) { return "scalar"; }

bool simd128_enabled() { return simd128; }
void set_simd128(bool on) { simd128 = on; }

}  // namespace hotloop
