// The exports of hotloop.wasm: one per kernel of the contract (src/addon.ts), in the contract's
// order with a flat ABI that src/wasm/call.ts builds from any kernel's arguments:
//   each typed array:  pointer, element count, element type (src/wasm/abi.ts TYPE_CODES; pointer 0
//                      and count 0 for an absent optional one)
//   each scalar:       a double (booleans as 0 or 1)
//   then:              control (core/control.h slots, or 0), job (ChunkJob)
// and a WasmStatus result. Every thread of a call enters the same export (chunks.h). The TypeScript
// layer validates every argument before the call, as for the native addon; the checks here only
// make sure a wrong call cannot write outside its arrays.
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "core/cpu.h"
#include "core/cubic.h"
#include "core/julia.h"
#include "wasm/chunks.h"

#define HL_EXPORT(name) extern "C" __attribute__((export_name(#name))) int32_t name

namespace hotloop {
namespace {

// Element types, as src/wasm/abi.ts numbers them.
enum TypeCode : int32_t { kInt8 = 0, kUint8, kUint8Clamped, kInt16, kUint16, kInt32, kUint32, kFloat32, kFloat64, kBigInt64, kBigUint64 };

Control control_of(int32_t* slots) { return Control{slots}; }

bool integral(double value, double low, double high) { return value >= low && value <= high && std::floor(value) == value; }

constexpr std::size_t kJuliaRowGrain = 2;  // as the native glue: small, so uneven rows balance
constexpr std::size_t kCubicGrain = 8192;

}  // namespace
}  // namespace hotloop

using namespace hotloop;

HL_EXPORT(hl_set_simd128)(int32_t on) {
  set_simd128(on != 0);
  return simd128_enabled() ? 1 : 0;
}

HL_EXPORT(hl_julia)(const double* xs, uint32_t nxs, int32_t txs, const double* ys, uint32_t nys, int32_t tys,
                    void* counts, uint32_t ncounts, int32_t tcounts, double* norms, uint32_t nnorms, int32_t tnorms,
                    double cr, double ci, double t2, double itermax, int32_t* control, ChunkJob* job) {
  const std::size_t pixels = static_cast<std::size_t>(nxs) * nys;
  if (txs != kFloat64 || tys != kFloat64 || (tcounts != kUint16 && tcounts != kUint32)) return kBadArguments;
  if (ncounts != pixels || (norms != nullptr && (tnorms != kFloat64 || nnorms != pixels))) return kBadArguments;
  if (!integral(itermax, 1, tcounts == kUint16 ? 65535 : 4294967295.0)) return kBadArguments;
  JuliaGrid grid{xs, nxs, ys, nys, cr, ci, t2, static_cast<uint32_t>(itermax)};
  grid.control = control_of(control);
  return claim_chunks(job, grid.control, nys, kJuliaRowGrain, [&](std::size_t begin, std::size_t end) {
    return tcounts == kUint16 ? julia_rows(grid, begin, end, static_cast<uint16_t*>(counts), norms)
                              : julia_rows(grid, begin, end, static_cast<uint32_t*>(counts), norms);
  });
}

HL_EXPORT(hl_solveCubics)(const double* coeffs, uint32_t ncoeffs, int32_t tcoeffs, double* roots, uint32_t nroots, int32_t troots,
                          uint8_t* counts, uint32_t n, int32_t tcounts, int32_t* control, ChunkJob* job) {
  if (tcoeffs != kFloat64 || troots != kFloat64 || tcounts != kUint8) return kBadArguments;
  if (ncoeffs != 4ull * n || nroots != 3ull * n) return kBadArguments;
  return claim_chunks(job, control_of(control), n, kCubicGrain, [&](std::size_t begin, std::size_t end) {
    solve_cubics(coeffs, roots, counts, begin, end);
  });
}

HL_EXPORT(hl_cubicYRoots)(const double* x0, uint32_t nx0, int32_t tx0, const double* y0, uint32_t ny0, int32_t ty0,
                          double* roots, uint32_t nroots, int32_t troots, uint8_t* counts, uint32_t n, int32_t tcounts,
                          int32_t* control, ChunkJob* job) {
  if (tx0 != kFloat64 || ty0 != kFloat64 || troots != kFloat64 || tcounts != kUint8) return kBadArguments;
  if (nx0 != n || ny0 != n || nroots != 3ull * n) return kBadArguments;
  return claim_chunks(job, control_of(control), n, kCubicGrain, [&](std::size_t begin, std::size_t end) {
    cubic_y_roots(x0, y0, roots, counts, begin, end);
  });
}
