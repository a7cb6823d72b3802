// Exact orientation sign for the 'inside' / 'outside' boundary modes of point-in-polygon, for every
// finite input (subnormals and the top of the double range included): a floating-point filter
// (Shewchuk's orient2d stage A) trusted only where no product underflowed or overflowed, and, when
// it cannot decide, an exact sum of the determinant's products as integers times powers of two.
// Same operations as src/pip/orient.ts, so both answer alike on every input.
#pragma once

namespace hotloop {

// +1 when c is left of the line a->b, -1 when right, 0 when exactly on it.
int orient_sign(double ax, double ay, double bx, double by, double cx, double cy);

}  // namespace hotloop
