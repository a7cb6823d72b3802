// Memory on 2 MiB pages, for every kernel that streams through big arrays (Linux transparent huge
// pages; elsewhere plain memory and no-op hints). Only ever a speed matter: results never change.
#pragma once

#include <cstddef>

namespace hotloop {

// A zeroed block of `bytes` (> 0) aligned to 2 MiB and advised for huge pages, as numpy allocates
// big arrays: streaming reads walk 512x fewer page-table entries and the prefetchers are not stopped
// at every 4 KiB boundary (about 10% faster reads here). Lazily faulted; nullptr when refused.
void* huge_alloc(std::size_t bytes);
void huge_free(void* block, std::size_t bytes);

// Asks for 2 MiB pages under a large, freshly allocated output that a kernel is about to write.
// V8 hands out zeroed memory that the OS maps on first write, one 4 KiB fault at a time: for the pip
// seed's 175 MB result that is ~43,000 faults, whose locks also keep two threads from scaling.
// With transparent huge pages in "madvise" mode this hint cuts them to a few dozen.
void advise_huge_pages(void* data, std::size_t bytes);

}  // namespace hotloop
