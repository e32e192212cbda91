/* chain_stages.h: what `winnow run` / `winnow dedup` and the public API share, so that the
 * CLI and the library cannot drift: the stage list, built in one place
 * (src/api/chain_stages.c), so that the same option values give the same stages, in the same
 * order, with the same configs; and the passes of a dedup job (src/api/dedup_passes.c).
 *
 * The order: extraction (always: a no-op on text documents), cleaning, the --langid stage,
 * then the filter stages in the filter config's order (its langid stage among them). The
 * built-in decode stage is not listed: the pipeline runs it first, and so does a chain. */
#ifndef WINNOW_CHAIN_STAGES_H
#define WINNOW_CHAIN_STAGES_H

#include "winnow/internal.h"

#ifdef __cplusplus
extern "C" {
#endif

#define WN_CHAIN_STAGES_MAX 32

/* The filters' language stage (a preset's "langid"): its config made from the filter config's
 * lang_* keys and a loaded model. Self-contained: the language list points into lang_buf. */
typedef struct {
    wn_langid_config lid;
    const char *langs[16];
    char lang_buf[64];
} wn_chain_filter_langid;

/*! wn_chain_filter_langid_init() : lid from c->lang (threshold, languages split on ',' and
 * ' ', at most 16) and model m. */
void wn_chain_filter_langid_init(wn_chain_filter_langid *f, const wn_filters_config *c,
                                 const wn_langid_model *m);
/*! wn_chain_filters_need_model() : true when the filter config has a langid stage. */
bool wn_chain_filters_need_model(const wn_filters_config *c);

/* What to build; every pointer is borrowed and must outlive the stages' use. */
typedef struct {
    const wn_extract_opts *extract;        /* required */
    const wn_clean_opts *clean;            /* NULL: no cleaning */
    const wn_langid_config *lid;           /* NULL: no --langid stage */
    const wn_filters_config *filters;      /* NULL: no filters */
    const wn_langid_config *filter_lid;    /* required when the filters have a langid stage */
} wn_chain_spec;

/*! wn_chain_stages_build() : the stages of s, in order, into out (room for cap); WN_ERR_USAGE
 * when they do not fit, or when the filters' langid stage has no filter_lid. */
wn_status wn_chain_stages_build(const wn_chain_spec *s, wn_stage_ref *out, size_t cap, size_t *n);

/* ---- options -----------------------------------------------------------------------------
 * The CLI parses the options it shares with the library through wn_config_set (one parser,
 * src/api/config.c) and reads the settings back through this view: pointers into the config,
 * valid while it lives and is not changed. */
typedef struct {
    wn_reader_opts reader;                 /* format, fields, max_doc_bytes */
    unsigned threads;                      /* 0 = one per core */
    wn_codec compress;
    uint64_t shard_bytes;
    bool write_dropped;
    const char *dump;                      /* NULL: from a Common Crawl path (docs/output.md) */
    uint64_t limit;                        /* documents read at most; 0 = all */
    bool split_language;                   /* --split-by language */
    wn_layout layout;                      /* --layout */
    uint64_t checkpoint_bytes;             /* --checkpoint-every */
    const wn_extract_opts *extract;        /* .stopwords unset */
    const char *stopwords;                 /* NULL: the default places */
    bool clean;
    const wn_clean_opts *clean_opts;
    bool langid;
    const char *languages;                 /* the comma list as given, "" for none */
    const wn_langid_config *lid;           /* threshold, paragraph settings; pointers unset */
    const char *model;                     /* NULL: the default model */
    const wn_dedup_opts *dedup;            /* work_dir unset */
    bool do_dedup;                         /* "dedup" named methods */
} wn_config_view;

void wn_config_view_of(const wn_config *cfg, wn_config_view *v);

/* ---- the passes of a dedup job -----------------------------------------------------------
 * sign, resolve, apply, as `winnow run --dedup` (the stages given) and `winnow dedup` (no
 * stage) run them; the hooks (each may be NULL) name the passes to a progress log. */
typedef struct {
    void (*pass)(void *ud, const char *name, int index, int total);   /* a pass starts */
    void (*pass_end)(void *ud);
    void (*on_resolve)(void *ud, const char *step, uint64_t records);
    void *ud;
} wn_dedup_hooks;

/*! wn_dedup_resolve_timed() : the resolve pass (index of total): wn_dedup_resolve_comm with
 * the hooks told and its wall time added to timing (may be NULL) as "resolve". */
wn_status wn_dedup_resolve_timed(const char *work, uint64_t memory, const wn_comm *comm,
                                 wn_counters *stats, int index, int total,
                                 const wn_dedup_hooks *h, wn_run_timing *timing, char *err,
                                 size_t cap);
/*! wn_dedup_passes() : sign, resolve and apply over the inputs with the stages, into
 * cfg->out_dir, the work files in OUT/.dedup-work (o->work_dir is set to it for the call),
 * removed at the end (by rank 0 under MPI) when all went well. err says what failed. */
wn_status wn_dedup_passes(const wn_run_config *cfg, const wn_stage_ref *stages, size_t n_stages,
                          wn_dedup_opts *o, const char *const *inputs, size_t n_inputs,
                          const wn_dedup_hooks *h, wn_run_summary *sum, char *err, size_t cap);

#ifdef __cplusplus
}
#endif
#endif
