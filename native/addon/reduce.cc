// Glue for core/reduce: map the typed array to a dtype and re-check the shape cheaply (TypeScript
// has validated it with full messages).
#include "core/reduce.h"

#include "addon/kernel.h"
#include "addon/modules.h"
#include "addon/state.h"

namespace hotloop {

namespace {

bool DtypeOf(napi_typedarray_type type, Dtype* dtype) {
  switch (type) {
    case napi_int8_array: *dtype = Dtype::I8; return true;
    case napi_uint8_array: *dtype = Dtype::U8; return true;
    case napi_int16_array: *dtype = Dtype::I16; return true;
    case napi_uint16_array: *dtype = Dtype::U16; return true;
    case napi_int32_array: *dtype = Dtype::I32; return true;
    case napi_uint32_array: *dtype = Dtype::U32; return true;
    case napi_bigint64_array: *dtype = Dtype::I64; return true;
    case napi_biguint64_array: *dtype = Dtype::U64; return true;
    case napi_float32_array: *dtype = Dtype::F32; return true;
    case napi_float64_array: *dtype = Dtype::F64; return true;
    default: return false;
  }
}

// reduce(data, values: data's type (outputs) | undefined, index: Int32Array(outputs) | undefined,
//        rows, cols, rowStride, colStride, axis, max, threads)
Work Reduce(Args& args) {
  Napi::TypedArray data = args.AnyTypedArray("data");
  ReduceJob job{};
  if (!DtypeOf(data.TypedArrayType(), &job.dtype)) args.Fail("unsupported typed array for data");
  job.data = args.Data(data);
  // Test the arguments, not the pointers: an empty typed array may have no storage at all.
  Napi::TypedArray values;
  bool has_values = !args.Omitted("values");
  if (has_values) values = args.ArrayOfType("values", data.TypedArrayType());
  Span<int32_t> index{nullptr, 0};
  bool has_index = !args.Omitted("index");
  if (has_index) index = args.Array<int32_t>("index");
  job.rows = args.Size("rows");
  job.cols = args.Size("cols");
  job.row_stride = args.Size("rowStride");
  job.col_stride = args.Size("colStride");
  job.axis = static_cast<int>(args.Size("axis"));
  job.max = args.Bool("max");
  unsigned threads = args.Threads();
  if (!has_values && !has_index) args.Fail("values or index is required");
  if (job.axis > 1) args.Fail("axis must be 0 or 1");
  std::size_t outputs = job.axis == 0 ? job.cols : job.rows;
  std::size_t reduced = job.axis == 0 ? job.rows : job.cols;
  if (reduced == 0 || reduced > 2147483647u) args.Fail("the reduced axis must hold 1 to 2^31-1 elements");
  if (outputs > 0) {
    double last = double(job.rows - 1) * double(job.row_stride) + double(job.cols - 1) * double(job.col_stride);
    if (!(last < double(data.ElementLength()))) args.Fail("shape and strides exceed data");
  }
  if (has_values) {
    if (values.ElementLength() != outputs) args.Fail("values must hold one element per output");
    job.values = args.Data(values);
  }
  if (has_index) {
    if (index.length != outputs) args.Fail("index must hold one element per output");
    job.index = index.data;
  }
  Parallel* pool = &State(args.Env()).pool;
  return [=](Control control) { return reduce_axis(job, *pool, threads, control); };
}

}  // namespace

void RegisterReduce(Napi::Env env, Napi::Object exports) {
  static const Kernel reduce{
      {"reduce", {"data", "values", "index", "rows", "cols", "rowStride", "colStride", "axis", "max", "threads"}}, Reduce};
  Register(env, exports, reduce);
}

}  // namespace hotloop
