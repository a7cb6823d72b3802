// Point-in-polygon over packed zones (laid out by src/pip/pack.ts, read here without copying):
// a grid over zone boxes picks candidate zones, per-ring horizontal slabs pick candidate edges.
// Same comparisons and arithmetic, in the same order, as src/pip/reference.ts, so every backend
// gives every point the same zone. Functions take [begin, end) so callers can split across threads.
#pragma once

#include <cstddef>
#include <cstdint>

namespace hotloop {

// Layout: src/pip/packed.ts.
struct PipZones {
  int32_t zone_count;
  const double* grid_box;  // minLon, minLat, maxLon, maxLat, cells per unit lon/lat, columns, rows
  const int32_t* cell_answer;  // per cell: the first zone of all its points, -1, or kUndecided
  const int32_t* grid_start;
  const int32_t* grid_zones;
  const double* zone_box;  // 4 per zone
  const int32_t* zone_polygons;
  const int32_t* polygon_rings;
  const double* ring_box;   // 4 per ring
  const double* ring_slab;  // kRingSlabStride per ring: origin lat, slabs per unit, wide flag
  const int32_t* ring_slab_base;
  const int32_t* slab_start;
  const double* slab_edges;  // 5 per slab entry: lowLon, lowLat, highLon, highLat, slope (NaN: wide)
  std::size_t slab_entries;
};

// A cell whose points need the full test (see src/pip/cell-answers.ts).
constexpr int32_t kUndecided = -2;

// Values per ring in ring_slab and the offset of its wide flag, as in src/pip/packed.ts.
constexpr int kRingSlabStride = 3;
constexpr int kRingWide = 2;

// 0: half-open default rule; 1: boundary points inside; 2: boundary points outside.
enum class Boundary : int { HalfOpen = 0, Inside = 1, Outside = 2 };

int32_t pip_first(const PipZones& z, double lon, double lat, Boundary mode);

// Runs pip_first on the points pushed to it, in batches whose memory is requested ahead of use:
// with many zones the slab data is far larger than the caches, and a point tested at once would
// wait for its own cache misses in turn. Each batch goes through three steps, one batch apart:
// find its slabs and prefetch their offsets; prefetch their edges; test. So the misses of several
// batches overlap. Prefetches never change a result, only when the data arrives.
class PipPipeline {
 public:
  PipPipeline(const PipZones& z, const double* lat, const double* lon, int32_t* out, Boundary mode)
      : z_(z), lat_(lat), lon_(lon), out_(out), mode_(mode), prefetch_(40 * z.slab_entries > kCached) {}
  void push(std::size_t i) {
    if (!prefetch_) {
      out_[i] = pip_first(z_, lon_[i], lat_[i], mode_);
      return;
    }
    Batch& b = batches_[head_];
    b.index[b.count++] = i;
    if (b.count == kBatch) advance();
  }
  // Tests every point still in flight.
  void finish() {
    for (int k = 0; k < 3; ++k) advance();
  }

 private:
  static constexpr std::size_t kBatch = 16;
  // Slab data smaller than this stays in cache: prefetching it would only add work.
  static constexpr std::size_t kCached = 4u << 20;
  struct Batch {
    std::size_t index[kBatch];
    int64_t slab[kBatch];
    std::size_t count = 0;
  };
  void advance();

  const PipZones& z_;
  const double* lat_;
  const double* lon_;
  int32_t* out_;
  Boundary mode_;
  bool prefetch_;
  Batch batches_[3];
  int head_ = 0;
};

// out[i] = first zone containing (lon[i], lat[i]) or -1; lat first, as the seed's pip_n.
void pip_range(const PipZones& z, const double* lat, const double* lon, int32_t* out, Boundary mode,
               std::size_t begin, std::size_t end);

// pipAll, pass 1: counts[i] = number of zones containing point i.
void match_count_range(const PipZones& z, const double* lat, const double* lon, int32_t* counts, Boundary mode,
                       std::size_t begin, std::size_t end);

// pipAll, pass 2: the containing zones of point i, ascending, into its own slice
// zones[offsets[i] .. offsets[i+1]) and never beyond it (nor beyond zones[capacity - 1], whatever
// offsets hold); found[i] = how many there were. found[i] differs from the slice's length only when
// the point changed since pass 1 (the caller reports that); slots it no longer fills hold -1.
void match_fill_range(const PipZones& z, const double* lat, const double* lon, const int32_t* offsets,
                      int32_t* zones, std::size_t capacity, int32_t* found, Boundary mode, std::size_t begin,
                      std::size_t end);

// counts[zone] += points whose first zone is `zone`; counts[zone_count] += points in none.
void count_range(const PipZones& z, const double* lat, const double* lon, uint64_t* counts, Boundary mode,
                 std::size_t begin, std::size_t end);

}  // namespace hotloop
