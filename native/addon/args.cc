#include "addon/args.h"

#include <cmath>

namespace hotloop {

void ThrowType(Napi::Env env, const std::string& message) { throw Napi::TypeError::New(env, message); }
void ThrowRange(Napi::Env env, const std::string& message) { throw Napi::RangeError::New(env, message); }

Napi::TypedArray TypedArrayArg(const Napi::CallbackInfo& info, std::size_t index, napi_typedarray_type type,
                               const char* name) {
  Napi::Value value = info[index];
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != type) {
    ThrowType(info.Env(), std::string("hotloop native: wrong typed array for ") + name);
  }
  return value.As<Napi::TypedArray>();
}

void* ElementData(const Napi::TypedArray& array) {
  void* data = nullptr;
  napi_status status = napi_get_typedarray_info(array.Env(), array, nullptr, nullptr, &data, nullptr, nullptr);
  if (status != napi_ok) ThrowType(array.Env(), "hotloop native: unreadable typed array");
  return data;
}

unsigned ThreadsArg(const Napi::CallbackInfo& info, std::size_t index) {
  double threads = NumberArg(info, index, "threads");
  if (!(threads >= 1 && threads <= 1024) || std::floor(threads) != threads) {
    ThrowRange(info.Env(), "hotloop native: threads must be an integer between 1 and 1024");
  }
  return static_cast<unsigned>(threads);
}

double NumberArg(const Napi::CallbackInfo& info, std::size_t index, const char* name) {
  if (!info[index].IsNumber()) ThrowType(info.Env(), std::string("hotloop native: expected a number for ") + name);
  return info[index].As<Napi::Number>().DoubleValue();
}

Control ControlArg(const Napi::CallbackInfo& info, std::size_t index) {
  if (info[index].IsUndefined() || info[index].IsNull()) return Control{};
  Span<int32_t> slots = SpanArg<int32_t>(info, index, napi_int32_array, "control");
  if (slots.length < 2) ThrowRange(info.Env(), "hotloop native: control needs 2 slots");
  return Control{slots.data};
}

}  // namespace hotloop
