#include "CKernels.h"

#include <string.h>

// IEEE multiply and subtract round alike at every vector width; only a fused multiply-add
// would not, so none may be formed.
#pragma STDC FP_CONTRACT OFF

/// Sixteen floats, as Swift's SIMD16<Float>: one AVX-512 register, two AVX2, four SSE.
typedef float f32x16 __attribute__((vector_size(64)));

#if defined(__x86_64__) && defined(__linux__)
/// Compiled three times and chosen by the loader (an ifunc) for the CPU it runs on: Swift
/// compiles for the x86-64 baseline (SSE2), a quarter of an AVX-512 core's width.
#define WIDEST_VECTORS __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define WIDEST_VECTORS
#endif

WIDEST_VECTORS
void descent_sgd_step_f32(float *param, const float *grad, float lr, size_t count) {
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
