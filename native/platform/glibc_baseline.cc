// Keeps the Linux glibc addon loadable on glibc 2.28 (the manylinux_2_28 baseline, which is also
// what Node 20's own Linux binaries need) when it is built on a newer glibc.
//
// libstdc++ is linked statically (binding.gyp), so the addon needs no GLIBCXX version. But that
// static libstdc++ was compiled against the build machine's glibc, and so is our own code: built on
// glibc 2.34 or newer, they bind to symbol versions an older glibc does not have. Each block below
// exists only when the headers are newer than the baseline, and is hidden, so it changes nothing
// outside this addon:
// - pthread_* moved from libpthread into libc in 2.34 and got new default versions (GLIBC_2.34).
//   The hidden definitions below forward to the same functions under the versions they had before,
//   which every glibc (old libpthread, new libc compatibility symbols) still exports.
// - __libc_single_threaded (2.32) lets libstdc++ skip atomics in single-threaded processes. Ours
//   says "never single-threaded", so libstdc++ always takes the atomic path: always correct.
// - arc4random (2.36) is referenced by libstdc++'s std::random_device, which comes along with
//   std::logic_error's object file; hotloop never calls it, but it must resolve, and correctly.
// Built on glibc 2.28 (a manylinux_2_28 release container) none of this is compiled.
#if defined(__linux__)
#include <features.h>  // defines __GLIBC__ on glibc, nothing of the kind on musl
#endif

#if defined(__GLIBC__) && (defined(__x86_64__) || defined(__aarch64__))
#if __GLIBC_PREREQ(2, 32)

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/random.h>

#define HOTLOOP_HIDDEN __attribute__((visibility("hidden")))

// The oldest symbol version of each architecture: what the pthread functions carried before 2.34.
#if defined(__x86_64__)
#define HOTLOOP_GLIBC_BASE "GLIBC_2.2.5"
#else
#define HOTLOOP_GLIBC_BASE "GLIBC_2.17"
#endif

extern "C" {

HOTLOOP_HIDDEN char __libc_single_threaded = 0;

#if __GLIBC_PREREQ(2, 34)
// Each hotloop_legacy_* is an undefined symbol that the assembler renames to `name@GLIBC_BASE`; the
// hidden `name` defined beside it is what this addon's code and the static libstdc++ link against.
int hotloop_legacy_pthread_create(pthread_t*, const pthread_attr_t*, void* (*)(void*), void*);
__asm__(".symver hotloop_legacy_pthread_create, pthread_create@" HOTLOOP_GLIBC_BASE);
HOTLOOP_HIDDEN int pthread_create(pthread_t* thread, const pthread_attr_t* attr, void* (*run)(void*), void* arg) noexcept {
  return hotloop_legacy_pthread_create(thread, attr, run, arg);
}

int hotloop_legacy_pthread_join(pthread_t, void**);
__asm__(".symver hotloop_legacy_pthread_join, pthread_join@" HOTLOOP_GLIBC_BASE);
HOTLOOP_HIDDEN int pthread_join(pthread_t thread, void** result) { return hotloop_legacy_pthread_join(thread, result); }

int hotloop_legacy_pthread_detach(pthread_t);
__asm__(".symver hotloop_legacy_pthread_detach, pthread_detach@" HOTLOOP_GLIBC_BASE);
HOTLOOP_HIDDEN int pthread_detach(pthread_t thread) noexcept { return hotloop_legacy_pthread_detach(thread); }

int hotloop_legacy_pthread_once(pthread_once_t*, void (*)(void));
__asm__(".symver hotloop_legacy_pthread_once, pthread_once@" HOTLOOP_GLIBC_BASE);
HOTLOOP_HIDDEN int pthread_once(pthread_once_t* once, void (*run)(void)) { return hotloop_legacy_pthread_once(once, run); }

int hotloop_legacy_pthread_key_create(pthread_key_t*, void (*)(void*));
__asm__(".symver hotloop_legacy_pthread_key_create, pthread_key_create@" HOTLOOP_GLIBC_BASE);
HOTLOOP_HIDDEN int pthread_key_create(pthread_key_t* key, void (*destroy)(void*)) noexcept {
  return hotloop_legacy_pthread_key_create(key, destroy);
}

int hotloop_legacy_pthread_key_delete(pthread_key_t);
__asm__(".symver hotloop_legacy_pthread_key_delete, pthread_key_delete@" HOTLOOP_GLIBC_BASE);
HOTLOOP_HIDDEN int pthread_key_delete(pthread_key_t key) noexcept { return hotloop_legacy_pthread_key_delete(key); }

void* hotloop_legacy_pthread_getspecific(pthread_key_t);
__asm__(".symver hotloop_legacy_pthread_getspecific, pthread_getspecific@" HOTLOOP_GLIBC_BASE);
HOTLOOP_HIDDEN void* pthread_getspecific(pthread_key_t key) noexcept { return hotloop_legacy_pthread_getspecific(key); }

int hotloop_legacy_pthread_setspecific(pthread_key_t, const void*) __attr_access_none(2);  // as <pthread.h> says
__asm__(".symver hotloop_legacy_pthread_setspecific, pthread_setspecific@" HOTLOOP_GLIBC_BASE);
HOTLOOP_HIDDEN int pthread_setspecific(pthread_key_t key, const void* value) noexcept {
  return hotloop_legacy_pthread_setspecific(key, value);
}
#endif

#if __GLIBC_PREREQ(2, 36)
// getentropy (glibc 2.25, Linux 3.17); /dev/urandom on older kernels. arc4random cannot fail:
// glibc's own aborts when no source of randomness exists, and so does this one.
HOTLOOP_HIDDEN uint32_t arc4random(void) noexcept {
  uint32_t value;
  if (getentropy(&value, sizeof value) == 0) return value;
  int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ssize_t got = read(fd, &value, sizeof value);
    close(fd);
    if (got == static_cast<ssize_t>(sizeof value)) return value;
  }
  abort();
}
#endif

}  // extern "C"

#endif  // __GLIBC_PREREQ(2, 32)
#endif  // linux glibc x86_64/aarch64
