/* fuzz_seg_spacy_en.c: libFuzzer target for the spaCy English segmenter: any bytes, made valid
 * UTF-8, must give tokens that tile the text as spaCy's do (in order, none empty, white-space
 * tokens only of white space, and between two tokens nothing or one U+0020), a sentence start on
 * the first token, and never a crash, a hang or a read out of bounds; and the same tokens
 * (offsets, lengths, white-space and sentence-start flags) with the fast paths skipped
 * (wn_spacy_en_general_path_only), so that a shortcut never says other than the general path. */
#include <stdlib.h>
#include <string.h>
#include "winnow/internal.h"
#include "text/seg_spacy_en.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static wn_spacy_en *seg, *general;
    if (!seg && wn_spacy_en_create(&seg))
        return 0;
    if (!general) {
        if (wn_spacy_en_create(&general))
            return 0;
        wn_spacy_en_general_path_only(general, true);
    }
    wn_buf b;
    wn_buf_init(&b, WN_BUF_UNCAPPED);
    if (wn_utf8_repair(&b, (const char *)data, size, NULL)) {
        wn_buf_free(&b);
        return 0;
    }
    /* an exact-size copy, so that ASan sees any read past the text */
    size_t n = b.len;
    char *t = malloc(n ? n : 1);
    if (n)
        memcpy(t, b.data, n);
    wn_buf_free(&b);
    const wn_stok *k;
    size_t nk;
    if (wn_spacy_en_tokenize(seg, t, n, &k, &nk) == WN_OK) {
        size_t at = 0;
        for (size_t i = 0; i < nk; i++) {
            if (k[i].len == 0 || k[i].off < at || (size_t)k[i].off + k[i].len > n)
                abort();
            if (k[i].off > at + 1 || (k[i].off == at + 1 && (at == 0 || t[at] != ' ')))
                abort();
            at = (size_t)k[i].off + k[i].len;
        }
        if (nk && !(k[0].flags & WN_STOK_SENT_START))
            abort();
        if (n && !nk)
            abort();
        const wn_stok *g;
        size_t ng;
        const uint32_t same = WN_STOK_SPACE | WN_STOK_SENT_START;
        if (wn_spacy_en_tokenize(general, t, n, &g, &ng) != WN_OK || ng != nk)
            abort();
        for (size_t i = 0; i < nk; i++)
            if (g[i].off != k[i].off || g[i].len != k[i].len ||
                (g[i].flags & same) != (k[i].flags & same))
                abort();
    }
    free(t);
    return 0;
}
