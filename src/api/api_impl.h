/* api_impl.h: what the files of the public API (src/api/, include/winnow.h) share: the error
 * setter, the config's contents, the document's, and the stage list a config builds.
 * Internal to module api; programs/ reach the stage builder through winnow/chain_stages.h. */
#ifndef WN_API_IMPL_H
#define WN_API_IMPL_H

#include <limits.h>
#include <stdatomic.h>
#include "winnow/internal.h"
#include "winnow/chain_stages.h"

/*! wn_api_error() : sets the calling thread's wn_last_error() and returns st (so that a
 * failing path is `return wn_api_error(WN_ERR_USAGE, "...")`). */
wn_status wn_api_error(wn_status st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define WN_API_PATH_CAP (PATH_MAX + 1)

/* Every option by name (config.c). Strings are kept inline, so that a config is copied by
 * assignment (a chain keeps its own copy) and pointers are made when a run is built. */
struct wn_config {
    /* input */
    char format[16], text_field[256], id_field[256], html_field[256];
    wn_remote_opts remote;     /* http-retries, http-timeout, http-backoff, s3-endpoint */
    size_t max_doc_bytes;
    /* extraction */
    wn_extract_opts extract;           /* .stopwords is set by the chain, never here */
    char stopwords[WN_API_PATH_CAP];   /* as set ("" fails to load, as in the CLI) */
    bool stopwords_set;                /* else the default places */
    /* cleaning */
    bool clean;
    wn_clean_opts clean_opts;
    /* language ID (the CLI's --langid family) */
    bool langid;
    char languages[1024];              /* comma list as given */
    wn_langid_config lid;              /* threshold and paragraph settings; pointers unset */
    char model[WN_API_PATH_CAP];       /* as set */
    bool model_set;                    /* else the default model */
    /* filters */
    wn_filters_config filters;
    bool explain;
    /* run */
    unsigned threads;
    wn_codec compress;
    uint64_t shard_bytes;
    bool write_dropped;
    char dump[WN_SCHEMA_DUMP_MAX];     /* metadata.dump ("" = from a Common Crawl path) */
    uint64_t limit;                    /* documents read at most (--limit); 0 = all */
    bool split_language;               /* --split-by language */
    wn_layout layout;                  /* --layout */
    uint64_t checkpoint_bytes;         /* --checkpoint-every */
    /* dedup */
    wn_dedup_opts dedup;               /* work_dir unset */
    bool do_dedup;
};

/* The i-th key of config.c's own table (with '_'), NULL past the end: docs and tests. */
const char *wn_api_config_key(size_t i);

/* The reader options of a config (pointers into cfg). */
void wn_api_reader_opts(const wn_config *cfg, wn_reader_opts *o);
/* The run options of a config (threads, codec, shards, reader) on top of the defaults. */
void wn_api_run_config(const wn_config *cfg, wn_run_config *rc);

/* What a chain loads once and shares with its clones (chain.c): the models and stop words,
 * reference-counted. */
typedef struct wn_api_shared {
    atomic_int refs;
    wn_langid_model *model;          /* --langid family */
    wn_langid_model *filter_model;   /* the filters' langid stage (a preset) */
    wn_stopwords *stopwords;
} wn_api_shared;

/* Loads what cfg names (messages in wn_last_error). */
wn_status wn_api_shared_load(const wn_config *cfg, wn_api_shared **out);
wn_api_shared *wn_api_shared_ref(wn_api_shared *s);
void wn_api_shared_unref(wn_api_shared *s);

/* The stage configs of a config with its loaded resources, and the list built from them by
 * wn_chain_stages_build (one source of truth with `winnow run`). */
typedef struct {
    wn_extract_opts extract;
    wn_clean_opts clean;
    wn_langid_config lid;
    const char *langs[513];      /* a 1023-byte list has at most 512 codes */
    char lang_buf[1024];
    wn_filters_config filters;
    wn_chain_filter_langid flid;
    wn_chain_spec spec;
    wn_stage_ref stages[WN_CHAIN_STAGES_MAX];
    size_t n_stages;
} wn_api_stages;

/* Fills st from cfg and sh (which must outlive st's use). */
wn_status wn_api_stages_build(wn_api_stages *st, const wn_config *cfg, const wn_api_shared *sh);

/* A pipeline over cfg's stages with run options rc (run.c): the shared resources and the
 * stage configs it borrows come with it; free all three with wn_api_pipeline_free. */
wn_status wn_api_pipeline_new(const wn_config *cfg, wn_run_config *rc, wn_api_shared **sh,
                              wn_api_stages **stages, wn_pipeline **p);
void wn_api_pipeline_free(wn_api_shared *sh, wn_api_stages *stages, wn_pipeline *p);

/* A document: the internal one (d points at own, or at a pipeline's document while a
 * callback borrows it), and the buffers of what the getters return. */
struct wn_document {
    wn_doc *d;
    wn_doc own;
    wn_buf json;        /* wn_document_to_json */
    wn_buf meta_json;   /* wn_document_get(METADATA) */
    /* wn_document_meta's answers, one NUL-terminated copy per key asked, each valid until
     * the document changes (wn_api_document_changed frees them) */
    struct wn_meta_cached { char *key, *val; size_t len; } *meta_vals;
    size_t n_meta_vals, cap_meta_vals;
    bool processed;     /* a chain ran on it: TEXT is the result */
    bool html_in;       /* it came in as a page: HTML is raw */
    wn_schema schema;   /* the last chain's (doc.h): its lines are that chain's run's */
};

/*! wn_api_doc_bound() : fails d as too_large when its bytes are over max_doc_bytes (the
 * readers' bound, "max-doc-size"); false when d is not (or no longer) kept. */
bool wn_api_doc_bound(wn_doc *d, size_t max_doc_bytes);

/* The document's content changes: what the getters lent is released. */
void wn_api_document_changed(wn_document *w);

/* A document wrapping a pipeline's (source and sink callbacks of wn_run). */
void wn_api_document_wrap(wn_document *w, wn_doc *d);
void wn_api_document_unwrap(wn_document *w);

#endif
