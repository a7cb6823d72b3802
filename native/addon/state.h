// Per-environment addon state. Node may load the addon in several worker_threads at once; each
// environment gets its own thread pool, freed with the environment (see state.cc).
#pragma once

#include <napi.h>

#include "core/thread_pool.h"

namespace hotloop {

struct AddonState {
  ThreadPool pool;
};

void InitState(Napi::Env env);
AddonState& State(Napi::Env env);

}  // namespace hotloop
