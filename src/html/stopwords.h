/* stopwords.h: lookups in the loaded stop-word lists (internal to src/html). */
#ifndef WN_STOPWORDS_H
#define WN_STOPWORDS_H

#include "winnow/extract.h"

#define WN_STOPWORDS_MAX_LANGS 64
#define WN_STOPWORD_MAX_LEN 32

/* The stop-word file (stopwords-iso's JSON is 1.5 MB): a larger one is refused as too_large.
 * It also bounds the word pool, whose words are decoded JSON strings of the file (a decoded
 * string is never longer than its escaped form). */
#define WN_STOPWORDS_FILE_MAX ((size_t)64 << 20)

/*! wn_stopwords_mask() : bit i set when the lowercase word w is a stop word of language i. */
uint64_t wn_stopwords_mask(const wn_stopwords *sw, const char *w, size_t n);
/* A memo of lookups of short words (up to 8 bytes, most of a text's words), for one thread:
 * the same few hundred words make most of a page, and a slot compared by the word's bytes
 * answers in a fraction of a lookup in the large table. Direct-mapped; a slot keeps its word,
 * so a collision costs a lookup, never a wrong mask. Zeroed = empty; it empties itself when
 * asked about other lists than the ones it remembers. */
#define WN_STOPWORD_CACHE_SLOTS 1024
typedef struct {
    uint64_t head;      /* the word's bytes, zero-padded */
    uint64_t mask;
    uint32_t len;       /* 0 = empty */
} wn_stopword_cache_slot;
typedef struct wn_stopword_cache {
    const wn_stopwords *sw;
    wn_stopword_cache_slot slots[WN_STOPWORD_CACHE_SLOTS];
} wn_stopword_cache;

/*! wn_stopwords_mask_cached() : wn_stopwords_mask(sw, w, n), remembered in c. */
uint64_t wn_stopwords_mask_cached(const wn_stopwords *sw, wn_stopword_cache *c, const char *w, size_t n);
/*! wn_stopwords_lang_index() : index of a language code ("en", "de"; case-insensitive; a
 * region suffix like "en-US" is ignored), or -1. */
int wn_stopwords_lang_index(const wn_stopwords *sw, const char *code, size_t n);
/* Number of words in language i's list. */
size_t wn_stopwords_lang_size(const wn_stopwords *sw, int i);

#endif
