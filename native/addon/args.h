// Argument unpacking for the glue. TypeScript has already validated every argument (src/validate.ts);
// these checks only keep a wrong call from reaching a kernel: they throw TypeError/RangeError naming
// the parameter, never crash.
#pragma once

#include <napi.h>

#include <cstddef>
#include <string>

#include "core/control.h"

namespace hotloop {

template <typename T>
struct Span {
  T* data;
  std::size_t length;
};

[[noreturn]] void ThrowType(Napi::Env env, const std::string& message);
[[noreturn]] void ThrowRange(Napi::Env env, const std::string& message);

Napi::TypedArray TypedArrayArg(const Napi::CallbackInfo& info, std::size_t index, napi_typedarray_type type,
                               const char* name);

// The first element of a typed array, whether its buffer is an ArrayBuffer or a SharedArrayBuffer
// (node-addon-api's ArrayBuffer() accessor rejects the latter).
void* ElementData(const Napi::TypedArray& array);

template <typename T>
Span<T> SpanArg(const Napi::CallbackInfo& info, std::size_t index, napi_typedarray_type type, const char* name) {
  Napi::TypedArray array = TypedArrayArg(info, index, type, name);
  return {static_cast<T*>(ElementData(array)), array.ElementLength()};
}

// A positive integer thread count (TypeScript resolves defaults before the call).
unsigned ThreadsArg(const Napi::CallbackInfo& info, std::size_t index);
double NumberArg(const Napi::CallbackInfo& info, std::size_t index, const char* name);
// An Int32Array of at least 2 slots (see core/control.h), or undefined/null for none.
Control ControlArg(const Napi::CallbackInfo& info, std::size_t index);

}  // namespace hotloop
