#include "core/cubic_exact.h"

#include <cstdint>
#include <cstring>

namespace hotloop {

namespace {

// A term's magnitude: |weight| (< 32) times up to four 53-bit significands, at most 217 bits.
constexpr int kTermLimbs = 8;
// The sum's: a term's exponent (four doubles' exponents, each in [-1074, 971]) spans 8180 bits
// between the smallest and the largest term, plus the term's own 217 bits.
constexpr int kSumLimbs = 288;

struct Term {
  int negative;
  uint32_t limb[kTermLimbs];
  int exponent;
};

// v = (-1)^negative * significand * 2^exponent exactly; v finite.
void split(double v, int& negative, uint64_t& significand, int& exponent) {
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  int biased = static_cast<int>((bits >> 52) & 0x7ff);
  significand = bits & ((uint64_t{1} << 52) - 1);
  if (biased != 0) significand |= uint64_t{1} << 52;
  exponent = (biased == 0 ? 1 : biased) - 1075;
  negative = static_cast<int>(bits >> 63);
}

// t *= factor (factor < 2^53; the product fits, see kTermLimbs).
void multiply(Term& t, uint64_t factor) {
  uint32_t lo = static_cast<uint32_t>(factor), hi = static_cast<uint32_t>(factor >> 32);
  uint32_t out[kTermLimbs] = {};
  for (int half = 0; half < 2; ++half) {
    uint64_t f = half == 0 ? lo : hi;
    uint64_t carry = 0;
    for (int i = 0; i + half < kTermLimbs; ++i) {
      uint64_t v = static_cast<uint64_t>(t.limb[i]) * f + out[i + half] + carry;
      out[i + half] = static_cast<uint32_t>(v);
      carry = v >> 32;
    }
  }
  std::memcpy(t.limb, out, sizeof out);
}

bool is_zero(const Term& t) {
  for (uint32_t l : t.limb) {
    if (l != 0) return false;
  }
  return true;
}

// weight * product of the doubles, as sign, magnitude and exponent.
Term make_term(int weight, const double* factors, int n) {
  Term t{weight < 0, {}, 0};
  t.limb[0] = static_cast<uint32_t>(weight < 0 ? -weight : weight);
  for (int i = 0; i < n; ++i) {
    int negative, exponent;
    uint64_t significand;
    split(factors[i], negative, significand, exponent);
    t.negative ^= negative;
    t.exponent += exponent;
    multiply(t, significand);
  }
  return t;
}

// sum += t << shift.
void add_shifted(uint32_t* sum, const Term& t, int shift) {
  int word = shift / 32, bit = shift % 32;
  uint64_t carry = 0;
  for (int i = 0; word + i < kSumLimbs; ++i) {
    uint64_t part = 0;
    if (i < kTermLimbs) part |= static_cast<uint64_t>(t.limb[i]) << bit;
    if (bit != 0 && i > 0 && i - 1 < kTermLimbs) part |= static_cast<uint64_t>(t.limb[i - 1]) >> (32 - bit);
    if (i > kTermLimbs && carry == 0) break;
    uint64_t v = static_cast<uint64_t>(sum[word + i]) + static_cast<uint32_t>(part) + carry;
    sum[word + i] = static_cast<uint32_t>(v);
    carry = v >> 32;
  }
}

int exact_sign(const Term* terms, int n) {
  int low = 0;
  bool any = false;
  for (int i = 0; i < n; ++i) {
    if (is_zero(terms[i])) continue;
    if (!any || terms[i].exponent < low) low = terms[i].exponent;
    any = true;
  }
  if (!any) return 0;
  uint32_t positive[kSumLimbs] = {}, negative[kSumLimbs] = {};
  for (int i = 0; i < n; ++i) {
    if (is_zero(terms[i])) continue;
    add_shifted(terms[i].negative ? negative : positive, terms[i], terms[i].exponent - low);
  }
  for (int i = kSumLimbs - 1; i >= 0; --i) {
    if (positive[i] != negative[i]) return positive[i] > negative[i] ? 1 : -1;
  }
  return 0;
}

}  // namespace

int cubic_discriminant_sign(double a, double b, double c, double d) {
  const double t0[] = {a, b, c, d}, t1[] = {b, b, b, d}, t2[] = {b, b, c, c}, t3[] = {a, c, c, c}, t4[] = {a, a, d, d};
  const Term terms[] = {make_term(18, t0, 4), make_term(-4, t1, 4), make_term(1, t2, 4), make_term(-4, t3, 4),
                        make_term(-27, t4, 4)};
  return exact_sign(terms, 5);
}

int square_minus_product_sign(double b, int k, double a, double c) {
  const double t0[] = {b, b}, t1[] = {a, c};
  const Term terms[] = {make_term(1, t0, 2), make_term(-k, t1, 2)};
  return exact_sign(terms, 2);
}

}  // namespace hotloop
