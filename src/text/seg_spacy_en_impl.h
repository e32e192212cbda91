/* seg_spacy_en_impl.h: what the parts of the spaCy English segmenter share: the character
 * classes of spaCy's punctuation rules, one bit each, and the URL pattern. */
#ifndef WN_TEXT_SEG_SPACY_EN_IMPL_H
#define WN_TEXT_SEG_SPACY_EN_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdatomic.h>

enum {
    SP_ALPHA = 1u << 0,    /* spaCy's ALPHA (Latin, Cyrillic, Greek and the uncased scripts) */
    SP_LOWER = 1u << 1,    /* ALPHA_LOWER (lower-case letters plus the uncased scripts) */
    SP_UPPER = 1u << 2,    /* ALPHA_UPPER */
    SP_ICON = 1u << 3,     /* LIST_ICONS: other symbols (So) */
    SP_QUOTE = 1u << 4,    /* CONCAT_QUOTES / LIST_QUOTES */
    SP_PUNCT = 1u << 5,    /* LIST_PUNCT (all single characters) */
    SP_CURR = 1u << 6,     /* single-character currency signs of LIST_CURRENCY */
    SP_PRE1 = 1u << 7,     /* a one-character prefix on its own: § % = — – and the lists */
    SP_SUF1 = 1u << 8,     /* a one-character suffix on its own */
    SP_DOTLB = 1u << 9,    /* may stand before a suffix '.': 0-9 ALPHA_LOWER % ² - + PUNCT | ( ? : ) quotes */
    SP_HOST = 1u << 10,    /* the URL pattern's [A-Za-z0-9\u00a1-\uffff] */
    SP_SPACE = 1u << 11,   /* Python str.isspace() */
    SP_P = 1u << 12,       /* Unicode general category P* (spaCy's is_punct) */
    SP_DIGIT = 1u << 13,   /* Python re \d: general category Nd */
    SP_WORD = 1u << 14,    /* Python re \w: str.isalnum() or '_' */
    SP_UNITEND = 1u << 15, /* the last character of a unit or currency string */
    SP_PLAIN = 1u << 16,   /* a "plain" letter (see sp_class_slow in seg_spacy_en_chars.c) */
};

/*! sp_class_slow() : the SP_* bits of a code point, computed. */
uint32_t sp_class_slow(uint32_t cp);
/* the bits of the BMP's code points, filled a block of SP_BLOCK code points at a time on
 * first use (filling all 65,536 costs ~130 M instructions, and English text touches a few
 * blocks): sp_block_ready[b] is set, with release order, once block b is filled */
#define SP_BLOCK_BITS 8
extern uint32_t sp_bmp[0x10000];
extern _Atomic bool sp_block_ready[0x10000 >> SP_BLOCK_BITS];
/*! sp_block_fill() : fills block b of sp_bmp (thread-safe; a filled block is left alone). */
void sp_block_fill(uint32_t b);
/*! sp_class() : the SP_* bits of a code point (a table look-up in the BMP). */
static inline uint32_t sp_class(uint32_t cp)
{
    if (cp >= 0x10000)
        return sp_class_slow(cp);
    if (!atomic_load_explicit(&sp_block_ready[cp >> SP_BLOCK_BITS], memory_order_acquire))
        sp_block_fill(cp >> SP_BLOCK_BITS);
    return sp_bmp[cp];
}

/*! sp_unit_at() : length in code points of the unit string (spaCy's UNITS) or currency string
 * (CURRENCY) that cps[p, hi) is exactly, or 0. */
size_t sp_unit_or_currency(const uint32_t *cps, size_t p, size_t hi);

/*! sp_url_match() : spaCy's URL_MATCH (the URL pattern anchored at both ends) on cps[lo, hi). */
bool sp_url_match(const uint32_t *cps, size_t lo, size_t hi);

#endif
