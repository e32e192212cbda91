/* alloc.c: the one allocation hook of the library, with fault injection for tests.
 *
 * DESIGN: tests call wn_alloc_fail_after(n) to make the n-th allocation fail and then check
 * that the caller returns WN_ERR_NOMEM without leaking or crashing (SQLite's fault simulation).
 * The counter is atomic so that worker threads may allocate while it is armed. */
#include <malloc.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "winnow/core.h"

static _Atomic uint64_t fail_at;      /* 0 = off; else the allocation number that fails */
static _Atomic uint64_t alloc_count;

static bool should_fail(void)
{
    uint64_t at = atomic_load_explicit(&fail_at, memory_order_relaxed);
    if (at == 0)
        return false;
    uint64_t n = atomic_fetch_add_explicit(&alloc_count, 1, memory_order_relaxed) + 1;
    return n >= at;
}

void wn_alloc_fail_after(uint64_t n)
{
    atomic_store(&alloc_count, 0);
    atomic_store(&fail_at, n);
}

/* Live bytes while tracking (wn_alloc_track), by the allocator's own sizes, and their peak. */
static _Atomic bool tracking;
static _Atomic int64_t live, peak;

static void track(void *p, int sign)
{
    if (!p || !atomic_load_explicit(&tracking, memory_order_relaxed))
        return;
    int64_t now = atomic_fetch_add(&live, sign * (int64_t)malloc_usable_size(p)) + sign * (int64_t)malloc_usable_size(p);
    int64_t top = atomic_load(&peak);
    while (now > top && !atomic_compare_exchange_weak(&peak, &top, now))
        ;
}

void wn_alloc_track(bool on)
{
    atomic_store(&live, 0);
    atomic_store(&peak, 0);
    atomic_store(&tracking, on);
}

int64_t wn_alloc_peak(void)
{
    return atomic_load(&peak);
}

void *wn_malloc(size_t n)
{
    void *p = should_fail() ? NULL : malloc(n ? n : 1);
    track(p, 1);
    return p;
}

void *wn_calloc(size_t count, size_t n)
{
    void *p = should_fail() ? NULL : calloc(count ? count : 1, n ? n : 1);
    track(p, 1);
    return p;
}

void *wn_realloc(void *p, size_t n)
{
    if (should_fail())
        return NULL;
    track(p, -1);
    void *q = realloc(p, n ? n : 1);
    track(q ? q : p, 1);
    return q;
}

void wn_free(void *p)
{
    track(p, -1);
    free(p);
}

char *wn_strdup(const char *s)
{
    size_t n = strlen(s);
    char *d = wn_malloc(n + 1);
    if (d)
        memcpy(d, s, n + 1);
    return d;
}
