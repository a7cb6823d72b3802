#include "core/julia.h"

#include "core/cpu.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define HOTLOOP_X86 1
#endif
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#define HOTLOOP_SIMD128 1
#endif

namespace hotloop {

namespace {

// One pixel, the reference loop. Also the tail of every vector row, so every path shares the
// operations written here. False when cancelled.
inline bool pixel(const JuliaGrid& g, double re, double im, double& count, double& norm) {
  double rr = re * re;
  double ii = im * im;
  for (uint32_t n = 0; n < g.itermax; ++n) {
    if ((n + 1) % kCancelStride == 0 && g.control.cancelled()) return false;
    double p = re * im;
    im = (p + p) + g.ci;  // p + p is re*im + im*re exactly, as numpy's complex square
    re = (rr - ii) + g.cr;
    rr = re * re;
    ii = im * im;
    double s = rr + ii;
    if (s >= g.t2) {
      count = n;
      norm = s;
      return true;
    }
  }
  count = g.itermax;
  norm = 0;
  return true;
}

#ifdef HOTLOOP_X86
// Kernels per vector unit: several independent vectors in flight hide the multiply/add latency
// (about 3-4 cycles each on a chain of 5 per iteration). A group stops when all its lanes escaped;
// escaped lanes keep iterating to inf/NaN, which is harmless because `active` masks them out.
constexpr int kVec512 = 4;  // 4 x 8 = 32 pixels per group
constexpr int kVec256 = 4;  // 4 x 4 = 16 pixels per group
#endif
constexpr int kGroupPixels = 32;  // the scratch of julia_rows holds one group's results
#ifdef HOTLOOP_X86
static_assert(8 * kVec512 <= kGroupPixels && 4 * kVec256 <= kGroupPixels, "group scratch too small");

// Counting up: a lane's count grows by one for every iteration it is still inside (not
// |z|^2 >= t2, so NaN keeps a lane inside exactly as in the reference), which gives the first
// escaping n. The masked compare updates `active` in one instruction, and the masked add counts:
// fewer mask operations on the busy vector ports than recording n at escape.
//
// A group's lanes live in a struct between blocks of kCancelStride iterations, and the block runs
// in its own function on local copies: the cancel poll between blocks (an atomic load, a compiler
// barrier) would otherwise make GCC keep every vector in memory (measured 45% slower).
struct Lanes512 {
  __m512d re[kVec512], im[kVec512], rr[kVec512], ii[kVec512], cnt[kVec512], nrm[kVec512];
  __mmask8 active[kVec512];
};

template <bool kNorms>
__attribute__((target("avx512f,avx512bw,avx512dq,avx512vl"), noinline))
bool iterate512(Lanes512& lanes, const JuliaGrid& g, uint32_t iterations) {
  const __m512d cr = _mm512_set1_pd(g.cr), ci = _mm512_set1_pd(g.ci), t2 = _mm512_set1_pd(g.t2);
  const __m512d one = _mm512_set1_pd(1.0);
  __m512d re[kVec512], im[kVec512], rr[kVec512], ii[kVec512], cnt[kVec512], nrm[kVec512];
  __mmask8 active[kVec512];
  for (int v = 0; v < kVec512; ++v) {
    re[v] = lanes.re[v], im[v] = lanes.im[v], rr[v] = lanes.rr[v], ii[v] = lanes.ii[v];
    cnt[v] = lanes.cnt[v], nrm[v] = lanes.nrm[v], active[v] = lanes.active[v];
  }
  unsigned any = 1;
  for (uint32_t n = 0; n < iterations && any != 0; ++n) {
    any = 0;
    for (int v = 0; v < kVec512; ++v) {
      if (active[v] == 0) continue;  // a finished vector stops costing anything
      __m512d p = _mm512_mul_pd(re[v], im[v]);
      im[v] = _mm512_add_pd(_mm512_add_pd(p, p), ci);
      re[v] = _mm512_add_pd(_mm512_sub_pd(rr[v], ii[v]), cr);
      rr[v] = _mm512_mul_pd(re[v], re[v]);
      ii[v] = _mm512_mul_pd(im[v], im[v]);
      __m512d s = _mm512_add_pd(rr[v], ii[v]);
      __mmask8 inside = _mm512_mask_cmp_pd_mask(active[v], s, t2, _CMP_NGE_UQ);
      if (kNorms) nrm[v] = _mm512_mask_mov_pd(nrm[v], static_cast<__mmask8>(active[v] & ~inside), s);
      active[v] = inside;
      cnt[v] = _mm512_mask_add_pd(cnt[v], inside, cnt[v], one);
      any |= inside;
    }
  }
  for (int v = 0; v < kVec512; ++v) {
    lanes.re[v] = re[v], lanes.im[v] = im[v], lanes.rr[v] = rr[v], lanes.ii[v] = ii[v];
    lanes.cnt[v] = cnt[v], lanes.nrm[v] = nrm[v], lanes.active[v] = active[v];
  }
  return any != 0;
}

// Pixels xs[0 .. 8*kVec512) of the row at y; false when cancelled.
template <bool kNorms>
__attribute__((target("avx512f,avx512bw,avx512dq,avx512vl")))
bool group512(const JuliaGrid& g, const double* xs, double y, double* count, double* norm) {
  Lanes512 lanes;
  for (int v = 0; v < kVec512; ++v) {
    lanes.re[v] = _mm512_loadu_pd(xs + 8 * v);
    lanes.im[v] = _mm512_set1_pd(y);
    lanes.rr[v] = _mm512_mul_pd(lanes.re[v], lanes.re[v]);
    lanes.ii[v] = _mm512_mul_pd(lanes.im[v], lanes.im[v]);
    lanes.cnt[v] = _mm512_setzero_pd();
    lanes.nrm[v] = _mm512_setzero_pd();
    lanes.active[v] = 0xFF;
  }
  for (uint32_t n = 0; n < g.itermax; n += kCancelStride) {
    if (!iterate512<kNorms>(lanes, g, g.itermax - n < kCancelStride ? g.itermax - n : kCancelStride)) break;
    if (g.itermax - n > kCancelStride && g.control.cancelled()) return false;
  }
  for (int v = 0; v < kVec512; ++v) {
    _mm512_storeu_pd(count + 8 * v, lanes.cnt[v]);
    _mm512_storeu_pd(norm + 8 * v, lanes.nrm[v]);
  }
  return true;
}

// The AVX2 form of the above: masks are vectors, counts added as 1.0 where still inside.
struct Lanes256 {
  __m256d re[kVec256], im[kVec256], rr[kVec256], ii[kVec256], cnt[kVec256], nrm[kVec256], active[kVec256];
};

template <bool kNorms>
__attribute__((target("avx2,fma"), noinline))
bool iterate256(Lanes256& lanes, const JuliaGrid& g, uint32_t iterations) {
  const __m256d cr = _mm256_set1_pd(g.cr), ci = _mm256_set1_pd(g.ci), t2 = _mm256_set1_pd(g.t2);
  const __m256d one = _mm256_set1_pd(1.0);
  __m256d re[kVec256], im[kVec256], rr[kVec256], ii[kVec256], cnt[kVec256], nrm[kVec256], active[kVec256];
  for (int v = 0; v < kVec256; ++v) {
    re[v] = lanes.re[v], im[v] = lanes.im[v], rr[v] = lanes.rr[v], ii[v] = lanes.ii[v];
    cnt[v] = lanes.cnt[v], nrm[v] = lanes.nrm[v], active[v] = lanes.active[v];
  }
  int any = 1;
  for (uint32_t n = 0; n < iterations && any != 0; ++n) {
    any = 0;
    for (int v = 0; v < kVec256; ++v) {
      if (_mm256_movemask_pd(active[v]) == 0) continue;
      __m256d p = _mm256_mul_pd(re[v], im[v]);
      im[v] = _mm256_add_pd(_mm256_add_pd(p, p), ci);
      re[v] = _mm256_add_pd(_mm256_sub_pd(rr[v], ii[v]), cr);
      rr[v] = _mm256_mul_pd(re[v], re[v]);
      ii[v] = _mm256_mul_pd(im[v], im[v]);
      __m256d s = _mm256_add_pd(rr[v], ii[v]);
      __m256d inside = _mm256_and_pd(_mm256_cmp_pd(s, t2, _CMP_NGE_UQ), active[v]);
      if (kNorms) nrm[v] = _mm256_blendv_pd(nrm[v], s, _mm256_andnot_pd(inside, active[v]));
      active[v] = inside;
      cnt[v] = _mm256_add_pd(cnt[v], _mm256_and_pd(inside, one));
      any |= _mm256_movemask_pd(inside);
    }
  }
  for (int v = 0; v < kVec256; ++v) {
    lanes.re[v] = re[v], lanes.im[v] = im[v], lanes.rr[v] = rr[v], lanes.ii[v] = ii[v];
    lanes.cnt[v] = cnt[v], lanes.nrm[v] = nrm[v], lanes.active[v] = active[v];
  }
  return any != 0;
}

template <bool kNorms>
__attribute__((target("avx2,fma")))
bool group256(const JuliaGrid& g, const double* xs, double y, double* count, double* norm) {
  Lanes256 lanes;
  for (int v = 0; v < kVec256; ++v) {
    lanes.re[v] = _mm256_loadu_pd(xs + 4 * v);
    lanes.im[v] = _mm256_set1_pd(y);
    lanes.rr[v] = _mm256_mul_pd(lanes.re[v], lanes.re[v]);
    lanes.ii[v] = _mm256_mul_pd(lanes.im[v], lanes.im[v]);
    lanes.cnt[v] = _mm256_setzero_pd();
    lanes.nrm[v] = _mm256_setzero_pd();
    lanes.active[v] = _mm256_castsi256_pd(_mm256_set1_epi64x(-1));
  }
  for (uint32_t n = 0; n < g.itermax; n += kCancelStride) {
    if (!iterate256<kNorms>(lanes, g, g.itermax - n < kCancelStride ? g.itermax - n : kCancelStride)) break;
    if (g.itermax - n > kCancelStride && g.control.cancelled()) return false;
  }
  for (int v = 0; v < kVec256; ++v) {
    _mm256_storeu_pd(count + 4 * v, lanes.cnt[v]);
    _mm256_storeu_pd(norm + 4 * v, lanes.nrm[v]);
  }
  return true;
}
#endif

#ifdef HOTLOOP_SIMD128
// The SIMD128 form (the wasm build): f64x2 vectors, several chains in flight as above, masks as
// vectors; the same operations in the same order as pixel(), so counts and norms are identical.
constexpr int kVec128 = 4;  // 4 x 2 = 8 pixels per group
static_assert(2 * kVec128 <= kGroupPixels, "group scratch too small");

struct Lanes128 {
  v128_t re[kVec128], im[kVec128], rr[kVec128], ii[kVec128], cnt[kVec128], nrm[kVec128], active[kVec128];
};

template <bool kNorms>
__attribute__((noinline)) bool iterate128(Lanes128& lanes, const JuliaGrid& g, uint32_t iterations) {
  const v128_t cr = wasm_f64x2_splat(g.cr), ci = wasm_f64x2_splat(g.ci), t2 = wasm_f64x2_splat(g.t2);
  const v128_t one = wasm_f64x2_splat(1.0);
  v128_t re[kVec128], im[kVec128], rr[kVec128], ii[kVec128], cnt[kVec128], nrm[kVec128], active[kVec128];
  for (int v = 0; v < kVec128; ++v) {
    re[v] = lanes.re[v], im[v] = lanes.im[v], rr[v] = lanes.rr[v], ii[v] = lanes.ii[v];
    cnt[v] = lanes.cnt[v], nrm[v] = lanes.nrm[v], active[v] = lanes.active[v];
  }
  bool any = true;
  for (uint32_t n = 0; n < iterations && any; ++n) {
    any = false;
    for (int v = 0; v < kVec128; ++v) {
      if (!wasm_v128_any_true(active[v])) continue;
      v128_t p = wasm_f64x2_mul(re[v], im[v]);
      im[v] = wasm_f64x2_add(wasm_f64x2_add(p, p), ci);
      re[v] = wasm_f64x2_add(wasm_f64x2_sub(rr[v], ii[v]), cr);
      rr[v] = wasm_f64x2_mul(re[v], re[v]);
      ii[v] = wasm_f64x2_mul(im[v], im[v]);
      v128_t s = wasm_f64x2_add(rr[v], ii[v]);
      // inside: not (s >= t2), so NaN stays inside as in the reference
      v128_t inside = wasm_v128_andnot(active[v], wasm_f64x2_ge(s, t2));
      if (kNorms) nrm[v] = wasm_v128_bitselect(s, nrm[v], wasm_v128_andnot(active[v], inside));
      active[v] = inside;
      cnt[v] = wasm_f64x2_add(cnt[v], wasm_v128_and(inside, one));
      any = any || wasm_v128_any_true(inside);
    }
  }
  for (int v = 0; v < kVec128; ++v) {
    lanes.re[v] = re[v], lanes.im[v] = im[v], lanes.rr[v] = rr[v], lanes.ii[v] = ii[v];
    lanes.cnt[v] = cnt[v], lanes.nrm[v] = nrm[v], lanes.active[v] = active[v];
  }
  return any;
}

template <bool kNorms>
bool group128(const JuliaGrid& g, const double* xs, double y, double* count, double* norm) {
  Lanes128 lanes;
  for (int v = 0; v < kVec128; ++v) {
    lanes.re[v] = wasm_v128_load(xs + 2 * v);
    lanes.im[v] = wasm_f64x2_splat(y);
    lanes.rr[v] = wasm_f64x2_mul(lanes.re[v], lanes.re[v]);
    lanes.ii[v] = wasm_f64x2_mul(lanes.im[v], lanes.im[v]);
    lanes.cnt[v] = wasm_f64x2_splat(0.0);
    lanes.nrm[v] = wasm_f64x2_splat(0.0);
    lanes.active[v] = wasm_i64x2_splat(-1);
  }
  for (uint32_t n = 0; n < g.itermax; n += kCancelStride) {
    if (!iterate128<kNorms>(lanes, g, g.itermax - n < kCancelStride ? g.itermax - n : kCancelStride)) break;
    if (g.itermax - n > kCancelStride && g.control.cancelled()) return false;
  }
  for (int v = 0; v < kVec128; ++v) {
    wasm_v128_store(count + 2 * v, lanes.cnt[v]);
    wasm_v128_store(norm + 2 * v, lanes.nrm[v]);
  }
  return true;
}
#endif

}  // namespace

template <typename Count>
bool julia_rows(const JuliaGrid& g, std::size_t row_begin, std::size_t row_end, Count* counts, double* norms) {
  const SimdLevel level = simd_level();
  double count[kGroupPixels], norm[kGroupPixels];
  for (std::size_t row = row_begin; row < row_end; ++row) {
    const double y = g.ys[row];
    Count* out = counts + row * g.width;
    double* nout = norms != nullptr ? norms + row * g.width : nullptr;
    std::size_t x = 0;
    auto store = [&](std::size_t n) {
      for (std::size_t i = 0; i < n; ++i) out[x + i] = static_cast<Count>(count[i]);
      if (nout != nullptr) for (std::size_t i = 0; i < n; ++i) nout[x + i] = norm[i];
    };
#ifdef HOTLOOP_X86
    if (level == SimdLevel::Avx512) {
      for (; x + 8 * kVec512 <= g.width; x += 8 * kVec512) {
        bool done = nout != nullptr ? group512<true>(g, g.xs + x, y, count, norm) : group512<false>(g, g.xs + x, y, count, norm);
        if (!done) return false;
        store(8 * kVec512);
      }
    } else if (level == SimdLevel::Avx2) {
      for (; x + 4 * kVec256 <= g.width; x += 4 * kVec256) {
        bool done = nout != nullptr ? group256<true>(g, g.xs + x, y, count, norm) : group256<false>(g, g.xs + x, y, count, norm);
        if (!done) return false;
        store(4 * kVec256);
      }
    }
#elif defined(HOTLOOP_SIMD128)
    (void)level;
    if (simd128_enabled()) {
      for (; x + 2 * kVec128 <= g.width; x += 2 * kVec128) {
        bool done = nout != nullptr ? group128<true>(g, g.xs + x, y, count, norm) : group128<false>(g, g.xs + x, y, count, norm);
        if (!done) return false;
        store(2 * kVec128);
      }
    }
#else
    (void)level;
#endif
    for (; x < g.width; ++x) {
      if (!pixel(g, g.xs[x], y, count[0], norm[0])) return false;
      out[x] = static_cast<Count>(count[0]);
      if (nout != nullptr) nout[x] = norm[0];
    }
  }
  return true;
}

template <typename Count>
void julia_levels(const Count* counts, const uint8_t* table, uint8_t* levels, std::size_t begin, std::size_t end) {
  for (std::size_t i = begin; i < end; ++i) levels[i] = table[counts[i]];
}

template void julia_levels<uint16_t>(const uint16_t*, const uint8_t*, uint8_t*, std::size_t, std::size_t);
template bool julia_rows<uint16_t>(const JuliaGrid&, std::size_t, std::size_t, uint16_t*, double*);
template bool julia_rows<uint32_t>(const JuliaGrid&, std::size_t, std::size_t, uint32_t*, double*);

}  // namespace hotloop
