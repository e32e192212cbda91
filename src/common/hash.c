/* hash.c: wn_hash64, a fast stable 64-bit hash of our own.
 *
 * Reads 8 bytes at a time with memcpy (no alignment assumptions), folds each word with a
 * 128-bit multiply, and finishes with wn_mix64. Stable across machines of the same
 * endianness; on-disk users store it little-endian. */
#include <string.h>
#include "winnow/core.h"

uint64_t wn_hash64(const void *p, size_t n, uint64_t seed)
{
    const unsigned char *s = p;
    const uint64_t k0 = 0xa0761d6478bd642fULL, k1 = 0xe7037ed1a0b428dbULL;
    uint64_t h = seed ^ (n * k0);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = wn_fold64(h ^ w ^ k1, k0);
        s += 8;
        n -= 8;
    }
    uint64_t w = 0;
    for (size_t i = 0; i < n; i++)
        w |= (uint64_t)s[i] << (8 * i);
    h = wn_fold64(h ^ w ^ k0, k1 ^ n);
    return wn_mix64(h);
}
