#include "CKernels.h"

#include <math.h>

// Every product rounds on its own, as the definition's does, at every vector width.
#pragma STDC FP_CONTRACT OFF

double descent_normal(double u1, double u2) {
    return sqrt(-2.0 * log(1.0 - u1)) * cos(2.0 * M_PI * u2);
}

static void box_muller_scalar(const double *u1, const double *u2, float *out, size_t count) {
    for (size_t i = 0; i < count; i++) out[i] = (float)descent_normal(u1[i], u2[i]);
}

#if defined(__x86_64__)
#include <immintrin.h>

// glibc's vector functions (libmvec), four doubles per call. Their results may differ from the
// scalar libm's in the last few bits, so they only ever decide a float that the scalar path
// would give too (below).
__attribute__((target("avx2"))) __m256d _ZGVdN4v_log(__m256d x);
__attribute__((target("avx2"))) __m256d _ZGVdN4v_cos(__m256d x);

/// Four normals rounded to float into `out`, given `v`, the same expression through libmvec, and
/// `c`, its cosines. libmvec's functions are within a few units in the last place (ulps) of the
/// exact values, as is the scalar libm; so where everything within 2^-40 of `v` (4,096 ulps)
/// rounds to one float, the scalar path rounds to that float too. Near a zero of either factor
/// relative bounds say less, so there (and in the rare straddling case) the scalar path decides:
/// 0.16% of random pairs.
__attribute__((target("avx2")))
static inline void decide(__m256d v, __m256d c, __m256d a, const double *u1, const double *u2, float *out) {
    const __m256d magnitude = _mm256_castsi256_pd(_mm256_set1_epi64x(0x7fffffffffffffffLL));
    const __m256d near_zero = _mm256_set1_pd(0x1p-10);
    __m256d margin = _mm256_mul_pd(_mm256_and_pd(v, magnitude), _mm256_set1_pd(0x1p-40));
    __m128 lo = _mm256_cvtpd_ps(_mm256_sub_pd(v, margin)), hi = _mm256_cvtpd_ps(_mm256_add_pd(v, margin));
    int decided = _mm_movemask_ps(_mm_cmpeq_ps(lo, hi))
                & _mm256_movemask_pd(_mm256_cmp_pd(a, near_zero, _CMP_GE_OQ))
                & _mm256_movemask_pd(_mm256_cmp_pd(_mm256_and_pd(c, magnitude), near_zero, _CMP_GE_OQ));
    _mm_storeu_ps(out, lo);
    if (decided == 0xF) return;
    for (int k = 0; k < 4; k++) {
        if (!(decided >> k & 1)) out[k] = (float)descent_normal(u1[k], u2[k]);
    }
}

__attribute__((target("avx2")))
static void box_muller_avx2(const double *u1, const double *u2, float *out, size_t count) {
    size_t i = 0;
    const __m256d one = _mm256_set1_pd(1.0), minus_two = _mm256_set1_pd(-2.0);
    const __m256d two_pi = _mm256_set1_pd(2.0 * M_PI);
    for (; i + 4 <= count; i += 4) {
        __m256d a = _mm256_loadu_pd(u1 + i), b = _mm256_loadu_pd(u2 + i);
        __m256d radius = _mm256_sqrt_pd(_mm256_mul_pd(minus_two, _ZGVdN4v_log(_mm256_sub_pd(one, a))));
        __m256d c = _ZGVdN4v_cos(_mm256_mul_pd(two_pi, b));
        decide(_mm256_mul_pd(radius, c), c, a, u1 + i, u2 + i, out + i);
    }
    box_muller_scalar(u1 + i, u2 + i, out + i, count - i);
}

typedef void BoxMuller(const double *u1, const double *u2, float *out, size_t count);

/// Written once, by the constructor, before `main` and so before any thread that calls it (a
/// constructor rather than an ifunc for the reason SGDStep.c gives).
static BoxMuller *chosen_box_muller = box_muller_scalar;

__attribute__((constructor))
static void choose_box_muller(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2")) chosen_box_muller = box_muller_avx2;
}

void descent_box_muller_f32(const double *u1, const double *u2, float *out, size_t count) {
    chosen_box_muller(u1, u2, out, count);
}
#else
void descent_box_muller_f32(const double *u1, const double *u2, float *out, size_t count) {
    box_muller_scalar(u1, u2, out, count);
}
#endif
