// libFuzzer harness for native/core/reduce: any dtype, shape, strides (zero and huge ones on a
// length-1 axis) and data the TypeScript checks let through (src/reduce/matrix.ts: the reduced axis
// is not empty, the last element is inside the data). Under ASan+UBSan any read outside the data or
// write outside the outputs (each allocated at its exact size) stops the run. It also checks that
// 1 and several threads give the same bytes, and what holds whatever the rule for signed zeros:
// the value is in the lane and no element beats it, the index points at it, NaN propagates.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <cstring>
#include <memory>

#include "core/reduce.h"
#include "core/thread_pool.h"
#include "input.h"
#include "simd.h"

using hotloop::Dtype;

namespace {

hotloop::ThreadPool& pool() {
  static hotloop::ThreadPool p;
  return p;
}

[[noreturn]] void fail(const char* what, std::size_t o) {
  std::fprintf(stderr, "reduce_fuzz: %s (output %zu)\n", what, o);
  std::abort();
}

template <typename T>
double numeric(T v) {
  return static_cast<double>(v);
}

template <typename T>
void check_lanes(const hotloop::ReduceJob& job, const T* data, const T* values, const int32_t* index) {
  bool columns = job.axis == 0;
  std::size_t n_out = columns ? job.cols : job.rows, n_red = columns ? job.rows : job.cols;
  std::size_t s_out = columns ? job.col_stride : job.row_stride, s_red = columns ? job.row_stride : job.col_stride;
  for (std::size_t o = 0; o < n_out; ++o) {
    auto at = [&](std::size_t r) { return data[(n_out == 1 ? 0 : o * s_out) + (n_red == 1 ? 0 : r * s_red)]; };
    std::size_t first_nan = n_red;
    for (std::size_t r = 0; r < n_red && first_nan == n_red; ++r) if (std::isnan(numeric(at(r)))) first_nan = r;
    double v = numeric(values[o]);
    std::size_t i = static_cast<std::size_t>(index[o]);
    if (index[o] < 0 || i >= n_red) fail("index out of the lane", o);
    if (first_nan < n_red) {
      if (!std::isnan(v) || i != first_nan) fail("NaN did not propagate to the first NaN", o);
      continue;
    }
    if (numeric(at(i)) != v) fail("the index does not point at the value", o);
    for (std::size_t r = 0; r < n_red; ++r) {
      double x = numeric(at(r));
      if (job.max ? x > v : x < v) fail("an element beats the extreme", o);
      if (r < i && (job.max ? x > v : x < v)) fail("an earlier element beats the one indexed", o);
    }
  }
}

template <typename T>
void run_typed(hotloop::ReduceJob job, unsigned threads) {
  bool columns = job.axis == 0;
  std::size_t n_out = columns ? job.cols : job.rows;
  // Outputs at their exact size, so an extra write is a heap overflow.
  std::unique_ptr<T[]> v1(new T[n_out]), v2(new T[n_out]);
  std::unique_ptr<int32_t[]> i1(new int32_t[n_out]), i2(new int32_t[n_out]);
  job.values = v1.get();
  job.index = i1.get();
  // No control: nothing may cancel, so each run must report that it finished.
  if (!hotloop::reduce_axis(job, pool(), 1, hotloop::Control{})) fail("stopped with nothing to cancel it (1 thread)", 0);
  job.values = v2.get();
  job.index = i2.get();
  if (!hotloop::reduce_axis(job, pool(), threads, hotloop::Control{})) fail("stopped with nothing to cancel it", 0);
  if (std::memcmp(v1.get(), v2.get(), n_out * sizeof(T)) != 0 || std::memcmp(i1.get(), i2.get(), n_out * sizeof(int32_t)) != 0) {
    fail("1 thread and several differ", 0);
  }
  check_lanes<T>(job, static_cast<const T*>(job.data), v1.get(), i1.get());
}

template <typename T>
void run(Dtype dtype, fuzz::Input& in) {
  hotloop::ReduceJob job{};
  job.dtype = dtype;
  uint8_t flags = in.take<uint8_t>();
  job.axis = flags & 1;
  job.max = (flags & 2) != 0;
  // Mostly small shapes; sometimes long ones that split the reduced axis across items and threads.
  bool big = (flags & 12) == 12;
  job.rows = in.below(big ? 70000 : 40);
  job.cols = in.below(big ? 8 : 40);
  if (job.axis == 1) std::swap(job.rows, job.cols);
  job.row_stride = (flags & 8) && job.rows == 1 ? (std::size_t{1} << 53) - 1 : in.below(3 * job.cols + 2);
  job.col_stride = (flags & 16) && job.cols == 1 ? std::size_t{1} << 52 : in.below(3 * job.rows + 2);
  if (flags & 32) job.row_stride = job.cols, job.col_stride = 1;  // plain row-major
  if (flags & 64) job.row_stride = 1, job.col_stride = job.rows;  // plain column-major
  std::size_t n_red = job.axis == 0 ? job.rows : job.cols;
  std::size_t n_out = job.axis == 0 ? job.cols : job.rows;
  if (n_red == 0 || n_out == 0) return;
  // The last element's index, as TypeScript computes it (it rejects data too short for it).
  std::size_t last = (job.rows - 1) * job.row_stride + (job.cols - 1) * job.col_stride;
  if (last >= (std::size_t{1} << 20)) return;
  std::size_t length = last + 1;
  std::unique_ptr<T[]> data(new T[length]);
  auto* bytes = reinterpret_cast<uint8_t*>(data.get());
  // The rest of the input, repeated (each copy's first byte varied so that copies are not all equal).
  std::size_t have = in.remaining(), total = length * sizeof(T);
  if (have == 0) std::memset(bytes, 0, total);
  for (std::size_t b = 0; have > 0 && b < total; b += have) {
    std::memcpy(bytes + b, in.rest(), std::min(have, total - b));
    bytes[b] ^= static_cast<uint8_t>(b / have);
  }
  job.data = data.get();  // strides as the glue passes them: a length-1 axis keeps its (maybe huge) stride
  run_typed<T>(job, 2 + static_cast<unsigned>(flags >> 7));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  fuzz::Input in(data, size);
  switch (static_cast<Dtype>(in.take<uint8_t>() % 10)) {
    case Dtype::I8: run<int8_t>(Dtype::I8, in); break;
    case Dtype::U8: run<uint8_t>(Dtype::U8, in); break;
    case Dtype::I16: run<int16_t>(Dtype::I16, in); break;
    case Dtype::U16: run<uint16_t>(Dtype::U16, in); break;
    case Dtype::I32: run<int32_t>(Dtype::I32, in); break;
    case Dtype::U32: run<uint32_t>(Dtype::U32, in); break;
    case Dtype::I64: run<int64_t>(Dtype::I64, in); break;
    case Dtype::U64: run<uint64_t>(Dtype::U64, in); break;
    case Dtype::F32: run<float>(Dtype::F32, in); break;
    case Dtype::F64: run<double>(Dtype::F64, in); break;
  }
  return 0;
}
