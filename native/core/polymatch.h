// Polygon matching (seed 001), the parts without an index: ring centers and shoelace areas with the
// TypeScript reference's summation order (src/polymatch/reference.ts), the exact "close" test, and
// the per-call scan of every center. Built with -ffp-contract=off, so the sums are the same bits.
#pragma once

#include <cstddef>
#include <cstdint>

namespace hotloop {

// centers[2i], centers[2i+1] and areas[i] of rings offsets[i] .. offsets[i+1], for i in [begin, end).
void polygon_stats(const double* x, const double* y, const int32_t* offsets, double* centers, double* areas,
                   std::size_t begin, std::size_t end);

// The smallest t with sqrt(t) >= max_dist. sqrt is correctly rounded and monotone, so for every d2
// (NaN aside) `sqrt(d2) < max_dist` is exactly `d2 < close_threshold(max_dist)`: the spec's test
// without a square root per candidate.
double close_threshold(double max_dist);

// Indices (ascending) of the centers close to (px, py) into out; returns how many.
std::size_t close_indices(const double* centers, std::size_t n, double px, double py, double max_dist, int32_t* out);

}  // namespace hotloop
