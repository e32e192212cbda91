/* pairs.c: the pair checks of resolve: MinHash band buckets confirmed by estimated Jaccard,
 * and --confirm exact's candidate pairs checked on their shingle sets. */
#include <stdlib.h>
#include <string.h>
#include "dedup/dedup_impl.h"

wn_status wn_dd_load_sig(resolver *r, uint32_t seq, const uint16_t **sig)
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

wn_status wn_dd_band_walk_init(wn_dd_band_walk *w, resolver *r, wn_merger *m)
{
    memset(w, 0, sizeof *w);
    w->r = r;
    w->m = m;
    w->k = (size_t)r->m.o.minhash.bands * r->m.o.minhash.rows;
    w->first_sig = wn_malloc(w->k * 2);
    w->prev_sig = wn_malloc(w->k * 2);
    return w->first_sig && w->prev_sig ? WN_OK : WN_ERR_NOMEM;
}

void wn_dd_band_walk_free(wn_dd_band_walk *w)
{
    wn_free(w->first_sig);
    wn_free(w->prev_sig);
    w->first_sig = w->prev_sig = NULL;
}

wn_status wn_dd_band_walk_next(wn_dd_band_walk *w)
{
    if (w->yielded)
        w->prev = w->seq;
    w->yielded = false;
    const void *p;
    wn_status st;
    while (!(st = wn_merger_next(w->m, &p))) {
        const key_rec *kr = p;
        uint32_t seq;
        if ((st = wn_dd_pos_to_seq(w->r, kr->pos, &seq)))
            return st;
        if (!w->have || kr->key != w->key) {
            /* most buckets hold one document: its signature is read only if a second comes */
            w->key = kr->key;
            w->first = w->prev = seq;
            w->have = true;
            w->first_loaded = false;
            continue;
        }
        w->seq = seq;
        w->yielded = true;
        return WN_OK;
    }
    return st;
}

wn_status wn_dd_band_walk_estimate(wn_dd_band_walk *w, bool want_first, bool want_prev,
                                   bool *ok_first, bool *ok_prev)
{
    const uint16_t *s;
    wn_status st;
    if (!w->first_loaded) {
        if ((st = wn_dd_load_sig(w->r, w->first, &s)))
            return st;
        memcpy(w->first_sig, s, w->k * 2);
        memcpy(w->prev_sig, s, w->k * 2);
        w->first_loaded = true;
    }
    if ((st = wn_dd_load_sig(w->r, w->seq, &s)))
        return st;
    double t = w->r->m.o.threshold;
    *ok_first = want_first && wn_minhash_estimate(w->first_sig, s, w->k) >= t;
    *ok_prev = want_prev && wn_minhash_estimate(w->prev_sig, s, w->k) >= t;
    memcpy(w->prev_sig, s, w->k * 2);
    return WN_OK;
}

/* Band buckets: each member is compared with the bucket's first member and with the member
 * before it (a chain), which is linear in the bucket size yet joins a run of near-identical
 * documents even when the first is not similar to all of them. */
wn_status wn_dd_resolve_bands(resolver *r, wn_sorter *pairs)
{
    wn_merger *m;
    wn_status st = wn_dd_open_merger(r, 2, WN_DD_K_BAND, 16, &m);
    if (st)
        return st;
    wn_dd_watch(r, m, "minhash bands");
    bool estimate = r->m.o.threshold > 0 && !pairs;
    wn_dd_band_walk w;
    st = wn_dd_band_walk_init(&w, r, m);
    uint64_t candidates = 0, confirmed = 0, rejected = 0;
    while (!st && !(st = wn_dd_band_walk_next(&w))) {
        uint32_t first = w.first, prev = w.prev, seq = w.seq;
        candidates++;
        /* each link is confirmed on its own: being in first's cluster already says nothing
         * about prev */
        uint32_t rs = wn_dd_uf_find(r->parent, seq);
        bool ok_first = rs == wn_dd_uf_find(r->parent, first);
        bool ok_prev = prev != first && rs == wn_dd_uf_find(r->parent, prev);
        if (pairs) {
            /* exact confirmation: the links are decided later, pair by pair in document order
             * (wn_dd_confirm_pairs); a link already implied by earlier unions needs no check */
            key_rec pr = { (uint64_t)first << 32 | seq, 0 };
            if (!ok_first && (st = wn_sorter_add(pairs, &pr)))
                break;
            pr.key = (uint64_t)prev << 32 | seq;
            if (!ok_prev && prev != first && (st = wn_sorter_add(pairs, &pr)))
                break;
            continue;
        } else if (estimate) {
            bool est_first, est_prev;
            if ((st = wn_dd_band_walk_estimate(&w, !ok_first, !ok_prev && prev != first,
                                               &est_first, &est_prev)))
                break;
            ok_first |= est_first;
            ok_prev |= est_prev;
        } else {
            ok_first = true;
        }
        bool joined = false;
        if (ok_first)
            joined |= wn_dd_uf_union(r->parent, first, seq);
        if (ok_prev)
            joined |= wn_dd_uf_union(r->parent, prev, seq);
        if (joined)
            confirmed++;
        if (!ok_first && !ok_prev)
            rejected++;
    }
    wn_dd_band_walk_free(&w);
    wn_counter_add(r->stats, "lsh_candidate_pairs", candidates);
    if (!pairs) {
        wn_counter_add(r->stats, "lsh_rejected_pairs", rejected);
        wn_counter_add(r->stats, "lsh_new_unions", confirmed);
    }
    return wn_dd_merger_fail(r, m, st);
}

static int cmp_shingle_hash(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The distinct shingle hashes of document seq, sorted, into *buf (grown with WN_GROW). */
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
    if (!st)
        st = WN_GROW(*buf, *cap, dr.n_shingles, 1024, UINT32_MAX);
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
    qsort(*buf, m, 8, cmp_shingle_hash);
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


/* Candidate pairs from m in (a, b) order: repeats (a pair meets in several bands) and pairs that
 * `parent` joins already are skipped; the others get the exact Jaccard of their shingle sets
 * against the threshold, are joined in `parent` when they pass, and go to `verdict`. Sorted by
 * a, each first document's set is read once. */
wn_status wn_dd_check_pairs(resolver *r, wn_merger *m, uint32_t *parent, pair_verdict_fn verdict, void *ctx)
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
        if (wn_dd_uf_find(parent, a) == wn_dd_uf_find(parent, b))
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
            wn_dd_uf_union(parent, a, b);
        if ((st = verdict(key, pass, ctx)))
            break;
    }
    wn_free(A);
    wn_free(B);
    return st;
}


void wn_dd_add_tally(resolver *r, const pair_tally *t)
{
    wn_counter_add(r->stats, "exact_pairs_checked", t->checked);
    wn_counter_add(r->stats, "lsh_rejected_pairs", t->rejected);
    wn_counter_add(r->stats, "lsh_new_unions", t->joined);
}

wn_status wn_dd_count_verdict(uint64_t key, bool pass, void *ctx)
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
wn_status wn_dd_confirm_pairs(resolver *r, unsigned runs)
{
    if (runs == 0)
        return WN_OK;
    char **paths = wn_calloc(runs, sizeof *paths);
    wn_status st = paths ? WN_OK : WN_ERR_NOMEM;
    for (unsigned i = 0; !st && i < runs; i++) {
        char path[WN_PATH_CAP];
        WN_DD_PATH(path, "%s/pairs.%04u.run", r->dir, i);
        if (!(paths[i] = wn_strdup(path)))
            st = WN_ERR_NOMEM;
    }
    wn_merger *m = NULL;
    if (!st)
        st = wn_merger_open(&m, paths, runs, WN_DD_K_PAIRS, 16, r->err, r->err_cap);
    for (unsigned i = 0; paths && i < runs; i++)
        wn_free(paths[i]);
    wn_free(paths);
    if (st)
        return st;
    wn_dd_watch(r, m, "pairs checked");
    pair_tally tally = { 0, 0, 0 };
    st = wn_dd_check_pairs(r, m, r->parent, wn_dd_count_verdict, &tally);
    wn_dd_add_tally(r, &tally);
    return wn_dd_merger_fail(r, m, st);
}
