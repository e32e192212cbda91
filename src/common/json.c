/* json.c: strict JSON validation and string decoding (RFC 8259 §§2-7). */
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include "common/json.h"

void wn_json_init(wn_json *j, const char *p, size_t n)
{
    j->base = j->p = p;
    j->end = p + n;
    j->err = NULL;
    j->err_off = 0;
    j->members = 0;
}

static wn_status fail(wn_json *j, const char *msg)
{
    if (!j->err) {
        j->err = msg;
        j->err_off = (size_t)(j->p - j->base);
    }
    return WN_ERR_FORMAT;
}

bool wn_json_ws(wn_json *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
        j->p++;
    return j->p >= j->end;
}

static int json_hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static wn_status scan_string(wn_json *j)
{
    j->p++; /* opening quote */
    while (j->p < j->end) {
#if defined(__SSE2__)
        /* 16 plain bytes a test: a signed compare finds control and non-ASCII bytes at once
         * (JSON-LD descriptions and article bodies are long strings) */
        while (j->end - j->p >= 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)j->p);
            __m128i stop = _mm_or_si128(_mm_cmplt_epi8(x, _mm_set1_epi8(0x20)),
                                        _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
                                                     _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))));
            unsigned m = (unsigned)_mm_movemask_epi8(stop);
            if (m) {
                j->p += __builtin_ctz(m);
                break;
            }
            j->p += 16;
        }
#endif
        while (j->end - j->p >= 8) {
            uint64_t w;
            memcpy(&w, j->p, 8);
            if ((w & WN_SWAR_HIGH) || wn_swar_has_less(w, 0x20) || wn_swar_has_byte(w, '"') ||
                wn_swar_has_byte(w, '\\'))
                break;
            j->p += 8;
        }
        if (j->p >= j->end)
            break;
        unsigned char c = (unsigned char)*j->p;
        if (c == '"') { j->p++; return WN_OK; }
        if (c < 0x20) return fail(j, "control character in string");
        if (c == '\\') {
            if (j->end - j->p < 2) break;
            char e = j->p[1];
            if (e == 'u') {
                if (j->end - j->p < 6) break;
                for (int i = 2; i < 6; i++)
                    if (json_hexval(j->p[i]) < 0) return fail(j, "bad \\u escape");
                j->p += 6;
                continue;
            }
            if (!strchr("\"\\/bfnrt", e) || e == 0) return fail(j, "bad escape");
            j->p += 2;
            continue;
        }
        if (c >= 0x80) {
            /* two- and three-byte sequences (outside the surrogates and overlong forms) checked
             * in place: text in most scripts is made of them */
            const unsigned char *u = (const unsigned char *)j->p;
            ptrdiff_t left = j->end - j->p;
            if (c >= 0xC2 && c <= 0xDF && left >= 2 && (u[1] & 0xC0) == 0x80) {
                j->p += 2;
                continue;
            }
            if (c >= 0xE1 && c <= 0xEF && c != 0xED && left >= 3 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
                j->p += 3;
                continue;
            }
            uint32_t cp;
            size_t l = wn_utf8_decode(j->p, (size_t)(j->end - j->p), &cp);
            if (cp == 0xFFFD && l == 1) return fail(j, "invalid UTF-8 in string");
            j->p += l;
            continue;
        }
        j->p++;
    }
    return fail(j, "unterminated string");
}

static wn_status scan_number(wn_json *j)
{
    const char *p = j->p;
    if (p < j->end && *p == '-') p++;
    if (p >= j->end) return fail(j, "bad number");
    if (*p == '0') p++;
    else if (*p >= '1' && *p <= '9') while (p < j->end && *p >= '0' && *p <= '9') p++;
    else return fail(j, "bad number");
    if (p < j->end && *p == '.') {
        p++;
        if (p >= j->end || *p < '0' || *p > '9') { j->p = p; return fail(j, "bad fraction"); }
        while (p < j->end && *p >= '0' && *p <= '9') p++;
    }
    if (p < j->end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < j->end && (*p == '+' || *p == '-')) p++;
        if (p >= j->end || *p < '0' || *p > '9') { j->p = p; return fail(j, "bad exponent"); }
        while (p < j->end && *p >= '0' && *p <= '9') p++;
    }
    j->p = p;
    return WN_OK;
}

static wn_status scan_literal(wn_json *j, const char *lit)
{
    size_t n = strlen(lit);
    if ((size_t)(j->end - j->p) < n || memcmp(j->p, lit, n) != 0)
        return fail(j, "unexpected character");
    j->p += n;
    return WN_OK;
}

static wn_status scan_value(wn_json *j, int depth)
{
    if (wn_json_ws(j)) return fail(j, "unexpected end");
    if (depth > WN_JSON_MAX_DEPTH) return fail(j, "nesting too deep");
    char c = *j->p;
    wn_status st;
    switch (c) {
    case '"': return scan_string(j);
    case 't': return scan_literal(j, "true");
    case 'f': return scan_literal(j, "false");
    case 'n': return scan_literal(j, "null");
    case '{':
        j->p++;
        if (wn_json_ws(j)) return fail(j, "unterminated object");
        if (*j->p == '}') { j->p++; return WN_OK; }
        for (;;) {
            if (wn_json_ws(j) || *j->p != '"') return fail(j, "expected string key");
            if ((st = scan_string(j))) return st;
            if (wn_json_ws(j) || *j->p != ':') return fail(j, "expected ':'");
            j->p++;
            if ((st = scan_value(j, depth + 1))) return st;
            if (wn_json_ws(j)) return fail(j, "unterminated object");
            if (*j->p == ',') { j->p++; continue; }
            if (*j->p == '}') { j->p++; return WN_OK; }
            return fail(j, "expected ',' or '}'");
        }
    case '[':
        j->p++;
        if (wn_json_ws(j)) return fail(j, "unterminated array");
        if (*j->p == ']') { j->p++; return WN_OK; }
        for (;;) {
            if ((st = scan_value(j, depth + 1))) return st;
            if (wn_json_ws(j)) return fail(j, "unterminated array");
            if (*j->p == ',') { j->p++; continue; }
            if (*j->p == ']') { j->p++; return WN_OK; }
            return fail(j, "expected ',' or ']'");
        }
    default:
        if (c == '-' || (c >= '0' && c <= '9')) return scan_number(j);
        return fail(j, "unexpected character");
    }
}

wn_status wn_json_value(wn_json *j, wn_slice *span)
{
    wn_json_ws(j);
    const char *start = j->p;
    wn_status st = scan_value(j, 0);
    if (st) return st;
    span->ptr = start;
    span->len = (size_t)(j->p - start);
    return WN_OK;
}

static uint32_t json_hex4(const char *p)
{
    return (uint32_t)(json_hexval(p[0]) << 12 | json_hexval(p[1]) << 8 | json_hexval(p[2]) << 4 | json_hexval(p[3]));
}

wn_status wn_json_decode_string(wn_slice span, wn_buf *dst)
{
    const char *p = span.ptr + 1, *end = span.ptr + span.len - 1;
    wn_status st = wn_buf_reserve(dst, span.len);
    if (st) return st;
    const char *run = p;
    while (p < end) {
        if (*p != '\\') {
            const char *bs = memchr(p, '\\', (size_t)(end - p));
            p = bs ? bs : end;
            continue;
        }
        if ((st = wn_buf_append(dst, run, (size_t)(p - run)))) return st;
        char e = p[1], out[4];
        size_t ol = 1;
        switch (e) {
        case 'b': out[0] = '\b'; break;
        case 'f': out[0] = '\f'; break;
        case 'n': out[0] = '\n'; break;
        case 'r': out[0] = '\r'; break;
        case 't': out[0] = '\t'; break;
        case 'u': {
            uint32_t cp = json_hex4(p + 2);
            p += 6;
            if (cp >= 0xD800 && cp <= 0xDBFF && end - p >= 6 && p[0] == '\\' && p[1] == 'u') {
                uint32_t lo = json_hex4(p + 2);
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    p += 6;
                }
            }
            if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD; /* lone surrogate */
            ol = wn_utf8_encode(cp, out);
            if ((st = wn_buf_append(dst, out, ol))) return st;
            run = p;
            continue;
        }
        default: out[0] = e; break; /* " \ / */
        }
        if ((st = wn_buf_append(dst, out, ol))) return st;
        p += 2;
        run = p;
    }
    return wn_buf_append(dst, run, (size_t)(end - run));
}

wn_status wn_json_object_begin(wn_json *j)
{
    if (wn_json_ws(j) || *j->p != '{') return fail(j, "expected a JSON object");
    j->p++;
    j->members = 0;
    if (wn_json_ws(j)) return fail(j, "unterminated object");
    return WN_OK;
}

wn_status wn_json_object_next(wn_json *j, wn_slice *key, wn_slice *value)
{
    if (wn_json_ws(j)) return fail(j, "unterminated object");
    if (*j->p == '}') { j->p++; return WN_END; }
    if (*j->p == ',' && j->members > 0) {
        j->p++;
        if (wn_json_ws(j)) return fail(j, "unterminated object");
    }
    if (*j->p != '"') return fail(j, "expected string key");
    const char *k = j->p;
    wn_status st = scan_string(j);
    if (st) return st;
    key->ptr = k;
    key->len = (size_t)(j->p - k);
    if (wn_json_ws(j) || *j->p != ':') return fail(j, "expected ':'");
    j->p++;
    if ((st = wn_json_value(j, value))) return st;
    j->members++;
    if (wn_json_ws(j)) return fail(j, "unterminated object");
    if (*j->p != ',' && *j->p != '}') return fail(j, "expected ',' or '}'");
    return WN_OK;
}

wn_status wn_json_array_begin(wn_json *j)
{
    if (wn_json_ws(j) || *j->p != '[') return fail(j, "expected a JSON array");
    j->p++;
    j->members = 0;
    if (wn_json_ws(j)) return fail(j, "unterminated array");
    return WN_OK;
}

wn_status wn_json_array_next(wn_json *j, wn_slice *value)
{
    if (wn_json_ws(j)) return fail(j, "unterminated array");
    if (*j->p == ']') { j->p++; return WN_END; }
    if (*j->p == ',' && j->members > 0) {
        j->p++;
        if (wn_json_ws(j)) return fail(j, "unterminated array");
    }
    wn_status st = wn_json_value(j, value);
    if (st) return st;
    j->members++;
    if (wn_json_ws(j)) return fail(j, "unterminated array");
    if (*j->p != ',' && *j->p != ']') return fail(j, "expected ',' or ']'");
    return WN_OK;
}
