/* extract_evidence.c: the text's own evidence against a boilerplate class word (issue 16,
 * item 3). A class that mixes a boilerplate word with a content word ("widget Blog",
 * "content-with-sidebar") sits on wrappers of the article as often as on sidebars; what the
 * box holds decides. A box holding most of the page's prose (paragraphs long enough, with
 * few links, punctuated, with the stop words of running text) that is not under a plain
 * boilerplate element is the article's wrapper: its class word is not believed. */
#include "common/check.h"
#include "html/extract_impl.h"

/* Words of a paragraph under a headline that make it the post's own text (a caption, a
 * one-line introduction to a video) rather than a label ("Tags:", "Share"). */
#define HEADED_PARAGRAPH_WORDS 3

/* A paragraph whose text says it is prose, whatever its classes say. */
static bool evident_prose(const wn_page *pg, const wn_page_blk *b)
{
    if (!wn_page_is_prose(b) || b->kind == WN_BLK_PRE || (b->flags & WN_BLKF_FIGURE))
        return false;
    if (!(b->flags & WN_BLKF_PUNCT_END) && b->commas == 0)
        return false;
    return !pg->use_stops || b->words < 5 || b->stops * 4 >= b->words;
}

void wn_page_weigh_hints(wn_page *pg)
{
    if (!pg->n_els)
        return;
    /* free: not under an element whose only class words are boilerplate ones */
    for (size_t i = 0; i < pg->n_els; i++) {
        wn_page_el *e = &pg->els[i];
        bool plain_bad = (e->hint & (WN_HINT_BAD | WN_HINT_WEAK)) && !(e->hint & WN_HINT_GOOD);
        e->plain_bad = plain_bad || (e->parent >= 0 && pg->els[e->parent].plain_bad);
        e->free_prose = 0;
        e->evident = 0;
        e->prose_box = 0;
    }
    uint32_t page = 0;
    for (size_t i = 0; i < pg->n_blks; i++) {
        const wn_page_blk *b = &pg->blks[i];
        if (b->owner < 0 || !evident_prose(pg, b))
            continue;
        pg->els[b->owner].evident += b->chars;
        if (pg->els[b->owner].plain_bad)
            continue;
        pg->els[b->owner].free_prose += b->chars;
        page += b->chars;
    }
    for (size_t i = pg->n_els; i-- > 1;)
        if (pg->els[i].parent >= 0) {
            pg->els[pg->els[i].parent].free_prose += pg->els[i].free_prose;
            pg->els[pg->els[i].parent].evident += pg->els[i].evident;
        }
    for (size_t i = 0; i < pg->n_els; i++) {
        wn_page_el *e = &pg->els[i];
        if ((e->hint & WN_HINT_BAD) && (e->hint & WN_HINT_GOOD) && !(e->hint & WN_HINT_COMMENT) &&
            e->free_prose * 2 > page && wn_page_link_density(e->chars, e->link_chars) < 0.35f)
            e->prose_box = 1;
    }
}

wn_page_short_article wn_page_strong_container(const wn_page *pg, int32_t topc)
{
    if (topc < 0 || pg->container < 0)
        return WN_ARTICLE_NONE;
    bool strong = false;
    for (int32_t e = topc; e >= 0 && !strong; e = pg->els[e].parent) {
        strong = (pg->els[e].hint & WN_HINT_STRONG) != 0;
        if (e == pg->container)
            break;
    }
    if (!strong)
        return WN_ARTICLE_NONE;
    /* the selection kept text inside it (the whole-page classification may have replaced the
     * container's text), and a sentence there tells an article from a stub of labels and
     * figures that a script fills (a live score: its feed is in a comment list) */
    const wn_page_el *c = &pg->els[pg->container];
    wn_page_short_article found = WN_ARTICLE_NONE;
    for (uint32_t i = c->b0; i < c->b1; i++) {
        const wn_page_blk *b = &pg->blks[i];
        if (!b->keep || !b->chars)
            continue;
        found = WN_ARTICLE_TEXT;
        if (b->kind != WN_BLK_H && b->words >= 5 && (b->flags & WN_BLKF_PUNCT_END) &&
            (!pg->use_stops || b->stops * 5 >= b->words))
            return WN_ARTICLE_SENTENCES;
    }
    return found;
}

bool wn_page_own_paragraph(const wn_page *pg, bool named)
{
    if (pg->container < 0)
        return false;
    const wn_page_el *c = &pg->els[pg->container];
    bool headed = named;
    for (uint32_t i = c->b0; i < c->b1; i++) {
        const wn_page_blk *b = &pg->blks[i];
        if (!b->keep || !b->chars)
            continue;
        if (b->kind == WN_BLK_H)
            headed = true;
        else if (headed && b->kind == WN_BLK_P && b->words >= HEADED_PARAGRAPH_WORDS)
            return true;
    }
    return false;
}
