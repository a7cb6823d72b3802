// Registers the addon's bindings; each module's glue lives in addon/<module>.cc.
#include <napi.h>

#include "addon/modules.h"
#include "addon/state.h"

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  hotloop::InitState(env);
  hotloop::RegisterInfo(env, exports);
  hotloop::RegisterMemory(env, exports);
  hotloop::RegisterBench(env, exports);
  hotloop::RegisterCubic(env, exports);
  hotloop::RegisterPolymatch(env, exports);
  hotloop::RegisterReduce(env, exports);
  hotloop::RegisterPip(env, exports);
  hotloop::RegisterJulia(env, exports);
  hotloop::RegisterPng(env, exports);
  hotloop::RegisterLum(env, exports);
  hotloop::RegisterCalibrate(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(hotloop, Init)
