// Reading a packed disk profile (see lum.h): the segment serving a log radius, and its value there.
// Shared by the scalar kernel (lum.cc) and the vector blocks (lum_lanes.h).
#pragma once

#include "core/portable_math.h"

namespace hotloop {
namespace lum_profile {
namespace {  // internal linkage, as portable_math.h

constexpr int kHeader = 2;
constexpr int kSegment = 5;

// profile.ts findSegment: -1 when x is outside and the profile does not extrapolate. Inside, the
// segment of the last breakpoint <= x (the same one profile.ts's search finds), searched without
// branches: the comparison picks the half, so no misprediction stalls the pipeline.
inline long find_segment(const double* packed, double x) {
  const long n = static_cast<long>(packed[0]);
  const double* breaks = packed + kHeader;
  if (x < breaks[0]) return packed[1] != 0 ? 0 : -1;
  if (x > breaks[n]) return packed[1] != 0 ? n + 1 : -1;
  if (x != x) return -1;
  long lo = 0;
  long length = n;
  while (length > 1) {
    const long half = length >> 1;
    lo = x < breaks[lo + half] ? lo : lo + half;
    length -= half;
  }
  return lo + 1;
}

// The segment's (anchor, c0, c1, c2, c3).
inline const double* segment(const double* packed, long index) {
  return packed + kHeader + static_cast<long>(packed[0]) + 1 + kSegment * index;
}

// profile.ts segmentValue, then exp: the profile's value at log radius x.
inline double value(const double* packed, long index, double x) {
  const double* s = segment(packed, index);
  const double t = x - s[0];
  return portable::exp(s[1] + t * (s[2] + t * (s[3] + t * s[4])));
}

}  // namespace
}  // namespace lum_profile
}  // namespace hotloop
