/* counters.c: named counters, summed across workers and readers. */
#include <string.h>
#include "winnow/core.h"
#include "common/grow.h"

/* distinct counter names are a fixed vocabulary (reasons, defects, record types), a few
 * hundred at most; a set that grows past this is a bug feeding it unbounded names */
#define WN_COUNTERS_MAX ((size_t)1 << 16)

wn_status wn_counter_add(wn_counters *c, const char *name, uint64_t n)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].name == name || strcmp(c->v[i].name, name) == 0) {
            c->v[i].n += n;
            return WN_OK;
        }
    wn_status st = WN_GROW(c->v, c->cap, c->n + 1, 8, WN_COUNTERS_MAX);
    if (st) {
        c->lost++;
        return st;
    }
    c->v[c->n++] = (wn_named_count){ name, n };
    return WN_OK;
}

wn_status wn_counters_merge(wn_counters *dst, const wn_counters *src)
{
    wn_status first = WN_OK;
    dst->lost += src->lost;
    for (size_t i = 0; i < src->n; i++) {
        wn_status st = wn_counter_add(dst, src->v[i].name, src->v[i].n);
        if (st && !first)
            first = st;
    }
    return first;
}

void wn_counters_free(wn_counters *c)
{
    wn_free(c->v);
    c->v = NULL;
    c->n = c->cap = 0;
    c->lost = 0;
}
