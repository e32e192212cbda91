/* http.c: HTTP/1.x response heads, chunked bodies and content codings, from memory.
 *
 * DESIGN: a WARC response block is in memory when we parse it, so nothing here streams: each
 * function reads a complete byte range and appends to a capped wn_buf, whose cap is what bounds
 * a decompression bomb. Leniency follows what crawls hold (RFC 9112 §2.2 allows a recipient to
 * accept a bare LF as a line terminator). */
#include <string.h>
#include <strings.h>
#include <zlib.h>
#include <zstd.h>
#include <brotli/decode.h>
#include "io/http.h"

static bool http_is_sp(char c) { return c == ' ' || c == '\t'; }

static wn_slice http_trim(const char *p, size_t n)
{
    while (n && (http_is_sp(*p) || *p == '\r')) {
        p++;
        n--;
    }
    while (n && (http_is_sp(p[n - 1]) || p[n - 1] == '\r'))
        n--;
    return (wn_slice){ p, n };
}

static bool http_name_is(const char *p, size_t n, const char *name)
{
    return strlen(name) == n && strncasecmp(p, name, n) == 0;
}

wn_status wn_http_parse_head(const char *p, size_t n, wn_http_head *h)
{
    memset(h, 0, sizeof *h);
    /* RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ] */
    if (n < 12 || memcmp(p, "HTTP/", 5) != 0)
        return WN_ERR_FORMAT;
    size_t i = 5;
    while (i < n && p[i] != ' ' && p[i] != '\n')
        i++;
    while (i < n && p[i] == ' ')
        i++;
    if (i + 3 > n || p[i] < '0' || p[i] > '9' || p[i + 1] < '0' || p[i + 1] > '9' ||
        p[i + 2] < '0' || p[i + 2] > '9')
        return WN_ERR_FORMAT;
    h->status = (p[i] - '0') * 100 + (p[i + 1] - '0') * 10 + (p[i + 2] - '0');
    const char *nl = memchr(p + i, '\n', n - i);
    if (!nl) {
        h->head_len = n;
        return WN_ERR_TRUNCATED;
    }
    i = (size_t)(nl - p) + 1;
    /* §5: field-line = field-name ":" OWS field-value OWS, until an empty line */
    wn_slice *last = NULL;
    for (;;) {
        if (i >= n) {
            h->head_len = n;
            return WN_ERR_TRUNCATED;
        }
        const char *e = memchr(p + i, '\n', n - i);
        size_t end = e ? (size_t)(e - p) : n;
        size_t len = end - i;
        if (len && p[end - 1] == '\r')
            len--;
        if (len == 0) {
            if (!e) {
                h->head_len = n;
                return WN_ERR_TRUNCATED;
            }
            h->head_len = end + 1;
            return WN_OK;
        }
        if (!e) {
            h->head_len = n;
            return WN_ERR_TRUNCATED;
        }
        const char *line = p + i;
        if (http_is_sp(line[0])) {
            /* §5.2 obs-fold: a continuation of the previous value; we only need to extend
             * the values we keep, which stay one slice since the bytes are contiguous */
            if (last && last->ptr)
                *last = http_trim(last->ptr, (size_t)(line + len - last->ptr));
        } else {
            const char *colon = memchr(line, ':', len);
            if (!colon) {
                h->bad_lines++;
                last = NULL;
            } else {
                size_t nl_len = (size_t)(colon - line);
                while (nl_len && http_is_sp(line[nl_len - 1]))
                    nl_len--;
                wn_slice v = http_trim(colon + 1, (size_t)(line + len - colon - 1));
                last = NULL;
                /* the first occurrence wins for the fields we use */
                if (http_name_is(line, nl_len, "content-type") && !h->content_type.ptr)
                    last = &h->content_type;
                else if (http_name_is(line, nl_len, "transfer-encoding") && !h->transfer_encoding.ptr)
                    last = &h->transfer_encoding;
                else if (http_name_is(line, nl_len, "content-encoding") && !h->content_encoding.ptr)
                    last = &h->content_encoding;
                if (last)
                    *last = v;
            }
        }
        i = end + 1;
    }
}

static int http_hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

wn_status wn_http_dechunk(const char *p, size_t n, wn_buf *out, size_t *bad_off)
{
    size_t i = 0, dummy;
    if (!bad_off)
        bad_off = &dummy;
    for (;;) {
        /* chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF (RFC 9112 §7.1) */
        *bad_off = i;
        if (i >= n)
            return WN_ERR_TRUNCATED;
        uint64_t size = 0;
        size_t digits = 0;
        while (i < n && http_is_sp(p[i]))
            i++;
        int v;
        while (i < n && (v = http_hexval(p[i])) >= 0) {
            if (size > (UINT64_MAX >> 4))
                return WN_ERR_FORMAT;
            size = size * 16 + (uint64_t)v;
            digits++;
            i++;
        }
        if (digits == 0)
            return i >= n ? WN_ERR_TRUNCATED : WN_ERR_FORMAT;
        /* BWS, chunk extensions (§7.1.1), then the line end */
        while (i < n && http_is_sp(p[i]))
            i++;
        if (i < n && p[i] != ';' && p[i] != '\r' && p[i] != '\n')
            return WN_ERR_FORMAT;
        const char *e = memchr(p + i, '\n', n - i);
        if (!e)
            return WN_ERR_TRUNCATED;
        i = (size_t)(e - p) + 1;
        if (size == 0) {
            /* last-chunk, then trailer fields (§7.1.2) up to an empty line: nothing we need */
            return WN_OK;
        }
        if (size > n - i) {
            wn_status st = wn_buf_append(out, p + i, n - i);
            *bad_off = n;
            return st ? st : WN_ERR_TRUNCATED;
        }
        wn_status st = wn_buf_append(out, p + i, (size_t)size);
        if (st)
            return st;
        i += (size_t)size;
        /* the CRLF after the data; tolerate LF alone */
        if (i < n && p[i] == '\r')
            i++;
        if (i < n && p[i] == '\n')
            i++;
        else if (i < n) {
            *bad_off = i;
            return WN_ERR_FORMAT;
        }
    }
}

bool wn_http_has_coding(wn_slice v, const char *coding)
{
    size_t k = strlen(coding), i = 0;
    while (i < v.len) {
        while (i < v.len && (http_is_sp(v.ptr[i]) || v.ptr[i] == ','))
            i++;
        size_t s = i;
        while (i < v.len && v.ptr[i] != ',' && v.ptr[i] != ';')
            i++;
        wn_slice t = http_trim(v.ptr + s, i - s);
        if (t.len == k && strncasecmp(t.ptr, coding, k) == 0)
            return true;
        while (i < v.len && v.ptr[i] != ',')
            i++;
    }
    return false;
}

/* gzip (windowBits 15+16), zlib (15) or raw deflate (-15), all through zlib. */
static wn_status inflate_into(int window_bits, const char *p, size_t n, wn_buf *out)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, window_bits) != Z_OK)
        return WN_ERR_NOMEM;
    z.next_in = (Bytef *)p;
    z.avail_in = (uInt)(n > UINT32_MAX ? UINT32_MAX : n);
    wn_status st = WN_OK;
    for (;;) {
        if ((st = wn_buf_reserve(out, 65536)) != WN_OK) {
            /* reserve at most what is left under the cap, if anything */
            size_t room = out->max - out->len;
            if (room == 0 || wn_buf_reserve(out, room) != WN_OK)
                break;
            st = WN_OK;
        }
        size_t room = out->cap - out->len - 1;
        z.next_out = (Bytef *)out->data + out->len;
        z.avail_out = (uInt)(room > UINT32_MAX ? UINT32_MAX : room);
        int r = inflate(&z, Z_NO_FLUSH);
        out->len += room - z.avail_out;
        out->data[out->len] = 0;
        if (r == Z_STREAM_END) {
            /* gzip members may follow (RFC 1952 §2.2): go on while input remains */
            if (window_bits > 15 && z.avail_in > 0 && z.next_in[0] == 0x1F) {
                inflateReset(&z);
                continue;
            }
            break;
        }
        if (r == Z_BUF_ERROR || (r == Z_OK && z.avail_in == 0 && z.avail_out > 0)) {
            if (z.avail_in == 0) {
                st = WN_ERR_TRUNCATED;
                break;
            }
            if (z.avail_out == 0 && out->len >= out->max) {
                st = WN_ERR_TOO_LARGE;
                break;
            }
            continue;
        }
        if (r != Z_OK) {
            st = r == Z_MEM_ERROR ? WN_ERR_NOMEM : WN_ERR_CORRUPT;
            break;
        }
        if (z.avail_out == 0 && out->len >= out->max) {
            st = WN_ERR_TOO_LARGE;
            break;
        }
    }
    inflateEnd(&z);
    return st;
}

static wn_status brotli_into(const char *p, size_t n, wn_buf *out)
{
    BrotliDecoderState *b = BrotliDecoderCreateInstance(NULL, NULL, NULL);
    if (!b)
        return WN_ERR_NOMEM;
    const uint8_t *in = (const uint8_t *)p;
    size_t in_left = n;
    wn_status st = WN_OK;
    for (;;) {
        if (wn_buf_reserve(out, 65536) != WN_OK) {
            size_t room = out->max - out->len;
            if (room == 0 || wn_buf_reserve(out, room) != WN_OK) {
                st = WN_ERR_TOO_LARGE;
                break;
            }
        }
        size_t room = out->cap - out->len - 1, left = room;
        uint8_t *o = (uint8_t *)out->data + out->len;
        BrotliDecoderResult r = BrotliDecoderDecompressStream(b, &in_left, &in, &left, &o, NULL);
        out->len += room - left;
        out->data[out->len] = 0;
        if (r == BROTLI_DECODER_RESULT_SUCCESS)
            break;
        if (r == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT) {
            st = WN_ERR_TRUNCATED;
            break;
        }
        if (r == BROTLI_DECODER_RESULT_ERROR) {
            st = WN_ERR_CORRUPT;
            break;
        }
        /* NEEDS_MORE_OUTPUT: loop, unless the cap is reached */
        if (out->len >= out->max) {
            st = WN_ERR_TOO_LARGE;
            break;
        }
    }
    BrotliDecoderDestroyInstance(b);
    return st;
}

static wn_status zstd_into(const char *p, size_t n, wn_buf *out)
{
    ZSTD_DCtx *z = ZSTD_createDCtx();
    if (!z)
        return WN_ERR_NOMEM;
    ZSTD_inBuffer ib = { p, n, 0 };
    wn_status st = WN_OK;
    size_t r = 1;
    while (r != 0) {
        if (ib.pos == ib.size) {
            st = WN_ERR_TRUNCATED;
            break;
        }
        if (wn_buf_reserve(out, 65536) != WN_OK) {
            size_t room = out->max - out->len;
            if (room == 0 || wn_buf_reserve(out, room) != WN_OK) {
                st = WN_ERR_TOO_LARGE;
                break;
            }
        }
        ZSTD_outBuffer ob = { out->data + out->len, out->cap - out->len - 1, 0 };
        r = ZSTD_decompressStream(z, &ob, &ib);
        out->len += ob.pos;
        out->data[out->len] = 0;
        if (ZSTD_isError(r)) {
            st = WN_ERR_CORRUPT;
            break;
        }
    }
    ZSTD_freeDCtx(z);
    return st;
}

static bool coding_is(wn_slice c, const char *name)
{
    return c.len == strlen(name) && strncasecmp(c.ptr, name, c.len) == 0;
}

static bool coding_known(wn_slice c)
{
    static const char *const known[] = { "identity", "none", "gzip", "x-gzip", "deflate", "br", "zstd" };
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        if (coding_is(c, known[i]))
            return true;
    return false;
}

static wn_status decode_one(wn_slice c, const char *p, size_t n, wn_buf *out)
{
    if (c.len == 0 || (c.len == 8 && strncasecmp(c.ptr, "identity", 8) == 0) ||
        (c.len == 4 && strncasecmp(c.ptr, "none", 4) == 0))
        return wn_buf_append(out, p, n);
    if ((c.len == 4 && strncasecmp(c.ptr, "gzip", 4) == 0) ||
        (c.len == 6 && strncasecmp(c.ptr, "x-gzip", 6) == 0))
        return inflate_into(15 + 32, p, n, out); /* +32: gzip or zlib header, whichever is there */
    if (c.len == 7 && strncasecmp(c.ptr, "deflate", 7) == 0) {
        /* RFC 9110 §8.4.1.2 says zlib, but servers often send raw deflate: look at the header */
        const unsigned char *u = (const unsigned char *)p;
        bool zlib = n >= 2 && (u[0] & 0x0F) == 8 && ((u[0] << 8) | u[1]) % 31 == 0;
        return inflate_into(zlib ? 15 : -15, p, n, out);
    }
    if (c.len == 2 && strncasecmp(c.ptr, "br", 2) == 0)
        return brotli_into(p, n, out);
    if (c.len == 4 && strncasecmp(c.ptr, "zstd", 4) == 0)
        return zstd_into(p, n, out);
    return WN_ERR_UNSUPPORTED;
}

wn_status wn_http_decode_content(wn_slice coding, const char *p, size_t n, wn_buf *out)
{
    /* split the list; undo from the last coding to the first */
    wn_slice list[4];
    size_t k = 0, i = 0;
    while (i < coding.len) {
        size_t s = i;
        while (i < coding.len && coding.ptr[i] != ',')
            i++;
        wn_slice t = http_trim(coding.ptr + s, i - s);
        if (i < coding.len)
            i++;
        if (t.len == 0 || (t.len == 8 && strncasecmp(t.ptr, "identity", 8) == 0))
            continue;
        if (k == 4)
            return WN_ERR_UNSUPPORTED;
        list[k++] = t;
    }
    if (k == 0)
        return wn_buf_append(out, p, n);
    for (size_t j = 0; j < k; j++)
        if (!coding_known(list[j]))
            return WN_ERR_UNSUPPORTED;
    if (k == 1)
        return decode_one(list[0], p, n, out);
    /* several codings: decode through a temporary buffer with the same cap */
    wn_buf a, b;
    wn_buf_init(&a, out->max);
    wn_buf_init(&b, out->max);
    wn_status st = decode_one(list[k - 1], p, n, &a);
    for (size_t j = k - 1; j-- > 0 && !st;) {
        wn_buf_reset(&b);
        st = decode_one(list[j], a.data ? a.data : "", a.len, &b);
        wn_buf t = a;
        a = b;
        b = t;
    }
    if (!st || a.len)
        st = wn_buf_append(out, a.data ? a.data : "", a.len) ? WN_ERR_TOO_LARGE : st;
    wn_buf_free(&a);
    wn_buf_free(&b);
    return st;
}
