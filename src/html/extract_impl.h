/* extract_impl.h: what the files of the extractor share (internal to src/html). */
#ifndef WN_EXTRACT_IMPL_H
#define WN_EXTRACT_IMPL_H

#include <time.h>
#include "winnow/extract.h"
#include "html/dom.h"
#include "html/meta.h"

/* class/id hints */
#define WN_HINT_BAD 1       /* boilerplate: navigation, share, related, ads... */
#define WN_HINT_GOOD 2      /* content words: article, content, post, entry... */
#define WN_HINT_STRONG 4    /* unambiguous main-content names: articleBody, entry-content... */
#define WN_HINT_COMMENT 8   /* user comments */
#define WN_HINT_WEAK 16     /* may be boilerplate (ads, author, tags...): believed when short or links */
#define WN_HINT_ONLY_COMMENT 32 /* boilerplate only because it holds comments that were not asked for */
#define WN_HINT_BYLINE 64   /* names the author ("byline", "author"): metadata when the page declares none */
#define WN_HINT_META 128    /* the post's data ("postmetadata", "entry-meta"): lines a CMS writes */

/* ---- the page model ------------------------------------------------------------------------
 *
 * DESIGN: extraction is a fixed sequence of steps, each in its own file, that read and write
 * one wn_page (reused between pages, one per extractor, one extractor per thread). In order,
 * as wn_extract_html() (extract.c) calls them:
 *  1. walk (extract_walk.c): one iterative pre-order walk of the DOM fills els[] (parent,
 *     tag, class/id/ARIA/semantic hints) and blks[] (the text between two block-level
 *     boundaries, its owner, counts of characters, link characters, words, commas) and
 *     toks[] (the stop-word languages of the page's first words); metadata elements are handed to meta.c as
 *     candidates on the way.
 *  2. language (extract_score.c): the stop-word language (declared, else the most frequent),
 *     then blks[].stops.
 *  3. scoring (extract_score.c): readability's paragraph scores summed up the tree, scaled by
 *     link density and hints; the best element is the candidate container, or the list
 *     that holds it when it (or a near ancestor) is one of three or more boxes of one kind
 *     (tag and class) that hold text: the posts of a thread, the answers of a question. Then
 *     (extract_evidence.c) a mixed class ("widget Blog") on the box that holds most of the
 *     page's evident prose is marked not to be believed as boilerplate.
 *  4. selection (extract_classify.c): the container, climbed while an ancestor adds prose,
 *     keeps its blocks that are not boilerplate inside it; the whole-page classification in
 *     jusText's manner replaces that when it finds five times as much, else adds what it finds before
 *     the container's end. Sets blks[].keep and container.
 *  5. fallbacks (extract_fallback.c): a page left with almost nothing is selected again
 *     believing only strong boilerplate signs (relaxed), then with comments as content
 *     (comments_ok), then keeping every prose paragraph, last (a page whose text is its
 *     links: headlines, a directory) the links that read as sentences; a short article in a
 *     box named for it (extract_evidence.c) stops them, and a post's own short paragraph under
 *     its headline stops the comment pass; then a lead paragraph set apart
 *     above the container is kept. After them (extract_classify.c), a page whose kept text
 *     is mostly in the rows of one table keeps the rows of the kept rows' shape whole.
 *  6. metadata (meta_text.c, then meta.c): the date and byline printed near the container
 *     become candidates; wn_meta_finish() decides every field, once.
 *  7. threads (extract_thread.c): boxes of a comment thread known by their signed lines, after
 *     an article, lose their keep; so do forms to write in outside the container
 *     (extract_forms.c); pruning (extract_prune.c): lists of headlines after the article, figures,
 *     captions, credits, date lines, labels of dropped
 *     lists, headings that no text follows, repeated short blocks lose their keep.
 *  8. rendering (extract_render.c): kept blocks as text lines or Markdown into out; the
 *     JSON-LD articleBody replaces it when it is far longer and holds it (extract_fallback.c).
 * Each step is linear in the page (wn_page.work counts the steps of the per-block loops). */

#define WN_PAGE_MAX_ELEMENTS (1u << 20)     /* past this, deeper content is not recorded */
#define WN_PAGE_MAX_BLOCKS (1u << 19)
#define WN_PAGE_MAX_TOKENS (1u << 21)
/* The words whose stop-word languages decide the page's language (the first ones): only these
 * are stored, 8 bytes each, so the words of a long page cost no memory (issue 18, item 8). */
#define WN_PAGE_LANG_TOKENS 20000u

/* An element of the page, in document (pre-)order: parents come before their children. */
typedef struct {
    int32_t parent;
    int32_t bad;        /* nearest ancestor-or-self marked boilerplate, or -1 */
    uint32_t end;       /* one past the last element of the subtree */
    uint32_t b0, b1;    /* blocks of the subtree */
    uint32_t chars, link_chars;
    uint32_t prose;     /* characters of prose blocks in the subtree */
    float score;
    uint8_t tag;
    uint8_t hint;       /* H_* */
    uint8_t scored;
    uint8_t keep;
    uint8_t img;        /* an <img> is inside, not under a deeper block */
    uint8_t in_comment; /* inside (or is) a comments section (set by scoring) */
    uint8_t plain_bad;  /* under (or is) an element whose class words are boilerplate only */
    uint8_t prose_box;  /* a mixed boilerplate class not believed: the box holds the prose */
    uint8_t box_only;   /* boilerplate only by a page builder's box word ("widget") */
    uint8_t in_box;     /* scratch of wn_page_unbox: 1 under a box_only element, 2 under other
                         * boilerplate */
    int32_t box_el;     /* scratch of wn_page_unbox: the nearest box_only ancestor-or-self */
    uint32_t free_prose; /* characters of evident prose not under a plain_bad element */
    uint8_t writes;     /* a <form> holding a <textarea> or an e-mail field: a box to write in (a reply, a sign-up) */
    uint32_t evident;    /* characters of evident prose in the subtree, whatever the classes */
    uint32_t cls_hash;   /* FNV-1a of the class attribute (0: none): boxes of one kind share it */
} wn_page_el;

/* Kinds of block */
enum { WN_BLK_P, WN_BLK_H, WN_BLK_LI, WN_BLK_PRE, WN_BLK_CELL, WN_BLK_QUOTE, WN_BLK_CAPTION, WN_BLK_DT };

/* Block flags */
#define WN_BLKF_PUNCT_END 1
#define WN_BLKF_IN_QUOTE 2
#define WN_BLKF_ORDERED 4
#define WN_BLKF_FIRST_IN_LI 8
#define WN_BLKF_HEADROW 16
#define WN_BLKF_FIGURE 32       /* inside <figure> or a <figcaption> */
#define WN_BLKF_AFTER_IMG 64    /* the first block after an <img> (no block between them) */

/* A block of text: what lies between two block-level boundaries. */
typedef struct {
    uint32_t off, len;      /* plain text in plain */
    uint32_t moff, mlen;    /* markdown in md */
    int32_t owner;          /* the innermost block-level element, or -1 */
    int32_t row, table;     /* cells: their tr and table elements */
    int32_t li;             /* list item element, -1 */
    uint32_t chars, link_chars, words, stops, commas;
    uint32_t fine_chars;     /* characters in fine print: inside <small> or <sub> */
    uint32_t tok0, tok1;    /* its words' numbers on the page (toks holds the first ones) */
    uint16_t li_num;
    uint8_t kind, level, flags;
    uint8_t keep;           /* the selection's verdict, revised by each later step */
} wn_page_blk;

typedef struct {
    const wn_extract_opts *o;
    wn_meta *meta;          /* metadata candidates; meta.c decides the fields */
    wn_buf plain, md;       /* blocks' text; md also serves as scratch after rendering */
    wn_buf out;             /* the rendered text */
    wn_page_el *els;
    size_t n_els, cap_els;
    wn_page_blk *blks;
    size_t n_blks, cap_blks;
    uint64_t *toks;         /* per word of the first WN_PAGE_LANG_TOKENS: stop-word language
                             * bits (0: too long); n_toks counts every word */
    size_t n_toks, cap_toks;
    struct wn_stopword_cache *sw_cache;     /* the extractor's memo of stop-word lookups */
    uint64_t *seen;         /* drop_repeats' hash set */
    size_t cap_seen;
    int lang;               /* stop-word language index or -1 */
    bool use_stops;         /* the language's stop words are frequent enough to judge by */
    int32_t container;      /* the chosen container (after the climb), or -1 */
    bool relaxed;           /* weak hints are not believed (a retry for pages left empty) */
    bool boxes;             /* an element is boilerplate only by a box word (box_only) */
    bool comments_ok;       /* comment sections are content (a retry: a forum thread) */
    uint64_t work;          /* steps of the per-block loops on this page (wn_extract_work) */
} wn_page;

/*! wn_page_el_bad() : the `bad` of element i (its parent's elements already set): i itself when
 * its hint marks it boilerplate, else its parent's nearest, else -1. The walk sets it, and
 * wn_page_unbox again after it clears a hint. */
static inline int32_t wn_page_el_bad(const wn_page *pg, int32_t i)
{
    const wn_page_el *e = &pg->els[i];
    if (e->hint & (WN_HINT_BAD | WN_HINT_WEAK))
        return i;
    return e->parent >= 0 ? pg->els[e->parent].bad : -1;
}

/* A cache of class/id values already cut into words: a page repeats the same few values on
 * hundreds of elements (every comment, every list item), and the hints are a pure function of
 * the value, so the cache outlives pages. Direct-mapped; a slot keeps its value's bytes and
 * is checked with memcmp, so a collision costs a miss, never a wrong hint. Zeroed = empty. */
#define WN_HINT_CACHE_SLOTS 1024
#define WN_HINT_CACHE_KEY 61    /* longer values are cut into words every time */
typedef struct {
    uint8_t len;    /* 0 = empty */
    uint8_t hint;
    uint8_t unboxed;    /* the hint without the box words */
    char key[WN_HINT_CACHE_KEY];
} wn_hint_cache_slot;
typedef struct {
    wn_hint_cache_slot slots[WN_HINT_CACHE_SLOTS];
} wn_hint_cache;

/* The walk's cursor (extract_walk.c only; kept in the extractor so its stack is reused). */
typedef struct wn_page_frame wn_page_frame;
typedef struct {
    wn_page *pg;
    wn_page_frame *frames;
    size_t n_frames, cap_frames;
    bool open;              /* a block has text */
    bool pend_space;
    uint32_t in_link, in_pre, in_quote, in_figure, in_noscript;
    uint32_t md_start;
    uint32_t cur_chars, cur_links, cur_fine;
    uint32_t in_fine;       /* open <small> and <sub> elements */
    bool h1_seen;
    bool img_before;        /* an <img> was passed since the last block opened */
    wn_hint_cache hints;    /* class and id values seen, on this page and earlier ones */
} wn_page_walker;

static inline bool wn_page_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static inline float wn_page_link_density(uint32_t chars, uint32_t links)
{
    return chars ? (float)links / (float)chars : 0.f;
}

/* A paragraph of real text: long enough and not mostly links. */
static inline bool wn_page_is_prose(const wn_page_blk *b)
{
    return b->kind == WN_BLK_PRE || (b->chars >= 60 && wn_page_link_density(b->chars, b->link_chars) < 0.3f);
}

/* 1. extract_walk.c: fills pg from the tree under root (pg emptied first). */
void wn_page_walk(wn_page_walker *w, wn_page *pg, wn_dom_node *root);
void wn_page_walker_free(wn_page_walker *w);
/* extract_walk.c: scans the words of b's text, counting its words and commas into b, and
 * calls on_word with each word's stop-word languages (looked up in sw; 0 when sw is NULL) until
 * it returns false. The walk and the stop-word count use it, so both see the same words. */
void wn_page_scan_words(const wn_page *pg, wn_page_blk *b, const wn_stopwords *sw,
                        bool (*on_word)(void *ctx, uint64_t mask), void *ctx);
/* 2. extract_score.c: pg->lang, use_stops and blks[].stops; declared: the page's language. */
void wn_page_language(wn_page *pg, wn_slice declared);
/* 3. extract_score.c: the best-scoring element, or -1. */
int32_t wn_page_score(wn_page *pg);
/* Is the block owned by `owner` under a boilerplate element strictly inside `root` (-1: the
 * page)? (extract_score.c) */
bool wn_page_under_boilerplate(wn_page *pg, int32_t owner, int32_t root);
/* extract_evidence.c: marks prose_box on elements whose mixed class ("widget Blog") the text
 * they hold contradicts; wn_page_under_boilerplate does not believe them. After scoring. */
void wn_page_weigh_hints(wn_page *pg);
/* A page builder's box word ("widget") on the boxes that hold most of the page's evident prose,
 * spread over several of them, is not believed anywhere on the page (before scoring). */
void wn_page_unbox(wn_page *pg);
/* A weak class word ("caption", "teaser", "ad") on a box whose every character is evident
 * prose (extract_evidence.c's measure, set by wn_page_weigh_hints) is not believed: the text
 * says it is written to be read. The words naming the post's data or its author are believed
 * still: their boxes hold sentences a CMS writes ("This entry was posted on...") or a bio. */
static inline bool wn_page_prose_over_weak(const wn_page_el *e)
{
    return !(e->hint & (WN_HINT_META | WN_HINT_BYLINE)) && e->chars && e->evident >= e->chars;
}
/* extract_evidence.c: does the selection just made keep text inside a box named for the
 * article (a STRONG hint from the best element topc up to the container)? Sentences or only
 * text: wn_page_select keeps a short article found so instead of the fallbacks' text. */
typedef enum { WN_ARTICLE_NONE, WN_ARTICLE_TEXT, WN_ARTICLE_SENTENCES } wn_page_short_article;
wn_page_short_article wn_page_strong_container(const wn_page *pg, int32_t topc);
/* extract_evidence.c: does the selection just made keep, in the container, a paragraph of a few
 * words after a headline kept there, or anywhere in it when it is the box named for the article
 * (named: wn_page_strong_container found text)? That is a post, however short (a picture and
 * its caption, a video and its one line): the comments under it answer it and are not its text
 * (wn_page_select does not take them instead). */
bool wn_page_own_paragraph(const wn_page *pg, bool named);
/* extract_score.c: keeps the blocks of top_el (and siblings) that are not boilerplate inside
 * it; returns the characters kept. */
size_t wn_page_select_main(wn_page *pg, int32_t top_el);
/* extract_score.c: top_el, or an ancestor holding more of the page's prose. */
int32_t wn_page_climb(wn_page *pg, int32_t top_el);
/* 4. extract_classify.c: sets keep from the container of topc or the whole-page
 * classification; returns the characters kept. */
size_t wn_page_choose_blocks(wn_page *pg, int32_t topc);
/* 5. extract_fallback.c: wn_page_choose_blocks, retried on pages left with almost nothing,
 * then the lead paragraph above the container. */
void wn_page_select(wn_page *pg, int32_t topc);
/* extract_classify.c: after the selection, a page whose kept text is mostly the rows of one
 * table of records keeps those rows whole. */
void wn_page_keep_record_rows(wn_page *pg);
/* 6. meta_text.c: a date and a byline near the container, as candidates in pg->meta, looked for
 * only when the page declares none (url: the page's, where a date may be too). */
void wn_page_meta_candidates(wn_page *pg, const char *url, size_t url_len);
/* 7. extract_prune.c */
void wn_page_prune(wn_page *pg);
void wn_page_drop_repeats(wn_page *pg);
/* extract_thread.c: boxes of a comment thread recognised by their signed lines lose their keep. */
void wn_page_drop_threads(wn_page *pg);
/* extract_forms.c: the text of forms to write in (a reply form's labels and rules) outside the
 * article loses its keep. */
void wn_page_drop_forms(wn_page *pg);
/* 8. extract_render.c: the kept blocks into pg->out; extract_fallback.c: the articleBody
 * instead when it is the page's text. */
void wn_page_render(wn_page *pg);
void wn_page_body_fallback(wn_page *pg);

/* extract.c: the page model of an extractor (for extract_debug.c). */
wn_page *wn_extract_page(wn_extractor *x);

/*! wn_extract_hints() : H_* bits of a class or id attribute value. */
uint8_t wn_extract_hints(const char *p, size_t n);


/*! wn_extract_hints_split() : wn_extract_hints(p, n); *unboxed gets the bits of the words
 * other than a page builder's box words ("widget"). */
uint8_t wn_extract_hints_split(const char *p, size_t n, uint8_t *unboxed);
/*! wn_extract_hints_cached() : wn_extract_hints_split(p, n, unboxed), remembered in c. */
uint8_t wn_extract_hints_cached(wn_hint_cache *c, const char *p, size_t n, uint8_t *unboxed);
/* The i-th word of the hint table (NULL past the end), for the order test. */
const char *wn_extract_hint_word(size_t i);
/* The hint bits of the i-th word of the table (0 past the end), for the tests' reference. */
uint8_t wn_extract_hint_word_hint(size_t i);

/* bench/extract_parse.c: where extraction time goes, in seconds summed over the pages
 * extracted since wn_extract_profile() was given this struct (NULL stops). The timer is read
 * a few times per page, and per metadata element, only while profiling. */
typedef struct {
    double utf8;     /* validity check (and repair) of the input */
    double parse;    /* tokenizing and tree building */
    double walk;     /* the walk: blocks, hints, word and stop-word counts (metadata excluded) */
    double meta;     /* metadata elements during the walk, then choosing the fields */
    double score;    /* language, scoring, selection, classification, pruning */
    double render;   /* text or Markdown output */
} wn_extract_prof;

void wn_extract_profile(wn_extractor *x, wn_extract_prof *p);

static inline double wn_extract_clock(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/*! wn_extract_work() : steps the selection, classification and pruning loops took on the last
 * page (blocks visited, ancestors climbed): a count that grows linearly with the page when
 * those passes are linear, so tests/unit/test_extract.c can assert it without a clock. */
uint64_t wn_extract_work(const wn_extractor *x);

/* bench/extract_debug.c: the blocks of the last page, with their features and decisions. */
void wn_extract_debug_dump(wn_extractor *x, wn_buf *out, int32_t chain);

#endif
