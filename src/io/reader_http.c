/* reader_http.c: an HTTP response (or a bare resource) held in memory, as stored in a WARC
 * response record or an ARC record, to a document: which payloads are pages, the transfer and
 * content codings undone, the charset named. One place, so that the same response read from
 * a WARC or an ARC file gives the same document. */
#include <string.h>
#include <strings.h>
#include "io/reader_impl.h"
#include "io/http.h"
#include "winnow/charset.h"

/* Is the media type of Content-Type value ct `type` (parameters and case ignored)? */
bool wn_media_is(wn_slice ct, const char *type)
{
    size_t n = 0;
    while (n < ct.len && ct.ptr[n] != ';')
        n++;
    while (n && (ct.ptr[n - 1] == ' ' || ct.ptr[n - 1] == '\t'))
        n--;
    size_t i = 0;
    while (i < n && (ct.ptr[i] == ' ' || ct.ptr[i] == '\t'))
        i++;
    size_t k = strlen(type);
    return n - i == k && strncasecmp(ct.ptr + i, type, k) == 0;
}

bool wn_is_html_type(wn_slice ct) { return wn_media_is(ct, "text/html") || wn_media_is(ct, "application/xhtml+xml"); }

/* Without any Content-Type: does the payload start like HTML? */
bool wn_looks_html(const char *p, size_t n)
{
    size_t i = 0;
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
        i++;
    if (i >= n || p[i] != '<')
        return false;
    static const char *const starts[] = { "<!doctype html", "<html", "<head", "<body", "<!--", "<meta", "<title" };
    for (size_t k = 0; k < sizeof starts / sizeof *starts; k++) {
        size_t l = strlen(starts[k]);
        if (n - i >= l && strncasecmp(p + i, starts[k], l) == 0)
            return true;
    }
    return false;
}

wn_payload_result wn_reader_http_payload(wn_reader *r, wn_buf *tmp, wn_doc *d, const char *block,
                                         size_t n, bool http, wn_slice block_type,
                                         wn_slice identified_type, uint64_t off, const char *id)
{
    const char *payload = block;
    size_t plen = n;
    wn_slice ptype = block_type;
    wn_http_head hh;
    if (http) {
        wn_status st = wn_http_parse_head(block, n, &hh);
        if (st) {
            wn_counter_add(&r->counters, "defect_http_head", 1);
            wn_doc_fail(d, "bad_http_response", "%s: offset %llu: record %s: %s", r->path,
                        (unsigned long long)off, id,
                        st == WN_ERR_TRUNCATED ? "HTTP head not terminated" : "no HTTP status line");
            return WN_PAYLOAD_DOC;
        }
        if (hh.bad_lines) {
            wn_counter_add(&r->counters, "defect_http_header_line", hh.bad_lines);
            wn_reader_warn(r, "%s: offset %llu: record %s: %u HTTP header lines without a colon skipped",
                           r->path, (unsigned long long)off, id, hh.bad_lines);
        }
        payload = block + hh.head_len;
        plen = n - hh.head_len;
        ptype = hh.content_type;
    }
    /* payload type: the HTTP (or resource) Content-Type, else the identified type, else a sniff */
    bool html;
    if (ptype.len)
        html = wn_is_html_type(ptype);
    else if (identified_type.len)
        html = wn_is_html_type(identified_type);
    else
        html = wn_looks_html(payload, plen);
    if (!html) {
        wn_counter_add(&r->counters, "skipped_non_html", 1);
        return WN_PAYLOAD_SKIP;
    }
    if (plen == 0) {
        wn_counter_add(&r->counters, "skipped_empty_payload", 1);
        return WN_PAYLOAD_SKIP;
    }
    d->kind = WN_KIND_HTML;
    wn_buf_set(&d->content_type, ptype.ptr ? ptype.ptr : "", ptype.len);
    if (ptype.len)
        wn_doc_meta_set_str(d, "content_type", ptype.ptr, ptype.len);
    if (http)
        wn_doc_meta_set_int(d, "http_status", hh.status);
    const char *cs = ptype.len ? wn_charset_from_content_type(ptype.ptr, ptype.len) : NULL;
    if (cs)
        wn_doc_meta_set_str(d, "charset", cs, strlen(cs));

    /* transfer coding (RFC 9112 §7.1) */
    if (http && wn_http_has_coding(hh.transfer_encoding, "chunked")) {
        wn_buf_reset(tmp);
        tmp->max = r->opts.max_doc_bytes;
        size_t bad = 0;
        wn_status st = wn_http_dechunk(payload, plen, tmp, &bad);
        if (st == WN_ERR_TOO_LARGE) {
            wn_doc_fail(d, "too_large", "%s: offset %llu: record %s: payload over the %zu byte limit",
                        r->path, (unsigned long long)off, id, r->opts.max_doc_bytes);
            return WN_PAYLOAD_DOC;
        }
        if (st == WN_ERR_FORMAT) {
            /* what warcio and browsers do with a bogus chunked body: take it as sent */
            wn_counter_add(&r->counters, "defect_chunked", 1);
            wn_reader_warn(r, "%s: offset %llu: record %s: bad chunk size at payload byte %zu; payload taken as sent",
                           r->path, (unsigned long long)off, id, bad);
        } else {
            if (st == WN_ERR_TRUNCATED) {
                wn_counter_add(&r->counters, "defect_chunked_truncated", 1);
                wn_reader_warn(r, "%s: offset %llu: record %s: chunked payload ends early; %zu bytes kept",
                               r->path, (unsigned long long)off, id, tmp->len);
            }
            payload = tmp->data ? tmp->data : "";
            plen = tmp->len;
        }
    }
    /* content coding (RFC 9110 §8.4) */
    wn_slice ce = http ? hh.content_encoding : (wn_slice){ NULL, 0 };
    wn_status st = wn_http_decode_content(ce, payload, plen, &d->raw);
    if (st == WN_ERR_TOO_LARGE) {
        wn_buf_reset(&d->raw);
        wn_doc_fail(d, "too_large", "%s: offset %llu: record %s: payload over the %zu byte limit",
                    r->path, (unsigned long long)off, id, r->opts.max_doc_bytes);
    } else if (st == WN_ERR_UNSUPPORTED) {
        wn_counter_add(&r->counters, "defect_content_encoding", 1);
        wn_doc_fail(d, "unsupported_content_encoding", "%s: offset %llu: record %s: Content-Encoding '%.*s'",
                    r->path, (unsigned long long)off, id, (int)ce.len, ce.ptr);
    } else if (st && d->raw.len == 0 && wn_looks_html(payload, plen)) {
        /* the crawler stored the payload decoded but kept the header */
        wn_counter_add(&r->counters, "defect_content_encoding", 1);
        wn_reader_warn(r, "%s: offset %llu: record %s: Content-Encoding '%.*s' but the payload is not encoded; taken as is",
                       r->path, (unsigned long long)off, id, (int)ce.len, ce.ptr);
        wn_buf_set(&d->raw, payload, plen);
    } else if (st == WN_ERR_TRUNCATED && d->raw.len) {
        wn_counter_add(&r->counters, "defect_content_truncated", 1);
        wn_reader_warn(r, "%s: offset %llu: record %s: '%.*s' payload ends early; %zu decoded bytes kept",
                       r->path, (unsigned long long)off, id, (int)ce.len, ce.ptr, d->raw.len);
    } else if (st) {
        wn_counter_add(&r->counters, "defect_content_encoding", 1);
        wn_doc_fail(d, "bad_content_encoding", "%s: offset %llu: record %s: '%.*s' payload does not decode (%s)",
                    r->path, (unsigned long long)off, id, (int)ce.len, ce.ptr, wn_strerror(st));
    }
    return WN_PAYLOAD_DOC;
}
