// AVX2 calibration kernels (calibrate.h): the peak loop on julia_stream.h's step, and the plain
// 4x4-interleaved loop the production kernel is held against.
#if defined(__x86_64__)
#include "core/calibrate.h"

#include "core/vector_target.h"

HOTLOOP_TARGET_BEGIN("avx2")
#include <immintrin.h>
#include "core/julia_lanes_avx2.h"
#include "core/julia_peak.h"


namespace hotloop {

int64_t julia_peak_avx2(int chains, uint64_t iterations) {
  switch (chains) {
    case 1: return julia_stream::peak<Lanes256, 1>(iterations);
    case 2: return julia_stream::peak<Lanes256, 2>(iterations);
    case 3: return julia_stream::peak<Lanes256, 3>(iterations);
    case 4: return julia_stream::peak<Lanes256, 4>(iterations);
    case 6: return julia_stream::peak<Lanes256, 6>(iterations);
    default: return julia_stream::peak<Lanes256, 8>(iterations);
  }
}

template <typename Count>
void julia_plain_rows_avx2(const JuliaGrid& g, std::size_t row_begin, std::size_t row_end, Count* counts) {
  const __m256d cr = _mm256_set1_pd(g.cr), ci = _mm256_set1_pd(g.ci), t2 = _mm256_set1_pd(g.t2);
  const __m256d one = _mm256_set1_pd(1.0);
  for (std::size_t row = row_begin; row < row_end; ++row) {
    const double y = g.ys[row];
    Count* out = counts + row * g.width;
    std::size_t x = 0;
    for (; x + 16 <= g.width; x += 16) {
      __m256d re[4], im[4], rr[4], ii[4], cnt[4], active[4];
      for (int v = 0; v < 4; ++v) {
        re[v] = _mm256_loadu_pd(g.xs + x + 4 * v);
        im[v] = _mm256_set1_pd(y);
        rr[v] = _mm256_mul_pd(re[v], re[v]);
        ii[v] = _mm256_mul_pd(im[v], im[v]);
        cnt[v] = _mm256_setzero_pd();
        active[v] = _mm256_castsi256_pd(_mm256_set1_epi64x(-1));
      }
      for (uint32_t n = 0; n < g.itermax; ++n) {
        for (int v = 0; v < 4; ++v) {
          __m256d p = _mm256_mul_pd(re[v], im[v]);
          im[v] = _mm256_add_pd(_mm256_add_pd(p, p), ci);
          re[v] = _mm256_add_pd(_mm256_sub_pd(rr[v], ii[v]), cr);
          rr[v] = _mm256_mul_pd(re[v], re[v]);
          ii[v] = _mm256_mul_pd(im[v], im[v]);
          __m256d s = _mm256_add_pd(rr[v], ii[v]);
          active[v] = _mm256_and_pd(active[v], _mm256_cmp_pd(s, t2, _CMP_NGE_UQ));
          cnt[v] = _mm256_add_pd(cnt[v], _mm256_and_pd(active[v], one));
        }
        __m256d any = _mm256_or_pd(_mm256_or_pd(active[0], active[1]), _mm256_or_pd(active[2], active[3]));
        if (_mm256_movemask_pd(any) == 0) break;
      }
      double c[16];
      for (int v = 0; v < 4; ++v) _mm256_storeu_pd(c + 4 * v, cnt[v]);
      for (int i = 0; i < 16; ++i) out[x + i] = static_cast<Count>(c[i]);
    }
    for (; x < g.width; ++x) {  // the last pixels of the row, one at a time as the reference
      double re = g.xs[x], im = y, rr = re * re, ii = im * im;
      uint32_t n = 0;
      for (; n < g.itermax; ++n) {
        double p = re * im;
        im = (p + p) + g.ci;
        re = (rr - ii) + g.cr;
        rr = re * re;
        ii = im * im;
        if (rr + ii >= g.t2) break;
      }
      out[x] = static_cast<Count>(n);
    }
  }
}

template void julia_plain_rows_avx2<uint16_t>(const JuliaGrid&, std::size_t, std::size_t, uint16_t*);
template void julia_plain_rows_avx2<uint32_t>(const JuliaGrid&, std::size_t, std::size_t, uint32_t*);

}  // namespace hotloop

HOTLOOP_TARGET_END()
#endif
