#ifndef DESCENT_CLIBRARYLOADER_H
#define DESCENT_CLIBRARYLOADER_H

#include <pthread.h>

/// Opens the shared library `soname`, resolves `count` symbols, `names[i]` into `table[i]`, and
/// returns the library's handle. A library or symbol that is missing ends the process with a
/// message naming it and what Descent needs it for: nothing can run without it, and the cause
/// is the installation.
void *descent_load_library(const char *soname, const char *purpose,
                           const char *const *names, void **table, int count);

/// Defines, for each function in `LIST`, a function of the same name and signature that calls
/// `LOAD(names, table, count)` once, on the first call to any of them, and then the library's
/// own. A process that never calls into the library never maps it, nor the libraries it needs.
///
/// `LIST(FUNCTION, PROCEDURE)` names each function once, as
/// `FUNCTION(return type, name, (parameters), (arguments))` or, returning void,
/// `PROCEDURE(name, (parameters), (arguments))`; `descent_lazy_NAME` is its index in the table.
/// The library's header must be included first: each definition is checked against its
/// declaration there.
#define DESCENT_LAZY_LIBRARY(LIST, LOAD) \
    enum { LIST(DESCENT_LAZY_INDEX_F, DESCENT_LAZY_INDEX_P) descent_lazy_count }; \
    static const char *const descent_lazy_names[] = {LIST(DESCENT_LAZY_NAME_F, DESCENT_LAZY_NAME_P)}; \
    static void *descent_lazy_table[descent_lazy_count]; \
    static pthread_once_t descent_lazy_once = PTHREAD_ONCE_INIT; \
    static void descent_lazy_load(void) { LOAD(descent_lazy_names, descent_lazy_table, descent_lazy_count); } \
    static inline void *const *descent_lazy_symbols(void) { \
        pthread_once(&descent_lazy_once, descent_lazy_load); \
        return descent_lazy_table; \
    } \
    LIST(DESCENT_LAZY_DEFINE_F, DESCENT_LAZY_DEFINE_P)

#define DESCENT_LAZY_INDEX_F(ret, name, params, args) descent_lazy_##name,
#define DESCENT_LAZY_INDEX_P(name, params, args) descent_lazy_##name,
#define DESCENT_LAZY_NAME_F(ret, name, params, args) #name,
#define DESCENT_LAZY_NAME_P(name, params, args) #name,
/// The definitions are hidden: were the executable to export them (`--export-dynamic`), the
/// library's calls to its own functions could bind to them, and its start-up code would reenter
/// the load it is part of.
#define DESCENT_LAZY_DEFINE_F(ret, name, params, args) \
    __attribute__((visibility("hidden"))) ret name params { \
        return ((ret(*) params)descent_lazy_symbols()[descent_lazy_##name]) args; \
    }
#define DESCENT_LAZY_DEFINE_P(name, params, args) \
    __attribute__((visibility("hidden"))) void name params { \
        ((void(*) params)descent_lazy_symbols()[descent_lazy_##name]) args; \
    }

#endif
