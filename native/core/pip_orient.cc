#include "core/pip_orient.h"

namespace hotloop {

namespace {

constexpr double kEpsilon = 1.1102230246251565e-16;  // 2^-53
constexpr double kCcwErrBoundA = (3 + 16 * kEpsilon) * kEpsilon;
constexpr double kSplitter = 134217729;  // 2^27 + 1, Dekker's split

// A nonoverlapping expansion, least significant component first (Shewchuk's Grow-Expansion).
struct Expansion {
  double e[12];
  int length = 0;

  void grow(double b) {
    double q = b;
    for (int i = 0; i < length; ++i) {
      double x = q + e[i];
      double bv = x - q;
      double av = x - bv;
      e[i] = (q - av) + (e[i] - bv);
      q = x;
    }
    e[length++] = q;
  }

  // sign*a*b exactly: the rounded product and its rounding error (Dekker's product, no FMA).
  void grow_product(double a, double b, double sign) {
    double x = a * b;
    double c = kSplitter * a;
    double ahi = c - (c - a);
    double alo = a - ahi;
    c = kSplitter * b;
    double bhi = c - (c - b);
    double blo = b - bhi;
    double y = alo * blo - (((x - ahi * bhi) - alo * bhi) - ahi * blo);
    grow(sign * x);
    grow(sign * y);
  }

  int sign() const {
    for (int i = length - 1; i >= 0; --i) {
      if (e[i] != 0) return e[i] > 0 ? 1 : -1;
    }
    return 0;
  }
};

inline int sign_of(double v) { return v > 0 ? 1 : v < 0 ? -1 : 0; }

int exact_sign(double ax, double ay, double bx, double by, double cx, double cy) {
  // (ax-cx)(by-cy) - (ay-cy)(bx-cx), expanded; the cx*cy terms cancel.
  Expansion sum;
  sum.grow_product(ax, by, 1);
  sum.grow_product(ax, cy, -1);
  sum.grow_product(cx, by, -1);
  sum.grow_product(ay, bx, -1);
  sum.grow_product(ay, cx, 1);
  sum.grow_product(cy, bx, 1);
  return sum.sign();
}

}  // namespace

int orient_sign(double ax, double ay, double bx, double by, double cx, double cy) {
  double left = (ax - cx) * (by - cy);
  double right = (ay - cy) * (bx - cx);
  double det = left - right;
  double sum;
  if (left > 0) {
    if (right <= 0) return sign_of(det);
    sum = left + right;
  } else if (left < 0) {
    if (right >= 0) return sign_of(det);
    sum = -left - right;
  } else {
    return sign_of(det);
  }
  double bound = kCcwErrBoundA * sum;
  if (det >= bound || -det >= bound) return sign_of(det);
  return exact_sign(ax, ay, bx, by, cx, cy);
}

}  // namespace hotloop
