/* test_meta_collapse.c: wn_meta_set's whitespace collapsing and its cut at the field cap,
 * against a reference that builds the field a byte at a time from the contract (meta.c):
 * spaces, tabs, newlines, CR, FF, VT and no-break spaces separate words; runs of them become
 * one space, none at either end; a byte goes in while the field is 8 bytes short of the cap
 * (4096 bytes), and a cut field loses a trailing incomplete UTF-8 sequence. Inputs are random
 * words, separators and multi-byte characters, many of them long enough to be cut. */
#include "harness.h"
#include "winnow/internal.h"
#include "html/meta.h"

#define CAP 4096    /* META_MAX in meta.c */

static bool ws(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

static size_t ref_collapse(char *out, const char *p, size_t n)
{
    size_t len = 0;
    bool pend = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (ws(c) || (c == 0xC2 && i + 1 < n && (unsigned char)p[i + 1] == 0xA0)) {
            i += c == 0xC2;
            pend = len > 0;
            continue;
        }
        if (len + 8 >= CAP) {
            while (len && ((unsigned char)out[len - 1] & 0xC0) == 0x80)
                len--;
            if (len && (unsigned char)out[len - 1] >= 0xC0)
                len--;
            break;
        }
        if (pend)
            out[len++] = ' ';
        pend = false;
        out[len++] = (char)c;
    }
    return len;
}

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint32_t next(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

static void test_collapse_matches_reference(void)
{
    static const char *const bits[] = { "word", "x", "  ", " ", "\t\n", "\xC2\xA0", " \xC2\xA0 ", "\xC3\xA9",
                                        "\xE2\x80\x94", "\xF0\x9F\x98\x80", "long-token-without-space", "\v\f\r" };
    static char in[12000], want[12000];
    wn_meta m;
    wn_meta_init(&m);
    size_t cut = 0;
    for (int round = 0; round < 3000; round++) {
        size_t target = round % 3 == 0 ? next() % 200 : 4000 + next() % 2000, n = 0;
        while (n < target) {
            const char *b = bits[next() % (sizeof bits / sizeof *bits)];
            size_t bl = strlen(b);
            memcpy(in + n, b, bl);
            n += bl;
        }
        size_t wl = ref_collapse(want, in, n);
        wn_meta_reset(&m);
        wn_meta_set(&m, WN_META_DESC_META, in, n);
        const wn_buf *f = &m.f[WN_META_DESC_META];
        cut += wl >= CAP - 8 - 4;   /* within a character of the cut */
        if (f->len != wl || (wl && memcmp(f->data, want, wl))) {
            CHECK_MSG(false, "round %d: %zu bytes in, field %zu bytes, reference %zu", round, n, f->len, wl);
            break;
        }
    }
    CHECK(cut > 500);   /* the cap was reached often */
    wn_meta_free(&m);
}

int main(void)
{
    RUN(test_collapse_matches_reference);
    return DONE();
}
