/* seg_spacy_en.h: English words and sentences exactly as spaCy's blank("en") tokenizer and
 * its sentencizer make them (what datatrove's split_into_words / split_into_sentences use for
 * English).
 *
 * DESIGN: the text is split on Python white space the way spaCy's Tokenizer does (a single
 * U+0020 after a token is that token's trailing space; any other white-space run is a token of
 * its own); each other chunk goes through special cases, prefixes, suffixes, the URL pattern
 * and infixes in spaCy's order, then the special-case matcher pass; the sentencizer marks
 * sentence starts. Offsets are bytes of the UTF-8 text. One wn_spacy_en per worker: the token
 * array it returns is reused by the next call. The rules are described in docs/filters.md. */
#ifndef WN_TEXT_SEG_SPACY_EN_H
#define WN_TEXT_SEG_SPACY_EN_H

#include "winnow/core.h"

#define WN_STOK_SPACE 1u       /* a white-space token (datatrove drops it from the words) */
#define WN_STOK_SENT_START 2u  /* the sentencizer starts a sentence here */
#define WN_STOK_ASCII_ALPHA 4u /* known to be ASCII letters only (a hint: may be unset on such) */
#define WN_STOK_ASCII_DIGIT 8u /* known to be ASCII digits only (a hint, likewise) */

typedef struct {
    uint32_t off;    /* byte offset in the text */
    uint32_t len;    /* bytes, >= 1 */
    uint32_t flags;  /* WN_STOK_* */
} wn_stok;

typedef struct wn_spacy_en wn_spacy_en;

wn_status wn_spacy_en_create(wn_spacy_en **out);
void wn_spacy_en_free(wn_spacy_en *s);

/*! wn_spacy_en_tokenize() : every spaCy token of text (valid UTF-8, < 2 GiB), white-space
 * ones included, in text order, with sentence starts set. *toks lives until the next call.
 * WN_ERR_TOO_LARGE for texts >= 2 GiB, WN_ERR_NOMEM when the token array cannot grow. */
wn_status wn_spacy_en_tokenize(wn_spacy_en *s, const char *text, size_t len, const wn_stok **toks,
                               size_t *n);

/*! wn_spacy_en_general_path_only() : on, tokenize skips its fast paths (a run of ASCII letters
 * taken eight bytes at a time and pushed as one token, a single ' ' after a chunk taken as its
 * trailing space without the white-space scan) and reads every chunk the general way. For
 * differential tests only: the tokens (offsets, lengths, white-space and sentence-start flags)
 * must be the same either way; the ASCII hint flags may differ. */
void wn_spacy_en_general_path_only(wn_spacy_en *s, bool on);

#endif
