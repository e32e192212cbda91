/* seg_spacy_en_impl.h: what the parts of the spaCy English segmenter share: the character
 * classes of spaCy's punctuation rules, one bit each, and the URL pattern. */
#ifndef WN_TEXT_SEG_SPACY_EN_IMPL_H
#define WN_TEXT_SEG_SPACY_EN_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

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
};

/*! sp_class_slow() : the SP_* bits of a code point, computed. */
uint32_t sp_class_slow(uint32_t cp);
/* the bits of every BMP code point, filled by sp_classes_init */
extern uint16_t sp_bmp[0x10000];
/*! sp_class() : the SP_* bits of a code point (a table look-up in the BMP). */
static inline uint32_t sp_class(uint32_t cp)
{
    return cp < 0x10000 ? sp_bmp[cp] : sp_class_slow(cp);
}
/*! sp_classes_init() : builds the class table once (thread-safe; later calls return at once). */
void sp_classes_init(void);

/*! sp_unit_at() : length in code points of the unit string (spaCy's UNITS) or currency string
 * (CURRENCY) that cps[p, hi) is exactly, or 0. */
size_t sp_unit_or_currency(const uint32_t *cps, size_t p, size_t hi);

/*! sp_url_match() : spaCy's URL_MATCH (the URL pattern anchored at both ends) on cps[lo, hi). */
bool sp_url_match(const uint32_t *cps, size_t lo, size_t hi);

#endif
