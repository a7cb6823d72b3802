// Order keys for the reduce kernels. Every dtype is reduced as integers: integer dtypes as
// themselves, floats through the classic bit trick that makes the IEEE order an integer order
// (-inf < ... < -0 < +0 < ... < +inf) with every NaN mapped to the extreme key of the reduction, so
// NaN wins (numpy's rule) whatever its sign or payload. One integer max/min then serves every
// dtype, vector lanes and threads agree bit for bit, and -0 vs +0 is never left to chance: the
// value reductions keep -0 below +0 (IEEE 754-2019 maximum/minimum), the position reductions
// (Arg) first add +0, which turns -0 into +0, so both zeros share a key and the first one wins
// (numpy's argmax/argmin, where -0 == +0).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

// Generic vectors of VB bytes: under an AVX-512 target they are zmm registers, under AVX2 pairs of
// ymm, in the baseline build SSE2. Passing them between always-inlined helpers changes no ABI.
#pragma GCC diagnostic ignored "-Wpsabi"

namespace hotloop::reduce_detail {

#define HOTLOOP_INLINE inline __attribute__((always_inline))

template <class K, int VB>
struct VecOf {
  typedef K type __attribute__((vector_size(VB)));
};
template <class K, int VB>
using Vec = typename VecOf<K, VB>::type;

template <class V, class T>
HOTLOOP_INLINE V load(const T* p) {
  V v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

template <class V, class T>
HOTLOOP_INLINE void store(T* p, V v) {
  std::memcpy(p, &v, sizeof v);
}

// The better of two keys (scalars or vectors), keeping `acc` on ties.
template <bool Max, class X>
HOTLOOP_INLINE X pick(X acc, X x) {
  if constexpr (Max) return x > acc ? x : acc;
  else return x < acc ? x : acc;
}

template <bool Max, class K>
HOTLOOP_INLINE bool better(K x, K best) {
  return Max ? x > best : x < best;
}

// The start value of a reduction: the worst key, which any element equals or beats.
template <bool Max, class K>
constexpr K worst() {
  return Max ? std::numeric_limits<K>::lowest() : std::numeric_limits<K>::max();
}

template <class T, class Enable = void>
struct Keys {  // integers are their own keys
  using K = T;
  template <bool Max, bool Arg = false>
  static HOTLOOP_INLINE K key(T v) { return v; }
  template <bool Max, bool Arg, class V>
  static HOTLOOP_INLINE V vkey(V v) { return v; }
  template <bool Max>
  static HOTLOOP_INLINE T decode(K k) { return k; }
};

template <class F>
struct Keys<F, std::enable_if_t<std::is_floating_point_v<F>>> {
  using K = std::conditional_t<sizeof(F) == 8, int64_t, int32_t>;
  static constexpr K kMagnitude = std::numeric_limits<K>::max();
  static constexpr int kSignShift = 8 * sizeof(K) - 1;

  // NaN beats everything: the best key of the reduction (no finite or infinite float maps there).
  template <bool Max>
  static constexpr K nan_key() { return worst<!Max, K>(); }

  // Flips the magnitude bits of negatives so integer order is float order; its own inverse.
  static HOTLOOP_INLINE K order(K bits) { return bits ^ ((bits >> kSignShift) & kMagnitude); }

  template <bool Max, bool Arg = false>
  static HOTLOOP_INLINE K key(F v) {
    if constexpr (Arg) v = v + F(0);  // -0 + 0 is +0: the two zeros get one key
    K bits;
    std::memcpy(&bits, &v, sizeof bits);
    return v != v ? nan_key<Max>() : order(bits);
  }

  template <bool Max, bool Arg, class V>
  static HOTLOOP_INLINE V vkey(V bits) {
    using FV = Vec<F, sizeof(V)>;
    FV f = (FV)bits;  // a bit cast between same-sized vectors
    if constexpr (Arg) {
      f = f + FV{};  // -0 + 0 is +0 (see above)
      bits = (V)f;
    }
    V is_nan = f != f;
    V ordered = bits ^ ((bits >> kSignShift) & kMagnitude);
    return is_nan ? V{} + nan_key<Max>() : ordered;
  }

  template <bool Max>
  static HOTLOOP_INLINE F decode(K k) {
    if (k == nan_key<Max>()) return std::numeric_limits<F>::quiet_NaN();
    K bits = order(k);
    F v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
  }
};

}  // namespace hotloop::reduce_detail
