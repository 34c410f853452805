#ifndef DESCENT_CZEROMQ_SHIM_H
#define DESCENT_CZEROMQ_SHIM_H
#include <zmq.h>
#endif
