/* apply.c: step 3, apply: every document read again (or replayed from its capture) and kept,
 * dropped as a duplicate, or stripped of its repeated paragraphs, as the decisions say. */
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "dedup/dedup_impl.h"

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
    wn_buf_init(&x->rec, WN_DD_CAPTURE_MAX + 1);   /* + its NUL */
    wn_buf_init(&x->key, WN_DD_META_KEY_MAX);
    *out = x;
    sh->creating = x;
    x->data = wn_calloc(sh->m.workers + 1, sizeof *x->data);
    if (!x->data)
        return WN_ERR_NOMEM;
    char path[WN_PATH_CAP], err[512];
    wn_dd_path_of(path, sizeof path, sh->dir, "capinfo");
    return wn_rec_reader_open(&x->info, path, WN_DD_K_CAPINFO, sizeof(capidx_rec), err, sizeof err);
}

static const char *intern(apply_shared *sh, wn_slice name)
{
    const char *r = NULL;
    pthread_mutex_lock(&sh->lock);
    for (size_t i = 0; i < sh->n_names && !r; i++)
        if (strlen(sh->names[i]) == name.len && !memcmp(sh->names[i], name.ptr, name.len))
            r = sh->names[i];
    if (!r)   /* when it cannot grow, n_names stays at names_cap: no name (failed below) */
        (void)WN_GROW(sh->names, sh->names_cap, sh->n_names + 1, 16, WN_DD_MAX_NAMES);
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
        char path[WN_PATH_CAP], err[512];
        WN_DD_PATH(path, "%s/capture.w%llu", sh->dir, (unsigned long long)ci.pos);
        st = wn_rec_reader_open(&x->data[ci.pos], path, WN_DD_K_CAPTURE, 1, err, sizeof err);
    }
    if (!st && ci.len > WN_DD_CAPTURE_MAX)
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
    char path[WN_PATH_CAP];
    uint64_t W = m->workers;
    wn_rec_reader **in = wn_calloc(W + 1, sizeof *in);
    capidx_rec *head = wn_calloc(W + 1, sizeof *head);
    bool *live = wn_calloc(W + 1, 1);
    wn_rec_writer *w = NULL;
    wn_status st = (in && head && live) ? WN_OK : WN_ERR_NOMEM;
    const void *p;
    for (uint64_t i = 0; i < W && !st; i++) {
        WN_DD_PATH(path, "%s/capidx.w%llu", dir, (unsigned long long)i);
        st = wn_rec_reader_open(&in[i], path, WN_DD_K_CAPIDX, sizeof(capidx_rec), err, err_cap);
        wn_status s2 = st ? st : wn_rec_reader_next(in[i], &p);
        if (s2 == WN_OK) {
            memcpy(&head[i], p, sizeof head[i]);
            live[i] = true;
        } else if (s2 != WN_END && !st) {
            st = s2;
        }
    }
    wn_dd_path_of(path, sizeof path, dir, "capinfo");
    if (!st)
        st = wn_rec_writer_create(&w, path, WN_DD_K_CAPINFO, sizeof(capidx_rec), WN_DD_RANDOM_BLOCK);
    uint64_t next = 0;
    while (!st) {
        uint64_t best = W;
        for (uint64_t i = 0; i < W; i++)
            if (live[i] && (best == W || head[i].pos < head[best].pos))
                best = i;
        if (best == W)
            break;
        uint64_t pos = head[best].pos, seq;
        uint32_t inp = WN_DD_POS_INPUT(pos);
        if (inp >= m->n_inputs || WN_DD_POS_RECORD(pos) >= counts[inp] ||
            (seq = bases[inp] + WN_DD_POS_RECORD(pos)) < next) {
            snprintf(err, err_cap, "%s/capidx.w%llu: positions out of order or range", dir, (unsigned long long)best);
            st = WN_ERR_CORRUPT;
            break;
        }
        for (; next < seq && !st; next++)
            st = wn_rec_writer_add(w, &(capidx_rec){ WN_DD_NO_WORKER, 0, 0 });
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
        st = wn_rec_writer_add(w, &(capidx_rec){ WN_DD_NO_WORKER, 0, 0 });
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
    wn_rec_reader *decisions;
    wn_rec_reader **docs, **ids;   /* per sign worker, opened on first use */
    wn_buf tmp;
    wn_dd_line_remover para;       /* its scratch is tmp */
} apply_ctx;

static void apply_ctx_free(void *v)
{
    apply_ctx *x = v;
    if (!x)
        return;
    wn_rec_reader_close(x->decisions);
    wn_rec_reader_close(x->para.paraidx);
    for (uint64_t w = 0; w < x->sh->m.workers; w++) {
        if (x->docs) wn_rec_reader_close(x->docs[w]);
        if (x->ids) wn_rec_reader_close(x->ids[w]);
    }
    wn_free(x->docs);
    wn_free(x->ids);
    wn_buf_free(&x->tmp);
    wn_free(x->para.lines);
    wn_free(x);
}

static wn_status apply_ctx_create(const void *config, void **out)
{
    apply_shared *sh = (apply_shared *)config;
    apply_ctx *x = wn_calloc(1, sizeof *x);
    if (!x)
        return WN_ERR_NOMEM;
    x->sh = sh;
    wn_buf_init(&x->tmp, WN_DOC_BYTES_MAX);   /* a representative's id, or a document's kept lines */
    x->para.tmp = &x->tmp;
    x->para.min_doc_chars = sh->m.o.para_min_doc_chars;
    char path[WN_PATH_CAP], err[512];
    x->docs = wn_calloc(sh->m.workers, sizeof *x->docs);
    x->ids = wn_calloc(sh->m.workers, sizeof *x->ids);
    wn_status st = (x->docs && x->ids) ? WN_OK : WN_ERR_NOMEM;
    wn_dd_path_of(path, sizeof path, sh->dir, "decisions");
    if (!st)
        st = wn_rec_reader_open(&x->decisions, path, WN_DD_K_DECISION, sizeof(decision_rec), err, sizeof err);
    wn_dd_path_of(path, sizeof path, sh->dir, "paraidx");
    if (!st)
        st = wn_rec_reader_open(&x->para.paraidx, path, WN_DD_K_PARAIDX, 4, err, sizeof err);
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
    char path[WN_PATH_CAP], err[512];
    wn_status st;
    if (!x->docs[w]) {
        WN_DD_PATH(path, "%s/docs.w%llu", x->sh->dir, (unsigned long long)w);
        if ((st = wn_rec_reader_open(&x->docs[w], path, WN_DD_K_DOCS, sizeof(doc_rec), err, sizeof err)))
            return st;
        WN_DD_PATH(path, "%s/ids.w%llu", x->sh->dir, (unsigned long long)w);
        if ((st = wn_rec_reader_open(&x->ids[w], path, WN_DD_K_IDS, 1, err, sizeof err)))
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
        if (dec.reason > WN_DD_R_NEAR || (dec.reason != WN_DD_R_NONE && dec.rep > seq))
            st = WN_ERR_CORRUPT;
    }
    if (!st) {
        if (dec.reason == WN_DD_R_EXACT || dec.reason == WN_DD_R_URL || dec.reason == WN_DD_R_NEAR) {
            if (!(st = rep_id(x, &dec, &x->tmp))) {
                wn_doc_meta_set_str(d, "duplicate_of", x->tmp.data ? x->tmp.data : "", x->tmp.len);
                wn_doc_drop(d, REASONS[dec.reason]);
            }
        } else if (dec.reason == WN_DD_R_KEPT) {
            if (sh->m.o.methods & WN_DEDUP_MINHASH) {
                /* datatrove's convention (MinhashDedupFilter with save_cluster_id): a document
                 * with no near duplicate is cluster -1 of size 1 */
                bool alone = dec.size <= 1;
                wn_doc_meta_set_int(d, "minhash_cluster_id", alone ? -1 : (int64_t)dec.rep);
                wn_doc_meta_set_int(d, "minhash_cluster_size", alone ? 1 : (int64_t)dec.size);
            }
            if (dec.size > 1)
                wn_counter_add(c, "cluster_representatives", 1);
            if (dec.para_count)
                st = wn_dd_remove_lines(&x->para, d, &dec, c);
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

/* duplicate_of on the duplicates dropped; the minhash cluster on the documents kept */
static size_t apply_meta_keys(const void *config, const char **keys, size_t cap)
{
    const apply_shared *sh = config;
    size_t n = 0;
    if (cap < 3)
        return 0;
    keys[n++] = "duplicate_of";
    if (sh->m.o.methods & WN_DEDUP_MINHASH) {
        keys[n++] = "minhash_cluster_id";
        keys[n++] = "minhash_cluster_size";
    }
    return n;
}

static const wn_stage stage_apply = { "dedup", apply_ctx_create, apply_ctx_free, apply_process,
                                      apply_meta_keys };

wn_status wn_dedup_apply(const wn_run_config *cfg, const wn_stage_ref *stages, size_t n_stages,
                         const char *work_dir, const char *const *inputs, size_t n_inputs,
                         wn_run_summary *summary, char *err, size_t err_cap)
{
    apply_shared sh = { .dir = work_dir };
    pthread_mutex_init(&sh.lock, NULL);
    err[0] = '\0';
    wn_status st = wn_dd_manifest_read(work_dir, &sh.m, err, err_cap);
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
        char path[WN_PATH_CAP];
        wn_rec_reader *r;
        wn_dd_path_of(path, sizeof path, work_dir, "decisions");
        st = wn_rec_reader_open(&r, path, WN_DD_K_DECISION, sizeof(decision_rec), err, err_cap);
        if (!st) {
            if (wn_rec_reader_count(r) != sh.m.n_seq || wn_rec_reader_user(r) != sh.m.n_seq) {
                snprintf(err, err_cap, "%s: %llu decisions for %llu documents", path,
                         (unsigned long long)wn_rec_reader_count(r), (unsigned long long)sh.m.n_seq);
                st = WN_ERR_CORRUPT;
            }
            wn_rec_reader_close(r);
        }
        wn_dd_path_of(path, sizeof path, work_dir, "paraidx");
        if (!st && !(st = wn_rec_reader_open(&r, path, WN_DD_K_PARAIDX, 4, err, err_cap)))
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
        char path[WN_PATH_CAP];
        wn_dd_path_of(path, sizeof path, work_dir, "capcounts");
        wn_rec_reader *r;
        if (!(st = wn_rec_reader_open(&r, path, WN_DD_K_CAPCOUNTS, 8, err, err_cap))) {
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
                                     i == 0 ? replay_ctx_free : proxy_ctx_free, PROXY_FNS[i], NULL };
            pcfg[i] = (proxy_cfg){ &sh, i };
            st = wn_pipeline_add_stage(p, &proxies[i], &pcfg[i]);
            /* the proxy replays what the stage set: the stage's keys, from its own config */
            wn_pipeline_schema_add(p, stages[i].stage, stages[i].config);
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
    wn_dd_manifest_free(&sh.m);
    for (size_t i = 0; i < sh.n_names; i++)
        wn_free(sh.names[i]);
    wn_free(sh.names);
    wn_free(sh.cap_counts);
    wn_free(sh.cap_bases);
    pthread_mutex_destroy(&sh.lock);
    return st;
}
