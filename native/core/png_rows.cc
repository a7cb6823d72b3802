#include "core/png_rows.h"

#include <cstring>

namespace hotloop {

namespace {

constexpr uint32_t kBase = 65521;
constexpr std::size_t kNmax = 5552;  // most bytes before the sums could overflow 32 bits

struct Adler {
  uint32_t a = 1, b = 0;
  void update(const uint8_t* data, std::size_t n) {
    while (n > 0) {
      std::size_t chunk = n < kNmax ? n : kNmax;
      n -= chunk;
      for (std::size_t i = 0; i < chunk; ++i) {
        a += data[i];
        b += a;
      }
      data += chunk;
      a %= kBase;
      b %= kBase;
    }
  }
  uint32_t value() const { return (b << 16) | a; }
};

}  // namespace

uint32_t png_filter_rows(const uint8_t* pixels, std::size_t stride, std::size_t begin, std::size_t end, int filter,
                         uint8_t* out) {
  Adler adler;
  for (std::size_t y = begin; y < end; ++y) {
    uint8_t* o = out + (y - begin) * (stride + 1);
    const uint8_t* row = pixels + y * stride;
    if (filter == kPngFilterUp && y > 0) {
      const uint8_t* above = row - stride;
      o[0] = kPngFilterUp;
      for (std::size_t x = 0; x < stride; ++x) o[1 + x] = static_cast<uint8_t>(row[x] - above[x]);
    } else {
      o[0] = kPngFilterNone;
      std::memcpy(o + 1, row, stride);
    }
    adler.update(o, stride + 1);
  }
  return adler.value();
}

uint32_t adler32_combine(uint32_t a, uint32_t b, uint64_t length_b) {
  uint32_t rem = static_cast<uint32_t>(length_b % kBase);
  uint32_t sum1 = a & 0xffff;
  uint32_t sum2 = static_cast<uint32_t>((static_cast<uint64_t>(rem) * sum1) % kBase);
  sum1 += (b & 0xffff) + kBase - 1;
  sum2 += (a >> 16) + (b >> 16) + kBase - rem;
  if (sum1 >= kBase) sum1 -= kBase;
  if (sum1 >= kBase) sum1 -= kBase;
  if (sum2 >= (kBase << 1)) sum2 -= (kBase << 1);
  if (sum2 >= kBase) sum2 -= kBase;
  return sum1 | (sum2 << 16);
}

}  // namespace hotloop
