// Exact orientation sign for the 'inside' / 'outside' boundary modes of point-in-polygon: a
// floating-point filter (Shewchuk's orient2d stage A) and, when it cannot decide, an exact sum of
// error-free products. Same operations as src/pip/orient.ts, so both answer alike on every input.
#pragma once

namespace hotloop {

// +1 when c is left of the line a->b, -1 when right, 0 when exactly on it.
int orient_sign(double ax, double ay, double bx, double by, double cx, double cy);

}  // namespace hotloop
