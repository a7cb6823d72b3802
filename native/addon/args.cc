#include "addon/args.h"

#include <cmath>
#include <cstring>

namespace hotloop {

namespace {

const char* TypeName(napi_typedarray_type type) {
  switch (type) {
    case napi_int8_array: return "Int8Array";
    case napi_uint8_array: return "Uint8Array";
    case napi_uint8_clamped_array: return "Uint8ClampedArray";
    case napi_int16_array: return "Int16Array";
    case napi_uint16_array: return "Uint16Array";
    case napi_int32_array: return "Int32Array";
    case napi_uint32_array: return "Uint32Array";
    case napi_float32_array: return "Float32Array";
    case napi_float64_array: return "Float64Array";
    case napi_bigint64_array: return "BigInt64Array";
    case napi_biguint64_array: return "BigUint64Array";
    default: return "typed array";
  }
}

std::string Describe(Napi::Value value) {
  if (value.IsTypedArray()) return TypeName(value.As<Napi::TypedArray>().TypedArrayType());
  switch (value.Type()) {
    case napi_undefined: return "undefined";
    case napi_null: return "null";
    case napi_boolean: return "a boolean";
    case napi_number: return "a number";
    case napi_string: return "a string";
    case napi_bigint: return "a bigint";
    case napi_function: return "a function";
    default: return value.IsArray() ? "an array" : "an object";
  }
}

}  // namespace

Args::Args(const Napi::CallbackInfo& info, const Signature& signature, bool async)
    : info_(info), signature_(signature), declared_(signature.params.size() + (async ? 1 : 0)), async_(async) {
  // One allocation per async call at most: a binding holds at most one value per argument, or a
  // few fields more when it takes an object (the zones).
  if (async) held_.reserve(declared_ + 8);
}

Napi::Value Args::Next(const char* name) {
  // The binding must read its parameters in the order it declared them: a slip here is a bug in
  // the glue, caught by the first test that calls the binding.
  const char* declared = position_ < signature_.params.size() ? signature_.params[position_] : "control";
  if (position_ >= declared_ || std::strcmp(declared, name) != 0) {
    throw Napi::Error::New(Env(), std::string("hotloop native: ") + signature_.name + " reads '" + name +
                                      "' as argument " + std::to_string(position_ + 1) + " but declares '" +
                                      (position_ < declared_ ? declared : "nothing") + "' there");
  }
  return info_[position_++];
}

void Args::Fail(const std::string& what) const {
  throw Napi::RangeError::New(Env(), std::string("hotloop native: ") + signature_.name + ": " + what);
}

void Args::FailType(const std::string& what) const {
  throw Napi::TypeError::New(Env(), std::string("hotloop native: ") + signature_.name + ": " + what);
}

void Args::FailType(const char* name, const char* expected, Napi::Value received) const {
  bool array = std::strstr(expected, "Array") != nullptr || std::strstr(expected, "typed array") != nullptr;
  throw Napi::TypeError::New(Env(), std::string("hotloop native: ") + signature_.name + ": wrong " +
                                        (array ? "typed array" : "type") + " for " + name + ": expected " + expected +
                                        " but received " + Describe(received));
}

Napi::TypedArray Args::CheckArray(Napi::Value value, const char* name, napi_typedarray_type type) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != type) FailType(name, TypeName(type), value);
  Hold(value);
  return value.As<Napi::TypedArray>();
}

void* Args::Data(const Napi::TypedArray& array) const {
  // node-addon-api's ArrayBuffer() accessor rejects a SharedArrayBuffer; napi_get_typedarray_info does not.
  void* data = nullptr;
  if (napi_get_typedarray_info(Env(), array, nullptr, nullptr, &data, nullptr, nullptr) != napi_ok) {
    Fail("unreadable typed array");
  }
  return data;
}

Napi::TypedArray Args::AnyTypedArray(const char* name) {
  Napi::Value value = Next(name);
  if (!value.IsTypedArray()) FailType(name, "a typed array", value);
  Hold(value);
  return value.As<Napi::TypedArray>();
}

Napi::Object Args::Object(const char* name) {
  Napi::Value value = Next(name);
  if (!value.IsObject() || value.IsTypedArray()) FailType(name, "an object", value);
  Hold(value);
  return value.As<Napi::Object>();
}

double Args::Number(const char* name) {
  Napi::Value value = Next(name);
  if (!value.IsNumber()) FailType(name, "a number", value);
  return value.As<Napi::Number>().DoubleValue();
}

std::size_t Args::Size(const char* name) {
  double value = Number(name);
  if (!(value >= 0 && value < 9007199254740992.0) || std::floor(value) != value) {
    Fail(std::string(name) + " must be an integer between 0 and 2^53");
  }
  return static_cast<std::size_t>(value);
}

bool Args::Bool(const char* name) {
  Napi::Value value = Next(name);
  if (!value.IsBoolean()) FailType(name, "a boolean", value);
  return value.As<Napi::Boolean>().Value();
}

std::string Args::String(const char* name) {
  Napi::Value value = Next(name);
  if (!value.IsString()) FailType(name, "a string", value);
  return value.As<Napi::String>().Utf8Value();
}

unsigned Args::Threads() {
  double threads = Number("threads");
  if (!(threads >= 1 && threads <= 1024) || std::floor(threads) != threads) {
    Fail("threads must be an integer between 1 and 1024");
  }
  return static_cast<unsigned>(threads);
}

Control Args::TakeControl() {
  if (Peek().IsUndefined()) {
    Next("control");
    return Control{};
  }
  Span<int32_t> slots = Array<int32_t>("control");
  if (slots.length < static_cast<std::size_t>(kControlSlots)) Fail("control needs " + std::to_string(kControlSlots) + " slots");
  return Control{slots.data};
}

void Args::Finish() {
  if (position_ != declared_) {
    throw Napi::Error::New(Env(), std::string("hotloop native: ") + signature_.name + " read " + std::to_string(position_) +
                                      " of its " + std::to_string(declared_) + " declared arguments");
  }
}

}  // namespace hotloop
