// libFuzzer harness for native/core/pip's entries (pip_range, pip_first, match_count_range,
// match_fill_range, count_range) over random zones: polygons with holes, rings with repeated
// vertices, zero area, spikes and collinear runs, coordinates on a lattice (so points on edges
// and vertices are common) at any scale up to the top of the double range (wide rings), and
// points anywhere, NaN and infinities included. The zones are packed here as src/pip/pack.ts
// lays them out (src/pip/packed.ts), with a grid of 1 to 520x520 cells (the large one takes the
// two-pass lookup of pip_lookup.h) and 1 to 9 slabs per ring; cells no zone touches answer -1,
// the others are undecided (a valid packing: the full test runs there). Every array is allocated
// at its exact size, so a read past one stops the run under ASan.
//
// The oracle is the rule of src/pip/reference.ts applied to every edge of every ring, without the
// grid or the slabs: the kernels may only narrow the edges and zones they test. Every entry must
// agree with it, at whatever vector unit HOTLOOP_SIMD selects: pip_range (any sub-range) and
// pip_first give the first containing zone, match_count_range how many contain the point,
// match_fill_range which (ascending), and count_range's histogram the sum of pip_range's answers.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <vector>

#include "core/pip.h"
#include "core/pip_orient.h"
#include "input.h"
#include "simd.h"

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

using Ring = std::vector<double>;  // lon0, lat0, lon1, lat1, ..., closed (last = first)
using Polygon = std::vector<Ring>;  // outer ring first, then holes
using Zone = std::vector<Polygon>;

// ---- The packing, after src/pip/pack.ts (the harness's own, smaller choice of grid and slabs). ----

struct Axis {
  double origin, per;
  int count;
};

// pack.ts axisOf: at most `wanted` cells over [min, max], per kept finite.
Axis axis_of(double min, double max, int wanted) {
  const double width = max - min;
  int count = wanted;
  if (width < kInf) count = static_cast<int>(std::min<double>(wanted, std::floor(width * std::ldexp(1.0, 1000))));
  if (!(max > min) || count <= 1) return {min, 0, 1};
  const double per = width < kInf ? count / width : (count / (max * 0.5 - min * 0.5)) * 0.5;
  return {min, per, count};
}

// packed.ts cellOf.
int cell_of(double value, const Axis& a) {
  const double t = (value - a.origin) * a.per;
  const double last = a.count - 1;
  return t < last ? static_cast<int>(t) : a.count - 1;
}

// edge-crossing.ts storedSlope.
double stored_slope(double lx, double ly, double ux, double uy) {
  const double slope = uy > ly ? (ux - lx) / (uy - ly) : 0;
  const double safe = std::ldexp(1.0, 1021);
  const bool small = std::fabs(lx) < safe && std::fabs(ly) < safe && std::fabs(ux) < safe && std::fabs(uy) < safe;
  return small && std::isfinite(slope) ? slope : kNaN;
}

// Exact-size copies: std::vector may hold spare capacity, where a read past the end goes unseen.
template <typename T>
struct Exact {
  std::unique_ptr<T[]> data;
  explicit Exact(const std::vector<T>& v) : data(new T[v.size() + (v.empty() ? 1 : 0)]) { std::copy(v.begin(), v.end(), data.get()); }
};

struct Packed {
  std::vector<double> grid_box, zone_box, ring_box, ring_slab, slab_edges;
  std::vector<int32_t> cell_answer, grid_start, grid_zones, zone_polygons, polygon_rings, ring_slab_base, slab_start;
  std::vector<Exact<double>> doubles;
  std::vector<Exact<int32_t>> ints;
  hotloop::PipZones zones{};

  const double* fix(const std::vector<double>& v) { return doubles.emplace_back(v).data.get(); }
  const int32_t* fix(const std::vector<int32_t>& v) { return ints.emplace_back(v).data.get(); }
};

void box_of(const Ring& ring, double* box) {
  box[0] = box[1] = kInf;
  box[2] = box[3] = -kInf;
  for (std::size_t i = 0; i < ring.size(); i += 2) {
    box[0] = std::min(box[0], ring[i]);
    box[2] = std::max(box[2], ring[i]);
    box[1] = std::min(box[1], ring[i + 1]);
    box[3] = std::max(box[3], ring[i + 1]);
  }
}

std::unique_ptr<Packed> pack(const std::vector<Zone>& zones, int columns_wanted, int rows_wanted, int slabs_wanted) {
  auto p = std::make_unique<Packed>();
  std::vector<const Ring*> rings;
  p->zone_polygons.push_back(0);
  p->polygon_rings.push_back(0);
  for (const Zone& zone : zones) {
    for (const Polygon& polygon : zone) {
      for (const Ring& ring : polygon) rings.push_back(&ring);
      p->polygon_rings.push_back(static_cast<int32_t>(rings.size()));
    }
    p->zone_polygons.push_back(static_cast<int32_t>(p->polygon_rings.size() - 1));
  }
  // Rings: box, slabs, and each edge (lower end first, with its slope) in every slab it meets.
  p->ring_slab_base.push_back(0);
  std::vector<int32_t> slab_counts;
  for (const Ring* ring : rings) {
    double box[4];
    box_of(*ring, box);
    p->ring_box.insert(p->ring_box.end(), box, box + 4);
    const Axis axis = axis_of(box[1], box[3], slabs_wanted);
    p->ring_slab.insert(p->ring_slab.end(), {axis.origin, axis.per, 0.0});
    const std::size_t wide = p->ring_slab.size() - 1;
    p->ring_slab_base.push_back(p->ring_slab_base.back() + axis.count + 1);
    std::vector<std::vector<std::array<double, 5>>> slabs(axis.count);
    for (std::size_t i = 0; i + 3 < ring->size(); i += 2) {
      const double ax = (*ring)[i], ay = (*ring)[i + 1], bx = (*ring)[i + 2], by = (*ring)[i + 3];
      const bool low_first = ay <= by;
      const std::array<double, 5> e{low_first ? ax : bx, low_first ? ay : by, low_first ? bx : ax, low_first ? by : ay, 0};
      std::array<double, 5> edge = e;
      edge[4] = stored_slope(e[0], e[1], e[2], e[3]);
      if (std::isnan(edge[4])) p->ring_slab[wide] = 1;
      for (int s = cell_of(edge[1], axis), last = cell_of(edge[3], axis); s <= last; ++s) slabs[s].push_back(edge);
    }
    for (const auto& slab : slabs) {
      slab_counts.push_back(static_cast<int32_t>(p->slab_edges.size() / 5));
      for (const auto& edge : slab) p->slab_edges.insert(p->slab_edges.end(), edge.begin(), edge.end());
    }
    slab_counts.push_back(static_cast<int32_t>(p->slab_edges.size() / 5));
  }
  p->slab_start = slab_counts;
  // Zone boxes: the union of their outer rings' boxes.
  double grid[4] = {kInf, kInf, -kInf, -kInf};
  for (std::size_t z = 0; z < zones.size(); ++z) {
    double box[4] = {kInf, kInf, -kInf, -kInf};
    for (int32_t poly = p->zone_polygons[z]; poly < p->zone_polygons[z + 1]; ++poly) {
      const double* outer = &p->ring_box[4 * p->polygon_rings[poly]];
      box[0] = std::min(box[0], outer[0]);
      box[1] = std::min(box[1], outer[1]);
      box[2] = std::max(box[2], outer[2]);
      box[3] = std::max(box[3], outer[3]);
    }
    p->zone_box.insert(p->zone_box.end(), box, box + 4);
    grid[0] = std::min(grid[0], box[0]);
    grid[1] = std::min(grid[1], box[1]);
    grid[2] = std::max(grid[2], box[2]);
    grid[3] = std::max(grid[3], box[3]);
  }
  // The grid: each zone listed (ascending) in the cells its box touches; an empty cell answers -1.
  const Axis x = axis_of(grid[0], grid[2], columns_wanted), y = axis_of(grid[1], grid[3], rows_wanted);
  p->grid_box = {grid[0], grid[1], grid[2], grid[3], x.per, y.per, static_cast<double>(x.count), static_cast<double>(y.count)};
  const std::size_t cell_count = static_cast<std::size_t>(x.count) * y.count;
  p->grid_start.assign(cell_count + 1, 0);
  auto each_cell = [&](std::size_t zone, auto visit) {
    const double* b = &p->zone_box[4 * zone];
    for (int r = cell_of(b[1], y), r_end = cell_of(b[3], y); r <= r_end; ++r) {
      for (int c = cell_of(b[0], x), c_end = cell_of(b[2], x); c <= c_end; ++c) visit(static_cast<std::size_t>(r) * x.count + c);
    }
  };
  for (std::size_t zone = 0; zone < zones.size(); ++zone) each_cell(zone, [&](std::size_t c) { ++p->grid_start[c + 1]; });
  for (std::size_t c = 0; c < cell_count; ++c) p->grid_start[c + 1] += p->grid_start[c];
  p->grid_zones.resize(p->grid_start[cell_count]);
  std::vector<int32_t> fill(p->grid_start.begin(), p->grid_start.end() - 1);
  for (std::size_t zone = 0; zone < zones.size(); ++zone) each_cell(zone, [&](std::size_t c) { p->grid_zones[fill[c]++] = static_cast<int32_t>(zone); });
  p->cell_answer.resize(cell_count);
  for (std::size_t c = 0; c < cell_count; ++c) p->cell_answer[c] = p->grid_start[c] == p->grid_start[c + 1] ? -1 : hotloop::kUndecided;
  hotloop::PipZones& z = p->zones;
  z.zone_count = static_cast<int32_t>(zones.size());
  z.grid_box = p->fix(p->grid_box);
  z.cell_answer = p->fix(p->cell_answer);
  z.grid_start = p->fix(p->grid_start);
  z.grid_zones = p->fix(p->grid_zones);
  z.zone_box = p->fix(p->zone_box);
  z.zone_polygons = p->fix(p->zone_polygons);
  z.polygon_rings = p->fix(p->polygon_rings);
  z.ring_box = p->fix(p->ring_box);
  z.ring_slab = p->fix(p->ring_slab);
  z.ring_slab_base = p->fix(p->ring_slab_base);
  z.slab_start = p->fix(p->slab_start);
  z.slab_edges = p->fix(p->slab_edges);
  z.slab_entries = p->slab_edges.size() / 5;
  return p;
}

// ---- The oracle: reference.ts's rule over every edge of the ring, no index. ----

enum State { kOut, kIn, kOn };

double wide_crossing(double lx, double ly, double ux, double uy, double py) {
  double rise = uy - ly, run = py - ly;
  if (!std::isfinite(rise)) {
    rise = uy * 0.5 - ly * 0.5;
    run = py * 0.5 - ly * 0.5;
  }
  const double f = run / rise;
  const double x = lx * (1 - f) + ux * f;
  const double lo = lx < ux ? lx : ux, hi = lx < ux ? ux : lx;
  return x < lo ? lo : x > hi ? hi : x;
}

State ring_state(const Ring& ring, double px, double py, hotloop::Boundary mode) {
  double box[4];
  box_of(ring, box);
  if (!(px >= box[0] && px <= box[2] && py >= box[1] && py <= box[3])) return kOut;
  bool inside = false;
  for (std::size_t i = 0; i + 3 < ring.size(); i += 2) {
    const double ax = ring[i], ay = ring[i + 1], bx = ring[i + 2], by = ring[i + 3];
    const double lx = ay <= by ? ax : bx, ly = ay <= by ? ay : by, ux = ay <= by ? bx : ax, uy = ay <= by ? by : ay;
    if (mode == hotloop::Boundary::HalfOpen) {
      if (!(py >= ly && py < uy)) continue;
      const double slope = stored_slope(lx, ly, ux, uy);
      const double x = slope == slope ? lx + (py - ly) * slope : wide_crossing(lx, ly, ux, uy, py);
      if (x > px) inside = !inside;
      continue;
    }
    if (py < ly || py > uy) continue;
    if (ly == uy) {
      if (px >= std::min(lx, ux) && px <= std::max(lx, ux)) return kOn;
      continue;
    }
    const int o = hotloop::orient_sign(lx, ly, ux, uy, px, py);
    if (o == 0) return kOn;
    if (o > 0 && py < uy) inside = !inside;
  }
  return inside ? kIn : kOut;
}

bool zone_contains(const Zone& zone, double px, double py, hotloop::Boundary mode) {
  for (const Polygon& polygon : zone) {
    const State outer = ring_state(polygon[0], px, py, mode);
    if (outer == kOn) {
      if (mode == hotloop::Boundary::Inside) return true;
      continue;
    }
    if (outer == kOut) continue;
    State state = kIn;
    for (std::size_t h = 1; h < polygon.size(); ++h) {
      const State hole = ring_state(polygon[h], px, py, mode);
      if (hole == kOut) continue;
      state = hole == kOn && mode == hotloop::Boundary::Inside ? kIn : kOut;
      break;
    }
    if (state == kIn) return true;
  }
  return false;
}

// ---- Inputs ----

// A coordinate on a lattice of `scale` (small integers times a power of two), or raw.
double coordinate(fuzz::Input& in, double scale) {
  const uint8_t kind = in.take<uint8_t>();
  if (kind % 8 == 0) return in.finite();
  const double v = static_cast<double>(static_cast<int8_t>(kind) >> 1) * scale;
  return std::isfinite(v) ? v : 0.0;
}

Ring ring(fuzz::Input& in, double scale, double cx, double cy) {
  const std::size_t corners = 3 + in.below(in.take<uint8_t>() % 4 == 0 ? 30 : 6);
  Ring r;
  for (std::size_t i = 0; i < corners; ++i) {
    const uint8_t kind = in.take<uint8_t>();
    if (i > 0 && kind % 7 == 0) {  // the previous vertex again
      r.push_back(r[r.size() - 2]);
      r.push_back(r[r.size() - 2]);
      continue;
    }
    double x = cx + coordinate(in, scale), y = cy + coordinate(in, scale);
    if (!std::isfinite(x)) x = cx;
    if (!std::isfinite(y)) y = cy;
    r.push_back(x);
    r.push_back(y);
  }
  r.push_back(r[0]);
  r.push_back(r[1]);
  return r;
}

double point_value(fuzz::Input& in, double scale, const std::vector<double>& vertices) {
  const uint8_t kind = in.take<uint8_t>();
  switch (kind % 16) {
    case 0: return kNaN;
    case 1: return kind & 16 ? kInf : -kInf;
    case 2: case 3: case 4: case 5: return vertices[in.below(vertices.size())];  // on a vertex's line
    case 6: return std::nextafter(vertices[in.below(vertices.size())], kind & 16 ? kInf : -kInf);
    default: return coordinate(in, scale) + (kind & 16 ? scale * 0.5 : 0.0);
  }
}

[[noreturn]] void fail(const char* what, std::size_t i, double lon, double lat, int mode, long got, long want) {
  std::fprintf(stderr, "pip_fuzz: %s: point %zu (%a, %a), mode %d: got %ld, the rule says %ld\n", what, i, lon, lat, mode, got, want);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  fuzz::Input in(data, size);
  // One lattice step for the whole input: from subnormal to near the top of the range.
  const uint8_t scale_kind = in.take<uint8_t>();
  const int exponent = scale_kind % 4 == 0 ? static_cast<int>(in.take<uint16_t>() % 2090) - 1074 : static_cast<int>(scale_kind % 8) - 4;
  const double scale = std::ldexp(1.0, exponent);
  std::vector<Zone> zones(1 + in.below(5));
  std::vector<double> xs, ys;
  for (Zone& zone : zones) {
    zone.resize(1 + in.below(2));
    for (Polygon& polygon : zone) {
      const double cx = coordinate(in, scale * 4), cy = coordinate(in, scale * 4);
      polygon.resize(1 + in.below(3));
      for (Ring& r : polygon) {
        r = ring(in, scale, std::isfinite(cx) ? cx : 0, std::isfinite(cy) ? cy : 0);
        for (std::size_t i = 0; i < r.size(); i += 2) {
          xs.push_back(r[i]);
          ys.push_back(r[i + 1]);
        }
      }
    }
  }
  const uint8_t grid_kind = in.take<uint8_t>();
  // Now and then a grid whose answers outgrow 1 MiB (the two-pass lookup); it costs a few ms.
  const bool large = grid_kind == 255 && in.take<uint8_t>() % 4 == 0;
  const auto packed = pack(zones, large ? 520 : 1 + grid_kind % 9, large ? 520 : 1 + (grid_kind >> 4) % 9, 1 + static_cast<int>(in.below(9)));
  const hotloop::PipZones& z = packed->zones;

  const std::size_t n = in.below(48);
  std::unique_ptr<double[]> lat(new double[n]), lon(new double[n]);
  for (std::size_t i = 0; i < n; ++i) {
    lon[i] = point_value(in, scale, xs);
    lat[i] = point_value(in, scale, ys);
  }
  const int mode_code = in.take<uint8_t>() % 3;
  const auto mode = static_cast<hotloop::Boundary>(mode_code);
  std::vector<int32_t> want_first(n), want_count(n);
  for (std::size_t i = 0; i < n; ++i) {
    want_first[i] = -1;
    for (std::size_t k = 0; k < zones.size(); ++k) {
      if (!zone_contains(zones[k], lon[i], lat[i], mode)) continue;
      if (want_first[i] < 0) want_first[i] = static_cast<int32_t>(k);
      ++want_count[i];
    }
  }

  // pip_range over a sub-range: the answers inside it, nothing written outside.
  const std::size_t begin = in.below(n + 1), end = begin + in.below(n - begin + 1);
  std::unique_ptr<int32_t[]> out(new int32_t[n]);
  std::fill(out.get(), out.get() + n, -7);
  hotloop::pip_range(z, lat.get(), lon.get(), out.get(), mode, begin, end);
  for (std::size_t i = 0; i < n; ++i) {
    const int32_t want = i >= begin && i < end ? want_first[i] : -7;
    if (out[i] != want) fail("pip_range", i, lon[i], lat[i], mode_code, out[i], want);
    const int32_t first = hotloop::pip_first(z, lon[i], lat[i], mode);
    if (first != want_first[i]) fail("pip_first", i, lon[i], lat[i], mode_code, first, want_first[i]);
  }

  // pipAll's two passes: how many zones, then which, ascending, each in its own slice.
  std::unique_ptr<int32_t[]> counts(new int32_t[n]), offsets(new int32_t[n + 1]), found(new int32_t[n ? n : 1]);
  hotloop::match_count_range(z, lat.get(), lon.get(), counts.get(), mode, 0, n);
  offsets[0] = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (counts[i] != want_count[i]) fail("match_count_range", i, lon[i], lat[i], mode_code, counts[i], want_count[i]);
    offsets[i + 1] = offsets[i] + counts[i];
  }
  const std::size_t capacity = static_cast<std::size_t>(offsets[n]);
  std::unique_ptr<int32_t[]> matches(new int32_t[capacity ? capacity : 1]);
  hotloop::match_fill_range(z, lat.get(), lon.get(), offsets.get(), matches.get(), capacity, found.get(), mode, 0, n);
  for (std::size_t i = 0; i < n; ++i) {
    if (found[i] != counts[i]) fail("match_fill_range found", i, lon[i], lat[i], mode_code, found[i], counts[i]);
    int32_t previous = -1;
    for (int32_t k = offsets[i]; k < offsets[i + 1]; ++k) {
      const int32_t zone = matches[k];
      if (zone <= previous || zone >= z.zone_count || !zone_contains(zones[zone], lon[i], lat[i], mode)) {
        fail("match_fill_range zone", i, lon[i], lat[i], mode_code, zone, -1);
      }
      previous = zone;
    }
    if (counts[i] > 0 && matches[offsets[i]] != want_first[i]) fail("match_fill_range first", i, lon[i], lat[i], mode_code, matches[offsets[i]], want_first[i]);
  }

  // count_range: the histogram of first zones (and of points in none, at zone_count).
  std::unique_ptr<uint64_t[]> histogram(new uint64_t[zones.size() + 1]());
  hotloop::count_range(z, lat.get(), lon.get(), histogram.get(), mode, 0, n);
  std::vector<uint64_t> want_histogram(zones.size() + 1);
  for (std::size_t i = 0; i < n; ++i) ++want_histogram[want_first[i] < 0 ? zones.size() : want_first[i]];
  for (std::size_t k = 0; k <= zones.size(); ++k) {
    if (histogram[k] != want_histogram[k]) {
      std::fprintf(stderr, "pip_fuzz: count_range counted %llu points for zone %zu, pip says %llu\n",
                   static_cast<unsigned long long>(histogram[k]), k, static_cast<unsigned long long>(want_histogram[k]));
      std::abort();
    }
  }
  return 0;
}
