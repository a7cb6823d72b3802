#include "core/pip_orient.h"

#include <cmath>
#include <cstdint>
#include <cstring>

namespace hotloop {

namespace {

constexpr double kEpsilon = 1.1102230246251565e-16;  // 2^-53
constexpr double kCcwErrBoundA = (3 + 16 * kEpsilon) * kEpsilon;
// Above kFilterMin, an underflowed product is too small to matter against the bound's slack;
// below kFilterMax, nothing overflowed.
constexpr double kFilterMin = 0x1p-900;
constexpr double kFilterMax = 0x1p1000;
constexpr double kSplitter = 134217729;  // 2^27 + 1, Dekker's split
// A nonzero integer outweighs the remaining products once they sit this many binary places lower:
// 6 products of two 53-bit integers sum to less than 2^109.
constexpr int kDecisiveGap = 109;

// x as mantissa * 2^exponent, the mantissa an integer below 2^53 in magnitude: the exponent of the
// lowest bit a double of x's binade can hold (-1074 for subnormals and zero).
struct Split {
  double mantissa;
  int exponent;
};

Split split(double x) {
  uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  int biased = static_cast<int>((bits >> 52) & 0x7ff);
  int e = biased == 0 ? -1074 : biased - 1075;
  return {std::ldexp(x, -e), e};
}

// sign * a.mantissa * b.mantissa as two integer doubles (Dekker's product: the factors are integers
// below 2^53, so nothing underflows or overflows), at exponent a.exponent + b.exponent.
struct Product {
  double high, low, sign;
  int exponent;
};

Product product(Split a, Split b, double sign) {
  double x = a.mantissa, y = b.mantissa;
  double p = x * y;
  double c = kSplitter * x;
  double xhi = c - (c - x);
  double xlo = x - xhi;
  c = kSplitter * y;
  double yhi = c - (c - y);
  double ylo = y - yhi;
  double low = xlo * ylo - (((p - xhi * yhi) - xlo * yhi) - xhi * ylo);
  return {p, low, sign, a.exponent + b.exponent};
}

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

  int sign() const {
    for (int i = length - 1; i >= 0; --i) {
      if (e[i] != 0) return e[i] > 0 ? 1 : -1;
    }
    return 0;
  }
};

// The exact sign of ax*by - ax*cy - cx*by - ay*bx + ay*cx + cy*bx, the determinant expanded (the
// cx*cy terms cancel). Each product is an integer times a power of two; summed from the largest
// power down, in units of the current power, the running sum is an integer. When the next product
// is kDecisiveGap places lower, a nonzero sum is already decided; otherwise it is rescaled to the
// next power (exactly: it stays below 2^700) and the sum goes on. As exactSign in src/pip/orient.ts.
int exact_sign(double ax, double ay, double bx, double by, double cx, double cy) {
  Split sax = split(ax), say = split(ay), sbx = split(bx), sby = split(by), scx = split(cx), scy = split(cy);
  Product products[6] = {product(sax, sby, 1), product(sax, scy, -1), product(scx, sby, -1),
                         product(say, sbx, -1), product(say, scx, 1), product(scy, sbx, 1)};
  // Insertion sort of the products by exponent, largest first.
  int order[6];
  for (int j = 0; j < 6; ++j) {
    int i = j;
    while (i > 0 && products[order[i - 1]].exponent < products[j].exponent) {
      order[i] = order[i - 1];
      --i;
    }
    order[i] = j;
  }
  Expansion sum;
  int unit = products[order[0]].exponent;
  for (int k = 0; k < 6; ++k) {
    const Product& p = products[order[k]];
    int gap = unit - p.exponent;
    if (gap > 0) {
      int sign = sum.sign();
      if (sign != 0 && gap >= kDecisiveGap) return sign;
      if (sign == 0) sum.length = 0;
      for (int i = 0; i < sum.length; ++i) sum.e[i] = std::ldexp(sum.e[i], gap);
      unit = p.exponent;
    }
    sum.grow(p.sign * p.high);
    sum.grow(p.sign * p.low);
  }
  return sum.sign();
}

}  // namespace

int orient_sign(double ax, double ay, double bx, double by, double cx, double cy) {
  double left = (ax - cx) * (by - cy);
  double right = (ay - cy) * (bx - cx);
  double det = left - right;
  double sum = std::fabs(left) + std::fabs(right);
  if (sum >= kFilterMin && sum <= kFilterMax) {
    double bound = kCcwErrBoundA * sum;
    if (det >= bound || -det >= bound) return det > 0 ? 1 : -1;
  }
  return exact_sign(ax, ay, bx, by, cx, cy);
}

}  // namespace hotloop
