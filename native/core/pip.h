// Point-in-polygon over packed zones (laid out by src/pip/pack.ts, read here without copying):
// a grid over zone boxes picks candidate zones, per-ring horizontal slabs pick candidate edges.
// Same comparisons and arithmetic, in the same order, as src/pip/reference.ts, so every backend
// gives every point the same zone. Functions take [begin, end) so callers can split across threads.
#pragma once

#include <cstddef>
#include <cstdint>

namespace hotloop {

struct PipZones {
  int32_t zone_count;
  const double* grid_box;  // minLon, minLat, maxLon, maxLat, cells per degree lon/lat, columns, rows
  const int32_t* grid_start;
  const int32_t* grid_zones;
  const double* zone_box;  // 4 per zone
  const int32_t* zone_polygons;
  const int32_t* polygon_rings;
  const double* ring_box;   // 4 per ring
  const double* ring_slab;  // 2 per ring: origin lat, slabs per degree
  const int32_t* ring_slab_base;
  const int32_t* slab_start;
  const int32_t* slab_edges;
  const double* edges;  // 5 per edge: lowLon, lowLat, highLon, highLat, slope
};

// 0: half-open default rule; 1: boundary points inside; 2: boundary points outside.
enum class Boundary : int { HalfOpen = 0, Inside = 1, Outside = 2 };

int32_t pip_first(const PipZones& z, double lon, double lat, Boundary mode);

// out[i] = first zone containing (lon[i], lat[i]) or -1; lat first, as the seed's pip_n.
void pip_range(const PipZones& z, const double* lat, const double* lon, int32_t* out, Boundary mode,
               std::size_t begin, std::size_t end);

// pipAll, pass 1: counts[i] = number of zones containing point i.
void match_count_range(const PipZones& z, const double* lat, const double* lon, int32_t* counts, Boundary mode,
                       std::size_t begin, std::size_t end);

// pipAll, pass 2: the containing zones of point i, ascending, from zones[offsets[i]].
void match_fill_range(const PipZones& z, const double* lat, const double* lon, const int32_t* offsets,
                      int32_t* zones, Boundary mode, std::size_t begin, std::size_t end);

// counts[zone] += points whose first zone is `zone`; counts[zone_count] += points in none.
void count_range(const PipZones& z, const double* lat, const double* lon, uint64_t* counts, Boundary mode,
                 std::size_t begin, std::size_t end);

}  // namespace hotloop
