#include "CKernels.h"

#include <math.h>

// The products and the square root round exactly as Swift's `Random.PCG32.normal` rounds them.
#pragma STDC FP_CONTRACT OFF

/// One normal from its two uniforms, through the scalar libm: the definition, term for term.
static double normal_libm(double u1, double u2) {
    return sqrt(-2.0 * log(1.0 - u1)) * cos(2.0 * M_PI * u2);
}

#if defined(__x86_64__)
#include <immintrin.h>

// glibc's vector functions (libmvec), four doubles per call. Their results may differ from the
// scalar libm's in the last few bits, so they only ever decide a float that the scalar path
// would give too (below).
__attribute__((target("avx2"))) __m256d _ZGVdN4v_log(__m256d x);
__attribute__((target("avx2"))) __m256d _ZGVdN4v_cos(__m256d x);

/// `normal_libm(u1, u2)` rounded to float, given `v`, the same expression through libmvec, and
/// `c`, its cosine. libmvec's functions are within a few units in the last place (ulps) of the
/// exact values, as is the scalar libm; so when everything within 2^-40 of `v` (4,096 ulps)
/// rounds to one float, the scalar path rounds to that float too. Near zero of either factor
/// relative bounds say less, so there (and in the rare straddling case, about one value in
/// 30,000) the scalar path runs.
static inline float decided(double v, double c, double u1, double u2) {
    if (u1 >= 0x1p-10 && fabs(c) >= 0x1p-10) {
        double margin = fabs(v) * 0x1p-40;
        float lo = (float)(v - margin), hi = (float)(v + margin);
        if (lo == hi) return lo;
    }
    return (float)normal_libm(u1, u2);
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
        double v[4], cs[4];
        _mm256_storeu_pd(v, _mm256_mul_pd(radius, c));
        _mm256_storeu_pd(cs, c);
        for (int k = 0; k < 4; k++) out[i + k] = decided(v[k], cs[k], u1[i + k], u2[i + k]);
    }
    for (; i < count; i++) out[i] = (float)normal_libm(u1[i], u2[i]);
}

static void box_muller_scalar(const double *u1, const double *u2, float *out, size_t count) {
    for (size_t i = 0; i < count; i++) out[i] = (float)normal_libm(u1[i], u2[i]);
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
    for (size_t i = 0; i < count; i++) out[i] = (float)normal_libm(u1[i], u2[i]);
}
#endif
