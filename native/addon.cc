// Registers the addon's functions; each feature's glue lives in addon/<feature>.cc.
#include <napi.h>

#include "addon/register.h"
#include "addon/state.h"

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  hotloop::InitState(env);
  hotloop::RegisterInfo(env, exports);
  hotloop::RegisterCubic(env, exports);
  hotloop::RegisterPolymatch(env, exports);
  hotloop::RegisterJulia(env, exports);
  hotloop::RegisterPip(env, exports);
  hotloop::RegisterReduce(env, exports);
  hotloop::RegisterLum(env, exports);
  hotloop::RegisterCalibrate(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(hotloop, Init)
