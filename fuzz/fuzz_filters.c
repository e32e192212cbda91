/* fuzz_filters.c: libFuzzer target for the quality filters and PII: any bytes, made valid
 * UTF-8 as the decode stage does, go through every filter stage (with --explain) and the PII
 * redactor; no crash, and the same verdict, text and metadata twice in a row. */
#include <stdlib.h>
#include <string.h>
#include "winnow/internal.h"

static void run_all(const wn_filters_config *cfg, const char *text, size_t len, wn_doc *d,
                    void **ctx, wn_buf *summary)
{
    wn_doc_reset(d);
    wn_buf_set(&d->text, text, len);
    wn_counters cn = { 0 };
    for (int id = WN_FSTAGE_GOPHER_REPETITION; id < WN_FSTAGE_COUNT; id++) {
        const void *oc;
        const wn_stage *st = wn_filter_stage(cfg, (wn_filter_stage_id)id, &oc);
        if (d->status == WN_DOC_KEPT)
            st->process(ctx[id], d, &cn);
    }
    wn_counters_free(&cn);
    wn_buf_reset(summary);
    wn_buf_printf(summary, "%d %s\n", (int)d->status, d->reason ? d->reason : "-");
    wn_buf_append(summary, d->text.data ? d->text.data : "", d->text.len);
    wn_slice m = wn_doc_meta_get(d, "filters");
    if (m.ptr)
        wn_buf_append(summary, m.ptr, m.len);
    if (d->status == WN_DOC_KEPT && !wn_utf8_valid(d->text.data ? d->text.data : "", d->text.len))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wn_filters_config cfg;
    wn_filters_config_default(&cfg);
    char err[128];
    wn_filters_config_set(&cfg, "explain", "true", err, sizeof err);
    /* small documents reach the late rules more often */
    cfg.gopher_quality.min_doc_words = 1;
    cfg.c4.min_num_sentences = 1;
    wn_buf text;
    wn_buf_init(&text, WN_BUF_UNCAPPED);
    wn_utf8_repair(&text, (const char *)data, size, NULL);
    void *ctx[WN_FSTAGE_COUNT] = { 0 };
    for (int id = WN_FSTAGE_GOPHER_REPETITION; id < WN_FSTAGE_COUNT; id++) {
        const void *oc;
        const wn_stage *st = wn_filter_stage(&cfg, (wn_filter_stage_id)id, &oc);
        if (st->ctx_create(oc, &ctx[id]) != WN_OK)
            abort();
    }
    wn_doc d;
    wn_doc_init(&d, 1 << 20);
    wn_buf a, b;
    wn_buf_init(&a, WN_BUF_UNCAPPED);
    wn_buf_init(&b, WN_BUF_UNCAPPED);
    run_all(&cfg, text.data ? text.data : "", text.len, &d, ctx, &a);
    run_all(&cfg, text.data ? text.data : "", text.len, &d, ctx, &b);
    if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0)
        abort();
    for (int id = WN_FSTAGE_GOPHER_REPETITION; id < WN_FSTAGE_COUNT; id++) {
        const void *oc;
        wn_filter_stage(&cfg, (wn_filter_stage_id)id, &oc)->ctx_free(ctx[id]);
    }
    wn_buf_free(&a);
    wn_buf_free(&b);
    wn_buf_free(&text);
    wn_doc_free(&d);
    return 0;
}
