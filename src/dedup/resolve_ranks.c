/* resolve_ranks.c: step 2 over MPI ranks, built from resolve.c's pieces. */
#include <string.h>
#include "dedup/dedup_impl.h"

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
 * joined: those come earlier in the global order too, so rank 0 would skip it as well. Paragraphs and the decisions stay on rank 0 (wn_dd_resolve_finish). */

#define RANK_FILE(buf, r, fmt, ...) WN_DD_PATH(buf, "%s/" fmt, (r)->dir, __VA_ARGS__)

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
    wn_buf_init(&in, per * P * rs);   /* a round brings at most `per` records from each rank */
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
        total += r->m.runs[w * WN_DD_N_RUN_KINDS + kind_index];
    char **paths = wn_calloc(total + 1, sizeof *paths);
    if (!paths)
        return WN_ERR_NOMEM;
    size_t k = 0;
    for (uint64_t w = w0; w < w1; w++)
        for (uint64_t i = 0; i < r->m.runs[w * WN_DD_N_RUN_KINDS + kind_index]; i++) {
            char p[WN_PATH_CAP];
            WN_DD_PATH(p, "%s/%s.w%llu.%04llu.run", r->dir, RUN_NAMES[kind_index],
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
        char p[WN_PATH_CAP];
        WN_DD_PATH(p, fmt, dir, name, (int)i);
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
        wn_dd_watch(r, *m, "keys owned");
    return st;
}

/* An owner's step: the merger of the key runs it received, and the writer of its findings. */
static wn_status owner_open(resolver *r, const char *prefix, unsigned runs, uint32_t kind,
                            const char *out, uint32_t out_kind, uint32_t out_size,
                            wn_merger **m, wn_rec_writer **w)
{
    wn_status st = open_runs(r, prefix, runs, kind, 16, m);
    if (st)
        return st;
    if ((st = wn_rec_writer_create(w, out, out_kind, out_size, 1 << 16)))
        wn_merger_close(*m);
    return st;
}

/* Ends an owner's step: its findings are kept only when the whole merger was read. */
static wn_status owner_close(resolver *r, wn_merger *m, wn_rec_writer *w, wn_status st)
{
    st = wn_dd_merger_fail(r, m, st);
    if (st)
        wn_rec_writer_abort(w);
    else
        st = wn_rec_writer_close(w, 0);
    return st;
}

static wn_status write_link(void *ctx, uint32_t first, uint32_t seq)
{
    key_rec link = { first, seq };
    return wn_rec_writer_add(ctx, &link);
}

/* Owner of exact or URL keys: every document after the first of a group links to the first. */
static wn_status own_exact(resolver *r, uint32_t kind, const char *prefix, unsigned runs,
                           const char *out)
{
    wn_merger *m;
    wn_rec_writer *w;
    wn_status st = owner_open(r, prefix, runs, kind, out, WN_DD_K_LINK, 16, &m, &w);
    if (st)
        return st;
    return owner_close(r, m, w, wn_dd_key_groups(r, m, write_link, w));
}

/* Rank 0: the links of every owner; the same flags, unions and count as resolve_exact. */
static wn_status replay_exact(resolver *r, int size, int kind_index, uint8_t flag)
{
    wn_status st = WN_OK;
    uint64_t dups = 0;
    wn_dd_watch(r, NULL, "links replayed");
    for (int q = 0; !st && q < size; q++) {
        char path[WN_PATH_CAP];
        RANK_FILE(path, r, "links.%s.r%d.run", RUN_NAMES[kind_index], q);
        wn_rec_reader *rd;
        if ((st = wn_rec_reader_open(&rd, path, WN_DD_K_LINK, 16, r->err, r->err_cap)))
            break;
        const void *p;
        while (!(st = wn_rec_reader_next(rd, &p))) {
            const key_rec *l = p;
            if (l->key >= l->pos || l->pos >= r->m.n_seq) {
                st = WN_ERR_CORRUPT;
                break;
            }
            r->flags[l->pos] |= flag;
            wn_dd_uf_union(r->parent, (uint32_t)l->key, (uint32_t)l->pos);
            dups++;
        }
        if (st == WN_END)
            st = WN_OK;
        else if (!r->err[0])
            snprintf(r->err, r->err_cap, "%s: damaged", path);
        wn_rec_reader_close(rd);
    }
    wn_counter_add(r->stats, flag == WN_DD_F_EXACT ? "exact_duplicates" : "url_duplicates", dups);
    return st;
}

/* Owner of band keys: the candidates of each bucket as wn_dd_resolve_bands finds them, each with
 * its verdicts (bit 0: against first, bit 1: against prev); with `pairs` (--confirm exact)
 * the pairs to check instead. */
static wn_status own_bands(resolver *r, const char *prefix, unsigned runs, const char *out,
                           wn_sorter *pairs)
{
    wn_merger *m;
    wn_rec_writer *w;
    wn_status st = owner_open(r, prefix, runs, WN_DD_K_BAND, out, WN_DD_K_CAND, sizeof(cand_rec),
                              &m, &w);
    if (st)
        return st;
    bool estimate = r->m.o.threshold > 0 && !pairs;
    wn_dd_band_walk bw;
    st = wn_dd_band_walk_init(&bw, r, m);
    while (!st && !(st = wn_dd_band_walk_next(&bw))) {
        uint32_t first = bw.first, prev = bw.prev, seq = bw.seq;
        uint64_t bits = 0;
        if (pairs) {
            key_rec pr = { (uint64_t)first << 32 | seq, 0 };
            if ((st = wn_sorter_add(pairs, &pr)))
                break;
            pr.key = (uint64_t)prev << 32 | seq;
            if (prev != first && (st = wn_sorter_add(pairs, &pr)))
                break;
        } else if (estimate) {
            bool ok_first, ok_prev;
            if ((st = wn_dd_band_walk_estimate(&bw, true, prev != first, &ok_first, &ok_prev)))
                break;
            bits = (uint64_t)ok_first | (uint64_t)ok_prev << 1;
        } else {
            bits = 1;   /* no threshold: every candidate joins first */
        }
        cand_rec cr = { bw.key, (uint64_t)prev << 32 | seq, (uint64_t)first << 32 | bits };
        if ((st = wn_rec_writer_add(w, &cr)))
            break;
    }
    wn_dd_band_walk_free(&bw);
    return owner_close(r, m, w, st);
}

/* Rank 0: the candidates of every owner in global key order, decided as wn_dd_resolve_bands does.
 * *any_pair: --confirm exact would have checked at least one pair (wn_dd_confirm_pairs runs). */
static wn_status replay_bands(resolver *r, int size, bool pairs, bool *any_pair)
{
    char **paths;
    wn_status st = numbered_paths("%s/%s.r%d.run", r->dir, "cand", (size_t)size, &paths);
    if (st)
        return st;
    wn_merger *m;
    st = wn_merger_open(&m, paths, (size_t)size, WN_DD_K_CAND, sizeof(cand_rec), r->err, r->err_cap);
    free_paths(paths, (size_t)size);
    if (st)
        return st;
    wn_dd_watch(r, m, "candidates replayed");
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
        uint32_t rs = wn_dd_uf_find(r->parent, (uint32_t)seq);
        bool ok_first = rs == wn_dd_uf_find(r->parent, (uint32_t)first);
        bool ok_prev = prev != first && rs == wn_dd_uf_find(r->parent, (uint32_t)prev);
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
            joined |= wn_dd_uf_union(r->parent, (uint32_t)first, (uint32_t)seq);
        if (ok_prev)
            joined |= wn_dd_uf_union(r->parent, (uint32_t)prev, (uint32_t)seq);
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
    return wn_dd_merger_fail(r, m, st);
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
    wn_rec_writer *w;
    wn_status st = owner_open(r, prefix, runs, WN_DD_K_PAIRS, out, WN_DD_K_VERDICT, 16, &m, &w);
    if (st)
        return st;
    return owner_close(r, m, w, wn_dd_check_pairs(r, m, r->own_parent, write_verdict, w));
}

/* Rank 0: the verdicts of every owner in (a, b) order, counted and joined as wn_dd_confirm_pairs. */
static wn_status replay_pairs(resolver *r, int size)
{
    char **paths;
    wn_status st = numbered_paths("%s/%s.r%d.run", r->dir, "verdict", (size_t)size, &paths);
    if (st)
        return st;
    wn_merger *m;
    st = wn_merger_open(&m, paths, (size_t)size, WN_DD_K_VERDICT, 16, r->err, r->err_cap);
    free_paths(paths, (size_t)size);
    if (st)
        return st;
    wn_dd_watch(r, m, "verdicts replayed");
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
        if (wn_dd_uf_find(r->parent, a) == wn_dd_uf_find(r->parent, b))
            continue;
        if (v->pos)
            wn_dd_uf_union(r->parent, a, b);
        wn_dd_count_verdict(v->key, v->pos, &tally);
    }
    wn_dd_add_tally(r, &tally);
    return wn_dd_merger_fail(r, m, st);
}

/* Collective: one key kind from its runs to its owners (sorted there); *runs on this rank. */
static wn_status send_keys(resolver *r, const wn_comm *c, int kind_index, const char *own_prefix,
                           unsigned *runs)
{
    char **src = NULL;
    size_t n = 0;
    wn_dd_watch(r, NULL, "keys sent to their owners");
    wn_status st = my_runs(r, c, kind_index, &src, &n);
    wn_status xs = exchange_sorted(r, c, src, st ? 0 : n, (uint32_t)(WN_DD_K_EXACT + kind_index), 16,
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
        return wn_dd_resolve_one(work_dir, memory, stats, progress, err, err_cap);
    resolver r = { .dir = work_dir, .err = err, .err_cap = err_cap, .memory = memory,
                   .progress = progress };
    wn_counters local = { 0 };
    r.stats = stats ? stats : &local;
    err[0] = '\0';
    bool root = c->rank == 0, agreed = false;
    wn_status st = wn_dd_manifest_read(work_dir, &r.m, err, err_cap);
    bool pairs = !st && (r.m.o.methods & WN_DEDUP_MINHASH) && r.m.o.confirm_exact && r.m.o.threshold > 0;
    /* rank 0 keeps the clusters; the owners of pairs keep their own joins apart (rank 0's
     * replay must see each verdict its owner did not skip) */
    if (!st && root)
        st = wn_dd_resolver_alloc(&r);
    if (!st && pairs && !(r.own_parent = wn_dd_uf_create(r.m.n_seq)))
        st = WN_ERR_NOMEM;
    if (!st && root)
        st = wn_dd_build_docinfo(&r);
    st = agree_once(c, &agreed, st, NULL, err, err_cap);
    if (!st)
        st = wn_dd_resolver_open(&r);
    st = agree_once(c, &agreed, st, NULL, err, err_cap);
    char prefix[WN_PATH_CAP], path[4200];
    unsigned runs = 0;
    static const unsigned bit[2] = { WN_DEDUP_EXACT, WN_DEDUP_URL };
    for (int ki = 0; ki < 2 && !st; ki++) {
        if (!(r.m.o.methods & bit[ki]))
            continue;
        RANK_FILE(prefix, &r, "own.%s.r%d", RUN_NAMES[ki], c->rank);
        st = agree_once(c, &agreed, send_keys(&r, c, ki, prefix, &runs), NULL, err, err_cap);
        RANK_FILE(path, &r, "links.%s.r%d.run", RUN_NAMES[ki], c->rank);
        if (!st)
            st = own_exact(&r, (uint32_t)(WN_DD_K_EXACT + ki), prefix, runs, path);
        if (!(st = agree_once(c, &agreed, st, NULL, err, err_cap)) && root)
            st = replay_exact(&r, c->size, ki, ki == 0 ? WN_DD_F_EXACT : WN_DD_F_URL);
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
        char lprefix[WN_PATH_CAP];
        RANK_FILE(lprefix, &r, "lpairs.r%d", c->rank);
        wn_sorter *lp = NULL;
        if (!st && pairs)
            st = wn_sorter_create(&lp, lprefix, WN_DD_K_PAIRS, 16, (size_t)(memory / 4));
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
            wn_status xs = exchange_sorted(&r, c, src, st ? 0 : lruns, WN_DD_K_PAIRS, 16, prefix, &runs, st);
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
        st = wn_dd_resolve_finish(&r);
    if (!st && root)
        st = wn_dir_sync(work_dir, err, err_cap);
    if (st && !err[0])
        snprintf(err, err_cap, "%s: resolve: %s", work_dir, wn_dd_io_reason(st));
    st = agree_once(c, &agreed, st, NULL, err, err_cap);
    wn_dd_resolver_close(&r);
    wn_counters_free(&local);
    return st;
}
