#include "CKernels.h"

#include <string.h>

// IEEE multiply and subtract round alike at every vector width; only a fused multiply-add
// would not, so none may be formed.
#pragma STDC FP_CONTRACT OFF

/// Sixteen floats, as Swift's SIMD16<Float>: one AVX-512 register, two AVX2, four SSE.
typedef float f32x16 __attribute__((vector_size(64)));

/// The step, written once and compiled into each variant below at that variant's vector width.
static inline __attribute__((always_inline))
void sgd_step(float *param, const float *grad, float lr, size_t count) {
    size_t i = 0;
    // Whole vectors are loaded before they are stored, so grad == param is safe; plain element
    // loops would be kept scalar by the compiler's overlap check exactly then.
    for (; i + 16 <= count; i += 16) {
        f32x16 p, g;
        memcpy(&p, param + i, sizeof p);
        memcpy(&g, grad + i, sizeof g);
        p = p - lr * g;
        memcpy(param + i, &p, sizeof p);
    }
    for (; i < count; i++) param[i] = param[i] - lr * grad[i];
}

#if defined(__x86_64__)
// Swift compiles for the x86-64 baseline (SSE2), a quarter of an AVX-512 core's width, so the
// step is compiled for AVX-512 and AVX2 too and the CPU's widest is chosen once, at load.
//
// The choice is a constructor, not `target_clones`: a clone's resolver is an ifunc that the
// dynamic loader runs while relocating, before a sanitizer's runtime has started, and an
// instrumented resolver crashes there (ThreadSanitizer does, in `__tsan_func_entry`).

__attribute__((target("avx512f")))
static void sgd_step_avx512(float *param, const float *grad, float lr, size_t count) {
    sgd_step(param, grad, lr, count);
}

__attribute__((target("avx2")))
static void sgd_step_avx2(float *param, const float *grad, float lr, size_t count) {
    sgd_step(param, grad, lr, count);
}

static void sgd_step_sse2(float *param, const float *grad, float lr, size_t count) {
    sgd_step(param, grad, lr, count);
}

/// Written once, by the constructor, before `main` and so before any thread that calls it.
static DescentSGDStep chosen_sgd_step = sgd_step_sse2;

__attribute__((constructor))
static void choose_sgd_step(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) chosen_sgd_step = sgd_step_avx512;
    else if (__builtin_cpu_supports("avx2")) chosen_sgd_step = sgd_step_avx2;
}

void descent_sgd_step_f32(float *param, const float *grad, float lr, size_t count) {
    chosen_sgd_step(param, grad, lr, count);
}

DescentSGDStep descent_sgd_step_f32_variant(int bits) {
    __builtin_cpu_init();
    switch (bits) {
    case 512: return __builtin_cpu_supports("avx512f") ? sgd_step_avx512 : NULL;
    case 256: return __builtin_cpu_supports("avx2") ? sgd_step_avx2 : NULL;
    case 128: return sgd_step_sse2;
    default: return NULL;
    }
}
#else
void descent_sgd_step_f32(float *param, const float *grad, float lr, size_t count) {
    sgd_step(param, grad, lr, count);
}

DescentSGDStep descent_sgd_step_f32_variant(int bits) {
    return bits == 128 ? descent_sgd_step_f32 : NULL;
}
#endif
