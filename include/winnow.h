/* winnow.h: the public, stable C API of libwinnow: web pages and text in, clean,
 * language-labelled, filtered documents out.
 *
 * This is the only header installed and the only one whose functions libwinnow.so exports
 * (every declaration carries WN_API; the rest of the library is built with hidden visibility).
 * It does not include any internal header, and no type here exposes a field that may change:
 * handles are opaque and options are set by name, so a new option never breaks a caller
 * compiled against an older header (the ABI only grows; WN_VERSION_MAJOR changes if it must
 * break).
 *
 * ---- Conventions, stated once -------------------------------------------------------------
 * Errors: every function that can fail returns a wn_status (0 = WN_OK). On failure the
 *   calling thread's last error message, naming what and where ("model.bin: offset 1234:
 *   truncated"), is returned by wn_last_error() until the thread's next failing call. A handle
 *   is never left half-built: a constructor that fails sets *out to NULL.
 * Options: a wn_config holds every setting by name: the long option names of the `winnow`
 *   CLI ("languages", "extract-format", "gopher-min-doc-words"; '_' and '-' are the same),
 *   with their values as text, exactly as on a command line. Unknown keys and bad values fail
 *   at wn_config_set with a message saying what the key takes. docs/api.md lists the keys.
 * Ownership: a pointer returned by a wn_*_new/open function is owned by the caller and freed
 *   by the matching wn_*_free (NULL is a no-op). Strings and byte ranges returned by getters
 *   are borrowed: they live until the next call that changes the handle, or its free. Every
 *   pointer passed in is borrowed for the duration of the call only, unless said otherwise.
 * Text: byte ranges (const char *, size_t), UTF-8; not NUL-terminated unless said. Output
 *   text is always valid UTF-8.
 * Threads: the library has no global state to initialise. A wn_config may be read by any
 *   number of threads once no thread changes it. A wn_chain, wn_document or wn_input is used
 *   by one thread at a time; make one per thread (wn_chain_clone shares the loaded model and
 *   stop words). A wn_lang_model is immutable after open: any number of threads may predict
 *   with it at once.
 * Determinism: results depend only on the input and the config, never on threads, timing
 *   or the machine: the same document gives the same bytes through wn_chain_process, through
 *   wn_run with any number of threads, and through the `winnow` CLI. */
#ifndef WINNOW_H
#define WINNOW_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#  define WN_API __attribute__((visibility("default")))
#else
#  define WN_API
#endif

/* ---- version ---------------------------------------------------------------------------- */
#define WN_VERSION_MAJOR 0
#define WN_VERSION_MINOR 2
#define WN_VERSION_PATCH 0
#define WN_VERSION_NUMBER (WN_VERSION_MAJOR * 10000 + WN_VERSION_MINOR * 100 + WN_VERSION_PATCH)
#define WN_VERSION_STR2(x) #x
#define WN_VERSION_STR(x) WN_VERSION_STR2(x)
#define WN_VERSION_STRING WN_VERSION_STR(WN_VERSION_MAJOR) "." WN_VERSION_STR(WN_VERSION_MINOR) \
                          "." WN_VERSION_STR(WN_VERSION_PATCH)

/*! wn_version_number() : WN_VERSION_NUMBER of the library actually linked (compare it with
 * the header's to detect a mismatch at run time). */
WN_API unsigned wn_version_number(void);
/*! wn_version_string() : "MAJOR.MINOR.PATCH" of the library linked. Static storage. */
WN_API const char *wn_version_string(void);

/* ---- status -----------------------------------------------------------------------------
 * Stable numbers: never renumbered, only appended. */
typedef enum {
    WN_OK = 0,
    WN_END = 1,            /* no more documents (wn_input_next, a source callback): not an error */
    WN_ERR_NOMEM = 2,      /* an allocation failed */
    WN_ERR_IO = 3,         /* open/read/write failed (the system's message in wn_last_error) */
    WN_ERR_FORMAT = 4,     /* the bytes do not follow the format (bad JSON, bad header) */
    WN_ERR_TOO_LARGE = 5,  /* input or output over a size bound */
    WN_ERR_TRUNCATED = 6,  /* input ended inside a record or compressed frame */
    WN_ERR_USAGE = 7,      /* a bad argument, key or value */
    WN_ERR_UNSUPPORTED = 8,/* a valid but unsupported variant (version, codec) */
    WN_ERR_CORRUPT = 9,    /* checksum or consistency check failed */
    WN_ERR_TOO_DEEP = 10,  /* nesting deeper than the bound */
    WN_ERR_TOO_MANY_ELEMENTS = 11, /* more elements than the bound per byte of input */
    WN_ERR_CALLBACK = 12,  /* a caller's callback returned an error: the run stopped */
} wn_status;

/*! wn_strerror() : a short stable name for a status, e.g. "too_large". Never NULL. */
WN_API const char *wn_strerror(wn_status st);
/*! wn_last_error() : the message of the calling thread's last failing call ("" if none).
 * Thread-local storage; valid until that thread's next failing call. */
WN_API const char *wn_last_error(void);

/* ---- configuration ----------------------------------------------------------------------
 * What a chain, a run or an input does, set by name. A new config does what `winnow run`
 * does with no option: HTML pages go through extraction, text is kept as read, no language
 * ID, no filters. */
typedef struct wn_config wn_config;

WN_API wn_status wn_config_new(wn_config **out);
WN_API void wn_config_free(wn_config *cfg);
/*! wn_config_set() : sets one option by its CLI long name. Flags take "true"/"false" (also
 * yes/no/1/0); "preset" ("fineweb", "gopher", "c4") and "config" (a `key = value` file)
 * apply at once and may be followed by any override. WN_ERR_USAGE for an unknown key or a
 * bad value (wn_last_error says what the key takes). */
WN_API wn_status wn_config_set(wn_config *cfg, const char *key, const char *value);
/*! wn_config_has_key() : 1 when key names an option wn_config_set accepts, else 0. */
WN_API int wn_config_has_key(const char *key);

/* ---- documents ----------------------------------------------------------------------------
 * A document: what goes into a chain and what comes out of it, with the fields of the CLI's
 * output lines (datatrove's Document: text, id, metadata; plus source and url). */
typedef struct wn_document wn_document;

typedef enum {
    WN_FIELD_TEXT = 0,     /* the text (in: plain text to process; out: the result) */
    WN_FIELD_HTML = 1,     /* in: an HTML page (any charset: detected) to extract */
    WN_FIELD_ID = 2,
    WN_FIELD_URL = 3,
    WN_FIELD_SOURCE = 4,   /* where it came from (a path), as in output lines */
    WN_FIELD_METADATA = 5, /* a JSON object: in, initial metadata; out, all of it */
    WN_FIELD_CONTENT_TYPE = 6, /* in: e.g. "text/html; charset=windows-1252" (a charset hint) */
    WN_FIELD_ERROR = 7,    /* out: a FAILED document's error, naming file, offset and what went
                              wrong (the "error" of the CLI's output lines); "" otherwise */
} wn_field;

typedef enum {
    WN_DOC_KEPT = 0,
    WN_DOC_DROPPED = 1,    /* a filter or stage refused it: wn_document_reason says which */
    WN_DOC_FAILED = 2,     /* it could not be processed: the reason is the error's name */
} wn_doc_status;

WN_API wn_status wn_document_new(wn_document **out);
WN_API void wn_document_free(wn_document *d);
/*! wn_document_reset() : empties every field and the outcome, keeping memory for the next. */
WN_API void wn_document_reset(wn_document *d);
/*! wn_document_set() : copies [p, p+n) into a field. Setting WN_FIELD_HTML makes the
 * document a page to extract, WN_FIELD_TEXT a text; the last of the two set wins.
 * WN_ERR_FORMAT when METADATA is not a JSON object, WN_ERR_TOO_LARGE past 2 GiB. */
WN_API wn_status wn_document_set(wn_document *d, wn_field f, const char *p, size_t n);
/*! wn_document_get() : a field's bytes (n set to its length; "" when empty). HTML is the page
 * of a document that came in as one (set, or read by wn_input), "" for a text. For METADATA,
 * the JSON object of every metadata key (title, author, date, language, language_score...).
 * Borrowed: valid until the document changes. */
WN_API const char *wn_document_get(const wn_document *d, wn_field f, size_t *n);
/*! wn_document_meta() : one metadata value decoded when it is a JSON string, else its JSON
 * text (numbers, objects); NULL when absent. NUL-terminated; *n may be NULL. Borrowed. */
WN_API const char *wn_document_meta(const wn_document *d, const char *key, size_t *n);
WN_API wn_doc_status wn_document_status(const wn_document *d);
/*! wn_document_reason() : why it was dropped or failed ("language", "gopher_short_doc",
 * "no_content", "too_large"...), NULL when kept. Static storage. */
WN_API const char *wn_document_reason(const wn_document *d);
/*! wn_document_to_json() : the document as the CLI writes it in its shards: one JSON line
 * {"id","text","source","url","metadata"} (plus "status" and "reason" when not kept), with
 * its '\n'. Borrowed: valid until the document changes. */
WN_API const char *wn_document_to_json(wn_document *d, size_t *n);

/* ---- chains: the configured stages, on one document at a time ---------------------------
 * A chain builds once what its config asks for (extraction, cleaning, language ID and its
 * model, filters, PII) and then runs those stages on any number of documents, in place. */
typedef struct wn_chain wn_chain;

/*! wn_chain_new() : loads what the config names (language model, stop words): WN_ERR_IO /
 * WN_ERR_FORMAT with the file in wn_last_error when they cannot be read. The config is
 * copied; it may be freed or changed afterwards. */
WN_API wn_status wn_chain_new(wn_chain **out, const wn_config *cfg);
/*! wn_chain_clone() : a chain for another thread, sharing src's loaded model and stop words
 * (reference-counted: free the chains in any order). */
WN_API wn_status wn_chain_clone(wn_chain **out, const wn_chain *src);
WN_API void wn_chain_free(wn_chain *ch);
/*! wn_chain_process() : runs the stages on d, which then holds the result: text, metadata,
 * status and reason. A document that cannot be processed is FAILED with a reason, and the call
 * still returns WN_OK: the return value is for the chain itself (WN_ERR_NOMEM). */
WN_API wn_status wn_chain_process(wn_chain *ch, wn_document *d);

/* ---- inputs: documents from any file the CLI reads --------------------------------------
 * WARC (.warc, .warc.gz, .warc.zst), HTML files, JSONL(.gz/.zst), plain text; the format
 * is detected unless the config's "format" says it. Records that cannot be read come out as
 * FAILED documents with the error and offset in their reason and metadata, then reading goes
 * on: every record is accounted for. */
typedef struct wn_input wn_input;

/*! wn_input_open() : path is a file, or "-" for stdin. cfg may be NULL (defaults). */
WN_API wn_status wn_input_open(wn_input **out, const char *path, const wn_config *cfg);
/*! wn_input_next() : reads the next record into d (reset first): WN_OK, WN_END after the last
 * one, or an error that ends the input (the file cannot be read on). Extraction is not done
 * here: an HTML record comes out with WN_FIELD_HTML set, for a chain. */
WN_API wn_status wn_input_next(wn_input *in, wn_document *d);
WN_API void wn_input_close(wn_input *in);

/* ---- runs: the threaded, deterministic pipeline -------------------------------------------
 * The CLI's `winnow run`, over documents from a callback to a callback. The source is called
 * on the calling thread; the sink from one writer thread, never concurrently, in the order the
 * source gave the documents, whatever the number of threads (the config's "threads", default
 * one per core). */
typedef struct {
    uint64_t in, kept, dropped, failed;   /* in = kept + dropped + failed, always */
} wn_counts;

/*! A source fills d (already reset) with the next document and returns WN_OK, or WN_END when
 * there are no more; any other status stops the run (WN_ERR_CALLBACK). */
typedef wn_status (*wn_source_fn)(void *ud, wn_document *d);
/*! A sink receives each document after the stages, kept, dropped or failed (see
 * wn_document_status); the document is borrowed for the call. Non-zero stops the run. */
typedef wn_status (*wn_sink_fn)(void *ud, wn_document *d);

/*! wn_run() : reads documents from source until WN_END, runs the config's stages on them
 * on worker threads and gives each to sink in source order. counts may be NULL. */
WN_API wn_status wn_run(const wn_config *cfg, wn_source_fn source, wn_sink_fn sink, void *ud,
                        wn_counts *counts);
/*! wn_run_files() : `winnow run INPUTS -o out_dir`: reads files (or directories), writes
 * out_dir/kept/, out_dir/dropped/ and out_dir/stats.json as the CLI does, byte for byte. */
WN_API wn_status wn_run_files(const wn_config *cfg, const char *const *inputs, size_t n_inputs,
                              const char *out_dir, wn_counts *counts);
/*! wn_dedup_files() : `winnow dedup INPUTS -o out_dir`: the config's "dedup" methods
 * (exact, url, minhash, paragraph) across every input, on disk, with the CLI's outputs. */
WN_API wn_status wn_dedup_files(const wn_config *cfg, const char *const *inputs, size_t n_inputs,
                                const char *out_dir, wn_counts *counts);

/* ---- language identification ---------------------------------------------------------------
 * fastText supervised models (.bin, .ftz: lid.176, GlotLID), with fastText 0.9.2's answers:
 * the same labels and bit-identical float probabilities. */
typedef struct wn_lang_model wn_lang_model;

/*! wn_lang_model_open() : path NULL means the default model ($WINNOW_MODEL, else
 * models/lid.176.ftz as the CLI finds it). */
WN_API wn_status wn_lang_model_open(wn_lang_model **out, const char *path);
WN_API void wn_lang_model_free(wn_lang_model *m);
WN_API size_t wn_lang_model_labels(const wn_lang_model *m);
/*! wn_lang_model_label() : label i as in the model, e.g. "__label__en"; NULL past the end.
 * NUL-terminated; lives as long as the model. */
WN_API const char *wn_lang_model_label(const wn_lang_model *m, size_t i);

typedef struct {
    const char *label;     /* "__label__en": the model's, lives as long as the model */
    float prob;            /* as fastText reports it */
} wn_lang_guess;

/*! wn_lang_predict() : fastText's Python predict(text, k, threshold) on one line (the text
 * may not contain '\n': WN_ERR_USAGE, as fastText's ValueError): writes up to k guesses
 * (k < 0: every label) best first into out (room for cap) and their number into *n.
 * Thread-safe on a shared model. */
WN_API wn_status wn_lang_predict(const wn_lang_model *m, const char *text, size_t len, int k,
                                 float threshold, wn_lang_guess *out, size_t cap, size_t *n);

#ifdef __cplusplus
}
#endif
#endif
