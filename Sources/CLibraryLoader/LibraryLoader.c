#include "CLibraryLoader.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

void *descent_load_library(const char *soname, const char *purpose,
                           const char *const *names, void **table, int count) {
    void *library = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        fprintf(stderr, "descent: cannot load %s, which Descent needs for %s: %s\n",
                soname, purpose, dlerror());
        abort();
    }
    for (int i = 0; i < count; i++) {
        table[i] = dlsym(library, names[i]);
        if (table[i] == NULL) {
            fprintf(stderr, "descent: %s has no %s, which Descent needs for %s: %s\n",
                    soname, names[i], purpose, dlerror());
            abort();
        }
    }
    return library;
}
