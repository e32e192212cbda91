/* json_escape.c: writing JSON string literals (RFC 8259 §7). Input is assumed UTF-8; invalid
 * bytes are written as U+FFFD so the output is always valid JSON and valid UTF-8.
 *
 * DESIGN: the text of every page goes through here, so plain bytes are passed over 16 at a
 * time with SSE2 (8 with a word elsewhere), and the common UTF-8 sequences (two bytes, and
 * three bytes outside the surrogates and overlong forms) are checked in place; only the rest
 * goes to wn_utf8_decode. */
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include "winnow/core.h"

/* How many bytes from s[i] on are plain: printable ASCII other than '"', '\\' and DEL. */
static inline size_t plain_run(const char *s, size_t i, size_t n)
{
    size_t i0 = i;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'), del = _mm_set1_epi8(0x7F),
                  space = _mm_set1_epi8(0x20);
    while (i + 16 <= n) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        /* a signed compare: bytes below 0x20 and from 0x80 up are both "less than" 0x20 */
        __m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(x, space), _mm_cmpeq_epi8(x, quote)),
                                    _mm_or_si128(_mm_cmpeq_epi8(x, bslash), _mm_cmpeq_epi8(x, del)));
        unsigned m = (unsigned)_mm_movemask_epi8(stop);
        if (m)
            return i - i0 + (size_t)__builtin_ctz(m);
        i += 16;
    }
#endif
    while (i + 8 <= n) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if ((w & WN_SWAR_HIGH) || wn_swar_has_less(w, 0x20) || wn_swar_has_byte(w, '"') ||
            wn_swar_has_byte(w, '\\') || wn_swar_has_byte(w, 0x7F))
            break;
        i += 8;
    }
    return i - i0;
}


/* The length of the well-formed UTF-8 sequence at s[i] (whose lead byte is 0x80 or more), or 0
 * for an invalid byte (written as U+FFFD). */
static inline size_t utf8_seq(const char *s, size_t i, size_t n)
{
    const unsigned char *u = (const unsigned char *)s + i;
    unsigned char c = u[0];
    if (c >= 0xC2 && c <= 0xDF && i + 1 < n && wn_utf8_is_cont(u[1]))
        return 2;
    if (c >= 0xE1 && c <= 0xEF && c != 0xED && i + 2 < n && wn_utf8_is_cont(u[1]) &&
        wn_utf8_is_cont(u[2]))
        return 3;
    uint32_t cp;
    size_t l = wn_utf8_decode(s + i, n - i, &cp);
    return cp == 0xFFFD && l == 1 ? 0 : l;
}

wn_status wn_json_escape(wn_buf *dst, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    wn_status st = wn_buf_reserve(dst, n + 2);
    if (st)
        return st;
    dst->data[dst->len++] = '"';
    size_t i = 0, start = 0;
    while (i < n) {
        i += plain_run(s, i, n);
        if (i >= n)
            break;
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char tmp[8];
        size_t skip = 1;
        if (c >= 0x80) {
            size_t l = utf8_seq(s, i, n);
            if (l) { i += l; continue; }
            esc = "\xEF\xBF\xBD";
        } else if (c == '"') esc = "\\\"";
        else if (c == '\\') esc = "\\\\";
        else if (c == '\n') esc = "\\n";
        else if (c == '\t') esc = "\\t";
        else if (c == '\r') esc = "\\r";
        else if (c < 0x20 || c == 0x7F) {
            tmp[0] = '\\'; tmp[1] = 'u'; tmp[2] = '0'; tmp[3] = '0';
            tmp[4] = hex[c >> 4]; tmp[5] = hex[c & 15]; tmp[6] = 0;
            esc = tmp;
        } else { i++; continue; }
        if ((st = wn_buf_append(dst, s + start, i - start)) || (st = wn_buf_append_str(dst, esc)))
            return st;
        i += skip;
        start = i;
    }
    /* empty text may come as (NULL, 0): NULL + 0 is undefined in C, so no tail when none */
    if (start < n && (st = wn_buf_append(dst, s + start, n - start)))
        return st;
    return wn_buf_append_char(dst, '"');
}
