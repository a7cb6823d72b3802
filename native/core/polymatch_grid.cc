#include "core/polymatch_grid.h"

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

// Stable counting sort of n keys (each below `keys`): returns start offsets (keys + 1 of them) and
// the positions in sorted order. Sequential, but only integers move: the payload is gathered after.
std::vector<int32_t> counting_sort(const std::vector<uint32_t>& key, std::size_t keys, std::vector<int32_t>& sorted) {
  std::vector<int32_t> start(keys + 1, 0);
  for (uint32_t k : key) ++start[k + 1];
  for (std::size_t k = 0; k < keys; ++k) start[k + 1] += start[k];
  std::vector<int32_t> fill(start.begin(), start.end() - 1);
  sorted.resize(key.size());
  for (std::size_t i = 0; i < key.size(); ++i) sorted[fill[key[i]]++] = static_cast<int32_t>(i);
  return start;
}

constexpr std::size_t kGrain = 16384;

}  // namespace

CenterGrid build_grid(const double* centers, const double* areas, std::size_t n, double max_dist, Parallel& pool,
                      unsigned threads) {
  const double inf = std::numeric_limits<double>::infinity();
  double min_x = inf, min_y = inf, max_x = -inf, max_y = -inf;
  for (std::size_t i = 0; i < n; ++i) {
    double x = centers[2 * i], y = centers[2 * i + 1];
    if (x < min_x) min_x = x;
    if (x > max_x) max_x = x;
    if (y < min_y) min_y = y;
    if (y > max_y) max_y = y;
  }
  if (n == 0) min_x = min_y = max_x = max_y = 0;
  CenterGrid g;
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
  std::vector<uint32_t> cell(n);
  pool.each(n, kGrain, threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      std::size_t row = cell_of(centers[2 * i + 1], g.origin_y, g.inv, g.ny);
      cell[i] = static_cast<uint32_t>(row * g.nx + cell_of(centers[2 * i], g.origin_x, g.inv, g.nx));
    }
  });
  g.cell_start = counting_sort(cell, g.nx * g.ny, g.item);
  g.cx.resize(n);
  g.cy.resize(n);
  g.area.resize(n);
  pool.each(n, kGrain, threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t k = begin; k < end; ++k) {
      std::size_t i = static_cast<std::size_t>(g.item[k]);
      g.cx[k] = centers[2 * i];
      g.cy[k] = centers[2 * i + 1];
      g.area[k] = areas[i];
    }
  });
  return g;
}

PointOrder order_by_row(const CenterGrid& g, const double* points, std::size_t m, Parallel& pool, unsigned threads) {
  std::vector<uint32_t> row(m);
  pool.each(m, kGrain, threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t p = begin; p < end; ++p) row[p] = static_cast<uint32_t>(cell_of(points[2 * p + 1], g.origin_y, g.inv, g.ny));
  });
  PointOrder order;
  counting_sort(row, g.ny, order.index);
  order.xy.resize(2 * m);
  pool.each(m, kGrain, threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t q = begin; q < end; ++q) {
      std::size_t p = static_cast<std::size_t>(order.index[q]);
      order.xy[2 * q] = points[2 * p];
      order.xy[2 * q + 1] = points[2 * p + 1];
    }
  });
  return order;
}

void match_points(const CenterGrid& g, const PointOrder& order, double max_dist, int32_t* out, std::size_t begin,
                  std::size_t end) {
  const double threshold = close_threshold(max_dist);
  const double r = query_radius(max_dist);
  const ScanFn scan = select_scan();
  Candidates c{g.cx.data(), g.cy.data(), g.area.data(), g.item.data()};
  for (std::size_t q = begin; q < end; ++q) {
    double px = order.xy[2 * q], py = order.xy[2 * q + 1];
    std::size_t x0 = cell_of(px - r, g.origin_x, g.inv, g.nx), x1 = cell_of(px + r, g.origin_x, g.inv, g.nx);
    std::size_t y0 = cell_of(py - r, g.origin_y, g.inv, g.ny), y1 = cell_of(py + r, g.origin_y, g.inv, g.ny);
    Best best;
    for (std::size_t row = y0; row <= y1; ++row) {
      // Cells x0..x1 of one row are contiguous in cell order: one run of candidates.
      scan(c, g.cell_start[row * g.nx + x0], g.cell_start[row * g.nx + x1 + 1], px, py, threshold, best);
    }
    out[order.index[q]] = best.item;
  }
}

}  // namespace hotloop
