/* text.h: line-level cleaning of extracted text, and Unicode scripts.
 *
 * Cleaning removes, by general rules, the boilerplate that extracted text still carries:
 * runs of short navigation-like lines (menus, font-size pickers, share/print links), short
 * lines at the edges of the text, short lines in another script than the document's main one,
 * symbol-only lines, and lines repeated inside the document (first kept). */
#ifndef WINNOW_TEXT_H
#define WINNOW_TEXT_H

#include "winnow/core.h"
#include "winnow/doc.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- scripts -------------------------------------------------------------------------------------
 * A coarse Unicode script of a code point (UAX #24 blocks), enough to find a line whose letters
 * are not in the document's script. Han, Hiragana and Katakana share WN_SCRIPT_CJK because
 * Japanese mixes them. */
typedef enum {
    WN_SCRIPT_NONE = 0,   /* digits, punctuation, symbols, spaces: no script */
    WN_SCRIPT_LATIN, WN_SCRIPT_GREEK, WN_SCRIPT_CYRILLIC, WN_SCRIPT_ARMENIAN, WN_SCRIPT_HEBREW,
    WN_SCRIPT_ARABIC, WN_SCRIPT_SYRIAC, WN_SCRIPT_THAANA, WN_SCRIPT_DEVANAGARI, WN_SCRIPT_BENGALI,
    WN_SCRIPT_GURMUKHI, WN_SCRIPT_GUJARATI, WN_SCRIPT_ORIYA, WN_SCRIPT_TAMIL, WN_SCRIPT_TELUGU,
    WN_SCRIPT_KANNADA, WN_SCRIPT_MALAYALAM, WN_SCRIPT_SINHALA, WN_SCRIPT_THAI, WN_SCRIPT_LAO,
    WN_SCRIPT_TIBETAN, WN_SCRIPT_MYANMAR, WN_SCRIPT_GEORGIAN, WN_SCRIPT_HANGUL, WN_SCRIPT_ETHIOPIC,
    WN_SCRIPT_KHMER, WN_SCRIPT_MONGOLIAN, WN_SCRIPT_CJK, WN_SCRIPT_OTHER,
    WN_SCRIPT_COUNT
} wn_script;

wn_script wn_script_of(uint32_t cp);
const char *wn_script_name(wn_script s);  /* ISO 15924 code, e.g. "Latn", "Armn" */

/* ---- cleaning ------------------------------------------------------------------------------------ */
typedef struct {
    bool drop_nav_runs;          /* runs of >= nav_min_run short lines */
    unsigned nav_max_words;      /* a "short" line has at most this many words ... */
    unsigned nav_max_chars;      /* ... and at most this many characters, no end punctuation */
    unsigned nav_min_run;
    bool drop_edge_short;        /* lines of <= edge_max_words at the start/end of the text */
    unsigned edge_max_words;
    bool drop_foreign_script;    /* short lines mostly in another script than the document's */
    unsigned foreign_max_words;
    bool drop_symbol_lines;      /* lines with no letters or digits-only lines up to 30 chars */
    bool drop_repeated;          /* a line seen before in the same document */
} wn_clean_opts;

void wn_clean_opts_default(wn_clean_opts *o);

typedef struct {
    uint64_t lines_in, lines_kept;
    uint64_t nav, edge, foreign_script, symbol, repeated;
} wn_clean_stats;

/*! wn_clean_text() : appends the cleaned text to out: kept lines in order, blank lines
 * collapsed to one, no leading or trailing blank line. `st` may be NULL. */
wn_status wn_clean_text(const wn_clean_opts *o, const char *text, size_t len, wn_buf *out,
                        wn_clean_stats *st);

/*! wn_stage_clean : the cleaning stage; config is a const wn_clean_opts*. Drops a document left
 * empty as "empty_after_clean". */
extern const wn_stage wn_stage_clean;

#ifdef __cplusplus
}
#endif
#endif
