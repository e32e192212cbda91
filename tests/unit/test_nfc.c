/* test_nfc.c: wn_utf8_nfc against ICU's normalizer applied to every text (the oracle: the
 * shortcut in nfc.c that passes a text over without ICU must never pass one that ICU would
 * change). Texts are random code points from the ranges that matter: ASCII and Latin-1,
 * combining marks, precomposed and decomposing letters, Hangul syllables and jamo, general
 * punctuation (U+2000 and U+2001 decompose), CJK, compatibility characters, and characters
 * outside the BMP. */
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include "harness.h"
#include "winnow/internal.h"
#include "text/nfc.h"

static uint64_t rng = 0x2545F4914F6CDD1DULL;
static uint32_t next(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

static size_t put(char *o, uint32_t cp)
{
    if (cp < 0x80) { o[0] = (char)cp; return 1; }
    if (cp < 0x800) { o[0] = (char)(0xC0 | cp >> 6); o[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | cp >> 12); o[1] = (char)(0x80 | ((cp >> 6) & 0x3F)); o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | cp >> 18); o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* ICU's NFC of the UTF-8 text s, as UTF-8 */
static size_t oracle(char *out, size_t cap, const char *s, size_t n)
{
    static UChar u16[4096], norm[12288];
    UErrorCode e = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&e);
    int32_t l16 = 0, ln = 0, l8 = 0;
    u_strFromUTF8(u16, 4096, &l16, s, (int32_t)n, &e);
    ln = unorm2_normalize(nfc, u16, l16, norm, 12288, &e);
    u_strToUTF8(out, (int32_t)cap, &l8, norm, ln, &e);
    CHECK(U_SUCCESS(e));
    return (size_t)l8;
}

static void test_nfc_matches_icu(void)
{
    static const uint32_t ranges[][2] = {
        { 0x20, 0x7E }, { 0xA0, 0x2FF }, { 0x300, 0x36F }, { 0x370, 0x4FF }, { 0x1E00, 0x1EFF },
        { 0x1100, 0x11FF }, { 0xAC00, 0xAC40 }, { 0x2000, 0x206F }, { 0x2100, 0x21FF }, { 0x3000, 0x30FF },
        { 0x4E00, 0x4E80 }, { 0xF900, 0xFAFF }, { 0xFB00, 0xFB4F }, { 0x0900, 0x097F }, { 0x0CC0, 0x0CD6 },
        { 0x1F600, 0x1F64F }, { 0x1D15E, 0x1D164 },
    };
    const size_t nr = sizeof ranges / sizeof *ranges;
    static char s[2048], want[8192];
    wn_buf out;
    wn_buf_init(&out, 1 << 20);
    size_t changed_n = 0, kept_n = 0;
    for (int round = 0; round < 20000; round++) {
        size_t n = 0, len = 1 + next() % 40;
        /* most texts draw from two or three ranges, as a page does */
        size_t r0 = next() % nr, r1 = next() % nr;
        for (size_t k = 0; k < len; k++) {
            size_t r = next() % 4 == 0 ? r1 : next() % 3 == 0 ? 0 : r0;
            uint32_t cp = ranges[r][0] + next() % (ranges[r][1] - ranges[r][0] + 1);
            n += put(s + n, cp);
        }
        size_t wl = oracle(want, sizeof want, s, n);
        bool changed = true;
        CHECK(wn_utf8_nfc(&out, s, n, &changed) == WN_OK);
        const char *got = changed ? out.data : s;
        size_t gl = changed ? out.len : n;
        changed_n += wl != n || memcmp(want, s, n);
        kept_n += !changed;
        if (gl != wl || memcmp(got, want, wl)) {
            CHECK_MSG(false, "round %d: %zu bytes, NFC differs from ICU's (changed %d)", round, n, changed);
            break;
        }
    }
    CHECK(changed_n > 1000 && kept_n > 1000);   /* both kinds of text were seen */
    wn_buf_free(&out);
}

int main(void)
{
    RUN(test_nfc_matches_icu);
    return DONE();
}
