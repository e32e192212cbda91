/* reader_jsonl.c: one JSON object per line (the datatrove/dolma layout).
 *
 * The text and id fields are configurable; "url" and "source" are taken when they are
 * strings; a "metadata" object is flattened into the document's metadata (so winnow's own
 * output reads back unchanged); every other member is kept as metadata too. A line that is not
 * a valid object fails that one document with file:line and the reason; the run goes on.
 *
 * With html_field set, that field holds an HTML page instead (crawl dumps often have one): the
 * document is HTML, extracted like any page, and every other field (the text field too) is
 * metadata. JSON strings are Unicode, so the page is UTF-8 already: the content type says so,
 * which keeps the decode stage from sniffing a charset (a <meta charset> in the page named the
 * bytes before they were put into JSON, not these). A line without that field, or with one
 * that is not a string, fails as bad_html_field. */
#include <stdio.h>
#include <string.h>
#include "io/reader_impl.h"
#include "io/lines.h"
#include "common/json.h"

typedef struct {
    wn_lines lines;
    wn_buf fixed;   /* the line with invalid UTF-8 replaced */
    wn_buf key;
    wn_buf tmp;
} jsonl_state;

static bool jsonl_sniff(const char *p, size_t n)
{
    size_t i = 0;
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
        i++;
    if (i >= n || p[i] != '{')
        return false;
    /* a pretty-printed JSON document also starts with '{': JSONL has the object on one line */
    const char *nl = memchr(p + i, '\n', n - i);
    if (!nl)
        return true; /* first line longer than the sniff window, or one line only */
    const char *e = nl;
    while (e > p + i && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
        e--;
    return e > p + i && e[-1] == '}';
}

static wn_status jsonl_open(wn_reader *r)
{
    jsonl_state *j = wn_calloc(1, sizeof *j);
    if (!j)
        return WN_ERR_NOMEM;
    r->impl = j;
    wn_buf_init(&j->fixed, r->opts.max_doc_bytes * 2);
    wn_buf_init(&j->key, 1 << 20);
    /* a JSON line escapes its text, so allow some growth over the text cap */
    size_t max_line = r->opts.max_doc_bytes + r->opts.max_doc_bytes / 2 + 4096;
    wn_buf_init(&j->tmp, max_line); /* fix_surrogates keeps the length: a value always fits */
    return wn_lines_init(&j->lines, r->s, max_line);
}

static bool jsonl_key_is(wn_slice key, const char *name)
{
    size_t n = strlen(name);
    return key.len == n + 2 && memcmp(key.ptr + 1, name, n) == 0;
}

/* Decodes a key literal; keys with escapes are rare but legal. */
static const char *key_str(jsonl_state *j, wn_slice key)
{
    wn_buf_reset(&j->key);
    if (wn_json_decode_string(key, &j->key) || !j->key.data)
        return "";
    return j->key.data;
}

static int jsonl_hex4(const char *p)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        int x = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (x < 0)
            return -1;
        v = v * 16 + x;
    }
    return v;
}

/* A \uXXXX escape of a surrogate at p[i] (i at the backslash): 1 high, 2 low, 0 neither. */
static int surrogate_at(const char *p, size_t n, size_t i)
{
    if (i + 6 > n || p[i] != '\\' || p[i + 1] != 'u')
        return 0;
    int v = jsonl_hex4(p + i + 2);
    return v >= 0xD800 && v <= 0xDBFF ? 1 : v >= 0xDC00 && v <= 0xDFFF ? 2 : 0;
}

/* The raw JSON value with each lone surrogate escape (\ud800 not followed by a low one, or a
 * low one alone) replaced by \ufffd, as the text field's decoder does: written verbatim into
 * metadata it would make output strict parsers refuse. NULL when there is none (the common
 * case: no copy). */
static const char *fix_surrogates(jsonl_state *j, wn_slice val, size_t *len)
{
    const char *p = val.ptr;
    size_t n = val.len, from = 0;
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        if (p[i] != '\\')
            continue;
        int s = surrogate_at(p, n, i);
        if (s == 1 && surrogate_at(p, n, i + 6) == 2) {
            i += 11; /* a pair: fine */
            continue;
        }
        if (s == 0) {
            i++; /* another escape: skip its letter (so "\\\\ud800" is a backslash, then text) */
            continue;
        }
        if (!any)
            wn_buf_reset(&j->tmp);
        any = true;
        if (wn_buf_append(&j->tmp, p + from, i - from) || wn_buf_append(&j->tmp, "\\ufffd", 6))
            return NULL;
        from = i + 6;
        i += 5;
    }
    if (!any)
        return NULL;
    if (wn_buf_append(&j->tmp, p + from, n - from))
        return NULL;
    *len = j->tmp.len;
    return j->tmp.data;
}

static wn_status put_meta(jsonl_state *j, wn_doc *d, wn_slice key, wn_slice val)
{
    size_t n = 0;
    const char *fixed = fix_surrogates(j, val, &n);
    if (fixed)
        return wn_doc_meta_set_json(d, key_str(j, key), fixed, n);
    return wn_doc_meta_set_json(d, key_str(j, key), val.ptr, val.len);
}

static void parse_line(wn_reader *r, jsonl_state *j, wn_doc *d, wn_slice line)
{
    bool have_text = false, have_id = false;
    const char *html = r->opts.html_field && r->opts.html_field[0] ? r->opts.html_field : NULL;
    wn_json js;
    wn_json_init(&js, line.ptr, line.len);
    wn_status st = wn_json_object_begin(&js);
    wn_slice key, val;
    while (!st && (st = wn_json_object_next(&js, &key, &val)) == WN_OK) {
        bool is_str = val.ptr[0] == '"';
        if (html && jsonl_key_is(key, html)) {
            if (!is_str) {
                wn_doc_fail(d, "bad_html_field", "%s:%llu: field \"%s\" is not a string", r->path,
                            (unsigned long long)j->lines.line_no, html);
                return;
            }
            wn_buf_reset(&d->raw);
            if (wn_json_decode_string(val, &d->raw)) {
                wn_doc_fail(d, "too_large", "%s:%llu: HTML over the limit", r->path,
                            (unsigned long long)j->lines.line_no);
                return;
            }
            d->kind = WN_KIND_HTML;
            wn_buf_set(&d->content_type, "text/html; charset=utf-8", 24);
            have_text = true;
        } else if (!html && jsonl_key_is(key, r->opts.text_field)) {
            if (!is_str) {
                wn_doc_fail(d, "text_not_string", "%s:%llu: field \"%s\" is not a string", r->path,
                            (unsigned long long)j->lines.line_no, r->opts.text_field);
                return;
            }
            wn_buf_reset(&d->text);
            if (wn_json_decode_string(val, &d->text)) {
                wn_doc_fail(d, "too_large", "%s:%llu: text over the limit", r->path,
                            (unsigned long long)j->lines.line_no);
                return;
            }
            have_text = true;
        } else if (jsonl_key_is(key, r->opts.id_field) && is_str) {
            wn_buf_reset(&d->id);
            wn_json_decode_string(val, &d->id);
            have_id = true;
        } else if (jsonl_key_is(key, r->opts.id_field) && (val.ptr[0] == '-' || (val.ptr[0] >= '0' && val.ptr[0] <= '9'))) {
            wn_buf_set(&d->id, val.ptr, val.len); /* numeric ids are common */
            have_id = true;
        } else if (jsonl_key_is(key, "url") && is_str) {
            wn_buf_reset(&d->url);
            wn_json_decode_string(val, &d->url);
        } else if (jsonl_key_is(key, "source") && is_str) {
            wn_buf_reset(&d->source);
            wn_json_decode_string(val, &d->source);
        } else if (jsonl_key_is(key, "metadata") && val.ptr[0] == '{') {
            wn_json mj;
            wn_json_init(&mj, val.ptr, val.len);
            wn_status ms = wn_json_object_begin(&mj);
            wn_slice mk, mv;
            while (!ms && (ms = wn_json_object_next(&mj, &mk, &mv)) == WN_OK)
                put_meta(j, d, mk, mv);
        } else {
            put_meta(j, d, key, val);
        }
    }
    if (st != WN_END) {
        wn_doc_fail(d, "invalid_json", "%s:%llu: column %zu: %s", r->path,
                    (unsigned long long)j->lines.line_no, js.err_off + 1,
                    js.err ? js.err : "invalid JSON");
        return;
    }
    if (!wn_json_ws(&js)) {
        wn_doc_fail(d, "invalid_json", "%s:%llu: column %zu: trailing characters after the object",
                    r->path, (unsigned long long)j->lines.line_no, (size_t)(js.p - js.base) + 1);
        return;
    }
    if (!have_text && html)
        wn_doc_fail(d, "bad_html_field", "%s:%llu: no \"%s\" field", r->path,
                    (unsigned long long)j->lines.line_no, html);
    else if (!have_text)
        wn_doc_fail(d, "missing_text", "%s:%llu: no \"%s\" field", r->path,
                    (unsigned long long)j->lines.line_no, r->opts.text_field);
    (void)have_id;
}

static wn_status jsonl_next(wn_reader *r, wn_doc *d)
{
    jsonl_state *j = r->impl;
    wn_slice line;
    uint64_t skipped = 0;
    wn_status st;
    /* blank lines are not records */
    do {
        st = wn_lines_next(&j->lines, &line, &skipped);
    } while (st == WN_OK && (line.len == 0 || (line.len == 1 && line.ptr[0] == '\r')));
    if (st == WN_END)
        return WN_END;
    if (st && st != WN_ERR_TOO_LARGE) {
        snprintf(r->err, sizeof r->err, "%s", wn_stream_error(r->s)[0] ? wn_stream_error(r->s) : wn_strerror(st));
        return st;
    }
    wn_status sst = wn_reader_stamp(r, d);
    if (sst)
        return sst;
    d->kind = WN_KIND_TEXT;
    wn_buf_printf(&d->id, "%s:%llu", r->path, (unsigned long long)j->lines.line_no);
    if (st == WN_ERR_TOO_LARGE) {
        d->bytes_in = skipped + 1;
        wn_doc_fail(d, "too_large", "%s:%llu: line of %llu bytes, over the %zu byte limit", r->path,
                    (unsigned long long)j->lines.line_no, (unsigned long long)skipped,
                    r->opts.max_doc_bytes);
        return WN_OK;
    }
    d->bytes_in = line.len + 1;
    if (j->lines.line_no == 1 && line.len >= 3 && memcmp(line.ptr, "\xEF\xBB\xBF", 3) == 0) {
        line.ptr += 3; /* a UTF-8 BOM before the first line (the sniffer allows it too) */
        line.len -= 3;
    }
    if (!wn_utf8_valid(line.ptr, line.len)) {
        size_t bad = 0;
        wn_buf_reset(&j->fixed);
        if (wn_utf8_repair(&j->fixed, line.ptr, line.len, &bad)) {
            wn_doc_fail(d, "too_large", "%s:%llu: line over the limit", r->path,
                        (unsigned long long)j->lines.line_no);
            return WN_OK;
        }
        d->utf8_replaced += bad;
        line = wn_buf_slice(&j->fixed);
    }
    parse_line(r, j, d, line);
    return WN_OK;
}

static void jsonl_close(wn_reader *r)
{
    jsonl_state *j = r->impl;
    if (!j)
        return;
    wn_lines_free(&j->lines);
    wn_buf_free(&j->fixed);
    wn_buf_free(&j->key);
    wn_buf_free(&j->tmp);
    wn_free(j);
}

const wn_reader_vt wn_reader_jsonl_vt = { "jsonl", jsonl_sniff, jsonl_open, jsonl_next, jsonl_close };
