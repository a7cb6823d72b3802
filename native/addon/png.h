// PNG scanline glue (addon/png.cc), registered by the julia glue whose images it writes.
#pragma once

#include <napi.h>

namespace hotloop {

void RegisterPng(Napi::Env env, Napi::Object exports);

}  // namespace hotloop
