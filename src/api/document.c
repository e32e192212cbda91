/* document.c: wn_document, the public face of the internal wn_doc (winnow/doc.h): fields in,
 * results out, and the CLI's output line. */
#include <string.h>
#include "api/api_impl.h"
#include "common/json.h"

wn_status wn_document_new(wn_document **out)
{
    if (!out)
        return wn_api_error(WN_ERR_USAGE, "wn_document_new: out is NULL");
    wn_document *w = wn_calloc(1, sizeof *w);
    *out = w;
    if (!w)
        return wn_api_error(WN_ERR_NOMEM, "wn_document_new: out of memory");
    wn_doc_init(&w->own, WN_DOC_BYTES_MAX);
    w->d = &w->own;
    wn_buf_init(&w->json, WN_DOC_JSON_MAX);
    wn_buf_init(&w->meta_json, WN_DOC_META_MAX + 2);
    return WN_OK;
}

void wn_api_document_wrap(wn_document *w, wn_doc *d)
{
    memset(w, 0, sizeof *w);
    w->d = d;
    wn_buf_init(&w->json, WN_DOC_JSON_MAX);
    wn_buf_init(&w->meta_json, WN_DOC_META_MAX + 2);
}

void wn_api_document_changed(wn_document *w)
{
    for (size_t i = 0; i < w->n_meta_vals; i++) {
        wn_free(w->meta_vals[i].key);
        wn_free(w->meta_vals[i].val);
    }
    w->n_meta_vals = 0;
}

void wn_api_document_unwrap(wn_document *w)
{
    if (w->d->schema == &w->schema)
        w->d->schema = NULL;   /* the pipeline's document outlives this wrapper */
    wn_api_document_changed(w);
    wn_free(w->meta_vals);
    w->meta_vals = NULL;
    w->cap_meta_vals = 0;
    wn_buf_free(&w->json);
    wn_buf_free(&w->meta_json);
}

void wn_document_free(wn_document *w)
{
    if (!w)
        return;
    wn_doc_free(&w->own);
    wn_api_document_unwrap(w);   /* frees what the getters lent */
    wn_free(w);
}

void wn_document_reset(wn_document *w)
{
    if (!w)
        return;
    wn_doc_reset(w->d);
    wn_api_document_changed(w);
    w->d->schema = NULL;   /* no chain's run yet */
    w->processed = false;
    w->html_in = false;
}

/* Small fields: invalid UTF-8 is repaired (U+FFFD), as the readers do, so that output lines
 * are always valid UTF-8. */
static wn_status set_small(wn_buf *b, const char *p, size_t n)
{
    wn_buf_reset(b);
    return wn_utf8_repair(b, p, n, NULL);
}

/* Replaces the metadata with the members of a JSON object, in order. */
static wn_status set_metadata(wn_doc *d, const char *p, size_t n)
{
    wn_json j;
    wn_slice span;
    wn_json_init(&j, p, n);
    if (wn_json_value(&j, &span) || !wn_json_ws(&j) || span.len == 0 || span.ptr[0] != '{')
        return wn_api_error(WN_ERR_FORMAT, "metadata: %s at byte %zu (a JSON object is expected)",
                            j.err ? j.err : (span.len && span.ptr[0] != '{') ? "not an object" : "trailing bytes",
                            j.err ? j.err_off : (size_t)(j.p - p));
    wn_buf key;
    wn_buf_init(&key, WN_DOC_META_MAX);
    wn_json_init(&j, span.ptr, span.len);
    wn_status st = wn_json_object_begin(&j);
    d->meta_count = 0;
    wn_buf_reset(&d->meta_bytes);
    wn_slice k, v;
    while (!st && (st = wn_json_object_next(&j, &k, &v)) == WN_OK) {
        wn_buf_reset(&key);
        if ((st = wn_json_decode_string(k, &key)) || (st = wn_doc_meta_set_json(d, key.data ? key.data : "", v.ptr, v.len)))
            break;
    }
    wn_buf_free(&key);
    if (st == WN_END)
        return WN_OK;
    d->meta_count = 0;
    wn_buf_reset(&d->meta_bytes);
    return wn_api_error(st, "metadata: %s", st == WN_ERR_TOO_LARGE ? "over 16 MiB" : wn_strerror(st));
}

wn_status wn_document_set(wn_document *w, wn_field f, const char *p, size_t n)
{
    if (!w || (!p && n))
        return wn_api_error(WN_ERR_USAGE, "wn_document_set: NULL argument");
    if (!p)
        p = "";
    wn_doc *d = w->d;
    wn_status st;
    wn_api_document_changed(w);
    switch (f) {
    case WN_FIELD_TEXT:
    case WN_FIELD_HTML:
        /* a new input: the outcome of an earlier run of a chain goes */
        d->status = WN_DOC_KEPT;
        d->reason = NULL;
        wn_buf_reset(&d->detail);
        d->utf8_replaced = 0;
        w->processed = false;
        wn_buf_reset(&d->text);
        d->kind = f == WN_FIELD_HTML ? WN_KIND_HTML : WN_KIND_TEXT;
        w->html_in = f == WN_FIELD_HTML;
        d->bytes_in = n;
        if ((st = wn_buf_set(&d->raw, p, n))) {
            wn_buf_reset(&d->raw);
            return wn_api_error(st, "%s: %zu bytes: over the document limit of %zu",
                                f == WN_FIELD_HTML ? "html" : "text", n, d->raw.max);
        }
        return WN_OK;
    case WN_FIELD_ID: st = set_small(&d->id, p, n); break;
    case WN_FIELD_URL: st = set_small(&d->url, p, n); break;
    case WN_FIELD_SOURCE: st = set_small(&d->source, p, n); break;
    case WN_FIELD_CONTENT_TYPE: st = set_small(&d->content_type, p, n); break;
    case WN_FIELD_METADATA: return set_metadata(d, p, n);
    default:
        return wn_api_error(WN_ERR_USAGE, "wn_document_set: unknown field %d", (int)f);
    }
    if (st)
        return wn_api_error(st, "field %d: %zu bytes: over its limit", (int)f, n);
    return WN_OK;
}

static const char *buf_out(const wn_buf *b, size_t *n)
{
    if (n)
        *n = b->len;
    return b->data ? b->data : "";
}

const char *wn_document_get(const wn_document *cw, wn_field f, size_t *n)
{
    if (n)
        *n = 0;
    if (!cw)
        return "";
    wn_document *w = (wn_document *)cw;   /* METADATA is assembled in the document's buffer */
    const wn_doc *d = w->d;
    switch (f) {
    case WN_FIELD_TEXT:
        /* before a chain ran, a text document's text is what was set */
        if (!w->processed && d->kind == WN_KIND_TEXT && d->text.len == 0)
            return buf_out(&d->raw, n);
        return buf_out(&d->text, n);
    case WN_FIELD_HTML: return w->html_in ? buf_out(&d->raw, n) : "";
    case WN_FIELD_ERROR: return d->status == WN_DOC_FAILED ? buf_out(&d->detail, n) : "";
    case WN_FIELD_ID: return buf_out(&d->id, n);
    case WN_FIELD_URL: return buf_out(&d->url, n);
    case WN_FIELD_SOURCE: return buf_out(&d->source, n);
    case WN_FIELD_CONTENT_TYPE: return buf_out(&d->content_type, n);
    case WN_FIELD_METADATA: {
        wn_buf *b = &w->meta_json;
        wn_buf_reset(b);
        /* the line's object (doc.h): the chain's or run's schema, as the shards have it */
        wn_status st = wn_doc_meta_to_json(d, b);
        if (st) {
            wn_api_error(st, "metadata: cannot assemble: %s", wn_strerror(st));
            return "";
        }
        return buf_out(b, n);
    }
    }
    return "";
}

const char *wn_document_meta(const wn_document *cw, const char *key, size_t *n)
{
    if (n)
        *n = 0;
    if (!cw || !key)
        return NULL;
    wn_document *w = (wn_document *)cw;
    for (size_t i = 0; i < w->n_meta_vals; i++)
        if (!strcmp(w->meta_vals[i].key, key)) {
            if (n)
                *n = w->meta_vals[i].len;
            return w->meta_vals[i].val;
        }
    wn_slice v = wn_doc_meta_get(w->d, key);
    if (!v.ptr)
        return NULL;
    wn_buf val;
    wn_buf_init(&val, WN_DOC_META_MAX + 1);
    wn_status st = v.len && v.ptr[0] == '"' ? wn_json_decode_string(v, &val)
                                            : wn_buf_append(&val, v.ptr, v.len);
    if (!st)
        st = wn_buf_append_char(&val, 0);   /* owns its storage, "" included */
    char *k = st ? NULL : wn_strdup(key);
    if (!st && !k)
        st = WN_ERR_NOMEM;
    if (!st && w->n_meta_vals == w->cap_meta_vals) {
        size_t cap = w->cap_meta_vals ? 2 * w->cap_meta_vals : 8;
        void *p = wn_realloc(w->meta_vals, cap * sizeof *w->meta_vals);
        if (p) {
            w->meta_vals = p;
            w->cap_meta_vals = cap;
        } else {
            st = WN_ERR_NOMEM;
        }
    }
    if (st) {
        wn_free(k);
        wn_buf_free(&val);
        wn_api_error(st, "metadata %s: cannot decode: %s", key, wn_strerror(st));
        return NULL;
    }
    /* one copy per key: asking again returns it, so the cache is bounded by the keys */
    w->meta_vals[w->n_meta_vals++] = (struct wn_meta_cached){ k, val.data, val.len - 1 };
    if (n)
        *n = val.len - 1;
    return val.data;
}

wn_doc_status wn_document_status(const wn_document *w)
{
    return w ? w->d->status : WN_DOC_FAILED;
}

const char *wn_document_reason(const wn_document *w)
{
    if (!w || w->d->status == WN_DOC_KEPT)
        return NULL;
    return w->d->reason ? w->d->reason : "unknown";
}

const char *wn_document_to_json(wn_document *w, size_t *n)
{
    if (n)
        *n = 0;
    if (!w)
        return NULL;
    wn_buf_reset(&w->json);
    wn_status st = wn_doc_to_json(w->d, &w->json);
    if (st) {
        wn_api_error(st, "document: cannot make its JSON line: %s", wn_strerror(st));
        return NULL;
    }
    return buf_out(&w->json, n);
}
