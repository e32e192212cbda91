/* nfc.c: NFC normalization of UTF-8 text through ICU's normalizer2.
 *
 * DESIGN: a text whose every character has NFC_Quick_Check=Yes and canonical combining class 0
 * is NFC as it stands (UAX #15's quick check answers YES for it: no class to reorder, nothing
 * that may compose with what precedes it). Every code point below U+0300 is such a character,
 * so bytes below 0xCC are passed over; a character from U+0300 to U+FFFF is looked up in a
 * bitmap of those properties, and most text (curly quotes, dashes, Cyrillic, CJK) is found NFC
 * in one byte scan. Other text (a combining mark, a supplementary-plane character, a broken
 * sequence) goes to UTF-16 (ICU's normalizer works on UChar), is checked with
 * unorm2_quickCheck, and only when that does not say yes is it normalized and converted back. */
#include <stdatomic.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include "text/nfc.h"

/* One bit per BMP code point: NFC_Quick_Check=Yes and combining class 0. Filled from ICU's
 * properties 64 code points at a time when a text first reaches them (a page uses a few such
 * runs, and a lookup of the two properties costs some hundreds of instructions: all 65,536
 * would cost tens of millions at start-up). Threads that fill the same word store the same
 * bits: its flag is set after them (release) and read before them (acquire). */
static _Atomic uint64_t nfc_safe_bits[65536 / 64];
static _Atomic uint8_t nfc_safe_ready[65536 / 64];

static bool nfc_safe(uint32_t cp)
{
    uint32_t w = cp >> 6;
    if (!atomic_load_explicit(&nfc_safe_ready[w], memory_order_acquire)) {
        uint64_t bits = 0;
        for (uint32_t k = 0; k < 64; k++) {
            UChar32 c = (UChar32)(w << 6 | k);
            if (u_getCombiningClass(c) == 0 && u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) == UNORM_YES)
                bits |= 1ULL << k;
        }
        atomic_store_explicit(&nfc_safe_bits[w], bits, memory_order_relaxed);
        atomic_store_explicit(&nfc_safe_ready[w], 1, memory_order_release);
    }
    return atomic_load_explicit(&nfc_safe_bits[w], memory_order_relaxed) >> (cp & 63) & 1;
}


/* true unless every character of s is one that leaves a text NFC (see DESIGN) */
static bool maybe_not_nfc(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        /* ASCII eight bytes at a time: most of most texts */
        while (i + 8 <= n) {
            uint64_t x;
            memcpy(&x, s + i, 8);
            if (x & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i >= n)
            break;
        unsigned char c = s[i];
        if (c < 0xCC || wn_utf8_is_cont(c))
            continue;
        if (c < 0xE0) {
            if (i + 1 >= n || !wn_utf8_is_cont(s[i + 1]) ||
                !nfc_safe((uint32_t)(c & 0x1F) << 6 | (s[i + 1] & 0x3F)))
                return true;
            i += 1;
        } else if (c < 0xF0) {
            if (i + 2 >= n || !wn_utf8_is_cont(s[i + 1]) || !wn_utf8_is_cont(s[i + 2]))
                return true;
            uint32_t cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(s[i + 1] & 0x3F) << 6 | (s[i + 2] & 0x3F);
            if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF) || !nfc_safe(cp))
                return true;    /* overlong or a surrogate: ICU's conversion decides */
            i += 2;
        } else {
            return true;
        }
    }
    return false;
}

wn_status wn_utf8_nfc(wn_buf *out, const char *s, size_t n, bool *changed)
{
    *changed = false;
    wn_buf_reset(out);
    if (!maybe_not_nfc((const unsigned char *)s, n) || n >= ((size_t)1 << 30))
        return WN_OK;
    UErrorCode e = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&e);
    if (U_FAILURE(e))
        return WN_ERR_UNSUPPORTED;
    /* UTF-8 needs at least as many bytes as UTF-16 has units, and NFC makes a text at most 3
     * times longer in UTF-16 (the Unicode normalization FAQ's expansion factors) */
    UChar *u16 = wn_malloc((n + 1) * sizeof *u16);
    UChar *norm = wn_malloc((3 * n + 1) * sizeof *norm);
    wn_status st = WN_OK;
    if (!u16 || !norm) {
        st = WN_ERR_NOMEM;
        goto done;
    }
    int32_t len16 = 0;
    u_strFromUTF8WithSub(u16, (int32_t)n + 1, &len16, s, (int32_t)n, 0xFFFD, NULL, &e);
    if (U_FAILURE(e)) {
        st = WN_ERR_UNSUPPORTED;
        goto done;
    }
    if (unorm2_quickCheck(nfc, u16, len16, &e) == UNORM_YES && U_SUCCESS(e))
        goto done;
    e = U_ZERO_ERROR;
    int32_t lenn = unorm2_normalize(nfc, u16, len16, norm, (int32_t)(3 * n + 1), &e);
    if (U_FAILURE(e)) {
        st = WN_ERR_UNSUPPORTED;
        goto done;
    }
    /* back to UTF-8: at most 3 bytes per UTF-16 unit */
    st = wn_buf_reserve(out, (size_t)lenn * 3 + 1);
    if (st)
        goto done;
    int32_t len8 = 0;
    u_strToUTF8WithSub(out->data, (int32_t)((size_t)lenn * 3 + 1), &len8, norm, lenn, 0xFFFD, NULL, &e);
    if (U_FAILURE(e)) {
        st = WN_ERR_UNSUPPORTED;
        goto done;
    }
    out->len = (size_t)len8;
    *changed = true;
done:
    wn_free(u16);
    wn_free(norm);
    if (st)
        wn_buf_reset(out);
    return st;
}
