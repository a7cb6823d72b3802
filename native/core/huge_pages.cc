#include "core/huge_pages.h"

#include <cstdint>
#include <cstdlib>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace hotloop {

namespace {
constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
}

#if defined(__linux__)

void* huge_alloc(std::size_t bytes) {
  // Map one huge page more than needed, then trim both ends so the block starts on a 2 MiB boundary.
  std::size_t span = bytes + kHugePage;
  void* raw = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) return nullptr;
  auto start = reinterpret_cast<std::uintptr_t>(raw);
  std::uintptr_t aligned = (start + kHugePage - 1) & ~(kHugePage - 1);
  if (aligned > start) munmap(raw, aligned - start);
  std::uintptr_t end = start + span;
  std::uintptr_t used = aligned + bytes;
  if (end > used) munmap(reinterpret_cast<void*>(used), end - used);
  madvise(reinterpret_cast<void*>(aligned), bytes, MADV_HUGEPAGE);  // advice only: failure is harmless
  return reinterpret_cast<void*>(aligned);
}

void huge_free(void* block, std::size_t bytes) { munmap(block, bytes); }

void advise_huge_pages(void* data, std::size_t bytes) {
  if (bytes < 4 * kHugePage) return;
  // Only whole 2 MiB pages inside the array: the hint must not touch the allocator's neighbours.
  std::uintptr_t begin = (reinterpret_cast<std::uintptr_t>(data) + kHugePage - 1) & ~(kHugePage - 1);
  std::uintptr_t end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(kHugePage - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);  // failure is harmless
}

#else

void* huge_alloc(std::size_t bytes) { return std::calloc(bytes, 1); }
void huge_free(void* block, std::size_t) { std::free(block); }
void advise_huge_pages(void*, std::size_t) {}

#endif

}  // namespace hotloop
