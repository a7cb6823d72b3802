// The bench's memory-read floor: the cheapest pass that still reads every byte (a wrapping sum of
// 64-bit words), so each reduce row can be shown as a ratio to what the memory allows.
#include <algorithm>
#include <memory>

#include "core/cpu.h"
#include "core/reduce.h"
#include "core/reduce_keys.h"

namespace hotloop {

namespace {

using reduce_detail::Vec;
using reduce_detail::load;

constexpr std::size_t kChunkWords = 128 * 1024;  // 1 MiB per pool chunk

template <int VB>
HOTLOOP_INLINE uint64_t sum_words(const unsigned char* p, std::size_t words) {
  using V = Vec<uint64_t, VB>;
  constexpr std::size_t L = VB / 8;
  V a0{}, a1{}, a2{}, a3{};
  std::size_t i = 0;
  for (; i + 4 * L <= words; i += 4 * L) {
    a0 += load<V>(p + 8 * i);
    a1 += load<V>(p + 8 * (i + L));
    a2 += load<V>(p + 8 * (i + 2 * L));
    a3 += load<V>(p + 8 * (i + 3 * L));
  }
  V a = (a0 + a1) + (a2 + a3);
  uint64_t sum = 0;
  for (std::size_t l = 0; l < L; ++l) sum += a[l];
  for (; i < words; ++i) sum += load<uint64_t>(p + 8 * i);
  return sum;
}

#if defined(__x86_64__)
__attribute__((target("avx512f,avx512bw,avx512dq,avx512vl"))) uint64_t sum_avx512(const unsigned char* p, std::size_t n) {
  return sum_words<64>(p, n);
}
__attribute__((target("avx2,fma"))) uint64_t sum_avx2(const unsigned char* p, std::size_t n) { return sum_words<32>(p, n); }
#endif
uint64_t sum_baseline(const unsigned char* p, std::size_t n) { return sum_words<16>(p, n); }

}  // namespace

uint64_t read_floor(const void* data, std::size_t bytes, Parallel& pool, unsigned threads) {
  auto sum = sum_baseline;
#if defined(__x86_64__)
  if (simd_level() == SimdLevel::Avx512) sum = sum_avx512;
  else if (simd_level() == SimdLevel::Avx2) sum = sum_avx2;
#endif
  const auto* p = static_cast<const unsigned char*>(data);
  std::size_t words = bytes / 8;
  std::size_t chunks = (words + kChunkWords - 1) / kChunkWords;
  std::unique_ptr<uint64_t[]> partial(new uint64_t[std::max<std::size_t>(chunks, 1)]());
  pool.each(chunks, 1, threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t c = begin; c < end; ++c) {
      std::size_t first = c * kChunkWords;
      partial[c] = sum(p + 8 * first, std::min(kChunkWords, words - first));
    }
  });
  uint64_t total = 0;
  for (std::size_t c = 0; c < chunks; ++c) total += partial[c];
  for (std::size_t b = 8 * words; b < bytes; ++b) total += p[b];
  return total;
}

}  // namespace hotloop
