/* test_warc.c: the WARC reader, HTTP parsing and content codings.
 *
 * Inputs are built here from parts (records, HTTP messages, payloads) and compressed with the
 * encoders of zlib, brotli and zstd, so each expected document is known independently of the
 * reader: the same records written plain, gzip per record, gzip whole-file, zstd per record and
 * zstd with a dictionary frame must give identical documents. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include <zdict.h>
#include <brotli/encode.h>
#include "harness.h"
#include "winnow/internal.h"
#include "io/http.h"
#include "io/warc.h"

/* ---- building inputs ------------------------------------------------------------------------- */

typedef struct {
    char *p;
    size_t n, cap;
} bytes;

static void put(bytes *b, const void *p, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->p = realloc(b->p, b->cap);
    }
    memcpy(b->p + b->n, p, n);
    b->n += n;
    b->p[b->n] = 0;
}
static void puts_(bytes *b, const char *s) { put(b, s, strlen(s)); }

/* One WARC record; `nl` is the line end ("\r\n", or "\n" for a broken writer). */
static void record(bytes *b, const char *type, const char *id, const char *uri, const char *ctype,
                   const char *block, size_t block_len, const char *nl, long len_delta)
{
    char h[2048];
    int k = snprintf(h, sizeof h, "WARC/1.1%sWARC-Type: %s%sWARC-Record-ID: %s%sWARC-Date: 2024-01-02T03:04:05Z%s",
                     nl, type, nl, id, nl, nl);
    if (uri)
        k += snprintf(h + k, sizeof h - (size_t)k, "WARC-Target-URI: %s%s", uri, nl);
    if (ctype)
        k += snprintf(h + k, sizeof h - (size_t)k, "Content-Type: %s%s", ctype, nl);
    k += snprintf(h + k, sizeof h - (size_t)k, "Content-Length: %ld%s%s", (long)block_len + len_delta, nl, nl);
    put(b, h, (size_t)k);
    put(b, block, block_len);
    puts_(b, nl);
    puts_(b, nl);
}

static char *http_response(const char *headers, const char *body, size_t body_len, size_t *n)
{
    bytes b = { 0 };
    puts_(&b, "HTTP/1.1 200 OK\r\n");
    puts_(&b, headers);
    puts_(&b, "\r\n");
    put(&b, body, body_len);
    *n = b.n;
    return b.p;
}

static char *gzip_bytes(const char *p, size_t n, int wbits, size_t *out_n)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    deflateInit2(&z, 6, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY);
    size_t cap = deflateBound(&z, n) + 64;
    char *o = malloc(cap);
    z.next_in = (Bytef *)p;
    z.avail_in = (uInt)n;
    z.next_out = (Bytef *)o;
    z.avail_out = (uInt)cap;
    deflate(&z, Z_FINISH);
    *out_n = cap - z.avail_out;
    deflateEnd(&z);
    return o;
}

static char *chunked(const char *p, size_t n, size_t *out_n)
{
    bytes b = { 0 };
    size_t i = 0, step = 1;
    while (i < n) {
        size_t k = step < n - i ? step : n - i;
        char h[64];
        snprintf(h, sizeof h, "%zx%s\r\n", k, (step % 3 == 0) ? ";ext=1" : "");
        puts_(&b, h);
        put(&b, p + i, k);
        puts_(&b, "\r\n");
        i += k;
        step = step * 3 + 1;
    }
    puts_(&b, "0\r\nX-Trailer: yes\r\n\r\n");
    *out_n = b.n;
    return b.p;
}

static char *write_tmp(const char *p, size_t n)
{
    static int seq;
    char *path = malloc(64);
    snprintf(path, 64, "/tmp/wn-test-warc-%d-%d", (int)getpid(), seq++);
    FILE *f = fopen(path, "wb");
    fwrite(p, 1, n, f);
    fclose(f);
    return path;
}

/* ---- reading ----------------------------------------------------------------------------------- */

typedef struct {
    int n;
    char id[16][128];
    char url[16][128];
    int kind[16];
    int status[16];
    char reason[16][64];
    char detail[16][512];
    char *raw[16];
    size_t raw_len[16];
    char ctype[16][128];
    char meta[16][512];
    wn_status end;
    char err[1024];
    char warnings[4096];
    wn_counters counters;
} docs;

static void read_all(const char *path, size_t max_doc, const char *format, docs *out)
{
    memset(out, 0, sizeof *out);
    wn_reader_opts o;
    wn_reader_opts_default(&o);
    if (max_doc)
        o.max_doc_bytes = max_doc;
    if (format)
        o.format = format;
    wn_reader *r;
    char err[512];
    out->end = wn_reader_open(&r, path, 0, &o, err, sizeof err);
    if (out->end) {
        snprintf(out->err, sizeof out->err, "%s", err);
        return;
    }
    wn_doc d;
    wn_doc_init(&d, o.max_doc_bytes);
    for (;;) {
        wn_doc_reset(&d);
        wn_status st = wn_reader_next(r, &d);
        for (const char *w; (w = wn_reader_take_warning(r)) != NULL;) {
            strncat(out->warnings, w, sizeof out->warnings - strlen(out->warnings) - 2);
            strcat(out->warnings, "\n");
        }
        if (st) {
            out->end = st;
            snprintf(out->err, sizeof out->err, "%s", wn_reader_error(r));
            break;
        }
        if (out->n == 16)
            continue;
        int i = out->n++;
        snprintf(out->id[i], sizeof out->id[i], "%s", d.id.data ? d.id.data : "");
        snprintf(out->url[i], sizeof out->url[i], "%s", d.url.data ? d.url.data : "");
        snprintf(out->ctype[i], sizeof out->ctype[i], "%s", d.content_type.data ? d.content_type.data : "");
        snprintf(out->reason[i], sizeof out->reason[i], "%s", d.reason ? d.reason : "");
        snprintf(out->detail[i], sizeof out->detail[i], "%s", d.detail.data ? d.detail.data : "");
        out->kind[i] = d.kind;
        out->status[i] = d.status;
        out->raw[i] = malloc(d.raw.len + 1);
        memcpy(out->raw[i], d.raw.data ? d.raw.data : "", d.raw.len);
        out->raw[i][d.raw.len] = 0;
        out->raw_len[i] = d.raw.len;
        wn_buf js;
        wn_buf_init(&js, WN_BUF_UNCAPPED);
        wn_doc_to_json(&d, &js);
        char *m = strstr(js.data, "\"metadata\":");
        snprintf(out->meta[i], sizeof out->meta[i], "%s", m ? m : "");
        wn_buf_free(&js);
    }
    wn_counters_merge(&out->counters, wn_reader_counters(r));
    wn_doc_free(&d);
    wn_reader_close(r);
}

static uint64_t count(const docs *d, const char *name)
{
    for (size_t i = 0; i < d->counters.n; i++)
        if (strcmp(d->counters.v[i].name, name) == 0)
            return d->counters.v[i].n;
    return 0;
}

static void docs_free(docs *d)
{
    for (int i = 0; i < d->n; i++)
        free(d->raw[i]);
    wn_counters_free(&d->counters);
}

/* ---- HTTP -------------------------------------------------------------------------------------- */

static void test_http_head(void)
{
    wn_http_head h;
    const char *p = "HTTP/1.1 404 Not Found\r\nContent-Type: text/html;\r\n charset=utf-8\r\nX: y\r\nbogus line\r\n"
                    "Transfer-Encoding: chunked\r\nContent-Encoding:  gzip \r\n\r\nBODY";
    CHECK_EQ_INT(wn_http_parse_head(p, strlen(p), &h), WN_OK);
    CHECK_EQ_INT(h.status, 404);
    CHECK(h.content_type.len == 26 && memcmp(h.content_type.ptr, "text/html;\r\n charset=utf-8", 26) == 0);
    CHECK(h.content_encoding.len == 4 && memcmp(h.content_encoding.ptr, "gzip", 4) == 0);
    CHECK(wn_http_has_coding(h.transfer_encoding, "chunked"));
    CHECK_EQ_INT(h.bad_lines, 1);
    CHECK_EQ_STR(p + h.head_len, "BODY");
    p = "HTTP/1.0 200 OK\nContent-Type: text/plain\n\nX";
    CHECK_EQ_INT(wn_http_parse_head(p, strlen(p), &h), WN_OK);
    CHECK_EQ_STR(p + h.head_len, "X");
    p = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n";
    CHECK_EQ_INT(wn_http_parse_head(p, strlen(p), &h), WN_ERR_TRUNCATED);
    p = "GET / HTTP/1.1\r\n\r\n";
    CHECK_EQ_INT(wn_http_parse_head(p, strlen(p), &h), WN_ERR_FORMAT);
    p = "HTTP/1.1 2x0 OK\r\n\r\n";
    CHECK_EQ_INT(wn_http_parse_head(p, strlen(p), &h), WN_ERR_FORMAT);
    wn_slice v = WN_SLICE_LIT("gzip, Chunked");
    CHECK(wn_http_has_coding(v, "chunked"));
    CHECK(!wn_http_has_coding(v, "br"));
}

/* Retry-After (RFC 9110 §10.2.3): the seconds form on a 429/503 is the wait, capped at the
 * back-off's maximum; a date, garbage or another status leave the back-off. */
#define RA(lit) wn_remote_retry_after_parse(lit, strlen(lit))
static void test_retry_after(void)
{
    CHECK(RA(" 7\r\n") == 7);
    CHECK(RA("0") == 0);
    CHECK(RA(" 99999999999999999999999\r\n") > 60);
    CHECK(RA(" Wed, 21 Oct 2015 07:28:00 GMT\r\n") == -1);
    CHECK(RA(" 5s\r\n") == -1);
    CHECK(RA(" -5\r\n") == -1);
    CHECK(RA(" \r\n") == -1);
    CHECK(wn_remote_retry_wait_ms(429, 7, 1000) == 7000);
    CHECK(wn_remote_retry_wait_ms(503, 0, 1000) == 0);
    CHECK(wn_remote_retry_wait_ms(503, 3600, 1000) == WN_REMOTE_BACKOFF_MAX_MS);
    CHECK(wn_remote_retry_wait_ms(503, RA(" 99999999999999999999999"), 1000) == WN_REMOTE_BACKOFF_MAX_MS);
    CHECK(wn_remote_retry_wait_ms(500, 7, 1000) == 1000);   /* only 429 and 503 carry it */
    CHECK(wn_remote_retry_wait_ms(429, -1, 4000) == 4000);
    CHECK(wn_remote_retry_wait_ms(0, 7, 2000) == 2000);     /* a dropped connection */
}

static void test_dechunk(void)
{
    char payload[70000];
    for (size_t i = 0; i < sizeof payload; i++)
        payload[i] = (char)('a' + (i * 7919) % 26);
    size_t n;
    char *c = chunked(payload, sizeof payload, &n);
    wn_buf out;
    wn_buf_init(&out, WN_BUF_UNCAPPED);
    CHECK_EQ_INT(wn_http_dechunk(c, n, &out, NULL), WN_OK);
    CHECK(out.len == sizeof payload && memcmp(out.data, payload, out.len) == 0);
    /* cut inside a chunk: what came before is kept */
    wn_buf_reset(&out);
    size_t bad;
    CHECK_EQ_INT(wn_http_dechunk(c, n / 2, &out, &bad), WN_ERR_TRUNCATED);
    CHECK(out.len > 0 && out.len < sizeof payload && memcmp(out.data, payload, out.len) == 0);
    /* not hex */
    wn_buf_reset(&out);
    CHECK_EQ_INT(wn_http_dechunk("zz\r\nabc", 7, &out, &bad), WN_ERR_FORMAT);
    CHECK_EQ_INT(out.len, 0);
    /* a chunk longer than its size says: format error where the CRLF should be */
    wn_buf_reset(&out);
    CHECK_EQ_INT(wn_http_dechunk("3\r\nabcdef\r\n0\r\n\r\n", 17, &out, &bad), WN_ERR_FORMAT);
    CHECK_EQ_INT(bad, 6);
    /* LF-only lines are accepted */
    wn_buf_reset(&out);
    CHECK_EQ_INT(wn_http_dechunk("3\nabc\n2\nde\n0\n\n", 14, &out, NULL), WN_OK);
    CHECK(out.len == 5 && memcmp(out.data, "abcde", 5) == 0);
    /* the cap holds */
    wn_buf capped;
    wn_buf_init(&capped, 1000);
    CHECK_EQ_INT(wn_http_dechunk(c, n, &capped, NULL), WN_ERR_TOO_LARGE);
    wn_buf_free(&capped);
    wn_buf_free(&out);
    free(c);
}

static void test_content_codings(void)
{
    const char *page = "<html><body><p>Hello, content codings! Hello, content codings!</p></body></html>";
    size_t pn = strlen(page), n;
    wn_buf out;
    wn_buf_init(&out, WN_BUF_UNCAPPED);
    struct { const char *coding; int wbits; } z[] = { { "gzip", 31 }, { "x-gzip", 31 }, { "deflate", 15 }, { "deflate", -15 } };
    for (size_t i = 0; i < 4; i++) {
        char *g = gzip_bytes(page, pn, z[i].wbits, &n);
        wn_buf_reset(&out);
        CHECK_EQ_INT(wn_http_decode_content(wn_slice_cstr(z[i].coding), g, n, &out), WN_OK);
        CHECK(out.len == pn && memcmp(out.data, page, pn) == 0);
        /* truncated: a prefix, flagged */
        wn_buf_reset(&out);
        CHECK_EQ_INT(wn_http_decode_content(wn_slice_cstr(z[i].coding), g, n - 6, &out), WN_ERR_TRUNCATED);
        free(g);
    }
    uint8_t br[4096];
    size_t brn = sizeof br;
    CHECK(BrotliEncoderCompress(5, 22, BROTLI_MODE_TEXT, pn, (const uint8_t *)page, &brn, br));
    wn_buf_reset(&out);
    CHECK_EQ_INT(wn_http_decode_content(WN_SLICE_LIT("br"), (char *)br, brn, &out), WN_OK);
    CHECK(out.len == pn && memcmp(out.data, page, pn) == 0);
    char zs[4096];
    size_t zn = ZSTD_compress(zs, sizeof zs, page, pn, 3);
    wn_buf_reset(&out);
    CHECK_EQ_INT(wn_http_decode_content(WN_SLICE_LIT("zstd"), zs, zn, &out), WN_OK);
    CHECK(out.len == pn && memcmp(out.data, page, pn) == 0);
    /* stacked: br applied first, then gzip: "br, gzip" is undone gzip first */
    char *g = gzip_bytes((char *)br, brn, 31, &n);
    wn_buf_reset(&out);
    CHECK_EQ_INT(wn_http_decode_content(WN_SLICE_LIT("br, gzip"), g, n, &out), WN_OK);
    CHECK(out.len == pn && memcmp(out.data, page, pn) == 0);
    free(g);
    wn_buf_reset(&out);
    CHECK_EQ_INT(wn_http_decode_content(WN_SLICE_LIT("compress"), "x", 1, &out), WN_ERR_UNSUPPORTED);
    CHECK_EQ_INT(wn_http_decode_content(WN_SLICE_LIT("gzip"), "not gzip at all", 15, &out), WN_ERR_CORRUPT);
    /* a bomb stops at the cap */
    size_t big = 20u << 20;
    char *zeros = calloc(1, big);
    g = gzip_bytes(zeros, big, 31, &n);
    wn_buf capped;
    wn_buf_init(&capped, 1 << 20);
    CHECK_EQ_INT(wn_http_decode_content(WN_SLICE_LIT("gzip"), g, n, &capped), WN_ERR_TOO_LARGE);
    CHECK(capped.len <= (1u << 20));
    wn_buf_free(&capped);
    free(g);
    free(zeros);
    wn_buf_free(&out);
}

/* ---- WARC ---------------------------------------------------------------------------------------- */

static const char *PAGE1 = "<!DOCTYPE html><html><head><title>One</title></head><body><p>First page.</p></body></html>";
static const char *PAGE2 = "<html><body><p>Second page, chunked and gzipped.</p></body></html>";
static const char *PAGE3 = "<html><body><p>Third page, a resource record.</p></body></html>";
static const char *WET = "Some extracted text.\nSecond line.";

/* A small crawl: warcinfo, request, response (plain), response (chunked+gzip), a PNG response,
 * a revisit, a resource, a conversion. Each record is appended to `parts` separately so that
 * compressed variants can put one member or frame per record. */
static int build_crawl(bytes parts[16])
{
    int k = 0;
    record(&parts[k++], "warcinfo", "<urn:uuid:info>", NULL, "application/warc-fields", "software: test\r\n", 16, "\r\n", 0);
    const char *req = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n";
    record(&parts[k++], "request", "<urn:uuid:req1>", "http://example.com/", "application/http; msgtype=request", req, strlen(req), "\r\n", 0);
    size_t n;
    char *r1 = http_response("Content-Type: text/html; charset=ISO-8859-1\r\n", PAGE1, strlen(PAGE1), &n);
    record(&parts[k++], "response", "<urn:uuid:resp1>", "http://example.com/", "application/http; msgtype=response", r1, n, "\r\n", 0);
    free(r1);
    size_t gn, cn;
    char *gz = gzip_bytes(PAGE2, strlen(PAGE2), 31, &gn);
    char *ch = chunked(gz, gn, &cn);
    char *r2 = http_response("Content-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n", ch, cn, &n);
    record(&parts[k++], "response", "<urn:uuid:resp2>", "http://example.com/2", "application/http;msgtype=response", r2, n, "\r\n", 0);
    free(gz);
    free(ch);
    free(r2);
    char *r3 = http_response("Content-Type: image/png\r\n", "\x89PNG\r\n", 6, &n);
    record(&parts[k++], "response", "<urn:uuid:png>", "http://example.com/a.png", "application/http; msgtype=response", r3, n, "\r\n", 0);
    free(r3);
    const char *rv = "HTTP/1.1 304 Not Modified\r\n\r\n";
    record(&parts[k++], "revisit", "<urn:uuid:rev>", "http://example.com/", "application/http; msgtype=response", rv, strlen(rv), "\r\n", 0);
    record(&parts[k++], "resource", "<urn:uuid:res>", "file:///x.html", "text/html", PAGE3, strlen(PAGE3), "\r\n", 0);
    record(&parts[k++], "conversion", "<urn:uuid:wet>", "http://example.com/", "text/plain", WET, strlen(WET), "\r\n", 0);
    return k;
}

static void check_crawl(const docs *d, const char *what)
{
    if (d->end != WN_END)
        fprintf(stderr, "  %s: end %d: %s\n", what, d->end, d->err);
    CHECK_EQ_INT(d->end, WN_END);
    CHECK_EQ_INT(d->n, 4);
    if (d->n != 4)
        return;
    CHECK_EQ_STR(d->id[0], "<urn:uuid:resp1>");
    CHECK_EQ_STR(d->url[0], "http://example.com/");
    CHECK_EQ_INT(d->kind[0], WN_KIND_HTML);
    CHECK_EQ_STR(d->raw[0], PAGE1);
    CHECK_EQ_STR(d->ctype[0], "text/html; charset=ISO-8859-1");
    CHECK(strstr(d->meta[0], "\"http_status\":200") != NULL);
    CHECK(strstr(d->meta[0], "\"date\":\"2024-01-02T03:04:05Z\"") != NULL);
    CHECK(strstr(d->meta[0], "\"warc_record_id\":\"<urn:uuid:resp1>\"") != NULL);
    CHECK(strstr(d->meta[0], "\"charset\":\"windows-1252\"") != NULL);
    CHECK_EQ_STR(d->id[1], "<urn:uuid:resp2>");
    CHECK_EQ_STR(d->raw[1], PAGE2);
    CHECK_EQ_STR(d->id[2], "<urn:uuid:res>");
    CHECK_EQ_STR(d->raw[2], PAGE3);
    CHECK_EQ_INT(d->kind[2], WN_KIND_HTML);
    CHECK_EQ_STR(d->id[3], "<urn:uuid:wet>");
    CHECK_EQ_INT(d->kind[3], WN_KIND_TEXT);
    CHECK_EQ_STR(d->raw[3], WET);
    CHECK_EQ_INT(count(d, "warc_records"), 8);
    CHECK_EQ_INT(count(d, "skipped_warcinfo"), 1);
    CHECK_EQ_INT(count(d, "skipped_request"), 1);
    CHECK_EQ_INT(count(d, "skipped_revisit"), 1);
    CHECK_EQ_INT(count(d, "skipped_non_html"), 1);
    for (int i = 0; i < d->n; i++)
        CHECK_EQ_INT(d->status[i], WN_DOC_KEPT);
    CHECK(d->warnings[0] == 0);
}

static void test_warc_codecs(void)
{
    bytes parts[16] = { { 0 } };
    int k = build_crawl(parts);
    bytes plain = { 0 }, gz_rec = { 0 }, zst_rec = { 0 }, samples = { 0 };
    for (int i = 0; i < k; i++) {
        put(&plain, parts[i].p, parts[i].n);
        size_t n;
        char *g = gzip_bytes(parts[i].p, parts[i].n, 31, &n);
        put(&gz_rec, g, n);
        free(g);
        char z[65536];
        size_t zn = ZSTD_compress(z, sizeof z, parts[i].p, parts[i].n, 3);
        put(&zst_rec, z, zn);
        put(&samples, parts[i].p, parts[i].n);
    }
    size_t n;
    char *gz_all = gzip_bytes(plain.p, plain.n, 31, &n);
    const char *names[] = { "plain", "gzip per record", "gzip whole file", "zstd per record", "zstd with dictionary" };
    char *files[5];
    files[0] = write_tmp(plain.p, plain.n);
    files[1] = write_tmp(gz_rec.p, gz_rec.n);
    files[2] = write_tmp(gz_all, n);
    files[3] = write_tmp(zst_rec.p, zst_rec.n);
    /* IIPC warc.zst with a dictionary: skippable frame 0x184D2A5D holding the dictionary, then
     * each record compressed with it */
    size_t sizes[16];
    for (int i = 0; i < k; i++)
        sizes[i] = parts[i].n;
    static char dict[4096];
    size_t dn = ZDICT_trainFromBuffer(dict, sizeof dict, samples.p, sizes, (unsigned)k);
    if (ZDICT_isError(dn)) {
        /* too few samples to train on: a raw content dictionary works the same way */
        dn = plain.n < sizeof dict ? plain.n : sizeof dict;
        memcpy(dict, plain.p, dn);
    }
    bytes zd = { 0 };
    unsigned char hdr[8] = { 0x5D, 0x2A, 0x4D, 0x18, (unsigned char)dn, (unsigned char)(dn >> 8), 0, 0 };
    put(&zd, hdr, 8);
    put(&zd, dict, dn);
    ZSTD_CCtx *cc = ZSTD_createCCtx();
    for (int i = 0; i < k; i++) {
        char z[65536];
        size_t zn = ZSTD_compress_usingDict(cc, z, sizeof z, parts[i].p, parts[i].n, dict, dn, 3);
        CHECK(!ZSTD_isError(zn));
        put(&zd, z, zn);
    }
    ZSTD_freeCCtx(cc);
    files[4] = write_tmp(zd.p, zd.n);
    for (int f = 0; f < 5; f++) {
        docs d;
        read_all(files[f], 0, NULL, &d);
        check_crawl(&d, names[f]);
        docs_free(&d);
        remove(files[f]);
        free(files[f]);
    }
    /* without its dictionary frame the zstd file cannot be read: an error, not garbage */
    char *nodict = write_tmp(zd.p + 8 + dn, zd.n - 8 - dn);
    docs d;
    read_all(nodict, 0, "warc", &d);
    CHECK(d.end != WN_END && d.end != WN_OK);
    CHECK_EQ_INT(d.n, 0);
    docs_free(&d);
    remove(nodict);
    free(nodict);
    free(gz_all);
    for (int i = 0; i < k; i++)
        free(parts[i].p);
    free(plain.p);
    free(gz_rec.p);
    free(zst_rec.p);
    free(samples.p);
    free(zd.p);
}

/* A response record for PAGE text `body` with id <urn:uuid:NAME>. */
static void page_record(bytes *b, const char *name, const char *body, const char *nl, long len_delta)
{
    size_t n;
    char id[64];
    snprintf(id, sizeof id, "<urn:uuid:%s>", name);
    char *r = http_response("Content-Type: text/html\r\n", body, strlen(body), &n);
    record(b, "response", id, "http://example.com/", "application/http; msgtype=response", r, n, nl, len_delta);
    free(r);
}

static void test_warc_defects(void)
{
    docs d;
    /* junk between records, a short Content-Length, LF-only header lines: all records kept */
    bytes b = { 0 };
    page_record(&b, "a", PAGE1, "\r\n", 0);
    puts_(&b, "garbage that is not a record\r\nmore garbage\r\n");
    page_record(&b, "b", PAGE2, "\r\n", -3);
    page_record(&b, "c", PAGE3, "\n", 0);
    page_record(&b, "d", PAGE1, "\r\n", 0);
    char *f = write_tmp(b.p, b.n);
    read_all(f, 0, NULL, &d);
    CHECK_EQ_INT(d.end, WN_END);
    CHECK_EQ_INT(d.n, 4);
    CHECK_EQ_STR(d.id[0], "<urn:uuid:a>");
    CHECK_EQ_STR(d.id[1], "<urn:uuid:b>");
    CHECK_EQ_STR(d.id[2], "<urn:uuid:c>");
    CHECK_EQ_STR(d.raw[2], PAGE3);
    CHECK_EQ_STR(d.id[3], "<urn:uuid:d>");
    CHECK_EQ_STR(d.raw[3], PAGE1);
    CHECK_EQ_INT(count(&d, "defect_junk"), 1);
    CHECK_EQ_INT(count(&d, "defect_content_length"), 1);
    CHECK_EQ_INT(count(&d, "defect_lf_line_ends"), 1);
    CHECK(strstr(d.warnings, f) != NULL);
    CHECK(strstr(d.warnings, "record <urn:uuid:b>: Content-Length") != NULL);
    CHECK(strstr(d.warnings, "record <urn:uuid:c>: WARC header lines end with LF") != NULL);
    char want[64];
    snprintf(want, sizeof want, "offset %zu: ", strstr(b.p, "garbage") - b.p);
    CHECK(strstr(d.warnings, want) != NULL);
    docs_free(&d);
    remove(f);
    free(f);

    /* a record cut by the end of a plain file: failed as truncated_record, others kept */
    free(b.p);
    memset(&b, 0, sizeof b);
    page_record(&b, "a", PAGE1, "\r\n", 0);
    size_t cut = b.n;
    page_record(&b, "b", PAGE2, "\r\n", 0);
    f = write_tmp(b.p, b.n - 40);
    read_all(f, 0, NULL, &d);
    CHECK_EQ_INT(d.end, WN_END);
    CHECK_EQ_INT(d.n, 2);
    CHECK_EQ_INT(d.status[0], WN_DOC_KEPT);
    CHECK_EQ_INT(d.status[1], WN_DOC_FAILED);
    CHECK_EQ_STR(d.reason[1], "truncated_record");
    snprintf(want, sizeof want, "offset %zu: record <urn:uuid:b>", cut);
    CHECK(strstr(d.detail[1], want) != NULL);
    CHECK_EQ_INT(count(&d, "defect_truncated_record"), 1);
    docs_free(&d);
    remove(f);
    free(f);
    /* cut inside the header after WARC-Type: response: a record we would read, so failed
     * (counted, issue 18) */
    f = write_tmp(b.p, cut + 40);
    read_all(f, 0, NULL, &d);
    CHECK_EQ_INT(d.end, WN_END);
    CHECK_EQ_INT(d.n, 2);
    CHECK_EQ_INT(d.status[1], WN_DOC_FAILED);
    CHECK_EQ_STR(d.reason[1], "truncated_record");
    CHECK_EQ_INT(count(&d, "defect_truncated_record"), 1);
    snprintf(want, sizeof want, "offset %zu: ", cut);
    CHECK(strstr(d.detail[1], want) != NULL && strstr(d.detail[1], "ends inside the WARC header") != NULL);
    docs_free(&d);
    remove(f);
    free(f);
    /* cut before the type is known: no document, a warning */
    f = write_tmp(b.p, cut + 20);
    read_all(f, 0, NULL, &d);
    CHECK_EQ_INT(d.end, WN_END);
    CHECK_EQ_INT(d.n, 1);
    CHECK_EQ_INT(count(&d, "defect_truncated_record"), 1);
    CHECK(strstr(d.warnings, want) != NULL && strstr(d.warnings, "ends inside the WARC header") != NULL);
    docs_free(&d);
    remove(f);
    free(f);

    /* gzip per record, the file cut inside the last member: earlier records, then the cut
     * record failed with its id and the offset of the cut (issue 18: counted, not lost) */
    bytes gz = { 0 };
    bytes one = { 0 };
    page_record(&one, "a", PAGE1, "\r\n", 0);
    size_t n;
    char *g = gzip_bytes(one.p, one.n, 31, &n);
    put(&gz, g, n);
    free(g);
    one.n = 0;
    page_record(&one, "b", PAGE2, "\r\n", 0);
    g = gzip_bytes(one.p, one.n, 31, &n);
    put(&gz, g, n / 2);
    free(g);
    f = write_tmp(gz.p, gz.n);
    read_all(f, 0, NULL, &d);
    CHECK_MSG(d.n == 2, "n=%d end=%d err=%s", d.n, d.end, d.err);
    CHECK_EQ_STR(d.id[0], "<urn:uuid:a>");
    CHECK_EQ_STR(d.id[1], "<urn:uuid:b>");
    CHECK_EQ_INT(d.status[1], WN_DOC_FAILED);
    CHECK(strstr(d.detail[1], "record <urn:uuid:b>") != NULL);
    CHECK(strstr(d.detail[1], "truncated gzip member") != NULL);
    CHECK_EQ_INT(d.end, WN_END);
    docs_free(&d);
    remove(f);
    free(f);
    free(gz.p);
    free(one.p);

    /* gzip per record with damage inside the second member: the first and third records are
     * read, the second fails as corrupt_record; the same for every damaged byte position */
    {
        const char *names[3] = { "g1", "g2", "g3" };
        const char *bodies[3] = { PAGE1, PAGE2, PAGE3 };
        bytes gzs = { 0 };
        size_t start2 = 0, end2 = 0;
        for (int i = 0; i < 3; i++) {
            bytes recb = { 0 };
            page_record(&recb, names[i], bodies[i], "\r\n", 0);
            char *gm = gzip_bytes(recb.p, recb.n, 31, &n);
            if (i == 1)
                start2 = gzs.n;
            put(&gzs, gm, n);
            if (i == 1)
                end2 = gzs.n;
            free(gm);
            free(recb.p);
        }
        int bad = 0;
        /* every 7th byte of the deflate data and each trailer byte (CRC32, ISIZE); not the
         * last bits of the deflate data, whose damage can make the member swallow the next one
         * (a known limit: the file then ends as a truncated member) */
        for (size_t at = start2 + 12; at < end2; at = at + 7 < end2 - 16 ? at + 7 : at < end2 - 8 ? end2 - 8 : at + 1) {
            char *copy = malloc(gzs.n);
            memcpy(copy, gzs.p, gzs.n);
            copy[at] ^= 0x5A;
            f = write_tmp(copy, gzs.n);
            read_all(f, 0, NULL, &d);
            /* either part of the member decoded (the record fails as corrupt_record) or none
             * of it did (a warning says what was lost where) */
            int last = d.n - 1;
            bool ok = d.end == WN_END && d.n >= 2 && strcmp(d.id[0], "<urn:uuid:g1>") == 0 &&
                      strcmp(d.raw[0], PAGE1) == 0 && d.status[0] == WN_DOC_KEPT &&
                      strcmp(d.id[last], "<urn:uuid:g3>") == 0 && strcmp(d.raw[last], PAGE3) == 0 &&
                      d.status[last] == WN_DOC_KEPT && count(&d, "defect_corrupt_gzip") == 1 &&
                      ((d.n == 3 && d.status[1] == WN_DOC_FAILED) ||
                       (d.n == 2 && strstr(d.warnings, "corrupt gzip data") != NULL));
            if (!ok && bad++ < 3)
                fprintf(stderr, "  damage at %zu: end %d, %d docs, [1] %s %s; %s; warnings: %s\n", at - start2, d.end, d.n,
                        d.id[1], d.reason[1], d.err, d.warnings);
            docs_free(&d);
            remove(f);
            free(f);
            free(copy);
        }
        CHECK_EQ_INT(bad, 0);
        free(gzs.p);
    }

    /* too large: failed with bounded memory, the next record read */
    free(b.p);
    memset(&b, 0, sizeof b);
    char big[20000];
    memset(big, 'x', sizeof big);
    memcpy(big, "<html>", 6);
    big[sizeof big - 1] = 0;
    page_record(&b, "big", big, "\r\n", 0);
    page_record(&b, "small", PAGE1, "\r\n", 0);
    f = write_tmp(b.p, b.n);
    read_all(f, 5000, NULL, &d);
    CHECK_EQ_INT(d.end, WN_END);
    CHECK_EQ_INT(d.n, 2);
    CHECK_EQ_STR(d.reason[0], "too_large");
    CHECK_EQ_INT(d.status[1], WN_DOC_KEPT);
    CHECK_EQ_STR(d.raw[1], PAGE1);
    docs_free(&d);
    remove(f);
    free(f);

    /* a bad chunked body is taken as sent; a missing Content-Length is skipped to the next
     * record; a bad gzip payload fails its document */
    free(b.p);
    memset(&b, 0, sizeof b);
    char *r = http_response("Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n", PAGE1, strlen(PAGE1), &n);
    record(&b, "response", "<urn:uuid:badchunk>", "http://e/", "application/http; msgtype=response", r, n, "\r\n", 0);
    free(r);
    puts_(&b, "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:nolen>\r\n\r\nwhatever\r\n\r\n");
    r = http_response("Content-Type: text/html\r\nContent-Encoding: gzip\r\n", "\x1f\x8b\x08\x00garbage", 12, &n);
    record(&b, "response", "<urn:uuid:badgzip>", "http://e/", "application/http; msgtype=response", r, n, "\r\n", 0);
    free(r);
    page_record(&b, "last", PAGE2, "\r\n", 0);
    f = write_tmp(b.p, b.n);
    read_all(f, 0, NULL, &d);
    CHECK_EQ_INT(d.end, WN_END);
    CHECK_EQ_INT(d.n, 3);
    CHECK_EQ_STR(d.id[0], "<urn:uuid:badchunk>");
    CHECK_EQ_STR(d.raw[0], PAGE1);
    CHECK_EQ_INT(d.status[0], WN_DOC_KEPT);
    CHECK_EQ_INT(count(&d, "defect_chunked"), 1);
    CHECK_EQ_INT(count(&d, "defect_warc_header"), 1);
    CHECK(strstr(d.warnings, "record <urn:uuid:nolen>: no Content-Length") != NULL);
    CHECK_EQ_STR(d.id[1], "<urn:uuid:badgzip>");
    CHECK_EQ_STR(d.reason[1], "bad_content_encoding");
    CHECK_EQ_STR(d.id[2], "<urn:uuid:last>");
    CHECK_EQ_STR(d.raw[2], PAGE2);
    docs_free(&d);
    remove(f);
    free(f);
    free(b.p);
}

/* Many records through a window that must move and grow (records of 10 KB to 1.5 MB, 6 MB in
 * all): every document intact, with its own header fields, plain and gzip. */
static void test_warc_window(void)
{
    bytes b = { 0 }, gz = { 0 };
    size_t sizes[24];
    for (int i = 0; i < 24; i++) {
        sizes[i] = 10000 + (size_t)((i * 7) % 24) * 65000;
        char *body = malloc(sizes[i] + 1);
        memcpy(body, "<html>", 6);
        for (size_t k = 6; k < sizes[i]; k++)
            body[k] = (char)('a' + (k + (size_t)i) % 26);
        body[sizes[i]] = 0;
        char name[32];
        snprintf(name, sizeof name, "w%02d", i);
        size_t before = b.n;
        page_record(&b, name, body, "\r\n", 0);
        size_t n;
        char *g = gzip_bytes(b.p + before, b.n - before, 31, &n);
        put(&gz, g, n);
        free(g);
        free(body);
    }
    char *files[2] = { write_tmp(b.p, b.n), write_tmp(gz.p, gz.n) };
    for (int f = 0; f < 2; f++) {
        wn_reader_opts o;
        wn_reader_opts_default(&o);
        wn_reader *r;
        char err[256];
        CHECK_EQ_INT(wn_reader_open(&r, files[f], 0, &o, err, sizeof err), WN_OK);
        wn_doc d;
        wn_doc_init(&d, o.max_doc_bytes);
        int i = 0;
        while (wn_reader_next(r, &d) == WN_OK) {
            char id[64];
            snprintf(id, sizeof id, "<urn:uuid:w%02d>", i);
            CHECK_EQ_STR(d.id.data, id);
            CHECK_EQ_STR(d.url.data, "http://example.com/");
            CHECK_EQ_INT(d.raw.len, sizes[i]);
            CHECK(d.raw.len > 7 && d.raw.data[6] == (char)('a' + (6 + (size_t)i) % 26));
            CHECK(wn_doc_meta_get(&d, "date").len == 22);
            i++;
            wn_doc_reset(&d);
        }
        CHECK_EQ_INT(i, 24);
        wn_doc_free(&d);
        wn_reader_close(r);
        remove(files[f]);
        free(files[f]);
    }
    free(b.p);
    free(gz.p);
}

/* Issue 18 item 9: a version line inside a header ends it as bad, so that a file of
 * "WARC/1.1" lines costs each line once instead of a 64 KB header scan per line. */
static void test_header_inside_header(void)
{
    const char *p = "WARC/1.1\r\nWARC/1.1\r\nContent-Length: 0\r\n\r\n";
    wn_warc_header h;
    size_t head_len = 0;
    CHECK_EQ_INT(wn_warc_parse_header(p, strlen(p), &h, &head_len), WN_ERR_FORMAT);
    CHECK(h.error && strstr(h.error, "record starts inside this header"));
    const char *q = "WARC/1.1\r\nContent-Length: 0\r\nX-Note: WARC/1.1\r\n\r\n"; /* in a value: fine */
    CHECK_EQ_INT(wn_warc_parse_header(q, strlen(q), &h, &head_len), WN_OK);
    CHECK_EQ_INT(head_len, strlen(q));
}

/* Issue 18 item 13: a file that shrinks while being read ends with an error naming the file
 * and the offset, not as if it were complete. Deterministic: the stream reads 256 KiB ahead,
 * the file is cut after the first read. */
static void test_stream_shrinks(void)
{
    size_t n = (size_t)1 << 20;
    char *big = malloc(n);
    memset(big, 'x', n);
    char *f = write_tmp(big, n);
    wn_stream *s;
    char err[256];
    CHECK_EQ_INT(wn_stream_open(&s, f, err, sizeof err), WN_OK);
    CHECK_EQ_INT(truncate(f, 300000), 0);
    size_t got = 0, total = 0;
    wn_status st;
    while ((st = wn_stream_read(s, big, n, &got)) == WN_OK && got)
        total += got;
    CHECK_EQ_INT(st, WN_ERR_TRUNCATED);
    CHECK_EQ_INT(total, 300000);
    CHECK(strstr(wn_stream_error(s), f) != NULL);
    CHECK(strstr(wn_stream_error(s), "offset 300000: file ends before its 1048576 bytes") != NULL);
    wn_stream_close(s);
    remove(f);
    free(f);
    free(big);
}

static void test_sniff(void)
{
    const char *inputs[] = { "WARC/1.0\r\n", "\xEF\xBB\xBF  <!DOCTYPE html><p>x", "<html lang=en>", "{\"text\": \"x\"}\n", "plain words" };
    const char *want[] = { "warc", "html", "html", "jsonl", "text" };
    for (int i = 0; i < 5; i++) {
        char *f = write_tmp(inputs[i], strlen(inputs[i]));
        docs d;
        read_all(f, 0, NULL, &d);
        if (i == 0) {
            CHECK_EQ_INT(d.n, 0); /* a header without Content-Length and nothing else */
        } else {
            CHECK_EQ_INT(d.n, 1);
            CHECK_EQ_INT(d.kind[0], i < 3 ? WN_KIND_HTML : WN_KIND_TEXT);
            if (i < 3) {
                CHECK_EQ_STR(d.id[0], f);
                CHECK_EQ_STR(d.raw[0], inputs[i]);
            }
        }
        (void)want;
        docs_free(&d);
        remove(f);
        free(f);
    }
}

int main(void)
{
    RUN(test_http_head);
    RUN(test_dechunk);
    RUN(test_retry_after);
    RUN(test_content_codings);
    RUN(test_warc_codecs);
    RUN(test_warc_defects);
    RUN(test_warc_window);
    RUN(test_header_inside_header);
    RUN(test_stream_shrinks);
    RUN(test_sniff);
    return DONE();
}
