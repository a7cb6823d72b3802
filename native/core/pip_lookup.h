// The vector form of pip_range (core/pip.h) over any lane width: most points of a real workload
// fall in a grid cell with a stored answer (no zone near, or deep inside one), so a vector of
// points looks up its cells with exactly the scalar cell arithmetic and takes their answers; only
// points of undecided cells go on to the polygon test (PipPipeline). Results equal the scalar
// path's on every point. `L` is a lane type (pip_lanes_avx2.h; why no 8-lane AVX-512 type: pip_simd.h):
//   kLanes, Outside, Grid, grid(box), cells(grid, lon, lat, cell) -> Outside,
//   answer(cell_answer, cell, outside, out) -> bits of the undecided lanes.
// Include only after the lane type's target pragma, as its header.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/pip.h"

namespace hotloop {
// File-local: compiled anew for each unit's target (see the lane headers).
namespace {
namespace pip_lookup {

// The grid's answers beyond this many bytes are read in two passes (see cells_ahead): a grid this
// size outgrows the fast caches, and random points then miss on their cells.
constexpr std::size_t kAnswersCached = 1u << 20;

// A grid in cache: each vector of points looks up its cells and answers at once.
template <typename L>
std::size_t cells_direct(const PipZones& z, const typename L::Grid& g, const double* lat, const double* lon, int32_t* out,
                         std::size_t begin, std::size_t end, PipPipeline& pipeline) {
  std::size_t i = begin;
  for (; end - i >= L::kLanes; i += L::kLanes) {
    alignas(64) int32_t cell[L::kLanes];
    typename L::Outside outside = L::cells(g, lon + i, lat + i, cell);
    pipeline.push_lanes(L::answer(z.cell_answer, cell, outside, out + i), i, L::kLanes);
  }
  return i;
}

// A grid larger than the caches: blocks of points in two passes. The first finds the cells and
// requests their answers, with no load that waits on another, so a whole block's misses are in
// flight at once; the second reads the answers. (A grid in cache loses by the extra pass.)
template <typename L>
std::size_t cells_ahead(const PipZones& z, const typename L::Grid& g, const double* lat, const double* lon, int32_t* out,
                        std::size_t begin, std::size_t end, PipPipeline& pipeline) {
  constexpr std::size_t kBlock = 256;
  alignas(64) int32_t cells[kBlock];
  typename L::Outside outside[kBlock / L::kLanes];
  std::size_t i = begin;
  while (end - i >= L::kLanes) {
    std::size_t count = end - i < kBlock ? (end - i) / L::kLanes * L::kLanes : kBlock;
    for (std::size_t k = 0; k < count; k += L::kLanes) {
      outside[k / L::kLanes] = L::cells(g, lon + i + k, lat + i + k, cells + k);
      for (int lane = 0; lane < L::kLanes; ++lane) __builtin_prefetch(z.cell_answer + cells[k + lane]);
    }
    for (std::size_t k = 0; k < count; k += L::kLanes) {
      pipeline.push_lanes(L::answer(z.cell_answer, cells + k, outside[k / L::kLanes], out + i + k), i + k, L::kLanes);
    }
    i += count;
  }
  return i;
}

template <typename L>
void pip_range_lanes(const PipZones& z, const double* lat, const double* lon, int32_t* out, Boundary mode,
                     std::size_t begin, std::size_t end) {
  const double* box = z.grid_box;
  const typename L::Grid g = L::grid(box);
  PipPipeline pipeline(z, lat, lon, out, mode);
  // The grid's cell count (columns x rows) fits in int32: addon/pip.cc checked it against the arrays.
  std::size_t answer_bytes = sizeof(int32_t) * static_cast<std::size_t>(box[6]) * static_cast<std::size_t>(box[7]);
  std::size_t i = answer_bytes > kAnswersCached ? cells_ahead<L>(z, g, lat, lon, out, begin, end, pipeline)
                                                : cells_direct<L>(z, g, lat, lon, out, begin, end, pipeline);
  pipeline.finish();
  for (; i < end; ++i) out[i] = pip_first(z, lon[i], lat[i], mode);
}

}  // namespace pip_lookup
}  // namespace
}  // namespace hotloop
