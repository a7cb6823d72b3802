// PNG scanline preparation, the part of PNG encoding that is not zlib: each row gets its filter
// byte and is filtered (None or Up), and the Adler-32 that ends the zlib stream is computed on the
// way, per band of rows so bands can run on several threads and be combined in order.
#pragma once

#include <cstddef>
#include <cstdint>

namespace hotloop {

constexpr int kPngFilterNone = 0;
constexpr int kPngFilterUp = 2;

// Rows [begin, end) of `pixels` (stride bytes each) into `out` (stride + 1 bytes per row, row
// `begin` at out[0]); returns the Adler-32 of the bytes written (as if started from 1).
uint32_t png_filter_rows(const uint8_t* pixels, std::size_t stride, std::size_t begin, std::size_t end, int filter,
                         uint8_t* out);

// Adler-32 of A followed by B, from adler(A), adler(B) and B's length (zlib's adler32_combine).
uint32_t adler32_combine(uint32_t a, uint32_t b, uint64_t length_b);

}  // namespace hotloop
