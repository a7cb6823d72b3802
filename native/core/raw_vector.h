// A std::vector whose resize leaves trivially constructible elements uninitialised. Big scratch
// arrays that a parallel loop fills anyway would otherwise be zeroed first on one thread, and on a
// VM whose page faults are slow that single-threaded memset is most of the work (and cannot poll
// for cancellation): 2M polygons spent ~0.8 s there before any loop ran.
#pragma once

#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace hotloop {

template <typename T>
struct DefaultInitAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  DefaultInitAllocator() = default;
  template <typename U>
  DefaultInitAllocator(const DefaultInitAllocator<U>&) noexcept {}

  // Value-initialisation (what resize(n) asks for) becomes default-initialisation: no zeroing.
  template <typename U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

template <typename T>
using RawVector = std::vector<T, DefaultInitAllocator<T>>;

}  // namespace hotloop
