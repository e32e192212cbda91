/* fuzz_shingles.c: libFuzzer target for dedup's text path: any bytes through the fused
 * normaliser-shingler must give exactly what the reference gives (wn_dedup_normalize, then
 * wn_minhash_shingles and wn_dedup_text_key), never a crash or a read out of bounds. The
 * first byte picks the n-gram length and word or character shingles. */
#include <stdlib.h>
#include <string.h>
#include "winnow/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    wn_minhash_params p;
    wn_minhash_params_default(&p);
    p.ngram = 1 + (data[0] & 7);
    p.char_ngrams = (data[0] & 8) != 0;
    data++;
    size--;
    wn_shingler *x;
    if (wn_shingler_create(&x, &p))
        return 0;
    /* an exact-size copy, so that ASan sees any read past the text */
    char *t = malloc(size ? size : 1);
    if (size)
        memcpy(t, data, size);
    const uint64_t *f;
    size_t nf = 0, nr = 0, cap = 0;
    uint64_t key, *ref = NULL;
    wn_buf norm;
    wn_buf_init(&norm, WN_BUF_UNCAPPED);
    if (wn_shingler_text(x, t, size, &f, &nf, &key) == WN_OK &&
        wn_dedup_normalize(t, size, &norm) == WN_OK &&
        wn_minhash_shingles(&p, norm.data ? norm.data : "", norm.len, &ref, &nr, &cap) == WN_OK) {
        if (nf != nr || (nr && memcmp(f, ref, nr * 8)) ||
            key != wn_dedup_text_key(norm.data ? norm.data : "", norm.len, p.seed))
            abort();
        if (nf) {
            uint64_t sig[112];
            wn_minhash_sign(&p, f, nf, sig);
        }
    }
    wn_buf_free(&norm);
    wn_free(ref);
    free(t);
    wn_shingler_free(x);
    return 0;
}
