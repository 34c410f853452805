// Counts the process's calls to malloc, calloc, realloc and posix_memalign and prints the count
// to stderr at exit: LD_PRELOAD'ed by steady_state_test.sh to check that a training step of the
// lecture's programs allocates nothing once warm.
#define _GNU_SOURCE
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static atomic_long calls;

void *malloc(size_t n) { atomic_fetch_add_explicit(&calls, 1, memory_order_relaxed); return __libc_malloc(n); }
void *calloc(size_t k, size_t n) { atomic_fetch_add_explicit(&calls, 1, memory_order_relaxed); return __libc_calloc(k, n); }
void *realloc(void *p, size_t n) { atomic_fetch_add_explicit(&calls, 1, memory_order_relaxed); return __libc_realloc(p, n); }
int posix_memalign(void **p, size_t alignment, size_t n) {
    atomic_fetch_add_explicit(&calls, 1, memory_order_relaxed);
    *p = __libc_memalign(alignment, n);
    return *p ? 0 : 12;  // ENOMEM
}

__attribute__((destructor)) static void report(void) {
    char line[64];
    int k = snprintf(line, sizeof line, "malloc calls: %ld\n", atomic_load(&calls));
    (void)!write(2, line, (size_t)k);
}
