#include "core/pip.h"

#include <cmath>

#include "core/cpu.h"
#include "core/pip_orient.h"
#include "core/pip_simd.h"
#include "core/pip_simd128.h"

namespace hotloop {

namespace {

enum RingState { kOut = 0, kIn = 1, kOn = 2 };

// The cell (or slab) of a coordinate inside the axis' box, exactly as cellOf in src/pip/packed.ts:
// trunc((value - origin) * per), or the last cell when the product (>= 0, +inf or NaN there) is not
// below it. The clamp is made on the double (one minsd), before the cast: casting NaN, an infinity
// or a huge double to an integer is undefined behaviour. Monotone in value, so conservative.
inline int64_t cell_of(double value, double origin, double per, double last) {
  double t = (value - origin) * per;
  return static_cast<int64_t>(t < last ? t : last);
}

// Written so that NaN fails every comparison and is rejected. All four comparisons are made (&,
// not &&): one well-predicted branch instead of four that depend on the point.
inline bool in_box(const double* b, double px, double py) {
  return (px >= b[0]) & (px <= b[2]) & (py >= b[1]) & (py <= b[3]);
}

// The slab of ring r a latitude falls in (the latitude is inside the ring's box). The ring's slab
// bounds are ring_slab_base[r] .. ring_slab_base[r+1], one more than its slabs.
inline int64_t slab_of(const PipZones& z, int32_t r, double py) {
  int32_t base = z.ring_slab_base[r];
  int32_t last = z.ring_slab_base[r + 1] - base - 2;
  const double* axis = z.ring_slab + kRingSlabStride * static_cast<int64_t>(r);
  return base + cell_of(py, axis[0], axis[1], static_cast<double>(last));
}

// Where the ray meets a wide edge (NaN slope): as wideCrossing in src/pip/edge-crossing.ts, the
// point a fraction (py - ly) / (uy - ly) of the way along it, inside its longitude range.
double wide_crossing(double lx, double ly, double ux, double uy, double py) {
  double rise = uy - ly;
  double run = py - ly;
  // Only coordinates near the top of the double range overflow here, and halving those is exact.
  if (!std::isfinite(rise)) {
    rise = uy * 0.5 - ly * 0.5;
    run = py * 0.5 - ly * 0.5;
  }
  double f = run / rise;
  double x = lx * (1 - f) + ux * f;
  double lo = lx < ux ? lx : ux;
  double hi = lx < ux ? ux : lx;
  return x < lo ? lo : x > hi ? hi : x;
}

RingState ring_state(const PipZones& z, int32_t r, double px, double py, Boundary mode) {
  if (!in_box(z.ring_box + 4 * static_cast<int64_t>(r), px, py)) return kOut;
  int64_t slab = slab_of(z, r, py);
  int32_t begin = z.slab_start[slab], end = z.slab_start[slab + 1];
  bool inside = false;
  if (mode == Boundary::HalfOpen && z.ring_slab[kRingSlabStride * static_cast<int64_t>(r) + kRingWide] == 0) {
    for (int32_t i = begin; i < end; ++i) {
      const double* e = z.slab_edges + 5 * static_cast<int64_t>(i);
      double ly = e[1];
      // Without a branch: whether the ray crosses an edge is a coin toss the predictor cannot
      // learn. The crossing is computed for every edge of the slab (finite arithmetic, no trap)
      // and counts only where the edge spans the latitude.
      inside ^= (py >= ly) & (py < e[3]) & (e[0] + (py - ly) * e[4] > px);
    }
    return inside ? kIn : kOut;
  }
  if (mode == Boundary::HalfOpen) {
    // A wide ring: its NaN-slope edges take the overflow-safe crossing.
    for (int32_t i = begin; i < end; ++i) {
      const double* e = z.slab_edges + 5 * static_cast<int64_t>(i);
      double ly = e[1];
      double uy = e[3];
      if (!(py >= ly && py < uy)) continue;
      double slope = e[4];
      double x = slope == slope ? e[0] + (py - ly) * slope : wide_crossing(e[0], ly, e[2], uy, py);
      if (x > px) inside = !inside;
    }
    return inside ? kIn : kOut;
  }
  for (int32_t i = begin; i < end; ++i) {
    const double* e = z.slab_edges + 5 * static_cast<int64_t>(i);
    double ly = e[1];
    double uy = e[3];
    if (py < ly || py > uy) continue;
    double lx = e[0];
    double ux = e[2];
    if (ly == uy) {
      if (px >= (lx < ux ? lx : ux) && px <= (lx < ux ? ux : lx)) return kOn;
      continue;
    }
    int o = orient_sign(lx, ly, ux, uy, px, py);
    if (o == 0) return kOn;
    if (o > 0 && py < uy) inside = !inside;
  }
  return inside ? kIn : kOut;
}

bool zone_contains(const PipZones& z, int32_t zone, double px, double py, Boundary mode) {
  if (!in_box(z.zone_box + 4 * zone, px, py)) return false;
  const int32_t* rings = z.polygon_rings;
  for (int32_t p = z.zone_polygons[zone], p_end = z.zone_polygons[zone + 1]; p < p_end; ++p) {
    RingState outer = ring_state(z, rings[p], px, py, mode);
    if (outer == kOn) {
      if (mode == Boundary::Inside) return true;
      continue;
    }
    if (outer == kOut) continue;
    // Inside a hole means outside the polygon; on a hole's ring means on the polygon's boundary.
    RingState state = kIn;
    for (int32_t r = rings[p] + 1, r_end = rings[p + 1]; r < r_end; ++r) {
      RingState hole = ring_state(z, r, px, py, mode);
      if (hole == kOut) continue;
      state = hole == kOn && mode == Boundary::Inside ? kIn : kOut;
      break;
    }
    if (state == kIn) return true;
  }
  return false;
}

struct Range {
  int32_t begin, end;
};

// The grid cell of a point, or -1 outside the grid.
inline int64_t cell_of_point(const PipZones& z, double px, double py) {
  const double* g = z.grid_box;
  if (!in_box(g, px, py)) return -1;
  int64_t columns = static_cast<int64_t>(g[6]);
  return cell_of(py, g[1], g[5], g[7] - 1) * columns + cell_of(px, g[0], g[4], g[6] - 1);
}

inline Range candidates(const PipZones& z, double px, double py) {
  int64_t cell = cell_of_point(z, px, py);
  if (cell < 0) return {0, 0};
  return {z.grid_start[cell], z.grid_start[cell + 1]};
}

// The first of the candidate zones `range` that contains the point, or -1.
inline int32_t first_zone(const PipZones& z, Range range, double px, double py, Boundary mode) {
  for (int32_t k = range.begin; k < range.end; ++k) {
    int32_t zone = z.grid_zones[k];
    if (zone_contains(z, zone, px, py, mode)) return zone;
  }
  return -1;
}

// The slab a point would read first (its first candidate zone whose box and outer ring's box hold
// it), or -1: only to prefetch, so it may guess wrong without changing any result.
inline int64_t first_slab(const PipZones& z, Range range, double px, double py) {
  for (int32_t k = range.begin; k < range.end; ++k) {
    int32_t zone = z.grid_zones[k];
    if (!in_box(z.zone_box + 4 * zone, px, py)) continue;
    int32_t r = z.polygon_rings[z.zone_polygons[zone]];
    if (!in_box(z.ring_box + 4 * static_cast<int64_t>(r), px, py)) continue;
    return slab_of(z, r, py);
  }
  return -1;
}

// At most this many cache lines of a slab's edges are prefetched (a slab holds a few edges).
constexpr int kSlabLines = 6;

}  // namespace

void PipPipeline::advance() {
  // The batch just filled: its cells, and their ranges in grid_start requested.
  Batch& cells = batches_[head_];
  for (std::size_t j = 0; j < cells.count; ++j) {
    std::size_t i = cells.index[j];
    cells.x[j] = lon_[i];
    cells.y[j] = lat_[i];
    int64_t cell = cell_of_point(z_, cells.x[j], cells.y[j]);
    cells.cell[j] = cell;
    if (cell >= 0) __builtin_prefetch(z_.grid_start + cell);
  }
  // One batch older: read the ranges, request each cell's first candidate zone.
  Batch& ranges = batches_[(head_ + kSteps - 1) % kSteps];
  for (std::size_t j = 0; j < ranges.count; ++j) {
    int64_t cell = ranges.cell[j];
    ranges.first[j] = cell < 0 ? 0 : z_.grid_start[cell];
    if (cell >= 0) __builtin_prefetch(z_.grid_zones + ranges.first[j]);
  }
  // The first slab each point reads; its bounds requested.
  Batch& slabs = batches_[(head_ + kSteps - 2) % kSteps];
  for (std::size_t j = 0; j < slabs.count; ++j) {
    int64_t cell = slabs.cell[j];
    Range range = cell < 0 ? Range{0, 0} : Range{slabs.first[j], z_.grid_start[cell + 1]};
    slabs.slab[j] = first_slab(z_, range, slabs.x[j], slabs.y[j]);
    if (slabs.slab[j] >= 0) __builtin_prefetch(z_.slab_start + slabs.slab[j]);
  }
  // The slabs' edges requested, line by line.
  Batch& edges = batches_[(head_ + kSteps - 3) % kSteps];
  for (std::size_t j = 0; j < edges.count; ++j) {
    int64_t slab = edges.slab[j];
    if (slab < 0) continue;
    const char* from = reinterpret_cast<const char*>(z_.slab_edges + 5 * static_cast<int64_t>(z_.slab_start[slab]));
    const char* to = reinterpret_cast<const char*>(z_.slab_edges + 5 * static_cast<int64_t>(z_.slab_start[slab + 1]));
    const char* line = reinterpret_cast<const char*>(reinterpret_cast<uintptr_t>(from) & ~uintptr_t{63});
    for (int k = 0; k < kSlabLines && line < to; ++k, line += 64) __builtin_prefetch(line);
  }
  // The oldest batch: everything it reads has been requested; test its points against their
  // cells' candidate zones (the full test, right for any point of the cell).
  Batch& oldest = batches_[(head_ + 1) % kSteps];
  for (std::size_t j = 0; j < oldest.count; ++j) {
    int64_t cell = oldest.cell[j];
    Range range = cell < 0 ? Range{0, 0} : Range{oldest.first[j], z_.grid_start[cell + 1]};
    out_[oldest.index[j]] = first_zone(z_, range, oldest.x[j], oldest.y[j], mode_);
  }
  oldest.count = 0;
  head_ = (head_ + 1) % kSteps;
}

void PipPipeline::test_batch() {
  Batch& b = batches_[head_];
  for (std::size_t j = 0; j < b.count; ++j) out_[b.index[j]] = pip_first(z_, lon_[b.index[j]], lat_[b.index[j]], mode_);
  b.count = 0;
}

int32_t pip_first(const PipZones& z, double lon, double lat, Boundary mode) {
  int64_t cell = cell_of_point(z, lon, lat);
  if (cell < 0) return -1;
  int32_t known = z.cell_answer[cell];
  if (known != kUndecided) return known;
  return first_zone(z, {z.grid_start[cell], z.grid_start[cell + 1]}, lon, lat, mode);
}

void pip_range(const PipZones& z, const double* lat, const double* lon, int32_t* out, Boundary mode,
               std::size_t begin, std::size_t end) {
#if defined(__wasm_simd128__)
  if (simd128_enabled()) return pip_range_simd128(z, lat, lon, out, mode, begin, end);
#endif
  switch (simd_level()) {
#if defined(__x86_64__)
    // AVX-512 runs the 4-lane form too (see core/pip_simd.h): 8 lanes measured slower.
    case SimdLevel::Avx512:
    case SimdLevel::Avx2: return pip_range_avx2(z, lat, lon, out, mode, begin, end);
#endif
    default: {
      // Points of a cell with a stored answer take it; only the others queue for the full test.
      PipPipeline pipeline(z, lat, lon, out, mode);
      for (std::size_t i = begin; i < end; ++i) {
        int64_t cell = cell_of_point(z, lon[i], lat[i]);
        int32_t known = cell < 0 ? -1 : z.cell_answer[cell];
        if (known != kUndecided) {
          out[i] = known;
        } else {
          pipeline.push(i);
        }
      }
      pipeline.finish();
    }
  }
}

// Both passes read each coordinate once: another thread may be writing the points (a
// SharedArrayBuffer), and a value read twice could differ.
void match_count_range(const PipZones& z, const double* lat, const double* lon, int32_t* counts, Boundary mode,
                       std::size_t begin, std::size_t end) {
  for (std::size_t i = begin; i < end; ++i) {
    double px = lon[i], py = lat[i];
    Range range = candidates(z, px, py);
    int32_t n = 0;
    for (int32_t k = range.begin; k < range.end; ++k) n += zone_contains(z, z.grid_zones[k], px, py, mode);
    counts[i] = n;
  }
}

void match_fill_range(const PipZones& z, const double* lat, const double* lon, const int32_t* offsets,
                      int32_t* zones, std::size_t capacity, int32_t* found, Boundary mode, std::size_t begin,
                      std::size_t end) {
  for (std::size_t i = begin; i < end; ++i) {
    double px = lon[i], py = lat[i];
    Range range = candidates(z, px, py);
    int64_t first = offsets[i];
    int64_t stop = offsets[i + 1];
    if (first < 0) first = 0;
    if (stop > static_cast<int64_t>(capacity)) stop = static_cast<int64_t>(capacity);
    int64_t at = first;  // may pass INT32_MAX when the point gained matches
    for (int32_t k = range.begin; k < range.end; ++k) {
      int32_t zone = z.grid_zones[k];
      if (!zone_contains(z, zone, px, py, mode)) continue;
      if (at < stop) zones[at] = zone;
      ++at;
    }
    found[i] = static_cast<int32_t>(at - first);
    for (; at < stop; ++at) zones[at] = -1;
  }
}

void count_range(const PipZones& z, const double* lat, const double* lon, uint64_t* counts, Boundary mode,
                 std::size_t begin, std::size_t end) {
  // Blocks through pip_range, to count with its vector prefilter.
  constexpr std::size_t kBlock = 512;
  int32_t found[kBlock];
  for (std::size_t b = begin; b < end; b += kBlock) {
    std::size_t e = end - b < kBlock ? end : b + kBlock;
    pip_range(z, lat + b, lon + b, found, mode, 0, e - b);
    for (std::size_t i = 0; i < e - b; ++i) ++counts[found[i] < 0 ? z.zone_count : found[i]];
  }
}

}  // namespace hotloop
