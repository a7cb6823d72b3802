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

// Where the grid lies: nx * ny cells of 1 / inv from the origin (one cell when inv is 0).
struct GridShape {
  std::size_t nx = 1, ny = 1;
  double origin_x = 0, origin_y = 0;
  double inv = 0;  // 1 / cell size; 0 when every center shares one cell
};

// The grid of n centers as the matching reads it: nx * ny cells, at most max(1, 2n) (kCellsPerPolygon).
struct GridView {
  GridShape shape;
  const int32_t* cell_start;  // polygons of cell c: [cell_start[c], cell_start[c+1])
  const int32_t* item;        // polygon index, center and area in cell order
  const double *cx, *cy, *area;
};

// The m points as the matching reads them (see PointOrder).
struct PointsView {
  const int32_t* index;
  const double* xy;
};

// The passes the grid and the point order are made of, over caller memory, so that a build without
// threads of its own (wasm: a JavaScript worker pool, native/wasm/exports.cc) can run each as one
// call of its pool. build_grid and order_by_row below compose them on a Parallel.
namespace grid_pass {

// Bounds of the centers and the cell size; false when cancelled.
bool shape(const double* centers, std::size_t n, double max_dist, Control control, GridShape& shape);
// cell[i] for centers [begin, end), and row[p] for points [begin, end).
void center_cells(const GridShape& shape, const double* centers, uint32_t* cell, std::size_t begin, std::size_t end);
void point_rows(const GridShape& shape, const double* points, uint32_t* row, std::size_t begin, std::size_t end);
// Stable counting sort of n keys below `keys`: start (keys + 1 offsets) and sorted (n positions);
// fill is scratch of `keys` elements. Sequential; false when cancelled.
bool counting_sort(const uint32_t* key, std::size_t n, std::size_t keys, int32_t* start, int32_t* sorted, int32_t* fill,
                   Control control);
// The centers and areas in cell order, and the points in row order, for [begin, end).
void gather_centers(const int32_t* item, const double* centers, const double* areas, double* cx, double* cy, double* area,
                    std::size_t begin, std::size_t end);
void gather_points(const int32_t* index, const double* points, double* xy, std::size_t begin, std::size_t end);

}  // namespace grid_pass

struct CenterGrid {
  GridShape shape;
  RawVector<int32_t> cell_start;
  RawVector<int32_t> item;
  RawVector<double> cx, cy, area;
  GridView view() const { return {shape, cell_start.data(), item.data(), cx.data(), cy.data(), area.data()}; }
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
  PointsView view() const { return {index.data(), xy.data()}; }
};
// False when cancelled.
bool order_by_row(const CenterGrid& grid, const double* points, std::size_t m, Parallel& pool, unsigned threads,
                  Control control, PointOrder& order);

// out[order.index[q]] for q in [begin, end): the smallest-area close polygon, ties to the lowest
// index, -1 when none is close. Polls `control` before every point: one point may scan many
// candidates (a large maxDist makes every polygon one), so a chunk of points has no bounded cost.
// False when cancelled.
bool match_points(const GridView& grid, const PointsView& order, double max_dist, int32_t* out, std::size_t begin,
                  std::size_t end, Control control);
inline bool match_points(const CenterGrid& grid, const PointOrder& order, double max_dist, int32_t* out,
                         std::size_t begin, std::size_t end, Control control) {
  return match_points(grid.view(), order.view(), max_dist, out, begin, end, control);
}

}  // namespace hotloop
