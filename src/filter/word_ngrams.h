/* word_ngrams.h: the most frequent word n-gram of a document (n = 2, 3, 4 in turn) by integer
 * ids instead of strings, for Gopher repetition's top_n_gram rules.
 *
 * DESIGN: when no word holds a space, two " ".join n-grams are equal exactly when their word
 * tuples are. So every distinct word gets an id (its bytes compared in full once), every
 * distinct n-gram the id of the pair (id of its first n-1 words, id of its last word): equal
 * n-grams get equal ids, by integer compares, with no joined string and no byte compared
 * again. Ids are handed out in order of first occurrence, so the smallest id of the highest
 * count is the n-gram Counter.most_common puts first. An n-gram can occur twice only where
 * the (n-1)-grams at i and at i+1 both do; only those get an id (the others are unique). */
#ifndef WN_FILTER_WORD_NGRAMS_H
#define WN_FILTER_WORD_NGRAMS_H

#include "text/words.h"

typedef struct {
    size_t nw;           /* words of the document */
    size_t n;            /* the n-grams ids[] now hold (1: words) */
    uint32_t *wid;       /* id of each word (ids count from 1) */
    uint32_t *ids;       /* id of the n-gram at each position, 0 where it is unique */
    uint32_t *cnt;       /* occurrences of each id of this n (cnt[0] = 0) */
    uint32_t *cntp;      /* the same for n - 1 */
    uint32_t *first;     /* position of each id's first occurrence */
    size_t wid_cap, ids_cap, cnt_cap, cntp_cap, first_cap;
    uint32_t best, best_id;   /* the highest count of this n, and its first id */
    size_t reps;         /* positions whose n-gram occurs more than once */
    /* The tables hold ids alone (0: an empty slot), what an id stands for is in arrays by id:
     * four bytes a slot to clear for every document and n, where slots of the key and the id
     * took sixteen (clearing them was a sixth of Gopher repetition's instructions). */
    uint32_t *words;     /* the words' table */
    uint32_t *whash;     /* by id: a part of the word's hash (its bytes: at first[id]) */
    uint32_t *pairs;     /* the n-grams' table */
    uint64_t *pkey;      /* by id: (id of the (n-1)-gram << 32) | id of the last word */
    size_t words_cap, whash_cap, pairs_cap, pkey_cap;
    uint32_t *cpos;      /* the positions whose n-gram may repeat, this n */
    uint64_t *ckey;      /* and their keys */
    size_t cpos_cap, ckey_cap;
} wn_word_ngrams;

/*! wn_wng_words() : ids for the nw words w of text (no word holding a space; each non-empty),
 * given each word's hash (equal bytes, equal hash); the next call to wn_wng_next gives the
 * 2-grams. WN_ERR_TOO_LARGE past a document's bytes, WN_ERR_NOMEM. */
wn_status wn_wng_words(wn_word_ngrams *g, const char *text, const wn_word *w, const uint64_t *hash,
                       size_t nw);

/*! wn_wng_next() : the n-grams of the next n (2, then 3, then 4; nw >= n): the first position
 * and the count of the most frequent one, ties to the first seen (when every n-gram is
 * unique: position 0, count 1). */
wn_status wn_wng_next(wn_word_ngrams *g, size_t *first, size_t *count);

void wn_wng_free(wn_word_ngrams *g);

#endif
