/* test_charref_runs.c: wn_ht_str_decode over long strings (which it scans eight bytes at a
 * time for CR, NUL and '&') against the same decoder on short pieces (under eight bytes: the
 * byte-at-a-time path) concatenated. The pieces decode independently of their neighbours:
 * references end with ';', a lone '&' is followed by a space, CR stands alone or as CRLF. */
#include <string.h>
#include "harness.h"
#include "html/tokenizer.h"

static const char *const pieces[] = { "a", "word", "Text", " ", "  ", "&amp;", "&#65;", "&#x41;", "&lt;",
                                      "&euro;", "& ", "\r", "\r\n", "\xc3\xa4", "\xe2\x82\xac", "x.y" };
#define N_PIECES (sizeof pieces / sizeof *pieces)

static void test_runs(void)
{
    static const wn_ht_str_kind kinds[] = { WN_HT_STR_DATA, WN_HT_STR_RCDATA, WN_HT_STR_ATTR,
                                            WN_HT_STR_BODY, WN_HT_STR_CDATA };
    wn_buf got, want;
    wn_buf_init(&got, 1 << 16);
    wn_buf_init(&want, 1 << 16);
    unsigned seed = 5;
    size_t wrong = 0, checked = 0;
    for (int round = 0; round < 3000; round++) {
        char in[600];
        size_t n = 0, at[200], np = 0;
        while (n < 500) {
            seed = seed * 1103515245u + 12345u;
            /* long stretches of plain words, as text is, so that most eight-byte loads pass */
            unsigned r = (seed >> 16) % (N_PIECES + 12);
            const char *q = r < N_PIECES ? pieces[r] : (r % 2 ? "plain" : " ");
            size_t k = strlen(q);
            if (r < N_PIECES && r >= 9 && (seed >> 8) % 4 == 0)
                q = "\0", k = 1;   /* NUL, which strlen cannot carry */
            at[np++] = n;
            memcpy(in + n, q, k);
            n += k;
        }
        at[np] = n;
        wn_ht_str_kind kind = kinds[round % 5];
        wn_buf_reset(&got);
        wn_buf_reset(&want);
        CHECK(wn_ht_str_decode((wn_ht_str){ in, (uint32_t)n, (uint8_t)kind, true }, &got) == WN_OK);
        for (size_t i = 0; i < np; i++)
            CHECK(wn_ht_str_decode((wn_ht_str){ in + at[i], (uint32_t)(at[i + 1] - at[i]), (uint8_t)kind, true },
                                   &want) == WN_OK);
        checked++;
        if (got.len != want.len || memcmp(got.data, want.data, got.len)) {
            if (wrong++ < 2)
                fprintf(stderr, "  round %d kind %d: %zu bytes decoded, want %zu\n", round, (int)kind, got.len,
                        want.len);
        }
    }
    CHECK_EQ_INT((int)checked, 3000);
    CHECK_EQ_INT((int)wrong, 0);
    wn_buf_free(&got);
    wn_buf_free(&want);
}

int main(void)
{
    RUN(test_runs);
    return DONE();
}
