// Glue for core/pip: the packed zones (an object of typed arrays made by src/pip/pack.ts) and the
// point arrays; points handed to the pool in chunks.
#include <mutex>
#include <string>
#include <vector>

#include "addon/kernel.h"
#include "addon/modules.h"
#include "addon/state.h"
#include "core/huge_pages.h"
#include "core/parallel.h"
#include "core/pip.h"

namespace hotloop {

namespace {

constexpr std::size_t kGrain = 16384;  // a few hundred microseconds of points: small inputs stay on one thread

// Reads the packed zones and checks the invariants that keep every index in bounds cheaply: array
// lengths agree with each other and each CSR ends where its target array ends.
PipZones ZonesArg(Args& args) {
  Napi::Object o = args.Object("zones");
  Napi::Value count = o.Get("zoneCount");
  double zone_count = count.IsNumber() ? count.As<Napi::Number>().DoubleValue() : 0;
  auto grid_box = args.Field<double>(o, "gridBox");
  auto cell_answer = args.Field<int32_t>(o, "cellAnswer");
  auto grid_start = args.Field<int32_t>(o, "gridStart");
  auto grid_zones = args.Field<int32_t>(o, "gridZones");
  auto zone_box = args.Field<double>(o, "zoneBox");
  auto zone_polygons = args.Field<int32_t>(o, "zonePolygons");
  auto polygon_rings = args.Field<int32_t>(o, "polygonRings");
  auto ring_box = args.Field<double>(o, "ringBox");
  auto ring_slab = args.Field<double>(o, "ringSlab");
  auto ring_slab_base = args.Field<int32_t>(o, "ringSlabBase");
  auto slab_start = args.Field<int32_t>(o, "slabStart");
  auto slab_edges = args.Field<double>(o, "slabEdges");
  std::size_t zones = static_cast<std::size_t>(zone_count);
  std::size_t rings = ring_box.length / 4;
  bool ok = zone_count >= 1 && static_cast<double>(zones) == zone_count && grid_box.length == 8 &&
            grid_box.data[6] >= 1 && grid_box.data[7] >= 1 &&
            grid_start.length == static_cast<std::size_t>(grid_box.data[6] * grid_box.data[7]) + 1 &&
            cell_answer.length + 1 == grid_start.length &&
            static_cast<std::size_t>(grid_start.data[grid_start.length - 1]) == grid_zones.length &&
            zone_box.length == 4 * zones && zone_polygons.length == zones + 1 && zone_polygons.data[zones] >= 0 &&
            static_cast<std::size_t>(zone_polygons.data[zones]) + 1 == polygon_rings.length &&
            static_cast<std::size_t>(polygon_rings.data[polygon_rings.length - 1]) == rings &&
            ring_slab.length == kRingSlabStride * rings && ring_slab_base.length == rings + 1 &&
            static_cast<std::size_t>(ring_slab_base.data[rings]) == slab_start.length && slab_start.length >= 1 &&
            5 * static_cast<std::size_t>(slab_start.data[slab_start.length - 1]) == slab_edges.length;
  if (!ok) args.Fail("inconsistent packed zones");
  return PipZones{static_cast<int32_t>(zones), grid_box.data, cell_answer.data, grid_start.data, grid_zones.data,
                  zone_box.data, zone_polygons.data, polygon_rings.data, ring_box.data, ring_slab.data,
                  ring_slab_base.data, slab_start.data, slab_edges.data, slab_edges.length / 5};
}

// The inputs every pip binding starts with: (zones, lat, lon, ...).
struct Points {
  PipZones zones;
  Span<double> lat, lon;
};

Points PointsArg(Args& args) {
  Points p{ZonesArg(args), args.Array<double>("lat"), args.Array<double>("lon")};
  if (p.lat.length != p.lon.length) args.Fail("lat and lon lengths differ");
  return p;
}

Boundary BoundaryArg(Args& args) {
  double mode = args.Number("boundary");
  if (mode != 0 && mode != 1 && mode != 2) args.Fail("boundary must be 0, 1 or 2");
  return static_cast<Boundary>(static_cast<int>(mode));
}

using PerPointKernel = void (*)(const PipZones&, const double*, const double*, int32_t*, Boundary, std::size_t,
                                std::size_t);

// A kernel writing one int32 per point: (zones, lat, lon, out: Int32Array(n), boundary, threads).
template <PerPointKernel kernel>
Work PerPoint(Args& args) {
  Points p = PointsArg(args);
  auto out = args.Array<int32_t>("out");
  Boundary mode = BoundaryArg(args);
  unsigned threads = args.Threads();
  if (out.length != p.lat.length) args.Fail("out must hold one element per point");
  advise_huge_pages(out.data, out.length * sizeof(int32_t));
  Parallel* pool = &State(args.Env()).pool;
  return [=](Control control) {
    return for_chunks(*pool, control, p.lat.length, kGrain, threads, [&p, out, mode](std::size_t begin, std::size_t end) {
      kernel(p.zones, p.lat.data, p.lon.data, out.data, mode, begin, end);
    });
  };
}

// pipMatchFill(zones, lat, lon, offsets: Int32Array(n+1), matches: Int32Array(offsets[n]), found: Int32Array(n),
//              boundary, threads): each point's zones into its own slice of matches, its number of
// matches into found (TypeScript compares found with the slices to see points that changed).
Work MatchFill(Args& args) {
  Points p = PointsArg(args);
  auto offsets = args.Array<int32_t>("offsets");
  auto matches = args.Array<int32_t>("matches");
  auto found = args.Array<int32_t>("found");
  Boundary mode = BoundaryArg(args);
  unsigned threads = args.Threads();
  std::size_t n = p.lat.length;
  if (offsets.length != n + 1 || found.length != n || static_cast<std::size_t>(offsets.data[n]) != matches.length) {
    args.Fail("offsets must hold one element per point and one more, the last the length of matches; found one per point");
  }
  Parallel* pool = &State(args.Env()).pool;
  return [=](Control control) {
    return for_chunks(*pool, control, n, kGrain, threads, [&p, offsets, matches, found, mode](std::size_t begin, std::size_t end) {
      match_fill_range(p.zones, p.lat.data, p.lon.data, offsets.data, matches.data, matches.length, found.data, mode,
                       begin, end);
    });
  };
}

// pipCount(zones, lat, lon, counts: Float64Array(zoneCount + 1), boundary, threads)
Work Count(Args& args) {
  Points p = PointsArg(args);
  auto counts = args.Array<double>("counts");
  Boundary mode = BoundaryArg(args);
  unsigned threads = args.Threads();
  std::size_t slots = static_cast<std::size_t>(p.zones.zone_count) + 1;
  if (counts.length != slots) args.Fail("counts must hold one slot per zone and one more");
  Parallel* pool = &State(args.Env()).pool;
  return [=](Control control) {
    // Each chunk counts locally, then merges once: no contention on the shared totals.
    std::vector<uint64_t> total(slots, 0);
    std::mutex merge;
    bool finished = for_chunks(*pool, control, p.lat.length, kGrain, threads, [&](std::size_t begin, std::size_t end) {
      std::vector<uint64_t> local(slots, 0);
      count_range(p.zones, p.lat.data, p.lon.data, local.data(), mode, begin, end);
      std::lock_guard<std::mutex> lock(merge);
      for (std::size_t k = 0; k < slots; ++k) total[k] += local[k];
    });
    if (finished) for (std::size_t k = 0; k < slots; ++k) counts.data[k] += static_cast<double>(total[k]);
    return finished;
  };
}

}  // namespace

void RegisterPip(Napi::Env env, Napi::Object exports) {
  static const Kernel first{{"pip", {"zones", "lat", "lon", "out", "boundary", "threads"}}, PerPoint<pip_range>};
  static const Kernel matches{{"pipMatchCount", {"zones", "lat", "lon", "out", "boundary", "threads"}},
                              PerPoint<match_count_range>};
  static const Kernel fill{{"pipMatchFill", {"zones", "lat", "lon", "offsets", "matches", "found", "boundary", "threads"}}, MatchFill};
  static const Kernel count{{"pipCount", {"zones", "lat", "lon", "counts", "boundary", "threads"}}, Count};
  Register(env, exports, first);
  Register(env, exports, matches);
  Register(env, exports, fill);
  Register(env, exports, count);
}

}  // namespace hotloop
