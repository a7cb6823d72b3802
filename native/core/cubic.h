// Real roots of a*x^3 + b*x^2 + c*x + d with arithmetic only (+ - * / sqrt, all correctly rounded),
// so the TypeScript reference (src/cubic/reference.ts) reproduces every root bit for bit. No libm
// cbrt/acos/cos: V8 and glibc round those differently in the last bit.
//
// Method (after Kahan, "To Solve a Real Cubic Equation", 1986): Newton's iteration from a start
// beyond the outermost root converges monotonically to it; stop when the iterate stops moving
// forward; deflate to a quadratic and solve that without cancellation. Roots come sorted, repeated
// roots listed as often as their multiplicity.
#pragma once

#include <cstddef>
#include <cstdint>

namespace hotloop {

struct CubicRoots {
  double root[3];
  int count;
};

// All coefficients finite (else count 0). a = 0, or a so small the root it adds would overflow,
// degrades to the quadratic, then the linear case; all-zero coefficients give count 0.
CubicRoots solve_cubic(double a, double b, double c, double d);

// Batch forms: roots[3*i .. 3*i+2] NaN-padded, counts[i]; elements [begin, end) only, so the
// caller can split the range across threads.
void solve_cubics(const double* coeffs, double* roots, uint8_t* counts, std::size_t begin, std::size_t end);
void cubic_y_roots(const double* x0, const double* y0, double* roots, uint8_t* counts,
                   std::size_t begin, std::size_t end);

}  // namespace hotloop
