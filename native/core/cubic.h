// Real roots of a*x^3 + b*x^2 + c*x + d with arithmetic only (+ - * / sqrt, all correctly rounded),
// so the TypeScript reference (src/cubic/reference.ts) reproduces every root bit for bit. No libm
// cbrt/acos/cos: V8 and glibc round those differently in the last bit.
//
// A fast path after Kahan ("To Solve a Real Cubic Equation", 1986) for coefficients of moderate range,
// which checks its own work and hands what it cannot vouch for to the careful path (cubic_careful.h:
// unbounded exponents, exact root counts, polished roots). Roots come sorted, repeated roots listed as
// often as their multiplicity, each within a small multiple of eps times its condition number.
#pragma once

#include <cstddef>
#include <cstdint>

namespace hotloop {

struct CubicRoots {
  double root[3];
  int count;
};

// All coefficients finite (else count 0). a = 0 degrades to the quadratic, then the linear case; a
// root beyond the double range (a negligible a) is left out; all-zero coefficients give count 0.
CubicRoots solve_cubic(double a, double b, double c, double d);

// Batch forms: roots[3*i .. 3*i+2] NaN-padded, counts[i]; elements [begin, end) only, so the
// caller can split the range across threads.
void solve_cubics(const double* coeffs, double* roots, uint8_t* counts, std::size_t begin, std::size_t end);
void cubic_y_roots(const double* x0, const double* y0, double* roots, uint8_t* counts,
                   std::size_t begin, std::size_t end);

}  // namespace hotloop
