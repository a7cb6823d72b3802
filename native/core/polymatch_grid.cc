#include "core/polymatch_grid.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/polymatch.h"
#include "core/polymatch_scan.h"

namespace hotloop {

namespace {

constexpr double kCellsPerPolygon = 2;  // enough for short runs, few enough that empty cells cost little

// Cell of v along an axis of n cells; monotone in v, so a padded query range is conservative.
inline std::size_t cell_of(double v, double origin, double inv, std::size_t n) {
  double t = (v - origin) * inv;
  if (!(t >= 1)) return 0;  // also NaN from inf*0 when everything shares one cell
  return t >= static_cast<double>(n) ? n - 1 : static_cast<std::size_t>(t);
}

// A center whose computed distance is below max_dist lies within max_dist*(1 + 5u) of the point on
// each axis (u = 2^-53), or within 2^-500 when the squares underflow: pad more than both.
inline double query_radius(double max_dist) { return max_dist * (1 + 0x1p-40) + 0x1p-500; }

constexpr std::size_t kGrain = 16384;
constexpr std::size_t kPoll = 65536;  // items between cancel checks in the sequential loops (well under 1 ms)

// Runs body(begin, end) over [0, n) in slices of kPoll, polling between them; false when cancelled.
template <typename Body>
bool sliced(std::size_t n, Control control, Body body) {
  for (std::size_t begin = 0; begin < n; begin += kPoll) {
    if (control.cancelled()) return false;
    body(begin, std::min(n, begin + kPoll));
  }
  return true;
}

// A parallel loop over [0, n) whose pieces poll `control` first; false when cancelled. (Not
// for_chunks: these preparatory loops report no progress, only the matching does.)
template <typename Body>
bool polled(Parallel& pool, std::size_t n, unsigned threads, Control control, Body body) {
  return pool.each(n, kGrain, threads, [&](std::size_t begin, std::size_t end) {
    if (control.cancelled()) return false;
    body(begin, end);
    return true;
  });
}

}  // namespace

namespace grid_pass {

bool shape(const double* centers, std::size_t n, double max_dist, Control control, GridShape& g) {
  const double inf = std::numeric_limits<double>::infinity();
  double min_x = inf, min_y = inf, max_x = -inf, max_y = -inf;
  bool bounded = sliced(n, control, [&](std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) {
      double x = centers[2 * i], y = centers[2 * i + 1];
      if (x < min_x) min_x = x;
      if (x > max_x) max_x = x;
      if (y < min_y) min_y = y;
      if (y > max_y) max_y = y;
    }
  });
  if (!bounded) return false;
  if (n == 0) min_x = min_y = max_x = max_y = 0;
  g = GridShape{};
  g.origin_x = min_x;
  g.origin_y = min_y;
  double ex = max_x - min_x, ey = max_y - min_y;
  if (std::isfinite(ex) && std::isfinite(ey)) {
    // Cells of max_dist, doubled until there are at most kCellsPerPolygon per polygon.
    double limit = n == 0 ? 1 : kCellsPerPolygon * static_cast<double>(n);
    double size = max_dist;
    while ((std::floor(ex / size) + 1) * (std::floor(ey / size) + 1) > limit) size *= 2;
    g.nx = static_cast<std::size_t>(std::floor(ex / size)) + 1;
    g.ny = static_cast<std::size_t>(std::floor(ey / size)) + 1;
    g.inv = 1 / size;
  }
  return true;
}

void center_cells(const GridShape& g, const double* centers, uint32_t* cell, std::size_t begin, std::size_t end) {
  for (std::size_t i = begin; i < end; ++i) {
    std::size_t row = cell_of(centers[2 * i + 1], g.origin_y, g.inv, g.ny);
    cell[i] = static_cast<uint32_t>(row * g.nx + cell_of(centers[2 * i], g.origin_x, g.inv, g.nx));
  }
}

void point_rows(const GridShape& g, const double* points, uint32_t* row, std::size_t begin, std::size_t end) {
  for (std::size_t p = begin; p < end; ++p) row[p] = static_cast<uint32_t>(cell_of(points[2 * p + 1], g.origin_y, g.inv, g.ny));
}

// Sequential, but only integers move: the payload is gathered after.
bool counting_sort(const uint32_t* key, std::size_t n, std::size_t keys, int32_t* start, int32_t* sorted, int32_t* fill,
                   Control control) {
  if (!sliced(keys + 1, control, [&](std::size_t b, std::size_t e) { std::fill(start + b, start + e, 0); })) return false;
  if (!sliced(n, control, [&](std::size_t b, std::size_t e) {
        for (std::size_t i = b; i < e; ++i) ++start[key[i] + 1];
      })) {
    return false;
  }
  if (!sliced(keys, control, [&](std::size_t b, std::size_t e) {
        for (std::size_t k = b; k < e; ++k) start[k + 1] += start[k];
      })) {
    return false;
  }
  if (!sliced(keys, control, [&](std::size_t b, std::size_t e) { std::copy(start + b, start + e, fill + b); })) return false;
  return sliced(n, control, [&](std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) sorted[fill[key[i]]++] = static_cast<int32_t>(i);
  });
}

void gather_centers(const int32_t* item, const double* centers, const double* areas, double* cx, double* cy, double* area,
                    std::size_t begin, std::size_t end) {
  for (std::size_t k = begin; k < end; ++k) {
    std::size_t i = static_cast<std::size_t>(item[k]);
    cx[k] = centers[2 * i];
    cy[k] = centers[2 * i + 1];
    area[k] = areas[i];
  }
}

void gather_points(const int32_t* index, const double* points, double* xy, std::size_t begin, std::size_t end) {
  for (std::size_t q = begin; q < end; ++q) {
    std::size_t p = static_cast<std::size_t>(index[q]);
    xy[2 * q] = points[2 * p];
    xy[2 * q + 1] = points[2 * p + 1];
  }
}

}  // namespace grid_pass

bool build_grid(const double* centers, const double* areas, std::size_t n, double max_dist, Parallel& pool,
                unsigned threads, Control control, CenterGrid& g) {
  if (!grid_pass::shape(centers, n, max_dist, control, g.shape)) return false;
  RawVector<uint32_t> cell(n);
  if (!polled(pool, n, threads, control, [&](std::size_t begin, std::size_t end) { grid_pass::center_cells(g.shape, centers, cell.data(), begin, end); })) {
    return false;
  }
  const std::size_t cells = g.shape.nx * g.shape.ny;
  g.cell_start.resize(cells + 1);
  g.item.resize(n);
  RawVector<int32_t> fill(cells);
  if (!grid_pass::counting_sort(cell.data(), n, cells, g.cell_start.data(), g.item.data(), fill.data(), control)) return false;
  g.cx.resize(n);
  g.cy.resize(n);
  g.area.resize(n);
  return polled(pool, n, threads, control, [&](std::size_t begin, std::size_t end) {
    grid_pass::gather_centers(g.item.data(), centers, areas, g.cx.data(), g.cy.data(), g.area.data(), begin, end);
  });
}

bool order_by_row(const CenterGrid& g, const double* points, std::size_t m, Parallel& pool, unsigned threads,
                  Control control, PointOrder& order) {
  RawVector<uint32_t> row(m);
  if (!polled(pool, m, threads, control, [&](std::size_t begin, std::size_t end) { grid_pass::point_rows(g.shape, points, row.data(), begin, end); })) {
    return false;
  }
  RawVector<int32_t> starts(g.shape.ny + 1);
  RawVector<int32_t> fill(g.shape.ny);
  order.index.resize(m);
  if (!grid_pass::counting_sort(row.data(), m, g.shape.ny, starts.data(), order.index.data(), fill.data(), control)) return false;
  order.xy.resize(2 * m);
  return polled(pool, m, threads, control, [&](std::size_t begin, std::size_t end) {
    grid_pass::gather_points(order.index.data(), points, order.xy.data(), begin, end);
  });
}

bool match_points(const GridView& v, const PointsView& order, double max_dist, int32_t* out, std::size_t begin,
                  std::size_t end, Control control) {
  const GridShape& g = v.shape;
  const double threshold = close_threshold(max_dist);
  const double r = query_radius(max_dist);
  const ScanFn scan = select_scan();
  Candidates c{v.cx, v.cy, v.area, v.item};
  for (std::size_t q = begin; q < end; ++q) {
    if (control.cancelled()) return false;
    double px = order.xy[2 * q], py = order.xy[2 * q + 1];
    std::size_t x0 = cell_of(px - r, g.origin_x, g.inv, g.nx), x1 = cell_of(px + r, g.origin_x, g.inv, g.nx);
    std::size_t y0 = cell_of(py - r, g.origin_y, g.inv, g.ny), y1 = cell_of(py + r, g.origin_y, g.inv, g.ny);
    Best best;
    for (std::size_t row = y0; row <= y1; ++row) {
      // Cells x0..x1 of one row are contiguous in cell order: one run of candidates.
      scan(c, v.cell_start[row * g.nx + x0], v.cell_start[row * g.nx + x1 + 1], px, py, threshold, best);
    }
    out[order.index[q]] = best.item;
  }
  return true;
}

}  // namespace hotloop
