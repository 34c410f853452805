#ifndef DESCENT_CCAIRO_H
#define DESCENT_CCAIRO_H

/// Cairo's API with its SVG surface. The functions Descent calls are defined in
/// CairoFunctions.c, which opens libcairo on the first call.
#include <cairo/cairo.h>
#include <cairo/cairo-svg.h>

#endif
