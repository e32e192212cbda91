/* filters_bench.c: single-thread speed of the quality filters and the share of documents each
 * rule drops, on a JSONL corpus of extracted text (bench/filters.sh makes one from
 * ../shared/data/trafilatura-eval).
 *
 * Each filter runs on every document independently (so every rule sees the whole corpus);
 * then the FineWeb order (Gopher repetition, Gopher quality, C4 without terminal punctuation,
 * FineWeb) runs as a chain, as in `--preset fineweb` without language ID, with the preset's
 * segmenter (spacy-en; BENCH_SEGMENTER=uax29 for the other), and the spaCy segmenter alone.
 * Every pass is repeated `reps` times and the fastest is reported (the machine is shared). With
 * a third argument, every decision is written to that file ("filter document reason [explain
 * values]", one line each, the chain as "chain"), so that two builds can be compared (a
 * speed-up must not change a decision). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "winnow/internal.h"
#include "text/seg_spacy_en.h"

typedef struct { char *text; size_t len; } text;

/* the CPU time of this (single) thread: on a machine shared with other work, wall time
 * counts the time others hold the core, CPU time only ours */
static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);   /* CPU time: the machine is shared */
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

typedef struct { const char *name; unsigned n; } count;

static void add(count *c, size_t *nc, const char *name)
{
    for (size_t i = 0; i < *nc; i++)
        if (!strcmp(c[i].name, name)) {
            c[i].n++;
            return;
        }
    c[(*nc)++] = (count){ name, 1 };
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: filters_bench FILE.jsonl [reps]\n");
        return 2;
    }
    int reps = argc > 2 ? atoi(argv[2]) : 3;
    FILE *dump = argc > 3 ? fopen(argv[3], "w") : NULL;
    if (argc > 3 && !dump) {
        perror(argv[3]);
        return 3;
    }
    wn_reader_opts ro;
    wn_reader_opts_default(&ro);
    ro.format = "jsonl";
    wn_reader *r;
    char err[512];
    if (wn_reader_open(&r, argv[1], 0, &ro, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return 3;
    }
    text *docs = NULL;
    size_t n = 0, cap = 0, bytes = 0;
    wn_doc d;
    wn_doc_init(&d, ro.max_doc_bytes);
    for (;;) {
        wn_doc_reset(&d);
        if (wn_reader_next(r, &d) != WN_OK)
            break;
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            docs = realloc(docs, cap * sizeof *docs);
        }
        wn_buf t;
        wn_buf_init(&t, WN_BUF_UNCAPPED);
        wn_utf8_repair(&t, d.raw.len ? d.raw.data : (d.text.data ? d.text.data : ""),
                       d.raw.len ? d.raw.len : d.text.len, NULL);
        docs[n].text = t.data ? t.data : calloc(1, 1);
        docs[n].len = t.len;
        bytes += t.len;
        n++;
    }
    wn_reader_close(r);

    wn_filters_config cfg;
    wn_filters_config_default(&cfg);
    /* words and sentences as the fineweb preset cuts them (BENCH_SEGMENTER=uax29 for the
     * other way); the corpus has no language metadata, so every document counts as English */
    const char *segname = getenv("BENCH_SEGMENTER") ? getenv("BENCH_SEGMENTER") : "spacy-en";
    char segerr[256];
    if (wn_filters_config_set(&cfg, "segmenter", segname, segerr, sizeof segerr)) {
        fprintf(stderr, "%s\n", segerr);
        return 2;
    }
    static const wn_filter_stage_id ids[5] = { WN_FSTAGE_GOPHER_REPETITION, WN_FSTAGE_GOPHER_QUALITY,
                                               WN_FSTAGE_C4, WN_FSTAGE_FINEWEB, WN_FSTAGE_PII };
    wn_fineweb_opts dummy;
    (void)dummy;
    printf("corpus: %s: %zu documents, %.2f MB of text; segmenter %s\n", argv[1], n,
           (double)bytes / 1e6, segname);
    double total_best = 0;
    for (int s = 0; s < 5; s++) {
        const void *oc;
        const wn_stage *st = wn_filter_stage(&cfg, ids[s], &oc);
        void *ctx;
        if (st->ctx_create(oc, &ctx))
            return 3;
        double best = 1e9;
        count c[64];
        size_t nc = 0;
        for (int rep = 0; rep < reps; rep++) {
            nc = 0;
            double t0 = now();
            wn_counters cn = { 0 };
            for (size_t i = 0; i < n; i++) {
                wn_doc_reset(&d);
                wn_buf_set(&d.text, docs[i].text, docs[i].len);
                st->process(ctx, &d, &cn);
                add(c, &nc, d.status == WN_DOC_DROPPED ? d.reason : "kept");
                if (dump && rep == 0)
                    fprintf(dump, "%s %zu %s %.*s\n", st->name, i,
                            d.status == WN_DOC_DROPPED ? d.reason : d.status == WN_DOC_KEPT ? "kept" : "failed",
                            (int)d.text.len, ids[s] == WN_FSTAGE_C4 || ids[s] == WN_FSTAGE_PII ? d.text.data : "");
            }
            double t = now() - t0;
            if (t < best)
                best = t;
            wn_counters_free(&cn);
        }
        st->ctx_free(ctx);
        total_best += best;
        printf("\n%-18s %7.1f MB/s  (%.3f s)\n", st->name, (double)bytes / 1e6 / best, best);
        for (size_t i = 0; i < nc; i++)
            printf("  %-30s %5u  %5.1f %%\n", c[i].name, c[i].n, 100.0 * c[i].n / (double)n);
    }
    printf("\nall five filters, each on every document: %.1f MB/s per core (%.3f s for %.2f MB)\n",
           (double)bytes / 1e6 / total_best, total_best, (double)bytes / 1e6);

    /* the FineWeb chain (without language ID) */
    cfg.c4.filter_no_terminal_punct = false;
    void *ctx[4];
    const wn_stage *st[4];
    for (int s = 0; s < 4; s++) {
        const void *oc;
        st[s] = wn_filter_stage(&cfg, ids[s], &oc);
        if (st[s]->ctx_create(oc, &ctx[s]))
            return 3;
    }
    double best = 1e9;
    count c[64];
    size_t nc = 0;
    for (int rep = 0; rep < reps; rep++) {
        nc = 0;
        double t0 = now();
        wn_counters cn = { 0 };
        for (size_t i = 0; i < n; i++) {
            wn_doc_reset(&d);
            wn_buf_set(&d.text, docs[i].text, docs[i].len);
            for (int s = 0; s < 4 && d.status == WN_DOC_KEPT; s++)
                st[s]->process(ctx[s], &d, &cn);
            add(c, &nc, d.status == WN_DOC_DROPPED ? d.reason : "kept");
            if (dump && rep == 0)
                fprintf(dump, "chain %zu %s\n", i,
                        d.status == WN_DOC_DROPPED ? d.reason : d.status == WN_DOC_KEPT ? "kept" : "failed");
        }
        double t = now() - t0;
        if (t < best)
            best = t;
        wn_counters_free(&cn);
    }
    printf("\nFineWeb chain (gopher_repetition, gopher_quality, c4 without terminal punct, fineweb): "
           "%.1f MB/s per core (%.3f s)\n", (double)bytes / 1e6 / best, best);
    for (size_t i = 0; i < nc; i++)
        printf("  %-30s %5u  %5.1f %%\n", c[i].name, c[i].n, 100.0 * c[i].n / (double)n);
    for (int s = 0; s < 4; s++)
        st[s]->ctx_free(ctx[s]);
    /* every measured value too (--explain), each filter on every document */
    if (dump) {
        wn_filters_config_default(&cfg);
        wn_filters_config_set(&cfg, "segmenter", segname, segerr, sizeof segerr);
        cfg.gopher_rep.explain = cfg.gopher_quality.explain = cfg.c4.explain = cfg.fineweb.explain = true;
        for (int s = 0; s < 4; s++) {
            const void *oc;
            const wn_stage *es = wn_filter_stage(&cfg, ids[s], &oc);
            void *ectx;
            if (es->ctx_create(oc, &ectx))
                return 3;
            for (size_t i = 0; i < n; i++) {
                wn_doc_reset(&d);
                wn_buf_set(&d.text, docs[i].text, docs[i].len);
                wn_counters ecn = { 0 };
                es->process(ectx, &d, &ecn);
                wn_counters_free(&ecn);
                wn_slice m = wn_doc_meta_get(&d, "filters");
                fprintf(dump, "explain %s %zu %.*s\n", es->name, i, (int)m.len, m.ptr ? m.ptr : "");
            }
            es->ctx_free(ectx);
        }
    }

    /* the spaCy English segmenter alone (--segmenter spacy-en): tokens and sentences */
    wn_spacy_en *seg;
    if (wn_spacy_en_create(&seg))
        return 3;
    best = 1e9;
    size_t ntok = 0;
    for (int rep = 0; rep < reps; rep++) {
        double t0 = now();
        ntok = 0;
        for (size_t i = 0; i < n; i++) {
            const wn_stok *tk;
            size_t nt;
            if (wn_spacy_en_tokenize(seg, docs[i].text, docs[i].len, &tk, &nt) == WN_OK)
                ntok += nt;
        }
        double t = now() - t0;
        if (t < best)
            best = t;
    }
    wn_spacy_en_free(seg);
    printf("\nspaCy English segmenter (tokens + sentences): %.1f MB/s per core (%.3f s, %zu tokens)\n",
           (double)bytes / 1e6 / best, best, ntok);
    for (size_t i = 0; i < n; i++)
        free(docs[i].text);
    free(docs);
    if (dump)
        fclose(dump);
    wn_doc_free(&d);
    return 0;
}
