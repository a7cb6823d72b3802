// The cubic solver's careful path: every finite coefficient set the fast path (cubic.cc) does not
// vouch for. It computes in doubles with an unbounded exponent (cubic_wide.h), so no range of
// coefficients can overflow or underflow, and spends time for guarantees:
//  - one real root by Kahan's Newton iteration from a start proved to lie beyond every root on its
//    side (the bound allows for the rounding error of the values it is built from), run until
//    rounding stops it;
//  - the other two from the deflated quadratic (forward, or through d when the root is large next to
//    the others), each then polished by Newton steps on the original cubic;
//  - the number of real roots from the discriminant's sign, exact (cubic_exact.h) whenever rounding
//    could have changed it.
// src/cubic/careful.ts performs the same operations in the same order; both give the same bits.
#pragma once

namespace hotloop {

// Writes the real roots of a*x^3 + b*x^2 + c*x + d (finite coefficients) that lie within the double
// range to roots[0..n), in no particular order, -0 as 0, and returns n (0 for all-zero coefficients).
int careful_cubic_roots(double a, double b, double c, double d, double* roots);

}  // namespace hotloop
