/* grow.h: the one way an array of the library grows.
 *
 * Every growable array has a cap, a named constant of its use (a document's size limit, a
 * format's bound): growing past it is WN_ERR_TOO_LARGE, so hostile input costs its record,
 * not the machine's memory. Capacity doubles (from `first`), so n appends copy O(n) bytes. */
#ifndef WN_COMMON_GROW_H
#define WN_COMMON_GROW_H

#include "winnow/core.h"

/*! wn_grow() : makes *arr (a pointer to an array of `size`-byte elements, `*cap` of them)
 * hold at least `need` elements, doubling from `first`, never past `max` elements.
 * WN_ERR_TOO_LARGE when need > max, WN_ERR_NOMEM when the allocation fails; the array and
 * *cap are then unchanged. `arr` is the address of the array pointer (void ** in spirit). */
wn_status wn_grow(void *arr, size_t *cap, size_t need, size_t size, size_t first, size_t max);

/* WN_GROW(v, cap, need, first, max): wn_grow on the array pointer v and its size_t cap */
/* The common case, room already there, is decided inline: hot loops (a word, a token at a
 * time) called wn_grow for every element, about 1 % of the filters' instructions. */
static inline wn_status wn_grow_inline(void *arr, size_t *cap, size_t need, size_t size,
                                       size_t first, size_t max)
{
    return need <= *cap ? WN_OK : wn_grow(arr, cap, need, size, first, max);
}
#define WN_GROW(v, cap, need, first, max) \
    wn_grow_inline(&(v), &(cap), (need), sizeof *(v), (first), (max))

#endif
