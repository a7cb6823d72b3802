// Bindings only the benchmarks use, kept out of the modules' glue.
#include "addon/kernel.h"
#include "addon/modules.h"
#include "addon/state.h"
#include "core/reduce.h"

namespace hotloop {

namespace {

// readFloor(data, threads): BigInt wrapping sum of data's bytes as 64-bit words, the memory-read
// floor each reduce row is compared with.
Napi::Value ReadFloor(Args& args) {
  Napi::TypedArray data = args.AnyTypedArray("data");
  unsigned threads = args.Threads();
  uint64_t sum = read_floor(args.Data(data), data.ByteLength(), State(args.Env()).pool, threads);
  return Napi::BigInt::New(args.Env(), sum);
}

}  // namespace

void RegisterBench(Napi::Env env, Napi::Object exports) {
  static const Function floor{{"readFloor", {"data", "threads"}}, ReadFloor};
  Register(env, exports, floor);
}

}  // namespace hotloop
