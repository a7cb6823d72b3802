#include "core/pip.h"

#include "core/cpu.h"
#include "core/pip_orient.h"
#include "core/pip_simd.h"

namespace hotloop {

namespace {

enum RingState { kOut = 0, kIn = 1, kOn = 2 };

// The cell or slab of a coordinate, exactly as cellOf in src/pip/pack.ts (truncation, then clamp).
inline int64_t cell_of(double value, double origin, double per_unit, int64_t count) {
  int64_t c = static_cast<int64_t>((value - origin) * per_unit);
  return c > count - 1 ? count - 1 : c;
}

// Written so that NaN fails every comparison and is rejected.
inline bool in_box(const double* b, double px, double py) {
  return px >= b[0] && px <= b[2] && py >= b[1] && py <= b[3];
}

RingState ring_state(const PipZones& z, int32_t r, double px, double py, Boundary mode) {
  if (!in_box(z.ring_box + 4 * r, px, py)) return kOut;
  int32_t base = z.ring_slab_base[r];
  int64_t slab = base + cell_of(py, z.ring_slab[2 * r], z.ring_slab[2 * r + 1], z.ring_slab_base[r + 1] - base - 1);
  bool inside = false;
  for (int32_t i = z.slab_start[slab], end = z.slab_start[slab + 1]; i < end; ++i) {
    const double* e = z.slab_edges + 5 * static_cast<int64_t>(i);
    double ly = e[1];
    double uy = e[3];
    if (mode == Boundary::HalfOpen) {
      if (py >= ly && py < uy && e[0] + (py - ly) * e[4] > px) inside = !inside;
      continue;
    }
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
  return cell_of(py, g[1], g[5], static_cast<int64_t>(g[7])) * columns + cell_of(px, g[0], g[4], columns);
}

inline Range candidates(const PipZones& z, double px, double py) {
  int64_t cell = cell_of_point(z, px, py);
  if (cell < 0) return {0, 0};
  return {z.grid_start[cell], z.grid_start[cell + 1]};
}

// The slab a point would read first (first candidate zone, its first outer ring), or -1: only to
// prefetch, so it may guess wrong without changing any result.
inline int64_t first_slab(const PipZones& z, double px, double py) {
  Range range = candidates(z, px, py);
  for (int32_t k = range.begin; k < range.end; ++k) {
    int32_t zone = z.grid_zones[k];
    if (!in_box(z.zone_box + 4 * zone, px, py)) continue;
    int32_t r = z.polygon_rings[z.zone_polygons[zone]];
    if (!in_box(z.ring_box + 4 * r, px, py)) continue;
    int32_t base = z.ring_slab_base[r];
    return base + cell_of(py, z.ring_slab[2 * r], z.ring_slab[2 * r + 1], z.ring_slab_base[r + 1] - base - 1);
  }
  return -1;
}

}  // namespace

void PipPipeline::advance() {
  Batch& fresh = batches_[head_];
  for (std::size_t j = 0; j < fresh.count; ++j) {
    fresh.slab[j] = first_slab(z_, lon_[fresh.index[j]], lat_[fresh.index[j]]);
    if (fresh.slab[j] >= 0) __builtin_prefetch(z_.slab_start + fresh.slab[j]);
  }
  Batch& middle = batches_[(head_ + 2) % 3];
  for (std::size_t j = 0; j < middle.count; ++j) {
    if (middle.slab[j] < 0) continue;
    const double* e = z_.slab_edges + 5 * static_cast<int64_t>(z_.slab_start[middle.slab[j]]);
    __builtin_prefetch(e);
    __builtin_prefetch(e + 8);
    __builtin_prefetch(e + 16);
  }
  Batch& oldest = batches_[(head_ + 1) % 3];
  for (std::size_t j = 0; j < oldest.count; ++j) {
    std::size_t i = oldest.index[j];
    out_[i] = pip_first(z_, lon_[i], lat_[i], mode_);
  }
  oldest.count = 0;
  head_ = (head_ + 1) % 3;
}

int32_t pip_first(const PipZones& z, double lon, double lat, Boundary mode) {
  int64_t cell = cell_of_point(z, lon, lat);
  if (cell < 0) return -1;
  int32_t known = z.cell_answer[cell];
  if (known != kUndecided) return known;
  for (int32_t i = z.grid_start[cell], end = z.grid_start[cell + 1]; i < end; ++i) {
    int32_t zone = z.grid_zones[i];
    if (zone_contains(z, zone, lon, lat, mode)) return zone;
  }
  return -1;
}

void pip_range(const PipZones& z, const double* lat, const double* lon, int32_t* out, Boundary mode,
               std::size_t begin, std::size_t end) {
  switch (simd_level()) {
    case SimdLevel::Avx512: return pip_range_avx512(z, lat, lon, out, mode, begin, end);
    case SimdLevel::Avx2: return pip_range_avx2(z, lat, lon, out, mode, begin, end);
    default: {
      PipPipeline pipeline(z, lat, lon, out, mode);
      for (std::size_t i = begin; i < end; ++i) pipeline.push(i);
      pipeline.finish();
    }
  }
}

void match_count_range(const PipZones& z, const double* lat, const double* lon, int32_t* counts, Boundary mode,
                       std::size_t begin, std::size_t end) {
  for (std::size_t i = begin; i < end; ++i) {
    Range range = candidates(z, lon[i], lat[i]);
    int32_t n = 0;
    for (int32_t k = range.begin; k < range.end; ++k) n += zone_contains(z, z.grid_zones[k], lon[i], lat[i], mode);
    counts[i] = n;
  }
}

void match_fill_range(const PipZones& z, const double* lat, const double* lon, const int32_t* offsets,
                      int32_t* zones, Boundary mode, std::size_t begin, std::size_t end) {
  for (std::size_t i = begin; i < end; ++i) {
    Range range = candidates(z, lon[i], lat[i]);
    int32_t at = offsets[i];
    for (int32_t k = range.begin; k < range.end; ++k) {
      int32_t zone = z.grid_zones[k];
      if (zone_contains(z, zone, lon[i], lat[i], mode)) zones[at++] = zone;
    }
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
