/* meta.h: page metadata (title, author, date, site name, canonical URL, description, declared
 * language) from JSON-LD, OpenGraph, meta tags, <time>, <title>/<h1>, URL patterns and the
 * date and byline printed near the text. Internal to src/html: the extractor feeds it
 * elements during its walk and the text's candidates after selection (meta_text.c); every
 * field is decided in wn_meta_finish(), and nowhere else. */
#ifndef WN_META_H
#define WN_META_H

#include "winnow/extract.h"
#include "html/dom.h"

/* Candidates by source; the best present one wins in wn_meta_finish(). */
typedef enum {
    WN_META_TITLE_OG, WN_META_TITLE_LD, WN_META_TITLE_TAG, WN_META_TITLE_H1,
    WN_META_AUTHOR_LD, WN_META_AUTHOR_META, WN_META_AUTHOR_REL,
    WN_META_AUTHOR_TEXT,  /* a byline near the text (meta_text.c): the last resort */
    WN_META_DATE_LD, WN_META_DATE_META, WN_META_DATE_TIME, WN_META_DATE_URL,
    WN_META_DATE_TEXT,    /* YYYY-MM-DD of a date line near the text (meta_text.c): the last resort */
    WN_META_SITE_OG, WN_META_SITE_LD, WN_META_SITE_APP,
    WN_META_URL_CANON, WN_META_URL_OG,
    WN_META_DESC_META, WN_META_DESC_OG, WN_META_DESC_LD,
    WN_META_LANG_HTML, WN_META_LANG_META,
    WN_META_COUNT
} wn_meta_field;

typedef struct {
    wn_buf f[WN_META_COUNT];
    wn_buf tmp;
    wn_buf out[8];   /* title, author, date, url, sitename, description, lang */
    wn_buf body;     /* JSON-LD articleBody of the page's article, as written (no markup) */
    unsigned h1_count; /* <h1> elements with text seen */
    double *prof;    /* when set, seconds spent in wn_meta_on_element are added to it */
} wn_meta;

void wn_meta_init(wn_meta *m);
void wn_meta_reset(wn_meta *m);
void wn_meta_free(wn_meta *m);
/* Called for html, meta, link, title, script (type ld+json), time, h1 elements. */
void wn_meta_on_element(wn_meta *m, const wn_dom_node *n, wn_tag tag);
/* Sets a field from text when still empty (whitespace collapsed). */
void wn_meta_set(wn_meta *m, wn_meta_field f, const char *p, size_t n);
/* The page's declared language (<html lang>, else <meta>), as wn_meta_finish() gives it: the
 * extractor needs it before the fields are decided, to count stop words. */
wn_slice wn_meta_lang(const wn_meta *m);
/* Picks the best candidates into res; the one place where a field is decided. url (may be
 * empty) gives a date by its /YYYY/MM/DD/. */
void wn_meta_finish(wn_meta *m, const char *url, size_t url_len, wn_extract_result *res);
/* Finds a date written in text ("27.01.2022", "27. Januar 2022", "January 27, 2022",
 * "27 de enero de 2022", "2022-01-27") in s; writes "YYYY-MM-DD". */
bool wn_meta_text_date(const char *s, size_t n, char out[11]);
/* What the page declares, as wn_meta_finish() takes it: the first author that is not a link
 * (NULL: none), and the first date of the declared fields or else of the URL (false: none).
 * The text's candidates (meta_text.c) are only looked for when these find nothing. */
const wn_buf *wn_meta_declared_author(const wn_meta *m);
bool wn_meta_declared_date(const wn_meta *m, const char *url, size_t url_len, char out[11]);
/* The article's text as its JSON-LD gives it (articleBody), or an empty slice. */
wn_slice wn_meta_body(const wn_meta *m);

#endif
