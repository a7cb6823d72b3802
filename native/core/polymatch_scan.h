// The hot loop of matchPoints: one run of candidate polygons (cell order) against one point, keeping
// the smallest area among the close ones, ties to the lowest polygon index. That rule does not
// depend on the order candidates are seen in, so vector lanes may test them in any order.
// Scalar, AVX2 and AVX-512 forms, chosen at run time from simd_level(); all give the same result.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>

namespace hotloop {

struct Candidates {
  const double* cx;
  const double* cy;
  const double* area;
  const int32_t* item;
};

struct Best {
  double area = std::numeric_limits<double>::infinity();  // areas are finite, so the first close one wins
  int32_t item = -1;

  void consider(double a, int32_t i) {
    if (a < area || (a == area && i < item)) {
      area = a;
      item = i;
    }
  }
};

// Candidates [begin, end): close means dx*dx + dy*dy < threshold (see close_threshold).
using ScanFn = void (*)(const Candidates& c, std::size_t begin, std::size_t end, double px, double py,
                        double threshold, Best& best);

ScanFn select_scan();

}  // namespace hotloop
