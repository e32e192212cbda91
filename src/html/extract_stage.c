/* extract_stage.c: the pipeline stage for HTML documents: charset -> parse -> extract ->
 * d->text and metadata; the document becomes a text document for the stages after it. */
#include <string.h>
#include "winnow/charset.h"
#include "winnow/extract.h"

typedef struct {
    wn_extractor *x;
    wn_buf utf8;
    size_t max_bytes;
} html_ctx;

static wn_status html_create(const void *config, void **ctx)
{
    html_ctx *c = wn_calloc(1, sizeof *c);
    if (!c)
        return WN_ERR_NOMEM;
    wn_status st = wn_extractor_create(&c->x, config);
    if (st) {
        wn_free(c);
        return st;
    }
    wn_extract_opts def;
    wn_extract_opts_default(&def);
    c->max_bytes = config ? ((const wn_extract_opts *)config)->max_bytes : def.max_bytes;
    /* a legacy single-byte page grows up to 3x in UTF-8 */
    wn_buf_init(&c->utf8, c->max_bytes * 3 + 16);
    *ctx = c;
    return WN_OK;
}

static void html_free(void *ctx)
{
    html_ctx *c = ctx;
    if (!c)
        return;
    wn_extractor_free(c->x);
    wn_buf_free(&c->utf8);
    wn_free(c);
}

static void set_meta(wn_doc *d, const char *key, wn_slice v)
{
    if (v.len)
        wn_doc_meta_set_str(d, key, v.ptr, v.len);
}

static void html_process(void *ctx, wn_doc *d, wn_counters *cn)
{
    html_ctx *c = ctx;
    if (d->kind != WN_KIND_HTML)
        return;
    wn_extract_result r;
    wn_status st = WN_OK;
    d->kind = WN_KIND_TEXT;
    if (d->raw.len > c->max_bytes) {
        st = WN_ERR_TOO_LARGE;
    } else {
        /* charset: BOM, HTTP header, <meta> prescan, detector -> valid UTF-8 */
        char label[64];
        wn_slice text;   /* the raw bytes themselves when valid UTF-8, else c->utf8 */
        st = wn_charset_html_text(d->raw.data ? d->raw.data : "", d->raw.len,
                                  d->content_type.len ? d->content_type.data : NULL, &c->utf8,
                                  &text, label, sizeof label);
        if (!st)
            st = wn_extract_html_valid(c->x, text.ptr, text.len, d->url.data, d->url.len, &r);
    }
    if (st == WN_ERR_TOO_LARGE || st == WN_ERR_TOO_DEEP || st == WN_ERR_TOO_MANY_ELEMENTS) {
        wn_counter_add(cn, st == WN_ERR_TOO_LARGE  ? "html_too_large"
                           : st == WN_ERR_TOO_DEEP ? "html_too_deep"
                                                   : "html_too_many_elements", 1);
        wn_doc_drop(d, wn_strerror(st));
        return;
    }
    if (st) {
        wn_doc_fail(d, wn_strerror(st), "%s: record %llu: extraction failed", d->source.data,
                    (unsigned long long)d->record_index);
        return;
    }
    set_meta(d, "title", r.title);
    set_meta(d, "author", r.author);
    /* "date" is the crawl's (WARC-Date, as datatrove names it); the page's own is "published" */
    set_meta(d, "published", r.date);
    set_meta(d, "sitename", r.sitename);
    set_meta(d, "description", r.description);
    set_meta(d, "lang_declared", r.lang);
    if (r.url.len && !d->url.len)
        wn_buf_set(&d->url, r.url.ptr, r.url.len);
    if (wn_buf_set(&d->text, r.text.ptr, r.text.len)) {
        wn_doc_drop(d, "too_large");
        return;
    }
    wn_counter_add(cn, "html_extracted", 1);
    if (r.text.len == 0)
        wn_doc_drop(d, "no_content");
}

/* The page's metadata (set_meta above), on every line: the stage is in every run's chain. */
static size_t html_meta_keys(const void *config, const char **keys, size_t cap)
{
    static const char *const K[] = { "title", "author", "published", "sitename", "description",
                                     "lang_declared" };
    size_t n = 0;
    for (; n < sizeof K / sizeof *K && n < cap; n++)
        keys[n] = K[n];
    return n;
}

const wn_stage wn_stage_html = { "html", html_create, html_free, html_process, html_meta_keys };
