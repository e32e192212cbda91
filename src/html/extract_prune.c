/* extract_prune.c: step 7 of extraction (see extract_impl.h): what selection let through but
 * readers do not count as the text, and repeated short blocks. */
#include <string.h>
#include "common/grow.h"
#include "html/extract_impl.h"

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

#define IMAGE_BOX_MAX 32   /* elements: a box this large beside a line is more than a picture */

/* Does the element just before e among its parent's children hold an image (a picture's box
 * of a few elements)? */
static bool image_before(const wn_page *pg, int32_t e)
{
    int32_t parent = pg->els[e].parent, k = e - 1;
    /* e - 1 is the last element of the previous sibling's subtree, or the parent */
    while (k >= 0 && k != parent && pg->els[k].parent != parent)
        k = pg->els[k].parent;
    if (k < 0 || k == parent || pg->els[k].end - (uint32_t)k > IMAGE_BOX_MAX)
        return false;
    for (uint32_t m = (uint32_t)k; m < pg->els[k].end; m++)
        if (pg->els[m].img)
            return true;
    return false;
}

/* A short line in the same box as an image, or in a box right after one (the first block after
 * the <img>): its caption or credit. The other boxes beside the picture are paragraphs: a
 * story set in <div>s around a picture is not all captions. A paragraph is text of its own,
 * unless all of it is fine print (<small>, <sub>) in or right after a picture:
 * "<p><small>The harbour at dawn. (Photo: X)</small></p>" under an image box. */
static bool image_caption(const wn_page *pg, const wn_page_blk *b)
{
    if (b->chars >= 150 || b->kind != WN_BLK_P || b->owner < 0)
        return false;
    const wn_page_el *o = &pg->els[b->owner];
    if (o->tag == WN_TAG_P)
        return b->chars && b->fine_chars >= b->chars && (o->img || image_before(pg, b->owner));
    if (o->img)
        return true;
    return o->parent >= 0 && pg->els[o->parent].img && (b->flags & WN_BLKF_AFTER_IMG);
}

#define TEASER_BOX_MAX 400  /* characters: a box longer than this is more than a headline and teaser */

static bool headline_line(const wn_page_blk *b)
{
    return b->owner >= 0 && (b->kind == WN_BLK_H || (b->chars > 0 && b->link_chars == b->chars));
}

/* A kicker: a short label of plain text (a section or topic, "Podcast", "Deutschland") set
 * right above a headline. */
static bool kicker(const wn_page *pg, size_t i)
{
    const wn_page_blk *b = &pg->blks[i];
    return b->owner >= 0 && b->kind != WN_BLK_H && b->words <= 3 && b->chars < 30 && b->link_chars == 0 &&
           i + 1 < pg->n_blks && headline_line(&pg->blks[i + 1]);
}

/* The headline box that starts at block i: a heading or a block that is all link (or a kicker
 * over one), with more after it (a date, a teaser), in the largest box that starts there and
 * stays short, and holding a link (a list of other stories links to them; boxes of a heading
 * and a paragraph with no link anywhere are sections of the page, a review's "X's verdict"
 * boxes). -1: none. */
static int32_t headline_box(wn_page *pg, size_t i)
{
    const wn_page_blk *b = &pg->blks[i];
    if (!headline_line(b) && !kicker(pg, i))
        return -1;
    int32_t e = b->owner;
    for (int32_t p = pg->els[e].parent; p >= 0 && pg->els[p].b0 == i && pg->els[p].chars < TEASER_BOX_MAX;
         p = pg->els[p].parent)
        e = p, pg->work++;
    const wn_page_el *el = &pg->els[e];
    return el->b1 - el->b0 >= 2 && el->chars < TEASER_BOX_MAX && el->link_chars > 0 ? e : -1;
}

/* Walks the runs of three or more sibling headline boxes, one right after the other (a "more
 * stories" list: headline link, date, one-line teaser, repeated). First pass (drop false):
 * last_outside and outside get the last kept prose block outside such runs and the characters
 * of those blocks. Second pass: a run after last_prose that holds less kept text than the
 * article (outside_chars) loses its keep. */
static void headline_runs(wn_page *pg, size_t last_prose, size_t outside_chars, bool drop, size_t *last_outside,
                          size_t *outside)
{
    size_t i = 0;
    while (i < pg->n_blks) {
        pg->work++;
        int32_t first = headline_box(pg, i);
        size_t j = first >= 0 ? pg->els[first].b1 : i + 1, items = 1;
        if (first >= 0)
            for (int32_t it; j < pg->n_blks && (it = headline_box(pg, j)) >= 0 && pg->els[it].parent == pg->els[first].parent;)
                j = pg->els[it].b1, items++;
        if (first < 0 || items < 3) {
            if (!drop && pg->blks[i].keep && wn_page_is_prose(&pg->blks[i]))
                *last_outside = i, *outside += pg->blks[i].chars;
            i++;
            continue;
        }
        size_t run_chars = 0;
        for (size_t k = i; k < j; k++)
            run_chars += pg->blks[k].keep ? pg->blks[k].chars : 0;
        if (drop && i > last_prose && run_chars < outside_chars)
            for (size_t k = i; k < j; k++)
                pg->blks[k].keep = 0;
        i = j;
    }
}

/* A list of headlines with teasers after the article's last paragraph is where the article
 * stops ("More from Opinion", "Latest stories"): each teaser reads as prose, but the items are
 * boxes of the same short shape, one after the other. Runs before the article's last paragraph
 * (a list in the article) stay, and so does a list longer than the rest of the text: on a page
 * of headlines (a front page, a directory) the list is the text. */
static void drop_headline_lists(wn_page *pg)
{
    size_t last_prose = SIZE_MAX, outside = 0, unused = 0;
    headline_runs(pg, 0, 0, false, &last_prose, &outside);
    if (last_prose == SIZE_MAX)
        return;   /* no article outside the lists */
    headline_runs(pg, last_prose, outside, true, &last_prose, &unused);
}

/* Is element e a card: a list item that opens with a heading element (empty or not) and holds
 * more text than that heading ("<li><h4>Title</h4><p>Text</p></li>")? */
static bool card_item(const wn_page *pg, uint32_t e)
{
    const wn_page_el *el = &pg->els[e];
    if (el->tag != WN_TAG_LI || e + 1 >= el->end)
        return false;
    const wn_page_el *h = &pg->els[e + 1];
    return h->parent == (int32_t)e && h->tag >= WN_TAG_H1 && h->tag <= WN_TAG_H6 && el->chars > h->chars;
}

/* A short label that ends in a colon ("Also on our site:", "Related:"): it announces what
 * follows as something apart, not a sentence of the article. */
static bool colon_label(const wn_page *pg, const wn_page_blk *b)
{
    if ((b->kind != WN_BLK_P && b->kind != WN_BLK_H) || b->chars >= 60 || b->words > 8)
        return false;
    size_t n = b->len;
    while (n && wn_page_ws((unsigned char)pg->plain.data[b->off + n - 1]))
        n--;
    return n && pg->plain.data[b->off + n - 1] == ':';
}

/* A list of cards (three or more items, two in three of them a heading and text) announced by
 * a short label after the article ("Also on X:" over a slideshow of other stories): each card
 * reads as prose and the list may hold more text than the article, so neither the headline
 * lists above (short teasers) nor the hints (a box larger than half the article is believed
 * over its class) take it out. The label is what says the list is apart; a list of cards that
 * no such label announces (a listicle's items) stays. */
static void drop_labelled_card_lists(wn_page *pg)
{
    bool text_seen = false;
    size_t i = 0;
    while (i < pg->n_blks) {
        const wn_page_blk *b = &pg->blks[i];
        pg->work++;
        if (b->keep && wn_page_is_prose(b))
            text_seen = true;
        if (!text_seen || !colon_label(pg, b)) {
            i++;
            continue;
        }
        /* the list may follow a line of furniture ("Loading slideshow"), not prose */
        size_t j = i + 1;
        while (j < pg->n_blks && (!pg->blks[j].keep || (pg->blks[j].li < 0 && !wn_page_is_prose(&pg->blks[j]))))
            j++, pg->work++;
        int32_t li = j < pg->n_blks ? pg->blks[j].li : -1;
        int32_t list = li >= 0 ? pg->els[li].parent : -1;
        if (list < 0 || (pg->els[list].tag != WN_TAG_UL && pg->els[list].tag != WN_TAG_OL) || pg->els[list].b0 <= i) {
            i = j > i + 1 ? j : i + 1;
            continue;
        }
        const wn_page_el *l = &pg->els[list];
        uint32_t items = 0, cards = 0;
        for (uint32_t k = (uint32_t)list + 1; k < l->end; k = pg->els[k].end > k ? pg->els[k].end : k + 1) {
            pg->work++;
            if (pg->els[k].parent != list || pg->els[k].tag != WN_TAG_LI)
                continue;
            items++;
            cards += card_item(pg, k);
        }
        if (cards >= 3 && cards * 3 >= items * 2) {
            pg->blks[i].keep = 0;
            for (uint32_t k = l->b0; k < l->b1; k++)
                pg->blks[k].keep = 0;
        }
        i = l->b1 > i + 1 ? l->b1 : i + 1;
    }
}

/* Removes what selection let through but readers do not count as the text: figures and their
 * captions, credits, lone date lines, labels of dropped links, and headings that no kept text follows (the title of a dropped
 * "Related articles" list), and lists of headlines after the article. */
void wn_page_prune(wn_page *pg)
{
    if (!pg->plain.data)
        return;   /* no text was stored (its buffer found no memory): nothing to prune */
    drop_headline_lists(pg);
    drop_labelled_card_lists(pg);
    /* a short text beside a picture is its caption only when other text is kept: a post that
     * is a picture and two lines has those lines as its text */
    bool text_beside = false;
    for (size_t i = 0; i < pg->n_blks && !text_beside; i++) {
        const wn_page_blk *b = &pg->blks[i];
        text_beside = b->keep && b->chars && !(b->flags & WN_BLKF_FIGURE) && !image_caption(pg, b);
    }
    for (size_t i = 0; i < pg->n_blks; i++) {
        wn_page_blk *b = &pg->blks[i];
        if (!b->keep)
            continue;
        if (b->flags & WN_BLKF_FIGURE || (text_beside && image_caption(pg, b)))
            b->keep = 0;
        else if (b->kind != WN_BLK_CELL && date_line(pg->plain.data + b->off, b->len, b->words))
            b->keep = 0;
        else if (b->chars < 200 && memmem(pg->plain.data + b->off, b->len, "\xc2\xa9", 2))
            b->keep = 0;    /* a credit or a notice: "Photo: X. (c) Agency" */
    }
    /* a short label whose list of links was dropped ("Read more:", "Explore further",
     * "Related coverage") introduces nothing any more; it is looked for after the text has
     * begun, so that a page of one line and links keeps its line */
    bool text_seen = false;
    size_t j = 0;
    for (size_t i = 0; i < pg->n_blks; i++) {
        wn_page_blk *b = &pg->blks[i];
        pg->work++;
        if (b->keep && wn_page_is_prose(b))
            text_seen = true;
        if (!text_seen || !b->keep || (b->kind != WN_BLK_P && b->kind != WN_BLK_H) || b->chars >= 60 || b->words > 8)
            continue;
        const char *t = pg->plain.data + b->off;
        char last = b->len ? t[b->len - 1] : 0;
        if (last == '.' || last == '!')
            continue;
        /* the next block that is not a figure; j only moves forward (a run of figures after
         * many labels is skipped once, not once per label) */
        if (j < i + 1)
            j = i + 1;
        while (j < pg->n_blks && (pg->blks[j].flags & WN_BLKF_FIGURE))
            j++, pg->work++;
        if (j >= pg->n_blks)
            continue;
        const wn_page_blk *n = &pg->blks[j];
        if (!n->keep && n->kind != WN_BLK_PRE && wn_page_link_density(n->chars, n->link_chars) > 0.5f)
            b->keep = 0;
    }
    /* next[]: the first three blocks after i that are not figures (SIZE_MAX: none), kept up
     * to date walking backwards, so a run of figures costs nothing per heading */
    size_t next[3] = { SIZE_MAX, SIZE_MAX, SIZE_MAX };
    for (size_t i = pg->n_blks; i-- > 0;) {
        wn_page_blk *b = &pg->blks[i];
        pg->work++;
        /* a heading as long as a paragraph is a lead set in large type: it stands alone */
        if (b->keep && b->kind == WN_BLK_H && b->chars < 100) {
            /* kept text within the next few blocks, before a heading of the same or higher rank */
            bool text_follows = false;
            for (unsigned k = 0; k < 3 && next[k] != SIZE_MAX; k++) {
                const wn_page_blk *n = &pg->blks[next[k]];
                pg->work++;
                if (n->kind == WN_BLK_H && n->level <= b->level)
                    break;
                if (n->keep) {
                    text_follows = true;
                    break;
                }
            }
            if (!text_follows)
                b->keep = 0;
        }
        if (!(b->flags & WN_BLKF_FIGURE)) {
            next[2] = next[1];
            next[1] = next[0];
            next[0] = i;
        }
    }
}

void wn_page_drop_repeats(wn_page *pg)
{
    size_t need = 64;
    while (need < pg->n_blks * 2)
        need *= 2;
    if (WN_GROW(pg->seen, pg->cap_seen, need, 64, 4 * (size_t)WN_PAGE_MAX_BLOCKS))
        return;
    memset(pg->seen, 0, need * sizeof *pg->seen);
    for (size_t i = 0; i < pg->n_blks; i++) {
        wn_page_blk *b = &pg->blks[i];
        if (!b->keep || b->chars > 400 || b->kind == WN_BLK_CELL)
            continue;
        uint64_t h = wn_hash64(pg->plain.data + b->off, b->len, 77) | 1;
        size_t j = (size_t)h & (need - 1);
        while (pg->seen[j] && pg->seen[j] != h)
            j = (j + 1) & (need - 1);
        if (pg->seen[j] == h)
            b->keep = 0;
        else
            pg->seen[j] = h;
    }
}
