#define _GNU_SOURCE  // RTLD_DEEPBIND and RTLD_DEFAULT
#include "COpenBLAS.h"

#include <CLibraryLoader.h>

#include <dlfcn.h>
#include <stdlib.h>
#include <strings.h>

static void load_openblas(const char *const *names, void **table, int count);

/// Every OpenBLAS function Descent calls. A kernel that has not yet multiplied a matrix has not
/// mapped libopenblas, libgfortran and libquadmath, nor started OpenBLAS's thread pool.
#define OPENBLAS_FUNCTIONS(FUNCTION, PROCEDURE) \
    FUNCTION(char *, openblas_get_corename, (void), ()) \
    FUNCTION(int, openblas_get_num_procs, (void), ()) \
    FUNCTION(int, openblas_get_num_threads, (void), ()) \
    PROCEDURE(openblas_set_num_threads, (int threads), (threads)) \
    PROCEDURE(cblas_saxpy, \
              (OPENBLAS_CONST blasint n, OPENBLAS_CONST float alpha, OPENBLAS_CONST float *x, \
               OPENBLAS_CONST blasint incx, float *y, OPENBLAS_CONST blasint incy), \
              (n, alpha, x, incx, y, incy)) \
    PROCEDURE(cblas_daxpy, \
              (OPENBLAS_CONST blasint n, OPENBLAS_CONST double alpha, OPENBLAS_CONST double *x, \
               OPENBLAS_CONST blasint incx, double *y, OPENBLAS_CONST blasint incy), \
              (n, alpha, x, incx, y, incy)) \
    PROCEDURE(cblas_sgemv, \
              (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST enum CBLAS_TRANSPOSE trans, \
               OPENBLAS_CONST blasint m, OPENBLAS_CONST blasint n, OPENBLAS_CONST float alpha, \
               OPENBLAS_CONST float *a, OPENBLAS_CONST blasint lda, OPENBLAS_CONST float *x, \
               OPENBLAS_CONST blasint incx, OPENBLAS_CONST float beta, float *y, \
               OPENBLAS_CONST blasint incy), \
              (order, trans, m, n, alpha, a, lda, x, incx, beta, y, incy)) \
    PROCEDURE(cblas_sgemm, \
              (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST enum CBLAS_TRANSPOSE ta, \
               OPENBLAS_CONST enum CBLAS_TRANSPOSE tb, OPENBLAS_CONST blasint m, \
               OPENBLAS_CONST blasint n, OPENBLAS_CONST blasint k, OPENBLAS_CONST float alpha, \
               OPENBLAS_CONST float *a, OPENBLAS_CONST blasint lda, OPENBLAS_CONST float *b, \
               OPENBLAS_CONST blasint ldb, OPENBLAS_CONST float beta, float *c, \
               OPENBLAS_CONST blasint ldc), \
              (order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)) \
    PROCEDURE(cblas_dgemm, \
              (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST enum CBLAS_TRANSPOSE ta, \
               OPENBLAS_CONST enum CBLAS_TRANSPOSE tb, OPENBLAS_CONST blasint m, \
               OPENBLAS_CONST blasint n, OPENBLAS_CONST blasint k, OPENBLAS_CONST double alpha, \
               OPENBLAS_CONST double *a, OPENBLAS_CONST blasint lda, OPENBLAS_CONST double *b, \
               OPENBLAS_CONST blasint ldb, OPENBLAS_CONST double beta, double *c, \
               OPENBLAS_CONST blasint ldc), \
              (order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc))

DESCENT_LAZY_LIBRARY(OPENBLAS_FUNCTIONS, load_openblas)

/// The core type to ask for when OpenBLAS chose `chosen`, a family older than the CPU (NULL when
/// its choice stands). OpenBLAS 0.3.21, Debian 12's, takes CPU models newer than itself, such as
/// some virtualized Xeons, for a Prescott and runs SSE3 kernels, three times slower than its
/// AVX-512 ones on the same machine.
static const char *better_core(const char *chosen) {
#if defined(__x86_64__)
    static const char *const legacy[] = {"Prescott", "Core2", "Penryn", "Dunnington", "Nehalem",
                                         "Katmai", "Coppermine", "Northwood", "Banias", "Atom"};
    int is_legacy = 0;
    for (size_t i = 0; i < sizeof legacy / sizeof legacy[0]; i++) is_legacy |= strcasecmp(chosen, legacy[i]) == 0;
    if (!is_legacy) return NULL;
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl"))
        return "SkylakeX";
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
#endif
    (void)chosen;
    return NULL;
}

/// Maps libopenblas with its own symbols first in its lookup scope (`RTLD_DEEPBIND`), and returns
/// that reference (NULL when it is not taken), which the caller drops once `descent_load_library`
/// has taken its own. Its 14,000 symbolic relocations (the kernel tables of every CPU family)
/// otherwise each search the whole process first: Swift's runtime, Foundation, ICU. That took
/// 11-12 ms of CPU in `descent` against 4 ms deep-bound, a tenth of the lecture example's
/// 500 steps. Sanitizer runtimes refuse deep binding (it would bypass their malloc), so under one
/// the library is opened the ordinary way.
static void *open_openblas_deep_bound(void) {
#ifdef RTLD_DEEPBIND
    if (dlsym(RTLD_DEFAULT, "__asan_init") != NULL || dlsym(RTLD_DEFAULT, "__tsan_init") != NULL) return NULL;
    return dlopen("libopenblas.so.0", RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
#else
    return NULL;
#endif
}

/// OpenBLAS picks its kernels when it loads, from `OPENBLAS_CORETYPE` or else from the CPU. When
/// the variable is unset and the CPU's own choice is too old, it is set and the library is closed
/// and opened again: before anything has run on it, so nothing is lost.
static void load_openblas(const char *const *names, void **table, int count) {
    void *deep = open_openblas_deep_bound();
    void *library = descent_load_library("libopenblas.so.0", "matrix products", names, table, count);
    if (deep != NULL) dlclose(deep);
    if (getenv("OPENBLAS_CORETYPE") != NULL) return;
    const char *core = better_core(((char *(*)(void))table[descent_lazy_openblas_get_corename])());
    if (core == NULL) return;
    setenv("OPENBLAS_CORETYPE", core, 1);
    dlclose(library);
    deep = open_openblas_deep_bound();
    descent_load_library("libopenblas.so.0", "matrix products", names, table, count);
    if (deep != NULL) dlclose(deep);
}
