/* warc.c: one WARC record header from memory (WARC 1.1 §4 record grammar, §5 named fields).
 *
 * Lenient where crawls differ from the grammar: LF-only line ends, fields in any order, field
 * names in any case (§4: names are case-insensitive), continuation lines, a Target-URI in the
 * angle brackets of the WARC 1.0 grammar. Strict only where the record cannot be read
 * otherwise: the version line and Content-Length. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "io/warc.h"

static bool warc_is_sp(char c) { return c == ' ' || c == '\t'; }

static wn_slice warc_trim(const char *p, size_t n)
{
    while (n && warc_is_sp(*p)) { p++; n--; }
    while (n && (warc_is_sp(p[n - 1]) || p[n - 1] == '\r')) n--;
    return (wn_slice){ p, n };
}

static bool warc_name_is(const char *p, size_t n, const char *name)
{
    return strlen(name) == n && strncasecmp(p, name, n) == 0;
}

static wn_warc_type type_of(wn_slice v)
{
    static const struct { const char *name; wn_warc_type t; } types[] = {
        { "warcinfo", WN_WARC_WARCINFO }, { "response", WN_WARC_RESPONSE },
        { "resource", WN_WARC_RESOURCE }, { "request", WN_WARC_REQUEST },
        { "metadata", WN_WARC_METADATA }, { "revisit", WN_WARC_REVISIT },
        { "conversion", WN_WARC_CONVERSION }, { "continuation", WN_WARC_CONTINUATION },
    };
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (warc_name_is(v.ptr, v.len, types[i].name))
            return types[i].t;
    return WN_WARC_OTHER;
}

wn_status wn_warc_parse_header(const char *p, size_t n, wn_warc_header *h, size_t *head_len)
{
    memset(h, 0, sizeof *h);
    snprintf(h->record_id, sizeof h->record_id, "(no id)");
    *head_len = 0;
    /* version line: "WARC/" 1*DIGIT "." 1*DIGIT CRLF (§4) */
    const char *nl = memchr(p, '\n', n);
    if (!nl)
        return WN_ERR_TRUNCATED;
    size_t l0 = (size_t)(nl - p);
    h->lf_only = !(l0 && p[l0 - 1] == '\r');
    h->version = warc_trim(p, l0);
    if (h->version.len < 8 || memcmp(p, "WARC/", 5) != 0 || p[5] < '0' || p[5] > '9') {
        h->error = "bad WARC version line";
        return WN_ERR_FORMAT;
    }
    bool have_length = false, bad_length = false;
    wn_slice *last = NULL;
    size_t i = l0 + 1;
    for (;;) {
        if (i >= n)
            return WN_ERR_TRUNCATED;
        const char *e = memchr(p + i, '\n', n - i);
        if (!e)
            return WN_ERR_TRUNCATED;
        size_t end = (size_t)(e - p);
        size_t len = end - i;
        if (len && p[end - 1] == '\r')
            len--;
        const char *line = p + i;
        i = end + 1;
        if (len == 0)
            break;
        if (len >= 6 && memcmp(line, "WARC/", 5) == 0 && line[5] >= '0' && line[5] <= '9') {
            /* a version line inside a header: this header never ended. Stopping here keeps
             * a file of "WARC/1.1" lines linear (each line is parsed once, not 64 KB each) */
            h->error = "a record starts inside this header (no empty line before it)";
            return WN_ERR_FORMAT;
        }
        if (warc_is_sp(line[0])) { /* continuation of the previous field's value */
            if (last && last->ptr)
                *last = warc_trim(last->ptr, (size_t)(line + len - last->ptr));
            continue;
        }
        const char *colon = memchr(line, ':', len);
        last = NULL;
        if (!colon)
            continue; /* not a field; tolerated */
        size_t kl = (size_t)(colon - line);
        while (kl && warc_is_sp(line[kl - 1]))
            kl--;
        wn_slice v = warc_trim(colon + 1, (size_t)(line + len - colon - 1));
        if (warc_name_is(line, kl, "content-length")) {
            uint64_t x = 0;
            size_t k = 0;
            for (; k < v.len && v.ptr[k] >= '0' && v.ptr[k] <= '9'; k++) {
                if (x > (UINT64_MAX - 9) / 10) {
                    bad_length = true;
                    break;
                }
                x = x * 10 + (uint64_t)(v.ptr[k] - '0');
            }
            if (k == 0 || k != v.len)
                bad_length = true;
            h->content_length = x;
            have_length = true;
        } else if (warc_name_is(line, kl, "warc-type")) {
            h->type = type_of(v);
        } else if (warc_name_is(line, kl, "warc-record-id")) {
            snprintf(h->record_id, sizeof h->record_id, "%.*s", (int)v.len, v.ptr);
        } else if (warc_name_is(line, kl, "warc-target-uri")) {
            if (v.len >= 2 && v.ptr[0] == '<' && v.ptr[v.len - 1] == '>')
                v = (wn_slice){ v.ptr + 1, v.len - 2 };
            h->target_uri = v;
            last = &h->target_uri;
        } else if (warc_name_is(line, kl, "warc-date")) {
            h->date = v;
        } else if (warc_name_is(line, kl, "content-type")) {
            h->content_type = v;
            last = &h->content_type;
        } else if (warc_name_is(line, kl, "warc-identified-payload-type")) {
            h->payload_type = v;
        } else if (warc_name_is(line, kl, "warc-truncated")) {
            h->truncated = v;
        }
    }
    *head_len = i;
    if (!have_length || bad_length) {
        h->error = have_length ? "bad Content-Length" : "no Content-Length";
        return WN_ERR_FORMAT;
    }
    return WN_OK;
}
