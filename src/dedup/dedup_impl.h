/* dedup_impl.h: what the files of src/dedup/ share. Internal to src/dedup/.
 *
 * DESIGN: the steps and their call order (src/winnow/dedup.h has the public API).
 *   1. sign      wn_dedup_sign (sign.c): the pipeline reads every input; with run --dedup the
 *                capture stage (capture_stage.c, records in capture.c) runs the per-document
 *                stages once and saves each document; the sign stage writes each document's keys
 *                to per-worker sorted runs (recfile.c) and its signature and id to per-worker
 *                files; then the manifest (manifest.c), merged over ranks under MPI.
 *   2. resolve   wn_dedup_resolve (resolve.c): resolver_open -> build_docinfo -> exact and url
 *                keys (resolve_exact) -> MinHash bands (resolve_bands, pairs.c) -> --confirm exact
 *                (confirm_pairs, pairs.c) -> resolve_finish: paragraphs (resolve_paragraphs,
 *                paragraphs.c) and write_decisions. Under MPI, wn_dedup_resolve_comm
 *                (resolve_ranks.c) sends keys to their owner rank, which walks its groups with
 *                the same pieces (check_pairs, pos_to_seq, uf_union); rank 0 replays the owners'
 *                results into its union-find in the global order and ends with resolve_finish.
 *   3. apply     wn_dedup_apply (apply.c): the pipeline reads every input again (or replays the
 *                captured documents), and each document is kept, dropped as a duplicate or
 *                stripped of its repeated paragraphs (paragraphs.c) as the decisions say.
 *
 * Numbering: a document's number `seq` is dense:
 * seq = base[input] + record_index, where base is the prefix sum of the per-input record
 * counts seen while signing. Keys travel as (key, pos) records with pos = input << 40 |
 * record, so that sorting by (key, pos) puts each group in input order whatever the thread
 * that produced them. Union-find over seq always links the larger root under the smaller, so
 * each cluster's root is its first document in input order: the one kept.
 *
 * Files in the work directory (all recfiles, see recfile.h):
 *   manifest                 options, worker count, runs per worker and kind, per-input counts
 *   docs.wW / ids.wW / sigs.wW   per sign worker, in input order: position and id, id bytes,
 *                            16-bit MinHash values
 *   shingles.wW              --confirm exact: every document's shingle hashes (text order,
 *                            repeats kept; resolve sorts those of candidates), at docs' sh_off
 *   pairs.NNNN.run           --confirm exact: candidate pairs (a << 32 | b), a < b
 *   capture.wW / capidx.wW   run --dedup: every document as the stages left it (capture.h),
 *                            and where each one's record is; capcounts numbers them per input;
 *   capinfo                  apply: per captured number, the capture file, offset, length
 *   {exact,url,band,para}.wW.NNNN.run   sorted runs of keys
 *   docinfo                  per seq: which worker file holds the document (resolve)
 *   decisions, paraidx       per seq: outcome, cluster, paragraphs to remove (resolve) */
#ifndef WN_DEDUP_IMPL_H
#define WN_DEDUP_IMPL_H

#include <pthread.h>
#include "winnow/dedup.h"
#include "dedup/recfile.h"
#include "dedup/capture.h"
#include "winnow/path.h"
#include "common/check.h"
#include "common/grow.h"

/* Every file of the work directory is named "DIR/" and at most WN_DD_NAME_MAX bytes (a
 * recfile's ".tmp" included). Each step checks the directory's length once
 * (wn_dd_work_dir_check), so that building a path in it cannot fail after that: WN_DD_PATH
 * asserts it (wn_path_printf: a path that does not fit is "", never a cut one). */
#define WN_DD_NAME_MAX 48

/* Caps of the arrays that grow (WN_GROW, common/grow.h) */
#define WN_DD_MAX_WORKERS 4096        /* sign workers of a job, all ranks (the manifest's bound) */
#define WN_DD_MAX_INPUTS (1u << 24)   /* inputs: pos keeps 24 bits for the input */
#define WN_DD_MAX_NAMES 65536         /* counter and reason names read back from captures */

/* Caps of the byte buffers (wn_buf) of dedup. A normalised text (wn_dedup_normalize: never
 * longer than its text, plus the slack its reserve asks) of the largest document: */
#define WN_DD_NORM_MAX (WN_DOC_BYTES_MAX + 8)
/* One captured document (capture.h): its text, its metadata with 8 bytes of lengths per entry,
 * its small fields and each stage's counts; never more than the bound of its JSON line, which
 * escapes every text byte to 6 at worst. A record longer than this in a capture file is
 * damage, not a document. */
#define WN_DD_CAPTURE_MAX WN_DOC_JSON_MAX
/* A metadata key of a captured document (a part of its metadata). */
#define WN_DD_META_KEY_MAX WN_DOC_META_MAX
#define WN_DD_PATH(buf, ...) do { \
        wn_status wn_dd_path_st_ = wn_path_printf(buf, sizeof buf, __VA_ARGS__); \
        WN_ASSERT(wn_dd_path_st_ == WN_OK); \
        (void)wn_dd_path_st_; \
    } while (0)

enum {
    WN_DD_K_DOCS = 1, WN_DD_K_IDS = 2, WN_DD_K_SIGS = 3, WN_DD_K_SHINGLES = 4, WN_DD_K_PAIRS = 5, WN_DD_K_CAPTURE = 6, WN_DD_K_CAPIDX = 7,
    WN_DD_K_CAPINFO = 8, WN_DD_K_CAPCOUNTS = 9,
    WN_DD_K_EXACT = 10, WN_DD_K_URL = 11, WN_DD_K_BAND = 12, WN_DD_K_PARA = 13, WN_DD_K_PARA_POS = 14,
    WN_DD_K_MANIFEST = 20, WN_DD_K_DOCINFO = 21, WN_DD_K_REMOVE = 22, WN_DD_K_DECISION = 23, WN_DD_K_PARAIDX = 24,
    WN_DD_K_LINK = 25, WN_DD_K_CAND = 26, WN_DD_K_VERDICT = 27,
};
#define WN_DD_N_RUN_KINDS 4
extern const char *const RUN_NAMES[WN_DD_N_RUN_KINDS];   /* the sorted runs' file names, per kind */
#define WN_DD_MANIFEST_VERSION 1
#define WN_DD_M_FIXED 16
#define WN_DD_POS(in, rec) (((uint64_t)(in) << 40) | (uint64_t)(rec))
#define WN_DD_POS_INPUT(p) ((uint32_t)((p) >> 40))
#define WN_DD_POS_RECORD(p) ((p) & ((1ULL << 40) - 1))
#define WN_DD_NO_WORKER UINT64_MAX
#define WN_DD_RANDOM_BLOCK 4096

enum { WN_DD_R_NONE = 0, WN_DD_R_KEPT = 1, WN_DD_R_EXACT = 2, WN_DD_R_URL = 3, WN_DD_R_NEAR = 4 };
extern const char *const REASONS[5];               /* drop reason per R_ outcome */

typedef struct { uint64_t pos, id_off, sh_off; uint32_t id_len, n_shingles; } doc_rec;
typedef struct { uint64_t key, pos; } key_rec;
typedef struct { uint64_t a, b, c; } rec3;
typedef struct { uint64_t worker, local; } docinfo_rec;
typedef struct { uint64_t pos, off, len; } capidx_rec;     /* capture.wW bytes off..off+len */
typedef struct {
    uint32_t rep, size, para_count, reason;
    uint64_t para_off;
    uint64_t rep_worker, rep_local;
} decision_rec;

typedef struct {
    uint64_t workers, n_inputs;
    wn_dedup_opts o;
    uint64_t *runs;     /* [worker * WN_DD_N_RUN_KINDS + kind] */
    uint64_t *counts;   /* records per input */
    uint64_t *bases;    /* prefix sums */
    uint64_t n_seq;
    bool captured;      /* run --dedup: documents after the stages are in capture.wW */
} manifest;

/* Signing's state shared by its workers (sign.c) and the capture stage (capture_stage.c). */
typedef struct sign_ctx sign_ctx;   /* one sign worker's, sign.c */
typedef struct {
    const wn_dedup_opts *o;
    const char *dir;
    const wn_stage_ref *stages;  /* run --dedup: the per-document stages, run by wn_dd_stage_capture */
    size_t n_stages;
    void **caps;                 /* capture contexts made (one per worker), in file order */
    size_t n_capture, caps_cap;
    size_t budget;               /* per worker, bytes */
    unsigned base;               /* under MPI: the number of this rank's first worker file */
    pthread_mutex_t lock;
    sign_ctx **ctxs;
    size_t n, cap;
} sign_shared;

/* One stage that runs the run's stages in order, as the pipeline would, and writes each
 * document as they left it, with what each stage counted on it (capture.h), so that apply can
 * replay them without running them again. */
typedef struct {
    sign_shared *sh;
    void *inner[64];
    wn_counters counts[64];
    wn_rec_writer *data, *idx;
    uint64_t off;
    uint64_t *counts_in;         /* records per input seen here: documents that the stages
                                    drop are numbered too (the manifest takes the maximum) */
    size_t n_counts;
    wn_buf rec;
    wn_status err;
    double spent[65];            /* seconds in each stage, then in capturing, by the
                                    monotonic clock (wn_dd_split_capture_time) */
} capture_ctx;

/* Resolve's state: in one process (resolve.c) and on each rank (resolve_ranks.c). */
typedef struct {
    const char *dir;
    manifest m;
    uint32_t *parent;
    uint32_t *own_parent;        /* under MPI, --confirm exact: the joins of this rank's pairs */
    uint8_t *flags;              /* WN_DD_F_EXACT, WN_DD_F_URL: an earlier document has the same key */
    wn_rec_reader *docinfo;
    wn_rec_reader **sigs;        /* per sign worker */
    wn_rec_reader **docs, **shingles;   /* per sign worker, --confirm exact */
    uint64_t memory;
    uint16_t *sig_a;
    wn_counters *stats;
    char *err;
    size_t err_cap;
    const wn_dedup_progress *progress;   /* may be NULL */
    const char *step;                    /* what resolve does now, for progress */
} resolver;

enum { WN_DD_F_EXACT = 1, WN_DD_F_URL = 2 };

/* The verdict on one candidate pair (a < b, key = a << 32 | b), after wn_dd_check_pairs joined it in
 * its union-find when it passed. */
typedef wn_status (*pair_verdict_fn)(uint64_t key, bool pass, void *ctx);

typedef struct {
    uint64_t checked, joined, rejected;
} pair_tally;

/* apply's removal of a document's repeated lines (paragraphs.c) */
typedef struct {
    wn_rec_reader *paraidx;      /* decision_rec's para_off..+para_count: line numbers */
    uint32_t *lines;             /* those of one document, sorted */
    size_t lines_cap;
    wn_buf *tmp;                 /* scratch, the caller's */
    unsigned min_doc_chars;      /* a document left shorter is dropped */
} wn_dd_line_remover;

/* manifest.c */
wn_status wn_dd_close_or_abort(wn_rec_writer *w, wn_status st);
const char *wn_dd_io_reason(wn_status st);
void wn_dd_manifest_free(manifest *m);
wn_status wn_dd_manifest_read(const char *dir, manifest *m, char *err, size_t cap);
wn_status wn_dd_manifest_write(const char *dir, const manifest *m);
void wn_dd_path_of(char *out, size_t cap, const char *dir, const char *name);
wn_status wn_dd_work_dir_check(const char *dir, char *err, size_t cap);

/* capture_stage.c */
extern const wn_stage wn_dd_stage_capture;
void wn_dd_split_capture_time(wn_run_timing *t, const sign_shared *sh);

/* resolve.c */
wn_status wn_dd_build_docinfo(resolver *r);
wn_status wn_dd_merger_fail(resolver *r, wn_merger *m, wn_status st);
/* Groups of equal keys in a merger of key records (exact and URL keys): dup(ctx, first, seq)
 * for every member after a group's first; WN_END after the last, else the first error. */
typedef wn_status (*wn_dd_dup_fn)(void *ctx, uint32_t first, uint32_t seq);
wn_status wn_dd_key_groups(resolver *r, wn_merger *m, wn_dd_dup_fn dup, void *ctx);
wn_status wn_dd_open_merger(resolver *r, int kind_index, uint32_t kind, uint32_t rec_size,
                             wn_merger **out);
wn_status wn_dd_pos_to_seq(resolver *r, uint64_t pos, uint32_t *seq);
wn_status wn_dd_resolve_finish(resolver *r);
wn_status wn_dd_resolve_one(const char *work_dir, uint64_t memory, wn_counters *stats,
                             const wn_dedup_progress *progress, char *err, size_t err_cap);
wn_status wn_dd_resolver_alloc(resolver *r);
void wn_dd_resolver_close(resolver *r);
wn_status wn_dd_resolver_open(resolver *r);
uint32_t *wn_dd_uf_create(uint64_t n);
uint32_t wn_dd_uf_find(uint32_t *p, uint32_t x);
bool wn_dd_uf_union(uint32_t *p, uint32_t a, uint32_t b);
void wn_dd_watch(resolver *r, wn_merger *m, const char *step);

/* pairs.c */
/* A walk over the band buckets of a merger in key order: each member after a bucket's first is
 * a candidate, compared with the bucket's first member and with the member before it (a
 * chain). Shared by wn_dd_resolve_bands (one process) and the owners of band keys under MPI,
 * so that both see the same candidates and the same estimates. */
typedef struct {
    resolver *r;
    wn_merger *m;
    size_t k;                          /* signature length */
    uint16_t *first_sig, *prev_sig;    /* loaded only when a bucket has a second member */
    uint64_t key;                      /* the current bucket's key */
    uint32_t first, prev, seq;         /* the candidate seq, its bucket's first, the one before */
    bool have, yielded, first_loaded;
} wn_dd_band_walk;
wn_status wn_dd_band_walk_init(wn_dd_band_walk *w, resolver *r, wn_merger *m);
/* the next candidate in w->first, w->prev, w->seq; WN_END after the last */
wn_status wn_dd_band_walk_next(wn_dd_band_walk *w);
/* estimated Jaccard of the candidate against its first (when want_first) and its previous
 * member (when want_prev) at the threshold; the candidate's signature becomes the next prev */
wn_status wn_dd_band_walk_estimate(wn_dd_band_walk *w, bool want_first, bool want_prev,
                                   bool *ok_first, bool *ok_prev);
void wn_dd_band_walk_free(wn_dd_band_walk *w);
void wn_dd_add_tally(resolver *r, const pair_tally *t);
wn_status wn_dd_check_pairs(resolver *r, wn_merger *m, uint32_t *parent, pair_verdict_fn verdict, void *ctx);
wn_status wn_dd_confirm_pairs(resolver *r, unsigned runs);
wn_status wn_dd_count_verdict(uint64_t key, bool pass, void *ctx);
wn_status wn_dd_load_sig(resolver *r, uint32_t seq, const uint16_t **sig);
wn_status wn_dd_resolve_bands(resolver *r, wn_sorter *pairs);

/* paragraphs.c */
wn_status wn_dd_remove_lines(wn_dd_line_remover *x, wn_doc *d, const decision_rec *dec, wn_counters *c);
wn_status wn_dd_resolve_paragraphs(resolver *r, wn_sorter *rm);

#endif
