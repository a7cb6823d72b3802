// The argument cursor every binding reads its arguments through, in the order its registration
// declares them (docs/ARCHITECTURE.md): inputs, outputs, scalars, threads, then control (async
// form only). Each read checks the JavaScript type and, on a mismatch, throws a TypeError or
// RangeError naming the binding and the parameter. Every typed array and object it hands out is
// recorded, so the async form keeps all of them referenced until its Promise settles: no binding
// lists by hand what to keep alive. TypeScript has validated everything already (src/validate.ts);
// these checks only keep a wrong call from reaching a kernel.
#pragma once

#include <napi.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/control.h"

namespace hotloop {

template <typename T>
struct Span {
  T* data;
  std::size_t length;
};

// The JavaScript typed array that holds elements of type T.
template <typename T> inline constexpr napi_typedarray_type kArrayOf = napi_float64_array;
template <> inline constexpr napi_typedarray_type kArrayOf<float> = napi_float32_array;
template <> inline constexpr napi_typedarray_type kArrayOf<int8_t> = napi_int8_array;
template <> inline constexpr napi_typedarray_type kArrayOf<uint8_t> = napi_uint8_array;
template <> inline constexpr napi_typedarray_type kArrayOf<int16_t> = napi_int16_array;
template <> inline constexpr napi_typedarray_type kArrayOf<uint16_t> = napi_uint16_array;
template <> inline constexpr napi_typedarray_type kArrayOf<int32_t> = napi_int32_array;
template <> inline constexpr napi_typedarray_type kArrayOf<uint32_t> = napi_uint32_array;
template <> inline constexpr napi_typedarray_type kArrayOf<int64_t> = napi_bigint64_array;
template <> inline constexpr napi_typedarray_type kArrayOf<uint64_t> = napi_biguint64_array;

// A binding's name and its parameters in call order (threads and control included where taken;
// control is added by the async form).
struct Signature {
  const char* name;
  std::vector<const char*> params;
};

class Args {
 public:
  Args(const Napi::CallbackInfo& info, const Signature& signature, bool async);

  Napi::Env Env() const { return info_.Env(); }

  // A typed array of T's type.
  template <typename T>
  Span<T> Array(const char* name) {
    Napi::TypedArray array = CheckArray(Next(name), name, kArrayOf<T>);
    return {static_cast<T*>(Data(array)), array.ElementLength()};
  }
  // The same, or undefined for none: {nullptr, 0}.
  template <typename T>
  Span<T> OptionalArray(const char* name) {
    if (Omitted(name)) return {nullptr, 0};
    return Array<T>(name);
  }
  // An optional argument: true, and skipped, when it is undefined; false (not consumed) otherwise.
  bool Omitted(const char* name) {
    if (!Peek().IsUndefined()) return false;
    Next(name);
    return true;
  }
  // A typed array of a type known at run time (another argument's), for kernels generic over dtype.
  Napi::TypedArray ArrayOfType(const char* name, napi_typedarray_type type) { return CheckArray(Next(name), name, type); }
  // Its element pointer, whether its buffer is an ArrayBuffer or a SharedArrayBuffer.
  void* Data(const Napi::TypedArray& array) const;
  // Any typed array but a DataView-like: its type is the caller's to dispatch on.
  Napi::TypedArray AnyTypedArray(const char* name);
  // An object whose fields are read with Field(); recorded with them.
  Napi::Object Object(const char* name);
  template <typename T>
  Span<T> Field(Napi::Object object, const char* name) {
    Napi::TypedArray array = CheckArray(object.Get(name), name, kArrayOf<T>);
    return {static_cast<T*>(Data(array)), array.ElementLength()};
  }
  double Number(const char* name);
  // An integer in [0, 2^53), so that products of two stay exact in double.
  std::size_t Size(const char* name);
  bool Bool(const char* name);
  std::string String(const char* name);
  // A positive integer thread count (TypeScript resolves defaults before the call).
  unsigned Threads();
  // The next argument's JavaScript value, not consumed.
  Napi::Value Peek() const { return info_[position_]; }

  // Called by the registration helpers after the binding's own reads: the async form's control
  // slots (an Int32Array of kControlSlots, or undefined), then a check that every declared
  // argument was read.
  Control TakeControl();
  void Finish();

  // A RangeError "hotloop native: <binding>: <what>"; FailType the same as a TypeError.
  [[noreturn]] void Fail(const std::string& what) const;
  [[noreturn]] void FailType(const std::string& what) const;

  // Every typed array and object handed out, for the async form to keep alive (empty for the sync
  // form, which returns before any of them can be collected).
  std::vector<Napi::Value> TakeHeld() { return std::move(held_); }

 private:
  Napi::Value Next(const char* name);
  Napi::TypedArray CheckArray(Napi::Value value, const char* name, napi_typedarray_type type);
  [[noreturn]] void FailType(const char* name, const char* expected, Napi::Value received) const;
  void Hold(Napi::Value value) {
    if (async_) held_.push_back(value);
  }

  const Napi::CallbackInfo& info_;
  const Signature& signature_;
  std::size_t declared_;
  std::size_t position_ = 0;
  bool async_;
  std::vector<Napi::Value> held_;
};

}  // namespace hotloop
