/* fuzz_http.c: libFuzzer target for the HTTP response head parser, the chunked decoder and the
 * content codings: any bytes; the first byte picks a Content-Encoding. Slices must stay inside
 * the input, outputs under their caps, and the same input must decode the same way twice. */
#include <stdlib.h>
#include <string.h>
#include "winnow/internal.h"
#include "io/http.h"

static bool inside(wn_slice s, const char *p, size_t n)
{
    return !s.ptr || (s.ptr >= p && s.ptr + s.len <= p + n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static const char *const codings[] = { "gzip", "deflate", "br", "zstd", "identity", "gzip, br", "x-gzip", "bogus" };
    const char *coding = codings[data[0] % 8];
    const char *p = (const char *)data + 1;
    size_t n = size - 1;
    wn_http_head h;
    wn_status st = wn_http_parse_head(p, n, &h);
    if (h.head_len > n)
        abort();
    if (!inside(h.content_type, p, n) || !inside(h.transfer_encoding, p, n) || !inside(h.content_encoding, p, n))
        abort();
    const char *body = st == WN_OK ? p + h.head_len : p;
    size_t bn = st == WN_OK ? n - h.head_len : n;
    wn_buf a, b;
    wn_buf_init(&a, 1 << 20);
    wn_buf_init(&b, 1 << 20);
    size_t bad = 0;
    wn_status s1 = wn_http_dechunk(body, bn, &a, &bad);
    if (a.len > a.max || bad > bn)
        abort();
    wn_buf_reset(&a);
    s1 = wn_http_decode_content(wn_slice_cstr(coding), body, bn, &a);
    wn_status s2 = wn_http_decode_content(wn_slice_cstr(coding), body, bn, &b);
    if (s1 != s2 || a.len != b.len || (a.len && memcmp(a.data, b.data, a.len) != 0) || a.len > a.max)
        abort();
    wn_buf_free(&a);
    wn_buf_free(&b);
    return 0;
}
