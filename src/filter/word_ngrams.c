/* word_ngrams.c: word n-grams counted by ids (word_ngrams.h says why that is exact). */
#include <string.h>
#include "common/check.h"
#include "common/grow.h"
#include "filter/word_ngrams.h"
#include "winnow/doc.h"

/* a document's words (and n-grams): each takes at least one of its bytes */
#define WNG_MAX WN_DOC_BYTES_MAX
#define FIB 0x9E3779B97F4A7C15ULL   /* 2^64 / golden ratio: multiply, then take the top bits */

/* Table size for `keys` keys: a power of two at least twice that (so probes stay short); its
 * log2 in *bits. */
static size_t table_size(size_t keys, unsigned *bits)
{
    size_t size = 16;
    unsigned b = 4;
    while (size < 2 * keys) {
        size *= 2;
        b++;
    }
    *bits = b;
    return size;
}

static wn_status reserve_positions(wn_word_ngrams *g, size_t nw)
{
    /* ids from 1 (0: none), one per position at most */
    wn_status st = WN_GROW(g->wid, g->wid_cap, nw, 256, WNG_MAX);
    if (!st)
        st = WN_GROW(g->ids, g->ids_cap, nw, 256, WNG_MAX);
    if (!st)
        st = WN_GROW(g->cnt, g->cnt_cap, nw + 1, 256, WNG_MAX + 1);
    if (!st)
        st = WN_GROW(g->cntp, g->cntp_cap, nw + 1, 256, WNG_MAX + 1);
    if (!st)
        st = WN_GROW(g->first, g->first_cap, nw + 1, 256, WNG_MAX + 1);
    if (!st)
        st = WN_GROW(g->whash, g->whash_cap, nw + 1, 256, WNG_MAX + 1);
    if (!st)
        st = WN_GROW(g->pkey, g->pkey_cap, nw + 1, 256, WNG_MAX + 1);
    if (!st)
        st = WN_GROW(g->cpos, g->cpos_cap, nw, 256, WNG_MAX);
    if (!st)
        st = WN_GROW(g->ckey, g->ckey_cap, nw, 256, WNG_MAX);
    return st;
}

/* The highest count of ids 1..nid (the smallest id on ties: the first seen) into g->best and
 * g->best_id, and in g->reps how many positions hold an id that occurs more than once. */
static void tally(wn_word_ngrams *g, uint32_t nid)
{
    uint32_t best = 1, bid = 0;
    size_t reps = 0;
    for (uint32_t id = 1; id <= nid; id++) {
        uint32_t k = g->cnt[id];
        reps += k > 1 ? k : 0;
        if (k > best) {
            best = k;
            bid = id;
        }
    }
    g->best = best;
    g->best_id = bid;
    g->reps = reps;
}

wn_status wn_wng_words(wn_word_ngrams *g, const char *text, const wn_word *w, const uint64_t *hash,
                       size_t nw)
{
    g->nw = nw;
    g->n = 1;
    if (nw == 0)
        return WN_OK;
    unsigned bits;
    size_t size = table_size(nw, &bits);
    wn_status st = reserve_positions(g, nw);
    if (!st)
        st = WN_GROW(g->words, g->words_cap, size, size, 2 * (size_t)WNG_MAX);
    if (st)
        return st;
    memset(g->words, 0, size * sizeof *g->words);
    size_t mask = size - 1;
    uint32_t nid = 0;
    g->cnt[0] = 0;
    for (size_t i = 0; i < nw; i++) {
        uint32_t off = w[i].off, len = w[i].len;
        uint64_t hx = (hash[i] ^ ((uint64_t)len << 56)) * FIB;
        uint32_t h = (uint32_t)hx;   /* the low half to tell words apart, the high to index */
        for (size_t k = (size_t)(hx >> (64 - bits));; k = (k + 1) & mask) {
            uint32_t id = g->words[k];
            if (id == 0) {
                g->words[k] = ++nid;
                g->whash[nid] = h;
                g->first[nid] = (uint32_t)i;
                g->cnt[nid] = 1;
                g->wid[i] = nid;
                break;
            }
            const wn_word *f = &w[g->first[id]];
            if (g->whash[id] == h && f->len == len && memcmp(text + f->off, text + off, len) == 0) {
                g->cnt[id]++;
                g->wid[i] = id;
                break;
            }
        }
    }
    memcpy(g->ids, g->wid, nw * sizeof *g->ids);
    tally(g, nid);
    return WN_OK;
}

/* The id of every n-gram (n = g->n + 1) whose first and last (n-1)-grams both occur more than
 * once (by their counts in cntp); 0 for the others, which are unique. g->ids is rewritten in
 * place: position i reads ids[i] and ids[i+1] before it writes ids[i]. The positions that may
 * repeat are listed first, without a branch (whether a position may repeat is near a coin
 * toss: the branch mispredicted, a quarter of wn_wng_next's samples in perf), and only they go
 * to the table, in order. Returns the number of ids. */
static uint32_t pair_ids(wn_word_ngrams *g, size_t np, size_t n, unsigned bits)
{
    size_t mask = ((size_t)1 << bits) - 1, m = 0;
    uint32_t nid = 0, *ids = g->ids;
    const uint32_t *cntp = g->cntp;
    for (size_t i = 0; i < np; i++) {
        uint32_t a = ids[i], b = ids[i + 1];
        ids[i] = 0;
        g->cpos[m] = (uint32_t)i;
        g->ckey[m] = (uint64_t)a << 32 | g->wid[i + n - 1];
        m += (cntp[a] > 1) & (cntp[b] > 1);   /* else a part of it occurs once: so does it */
    }
    for (size_t q = 0; q < m; q++) {
        uint64_t key = g->ckey[q];
        uint32_t i = g->cpos[q];
        for (size_t k = (size_t)((key * FIB) >> (64 - bits));; k = (k + 1) & mask) {
            uint32_t id = g->pairs[k];
            if (id == 0) {
                g->pairs[k] = ++nid;
                g->pkey[nid] = key;
                g->cnt[nid] = 1;
                g->first[nid] = i;
                ids[i] = nid;
                break;
            }
            if (g->pkey[id] == key) {
                g->cnt[id]++;
                ids[i] = id;
                break;
            }
        }
    }
    return nid;
}

wn_status wn_wng_next(wn_word_ngrams *g, size_t *first, size_t *count)
{
    size_t n = g->n + 1;
    WN_ASSERT(n >= 2 && g->nw >= n);
    size_t np = g->nw - n + 1;
    g->n = n;
    /* the counts of n - 1 go to cntp; n's start in cnt */
    uint32_t *t = g->cntp;
    g->cntp = g->cnt;
    g->cnt = t;
    size_t tc = g->cntp_cap;
    g->cntp_cap = g->cnt_cap;
    g->cnt_cap = tc;
    g->cnt[0] = 0;
    /* distinct n-grams given an id: no more than the positions of repeated (n-1)-grams */
    unsigned bits;
    size_t size = table_size(g->reps, &bits);
    wn_status st = WN_GROW(g->pairs, g->pairs_cap, size, size, 2 * (size_t)WNG_MAX);
    if (st)
        return st;
    memset(g->pairs, 0, size * sizeof *g->pairs);
    tally(g, pair_ids(g, np, n, bits));
    /* every n-gram unique: the first one, once (Counter.most_common's tie) */
    *first = g->best > 1 ? g->first[g->best_id] : 0;
    *count = g->best;
    return WN_OK;
}

void wn_wng_free(wn_word_ngrams *g)
{
    wn_free(g->wid);
    wn_free(g->ids);
    wn_free(g->cnt);
    wn_free(g->cntp);
    wn_free(g->first);
    wn_free(g->words);
    wn_free(g->pairs);
    wn_free(g->whash);
    wn_free(g->pkey);
    wn_free(g->cpos);
    wn_free(g->ckey);
    memset(g, 0, sizeof *g);
}
