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
#include <type_traits>

#include "core/cpu.h"
#include "core/cubic.h"
#include "core/julia.h"
#include "core/lum.h"
#include "core/pip.h"
#include "core/png_rows.h"
#include "core/polymatch.h"
#include "core/polymatch_grid.h"
#include "core/reduce.h"
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
constexpr std::size_t kPipGrain = 16384;

// pip's packed zones (src/pip/packed.ts) as src/wasm/abi.ts passes them: zoneCount, then each
// array of PACKED_ZONES_FIELDS as (pointer, count, type).
#define HL_ZONE_PARAMS                                                                                              \
  double zone_count, const double *grid_box, uint32_t ngrid_box, int32_t tgrid_box, const int32_t *cell_answer,     \
      uint32_t ncell_answer, int32_t tcell_answer, const int32_t *grid_start, uint32_t ngrid_start,                  \
      int32_t tgrid_start, const int32_t *grid_zones, uint32_t ngrid_zones, int32_t tgrid_zones,                     \
      const double *zone_box, uint32_t nzone_box, int32_t tzone_box, const int32_t *zone_polygons,                   \
      uint32_t nzone_polygons, int32_t tzone_polygons, const int32_t *polygon_rings, uint32_t npolygon_rings,        \
      int32_t tpolygon_rings, const double *ring_box, uint32_t nring_box, int32_t tring_box,                         \
      const double *ring_slab, uint32_t nring_slab, int32_t tring_slab, const int32_t *ring_slab_base,               \
      uint32_t nring_slab_base, int32_t tring_slab_base, const int32_t *slab_start, uint32_t nslab_start,            \
      int32_t tslab_start, const double *slab_edges, uint32_t nslab_edges, int32_t tslab_edges
#define HL_ZONE_ARGS                                                                                                \
  zone_count, grid_box, ngrid_box, tgrid_box, cell_answer, ncell_answer, tcell_answer, grid_start, ngrid_start,      \
      tgrid_start, grid_zones, ngrid_zones, tgrid_zones, zone_box, nzone_box, tzone_box, zone_polygons,              \
      nzone_polygons, tzone_polygons, polygon_rings, npolygon_rings, tpolygon_rings, ring_box, nring_box, tring_box, \
      ring_slab, nring_slab, tring_slab, ring_slab_base, nring_slab_base, tring_slab_base, slab_start, nslab_start,  \
      tslab_start, slab_edges, nslab_edges, tslab_edges

// The invariants the native glue (addon/pip.cc ZonesArg) checks, so every index stays in bounds.
bool zones_of(PipZones* out, HL_ZONE_PARAMS) {
  const bool types = tgrid_box == kFloat64 && tcell_answer == kInt32 && tgrid_start == kInt32 && tgrid_zones == kInt32 &&
                     tzone_box == kFloat64 && tzone_polygons == kInt32 && tpolygon_rings == kInt32 && tring_box == kFloat64 &&
                     tring_slab == kFloat64 && tring_slab_base == kInt32 && tslab_start == kInt32 && tslab_edges == kFloat64;
  if (!types || !integral(zone_count, 1, 2147483647.0) || ngrid_box != 8 || !(grid_box[6] >= 1) || !(grid_box[7] >= 1)) return false;
  const std::size_t zones = static_cast<std::size_t>(zone_count);
  const std::size_t rings = nring_box / 4;
  const bool ok = ngrid_start == static_cast<std::size_t>(grid_box[6] * grid_box[7]) + 1 && ncell_answer + 1 == ngrid_start &&
                  static_cast<std::size_t>(grid_start[ngrid_start - 1]) == ngrid_zones && nzone_box == 4 * zones &&
                  nzone_polygons == zones + 1 && zone_polygons[zones] >= 0 &&
                  static_cast<std::size_t>(zone_polygons[zones]) + 1 == npolygon_rings &&
                  static_cast<std::size_t>(polygon_rings[npolygon_rings - 1]) == rings &&
                  nring_slab == kRingSlabStride * rings && nring_slab_base == rings + 1 &&
                  static_cast<std::size_t>(ring_slab_base[rings]) == nslab_start && nslab_start >= 1 &&
                  5 * static_cast<std::size_t>(slab_start[nslab_start - 1]) == nslab_edges;
  if (!ok) return false;
  *out = PipZones{static_cast<int32_t>(zones), grid_box, cell_answer, grid_start, grid_zones, zone_box, zone_polygons,
                  polygon_rings, ring_box, ring_slab, ring_slab_base, slab_start, slab_edges, nslab_edges / 5};
  return true;
}

bool boundary_of(double value, Boundary* mode) {
  if (value != 0 && value != 1 && value != 2) return false;
  *mode = static_cast<Boundary>(static_cast<int>(value));
  return true;
}

// Adds `value` to a double other threads add to as well (a compare-and-swap loop on its bits): the
// partial counts are integers below 2^53, so the sum is exact whatever the order.
void atomic_add(double* target, double value) {
  uint64_t* bits = reinterpret_cast<uint64_t*>(target);
  uint64_t seen = __atomic_load_n(bits, __ATOMIC_RELAXED);
  for (;;) {
    double sum;
    __builtin_memcpy(&sum, &seen, sizeof sum);
    sum += value;
    uint64_t next;
    __builtin_memcpy(&next, &sum, sizeof next);
    if (__atomic_compare_exchange_n(bits, &seen, next, true, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) return;
  }
}

using PerPointKernel = void (*)(const PipZones&, const double*, const double*, int32_t*, Boundary, std::size_t, std::size_t);

// A pip kernel writing one int32 per point: (zones, lat, lon, out, boundary).
template <PerPointKernel kernel>
int32_t per_point(HL_ZONE_PARAMS, const double* lat, uint32_t nlat, int32_t tlat, const double* lon, uint32_t nlon,
                  int32_t tlon, int32_t* out, uint32_t nout, int32_t tout, double boundary, int32_t* control, ChunkJob* job) {
  PipZones z;
  Boundary mode;
  if (!zones_of(&z, HL_ZONE_ARGS) || !boundary_of(boundary, &mode)) return kBadArguments;
  if (tlat != kFloat64 || tlon != kFloat64 || tout != kInt32 || nlat != nlon || nout != nlat) return kBadArguments;
  return claim_chunks(job, control_of(control), nlat, kPipGrain, [&](std::size_t begin, std::size_t end) {
    kernel(z, lat, lon, out, mode, begin, end);
  });
}

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

HL_EXPORT(hl_pip)(HL_ZONE_PARAMS, const double* lat, uint32_t nlat, int32_t tlat, const double* lon, uint32_t nlon, int32_t tlon,
                  int32_t* out, uint32_t nout, int32_t tout, double boundary, int32_t* control, ChunkJob* job) {
  return per_point<pip_range>(HL_ZONE_ARGS, lat, nlat, tlat, lon, nlon, tlon, out, nout, tout, boundary, control, job);
}

HL_EXPORT(hl_pipMatchCount)(HL_ZONE_PARAMS, const double* lat, uint32_t nlat, int32_t tlat, const double* lon, uint32_t nlon,
                            int32_t tlon, int32_t* out, uint32_t nout, int32_t tout, double boundary, int32_t* control,
                            ChunkJob* job) {
  return per_point<match_count_range>(HL_ZONE_ARGS, lat, nlat, tlat, lon, nlon, tlon, out, nout, tout, boundary, control, job);
}

HL_EXPORT(hl_pipMatchFill)(HL_ZONE_PARAMS, const double* lat, uint32_t nlat, int32_t tlat, const double* lon, uint32_t nlon,
                           int32_t tlon, const int32_t* offsets, uint32_t noffsets, int32_t toffsets, int32_t* matches,
                           uint32_t nmatches, int32_t tmatches, int32_t* found, uint32_t nfound, int32_t tfound,
                           double boundary, int32_t* control, ChunkJob* job) {
  PipZones z;
  Boundary mode;
  if (!zones_of(&z, HL_ZONE_ARGS) || !boundary_of(boundary, &mode)) return kBadArguments;
  if (tlat != kFloat64 || tlon != kFloat64 || toffsets != kInt32 || tmatches != kInt32 || tfound != kInt32) return kBadArguments;
  if (nlat != nlon || noffsets != nlat + 1ull || nfound != nlat || static_cast<uint32_t>(offsets[nlat]) != nmatches) return kBadArguments;
  return claim_chunks(job, control_of(control), nlat, kPipGrain, [&](std::size_t begin, std::size_t end) {
    match_fill_range(z, lat, lon, offsets, matches, nmatches, found, mode, begin, end);
  });
}

// pipCount: each thread counts its chunks into a tally of its own (on its stack when small, else
// straight into shared atomics), then adds the tally to counts, which accumulate as natively.
HL_EXPORT(hl_pipCount)(HL_ZONE_PARAMS, const double* lat, uint32_t nlat, int32_t tlat, const double* lon, uint32_t nlon,
                       int32_t tlon, double* counts, uint32_t ncounts, int32_t tcounts, double boundary, int32_t* control,
                       ChunkJob* job) {
  PipZones z;
  Boundary mode;
  if (!zones_of(&z, HL_ZONE_ARGS) || !boundary_of(boundary, &mode)) return kBadArguments;
  const std::size_t slots = static_cast<std::size_t>(z.zone_count) + 1;
  if (tlat != kFloat64 || tlon != kFloat64 || tcounts != kFloat64 || nlat != nlon || ncounts != slots) return kBadArguments;
  constexpr std::size_t kStackSlots = 4096;  // 32 KiB of a worker's 256 KiB stack
  uint64_t stack_tally[kStackSlots];
  const bool local = slots <= kStackSlots;
  if (local) __builtin_memset(stack_tally, 0, slots * sizeof(uint64_t));
  int32_t status = claim_chunks(job, control_of(control), nlat, kPipGrain, [&](std::size_t begin, std::size_t end) {
    constexpr std::size_t kBlock = 512;
    int32_t found[kBlock];
    for (std::size_t b = begin; b < end; b += kBlock) {
      const std::size_t e = end - b < kBlock ? end : b + kBlock;
      pip_range(z, lat + b, lon + b, found, mode, 0, e - b);
      for (std::size_t i = 0; i < e - b; ++i) {
        const std::size_t slot = found[i] < 0 ? static_cast<std::size_t>(z.zone_count) : static_cast<std::size_t>(found[i]);
        if (local) ++stack_tally[slot];
        else atomic_add(&counts[slot], 1.0);
      }
    }
  });
  // As natively, a cancelled count adds nothing to the caller's counts (they are copied back only
  // when done), except with more than kStackSlots zones into counts from alloc(), which may hold
  // part of the cancelled count.
  if (status == kDone && local) {
    for (std::size_t k = 0; k < slots; ++k) if (stack_tally[k] != 0) atomic_add(&counts[k], static_cast<double>(stack_tally[k]));
  }
  return status;
}

// lum: shockLuminosities and jetLuminosities. As natively, the lowest refused index over all
// chunks goes to status = [index or -1, LumError]: each thread offers its refusals to the job
// (packed as (index + 1) * 256 + code, so the smallest word is the lowest index), and the thread
// that leaves last writes status.
namespace hotloop {
namespace {

constexpr std::size_t kLumGrain = 4096;  // as the native glue

bool lum_profile_of(const double* packed, uint32_t count, int32_t type) { return type == kFloat64 && lum_profile_valid(packed, count); }

void offer_refusal(ChunkJob* job, LumStatus status) {
  if (status.error != kLumOk) offer_first(job, (static_cast<uint64_t>(status.index) + 1) * 256 + static_cast<uint64_t>(status.error));
}

int32_t finish_lum(ChunkJob* job, int32_t status, double* slots) {
  if (status == kDone && last_to_leave(job)) {
    const uint64_t first = __atomic_load_n(&job->first, __ATOMIC_RELAXED);
    slots[0] = first == 0 ? -1.0 : static_cast<double>(first / 256 - 1);
    slots[1] = first == 0 ? 0.0 : static_cast<double>(first % 256);
  }
  return status;
}

}  // namespace
}  // namespace hotloop

HL_EXPORT(hl_shockLuminosities)(const double* mass, uint32_t nmass, int32_t tmass, const double* a, uint32_t na, int32_t ta,
                                const double* v, uint32_t nv, int32_t tv, const double* aspect, uint32_t naspect, int32_t taspect,
                                const double* density, uint32_t ndensity, int32_t tdensity, double* out, uint32_t nout,
                                int32_t tout, double* status, uint32_t nstatus, int32_t tstatus, double smbh_mass,
                                int32_t* control, ChunkJob* job) {
  if (tmass != kFloat64 || ta != kFloat64 || tv != kFloat64 || tout != kFloat64 || tstatus != kFloat64) return kBadArguments;
  if (!lum_profile_of(aspect, naspect, taspect) || !lum_profile_of(density, ndensity, tdensity)) return kBadArguments;
  if (nmass != nout || na != nout || nv != nout || nstatus != 2) return kBadArguments;
  const int32_t done = claim_chunks(job, control_of(control), nout, kLumGrain, [&](std::size_t begin, std::size_t end) {
    offer_refusal(job, shock_luminosities(smbh_mass, mass, a, v, aspect, density, out, begin, end));
  });
  return finish_lum(job, done, status);
}

HL_EXPORT(hl_jetLuminosities)(const double* mass, uint32_t nmass, int32_t tmass, const double* a, uint32_t na, int32_t ta,
                              const double* spin, uint32_t nspin, int32_t tspin, const double* v, uint32_t nv, int32_t tv,
                              const double* aspect, uint32_t naspect, int32_t taspect, const double* density, uint32_t ndensity,
                              int32_t tdensity, const double* sound, uint32_t nsound, int32_t tsound, double* out,
                              uint32_t nout, int32_t tout, double* status, uint32_t nstatus, int32_t tstatus, int32_t* control,
                              ChunkJob* job) {
  if (tmass != kFloat64 || ta != kFloat64 || tspin != kFloat64 || tv != kFloat64 || tout != kFloat64 || tstatus != kFloat64) {
    return kBadArguments;
  }
  if (!lum_profile_of(aspect, naspect, taspect) || !lum_profile_of(density, ndensity, tdensity)) return kBadArguments;
  if (nsound != 0 && !lum_profile_of(sound, nsound, tsound)) return kBadArguments;
  if (nmass != nout || na != nout || nspin != nout || nv != nout || nstatus != 2) return kBadArguments;
  const double* sound_speed = nsound == 0 ? nullptr : sound;
  const int32_t done = claim_chunks(job, control_of(control), nout, kLumGrain, [&](std::size_t begin, std::size_t end) {
    offer_refusal(job, jet_luminosities(mass, a, spin, v, aspect, density, sound_speed, out, begin, end));
  });
  return finish_lum(job, done, status);
}

// matchPoints as four calls of the pool (src/wasm/staged.ts), since the wasm build has no Parallel
// that joins its threads between loops, and allocates nothing in C++: JavaScript hands in one
// scratch block of hl_matchPoints_scratch bytes. Stage 0 (one thread) measures the grid; 1 computes
// each center's cell and each point's row, and the thread that leaves last counting-sorts both;
// 2 gathers centers and points in that order; 3 matches the points (the only stage that reports
// progress, as natively).
namespace hotloop {
namespace {

constexpr std::size_t kMatchGrain = 1024;  // as the native glue
constexpr std::size_t kGridGrain = 16384;

// The scratch block's arrays, laid out from n polygons and m points. Cells and rows are bounded by
// grid_pass::shape's limit (at most max(1, 2n) cells), so the block is sized before the grid is.
struct MatchScratch {
  GridShape* shape;
  uint32_t *cell, *row;
  int32_t *cell_start, *cell_fill, *item, *row_start, *row_fill, *index;
  double *cx, *cy, *area, *xy;
};

// Lays the arrays out from `base` (0 for sizing); returns the bytes they take.
uint64_t match_layout(uintptr_t base, uint64_t n, uint64_t m, MatchScratch* s) {
  const uint64_t cells = n == 0 ? 1 : 2 * n;
  uint64_t at = 0;
  auto place = [&](auto*& pointer, uint64_t count) {
    using T = std::remove_reference_t<decltype(*pointer)>;
    at = (at + 7) & ~uint64_t{7};
    pointer = reinterpret_cast<T*>(base + static_cast<uintptr_t>(at));
    at += count * sizeof(T);
  };
  place(s->shape, 1);
  place(s->cx, n), place(s->cy, n), place(s->area, n), place(s->xy, 2 * m);
  place(s->cell, n), place(s->row, m);
  place(s->cell_start, cells + 1), place(s->cell_fill, cells), place(s->item, n);
  place(s->row_start, cells + 1), place(s->row_fill, cells), place(s->index, m);
  return at;
}

bool match_args(uint32_t ncenters, int32_t tcenters, uint32_t nareas, int32_t tareas, uint32_t npoints, int32_t tpoints,
                uint32_t nout, int32_t tout, double max_dist) {
  return tcenters == kFloat64 && tareas == kFloat64 && tpoints == kFloat64 && tout == kInt32 && max_dist > 0 &&
         std::isfinite(max_dist) && ncenters == 2ull * nareas && npoints == 2ull * nout && nareas <= 0x7fffffffu;
}

// The pieces of [0, n + m) that fall in [0, n) go to first(begin, end), the others to second (shifted).
template <class First, class Second>
void split(std::size_t n, std::size_t begin, std::size_t end, First&& first, Second&& second) {
  if (begin < n) first(begin, end < n ? end : n);
  if (end > n) second((begin > n ? begin : n) - n, end - n);
}

}  // namespace
}  // namespace hotloop

extern "C" __attribute__((export_name("hl_matchPoints_scratch"))) double hl_matchPoints_scratch(
    const double*, uint32_t ncenters, int32_t tcenters, const double*, uint32_t nareas, int32_t tareas, const double*,
    uint32_t npoints, int32_t tpoints, int32_t*, uint32_t nout, int32_t tout, double max_dist) {
  if (!match_args(ncenters, tcenters, nareas, tareas, npoints, tpoints, nout, tout, max_dist)) return 0;
  MatchScratch s;
  return static_cast<double>(match_layout(0, nareas, nout, &s));
}

HL_EXPORT(hl_matchPoints)(const double* centers, uint32_t ncenters, int32_t tcenters, const double* areas, uint32_t nareas,
                          int32_t tareas, const double* points, uint32_t npoints, int32_t tpoints, int32_t* out, uint32_t nout,
                          int32_t tout, double max_dist, double stage, double scratch, int32_t* control, ChunkJob* job) {
  if (!match_args(ncenters, tcenters, nareas, tareas, npoints, tpoints, nout, tout, max_dist) || !(scratch > 0)) return kBadArguments;
  const std::size_t n = nareas, m = nout;
  MatchScratch s;
  match_layout(static_cast<uintptr_t>(scratch), n, m, &s);
  const Control ctl = control_of(control);
  switch (static_cast<int>(stage)) {
    case 0:
      return grid_pass::shape(centers, n, max_dist, ctl, *s.shape) ? kDone : kCancelled;
    case 1: {
      const GridShape& g = *s.shape;
      int32_t status = claim_quietly(job, ctl, n + m, kGridGrain, [&](std::size_t begin, std::size_t end) {
        split(n, begin, end, [&](std::size_t b, std::size_t e) { grid_pass::center_cells(g, centers, s.cell, b, e); },
              [&](std::size_t b, std::size_t e) { grid_pass::point_rows(g, points, s.row, b, e); });
      });
      if (status != kDone || !last_to_leave(job)) return status;
      const bool sorted = grid_pass::counting_sort(s.cell, n, g.nx * g.ny, s.cell_start, s.item, s.cell_fill, ctl) &&
                          grid_pass::counting_sort(s.row, m, g.ny, s.row_start, s.index, s.row_fill, ctl);
      return sorted ? kDone : kCancelled;
    }
    case 2:
      return claim_quietly(job, ctl, n + m, kGridGrain, [&](std::size_t begin, std::size_t end) {
        split(n, begin, end, [&](std::size_t b, std::size_t e) { grid_pass::gather_centers(s.item, centers, areas, s.cx, s.cy, s.area, b, e); },
              [&](std::size_t b, std::size_t e) { grid_pass::gather_points(s.index, points, s.xy, b, e); });
      });
    case 3: {
      const GridView grid{*s.shape, s.cell_start, s.item, s.cx, s.cy, s.area};
      const PointsView order{s.index, s.xy};
      return claim_chunks(job, ctl, m, kMatchGrain, [&](std::size_t begin, std::size_t end) {
        return match_points(grid, order, max_dist, out, begin, end, ctl);
      });
    }
    default:
      return kBadArguments;
  }
}

// The contract's functions (sync, a value returned): polygonStats, closeIndices, juliaLevels and
// pngScanlines. They run on the calling thread (src/wasm/runtime.ts callSync), take the
// contract's arguments without threads, control or job, and return their value (0 when there is
// none) or -1 when they refuse their arguments, after the native glue's checks.
#define HL_FUNCTION(name) extern "C" __attribute__((export_name(#name))) double name

namespace hotloop {
namespace {
constexpr double kRefused = -1;
}  // namespace
}  // namespace hotloop

HL_FUNCTION(hl_polygonStats)(const double* x, uint32_t nx, int32_t tx, const double* y, uint32_t ny, int32_t ty,
                             const int32_t* offsets, uint32_t noffsets, int32_t toffsets, double* centers, uint32_t ncenters,
                             int32_t tcenters, double* areas, uint32_t n, int32_t tareas) {
  if (tx != kFloat64 || ty != kFloat64 || toffsets != kInt32 || tcenters != kFloat64 || tareas != kFloat64) return kRefused;
  if (nx != ny || noffsets != n + 1ull || ncenters != 2ull * n) return kRefused;
  if (offsets[0] != 0 || static_cast<uint32_t>(offsets[n]) != nx) return kRefused;
  for (std::size_t i = 0; i < n; ++i) {
    if (offsets[i + 1] <= offsets[i]) return kRefused;
  }
  polygon_stats(x, y, offsets, centers, areas, 0, n);
  return 0;
}

HL_FUNCTION(hl_closeIndices)(const double* centers, uint32_t ncenters, int32_t tcenters, int32_t* out, uint32_t nout,
                             int32_t tout, double px, double py, double max_dist) {
  const std::size_t n = ncenters / 2;
  if (tcenters != kFloat64 || tout != kInt32 || ncenters % 2 != 0 || nout < n) return kRefused;
  if (!(max_dist > 0) || !std::isfinite(max_dist)) return kRefused;
  return static_cast<double>(close_indices(centers, n, px, py, max_dist, out));
}

HL_FUNCTION(hl_juliaLevels)(const uint16_t* counts, uint32_t n, int32_t tcounts, const uint8_t* table, uint32_t ntable,
                            int32_t ttable, uint8_t* levels, uint32_t nlevels, int32_t tlevels) {
  if (tcounts != kUint16 || ttable != kUint8 || tlevels != kUint8 || nlevels != n || ntable == 0) return kRefused;
  uint16_t top = 0;
  for (std::size_t i = 0; i < n; ++i) top = counts[i] > top ? counts[i] : top;
  if (top >= ntable) return kRefused;  // every count must index the table
  julia_levels(counts, table, levels, 0, n);
  return 0;
}

HL_FUNCTION(hl_pngScanlines)(const uint8_t* pixels, uint32_t npixels, int32_t tpixels, uint8_t* out, uint32_t nout,
                             int32_t tout, double stride_arg, double height_arg, double filter_arg) {
  if (tpixels != kUint8 || tout != kUint8) return kRefused;
  if (!integral(stride_arg, 1, 4294967295.0) || !integral(height_arg, 1, 4294967295.0)) return kRefused;
  if (filter_arg != kPngFilterNone && filter_arg != kPngFilterUp) return kRefused;
  const uint64_t stride = static_cast<uint64_t>(stride_arg), height = static_cast<uint64_t>(height_arg);
  if (npixels != stride * height || nout != (stride + 1) * height) return kRefused;
  return png_filter_rows(pixels, stride, 0, height, static_cast<int>(filter_arg), out);  // one thread: one band
}

// reduce as one stage of the pool (src/wasm/staged.ts) for its scratch block: every thread claims
// work items of core/reduce's cut; when the reduced axis is split they leave partial results in
// the scratch, and the last thread out merges them in piece order, as the native pool's caller
// does after its loop. hl_reduce_scratch: the bytes of those partials, from the same arguments.
namespace hotloop {
namespace {

bool dtype_of(int32_t type, Dtype* dtype) {
  switch (type) {
    case kInt8: *dtype = Dtype::I8; return true;
    case kUint8: *dtype = Dtype::U8; return true;
    case kInt16: *dtype = Dtype::I16; return true;
    case kUint16: *dtype = Dtype::U16; return true;
    case kInt32: *dtype = Dtype::I32; return true;
    case kUint32: *dtype = Dtype::U32; return true;
    case kBigInt64: *dtype = Dtype::I64; return true;
    case kBigUint64: *dtype = Dtype::U64; return true;
    case kFloat32: *dtype = Dtype::F32; return true;
    case kFloat64: *dtype = Dtype::F64; return true;
    default: return false;  // Uint8ClampedArray, as the native glue
  }
}

constexpr double kMaxSize = 9007199254740991.0;  // TypeScript's bound on shapes and strides
constexpr uint64_t kMaxScratch = 0xFFFF0000u;     // what the wasm32 heap can hand out at most

// The checks of the native glue (addon/reduce.cc); absent outputs come as type -1.
bool reduce_job_of(ReduceJob* job, const void* data, uint32_t ndata, int32_t tdata, void* values, uint32_t nvalues,
                   int32_t tvalues, int32_t* index, uint32_t nindex, int32_t tindex, double rows, double cols,
                   double row_stride, double col_stride, double axis, double max) {
  if (!dtype_of(tdata, &job->dtype)) return false;
  const bool has_values = tvalues != -1, has_index = tindex != -1;
  if ((!has_values && !has_index) || (has_values && tvalues != tdata) || (has_index && tindex != kInt32)) return false;
  if (!integral(rows, 0, kMaxSize) || !integral(cols, 0, kMaxSize) || !integral(row_stride, 0, kMaxSize) ||
      !integral(col_stride, 0, kMaxSize) || (axis != 0 && axis != 1) || (max != 0 && max != 1)) {
    return false;
  }
  const double outputs = axis == 0 ? cols : rows, reduced = axis == 0 ? rows : cols;
  if (reduced < 1 || reduced > 2147483647.0) return false;
  if ((has_values && nvalues != outputs) || (has_index && nindex != outputs)) return false;
  if (outputs > 0 && !((rows - 1) * row_stride + (cols - 1) * col_stride < ndata)) return false;
  // Outputs and the reduced axis are now below 2^32, and so is every stride of an axis longer than
  // one (its elements lie in the data); the stride of a one-element axis never multiplies a
  // nonzero position, so a huge one may become 0 for wasm32's 32-bit size_t.
  job->data = data;
  job->rows = static_cast<std::size_t>(rows);
  job->cols = static_cast<std::size_t>(cols);
  job->row_stride = row_stride > 4294967295.0 ? 0 : static_cast<std::size_t>(row_stride);
  job->col_stride = col_stride > 4294967295.0 ? 0 : static_cast<std::size_t>(col_stride);
  job->axis = static_cast<int>(axis);
  job->max = max == 1;
  job->values = has_values ? values : nullptr;
  job->index = has_index ? index : nullptr;
  job->in_order = true;  // JavaScript may stream the data in (src/wasm/streamed.ts)
  return true;
}

}  // namespace
}  // namespace hotloop

extern "C" __attribute__((export_name("hl_reduce_scratch"))) double hl_reduce_scratch(
    const void* data, uint32_t ndata, int32_t tdata, void* values, uint32_t nvalues, int32_t tvalues, int32_t* index,
    uint32_t nindex, int32_t tindex, double rows, double cols, double row_stride, double col_stride, double axis, double max) {
  ReduceJob job{};
  if (!reduce_job_of(&job, data, ndata, tdata, values, nvalues, tvalues, index, nindex, tindex, rows, cols, row_stride,
                     col_stride, axis, max)) {
    return 0;
  }
  const uint64_t bytes = reduce_parts(job).scratch_bytes;
  return bytes > kMaxScratch ? 0 : static_cast<double>(bytes);
}

HL_EXPORT(hl_reduce)(const void* data, uint32_t ndata, int32_t tdata, void* values, uint32_t nvalues, int32_t tvalues,
                     int32_t* index, uint32_t nindex, int32_t tindex, double rows, double cols, double row_stride,
                     double col_stride, double axis, double max, double stage, double scratch, int32_t* control,
                     ChunkJob* job) {
  ReduceJob r{};
  if (stage != 0 || !(scratch > 0) ||
      !reduce_job_of(&r, data, ndata, tdata, values, nvalues, tvalues, index, nindex, tindex, rows, cols, row_stride,
                     col_stride, axis, max)) {
    return kBadArguments;
  }
  const ReduceParts parts = reduce_parts(r);
  if (parts.scratch_bytes > kMaxScratch) return kBadArguments;  // hl_reduce_scratch asked for none
  void* partials = reinterpret_cast<void*>(static_cast<uintptr_t>(scratch));
  // The data may be streamed in (src/wasm/streamed.ts counts it in elements, in order).
  const auto need = [&](std::size_t begin, std::size_t end) { return reduce_items_end(r, begin, end); };
  const int32_t status = claim_streamed(job, control_of(control), parts.items, parts.grain, need, [&](std::size_t begin, std::size_t end) {
    reduce_items(r, partials, begin, end);
  });
  if (status == kDone && last_to_leave(job)) reduce_merge(r, partials);
  return status;
}
