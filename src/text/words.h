/* words.h: word and sentence segmentation for any script (UAX #29 through ICU), and the
 * Python string predicates (isspace, isalpha, splitlines) that datatrove's rules rely on.
 *
 * DESIGN: one wn_segmenter per worker (ICU break iterators are not thread-safe); the word
 * array it returns is reused between calls, so a caller reads it before the next split. Words
 * are the UAX #29 word-boundary segments that are not entirely white space, which stands in
 * for datatrove's tokenizers (NLTK/spaCy): see docs/filters.md for where the two differ. */
#ifndef WN_TEXT_WORDS_H
#define WN_TEXT_WORDS_H

#include "winnow/core.h"

#define WN_WORD_ALPHA 1u   /* has a character Python's str.isalpha() accepts (gc L*) */
#define WN_WORD_SYMBOL 2u  /* every character is in datatrove's PUNCTUATION_SET (wn_dt_is_punct) */
#define WN_WORD_SENT 4u    /* spaCy mode: the sentencizer starts a sentence at this word or at a
                            * white-space token since the previous word */

typedef struct {
    uint32_t off;    /* byte offset in the text */
    uint32_t len;    /* bytes */
    uint32_t cps;    /* code points: Python's len() */
    uint32_t flags;  /* WN_WORD_* */
} wn_word;

typedef struct wn_segmenter wn_segmenter;

wn_status wn_segmenter_create(wn_segmenter **s);
void wn_segmenter_free(wn_segmenter *s);

/*! wn_words_split() : segments text (valid UTF-8, < 2 GiB) into words. *words points into
 * the segmenter and lives until the next call on it. WN_ERR_TOO_LARGE for texts >= 2 GiB. */
wn_status wn_words_split(wn_segmenter *s, const char *text, size_t len, const wn_word **words,
                         size_t *n);

/*! wn_segmenter_kind() : which segmentation s makes now (0: UAX #29 through ICU; 1: spaCy's
 * English, wn_segmenter_use_spacy_en); texts segmented differently never share words in
 * wn_words_shared. */
int wn_segmenter_kind(const wn_segmenter *s);

/*! wn_words_shared() : wn_words_split, but a text this thread segmented lately the same way
 * (the same bytes, the same kind) gives back the words kept then, so the filter stages of a
 * chain segment each document once (src/text/words_cache.c). *words lives until the next call
 * on this thread. */
wn_status wn_words_shared(wn_segmenter *s, const char *text, size_t len, const wn_word **words,
                          size_t *n);

/*! wn_words_cached() : true, with its words, when this thread segmented text lately the same
 * way (wn_words_shared's words, without segmenting on a miss). */
bool wn_words_cached(wn_segmenter *s, const char *text, size_t len, const wn_word **words,
                     size_t *n);

/*! wn_words_split_icu() : the same from ICU alone (reference for tests and benchmarks). */
wn_status wn_words_split_icu(wn_segmenter *s, const char *text, size_t len, const wn_word **words,
                             size_t *n);

/*! wn_words_fast_letter() : true for the Latin letters that the fast path of wn_words_split
 * segments itself (as ALetter); for the test that checks them against ICU. */
bool wn_words_fast_letter(uint32_t cp);

/*! wn_segmenter_use_spacy_en() : with on, wn_words_split and wn_sentences_count cut the way
 * spaCy's blank("en") tokenizer and sentencizer do (src/text/seg_spacy_en.h) until turned
 * off; the filter stages turn it on for English documents. WN_ERR_NOMEM when the spaCy
 * segmenter cannot be made (it is made on first use). */
wn_status wn_segmenter_use_spacy_en(wn_segmenter *s, bool on);

/*! wn_sentences_count() : number of UAX #29 sentences (root rules with ICU's English
 * abbreviation suppressions) that hold something other than white space. */
size_t wn_sentences_count(wn_segmenter *s, const char *text, size_t len);
/* (in spaCy mode: len(split_into_sentences(text)) of datatrove, i.e. the sentencizer's
 * sentences, at least 1) */

/*! wn_sentences_in_span() : from the spaCy-mode words w[0, n) of a whole text, what
 * wn_sentences_count gives for its span [a, b), when the span is bounded by white space (or
 * the text's ends) and starts with a word: a C4 line, stripped. spaCy splits chunks at white
 * space and a white-space token clears the sentencizer's state, so the line's tokens and
 * starts are the same inside the text as alone, but for its first token, which starts one. */
size_t wn_sentences_in_span(const wn_word *w, size_t n, size_t a, size_t b);

/* Python's str.isspace() for one code point (White_Space or bidi class WS/B/S). */
bool wn_py_isspace(uint32_t cp);
/* The same for an ASCII byte, inline for the hot loops: \t \n \v \f \r, 0x1C-0x1F, ' '. */
static inline bool wn_py_isspace_ascii(unsigned char b)
{
    return (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x20);
}
/* Python's str.isalpha() for one code point: general category L*. */
bool wn_py_isalpha(uint32_t cp);
/* True for the characters of datatrove's PUNCTUATION_SET (datatrove/utils/text.py): the
 * PUNCTUATION string united with TERMINAL_PUNCTUATION, 281 characters. */
bool wn_dt_is_punct(uint32_t cp);
/* True for the characters of datatrove's TERMINAL_PUNCTUATION (Unicode Sentence_Terminal as
 * in ICU 72, plus five Khmer signs): src/text/terminal_punct.c. */
bool wn_dt_is_terminal_punct(uint32_t cp);
/* Its size (159), for the tests. */
size_t wn_dt_terminal_punct_count(void);
/* Python's str.splitlines() line boundaries: \n \r \v \f \x1c \x1d \x1e \x85 U+2028 U+2029
 * (\r\n is one boundary). Returns the byte length of the boundary at p, or 0. */
size_t wn_py_linebreak_at(const char *p, size_t n);
/* Number of code points in valid UTF-8. */
size_t wn_utf8_count(const char *p, size_t n);

#endif
