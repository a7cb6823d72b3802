// Builds the rest of a file for a vector extension beyond baseline x86-64, the same way under GCC and
// clang: HOTLOOP_TARGET_BEGIN("avx2") after the includes that must stay baseline (so no inline function
// of theirs gets a copy the CPU may lack), HOTLOOP_TARGET_END() before the file's last #endif. Each file
// names its own features; the addon picks the file's functions at run time (cpu.h), never -march=native.
#pragma once

#define HOTLOOP_PRAGMA(text) _Pragma(#text)

#if defined(__clang__)
// clang ignores `#pragma GCC target`; its attribute push gives the target to every function defined
// until the pop, the intrinsics headers' included.
#define HOTLOOP_TARGET_BEGIN(features) \
  HOTLOOP_PRAGMA(clang attribute push(__attribute__((target(features))), apply_to = function))
#define HOTLOOP_TARGET_END() HOTLOOP_PRAGMA(clang attribute pop)
#else
#define HOTLOOP_TARGET_BEGIN(features) HOTLOOP_PRAGMA(GCC push_options) HOTLOOP_PRAGMA(GCC target(features))
#define HOTLOOP_TARGET_END() HOTLOOP_PRAGMA(GCC pop_options)
#endif
