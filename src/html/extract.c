/* extract.c: main-content extraction from an HTML page: the entry point, which runs the
 * steps of extract_impl.h over the page model in their order.
 *
 * DESIGN: linear passes, no recursion, each step in its own file reading and writing one
 * wn_page (see extract_impl.h for the steps and what each one sets):
 *  walk (extract_walk.c) -> language and scoring (extract_score.c) -> selection and the
 *  whole-page classification (extract_classify.c) -> fallbacks (extract_fallback.c) ->
 *  metadata, decided once (meta_text.c candidates, then meta.c) -> pruning
 *  (extract_prune.c) -> rendering (extract_render.c) -> the articleBody fallback.
 * Everything is per extractor (one per thread) and reused between pages. */
#include <string.h>
#include "common/check.h"
#include "html/extract_impl.h"
#include "html/stopwords.h"
#include "text/nfc.h"

#define TEXT_CAP ((size_t)64 << 20)
/* Pages at least this large give their parse tree (and repaired copy) back once walked rather
 * than keep them for the next page: the tree is the largest part of a page's memory (about 6x
 * its size), and it would otherwise stay beside the blocks and the output (issue 18, item 8).
 * Smaller pages keep the reuse, which spares a worker allocations. */
#define RELEASE_BYTES ((size_t)1 << 20)

struct wn_extractor {
    wn_extract_opts o;
    wn_dom *dom;
    wn_dom_limits lim;
    wn_meta meta;
    wn_buf repaired;
    wn_page page;
    wn_page_walker walker;
    wn_stopword_cache sw_cache;
    wn_extract_prof *prof;  /* bench/extract_parse.c: time per phase, or NULL */
};

void wn_extract_opts_default(wn_extract_opts *o)
{
    memset(o, 0, sizeof *o);
    o->format = WN_EXTRACT_TEXT;
    o->keep_tables = true;
    o->max_bytes = (size_t)16 << 20;
    o->max_depth = 1024;
    o->max_attrs = 1024;
}


wn_status wn_extractor_create(wn_extractor **out, const wn_extract_opts *o)
{
    *out = NULL;
    wn_extractor *x = wn_calloc(1, sizeof *x);
    if (!x)
        return WN_ERR_NOMEM;
    if (o)
        x->o = *o;
    else
        wn_extract_opts_default(&x->o);
    wn_status st = wn_dom_create(&x->dom);
    if (st) {
        wn_free(x);
        return st;
    }
    /* the walk skips scripts and styles; metadata reads only JSON-LD scripts */
    wn_dom_keep_script_text(x->dom, false);
    wn_dom_limits_default(&x->lim);
    x->lim.max_bytes = x->o.max_bytes;
    x->lim.max_depth = x->o.max_depth;
    x->lim.max_attrs = x->o.max_attrs;
    wn_meta_init(&x->meta);
    wn_buf_init(&x->repaired, x->o.max_bytes * 3 + 16);
    x->page.o = &x->o;
    x->page.meta = &x->meta;
    x->page.sw_cache = &x->sw_cache;
    wn_buf_init(&x->page.plain, TEXT_CAP);
    wn_buf_init(&x->page.md, TEXT_CAP);
    wn_buf_init(&x->page.out, TEXT_CAP);
    *out = x;
    return WN_OK;
}

void wn_extractor_free(wn_extractor *x)
{
    if (!x)
        return;
    wn_dom_free(x->dom);
    wn_meta_free(&x->meta);
    wn_buf_free(&x->repaired);
    wn_buf_free(&x->page.plain);
    wn_buf_free(&x->page.md);
    wn_buf_free(&x->page.out);
    wn_free(x->page.els);
    wn_free(x->page.blks);
    wn_free(x->page.toks);
    wn_free(x->page.seen);
    wn_page_walker_free(&x->walker);
    wn_free(x);
}

/* ---- entry point -------------------------------------------------------------------------------- */

static void reset(wn_extractor *x)
{
    wn_page *pg = &x->page;
    wn_meta_reset(&x->meta);
    wn_buf_reset(&pg->plain);
    wn_buf_reset(&pg->md);
    wn_buf_reset(&pg->out);
    pg->n_els = pg->n_blks = pg->n_toks = 0;
    pg->work = 0;
    pg->boxes = false;
}

/* --title-in-text: the headline is metadata, but some golds and uses count it as text. It goes
 * first, as a line of its own (a Markdown heading), unless the text already opens with it. */
static void title_first(wn_page *pg, wn_slice title)
{
    bool md = pg->o->format == WN_EXTRACT_MARKDOWN;
    size_t skip = md && pg->out.len >= 2 && !memcmp(pg->out.data, "# ", 2) ? 2 : 0;
    if (!title.len || (pg->out.len >= title.len + skip && !memcmp(pg->out.data + skip, title.ptr, title.len)))
        return;
    wn_buf_reset(&pg->md);
    if ((md && wn_buf_append_str(&pg->md, "# ")) || wn_buf_append(&pg->md, title.ptr, title.len) ||
        (pg->out.len && wn_buf_append_str(&pg->md, md ? "\n\n" : "\n")) ||
        wn_buf_append(&pg->md, pg->out.data ? pg->out.data : "", pg->out.len))
        return;     /* over the text's bound: the text as it was */
    wn_buf_set(&pg->out, pg->md.data, pg->md.len);
}

/* Adds the time since t0 to a phase of x->prof and restarts t0 (only when profiling). */
#define LAP(phase)                                  \
    do {                                            \
        if (x->prof) {                              \
            double t1_ = wn_extract_clock();        \
            x->prof->phase += t1_ - t0;             \
            t0 = t1_;                               \
        }                                           \
    } while (0)

static wn_status extract(wn_extractor *x, const char *html, size_t n, const char *url,
                         size_t url_len, wn_extract_result *res, bool known_valid)
{
    wn_page *pg = &x->page;
    memset(res, 0, sizeof *res);
    wn_slice empty = { "", 0 };
    res->text = res->title = res->author = res->date = res->url = res->sitename =
        res->description = res->lang = empty;
    reset(x);
    if (n > x->o.max_bytes)
        return WN_ERR_TOO_LARGE;
    double t0 = x->prof ? wn_extract_clock() : 0;
    WN_ASSERT(!known_valid || wn_utf8_valid(html, n));
    if (!known_valid && !wn_utf8_valid(html, n)) {
        wn_buf_reset(&x->repaired);
        wn_status st = wn_utf8_repair(&x->repaired, html, n, NULL);
        if (st)
            return st;
        html = x->repaired.data;
        n = x->repaired.len;
    }
    LAP(utf8);
    wn_status st = wn_dom_parse(x->dom, html, n, &x->lim);
    LAP(parse);
    if (st)
        return st;
    wn_dom_node *root = wn_dom_html(x->dom);
    if (!root)
        root = wn_dom_document(x->dom);
    double meta0 = x->prof ? x->prof->meta : 0;
    if (root)
        wn_page_walk(&x->walker, pg, root);
    if (n >= RELEASE_BYTES) {
        /* nothing after the walk reads the tree or the input (metadata was copied out) */
        wn_dom_release(x->dom);
        wn_buf_free(&x->repaired);
    }
    LAP(walk);
    if (x->prof)
        x->prof->walk -= x->prof->meta - meta0;   /* meta.c timed its share of the walk */
    /* the stop words need the declared language before the fields are decided */
    wn_page_language(pg, wn_meta_lang(&x->meta));
    wn_page_unbox(pg);
    int32_t top = wn_page_score(pg);
    wn_page_weigh_hints(pg);
    wn_page_select(pg, top);
    wn_page_keep_record_rows(pg);
    LAP(score);
    wn_page_meta_candidates(pg, url, url_len);
    wn_meta_finish(&x->meta, url, url_len, res);
    LAP(meta);
    wn_page_drop_threads(pg);
    wn_page_drop_forms(pg);
    wn_page_prune(pg);
    wn_page_drop_repeats(pg);
    LAP(score);
    wn_page_render(pg);
    wn_page_body_fallback(pg);
    if (x->o.title_in_text)
        title_first(pg, res->title);
    if (!wn_utf8_valid(pg->out.data ? pg->out.data : "", pg->out.len)) {
        /* the parser decodes entities; keep the promise of valid UTF-8 whatever it did */
        wn_buf_reset(&pg->md);
        wn_utf8_repair(&pg->md, pg->out.data, pg->out.len, NULL);
        wn_buf_set(&pg->out, pg->md.data, pg->md.len);
    }
    bool composed = false;
    if (wn_utf8_nfc(&pg->md, pg->out.data ? pg->out.data : "", pg->out.len, &composed) == WN_OK && composed)
        wn_buf_set(&pg->out, pg->md.data, pg->md.len);
    LAP(render);
    res->text = wn_buf_slice(&pg->out);
    return WN_OK;
}

wn_status wn_extract_html(wn_extractor *x, const char *html, size_t n, const char *url,
                          size_t url_len, wn_extract_result *res)
{
    return extract(x, html, n, url, url_len, res, false);
}

wn_status wn_extract_html_valid(wn_extractor *x, const char *html, size_t n, const char *url,
                                size_t url_len, wn_extract_result *res)
{
    return extract(x, html, n, url, url_len, res, true);
}

uint64_t wn_extract_work(const wn_extractor *x)
{
    return x->page.work;
}

void wn_extract_profile(wn_extractor *x, wn_extract_prof *p)
{
    x->prof = p;
    x->meta.prof = p ? &p->meta : NULL;
}

wn_page *wn_extract_page(wn_extractor *x)
{
    return &x->page;
}
