#ifndef DESCENT_CKERNELS_H
#define DESCENT_CKERNELS_H

#include <stddef.h>

/// SGD's step on float32, in place: param[i] = param[i] - lr * grad[i], the product rounded to
/// float32 before the difference (no fused multiply-add), as Engine's `UpdateRule` rounds it.
/// `grad` may be `param` itself; otherwise the two must not overlap.
void descent_sgd_step_f32(float *param, const float *grad, float lr, size_t count);

#endif
