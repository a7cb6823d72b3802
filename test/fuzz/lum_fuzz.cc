// libFuzzer harness for native/core/lum (shock_luminosities, jet_luminosities) over packed disk
// profiles as src/lum/profile.ts lays them out: tables of 2 points and more, breakpoints that
// repeat (the TypeScript refuses them; the kernel must still stay inside the table), infinite
// ends (power laws over all radii), extrapolating or not, coefficients of any finite magnitude
// (densities down to subnormals, luminosities that overflow), and remnants valid or not, inside
// the tables or outside. Every array is allocated at its exact size, so a read past a table or a
// write past the outputs stops the run. The answer must be what lum.h promises: the batch stops
// at the first refused element with the single call's reason, and every element before it is the
// single call's value bit for bit (a range shorter than a vector block runs the scalar loop), at
// whatever vector unit HOTLOOP_SIMD selects.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <vector>

#include "core/lum.h"
#include "input.h"
#include "simd.h"

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A packed profile: [n, extrapolate, x[0..n], n + 2 segments of (anchor, c0, c1, c2, c3)]. A clean
// one extrapolates, its anchors on the breakpoints, its coefficients modest (c0 a subnormal's log
// or a small one), so that vector blocks run whole.
std::vector<double> profile(fuzz::Input& in, bool clean) {
  const std::size_t n = 1 + in.below(in.take<uint8_t>() % 4 == 0 ? 40 : 4);
  std::vector<double> packed;
  packed.push_back(static_cast<double>(n));
  packed.push_back(clean || (in.take<uint8_t>() & 1));
  // Ascending log radii from a start near the remnants' (log 1 .. log 1e6), steps of any size,
  // zero included; now and then -inf first or +inf last (a power law's [0, Infinity]).
  const uint8_t ends = in.take<uint8_t>();
  double x = ends % 3 == 0 ? std::ldexp(static_cast<double>(in.take<int8_t>()), -3) : in.finite();
  for (std::size_t i = 0; i <= n; ++i) {
    if (i > 0) {
      const uint8_t step = in.take<uint8_t>();
      x = step % 5 == 0 ? x : step % 5 == 1 ? std::nextafter(x, kInf) : x + std::fabs(std::ldexp(1.0 + (step >> 3), static_cast<int>(in.take<uint8_t>() % 16) - 8));
      if (std::isnan(x)) x = kInf;
    }
    packed.push_back(x);
  }
  if (ends % 7 == 1) packed[2] = -kInf;
  if (ends % 11 == 2) packed[2 + n] = kInf;
  for (std::size_t s = 0; s < n + 2; ++s) {
    const uint8_t kind = clean ? 1 + (in.take<uint8_t>() & 1) : in.take<uint8_t>();
    // The anchor is the segment's breakpoint as profile.ts packs it, or anything finite.
    const std::size_t at = s == 0 ? 0 : s - 1 < n ? s - 1 : n;
    packed.push_back(kind % 4 == 0 ? in.finite() : std::isfinite(packed[2 + at]) ? packed[2 + at] : 0.0);
    // c0 is a log value: a modest one, a subnormal's (about -744), or anything finite.
    packed.push_back(kind % 3 == 0 ? in.finite() : kind % 3 == 1 ? -744.4 + std::ldexp(in.take<int8_t>(), -4) : std::ldexp(in.take<int8_t>(), -2));
    for (int c = 0; c < 3; ++c) packed.push_back(kind % 5 == 0 ? in.finite() : std::ldexp(in.take<int8_t>(), -6));
  }
  if (!hotloop::lum_profile_valid(packed.data(), packed.size())) {
    std::fprintf(stderr, "lum_fuzz: the harness packed an invalid profile\n");
    std::abort();
  }
  return packed;
}

// A remnant's value: positive and finite, or (unless `clean`) now and then a refused one. Clean
// batches let the vector blocks run whole; the others make them hand blocks to the scalar loop.
double quantity(fuzz::Input& in, double typical, bool clean) {
  const uint8_t kind = in.take<uint8_t>();
  switch (clean ? 6 + kind % 10 : kind % 16) {
    case 0: return 0.0;
    case 1: return -typical;
    case 2: return kNaN;
    case 3: return kInf;
    case 4: return std::numeric_limits<double>::denorm_min();
    case 5: return std::fabs(in.finite());
    default: return typical * (1.0 + std::ldexp(static_cast<double>(kind), -3));
  }
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// The exact-size copy of a vector (std::vector's capacity may be larger than its size).
std::unique_ptr<double[]> exact(const std::vector<double>& v) {
  std::unique_ptr<double[]> copy(new double[v.size()]);
  std::memcpy(copy.get(), v.data(), v.size() * sizeof(double));
  return copy;
}

// The batch against single calls: same stop and reason, same values before it, nothing after it
// written (outputs start as a guard value).
template <typename Call>
void compare(const char* kernel, Call call, std::size_t n) {
  const double guard = -0.5;
  std::unique_ptr<double[]> out(new double[n]), one(new double[n]);
  for (std::size_t i = 0; i < n; ++i) out[i] = one[i] = guard;
  const hotloop::LumStatus batch = call(out.get(), 0, n);
  if (batch.index > n || (batch.index == n) != (batch.error == hotloop::kLumOk)) {
    std::fprintf(stderr, "lum_fuzz: %s stopped at %zu of %zu with reason %d\n", kernel, batch.index, n, batch.error);
    std::abort();
  }
  for (std::size_t i = 0; i < n; ++i) {
    const hotloop::LumStatus single = call(one.get(), i, i + 1);
    if (i < batch.index) {
      if (single.error != hotloop::kLumOk || !same_bits(out[i], one[i])) {
        std::fprintf(stderr, "lum_fuzz: %s element %zu: batch %a, single call %a (reason %d)\n", kernel, i, out[i], one[i], single.error);
        std::abort();
      }
    } else if (i == batch.index) {
      if (single.error != batch.error || single.index != i) {
        std::fprintf(stderr, "lum_fuzz: %s element %zu: the batch refused it with %d, the single call says %d\n", kernel, i, batch.error, single.error);
        std::abort();
      }
    } else if (!same_bits(out[i], guard)) {
      std::fprintf(stderr, "lum_fuzz: %s wrote element %zu after the refused %zu\n", kernel, i, batch.index);
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  fuzz::Input in(data, size);
  const uint8_t mode = in.take<uint8_t>();
  const bool with_sound = mode & 1, clean = mode & 2;
  const auto aspect = exact(profile(in, clean)), density = exact(profile(in, clean)), sound = exact(profile(in, clean));
  // Up to 40 remnants: several vector blocks of 8 and a tail.
  const std::size_t n = 1 + in.below(40);
  std::unique_ptr<double[]> mass(new double[n]), a(new double[n]), v(new double[n]), spin(new double[n]);
  for (std::size_t i = 0; i < n; ++i) {
    mass[i] = quantity(in, 10.0, clean);
    // Radii inside the tables (e^x at a breakpoint, give or take), or anywhere.
    const uint8_t where = in.take<uint8_t>();
    if (where % 4 == 0) {
      a[i] = quantity(in, 1e3, clean);
    } else {
      const double* packed = where % 2 ? aspect.get() : density.get();
      const double x = packed[2 + in.below(static_cast<std::size_t>(packed[0]) + 1)];
      a[i] = std::exp(x) * (1.0 + std::ldexp(static_cast<double>(in.take<int8_t>()), -10));
    }
    v[i] = quantity(in, 200.0, clean);
    const uint8_t chi = in.take<uint8_t>();
    spin[i] = chi % 8 == 0 && !clean ? quantity(in, 0.5, clean) : chi / 255.0;
  }
  const double smbh = quantity(in, 1e8, clean);
  compare("shock", [&](double* out, std::size_t begin, std::size_t end) {
    return hotloop::shock_luminosities(smbh, mass.get(), a.get(), v.get(), aspect.get(), density.get(), out, begin, end);
  }, n);
  compare("jet", [&](double* out, std::size_t begin, std::size_t end) {
    return hotloop::jet_luminosities(mass.get(), a.get(), spin.get(), v.get(), aspect.get(), density.get(),
                                     with_sound ? sound.get() : nullptr, out, begin, end);
  }, n);
  return 0;
}
