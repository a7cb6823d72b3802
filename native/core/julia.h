// Escape counts of the Julia set of z -> z^2 + c over a grid (seed 004), with the arithmetic of the
// TypeScript reference (src/julia/reference.ts) so counts are exact across backends:
//   im' = (re*im + re*im) + ci;  re' = (re*re - im*im) + cr;  escaped when re'^2 + im'^2 >= t2;
// the count is the first iteration n (0-based) that escapes, itermax when none does.
// No FMA anywhere: the build uses -ffp-contract=off and the vector paths keep the same operations.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/control.h"

namespace hotloop {

struct JuliaGrid {
  const double* xs;  // width real parts, left to right
  std::size_t width;
  const double* ys;  // height imaginary parts, top row first
  std::size_t height;
  double cr, ci;     // the constant c
  double t2;         // threshold squared
  uint32_t itermax;
  // Polled every kCancelStride iterations inside a pixel group, so even a huge itermax cancels
  // promptly (julia_rows returns false); rows are also checked between chunks by the caller.
  Control control{};
};

constexpr uint32_t kCancelStride = 1u << 14;

// Rows [row_begin, row_end) into counts (row-major, width per row). When norms is not null it gets
// |z|^2 at escape (0 for pixels that never escape), for smooth colouring. Count is uint16_t or uint32_t.
// False when cancelled (the rows are then partly written).
template <typename Count>
bool julia_rows(const JuliaGrid& grid, std::size_t row_begin, std::size_t row_end, Count* counts, double* norms);

// levels[i] = table[counts[i]] for i in [begin, end): grey levels (or any per-count byte) from counts.
template <typename Count>
void julia_levels(const Count* counts, const uint8_t* table, uint8_t* levels, std::size_t begin, std::size_t end);

}  // namespace hotloop
