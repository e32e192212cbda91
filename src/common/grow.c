/* grow.c: capped geometric growth of arrays (see grow.h). */
#include <stdint.h>
#include <string.h>
#include "common/grow.h"

wn_status wn_grow(void *arr, size_t *cap, size_t need, size_t size, size_t first, size_t max)
{
    if (need <= *cap)
        return WN_OK;
    if (need > max || size == 0 || need > SIZE_MAX / size)
        return WN_ERR_TOO_LARGE;
    size_t n = *cap ? *cap : (first ? first : 1);
    while (n < need)
        n = n > SIZE_MAX / 2 ? need : n * 2;
    if (n > max)
        n = max;
    if (n > SIZE_MAX / size)
        n = need;
    void *old;
    memcpy(&old, arr, sizeof old);   /* arr is a T **: read it as the void * it converts to */
    void *p = wn_realloc(old, n * size);
    if (!p)
        return WN_ERR_NOMEM;
    memcpy(arr, &p, sizeof p);
    *cap = n;
    return WN_OK;
}
