#ifndef DESCENT_COPENBLAS_H
#define DESCENT_COPENBLAS_H

/// OpenBLAS's C interface (the header of the variant Debian's alternatives select, as
/// pkg-config would). The functions Descent calls are defined in OpenBLASFunctions.c, which
/// opens libopenblas on the first call.
#include <cblas.h>

#endif
