/* dedup.c: the three dedup steps (sign, resolve, apply) and their on-disk hand-offs.
 *
 * DESIGN (see include/winnow/dedup.h for the steps): a document's number `seq` is dense:
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
#include <math.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdatomic.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "winnow/dedup.h"
#include "dedup/recfile.h"
#include "dedup/capture.h"

/* A status for a message: a failed write in words ("FILE: strerror") when this thread saw one. */
static const char *io_reason(wn_status st)
{
    return st == WN_ERR_IO && wn_rec_write_error()[0] ? wn_rec_write_error() : wn_strerror(st);
}

enum {
    K_DOCS = 1, K_IDS = 2, K_SIGS = 3, K_SHINGLES = 4, K_PAIRS = 5, K_CAPTURE = 6, K_CAPIDX = 7,
    K_CAPINFO = 8, K_CAPCOUNTS = 9,
    K_EXACT = 10, K_URL = 11, K_BAND = 12, K_PARA = 13, K_PARA_POS = 14,
    K_MANIFEST = 20, K_DOCINFO = 21, K_REMOVE = 22, K_DECISION = 23, K_PARAIDX = 24,
    K_LINK = 25, K_CAND = 26, K_VERDICT = 27,
};
#define N_RUN_KINDS 4
static const char *const RUN_NAMES[N_RUN_KINDS] = { "exact", "url", "band", "para" };
#define MANIFEST_VERSION 1
#define M_FIXED 16
#define POS(in, rec) (((uint64_t)(in) << 40) | (uint64_t)(rec))
#define POS_INPUT(p) ((uint32_t)((p) >> 40))
#define POS_RECORD(p) ((p) & ((1ULL << 40) - 1))
#define NO_WORKER UINT64_MAX
#define RANDOM_BLOCK 4096

enum { R_NONE = 0, R_KEPT = 1, R_EXACT = 2, R_URL = 3, R_NEAR = 4 };
static const char *const REASONS[] = { NULL, NULL, "exact_duplicate", "url_duplicate", "near_duplicate" };

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

void wn_dedup_opts_default(wn_dedup_opts *o)
{
    memset(o, 0, sizeof *o);
    o->methods = WN_DEDUP_EXACT | WN_DEDUP_MINHASH;
    wn_minhash_params_default(&o->minhash);
    o->threshold = 0.8;
    o->para_min_chars = 30;
    o->para_min_doc_chars = 50;
    o->para_expected = 100000000;
    o->para_fpr = 1e-4;
    o->memory = (uint64_t)1 << 30;
}

bool wn_dedup_parse_methods(const char *list, unsigned *methods)
{
    *methods = 0;
    const char *p = list;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 5 && !memcmp(p, "exact", 5)) *methods |= WN_DEDUP_EXACT;
        else if (n == 3 && !memcmp(p, "url", 3)) *methods |= WN_DEDUP_URL;
        else if (n == 7 && !memcmp(p, "minhash", 7)) *methods |= WN_DEDUP_MINHASH;
        else if (n == 9 && !memcmp(p, "paragraph", 9)) *methods |= WN_DEDUP_PARAGRAPH;
        else if (n != 0) return false;
        p += n + (e ? 1 : 0);
    }
    return *methods != 0;
}

static void path_of(char *out, size_t cap, const char *dir, const char *name)
{
    snprintf(out, cap, "%s/%s", dir, name);
}

static uint64_t dbits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static double bitsd(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }

/* ---- manifest --------------------------------------------------------------------------------- */

typedef struct {
    uint64_t workers, n_inputs;
    wn_dedup_opts o;
    uint64_t *runs;     /* [worker * N_RUN_KINDS + kind] */
    uint64_t *counts;   /* records per input */
    uint64_t *bases;    /* prefix sums */
    uint64_t n_seq;
    bool captured;      /* run --dedup: documents after the stages are in capture.wW */
} manifest;

static void manifest_free(manifest *m)
{
    wn_free(m->runs);
    wn_free(m->counts);
    wn_free(m->bases);
    memset(m, 0, sizeof *m);
}

static wn_status manifest_write(const char *dir, const manifest *m)
{
    char path[4200];
    path_of(path, sizeof path, dir, "manifest");
    wn_rec_writer *w;
    wn_status st = wn_rec_writer_create(&w, path, K_MANIFEST, 8, 4096);
    if (st)
        return st;
    const wn_dedup_opts *o = &m->o;
    uint64_t fixed[M_FIXED] = {
        MANIFEST_VERSION, m->workers, m->n_inputs, o->methods,
        o->minhash.ngram | ((uint64_t)o->minhash.char_ngrams << 32), o->minhash.bands,
        o->minhash.rows, o->minhash.scheme, o->minhash.seed, dbits(o->threshold),
        o->para_min_chars, o->para_min_doc_chars, o->para_bloom, o->para_expected,
        dbits(o->para_fpr), (uint64_t)o->confirm_exact | (uint64_t)m->captured << 1,
    };
    st = wn_rec_writer_add_n(w, fixed, M_FIXED);
    if (!st)
        st = wn_rec_writer_add_n(w, m->runs, m->workers * N_RUN_KINDS);
    if (!st)
        st = wn_rec_writer_add_n(w, m->counts, m->n_inputs);
    if (st) {
        wn_rec_writer_abort(w);
        return st;
    }
    return wn_rec_writer_close(w, 0);
}

static wn_status manifest_read(const char *dir, manifest *m, char *err, size_t cap)
{
    memset(m, 0, sizeof *m);
    char path[4200];
    path_of(path, sizeof path, dir, "manifest");
    wn_rec_reader *r;
    wn_status st = wn_rec_reader_open(&r, path, K_MANIFEST, 8, err, cap);
    if (st)
        return st;
    uint64_t n = wn_rec_reader_count(r);
    uint64_t *v = wn_malloc((size_t)(n + 1) * 8);
    if (!v) {
        wn_rec_reader_close(r);
        return WN_ERR_NOMEM;
    }
    for (uint64_t i = 0; i < n && !st; i++) {
        const void *p;
        if ((st = wn_rec_reader_get(r, i, &p)))
            snprintf(err, cap, "%s: block checksum mismatch", path);
        else
            memcpy(&v[i], p, 8);
    }
    wn_rec_reader_close(r);
    if (!st && (n < M_FIXED || v[0] != MANIFEST_VERSION || v[1] == 0 || v[1] > 4096 ||
                v[2] > (1u << 24) || n != M_FIXED + v[1] * N_RUN_KINDS + v[2])) {
        snprintf(err, cap, "%s: inconsistent manifest", path);
        st = WN_ERR_CORRUPT;
    }
    if (st) {
        wn_free(v);
        return st;
    }
    m->workers = v[1];
    m->n_inputs = v[2];
    wn_dedup_opts_default(&m->o);
    m->o.methods = (unsigned)v[3];
    m->o.minhash.ngram = (unsigned)(v[4] & 0xffffffff);
    m->o.minhash.char_ngrams = (v[4] >> 32) != 0;
    m->o.minhash.bands = (unsigned)v[5];
    m->o.minhash.rows = (unsigned)v[6];
    m->o.minhash.scheme = (wn_minhash_scheme)v[7];
    m->o.minhash.seed = v[8];
    m->o.threshold = bitsd(v[9]);
    m->o.para_min_chars = (unsigned)v[10];
    m->o.para_min_doc_chars = (unsigned)v[11];
    m->o.para_bloom = v[12] != 0;
    m->o.para_expected = v[13];
    m->o.para_fpr = bitsd(v[14]);
    m->o.confirm_exact = (v[15] & 1) != 0;
    m->captured = (v[15] & 2) != 0;
    m->runs = wn_malloc((size_t)(m->workers * N_RUN_KINDS + 1) * 8);
    m->counts = wn_malloc((size_t)(m->n_inputs + 1) * 8);
    m->bases = wn_malloc((size_t)(m->n_inputs + 1) * 8);
    if (!m->runs || !m->counts || !m->bases) {
        wn_free(v);
        manifest_free(m);
        return WN_ERR_NOMEM;
    }
    memcpy(m->runs, v + M_FIXED, m->workers * N_RUN_KINDS * 8);
    memcpy(m->counts, v + M_FIXED + m->workers * N_RUN_KINDS, m->n_inputs * 8);
    wn_free(v);
    uint64_t s = 0;
    for (uint64_t i = 0; i < m->n_inputs; i++) {
        m->bases[i] = s;
        s += m->counts[i];
    }
    m->n_seq = s;
    if (s >= UINT32_MAX) {
        snprintf(err, cap, "%s: %llu documents: over the 2^32-1 supported", path, (unsigned long long)s);
        manifest_free(m);
        return WN_ERR_UNSUPPORTED;
    }
    return WN_OK;
}

/* ---- step 1: sign ------------------------------------------------------------------------------ */

typedef struct sign_ctx sign_ctx;

typedef struct {
    const wn_dedup_opts *o;
    const char *dir;
    const wn_stage_ref *stages;  /* run --dedup: the per-document stages, run by stage_capture */
    size_t n_stages;
    void **caps;                 /* capture contexts made (one per worker), in file order */
    size_t n_capture, caps_cap;
    size_t budget;               /* per worker, bytes */
    unsigned base;               /* under MPI: the number of this rank's first worker file */
    pthread_mutex_t lock;
    sign_ctx **ctxs;
    size_t n, cap;
} sign_shared;

struct sign_ctx {
    sign_shared *sh;
    unsigned index;
    wn_rec_writer *docs, *ids, *sigs, *shingles;
    uint64_t sh_off;
    wn_sorter *sorters[N_RUN_KINDS];
    uint64_t *counts;
    size_t n_counts;
    wn_buf line;
    wn_shingler *shingler;
    uint64_t *sig;
    uint16_t *sig16;
    uint64_t id_off;
    wn_status err;
};

static void sign_ctx_free(void *v)
{
    sign_ctx *x = v;
    if (!x)
        return;
    wn_rec_writer_abort(x->docs);
    wn_rec_writer_abort(x->ids);
    wn_rec_writer_abort(x->sigs);
    wn_rec_writer_abort(x->shingles);
    for (int k = 0; k < N_RUN_KINDS; k++)
        wn_sorter_free(x->sorters[k]);
    wn_free(x->counts);
    wn_buf_free(&x->line);
    wn_shingler_free(x->shingler);
    wn_free(x->sig);
    wn_free(x->sig16);
    wn_free(x);
}

static wn_status sign_ctx_create(const void *config, void **out)
{
    sign_shared *sh = (sign_shared *)config;
    const wn_dedup_opts *o = sh->o;
    sign_ctx *x = wn_calloc(1, sizeof *x);
    if (!x)
        return WN_ERR_NOMEM;
    pthread_mutex_lock(&sh->lock);
    wn_status st = WN_OK;
    if (sh->n == sh->cap) {
        size_t nc = sh->cap ? sh->cap * 2 : 8;
        sign_ctx **v = wn_realloc(sh->ctxs, nc * sizeof *v);
        if (v) {
            sh->ctxs = v;
            sh->cap = nc;
        } else {
            st = WN_ERR_NOMEM;
        }
    }
    if (!st) {
        x->index = sh->base + (unsigned)sh->n;
        sh->ctxs[sh->n++] = x;
    }
    pthread_mutex_unlock(&sh->lock);
    if (st) {
        wn_free(x);
        return st;
    }
    x->sh = sh;
    wn_buf_init(&x->line, 0);
    size_t k = (size_t)o->minhash.bands * o->minhash.rows;
    x->sig = wn_malloc(k * 8);
    x->sig16 = wn_calloc(k, 2);
    if (!x->sig || !x->sig16 || wn_shingler_create(&x->shingler, &o->minhash))
        return WN_ERR_NOMEM; /* x is registered: freed by the pipeline through ctx_free */
    char path[4200];
    snprintf(path, sizeof path, "%s/docs.w%u", sh->dir, x->index);
    if ((st = wn_rec_writer_create(&x->docs, path, K_DOCS, sizeof(doc_rec), RANDOM_BLOCK)))
        return st;
    snprintf(path, sizeof path, "%s/ids.w%u", sh->dir, x->index);
    if ((st = wn_rec_writer_create(&x->ids, path, K_IDS, 1, RANDOM_BLOCK)))
        return st;
    if (o->methods & WN_DEDUP_MINHASH) {
        snprintf(path, sizeof path, "%s/sigs.w%u", sh->dir, x->index);
        if ((st = wn_rec_writer_create(&x->sigs, path, K_SIGS, (uint32_t)(k * 2), RANDOM_BLOCK)))
            return st;
        if (o->confirm_exact) {
            snprintf(path, sizeof path, "%s/shingles.w%u", sh->dir, x->index);
            if ((st = wn_rec_writer_create(&x->shingles, path, K_SHINGLES, 8, RANDOM_BLOCK)))
                return st;
        }
    }
    /* the band keys are the bulk: 14 per document against 1 exact key */
    static const double share[N_RUN_KINDS] = { 0.1, 0.1, 0.5, 0.3 };
    static const unsigned bit[N_RUN_KINDS] = { WN_DEDUP_EXACT, WN_DEDUP_URL, WN_DEDUP_MINHASH, WN_DEDUP_PARAGRAPH };
    for (int i = 0; i < N_RUN_KINDS; i++) {
        if (!(o->methods & bit[i]))
            continue;
        snprintf(path, sizeof path, "%s/%s.w%u", sh->dir, RUN_NAMES[i], x->index);
        uint32_t kind = i == 3 ? (o->para_bloom ? K_PARA_POS : K_PARA) : (uint32_t)(K_EXACT + i);
        if ((st = wn_sorter_create(&x->sorters[i], path, kind, i == 3 ? 24 : 16,
                                   (size_t)((double)sh->budget * share[i]))))
            return st;
    }
    *out = x;
    return WN_OK;
}

static wn_status sign_doc(sign_ctx *x, wn_doc *d)
{
    const wn_dedup_opts *o = x->sh->o;
    wn_status st;
    if (d->input_index >= (1u << 24) || d->record_index >= (1ULL << 40))
        return WN_ERR_UNSUPPORTED;
    uint64_t pos = POS(d->input_index, d->record_index);
    if (d->input_index >= x->n_counts) {
        size_t nc = d->input_index + 64;
        uint64_t *v = wn_realloc(x->counts, nc * 8);
        if (!v)
            return WN_ERR_NOMEM;
        memset(v + x->n_counts, 0, (nc - x->n_counts) * 8);
        x->counts = v;
        x->n_counts = nc;
    }
    if (x->counts[d->input_index] < d->record_index + 1)
        x->counts[d->input_index] = d->record_index + 1;

    /* one pass over the text gives both the exact key and the shingles */
    const uint64_t *shingles = NULL;
    size_t n_sh = 0;
    uint64_t text_key = 0;
    if ((x->sorters[0] || x->sorters[2]) &&
        (st = wn_shingler_text(x->shingler, d->text.data ? d->text.data : "", d->text.len,
                               &shingles, &n_sh, &text_key)))
        return st;
    doc_rec dr = { pos, x->id_off, x->sh_off, (uint32_t)d->id.len, 0 };
    if ((st = wn_rec_writer_add_n(x->ids, d->id.data, d->id.len)))
        return st;
    x->id_off += d->id.len;
    if (x->sorters[0] && text_key) {
        key_rec k = { text_key, pos };
        if ((st = wn_sorter_add(x->sorters[0], &k)))
            return st;
    }
    if (x->sorters[1] && d->url.len) {
        key_rec k = { wn_hash64(d->url.data, d->url.len, 0x0a1), pos };
        if ((st = wn_sorter_add(x->sorters[1], &k)))
            return st;
    }
    if (x->sorters[2]) {
        size_t n = n_sh;
        size_t k = (size_t)o->minhash.bands * o->minhash.rows;
        if (n > UINT32_MAX)
            return WN_ERR_TOO_LARGE;
        dr.n_shingles = (uint32_t)n;
        if (x->shingles) {
            /* unsorted: sorting costs more than signing, and only candidates need it */
            if ((st = wn_rec_writer_add_n(x->shingles, shingles, n)))
                return st;
            x->sh_off += n;
        }
        if (n) {
            wn_minhash_sign(&o->minhash, shingles, n, x->sig);
            wn_minhash_compact(x->sig, k, x->sig16);
            for (unsigned b = 0; b < o->minhash.bands; b++) {
                key_rec kr = { wn_minhash_band_key(&o->minhash, x->sig, b), pos };
                if ((st = wn_sorter_add(x->sorters[2], &kr)))
                    return st;
            }
        } else {
            memset(x->sig16, 0, k * 2); /* never read: no band keys */
        }
        if ((st = wn_rec_writer_add(x->sigs, x->sig16)))
            return st;
    }
    if (x->sorters[3]) {
        const char *t = d->text.data ? d->text.data : "";
        size_t n = d->text.len, i = 0;
        uint64_t idx = 0;
        while (i <= n) {
            size_t j = i;
            while (j < n && t[j] != '\n')
                j++;
            size_t a = i, b = j;
            while (a < b && (t[a] == ' ' || t[a] == '\t' || t[a] == '\r')) a++;
            while (b > a && (t[b - 1] == ' ' || t[b - 1] == '\t' || t[b - 1] == '\r')) b--;
            if (b - a >= o->para_min_chars && b > a) {
                wn_buf_reset(&x->line);
                if ((st = wn_dedup_normalize(t + a, b - a, &x->line)))
                    return st;
                if (x->line.len) {
                    uint64_t h = wn_hash64(x->line.data, x->line.len, 0x9a7a);
                    rec3 r = o->para_bloom ? (rec3){ pos, idx, h } : (rec3){ h, pos, idx };
                    if ((st = wn_sorter_add(x->sorters[3], &r)))
                        return st;
                }
            }
            idx++;
            if (j == n)
                break;
            i = j + 1;
        }
    }
    return wn_rec_writer_add(x->docs, &dr);
}

static void sign_process(void *ctx, wn_doc *d, wn_counters *c)
{
    sign_ctx *x = ctx;
    wn_status st = x->err ? x->err : sign_doc(x, d);
    if (st) {
        if (!x->err)
            x->err = st;
        wn_doc_fail(d, "dedup_sign", "%s: record %llu: cannot sign: %s",
                    d->source.data ? d->source.data : "?", (unsigned long long)d->record_index,
                    wn_strerror(st));
        return;
    }
    wn_counter_add(c, "signed", 1);
}

static const wn_stage stage_sign = { "dedup_sign", sign_ctx_create, sign_ctx_free, sign_process };

/* ---- run --dedup: the stages once, their result captured -------------------------------------- */

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
                                    monotonic clock (split_capture_time) */
} capture_ctx;

/* The monotonic clock, read around each stage of each document: it costs about 50 ns here,
 * where the thread's CPU clock is a system call of about a microsecond (as much as a small
 * document's stages). Its readings give the proportions only (split_capture_time). */
static double monotonic(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Closes w, or after an error removes it: either way it is freed (a writer left open when an
 * earlier one failed leaked before). */
static wn_status close_or_abort(wn_rec_writer *w, wn_status st)
{
    if (st) {
        wn_rec_writer_abort(w);
        return st;
    }
    return wn_rec_writer_close(w, 0);
}

static void capture_ctx_free(void *v)
{
    capture_ctx *x = v;
    if (!x)
        return;
    for (size_t s = 0; s < x->sh->n_stages; s++) {
        if (x->inner[s] && x->sh->stages[s].stage->ctx_free)
            x->sh->stages[s].stage->ctx_free(x->inner[s]);
        wn_counters_free(&x->counts[s]);
    }
    wn_rec_writer_abort(x->data);
    wn_rec_writer_abort(x->idx);
    wn_buf_free(&x->rec);
    wn_free(x->counts_in);
    wn_free(x);
}

static wn_status capture_ctx_create(const void *config, void **out)
{
    sign_shared *sh = (sign_shared *)config;
    capture_ctx *x = wn_calloc(1, sizeof *x);
    if (!x)
        return WN_ERR_NOMEM;
    x->sh = sh;
    wn_buf_init(&x->rec, 0);
    wn_status st = WN_OK;
    pthread_mutex_lock(&sh->lock);
    if (sh->n_capture == sh->caps_cap) {
        size_t nc = sh->caps_cap ? sh->caps_cap * 2 : 8;
        void **v = wn_realloc(sh->caps, nc * sizeof *v);
        if (v) {
            sh->caps = v;
            sh->caps_cap = nc;
        } else {
            st = WN_ERR_NOMEM;
        }
    }
    unsigned index = sh->base + (unsigned)sh->n_capture;
    if (!st)
        sh->caps[sh->n_capture++] = x;
    pthread_mutex_unlock(&sh->lock);
    if (st) {
        wn_free(x);
        return st;
    }
    *out = x;
    for (size_t s = 0; !st && s < sh->n_stages; s++)
        if (sh->stages[s].stage->ctx_create)
            st = sh->stages[s].stage->ctx_create(sh->stages[s].config, &x->inner[s]);
    char path[4200];
    snprintf(path, sizeof path, "%s/capture.w%u", sh->dir, index);
    if (!st)
        st = wn_rec_writer_create(&x->data, path, K_CAPTURE, 1, (size_t)64 << 10);
    snprintf(path, sizeof path, "%s/capidx.w%u", sh->dir, index);
    if (!st)
        st = wn_rec_writer_create(&x->idx, path, K_CAPIDX, sizeof(capidx_rec), RANDOM_BLOCK);
    return st;   /* on error *out is freed by the pipeline through capture_ctx_free */
}

static void capture_process(void *ctx, wn_doc *d, wn_counters *c)
{
    capture_ctx *x = ctx;
    size_t n = x->sh->n_stages;
    uint32_t left = (uint32_t)n;
    for (size_t s = 0; s < n; s++)
        x->counts[s].n = 0;
    double t = monotonic();
    for (size_t s = 0; s < n; s++) {
        x->sh->stages[s].stage->process(x->inner[s], d, &x->counts[s]);
        double t1 = monotonic();
        x->spent[s] += t1 - t;
        t = t1;
        if (d->status != WN_DOC_KEPT) {
            left = (uint32_t)s;
            break;
        }
    }
    wn_status st = x->err;
    if (!st && (d->input_index >= (1u << 24) || d->record_index >= (1ULL << 40)))
        st = WN_ERR_UNSUPPORTED;
    if (!st && d->input_index >= x->n_counts) {
        size_t nc = d->input_index + 64;
        uint64_t *v = wn_realloc(x->counts_in, nc * 8);
        if (v) {
            memset(v + x->n_counts, 0, (nc - x->n_counts) * 8);
            x->counts_in = v;
            x->n_counts = nc;
        } else {
            st = WN_ERR_NOMEM;
        }
    }
    if (!st && x->counts_in[d->input_index] < d->record_index + 1)
        x->counts_in[d->input_index] = d->record_index + 1;
    wn_buf_reset(&x->rec);
    if (!st)
        st = wn_capture_encode(&x->rec, d, left, x->counts, n);
    capidx_rec r = { POS(d->input_index, d->record_index), x->off, x->rec.len };
    if (!st)
        st = wn_rec_writer_add_n(x->data, x->rec.data, x->rec.len);
    if (!st)
        st = wn_rec_writer_add(x->idx, &r);
    x->off += x->rec.len;
    if (x->rec.cap > ((size_t)1 << 20))
        wn_buf_free(&x->rec);
    x->spent[64] += monotonic() - t;
    if (st) {
        if (!x->err)
            x->err = st;
        if (d->status == WN_DOC_KEPT)
            wn_doc_fail(d, "dedup_capture", "%s: record %llu: cannot save: %s",
                        d->source.data ? d->source.data : "?", (unsigned long long)d->record_index,
                        wn_strerror(st));
    }
    (void)c;
}

static const wn_stage stage_capture = { "dedup_capture", capture_ctx_create, capture_ctx_free, capture_process };

/* The pipeline measured the CPU time of the capture stage as a whole (cfg.timing): it is
 * shared out between the run's stages inside it and the capture itself in the proportions of
 * the time each took, so that the timing names the stages that cost (extraction, not
 * "capture"). */
static void split_capture_time(wn_run_timing *t, const sign_shared *sh)
{
    double part[65] = { 0 }, sum = 0;
    size_t n = sh->n_stages;
    for (size_t w = 0; w < sh->n_capture; w++) {
        const capture_ctx *x = sh->caps[w];
        for (size_t s = 0; s < n; s++)
            part[s] += x->spent[s];
        part[64] += x->spent[64];
    }
    for (size_t s = 0; s < n; s++)
        sum += part[s];
    sum += part[64];
    for (size_t i = 0; sum > 0 && i < t->n_cpu; i++) {
        if (strcmp(t->cpu_name[i], stage_capture.name))
            continue;
        double total = t->cpu_seconds[i];
        t->cpu_seconds[i] = total * part[64] / sum;
        for (size_t s = 0; s < n; s++)
            wn_run_timing_cpu(t, sh->stages[s].stage->name, total * part[s] / sum);
        break;
    }
}

static unsigned effective_threads(unsigned t)
{
    if (t == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        t = n > 0 ? (unsigned)n : 1;
    }
    return t > 256 ? 256 : t;
}

/* Under MPI: every rank's worker count, so that each numbers its files after those of the
 * ranks before it (*base); all ranks then write into the one work directory. Collective. */
static wn_status ranks_base(const wn_comm *c, unsigned threads, unsigned *base)
{
    *base = 0;
    if (!wn_comm_active(c))
        return WN_OK;
    wn_buf all;
    wn_buf_init(&all, 0);
    uint64_t *counts = wn_calloc((size_t)c->size, 8);
    uint64_t mine = threads;
    wn_status st = counts ? c->allgather(c, &mine, 8, &all, counts) : WN_ERR_NOMEM;
    if (!st && all.len != (size_t)c->size * 8)
        st = WN_ERR_CORRUPT;
    for (int r = 0; !st && r < c->rank; r++) {
        uint64_t t;
        memcpy(&t, all.data + (size_t)r * 8, 8);
        *base += (unsigned)t;
    }
    wn_free(counts);
    wn_buf_free(&all);
    return st;
}

/* Under MPI, after signing: the ranks agree on the outcome, then every rank gets the manifest
 * of the whole job: the workers of all ranks in rank order (their files are numbered so, see
 * ranks_base), their runs, and per input the largest count any rank saw (an input is read by
 * one rank; the others saw none of it); the same for the capture counts *cc. Collective. */
static wn_status ranks_manifest(const wn_comm *c, wn_status st, manifest *m, uint64_t *cc,
                                char *err, size_t err_cap)
{
    st = wn_comm_agree(c, st, NULL, err, err_cap);
    if (st)
        return st;
    size_t n_in = (size_t)m->n_inputs;
    size_t words = 2 + (size_t)m->workers * N_RUN_KINDS + 2 * n_in;
    uint64_t *mine = wn_calloc(words, 8);
    uint64_t *counts = wn_calloc((size_t)c->size, 8);
    wn_buf all;
    wn_buf_init(&all, 0);
    if (mine) {
        mine[0] = m->workers;
        mine[1] = n_in;
        memcpy(mine + 2, m->runs, (size_t)m->workers * N_RUN_KINDS * 8);
        memcpy(mine + 2 + m->workers * N_RUN_KINDS, m->counts, n_in * 8);
        if (cc)
            memcpy(mine + 2 + m->workers * N_RUN_KINDS + n_in, cc, n_in * 8);
    }
    /* a rank out of memory sends nothing, and every rank sees it below */
    st = counts ? c->allgather(c, mine, mine ? words * 8 : 0, &all, counts) : WN_ERR_NOMEM;
    uint64_t workers = 0;
    size_t off = 0;
    for (int r = 0; !st && r < c->size; r++) {
        uint64_t h[2] = { 0, 0 };
        if (counts[r] >= 16)
            memcpy(h, all.data + off, 16);
        if (counts[r] < 16 || h[1] != n_in || counts[r] != (2 + h[0] * N_RUN_KINDS + 2 * n_in) * 8) {
            snprintf(err, err_cap, "rank %d: bad signing summary", r);
            st = WN_ERR_CORRUPT;
        }
        workers += h[0];
        off += (size_t)counts[r];
    }
    uint64_t *runs = st ? NULL : wn_calloc(workers * N_RUN_KINDS + 1, 8);
    if (!st && !runs)
        st = WN_ERR_NOMEM;
    off = 0;
    uint64_t w0 = 0;
    for (int r = 0; !st && r < c->size; r++) {
        const char *p = all.data + off;
        uint64_t nw;
        memcpy(&nw, p, 8);
        memcpy(runs + w0 * N_RUN_KINDS, p + 16, (size_t)nw * N_RUN_KINDS * 8);
        for (size_t i = 0; i < n_in; i++) {
            uint64_t v, u;
            memcpy(&v, p + 16 + (nw * N_RUN_KINDS + i) * 8, 8);
            memcpy(&u, p + 16 + (nw * N_RUN_KINDS + n_in + i) * 8, 8);
            if (r == 0 || v > m->counts[i])
                m->counts[i] = v;
            if (cc && (r == 0 || u > cc[i]))
                cc[i] = u;
        }
        w0 += nw;
        off += (size_t)counts[r];
    }
    if (!st) {
        wn_free(m->runs);
        m->runs = runs;
        m->workers = workers;
    }
    wn_free(mine);
    wn_free(counts);
    wn_buf_free(&all);
    return wn_comm_agree(c, st, NULL, err, err_cap);
}

wn_status wn_dedup_sign(const wn_run_config *cfg, const wn_stage_ref *stages, size_t n_stages,
                        const wn_dedup_opts *o, const char *const *inputs, size_t n_inputs,
                        char *err, size_t err_cap)
{
    size_t k = (size_t)o->minhash.bands * o->minhash.rows;
    if (!o->work_dir || !o->methods || k == 0 || k > 512 || o->minhash.ngram == 0 ||
        o->threshold < 0 || o->threshold > 1 || (o->para_bloom && (o->para_fpr <= 0 || o->para_fpr >= 1))) {
        snprintf(err, err_cap, "dedup: bad options (hashes = bands x rows must be 1..512)");
        return WN_ERR_USAGE;
    }
    for (size_t i = 0; i < n_inputs; i++)
        if (!strcmp(inputs[i], "-")) {
            snprintf(err, err_cap, "dedup reads its inputs twice (sign, then apply): stdin ('-') "
                     "cannot be an input; save it to a file first");
            return WN_ERR_USAGE;
        }
    wn_status made = wn_mkdirs(o->work_dir);
    if (made)
        snprintf(err, err_cap, "%s: cannot create work directory", o->work_dir);
    /* under MPI this is the first collective: a rank that cannot go on says so here */
    if (wn_comm_active(cfg->comm))
        made = wn_comm_agree(cfg->comm, made, NULL, err, err_cap);
    if (made)
        return made;
    wn_run_config c = *cfg;
    c.out_dir = NULL;
    c.write_outputs = false;
    unsigned threads = effective_threads(c.threads);
    c.threads = threads;
    sign_shared sh = { .o = o, .dir = o->work_dir };
    sh.budget = (size_t)(o->memory / 2 / threads);
    const wn_comm *comm = cfg->comm;
    if (ranks_base(comm, threads, &sh.base)) {
        snprintf(err, err_cap, "dedup: cannot exchange worker counts between ranks");
        return WN_ERR_IO;
    }
    pthread_mutex_init(&sh.lock, NULL);
    wn_pipeline *p = NULL;
    wn_status st = wn_pipeline_create(&p, &c);
    /* with stages (run --dedup), one capture stage runs them and keeps their result, so that
     * apply does not run them again */
    /* test hook: the former way (stages run again in apply), the oracle of tests/cli/dedup_run.sh */
    bool capture = n_stages > 0 && !getenv("WINNOW_TEST_DEDUP_RERUN_STAGES");
    sh.stages = stages;
    sh.n_stages = n_stages;
    if (!st && n_stages > 16)
        st = WN_ERR_USAGE;   /* apply has 16 proxy functions (PROXY_FNS) */
    if (!st && capture)
        st = wn_pipeline_add_stage(p, &stage_capture, &sh);
    for (size_t i = 0; !st && !capture && i < n_stages; i++)
        st = wn_pipeline_add_stage(p, stages[i].stage, stages[i].config);
    if (!st)
        st = wn_pipeline_add_stage(p, &stage_sign, &sh);
    wn_run_summary sum;
    if (!st && (st = wn_pipeline_run(p, inputs, n_inputs, &sum)))
        snprintf(err, err_cap, "%s", wn_pipeline_error(p)[0] ? wn_pipeline_error(p) : wn_strerror(st));
    if (!st && capture && c.timing)
        split_capture_time(c.timing, &sh);
    manifest m = { .workers = sh.n, .n_inputs = n_inputs, .o = *o };
    /* wn_pipeline_run expands directories: count what it read, not what was given */
    char **files = NULL;
    size_t n_files = 0;
    if (!st && !(st = wn_inputs_expand(inputs, n_inputs, &files, &n_files))) {
        m.n_inputs = n_files;
        wn_inputs_free(files, n_files);
    }
    if (!st) {
        m.runs = wn_calloc(sh.n * N_RUN_KINDS + 1, 8);
        m.counts = wn_calloc(m.n_inputs + 1, 8);
        if (!m.runs || !m.counts)
            st = WN_ERR_NOMEM;
    }
    for (size_t w = 0; !st && w < sh.n; w++) {
        sign_ctx *x = sh.ctxs[w];
        if (x->err) {
            st = x->err;
            snprintf(err, err_cap, "%s: cannot write intermediate files: %s", o->work_dir, io_reason(st));
            break;
        }
        for (int i = 0; i < N_RUN_KINDS && !st; i++) {
            if (x->sorters[i] && !(st = wn_sorter_flush(x->sorters[i])))
                m.runs[w * N_RUN_KINDS + i] = wn_sorter_runs(x->sorters[i]);
        }
        for (size_t i = 0; i < x->n_counts && i < m.n_inputs; i++)
            if (x->counts[i] > m.counts[i])
                m.counts[i] = x->counts[i];
        st = close_or_abort(x->docs, st);
        x->docs = NULL;
        st = close_or_abort(x->ids, st);
        x->ids = NULL;
        st = close_or_abort(x->sigs, st);
        x->sigs = NULL;
        st = close_or_abort(x->shingles, st);
        x->shingles = NULL;
        if (st && !err[0])
            snprintf(err, err_cap, "%s: cannot write intermediate files: %s", o->work_dir, io_reason(st));
    }
    /* the captured documents are numbered on their own (capcounts): the manifest's numbering,
     * which the cluster ids show, stays that of the signed documents */
    uint64_t *cc = capture && !st ? wn_calloc(m.n_inputs + 1, 8) : NULL;
    if (capture && !st && !cc)
        st = WN_ERR_NOMEM;
    for (size_t w = 0; !st && w < sh.n_capture; w++) {
        capture_ctx *x = sh.caps[w];
        for (size_t i = 0; i < x->n_counts && i < m.n_inputs; i++)
            if (x->counts_in[i] > cc[i])
                cc[i] = x->counts_in[i];
        if ((st = x->err))
            snprintf(err, err_cap, "%s: cannot write intermediate files: %s", o->work_dir, io_reason(st));
        st = close_or_abort(x->data, st);
        x->data = NULL;
        st = close_or_abort(x->idx, st);
        x->idx = NULL;
        if (st && !err[0])
            snprintf(err, err_cap, "%s: cannot write intermediate files: %s", o->work_dir, io_reason(st));
    }
    if (!st && m.captured && sh.n_capture != sh.n) {
        snprintf(err, err_cap, "%s: %zu capture files for %zu workers", o->work_dir, sh.n_capture, sh.n);
        st = WN_ERR_CORRUPT;
    }
    if (!st && sh.n != threads) {
        /* ranks_base counted on one file per worker thread */
        snprintf(err, err_cap, "%s: %zu sign workers for %u threads", o->work_dir, sh.n, threads);
        st = WN_ERR_CORRUPT;
    }
    m.captured = capture;
    /* under MPI the ranks exchange their parts and rank 0 writes the job's manifest */
    bool writer = !wn_comm_active(comm) || comm->rank == 0;
    if (wn_comm_active(comm))
        st = ranks_manifest(comm, st, &m, cc, err, err_cap);
    if (!st && capture && writer) {
        char path[4200];
        path_of(path, sizeof path, o->work_dir, "capcounts");
        wn_rec_writer *w;
        if (!(st = wn_rec_writer_create(&w, path, K_CAPCOUNTS, 8, RANDOM_BLOCK))) {
            if ((st = wn_rec_writer_add_n(w, cc, m.n_inputs)))
                wn_rec_writer_abort(w);
            else
                st = wn_rec_writer_close(w, m.n_inputs);
        }
        if (st)
            snprintf(err, err_cap, "%s: cannot write: %s", path, io_reason(st));
    }
    wn_free(cc);
    if (!st && writer && (st = manifest_write(o->work_dir, &m)))
        snprintf(err, err_cap, "%s/manifest: cannot write: %s", o->work_dir, io_reason(st));
    /* the step's files were fsynced one by one (recfile.c); their names now are too */
    if (!st && writer)
        st = wn_dir_sync(o->work_dir, err, err_cap);
    if (wn_comm_active(comm))
        st = wn_comm_agree(comm, st, NULL, err, err_cap);
    manifest_free(&m);
    wn_pipeline_free(p);
    wn_free(sh.ctxs);
    wn_free(sh.caps);
    pthread_mutex_destroy(&sh.lock);
    return st;
}

/* ---- step 2: resolve ----------------------------------------------------------------------------- */

typedef struct {
    const char *dir;
    manifest m;
    uint32_t *parent;
    uint32_t *own_parent;        /* under MPI, --confirm exact: the joins of this rank's pairs */
    uint8_t *flags;              /* F_EXACT, F_URL: an earlier document has the same key */
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

enum { F_EXACT = 1, F_URL = 2 };

static uint32_t uf_find(uint32_t *p, uint32_t x)
{
    while (p[x] != x) {
        p[x] = p[p[x]];   /* path halving */
        x = p[x];
    }
    return x;
}

/* The smaller root wins, so a cluster's root is its first document whatever the order of
 * the unions. */
static bool uf_union(uint32_t *p, uint32_t a, uint32_t b)
{
    a = uf_find(p, a);
    b = uf_find(p, b);
    if (a == b)
        return false;
    if (a < b)
        p[b] = a;
    else
        p[a] = b;
    return true;
}

static void step_progress(void *ud, uint64_t records)
{
    resolver *r = ud;
    r->progress->fn(r->progress->ud, r->step, records);
}

/* Names the step resolve starts, and counts the records m (may be NULL) goes through, so that
 * a progress line says what resolve does instead of going blank. */
static void watch(resolver *r, wn_merger *m, const char *step)
{
    if (!r->progress || !r->progress->fn)
        return;
    r->step = step;
    r->progress->fn(r->progress->ud, step, 0);
    if (m)
        wn_merger_watch(m, step_progress, r);
}

static wn_status pos_to_seq(resolver *r, uint64_t pos, uint32_t *seq)
{
    uint32_t in = POS_INPUT(pos);
    uint64_t rec = POS_RECORD(pos);
    if (in >= r->m.n_inputs || rec >= r->m.counts[in]) {
        snprintf(r->err, r->err_cap, "%s: a key names document %u/%llu, outside the manifest",
                 r->dir, in, (unsigned long long)rec);
        return WN_ERR_CORRUPT;
    }
    *seq = (uint32_t)(r->m.bases[in] + rec);
    return WN_OK;
}

static wn_status open_merger(resolver *r, int kind_index, uint32_t kind, uint32_t rec_size,
                             wn_merger **out)
{
    size_t total = 0;
    for (uint64_t w = 0; w < r->m.workers; w++)
        total += r->m.runs[w * N_RUN_KINDS + kind_index];
    char **paths = wn_calloc(total + 1, sizeof *paths);
    if (!paths)
        return WN_ERR_NOMEM;
    size_t n = 0;
    wn_status st = WN_OK;
    for (uint64_t w = 0; w < r->m.workers && !st; w++)
        for (uint64_t i = 0; i < r->m.runs[w * N_RUN_KINDS + kind_index]; i++) {
            char p[4200];
            snprintf(p, sizeof p, "%s/%s.w%llu.%04llu.run", r->dir, RUN_NAMES[kind_index],
                     (unsigned long long)w, (unsigned long long)i);
            if (!(paths[n] = wn_strdup(p))) { st = WN_ERR_NOMEM; break; }
            n++;
        }
    if (!st)
        st = wn_merger_open(out, paths, n, kind, rec_size, r->err, r->err_cap);
    for (size_t i = 0; i < n; i++)
        wn_free(paths[i]);
    wn_free(paths);
    return st;
}

static wn_status merger_fail(resolver *r, wn_merger *m, wn_status st)
{
    if (st != WN_END && !r->err[0])
        snprintf(r->err, r->err_cap, "%s", wn_merger_error(m));
    wn_merger_close(m);
    return st == WN_END ? WN_OK : st;
}

/* Exact and URL keys: every document after the first of a group is its duplicate. */
static wn_status resolve_exact(resolver *r, int kind_index, uint8_t flag)
{
    wn_merger *m;
    wn_status st = open_merger(r, kind_index, (uint32_t)(K_EXACT + kind_index), 16, &m);
    if (st)
        return st;
    watch(r, m, kind_index == 0 ? "exact keys" : "url keys");
    const void *p;
    uint64_t key = 0;
    uint32_t first = 0;
    bool have = false;
    uint64_t dups = 0;
    while (!(st = wn_merger_next(m, &p))) {
        const key_rec *k = p;
        uint32_t seq;
        if ((st = pos_to_seq(r, k->pos, &seq)))
            break;
        if (have && k->key == key) {
            r->flags[seq] |= flag;
            uf_union(r->parent, first, seq);
            dups++;
        } else {
            key = k->key;
            first = seq;
            have = true;
        }
    }
    wn_counter_add(r->stats, flag == F_EXACT ? "exact_duplicates" : "url_duplicates", dups);
    return merger_fail(r, m, st);
}

static wn_status load_sig(resolver *r, uint32_t seq, const uint16_t **sig)
{
    const void *p;
    wn_status st = wn_rec_reader_get(r->docinfo, seq, &p);
    if (!st) {
        const docinfo_rec *di = p;
        if (di->worker >= r->m.workers)
            st = WN_ERR_CORRUPT;
        else
            st = wn_rec_reader_get(r->sigs[di->worker], di->local, &p);
    }
    if (st) {
        snprintf(r->err, r->err_cap, "%s: signatures: %s", r->dir,
                 st == WN_ERR_CORRUPT ? "block checksum mismatch" : wn_strerror(st));
        return st;
    }
    *sig = p;
    return WN_OK;
}

/* Whether two documents of one band bucket are near duplicates. */
static wn_status confirm(resolver *r, const uint16_t *a, uint32_t b, bool *ok)
{
    *ok = true;
    if (r->m.o.threshold <= 0)
        return WN_OK;
    const uint16_t *sb;
    wn_status st = load_sig(r, b, &sb);
    if (st)
        return st;
    size_t k = (size_t)r->m.o.minhash.bands * r->m.o.minhash.rows;
    *ok = wn_minhash_estimate(a, sb, k) >= r->m.o.threshold;
    return WN_OK;
}

/* Band buckets: each member is compared with the bucket's first member and with the member
 * before it (a chain), which is linear in the bucket size yet joins a run of near-identical
 * documents even when the first is not similar to all of them. */
static wn_status resolve_bands(resolver *r, wn_sorter *pairs)
{
    wn_merger *m;
    wn_status st = open_merger(r, 2, K_BAND, 16, &m);
    if (st)
        return st;
    watch(r, m, "minhash bands");
    bool estimate = r->m.o.threshold > 0 && !pairs;
    size_t k = (size_t)r->m.o.minhash.bands * r->m.o.minhash.rows;
    uint16_t *first_sig = wn_malloc(k * 2), *prev_sig = wn_malloc(k * 2);
    if (!first_sig || !prev_sig) {
        wn_free(first_sig);
        wn_free(prev_sig);
        wn_merger_close(m);
        return WN_ERR_NOMEM;
    }
    const void *p;
    uint64_t key = 0, candidates = 0, confirmed = 0, rejected = 0;
    uint32_t first = 0, prev = 0;
    bool have = false, first_loaded = false;
    while (!(st = wn_merger_next(m, &p))) {
        const key_rec *kr = p;
        uint32_t seq;
        if ((st = pos_to_seq(r, kr->pos, &seq)))
            break;
        if (!have || kr->key != key) {
            /* most buckets hold one document: its signature is read only if a second comes */
            key = kr->key;
            first = prev = seq;
            have = true;
            first_loaded = false;
            continue;
        }
        candidates++;
        if (estimate && !first_loaded) {
            const uint16_t *s;
            if ((st = load_sig(r, first, &s)))
                break;
            memcpy(first_sig, s, k * 2);
            memcpy(prev_sig, s, k * 2);
            first_loaded = true;
        }
        /* each link is confirmed on its own: being in first's cluster already says nothing
         * about prev */
        uint32_t rs = uf_find(r->parent, seq);
        bool ok_first = rs == uf_find(r->parent, first);
        bool ok_prev = prev != first && rs == uf_find(r->parent, prev);
        if (pairs) {
            /* exact confirmation: the links are decided later, pair by pair in document order
             * (confirm_pairs); a link already implied by earlier unions needs no check */
            key_rec pr = { (uint64_t)first << 32 | seq, 0 };
            if (!ok_first && (st = wn_sorter_add(pairs, &pr)))
                break;
            pr.key = (uint64_t)prev << 32 | seq;
            if (!ok_prev && prev != first && (st = wn_sorter_add(pairs, &pr)))
                break;
            prev = seq;
            continue;
        } else if (estimate) {
            const uint16_t *s;
            if ((st = load_sig(r, seq, &s)))
                break;
            if (!ok_first)
                ok_first = wn_minhash_estimate(first_sig, s, k) >= r->m.o.threshold;
            if (!ok_prev && prev != first)
                ok_prev = wn_minhash_estimate(prev_sig, s, k) >= r->m.o.threshold;
            memcpy(prev_sig, s, k * 2);
        } else {
            ok_first = true;
        }
        bool joined = false;
        if (ok_first)
            joined |= uf_union(r->parent, first, seq);
        if (ok_prev)
            joined |= uf_union(r->parent, prev, seq);
        if (joined)
            confirmed++;
        if (!ok_first && !ok_prev)
            rejected++;
        prev = seq;
    }
    (void)confirm;
    wn_free(first_sig);
    wn_free(prev_sig);
    wn_counter_add(r->stats, "lsh_candidate_pairs", candidates);
    if (!pairs) {
        wn_counter_add(r->stats, "lsh_rejected_pairs", rejected);
        wn_counter_add(r->stats, "lsh_new_unions", confirmed);
    }
    return merger_fail(r, m, st);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The distinct shingle hashes of document seq, sorted, into *buf (grown with wn_realloc). */
static wn_status load_shingles(resolver *r, uint32_t seq, uint64_t **buf, size_t *cap, size_t *n)
{
    const void *p;
    wn_status st = wn_rec_reader_get(r->docinfo, seq, &p);
    const docinfo_rec *di = p;
    doc_rec dr;
    if (!st && di->worker >= r->m.workers)
        st = WN_ERR_CORRUPT;
    wn_rec_reader *sr = st ? NULL : r->shingles[di->worker];
    if (!st && !(st = wn_rec_reader_get(r->docs[di->worker], di->local, &p))) {
        memcpy(&dr, p, sizeof dr);
        /* the offsets come from disk: check them against the file before trusting them */
        if (dr.sh_off > wn_rec_reader_count(sr) || dr.n_shingles > wn_rec_reader_count(sr) - dr.sh_off)
            st = WN_ERR_CORRUPT;
    }
    if (!st && dr.n_shingles > *cap) {
        uint64_t *v = wn_realloc(*buf, (size_t)dr.n_shingles * 8);
        if (!v)
            st = WN_ERR_NOMEM;
        else {
            *buf = v;
            *cap = dr.n_shingles;
        }
    }
    for (uint32_t i = 0; !st && i < dr.n_shingles; i++) {
        if (!(st = wn_rec_reader_get(sr, dr.sh_off + i, &p)))
            memcpy(*buf + i, p, 8);
    }
    if (st) {
        if (!r->err[0])
            snprintf(r->err, r->err_cap, "%s: shingles of document %u: %s", r->dir, seq,
                     st == WN_ERR_CORRUPT || st == WN_ERR_USAGE ? "damaged (offsets or block checksum)" : wn_strerror(st));
        return st == WN_ERR_USAGE ? WN_ERR_CORRUPT : st;
    }
    size_t m = dr.n_shingles;
    qsort(*buf, m, 8, cmp_u64);
    size_t u = 0;
    for (size_t i = 0; i < m; i++)
        if (u == 0 || (*buf)[u - 1] != (*buf)[i])
            (*buf)[u++] = (*buf)[i];
    *n = u;
    return WN_OK;
}

/* Jaccard of two sorted sets of distinct hashes. */
static double jaccard_sorted(const uint64_t *A, size_t na, const uint64_t *B, size_t nb)
{
    size_t i = 0, j = 0, inter = 0;
    while (i < na && j < nb) {
        if (A[i] == B[j]) { inter++; i++; j++; }
        else if (A[i] < B[j]) i++;
        else j++;
    }
    size_t uni = na + nb - inter;
    return uni ? (double)inter / (double)uni : 1.0;
}

/* The verdict on one candidate pair (a < b, key = a << 32 | b), after check_pairs joined it in
 * its union-find when it passed. */
typedef wn_status (*pair_verdict_fn)(uint64_t key, bool pass, void *ctx);

/* Candidate pairs from m in (a, b) order: repeats (a pair meets in several bands) and pairs that
 * `parent` joins already are skipped; the others get the exact Jaccard of their shingle sets
 * against the threshold, are joined in `parent` when they pass, and go to `verdict`. Sorted by
 * a, each first document's set is read once. */
static wn_status check_pairs(resolver *r, wn_merger *m, uint32_t *parent, pair_verdict_fn verdict, void *ctx)
{
    uint64_t *A = NULL, *B = NULL, last = UINT64_MAX;
    size_t cap_a = 0, cap_b = 0, na = 0, nb = 0;
    uint32_t loaded_a = UINT32_MAX;
    wn_status st;
    const void *p;
    while (!(st = wn_merger_next(m, &p))) {
        uint64_t key = ((const key_rec *)p)->key;
        if (key == last)
            continue;
        last = key;
        uint32_t a = (uint32_t)(key >> 32), b = (uint32_t)key;
        if (a >= r->m.n_seq || b >= r->m.n_seq || a >= b) {
            snprintf(r->err, r->err_cap, "%s: candidate pairs: document numbers out of range", r->dir);
            st = WN_ERR_CORRUPT;
            break;
        }
        if (uf_find(parent, a) == uf_find(parent, b))
            continue;
        if (a != loaded_a) {
            if ((st = load_shingles(r, a, &A, &cap_a, &na)))
                break;
            loaded_a = a;
        }
        if ((st = load_shingles(r, b, &B, &cap_b, &nb)))
            break;
        bool pass = jaccard_sorted(A, na, B, nb) >= r->m.o.threshold;
        if (pass)
            uf_union(parent, a, b);
        if ((st = verdict(key, pass, ctx)))
            break;
    }
    wn_free(A);
    wn_free(B);
    return st;
}

typedef struct {
    uint64_t checked, joined, rejected;
} pair_tally;

static void add_tally(resolver *r, const pair_tally *t)
{
    wn_counter_add(r->stats, "exact_pairs_checked", t->checked);
    wn_counter_add(r->stats, "lsh_rejected_pairs", t->rejected);
    wn_counter_add(r->stats, "lsh_new_unions", t->joined);
}

static wn_status count_verdict(uint64_t key, bool pass, void *ctx)
{
    (void)key;
    pair_tally *t = ctx;
    t->checked++;
    if (pass)
        t->joined++;
    else
        t->rejected++;
    return WN_OK;
}

/* --confirm exact: every candidate pair, sorted by (a, b) and deduplicated (a pair meets in
 * several bands), joined when the exact Jaccard of the two shingle sets reaches the threshold.
 * Sorted by a, each first document's set is read once; unions only merge, and the smaller root
 * wins, so the order of the checks cannot change the clusters. */
static wn_status confirm_pairs(resolver *r, unsigned runs)
{
    if (runs == 0)
        return WN_OK;
    char **paths = wn_calloc(runs, sizeof *paths);
    wn_status st = paths ? WN_OK : WN_ERR_NOMEM;
    for (unsigned i = 0; !st && i < runs; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/pairs.%04u.run", r->dir, i);
        if (!(paths[i] = wn_strdup(path)))
            st = WN_ERR_NOMEM;
    }
    wn_merger *m = NULL;
    if (!st)
        st = wn_merger_open(&m, paths, runs, K_PAIRS, 16, r->err, r->err_cap);
    for (unsigned i = 0; paths && i < runs; i++)
        wn_free(paths[i]);
    wn_free(paths);
    if (st)
        return st;
    watch(r, m, "pairs checked");
    pair_tally tally = { 0, 0, 0 };
    st = check_pairs(r, m, r->parent, count_verdict, &tally);
    add_tally(r, &tally);
    return merger_fail(r, m, st);
}

/* docinfo: for each seq, which sign worker's files hold the document (holes: not signed). */
static wn_status build_docinfo(resolver *r)
{
    char path[4200];
    uint64_t W = r->m.workers;
    watch(r, NULL, "documents indexed");
    wn_rec_reader **docs = wn_calloc(W, sizeof *docs);
    const doc_rec **head = wn_calloc(W, sizeof *head);
    uint64_t *local = wn_calloc(W, 8);
    wn_rec_writer *w = NULL;
    wn_status st = (docs && head && local) ? WN_OK : WN_ERR_NOMEM;
    for (uint64_t i = 0; i < W && !st; i++) {
        snprintf(path, sizeof path, "%s/docs.w%llu", r->dir, (unsigned long long)i);
        st = wn_rec_reader_open(&docs[i], path, K_DOCS, sizeof(doc_rec), r->err, r->err_cap);
        if (!st) {
            const void *p;
            wn_status s2 = wn_rec_reader_get(docs[i], 0, &p);
            if (s2 == WN_OK) {
                /* copy: the reader's block moves on */
                doc_rec *c = wn_malloc(sizeof *c);
                if (!c) st = WN_ERR_NOMEM;
                else { memcpy(c, p, sizeof *c); head[i] = c; }
            } else if (s2 != WN_ERR_USAGE) {
                st = s2;
                snprintf(r->err, r->err_cap, "%s: block checksum mismatch", path);
            }
        }
    }
    path_of(path, sizeof path, r->dir, "docinfo");
    if (!st)
        st = wn_rec_writer_create(&w, path, K_DOCINFO, sizeof(docinfo_rec), RANDOM_BLOCK);
    uint64_t next = 0;
    while (!st) {
        uint64_t best = W;
        for (uint64_t i = 0; i < W; i++)
            if (head[i] && (best == W || head[i]->pos < head[best]->pos))
                best = i;
        if (best == W)
            break;
        uint32_t seq;
        if ((st = pos_to_seq(r, head[best]->pos, &seq)))
            break;
        if (seq < next) {
            snprintf(r->err, r->err_cap, "%s: docs.w%llu: positions out of order", r->dir, (unsigned long long)best);
            st = WN_ERR_CORRUPT;
            break;
        }
        for (; next < seq && !st; next++)
            st = wn_rec_writer_add(w, &(docinfo_rec){ NO_WORKER, 0 });
        if (st)
            break;
        st = wn_rec_writer_add(w, &(docinfo_rec){ best, local[best] });
        next++;
        local[best]++;
        const void *p;
        wn_status s2 = wn_rec_reader_get(docs[best], local[best], &p);
        if (s2 == WN_OK) {
            memcpy((void *)head[best], p, sizeof(doc_rec));
        } else if (s2 == WN_ERR_USAGE) {
            wn_free((void *)head[best]);
            head[best] = NULL;
        } else {
            st = s2;
            snprintf(r->err, r->err_cap, "%s/docs.w%llu: block checksum mismatch", r->dir, (unsigned long long)best);
        }
    }
    for (; !st && next < r->m.n_seq; next++)
        st = wn_rec_writer_add(w, &(docinfo_rec){ NO_WORKER, 0 });
    if (!st)
        st = wn_rec_writer_close(w, r->m.n_seq);
    else
        wn_rec_writer_abort(w);
    for (uint64_t i = 0; i < W; i++) {
        if (docs && docs[i])
            wn_rec_reader_close(docs[i]);
        if (head)
            wn_free((void *)head[i]);
    }
    wn_free(docs);
    wn_free(head);
    wn_free(local);
    if (st && !r->err[0])
        snprintf(r->err, r->err_cap, "%s/docinfo: %s", r->dir, wn_strerror(st));
    return st;
}

/* Paragraphs: the first occurrence among documents that survive is kept; removal records
 * (seq, line) go to a sorter so that decisions can be written in document order. */
static wn_status resolve_paragraphs(resolver *r, wn_sorter *rm)
{
    wn_merger *m;
    bool bloom = r->m.o.para_bloom;
    wn_status st = open_merger(r, 3, bloom ? K_PARA_POS : K_PARA, 24, &m);
    if (st)
        return st;
    watch(r, m, "paragraphs");
    uint64_t *bits = NULL, nbits = 0;
    unsigned nh = 0;
    if (bloom) {
        double n = (double)(r->m.o.para_expected ? r->m.o.para_expected : 1);
        double mb = ceil(-n * log(r->m.o.para_fpr) / (M_LN2 * M_LN2));
        nbits = (uint64_t)mb < 64 ? 64 : (uint64_t)mb;
        nh = (unsigned)lround((double)nbits / n * M_LN2);
        if (nh < 1) nh = 1;
        if (nh > 30) nh = 30;
        bits = wn_calloc((size_t)(nbits + 63) / 64, 8);
        if (!bits) {
            wn_merger_close(m);
            return WN_ERR_NOMEM;
        }
    }
    const void *p;
    uint64_t key = 0, removed = 0;
    bool have_key = false, have_keeper = false;
    while (!(st = wn_merger_next(m, &p))) {
        const rec3 *x = p;
        uint64_t h = bloom ? x->c : x->a, pos = bloom ? x->a : x->b, line = bloom ? x->b : x->c;
        uint32_t seq;
        if ((st = pos_to_seq(r, pos, &seq)))
            break;
        if (uf_find(r->parent, seq) != seq)
            continue; /* the document is dropped as a whole: its paragraphs do not count */
        bool seen;
        if (bloom) {
            /* Kirsch-Mitzenmacher double hashing over one 64-bit hash */
            uint64_t h1 = h, h2 = wn_mix64(h ^ 0x51ed27) | 1;
            seen = true;
            for (unsigned i = 0; i < nh; i++) {
                uint64_t b = (h1 + i * h2) % nbits;
                if (!(bits[b >> 6] >> (b & 63) & 1)) {
                    seen = false;
                    bits[b >> 6] |= 1ULL << (b & 63);
                }
            }
        } else {
            if (!have_key || h != key) {
                key = h;
                have_key = true;
                have_keeper = false;
            }
            seen = have_keeper;
            have_keeper = true;
        }
        if (seen) {
            key_rec k = { seq, line };
            if ((st = wn_sorter_add(rm, &k)))
                break;
            removed++;
        }
    }
    wn_free(bits);
    wn_counter_add(r->stats, "paragraphs_removed", removed);
    return merger_fail(r, m, st);
}

static wn_status write_decisions(resolver *r, wn_sorter *rm, unsigned rm_runs)
{
    uint64_t n = r->m.n_seq;
    uint32_t *size = wn_calloc(n + 1, 4);
    if (!size)
        return WN_ERR_NOMEM;
    for (uint64_t s = 0; s < n; s++)
        size[uf_find(r->parent, (uint32_t)s)]++;
    watch(r, NULL, "decisions");
    char path[4200];
    wn_merger *m = NULL;
    wn_status st = WN_OK;
    (void)rm;
    if (rm_runs) {
        char **paths = wn_calloc(rm_runs, sizeof *paths);
        if (!paths)
            st = WN_ERR_NOMEM;
        for (unsigned i = 0; !st && i < rm_runs; i++) {
            snprintf(path, sizeof path, "%s/remove.%04u.run", r->dir, i);
            if (!(paths[i] = wn_strdup(path)))
                st = WN_ERR_NOMEM;
        }
        if (!st)
            st = wn_merger_open(&m, paths, rm_runs, K_REMOVE, 16, r->err, r->err_cap);
        for (unsigned i = 0; paths && i < rm_runs; i++)
            wn_free(paths[i]);
        wn_free(paths);
    }
    wn_rec_writer *dw = NULL, *pw = NULL;
    path_of(path, sizeof path, r->dir, "decisions");
    if (!st)
        st = wn_rec_writer_create(&dw, path, K_DECISION, sizeof(decision_rec), RANDOM_BLOCK);
    path_of(path, sizeof path, r->dir, "paraidx");
    if (!st)
        st = wn_rec_writer_create(&pw, path, K_PARAIDX, 4, RANDOM_BLOCK);
    const key_rec *rmh = NULL;
    const void *p;
    if (!st && m) {
        wn_status s2 = wn_merger_next(m, &p);
        if (s2 == WN_OK) rmh = p;
        else if (s2 != WN_END) st = s2;
    }
    uint64_t clusters = 0, dropped = 0;
    for (uint64_t s = 0; s < n && !st; s++) {
        if (r->progress && r->progress->fn && s && (s & 0xffff) == 0)
            step_progress(r, s);   /* documents decided so far */
        decision_rec d = { 0 };
        const docinfo_rec *di;
        if ((st = wn_rec_reader_get(r->docinfo, s, &p)))
            break;
        di = p;
        uint32_t root = uf_find(r->parent, (uint32_t)s);
        d.rep = root;
        d.size = size[root];
        d.para_off = wn_rec_writer_count(pw);
        if (di->worker == NO_WORKER) {
            d.reason = R_NONE;
        } else if (root != s) {
            d.reason = (r->flags[s] & F_EXACT) ? R_EXACT : (r->flags[s] & F_URL) ? R_URL : R_NEAR;
            dropped++;
            if ((st = wn_rec_reader_get(r->docinfo, root, &p)))
                break;
            di = p;
            d.rep_worker = di->worker;
            d.rep_local = di->local;
        } else {
            d.reason = R_KEPT;
            if (d.size > 1)
                clusters++;
        }
        while (rmh && rmh->key == s) {
            if (d.reason == R_KEPT) {
                uint32_t line = (uint32_t)rmh->pos;
                if ((st = wn_rec_writer_add(pw, &line)))
                    break;
                d.para_count++;
            }
            wn_status s2 = wn_merger_next(m, &p);
            if (s2 == WN_OK) rmh = p;
            else if (s2 == WN_END) rmh = NULL;
            else { st = s2; break; }
        }
        if (rmh && rmh->key < s) {
            st = WN_ERR_CORRUPT;
            break;
        }
        if (!st)
            st = wn_rec_writer_add(dw, &d);
    }
    if (!st && rmh)
        st = WN_ERR_CORRUPT;
    if (st && m && !r->err[0])
        snprintf(r->err, r->err_cap, "%s", wn_merger_error(m));
    wn_merger_close(m);
    if (!st) {
        st = wn_rec_writer_close(pw, 0);
        pw = NULL;
    }
    if (!st) {
        st = wn_rec_writer_close(dw, n);
        dw = NULL;
    }
    wn_rec_writer_abort(pw);
    wn_rec_writer_abort(dw);
    wn_free(size);
    wn_counter_add(r->stats, "clusters", clusters);
    wn_counter_add(r->stats, "documents_dropped", dropped);
    return st;
}

/* The readers resolve needs besides the runs: docinfo (built before), the signatures, and for
 * --confirm exact the docs and shingles files of every sign worker. */
static wn_status resolver_open(resolver *r)
{
    char path[4200];
    path_of(path, sizeof path, r->dir, "docinfo");
    wn_status st = wn_rec_reader_open(&r->docinfo, path, K_DOCINFO, sizeof(docinfo_rec), r->err, r->err_cap);
    if (st || !(r->m.o.methods & WN_DEDUP_MINHASH))
        return st;
    size_t k = (size_t)r->m.o.minhash.bands * r->m.o.minhash.rows;
    r->sigs = wn_calloc(r->m.workers, sizeof *r->sigs);
    if (!r->sigs)
        return WN_ERR_NOMEM;
    for (uint64_t w = 0; !st && w < r->m.workers; w++) {
        snprintf(path, sizeof path, "%s/sigs.w%llu", r->dir, (unsigned long long)w);
        st = wn_rec_reader_open(&r->sigs[w], path, K_SIGS, (uint32_t)(k * 2), r->err, r->err_cap);
    }
    if (st || !(r->m.o.confirm_exact && r->m.o.threshold > 0))
        return st;
    r->docs = wn_calloc(r->m.workers, sizeof *r->docs);
    r->shingles = wn_calloc(r->m.workers, sizeof *r->shingles);
    if (!r->docs || !r->shingles)
        return WN_ERR_NOMEM;
    for (uint64_t w = 0; !st && w < r->m.workers; w++) {
        snprintf(path, sizeof path, "%s/docs.w%llu", r->dir, (unsigned long long)w);
        st = wn_rec_reader_open(&r->docs[w], path, K_DOCS, sizeof(doc_rec), r->err, r->err_cap);
        snprintf(path, sizeof path, "%s/shingles.w%llu", r->dir, (unsigned long long)w);
        if (!st)
            st = wn_rec_reader_open(&r->shingles[w], path, K_SHINGLES, 8, r->err, r->err_cap);
    }
    return st;
}

static void resolver_close(resolver *r)
{
    for (uint64_t w = 0; r->sigs && w < r->m.workers; w++)
        wn_rec_reader_close(r->sigs[w]);
    wn_free(r->sigs);
    for (uint64_t w = 0; w < r->m.workers; w++) {
        if (r->docs) wn_rec_reader_close(r->docs[w]);
        if (r->shingles) wn_rec_reader_close(r->shingles[w]);
    }
    wn_free(r->docs);
    wn_free(r->shingles);
    wn_rec_reader_close(r->docinfo);
    wn_free(r->parent);
    wn_free(r->own_parent);
    wn_free(r->flags);
    manifest_free(&r->m);
}

/* A union-find over every document, each its own cluster. */
static uint32_t *uf_create(uint64_t n)
{
    uint32_t *p = wn_malloc((size_t)(n + 1) * 4);
    for (uint64_t i = 0; p && i < n; i++)
        p[i] = (uint32_t)i;
    return p;
}

/* parent[] and flags[] */
static wn_status resolver_alloc(resolver *r)
{
    r->parent = uf_create(r->m.n_seq);
    r->flags = wn_calloc(r->m.n_seq + 1, 1);
    return r->parent && r->flags ? WN_OK : WN_ERR_NOMEM;
}

/* After the clusters: paragraphs, then the decisions. */
static wn_status resolve_finish(resolver *r)
{
    wn_sorter *rm = NULL;
    char path[4200];
    snprintf(path, sizeof path, "%s/remove", r->dir);
    wn_status st = wn_sorter_create(&rm, path, K_REMOVE, 16, (size_t)(r->memory / 4));
    if (!st && (r->m.o.methods & WN_DEDUP_PARAGRAPH))
        st = resolve_paragraphs(r, rm);
    if (!st)
        st = wn_sorter_flush(rm);
    if (!st)
        st = write_decisions(r, rm, wn_sorter_runs(rm));
    wn_sorter_free(rm);
    return st;
}

static wn_status resolve_one(const char *work_dir, uint64_t memory, wn_counters *stats,
                             const wn_dedup_progress *progress, char *err, size_t err_cap)
{
    resolver r = { .dir = work_dir, .err = err, .err_cap = err_cap, .memory = memory,
                   .progress = progress };
    wn_counters local = { 0 };
    r.stats = stats ? stats : &local;
    err[0] = '\0';
    wn_status st = manifest_read(work_dir, &r.m, err, err_cap);
    if (st)
        return st;
    st = resolver_alloc(&r);
    if (!st)
        st = build_docinfo(&r);
    if (!st)
        st = resolver_open(&r);
    if (!st && (r.m.o.methods & WN_DEDUP_EXACT))
        st = resolve_exact(&r, 0, F_EXACT);
    if (!st && (r.m.o.methods & WN_DEDUP_URL))
        st = resolve_exact(&r, 1, F_URL);
    if (!st && (r.m.o.methods & WN_DEDUP_MINHASH)) {
        bool exact = r.m.o.confirm_exact && r.m.o.threshold > 0;
        wn_sorter *pairs = NULL;
        char path[4200];
        snprintf(path, sizeof path, "%s/pairs", work_dir);
        if (exact)
            st = wn_sorter_create(&pairs, path, K_PAIRS, 16, (size_t)(memory / 4));
        if (!st)
            st = resolve_bands(&r, pairs);
        if (!st && pairs && !(st = wn_sorter_flush(pairs)))
            st = confirm_pairs(&r, wn_sorter_runs(pairs));
        wn_sorter_free(pairs);
    }
    if (!st)
        st = resolve_finish(&r);
    if (!st)
        st = wn_dir_sync(work_dir, err, err_cap);   /* the decisions' name, for the apply step */
    if (st && !err[0])
        snprintf(err, err_cap, "%s: resolve: %s", work_dir, io_reason(st));
    resolver_close(&r);
    wn_counters_free(&local);
    return st;
}

wn_status wn_dedup_resolve(const char *work_dir, uint64_t memory, wn_counters *stats,
                           char *err, size_t err_cap)
{
    return resolve_one(work_dir, memory, stats, NULL, err, err_cap);
}

/* ---- step 2 under MPI: keys resolved where they are owned ---------------------------------------
 *
 * DESIGN: the ranks share the work directory. Each rank reads a share of the sorted runs (the
 * sign workers' files split in rank order) and sends every key to its owner, rank
 * mix64(key) % size, in rounds of a bounded size (wn_comm alltoall); the owner sorts what it
 * receives (a sorter that spills runs under the budget) and walks its groups as one process
 * walks the merged runs:
 *   exact, url   links (first of the group, document) -> links.K.rR.run
 *   bands        one record per candidate (key, first, prev, document) with the verdicts of the
 *                estimated Jaccard against first and prev -> cand.rR.run, sorted by key;
 *                --confirm exact: the pairs go on to their owner (hash of the pair), which
 *                deduplicates them, checks exact Jaccard in (a, b) order and writes the verdicts
 *                -> verdict.rR.run, sorted by pair.
 * Rank 0 then replays those records, merged back into the global key (or pair) order, into its
 * union-find exactly as the single process does: a verdict is a pure function of the two
 * documents, so the clusters, and even the counters (which depend on what was already joined
 * when a candidate came), are the single process's. An owner skips the exact check of a pair
 * its own earlier verdicts, or the exact and URL duplicates (rank 0 sends them), already
 * joined: those come earlier in the global order too, so rank 0 would skip it as well. Paragraphs and the decisions stay on rank 0 (resolve_finish). */

#define RANK_FILE(buf, r, fmt, ...) snprintf(buf, sizeof buf, "%s/" fmt, (r)->dir, __VA_ARGS__)

typedef struct { uint64_t key, pair, first_bits; } cand_rec;   /* pair = prev << 32 | seq */

/* Collective: every record of the recfiles paths[0..n) goes to the rank that owns its first
 * word, and is added to `dst` there. At most `chunk` bytes leave and arrive per rank and round.
 * A failing rank stops sending; every rank then returns and the next wn_comm_agree says who. */
static wn_status exchange(resolver *r, const wn_comm *c, char **paths, size_t n, uint32_t kind,
                          uint32_t rs, size_t chunk, wn_sorter *dst, wn_status st0)
{
    size_t P = (size_t)c->size;
    size_t per = chunk / P / rs;
    if (per < 64)
        per = 64;
    char *send = wn_malloc(per * P * rs);
    uint64_t *fill = wn_calloc(P, 8), *scount = wn_calloc(P, 8), *rcount = wn_calloc(P, 8);
    wn_buf in;
    wn_buf_init(&in, 0);
    if (!fill || !scount || !rcount) {
        /* cannot even take part: the others wait in the first round (as wn_comm_agree would) */
        wn_free(send); wn_free(fill); wn_free(scount); wn_free(rcount);
        return WN_ERR_NOMEM;
    }
    wn_status st = st0 ? st0 : send ? WN_OK : WN_ERR_NOMEM;
    wn_rec_reader *rd = NULL;
    size_t next_file = 0;
    unsigned char pending[32];
    bool have_pending = false, more = true;
    for (;;) {
        memset(fill, 0, P * 8);
        while (!st && more) {
            if (!have_pending) {
                if (!rd) {
                    if (next_file == n) {
                        more = false;
                        break;
                    }
                    if ((st = wn_rec_reader_open(&rd, paths[next_file++], kind, rs, r->err, r->err_cap)))
                        break;
                }
                const void *rec;
                wn_status s2 = wn_rec_reader_next(rd, &rec);
                if (s2 == WN_END) {
                    wn_rec_reader_close(rd);
                    rd = NULL;
                    continue;
                }
                if (s2) {
                    snprintf(r->err, r->err_cap, "%s: block checksum mismatch", wn_rec_reader_path(rd));
                    st = s2;
                    break;
                }
                memcpy(pending, rec, rs);
                have_pending = true;
            }
            uint64_t k;
            memcpy(&k, pending, 8);
            size_t d = (size_t)(wn_mix64(k) % P);
            if (fill[d] == per)
                break;   /* that rank's share of this round is full: the record waits */
            memcpy(send + (d * per + fill[d]) * rs, pending, rs);
            fill[d]++;
            have_pending = false;
        }
        size_t off = 0;
        for (size_t d = 0; d < P; d++) {
            scount[d] = st ? 0 : fill[d] * rs;
            if (scount[d])
                memmove(send + off, send + d * per * rs, (size_t)scount[d]);
            off += (size_t)scount[d];
        }
        in.len = 0;
        wn_status cs = c->alltoall(c, send ? send : "", scount, &in, rcount);
        if (cs) {
            st = cs;
            break;
        }
        if (in.len % rs) {
            snprintf(r->err, r->err_cap, "%s: resolve: a rank sent a partial record", r->dir);
            st = WN_ERR_CORRUPT;
        }
        for (size_t i = 0; !st && i < in.len; i += rs)
            st = wn_sorter_add(dst, in.data + i);
        uint64_t flags[2] = { !st && (more || have_pending), st != WN_OK };
        if ((cs = wn_comm_sum_u64(c, flags, 2))) {
            st = cs;
            break;
        }
        if (flags[1] || !flags[0])
            break;
    }
    wn_rec_reader_close(rd);
    wn_buf_free(&in);
    wn_free(send);
    wn_free(fill);
    wn_free(scount);
    wn_free(rcount);
    return st;
}

static void free_paths(char **paths, size_t n)
{
    for (size_t i = 0; paths && i < n; i++)
        wn_free(paths[i]);
    wn_free(paths);
}

/* This rank's share of the sorted runs of a kind: the sign workers split in rank order. */
static wn_status my_runs(resolver *r, const wn_comm *c, int kind_index, char ***out, size_t *n)
{
    uint64_t W = r->m.workers, w0 = W * (uint64_t)c->rank / (uint64_t)c->size,
             w1 = W * (uint64_t)(c->rank + 1) / (uint64_t)c->size;
    size_t total = 0;
    for (uint64_t w = w0; w < w1; w++)
        total += r->m.runs[w * N_RUN_KINDS + kind_index];
    char **paths = wn_calloc(total + 1, sizeof *paths);
    if (!paths)
        return WN_ERR_NOMEM;
    size_t k = 0;
    for (uint64_t w = w0; w < w1; w++)
        for (uint64_t i = 0; i < r->m.runs[w * N_RUN_KINDS + kind_index]; i++) {
            char p[4200];
            snprintf(p, sizeof p, "%s/%s.w%llu.%04llu.run", r->dir, RUN_NAMES[kind_index],
                     (unsigned long long)w, (unsigned long long)i);
            if (!(paths[k] = wn_strdup(p))) {
                free_paths(paths, k);
                return WN_ERR_NOMEM;
            }
            k++;
        }
    *out = paths;
    *n = k;
    return WN_OK;
}

/* Paths prefix.0000.run .. of a sorter's runs, or of one file per rank (fmt with %d). */
static wn_status numbered_paths(const char *fmt, const char *dir, const char *name, size_t n,
                                char ***out)
{
    char **paths = wn_calloc(n + 1, sizeof *paths);
    if (!paths)
        return WN_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        char p[4200];
        snprintf(p, sizeof p, fmt, dir, name, (int)i);
        if (!(paths[i] = wn_strdup(p))) {
            free_paths(paths, i);
            return WN_ERR_NOMEM;
        }
    }
    *out = paths;
    return WN_OK;
}

/* Collective: the records of `src` (this rank's files) to their owners, sorted there into
 * runs own_prefix.NNNN.run; *runs = how many on this rank. */
static wn_status exchange_sorted(resolver *r, const wn_comm *c, char **src, size_t n_src,
                                 uint32_t kind, uint32_t rs, const char *own_prefix, unsigned *runs,
                                 wn_status st0)
{
    wn_sorter *own = NULL;
    wn_status st = st0 ? st0 : wn_sorter_create(&own, own_prefix, kind, rs, (size_t)(r->memory / 4));
    /* a rank that could not start still takes part in the rounds, sending nothing */
    wn_status xs = exchange(r, c, src, n_src, kind, rs, (size_t)(r->memory / 8), own, st);
    if (!st)
        st = xs;
    if (!st)
        st = wn_sorter_flush(own);
    *runs = own ? wn_sorter_runs(own) : 0;
    wn_sorter_free(own);
    return st;
}

static wn_status open_runs(resolver *r, const char *prefix, unsigned runs, uint32_t kind,
                           uint32_t rs, wn_merger **m)
{
    char **paths;
    wn_status st = numbered_paths("%s%s.%04d.run", "", prefix, runs, &paths);
    if (st)
        return st;
    st = wn_merger_open(m, paths, runs, kind, rs, r->err, r->err_cap);
    free_paths(paths, runs);
    if (!st)
        watch(r, *m, "keys owned");
    return st;
}

/* Owner of exact or URL keys: every document after the first of a group links to the first. */
static wn_status own_exact(resolver *r, uint32_t kind, const char *prefix, unsigned runs,
                           const char *out)
{
    wn_merger *m;
    wn_status st = open_runs(r, prefix, runs, kind, 16, &m);
    if (st)
        return st;
    wn_rec_writer *w;
    if ((st = wn_rec_writer_create(&w, out, K_LINK, 16, 1 << 16))) {
        wn_merger_close(m);
        return st;
    }
    const void *p;
    uint64_t key = 0;
    uint32_t first = 0;
    bool have = false;
    while (!(st = wn_merger_next(m, &p))) {
        const key_rec *k = p;
        uint32_t seq;
        if ((st = pos_to_seq(r, k->pos, &seq)))
            break;
        if (have && k->key == key) {
            key_rec link = { first, seq };
            if ((st = wn_rec_writer_add(w, &link)))
                break;
        } else {
            key = k->key;
            first = seq;
            have = true;
        }
    }
    st = merger_fail(r, m, st);
    if (st)
        wn_rec_writer_abort(w);
    else
        st = wn_rec_writer_close(w, 0);
    return st;
}

/* Rank 0: the links of every owner; the same flags, unions and count as resolve_exact. */
static wn_status replay_exact(resolver *r, int size, int kind_index, uint8_t flag)
{
    wn_status st = WN_OK;
    uint64_t dups = 0;
    watch(r, NULL, "links replayed");
    for (int q = 0; !st && q < size; q++) {
        char path[4200];
        RANK_FILE(path, r, "links.%s.r%d.run", RUN_NAMES[kind_index], q);
        wn_rec_reader *rd;
        if ((st = wn_rec_reader_open(&rd, path, K_LINK, 16, r->err, r->err_cap)))
            break;
        const void *p;
        while (!(st = wn_rec_reader_next(rd, &p))) {
            const key_rec *l = p;
            if (l->key >= l->pos || l->pos >= r->m.n_seq) {
                st = WN_ERR_CORRUPT;
                break;
            }
            r->flags[l->pos] |= flag;
            uf_union(r->parent, (uint32_t)l->key, (uint32_t)l->pos);
            dups++;
        }
        if (st == WN_END)
            st = WN_OK;
        else if (!r->err[0])
            snprintf(r->err, r->err_cap, "%s: damaged", path);
        wn_rec_reader_close(rd);
    }
    wn_counter_add(r->stats, flag == F_EXACT ? "exact_duplicates" : "url_duplicates", dups);
    return st;
}

/* Owner of band keys: the candidates of each bucket as resolve_bands finds them, each with
 * its verdicts (bit 0: against first, bit 1: against prev); with `pairs` (--confirm exact)
 * the pairs to check instead. */
static wn_status own_bands(resolver *r, const char *prefix, unsigned runs, const char *out,
                           wn_sorter *pairs)
{
    wn_merger *m;
    wn_status st = open_runs(r, prefix, runs, K_BAND, 16, &m);
    if (st)
        return st;
    wn_rec_writer *w;
    if ((st = wn_rec_writer_create(&w, out, K_CAND, sizeof(cand_rec), 1 << 16))) {
        wn_merger_close(m);
        return st;
    }
    bool estimate = r->m.o.threshold > 0 && !pairs;
    double t = r->m.o.threshold;
    size_t k = (size_t)r->m.o.minhash.bands * r->m.o.minhash.rows;
    uint16_t *first_sig = wn_malloc(k * 2), *prev_sig = wn_malloc(k * 2);
    if (!first_sig || !prev_sig)
        st = WN_ERR_NOMEM;
    const void *p;
    uint64_t key = 0;
    uint32_t first = 0, prev = 0;
    bool have = false, first_loaded = false;
    while (!st && !(st = wn_merger_next(m, &p))) {
        const key_rec *kr = p;
        uint32_t seq;
        if ((st = pos_to_seq(r, kr->pos, &seq)))
            break;
        if (!have || kr->key != key) {
            key = kr->key;
            first = prev = seq;
            have = true;
            first_loaded = false;
            continue;
        }
        uint64_t bits = 0;
        if (pairs) {
            key_rec pr = { (uint64_t)first << 32 | seq, 0 };
            if ((st = wn_sorter_add(pairs, &pr)))
                break;
            pr.key = (uint64_t)prev << 32 | seq;
            if (prev != first && (st = wn_sorter_add(pairs, &pr)))
                break;
        } else if (estimate) {
            const uint16_t *s;
            if (!first_loaded) {
                if ((st = load_sig(r, first, &s)))
                    break;
                memcpy(first_sig, s, k * 2);
                memcpy(prev_sig, s, k * 2);
                first_loaded = true;
            }
            if ((st = load_sig(r, seq, &s)))
                break;
            if (wn_minhash_estimate(first_sig, s, k) >= t)
                bits |= 1;
            if (prev != first && wn_minhash_estimate(prev_sig, s, k) >= t)
                bits |= 2;
            memcpy(prev_sig, s, k * 2);
        } else {
            bits = 1;   /* no threshold: every candidate joins first */
        }
        cand_rec cr = { key, (uint64_t)prev << 32 | seq, (uint64_t)first << 32 | bits };
        if ((st = wn_rec_writer_add(w, &cr)))
            break;
        prev = seq;
    }
    wn_free(first_sig);
    wn_free(prev_sig);
    st = merger_fail(r, m, st);
    if (st)
        wn_rec_writer_abort(w);
    else
        st = wn_rec_writer_close(w, 0);
    return st;
}

/* Rank 0: the candidates of every owner in global key order, decided as resolve_bands does.
 * *any_pair: --confirm exact would have checked at least one pair (confirm_pairs runs). */
static wn_status replay_bands(resolver *r, int size, bool pairs, bool *any_pair)
{
    char **paths;
    wn_status st = numbered_paths("%s/%s.r%d.run", r->dir, "cand", (size_t)size, &paths);
    if (st)
        return st;
    wn_merger *m;
    st = wn_merger_open(&m, paths, (size_t)size, K_CAND, sizeof(cand_rec), r->err, r->err_cap);
    free_paths(paths, (size_t)size);
    if (st)
        return st;
    watch(r, m, "candidates replayed");
    const void *p;
    uint64_t candidates = 0, confirmed = 0, rejected = 0;
    *any_pair = false;
    while (!(st = wn_merger_next(m, &p))) {
        const cand_rec *c = p;
        uint64_t seq = c->pair & 0xffffffff, prev = c->pair >> 32, first = c->first_bits >> 32;
        if (seq >= r->m.n_seq || prev >= r->m.n_seq || first >= r->m.n_seq) {
            snprintf(r->err, r->err_cap, "%s: candidates: document numbers out of range", r->dir);
            st = WN_ERR_CORRUPT;
            break;
        }
        candidates++;
        uint32_t rs = uf_find(r->parent, (uint32_t)seq);
        bool ok_first = rs == uf_find(r->parent, (uint32_t)first);
        bool ok_prev = prev != first && rs == uf_find(r->parent, (uint32_t)prev);
        if (pairs) {
            if (!ok_first || (prev != first && !ok_prev))
                *any_pair = true;
            continue;
        }
        if (!ok_first)
            ok_first = (c->first_bits & 1) != 0;
        if (!ok_prev && prev != first)
            ok_prev = (c->first_bits & 2) != 0;
        bool joined = false;
        if (ok_first)
            joined |= uf_union(r->parent, (uint32_t)first, (uint32_t)seq);
        if (ok_prev)
            joined |= uf_union(r->parent, (uint32_t)prev, (uint32_t)seq);
        if (joined)
            confirmed++;
        if (!ok_first && !ok_prev)
            rejected++;
    }
    wn_counter_add(r->stats, "lsh_candidate_pairs", candidates);
    if (!pairs) {
        wn_counter_add(r->stats, "lsh_rejected_pairs", rejected);
        wn_counter_add(r->stats, "lsh_new_unions", confirmed);
    }
    return merger_fail(r, m, st);
}

static wn_status write_verdict(uint64_t key, bool pass, void *ctx)
{
    key_rec v = { key, pass };
    return wn_rec_writer_add(ctx, &v);
}

/* Owner of candidate pairs (--confirm exact): each distinct pair in (a, b) order, checked by
 * exact Jaccard unless own_parent (the exact and URL duplicates, then this rank's own earlier
 * verdicts) joins it already; verdicts to `out`. */
static wn_status own_pairs(resolver *r, const char *prefix, unsigned runs, const char *out)
{
    wn_merger *m;
    wn_status st = open_runs(r, prefix, runs, K_PAIRS, 16, &m);
    if (st)
        return st;
    wn_rec_writer *w;
    if ((st = wn_rec_writer_create(&w, out, K_VERDICT, 16, 1 << 16))) {
        wn_merger_close(m);
        return st;
    }
    st = check_pairs(r, m, r->own_parent, write_verdict, w);
    st = merger_fail(r, m, st);
    if (st)
        wn_rec_writer_abort(w);
    else
        st = wn_rec_writer_close(w, 0);
    return st;
}

/* Rank 0: the verdicts of every owner in (a, b) order, counted and joined as confirm_pairs. */
static wn_status replay_pairs(resolver *r, int size)
{
    char **paths;
    wn_status st = numbered_paths("%s/%s.r%d.run", r->dir, "verdict", (size_t)size, &paths);
    if (st)
        return st;
    wn_merger *m;
    st = wn_merger_open(&m, paths, (size_t)size, K_VERDICT, 16, r->err, r->err_cap);
    free_paths(paths, (size_t)size);
    if (st)
        return st;
    watch(r, m, "verdicts replayed");
    pair_tally tally = { 0, 0, 0 };
    const void *p;
    while (!(st = wn_merger_next(m, &p))) {
        const key_rec *v = p;
        uint32_t a = (uint32_t)(v->key >> 32), b = (uint32_t)v->key;
        if (a >= r->m.n_seq || b >= r->m.n_seq || a >= b) {
            snprintf(r->err, r->err_cap, "%s: verdicts: document numbers out of range", r->dir);
            st = WN_ERR_CORRUPT;
            break;
        }
        if (uf_find(r->parent, a) == uf_find(r->parent, b))
            continue;
        if (v->pos)
            uf_union(r->parent, a, b);
        count_verdict(v->key, v->pos, &tally);
    }
    add_tally(r, &tally);
    return merger_fail(r, m, st);
}

/* Collective: one key kind from its runs to its owners (sorted there); *runs on this rank. */
static wn_status send_keys(resolver *r, const wn_comm *c, int kind_index, const char *own_prefix,
                           unsigned *runs)
{
    char **src = NULL;
    size_t n = 0;
    watch(r, NULL, "keys sent to their owners");
    wn_status st = my_runs(r, c, kind_index, &src, &n);
    wn_status xs = exchange_sorted(r, c, src, st ? 0 : n, (uint32_t)(K_EXACT + kind_index), 16,
                                   own_prefix, runs, st);
    free_paths(src, n);
    return st ? st : xs;
}

/* wn_comm_agree, once a failure is agreed no more: every rank then skips the rest alike, and
 * the message stays the failing rank's (not passed on again under another rank's name). */
static wn_status agree_once(const wn_comm *c, bool *agreed, wn_status st, int *who, char *err,
                            size_t err_cap)
{
    if (*agreed)
        return st;
    st = wn_comm_agree(c, st, who, err, err_cap);
    *agreed = st != WN_OK;
    return st;
}

wn_status wn_dedup_resolve_comm(const char *work_dir, uint64_t memory, const wn_comm *c,
                                wn_counters *stats, const wn_dedup_progress *progress, char *err,
                                size_t err_cap)
{
    if (!wn_comm_active(c))
        return resolve_one(work_dir, memory, stats, progress, err, err_cap);
    resolver r = { .dir = work_dir, .err = err, .err_cap = err_cap, .memory = memory,
                   .progress = progress };
    wn_counters local = { 0 };
    r.stats = stats ? stats : &local;
    err[0] = '\0';
    bool root = c->rank == 0, agreed = false;
    wn_status st = manifest_read(work_dir, &r.m, err, err_cap);
    bool pairs = !st && (r.m.o.methods & WN_DEDUP_MINHASH) && r.m.o.confirm_exact && r.m.o.threshold > 0;
    /* rank 0 keeps the clusters; the owners of pairs keep their own joins apart (rank 0's
     * replay must see each verdict its owner did not skip) */
    if (!st && root)
        st = resolver_alloc(&r);
    if (!st && pairs && !(r.own_parent = uf_create(r.m.n_seq)))
        st = WN_ERR_NOMEM;
    if (!st && root)
        st = build_docinfo(&r);
    st = agree_once(c, &agreed, st, NULL, err, err_cap);
    if (!st)
        st = resolver_open(&r);
    st = agree_once(c, &agreed, st, NULL, err, err_cap);
    char prefix[4200], path[4200];
    unsigned runs = 0;
    static const unsigned bit[2] = { WN_DEDUP_EXACT, WN_DEDUP_URL };
    for (int ki = 0; ki < 2 && !st; ki++) {
        if (!(r.m.o.methods & bit[ki]))
            continue;
        RANK_FILE(prefix, &r, "own.%s.r%d", RUN_NAMES[ki], c->rank);
        st = agree_once(c, &agreed, send_keys(&r, c, ki, prefix, &runs), NULL, err, err_cap);
        RANK_FILE(path, &r, "links.%s.r%d.run", RUN_NAMES[ki], c->rank);
        if (!st)
            st = own_exact(&r, (uint32_t)(K_EXACT + ki), prefix, runs, path);
        if (!(st = agree_once(c, &agreed, st, NULL, err, err_cap)) && root)
            st = replay_exact(&r, c->size, ki, ki == 0 ? F_EXACT : F_URL);
        st = agree_once(c, &agreed, st, NULL, err, err_cap);
    }
    /* the owners of pairs start from rank 0's clusters of exact and URL duplicates: a pair
     * joined there is never checked (nor would one process add it) */
    for (uint64_t i = 0; !st && pairs && i < r.m.n_seq; i += (1u << 20)) {
        size_t n = (size_t)(r.m.n_seq - i < (1u << 20) ? r.m.n_seq - i : (1u << 20));
        if (root)
            memcpy(r.own_parent + i, r.parent + i, n * 4);
        if (wn_comm_bcast(c, r.own_parent + i, n * 4)) {
            snprintf(err, err_cap, "%s: resolve: cannot send the clusters to the ranks", work_dir);
            st = WN_ERR_IO;
        }
    }
    if (!st && (r.m.o.methods & WN_DEDUP_MINHASH)) {
        RANK_FILE(prefix, &r, "own.band.r%d", c->rank);
        st = agree_once(c, &agreed, send_keys(&r, c, 2, prefix, &runs), NULL, err, err_cap);
        char lprefix[4200];
        RANK_FILE(lprefix, &r, "lpairs.r%d", c->rank);
        wn_sorter *lp = NULL;
        if (!st && pairs)
            st = wn_sorter_create(&lp, lprefix, K_PAIRS, 16, (size_t)(memory / 4));
        RANK_FILE(path, &r, "cand.r%d.run", c->rank);
        if (!st)
            st = own_bands(&r, prefix, runs, path, lp);
        if (!st && lp)
            st = wn_sorter_flush(lp);
        unsigned lruns = lp ? wn_sorter_runs(lp) : 0;
        wn_sorter_free(lp);
        st = agree_once(c, &agreed, st, NULL, err, err_cap);
        if (!st && pairs) {
            char **src = NULL;
            st = numbered_paths("%s%s.%04d.run", "", lprefix, lruns, &src);
            RANK_FILE(prefix, &r, "opairs.r%d", c->rank);
            wn_status xs = exchange_sorted(&r, c, src, st ? 0 : lruns, K_PAIRS, 16, prefix, &runs, st);
            free_paths(src, lruns);
            st = agree_once(c, &agreed, st ? st : xs, NULL, err, err_cap);
            RANK_FILE(path, &r, "verdict.r%d.run", c->rank);
            if (!st)
                st = own_pairs(&r, prefix, runs, path);
            st = agree_once(c, &agreed, st, NULL, err, err_cap);
        }
        bool any_pair = false;
        if (!st && root)
            st = replay_bands(&r, c->size, pairs, &any_pair);
        if (!st && root && any_pair)
            st = replay_pairs(&r, c->size);
    }
    if (!st && root)
        st = resolve_finish(&r);
    if (!st && root)
        st = wn_dir_sync(work_dir, err, err_cap);
    if (st && !err[0])
        snprintf(err, err_cap, "%s: resolve: %s", work_dir, io_reason(st));
    st = agree_once(c, &agreed, st, NULL, err, err_cap);
    resolver_close(&r);
    wn_counters_free(&local);
    return st;
}

wn_status wn_dedup_clusters(const char *work_dir, uint32_t **roots, uint64_t *n, char *err,
                            size_t err_cap)
{
    *roots = NULL;
    *n = 0;
    err[0] = '\0';
    manifest m;
    wn_status st = manifest_read(work_dir, &m, err, err_cap);
    if (st)
        return st;
    char path[4200];
    path_of(path, sizeof path, work_dir, "decisions");
    wn_rec_reader *r;
    if ((st = wn_rec_reader_open(&r, path, K_DECISION, sizeof(decision_rec), err, err_cap))) {
        manifest_free(&m);
        return st;
    }
    uint64_t count = wn_rec_reader_count(r);
    uint32_t *v = wn_malloc((size_t)(count + 1) * 4);
    if (!v)
        st = WN_ERR_NOMEM;
    else if (count != m.n_seq) {
        snprintf(err, err_cap, "%s: %llu decisions for %llu documents", path,
                 (unsigned long long)count, (unsigned long long)m.n_seq);
        st = WN_ERR_CORRUPT;
    }
    for (uint64_t i = 0; !st && i < count; i++) {
        const void *p;
        if ((st = wn_rec_reader_next(r, &p)))
            snprintf(err, err_cap, "%s: block checksum mismatch", path);
        else
            v[i] = ((const decision_rec *)p)->rep;
    }
    wn_rec_reader_close(r);
    manifest_free(&m);
    if (st) {
        wn_free(v);
        return st;
    }
    *roots = v;
    *n = count;
    return WN_OK;
}

/* ---- step 3: apply ------------------------------------------------------------------------------ */

typedef struct {
    const char *dir;
    manifest m;
    uint64_t n_decisions;
    _Atomic int failed;          /* a damaged hand-off was met while applying */
    char err[1024];
    pthread_mutex_t lock;
    /* run --dedup: replaying the captured stages */
    char **names;                /* counter and reason names read back: they must outlive the
                                    run's stats, which keep pointers to them */
    size_t n_names, names_cap;
    size_t n_stages;
    uint64_t *cap_counts, *cap_bases;   /* the captured documents' numbering, per input */
    uint64_t cap_n;
    void *creating;              /* the replay context being made for one worker (see below) */
} apply_shared;

static void apply_fail(apply_shared *sh, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void apply_fail(apply_shared *sh, const char *fmt, ...)
{
    if (atomic_exchange(&sh->failed, 1) != 0)
        return;
    pthread_mutex_lock(&sh->lock);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sh->err, sizeof sh->err, fmt, ap);
    va_end(ap);
    pthread_mutex_unlock(&sh->lock);
}

/* ---- run --dedup: replaying the captured stages ------------------------------------------------ */

/* One proxy stage per captured stage, named after it: the pipeline counts documents in,
 * dropped and failed per stage exactly as the stages did, because each proxy drops or fails
 * the same documents; each adds back what its stage counted on the document. All proxies of a
 * worker share one context, which reads the document's record once: the pipeline makes a
 * worker's stage contexts one after the other in stage order (pipeline.c, start), so proxy 0
 * makes it and the others take it. */
typedef struct {
    apply_shared *sh;
    size_t index;
} proxy_cfg;

typedef struct {
    apply_shared *sh;
    wn_rec_reader *info;
    wn_rec_reader **data;        /* per capture file, opened on first use */
    wn_buf rec, key;
    uint64_t seq;                /* whose record is in rec; UINT64_MAX: none */
    wn_capture_view v;
    bool ok;
} replay_ctx;

static void replay_ctx_free(void *v)
{
    replay_ctx *x = v;
    if (!x)
        return;
    wn_rec_reader_close(x->info);
    for (uint64_t w = 0; x->data && w < x->sh->m.workers; w++)
        wn_rec_reader_close(x->data[w]);
    wn_free(x->data);
    wn_buf_free(&x->rec);
    wn_buf_free(&x->key);
    wn_free(x);
}

static void proxy_ctx_free(void *v) { (void)v; }   /* proxy 0's free_ctx is replay_ctx_free */

static wn_status proxy_ctx_create(const void *config, void **out)
{
    const proxy_cfg *pc = config;
    apply_shared *sh = pc->sh;
    if (pc->index > 0) {
        *out = sh->creating;
        return sh->creating ? WN_OK : WN_ERR_USAGE;
    }
    replay_ctx *x = wn_calloc(1, sizeof *x);
    if (!x)
        return WN_ERR_NOMEM;
    x->sh = sh;
    x->seq = UINT64_MAX;
    wn_buf_init(&x->rec, 0);
    wn_buf_init(&x->key, 0);
    *out = x;
    sh->creating = x;
    x->data = wn_calloc(sh->m.workers + 1, sizeof *x->data);
    if (!x->data)
        return WN_ERR_NOMEM;
    char path[4200], err[512];
    path_of(path, sizeof path, sh->dir, "capinfo");
    return wn_rec_reader_open(&x->info, path, K_CAPINFO, sizeof(capidx_rec), err, sizeof err);
}

static const char *intern(apply_shared *sh, wn_slice name)
{
    const char *r = NULL;
    pthread_mutex_lock(&sh->lock);
    for (size_t i = 0; i < sh->n_names && !r; i++)
        if (strlen(sh->names[i]) == name.len && !memcmp(sh->names[i], name.ptr, name.len))
            r = sh->names[i];
    if (!r && sh->n_names == sh->names_cap) {
        size_t nc = sh->names_cap ? sh->names_cap * 2 : 16;
        char **v = wn_realloc(sh->names, nc * sizeof *v);
        if (v) {
            sh->names = v;
            sh->names_cap = nc;
        }
    }
    if (!r && sh->n_names < sh->names_cap) {
        char *c = wn_malloc(name.len + 1);
        if (c) {
            memcpy(c, name.ptr, name.len);
            c[name.len] = '\0';
            sh->names[sh->n_names++] = c;
            r = c;
        }
    }
    pthread_mutex_unlock(&sh->lock);
    return r;
}

/* Reads and checks the record of document seq into x (once per document). */
static bool replay_load(replay_ctx *x, uint64_t seq)
{
    if (x->seq == seq)
        return x->ok;
    x->seq = seq;
    x->ok = false;
    apply_shared *sh = x->sh;
    const void *p;
    capidx_rec ci;
    wn_status st = wn_rec_reader_get(x->info, seq, &p);
    if (!st) {
        memcpy(&ci, p, sizeof ci);
        if (ci.pos >= sh->m.workers)   /* pos holds the capture file's number here */
            st = WN_ERR_CORRUPT;
    }
    if (!st && !x->data[ci.pos]) {
        char path[4200], err[512];
        snprintf(path, sizeof path, "%s/capture.w%llu", sh->dir, (unsigned long long)ci.pos);
        st = wn_rec_reader_open(&x->data[ci.pos], path, K_CAPTURE, 1, err, sizeof err);
    }
    if (!st && ci.len > (uint64_t)1 << 40)
        st = WN_ERR_CORRUPT;
    if (!st) {
        wn_buf_reset(&x->rec);
        st = wn_buf_reserve(&x->rec, (size_t)ci.len + 1);
    }
    if (!st)
        st = wn_rec_reader_read(x->data[ci.pos], ci.off, ci.len, x->rec.data);
    if (!st)
        st = wn_capture_parse(x->rec.data, (size_t)ci.len, &x->v);
    if (st) {
        apply_fail(sh, "%s: captured document %llu: %s", sh->dir, (unsigned long long)seq,
                   st == WN_ERR_USAGE ? "damaged (offsets)" : st == WN_ERR_CORRUPT ?
                   "damaged (block checksum or record)" : wn_strerror(st));
        return false;
    }
    x->ok = true;
    return true;
}

/* Puts the document back as the stages left it. */
static wn_status replay_restore(replay_ctx *x, wn_doc *d)
{
    const wn_capture_view *v = &x->v;
    wn_status st;
    if ((st = wn_buf_set(&d->id, v->id.ptr, v->id.len)) ||
        (st = wn_buf_set(&d->source, v->source.ptr, v->source.len)) ||
        (st = wn_buf_set(&d->url, v->url.ptr, v->url.len)) ||
        (st = wn_buf_set(&d->text, v->text.ptr, v->text.len)) ||
        (st = wn_buf_set(&d->detail, v->detail.ptr, v->detail.len)))
        return st;
    d->meta_count = 0;
    wn_buf_reset(&d->meta_bytes);
    wn_slice k, val;
    for (size_t cur = 0; wn_capture_next_meta(v, &cur, &k, &val);) {
        wn_buf_reset(&x->key);
        if ((st = wn_buf_append(&x->key, k.ptr, k.len)) ||
            (st = wn_doc_meta_set_json(d, x->key.data, val.ptr, val.len)))
            return st;
    }
    d->bytes_in = v->bytes_in;
    d->utf8_replaced = v->utf8_replaced;
    if (v->status != WN_DOC_KEPT) {
        const char *reason = intern(x->sh, v->reason);
        if (!reason)
            return WN_ERR_NOMEM;
        d->status = (wn_doc_status)v->status;
        d->reason = reason;
    }
    return WN_OK;
}

static void proxy_process(void *ctx, wn_doc *d, wn_counters *c, size_t index)
{
    replay_ctx *x = ctx;
    apply_shared *sh = x->sh;
    if (atomic_load(&sh->failed))
        return;
    uint64_t seq;
    if (d->input_index >= sh->m.n_inputs || d->record_index >= sh->cap_counts[d->input_index]) {
        apply_fail(sh, "%s: document %u/%llu was not signed: not the same inputs", sh->dir,
                   d->input_index, (unsigned long long)d->record_index);
        wn_doc_fail(d, "dedup_state", "%s", "damaged dedup intermediate files");
        return;
    }
    seq = sh->cap_bases[d->input_index] + d->record_index;
    if (!replay_load(x, seq)) {
        wn_doc_fail(d, "dedup_state", "%s", "damaged dedup intermediate files");
        return;
    }
    uint32_t stage;
    wn_slice name;
    uint64_t n;
    for (size_t cur = 0; wn_capture_next_delta(&x->v, &cur, &stage, &name, &n);) {
        const char *nm;
        if (stage == index && (nm = intern(sh, name)))
            wn_counter_add(c, nm, n);
    }
    if (x->v.left_stage == index || (index + 1 == sh->n_stages && x->v.left_stage >= sh->n_stages)) {
        wn_status st = replay_restore(x, d);
        if (st)
            apply_fail(sh, "%s: captured document %llu: cannot restore: %s", sh->dir,
                       (unsigned long long)seq, wn_strerror(st));
    }
}

#define PROXY(i) static void proxy_process_##i(void *ctx, wn_doc *d, wn_counters *c) { proxy_process(ctx, d, c, i); }
PROXY(0) PROXY(1) PROXY(2) PROXY(3) PROXY(4) PROXY(5) PROXY(6) PROXY(7)
PROXY(8) PROXY(9) PROXY(10) PROXY(11) PROXY(12) PROXY(13) PROXY(14) PROXY(15)
#undef PROXY
/* a stage's process() gets no index: one function per position */
static void (*const PROXY_FNS[16])(void *, wn_doc *, wn_counters *) = {
    proxy_process_0, proxy_process_1, proxy_process_2, proxy_process_3, proxy_process_4,
    proxy_process_5, proxy_process_6, proxy_process_7, proxy_process_8, proxy_process_9,
    proxy_process_10, proxy_process_11, proxy_process_12, proxy_process_13, proxy_process_14,
    proxy_process_15,
};

/* capinfo: for each seq, where its captured record is (pos = capture file number); holes for
 * documents that never reached the stages (the reader or decode failed or dropped them). */
static wn_status build_capinfo(const char *dir, const manifest *m, const uint64_t *counts,
                               const uint64_t *bases, uint64_t n_seq, char *err, size_t err_cap)
{
    char path[4200];
    uint64_t W = m->workers;
    wn_rec_reader **in = wn_calloc(W + 1, sizeof *in);
    capidx_rec *head = wn_calloc(W + 1, sizeof *head);
    bool *live = wn_calloc(W + 1, 1);
    wn_rec_writer *w = NULL;
    wn_status st = (in && head && live) ? WN_OK : WN_ERR_NOMEM;
    const void *p;
    for (uint64_t i = 0; i < W && !st; i++) {
        snprintf(path, sizeof path, "%s/capidx.w%llu", dir, (unsigned long long)i);
        st = wn_rec_reader_open(&in[i], path, K_CAPIDX, sizeof(capidx_rec), err, err_cap);
        wn_status s2 = st ? st : wn_rec_reader_next(in[i], &p);
        if (s2 == WN_OK) {
            memcpy(&head[i], p, sizeof head[i]);
            live[i] = true;
        } else if (s2 != WN_END && !st) {
            st = s2;
        }
    }
    path_of(path, sizeof path, dir, "capinfo");
    if (!st)
        st = wn_rec_writer_create(&w, path, K_CAPINFO, sizeof(capidx_rec), RANDOM_BLOCK);
    uint64_t next = 0;
    while (!st) {
        uint64_t best = W;
        for (uint64_t i = 0; i < W; i++)
            if (live[i] && (best == W || head[i].pos < head[best].pos))
                best = i;
        if (best == W)
            break;
        uint64_t pos = head[best].pos, seq;
        uint32_t inp = POS_INPUT(pos);
        if (inp >= m->n_inputs || POS_RECORD(pos) >= counts[inp] ||
            (seq = bases[inp] + POS_RECORD(pos)) < next) {
            snprintf(err, err_cap, "%s/capidx.w%llu: positions out of order or range", dir, (unsigned long long)best);
            st = WN_ERR_CORRUPT;
            break;
        }
        for (; next < seq && !st; next++)
            st = wn_rec_writer_add(w, &(capidx_rec){ NO_WORKER, 0, 0 });
        if (!st)
            st = wn_rec_writer_add(w, &(capidx_rec){ best, head[best].off, head[best].len });
        next++;
        wn_status s2 = st ? st : wn_rec_reader_next(in[best], &p);
        if (s2 == WN_OK)
            memcpy(&head[best], p, sizeof head[best]);
        else if (s2 == WN_END)
            live[best] = false;
        else if (!st)
            st = s2;
    }
    for (; !st && next < n_seq; next++)
        st = wn_rec_writer_add(w, &(capidx_rec){ NO_WORKER, 0, 0 });
    if (!st)
        st = wn_rec_writer_close(w, n_seq);
    else
        wn_rec_writer_abort(w);
    for (uint64_t i = 0; in && i < W; i++)
        wn_rec_reader_close(in[i]);
    wn_free(in);
    wn_free(head);
    wn_free(live);
    if (st && !err[0])
        snprintf(err, err_cap, "%s/capinfo: %s", dir, wn_strerror(st));
    return st;
}

typedef struct {
    apply_shared *sh;
    wn_rec_reader *decisions, *paraidx;
    wn_rec_reader **docs, **ids;   /* per sign worker, opened on first use */
    wn_buf tmp;
    uint32_t *lines;
    size_t lines_cap;
} apply_ctx;

static void apply_ctx_free(void *v)
{
    apply_ctx *x = v;
    if (!x)
        return;
    wn_rec_reader_close(x->decisions);
    wn_rec_reader_close(x->paraidx);
    for (uint64_t w = 0; w < x->sh->m.workers; w++) {
        if (x->docs) wn_rec_reader_close(x->docs[w]);
        if (x->ids) wn_rec_reader_close(x->ids[w]);
    }
    wn_free(x->docs);
    wn_free(x->ids);
    wn_buf_free(&x->tmp);
    wn_free(x->lines);
    wn_free(x);
}

static wn_status apply_ctx_create(const void *config, void **out)
{
    apply_shared *sh = (apply_shared *)config;
    apply_ctx *x = wn_calloc(1, sizeof *x);
    if (!x)
        return WN_ERR_NOMEM;
    x->sh = sh;
    wn_buf_init(&x->tmp, 0);
    char path[4200], err[512];
    x->docs = wn_calloc(sh->m.workers, sizeof *x->docs);
    x->ids = wn_calloc(sh->m.workers, sizeof *x->ids);
    wn_status st = (x->docs && x->ids) ? WN_OK : WN_ERR_NOMEM;
    path_of(path, sizeof path, sh->dir, "decisions");
    if (!st)
        st = wn_rec_reader_open(&x->decisions, path, K_DECISION, sizeof(decision_rec), err, sizeof err);
    path_of(path, sizeof path, sh->dir, "paraidx");
    if (!st)
        st = wn_rec_reader_open(&x->paraidx, path, K_PARAIDX, 4, err, sizeof err);
    if (st) {
        apply_ctx_free(x);
        return st;
    }
    *out = x;
    return WN_OK;
}

static wn_status rep_id(apply_ctx *x, const decision_rec *d, wn_buf *out)
{
    uint64_t w = d->rep_worker;
    if (w >= x->sh->m.workers)
        return WN_ERR_CORRUPT;
    char path[4200], err[512];
    wn_status st;
    if (!x->docs[w]) {
        snprintf(path, sizeof path, "%s/docs.w%llu", x->sh->dir, (unsigned long long)w);
        if ((st = wn_rec_reader_open(&x->docs[w], path, K_DOCS, sizeof(doc_rec), err, sizeof err)))
            return st;
        snprintf(path, sizeof path, "%s/ids.w%llu", x->sh->dir, (unsigned long long)w);
        if ((st = wn_rec_reader_open(&x->ids[w], path, K_IDS, 1, err, sizeof err)))
            return st;
    }
    const void *p;
    if ((st = wn_rec_reader_get(x->docs[w], d->rep_local, &p)))
        return st;
    doc_rec dr;
    memcpy(&dr, p, sizeof dr);
    wn_buf_reset(out);
    for (uint64_t i = 0; i < dr.id_len; i++) {
        if ((st = wn_rec_reader_get(x->ids[w], dr.id_off + i, &p)))
            return st;
        if ((st = wn_buf_append(out, p, 1)))
            return st;
    }
    return WN_OK;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static size_t trimmed_len(const char *s, size_t n)
{
    size_t a = 0, b = n;
    while (a < b && (s[a] == ' ' || s[a] == '\n' || s[a] == '\t' || s[a] == '\r')) a++;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\n' || s[b - 1] == '\t' || s[b - 1] == '\r')) b--;
    return b - a;
}

static wn_status remove_lines(apply_ctx *x, wn_doc *d, const decision_rec *dec, wn_counters *c)
{
    if (dec->para_count > x->lines_cap) {
        uint32_t *v = wn_realloc(x->lines, (size_t)dec->para_count * 4);
        if (!v)
            return WN_ERR_NOMEM;
        x->lines = v;
        x->lines_cap = dec->para_count;
    }
    for (uint32_t i = 0; i < dec->para_count; i++) {
        const void *p;
        wn_status st = wn_rec_reader_get(x->paraidx, dec->para_off + i, &p);
        if (st)
            return st;
        memcpy(&x->lines[i], p, 4);
    }
    qsort(x->lines, dec->para_count, 4, cmp_u32);
    wn_buf_reset(&x->tmp);
    const char *t = d->text.data ? d->text.data : "";
    size_t n = d->text.len, i = 0, k = 0;
    uint32_t idx = 0;
    bool first = true;
    while (i <= n) {
        size_t j = i;
        while (j < n && t[j] != '\n')
            j++;
        while (k < dec->para_count && x->lines[k] < idx)
            k++;
        if (!(k < dec->para_count && x->lines[k] == idx)) {
            if (!first && wn_buf_append_char(&x->tmp, '\n'))
                return WN_ERR_TOO_LARGE;
            if (wn_buf_append(&x->tmp, t + i, j - i))
                return WN_ERR_TOO_LARGE;
            first = false;
        }
        idx++;
        if (j == n)
            break;
        i = j + 1;
    }
    wn_counter_add(c, "paragraphs_removed", dec->para_count);
    if (trimmed_len(x->tmp.data ? x->tmp.data : "", x->tmp.len) < x->sh->m.o.para_min_doc_chars) {
        /* keep the whole text in dropped/, so nothing is lost to the audit */
        wn_doc_drop(d, "paragraph_duplicates");
        return WN_OK;
    }
    return wn_buf_set(&d->text, x->tmp.data, x->tmp.len);
}

static void apply_process(void *ctx, wn_doc *d, wn_counters *c)
{
    apply_ctx *x = ctx;
    apply_shared *sh = x->sh;
    if (d->input_index >= sh->m.n_inputs || d->record_index >= sh->m.counts[d->input_index])
        return; /* never signed (dropped before signing): nothing to decide */
    uint64_t seq = sh->m.bases[d->input_index] + d->record_index;
    const void *p;
    wn_status st = wn_rec_reader_get(x->decisions, seq, &p);
    decision_rec dec;
    if (!st) {
        memcpy(&dec, p, sizeof dec);
        if (dec.reason > R_NEAR || (dec.reason != R_NONE && dec.rep > seq))
            st = WN_ERR_CORRUPT;
    }
    if (!st) {
        if (dec.reason == R_EXACT || dec.reason == R_URL || dec.reason == R_NEAR) {
            if (!(st = rep_id(x, &dec, &x->tmp))) {
                wn_doc_meta_set_str(d, "duplicate_of", x->tmp.data ? x->tmp.data : "", x->tmp.len);
                wn_doc_drop(d, REASONS[dec.reason]);
            }
        } else if (dec.reason == R_KEPT) {
            if (sh->m.o.methods & WN_DEDUP_MINHASH) {
                wn_doc_meta_set_int(d, "minhash_cluster_id", (int64_t)dec.rep);
                wn_doc_meta_set_int(d, "minhash_cluster_size", (int64_t)dec.size);
            }
            if (dec.size > 1)
                wn_counter_add(c, "cluster_representatives", 1);
            if (dec.para_count)
                st = remove_lines(x, d, &dec, c);
        }
    }
    if (st) {
        if (atomic_exchange(&sh->failed, 1) == 0) {
            pthread_mutex_lock(&sh->lock);
            snprintf(sh->err, sizeof sh->err, "%s: decisions for document %llu: %s", sh->dir,
                     (unsigned long long)seq, st == WN_ERR_CORRUPT ? "block checksum mismatch or bad record" : wn_strerror(st));
            pthread_mutex_unlock(&sh->lock);
        }
        wn_doc_fail(d, "dedup_state", "%s", "damaged dedup intermediate files");
    }
}

static const wn_stage stage_apply = { "dedup", apply_ctx_create, apply_ctx_free, apply_process };

wn_status wn_dedup_apply(const wn_run_config *cfg, const wn_stage_ref *stages, size_t n_stages,
                         const char *work_dir, const char *const *inputs, size_t n_inputs,
                         wn_run_summary *summary, char *err, size_t err_cap)
{
    apply_shared sh = { .dir = work_dir };
    pthread_mutex_init(&sh.lock, NULL);
    err[0] = '\0';
    wn_status st = manifest_read(work_dir, &sh.m, err, err_cap);
    char **files = NULL;
    size_t n_files = 0;
    if (!st && !(st = wn_inputs_expand(inputs, n_inputs, &files, &n_files))) {
        if (n_files != sh.m.n_inputs) {
            snprintf(err, err_cap, "%s: signed %llu inputs, given %zu: not the same inputs", work_dir,
                     (unsigned long long)sh.m.n_inputs, n_files);
            st = WN_ERR_USAGE;
        }
        wn_inputs_free(files, n_files);
    }
    /* open the decisions once here so that a damaged file is an error before any output */
    if (!st) {
        char path[4200];
        wn_rec_reader *r;
        path_of(path, sizeof path, work_dir, "decisions");
        st = wn_rec_reader_open(&r, path, K_DECISION, sizeof(decision_rec), err, err_cap);
        if (!st) {
            if (wn_rec_reader_count(r) != sh.m.n_seq || wn_rec_reader_user(r) != sh.m.n_seq) {
                snprintf(err, err_cap, "%s: %llu decisions for %llu documents", path,
                         (unsigned long long)wn_rec_reader_count(r), (unsigned long long)sh.m.n_seq);
                st = WN_ERR_CORRUPT;
            }
            wn_rec_reader_close(r);
        }
        path_of(path, sizeof path, work_dir, "paraidx");
        if (!st && !(st = wn_rec_reader_open(&r, path, K_PARAIDX, 4, err, err_cap)))
            wn_rec_reader_close(r);
    }
    /* run --dedup: the stages ran once, while signing; their result is replayed */
    wn_stage proxies[16];
    proxy_cfg pcfg[16];
    bool replay = !st && sh.m.captured;
    if (replay && (n_stages == 0 || n_stages > 16)) {
        snprintf(err, err_cap, "%s: signed with stages: apply needs the same stages", work_dir);
        st = WN_ERR_USAGE;
    }
    if (replay && !st) {
        char path[4200];
        path_of(path, sizeof path, work_dir, "capcounts");
        wn_rec_reader *r;
        if (!(st = wn_rec_reader_open(&r, path, K_CAPCOUNTS, 8, err, err_cap))) {
            sh.cap_counts = wn_calloc(sh.m.n_inputs + 1, 8);
            sh.cap_bases = wn_calloc(sh.m.n_inputs + 1, 8);
            if (!sh.cap_counts || !sh.cap_bases)
                st = WN_ERR_NOMEM;
            else if (wn_rec_reader_count(r) != sh.m.n_inputs) {
                snprintf(err, err_cap, "%s: %llu counts for %llu inputs", path,
                         (unsigned long long)wn_rec_reader_count(r), (unsigned long long)sh.m.n_inputs);
                st = WN_ERR_CORRUPT;
            } else if ((st = wn_rec_reader_read(r, 0, sh.m.n_inputs, sh.cap_counts))) {
                snprintf(err, err_cap, "%s: block checksum mismatch", path);
            }
            wn_rec_reader_close(r);
        }
        for (uint64_t i = 0; !st && i < sh.m.n_inputs; i++) {
            sh.cap_bases[i] = sh.cap_n;
            sh.cap_n += sh.cap_counts[i];
            if (sh.cap_counts[i] >= (1ULL << 40) || sh.cap_n >= (1ULL << 56)) {
                snprintf(err, err_cap, "%s: bad counts", path);
                st = WN_ERR_CORRUPT;
            }
        }
        /* one file for all: under MPI rank 0 writes it, the agreement below waits for it */
        if (!st && (!wn_comm_active(cfg->comm) || cfg->comm->rank == 0))
            st = build_capinfo(work_dir, &sh.m, sh.cap_counts, sh.cap_bases, sh.cap_n, err, err_cap);
    }
    sh.n_stages = n_stages;
    wn_pipeline *p = NULL;
    if (!st)
        st = wn_pipeline_create(&p, cfg);
    for (size_t i = 0; !st && i < n_stages; i++) {
        if (replay) {
            proxies[i] = (wn_stage){ stages[i].stage->name, proxy_ctx_create,
                                     i == 0 ? replay_ctx_free : proxy_ctx_free, PROXY_FNS[i] };
            pcfg[i] = (proxy_cfg){ &sh, i };
            st = wn_pipeline_add_stage(p, &proxies[i], &pcfg[i]);
        } else {
            st = wn_pipeline_add_stage(p, stages[i].stage, stages[i].config);
        }
    }
    if (!st)
        st = wn_pipeline_add_stage(p, &stage_apply, &sh);
    /* under MPI every rank runs the pipeline (its collectives) or none does */
    if (wn_comm_active(cfg->comm))
        st = wn_comm_agree(cfg->comm, st, NULL, err, err_cap);
    if (!st && (st = wn_pipeline_run(p, inputs, n_inputs, summary)))
        snprintf(err, err_cap, "%s", wn_pipeline_error(p)[0] ? wn_pipeline_error(p) : wn_strerror(st));
    if (!st && atomic_load(&sh.failed)) {
        snprintf(err, err_cap, "%s", sh.err);
        st = WN_ERR_CORRUPT;
    }
    if (wn_comm_active(cfg->comm))
        st = wn_comm_agree(cfg->comm, st, NULL, err, err_cap);
    if (st && !err[0])
        snprintf(err, err_cap, "dedup: %s", wn_strerror(st));
    wn_pipeline_free(p);
    manifest_free(&sh.m);
    for (size_t i = 0; i < sh.n_names; i++)
        wn_free(sh.names[i]);
    wn_free(sh.names);
    wn_free(sh.cap_counts);
    wn_free(sh.cap_bases);
    pthread_mutex_destroy(&sh.lock);
    return st;
}

void wn_dedup_remove_work(const char *work_dir)
{
    DIR *d = opendir(work_dir);
    if (!d)
        return;
    struct dirent *e;
    char path[4200];
    while ((e = readdir(d))) {
        const char *n = e->d_name;
        if (!strcmp(n, "manifest") || !strcmp(n, "docinfo") || !strcmp(n, "decisions") ||
            !strcmp(n, "paraidx") || !strncmp(n, "docs.w", 6) || !strncmp(n, "ids.w", 5) ||
            !strncmp(n, "sigs.w", 6) || !strncmp(n, "shingles.w", 10) || !strncmp(n, "capture.w", 9) ||
            !strncmp(n, "capidx.w", 8) || !strcmp(n, "capinfo") || !strcmp(n, "capcounts") || strstr(n, ".run") ||
            (strlen(n) > 4 && !strcmp(n + strlen(n) - 4, ".tmp"))) {   /* a killed step's (recfile.c) */
            path_of(path, sizeof path, work_dir, n);
            unlink(path);
        }
    }
    closedir(d);
    rmdir(work_dir);
}
