// Glue for core/lum: unpack the typed arrays, split the batch across the pool, run sync or async.
// The first refused element (lowest index over all chunks) goes to status = [index, error code];
// TypeScript turns it into the error message.
#include "core/lum.h"

#include <mutex>

#include "addon/args.h"
#include "addon/async.h"
#include "addon/register.h"
#include "addon/state.h"

namespace hotloop {

namespace {

constexpr std::size_t kGrain = 4096;  // about 0.1 ms of work: small batches stay on one thread

// Lowest refused index over chunks that may finish in any order, so the result is deterministic.
struct FirstRefusal {
  std::mutex mutex;
  LumStatus status{SIZE_MAX, kLumOk};
  void offer(LumStatus s) {
    std::lock_guard<std::mutex> lock(mutex);
    if (s.error != kLumOk && s.index < status.index) status = s;
  }
};

Span<double> ProfileArg(const Napi::CallbackInfo& info, std::size_t index, const char* name) {
  auto span = SpanArg<double>(info, index, napi_float64_array, name);
  if (!lum_profile_valid(span.data, span.length)) ThrowRange(info.Env(), std::string("hotloop native: malformed profile ") + name);
  return span;
}

void CheckStatus(const Napi::CallbackInfo& info, Span<double> status) {
  if (status.length != 2) ThrowRange(info.Env(), "hotloop native: status needs 2 slots");
}

// shockLuminosities(smbhMass, mass, a, vKick, aspectRatio, density, out, status, threads, control?)
Napi::Value ShockLuminosities(const Napi::CallbackInfo& info, bool async) {
  double smbh_mass = NumberArg(info, 0, "smbhMass");
  auto mass = SpanArg<double>(info, 1, napi_float64_array, "mass");
  auto a = SpanArg<double>(info, 2, napi_float64_array, "a");
  auto v = SpanArg<double>(info, 3, napi_float64_array, "vKick");
  auto aspect = ProfileArg(info, 4, "aspectRatio");
  auto density = ProfileArg(info, 5, "density");
  auto out = SpanArg<double>(info, 6, napi_float64_array, "out");
  auto status = SpanArg<double>(info, 7, napi_float64_array, "status");
  unsigned threads = ThreadsArg(info, 8);
  Control control = ControlArg(info, 9);
  std::size_t n = out.length;
  if (mass.length != n || a.length != n || v.length != n) ThrowRange(info.Env(), "hotloop native: shockLuminosities lengths");
  CheckStatus(info, status);
  ThreadPool* pool = &State(info.Env()).pool;
  return Run(info.Env(), async, {info[1], info[2], info[3], info[4], info[5], info[6], info[7], info[9]}, [=] {
    FirstRefusal first;
    pool->parallel_for(n, kGrain, threads, [&](std::size_t begin, std::size_t end) {
      if (control.cancelled()) throw Cancelled{};
      first.offer(shock_luminosities(smbh_mass, mass.data, a.data, v.data, aspect.data, density.data, out.data, begin, end));
      control.add_done(static_cast<int32_t>(end - begin));
    });
    status.data[0] = first.status.error == kLumOk ? -1.0 : static_cast<double>(first.status.index);
    status.data[1] = first.status.error;
  });
}

// jetLuminosities(mass, a, spin, vKick, aspectRatio, density, soundSpeed (empty: none), out, status, threads, control?)
Napi::Value JetLuminosities(const Napi::CallbackInfo& info, bool async) {
  auto mass = SpanArg<double>(info, 0, napi_float64_array, "mass");
  auto a = SpanArg<double>(info, 1, napi_float64_array, "a");
  auto spin = SpanArg<double>(info, 2, napi_float64_array, "spin");
  auto v = SpanArg<double>(info, 3, napi_float64_array, "vKick");
  auto aspect = ProfileArg(info, 4, "aspectRatio");
  auto density = ProfileArg(info, 5, "density");
  auto sound = SpanArg<double>(info, 6, napi_float64_array, "soundSpeed");
  if (sound.length != 0 && !lum_profile_valid(sound.data, sound.length)) ThrowRange(info.Env(), "hotloop native: malformed profile soundSpeed");
  const double* sound_speed = sound.length == 0 ? nullptr : sound.data;
  auto out = SpanArg<double>(info, 7, napi_float64_array, "out");
  auto status = SpanArg<double>(info, 8, napi_float64_array, "status");
  unsigned threads = ThreadsArg(info, 9);
  Control control = ControlArg(info, 10);
  std::size_t n = out.length;
  if (mass.length != n || a.length != n || spin.length != n || v.length != n) ThrowRange(info.Env(), "hotloop native: jetLuminosities lengths");
  CheckStatus(info, status);
  ThreadPool* pool = &State(info.Env()).pool;
  return Run(info.Env(), async, {info[0], info[1], info[2], info[3], info[4], info[5], info[6], info[7], info[8], info[10]}, [=] {
    FirstRefusal first;
    pool->parallel_for(n, kGrain, threads, [&](std::size_t begin, std::size_t end) {
      if (control.cancelled()) throw Cancelled{};
      first.offer(jet_luminosities(mass.data, a.data, spin.data, v.data, aspect.data, density.data, sound_speed, out.data, begin, end));
      control.add_done(static_cast<int32_t>(end - begin));
    });
    status.data[0] = first.status.error == kLumOk ? -1.0 : static_cast<double>(first.status.index);
    status.data[1] = first.status.error;
  });
}

}  // namespace

void RegisterLum(Napi::Env env, Napi::Object exports) {
  exports.Set("shockLuminositiesSync", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return ShockLuminosities(i, false); }));
  exports.Set("shockLuminositiesAsync", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return ShockLuminosities(i, true); }));
  exports.Set("jetLuminositiesSync", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return JetLuminosities(i, false); }));
  exports.Set("jetLuminositiesAsync", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return JetLuminosities(i, true); }));
}

}  // namespace hotloop
