/* fuzz_html.c: libFuzzer target for HTML parsing and extraction: any bytes give text that is
 * valid UTF-8 and identical when extracted twice, in text and Markdown, with no crash, leak,
 * or stall (the parser bounds depth and attributes itself, at 256 each here). */
#include <stdlib.h>
#include <string.h>
#include "winnow/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (int fmt = 0; fmt < 2; fmt++) {
        wn_extract_opts o;
        wn_extract_opts_default(&o);
        o.format = fmt ? WN_EXTRACT_MARKDOWN : WN_EXTRACT_TEXT;
        o.keep_links = fmt == 1;
        o.max_depth = 256;
        o.max_attrs = 256;
        wn_extractor *x;
        if (wn_extractor_create(&x, &o))
            return 0;
        wn_extract_result r;
        char *first = NULL;
        size_t first_len = 0;
        wn_status st1 = wn_extract_html(x, (const char *)data, size, "http://example.com/2020/01/02/x", 31, &r);
        if (!st1) {
            if (!wn_utf8_valid(r.text.ptr, r.text.len) || !wn_utf8_valid(r.title.ptr, r.title.len))
                abort();
            first = malloc(r.text.len + 1);
            memcpy(first, r.text.ptr, r.text.len);
            first_len = r.text.len;
        }
        wn_status st2 = wn_extract_html(x, (const char *)data, size, "http://example.com/2020/01/02/x", 31, &r);
        if (st1 != st2)
            abort();
        if (!st2 && (r.text.len != first_len || memcmp(r.text.ptr, first, first_len) != 0))
            abort();
        free(first);
        wn_extractor_free(x);
    }
    return 0;
}
