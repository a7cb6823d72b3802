// Glue for core/reduce: map the typed array to a dtype, re-check the shape cheaply (TypeScript has
// validated it with full messages), run sync or async. Also the bench-only memory-read floor.
#include "core/reduce.h"
#include "core/reduce_memory.h"

#include <cmath>
#include <string>

#include "addon/args.h"
#include "addon/async.h"
#include "addon/register.h"
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

// A count or stride: an integer in [0, 2^53), so products below stay exact in double.
std::size_t SizeArg(const Napi::CallbackInfo& info, std::size_t index, const char* name) {
  double value = NumberArg(info, index, name);
  if (!(value >= 0 && value < 9007199254740992.0) || std::floor(value) != value) {
    ThrowRange(info.Env(), std::string("hotloop native: ") + name + " must be a non-negative integer");
  }
  return static_cast<std::size_t>(value);
}

// reduce(data, rows, cols, rowStride, colStride, axis, max, values?, index?, threads, control?)
Napi::Value Reduce(const Napi::CallbackInfo& info, bool async) {
  Napi::Env env = info.Env();
  if (!info[0].IsTypedArray()) ThrowType(env, "hotloop native: expected a typed array for data");
  Napi::TypedArray data = info[0].As<Napi::TypedArray>();
  ReduceJob job{};
  if (!DtypeOf(data.TypedArrayType(), &job.dtype)) ThrowType(env, "hotloop native: unsupported typed array for data");
  job.data = ElementData(data);
  job.rows = SizeArg(info, 1, "rows");
  job.cols = SizeArg(info, 2, "cols");
  job.row_stride = SizeArg(info, 3, "rowStride");
  job.col_stride = SizeArg(info, 4, "colStride");
  job.axis = static_cast<int>(SizeArg(info, 5, "axis"));
  if (job.axis > 1) ThrowRange(env, "hotloop native: axis must be 0 or 1");
  if (!info[6].IsBoolean()) ThrowType(env, "hotloop native: expected a boolean for max");
  job.max = info[6].As<Napi::Boolean>().Value();
  std::size_t outputs = job.axis == 0 ? job.cols : job.rows;
  std::size_t reduced = job.axis == 0 ? job.rows : job.cols;
  if (reduced == 0 || reduced > 2147483647u) ThrowRange(env, "hotloop native: the reduced axis must hold 1 to 2^31-1 elements");
  if (outputs > 0) {
    double last = double(job.rows - 1) * double(job.row_stride) + double(job.cols - 1) * double(job.col_stride);
    if (!(last < double(data.ElementLength()))) ThrowRange(env, "hotloop native: shape and strides exceed data");
  }
  if (!info[7].IsUndefined()) {
    Napi::TypedArray values = TypedArrayArg(info, 7, data.TypedArrayType(), "values");
    if (values.ElementLength() != outputs) ThrowRange(env, "hotloop native: values length");
    job.values = ElementData(values);
  }
  if (!info[8].IsUndefined()) {
    auto index = SpanArg<int32_t>(info, 8, napi_int32_array, "index");
    if (index.length != outputs) ThrowRange(env, "hotloop native: index length");
    job.index = index.data;
  }
  // Test the arguments, not the pointers: an empty typed array may have no storage at all.
  if (info[7].IsUndefined() && info[8].IsUndefined()) ThrowType(env, "hotloop native: values or index is required");
  unsigned threads = ThreadsArg(info, 9);
  Control control = ControlArg(info, 10);
  ThreadPool* pool = &State(env).pool;
  return Run(env, async, {info[0], info[7], info[8], info[10]}, [=] { reduce_axis(job, *pool, threads, control); });
}

// readFloor(data, threads): BigInt wrapping sum of data's bytes as 64-bit words (bench only).
Napi::Value ReadFloor(const Napi::CallbackInfo& info) {
  if (!info[0].IsTypedArray()) ThrowType(info.Env(), "hotloop native: expected a typed array for data");
  Napi::TypedArray data = info[0].As<Napi::TypedArray>();
  unsigned threads = ThreadsArg(info, 1);
  uint64_t sum = read_floor(ElementData(data), data.ByteLength(), State(info.Env()).pool, threads);
  return Napi::BigInt::New(info.Env(), sum);
}

// largeArrayBuffer(bytes): an ArrayBuffer over huge-page memory (core/reduce_memory.h), freed
// when collected; null when the system or this Node refuses external memory.
Napi::Value LargeArrayBuffer(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::size_t bytes = SizeArg(info, 0, "bytes");
  if (bytes == 0) return env.Null();
  void* block = huge_alloc(bytes);
  if (!block) return env.Null();
  try {
    auto* size = new std::size_t(bytes);
    Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(
        env, block, bytes,
        [](Napi::Env finalizing, void* data, std::size_t* hint) {
          huge_free(data, *hint);
          Napi::MemoryManagement::AdjustExternalMemory(finalizing, -static_cast<int64_t>(*hint));
          delete hint;
        },
        size);
    Napi::MemoryManagement::AdjustExternalMemory(env, static_cast<int64_t>(bytes));
    return buffer;
  } catch (const Napi::Error&) {
    huge_free(block, bytes);
    return env.Null();
  }
}

}  // namespace

void RegisterReduce(Napi::Env env, Napi::Object exports) {
  exports.Set("reduceSync", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return Reduce(i, false); }));
  exports.Set("reduceAsync", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return Reduce(i, true); }));
  exports.Set("readFloor", Napi::Function::New(env, ReadFloor));
  exports.Set("largeArrayBuffer", Napi::Function::New(env, LargeArrayBuffer));
}

}  // namespace hotloop
