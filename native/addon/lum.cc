// Glue for core/lum: the batch split across the pool in chunks. The first refused element (lowest
// index over all chunks) goes to status = [index, error code], -1 when none; TypeScript turns it
// into the error message.
#include "core/lum.h"

#include <mutex>
#include <string>

#include "addon/kernel.h"
#include "addon/modules.h"
#include "addon/state.h"
#include "core/parallel.h"

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
  void write(double* slots) const {
    slots[0] = status.error == kLumOk ? -1.0 : static_cast<double>(status.index);
    slots[1] = status.error;
  }
};

Span<double> ProfileArg(Args& args, const char* name) {
  auto span = args.Array<double>(name);
  if (!lum_profile_valid(span.data, span.length)) args.Fail(std::string("malformed profile ") + name);
  return span;
}

// shockLuminosities(mass, a, vKick, aspectRatio, density, out, status: Float64Array(2), smbhMass, threads)
Work ShockLuminosities(Args& args) {
  auto mass = args.Array<double>("mass");
  auto a = args.Array<double>("a");
  auto v = args.Array<double>("vKick");
  auto aspect = ProfileArg(args, "aspectRatio");
  auto density = ProfileArg(args, "density");
  auto out = args.Array<double>("out");
  auto status = args.Array<double>("status");
  double smbh_mass = args.Number("smbhMass");
  unsigned threads = args.Threads();
  std::size_t n = out.length;
  if (mass.length != n || a.length != n || v.length != n) args.Fail("lengths of mass, a, vKick and out disagree");
  if (status.length != 2) args.Fail("status needs 2 slots");
  Parallel* pool = &State(args.Env()).pool;
  return [=](Control control) {
    FirstRefusal first;
    bool finished = for_chunks(*pool, control, n, kGrain, threads, [&](std::size_t begin, std::size_t end) {
      first.offer(shock_luminosities(smbh_mass, mass.data, a.data, v.data, aspect.data, density.data, out.data, begin, end));
    });
    if (finished) first.write(status.data);
    return finished;
  };
}

// jetLuminosities(mass, a, spin, vKick, aspectRatio, density, soundSpeed (empty: none), out, status, threads)
Work JetLuminosities(Args& args) {
  auto mass = args.Array<double>("mass");
  auto a = args.Array<double>("a");
  auto spin = args.Array<double>("spin");
  auto v = args.Array<double>("vKick");
  auto aspect = ProfileArg(args, "aspectRatio");
  auto density = ProfileArg(args, "density");
  auto sound = args.Array<double>("soundSpeed");
  auto out = args.Array<double>("out");
  auto status = args.Array<double>("status");
  unsigned threads = args.Threads();
  if (sound.length != 0 && !lum_profile_valid(sound.data, sound.length)) args.Fail("malformed profile soundSpeed");
  const double* sound_speed = sound.length == 0 ? nullptr : sound.data;
  std::size_t n = out.length;
  if (mass.length != n || a.length != n || spin.length != n || v.length != n) {
    args.Fail("lengths of mass, a, spin, vKick and out disagree");
  }
  if (status.length != 2) args.Fail("status needs 2 slots");
  Parallel* pool = &State(args.Env()).pool;
  return [=](Control control) {
    FirstRefusal first;
    bool finished = for_chunks(*pool, control, n, kGrain, threads, [&](std::size_t begin, std::size_t end) {
      first.offer(jet_luminosities(mass.data, a.data, spin.data, v.data, aspect.data, density.data, sound_speed, out.data,
                                   begin, end));
    });
    if (finished) first.write(status.data);
    return finished;
  };
}

}  // namespace

void RegisterLum(Napi::Env env, Napi::Object exports) {
  static const Kernel shock{
      {"shockLuminosities", {"mass", "a", "vKick", "aspectRatio", "density", "out", "status", "smbhMass", "threads"}},
      ShockLuminosities};
  static const Kernel jet{
      {"jetLuminosities", {"mass", "a", "spin", "vKick", "aspectRatio", "density", "soundSpeed", "out", "status", "threads"}},
      JetLuminosities};
  Register(env, exports, shock);
  Register(env, exports, jet);
}

}  // namespace hotloop
