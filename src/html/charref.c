/* charref.c: the lazy half of the tokenizer: decoding a token's slice when a reader asks for
 * it. Character references (WHATWG HTML §13.2.5.72-80), newline normalisation (§13.2.3.5: CR
 * and CRLF become LF) and NUL replacement, each only in the kinds of text where the spec
 * applies it (wn_ht_str_kind in tokenizer.h).
 *
 * DESIGN: a reference is resolved from the slice alone. That gives the tokenizer's result
 * because a reference never spans a slice boundary: names are ASCII alphanumerics and ';', and
 * every slice ends at a byte that is none of these ('<', a quote, whitespace, '>') or at the
 * end of the input, where the spec's "next input character" check sees EOF as we do.
 * The named table is generated at build time (scripts/gen_html_entities.py) and searched by
 * bisection for the longest name that prefixes the text, as §13.2.5.73 asks. */
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include "html/tokenizer.h"

typedef struct {
    const char *name;
    uint8_t len;
    const char *value;
    uint8_t value_len;
} wn_html_entity;

#include "gen/html_entities.inc"   /* $(BUILD)/gen/, by the Makefile */

static inline bool ref_is_alnum(unsigned char c)
{
    return (unsigned)(c - '0') < 10 || (unsigned)((c | 0x20) - 'a') < 26;
}

/* The entity named exactly key[0..n), or NULL. */
static const wn_html_entity *entity_find(const char *key, size_t n)
{
    size_t lo = 0, hi = WN_HTML_ENTITY_COUNT;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const wn_html_entity *en = &wn_html_entities[mid];
        size_t m = en->len < n ? en->len : n;
        int c = memcmp(en->name, key, m);
        if (c == 0)
            c = en->len < n ? -1 : en->len > n;
        if (c == 0)
            return en;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static wn_status put_utf8(wn_buf *dst, uint32_t cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp; n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | cp >> 6); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | cp >> 12); u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        u[0] = (char)(0xF0 | cp >> 18); u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        u[2] = (char)(0x80 | (cp >> 6 & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
    }
    return wn_buf_append(dst, u, n);
}

/* §13.2.5.80: numeric references to C1 controls mean what windows-1252 puts there
 * (0 where the code point stays). */
static const uint16_t c1_remap[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* A numeric reference at p ("&#..."): appends its character, or the text as it is when no
 * digit follows; returns the bytes consumed. */
static size_t numeric_ref(const char *p, const char *e, wn_buf *dst, wn_status *st)
{
    const char *q = p + 2;
    bool hex = q < e && (*q | 0x20) == 'x';
    if (hex)
        q++;
    const char *digits = q;
    uint32_t v = 0;
    for (; q < e; q++) {
        unsigned c = (unsigned char)*q, d;
        if (c - '0' < 10)
            d = c - '0';
        else if (hex && (c | 0x20) - 'a' < 6)
            d = (c | 0x20) - 'a' + 10;
        else
            break;
        v = v * (hex ? 16 : 10) + d;
        if (v > 0x10FFFF)
            v = 0x110000;   /* saturate: any larger value means the same (U+FFFD) */
    }
    if (q == digits) {
        *st = wn_buf_append(dst, p, (size_t)(q - p));
        return (size_t)(q - p);
    }
    if (q < e && *q == ';')
        q++;
    if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        v = 0xFFFD;
    else if (v >= 0x80 && v <= 0x9F && c1_remap[v - 0x80])
        v = c1_remap[v - 0x80];
    *st = put_utf8(dst, v);
    return (size_t)(q - p);
}

/* A named reference at p ('&' then an alphanumeric): appends its replacement, or just the
 * '&' when nothing matches (the rest is plain text to the caller); returns the bytes consumed. */
static size_t named_ref(const char *p, const char *e, bool in_attr, wn_buf *dst, wn_status *st)
{
    const char *q = p + 1;
    size_t k = 0;
    while (q + k < e && k <= WN_HTML_ENTITY_NAME_MAX && ref_is_alnum((unsigned char)q[k]))
        k++;
    size_t top = k;
    if (k < WN_HTML_ENTITY_NAME_MAX && q + k < e && q[k] == ';')
        top = k + 1;
    if (top > WN_HTML_ENTITY_NAME_MAX)
        top = WN_HTML_ENTITY_NAME_MAX;
    for (size_t len = top; len > 0; len--) {
        const wn_html_entity *en = entity_find(q, len);
        if (!en)
            continue;
        /* §13.2.5.73: in an attribute, "&not=" or "&notit" without ';' stay as written */
        if (in_attr && q[len - 1] != ';' && q + len < e &&
            (q[len] == '=' || ref_is_alnum((unsigned char)q[len])))
            break;
        *st = wn_buf_append(dst, en->value, en->value_len);
        return len + 1;
    }
    *st = wn_buf_append(dst, "&", 1);
    return 1;
}

static wn_status decode_name(wn_ht_str s, wn_buf *dst)
{
    wn_status st = wn_buf_reserve(dst, (size_t)s.len + 2 * s.len);
    for (uint32_t i = 0; i < s.len && st == WN_OK; i++) {
        char c = s.ptr[i];
        if (c >= 'A' && c <= 'Z')
            st = wn_buf_append_char(dst, (char)(c + 32));
        else if (c == '\0')
            st = wn_buf_append(dst, "\xEF\xBF\xBD", 3);
        else
            st = wn_buf_append_char(dst, c);
    }
    return st;
}

wn_status wn_ht_str_decode(wn_ht_str s, wn_buf *dst)
{
    if (!s.dirty)
        return wn_buf_append(dst, s.ptr, s.len);
    if (s.kind == WN_HT_STR_NAME)
        return decode_name(s, dst);
    bool refs = s.kind == WN_HT_STR_DATA || s.kind == WN_HT_STR_RCDATA ||
                s.kind == WN_HT_STR_ATTR || s.kind == WN_HT_STR_BODY;
    bool keep_nul = s.kind == WN_HT_STR_DATA || s.kind == WN_HT_STR_CDATA;
    const char *p = s.ptr, *e = s.ptr + s.len, *run = p;
    wn_status st = WN_OK;
#if defined(__SSE2__)
    const __m128i vcr = _mm_set1_epi8('\r'), vz = _mm_setzero_si128();
    const __m128i va = refs ? _mm_set1_epi8('&') : vz;   /* without refs: NUL again */
#endif
    while (p < e && st == WN_OK) {
#if defined(__SSE2__)
        /* sixteen bytes at a time to the first CR, NUL or (with refs) '&' (half the
         * instructions per byte of the word-at-a-time test below, which stays for other
         * targets): decoded text is mostly whole paragraphs with one reference */
        if (e - p >= 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
            __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, vcr), _mm_cmpeq_epi8(v, vz)),
                                     _mm_cmpeq_epi8(v, va));
            unsigned mask = (unsigned)_mm_movemask_epi8(m);
            if (!mask) {
                p += 16;
                continue;
            }
            p += __builtin_ctz(mask);
        }
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        /* eight bytes at a time to the first CR, NUL or (with refs) '&': each test's lowest
         * flag is exact (a false one only ever follows a true one), so the lowest flag of the
         * three is the first such byte; the code below takes it */
        if (e - p >= 8) {
            uint64_t x;
            memcpy(&x, p, 8);
            uint64_t m = wn_swar_has_byte(x, '\r') | wn_swar_has_zero(x) | (refs ? wn_swar_has_byte(x, '&') : 0);
            if (!m) {
                p += 8;
                continue;
            }
            p += __builtin_ctzll(m) / 8;
        }
#endif
        char c = *p;
        if (c != '\r' && c != '\0' && !(c == '&' && refs)) {
            p++;
            continue;
        }
        if ((st = wn_buf_append(dst, run, (size_t)(p - run))))
            break;
        if (c == '\r') {
            st = wn_buf_append_char(dst, '\n');
            p += (p + 1 < e && p[1] == '\n') ? 2 : 1;
        } else if (c == '\0') {
            if (s.kind != WN_HT_STR_BODY)
                st = keep_nul ? wn_buf_append_char(dst, '\0') : wn_buf_append(dst, "\xEF\xBF\xBD", 3);
            p++;
        } else if (p + 1 < e && p[1] == '#') {
            p += numeric_ref(p, e, dst, &st);
        } else if (p + 1 < e && ref_is_alnum((unsigned char)p[1])) {
            p += named_ref(p, e, s.kind == WN_HT_STR_ATTR, dst, &st);
        } else {
            st = wn_buf_append_char(dst, '&');
            p++;
        }
        run = p;
    }
    if (st == WN_OK)
        st = wn_buf_append(dst, run, (size_t)(e - run));
    return st;
}

wn_slice wn_ht_str_view(wn_ht_str s, wn_buf *scratch, wn_status *st)
{
    *st = WN_OK;
    if (!s.dirty)
        return (wn_slice){ s.ptr, s.len };
    wn_buf_reset(scratch);
    if ((*st = wn_ht_str_decode(s, scratch)))
        return (wn_slice){ NULL, 0 };
    return wn_buf_slice(scratch);
}

bool wn_ht_name_eq_n(wn_ht_str s, const char *lower_lit, size_t n)
{
    if (s.len != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s.ptr[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c != lower_lit[i])
            return false;
    }
    return true;
}
