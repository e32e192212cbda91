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

/* A page builder (Elementor, SiteOrigin) calls every box of the page a "widget": the
 * heading, the picture and the article's text as much as the sidebar's. Such a word says
 * nothing on a page whose evident prose lies in boxes that only that word marks as
 * boilerplate, more of it than outside any boilerplate, and spread over several of them (no
 * one box holds half): then it is not believed on any box of the page. Where the prose is
 * outside them, the widgets are the sidebar's; where one widget holds most of it (Blogger's
 * "widget Blog"), that box is singled out and the others are the sidebar's: both stay
 * believed. Other boilerplate words ("sidebar", "nav-menu") are believed as before. */
void wn_page_unbox(wn_page *pg)
{
    if (!pg->boxes)
        return;
    for (size_t i = 0; i < pg->n_els; i++) {
        wn_page_el *e = &pg->els[i];
        const wn_page_el *up = e->parent >= 0 ? &pg->els[e->parent] : NULL;
        bool bad = (e->hint & (WN_HINT_BAD | WN_HINT_WEAK)) != 0;
        /* 2 (other boilerplate) wins over 1 (a box word) whichever is nearer */
        e->in_box = (up && up->in_box == 2) || (bad && !e->box_only) ? 2 : ((up && up->in_box) || e->box_only ? 1 : 0);
        e->box_el = e->box_only ? (int32_t)i : (up ? up->box_el : -1);
        e->evident = 0;     /* scratch here: evident prose whose nearest box is this one */
    }
    uint64_t boxed = 0, other = 0;
    uint32_t most = 0;      /* the largest share of one box */
    for (size_t i = 0; i < pg->n_blks; i++) {
        const wn_page_blk *b = &pg->blks[i];
        if (b->owner < 0 || !evident_prose(pg, b))
            continue;
        const wn_page_el *o = &pg->els[b->owner];
        if (o->in_box != 1) {
            if (!o->in_box)
                other += b->chars;
            continue;
        }
        boxed += b->chars;
        wn_page_el *box = &pg->els[o->box_el];
        box->evident += b->chars;
        if (box->evident > most)
            most = box->evident;
    }
    /* one box holding most of it is singled out (Blogger's "widget Blog" beside its sidebar's
     * "widget HTML"): wn_page_weigh_hints' prose box decides there */
    if (boxed <= other || most * 2 > boxed)
        return;
    for (size_t i = 0; i < pg->n_els; i++) {
        wn_page_el *e = &pg->els[i];
        if (e->box_only)
            e->hint &= (uint8_t)~WN_HINT_BAD;
        e->bad = wn_page_el_bad(pg, (int32_t)i);
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
