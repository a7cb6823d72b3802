// Exact discriminant signs for the cubic solver's root counts. A double is an integer times a power of
// two, so a polynomial in doubles has an exact value in multiword integer arithmetic; the careful path
// asks only when a discriminant computed in floating point is too small for its sign to be trusted.
// src/cubic/exact-sign.ts computes the same signs with BigInt.
#pragma once

namespace hotloop {

// Sign (-1, 0, 1) of 18abcd - 4b^3d + b^2c^2 - 4ac^3 - 27a^2d^2 (finite arguments).
int cubic_discriminant_sign(double a, double b, double c, double d);

// Sign of b^2 - k*a*c (k < 32): a quadratic's discriminant for k = 4; for k = 3, whether a cubic's
// roots all coincide.
int square_minus_product_sign(double b, int k, double a, double c);

}  // namespace hotloop
