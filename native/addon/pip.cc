// Glue for core/pip: unpack the packed zones (an object of typed arrays made by src/pip/pack.ts)
// and the point arrays, split the points across the pool, run sync or async.
#include <mutex>
#include <string>
#include <vector>

#include "addon/args.h"
#include "addon/async.h"
#include "addon/register.h"
#include "addon/state.h"
#include "core/pip.h"
#include "core/pip_memory.h"

namespace hotloop {

namespace {

constexpr std::size_t kGrain = 16384;  // a few hundred microseconds of points: small inputs stay on one thread

template <typename T>
Span<T> Field(Napi::Env env, Napi::Object object, const char* name, napi_typedarray_type type) {
  Napi::Value value = object.Get(name);
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != type) {
    ThrowType(env, std::string("hotloop native: wrong typed array for zones.") + name);
  }
  Napi::TypedArray array = value.As<Napi::TypedArray>();
  return {static_cast<T*>(ElementData(array)), array.ElementLength()};
}

struct Packed {
  PipZones zones;
  std::vector<Napi::Value> hold;
};

// Reads the packed zones and checks the invariants that keep every index in bounds cheaply: array
// lengths agree with each other and each CSR ends where its target array ends.
Packed PackedArg(const Napi::CallbackInfo& info, std::size_t index) {
  Napi::Env env = info.Env();
  if (!info[index].IsObject()) ThrowType(env, "hotloop native: expected packed zones");
  Napi::Object o = info[index].As<Napi::Object>();
  double zone_count = o.Get("zoneCount").ToNumber().DoubleValue();
  auto grid_box = Field<double>(env, o, "gridBox", napi_float64_array);
  auto cell_answer = Field<int32_t>(env, o, "cellAnswer", napi_int32_array);
  auto grid_start = Field<int32_t>(env, o, "gridStart", napi_int32_array);
  auto grid_zones = Field<int32_t>(env, o, "gridZones", napi_int32_array);
  auto zone_box = Field<double>(env, o, "zoneBox", napi_float64_array);
  auto zone_polygons = Field<int32_t>(env, o, "zonePolygons", napi_int32_array);
  auto polygon_rings = Field<int32_t>(env, o, "polygonRings", napi_int32_array);
  auto ring_box = Field<double>(env, o, "ringBox", napi_float64_array);
  auto ring_slab = Field<double>(env, o, "ringSlab", napi_float64_array);
  auto ring_slab_base = Field<int32_t>(env, o, "ringSlabBase", napi_int32_array);
  auto slab_start = Field<int32_t>(env, o, "slabStart", napi_int32_array);
  auto slab_edges = Field<double>(env, o, "slabEdges", napi_float64_array);
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
  if (!ok) ThrowRange(env, "hotloop native: inconsistent packed zones");
  PipZones z{static_cast<int32_t>(zones), grid_box.data, cell_answer.data, grid_start.data, grid_zones.data, zone_box.data,
             zone_polygons.data, polygon_rings.data, ring_box.data, ring_slab.data, ring_slab_base.data,
             slab_start.data, slab_edges.data, slab_edges.length / 5};
  return {z, {info[index]}};
}

Boundary BoundaryArg(const Napi::CallbackInfo& info, std::size_t index) {
  double mode = NumberArg(info, index, "boundary");
  if (mode != 0 && mode != 1 && mode != 2) ThrowRange(info.Env(), "hotloop native: boundary must be 0, 1 or 2");
  return static_cast<Boundary>(static_cast<int>(mode));
}

// The arguments every pip call starts with: (zones, lat, lon, <output>, <output2>?, boundary, threads, control?).
struct Call {
  Packed packed;
  Span<double> lat, lon;
  std::size_t n;
};

Call Points(const Napi::CallbackInfo& info) {
  Call call{PackedArg(info, 0), SpanArg<double>(info, 1, napi_float64_array, "lat"),
            SpanArg<double>(info, 2, napi_float64_array, "lon"), 0};
  if (call.lat.length != call.lon.length) ThrowRange(info.Env(), "hotloop native: lat and lon lengths differ");
  call.n = call.lat.length;
  call.packed.hold.push_back(info[1]);
  call.packed.hold.push_back(info[2]);
  return call;
}

using PerPointKernel = void (*)(const PipZones&, const double*, const double*, int32_t*, Boundary, std::size_t,
                                std::size_t);

// A kernel writing one int32 per point: pip (first zone) and matchCount (zones per point).
// (zones, lat, lon, out: Int32Array(n), boundary, threads, control?)
Napi::Value PerPoint(const Napi::CallbackInfo& info, bool async, PerPointKernel kernel) {
  Call c = Points(info);
  auto out = SpanArg<int32_t>(info, 3, napi_int32_array, "out");
  Boundary mode = BoundaryArg(info, 4);
  unsigned threads = ThreadsArg(info, 5);
  Control control = ControlArg(info, 6);
  if (out.length != c.n) ThrowRange(info.Env(), "hotloop native: out length");
  advise_huge_pages(out.data, out.length * sizeof(int32_t));
  c.packed.hold.insert(c.packed.hold.end(), {info[3], info[6]});
  ThreadPool* pool = &State(info.Env()).pool;
  PipZones z = c.packed.zones;
  return Run(info.Env(), async, c.packed.hold, [=] {
    pool->parallel_for(c.n, kGrain, threads, [=](std::size_t begin, std::size_t end) {
      if (control.cancelled()) throw Cancelled{};
      kernel(z, c.lat.data, c.lon.data, out.data, mode, begin, end);
      control.add_done(static_cast<int32_t>(end - begin));
    });
  });
}

// matchFill(zones, lat, lon, offsets: Int32Array(n+1), zones: Int32Array(offsets[n]), found: Int32Array(n),
//           boundary, threads, control?)
Napi::Value MatchFill(const Napi::CallbackInfo& info, bool async) {
  Call c = Points(info);
  auto offsets = SpanArg<int32_t>(info, 3, napi_int32_array, "offsets");
  auto matches = SpanArg<int32_t>(info, 4, napi_int32_array, "zones");
  auto found = SpanArg<int32_t>(info, 5, napi_int32_array, "found");
  Boundary mode = BoundaryArg(info, 6);
  unsigned threads = ThreadsArg(info, 7);
  Control control = ControlArg(info, 8);
  if (offsets.length != c.n + 1 || found.length != c.n || static_cast<std::size_t>(offsets.data[c.n]) != matches.length) {
    ThrowRange(info.Env(), "hotloop native: offsets, zones and found lengths");
  }
  c.packed.hold.insert(c.packed.hold.end(), {info[3], info[4], info[5], info[8]});
  ThreadPool* pool = &State(info.Env()).pool;
  PipZones z = c.packed.zones;
  return Run(info.Env(), async, c.packed.hold, [=] {
    pool->parallel_for(c.n, kGrain, threads, [=](std::size_t begin, std::size_t end) {
      if (control.cancelled()) throw Cancelled{};
      match_fill_range(z, c.lat.data, c.lon.data, offsets.data, matches.data, matches.length, found.data, mode, begin, end);
      control.add_done(static_cast<int32_t>(end - begin));
    });
  });
}

// count(zones, lat, lon, counts: Float64Array(zoneCount + 1), boundary, threads, control?)
Napi::Value Count(const Napi::CallbackInfo& info, bool async) {
  Call c = Points(info);
  auto counts = SpanArg<double>(info, 3, napi_float64_array, "counts");
  Boundary mode = BoundaryArg(info, 4);
  unsigned threads = ThreadsArg(info, 5);
  Control control = ControlArg(info, 6);
  std::size_t slots = static_cast<std::size_t>(c.packed.zones.zone_count) + 1;
  if (counts.length != slots) ThrowRange(info.Env(), "hotloop native: counts length");
  c.packed.hold.insert(c.packed.hold.end(), {info[3], info[6]});
  ThreadPool* pool = &State(info.Env()).pool;
  PipZones z = c.packed.zones;
  return Run(info.Env(), async, c.packed.hold, [=] {
    // Each chunk counts locally, then merges once: no contention on the shared totals.
    std::vector<uint64_t> total(slots, 0);
    std::mutex merge;
    pool->parallel_for(c.n, kGrain, threads, [&, z, control](std::size_t begin, std::size_t end) {
      if (control.cancelled()) throw Cancelled{};
      std::vector<uint64_t> local(slots, 0);
      count_range(z, c.lat.data, c.lon.data, local.data(), mode, begin, end);
      {
        std::lock_guard<std::mutex> lock(merge);
        for (std::size_t k = 0; k < slots; ++k) total[k] += local[k];
      }
      control.add_done(static_cast<int32_t>(end - begin));
    });
    for (std::size_t k = 0; k < slots; ++k) counts.data[k] += static_cast<double>(total[k]);
  });
}

}  // namespace

void RegisterPip(Napi::Env env, Napi::Object exports) {
  exports.Set("pipSync", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return PerPoint(i, false, pip_range); }));
  exports.Set("pipAsync", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return PerPoint(i, true, pip_range); }));
  exports.Set("pipMatchCountSync", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return PerPoint(i, false, match_count_range); }));
  exports.Set("pipMatchCountAsync", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return PerPoint(i, true, match_count_range); }));
  exports.Set("pipMatchFillSync", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return MatchFill(i, false); }));
  exports.Set("pipMatchFillAsync", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return MatchFill(i, true); }));
  exports.Set("pipCountSync", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return Count(i, false); }));
  exports.Set("pipCountAsync", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return Count(i, true); }));
}

}  // namespace hotloop
