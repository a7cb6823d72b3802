// Bench-only kernels that measure this machine's limits for the Julia kernel (bench/calibrate.ts
// through addon/calibrate.cc); nothing in the library calls them.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/cpu.h"
#include "core/julia.h"

namespace hotloop {

// The chain counts julia_peak accepts, ascending; *count gets their number.
const int* peak_chains(int* count);

// The Julia iteration (julia_stream.h's step, at the width of `level`) on `chains` independent
// vectors that never escape, with no pixel to load or count to store (julia_peak.h), for
// `iterations` iterations: over the chain counts, the most lane-iterations per second this unit
// gives the kernel's inner loop. Returns the lane-iterations done, or -1 when
// `level` is above the one in use (simd_level) or `chains` is not one of peak_chains.
int64_t julia_peak(SimdLevel level, int chains, uint64_t iterations);

// The yardstick for the AVX2 kernel: the loop one writes first. Per row, 4 vectors of 4 pixels
// iterated together until all 16 escaped or itermax, the reference's operations without FMA,
// counts as julia_rows writes them; the row's last width % 16 pixels one at a time. Rows
// [row_begin, row_end); false (nothing written) when the level in use is below AVX2.
template <typename Count>
bool julia_plain_avx2(const JuliaGrid& grid, std::size_t row_begin, std::size_t row_end, Count* counts);

// Per unit, in calibrate_avx2.cc and calibrate_avx512.cc; call only when the CPU has the unit.
int64_t julia_peak_avx2(int chains, uint64_t iterations);
int64_t julia_peak_avx512(int chains, uint64_t iterations);
template <typename Count>
void julia_plain_rows_avx2(const JuliaGrid& grid, std::size_t row_begin, std::size_t row_end, Count* counts);

}  // namespace hotloop
