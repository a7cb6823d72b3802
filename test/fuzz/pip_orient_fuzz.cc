// libFuzzer harness for native/core's exact orientation test (orient_sign), on which pip's
// 'inside' and 'outside' modes rest: for any six finite doubles its sign must be the exact sign of
// (bx - ax)(cy - ay) - (by - ay)(cx - ax), computed here with integers of a few thousand bits (every
// finite double is an integer times 2^-1074). Inputs are drawn to be hard: independent values of any
// magnitude, points on or next to a line (the filter's undecided zone), and small lattices scaled
// by one power of two (collinear at every scale, subnormals and the top of the range included).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "core/pip_orient.h"
#include "input.h"

namespace {

// A signed integer: magnitude in base 2^32, least significant limb first, no leading zero limbs.
struct Big {
  bool negative = false;
  std::vector<uint32_t> limbs;
};

void trim(Big& v) {
  while (!v.limbs.empty() && v.limbs.back() == 0) v.limbs.pop_back();
  if (v.limbs.empty()) v.negative = false;
}

// d * 2^1074, exactly (an integer for every finite double).
Big scaled(double d) {
  Big v;
  if (d == 0) return v;
  int exponent;
  double fraction = std::frexp(std::fabs(d), &exponent);  // |d| = fraction * 2^exponent, fraction in [0.5, 1)
  auto mantissa = static_cast<uint64_t>(std::ldexp(fraction, 53));  // exact: 53 bits
  int shift = exponent - 53 + 1074;  // |d| * 2^1074 = mantissa * 2^shift; shift >= 0 for every double
  while (shift < 0) {  // subnormals: mantissa has trailing zeros where the format has no bits
    mantissa >>= 1;
    ++shift;
  }
  v.negative = d < 0;
  v.limbs.assign(static_cast<std::size_t>(shift / 32) + 3, 0);
  unsigned __int128 m = static_cast<unsigned __int128>(mantissa) << (shift % 32);
  for (std::size_t i = static_cast<std::size_t>(shift / 32); m != 0; ++i, m >>= 32) v.limbs[i] = static_cast<uint32_t>(m);
  trim(v);
  return v;
}

int compare_magnitude(const Big& a, const Big& b) {
  if (a.limbs.size() != b.limbs.size()) return a.limbs.size() < b.limbs.size() ? -1 : 1;
  for (std::size_t i = a.limbs.size(); i-- > 0;) {
    if (a.limbs[i] != b.limbs[i]) return a.limbs[i] < b.limbs[i] ? -1 : 1;
  }
  return 0;
}

// |a| + |b|, or |a| - |b| when |a| >= |b|.
std::vector<uint32_t> add_magnitude(const Big& a, const Big& b) {
  std::vector<uint32_t> out(std::max(a.limbs.size(), b.limbs.size()) + 1, 0);
  uint64_t carry = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    uint64_t s = carry + (i < a.limbs.size() ? a.limbs[i] : 0) + (i < b.limbs.size() ? b.limbs[i] : 0);
    out[i] = static_cast<uint32_t>(s);
    carry = s >> 32;
  }
  return out;
}

std::vector<uint32_t> subtract_magnitude(const Big& a, const Big& b) {
  std::vector<uint32_t> out(a.limbs.size(), 0);
  int64_t borrow = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    int64_t d = static_cast<int64_t>(a.limbs[i]) - (i < b.limbs.size() ? b.limbs[i] : 0) - borrow;
    borrow = d < 0;
    out[i] = static_cast<uint32_t>(d + (borrow << 32));
  }
  return out;
}

Big subtract(const Big& a, const Big& b) {
  Big out;
  if (a.negative != b.negative) {  // a - b = a + (-b): magnitudes add, a's sign
    out.limbs = add_magnitude(a, b);
    out.negative = a.negative;
  } else if (compare_magnitude(a, b) >= 0) {
    out.limbs = subtract_magnitude(a, b);
    out.negative = a.negative;
  } else {
    out.limbs = subtract_magnitude(b, a);
    out.negative = !a.negative;
  }
  trim(out);
  return out;
}

Big multiply(const Big& a, const Big& b) {
  Big out;
  out.limbs.assign(a.limbs.size() + b.limbs.size() + 1, 0);
  for (std::size_t i = 0; i < a.limbs.size(); ++i) {
    uint64_t carry = 0;
    for (std::size_t j = 0; j < b.limbs.size(); ++j) {
      uint64_t t = static_cast<uint64_t>(a.limbs[i]) * b.limbs[j] + out.limbs[i + j] + carry;
      out.limbs[i + j] = static_cast<uint32_t>(t);
      carry = t >> 32;
    }
    for (std::size_t k = i + b.limbs.size(); carry != 0; ++k) {
      uint64_t t = static_cast<uint64_t>(out.limbs[k]) + carry;
      out.limbs[k] = static_cast<uint32_t>(t);
      carry = t >> 32;
    }
  }
  out.negative = a.negative != b.negative;
  trim(out);
  return out;
}

int exact_orientation(double ax, double ay, double bx, double by, double cx, double cy) {
  Big Ax = scaled(ax), Ay = scaled(ay);
  Big left = multiply(subtract(scaled(bx), Ax), subtract(scaled(cy), Ay));
  Big right = multiply(subtract(scaled(by), Ay), subtract(scaled(cx), Ax));
  Big d = subtract(left, right);
  return d.limbs.empty() ? 0 : d.negative ? -1 : 1;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  fuzz::Input in(data, size);
  double v[6];
  switch (in.take<uint8_t>() % 3) {
    case 0:  // anything
      for (double& x : v) x = in.finite();
      break;
    case 1: {  // c on the line a-b as nearly as doubles allow, then nudged by a few ulps
      for (int i = 0; i < 4; ++i) v[i] = in.finite();
      double t = std::ldexp(static_cast<double>(in.take<int16_t>()), -8);
      for (int k = 0; k < 2; ++k) {
        double c = v[k] + t * (v[2 + k] - v[k]);
        if (!std::isfinite(c)) c = v[k];
        for (int nudge = in.take<int8_t>() % 4; nudge != 0; nudge += nudge > 0 ? -1 : 1) c = std::nextafter(c, nudge > 0 ? INFINITY : -INFINITY);
        v[4 + k] = std::isfinite(c) ? c : v[k];
      }
      break;
    }
    default: {  // small integers times one power of two: exactly collinear configurations at every scale
      int exponent = static_cast<int>(in.take<uint16_t>() % 2098) - 1074;
      for (double& x : v) {
        x = std::ldexp(static_cast<double>(in.take<int8_t>()), exponent);
        if (!std::isfinite(x)) x = 0;
      }
      break;
    }
  }
  int got = hotloop::orient_sign(v[0], v[1], v[2], v[3], v[4], v[5]);
  int want = exact_orientation(v[0], v[1], v[2], v[3], v[4], v[5]);
  if (got != want) {
    std::fprintf(stderr, "orient_sign(%a, %a, %a, %a, %a, %a) = %d, the exact sign is %d\n", v[0], v[1], v[2], v[3], v[4], v[5], got, want);
    std::abort();
  }
  return 0;
}
