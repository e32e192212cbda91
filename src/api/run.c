/* run.c: wn_run, the threaded pipeline of `winnow run` between a caller's source and sink
 * callbacks (the pipeline's source and sink, winnow/pipeline.h): the same stages as a chain
 * (shared.c, chain_stages.c), the same batches, workers and ordered writer as the CLI. */
#include <string.h>
#include "api/api_impl.h"

typedef struct {
    const wn_config *cfg;
    wn_source_fn source;
    wn_sink_fn sink;
    void *ud;
} run_io;

/* The pipeline's documents are lent to the caller's callbacks as wn_documents. */
static wn_status source_cb(void *io_ud, wn_doc *d)
{
    run_io *io = io_ud;
    wn_document w;
    wn_api_document_wrap(&w, d);
    wn_status st = io->source(io->ud, &w);
    wn_api_document_unwrap(&w);
    if (!st)
        wn_api_doc_bound(d, io->cfg->max_doc_bytes);   /* as a chain: before decoding */
    return st;
}

static wn_status sink_cb(void *io_ud, wn_doc *d)
{
    run_io *io = io_ud;
    wn_document w;
    wn_api_document_wrap(&w, d);
    w.processed = true;
    wn_status st = io->sink(io->ud, &w);
    wn_api_document_unwrap(&w);
    return st;
}

wn_status wn_api_pipeline_new(const wn_config *cfg, wn_run_config *rc, wn_api_shared **sh,
                              wn_api_stages **stages, wn_pipeline **p)
{
    *sh = NULL;
    *stages = NULL;
    *p = NULL;
    wn_status st = wn_api_shared_load(cfg, sh);
    if (st)
        return st;
    *stages = wn_calloc(1, sizeof **stages);
    if (!*stages)
        return wn_api_error(WN_ERR_NOMEM, "run: out of memory");
    if ((st = wn_api_stages_build(*stages, cfg, *sh)))
        return st;
    if ((st = wn_pipeline_create(p, rc)))
        return wn_api_error(st, "run: cannot create the pipeline: %s", wn_strerror(st));
    for (size_t i = 0; i < (*stages)->n_stages; i++)
        if ((st = wn_pipeline_add_stage(*p, (*stages)->stages[i].stage, (*stages)->stages[i].config)))
            return wn_api_error(st, "run: too many stages");
    return WN_OK;
}

void wn_api_pipeline_free(wn_api_shared *sh, wn_api_stages *stages, wn_pipeline *p)
{
    wn_pipeline_free(p);
    wn_free(stages);
    wn_api_shared_unref(sh);
}

static void counts_of(const wn_run_summary *s, wn_counts *c)
{
    if (c)
        *c = (wn_counts){ s->in, s->kept, s->dropped, s->failed };
}

wn_status wn_run(const wn_config *cfg, wn_source_fn source, wn_sink_fn sink, void *ud,
                 wn_counts *counts)
{
    if (counts)
        memset(counts, 0, sizeof *counts);
    if (!cfg || !source || !sink)
        return wn_api_error(WN_ERR_USAGE, "wn_run: NULL argument");
    run_io io = { cfg, source, sink, ud };
    wn_run_config rc;
    wn_api_run_config(cfg, &rc);
    rc.write_outputs = false;
    /* documents take what the caller sets; the max-doc-size bound is checked after the
     * source, as in a chain */
    rc.reader.max_doc_bytes = WN_DOC_BYTES_MAX;
    rc.source = source_cb;
    rc.sink = sink_cb;
    rc.io_ud = &io;
    wn_api_shared *sh;
    wn_api_stages *stages;
    wn_pipeline *p;
    wn_status st = wn_api_pipeline_new(cfg, &rc, &sh, &stages, &p);
    if (!st) {
        wn_run_summary sum;
        memset(&sum, 0, sizeof sum);
        st = wn_pipeline_run(p, NULL, 0, &sum);
        counts_of(&sum, counts);
        if (st)
            wn_api_error(st, "run: %s", wn_pipeline_error(p)[0] ? wn_pipeline_error(p) : wn_strerror(st));
    }
    wn_api_pipeline_free(sh, stages, p);
    return st;
}
