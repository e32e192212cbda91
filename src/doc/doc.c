/* doc.c: the document model: lifecycle, outcome, metadata and its JSON line. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "winnow/doc.h"
#include "common/grow.h"
#include "common/json.h"

/* Caps of a document's small fields: anything longer is a hostile record, which fails. */
#define WN_DOC_ID_MAX 4096            /* an id from the input, or "<source>/<record>" */
#define WN_DOC_SOURCE_MAX 8192        /* the input's path, which PATH_MAX bounds */
#define WN_DOC_URL_MAX 16384          /* a URL: browsers stop far below this */
#define WN_DOC_CTYPE_MAX 1024         /* a Content-Type header value */
#define WN_DOC_DETAIL_MAX 4096        /* a failure's or drop's one-line detail */

wn_status wn_doc_init(wn_doc *d, size_t max_bytes)
{
    memset(d, 0, sizeof *d);
    wn_buf_init(&d->id, WN_DOC_ID_MAX);
    wn_buf_init(&d->source, WN_DOC_SOURCE_MAX);
    wn_buf_init(&d->url, WN_DOC_URL_MAX);
    wn_buf_init(&d->raw, max_bytes);
    wn_buf_init(&d->text, max_bytes);
    wn_buf_init(&d->content_type, WN_DOC_CTYPE_MAX);
    wn_buf_init(&d->meta_bytes, WN_DOC_META_MAX);
    wn_buf_init(&d->detail, WN_DOC_DETAIL_MAX);
    return WN_OK;   /* buffers allocate when first written */
}

/* A buffer that grew past this for one large document is released on reset rather than
 * kept: each reused document slot would otherwise hold the largest document it ever saw, and
 * peak memory would creep up with the corpus instead of staying flat. */
#define WN_DOC_KEEP_CAP ((size_t)64 << 10)

static void buf_recycle(wn_buf *b)
{
    if (b->cap > WN_DOC_KEEP_CAP)
        wn_buf_free(b);
    else
        wn_buf_reset(b);
}

void wn_doc_reset(wn_doc *d)
{
    buf_recycle(&d->raw);
    buf_recycle(&d->text);
    buf_recycle(&d->meta_bytes);
    wn_buf_reset(&d->id);
    wn_buf_reset(&d->source);
    wn_buf_reset(&d->url);
    wn_buf_reset(&d->content_type);
    wn_buf_reset(&d->detail);
    d->meta_count = 0;
    d->status = WN_DOC_KEPT;
    d->reason = NULL;
    d->kind = WN_KIND_TEXT;
    d->bytes_in = 0;
    d->utf8_replaced = 0;
    d->input_index = 0;
    d->record_index = 0;
}

void wn_doc_free(wn_doc *d)
{
    if (!d)
        return;
    wn_buf_free(&d->id);
    wn_buf_free(&d->source);
    wn_buf_free(&d->url);
    wn_buf_free(&d->raw);
    wn_buf_free(&d->text);
    wn_buf_free(&d->content_type);
    wn_buf_free(&d->meta_bytes);
    wn_buf_free(&d->detail);
    wn_free(d->meta);
    d->meta = NULL;
    d->meta_cap = d->meta_count = 0;
}

void wn_doc_drop(wn_doc *d, const char *reason)
{
    if (d->status != WN_DOC_KEPT)
        return;
    d->status = WN_DOC_DROPPED;
    d->reason = reason;
}

void wn_doc_fail(wn_doc *d, const char *error, const char *fmt, ...)
{
    if (d->status == WN_DOC_FAILED)
        return;
    d->status = WN_DOC_FAILED;
    d->reason = error;
    wn_buf_reset(&d->detail);
    if (fmt) {
        char msg[1024];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        wn_buf_append_str(&d->detail, msg);
    }
}

static wn_meta_entry *meta_find(const wn_doc *d, const char *key)
{
    size_t kl = strlen(key);
    for (size_t i = 0; i < d->meta_count; i++) {
        wn_meta_entry *e = &d->meta[i];
        if (e->key_len == kl && memcmp(d->meta_bytes.data + e->key_off, key, kl) == 0)
            return e;
    }
    return NULL;
}

/* Appends the new value to the backing store and points the entry at it; the old bytes stay
 * until reset, which is cheap because documents are short-lived. */
static wn_status meta_put(wn_doc *d, const char *key, const char *json, size_t len)
{
    wn_meta_entry *e = meta_find(d, key);
    if (!e) {
        /* every entry's value takes at least one byte of meta_bytes: its cap bounds them */
        wn_status gs = WN_GROW(d->meta, d->meta_cap, d->meta_count + 1, 16, WN_DOC_META_MAX);
        if (gs)
            return gs;
        size_t kl = strlen(key);
        size_t off = d->meta_bytes.len;
        wn_status st = wn_buf_append(&d->meta_bytes, key, kl);
        if (st)
            return st;
        e = &d->meta[d->meta_count++];
        e->key_off = (uint32_t)off;
        e->key_len = (uint32_t)kl;
        e->val_off = e->val_len = 0;
    }
    size_t off = d->meta_bytes.len;
    wn_status st = wn_buf_append(&d->meta_bytes, json, len);
    if (st)
        return st;
    e->val_off = (uint32_t)off;
    e->val_len = (uint32_t)len;
    return WN_OK;
}

wn_status wn_doc_meta_set_json(wn_doc *d, const char *key, const char *json, size_t len)
{
    return meta_put(d, key, json, len);
}

wn_status wn_doc_meta_set_str(wn_doc *d, const char *key, const char *val, size_t len)
{
    wn_buf tmp;
    wn_buf_init(&tmp, WN_DOC_META_MAX);
    wn_status st = wn_json_escape(&tmp, val, len);
    if (!st)
        st = meta_put(d, key, tmp.data, tmp.len);
    wn_buf_free(&tmp);
    return st;
}

wn_status wn_doc_meta_set_num(wn_doc *d, const char *key, double val)
{
    char tmp[64];
    int n;
    if (val != val || val > 1e308 || val < -1e308)
        n = snprintf(tmp, sizeof tmp, "null"); /* JSON has no NaN or infinity */
    else
        n = snprintf(tmp, sizeof tmp, "%.6g", val);
    return meta_put(d, key, tmp, (size_t)n);
}

wn_status wn_doc_meta_set_int(wn_doc *d, const char *key, int64_t val)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%lld", (long long)val);
    return meta_put(d, key, tmp, (size_t)n);
}

wn_status wn_doc_meta_set_bool(wn_doc *d, const char *key, bool val)
{
    return meta_put(d, key, val ? "true" : "false", val ? 4 : 5);
}

wn_slice wn_doc_meta_get(const wn_doc *d, const char *key)
{
    const wn_meta_entry *e = meta_find(d, key);
    if (!e)
        return (wn_slice){ NULL, 0 };
    return (wn_slice){ d->meta_bytes.data + e->val_off, e->val_len };
}

bool wn_doc_meta_get_str(const wn_doc *d, const char *key, wn_buf *dst)
{
    wn_slice v = wn_doc_meta_get(d, key);
    if (!v.ptr || v.len < 2 || v.ptr[0] != '"')
        return false;
    return wn_json_decode_string(v, dst) == WN_OK;
}

static bool in_schema(const wn_schema *s, const char *key, size_t kl)
{
    for (size_t i = 0; s && i < s->n; i++)
        if (strlen(s->keys[i]) == kl && !memcmp(s->keys[i], key, kl))
            return true;
    return false;
}

/* A schema key the document has no value for: file_path and dump come from the run, the rest
 * are null (docs/output.md). */
static wn_status schema_default(const wn_doc *d, const char *key, wn_buf *out)
{
    if (!strcmp(key, "file_path"))
        return wn_json_escape(out, d->source.data, d->source.len);
    if (!strcmp(key, "dump")) {
        if (d->schema->dump[0])
            return wn_json_escape(out, d->schema->dump, strlen(d->schema->dump));
        wn_slice v = wn_schema_dump_of(d->source.data, d->source.len);
        if (v.len)
            return wn_json_escape(out, v.ptr, v.len);
    }
    return wn_buf_append_str(out, "null");
}

wn_status wn_doc_meta_to_json(const wn_doc *d, wn_buf *out)
{
    wn_status st;
#define TRY(x) do { if ((st = (x))) return st; } while (0)
    TRY(wn_buf_append_char(out, '{'));
    const wn_schema *s = d->schema;
    bool first = true;
    for (size_t i = 0; s && i < s->n; i++) {
        if (!first)
            TRY(wn_buf_append_char(out, ','));
        first = false;
        TRY(wn_json_escape(out, s->keys[i], strlen(s->keys[i])));
        TRY(wn_buf_append_char(out, ':'));
        const wn_meta_entry *e = meta_find(d, s->keys[i]);
        if (e)
            TRY(wn_buf_append(out, d->meta_bytes.data + e->val_off, e->val_len));
        else
            TRY(schema_default(d, s->keys[i], out));
    }
    /* With a schema, the keys it does not name (an input's own fields: the stages name every
     * key they set) go into one object, "input", last: lines of inputs with different fields
     * keep one set of top-level keys (docs/output.md, "The input's own fields"). */
    if (s) {
        TRY(wn_buf_append_str(out, first ? "\"input\":" : ",\"input\":"));
        first = true;
    }
    size_t others = 0;
    for (size_t i = 0; i < d->meta_count; i++) {
        const wn_meta_entry *e = &d->meta[i];
        if (in_schema(s, d->meta_bytes.data + e->key_off, e->key_len))
            continue;
        TRY(wn_buf_append_str(out, s && !others ? "{" : first ? "" : ","));
        first = false;
        others++;
        TRY(wn_json_escape(out, d->meta_bytes.data + e->key_off, e->key_len));
        TRY(wn_buf_append_char(out, ':'));
        TRY(wn_buf_append(out, d->meta_bytes.data + e->val_off, e->val_len));
    }
    if (s)
        TRY(wn_buf_append_str(out, others ? "}" : "null"));
    TRY(wn_buf_append_char(out, '}'));
#undef TRY
    return WN_OK;
}

/* {"id":..,"text":..,"source":.. : the opening both line shapes (winnow's and dolma's) share */
static wn_status append_id_text_source(const wn_doc *d, wn_buf *out)
{
    wn_status st;
#define TRY(x) do { if ((st = (x))) return st; } while (0)
    TRY(wn_buf_append_str(out, "{\"id\":"));
    TRY(wn_json_escape(out, d->id.data, d->id.len));
    TRY(wn_buf_append_str(out, ",\"text\":"));
    TRY(wn_json_escape(out, d->text.data, d->text.len));
    TRY(wn_buf_append_str(out, ",\"source\":"));
    TRY(wn_json_escape(out, d->source.data, d->source.len));
#undef TRY
    return WN_OK;
}

wn_status wn_doc_to_dolma_json(const wn_doc *d, const char *added, wn_buf *out)
{
    wn_status st;
#define TRY(x) do { if ((st = (x))) return st; } while (0)
    TRY(append_id_text_source(d, out));
    TRY(wn_buf_append_str(out, ",\"added\":"));
    TRY(wn_json_escape(out, added, strlen(added)));
    /* the crawl's date of the page, as dolma's "created"; a string always (dolma's readers
     * type it so), "" where the input has none */
    TRY(wn_buf_append_str(out, ",\"created\":"));
    wn_slice date = wn_doc_meta_get(d, "date");
    if (date.len >= 2 && date.ptr[0] == '"')
        TRY(wn_buf_append(out, date.ptr, date.len));
    else
        TRY(wn_buf_append_str(out, "\"\""));
    /* metadata: {"url": ..., then the schema's keys}: the url has no top-level place in dolma */
    TRY(wn_buf_append_str(out, ",\"metadata\":{\"url\":"));
    TRY(wn_json_escape(out, d->url.data, d->url.len));
    size_t at = out->len;
    TRY(wn_doc_meta_to_json(d, out));
    if (out->len - at > 2)
        out->data[at] = ',';          /* "{k:v,...}" continues the object opened above */
    else
        out->len = at + 1, out->data[at] = '}';   /* "{}": nothing more */
    TRY(wn_buf_append_str(out, "}\n"));
#undef TRY
    return WN_OK;
}

wn_status wn_doc_to_json(const wn_doc *d, wn_buf *out)
{
    wn_status st;
#define TRY(x) do { if ((st = (x))) return st; } while (0)
    TRY(append_id_text_source(d, out));
    TRY(wn_buf_append_str(out, ",\"url\":"));
    TRY(wn_json_escape(out, d->url.data, d->url.len));
    TRY(wn_buf_append_str(out, ",\"metadata\":"));
    TRY(wn_doc_meta_to_json(d, out));
    if (d->status != WN_DOC_KEPT) {
        TRY(wn_buf_append_str(out, d->status == WN_DOC_DROPPED ? ",\"status\":\"dropped\"" : ",\"status\":\"failed\""));
        TRY(wn_buf_append_str(out, ",\"reason\":"));
        const char *r = d->reason ? d->reason : "unknown";
        TRY(wn_json_escape(out, r, strlen(r)));
        if (d->detail.len) {
            TRY(wn_buf_append_str(out, ",\"error\":"));
            TRY(wn_json_escape(out, d->detail.data, d->detail.len));
        }
    }
    TRY(wn_buf_append_str(out, "}\n"));
#undef TRY
    return WN_OK;
}
