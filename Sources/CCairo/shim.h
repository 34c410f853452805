#ifndef DESCENT_CCAIRO_SHIM_H
#define DESCENT_CCAIRO_SHIM_H
#include <cairo.h>
#include <cairo-svg.h>
#endif
