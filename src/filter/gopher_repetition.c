/* gopher_repetition.c: datatrove's GopherRepetitionFilter (Rae et al. 2021, table A1).
 *
 * DESIGN: every ratio has the full text length in code points (Python's len(text)) as its
 * denominator, except the two element-count fractions. Paragraphs are re.split(r"\n{2,}",
 * text.strip()), lines re.split("\n+", text). N-grams are over the words of words.h:
 *   top_n_gram     the most frequent " ".join(n words) (ties: the first seen, as
 *                  Counter.most_common), its length times its count;
 *   duplicated_n   datatrove's find_all_duplicate: walk the "".join(n words) n-grams, skip n
 *                  words after a repeat, add its length.
 * N-gram strings are contiguous slices of a joined buffer, so a polynomial prefix hash gives
 * each one in O(1) and a memcmp confirms every match: the counts are exact.
 *
 * Speed: most n-grams of a document occur once, and an n-gram known to be unique can be
 * neither a repeat nor the top n-gram unless every one is unique (then the first is, with count
 * 1, as Counter.most_common says). So only the n-grams that may repeat go into an exact set:
 * the top 2-, 3-, 4-grams are counted by word ids (word_ngrams.h) when no word holds a space,
 * else by the prefilter's saturating counters over their hashes; the duplicated 5..10-grams
 * only where the first PREFIX_BYTES bytes repeat (prefix_repeats) and their hash occurs twice
 * (dupes_add). Same counts, a fraction of the work. */
#include <math.h>
#include <string.h>
#include "common/grow.h"
#include "filter/filter_impl.h"
#include "filter/word_ngrams.h"

#define POLY_B 0x100000001B3ULL
#define POW_TAB 256              /* words up to this many bytes take their powers from a table */
#define PREFIX_BYTES 16          /* the prefix that prefix_repeats() compares (two 8-byte loads) */

typedef struct {
    bool word_has_space;         /* a word holds ' ' (a space with a combining mark after it) */
    unsigned sep;                /* 1 for " ".join (each word is followed by a ' '), 0 for "".join */
    wn_buf buf;                  /* the joined words (with sep, a ' ' after the last one too) */
    /* n + 1 entries each, at every word start and at the end: words i..e are bytes
     * [st[i], st[e+1]) (less the separator), and their hash comes from these */
    uint32_t *st;                /* byte offset in buf */
    uint64_t *ph;                /* polynomial hash of buf[0, st[i]) */
    uint64_t *pb, *pib;          /* B^st[i] and B^-st[i] */
    size_t cap;
} joined;

typedef struct {
    wn_filter_scratch s;         /* first member: see wn_filter_ctx_new() */
    const wn_gopher_rep_opts *o;
    joined spaced, concat;
    uint32_t *cpre;              /* code points before word i */
    size_t cpre_cap;
    uint64_t *hash;              /* hash of the n-gram at each position, this pass */
    size_t hash_cap;
    uint8_t *seen;               /* saturating counters (0, 1, 2+) by hash: the prefilter */
    size_t seen_cap;
    uint64_t *whash;             /* each word's hash (joined_build) */
    size_t whash_cap;
    wn_word_ngrams wng;          /* the 2-, 3-, 4-grams by word ids */
    uint64_t *dtab;              /* hashes seen, bit 0: seen twice (dupes_add) */
    size_t dtab_cap;
    unsigned dbits;              /* log2 of the slots dtab uses for this list */
    uint32_t *dslot;             /* the dtab slot of each word start / candidate n-gram */
    size_t dslot_cap;
    uint8_t *cand;               /* the word start's first PREFIX_BYTES bytes start another's */
    size_t cand_cap;
    uint32_t *list, *sub;        /* positions that may start a repeated 5-gram, and n-gram */
    size_t list_cap, sub_cap;
    uint64_t inv_b;
    uint64_t pw[POW_TAB], ipw[POW_TAB];  /* POLY_B^k and inv_b^k for k < POW_TAB */
} rep_ctx;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "short_word_hash reads the bytes of a word from little-endian loads"
#endif

static void joined_free(joined *j)
{
    wn_buf_free(&j->buf);
    wn_free(j->st); wn_free(j->ph); wn_free(j->pb); wn_free(j->pib);
    memset(j, 0, sizeof *j);
}

/* Words of one document: each takes at least one byte of it. Joined with one separator each,
 * they take at most twice its bytes (and the NUL). */
#define REP_WORDS_MAX WN_DOC_BYTES_MAX
#define REP_JOINED_MAX (2 * WN_DOC_BYTES_MAX + 2 + WORD_COPY)

/* Makes room in j for n words (n + 1 entries) and `total` bytes, and WORD_COPY more: a word
 * is copied with fixed-size stores that may write past its end. */
#define WORD_COPY 16
static wn_status joined_reserve(joined *j, size_t n, size_t total)
{
    if (n + 1 > j->cap) {
        /* four parallel arrays: each grows from the same cap the same way, so they stay equal;
         * j->cap moves only once all of them have */
        size_t c[4] = { j->cap, j->cap, j->cap, j->cap };
        wn_status gs = WN_GROW(j->st, c[0], n + 1, 64, REP_WORDS_MAX + 1);
        if (!gs) gs = WN_GROW(j->ph, c[1], n + 1, 64, REP_WORDS_MAX + 1);
        if (!gs) gs = WN_GROW(j->pb, c[2], n + 1, 64, REP_WORDS_MAX + 1);
        if (!gs) gs = WN_GROW(j->pib, c[3], n + 1, 64, REP_WORDS_MAX + 1);
        if (gs)
            return gs;
        j->cap = c[0];
    }
    wn_buf_reset(&j->buf);
    return wn_buf_reserve(&j->buf, total + WORD_COPY + 1);
}

/* B^len and B^-len by the table (words longer than it go in steps). */
static inline void powers(uint32_t len, const uint64_t *pw, const uint64_t *ipw, uint64_t *p,
                          uint64_t *ip)
{
    uint64_t a = 1, b = 1;
    for (uint32_t left = len; left;) {
        uint32_t step = left < POW_TAB ? left : POW_TAB - 1;
        a *= pw[step];
        b *= ipw[step];
        left -= step;
    }
    *p = a;
    *ip = b;
}

/* The polynomial hash of s[0, len) (sum of s[k] * B^(len-1-k)), four bytes a step: the four
 * products do not wait for each other, where a byte a step waits a multiply per byte. The
 * same value, so concatenations still hash as their parts combined. */
static inline uint64_t word_poly_hash(const unsigned char *s, uint32_t len, const uint64_t *pw)
{
    uint64_t h = 0;
    uint32_t k = 0;
    for (; k + 4 <= len; k += 4)
        h = h * pw[4] + (s[k] * pw[3] + s[k + 1] * pw[2] + s[k + 2] * pw[1] + s[k + 3]);
    for (; k < len; k++)
        h = h * POLY_B + s[k];
    return h;
}

/* The polynomial hash of the eight bytes of x (byte 0 first), by a tree of products that do
 * not wait for each other. */
static inline uint64_t poly8(uint64_t x, const uint64_t *pw)
{
    uint64_t q0 = (x & 0xFF) * pw[1] + ((x >> 8) & 0xFF);
    uint64_t q1 = ((x >> 16) & 0xFF) * pw[1] + ((x >> 24) & 0xFF);
    uint64_t q2 = ((x >> 32) & 0xFF) * pw[1] + ((x >> 40) & 0xFF);
    uint64_t q3 = ((x >> 48) & 0xFF) * pw[1] + (x >> 56);
    return (q0 * pw[2] + q1) * pw[4] + (q2 * pw[2] + q3);
}

/* word_poly_hash of a word of len <= WORD_COPY bytes given as x (its bytes 0..7) and y (8..15)
 * loaded from it, past its end whatever follows. With those bytes cleared, the 16-byte hash is
 * the word's times B^(16 - len) (zeros appended), and B is odd: its inverse power gives the
 * word's hash back. The same steps for every length, where word_poly_hash's loops run a
 * number of times that changes word to word and mispredict at their ends. */
static inline uint64_t short_word_hash(uint64_t x, uint64_t y, uint32_t len, const uint64_t *pw,
                                       const uint64_t *ipw)
{
    uint64_t kx = len >= 8 ? ~(uint64_t)0 : ((uint64_t)1 << (8 * len)) - 1;
    uint64_t ky = len <= 8 ? 0 : len >= 16 ? ~(uint64_t)0 : ((uint64_t)1 << (8 * (len - 8))) - 1;
    return (poly8(x & kx, pw) * pw[8] + poly8(y & ky, pw)) * ipw[WORD_COPY - len];
}

/* One joined form of the words: " ".join (sep) or "".join, with its prefix hashes. A word's
 * own hash is made once, enters the form as h * B^len + hash(word), and is kept in whash (when
 * given) for the word ids of word_ngrams.c. A word of up to WORD_COPY bytes is copied by one
 * fixed-size copy (when the text has that many bytes from it): a copy of its own length is a
 * loop or a call whose length varies word to word, and its branches mispredict. */
static wn_status joined_build(joined *j, bool sep, const char *text, size_t tlen, const wn_word *w,
                              size_t n, const uint64_t *pw, const uint64_t *ipw, uint64_t *whash)
{
    size_t total = n * sep;
    for (size_t i = 0; i < n; i++)
        total += w[i].len;
    wn_status st = joined_reserve(j, n, total);
    if (st)
        return st;
    char *b = j->buf.data;
    size_t p = 0;
    uint64_t h = 0, bp = 1, ip = 1;
    for (size_t i = 0; i < n; i++) {
        j->st[i] = (uint32_t)p;
        j->ph[i] = h;
        j->pb[i] = bp;
        j->pib[i] = ip;
        const unsigned char *s = (const unsigned char *)text + w[i].off;
        uint32_t len = w[i].len;
        uint64_t hw;
        if (len <= WORD_COPY && w[i].off + WORD_COPY <= tlen) {
            uint64_t x, y;
            memcpy(&x, s, 8);
            memcpy(&y, s + 8, 8);
            memcpy(b + p, &x, 8);   /* the bytes past the word are overwritten next */
            memcpy(b + p + 8, &y, 8);
            hw = short_word_hash(x, y, len, pw, ipw);
        } else {
            memcpy(b + p, s, len);
            hw = word_poly_hash(s, len, pw);
        }
        if (whash)
            whash[i] = hw;
        p += len;
        uint64_t pl, ipl;
        if (len < POW_TAB) {
            pl = pw[len];
            ipl = ipw[len];
        } else {
            powers(len, pw, ipw, &pl, &ipl);
        }
        h = h * pl + hw;
        bp *= pl;
        ip *= ipl;
        if (sep) {
            b[p++] = ' ';
            h = h * POLY_B + ' ';
            bp *= POLY_B;
            ip *= ipw[1];
        }
    }
    j->st[n] = (uint32_t)p;
    j->ph[n] = h;
    j->pb[n] = bp;
    j->pib[n] = ip;
    /* written without checks: within the reserve */
    WN_ASSERT(p == total && total + WORD_COPY < j->buf.cap);
    j->buf.len = p;
    j->sep = sep;
    /* "".join holds the words' bytes alone: a ' ' in it is one inside a word */
    j->word_has_space = !sep && p && memchr(b, ' ', p) != NULL;
    return WN_OK;
}

/* Bytes of words i..i+n-1 in the joined buffer (without the separator after them). */
static inline uint32_t joined_len(const joined *j, size_t i, size_t n)
{
    return j->st[i + n] - j->st[i] - j->sep;
}

/* Hash of words i..i+n-1 as they stand in the joined buffer (with the separator after them:
 * the same for every n-gram of the form, so equal n-grams still hash equal). */
static inline uint64_t joined_hash(const joined *j, size_t i, size_t n)
{
    size_t e = i + n;
    uint64_t h = j->ph[e] - j->ph[i] * j->pb[e] * j->pib[i];
    /* one round of mixing brings the well-mixed high bits of the polynomial down to the low
     * bits the tables index by (equal strings still hash equal: a memcmp decides) */
    h ^= (uint64_t)(j->st[e] - j->st[i]) << 40;
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ULL;
    return h ^ (h >> 32);
}

static wn_status rep_create(const void *config, void **out)
{
    rep_ctx *c;
    wn_status st = wn_filter_ctx_new(sizeof *c, (void **)&c);
    if (st)
        return st;
    c->o = config;
    wn_buf_init(&c->spaced.buf, REP_JOINED_MAX);
    wn_buf_init(&c->concat.buf, REP_JOINED_MAX);
    /* inverse of the odd multiplier mod 2^64 (Newton's iteration doubles correct bits) */
    uint64_t x = POLY_B;
    for (int i = 0; i < 6; i++)
        x *= 2 - POLY_B * x;
    c->inv_b = x;
    c->pw[0] = c->ipw[0] = 1;
    for (int k = 1; k < POW_TAB; k++) {
        c->pw[k] = c->pw[k - 1] * POLY_B;
        c->ipw[k] = c->ipw[k - 1] * x;
    }
    *out = c;
    return WN_OK;
}

static void rep_free(void *ctx)
{
    rep_ctx *c = ctx;
    if (!c)
        return;
    joined_free(&c->spaced);
    joined_free(&c->concat);
    wn_free(c->cpre);
    wn_free(c->hash);
    wn_free(c->seen);
    wn_free(c->whash);
    wn_wng_free(&c->wng);
    wn_free(c->cand);
    wn_free(c->dtab);
    wn_free(c->dslot);
    wn_free(c->list);
    wn_free(c->sub);
    wn_filter_ctx_free(c);
}

static wn_status split_newline_runs(wn_spans *out, const char *text, size_t a, size_t b,
                                    size_t min_run)
{
    out->n = 0;
    size_t start = a;
    for (size_t i = a; i < b;) {
        /* memchr to the next '\n': a byte-at-a-time scan was 2 % of the filters' time */
        const char *nl = memchr(text + i, '\n', b - i);
        if (!nl)
            break;
        i = (size_t)(nl - text);
        size_t j = i;
        while (j < b && text[j] == '\n')
            j++;
        if (j - i >= min_run) {
            wn_status st = wn_spans_push(out, start, i - start);
            if (st)
                return st;
            start = j;
        }
        i = j;
    }
    return wn_spans_push(out, start, b - start);
}

/* The prefilter: hashes every n-gram of j into c->hash and counts them in c->seen (a power
 * of two of at least four counters per n-gram, so few unique n-grams share one). Returns the
 * mask of c->seen and in *maybe the number of n-grams whose counter reached 2: those the exact
 * set is given, so no more distinct strings than that go into it. */
static wn_status prefilter(rep_ctx *c, const joined *j, size_t nw, size_t n, size_t *mask,
                           size_t *maybe)
{
    size_t np = nw - n + 1, slots = 64;
    while (slots < 4 * np)
        slots *= 2;
    /* n-grams of one document: no more than its bytes; four counters each */
    wn_status st = WN_GROW(c->hash, c->hash_cap, np, 64, REP_WORDS_MAX);
    if (!st)
        st = WN_GROW(c->seen, c->seen_cap, slots, slots, 4 * (size_t)REP_WORDS_MAX);
    if (st)
        return st;
    memset(c->seen, 0, slots);
    size_t m = slots - 1, later = 0, shared = 0;
    for (size_t i = 0; i < np; i++) {
        uint64_t h = joined_hash(j, i, n);
        c->hash[i] = h;
        uint8_t *s = &c->seen[h & m];
        later += *s != 0;        /* found its counter taken: not the first there */
        shared += *s == 1;       /* the counter goes to 2: its first n-gram is a candidate too */
        *s += *s < 2;
    }
    *mask = m;
    *maybe = later + shared;
    return WN_OK;
}

/* Which hashes of a list occur more than once, exactly: an open-addressing table of the
 * 64-bit hashes themselves, bit 0 of an entry set when a second one comes. Counters indexed
 * by a few bits of the hash (the prefilter) let one hash in five share a counter with
 * another, which made two of every three positions the n >= 5 rules looked at false ones. */
#define NO_SLOT UINT32_MAX

static wn_status dupes_reset(rep_ctx *c, size_t keys)
{
    size_t size = 64;
    unsigned bits = 6;
    while (size < 2 * keys) {
        size *= 2;
        bits++;
    }
    /* keys of one document: no more than its words (two slots each) */
    wn_status st = WN_GROW(c->dtab, c->dtab_cap, size, size, 2 * (size_t)REP_WORDS_MAX);
    if (st)
        return st;
    memset(c->dtab, 0, size * sizeof *c->dtab);
    c->dbits = bits;
    return WN_OK;
}

/* Adds h; returns its slot (which dupes_twice reads once every hash is in). */
static inline uint32_t dupes_add(rep_ctx *c, uint64_t h)
{
    uint64_t key = (h | 2) & ~(uint64_t)1;   /* never 0 (an empty slot); bit 0 for the flag */
    size_t mask = ((size_t)1 << c->dbits) - 1;
    for (size_t k = (size_t)((key * 0x9E3779B97F4A7C15ULL) >> (64 - c->dbits));; k = (k + 1) & mask) {
        uint64_t e = c->dtab[k];
        if (e == 0) {
            c->dtab[k] = key;
            return (uint32_t)k;
        }
        if ((e & ~(uint64_t)1) == key) {
            c->dtab[k] = e | 1;
            return (uint32_t)k;
        }
    }
}

static inline bool dupes_twice(const rep_ctx *c, uint32_t slot)
{
    return c->dtab[slot] & 1;
}

/* For the ''.join n-grams of every n at once: two equal n-grams of PREFIX_BYTES bytes or
 * more begin with the same PREFIX_BYTES bytes of the concatenated words, at two word starts.
 * So a word start whose PREFIX_BYTES bytes begin no other word start's (their hash occurs
 * once) begins no repeated n-gram that long, for any n. Marks in c->cand the word starts
 * that may. */
static wn_status prefix_repeats(rep_ctx *c, const joined *j, size_t nw)
{
    wn_status st = WN_GROW(c->cand, c->cand_cap, nw, 64, REP_WORDS_MAX);
    if (!st)
        st = WN_GROW(c->dslot, c->dslot_cap, nw, 64, REP_WORDS_MAX);
    if (!st)
        st = dupes_reset(c, nw);
    if (st)
        return st;
    size_t len = j->buf.len;
    const char *b = j->buf.data;
    for (size_t i = 0; i < nw; i++) {
        size_t a = j->st[i];
        if (a + PREFIX_BYTES > len) {
            c->dslot[i] = NO_SLOT;   /* too near the end: no n-gram that long starts here */
            continue;
        }
        uint64_t x, y;
        memcpy(&x, b + a, 8);
        memcpy(&y, b + a + 8, 8);
        uint64_t h = (x ^ (y * 0x9E3779B97F4A7C15ULL)) * 0xd6e8feb86659fd93ULL;
        c->dslot[i] = dupes_add(c, h ^ (h >> 32));
    }
    for (size_t i = 0; i < nw; i++)
        c->cand[i] = c->dslot[i] != NO_SLOT && dupes_twice(c, c->dslot[i]);
    return WN_OK;
}

/* datatrove's find_all_duplicate for one n over the positions in c->list (ascending): those
 * that may start a repeated n-gram. Every other n-gram is unique: where the walk meets one it
 * is new and steps one word, and what it adds to the set never matches later; so the walk
 * only has to visit these, skipping those a repeat jumped over. */
static wn_status dup_ngrams(rep_ctx *c, size_t nlist, size_t nw, size_t n, uint64_t *repeated)
{
    const joined *j = &c->concat;
    size_t m = 0;
    for (size_t k = 0; k < nlist; k++) {
        size_t i = c->list[k];
        if (i + n > nw)
            break;
        c->sub[m] = (uint32_t)i;
        m += c->cand[i] || joined_len(j, i, n) < PREFIX_BYTES;
    }
    *repeated = 0;
    if (m < 2)
        return WN_OK;
    /* among them, the n-grams whose hash occurs more than once: equal n-grams are both here */
    wn_status st = dupes_reset(c, m);
    if (st)
        return st;
    for (size_t k = 0; k < m; k++) {
        uint64_t h = joined_hash(j, c->sub[k], n);
        c->hash[k] = h;
        c->dslot[k] = dupes_add(c, h);
    }
    size_t maybe = 0;
    for (size_t k = 0; k < m; k++)
        maybe += dupes_twice(c, c->dslot[k]);
    if (!maybe)
        return WN_OK;
    if ((st = wn_fset_reset(&c->s.set, maybe)))
        return st;
    size_t next = 0;             /* the walk's next position */
    for (size_t k = 0; k < m; k++) {
        size_t i = c->sub[k];
        if (i < next)
            continue;            /* jumped over by a repeat */
        if (!dupes_twice(c, c->dslot[k])) {
            next = i + 1;        /* unique: new, one word on */
            continue;
        }
        uint32_t off = j->st[i], l = joined_len(j, i, n);
        wn_fset_entry *e = wn_fset_add(&c->s.set, j->buf.data, c->hash[k], off, l, (uint32_t)i);
        if (e->count > 1) {
            /* a repeat is not added again (datatrove adds only unseen n-grams); the count is
             * only used to tell new from seen here */
            *repeated += c->cpre[i + n] - c->cpre[i];
            next = i + n;
        } else {
            next = i + 1;
        }
    }
    return WN_OK;
}

/* find_top_duplicate by the joined strings themselves (words with a space in them): the
 * first position and count of the most frequent n-gram of j, ties to the first seen. */
static wn_status top_by_bytes(rep_ctx *c, const joined *j, size_t nw, size_t n, size_t *first,
                              size_t *count)
{
    size_t np = nw - n + 1, mask, maybe;
    *first = 0;   /* every n-gram unique: the first one, once (Counter.most_common's tie) */
    *count = 1;
    wn_status st = prefilter(c, j, nw, n, &mask, &maybe);
    if (st || !maybe)
        return st;
    if ((st = wn_fset_reset(&c->s.set, maybe)))
        return st;
    for (size_t i = 0; i < np; i++) {
        uint64_t h = c->hash[i];
        if (c->seen[h & mask] < 2)
            continue;   /* a hash no other n-gram has: a unique string */
        uint32_t off = j->st[i], l = joined_len(j, i, n);
        wn_fset_entry *e = wn_fset_add(&c->s.set, j->buf.data, h, off, l, (uint32_t)i);
        if (e->count > *count || (e->count == *count && e->first < *first)) {
            *count = e->count;
            *first = e->first;
        }
    }
    return WN_OK;
}

static const char *const top_reason[3] = { "top_2_gram", "top_3_gram", "top_4_gram" };
static const char *const dup_reason[6] = { "duplicated_5_n_grams", "duplicated_6_n_grams",
    "duplicated_7_n_grams", "duplicated_8_n_grams", "duplicated_9_n_grams",
    "duplicated_10_n_grams" };

static void rep_process(void *ctx, wn_doc *d, wn_counters *cn)
{
    rep_ctx *c = ctx;
    const wn_gopher_rep_opts *o = c->o;
    const char *text = d->text.data ? d->text.data : "";
    size_t len = d->text.len;
    bool explain = o->explain;
    const char *reason = NULL;
    wn_status st = WN_OK;
    double text_chars = (double)wn_utf8_count(text, len);
    if (text_chars == 0)
        text_chars = 1; /* datatrove divides by zero here; an empty text has no repetition */
    wn_buf_reset(&c->s.ex);
    uint64_t de, dc;

    /* paragraphs of text.strip() */
    wn_span whole = wn_py_strip(text, (wn_span){ 0, (uint32_t)len }, true, true);
    st = split_newline_runs(&c->s.spans, text, whole.off, (size_t)whole.off + whole.len, 2);
    if (!st)
        st = wn_find_duplicates(&c->s.set, text, c->s.spans.v, c->s.spans.n, &de, &dc);
    if (st)
        goto fail;
    double r = (double)de / (double)c->s.spans.n;
    if (explain)
        wn_explain_num(&c->s.ex, "dup_para_frac", r);
    if (!reason && WN_RULE_ON(o->dup_para_frac) && r > o->dup_para_frac)
        reason = "dup_para_frac";
    r = (double)dc / text_chars;
    if (explain)
        wn_explain_num(&c->s.ex, "dup_para_char_frac", r);
    if (!reason && WN_RULE_ON(o->dup_para_char_frac) && r > o->dup_para_char_frac)
        reason = "dup_para_char_frac";
    if (reason && !explain)
        goto done;

    st = split_newline_runs(&c->s.spans, text, 0, len, 1);
    if (!st)
        st = wn_find_duplicates(&c->s.set, text, c->s.spans.v, c->s.spans.n, &de, &dc);
    if (st)
        goto fail;
    r = (double)de / (double)c->s.spans.n;
    if (explain)
        wn_explain_num(&c->s.ex, "dup_line_frac", r);
    if (!reason && WN_RULE_ON(o->dup_line_frac) && r > o->dup_line_frac)
        reason = "dup_line_frac";
    r = (double)dc / text_chars;
    if (explain)
        wn_explain_num(&c->s.ex, "dup_line_char_frac", r);
    if (!reason && WN_RULE_ON(o->dup_line_char_frac) && r > o->dup_line_char_frac)
        reason = "dup_line_char_frac";
    if (reason && !explain)
        goto done;

    const wn_word *w;
    size_t nw;
    st = wn_filter_seg_select(c->s.seg, o->segmenter, d);
    if (!st)
        st = wn_words_shared(c->s.seg, text, len, &w, &nw);
    if (st)
        goto fail;
    if ((st = WN_GROW(c->cpre, c->cpre_cap, nw + 1, 64, REP_WORDS_MAX + 1)))
        goto fail;
    c->cpre[0] = 0;
    for (size_t i = 0; i < nw; i++)
        c->cpre[i + 1] = c->cpre[i] + w[i].cps;

    if ((st = WN_GROW(c->whash, c->whash_cap, nw + 1, 64, REP_WORDS_MAX + 1)) ||
        (st = joined_build(&c->concat, false, text, len, w, nw, c->pw, c->ipw, c->whash)))
        goto fail;
    /* Without a space inside a word, " ".join(words[i:i+n]) gives back its words: n-grams are
     * equal when their words are, and word ids count them (word_ngrams.h). Otherwise the
     * joined strings are compared (rare: a space with a combining mark after it). */
    bool by_words = !c->concat.word_has_space;
    if (by_words)
        st = wn_wng_words(&c->wng, text, w, c->whash, nw);
    else
        st = joined_build(&c->spaced, true, text, len, w, nw, c->pw, c->ipw, NULL);
    if (st)
        goto fail;
    for (size_t t = 0; t < 3; t++) {
        size_t n = t + 2;
        if (nw < n)
            continue; /* "if not n_grams: continue" */
        size_t fi, best_count;
        st = by_words ? wn_wng_next(&c->wng, &fi, &best_count)
                      : top_by_bytes(c, &c->spaced, nw, n, &fi, &best_count);
        if (st)
            goto fail;
        double top_chars = (double)(c->cpre[fi + n] - c->cpre[fi] + (n - 1)) * best_count;
        r = top_chars / text_chars;
        if (explain)
            wn_explain_num(&c->s.ex, top_reason[t], r);
        if (!reason && WN_RULE_ON(o->top_ngram[t]) && r > o->top_ngram[t])
            reason = top_reason[t];
        if (reason && !explain)
            goto done;
    }

    /* the positions that may start a repeated n-gram (n >= 5): a repeated first PREFIX_BYTES
     * bytes, or a shorter 5-gram (an n-gram is never shorter than the 5-gram it starts with) */
    size_t nlist = 0;
    if (nw >= 5) {
        const joined *j = &c->concat;
        if ((st = prefix_repeats(c, j, nw)) ||
            (st = WN_GROW(c->list, c->list_cap, nw, 64, REP_WORDS_MAX)) ||
            (st = WN_GROW(c->sub, c->sub_cap, nw, 64, REP_WORDS_MAX)) ||
            (st = WN_GROW(c->hash, c->hash_cap, nw, 64, REP_WORDS_MAX)))
            goto fail;
        for (size_t i = 0; i + 5 <= nw; i++) {
            c->list[nlist] = (uint32_t)i;   /* kept when the count moves: no branch to mispredict */
            nlist += c->cand[i] || joined_len(j, i, 5) < PREFIX_BYTES;
        }
    }
    for (size_t t = 0; t < 6; t++) {
        size_t n = t + 5;
        uint64_t repeated = 0;
        if (nw >= n && (st = dup_ngrams(c, nlist, nw, n, &repeated)))
            goto fail;
        /* the repeats counted do not overlap: never more than the words' code points */
        WN_ASSERT(repeated <= c->cpre[nw]);
        r = (double)repeated / text_chars;
        if (explain)
            wn_explain_num(&c->s.ex, dup_reason[t], r);
        if (!reason && WN_RULE_ON(o->dup_ngram[t]) && r > o->dup_ngram[t])
            reason = dup_reason[t];
        if (reason && !explain)
            goto done;
    }

done:
    wn_filter_verdict(d, cn, &c->s.ex, explain, reason);
    return;
fail:
    wn_filter_fail(d, "gopher_repetition", st);
}

/* metadata.filters: what each rule measured, with explain (docs/output.md) */
static size_t rep_meta_keys(const void *config, const char **keys, size_t cap)
{
    const wn_gopher_rep_opts *o = config;
    if (!o || !o->explain || cap < 1)
        return 0;
    keys[0] = "filters";
    return 1;
}

const wn_stage wn_stage_gopher_repetition = { "gopher_repetition", rep_create, rep_free,
                                              rep_process, rep_meta_keys };
