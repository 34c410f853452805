#ifndef DESCENT_CKERNELS_H
#define DESCENT_CKERNELS_H

#include <stddef.h>

/// SGD's step on float32, in place: param[i] = param[i] - lr * grad[i], the product rounded to
/// float32 before the difference (no fused multiply-add), as Engine's `UpdateRule` rounds it.
/// `grad` may be `param` itself; otherwise the two must not overlap.
void descent_sgd_step_f32(float *param, const float *grad, float lr, size_t count);

typedef void (*DescentSGDStep)(float *param, const float *grad, float lr, size_t count);

/// The step compiled for vectors of `bits` (512: AVX-512, 256: AVX2, 128: SSE2 or the target's
/// baseline), or NULL where this CPU cannot run it or the width is not one of those: so a test
/// can hold every width this CPU has to the rule, not only the one `descent_sgd_step_f32` chose.
DescentSGDStep descent_sgd_step_f32_variant(int bits);

/// One standard normal from two uniforms in [0, 1) (Box-Muller): sqrt(-2 log(1 - u1)) cos(2 pi u2),
/// through the scalar libm. The definition `Random` and `randn` share.
double descent_normal(double u1, double u2);

/// Box-Muller normals rounded to float32: out[i] = (float)descent_normal(u1[i], u2[i]), bit for
/// bit, four at a time through glibc's vector log and cos where the CPU has AVX2.
void descent_box_muller_f32(const double *u1, const double *u2, float *out, size_t count);

#endif
