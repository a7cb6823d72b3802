// Each module's glue adds its bindings to the exports; addon.cc calls these in turn.
#pragma once

#include <napi.h>

namespace hotloop {

void RegisterInfo(Napi::Env env, Napi::Object exports);
void RegisterMemory(Napi::Env env, Napi::Object exports);
void RegisterBench(Napi::Env env, Napi::Object exports);
void RegisterCubic(Napi::Env env, Napi::Object exports);
void RegisterPolymatch(Napi::Env env, Napi::Object exports);
void RegisterReduce(Napi::Env env, Napi::Object exports);
void RegisterPip(Napi::Env env, Napi::Object exports);
void RegisterJulia(Napi::Env env, Napi::Object exports);
void RegisterPng(Napi::Env env, Napi::Object exports);
void RegisterLum(Napi::Env env, Napi::Object exports);
// Bench-only (addon/calibrate.cc): the machine's limits for the Julia kernel.
void RegisterCalibrate(Napi::Env env, Napi::Object exports);

}  // namespace hotloop
