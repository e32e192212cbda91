/* extract_fallback.c: step 5 of extraction and the articleBody fallback after step 8 (see
 * extract_impl.h): pages the first selection leaves with almost nothing are selected again
 * believing less, and a page whose DOM holds a fraction of its JSON-LD articleBody takes that. */
#include <string.h>
#include "html/extract_impl.h"

#define BODY_MIN 1000               /* bytes: a shorter articleBody is a summary, not a body */
#define SHORT_TEXT 200              /* characters: less than this is not a page's main text */
#define LINK_PROSE_CHARS 60         /* a link this long that reads as a sentence is a teaser */

/* A lead set apart above the container, in a box whose class says "teaser" or "intro": a weak
 * hint that is believed on a short box, but a paragraph of plain prose right before the text,
 * with only a date, a heading or a picture between, is the story's first paragraph. */
static void keep_lead(wn_page *pg)
{
    if (pg->container < 0)
        return;
    unsigned skipped = 0;
    for (uint32_t i = pg->els[pg->container].b0; i-- > 0 && skipped < 4;) {
        wn_page_blk *b = &pg->blks[i];
        /* kept text above the container: the lead question is settled, unless it is a
         * figure's caption, which pruning takes out later */
        if (b->keep && !(b->flags & WN_BLKF_FIGURE))
            return;
        bool lead = b->kind == WN_BLK_P && wn_page_is_prose(b) && wn_page_link_density(b->chars, b->link_chars) < 0.1f &&
                    (b->flags & WN_BLKF_PUNCT_END);
        if (lead) {
            /* judged by the boxes between it and the one it shares with the article, as the
             * article's own blocks are by the boxes inside the container's parent: a wrapper
             * of both whose class also names the sidebar ("content-sidebar-wrap") is above */
            int32_t common = pg->container;
            while (common >= 0 && !(b->owner >= common && (uint32_t)b->owner < pg->els[common].end))
                common = pg->els[common].parent, pg->work++;
            pg->relaxed = true;
            bool weak_only = !wn_page_under_boilerplate(pg, b->owner, common);
            pg->relaxed = false;
            if (weak_only)
                b->keep = 1;
            return;
        }
        if (b->chars >= 60 && b->kind != WN_BLK_H && !(b->flags & WN_BLKF_FIGURE))
            return;
        skipped++;
    }
}

/* The last resort (trafilatura's baseline): every paragraph of prose on the page that is not
 * under a boilerplate element. Returns the characters kept. */
static size_t keep_all_prose(wn_page *pg)
{
    size_t kept = 0;
    for (size_t i = 0; i < pg->n_blks; i++) {
        wn_page_blk *b = &pg->blks[i];
        b->keep = (b->kind == WN_BLK_P || b->kind == WN_BLK_QUOTE || b->kind == WN_BLK_PRE) && b->chars >= 50 &&
                  wn_page_link_density(b->chars, b->link_chars) < 0.3f && !wn_page_under_boilerplate(pg, b->owner, -1);
        if (b->keep)
            kept += b->chars;
    }
    return kept;
}

/* A page whose article is filled in by script (or hidden behind a "read more") can carry its
 * whole text in JSON-LD's articleBody; when what the DOM gave is far shorter than that and is
 * a part of it (the longest line found in it: a body of another version of the story is not
 * taken), the articleBody is the text: lines trimmed, spaces collapsed, blank lines dropped. */
void wn_page_body_fallback(wn_page *pg)
{
    wn_slice body = wn_meta_body(pg->meta);
    if (body.len < BODY_MIN || pg->out.len * 4 >= body.len)
        return;
    const char *t = pg->out.data ? pg->out.data : "", *best = t;
    size_t best_len = 0;
    for (const char *p = t, *end = t + pg->out.len; p < end;) {
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
    wn_buf *o = &pg->md;
    wn_buf_reset(o);
    bool space = false, line = false;
    for (size_t i = 0; i < body.len; i++) {
        unsigned char c = (unsigned char)body.ptr[i];
        if (c == '\n' || c == '\r') {
            line = o->len > 0;
            space = false;
        } else if (wn_page_ws(c) || c < 0x20) {
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
    wn_buf_set(&pg->out, o->data, o->len);
}

/* A page whose text is its links (a directory, a table of contents, a list of headlines with
 * their teasers): decided from the whole page, when the selection found almost no text
 * elsewhere. Link blocks that read as sentences (long, many words, stop words as prose has
 * them) and are not under a boilerplate element are its text. Returns the characters kept. */
static size_t keep_link_prose(wn_page *pg)
{
    size_t kept = 0;
    for (size_t i = 0; i < pg->n_blks; i++) {
        wn_page_blk *b = &pg->blks[i];
        bool sentence = b->chars >= LINK_PROSE_CHARS && b->words >= 8 &&
                        (!pg->use_stops || b->stops * 10 >= b->words * 3);
        b->keep = b->kind != WN_BLK_H && sentence && !wn_page_under_boilerplate(pg, b->owner, -1);
        if (b->keep)
            kept += b->chars;
    }
    return kept;
}

/* The container's own selection, believing only strong boilerplate signs when relaxed, then
 * the lead above it. */
static void keep_own(wn_page *pg, int32_t topc, bool relaxed)
{
    pg->relaxed = relaxed;
    wn_page_choose_blocks(pg, topc);
    pg->relaxed = false;
    keep_lead(pg);
}

void wn_page_select(wn_page *pg, int32_t topc)
{
    size_t kept = wn_page_choose_blocks(pg, topc);
    if (kept < SHORT_TEXT) {
        /* next to nothing: the weak hints ("teaser", "author", "modal"...) may sit on the
         * content itself; try again believing only the strong boilerplate signs */
        pg->relaxed = true;
        size_t relaxed = wn_page_choose_blocks(pg, topc);
        /* a short article in a box named for the article (entry-content, articleBody) is the
         * text: not the comments when it reads as sentences, never the page's other prose */
        size_t own = relaxed > kept ? relaxed : kept;
        wn_page_short_article art = own ? wn_page_strong_container(pg, topc) : WN_ARTICLE_NONE;
        if (art == WN_ARTICLE_SENTENCES) {
            keep_own(pg, topc, own > kept);
            return;
        }
        if (relaxed < SHORT_TEXT && !(own && wn_page_own_paragraph(pg, art != WN_ARTICLE_NONE))) {
            /* a forum thread or a page of reviews: the comments are the text (not under a
             * post that has a paragraph of its own, in the box named for it or below its
             * headline: a picture post's caption is short, and the thread answers it) */
            pg->comments_ok = true;
            relaxed = wn_page_choose_blocks(pg, topc);
            pg->comments_ok = false;
        }
        if (relaxed < SHORT_TEXT && art == WN_ARTICLE_TEXT) {
            keep_own(pg, topc, own > kept);
            return;
        }
        if (relaxed < SHORT_TEXT)
            relaxed = keep_all_prose(pg);
        if (relaxed < SHORT_TEXT && relaxed <= kept) {
            size_t links = keep_link_prose(pg);
            if (links > relaxed && links > kept && links >= SHORT_TEXT) {
                pg->relaxed = false;
                return;
            }
        }
        pg->relaxed = false;
        if (relaxed <= kept)
            wn_page_choose_blocks(pg, topc);
    }
    keep_lead(pg);
}
