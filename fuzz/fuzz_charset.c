/* fuzz_charset.c: libFuzzer target for the charset step: any bytes, with the first line taken
 * as an HTTP Content-Type, must decode to valid UTF-8, with a known label, the same way through
 * wn_charset_decode_html() (a copy) and wn_charset_html_text() (the bytes themselves when they
 * are valid UTF-8 already). */
#include <stdlib.h>
#include <string.h>
#include "winnow/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data;
    const char *nl = memchr(p, '\n', size);
    char ct[256];
    const char *http = NULL;
    if (nl && (size_t)(nl - p) < sizeof ct && size > 0 && p[0] == 'C') {
        memcpy(ct, p, (size_t)(nl - p));
        ct[nl - p] = 0;
        http = ct;
        size -= (size_t)(nl - p) + 1;
        p = nl + 1;
    }
    wn_buf a, b;
    wn_buf_init(&a, 1 << 22);
    wn_buf_init(&b, 1 << 22);
    char la[32], lb[32];
    wn_status sa = wn_charset_decode_html(p, size, http, &a, la, sizeof la);
    wn_slice t;
    wn_status sb = wn_charset_html_text(p, size, http, &b, &t, lb, sizeof lb);
    if (sa != sb || strcmp(la, lb) != 0 || a.len != t.len || (a.len && memcmp(a.data, t.ptr, a.len) != 0))
        abort();
    if (!wn_utf8_valid(a.data ? a.data : "", a.len))
        abort();
    /* utf-32 (sniffed without a BOM) is no WHATWG encoding, so has no label to look up */
    if (!wn_charset_lookup(la, strlen(la)) && strcmp(la, "replacement") != 0 && strncmp(la, "utf-32", 6) != 0)
        abort();
    wn_buf_free(&a);
    wn_buf_free(&b);
    return 0;
}
