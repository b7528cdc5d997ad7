/*
 * LD_PRELOAD library for scripts/stress-engine-tests: fills every block libtorch allocates for
 * tensors (c10's CPU allocator uses posix_memalign) with 0xFF bytes, a float NaN, when it is
 * allocated and again when it is freed. A kernel that reads a tensor's memory before writing it,
 * or after its owner freed it, then computes NaN every time instead of whatever the heap held,
 * and the tests that check for skipped (non-finite) steps fail deterministically.
 * Build: gcc -O2 -shared -fPIC -o nan-fill.so nan-fill.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <malloc.h>
#include <stdlib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int (*real_posix_memalign)(void **, size_t, size_t);
static void (*real_free)(void *);

/* Open-addressing set of the live posix_memalign blocks (only those are NaN-filled on free). */
#define SLOTS (1u << 22)
#define TOMBSTONE ((uintptr_t) 1)
static uintptr_t blocks[SLOTS];
static volatile int busy;
static long allocated, freed;

static void lock(void) { while (__sync_lock_test_and_set(&busy, 1)) { } }
static void unlock(void) { __sync_lock_release(&busy); }
static size_t slot(uintptr_t p) { return (size_t) ((p >> 4) * 2654435761u) & (SLOTS - 1); }

static void remember(uintptr_t p) {
    lock();
    size_t i = slot(p);
    while (blocks[i] != 0 && blocks[i] != TOMBSTONE) {
        i = (i + 1) & (SLOTS - 1);
    }
    blocks[i] = p;
    allocated++;
    unlock();
}

static int forget(uintptr_t p) {
    int found = 0;
    lock();
    for (size_t i = slot(p); blocks[i] != 0; i = (i + 1) & (SLOTS - 1)) {
        if (blocks[i] == p) {
            blocks[i] = TOMBSTONE;
            found = 1;
            freed++;
            break;
        }
    }
    unlock();
    return found;
}

int posix_memalign(void **out, size_t alignment, size_t size) {
    if (!real_posix_memalign) {
        real_posix_memalign = (int (*)(void **, size_t, size_t)) dlsym(RTLD_NEXT, "posix_memalign");
    }
    int rc = real_posix_memalign(out, alignment, size);
    if (rc == 0 && *out != NULL && size > 0) {
        memset(*out, 0xFF, size);
        remember((uintptr_t) *out);
    }
    return rc;
}

void free(void *p) {
    if (!real_free) {
        real_free = (void (*)(void *)) dlsym(RTLD_NEXT, "free");
    }
    if (p != NULL && forget((uintptr_t) p)) {
        memset(p, 0xFF, malloc_usable_size(p));
    }
    real_free(p);
}

/* With NAN_FILL_REPORT set, one line on stderr at exit (off by default: tests read their
   subprocesses' last stderr line). */
__attribute__((destructor)) static void report(void) {
    if (allocated > 0 && getenv("NAN_FILL_REPORT") != NULL) {
        char line[128];
        int n = snprintf(line, sizeof line, "nan-fill: %ld blocks filled at allocation, %ld at free\n", allocated, freed);
        if (write(2, line, (size_t) n) < 0) {
            return;
        }
    }
}
