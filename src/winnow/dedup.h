/* dedup.h: corpus-scale deduplication: exact (normalised text, URL), MinHash-LSH near
 * duplicates, and repeated paragraphs, in bounded memory, identical for any thread count.
 *
 * DESIGN: three steps with on-disk hand-offs in a work directory, so that each can later run
 * in other processes (MPI ranks):
 *   sign     read the inputs once (through the pipeline, any -j); per document compute the
 *            exact hash, MinHash signature and band keys, paragraph hashes; every key goes to a
 *            sorter that spills sorted runs under the memory budget; signatures and ids go to
 *            per-worker files in input order.
 *   resolve  merge the runs of each kind ("send keys to their owner": here a k-way merge; under
 *            MPI a hash-partitioned exchange, wn_dedup_resolve_comm), find groups, confirm candidates by estimated
 *            Jaccard, union-find over dense document numbers (the smallest, i.e. first in input
 *            order, is the root and is kept), then paragraphs (first occurrence among surviving
 *            documents), and write one decision record per document.
 *   apply    read the inputs again through the pipeline; a stage looks up each document's
 *            decision by position and drops it (exact_duplicate, url_duplicate, near_duplicate,
 *            paragraph_duplicates) or annotates it.
 * Every intermediate file is checked (length, block checksums): a damaged hand-off is an error.
 * A document's number is its position (input index, record index) made dense with per-input
 * record counts, so every step gives the same answer whatever the number of threads. */
#ifndef WINNOW_DEDUP_H
#define WINNOW_DEDUP_H

#include "winnow/core.h"
#include "winnow/pipeline.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- text normalisation and MinHash ------------------------------------------------------ */

/*! wn_dedup_normalize() : appends to out the text lowercased (ASCII, Latin-1, Latin
 * Extended-A, Greek, Cyrillic, fullwidth), with diacritics removed (Latin letters to their
 * base, combining marks dropped), punctuation and symbols to a space, every decimal digit to
 * '0', and whitespace runs collapsed to one space, no leading/trailing space. FineWeb's
 * normalisation for dedup, in C. */
wn_status wn_dedup_normalize(const char *s, size_t n, wn_buf *out);

typedef enum {
    WN_MINHASH_OPH = 0,    /* one permutation hashing with optimal densification: O(shingles + k) */
    WN_MINHASH_KPERM = 1,  /* k independent hash functions: O(shingles * k), the textbook scheme */
} wn_minhash_scheme;

typedef struct {
    unsigned ngram;        /* shingle length: words (default 5) or characters */
    bool char_ngrams;      /* shingles of characters instead of words */
    unsigned bands, rows;  /* hashes = bands * rows (default 14 x 8 = 112) */
    wn_minhash_scheme scheme;
    uint64_t seed;
} wn_minhash_params;

void wn_minhash_params_default(wn_minhash_params *p);

/*! wn_minhash_shingles() : hashes of the shingles of normalised text (64-bit, in text order,
 * with repeats). A text shorter than one shingle gives one shingle of all of it; an empty text
 * gives none. `out` is grown with wn_realloc; *cap tracks its size. */
wn_status wn_minhash_shingles(const wn_minhash_params *p, const char *norm, size_t n,
                              uint64_t **out, size_t *count, size_t *cap);
/*! wn_dedup_text_key() : the key of exact dedup for normalised text: an order-dependent hash
 * of its words (word hashes as in shingles, with `seed`); 0 for a text without words. */
uint64_t wn_dedup_text_key(const char *norm, size_t n, uint64_t seed);

/*! wn_shingler : raw text to shingle hashes in one pass, without the normalised string.
 * wn_shingler_text() gives exactly wn_minhash_shingles(p, wn_dedup_normalize(text)) and
 * *text_key = wn_dedup_text_key(wn_dedup_normalize(text), p->seed); ASCII runs go 32 bytes at a
 * time, other code points through the normaliser's tables. The hashes live in the shingler
 * until the next call; *hashes may be NULL when *count is 0. One per thread; buffers are reused
 * and grow to the longest text seen. */
typedef struct wn_shingler wn_shingler;
wn_status wn_shingler_create(wn_shingler **out, const wn_minhash_params *p);
wn_status wn_shingler_text(wn_shingler *x, const char *text, size_t n, const uint64_t **hashes,
                           size_t *count, uint64_t *text_key);
void wn_shingler_free(wn_shingler *x);
/*! wn_minhash_sign() : the signature (bands*rows values) of a set of shingle hashes; n > 0. */
void wn_minhash_sign(const wn_minhash_params *p, const uint64_t *sh, size_t n, uint64_t *sig);
/*! wn_minhash_band_key() : the LSH key of band b of a signature. */
uint64_t wn_minhash_band_key(const wn_minhash_params *p, const uint64_t *sig, unsigned b);
/*! wn_minhash_compact() : 16-bit values kept on disk for confirmation (b-bit minwise hashing). */
void wn_minhash_compact(const uint64_t *sig, size_t k, uint16_t *out);
/*! wn_minhash_estimate() : estimated Jaccard from two compact signatures (corrected for the
 * 2^-16 chance that different minima agree in 16 bits). */
double wn_minhash_estimate(const uint16_t *a, const uint16_t *b, size_t k);
/*! wn_minhash_estimate_full() : the plain estimate from two full signatures. */
double wn_minhash_estimate_full(const uint64_t *a, const uint64_t *b, size_t k);
/*! wn_jaccard_exact() : exact Jaccard of two shingle multisets taken as sets (sorts copies). */
double wn_jaccard_exact(const uint64_t *a, size_t na, const uint64_t *b, size_t nb);

/* ---- the dedup run -------------------------------------------------------------------------- */
enum {
    WN_DEDUP_EXACT = 1,
    WN_DEDUP_URL = 2,
    WN_DEDUP_MINHASH = 4,
    WN_DEDUP_PARAGRAPH = 8,
};

typedef struct {
    unsigned methods;            /* WN_DEDUP_* bits */
    wn_minhash_params minhash;
    double threshold;            /* candidates confirmed when estimated Jaccard >= this (0.8);
                                    0 keeps every LSH candidate (FineWeb's behaviour) */
    bool confirm_exact;          /* confirm by exact Jaccard of the shingle sets instead of the
                                    estimate: sign keeps every document's shingle hashes on disk
                                    (8 bytes per shingle), resolve reads those of candidates */
    unsigned para_min_chars;     /* shorter paragraphs (lines, in bytes) are never removed (30) */
    unsigned para_min_doc_chars; /* a document left shorter than this after removal is dropped (50) */
    bool para_bloom;             /* a Bloom filter instead of the exact sort-based set */
    uint64_t para_expected;      /* Bloom sizing: expected distinct paragraphs (100M) ... */
    double para_fpr;             /* ... and false-positive rate (1e-4) */
    uint64_t memory;             /* budget for buffers and sorters, bytes (default 1G) */
    const char *work_dir;        /* intermediate files; required */
} wn_dedup_opts;

void wn_dedup_opts_default(wn_dedup_opts *o);
/*! wn_dedup_parse_methods() : "exact,minhash,paragraph,url" to bits; false on an unknown name. */
bool wn_dedup_parse_methods(const char *list, unsigned *methods);

/* A per-document stage to run before dedup (e.g. winnow run's extraction and filters). */
typedef struct {
    const wn_stage *stage;
    const void *config;
} wn_stage_ref;

/*! wn_dedup_sign() : step 1 over the inputs: runs the built-in decode stage, then `stages`,
 * then signs every document still kept; writes opts->work_dir. Reads cfg->threads, reader
 * options and callbacks; writes nothing to cfg->out_dir. */
wn_status wn_dedup_sign(const wn_run_config *cfg, const wn_stage_ref *stages, size_t n_stages,
                        const wn_dedup_opts *o, const char *const *inputs, size_t n_inputs,
                        char *err, size_t err_cap);
/*! wn_dedup_resolve() : step 2, from work_dir to work_dir; `stats` (may be NULL) receives named
 * counts (candidate pairs, confirmed, clusters, paragraphs removed). */
wn_status wn_dedup_resolve(const char *work_dir, uint64_t memory, wn_counters *stats,
                           char *err, size_t err_cap);
/*! wn_dedup_resolve_comm() : step 2 split over the ranks of `comm` (collective: every rank
 * calls it with the same work_dir and memory; NULL or one rank is wn_dedup_resolve). Each rank
 * sends a share of the sorted runs to the keys' owners (rank mix64(key) % size) and finds the
 * groups, candidates and Jaccard verdicts of the keys it owns, within `memory`; rank 0 joins the
 * clusters from those links and writes the decisions (paragraphs too), which are the single
 * process's, byte for byte. `stats` is filled on rank 0 only. Every rank returns the same
 * status; err names the failing rank's problem. */
/* What resolve is doing, for a progress line: `step` names it ("exact keys", "minhash bands",
 * "pairs checked", "paragraphs", "decisions"...), `records` counts the records it has gone
 * through (0 when a step starts, then every 65536). */
typedef struct {
    void (*fn)(void *ud, const char *step, uint64_t records);
    void *ud;
} wn_dedup_progress;
wn_status wn_dedup_resolve_comm(const char *work_dir, uint64_t memory, const wn_comm *comm,
                                wn_counters *stats, const wn_dedup_progress *progress, char *err,
                                size_t err_cap);
/*! wn_dedup_apply() : step 3: the same pipeline and stages again, plus the decisions, writing
 * cfg->out_dir (kept/, dropped/, stats.json). The inputs must be the ones signed. */
wn_status wn_dedup_apply(const wn_run_config *cfg, const wn_stage_ref *stages, size_t n_stages,
                         const char *work_dir, const char *const *inputs, size_t n_inputs,
                         wn_run_summary *summary, char *err, size_t err_cap);
/*! wn_dedup_clusters() : after resolve, for tools and tests: (*roots)[seq] = the number of the
 * kept document of seq's cluster (seq itself when kept or alone), for every document number
 * seq (dense, input order, see wn_dedup_resolve); *roots is allocated with wn_malloc. */
wn_status wn_dedup_clusters(const char *work_dir, uint32_t **roots, uint64_t *n, char *err,
                            size_t err_cap);
/*! wn_dedup_remove_work() : deletes the files of work_dir made by the steps, and the dir. */
void wn_dedup_remove_work(const char *work_dir);

#ifdef __cplusplus
}
#endif
#endif
