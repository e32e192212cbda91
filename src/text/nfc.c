/* nfc.c: NFC normalization of UTF-8 text through ICU's normalizer2.
 *
 * DESIGN: every code point below U+0300 has NFC_Quick_Check=Yes and composes with nothing
 * before it, so text whose lead bytes are all below 0xCC is NFC as it stands: most text is
 * found so in one byte scan. Other text goes to UTF-16 (ICU's normalizer works on UChar),
 * is checked with unorm2_quickCheck, and only when that does not say yes is it normalized
 * and converted back. */
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include "text/nfc.h"

static bool maybe_not_nfc(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] >= 0xCC && (s[i] & 0xC0) == 0xC0)
            return true;
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
