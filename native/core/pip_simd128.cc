#include "core/pip_simd128.h"

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>

namespace hotloop {

namespace {

// The grid's constants, each splatted once per call.
struct Grid {
  v128_t min_x, min_y, max_x, max_y, per_x, per_y, last_x, last_y;
  v128_t width;  // i32x4
};

// In the grid's box: ordered comparisons, so NaN lanes are outside, as in the scalar in_box.
inline v128_t inside(const Grid& g, v128_t x, v128_t y) {
  return wasm_v128_and(wasm_v128_and(wasm_f64x2_ge(x, g.min_x), wasm_f64x2_le(x, g.max_x)),
                       wasm_v128_and(wasm_f64x2_ge(y, g.min_y), wasm_f64x2_le(y, g.max_y)));
}

// cell_of for two values: t = (value - origin) * per, then `t < last ? t : last` (pmin(last, t) is
// exactly that, NaN giving last), truncated. In the box the clamped value lies in [0, last], below
// 2^31, so the saturating conversion is the scalar cast; lanes outside the box are masked off.
inline v128_t cells(v128_t value, v128_t origin, v128_t per, v128_t last) {
  return wasm_i32x4_trunc_sat_f64x2_zero(wasm_f64x2_pmin(last, wasm_f64x2_mul(wasm_f64x2_sub(value, origin), per)));
}

// The first zone of four points (i .. i+3): the stored answer of their cells, -1 outside the grid,
// kUndecided where the full test must decide. Four points so that two independent pairs and four
// table loads are in flight at once.
inline v128_t known4(const Grid& g, const int32_t* answers, const double* lat, const double* lon, std::size_t i) {
  v128_t x0 = wasm_v128_load(lon + i), x1 = wasm_v128_load(lon + i + 2);
  v128_t y0 = wasm_v128_load(lat + i), y1 = wasm_v128_load(lat + i + 2);
  // The two 64-bit lane masks narrowed to one i32x4 mask.
  v128_t in = wasm_i32x4_shuffle(inside(g, x0, y0), inside(g, x1, y1), 0, 2, 4, 6);
  v128_t cx = wasm_i32x4_shuffle(cells(x0, g.min_x, g.per_x, g.last_x), cells(x1, g.min_x, g.per_x, g.last_x), 0, 1, 4, 5);
  v128_t cy = wasm_i32x4_shuffle(cells(y0, g.min_y, g.per_y, g.last_y), cells(y1, g.min_y, g.per_y, g.last_y), 0, 1, 4, 5);
  // Lanes outside the box read cell 0 (always there) and are replaced by -1 below: no branch on
  // where the points fall, which real feeds mix unpredictably.
  v128_t cell = wasm_v128_and(wasm_i32x4_add(wasm_i32x4_mul(cy, g.width), cx), in);
  v128_t answer = wasm_i32x4_make(answers[wasm_i32x4_extract_lane(cell, 0)], answers[wasm_i32x4_extract_lane(cell, 1)],
                                  answers[wasm_i32x4_extract_lane(cell, 2)], answers[wasm_i32x4_extract_lane(cell, 3)]);
  return wasm_v128_bitselect(answer, wasm_i32x4_splat(-1), in);
}

}  // namespace

void pip_range_simd128(const PipZones& z, const double* lat, const double* lon, int32_t* out, Boundary mode,
                       std::size_t begin, std::size_t end) {
  const double* b = z.grid_box;
  const Grid g{wasm_f64x2_splat(b[0]), wasm_f64x2_splat(b[1]), wasm_f64x2_splat(b[2]), wasm_f64x2_splat(b[3]),
               wasm_f64x2_splat(b[4]), wasm_f64x2_splat(b[5]), wasm_f64x2_splat(b[6] - 1), wasm_f64x2_splat(b[7] - 1),
               wasm_i32x4_splat(static_cast<int32_t>(b[6]))};
  const v128_t undecided = wasm_i32x4_splat(kUndecided);
  PipPipeline pipeline(z, lat, lon, out, mode);
  // Blocks of points in two passes: first every point's cell answer, with no branch, so the loads
  // of a block's answers (a grid larger than the caches misses on most) are in flight together;
  // then the points of undecided cells, in order. In one pass, the branch on each group's
  // undecided points (taken for about a fifth of the groups of an AIS feed, at random) flushed
  // the answers already requested for the groups after it. wasm has no prefetch to do better.
  constexpr std::size_t kBlock = 256;
  std::size_t i = begin;
  while (end - i >= 4) {
    const std::size_t count = end - i < kBlock ? (end - i) & ~std::size_t{3} : kBlock;
    for (std::size_t k = 0; k < count; k += 4) wasm_v128_store(out + i + k, known4(g, z.cell_answer, lat, lon, i + k));
    for (std::size_t k = 0; k < count; k += 4) {
      const v128_t busy = wasm_i32x4_eq(wasm_v128_load(out + i + k), undecided);
      if (!wasm_v128_any_true(busy)) continue;
      for (unsigned lanes = wasm_i32x4_bitmask(busy); lanes != 0; lanes &= lanes - 1) {
        pipeline.push(i + k + static_cast<unsigned>(__builtin_ctz(lanes)));
      }
    }
    i += count;
  }
  pipeline.finish();
  for (; i < end; ++i) out[i] = pip_first(z, lon[i], lat[i], mode);
}

}  // namespace hotloop

#endif
