/* extract_walk.c: step 1 of extraction, the walk: the DOM into the page model's elements,
 * blocks and words (see the steps in extract_impl.h).
 *
 * DESIGN: one iterative pre-order walk (no recursion: depth is bounded by MAX_WALK_DEPTH, not
 * by the C stack). Each element gets its hints (class/id words, ARIA role, itemprop, semantic
 * tag); text is appended to the current block, which a block-level boundary ends. Markdown is
 * built beside the plain text in the same pass. Metadata elements are handed to meta.c. */
#include <string.h>
#include <strings.h>
#include "common/check.h"
#include "common/grow.h"
#include "html/extract_impl.h"
#include "html/stopwords.h"

#define MAX_WALK_DEPTH 4096         /* the walk does not descend further */

struct wn_page_frame {
    wn_dom_node *node;
    int32_t el;
    int32_t block_el;
    int32_t row, table, li;
    int32_t form;           /* the nearest <form> element, or -1 */
    uint16_t li_count;      /* items seen so far in this list */
    uint8_t tag;
    uint8_t list_depth;
    uint8_t in_article;
    uint8_t md_close;       /* 1 "**", 2 "*", 3 "`", 4 link */
    uint8_t link;           /* this element is an <a> with an href: its text is link text */
    wn_slice href;
};

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

/* Elements whose content is not text a reader sees. <object> is not one: its children are its
 * fallback content (WHATWG HTML §4.8.7), shown when the object cannot be, as every Flash
 * video's is today (the summary under a video's still); its <param>s and <embed> hold no text.
 * An object that browsers show themselves (object_shown) hides its fallback. */
static bool is_skipped_tag(wn_tag t)
{
    switch (t) {
    case WN_TAG_HEAD: case WN_TAG_SCRIPT: case WN_TAG_STYLE: case WN_TAG_TEMPLATE:
    case WN_TAG_IFRAME: case WN_TAG_SVG: case WN_TAG_MATH: case WN_TAG_EMBED:
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

static bool slice_iends(wn_slice s, const char *suffix)
{
    size_t k = strlen(suffix);
    return s.len >= k && !strncasecmp(s.ptr + s.len - k, suffix, k);
}

/* Does a browser show this <object> itself, rather than its fallback content? It does for the
 * types it renders without a plugin (an image, SVG, a PDF, a page), named by the type
 * attribute or, without one, by the data URL's extension (the query cut off); a plugin's
 * (Flash, Java, an ActiveX classid) it cannot, since browsers have none. */
static bool object_shown(const wn_dom_node *n)
{
    wn_slice type = { NULL, 0 }, data = { NULL, 0 };
    int count = 0;
    for (wn_dom_attr *at = wn_dom_attr_first(n); at && count < 64; at = wn_dom_attr_next(at), count++) {
        wn_slice k = wn_dom_attr_name(at);
        if (k.len == 4 && !memcmp(k.ptr, "type", 4))
            type = wn_dom_attr_value(at);
        else if (k.len == 4 && !memcmp(k.ptr, "data", 4))
            data = wn_dom_attr_value(at);
    }
    if (type.len)
        return (type.len > 6 && !strncasecmp(type.ptr, "image/", 6)) || wn_slice_ieq(type, "application/pdf") ||
               wn_slice_ieq(type, "text/html") || wn_slice_ieq(type, "application/xhtml+xml");
    for (size_t i = 0; i < data.len; i++)
        if (data.ptr[i] == '?' || data.ptr[i] == '#') {
            data.len = i;
            break;
        }
    static const char *const shown[] = { ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf", ".html", ".htm" };
    for (size_t i = 0; i < sizeof shown / sizeof *shown; i++)
        if (slice_iends(data, shown[i]))
            return true;
    return false;
}

static inline bool is_heading(wn_tag t) { return t >= WN_TAG_H1 && t <= WN_TAG_H6; }

/* ---- text accumulation ------------------------------------------------------------------------ */

static wn_page_frame *top(wn_page_walker *w) { return &w->frames[w->n_frames - 1]; }

static void block_begin(wn_page_walker *w)
{
    w->open = false;
    w->pend_space = false;
    w->cur_chars = w->cur_links = w->cur_fine = 0;
    w->md_start = (uint32_t)w->pg->md.len;
}

static uint32_t trim_end(wn_buf *b, uint32_t start)
{
    while (b->len > start && wn_page_ws((unsigned char)b->data[b->len - 1]))
        b->len--;
    return (uint32_t)b->len;
}

/* How many of the eight bytes of x, first byte (lowest address) first, are ASCII letters or
 * apostrophes: the bytes the word loop below takes one by one. Exact per byte: each sum stays
 * within its byte (7-bit values plus at most 0x7F), so no carry crosses into the next one. */
static inline unsigned word_ascii_prefix(uint64_t x)
{
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7FULL;
    uint64_t folded = (x & low7) | WN_SWAR_ONES * 0x20;               /* (c | 32) */
    uint64_t ge_a = folded + WN_SWAR_ONES * (0x80 - 'a');             /* bit 7: >= 'a' */
    uint64_t gt_z = folded + WN_SWAR_ONES * (0x80 - 'z' - 1);         /* bit 7: > 'z' */
    uint64_t q = (x & low7) ^ WN_SWAR_ONES * '\'';
    uint64_t apos = ~((q + low7) | q);                                /* bit 7: == '\'' */
    uint64_t good = ((ge_a & ~gt_z) | apos) & ~x & WN_SWAR_HIGH;      /* and below 0x80 */
    uint64_t bad = ~good & WN_SWAR_HIGH;
    return bad ? (unsigned)__builtin_ctzll(bad) / 8 : 8;
}

/* Calls on_word(ctx, mask) for each word of the block's text, in order, with the word's
 * stop-word languages when sw is not NULL (0 for words too long for a stop word), and counts
 * the block's words and commas. The walk and the stop-word count (extract_score.c) both scan
 * the text with this, so that they see the same words. */
static inline void scan_words(const wn_page *pg, wn_page_blk *b, const wn_stopwords *sw,
                              bool (*on_word)(void *ctx, uint64_t mask), void *ctx) __attribute__((always_inline));
static inline void scan_words(const wn_page *pg, wn_page_blk *b, const wn_stopwords *sw,
                              bool (*on_word)(void *ctx, uint64_t mask), void *ctx)
{
    const unsigned char *p = (const unsigned char *)pg->plain.data + b->off;
    size_t n = b->len;
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
        char word[WN_STOPWORD_MAX_LEN];
        size_t wl = 0;
        bool too_long = false;
        while (i < n) {
            /* ASCII letters eight at a time while the word has room for eight more: lowered by
             * setting bit 5 (an apostrophe has it already); the byte after them goes below.
             * The first byte is the lowest of x on little-endian machines only */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            while (i + 8 <= n && wl + 8 <= sizeof word) {
                uint64_t x;
                memcpy(&x, p + i, 8);
                unsigned k = word_ascii_prefix(x);
                x |= WN_SWAR_ONES * 0x20;
                memcpy(word + wl, &x, 8);
                wl += k;
                i += k;
                if (k < 8)
                    break;
            }
#endif
            if (i >= n)
                break;
            c = p[i];
            if (c < 0x80) {
                if ((c | 32) < 'a' || (c | 32) > 'z')
                    if (c != '\'')
                        break;
                if (wl < sizeof word)
                    word[wl++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
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
            if (wl + l <= sizeof word) {
                for (size_t k = 0; k < l; k++)
                    word[wl + k] = (char)p[i + k];
                if (c == 0xC3 && l == 2 && p[i + 1] >= 0x80 && p[i + 1] <= 0x9E && p[i + 1] != 0x97)
                    word[wl + 1] = (char)(p[i + 1] + 0x20);
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
        uint64_t mask = 0;
        if (sw && !too_long)    /* through the extractor's memo; a page without one asks the table */
            mask = pg->sw_cache ? wn_stopwords_mask_cached(sw, pg->sw_cache, word, wl) : wn_stopwords_mask(sw, word, wl);
        if (!on_word(ctx, mask))
            return;
    }
}

void wn_page_scan_words(const wn_page *pg, wn_page_blk *b, const wn_stopwords *sw,
                        bool (*on_word)(void *ctx, uint64_t mask), void *ctx)
{
    scan_words(pg, b, sw, on_word, ctx);
}

/* The walk's word callback: numbers the page's words (tok0/tok1) and keeps the stop-word
 * languages of the first WN_PAGE_LANG_TOKENS, all the language step reads. The walk scans
 * through scan_words itself, so that this is inlined into the loop rather than called through
 * a pointer for every word of the page. */
static inline bool walk_word(void *ctx, uint64_t mask)
{
    wn_page *pg = ctx;
    if (!pg->o->stopwords || pg->n_toks >= WN_PAGE_MAX_TOKENS)
        return true;
    if (pg->n_toks < WN_PAGE_LANG_TOKENS) {
        if (WN_GROW(pg->toks, pg->cap_toks, pg->n_toks + 1, 256, WN_PAGE_LANG_TOKENS))
            return true;    /* out of memory: the word goes uncounted, as any past the cap */
        pg->toks[pg->n_toks] = mask;
    }
    pg->n_toks++;
    return true;
}

static void count_words(wn_page *pg, wn_page_blk *b)
{
    b->tok0 = (uint32_t)pg->n_toks;
    bool look = pg->o->stopwords && pg->n_toks < WN_PAGE_LANG_TOKENS;
    scan_words(pg, b, look ? pg->o->stopwords : NULL, walk_word, pg);
    b->tok1 = (uint32_t)pg->n_toks;
}

/* Ends the current block: trims it, drops it when empty, else records it. */
static void block_end(wn_page_walker *w)
{
    if (!w->open) {
        w->pg->md.len = w->md_start;
        block_begin(w);
        return;
    }
    WN_ASSERT(w->pg->n_blks > 0);   /* an open block was recorded by block_open */
    wn_page_blk *b = &w->pg->blks[w->pg->n_blks - 1];
    uint32_t end = trim_end(&w->pg->plain, b->off);
    b->len = end - b->off;
    uint32_t mend = trim_end(&w->pg->md, b->moff);
    b->mlen = mend - b->moff;
    b->chars = w->cur_chars;
    b->link_chars = w->cur_links;
    b->fine_chars = w->cur_fine;
    if (b->len) {
        unsigned char last = (unsigned char)w->pg->plain.data[end - 1];
        if (last == '.' || last == '!' || last == '?' || last == ':' || last == ';' || last == '"' ||
            (end >= 3 && (unsigned char)w->pg->plain.data[end - 3] == 0xE2))
            b->flags |= WN_BLKF_PUNCT_END;
    }
    count_words(w->pg, b);
    if (b->owner >= 0 && (size_t)b->owner < w->pg->n_els)
        w->pg->els[b->owner].chars += b->chars, w->pg->els[b->owner].link_chars += b->link_chars;
    block_begin(w);
}

/* Opens a block at the first visible character. */
static bool block_open(wn_page_walker *w)
{
    if (w->open)
        return true;
    if (WN_GROW(w->pg->blks, w->pg->cap_blks, w->pg->n_blks + 1, 256, WN_PAGE_MAX_BLOCKS))
        return false;
    wn_page_frame *f = top(w);
    wn_page_blk *b = &w->pg->blks[w->pg->n_blks++];
    memset(b, 0, sizeof *b);
    b->off = (uint32_t)w->pg->plain.len;
    b->moff = w->md_start;
    b->owner = f->block_el;
    b->row = f->row;
    b->table = f->table;
    b->li = f->li;
    b->kind = WN_BLK_P;
    wn_tag ot = b->owner >= 0 ? (wn_tag)w->pg->els[b->owner].tag : WN_TAG_OTHER;
    if (w->in_pre)
        b->kind = WN_BLK_PRE;
    else if (is_heading(ot))
        b->kind = WN_BLK_H, b->level = (uint8_t)(ot - WN_TAG_H1 + 1);
    else if (ot == WN_TAG_LI)
        b->kind = WN_BLK_LI;
    else if (ot == WN_TAG_TD || ot == WN_TAG_TH)
        b->kind = WN_BLK_CELL;
    else if (ot == WN_TAG_FIGCAPTION || ot == WN_TAG_CAPTION)
        b->kind = WN_BLK_CAPTION;
    else if (ot == WN_TAG_DT || ot == WN_TAG_DD)
        b->kind = WN_BLK_DT;
    if (b->kind == WN_BLK_LI || (b->li >= 0 && b->kind == WN_BLK_P)) {
        b->level = f->list_depth;
    }
    if (w->in_quote)
        b->flags |= WN_BLKF_IN_QUOTE;
    if (w->in_figure || ot == WN_TAG_FIGCAPTION)
        b->flags |= WN_BLKF_FIGURE;
    if (ot == WN_TAG_TH)
        b->flags |= WN_BLKF_HEADROW;
    if (w->img_before)
        b->flags |= WN_BLKF_AFTER_IMG;
    w->img_before = false;
    w->open = true;
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

/* The bytes that can end a run of text: whitespace, and the lead bytes of a Unicode space
 * (uspace) or of a soft hyphen. */
static const bool may_end_run[256] = {
    [' '] = true, ['\t'] = true, ['\n'] = true, ['\r'] = true, ['\f'] = true,
    [0xC2] = true, [0xE2] = true, [0xE3] = true,
};

static inline uint32_t utf8_cont(unsigned char b) { return (b & 0xC0) == 0x80; }

/* Exact per-byte flags (bit 7 of each byte) over eight bytes, with no carry between bytes (the
 * shorter wn_swar_has_* tests are exact only for the first byte found). */
#define RUN_LOW7 0x7F7F7F7F7F7F7F7FULL
static inline uint64_t run_eq(uint64_t x, unsigned char c)
{
    uint64_t y = x ^ (WN_SWAR_ONES * c);
    return ~(((y & RUN_LOW7) + RUN_LOW7) | y) & WN_SWAR_HIGH;
}
/* How many bytes of x have their flag (bit 7) set: the flags as ones, summed into the top byte
 * by one multiply (a popcount without -mpopcnt is a libgcc call) */
static inline uint32_t run_flags(uint64_t flags)
{
    return (uint32_t)(((flags >> 7) * WN_SWAR_ONES) >> 56);
}
/* ASCII bytes below '!': whitespace and control characters */
static inline uint64_t run_below_bang(uint64_t x)
{
    return ~(((x & RUN_LOW7) + WN_SWAR_ONES * (0x80 - '!')) | x) & WN_SWAR_HIGH;
}

/* How many bytes from s[j] on, eight at a time, surely continue a run of text as the loop in
 * append_text would take them: no byte that may end a run (may_end_run) but single spaces
 * each followed by an ASCII letter, digit or sign (or any non-space within the eight). Its
 * spaces and UTF-8 continuation bytes are added to *spaces and *conts. A block it is unsure
 * of is left to that loop, byte by byte. */
static inline size_t run_blocks(const unsigned char *s, size_t j, size_t n, uint32_t *spaces, uint32_t *conts)
{
    size_t j0 = j;
    while (j + 8 < n) {   /* the byte after the block exists: a space at its end looks at it */
        uint64_t x;
        memcpy(&x, s + j, 8);
        uint64_t sp = run_eq(x, ' ');
        if (run_below_bang(x) != sp || (sp & (sp >> 8)) ||
            (run_eq(x, 0xC2) | run_eq(x, 0xE2) | run_eq(x, 0xE3)))
            break;
        if ((sp >> 56) && (s[j + 8] <= ' ' || s[j + 8] >= 0xC2))
            break;
        *spaces += run_flags(sp);
        *conts += run_flags(x & ~(x << 1) & WN_SWAR_HIGH);
        j += 8;
    }
    return j - j0;
}

static void append_text(wn_page_walker *w, const char *p, size_t n)
{
    const unsigned char *s = (const unsigned char *)p;
    bool md = w->pg->o->format == WN_EXTRACT_MARKDOWN;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        /* most bytes that reach this loop one at a time are the indentation between tags: a
         * run of ASCII whitespace outside <pre> is one pending space, skipped in a tight loop */
        if (!w->in_pre && wn_page_ws(c)) {
            /* indentation is mostly runs of spaces or of tabs: eight of one kind are passed by
             * one compare, the rest a byte at a time */
            for (uint64_t x; i + 9 <= n; i += 8) {
                memcpy(&x, s + i + 1, 8);
                if (x != WN_SWAR_ONES * ' ' && x != WN_SWAR_ONES * '\t')
                    break;
            }
            while (i + 1 < n && wn_page_ws(s[i + 1]))
                i++;
            if (w->open)
                w->pend_space = true;
            continue;
        }
        if (soft_hyphen(s + i, n - i)) {
            i++;    /* a line-break hint, invisible unless a line breaks there */
            continue;
        }
        size_t us = c >= 0xC2 && !w->in_pre ? uspace(s + i, n - i) : 0;
        if (us) {
            if (w->open)
                w->pend_space = true;
            i += us - 1;
            continue;
        }
        if (!w->open) {
            if (wn_page_ws(c))
                continue;   /* leading newlines of a pre */
            if (!block_open(w))
                return;
        }
        /* no space opens a line that a <br> began */
        if (w->pend_space && w->pg->plain.len && w->pg->plain.data[w->pg->plain.len - 1] != '\n') {
            wn_buf_append_char(&w->pg->plain, ' ');
            if (md)
                wn_buf_append_char(&w->pg->md, ' ');
        }
        w->pend_space = false;
        if (c == '\r')
            continue;

        /* copy a run of ordinary bytes at once, with the single spaces between its words: such
         * a space is what the next word would have added (pend_space), so the copy is the same
         * and one append serves a whole sentence */
        size_t j = i + 1;
        uint32_t spaces = 0, conts = utf8_cont(c);
        if (!w->in_pre)
            for (;;) {
                j += run_blocks(s, j, n, &spaces, &conts);
                /* one table load per byte; the few bytes that may end the run are looked at
                 * closely, and UTF-8 continuation bytes are counted on the way */
                for (; j < n; j++) {
                    unsigned char b = s[j];
                    if (may_end_run[b] && (wn_page_ws(b) || uspace(s + j, n - j) || soft_hyphen(s + j, n - j)))
                        break;
                    conts += utf8_cont(b);
                }
                if (j + 1 < n && s[j] == ' ' && !wn_page_ws(s[j + 1]) &&
                    !(s[j + 1] >= 0xC2 && (uspace(s + j + 1, n - j - 1) || soft_hyphen(s + j + 1, n - j - 1)))) {
                    j++;
                    spaces++;
                    continue;
                }
                break;
            }
        size_t run = j - i;
        wn_buf_append(&w->pg->plain, p + i, run);
        if (md)
            wn_buf_append(&w->pg->md, p + i, run);
        /* characters: the bytes that start one, less the spaces (not counted as characters) */
        uint32_t cp = (uint32_t)run - conts - spaces;
        w->cur_chars += cp;
        if (w->in_link)
            w->cur_links += cp;
        if (w->in_fine)
            w->cur_fine += cp;
        i = j - 1;
    }
}

/* Text inside <noscript>: a page that escapes its fallback markup ("&lt;img src=...&gt;", as
 * some script loaders want it) has it decoded into text by the parser. What has the shape of a
 * tag ('<', then a letter, '/' or '!', up to the next '>') is that markup and is left out;
 * the rest is text a reader without scripts sees, and stays. */
static void append_noscript_text(wn_page_walker *w, const char *p, size_t n)
{
    size_t i = 0, run = 0;
    while (i < n) {
        if (p[i] == '<' && i + 1 < n) {
            unsigned char c = (unsigned char)p[i + 1];
            const char *gt = ((c | 32) >= 'a' && (c | 32) <= 'z') || c == '/' || c == '!'
                             ? memchr(p + i + 1, '>', n - i - 1) : NULL;
            if (gt) {
                append_text(w, p + run, i - run);
                append_text(w, " ", 1);
                i = run = (size_t)(gt - p) + 1;
                continue;
            }
        }
        i++;
    }
    append_text(w, p + run, n - run);
}

/* ---- the walk ---------------------------------------------------------------------------------- */

typedef struct {
    wn_slice cls, id, role, style, itemprop, href, type;
    bool hidden;
} attrs_t;


/* Does s (any case) start with the lowercase literal lit? */
static inline bool starts_ieq(const char *s, size_t n, const char *lit, size_t k)
{
    if (n < k)
        return false;
    for (size_t i = 0; i < k; i++)
        if ((s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]) != lit[i])
            return false;
    return true;
}

/* Does a style value hold display:none, display: none or visibility:hidden (any case)? One
 * pass that looks closer only at a 'd' or a 'v', where three substring searches read every
 * style three times. */
static bool style_hides(wn_slice s)
{
    for (size_t i = 0; i < s.len; i++) {
        unsigned char c = (unsigned char)s.ptr[i] | 0x20;
        if (c != 'd' && c != 'v')
            continue;
        const char *p = s.ptr + i;
        size_t left = s.len - i;
        if (c == 'd' ? starts_ieq(p, left, "display:none", 12) || starts_ieq(p, left, "display: none", 13)
                     : starts_ieq(p, left, "visibility:hidden", 17))
            return true;
    }
    return false;
}

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
    if (a->style.len && style_hides(a->style))
        a->hidden = true;
}

/* <input type="email"> (WHATWG HTML §4.10.5.1.5): the field of an e-mail address. */
static bool input_is_email(const wn_dom_node *n)
{
    unsigned count = 0;
    for (wn_dom_attr *at = wn_dom_attr_first(n); at && count < 64; at = wn_dom_attr_next(at), count++) {
        wn_slice k = wn_dom_attr_name(at);
        if (k.len == 4 && !memcmp(k.ptr, "type", 4))
            return wn_slice_ieq(wn_dom_attr_value(at), "email");
    }
    return false;
}

/* A <label> with a labeled control (WHATWG HTML §4.10.4: a `for` attribute, else a labelable
 * element inside it) is the caption of a form's field ("Remember me", "I agree that my data
 * ..."), text for the one who fills the form in, not the page's text. A label with neither is
 * only styling ("<label>Prep Time:</label> 2 Hours" in a recipe's facts) and stays text. The
 * look inside goes two levels down and at most 32 children, where real captions put their box. */
static bool label_has_control(const wn_dom_node *n, int depth)
{
    unsigned count = 0;
    if (depth == 0)
        for (wn_dom_attr *at = wn_dom_attr_first(n); at && count < 64; at = wn_dom_attr_next(at), count++) {
            wn_slice k = wn_dom_attr_name(at);
            if (k.len == 3 && !memcmp(k.ptr, "for", 3))
                return wn_dom_attr_value(at).len > 0;
        }
    count = 0;
    for (wn_dom_node *c = wn_dom_first_child(n); c && count < 32; c = wn_dom_next_sibling(c), count++) {
        wn_tag t = wn_dom_tag(c);
        if (t == WN_TAG_INPUT || t == WN_TAG_SELECT || t == WN_TAG_TEXTAREA || t == WN_TAG_BUTTON)
            return true;
        if (depth < 2 && t != WN_TAG_TEXT && label_has_control(c, depth + 1))
            return true;
    }
    return false;
}

/* The class attribute's FNV-1a hash, 0 for none: the posts of a thread, or the items of any
 * list of boxes of one kind, share it. */
static uint32_t class_hash(wn_slice c)
{
    if (!c.len)
        return 0;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < c.len; i++)
        h = (h ^ (unsigned char)c.ptr[i]) * 16777619u;
    return h ? h : 1;
}

static uint8_t role_hint(wn_slice r)
{
    if (!r.len)
        return 0;
    if (wn_slice_ieq(r, "main") || wn_slice_ieq(r, "article"))
        return WN_HINT_GOOD | WN_HINT_STRONG;
    if (wn_slice_ieq(r, "navigation") || wn_slice_ieq(r, "banner") || wn_slice_ieq(r, "contentinfo") ||
        wn_slice_ieq(r, "complementary") || wn_slice_ieq(r, "search") || wn_slice_ieq(r, "menu") ||
        wn_slice_ieq(r, "menubar") || wn_slice_ieq(r, "dialog") || wn_slice_ieq(r, "alert") || wn_slice_ieq(r, "alertdialog") ||
        wn_slice_ieq(r, "toolbar"))
        return WN_HINT_BAD;
    return 0;
}

static const char *const md_open_mark[] = { "", "**", "*", "`", "[" };

/* Enters an element or text node; returns true when its children are to be walked (a frame
 * was pushed then). */
static bool enter(wn_page_walker *w, wn_dom_node *n)
{
    wn_tag t = wn_dom_tag(n);
    if (t == WN_TAG_TEXT) {
        wn_slice s = wn_dom_text(n);
        if (w->in_noscript)
            append_noscript_text(w, s.ptr, s.len);
        else
            append_text(w, s.ptr, s.len);
        return false;
    }
    if (t == WN_TAG_DOCUMENT)
        return false;
    if (!wn_dom_is_html_ns(n))
        return false;
    if (is_skipped_tag(t) || (t == WN_TAG_OBJECT && object_shown(n)) || (t == WN_TAG_LABEL && label_has_control(n, 0))) {
        if (t == WN_TAG_IMG && w->n_frames && top(w)->block_el >= 0)
            w->pg->els[top(w)->block_el].img = 1;
        if (t == WN_TAG_IMG)
            w->img_before = true;
        /* a box to write a message in, or a field for one's e-mail address (a newsletter's
         * sign-up, "Enter your email address", with its consent line): both are forms the
         * reader fills in, never the article */
        if ((t == WN_TAG_TEXTAREA || (t == WN_TAG_INPUT && input_is_email(n))) && w->n_frames &&
            top(w)->form >= 0)
            w->pg->els[top(w)->form].writes = 1;
        if (t == WN_TAG_META || t == WN_TAG_LINK || t == WN_TAG_TITLE || t == WN_TAG_SCRIPT)
            wn_meta_on_element(w->pg->meta, n, t);
        else if (t == WN_TAG_HEAD) {
            /* metadata lives in head: walk it for meta, link, title and scripts only */
            for (wn_dom_node *c = wn_dom_first_child(n); c; c = wn_dom_next_sibling(c)) {
                wn_tag ct = wn_dom_tag(c);
                if (ct == WN_TAG_META || ct == WN_TAG_LINK || ct == WN_TAG_TITLE || ct == WN_TAG_SCRIPT)
                    wn_meta_on_element(w->pg->meta, c, ct);
            }
        }
        return false;
    }
    if (t == WN_TAG_BR) {
        if (w->open) {
            w->pend_space = false;
            wn_buf_append_char(&w->pg->plain, '\n');
            if (w->pg->o->format == WN_EXTRACT_MARKDOWN)
                wn_buf_append_char(&w->pg->md, '\n');
        }
        return false;
    }
    if (t == WN_TAG_HR || t == WN_TAG_WBR) {
        if (t == WN_TAG_HR)
            block_end(w);
        return false;
    }
    if (w->n_frames >= MAX_WALK_DEPTH || w->pg->n_els >= WN_PAGE_MAX_ELEMENTS)
        return false;
    /* a page past its caps or out of memory keeps what was walked so far */
    if (WN_GROW(w->pg->els, w->pg->cap_els, w->pg->n_els + 1, 256, WN_PAGE_MAX_ELEMENTS) ||
        WN_GROW(w->frames, w->cap_frames, w->n_frames + 1, 256, MAX_WALK_DEPTH + 1))
        return false;
    attrs_t a;
    read_attrs(n, &a);
    if (a.hidden)
        return false;
    if (t == WN_TAG_HTML || t == WN_TAG_TIME)
        wn_meta_on_element(w->pg->meta, n, t);

    wn_page_frame *pf = w->n_frames ? top(w) : NULL;
    uint8_t hint = 0, unboxed = 0, nb;
    /* the classes of body and html describe the whole page (WordPress puts the post's author,
     * tags and category there), not a part of it */
    if (t == WN_TAG_BODY || t == WN_TAG_HTML)
        a.cls.len = a.id.len = a.role.len = 0;
    if (a.cls.len) {
        hint |= wn_extract_hints_cached(&w->hints, a.cls.ptr, a.cls.len, &nb);
        unboxed |= nb;
    }
    if (a.id.len) {
        hint |= wn_extract_hints_cached(&w->hints, a.id.ptr, a.id.len, &nb);
        unboxed |= nb;
    }
    /* the role, itemprop and tag say what they say whatever the box words (wn_page_unbox) */
    uint8_t other = role_hint(a.role);
    if (a.itemprop.len) {
        if (wn_slice_icontains(a.itemprop, "articlebody") || wn_slice_icontains(a.itemprop, "text"))
            other |= WN_HINT_GOOD | WN_HINT_STRONG;
        else if (wn_slice_icontains(a.itemprop, "author") || wn_slice_icontains(a.itemprop, "date"))
            other |= WN_HINT_WEAK;
    }
    bool in_article = pf && pf->in_article;
    switch (t) {
    case WN_TAG_NAV: case WN_TAG_ASIDE: case WN_TAG_MENU: case WN_TAG_FOOTER:
        other |= WN_HINT_BAD;
        break;
    case WN_TAG_HEADER:
        /* outside an <article> a header is the page's banner, unless its class names the
         * article ("article-header"): then it is the story's head, with its standfirst */
        if (!in_article && !((hint | other) & WN_HINT_GOOD))
            other |= WN_HINT_BAD;
        break;
    case WN_TAG_ARTICLE: case WN_TAG_MAIN:
        other |= WN_HINT_GOOD;
        break;
    default:
        break;
    }
    hint |= other;
    unboxed |= other;
    /* "content" next to "sidebar" is a sidebar; a strong content name wins over noise words
     * like "hidden-print" */
    if ((hint & WN_HINT_STRONG) && !(hint & WN_HINT_COMMENT))
        hint &= (uint8_t)~(WN_HINT_BAD | WN_HINT_WEAK);
    if ((hint & WN_HINT_COMMENT) && !w->pg->o->keep_comments && !(hint & WN_HINT_BAD))
        hint |= WN_HINT_BAD | WN_HINT_ONLY_COMMENT;

    bool block = is_block_tag(t);
    if (block)
        block_end(w);

    int32_t ei = (int32_t)w->pg->n_els++;
    wn_page_el *e = &w->pg->els[ei];
    memset(e, 0, sizeof *e);
    e->parent = pf ? pf->el : -1;
    e->tag = (uint8_t)t;
    e->hint = hint;
    e->cls_hash = class_hash(a.cls);
    e->box_only = (hint & WN_HINT_BAD) && !(unboxed & (WN_HINT_BAD | WN_HINT_COMMENT));
    w->pg->boxes |= e->box_only;
    e->bad = wn_page_el_bad(w->pg, ei);
    e->b0 = (uint32_t)w->pg->n_blks;

    wn_page_frame *f = &w->frames[w->n_frames++];
    if (pf)
        *f = *pf;
    else {
        memset(f, 0, sizeof *f);
        f->block_el = -1;
        f->row = f->table = f->li = f->form = -1;
    }
    f->node = n;
    f->el = ei;
    f->tag = (uint8_t)t;
    f->md_close = 0;
    f->link = 0;
    if (block)
        f->block_el = ei;
    if (t == WN_TAG_ARTICLE || t == WN_TAG_MAIN || (hint & WN_HINT_STRONG))
        f->in_article = 1;
    switch (t) {
    case WN_TAG_PRE: w->in_pre++; break;
    case WN_TAG_BLOCKQUOTE: w->in_quote++; break;
    case WN_TAG_FIGURE: w->in_figure++; break;
    case WN_TAG_A:
        /* an anchor without href (<a name=...>, often never closed, so that the parser
         * reopens it in every block after it) is a target, not a link */
        if (a.href.len) {
            f->link = 1;
            w->in_link++;
        }
        break;
    case WN_TAG_NOSCRIPT: w->in_noscript++; break;
    case WN_TAG_SMALL: case WN_TAG_SUB: w->in_fine++; break;
    case WN_TAG_TABLE: f->table = ei; f->row = -1; break;
    case WN_TAG_TR: f->row = ei; break;
    case WN_TAG_FORM: f->form = ei; break;
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
    if (w->pg->o->format == WN_EXTRACT_MARKDOWN && !w->in_pre) {
        if (t == WN_TAG_B || t == WN_TAG_STRONG) f->md_close = 1;
        else if (t == WN_TAG_I || t == WN_TAG_EM) f->md_close = 2;
        else if (t == WN_TAG_CODE || t == WN_TAG_KBD || t == WN_TAG_TT || t == WN_TAG_SAMP) f->md_close = 3;
        else if (t == WN_TAG_A && w->pg->o->keep_links && a.href.len && !wn_slice_icontains(a.href, "javascript:")) {
            f->md_close = 4;
            f->href = a.href;
        }
        if (f->md_close) {
            if (w->pend_space) {
                wn_buf_append_char(&w->pg->plain, ' ');
                wn_buf_append_char(&w->pg->md, ' ');
                w->pend_space = false;
            }
            wn_buf_append_str(&w->pg->md, md_open_mark[f->md_close]);
        }
    }
    return true;
}

static void leave(wn_page_walker *w)
{
    WN_ASSERT(w->n_frames > 0);
    wn_page_frame *f = top(w);
    wn_tag t = (wn_tag)f->tag;
    if (f->md_close) {
        /* closing marks hug the text: move a pending space after them */
        if (f->md_close == 4) {
            wn_buf_append_str(&w->pg->md, "](");
            wn_buf_append(&w->pg->md, f->href.ptr, f->href.len);
            wn_buf_append_char(&w->pg->md, ')');
        } else {
            wn_buf_append_str(&w->pg->md, md_open_mark[f->md_close]);
        }
    }
    switch (t) {
    case WN_TAG_PRE: w->in_pre--; break;
    case WN_TAG_BLOCKQUOTE: w->in_quote--; break;
    case WN_TAG_FIGURE: w->in_figure--; break;
    case WN_TAG_A: w->in_link -= f->link; break;
    case WN_TAG_NOSCRIPT: w->in_noscript--; break;
    case WN_TAG_SMALL: case WN_TAG_SUB: w->in_fine--; break;
    default: break;
    }
    if (is_block_tag(t))
        block_end(w);
    wn_page_el *e = &w->pg->els[f->el];
    e->end = (uint32_t)w->pg->n_els;
    e->b1 = (uint32_t)w->pg->n_blks;
    if (t == WN_TAG_H1 && e->b1 > e->b0)
        w->pg->meta->h1_count++;
    if (is_heading(t) && t == WN_TAG_H1 && !w->h1_seen && e->b1 > e->b0) {
        const wn_page_blk *b = &w->pg->blks[e->b0];
        wn_meta_set(w->pg->meta, WN_META_TITLE_H1, w->pg->plain.data + b->off, b->len);
        w->h1_seen = true;
    }
    w->n_frames--;
}

static void walk(wn_page_walker *w, wn_dom_node *root)
{
    wn_dom_node *n = root;
    size_t base = w->n_frames;
    while (n) {
        bool pushed = enter(w, n);
        wn_dom_node *c = pushed ? wn_dom_first_child(n) : NULL;
        if (c) {
            n = c;
            continue;
        }
        if (pushed)
            leave(w);
        for (;;) {
            if (w->n_frames == base && n == root) {
                n = NULL;
                break;
            }
            wn_dom_node *s = wn_dom_next_sibling(n);
            if (s) {
                n = s;
                break;
            }
            if (w->n_frames == base) {
                n = NULL;
                break;
            }
            n = top(w)->node;
            leave(w);
            if (w->n_frames == base && n == root) {
                n = NULL;
                break;
            }
        }
    }
    while (w->n_frames > base)
        leave(w);
    block_end(w);
}

void wn_page_walk(wn_page_walker *w, wn_page *pg, wn_dom_node *root)
{
    w->pg = pg;
    w->n_frames = 0;
    w->in_link = w->in_pre = w->in_quote = w->in_figure = w->in_noscript = w->in_fine = 0;
    w->h1_seen = w->img_before = false;
    block_begin(w);
    walk(w, root);
}

void wn_page_walker_free(wn_page_walker *w)
{
    wn_free(w->frames);
    w->frames = NULL;
    w->n_frames = w->cap_frames = 0;
}
