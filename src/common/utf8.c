/* utf8.c: UTF-8 validation, decoding and repair (Unicode 15 §3.9, Table 3-7). */
#include <string.h>
#include "winnow/core.h"

size_t wn_utf8_decode(const char *p, size_t n, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)p;
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; v = c & 0x07; min = 0x10000; }
    else goto bad;
    if (n < len)
        goto bad;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            goto bad;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        goto bad;
    *cp = v;
    return len;
bad:
    *cp = 0xFFFD;
    return 1;
}

size_t wn_utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) { o[0] = (unsigned char)cp; return 1; }
    if (cp < 0x800) { o[0] = 0xC0 | (cp >> 6); o[1] = 0x80 | (cp & 0x3F); return 2; }
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
    if (cp < 0x10000) {
        o[0] = 0xE0 | (cp >> 12); o[1] = 0x80 | ((cp >> 6) & 0x3F); o[2] = 0x80 | (cp & 0x3F);
        return 3;
    }
    if (cp > 0x10FFFF) return wn_utf8_encode(0xFFFD, out);
    o[0] = 0xF0 | (cp >> 18); o[1] = 0x80 | ((cp >> 12) & 0x3F);
    o[2] = 0x80 | ((cp >> 6) & 0x3F); o[3] = 0x80 | (cp & 0x3F);
    return 4;
}

bool wn_utf8_valid(const char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        /* ASCII runs skipped a word at a time: the common case of web text */
        i += wn_ascii_len(p + i, n - i);
        if (i >= n)
            break;
        uint32_t cp;
        size_t l = wn_utf8_decode(p + i, n - i, &cp);
        if (cp == 0xFFFD && l == 1)
            return false;
        i += l;
    }
    return true;
}

wn_status wn_utf8_repair(wn_buf *dst, const char *p, size_t n, size_t *replaced)
{
    size_t bad = 0, i = 0, run = 0;
    wn_status st = wn_buf_reserve(dst, n);
    if (st)
        return st;
    while (i < n) {
        size_t a = wn_ascii_len(p + i, n - i);
        i += a;
        run += a;
        if (i >= n)
            break;
        uint32_t cp;
        size_t l = wn_utf8_decode(p + i, n - i, &cp);
        if (cp == 0xFFFD && l == 1) {
            if ((st = wn_buf_append(dst, p + i - run, run)) ||
                (st = wn_buf_append(dst, "\xEF\xBF\xBD", 3)))
                return st;
            run = 0;
            bad++;
            i++;
            continue;
        }
        i += l;
        run += l;
    }
    if ((st = wn_buf_append(dst, p + n - run, run)))
        return st;
    if (replaced)
        *replaced = bad;
    return WN_OK;
}
