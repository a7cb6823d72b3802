#include "addon/state.h"

namespace hotloop {

void InitState(Napi::Env env) {
  // Instance data is finalised during the environment's cleanup (worker exit or process teardown):
  // ~ThreadPool then joins its workers, so no thread outlives the environment that made it.
  env.SetInstanceData<AddonState>(new AddonState());
}

AddonState& State(Napi::Env env) { return *env.GetInstanceData<AddonState>(); }

}  // namespace hotloop
