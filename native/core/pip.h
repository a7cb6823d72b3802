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

// Runs pip_first on the points pushed to it (points whose grid cell has no stored answer), in
// batches whose memory is requested ahead of use: with many zones the grid and slab data are far
// larger than the caches, and a point tested at once would wait for each of its cache misses in
// turn (grid range, candidate zone, slab bounds, edges: each address depends on the one before).
// Each batch goes through five steps, one batch apart, each prefetching what the next one reads:
// its cell's range in the grid; the first candidate zone; the slab bounds; the slab's edges; then
// the test. So a batch's misses overlap with the other batches' and none waits for another.
// Prefetches never change a result, only when the data arrives.
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
    if (b.count >= kBatch) advance();
  }
  // Pushes point first + k for each bit k of `lanes` (k < width <= kMaxLanes), without a branch
  // per lane: a vector loop calls it for every vector, and which lanes need the test is random.
  // Without prefetching too, the points wait for a full batch: a vector loop that called the test
  // at once would save and restore its vector registers around every call.
  void push_lanes(unsigned lanes, std::size_t first, int width) {
    Batch& b = batches_[head_];
    for (int k = 0; k < width; ++k) {
      b.index[b.count] = first + static_cast<unsigned>(k);
      b.count += (lanes >> k) & 1u;
    }
    if (b.count < kBatch) return;
    if (prefetch_) {
      advance();
    } else {
      test_batch();
    }
  }
  // Tests every point still in flight.
  void finish() {
    if (!prefetch_) return test_batch();
    for (int k = 0; k < kSteps; ++k) advance();
  }

  static constexpr int kMaxLanes = 8;

 private:
  static constexpr std::size_t kBatch = 16;
  static constexpr int kSteps = 5;
  // Slab data smaller than this stays in cache: prefetching it would only add work.
  static constexpr std::size_t kCached = 4u << 20;
  struct Batch {
    // Room for one push_lanes past kBatch.
    std::size_t index[kBatch + kMaxLanes];
    // The point as read once, at the first step: every later step works on these values, so a
    // point another thread changes meanwhile still gets the answer for one value it held.
    double x[kBatch + kMaxLanes], y[kBatch + kMaxLanes];
    int64_t cell[kBatch + kMaxLanes];  // the point's grid cell, or -1 outside the grid
    int32_t first[kBatch + kMaxLanes];  // where the cell's candidate zones start in grid_zones
    int64_t slab[kBatch + kMaxLanes];   // the first slab the point reads, or -1
    std::size_t count = 0;
  };
  void advance();
  // Without prefetching: tests the points of the one batch in use at once, and empties it.
  void test_batch();

  const PipZones& z_;
  const double* lat_;
  const double* lon_;
  int32_t* out_;
  Boundary mode_;
  bool prefetch_;
  Batch batches_[kSteps];
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
