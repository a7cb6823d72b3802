// The spatial index of matchPoints: a uniform grid over polygon centers, counting-sorted by cell
// (row-major, stable), so one row of a query's cells is one contiguous run of candidates. Same
// layout as src/polymatch/grid.ts; the grid only narrows candidates, the exact test decides.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/control.h"
#include "core/raw_vector.h"
#include "core/parallel.h"

namespace hotloop {

struct CenterGrid {
  std::size_t nx = 1, ny = 1;
  double origin_x = 0, origin_y = 0;
  double inv = 0;  // 1 / cell size; 0 when every center shares one cell
  RawVector<int32_t> cell_start;  // polygons of cell c: [cell_start[c], cell_start[c+1])
  RawVector<int32_t> item;        // polygon index, center and area in cell order
  RawVector<double> cx, cy, area;
};

// Cells are computed and the sorted copies gathered on up to `threads` threads of the pool; the
// counting sort between them is sequential (and stable: a cell lists its polygons in index order).
// Every stage polls `control` (each 64k items at most) and returns false when it is set, so a
// cancelled call stops within a millisecond or so even while it builds the grid of millions.
bool build_grid(const double* centers, const double* areas, std::size_t n, double max_dist, Parallel& pool,
                unsigned threads, Control control, CenterGrid& grid);

// The m points (interleaved x, y) sorted by grid row, so that consecutive queries read the same
// few rows of candidates from cache instead of memory (the grid of a million polygons is ~30 MB).
// The coordinates are gathered too: the queries then read them in sequence, not at random.
struct PointOrder {
  RawVector<int32_t> index;  // index[q]: the input position of the q-th point in row order
  RawVector<double> xy;      // its coordinates, interleaved
};
// False when cancelled.
bool order_by_row(const CenterGrid& grid, const double* points, std::size_t m, Parallel& pool, unsigned threads,
                  Control control, PointOrder& order);

// out[order.index[q]] for q in [begin, end): the smallest-area close polygon, ties to the lowest
// index, -1 when none is close. Polls `control` before every point: one point may scan many
// candidates (a large maxDist makes every polygon one), so a chunk of points has no bounded cost.
// False when cancelled.
bool match_points(const CenterGrid& grid, const PointOrder& order, double max_dist, int32_t* out,
                  std::size_t begin, std::size_t end, Control control);

}  // namespace hotloop
