/* extract.c: main-content extraction from an HTML page.
 *
 * DESIGN: four linear passes, no recursion.
 *  1. walk: one iterative pre-order walk of the DOM records every element (parent, tag,
 *     class/id/ARIA/semantic hints) and cuts the text into blocks: a block is the text between
 *     two block-level boundaries, owned by the innermost block-level element, with its
 *     character, link-character, word, stop-word and comma counts. Metadata elements are
 *     handed to meta.c on the way.
 *  2. score (readability's idea): each paragraph-like block of 25+ characters adds a score to
 *     its owner's parent, half to the grandparent, less further up; an element's score is then
 *     scaled by its link density and shifted by its hints. The best element, moved up while an
 *     ancestor holds as much, plus its siblings that score close, is the main container.
 *  3. classify: blocks inside the container are kept unless they sit under a boilerplate
 *     element inside it (navigation, share widgets, related lists, comments...), are mostly
 *     links, or repeat an earlier block. A whole-page classification in jusText's manner
 *     (length, link density, stop-word density in the page's language, good neighbours) is
 *     used instead when it finds much more; else what it finds before the container's end is
 *     added (leads and intros in boxes of their own). A page still left with almost nothing
 *     is tried again believing only strong boilerplate signs, and last every prose paragraph
 *     outside boilerplate is kept (trafilatura's baseline).
 *  4. render: kept blocks as text lines or Markdown (headings, lists, quotes, code, tables).
 * Everything is per extractor (one per thread) and reused between pages. */
#include <string.h>
#include "html/dom.h"
#include "html/extract_impl.h"
#include "html/meta.h"
#include "html/stopwords.h"
#include "text/nfc.h"

#define MAX_ELEMENTS (1u << 20)     /* past this, deeper content is not recorded */
#define MAX_BLOCKS (1u << 19)
#define MAX_TOKENS (1u << 21)
#define MAX_WALK_DEPTH 4096         /* the walk does not descend further */
#define TEXT_CAP ((size_t)64 << 20)
#define BODY_MIN 1000               /* bytes: a shorter articleBody is a summary, not a body */
#define META_WINDOW 30               /* blocks searched for a date or byline on each side of the container's start */
#define SHORT_TEXT 200              /* characters: less than this is not a page's main text */

typedef struct {
    int32_t parent;
    int32_t bad;        /* nearest ancestor-or-self marked boilerplate, or -1 */
    uint32_t end;       /* one past the last element of the subtree */
    uint32_t b0, b1;    /* blocks of the subtree */
    uint32_t chars, link_chars;
    uint32_t prose;     /* characters of prose blocks in the subtree */
    float score;
    uint8_t tag;
    uint8_t hint;
    uint8_t scored;
    uint8_t keep;
    uint8_t img;        /* an <img> is inside, not under a deeper block */
} el_t;

enum { BK_P, BK_H, BK_LI, BK_PRE, BK_CELL, BK_QUOTE, BK_CAPTION, BK_DT };

#define BF_PUNCT_END 1
#define BF_IN_QUOTE 2
#define BF_ORDERED 4
#define BF_FIRST_IN_LI 8
#define BF_HEADROW 16
#define BF_FIGURE 32       /* inside <figure> or a <figcaption> */

typedef struct {
    uint32_t off, len;      /* plain text in x->plain */
    uint32_t moff, mlen;    /* markdown in x->md */
    int32_t owner;
    int32_t row, table;     /* cells: their tr and table elements */
    int32_t li;             /* list item element, -1 */
    uint32_t chars, link_chars, words, stops, commas;
    uint32_t tok0, tok1;
    uint16_t li_num;
    uint8_t kind, level, flags, keep;
} blk_t;

typedef struct {
    wn_dom_node *node;
    int32_t el;
    int32_t block_el;
    int32_t row, table, li;
    uint16_t li_count;      /* items seen so far in this list */
    uint8_t tag;
    uint8_t list_depth;
    uint8_t in_article;
    uint8_t md_close;       /* 1 "**", 2 "*", 3 "`", 4 link */
    wn_slice href;
} frame_t;

struct wn_extractor {
    wn_extract_opts o;
    wn_dom *dom;
    wn_dom_limits lim;
    wn_meta meta;
    wn_buf repaired;
    wn_buf plain, md, out;
    el_t *els;
    size_t n_els, cap_els;
    blk_t *blks;
    size_t n_blks, cap_blks;
    uint64_t *toks;
    size_t n_toks, cap_toks;
    frame_t *frames;
    size_t n_frames, cap_frames;
    uint64_t *seen;         /* dedup set of block hashes */
    size_t cap_seen;
    /* walk state */
    bool open;              /* a block has text */
    bool pend_space;
    uint32_t in_link, in_pre, in_quote, in_figure;
    uint32_t md_start;
    uint32_t cur_chars, cur_links;
    bool h1_seen;
    int lang;               /* stop-word language index or -1 */
    int32_t container;      /* the chosen container (after the climb), or -1 */
    wn_extract_prof *prof;  /* bench/extract_parse.c: time per phase, or NULL */
    bool use_stops;
    bool relaxed;           /* weak hints are not believed (a retry for pages left empty) */
    bool comments_ok;       /* comment sections are content (a retry: a forum thread) */
    uint64_t work;          /* steps of the per-block loops on this page (wn_extract_work) */
};

void wn_extract_opts_default(wn_extract_opts *o)
{
    memset(o, 0, sizeof *o);
    o->format = WN_EXTRACT_TEXT;
    o->keep_tables = true;
    o->max_bytes = (size_t)16 << 20;
    o->max_depth = 1024;
    o->max_attrs = 1024;
}

wn_status wn_extractor_create(wn_extractor **out, const wn_extract_opts *o)
{
    *out = NULL;
    wn_extractor *x = wn_calloc(1, sizeof *x);
    if (!x)
        return WN_ERR_NOMEM;
    if (o)
        x->o = *o;
    else
        wn_extract_opts_default(&x->o);
    wn_status st = wn_dom_create(&x->dom);
    if (st) {
        wn_free(x);
        return st;
    }
    /* the walk skips scripts and styles; metadata reads only JSON-LD scripts */
    wn_dom_keep_script_text(x->dom, false);
    wn_dom_limits_default(&x->lim);
    x->lim.max_bytes = x->o.max_bytes;
    x->lim.max_depth = x->o.max_depth;
    x->lim.max_attrs = x->o.max_attrs;
    wn_meta_init(&x->meta);
    wn_buf_init(&x->repaired, x->o.max_bytes * 3 + 16);
    wn_buf_init(&x->plain, TEXT_CAP);
    wn_buf_init(&x->md, TEXT_CAP);
    wn_buf_init(&x->out, TEXT_CAP);
    *out = x;
    return WN_OK;
}

void wn_extractor_free(wn_extractor *x)
{
    if (!x)
        return;
    wn_dom_free(x->dom);
    wn_meta_free(&x->meta);
    wn_buf_free(&x->repaired);
    wn_buf_free(&x->plain);
    wn_buf_free(&x->md);
    wn_buf_free(&x->out);
    wn_free(x->els);
    wn_free(x->blks);
    wn_free(x->toks);
    wn_free(x->frames);
    wn_free(x->seen);
    wn_free(x);
}

/* Grows a vector to hold one more item; false when out of memory or over max. */
static bool vec_grow(void **v, size_t *cap, size_t n, size_t size, size_t max)
{
    if (n < *cap)
        return true;
    if (n >= max)
        return false;
    size_t nc = *cap ? *cap * 2 : 256;
    if (nc > max)
        nc = max;
    void *p = wn_realloc(*v, nc * size);
    if (!p)
        return false;
    *v = p;
    *cap = nc;
    return true;
}

/* ---- tag classes --------------------------------------------------------------------------- */

static bool is_block_tag(wn_tag t)
{
    switch (t) {
    case WN_TAG_ARTICLE: case WN_TAG_MAIN: case WN_TAG_SECTION: case WN_TAG_NAV: case WN_TAG_ASIDE:
    case WN_TAG_HEADER: case WN_TAG_FOOTER: case WN_TAG_MENU: case WN_TAG_DIV: case WN_TAG_CENTER:
    case WN_TAG_ADDRESS: case WN_TAG_DIALOG: case WN_TAG_P: case WN_TAG_H1: case WN_TAG_H2:
    case WN_TAG_H3: case WN_TAG_H4: case WN_TAG_H5: case WN_TAG_H6: case WN_TAG_UL: case WN_TAG_OL:
    case WN_TAG_LI: case WN_TAG_DL: case WN_TAG_DT: case WN_TAG_DD: case WN_TAG_PRE:
    case WN_TAG_BLOCKQUOTE: case WN_TAG_TABLE: case WN_TAG_CAPTION: case WN_TAG_THEAD:
    case WN_TAG_TBODY: case WN_TAG_TFOOT: case WN_TAG_TR: case WN_TAG_TD: case WN_TAG_TH:
    case WN_TAG_FIGURE: case WN_TAG_FIGCAPTION: case WN_TAG_HR: case WN_TAG_DETAILS:
    case WN_TAG_SUMMARY: case WN_TAG_FIELDSET: case WN_TAG_LEGEND: case WN_TAG_FORM:
    case WN_TAG_BODY: case WN_TAG_HTML: case WN_TAG_FRAMESET:
        return true;
    default:
        return false;
    }
}

static bool is_skipped_tag(wn_tag t)
{
    switch (t) {
    case WN_TAG_HEAD: case WN_TAG_SCRIPT: case WN_TAG_STYLE: case WN_TAG_TEMPLATE:
    case WN_TAG_IFRAME: case WN_TAG_SVG: case WN_TAG_MATH: case WN_TAG_OBJECT: case WN_TAG_EMBED:
    case WN_TAG_CANVAS: case WN_TAG_VIDEO: case WN_TAG_AUDIO: case WN_TAG_SELECT: case WN_TAG_OPTION:
    case WN_TAG_BUTTON: case WN_TAG_INPUT: case WN_TAG_TEXTAREA: case WN_TAG_MAP: case WN_TAG_TITLE:
    case WN_TAG_META: case WN_TAG_LINK: case WN_TAG_BASE: case WN_TAG_COMMENT: case WN_TAG_IMG:
    case WN_TAG_FRAME: case WN_TAG_DIALOG:
    case WN_TAG_RT:     /* ruby readings: the base text is the text (WHATWG HTML §4.5.10) */
        return true;
    default:
        return false;
    }
}

static inline bool is_heading(wn_tag t) { return t >= WN_TAG_H1 && t <= WN_TAG_H6; }

/* ---- text accumulation ------------------------------------------------------------------------ */

static inline bool ws(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

static frame_t *top(wn_extractor *x) { return &x->frames[x->n_frames - 1]; }

static void block_begin(wn_extractor *x)
{
    x->open = false;
    x->pend_space = false;
    x->cur_chars = x->cur_links = 0;
    x->md_start = (uint32_t)x->md.len;
}

static uint32_t trim_end(wn_buf *b, uint32_t start)
{
    while (b->len > start && ws((unsigned char)b->data[b->len - 1]))
        b->len--;
    return (uint32_t)b->len;
}

static void count_words(wn_extractor *x, blk_t *b)
{
    const unsigned char *p = (const unsigned char *)x->plain.data + b->off;
    size_t n = b->len;
    b->tok0 = (uint32_t)x->n_toks;
    size_t i = 0;
    while (i < n) {
        unsigned char c = p[i];
        bool letter = (c | 32) >= 'a' && (c | 32) <= 'z';
        if (c >= 0x80) {
            /* general punctuation U+2000-206F and NBSP separate words */
            if (c == 0xE2 && i + 1 < n && p[i + 1] == 0x80)
                letter = false;
            else if (c == 0xC2 && i + 1 < n && p[i + 1] < 0xC0)
                letter = false;
            else
                letter = true;
        }
        if (!letter) {
            if (c == ',')
                b->commas++;
            i += c >= 0x80 ? (c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2) : 1;
            continue;
        }
        size_t s = i;
        char w[WN_STOPWORD_MAX_LEN];
        size_t wl = 0;
        bool too_long = false;
        while (i < n) {
            c = p[i];
            if (c < 0x80) {
                if ((c | 32) < 'a' || (c | 32) > 'z')
                    if (c != '\'')
                        break;
                if (wl < sizeof w)
                    w[wl++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
                else
                    too_long = true;
                i++;
                continue;
            }
            if ((c == 0xE2 && i + 1 < n && p[i + 1] == 0x80) || (c == 0xC2 && i + 1 < n && p[i + 1] < 0xC0))
                break;
            /* Latin-1 supplement capitals (C3 80..9E) lower by +0x20 on the second byte */
            size_t l = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            if (i + l > n)
                l = n - i;
            if (wl + l <= sizeof w) {
                for (size_t k = 0; k < l; k++)
                    w[wl + k] = (char)p[i + k];
                if (c == 0xC3 && l == 2 && p[i + 1] >= 0x80 && p[i + 1] <= 0x9E && p[i + 1] != 0x97)
                    w[wl + 1] = (char)(p[i + 1] + 0x20);
                wl += l;
            } else {
                too_long = true;
            }
            i += l;
        }
        if (i == s) {
            i++;
            continue;
        }
        b->words++;
        if (x->o.stopwords && x->n_toks < MAX_TOKENS &&
            vec_grow((void **)&x->toks, &x->cap_toks, x->n_toks, sizeof *x->toks, MAX_TOKENS))
            x->toks[x->n_toks++] = too_long ? 0 : wn_stopwords_mask(x->o.stopwords, w, wl);
    }
    b->tok1 = (uint32_t)x->n_toks;
}

/* Ends the current block: trims it, drops it when empty, else records it. */
static void block_end(wn_extractor *x)
{
    if (!x->open) {
        x->md.len = x->md_start;
        block_begin(x);
        return;
    }
    blk_t *b = &x->blks[x->n_blks - 1];
    uint32_t end = trim_end(&x->plain, b->off);
    b->len = end - b->off;
    uint32_t mend = trim_end(&x->md, b->moff);
    b->mlen = mend - b->moff;
    b->chars = x->cur_chars;
    b->link_chars = x->cur_links;
    if (b->len) {
        unsigned char last = (unsigned char)x->plain.data[end - 1];
        if (last == '.' || last == '!' || last == '?' || last == ':' || last == ';' || last == '"' ||
            (end >= 3 && (unsigned char)x->plain.data[end - 3] == 0xE2))
            b->flags |= BF_PUNCT_END;
    }
    count_words(x, b);
    if (b->owner >= 0 && (size_t)b->owner < x->n_els)
        x->els[b->owner].chars += b->chars, x->els[b->owner].link_chars += b->link_chars;
    block_begin(x);
}

/* Opens a block at the first visible character. */
static bool block_open(wn_extractor *x)
{
    if (x->open)
        return true;
    if (!vec_grow((void **)&x->blks, &x->cap_blks, x->n_blks, sizeof *x->blks, MAX_BLOCKS))
        return false;
    frame_t *f = top(x);
    blk_t *b = &x->blks[x->n_blks++];
    memset(b, 0, sizeof *b);
    b->off = (uint32_t)x->plain.len;
    b->moff = x->md_start;
    b->owner = f->block_el;
    b->row = f->row;
    b->table = f->table;
    b->li = f->li;
    b->kind = BK_P;
    wn_tag ot = b->owner >= 0 ? (wn_tag)x->els[b->owner].tag : WN_TAG_OTHER;
    if (x->in_pre)
        b->kind = BK_PRE;
    else if (is_heading(ot))
        b->kind = BK_H, b->level = (uint8_t)(ot - WN_TAG_H1 + 1);
    else if (ot == WN_TAG_LI)
        b->kind = BK_LI;
    else if (ot == WN_TAG_TD || ot == WN_TAG_TH)
        b->kind = BK_CELL;
    else if (ot == WN_TAG_FIGCAPTION || ot == WN_TAG_CAPTION)
        b->kind = BK_CAPTION;
    else if (ot == WN_TAG_DT || ot == WN_TAG_DD)
        b->kind = BK_DT;
    if (b->kind == BK_LI || (b->li >= 0 && b->kind == BK_P)) {
        b->level = f->list_depth;
    }
    if (x->in_quote)
        b->flags |= BF_IN_QUOTE;
    if (x->in_figure || ot == WN_TAG_FIGCAPTION)
        b->flags |= BF_FIGURE;
    if (ot == WN_TAG_TH)
        b->flags |= BF_HEADROW;
    x->open = true;
    return true;
}

/* Length of a Unicode space at s (NBSP, U+2000-200A, U+202F, U+205F, U+3000), else 0: they
 * separate words like ASCII spaces (as Python's str.split() and readers' eyes do). */
static inline size_t uspace(const unsigned char *s, size_t n)
{
    if (s[0] == 0xC2 && n >= 2 && s[1] == 0xA0)
        return 2;
    if (s[0] == 0xE2 && n >= 3 && ((s[1] == 0x80 && (s[2] <= 0x8A || s[2] == 0xAF)) ||
                                   (s[1] == 0x81 && s[2] == 0x9F)))
        return 3;
    if (s[0] == 0xE3 && n >= 3 && s[1] == 0x80 && s[2] == 0x80)
        return 3;
    return 0;
}

static inline bool soft_hyphen(const unsigned char *s, size_t n)
{
    return s[0] == 0xC2 && n >= 2 && s[1] == 0xAD;
}

static void append_text(wn_extractor *x, const char *p, size_t n)
{
    const unsigned char *s = (const unsigned char *)p;
    bool md = x->o.format == WN_EXTRACT_MARKDOWN;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (soft_hyphen(s + i, n - i)) {
            i++;    /* a line-break hint, invisible unless a line breaks there */
            continue;
        }
        size_t us = c >= 0xC2 && !x->in_pre ? uspace(s + i, n - i) : 0;
        if (us) {
            if (x->open)
                x->pend_space = true;
            i += us - 1;
            continue;
        }
        if (!x->in_pre && ws(c)) {
            if (x->open)
                x->pend_space = true;
            continue;
        }
        if (!x->open) {
            if (ws(c))
                continue;   /* leading newlines of a pre */
            if (!block_open(x))
                return;
        }
        /* no space opens a line that a <br> began */
        if (x->pend_space && x->plain.len && x->plain.data[x->plain.len - 1] != '\n') {
            wn_buf_append_char(&x->plain, ' ');
            if (md)
                wn_buf_append_char(&x->md, ' ');
        }
        x->pend_space = false;
        if (c == '\r')
            continue;

        /* copy a run of ordinary bytes at once */
        size_t j = i + 1;
        while (j < n && !ws(s[j]) && !(s[j] >= 0xC2 && (uspace(s + j, n - j) || soft_hyphen(s + j, n - j))))
            j++;
        if (x->in_pre)
            j = i + 1;
        size_t run = j - i;
        wn_buf_append(&x->plain, p + i, run);
        if (md)
            wn_buf_append(&x->md, p + i, run);
        uint32_t cp = 0;
        for (size_t k = i; k < j; k++)
            cp += (s[k] & 0xC0) != 0x80;
        x->cur_chars += cp;
        if (x->in_link)
            x->cur_links += cp;
        i = j - 1;
    }
}

/* ---- the walk ---------------------------------------------------------------------------------- */

typedef struct {
    wn_slice cls, id, role, style, itemprop, href, type;
    bool hidden;
} attrs_t;


static void read_attrs(const wn_dom_node *n, attrs_t *a)
{
    memset(a, 0, sizeof *a);
    int count = 0;
    for (wn_dom_attr *at = wn_dom_attr_first(n); at && count < 64; at = wn_dom_attr_next(at), count++) {
        wn_slice k = wn_dom_attr_name(at);
        switch (k.len) {
        case 2: if (!memcmp(k.ptr, "id", 2)) a->id = wn_dom_attr_value(at); break;
        case 4:
            if (!memcmp(k.ptr, "role", 4)) a->role = wn_dom_attr_value(at);
            else if (!memcmp(k.ptr, "href", 4)) a->href = wn_dom_attr_value(at);
            else if (!memcmp(k.ptr, "type", 4)) a->type = wn_dom_attr_value(at);
            break;
        case 5:
            if (!memcmp(k.ptr, "class", 5)) a->cls = wn_dom_attr_value(at);
            else if (!memcmp(k.ptr, "style", 5)) a->style = wn_dom_attr_value(at);
            break;
        case 6: if (!memcmp(k.ptr, "hidden", 6)) a->hidden = true; break;
        case 8: if (!memcmp(k.ptr, "itemprop", 8)) a->itemprop = wn_dom_attr_value(at); break;
        case 11:
            if (!memcmp(k.ptr, "aria-hidden", 11) && wn_slice_ieq(wn_dom_attr_value(at), "true"))
                a->hidden = true;
            break;
        default: break;
        }
    }
    if (a->style.len && (wn_slice_icontains(a->style, "display:none") || wn_slice_icontains(a->style, "display: none") ||
                         wn_slice_icontains(a->style, "visibility:hidden")))
        a->hidden = true;
}

static uint8_t role_hint(wn_slice r)
{
    if (!r.len)
        return 0;
    if (wn_slice_ieq(r, "main") || wn_slice_ieq(r, "article"))
        return H_GOOD | H_STRONG;
    if (wn_slice_ieq(r, "navigation") || wn_slice_ieq(r, "banner") || wn_slice_ieq(r, "contentinfo") ||
        wn_slice_ieq(r, "complementary") || wn_slice_ieq(r, "search") || wn_slice_ieq(r, "menu") ||
        wn_slice_ieq(r, "menubar") || wn_slice_ieq(r, "dialog") || wn_slice_ieq(r, "alert") || wn_slice_ieq(r, "alertdialog") ||
        wn_slice_ieq(r, "toolbar"))
        return H_BAD;
    return 0;
}

static const char *const md_open_mark[] = { "", "**", "*", "`", "[" };

/* Enters an element or text node; returns true when its children are to be walked (a frame
 * was pushed then). */
static bool enter(wn_extractor *x, wn_dom_node *n)
{
    wn_tag t = wn_dom_tag(n);
    if (t == WN_TAG_TEXT) {
        wn_slice s = wn_dom_text(n);
        append_text(x, s.ptr, s.len);
        return false;
    }
    if (t == WN_TAG_DOCUMENT)
        return false;
    if (!wn_dom_is_html_ns(n))
        return false;
    if (is_skipped_tag(t)) {
        if (t == WN_TAG_IMG && x->n_frames && top(x)->block_el >= 0)
            x->els[top(x)->block_el].img = 1;
        if (t == WN_TAG_META || t == WN_TAG_LINK || t == WN_TAG_TITLE || t == WN_TAG_SCRIPT)
            wn_meta_on_element(&x->meta, n, t);
        else if (t == WN_TAG_HEAD) {
            /* metadata lives in head: walk it for meta, link, title and scripts only */
            for (wn_dom_node *c = wn_dom_first_child(n); c; c = wn_dom_next_sibling(c)) {
                wn_tag ct = wn_dom_tag(c);
                if (ct == WN_TAG_META || ct == WN_TAG_LINK || ct == WN_TAG_TITLE || ct == WN_TAG_SCRIPT)
                    wn_meta_on_element(&x->meta, c, ct);
            }
        }
        return false;
    }
    if (t == WN_TAG_BR) {
        if (x->open) {
            x->pend_space = false;
            wn_buf_append_char(&x->plain, '\n');
            if (x->o.format == WN_EXTRACT_MARKDOWN)
                wn_buf_append_char(&x->md, '\n');
        }
        return false;
    }
    if (t == WN_TAG_HR || t == WN_TAG_WBR) {
        if (t == WN_TAG_HR)
            block_end(x);
        return false;
    }
    if (x->n_frames >= MAX_WALK_DEPTH || x->n_els >= MAX_ELEMENTS)
        return false;
    if (!vec_grow((void **)&x->els, &x->cap_els, x->n_els, sizeof *x->els, MAX_ELEMENTS) ||
        !vec_grow((void **)&x->frames, &x->cap_frames, x->n_frames, sizeof *x->frames, MAX_WALK_DEPTH + 1))
        return false;
    attrs_t a;
    read_attrs(n, &a);
    if (a.hidden)
        return false;
    if (t == WN_TAG_HTML || t == WN_TAG_TIME)
        wn_meta_on_element(&x->meta, n, t);

    frame_t *pf = x->n_frames ? top(x) : NULL;
    uint8_t hint = 0;
    /* the classes of body and html describe the whole page (WordPress puts the post's author,
     * tags and category there), not a part of it */
    if (t == WN_TAG_BODY || t == WN_TAG_HTML)
        a.cls.len = a.id.len = a.role.len = 0;
    if (a.cls.len)
        hint |= wn_extract_hints(a.cls.ptr, a.cls.len);
    if (a.id.len)
        hint |= wn_extract_hints(a.id.ptr, a.id.len);
    hint |= role_hint(a.role);
    if (a.itemprop.len) {
        if (wn_slice_icontains(a.itemprop, "articlebody") || wn_slice_icontains(a.itemprop, "text"))
            hint |= H_GOOD | H_STRONG;
        else if (wn_slice_icontains(a.itemprop, "author") || wn_slice_icontains(a.itemprop, "date"))
            hint |= H_WEAK;
    }
    bool in_article = pf && pf->in_article;
    switch (t) {
    case WN_TAG_NAV: case WN_TAG_ASIDE: case WN_TAG_MENU: case WN_TAG_FOOTER:
        hint |= H_BAD;
        break;
    case WN_TAG_HEADER:
        if (!in_article)
            hint |= H_BAD;
        break;
    case WN_TAG_ARTICLE: case WN_TAG_MAIN:
        hint |= H_GOOD;
        break;
    default:
        break;
    }
    /* "content" next to "sidebar" is a sidebar; a strong content name wins over noise words
     * like "hidden-print" */
    if ((hint & H_STRONG) && !(hint & H_COMMENT))
        hint &= (uint8_t)~(H_BAD | H_WEAK);
    if ((hint & H_COMMENT) && !x->o.keep_comments && !(hint & H_BAD))
        hint |= H_BAD | H_ONLY_COMMENT;

    bool block = is_block_tag(t);
    if (block)
        block_end(x);

    int32_t ei = (int32_t)x->n_els++;
    el_t *e = &x->els[ei];
    memset(e, 0, sizeof *e);
    e->parent = pf ? pf->el : -1;
    e->tag = (uint8_t)t;
    e->hint = hint;
    e->bad = (hint & (H_BAD | H_WEAK)) ? ei : (pf ? x->els[pf->el].bad : -1);
    e->b0 = (uint32_t)x->n_blks;

    frame_t *f = &x->frames[x->n_frames++];
    if (pf)
        *f = *pf;
    else {
        memset(f, 0, sizeof *f);
        f->block_el = -1;
        f->row = f->table = f->li = -1;
    }
    f->node = n;
    f->el = ei;
    f->tag = (uint8_t)t;
    f->md_close = 0;
    if (block)
        f->block_el = ei;
    if (t == WN_TAG_ARTICLE || t == WN_TAG_MAIN || (hint & H_STRONG))
        f->in_article = 1;
    switch (t) {
    case WN_TAG_PRE: x->in_pre++; break;
    case WN_TAG_BLOCKQUOTE: x->in_quote++; break;
    case WN_TAG_FIGURE: x->in_figure++; break;
    case WN_TAG_A: x->in_link++; break;
    case WN_TAG_TABLE: f->table = ei; f->row = -1; break;
    case WN_TAG_TR: f->row = ei; break;
    case WN_TAG_UL: case WN_TAG_OL: case WN_TAG_MENU:
        f->list_depth++;
        f->li_count = 0;
        f->li = -1;
        break;
    case WN_TAG_LI: {
        f->li = ei;
        if (pf)
            pf->li_count++;
        f->li_count = pf ? pf->li_count : 1;
        break;
    }
    default: break;
    }
    if (x->o.format == WN_EXTRACT_MARKDOWN && !x->in_pre) {
        if (t == WN_TAG_B || t == WN_TAG_STRONG) f->md_close = 1;
        else if (t == WN_TAG_I || t == WN_TAG_EM) f->md_close = 2;
        else if (t == WN_TAG_CODE || t == WN_TAG_KBD || t == WN_TAG_TT || t == WN_TAG_SAMP) f->md_close = 3;
        else if (t == WN_TAG_A && x->o.keep_links && a.href.len && !wn_slice_icontains(a.href, "javascript:")) {
            f->md_close = 4;
            f->href = a.href;
        }
        if (f->md_close) {
            if (x->pend_space) {
                wn_buf_append_char(&x->plain, ' ');
                wn_buf_append_char(&x->md, ' ');
                x->pend_space = false;
            }
            wn_buf_append_str(&x->md, md_open_mark[f->md_close]);
        }
    }
    return true;
}

static void leave(wn_extractor *x)
{
    frame_t *f = top(x);
    wn_tag t = (wn_tag)f->tag;
    if (f->md_close) {
        /* closing marks hug the text: move a pending space after them */
        if (f->md_close == 4) {
            wn_buf_append_str(&x->md, "](");
            wn_buf_append(&x->md, f->href.ptr, f->href.len);
            wn_buf_append_char(&x->md, ')');
        } else {
            wn_buf_append_str(&x->md, md_open_mark[f->md_close]);
        }
    }
    switch (t) {
    case WN_TAG_PRE: x->in_pre--; break;
    case WN_TAG_BLOCKQUOTE: x->in_quote--; break;
    case WN_TAG_FIGURE: x->in_figure--; break;
    case WN_TAG_A: x->in_link--; break;
    default: break;
    }
    if (is_block_tag(t))
        block_end(x);
    el_t *e = &x->els[f->el];
    e->end = (uint32_t)x->n_els;
    e->b1 = (uint32_t)x->n_blks;
    if (t == WN_TAG_H1 && e->b1 > e->b0)
        x->meta.h1_count++;
    if (is_heading(t) && t == WN_TAG_H1 && !x->h1_seen && e->b1 > e->b0) {
        const blk_t *b = &x->blks[e->b0];
        wn_meta_set(&x->meta, M_TITLE_H1, x->plain.data + b->off, b->len);
        x->h1_seen = true;
    }
    x->n_frames--;
}

static void walk(wn_extractor *x, wn_dom_node *root)
{
    wn_dom_node *n = root;
    size_t base = x->n_frames;
    while (n) {
        bool pushed = enter(x, n);
        wn_dom_node *c = pushed ? wn_dom_first_child(n) : NULL;
        if (c) {
            n = c;
            continue;
        }
        if (pushed)
            leave(x);
        for (;;) {
            if (x->n_frames == base && n == root) {
                n = NULL;
                break;
            }
            wn_dom_node *s = wn_dom_next_sibling(n);
            if (s) {
                n = s;
                break;
            }
            if (x->n_frames == base) {
                n = NULL;
                break;
            }
            n = top(x)->node;
            leave(x);
            if (x->n_frames == base && n == root) {
                n = NULL;
                break;
            }
        }
    }
    while (x->n_frames > base)
        leave(x);
    block_end(x);
}

/* ---- language and stop words ------------------------------------------------------------------ */

static void choose_language(wn_extractor *x, wn_slice declared)
{
    x->lang = -1;
    x->use_stops = false;
    const wn_stopwords *sw = x->o.stopwords;
    if (!sw)
        return;
    if (declared.len)
        x->lang = wn_stopwords_lang_index(sw, declared.ptr, declared.len);
    uint32_t cnt[WN_STOPWORDS_MAX_LANGS] = { 0 };
    size_t lim = x->n_toks < 20000 ? x->n_toks : 20000;
    for (size_t i = 0; i < lim; i++) {
        uint64_t m = x->toks[i];
        while (m) {
            cnt[__builtin_ctzll(m)]++;
            m &= m - 1;
        }
    }
    if (x->lang < 0) {
        uint32_t best = 0;
        for (size_t l = 0; l < wn_stopwords_languages(sw) && l < WN_STOPWORDS_MAX_LANGS; l++)
            if (cnt[l] > best)
                best = cnt[l], x->lang = (int)l;
    }
    /* a language without spaces between words gives no stop words: then do without */
    x->use_stops = x->lang >= 0 && lim > 0 && cnt[x->lang] * 10 >= lim;
    if (!x->use_stops)
        return;
    uint64_t bit = 1ULL << x->lang;
    for (size_t i = 0; i < x->n_blks; i++) {
        blk_t *b = &x->blks[i];
        uint32_t s = 0;
        for (uint32_t k = b->tok0; k < b->tok1; k++)
            s += (x->toks[k] & bit) != 0;
        b->stops = s;
    }
}

/* ---- scoring ---------------------------------------------------------------------------------- */

static float base_score(const el_t *e)
{
    float s = 0;
    switch ((wn_tag)e->tag) {
    case WN_TAG_DIV: case WN_TAG_ARTICLE: case WN_TAG_MAIN: case WN_TAG_SECTION: s = 5; break;
    case WN_TAG_PRE: case WN_TAG_TD: case WN_TAG_BLOCKQUOTE: s = 3; break;
    case WN_TAG_ADDRESS: case WN_TAG_OL: case WN_TAG_UL: case WN_TAG_DL: case WN_TAG_DD:
    case WN_TAG_DT: case WN_TAG_LI: case WN_TAG_FORM: s = -3; break;
    case WN_TAG_H1: case WN_TAG_H2: case WN_TAG_H3: case WN_TAG_H4: case WN_TAG_H5: case WN_TAG_H6:
    case WN_TAG_TH: s = -5; break;
    default: break;
    }
    if (e->tag == WN_TAG_ARTICLE) s += 20;
    if (e->tag == WN_TAG_MAIN) s += 10;
    if (e->hint & H_GOOD) s += 25;
    if (e->hint & H_STRONG) s += 40;
    if (e->hint & H_BAD) s -= 25;
    if (e->hint & H_WEAK) s -= 10;
    if (e->hint & H_COMMENT) s -= 40;
    return s;
}

static inline float link_density(uint32_t chars, uint32_t links)
{
    return chars ? (float)links / (float)chars : 0.f;
}

static void touch(el_t *e)
{
    if (!e->scored) {
        e->scored = 1;
        e->score = base_score(e);
    }
}

/* Picks the main container; returns its element index or -1. */
static int32_t score_candidates(wn_extractor *x)
{
    /* aggregate characters up the tree: parents come before children in pre-order */
    for (size_t i = x->n_els; i-- > 1;) {
        el_t *e = &x->els[i];
        if (e->parent >= 0) {
            x->els[e->parent].chars += e->chars;
            x->els[e->parent].link_chars += e->link_chars;
        }
    }
    for (size_t i = 0; i < x->n_blks; i++) {
        const blk_t *b = &x->blks[i];
        if (b->chars < 25 || b->owner < 0)
            continue;
        if (b->kind == BK_H || b->kind == BK_CAPTION)
            continue;
        float ld = link_density(b->chars, b->link_chars);
        if (ld > 0.5f)
            continue;
        float s = 1.f + (float)b->commas + (b->chars >= 300 ? 3.f : (float)b->chars / 100.f);
        if (x->use_stops && b->words >= 5) {
            float sd = (float)b->stops / (float)b->words;
            s *= sd >= 0.3f ? 1.2f : sd >= 0.15f ? 1.f : 0.5f;
        }
        if (b->kind == BK_LI)
            s *= 0.5f;
        s *= 1.f - ld;
        int32_t e = x->els[b->owner].parent;
        for (int level = 0; e >= 0 && level < 4; level++) {
            el_t *pe = &x->els[e];
            touch(pe);
            pe->score += level == 0 ? s : level == 1 ? s / 2 : s / (float)(level * 3);
            e = pe->parent;
        }
    }
    int32_t best = -1;
    float best_score = 0;
    for (size_t i = 0; i < x->n_els; i++) {
        el_t *e = &x->els[i];
        if (!e->scored)
            continue;
        e->score *= 1.f - link_density(e->chars, e->link_chars);
        if (best < 0 || e->score > best_score) {
            best = (int32_t)i;
            best_score = e->score;
        }
    }
    if (best < 0)
        return -1;
    /* move up while an ancestor holds as much (readability) */
    float last = best_score;
    int32_t p = x->els[best].parent;
    while (p >= 0 && x->els[p].tag != WN_TAG_BODY && x->els[p].tag != WN_TAG_HTML) {
        el_t *pe = &x->els[p];
        if (!pe->scored) {
            p = pe->parent;
            continue;
        }
        if (pe->score < last / 3)
            break;
        if (pe->score > last) {
            best = p;
            break;
        }
        last = pe->score;
        p = pe->parent;
    }
    return best;
}

/* ---- selection and classification --------------------------------------------------------------- */

/* Is the block owned by `owner` under a boilerplate element strictly inside `root` (-1: the
 * page)? A hint that would drop most of the root's prose (a class such as "author-x" or "tag-y"
 * on the article itself) is not believed: boilerplate is small or made of links. Comments
 * sections are believed whatever their size. */
static bool under_boilerplate(wn_extractor *x, int32_t owner, int32_t root)
{
    if (owner < 0 || x->els[owner].bad <= root)
        return false;
    uint32_t root_chars = root >= 0 ? x->els[root].chars : (x->n_els ? x->els[0].chars : 0);
    for (int32_t e = owner; e > root && e >= 0; e = x->els[e].parent) {
        const el_t *el = &x->els[e];
        x->work++;
        if (!(el->hint & (H_BAD | H_WEAK)) || (x->comments_ok && (el->hint & H_ONLY_COMMENT)))
            continue;
        float ld = link_density(el->chars, el->link_chars);
        if (!(el->hint & H_BAD)) {
            if (x->relaxed)
                continue;
            /* a weak word ("ads", "author", "tags") on an element of prose is a modifier */
            if (el->chars < 300 || ld > 0.4f)
                return true;
            continue;
        }
        if (!(el->hint & H_COMMENT) && el->chars * 2 > root_chars && ld < 0.35f)
            continue;
        return true;
    }
    return false;
}

static void mark_range(wn_extractor *x, int32_t e, uint8_t v)
{
    const el_t *el = &x->els[e];
    for (uint32_t i = el->b0; i < el->b1; i++)
        if (!x->blks[i].keep)
            x->blks[i].keep = v;
}

/* A paragraph of real text: long enough and not mostly links. */
static bool is_prose(const blk_t *b)
{
    return b->kind == BK_PRE || (b->chars >= 60 && link_density(b->chars, b->link_chars) < 0.3f);
}

/* Content split over several boxes (a CMS's "paragraph" widgets, one per section) leaves the
 * best box holding only part of the text. Climb to an ancestor while that adds prose and
 * what it adds is mostly prose, not menus or link lists. */
static int32_t climb(wn_extractor *x, int32_t top_el)
{
    for (size_t i = 0; i < x->n_els; i++)
        x->els[i].prose = 0;
    for (size_t i = 0; i < x->n_blks; i++) {
        const blk_t *b = &x->blks[i];
        if (b->owner >= 0 && is_prose(b) && b->kind != BK_PRE && !(b->flags & BF_FIGURE) &&
            !under_boilerplate(x, b->owner, -1))
            x->els[b->owner].prose += b->chars;
    }
    for (size_t i = x->n_els; i-- > 1;)
        if (x->els[i].parent >= 0)
            x->els[x->els[i].parent].prose += x->els[i].prose;
    /* wrappers that add nothing are passed through, but only kept when a real step follows */
    int32_t cur = top_el, via = top_el;
    for (;;) {
        int32_t p = x->els[via].parent;
        if (p < 0 || x->els[p].tag == WN_TAG_BODY || x->els[p].tag == WN_TAG_HTML)
            break;
        const el_t *c = &x->els[via], *pe = &x->els[p];
        uint32_t add_prose = pe->prose - c->prose, add_chars = pe->chars - c->chars;
        if (add_chars == 0) {
            via = p;
            continue;
        }
        if (add_prose * 20 < c->prose || add_prose * 10 < add_chars * 3)
            break;
        cur = via = p;
    }
    return cur;
}

/* A box of list items, table cells or definitions with few links and no boilerplate hint
 * inside: next to the article, it is the recipe's ingredients or the product's specifications
 * that readability's paragraph scores never see. */
static bool structured_box(wn_extractor *x, const el_t *c)
{
    if (c->chars < 60 || link_density(c->chars, c->link_chars) >= 0.35f)
        return false;
    uint32_t items = 0, item_chars = 0;
    for (uint32_t i = c->b0; i < c->b1; i++) {
        const blk_t *b = &x->blks[i];
        if ((b->kind == BK_LI || b->kind == BK_CELL || b->kind == BK_DT) && !under_boilerplate(x, b->owner, -1))
            items++, item_chars += b->chars;
    }
    return items >= 3 && item_chars * 2 >= c->chars;
}

/* Keeps the blocks of `root` (and siblings) that are not boilerplate inside it. */
static size_t select_main(wn_extractor *x, int32_t top_el)
{
    for (size_t i = 0; i < x->n_blks; i++)
        x->blks[i].keep = 0;
    const el_t *te = &x->els[top_el];
    int32_t parent = te->parent;
    float threshold = te->score * 0.2f > 10.f ? te->score * 0.2f : 10.f;
    /* candidates: the top element and its siblings that score close or read as prose */
    if (parent >= 0) {
        const el_t *pe = &x->els[parent];
        for (uint32_t i = (uint32_t)parent + 1; i < pe->end; i = x->els[i].end > i ? x->els[i].end : i + 1) {
            el_t *c = &x->els[i];
            if (c->parent != parent)
                continue;
            bool take = (int32_t)i == top_el;
            if (!take && (c->hint & (H_BAD | H_WEAK)))
                continue;
            if (!take && c->scored && c->score >= threshold)
                take = true;
            if (!take && structured_box(x, c))
                take = true;
            if (!take && c->tag == WN_TAG_P && c->chars > 0) {
                float ld = link_density(c->chars, c->link_chars);
                const blk_t *b = c->b1 > c->b0 ? &x->blks[c->b0] : NULL;
                if (c->chars > 80 && ld < 0.25f)
                    take = true;
                else if (b && ld == 0 && (b->flags & BF_PUNCT_END))
                    take = true;
            }
            if (take)
                mark_range(x, (int32_t)i, 2);
        }
    } else {
        mark_range(x, top_el, 2);
    }
    /* comments on request: every comments section joins the selection */
    if (x->o.keep_comments)
        for (size_t i = 0; i < x->n_els; i++)
            if ((x->els[i].hint & H_COMMENT) && x->els[i].bad < 0)
                mark_range(x, (int32_t)i, 3);
    /* within: drop blocks under a boilerplate element that lies inside the kept root */
    size_t total = 0;
    for (size_t i = 0; i < x->n_blks; i++) {
        blk_t *b = &x->blks[i];
        if (b->keep != 2 && b->keep != 3)
            continue;
        bool comment = b->keep == 3;
        b->keep = 0;
        if (b->owner < 0)
            continue;
        if (!comment && under_boilerplate(x, b->owner, parent >= 0 ? parent : top_el))
            continue;
        float ld = link_density(b->chars, b->link_chars);
        if (ld > 0.5f && (b->kind != BK_H || b->level > 1))
            continue;
        b->keep = 1;
    }
    /* jusText's edge rule inside the container: short lines before the first and after the
     * last real paragraph ("Share with friends", "Explore further", "Source: ...") go */
    size_t first = SIZE_MAX, last = 0;
    for (size_t i = 0; i < x->n_blks; i++) {
        const blk_t *b = &x->blks[i];
        if (b->keep && is_prose(b) && b->kind != BK_PRE) {
            if (first == SIZE_MAX)
                first = i;
            last = i;
        }
    }
    for (size_t i = 0; i < x->n_blks; i++) {
        blk_t *b = &x->blks[i];
        if (!b->keep)
            continue;
        bool structured = (b->kind == BK_LI || b->kind == BK_CELL || b->kind == BK_DT) &&
                          link_density(b->chars, b->link_chars) < 0.3f;
        /* a sign-off in the same container as the last paragraph stays */
        int32_t edge = first == SIZE_MAX ? -1 : i < first ? x->blks[first].owner : x->blks[last].owner;
        bool same_box = b->owner >= 0 && edge >= 0 && x->els[b->owner].parent == x->els[edge].parent &&
                        link_density(b->chars, b->link_chars) < 0.5f;
        if (first != SIZE_MAX && (i < first || i > last) && !is_prose(b) && b->kind != BK_H &&
            !structured && !same_box)
            b->keep = 0;
        else
            total += b->chars;
    }
    return total;
}

/* jusText's classes */
enum { C_BAD, C_SHORT, C_NEAR, C_GOOD };

/* Classifies every block of the page and keeps the good ones; cls has room for 2 * n_blks
 * classes (the second half: each block's next non-short neighbour). Returns the characters kept. */
static size_t classify_page(wn_extractor *x, uint8_t *cls)
{
    for (size_t i = 0; i < x->n_blks; i++) {
        blk_t *b = &x->blks[i];
        float ld = link_density(b->chars, b->link_chars);
        uint8_t c;
        x->work++;
        if (under_boilerplate(x, b->owner, -1))
            c = C_BAD;
        else if (ld > 0.2f)
            c = C_BAD;
        else if (b->chars < 70)
            c = C_SHORT;
        else if (x->use_stops) {
            float sd = b->words ? (float)b->stops / (float)b->words : 0;
            /* jusText's 200 characters for a good paragraph, lowered: the stop words already
             * vouch for it being prose, and news sites write short paragraphs */
            c = sd >= 0.32f ? (b->chars > 150 ? C_GOOD : C_NEAR) : sd >= 0.3f ? C_NEAR : C_BAD;
        } else {
            c = b->chars > 200 ? C_GOOD : C_NEAR;
        }
        cls[i] = c;
    }
    /* context: short and near-good blocks take the class of their surroundings, the nearest
     * block on each side that is not short. Both neighbours come from one pass each way
     * (not a search per block: a page of 100k short cells would be quadratic). */
    uint8_t *next = cls + x->n_blks;
    uint8_t after = C_BAD;
    for (size_t i = x->n_blks; i-- > 0;) {
        next[i] = after;
        if (cls[i] != C_SHORT)
            after = cls[i];
    }
    size_t total = 0;
    uint8_t prev = C_BAD;
    for (size_t i = 0; i < x->n_blks; i++) {
        uint8_t c = cls[i];
        x->work++;
        if (c == C_SHORT)
            x->blks[i].keep = prev == C_GOOD && next[i] == C_GOOD;
        else if (c == C_NEAR)
            x->blks[i].keep = prev == C_GOOD || next[i] == C_GOOD;
        else
            x->blks[i].keep = c == C_GOOD;
        if (c != C_SHORT)
            prev = c;
        if (x->blks[i].keep)
            total += x->blks[i].chars;
    }
    return total;
}

/* A short line that is only a date or a time ("4. Juni 2019", "3:59 PM"): page furniture. */
static bool date_line(const char *p, size_t n, uint32_t words)
{
    if (n > 40 || words > 5)
        return false;
    for (size_t i = 0; i + 4 <= n; i++) {
        bool year = (p[i] == '1' && p[i + 1] == '9') || (p[i] == '2' && p[i + 1] == '0');
        if (year && p[i + 2] >= '0' && p[i + 2] <= '9' && p[i + 3] >= '0' && p[i + 3] <= '9' &&
            (i == 0 || p[i - 1] < '0' || p[i - 1] > '9') && (i + 4 == n || p[i + 4] < '0' || p[i + 4] > '9'))
            return true;
        if (p[i] >= '0' && p[i] <= '9' && p[i + 1] == ':' && p[i + 2] >= '0' && p[i + 2] <= '5' &&
            p[i + 3] >= '0' && p[i + 3] <= '9')
            return true;
    }
    return false;
}

/* A short line in the same box as an image, or in a box next to one: its caption or credit. */
static bool image_caption(const wn_extractor *x, const blk_t *b)
{
    if (b->chars >= 150 || b->kind != BK_P || b->owner < 0)
        return false;
    const el_t *o = &x->els[b->owner];
    if (o->tag == WN_TAG_P)
        return false;
    if (o->img)
        return true;
    return o->parent >= 0 && x->els[o->parent].img;
}

/* Removes what selection let through but readers do not count as the text: figures and their
 * captions, credits, lone date lines, labels of dropped links, and headings that no kept text follows (the title of a dropped
 * "Related articles" list). */
static void prune(wn_extractor *x)
{
    for (size_t i = 0; i < x->n_blks; i++) {
        blk_t *b = &x->blks[i];
        if (!b->keep)
            continue;
        if (b->flags & BF_FIGURE || image_caption(x, b))
            b->keep = 0;
        else if (b->kind != BK_CELL && date_line(x->plain.data + b->off, b->len, b->words))
            b->keep = 0;
        else if (b->chars < 200 && memmem(x->plain.data + b->off, b->len, "\xc2\xa9", 2))
            b->keep = 0;    /* a credit or a notice: "Photo: X. (c) Agency" */
    }
    /* a short label whose list of links was dropped ("Read more:", "Explore further",
     * "Related coverage") introduces nothing any more; it is looked for after the text has
     * begun, so that a page of one line and links keeps its line */
    bool text_seen = false;
    size_t j = 0;
    for (size_t i = 0; i < x->n_blks; i++) {
        blk_t *b = &x->blks[i];
        x->work++;
        if (b->keep && is_prose(b))
            text_seen = true;
        if (!text_seen || !b->keep || (b->kind != BK_P && b->kind != BK_H) || b->chars >= 60 || b->words > 8)
            continue;
        const char *t = x->plain.data + b->off;
        char last = b->len ? t[b->len - 1] : 0;
        if (last == '.' || last == '!')
            continue;
        /* the next block that is not a figure; j only moves forward (a run of figures after
         * many labels is skipped once, not once per label) */
        if (j < i + 1)
            j = i + 1;
        while (j < x->n_blks && (x->blks[j].flags & BF_FIGURE))
            j++, x->work++;
        if (j >= x->n_blks)
            continue;
        const blk_t *n = &x->blks[j];
        if (!n->keep && n->kind != BK_PRE && link_density(n->chars, n->link_chars) > 0.5f)
            b->keep = 0;
    }
    /* next[]: the first three blocks after i that are not figures (SIZE_MAX: none), kept up
     * to date walking backwards, so a run of figures costs nothing per heading */
    size_t next[3] = { SIZE_MAX, SIZE_MAX, SIZE_MAX };
    for (size_t i = x->n_blks; i-- > 0;) {
        blk_t *b = &x->blks[i];
        x->work++;
        /* a heading as long as a paragraph is a lead set in large type: it stands alone */
        if (b->keep && b->kind == BK_H && b->chars < 100) {
            /* kept text within the next few blocks, before a heading of the same or higher rank */
            bool text_follows = false;
            for (unsigned k = 0; k < 3 && next[k] != SIZE_MAX; k++) {
                const blk_t *n = &x->blks[next[k]];
                x->work++;
                if (n->kind == BK_H && n->level <= b->level)
                    break;
                if (n->keep) {
                    text_follows = true;
                    break;
                }
            }
            if (!text_follows)
                b->keep = 0;
        }
        if (!(b->flags & BF_FIGURE)) {
            next[2] = next[1];
            next[1] = next[0];
            next[0] = i;
        }
    }
}

static void drop_repeats(wn_extractor *x)
{
    size_t need = 64;
    while (need < x->n_blks * 2)
        need *= 2;
    if (need > x->cap_seen) {
        uint64_t *p = wn_realloc(x->seen, need * sizeof *p);
        if (!p)
            return;
        x->seen = p;
        x->cap_seen = need;
    }
    memset(x->seen, 0, need * sizeof *x->seen);
    for (size_t i = 0; i < x->n_blks; i++) {
        blk_t *b = &x->blks[i];
        if (!b->keep || b->chars > 400 || b->kind == BK_CELL)
            continue;
        uint64_t h = wn_hash64(x->plain.data + b->off, b->len, 77) | 1;
        size_t j = (size_t)h & (need - 1);
        while (x->seen[j] && x->seen[j] != h)
            j = (j + 1) & (need - 1);
        if (x->seen[j] == h)
            b->keep = 0;
        else
            x->seen[j] = h;
    }
}

/* ---- rendering ---------------------------------------------------------------------------------- */

static void render(wn_extractor *x)
{
    wn_buf *o = &x->out;
    wn_buf_reset(o);
    bool md = x->o.format == WN_EXTRACT_MARKDOWN;
    const blk_t *prev = NULL;
    int32_t header_done_table = -1;
    unsigned row_cells = 0;
    for (size_t i = 0; i < x->n_blks; i++) {
        const blk_t *b = &x->blks[i];
        if (!b->keep || !b->len)
            continue;
        if (b->kind == BK_CELL && !x->o.keep_tables)
            continue;
        const char *t = md ? x->md.data + b->moff : x->plain.data + b->off;
        size_t tl = md ? b->mlen : b->len;
        bool same_row = prev && prev->kind == BK_CELL && b->kind == BK_CELL && prev->row == b->row && b->row >= 0;
        if (same_row) {
            wn_buf_append_str(o, " | ");
            wn_buf_append(o, t, tl);
            row_cells++;
            prev = b;
            continue;
        }
        if (md && prev && prev->kind == BK_CELL) {
            wn_buf_append_str(o, " |");
            if (header_done_table != prev->table && prev->table >= 0) {
                header_done_table = prev->table;
                wn_buf_append_char(o, '\n');
                for (unsigned k = 0; k < row_cells; k++)
                    wn_buf_append_str(o, "| --- ");
                wn_buf_append_char(o, '|');
            }
        }
        if (o->len) {
            bool tight = prev && ((prev->kind == BK_LI && b->kind == BK_LI) ||
                                  (prev->kind == BK_CELL && b->kind == BK_CELL && prev->table == b->table));
            wn_buf_append_str(o, md && !tight ? "\n\n" : "\n");
        }
        if (md && (b->flags & BF_IN_QUOTE))
            wn_buf_append_str(o, "> ");
        switch (b->kind) {
        case BK_H:
            if (md) {
                for (int k = 0; k < b->level; k++)
                    wn_buf_append_char(o, '#');
                wn_buf_append_char(o, ' ');
            }
            break;
        case BK_LI:
            if (md)
                for (int k = 1; k < b->level; k++)
                    wn_buf_append_str(o, "  ");
            wn_buf_append_str(o, "- ");
            break;
        case BK_PRE:
            if (md)
                wn_buf_append_str(o, "```\n");
            break;
        case BK_CELL:
            row_cells = 1;
            if (md)
                wn_buf_append_str(o, "| ");
            break;
        default:
            break;
        }
        wn_buf_append(o, t, tl);
        if (md && b->kind == BK_PRE)
            wn_buf_append_str(o, "\n```");
        prev = b;
    }
    if (md && prev && prev->kind == BK_CELL) {
        wn_buf_append_str(o, " |");
        if (header_done_table != prev->table) {
            wn_buf_append_char(o, '\n');
            for (unsigned k = 0; k < row_cells; k++)
                wn_buf_append_str(o, "| --- ");
            wn_buf_append_char(o, '|');
        }
    }
}

/* Picks the blocks to keep from the best-scoring element: its container's text, or the
 * whole-page classification when that finds more. Returns the characters kept. */
static size_t choose_blocks(wn_extractor *x, int32_t topc)
{
    if (topc >= 0)
        topc = climb(x, topc);
    x->container = topc;
    size_t main_chars = topc >= 0 ? select_main(x, topc) : 0;
    {
        /* a whole-page classification (jusText) wins when the main guess is too short, or
         * when it finds clearly more text: the content was spread over several boxes */
        uint8_t *cls = wn_malloc(x->n_blks ? 2 * x->n_blks : 1);
        uint8_t *saved = wn_malloc(x->n_blks ? x->n_blks : 1);
        if (cls && saved) {
            for (size_t i = 0; i < x->n_blks; i++)
                saved[i] = x->blks[i].keep;
            size_t page_chars = classify_page(x, cls);
            /* otherwise what it finds before the container's end joins the container's text: a
             * lead or intro often sits in a box of its own above the article, while what
             * follows the article is comments and related stories */
            size_t end = topc >= 0 ? x->els[topc].b1 : x->n_blks;
            if (!((main_chars < 250 && page_chars > main_chars) || page_chars * 2 > main_chars * 3))
                for (size_t i = 0; i < x->n_blks; i++)
                    x->blks[i].keep = saved[i] || (x->blks[i].keep && i < end);
        }
        wn_free(cls);
        wn_free(saved);
    }
    size_t kept = 0;
    for (size_t i = 0; i < x->n_blks; i++)
        if (x->blks[i].keep && !(x->blks[i].flags & BF_FIGURE))   /* figures go in prune() */
            kept += x->blks[i].chars;
    return kept;
}

/* A lead set apart above the container, in a box whose class says "teaser" or "intro": a weak
 * hint that is believed on a short box, but a paragraph of plain prose right before the text,
 * with only a date, a heading or a picture between, is the story's first paragraph. */
static void keep_lead(wn_extractor *x)
{
    if (x->container < 0)
        return;
    unsigned skipped = 0;
    for (uint32_t i = x->els[x->container].b0; i-- > 0 && skipped < 4;) {
        blk_t *b = &x->blks[i];
        if (b->keep)
            return;
        bool lead = b->kind == BK_P && is_prose(b) && link_density(b->chars, b->link_chars) < 0.1f &&
                    (b->flags & BF_PUNCT_END);
        if (lead) {
            x->relaxed = true;
            bool weak_only = !under_boilerplate(x, b->owner, -1);
            x->relaxed = false;
            if (weak_only)
                b->keep = 1;
            return;
        }
        if (b->chars >= 60 && b->kind != BK_H && !(b->flags & BF_FIGURE))
            return;
        skipped++;
    }
}

/* The last resort (trafilatura's baseline): every paragraph of prose on the page that is not
 * under a boilerplate element. Returns the characters kept. */
static size_t keep_all_prose(wn_extractor *x)
{
    size_t kept = 0;
    for (size_t i = 0; i < x->n_blks; i++) {
        blk_t *b = &x->blks[i];
        b->keep = (b->kind == BK_P || b->kind == BK_QUOTE || b->kind == BK_PRE) && b->chars >= 50 &&
                  link_density(b->chars, b->link_chars) < 0.3f && !under_boilerplate(x, b->owner, -1);
        if (b->keep)
            kept += b->chars;
    }
    return kept;
}

/* A page whose article is filled in by script (or hidden behind a "read more") can carry its
 * whole text in JSON-LD's articleBody; when what the DOM gave is far shorter than that and is
 * a part of it (the longest line found in it: a body of another version of the story is not
 * taken), the articleBody is the text: lines trimmed, spaces collapsed, blank lines dropped. */
static void body_fallback(wn_extractor *x)
{
    wn_slice body = wn_meta_body(&x->meta);
    if (body.len < BODY_MIN || x->out.len * 4 >= body.len)
        return;
    const char *t = x->out.data ? x->out.data : "", *best = t;
    size_t best_len = 0;
    for (const char *p = t, *end = t + x->out.len; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t l = (size_t)((nl ? nl : end) - p);
        if (l > best_len)
            best = p, best_len = l;
        p += l + 1;
    }
    if (best_len > 80)
        best_len = 80;   /* a prefix: the body may break or space the line otherwise further on */
    while (best_len && ((unsigned char)best[best_len] & 0xC0) == 0x80)
        best_len--;
    if (best_len && !memmem(body.ptr, body.len, best, best_len))
        return;
    wn_buf *o = &x->md;
    wn_buf_reset(o);
    bool space = false, line = false;
    for (size_t i = 0; i < body.len; i++) {
        unsigned char c = (unsigned char)body.ptr[i];
        if (c == '\n' || c == '\r') {
            line = o->len > 0;
            space = false;
        } else if (ws(c) || c < 0x20) {
            space = o->len > 0;
        } else {
            if (line)
                wn_buf_append_char(o, '\n');
            else if (space)
                wn_buf_append_char(o, ' ');
            line = space = false;
            wn_buf_append_char(o, (char)c);
        }
    }
    wn_buf_set(&x->out, o->data, o->len);
}

/* A page that declares no date mostly prints it next to the headline: the first short line
 * holding a date, looked for in the blocks just before the container (closest first), then in
 * its first blocks. A date further off is the site's (today's date in the header) or one the
 * story talks about. */
static void date_from_text(wn_extractor *x, wn_extract_result *res)
{
    if (res->date.len || !x->n_blks)
        return;
    size_t start = x->container >= 0 ? x->els[x->container].b0 : 0;
    char d[11];
    for (size_t pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < META_WINDOW; k++) {
            size_t i;
            if (pass == 0) {
                if (k >= start)
                    break;
                i = start - 1 - k;
            } else {
                i = start + k;
                if (i >= x->n_blks)
                    break;
            }
            const blk_t *b = &x->blks[i];
            if (b->chars <= 120 && wn_meta_text_date(x->plain.data + b->off, b->len, d)) {
                wn_meta_set_date(&x->meta, d, res);
                return;
            }
        }
    }
}

/* The name in a byline ("By Jane Writer", "Von Jane Writer | 3. Mai 2021"): the lead words
 * go, and what follows the name (a date, a place) after a separator or a digit. Returns false
 * when what is left does not look like a name (too long, too many words, empty). */
static bool byline_name(const char *p, size_t n, const char **out, size_t *out_len)
{
    static const char *const lead[] = { "by ", "von ", "vom ", "par ", "por ", "di ", "door ", "author: ", "autor: ",
                                        "autorin: ", "text: ", "written by " };
    for (size_t k = 0; k < sizeof lead / sizeof *lead; k++) {
        size_t l = strlen(lead[k]);
        if (n > l && wn_slice_icontains((wn_slice){ p, l }, lead[k])) {
            p += l, n -= l;
            break;
        }
    }
    size_t e = 0, words = 1;
    while (e < n && !(p[e] >= '0' && p[e] <= '9') && p[e] != '|' && p[e] != ',' && p[e] != '\n' &&
           !(p[e] == ' ' && e + 1 < n && (p[e + 1] == '-' || (unsigned char)p[e + 1] == 0xE2 || p[e + 1] == '/'))) {
        words += p[e] == ' ';
        e++;
    }
    while (e && (p[e - 1] == ' ' || p[e - 1] == '.' || p[e - 1] == ':'))
        e--;
    if (e < 2 || e > 60 || words > 6)
        return false;
    *out = p;
    *out_len = e;
    return true;
}

/* A page that declares no author mostly prints a byline near the headline: the first short
 * block under a byline or author class (not a comment's), looked for as the date is. */
static void author_from_text(wn_extractor *x, wn_extract_result *res)
{
    if (res->author.len || !x->n_blks)
        return;
    size_t start = x->container >= 0 ? x->els[x->container].b0 : 0;
    for (size_t pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < META_WINDOW; k++) {
            size_t i = pass == 0 ? start - 1 - k : start + k;
            if ((pass == 0 && k >= start) || (pass == 1 && i >= x->n_blks))
                break;
            const blk_t *b = &x->blks[i];
            if (b->chars > 80 || b->owner < 0)
                continue;
            bool byline = false;
            int32_t e = b->owner;
            for (int up = 0; e >= 0 && up < 4 && !byline; up++, e = x->els[e].parent)
                byline = (x->els[e].hint & H_BYLINE) && !(x->els[e].hint & H_COMMENT);
            const char *name;
            size_t len;
            if (byline && byline_name(x->plain.data + b->off, b->len, &name, &len)) {
                wn_meta_set_author(&x->meta, name, len, res);
                return;
            }
        }
    }
}

/* ---- entry point -------------------------------------------------------------------------------- */

static void reset(wn_extractor *x)
{
    wn_meta_reset(&x->meta);
    wn_buf_reset(&x->plain);
    wn_buf_reset(&x->md);
    wn_buf_reset(&x->out);
    x->n_els = x->n_blks = x->n_toks = x->n_frames = 0;
    x->in_link = x->in_pre = x->in_quote = x->in_figure = 0;
    x->h1_seen = false;
    x->work = 0;
    block_begin(x);
}

/* Adds the time since t0 to a phase of x->prof and restarts t0 (only when profiling). */
#define LAP(phase)                                  \
    do {                                            \
        if (x->prof) {                              \
            double t1_ = wn_extract_clock();        \
            x->prof->phase += t1_ - t0;             \
            t0 = t1_;                               \
        }                                           \
    } while (0)

wn_status wn_extract_html(wn_extractor *x, const char *html, size_t n, const char *url,
                          size_t url_len, wn_extract_result *res)
{
    memset(res, 0, sizeof *res);
    wn_slice empty = { "", 0 };
    res->text = res->title = res->author = res->date = res->url = res->sitename =
        res->description = res->lang = empty;
    reset(x);
    if (n > x->o.max_bytes)
        return WN_ERR_TOO_LARGE;
    double t0 = x->prof ? wn_extract_clock() : 0;
    if (!wn_utf8_valid(html, n)) {
        wn_buf_reset(&x->repaired);
        wn_status st = wn_utf8_repair(&x->repaired, html, n, NULL);
        if (st)
            return st;
        html = x->repaired.data;
        n = x->repaired.len;
    }
    LAP(utf8);
    wn_status st = wn_dom_parse(x->dom, html, n, &x->lim);
    LAP(parse);
    if (st)
        return st;
    wn_dom_node *root = wn_dom_html(x->dom);
    if (!root)
        root = wn_dom_document(x->dom);
    double meta0 = x->prof ? x->prof->meta : 0;
    if (root)
        walk(x, root);
    LAP(walk);
    if (x->prof)
        x->prof->walk -= x->prof->meta - meta0;   /* meta.c timed its share of the walk */
    wn_meta_finish(&x->meta, url, url_len, res);
    LAP(meta);
    choose_language(x, res->lang);

    int32_t topc = score_candidates(x);
    size_t kept = choose_blocks(x, topc);
    if (kept < SHORT_TEXT) {
        /* next to nothing: the weak hints ("teaser", "author", "modal"...) may sit on the
         * content itself; try again believing only the strong boilerplate signs */
        x->relaxed = true;
        size_t relaxed = choose_blocks(x, topc);
        if (relaxed < SHORT_TEXT) {
            /* a forum thread or a page of reviews: the comments are the text */
            x->comments_ok = true;
            relaxed = choose_blocks(x, topc);
            x->comments_ok = false;
        }
        if (relaxed < SHORT_TEXT)
            relaxed = keep_all_prose(x);
        x->relaxed = false;
        if (relaxed <= kept)
            choose_blocks(x, topc);
    }
    keep_lead(x);
    date_from_text(x, res);
    author_from_text(x, res);
    prune(x);
    drop_repeats(x);
    LAP(score);
    render(x);
    body_fallback(x);
    if (!wn_utf8_valid(x->out.data ? x->out.data : "", x->out.len)) {
        /* the parser decodes entities; keep the promise of valid UTF-8 whatever it did */
        wn_buf_reset(&x->md);
        wn_utf8_repair(&x->md, x->out.data, x->out.len, NULL);
        wn_buf_set(&x->out, x->md.data, x->md.len);
    }
    bool composed = false;
    if (wn_utf8_nfc(&x->md, x->out.data ? x->out.data : "", x->out.len, &composed) == WN_OK && composed)
        wn_buf_set(&x->out, x->md.data, x->md.len);
    LAP(render);
    res->text = wn_buf_slice(&x->out);
    return WN_OK;
}

uint64_t wn_extract_work(const wn_extractor *x)
{
    return x->work;
}

void wn_extract_profile(wn_extractor *x, wn_extract_prof *p)
{
    x->prof = p;
    x->meta.prof = p ? &p->meta : NULL;
}

/* For bench/extract_debug.c: one line per block of the last page (keep, kind, chars, links,
 * words, stops, owner tag, the bad element, the text's start), the chosen container, and the
 * ancestors of element `chain` (-1: none). */
void wn_extract_debug_dump(wn_extractor *x, wn_buf *out, int32_t chain)
{
    wn_buf_printf(out, "lang %d use_stops %d elements %zu blocks %zu top %d\n", x->lang, x->use_stops,
                  x->n_els, x->n_blks, x->container);
    if (x->container >= 0) {
        const el_t *t = &x->els[x->container];
        wn_buf_printf(out, "top: tag %d score %.1f chars %u links %u blocks %u-%u\n", t->tag, t->score,
                      t->chars, t->link_chars, t->b0, t->b1);
    }
    for (int32_t a = x->container; a >= 0; a = x->els[a].parent)
        wn_buf_printf(out, "up %d tag %d hint %d score %.1f chars %u links %u prose %u\n", a, x->els[a].tag,
                      x->els[a].hint, x->els[a].score, x->els[a].chars, x->els[a].link_chars, x->els[a].prose);
    for (size_t i = 0; i < x->n_els; i++) {
        const el_t *e = &x->els[i];
        if (e->scored && e->score > 5)
            wn_buf_printf(out, "el %zu tag %d hint %d parent %d score %.1f chars %u links %u prose %u\n", i, e->tag,
                          e->hint, e->parent, e->score, e->chars, e->link_chars, e->prose);
    }
    for (int32_t a = chain < (int32_t)x->n_els ? chain : -1; a >= 0; a = x->els[a].parent)
        wn_buf_printf(out, "chain %d tag %d hint %d chars %u links %u blocks %u-%u\n", a, x->els[a].tag,
                      x->els[a].hint, x->els[a].chars, x->els[a].link_chars, x->els[a].b0, x->els[a].b1);
    for (size_t i = 0; i < x->n_blks; i++) {
        const blk_t *b = &x->blks[i];
        const el_t *o = b->owner >= 0 ? &x->els[b->owner] : NULL;
        int n = (int)b->len;
        const el_t *bd = o && o->bad >= 0 ? &x->els[o->bad] : NULL;
        bool in_top = x->container >= 0 && i >= x->els[x->container].b0 && i < x->els[x->container].b1;
        wn_buf_printf(out, "%c%c%c ", in_top ? 'T' : '.', under_boilerplate(x, b->owner, -1) ? 'B' : '.',
                      b->flags & BF_FIGURE ? 'F' : '.');
        wn_buf_printf(out, "%c k%d c%-4u l%-4u w%-3u s%-3u own%-5d t%-3d bad%-5d(t%d h%d) par%-5d | %.*s\n",
                      b->keep ? '+' : '-', b->kind, b->chars, b->link_chars, b->words, b->stops,
                      b->owner, o ? o->tag : -1, o ? o->bad : -1, bd ? bd->tag : -1, bd ? bd->hint : -1,
                      o ? o->parent : -1, n, x->plain.data + b->off);
    }
}
