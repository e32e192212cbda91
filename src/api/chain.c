/* chain.c: wn_chain, the stages of `winnow run` on one document at a time: the built-in
 * decode stage first (as the pipeline runs it), then the stages the config builds
 * (wn_chain_stages_build, shared with the CLI), each only while the document is kept. */
#include <string.h>
#include "api/api_impl.h"

struct wn_chain {
    wn_config cfg;
    wn_api_shared *shared;
    wn_api_stages stages;                   /* configs point into this struct: heap, never moved */
    void *ctx[WN_CHAIN_STAGES_MAX];
    wn_counters counters;                   /* what the stages count; not reported */
    wn_schema schema;                       /* the metadata keys of its lines, as a run's */
};

void wn_chain_free(wn_chain *ch)
{
    if (!ch)
        return;
    for (size_t i = 0; i < ch->stages.n_stages; i++)
        if (ch->ctx[i] && ch->stages.stages[i].stage->ctx_free)
            ch->stages.stages[i].stage->ctx_free(ch->ctx[i]);
    wn_counters_free(&ch->counters);
    wn_api_shared_unref(ch->shared);
    wn_free(ch);
}

/* A chain over cfg with sh (a reference taken here). */
static wn_status chain_make(wn_chain **out, const wn_config *cfg, wn_api_shared *sh)
{
    wn_chain *ch = wn_calloc(1, sizeof *ch);
    if (!ch)
        return wn_api_error(WN_ERR_NOMEM, "chain: out of memory");
    ch->cfg = *cfg;
    ch->shared = wn_api_shared_ref(sh);
    wn_status st = wn_api_stages_build(&ch->stages, &ch->cfg, sh);
    /* the keys `winnow run` with this config writes (pipeline.c builds it from the same stages) */
    wn_schema_init(&ch->schema, ch->cfg.dump[0] ? ch->cfg.dump : NULL);
    for (size_t i = 0; !st && i < ch->stages.n_stages; i++)
        wn_schema_add_stage(&ch->schema, ch->stages.stages[i].stage, ch->stages.stages[i].config);
    for (size_t i = 0; !st && i < ch->stages.n_stages; i++) {
        const wn_stage *s = ch->stages.stages[i].stage;
        if (s->ctx_create && (st = s->ctx_create(ch->stages.stages[i].config, &ch->ctx[i])))
            wn_api_error(st, "chain: stage %s cannot start: %s", s->name, wn_strerror(st));
    }
    if (st) {
        wn_chain_free(ch);
        return st;
    }
    *out = ch;
    return WN_OK;
}

wn_status wn_chain_new(wn_chain **out, const wn_config *cfg)
{
    if (!out)
        return wn_api_error(WN_ERR_USAGE, "wn_chain_new: out is NULL");
    *out = NULL;
    if (!cfg)
        return wn_api_error(WN_ERR_USAGE, "wn_chain_new: cfg is NULL");
    wn_api_shared *sh;
    wn_status st = wn_api_shared_load(cfg, &sh);
    if (st)
        return st;
    st = chain_make(out, cfg, sh);
    wn_api_shared_unref(sh);
    return st;
}

wn_status wn_chain_clone(wn_chain **out, const wn_chain *src)
{
    if (!out)
        return wn_api_error(WN_ERR_USAGE, "wn_chain_clone: out is NULL");
    *out = NULL;
    if (!src)
        return wn_api_error(WN_ERR_USAGE, "wn_chain_clone: src is NULL");
    return chain_make(out, &src->cfg, src->shared);
}

bool wn_api_doc_bound(wn_doc *d, size_t max_doc_bytes)
{
    if (d->status != WN_DOC_KEPT)
        return false;
    /* the reader's bound (max-doc-size): a larger record fails as it would in `winnow run`,
     * with nothing of it kept */
    if (d->raw.len > max_doc_bytes || d->text.len > max_doc_bytes) {
        wn_doc_fail(d, "too_large", "%s: record %llu: %zu bytes, over max-doc-size %zu",
                    d->source.len ? d->source.data : "-", (unsigned long long)d->record_index,
                    d->raw.len > d->text.len ? d->raw.len : d->text.len, max_doc_bytes);
        wn_buf_reset(&d->raw);
        wn_buf_reset(&d->text);
        return false;
    }
    return true;
}

wn_status wn_chain_process(wn_chain *ch, wn_document *w)
{
    if (!ch || !w)
        return wn_api_error(WN_ERR_USAGE, "wn_chain_process: NULL argument");
    wn_doc *d = w->d;
    wn_api_document_changed(w);
    /* a copy: the document may outlive the chain; failed ones too carry the run's keys */
    w->schema = ch->schema;
    d->schema = &w->schema;
    if (d->status != WN_DOC_KEPT)
        return WN_OK;
    if (w->processed) {
        /* the output of another chain (or of this one again): its text is the input now, as a
         * text document; decoding the page or the old input again would undo the stages */
        if (wn_buf_set(&d->raw, d->text.data ? d->text.data : "", d->text.len))
            return wn_api_error(WN_ERR_NOMEM, "chain: out of memory");
        wn_buf_reset(&d->text);
        d->kind = WN_KIND_TEXT;
        w->html_in = false;
    }
    w->processed = true;
    if (!wn_api_doc_bound(d, ch->cfg.max_doc_bytes))
        return WN_OK;
    wn_stage_decode.process(NULL, d, &ch->counters);
    for (size_t i = 0; i < ch->stages.n_stages && d->status == WN_DOC_KEPT; i++)
        ch->stages.stages[i].stage->process(ch->ctx[i], d, &ch->counters);
    /* the counts are not reported by a chain: a name that found no memory costs nothing */
    ch->counters.lost = 0;
    return WN_OK;
}
