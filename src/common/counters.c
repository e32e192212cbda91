/* counters.c: named counters, summed across workers and readers. */
#include <string.h>
#include "winnow/core.h"

void wn_counter_add(wn_counters *c, const char *name, uint64_t n)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].name == name || strcmp(c->v[i].name, name) == 0) {
            c->v[i].n += n;
            return;
        }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 8;
        wn_named_count *v = wn_realloc(c->v, cap * sizeof *v);
        if (!v)
            return; /* counting is best effort when memory runs out */
        c->v = v;
        c->cap = cap;
    }
    c->v[c->n++] = (wn_named_count){ name, n };
}

void wn_counters_merge(wn_counters *dst, const wn_counters *src)
{
    for (size_t i = 0; i < src->n; i++)
        wn_counter_add(dst, src->v[i].name, src->v[i].n);
}

void wn_counters_free(wn_counters *c)
{
    wn_free(c->v);
    c->v = NULL;
    c->n = c->cap = 0;
}
