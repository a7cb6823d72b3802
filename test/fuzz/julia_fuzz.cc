// libFuzzer harness for native/core/julia (julia_rows, julia_levels): grids of odd widths and
// heights (so every vector unit has a ragged tail), views on the set's edge, across it or far off,
// coordinates and constants of any finite magnitude with NaN and infinities mixed in (the addon
// passes any double through), thresholds whose square overflows (|t| near 1.34e154 and beyond),
// itermax from 1 to past 65535 (uint32 counts). Outputs are allocated at their exact size and
// padded with guards around the rows asked for, so a write outside them stops the run. The answer
// must be the one-pixel reference loop of julia.h's header, written again here: every count and
// norm bit for bit, at whatever vector unit HOTLOOP_SIMD selects.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>

#include "core/julia.h"
#include "input.h"
#include "simd.h"

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// julia.h's definition: the first n (0-based) whose new |z|^2 reaches t2, itermax when none does;
// the norm at escape, 0 when the pixel never escapes.
void reference(const hotloop::JuliaGrid& g, double re, double im, uint32_t& count, double& norm) {
  for (uint32_t n = 0; n < g.itermax; ++n) {
    const double p = re * im;
    const double next_im = (p + p) + g.ci;
    const double next_re = (re * re - im * im) + g.cr;
    re = next_re;
    im = next_im;
    const double s = re * re + im * im;
    if (s >= g.t2) {
      count = n;
      norm = s;
      return;
    }
  }
  count = g.itermax;
  norm = 0;
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// A coordinate of the view: mostly on a regular axis (as the TypeScript grid makes them), some
// drawn alone, a few not finite.
double special(fuzz::Input& in) {
  switch (in.take<uint8_t>() % 8) {
    case 0: return kNaN;
    case 1: return kInf;
    case 2: return -kInf;
    case 3: return std::numeric_limits<double>::denorm_min();
    default: return in.finite();
  }
}

void axis(fuzz::Input& in, double* values, std::size_t n) {
  const uint8_t kind = in.take<uint8_t>();
  if (kind % 4 == 0) {
    for (std::size_t i = 0; i < n; ++i) values[i] = special(in);
    return;
  }
  // A view of the plane: around the set (|z| <= 2), hugging its edge, or far from it.
  static const double kCentres[] = {0.0, 2.0, -2.0, 1.999999999, -0.75, 0.25, 1e300, -1e-300};
  const double centre = kCentres[in.take<uint8_t>() % 8] + (kind % 4 == 3 ? in.finite() : 0.0);
  const double span = std::ldexp(1.0 + in.take<uint8_t>(), static_cast<int>(in.take<uint8_t>() % 64) - 60);
  for (std::size_t i = 0; i < n; ++i) values[i] = centre + span * (static_cast<double>(i) / static_cast<double>(n) - 0.5);
  if (kind % 8 == 5 && n > 0) values[in.below(n)] = special(in);  // one odd value in a regular axis
}

double threshold_squared(fuzz::Input& in) {
  switch (in.take<uint8_t>() % 6) {
    case 0: return 4.0;  // the seed's threshold 2
    case 1: {  // around sqrt(DBL_MAX) = 1.34e154: t2 on either side of overflowing
      const double t = std::nextafter(1.3407807929942596e154, in.take<uint8_t>() & 1 ? kInf : 0.0);
      return t * t;
    }
    case 2: return kInf;
    case 3: return std::fabs(in.finite());  // subnormal to the top of the range, 0 included
    case 4: return kNaN;
    default: {
      const double t = 1.0 + std::fabs(in.finite());
      return t * t;
    }
  }
}

template <typename Count>
void check(const hotloop::JuliaGrid& g, std::size_t row_begin, std::size_t row_end, bool with_norms) {
  const std::size_t pixels = g.width * g.height;
  const Count guard = static_cast<Count>(0xBEEF);
  const double guard_norm = -12345.0;
  std::unique_ptr<Count[]> counts(new Count[pixels]);
  std::unique_ptr<double[]> norms(with_norms ? new double[pixels] : nullptr);
  for (std::size_t i = 0; i < pixels; ++i) {
    counts[i] = guard;
    if (with_norms) norms[i] = guard_norm;
  }
  if (!hotloop::julia_rows(g, row_begin, row_end, counts.get(), norms.get())) {
    std::fprintf(stderr, "julia_fuzz: julia_rows stopped with nothing to cancel it\n");
    std::abort();
  }
  for (std::size_t row = 0; row < g.height; ++row) {
    for (std::size_t x = 0; x < g.width; ++x) {
      const std::size_t i = row * g.width + x;
      const bool asked = row >= row_begin && row < row_end;
      if (!asked) {
        if (counts[i] != guard || (with_norms && !same_bits(norms[i], guard_norm))) {
          std::fprintf(stderr, "julia_fuzz: pixel (%zu, %zu) written outside rows [%zu, %zu)\n", x, row, row_begin, row_end);
          std::abort();
        }
        continue;
      }
      uint32_t want = 0;
      double want_norm = 0;
      reference(g, g.xs[x], g.ys[row], want, want_norm);
      if (counts[i] != want || (with_norms && !same_bits(norms[i], want_norm))) {
        std::fprintf(stderr,
                     "julia_fuzz: pixel (%zu, %zu) of %zux%zu, z0 = %a%+ai, c = %a%+ai, t2 = %a, itermax %u: count %u norm %a, "
                     "the reference says %u norm %a\n",
                     x, row, g.width, g.height, g.xs[x], g.ys[row], g.cr, g.ci, g.t2, g.itermax,
                     static_cast<unsigned>(counts[i]), with_norms ? norms[i] : 0.0, want, want_norm);
        std::abort();
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  fuzz::Input in(data, size);
  // Widths up to 41 cover every lane count (4 or 8) with every tail, several slots of the stream.
  const std::size_t width = 1 + in.below(41), height = 1 + in.below(7);
  std::unique_ptr<double[]> xs(new double[width]), ys(new double[height]);
  axis(in, xs.get(), width);
  axis(in, ys.get(), height);
  hotloop::JuliaGrid g{xs.get(), width, ys.get(), height, 0, 0, 0, 0};
  const uint8_t constant = in.take<uint8_t>();
  g.cr = constant % 4 == 0 ? -0.8 : constant % 4 == 1 ? special(in) : in.finite();
  g.ci = constant % 3 == 0 ? 0.156 : constant % 3 == 1 ? special(in) : in.finite();
  g.t2 = threshold_squared(in);
  // itermax 1 to a few hundred mostly; past 65535 only on small grids, to keep each input quick.
  const uint8_t iter_kind = in.take<uint8_t>();
  if (iter_kind % 16 == 0 && width * height <= 8) {
    g.itermax = 65530 + static_cast<uint32_t>(in.below(40));
  } else {
    g.itermax = 1 + static_cast<uint32_t>(in.below(iter_kind % 2 == 0 ? 8 : 400));
  }
  const std::size_t row_begin = in.below(height);
  const std::size_t row_end = row_begin + 1 + in.below(height - row_begin);
  const bool with_norms = in.take<uint8_t>() & 1;
  if (g.itermax <= 65535 && (in.take<uint8_t>() & 1)) {
    check<uint16_t>(g, row_begin, row_end, with_norms);
  } else {
    check<uint32_t>(g, row_begin, row_end, with_norms);
  }

  // julia_levels: levels[i] = table[counts[i]] over [begin, end), nothing outside.
  const std::size_t n = in.below(70);
  const uint16_t top = static_cast<uint16_t>(in.below(300));
  std::unique_ptr<uint16_t[]> counts(new uint16_t[n]);
  std::unique_ptr<uint8_t[]> table(new uint8_t[top + 1u]), levels(new uint8_t[n]);
  for (std::size_t i = 0; i <= top; ++i) table[i] = static_cast<uint8_t>(i * 37 + 11);
  for (std::size_t i = 0; i < n; ++i) {
    counts[i] = static_cast<uint16_t>(in.below(top + 1u));
    levels[i] = 0xA5;
  }
  const std::size_t begin = in.below(n + 1), end = begin + in.below(n - begin + 1);
  hotloop::julia_levels(counts.get(), table.get(), levels.get(), begin, end);
  for (std::size_t i = 0; i < n; ++i) {
    const uint8_t want = i >= begin && i < end ? table[counts[i]] : 0xA5;
    if (levels[i] != want) {
      std::fprintf(stderr, "julia_fuzz: julia_levels wrote %u at %zu of [%zu, %zu), expected %u\n", levels[i], i, begin, end, want);
      std::abort();
    }
  }
  return 0;
}
