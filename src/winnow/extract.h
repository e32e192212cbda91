/* extract.h: HTML pages to main-content text (plain or Markdown) and metadata.
 *
 * The extractor parses a page (through winnow's DOM adapter), cuts its text into blocks
 * (paragraphs, headings, list items, cells...), scores containers the way readability does
 * (text length, commas, link density, class/id and ARIA hints, semantic tags), keeps the best
 * container and its related siblings, then classifies each block in it the way jusText does
 * (length, link density, stop-word density in the page's language, neighbours), and falls
 * back to a whole-page classification when the main guess is too short. No rule names a site. */
#ifndef WINNOW_EXTRACT_H
#define WINNOW_EXTRACT_H

#include "winnow/core.h"
#include "winnow/doc.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- stop words ----------------------------------------------------------------------------
 * Per-language stop-word lists (the npm package stopwords-iso, fetched by
 * scripts/fetch-stopwords.sh, never committed). Loaded once, immutable, shared by threads. */
typedef struct wn_stopwords wn_stopwords;

/*! wn_stopwords_load() : reads a JSON object {"en": ["a", ...], "de": [...], ...}. Up to 64
 * languages are kept. Returns WN_ERR_IO / WN_ERR_FORMAT with a message in err. */
wn_status wn_stopwords_load(wn_stopwords **out, const char *path, char *err, size_t err_cap);
/*! wn_stopwords_default_path() : $WINNOW_STOPWORDS, else the first existing of
 * <dir>/../data/stopwords-iso.json and <dir>/data/stopwords-iso.json for `dir` (the directory of
 * the program, may be NULL). Writes into buf; false when none exists. */
bool wn_stopwords_default_path(const char *dir, char *buf, size_t cap);
size_t wn_stopwords_languages(const wn_stopwords *sw);
void wn_stopwords_free(wn_stopwords *sw);

/* ---- extraction ------------------------------------------------------------------------------ */
typedef enum { WN_EXTRACT_TEXT = 0, WN_EXTRACT_MARKDOWN = 1 } wn_extract_format;
/* What the option `parser` (config key and CLI --parser) takes, for its message on any other
 * value: our own parser is the only one since myhtml was removed (issue 19); "own" stays
 * accepted so that scripts and configs that chose it keep working. */
#define WN_PARSER_ACCEPTS "own, the only HTML parser: myhtml was removed"

typedef struct {
    wn_extract_format format;
    bool keep_comments;       /* keep user comments sections (default false) */
    bool keep_links;          /* Markdown: [text](href) (default false) */
    bool keep_tables;         /* default true */
    bool title_in_text;       /* the title as the text's first line (Markdown: "# title") (default false) */
    size_t max_bytes;         /* pages larger than this: WN_ERR_TOO_LARGE (default 16 MiB) */
    unsigned max_depth;       /* elements nested deeper are not made, their text kept (1024) */
    unsigned max_attrs;       /* attributes on one tag past this many are dropped (1024) */
    const wn_stopwords *stopwords;   /* borrowed; NULL disables the stop-word signal */
} wn_extract_opts;

void wn_extract_opts_default(wn_extract_opts *o);

/* What a page gave. Every slice lives until the next wn_extract_html() on the same extractor
 * or its free; empty slices ({"",0}) for what the page does not say. */
typedef struct {
    wn_slice text;          /* main content, UTF-8, blocks separated by newlines */
    wn_slice title, author, date /* YYYY-MM-DD when known */, url /* canonical */, sitename,
             description, lang /* declared, e.g. "en-US" */;
} wn_extract_result;

typedef struct wn_extractor wn_extractor;

/*! wn_extractor_create() : one per thread; `o` is copied (stopwords stay borrowed). */
wn_status wn_extractor_create(wn_extractor **out, const wn_extract_opts *o);
void wn_extractor_free(wn_extractor *x);   /* NULL is a no-op */

/*! wn_extract_html() : extracts one page. html should be UTF-8 (invalid sequences are
 * repaired to U+FFFD first); url (may be NULL/empty) helps find a date. Returns WN_OK (the text
 * may be empty: no main content), WN_ERR_TOO_LARGE or WN_ERR_TOO_MANY_ELEMENTS for pages over
 * the bounds (docs/extract.md, "Bounds"), WN_ERR_NOMEM. Output text is always valid UTF-8 and depends only on the input. */
wn_status wn_extract_html(wn_extractor *x, const char *html, size_t n, const char *url,
                          size_t url_len, wn_extract_result *res);
/*! wn_extract_html_valid() : wn_extract_html() for html known to be valid UTF-8, as
 * wn_charset_html_text() gives it: the page is not checked a second time (a whole pass over
 * it, about 3 % of `winnow extract`). Invalid bytes there break the promise of valid output. */
wn_status wn_extract_html_valid(wn_extractor *x, const char *html, size_t n, const char *url,
                                size_t url_len, wn_extract_result *res);

/*! wn_stage_html : the pipeline stage; config is a const wn_extract_opts* (NULL = defaults).
 * Processes only WN_KIND_HTML documents: decodes the charset, extracts, sets d->text and the
 * metadata title, author, date, sitename, description, lang_declared (non-empty ones), then
 * sets the kind to WN_KIND_TEXT. Drops pages without main text as "no_content", pages over the
 * bounds as "too_large" / "too_many_elements". */
extern const wn_stage wn_stage_html;

#ifdef __cplusplus
}
#endif
#endif
