/* resolve.c: step 2 in one process: keys merged from the sorted runs into one union-find,
 * then the decisions per document. Its pieces are also those of resolve_ranks.c. */
#include <string.h>
#include "dedup/dedup_impl.h"

/* ---- step 2: resolve ----------------------------------------------------------------------------- */


uint32_t wn_dd_uf_find(uint32_t *p, uint32_t x)
{
    while (p[x] != x) {
        p[x] = p[p[x]];   /* path halving */
        x = p[x];
    }
    return x;
}

/* The smaller root wins, so a cluster's root is its first document whatever the order of
 * the unions. */
bool wn_dd_uf_union(uint32_t *p, uint32_t a, uint32_t b)
{
    a = wn_dd_uf_find(p, a);
    b = wn_dd_uf_find(p, b);
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
void wn_dd_watch(resolver *r, wn_merger *m, const char *step)
{
    if (!r->progress || !r->progress->fn)
        return;
    r->step = step;
    r->progress->fn(r->progress->ud, step, 0);
    if (m)
        wn_merger_watch(m, step_progress, r);
}

wn_status wn_dd_pos_to_seq(resolver *r, uint64_t pos, uint32_t *seq)
{
    uint32_t in = WN_DD_POS_INPUT(pos);
    uint64_t rec = WN_DD_POS_RECORD(pos);
    if (in >= r->m.n_inputs || rec >= r->m.counts[in]) {
        snprintf(r->err, r->err_cap, "%s: a key names document %u/%llu, outside the manifest",
                 r->dir, in, (unsigned long long)rec);
        return WN_ERR_CORRUPT;
    }
    *seq = (uint32_t)(r->m.bases[in] + rec);
    return WN_OK;
}

wn_status wn_dd_open_merger(resolver *r, int kind_index, uint32_t kind, uint32_t rec_size,
                             wn_merger **out)
{
    size_t total = 0;
    for (uint64_t w = 0; w < r->m.workers; w++)
        total += r->m.runs[w * WN_DD_N_RUN_KINDS + kind_index];
    char **paths = wn_calloc(total + 1, sizeof *paths);
    if (!paths)
        return WN_ERR_NOMEM;
    size_t n = 0;
    wn_status st = WN_OK;
    for (uint64_t w = 0; w < r->m.workers && !st; w++)
        for (uint64_t i = 0; i < r->m.runs[w * WN_DD_N_RUN_KINDS + kind_index]; i++) {
            char p[WN_PATH_CAP];
            WN_DD_PATH(p, "%s/%s.w%llu.%04llu.run", r->dir, RUN_NAMES[kind_index],
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

wn_status wn_dd_merger_fail(resolver *r, wn_merger *m, wn_status st)
{
    if (st != WN_END && !r->err[0])
        snprintf(r->err, r->err_cap, "%s", wn_merger_error(m));
    wn_merger_close(m);
    return st == WN_END ? WN_OK : st;
}

wn_status wn_dd_key_groups(resolver *r, wn_merger *m, wn_dd_dup_fn dup, void *ctx)
{
    const void *p;
    uint64_t key = 0;
    uint32_t first = 0;
    bool have = false;
    wn_status st;
    while (!(st = wn_merger_next(m, &p))) {
        const key_rec *k = p;
        uint32_t seq;
        if ((st = wn_dd_pos_to_seq(r, k->pos, &seq)))
            break;
        if (have && k->key == key) {
            if ((st = dup(ctx, first, seq)))
                break;
        } else {
            key = k->key;
            first = seq;
            have = true;
        }
    }
    return st;
}

typedef struct {
    resolver *r;
    uint8_t flag;
    uint64_t dups;
} exact_ctx;

static wn_status mark_dup(void *ctx, uint32_t first, uint32_t seq)
{
    exact_ctx *x = ctx;
    x->r->flags[seq] |= x->flag;
    wn_dd_uf_union(x->r->parent, first, seq);
    x->dups++;
    return WN_OK;
}

/* Exact and URL keys: every document after the first of a group is its duplicate. */
static wn_status resolve_exact(resolver *r, int kind_index, uint8_t flag)
{
    wn_merger *m;
    wn_status st = wn_dd_open_merger(r, kind_index, (uint32_t)(WN_DD_K_EXACT + kind_index), 16, &m);
    if (st)
        return st;
    wn_dd_watch(r, m, kind_index == 0 ? "exact keys" : "url keys");
    exact_ctx x = { r, flag, 0 };
    st = wn_dd_key_groups(r, m, mark_dup, &x);
    wn_counter_add(r->stats, flag == WN_DD_F_EXACT ? "exact_duplicates" : "url_duplicates", x.dups);
    return wn_dd_merger_fail(r, m, st);
}

/* docinfo: for each seq, which sign worker's files hold the document (holes: not signed). */
wn_status wn_dd_build_docinfo(resolver *r)
{
    char path[WN_PATH_CAP];
    uint64_t W = r->m.workers;
    wn_dd_watch(r, NULL, "documents indexed");
    wn_rec_reader **docs = wn_calloc(W, sizeof *docs);
    const doc_rec **head = wn_calloc(W, sizeof *head);
    uint64_t *local = wn_calloc(W, 8);
    wn_rec_writer *w = NULL;
    wn_status st = (docs && head && local) ? WN_OK : WN_ERR_NOMEM;
    for (uint64_t i = 0; i < W && !st; i++) {
        WN_DD_PATH(path, "%s/docs.w%llu", r->dir, (unsigned long long)i);
        st = wn_rec_reader_open(&docs[i], path, WN_DD_K_DOCS, sizeof(doc_rec), r->err, r->err_cap);
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
    wn_dd_path_of(path, sizeof path, r->dir, "docinfo");
    if (!st)
        st = wn_rec_writer_create(&w, path, WN_DD_K_DOCINFO, sizeof(docinfo_rec), WN_DD_RANDOM_BLOCK);
    uint64_t next = 0;
    while (!st) {
        uint64_t best = W;
        for (uint64_t i = 0; i < W; i++)
            if (head[i] && (best == W || head[i]->pos < head[best]->pos))
                best = i;
        if (best == W)
            break;
        uint32_t seq;
        if ((st = wn_dd_pos_to_seq(r, head[best]->pos, &seq)))
            break;
        if (seq < next) {
            snprintf(r->err, r->err_cap, "%s: docs.w%llu: positions out of order", r->dir, (unsigned long long)best);
            st = WN_ERR_CORRUPT;
            break;
        }
        for (; next < seq && !st; next++)
            st = wn_rec_writer_add(w, &(docinfo_rec){ WN_DD_NO_WORKER, 0 });
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
        st = wn_rec_writer_add(w, &(docinfo_rec){ WN_DD_NO_WORKER, 0 });
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

static wn_status write_decisions(resolver *r, wn_sorter *rm, unsigned rm_runs)
{
    uint64_t n = r->m.n_seq;
    uint32_t *size = wn_calloc(n + 1, 4);
    if (!size)
        return WN_ERR_NOMEM;
    for (uint64_t s = 0; s < n; s++)
        size[wn_dd_uf_find(r->parent, (uint32_t)s)]++;
    wn_dd_watch(r, NULL, "decisions");
    char path[WN_PATH_CAP];
    wn_merger *m = NULL;
    wn_status st = WN_OK;
    (void)rm;
    if (rm_runs) {
        char **paths = wn_calloc(rm_runs, sizeof *paths);
        if (!paths)
            st = WN_ERR_NOMEM;
        for (unsigned i = 0; !st && i < rm_runs; i++) {
            WN_DD_PATH(path, "%s/remove.%04u.run", r->dir, i);
            if (!(paths[i] = wn_strdup(path)))
                st = WN_ERR_NOMEM;
        }
        if (!st)
            st = wn_merger_open(&m, paths, rm_runs, WN_DD_K_REMOVE, 16, r->err, r->err_cap);
        for (unsigned i = 0; paths && i < rm_runs; i++)
            wn_free(paths[i]);
        wn_free(paths);
    }
    wn_rec_writer *dw = NULL, *pw = NULL;
    wn_dd_path_of(path, sizeof path, r->dir, "decisions");
    if (!st)
        st = wn_rec_writer_create(&dw, path, WN_DD_K_DECISION, sizeof(decision_rec), WN_DD_RANDOM_BLOCK);
    wn_dd_path_of(path, sizeof path, r->dir, "paraidx");
    if (!st)
        st = wn_rec_writer_create(&pw, path, WN_DD_K_PARAIDX, 4, WN_DD_RANDOM_BLOCK);
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
        uint32_t root = wn_dd_uf_find(r->parent, (uint32_t)s);
        d.rep = root;
        d.size = size[root];
        d.para_off = wn_rec_writer_count(pw);
        if (di->worker == WN_DD_NO_WORKER) {
            d.reason = WN_DD_R_NONE;
        } else if (root != s) {
            d.reason = (r->flags[s] & WN_DD_F_EXACT) ? WN_DD_R_EXACT : (r->flags[s] & WN_DD_F_URL) ? WN_DD_R_URL : WN_DD_R_NEAR;
            dropped++;
            if ((st = wn_rec_reader_get(r->docinfo, root, &p)))
                break;
            di = p;
            d.rep_worker = di->worker;
            d.rep_local = di->local;
        } else {
            d.reason = WN_DD_R_KEPT;
            if (d.size > 1)
                clusters++;
        }
        while (rmh && rmh->key == s) {
            if (d.reason == WN_DD_R_KEPT) {
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
wn_status wn_dd_resolver_open(resolver *r)
{
    char path[WN_PATH_CAP];
    wn_dd_path_of(path, sizeof path, r->dir, "docinfo");
    wn_status st = wn_rec_reader_open(&r->docinfo, path, WN_DD_K_DOCINFO, sizeof(docinfo_rec), r->err, r->err_cap);
    if (st || !(r->m.o.methods & WN_DEDUP_MINHASH))
        return st;
    size_t k = (size_t)r->m.o.minhash.bands * r->m.o.minhash.rows;
    r->sigs = wn_calloc(r->m.workers, sizeof *r->sigs);
    if (!r->sigs)
        return WN_ERR_NOMEM;
    for (uint64_t w = 0; !st && w < r->m.workers; w++) {
        WN_DD_PATH(path, "%s/sigs.w%llu", r->dir, (unsigned long long)w);
        st = wn_rec_reader_open(&r->sigs[w], path, WN_DD_K_SIGS, (uint32_t)(k * 2), r->err, r->err_cap);
    }
    if (st || !(r->m.o.confirm_exact && r->m.o.threshold > 0))
        return st;
    r->docs = wn_calloc(r->m.workers, sizeof *r->docs);
    r->shingles = wn_calloc(r->m.workers, sizeof *r->shingles);
    if (!r->docs || !r->shingles)
        return WN_ERR_NOMEM;
    for (uint64_t w = 0; !st && w < r->m.workers; w++) {
        WN_DD_PATH(path, "%s/docs.w%llu", r->dir, (unsigned long long)w);
        st = wn_rec_reader_open(&r->docs[w], path, WN_DD_K_DOCS, sizeof(doc_rec), r->err, r->err_cap);
        WN_DD_PATH(path, "%s/shingles.w%llu", r->dir, (unsigned long long)w);
        if (!st)
            st = wn_rec_reader_open(&r->shingles[w], path, WN_DD_K_SHINGLES, 8, r->err, r->err_cap);
    }
    return st;
}

void wn_dd_resolver_close(resolver *r)
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
    wn_dd_manifest_free(&r->m);
}

/* A union-find over every document, each its own cluster. */
uint32_t *wn_dd_uf_create(uint64_t n)
{
    uint32_t *p = wn_malloc((size_t)(n + 1) * 4);
    for (uint64_t i = 0; p && i < n; i++)
        p[i] = (uint32_t)i;
    return p;
}

/* parent[] and flags[] */
wn_status wn_dd_resolver_alloc(resolver *r)
{
    r->parent = wn_dd_uf_create(r->m.n_seq);
    r->flags = wn_calloc(r->m.n_seq + 1, 1);
    return r->parent && r->flags ? WN_OK : WN_ERR_NOMEM;
}

/* After the clusters: paragraphs, then the decisions. */
wn_status wn_dd_resolve_finish(resolver *r)
{
    wn_sorter *rm = NULL;
    char path[WN_PATH_CAP];
    WN_DD_PATH(path, "%s/remove", r->dir);
    wn_status st = wn_sorter_create(&rm, path, WN_DD_K_REMOVE, 16, (size_t)(r->memory / 4));
    if (!st && (r->m.o.methods & WN_DEDUP_PARAGRAPH))
        st = wn_dd_resolve_paragraphs(r, rm);
    if (!st)
        st = wn_sorter_flush(rm);
    if (!st)
        st = write_decisions(r, rm, wn_sorter_runs(rm));
    wn_sorter_free(rm);
    return st;
}

wn_status wn_dd_resolve_one(const char *work_dir, uint64_t memory, wn_counters *stats,
                             const wn_dedup_progress *progress, char *err, size_t err_cap)
{
    resolver r = { .dir = work_dir, .err = err, .err_cap = err_cap, .memory = memory,
                   .progress = progress };
    wn_counters local = { 0 };
    r.stats = stats ? stats : &local;
    err[0] = '\0';
    wn_status st = wn_dd_manifest_read(work_dir, &r.m, err, err_cap);
    if (st)
        return st;
    st = wn_dd_resolver_alloc(&r);
    if (!st)
        st = wn_dd_build_docinfo(&r);
    if (!st)
        st = wn_dd_resolver_open(&r);
    if (!st && (r.m.o.methods & WN_DEDUP_EXACT))
        st = resolve_exact(&r, 0, WN_DD_F_EXACT);
    if (!st && (r.m.o.methods & WN_DEDUP_URL))
        st = resolve_exact(&r, 1, WN_DD_F_URL);
    if (!st && (r.m.o.methods & WN_DEDUP_MINHASH)) {
        bool exact = r.m.o.confirm_exact && r.m.o.threshold > 0;
        wn_sorter *pairs = NULL;
        char path[WN_PATH_CAP];
        WN_DD_PATH(path, "%s/pairs", work_dir);
        if (exact)
            st = wn_sorter_create(&pairs, path, WN_DD_K_PAIRS, 16, (size_t)(memory / 4));
        if (!st)
            st = wn_dd_resolve_bands(&r, pairs);
        if (!st && pairs && !(st = wn_sorter_flush(pairs)))
            st = wn_dd_confirm_pairs(&r, wn_sorter_runs(pairs));
        wn_sorter_free(pairs);
    }
    if (!st)
        st = wn_dd_resolve_finish(&r);
    if (!st)
        st = wn_dir_sync(work_dir, err, err_cap);   /* the decisions' name, for the apply step */
    if (st && !err[0])
        snprintf(err, err_cap, "%s: resolve: %s", work_dir, wn_dd_io_reason(st));
    wn_dd_resolver_close(&r);
    wn_counters_free(&local);
    return st;
}

wn_status wn_dedup_resolve(const char *work_dir, uint64_t memory, wn_counters *stats,
                           char *err, size_t err_cap)
{
    return wn_dd_resolve_one(work_dir, memory, stats, NULL, err, err_cap);
}

wn_status wn_dedup_clusters(const char *work_dir, uint32_t **roots, uint64_t *n, char *err,
                            size_t err_cap)
{
    *roots = NULL;
    *n = 0;
    err[0] = '\0';
    manifest m;
    wn_status st = wn_dd_manifest_read(work_dir, &m, err, err_cap);
    if (st)
        return st;
    char path[WN_PATH_CAP];
    wn_dd_path_of(path, sizeof path, work_dir, "decisions");
    wn_rec_reader *r;
    if ((st = wn_rec_reader_open(&r, path, WN_DD_K_DECISION, sizeof(decision_rec), err, err_cap))) {
        wn_dd_manifest_free(&m);
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
    wn_dd_manifest_free(&m);
    if (st) {
        wn_free(v);
        return st;
    }
    *roots = v;
    *n = count;
    return WN_OK;
}
