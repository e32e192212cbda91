/* json_escape.c: writing JSON string literals (RFC 8259 §7). Input is assumed UTF-8; invalid
 * bytes are written as U+FFFD so the output is always valid JSON and valid UTF-8. */
#include <string.h>
#include "winnow/core.h"

wn_status wn_json_escape(wn_buf *dst, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    wn_status st = wn_buf_reserve(dst, n + 2);
    if (st)
        return st;
    dst->data[dst->len++] = '"';
    size_t i = 0, start = 0;
    while (i < n) {
        /* skip 8 plain bytes at a time: printable ASCII other than '"' and '\\' */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if ((w & WN_SWAR_HIGH) || wn_swar_has_less(w, 0x20) || wn_swar_has_byte(w, '"') ||
                wn_swar_has_byte(w, '\\') || wn_swar_has_byte(w, 0x7F))
                break;
            i += 8;
        }
        if (i >= n)
            break;
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char tmp[8];
        size_t skip = 1;
        if (c >= 0x80) {
            uint32_t cp;
            size_t l = wn_utf8_decode(s + i, n - i, &cp);
            if (!(cp == 0xFFFD && l == 1)) { i += l; continue; }
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
