// Asks Linux to back a large, freshly allocated output array with 2 MB pages. V8 hands out zeroed
// memory that the kernel maps on first write, one 4 KB page fault at a time: for the seed's 175 MB
// result that is ~43,000 faults, whose locks also keep two threads from scaling. With transparent
// huge pages in "madvise" mode this hint cuts them to a few dozen. Only a hint: results never change.
#pragma once

#include <cstddef>

namespace hotloop {

void advise_huge_pages(void* data, std::size_t bytes);

}  // namespace hotloop
