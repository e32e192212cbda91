/* charset.c: deciding a page's encoding (BOM, HTTP, <meta>, detector) and converting to UTF-8.
 *
 * DESIGN: decisions follow WHATWG HTML §13.2.3.2 with the two corrections for mislabelled
 * pages described in winnow/charset.h; conversion goes through glibc iconv with our own error
 * recovery, so a bad byte costs one U+FFFD and never the page. Nothing here keeps state
 * between calls: an iconv descriptor and a uchardet handle live for one call only. */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <strings.h>
#include <string.h>
#include <uchardet/uchardet.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include "encoding/charset_impl.h"
#include "common/check.h"

#define PRESCAN_BYTES 1024          /* WHATWG HTML §13.2.3.2: the prescan looks at 1024 bytes */
#define DETECT_BYTES (64 * 1024)    /* the detector sees at most this much of the page */

static const char REPLACEMENT[3] = { '\xEF', '\xBF', '\xBD' };

static bool is_ws(unsigned char c) { return c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D || c == 0x20; }
static unsigned char charset_lower(unsigned char c) { return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c; }

static bool ci_prefix(const char *p, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    if (n < k)
        return false;
    for (size_t i = 0; i < k; i++)
        if (charset_lower((unsigned char)p[i]) != (unsigned char)lit[i])
            return false;
    return true;
}

/* ---- HTTP Content-Type ---------------------------------------------------------------------- */

const char *wn_charset_from_content_type(const char *ct, size_t n)
{
    /* RFC 9110 §8.3.1: media-type *( OWS ";" OWS parameter ), parameter = name "=" value,
     * value a token or a quoted-string. Parameter names are case-insensitive. */
    size_t i = 0;
    while (i < n) {
        const char *semi = memchr(ct + i, ';', n - i);
        if (!semi)
            return NULL;
        i = (size_t)(semi - ct) + 1;
        while (i < n && (ct[i] == ' ' || ct[i] == '\t'))
            i++;
        if (!ci_prefix(ct + i, n - i, "charset"))
            continue;
        size_t j = i + 7;
        while (j < n && (ct[j] == ' ' || ct[j] == '\t'))
            j++;
        if (j >= n || ct[j] != '=')
            continue;
        j++;
        while (j < n && (ct[j] == ' ' || ct[j] == '\t'))
            j++;
        size_t start = j, end;
        if (j < n && (ct[j] == '"' || ct[j] == '\'')) {
            char q = ct[j];
            start = ++j;
            while (j < n && ct[j] != q)
                j++;
            end = j;
        } else {
            while (j < n && ct[j] != ';' && ct[j] != ' ' && ct[j] != '\t' && ct[j] != ',')
                j++;
            end = j;
        }
        return wn_charset_lookup(ct + start, end - start);
    }
    return NULL;
}

/* ---- <meta> prescan (WHATWG HTML §13.2.3.2) ----------------------------------------------- */

typedef struct {
    char name[32];
    size_t name_len;
    char value[128];
    size_t value_len;
} meta_attr;

/* "get an attribute" (HTML §13.2.3.2). Returns 1 with an attribute, 0 when the tag ends ('>'
 * at *pos), -1 at the end of the bytes (the prescan aborts). Names and values are lowercased
 * and cut to their buffers: anything we look for is short. */
static int get_attribute(const char *p, size_t n, size_t *pos, meta_attr *a)
{
    size_t i = *pos;
    a->name_len = a->value_len = 0;
    while (i < n && (is_ws((unsigned char)p[i]) || p[i] == '/'))
        i++;
    if (i >= n)
        return -1;
    if (p[i] == '>') {
        *pos = i;
        return 0;
    }
    /* name */
    for (;;) {
        if (i >= n)
            return -1;
        unsigned char c = (unsigned char)p[i];
        if (c == '=' && a->name_len > 0) {
            i++;
            goto value;
        }
        if (is_ws(c))
            break;
        if (c == '/' || c == '>') {
            *pos = i;
            return 1;
        }
        if (a->name_len < sizeof a->name)
            a->name[a->name_len++] = (char)charset_lower(c);
        i++;
    }
    /* spaces, then '=' or the attribute has no value */
    while (i < n && is_ws((unsigned char)p[i]))
        i++;
    if (i >= n)
        return -1;
    if (p[i] != '=') {
        *pos = i;
        return 1;
    }
    i++;
value:
    while (i < n && is_ws((unsigned char)p[i]))
        i++;
    if (i >= n)
        return -1;
    if (p[i] == '"' || p[i] == '\'') {
        char q = p[i++];
        for (;;) {
            if (i >= n)
                return -1;
            if (p[i] == q) {
                *pos = i + 1;
                return 1;
            }
            if (a->value_len < sizeof a->value)
                a->value[a->value_len++] = (char)charset_lower((unsigned char)p[i]);
            i++;
        }
    }
    if (p[i] == '>') {
        *pos = i;
        return 1;
    }
    for (;;) {
        if (i >= n)
            return -1;
        unsigned char c = (unsigned char)p[i];
        if (is_ws(c) || c == '>') {
            *pos = i;
            return 1;
        }
        if (a->value_len < sizeof a->value)
            a->value[a->value_len++] = (char)charset_lower(c);
        i++;
    }
}

/* "extracting a character encoding from a meta element" (HTML §2.5.? / §4.2.5.3): the value
 * after "charset" "=" in a content attribute. */
static const char *charset_from_meta_content(const char *s, size_t n)
{
    size_t i = 0;
    for (;;) {
        const char *hit = NULL;
        for (size_t k = i; k + 7 <= n; k++)
            if (ci_prefix(s + k, n - k, "charset")) {
                hit = s + k;
                break;
            }
        if (!hit)
            return NULL;
        i = (size_t)(hit - s) + 7;
        while (i < n && is_ws((unsigned char)s[i]))
            i++;
        if (i >= n || s[i] != '=')
            continue; /* loop from just before that character */
        i++;
        while (i < n && is_ws((unsigned char)s[i]))
            i++;
        if (i >= n)
            return NULL;
        if (s[i] == '"' || s[i] == '\'') {
            const char *end = memchr(s + i + 1, s[i], n - i - 1);
            if (!end)
                return NULL;
            return wn_charset_lookup(s + i + 1, (size_t)(end - (s + i + 1)));
        }
        size_t j = i;
        while (j < n && !is_ws((unsigned char)s[j]) && s[j] != ';')
            j++;
        return wn_charset_lookup(s + i, j - i);
    }
}

static bool attr_is(const meta_attr *a, const char *name)
{
    size_t k = strlen(name);
    return a->name_len == k && memcmp(a->name, name, k) == 0;
}

const char *wn_charset_prescan(const char *p, size_t n)
{
    if (n > PRESCAN_BYTES)
        n = PRESCAN_BYTES;
    size_t i = 0;
    meta_attr a;
    while (i < n) {
        if (n - i >= 4 && memcmp(p + i, "<!--", 4) == 0) {
            /* the comment ends at the first "-->", whose dashes may be those of "<!--" */
            size_t k = i + 2;
            while (k + 3 <= n && memcmp(p + k, "-->", 3) != 0)
                k++;
            if (k + 3 > n)
                return NULL;
            i = k + 3;
            continue;
        }
        if (n - i >= 6 && ci_prefix(p + i, n - i, "<meta") &&
            (is_ws((unsigned char)p[i + 5]) || p[i + 5] == '/')) {
            i += 6;
            bool seen_he = false, seen_content = false, seen_charset = false;
            bool got_pragma = false;
            int need_pragma = -1; /* -1 null, 0 false, 1 true */
            const char *charset = NULL;
            int r;
            while ((r = get_attribute(p, n, &i, &a)) == 1) {
                if (attr_is(&a, "http-equiv")) {
                    if (seen_he)
                        continue;
                    seen_he = true;
                    if (a.value_len == 12 && memcmp(a.value, "content-type", 12) == 0)
                        got_pragma = true;
                } else if (attr_is(&a, "content")) {
                    if (seen_content)
                        continue;
                    seen_content = true;
                    if (!charset) {
                        const char *c = charset_from_meta_content(a.value, a.value_len);
                        if (c) {
                            charset = c;
                            need_pragma = 1;
                        }
                    }
                } else if (attr_is(&a, "charset")) {
                    if (seen_charset)
                        continue;
                    seen_charset = true;
                    charset = wn_charset_lookup(a.value, a.value_len);
                    need_pragma = 0;
                }
            }
            if (r < 0)
                return NULL;
            if (need_pragma == -1 || (need_pragma == 1 && !got_pragma) || !charset) {
                i++;
                continue;
            }
            if (strcmp(charset, "utf-16be") == 0 || strcmp(charset, "utf-16le") == 0)
                return "utf-8";
            if (strcmp(charset, "x-user-defined") == 0)
                return "windows-1252";
            return charset;
        }
        if (n - i >= 2 && p[i] == '<' &&
            (((p[i + 1] | 0x20) >= 'a' && (p[i + 1] | 0x20) <= 'z') ||
             (p[i + 1] == '/' && n - i >= 3 && (p[i + 2] | 0x20) >= 'a' && (p[i + 2] | 0x20) <= 'z'))) {
            /* a start or end tag: skip its name, then its attributes */
            while (i < n && !is_ws((unsigned char)p[i]) && p[i] != '>')
                i++;
            int r;
            while ((r = get_attribute(p, n, &i, &a)) == 1)
                ;
            if (r < 0)
                return NULL;
            i++;
            continue;
        }
        if (n - i >= 2 && p[i] == '<' && (p[i + 1] == '!' || p[i + 1] == '/' || p[i + 1] == '?')) {
            const char *gt = memchr(p + i, '>', n - i);
            if (!gt)
                return NULL;
            i = (size_t)(gt - p) + 1;
            continue;
        }
        i++;
    }
    return NULL;
}

/* ---- conversion ------------------------------------------------------------------------------ */

static bool ascii_compatible(const char *name)
{
    return strncmp(name, "utf-16", 6) != 0 && strncmp(name, "utf-32", 6) != 0 &&
           strcmp(name, "replacement") != 0 && strcmp(name, "iso-2022-jp") != 0;
}

/* Appends s with invalid UTF-8 repaired; the last line of defence behind iconv. */
static wn_status append_valid(wn_buf *out, const char *s, size_t n, size_t *replaced)
{
    if (wn_utf8_valid(s, n))
        return wn_buf_append(out, s, n);
    size_t bad = 0;
    wn_status st = wn_utf8_repair(out, s, n, &bad);
    *replaced += bad;
    return st;
}

static wn_status convert_iconv(const wn_encoding *e, const char *p, size_t n, wn_buf *out,
                               size_t *replaced)
{
    iconv_t cd = iconv_open("UTF-8", e->iconv);
    if (cd == (iconv_t)-1)
        return WN_ERR_UNSUPPORTED;
    bool is_1252 = strcmp(e->name, "windows-1252") == 0;
    /* UTF-16 advances in code units; a bad unit (a lone surrogate) is two bytes */
    size_t unit = (strncmp(e->name, "utf-16", 6) == 0) ? 2 : 1;
    char tmp[16384];
    char *in = (char *)p;
    size_t in_left = n;
    wn_status st = WN_OK;
    bool flushing = false;
    while (!st) {
        char *o = tmp;
        size_t o_left = sizeof tmp;
        size_t r = flushing ? iconv(cd, NULL, NULL, &o, &o_left) : iconv(cd, &in, &in_left, &o, &o_left);
        int err = (r == (size_t)-1) ? errno : 0;
        /* iconv moves the two cursors within their buffers, never past them */
        WN_ASSERT(o >= tmp && o <= tmp + sizeof tmp && in_left <= n && in == p + (n - in_left));
        if (o > tmp)
            st = append_valid(out, tmp, (size_t)(o - tmp), replaced);
        if (st)
            break;
        if (err == E2BIG)
            continue;
        if (err == EILSEQ) {
            WN_ASSERT(in_left > 0);   /* a bad sequence is in the input: *in is read */
            unsigned char b = (unsigned char)*in;
            if (is_1252 && (b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D)) {
                /* Encoding §9 index windows-1252 maps these five to the C1 controls
                 * U+0081..U+009D, where glibc's CP1252 has holes */
                char c1[2] = { (char)0xC2, (char)b };
                st = wn_buf_append(out, c1, 2);
            } else {
                st = wn_buf_append(out, REPLACEMENT, 3);
                (*replaced)++;
            }
            size_t skip = unit < in_left ? unit : in_left;
            in += skip;
            in_left -= skip;
            continue;
        }
        if (err == EINVAL) {
            /* incomplete sequence at the end of the input */
            st = wn_buf_append(out, REPLACEMENT, 3);
            (*replaced)++;
            in += in_left;
            in_left = 0;
            continue;
        }
        if (err) { /* not documented for iconv; treat the byte as bad */
            if (in_left == 0)
                break;
            st = wn_buf_append(out, REPLACEMENT, 3);
            (*replaced)++;
            in++;
            in_left--;
            continue;
        }
        if (flushing)
            break;
        flushing = true; /* all input consumed: emit any shift-state reset */
    }
    iconv_close(cd);
    return st;
}

/* UTF-32 (Unicode §3.10 D99/D100), 4-byte units: surrogates, values over U+10FFFF and a
 * cut last unit become U+FFFD. */
static wn_status convert_utf32(const unsigned char *p, size_t n, bool be, wn_buf *out, size_t *replaced)
{
    wn_status st = wn_buf_reserve(out, n);
    for (size_t i = 0; i + 4 <= n && !st; i += 4) {
        uint32_t cp = be ? (uint32_t)p[i] << 24 | (uint32_t)p[i + 1] << 16 | (uint32_t)p[i + 2] << 8 | p[i + 3]
                         : (uint32_t)p[i + 3] << 24 | (uint32_t)p[i + 2] << 16 | (uint32_t)p[i + 1] << 8 | p[i];
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            cp = 0xFFFD;
            (*replaced)++;
        }
        char u[4];
        st = wn_buf_append(out, u, wn_utf8_encode(cp, u));
    }
    if (!st && n % 4) {
        (*replaced)++;
        st = wn_buf_append(out, REPLACEMENT, 3);
    }
    return st;
}

const char *wn_charset_sniff_wide(const char *p, size_t n)
{
    const unsigned char *u = (const unsigned char *)p;
    size_t m = (n < 4096 ? n : 4096) & ~(size_t)3;
    if (m < 16)
        return NULL;
    /* without a NUL every count below is 0 and nothing matches: one memchr answers for most
     * pages what the counting loop took a byte at a time */
    if (!memchr(u, 0, m))
        return NULL;
    size_t z[4] = { 0 }, q = m / 4;
    for (size_t i = 0; i < m; i++)
        z[i & 3] += u[i] == 0;
    /* most of the text Latin or at least BMP: in UTF-32 the high bytes are 0, the low one not;
     * in UTF-16 the high byte of Latin text is 0 (CJK UTF-16 has too few NULs to tell) */
    if (z[3] * 10 >= q * 9 && z[2] * 10 >= q * 9 && z[0] * 10 <= q)
        return "utf-32le";
    if (z[0] * 10 >= q * 9 && z[1] * 10 >= q * 9 && z[3] * 10 <= q)
        return "utf-32be";
    size_t odd = z[1] + z[3], even = z[0] + z[2], half = m / 2;
    if (odd * 10 >= half * 6 && even * 20 <= half)
        return "utf-16le";
    if (even * 10 >= half * 6 && odd * 20 <= half)
        return "utf-16be";
    return NULL;
}

wn_status wn_charset_convert(const char *name, const char *p, size_t n, wn_buf *out,
                             size_t *replaced)
{
    size_t dummy = 0;
    if (!replaced)
        replaced = &dummy;
    if (strcmp(name, "utf-32le") == 0 || strcmp(name, "utf-32be") == 0)
        return convert_utf32((const unsigned char *)p, n, name[6] == 'b', out, replaced);
    const wn_encoding *e = wn_encoding_find(name);
    if (!e)
        return WN_ERR_UNSUPPORTED;
    if (strcmp(name, "utf-8") == 0) {
        size_t bad = 0;
        wn_status st = wn_utf8_repair(out, p, n, &bad);
        *replaced += bad;
        return st;
    }
    if (strcmp(name, "replacement") == 0) {
        /* Encoding §14.2: the whole input decodes to one U+FFFD */
        if (n == 0)
            return WN_OK;
        (*replaced)++;
        return wn_buf_append(out, REPLACEMENT, 3);
    }
    if (strcmp(name, "x-user-defined") == 0) {
        /* Encoding §14.5: ASCII as is, 0x80..0xFF to U+F780..U+F7FF */
        wn_status st = wn_buf_reserve(out, n * 3);
        for (size_t i = 0; i < n && !st; i++) {
            unsigned char b = (unsigned char)p[i];
            char u[4];
            size_t k = b < 0x80 ? (u[0] = (char)b, 1) : wn_utf8_encode(0xF780u + b - 0x80u, u);
            st = wn_buf_append(out, u, k);
        }
        return st;
    }
    return convert_iconv(e, p, n, out, replaced);
}

/* ---- deciding --------------------------------------------------------------------------------- */

/* The number of leading ASCII bytes of [p, p+n): 64 bytes a test with SSE2 (the profile below
 * reads every byte of every page, most of them in long ASCII runs), then wn_ascii_len. */
static size_t ascii_run(const char *p, size_t n)
{
    size_t i = 0;
#if defined(__SSE2__)
    for (; i + 64 <= n; i += 64) {
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(p + i + 16));
        __m128i c = _mm_loadu_si128((const __m128i *)(const void *)(p + i + 32));
        __m128i d = _mm_loadu_si128((const __m128i *)(const void *)(p + i + 48));
        if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d))))
            break;
    }
#endif
    return i + wn_ascii_len(p + i, n - i);
}

/* How UTF-8-like the bytes are: valid multi-byte sequences and invalid bytes. */
static void utf8_profile(const char *p, size_t n, size_t *multi, size_t *invalid)
{
    size_t m = 0, bad = 0, i = 0;
    while (i < n) {
        i += ascii_run(p + i, n - i);
        if (i >= n)
            break;
        uint32_t cp;
        size_t l = wn_utf8_decode(p + i, n - i, &cp);
        if (l == 1 && cp == 0xFFFD)
            bad++;
        else
            m++;
        i += l;
    }
    *multi = m;
    *invalid = bad;
}

/* uchardet's answer as a WHATWG name; its names are mostly WHATWG labels already. */
static const char *detect(const char *p, size_t n)
{
    uchardet_t ud = uchardet_new();
    if (!ud)
        return NULL;
    if (n > DETECT_BYTES)
        n = DETECT_BYTES;
    const char *name = NULL;
    if (uchardet_handle_data(ud, p, n) == 0) {
        uchardet_data_end(ud);
        const char *cs = uchardet_get_charset(ud);
        if (cs && *cs) {
            name = wn_charset_lookup(cs, strlen(cs));
            if (!name) {
                static const struct { const char *det, *name; } extra[] = {
                    { "MAC-CYRILLIC", "x-mac-cyrillic" }, { "UHC", "euc-kr" },
                    { "CP949", "euc-kr" }, { "CP932", "shift_jis" }, { "TIS-620", "windows-874" },
                    { "EUC-TW", "big5" }, { "UTF-32", NULL },
                };
                for (size_t i = 0; i < sizeof extra / sizeof *extra; i++)
                    if (strcasecmp(cs, extra[i].det) == 0)
                        name = extra[i].name;
            }
        }
    }
    uchardet_delete(ud);
    return name;
}

static void set_label(char *label, size_t cap, const char *name)
{
    if (label && cap)
        snprintf(label, cap, "%s", name);
}

/* Decides the page's encoding (the steps of wn_charset_decode_html) and the bytes of BOM to
 * skip; *as_is tells that the bytes are valid UTF-8 and are the text as they stand. */
static const char *decide_encoding(const char *raw, size_t n, const char *http_content_type, size_t *skip_out,
                          bool *as_is)
{
    const unsigned char *u = (const unsigned char *)raw;
    const char *enc = NULL;
    size_t skip = 0;
    bool valid_utf8 = false;   /* the profile below found no invalid sequence */
    /* 1. BOM sniffing (Encoding §6 "decode"): the BOM wins over every label */
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        enc = "utf-8";
        skip = 3;
    } else if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
        enc = "utf-16be";
        skip = 2;
    } else if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
        enc = "utf-16le";
        skip = 2;
    }
    if (!enc) {
        /* UTF-16 or UTF-32 without a BOM: its NULs tell (a label cannot be right then, and
         * the prescan cannot read such bytes) */
        enc = wn_charset_sniff_wide(raw, n);
    }
    if (!enc) {
        /* 2. transport layer, 3. <meta> prescan (HTML §13.2.3.2 steps 4 and 7) */
        const char *declared = NULL;
        if (http_content_type)
            declared = wn_charset_from_content_type(http_content_type, strlen(http_content_type));
        if (!declared)
            declared = wn_charset_prescan(raw, n);
        size_t multi, invalid;
        utf8_profile(raw, n, &multi, &invalid);
        valid_utf8 = invalid == 0;
        if (declared && strcmp(declared, "utf-8") == 0) {
            /* declared UTF-8: believe it unless the bytes are mostly not UTF-8 */
            enc = "utf-8";
            if (invalid > multi) {
                const char *d = detect(raw, n);
                if (d && ascii_compatible(d))
                    enc = d;
            }
        } else if (declared) {
            /* a legacy label on valid, non-ASCII UTF-8 is almost always a mislabel */
            enc = (ascii_compatible(declared) && multi > 0 && invalid == 0) ? "utf-8" : declared;
        } else if (multi == 0 && invalid == 0) {
            enc = "windows-1252"; /* pure ASCII: the browsers' usual default, same bytes */
        } else if (invalid == 0 || multi >= invalid) {
            enc = "utf-8";
        } else {
            /* 4. no declaration: the detector stands in for the locale default */
            enc = detect(raw, n);
            if (!enc)
                enc = "windows-1252";
        }
    }
    WN_ASSERT(enc != NULL && skip <= n);
    *skip_out = skip;
    *as_is = valid_utf8 && strcmp(enc, "utf-8") == 0;   /* already checked: nothing to repair */
    return enc;
}

/* Converts raw (past its BOM) from enc to UTF-8 at the end of out. */
static wn_status convert_page(const char *enc, const char *raw, size_t n, size_t skip, wn_buf *out,
                              char *label, size_t label_cap)
{
    const size_t out0 = out->len;
    wn_status st = wn_charset_convert(enc, raw + skip, n - skip, out, NULL);
    if (st == WN_ERR_UNSUPPORTED) {
        /* iconv lacks the table (a trimmed glibc): keep the text rather than lose the page */
        set_label(label, label_cap, "windows-1252");
        st = wn_charset_convert("windows-1252", raw + skip, n - skip, out, NULL);
        if (st == WN_ERR_UNSUPPORTED)
            st = wn_charset_convert("utf-8", raw + skip, n - skip, out, NULL);
    }
    /* what this module promises everything above it: valid UTF-8, whatever the bytes were */
    WN_ASSERT(st != WN_OK || out->len == out0 || wn_utf8_valid(out->data + out0, out->len - out0));
    return st;
}

wn_status wn_charset_decode_html(const char *raw, size_t n, const char *http_content_type,
                                 wn_buf *out, char *label, size_t label_cap)
{
    if (!raw)
        raw = "";
    size_t skip;
    bool as_is;
    const char *enc = decide_encoding(raw, n, http_content_type, &skip, &as_is);
    set_label(label, label_cap, enc);
    if (as_is)
        return wn_buf_append(out, raw, n);
    return convert_page(enc, raw, n, skip, out, label, label_cap);
}

wn_status wn_charset_html_text(const char *raw, size_t n, const char *http_content_type,
                               wn_buf *scratch, wn_slice *text, char *label, size_t label_cap)
{
    if (!raw)
        raw = "";
    size_t skip;
    bool as_is;
    const char *enc = decide_encoding(raw, n, http_content_type, &skip, &as_is);
    set_label(label, label_cap, enc);
    if (as_is) {
        *text = (wn_slice){ raw, n };
        return WN_OK;
    }
    wn_buf_reset(scratch);
    wn_status st = convert_page(enc, raw, n, skip, scratch, label, label_cap);
    *text = wn_buf_slice(scratch);
    return st;
}
