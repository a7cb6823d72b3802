#include "core/polymatch.h"

#include <cfloat>
#include <cmath>
#include <limits>

namespace hotloop {

namespace {

// Mean of v[begin .. end), summed left to right as the reference does.
double ring_center(const double* v, int32_t begin, int32_t end) {
  double sum = 0;
  for (int32_t i = begin; i < end; ++i) sum += v[i];
  return sum / (end - begin);
}

// 0.5*|sum x[i]*y[i-1] - sum y[i]*x[i-1]|, indices mod n, summed left to right.
double ring_area(const double* x, const double* y, int32_t begin, int32_t end) {
  double sxy = 0;
  double syx = 0;
  int32_t prev = end - 1;
  for (int32_t i = begin; i < end; ++i) {
    sxy += x[i] * y[prev];
    syx += y[i] * x[prev];
    prev = i;
  }
  return 0.5 * std::fabs(sxy - syx);
}

}  // namespace

void polygon_stats(const double* x, const double* y, const int32_t* offsets, double* centers, double* areas,
                   std::size_t begin, std::size_t end) {
  for (std::size_t i = begin; i < end; ++i) {
    int32_t a = offsets[i];
    int32_t b = offsets[i + 1];
    centers[2 * i] = ring_center(x, a, b);
    centers[2 * i + 1] = ring_center(y, a, b);
    areas[i] = ring_area(x, y, a, b);
  }
}

double close_threshold(double max_dist) {
  const double inf = std::numeric_limits<double>::infinity();
  double t = max_dist * max_dist;  // within a few units in the last place of the answer
  if (t > DBL_MAX) t = DBL_MAX;
  while (t > 0 && std::sqrt(std::nextafter(t, 0.0)) >= max_dist) t = std::nextafter(t, 0.0);
  while (std::sqrt(t) < max_dist) t = std::nextafter(t, inf);  // may end at inf: every finite d2 is close
  return t;
}

std::size_t close_indices(const double* centers, std::size_t n, double px, double py, double max_dist, int32_t* out) {
  const double threshold = close_threshold(max_dist);
  std::size_t count = 0;
  for (std::size_t i = 0; i < n; ++i) {
    double dx = centers[2 * i] - px;
    double dy = centers[2 * i + 1] - py;
    if (dx * dx + dy * dy < threshold) out[count++] = static_cast<int32_t>(i);
  }
  return count;
}

}  // namespace hotloop
