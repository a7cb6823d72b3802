// Typed-array memory the addon allocates: huge-page blocks for big matrices (core/huge_pages.h).
#include "addon/kernel.h"
#include "addon/modules.h"
#include "core/huge_pages.h"

namespace hotloop {

namespace {

// largeArrayBuffer(bytes): an ArrayBuffer over huge-page memory, freed when collected; null when
// the system or this Node refuses external memory.
Napi::Value LargeArrayBuffer(Args& args) {
  Napi::Env env = args.Env();
  std::size_t bytes = args.Size("bytes");
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

void RegisterMemory(Napi::Env env, Napi::Object exports) {
  static const Function large{{"largeArrayBuffer", {"bytes"}}, LargeArrayBuffer};
  Register(env, exports, large);
}

}  // namespace hotloop
