// Turns a fuzzer's bytes into the values a harness needs. Running out of bytes yields zeros, so
// every input, however short, is a valid case; libFuzzer's mutations then move along the fields.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace fuzz {

class Input {
 public:
  Input(const uint8_t* data, std::size_t size) : p_(data), n_(size) {}

  template <typename T>
  T take() {
    T v{};
    std::size_t k = n_ < sizeof(T) ? n_ : sizeof(T);
    std::memcpy(&v, p_, k);
    p_ += k;
    n_ -= k;
    return v;
  }

  // An integer in [0, bound).
  std::size_t below(std::size_t bound) { return bound == 0 ? 0 : take<uint32_t>() % bound; }

  // A finite double: raw bits (any exponent, subnormals, signed zeros), or a small integer times a
  // power of two, so that equal and nearby values are common too.
  double finite() {
    uint8_t mode = take<uint8_t>();
    double v;
    if (mode % 2 == 0) {
      v = take<double>();
    } else {
      int exponent = static_cast<int>(take<uint16_t>() % 2098) - 1074;
      v = std::ldexp(static_cast<double>(take<int16_t>()), exponent);
    }
    return std::isfinite(v) ? v : 0.0;
  }

  // What is left, for bulk data.
  const uint8_t* rest() const { return p_; }
  std::size_t remaining() const { return n_; }

 private:
  const uint8_t* p_;
  std::size_t n_;
};

}  // namespace fuzz
