// Reductions along one axis of a strided 2-D array (seed 002's find_max and friends): the maximum
// or minimum of every column (axis 0) or row (axis 1), or the first index of it. Integers compare
// as integers, floats as IEEE numbers with NaN propagating (numpy's rule); for the values -0 ranks
// below +0 (IEEE 754-2019 maximum/minimum), for the positions alone -0 equals +0 (numpy's argmax),
// so the result never depends on vector width, thread count or chunking.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/control.h"
#include "core/parallel.h"

namespace hotloop {

enum class Dtype { I8, U8, I16, U16, I32, U32, I64, U64, F32, F64 };

struct ReduceJob {
  Dtype dtype;
  const void* data;            // element (i, j) at data[i * row_stride + j * col_stride]
  std::size_t rows, cols;
  std::size_t row_stride, col_stride;  // in elements
  int axis;                    // 0: one result per column, 1: one per row; the reduced length is > 0
  bool max;                    // max (true) or min
  void* values;                // dtype[outputs], or null
  int32_t* index;              // int32[outputs], or null; at least one of values / index is set
                               // (with values null, positions follow numpy's -0 == +0)
  bool in_order = false;       // items read the data front to back (reduce_parts): for a caller
                               // that copies the data in while the items run (the wasm build)
};

// Runs the job on up to `threads` threads of `pool`; small jobs stay on the calling thread.
// Progress through for_chunks; false when cancelled (the outputs are then partly written).
bool reduce_axis(const ReduceJob& job, Parallel& pool, unsigned threads, Control control);

// reduce_axis in parts, for a caller that brings its own threads and memory (the wasm build, whose
// C++ allocates nothing): the job's work items, taken `grain` at a time, write their outputs, or
// when the reduced axis is split, partial results into a caller's scratch of `scratch_bytes`
// (8-byte aligned) that reduce_merge combines once every item is done. Same cut, same results as
// reduce_axis.
struct ReduceParts {
  std::size_t items, grain;
  uint64_t scratch_bytes;
};
ReduceParts reduce_parts(const ReduceJob& job);
void reduce_items(const ReduceJob& job, void* scratch, std::size_t begin, std::size_t end);
void reduce_merge(const ReduceJob& job, void* scratch);
// One past the last element of job.data that items [begin, end) read: a caller that copies the
// data in, in order, while the items already run (the wasm build) starts an item once that much arrived.
uint64_t reduce_items_end(const ReduceJob& job, std::size_t begin, std::size_t end);

// The memory-read floor for benchmarks: a wrapping sum of `bytes` bytes as 64-bit words (the
// tail byte by byte), read once in order on up to `threads` threads.
uint64_t read_floor(const void* data, std::size_t bytes, Parallel& pool, unsigned threads);

}  // namespace hotloop
