/* doc.h: the document that flows through the pipeline, its metadata, and the stage type that
 * processes one document (below every module that touches documents: docs/layers.txt).
 *
 * DESIGN: a document's identity is its position (input index, record index), assigned when it
 * is read; outputs are written in that order, which makes them identical for any -j. Every
 * document leaves the pipeline with exactly one status: kept, dropped with a reason, or failed
 * with an error name. A wn_doc is reused: wn_doc_reset() keeps its memory for the next record. */
#ifndef WINNOW_DOC_H
#define WINNOW_DOC_H

#include "winnow/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* wn_doc_status (kept, dropped, failed) is the public API's (winnow.h). */

/* What the reader found; later stages pick their work by it. */
typedef enum {
    WN_KIND_TEXT = 0,  /* raw holds UTF-8 (or near) text */
    WN_KIND_HTML = 1,  /* raw holds an HTML page in some charset */
} wn_doc_kind;

/* Metadata: an ordered list of key -> JSON value (already encoded). Setting a key twice keeps
 * its first position and replaces the value. */
typedef struct {
    uint32_t key_off, key_len;
    uint32_t val_off, val_len;
} wn_meta_entry;

typedef struct wn_doc {
    uint32_t input_index;   /* which input (file) in the run */
    uint64_t record_index;  /* which record inside it, from 0 */

    wn_buf id;              /* from the input when it has one, else "<source>/<record>" */
    wn_buf source;          /* the input path, or "-" */
    wn_buf url;
    wn_buf raw;             /* bytes as read (HTML page, or text before cleaning) */
    wn_buf text;            /* UTF-8 text, what is written out */
    wn_doc_kind kind;
    wn_buf content_type;    /* e.g. "text/html; charset=utf-8" when known */

    wn_buf meta_bytes;      /* backing store of meta keys and values */
    wn_meta_entry *meta;
    size_t meta_count, meta_cap;

    wn_doc_status status;
    const char *reason;     /* static name: drop reason or error ("too_large", "language") */
    wn_buf detail;          /* optional message for failed documents (offset, what) */

    /* The run's metadata schema (wn_doc_to_json), set by whoever serialises the document (the
     * pipeline, a chain); NULL = the metadata as set. Not cleared by wn_doc_reset. */
    const struct wn_schema *schema;

    uint64_t bytes_in;      /* size of the record as read, for stats */
    uint64_t utf8_replaced; /* invalid UTF-8 sequences replaced by U+FFFD while reading */
} wn_doc;

/* The largest document a reader may be told to accept (--max-doc-bytes is checked against it):
 * a document's offsets are 32-bit (wn_meta_entry). Buffers that hold one document's text, or
 * something derived from it, are capped by this until they learn the document's own cap. */
#define WN_DOC_BYTES_MAX ((size_t)1 << 31)

/* A document's metadata (all its JSON values together): anything larger is a hostile record. */
#define WN_DOC_META_MAX ((size_t)16 << 20)

/* A document's output line (wn_doc_to_json): every byte of its text escaped as \u00XX at
 * worst, its metadata as it is, and its small fields (id, source, url...) escaped. */
#define WN_DOC_JSON_MAX (6 * WN_DOC_BYTES_MAX + WN_DOC_META_MAX + ((size_t)1 << 20))

/*! wn_doc_init() : prepares a document whose text may grow to max_bytes. */
wn_status wn_doc_init(wn_doc *d, size_t max_bytes);
void wn_doc_reset(wn_doc *d);
void wn_doc_free(wn_doc *d);

/*! wn_doc_drop() / wn_doc_fail() : set the outcome once; the first reason wins, so a later
 * stage cannot overwrite why a document left. `reason` must be a static string. */
void wn_doc_drop(wn_doc *d, const char *reason);
void wn_doc_fail(wn_doc *d, const char *error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Metadata setters; values are encoded to JSON here. Return WN_ERR_TOO_LARGE past the cap. */
wn_status wn_doc_meta_set_str(wn_doc *d, const char *key, const char *val, size_t len);
wn_status wn_doc_meta_set_num(wn_doc *d, const char *key, double val);
wn_status wn_doc_meta_set_int(wn_doc *d, const char *key, int64_t val);
wn_status wn_doc_meta_set_bool(wn_doc *d, const char *key, bool val);
/*! wn_doc_meta_set_json() : value is already valid JSON (object, array, literal). */
wn_status wn_doc_meta_set_json(wn_doc *d, const char *key, const char *json, size_t len);
/*! wn_doc_meta_get() : the JSON-encoded value of key, or {NULL,0}. Valid until next set/reset. */
wn_slice wn_doc_meta_get(const wn_doc *d, const char *key);
/*! wn_doc_meta_get_str() : decodes a string value into dst; false when absent or not a string. */
bool wn_doc_meta_get_str(const wn_doc *d, const char *key, wn_buf *dst);

/*! wn_doc_to_json() : appends the document as one JSON line (with '\n'):
 * {"id","text","source","url","metadata":{...}} plus "status" and "reason" when not kept. */
wn_status wn_doc_to_json(const wn_doc *d, wn_buf *out);
/*! wn_doc_to_dolma_json() : appends a kept document as one line of dolma's document shape
 * (docs/output.md): {"id","text","source","added","created","metadata"}: `added` is the run's
 * time (ISO-8601), `created` metadata.date when it is a string, else "", and metadata is the
 * schema's object with "url" first. */
wn_status wn_doc_to_dolma_json(const wn_doc *d, const char *added, wn_buf *out);
/*! wn_doc_meta_to_json() : appends the line's "metadata" object: d->schema's keys in order
 * (null where unset; file_path and dump from the run), then the document's other keys. */
wn_status wn_doc_meta_to_json(const wn_doc *d, wn_buf *out);

/* ---- stages ------------------------------------------------------------------------------------ */
/* One step applied to each document; modules (html, text, lang, filter) define theirs and the
 * pipeline (pipeline.h) runs them on its worker threads. */
typedef struct wn_stage {
    const char *name;
    /* Creates one worker's context from the stage's config (may be NULL for no context).
     * Called once per worker before any document. */
    wn_status (*ctx_create)(const void *config, void **ctx);
    void (*ctx_free)(void *ctx);
    /* Processes one kept document: may change its text and metadata, or drop/fail it.
     * Runs only on documents still kept. */
    void (*process)(void *ctx, wn_doc *d, wn_counters *c);
    /* The metadata keys this stage may set with this config, in order (docs/output.md); NULL
     * when it sets none. Returns how many it wrote into keys (static strings). */
    size_t (*meta_keys)(const void *config, const char **keys, size_t cap);
} wn_stage;

/* ---- one schema per run (docs/output.md) -------------------------------------------------------
 * Every line of a run carries the same metadata keys in the same order, null where a document
 * has no value: the keys are decided once, before the first document, from the stage list (each
 * stage's meta_keys) and the run's options, never from the documents. Keys a document has that
 * the schema does not name (a JSONL input's own fields) follow, in the order they were set. */
#define WN_SCHEMA_MAX 48
#define WN_SCHEMA_DUMP_MAX 128
typedef struct wn_schema {
    size_t n;
    const char *keys[WN_SCHEMA_MAX];   /* static strings */
    char dump[WN_SCHEMA_DUMP_MAX];     /* --dump; "" = from a Common Crawl path, else null */
} wn_schema;

/*! wn_schema_init() : the keys of every run (the readers': file_path, dump, date, WARC's). */
void wn_schema_init(wn_schema *s, const char *dump);
/*! wn_schema_add() : appends key unless present (key must be a static string). */
void wn_schema_add(wn_schema *s, const char *key);
/*! wn_schema_add_stage() : appends the keys a stage may set with config. */
void wn_schema_add_stage(wn_schema *s, const wn_stage *stage, const void *config);
/*! wn_schema_dump_of() : the Common Crawl dump named in path ("crawl-data/CC-MAIN-2024-10/..."
 * -> "CC-MAIN-2024-10"), or an empty slice. */
wn_slice wn_schema_dump_of(const char *path, size_t len);

#ifdef __cplusplus
}
#endif
#endif
