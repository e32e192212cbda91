/* arena.c: a bump allocator with a hard cap, one per document.
 *
 * DESIGN: blocks are chained; reset keeps the first block and frees the rest, so a document
 * that needed a lot of scratch does not pin that memory for all the documents after it. */
#include <string.h>
#include "winnow/core.h"

#define WN_ARENA_BLOCK (64 * 1024)

typedef struct wn_arena_block {
    struct wn_arena_block *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
} wn_arena_block;

struct wn_arena {
    wn_arena_block *head;  /* current block (newest) */
    size_t cap;            /* hard cap on the sum of block sizes */
    size_t total;          /* sum of block sizes now held */
    size_t used;           /* bytes handed out since reset */
};

wn_arena *wn_arena_create(size_t cap)
{
    wn_arena *a = wn_calloc(1, sizeof *a);
    if (a)
        a->cap = cap ? cap : SIZE_MAX / 2;
    return a;
}

void *wn_arena_alloc(wn_arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (n == 0)
        n = 16;
    wn_arena_block *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t size = n > WN_ARENA_BLOCK ? n : WN_ARENA_BLOCK;
        if (size > a->cap || a->total > a->cap - size)
            return NULL;
        b = wn_malloc(sizeof *b + size);
        if (!b)
            return NULL;
        b->size = size;
        b->used = 0;
        b->next = a->head;
        a->head = b;
        a->total += size;
    }
    void *p = b->data + b->used;
    b->used += n;
    a->used += n;
    return p;
}

char *wn_arena_strndup(wn_arena *a, const char *s, size_t n)
{
    char *d = wn_arena_alloc(a, n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

void wn_arena_reset(wn_arena *a)
{
    if (!a || !a->head)
        return;
    /* keep the oldest block (the tail of the chain): it is the common size */
    wn_arena_block *b = a->head;
    while (b->next) {
        wn_arena_block *next = b->next;
        a->total -= b->size;
        wn_free(b);
        b = next;
    }
    b->used = 0;
    a->head = b;
    a->used = 0;
}

size_t wn_arena_used(const wn_arena *a) { return a ? a->used : 0; }

void wn_arena_free(wn_arena *a)
{
    if (!a)
        return;
    wn_arena_block *b = a->head;
    while (b) {
        wn_arena_block *next = b->next;
        wn_free(b);
        b = next;
    }
    wn_free(a);
}
