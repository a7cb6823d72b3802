// libFuzzer harness for native/core/cubic: batches of cubics with any finite coefficients (raw
// bits: subnormals, signed zeros, the top of the range; or small integers times powers of two, so
// repeated and nearby roots are common), in blocks of 16 and scalar tails. Under ASan+UBSan a write
// outside the outputs (allocated at their exact size) or an undefined conversion stops the run. It
// checks what the README promises of every batch: each element is the single call bit for bit (the
// vector blocks hand refused lanes to the scalar solver, which must agree), at most 3 roots, all
// finite, ascending, NaN in the unused slots; and the seed's x0*y^3 + 1.5*y - y0 batch is the
// general batch of [x0, 0, 1.5, -y0].
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "core/cubic.h"
#include "input.h"
#include "simd.h"

namespace {

[[noreturn]] void fail(const char* what, std::size_t i, const double* k) {
  std::fprintf(stderr, "cubic_fuzz: %s (cubic %zu: %a %a %a %a)\n", what, i, k[0], k[1], k[2], k[3]);
  std::abort();
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b)); }

void check_batch(const double* coeffs, const double* roots, const uint8_t* counts, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const double* k = coeffs + 4 * i;
    const double* r = roots + 3 * i;
    if (counts[i] > 3) fail("more than 3 roots", i, k);
    hotloop::CubicRoots single = hotloop::solve_cubic(k[0], k[1], k[2], k[3]);
    if (single.count != counts[i]) fail("batch count differs from the single call", i, k);
    for (int j = 0; j < 3; ++j) {
      if (j < counts[i]) {
        if (!std::isfinite(r[j])) fail("a root is not finite", i, k);
        if (j > 0 && r[j] < r[j - 1]) fail("roots not ascending", i, k);
        if (!same_bits(r[j], single.root[j])) fail("batch root differs from the single call", i, k);
      } else if (!std::isnan(r[j])) {
        fail("an unused slot is not NaN", i, k);
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  fuzz::Input in(data, size);
  // Up to 40 cubics: two blocks of 16 and a tail, so blocks and the scalar path both run.
  const std::size_t n = 1 + in.below(40);
  std::unique_ptr<double[]> coeffs(new double[4 * n]);
  std::unique_ptr<double[]> x0(new double[n]), y0(new double[n]);
  for (std::size_t i = 0; i < n; ++i) {
    const uint8_t shape = in.take<uint8_t>();
    for (int k = 0; k < 4; ++k) coeffs[4 * i + k] = in.finite();
    // Degenerate shapes the TypeScript batch lets through: leading zeros (quadratic, linear) and
    // all-zero cubics (count 0).
    if (shape % 5 == 1) coeffs[4 * i] = 0;
    if (shape % 5 == 2) coeffs[4 * i] = coeffs[4 * i + 1] = 0;
    if (shape % 11 == 3) for (int k = 0; k < 4; ++k) coeffs[4 * i + k] = 0;
    x0[i] = in.finite();
    y0[i] = in.finite();
  }
  // Outputs at their exact size, so an extra write is a heap overflow.
  std::unique_ptr<double[]> roots(new double[3 * n]);
  std::unique_ptr<uint8_t[]> counts(new uint8_t[n]);
  hotloop::solve_cubics(coeffs.get(), roots.get(), counts.get(), 0, n);
  check_batch(coeffs.get(), roots.get(), counts.get(), n);

  for (std::size_t i = 0; i < n; ++i) {
    coeffs[4 * i] = x0[i];
    coeffs[4 * i + 1] = 0;
    coeffs[4 * i + 2] = 1.5;
    coeffs[4 * i + 3] = -y0[i];
  }
  std::unique_ptr<double[]> seed_roots(new double[3 * n]);
  std::unique_ptr<uint8_t[]> seed_counts(new uint8_t[n]);
  hotloop::cubic_y_roots(x0.get(), y0.get(), seed_roots.get(), seed_counts.get(), 0, n);
  check_batch(coeffs.get(), seed_roots.get(), seed_counts.get(), n);
  hotloop::solve_cubics(coeffs.get(), roots.get(), counts.get(), 0, n);
  if (std::memcmp(counts.get(), seed_counts.get(), n) != 0) fail("cubic_y_roots counts differ from solve_cubics", 0, coeffs.get());
  for (std::size_t j = 0; j < 3 * n; ++j) {
    if (!same_bits(roots[j], seed_roots[j])) fail("cubic_y_roots differs from solve_cubics", j / 3, coeffs.get() + 4 * (j / 3));
  }
  return 0;
}
