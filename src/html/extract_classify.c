/* extract_classify.c: step 4 of extraction (see extract_impl.h): the whole-page
 * classification in jusText's manner, and the choice between it and the container's text. */
#include <string.h>
#include "html/extract_impl.h"

/* The whole-page classification replaces the container's text when it finds this many times
 * more. It was 1.5; with 5, dragnet's F1 0.9174 -> 0.9193 (sidebars beside short articles),
 * and 5 to 8 give the same scores on every family of issue 16. */
#define SPREAD_RATIO 5

/* jusText's classes */
enum { C_BAD, C_SHORT, C_NEAR, C_GOOD };

/* Classifies every block of the page and keeps the good ones; cls has room for 3 * n_blks
 * classes (the second third: each block's next non-short neighbour, the last: its next good
 * or bad one). Returns the characters kept. */
static size_t classify_page(wn_page *pg, uint8_t *cls)
{
    for (size_t i = 0; i < pg->n_blks; i++) {
        wn_page_blk *b = &pg->blks[i];
        float ld = wn_page_link_density(b->chars, b->link_chars);
        uint8_t c;
        pg->work++;
        if (wn_page_under_boilerplate(pg, b->owner, -1))
            c = C_BAD;
        else if (ld > 0.2f)
            c = C_BAD;
        else if (b->chars < 70)
            c = C_SHORT;
        else if (pg->use_stops) {
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
    uint8_t *next = cls + pg->n_blks, *next_sure = cls + 2 * pg->n_blks;
    uint8_t after = C_BAD, after_sure = C_BAD;
    for (size_t i = pg->n_blks; i-- > 0;) {
        next[i] = after;
        next_sure[i] = after_sure;
        if (cls[i] != C_SHORT)
            after = cls[i];
        if (cls[i] == C_GOOD || cls[i] == C_BAD)
            after_sure = cls[i];
    }
    size_t total = 0;
    uint8_t prev = C_BAD, prev_sure = C_BAD;
    for (size_t i = 0; i < pg->n_blks; i++) {
        uint8_t c = cls[i];
        pg->work++;
        if (c == C_SHORT)
            pg->blks[i].keep = prev == C_GOOD && next[i] == C_GOOD;
        else if (c == C_NEAR)
            /* jusText: a near-good block is bad only between two bad ones, its neighbours
             * looked for past short and near-good blocks (a standfirst, then a subheading
             * and a near-good paragraph, then the story: the standfirst is the story's) */
            pg->blks[i].keep = prev_sure == C_GOOD || next_sure[i] == C_GOOD;
        else
            pg->blks[i].keep = c == C_GOOD;
        if (c != C_SHORT)
            prev = c;
        if (c == C_GOOD || c == C_BAD)
            prev_sure = c;
        if (pg->blks[i].keep)
            total += pg->blks[i].chars;
    }
    return total;
}

/* A table whose text is at least this share of links is navigation, not records. */
#define LINKED_TABLE_MAX 0.3f

/* A kept cell of the row of block i holds text and no link. */
static bool row_has_plain_cell(const wn_page *pg, size_t i)
{
    int32_t row = pg->blks[i].row;
    for (size_t j = i; j-- > 0 && pg->blks[j].row == row;)
        if (pg->blks[j].keep && pg->blks[j].chars && !pg->blks[j].link_chars)
            return true;
    for (size_t j = i + 1; j < pg->n_blks && pg->blks[j].row == row; j++)
        if (pg->blks[j].keep && pg->blks[j].chars && !pg->blks[j].link_chars)
            return true;
    return false;
}

/* Both selections drop link-dense blocks. A table cell that is all link stays when its row
 * keeps a cell of plain text: the row is a record (an amount beside an ingredient linked to a
 * glossary, a date beside a linked document), where a row of navigation has only links. */
static void keep_linked_cells(wn_page *pg)
{
    for (size_t i = 0; i < pg->n_blks; i++) {
        wn_page_blk *b = &pg->blks[i];
        if (b->keep || b->kind != WN_BLK_CELL || b->row < 0 || b->table < 0 || !b->chars || b->link_chars != b->chars)
            continue;
        /* a table of records: text with a few links, not a list of links with their bylines
         * and dates (a forum's "latest topics"), and no prose paragraph (a page laid out in a
         * table, whose "Home" or "click here" cell sits beside the article) */
        const wn_page_el *t = &pg->els[b->table];
        if (wn_page_link_density(t->chars, t->link_chars) >= LINKED_TABLE_MAX || t->evident)
            continue;
        pg->work++;
        if (row_has_plain_cell(pg, i) && !wn_page_under_boilerplate(pg, b->owner, -1))
            b->keep = 1;
    }
}

/* A table of records is the page's content when it holds this share of the kept text... */
#define RECORD_TABLE_SHARE 0.5f
/* ... in at least this many rows. */
#define RECORD_TABLE_MIN_ROWS 3

/* The table holding more than half the kept characters (a weighted majority vote, so one pass
 * and no memory per table), or -1 (text outside tables counts as a table of its own, -1). */
static int32_t majority_table(const wn_page *pg, size_t *kept_total)
{
    int32_t cand = -1;
    uint64_t votes = 0;
    size_t total = 0;
    for (size_t i = 0; i < pg->n_blks; i++) {
        const wn_page_blk *b = &pg->blks[i];
        if (!b->keep || (b->flags & WN_BLKF_FIGURE))
            continue;
        int32_t t = b->row >= 0 ? b->table : -1;
        total += b->chars;
        if (t == cand)
            votes += b->chars;
        else if (votes >= b->chars)
            votes -= b->chars;
        else {
            cand = t;
            votes = b->chars - votes;
        }
    }
    *kept_total = total;
    return cand;
}

/* A row of table t: its blocks [i, end) (blocks of nested tables interleave), how many of
 * them hold text (its shape), whether one is kept, whether it is a heading row. */
typedef struct {
    size_t end, chars_kept;
    uint32_t shape;
    bool kept, head;
} record_row;

static record_row read_row(wn_page *pg, int32_t t, size_t i)
{
    record_row r = { 0 };
    size_t end = pg->els[t].b1, j = i;
    for (; j < end && !(pg->blks[j].table == t && pg->blks[j].row != pg->blks[i].row); j++) {
        const wn_page_blk *b = &pg->blks[j];
        pg->work++;
        if (b->table != t || !b->chars)
            continue;
        r.shape++;
        r.head |= (b->flags & WN_BLKF_HEADROW) != 0;
        if (b->keep && !(b->flags & WN_BLKF_FIGURE)) {
            r.kept = true;
            r.chars_kept += b->chars;
        }
    }
    r.end = j;
    return r;
}

/* The first block of table t's next row at or after i, or the table's end. */
static size_t next_row(const wn_page *pg, int32_t t, size_t i)
{
    size_t end = pg->els[t].b1;
    while (i < end && (pg->blks[i].table != t || pg->blks[i].row < 0))
        i++;
    return i;
}

/* A page whose kept text is mostly in the rows of one table (a list of search results, of
 * jobs, of documents: title link, teaser, company, place, date per row) keeps the rows that
 * share the shape of the kept ones (as many blocks of text), whole: the selection judged each
 * block alone and kept the teasers that read as prose, while the titles are links and the
 * places and dates short cells, and a teaser with few stop words looks like a list. Decided
 * from the whole page (the table holds most of what is kept, in several rows), not per block;
 * strong boilerplate inside the rows and each row's box of links (a "Save" and "E-mail" box
 * under the teaser) stay out. */
void wn_page_keep_record_rows(wn_page *pg)
{
    size_t total = 0;
    int32_t t = majority_table(pg, &total);
    if (t < 0 || !total)
        return;
    const wn_page_el *te = &pg->els[t];
    size_t in_t = 0, kept_rows = 0;
    uint32_t shape = 0, votes = 0;      /* the kept rows' most common shape (majority vote) */
    for (size_t i = next_row(pg, t, te->b0); i < te->b1; i = next_row(pg, t, i)) {
        record_row r = read_row(pg, t, i);
        if (r.kept) {
            in_t += r.chars_kept;
            kept_rows++;
            if (r.shape == shape)
                votes++;
            else if (votes)
                votes--;
            else
                shape = r.shape, votes = 1;
        }
        i = r.end;
    }
    if ((float)in_t < RECORD_TABLE_SHARE * (float)total || kept_rows < RECORD_TABLE_MIN_ROWS)
        return;
    for (size_t i = next_row(pg, t, te->b0); i < te->b1; i = next_row(pg, t, i)) {
        record_row r = read_row(pg, t, i);
        if (r.kept || r.head || r.shape == shape)
            for (size_t k = i; k < r.end; k++) {
                wn_page_blk *b = &pg->blks[k];
                pg->work++;
                if (b->table != t || b->keep || !b->chars)
                    continue;
                /* a box of links inside a cell, under its text, is the record's actions
                 * ("Save", "E-mail to a friend"); the cell's own link is its title */
                if (b->kind != WN_BLK_CELL && wn_page_link_density(b->chars, b->link_chars) > 0.5f)
                    continue;
                /* only the strong boilerplate signs: a weak word ("teaser") on the rows'
                 * boxes did not stop the selection from keeping their kind in other rows */
                pg->relaxed = true;
                b->keep = !wn_page_under_boilerplate(pg, b->owner, -1);
                pg->relaxed = false;
            }
        i = r.end;
    }
}

/* Picks the blocks to keep from the best-scoring element: its container's text, or the
 * whole-page classification when that finds more. Returns the characters kept. */
size_t wn_page_choose_blocks(wn_page *pg, int32_t topc)
{
    if (topc >= 0)
        topc = wn_page_climb(pg, topc);
    pg->container = topc;
    size_t main_chars = topc >= 0 ? wn_page_select_main(pg, topc) : 0;
    {
        /* a whole-page classification (jusText) wins when the main guess is too short, or
         * when it finds several times more text: the content was spread over several boxes
         * (a front page, a page of sections). Finding a little more is not enough: beside an
         * article of a few paragraphs, jusText's prose blocks are the sidebar's "About this
         * blog", a teaser of the latest post, a disclaimer, a card offer (issue 16, item 5);
         * the container keeps its text then, and jusText adds only what lies above its end. */
        uint8_t *cls = wn_malloc(pg->n_blks ? 3 * pg->n_blks : 1);
        uint8_t *saved = wn_malloc(pg->n_blks ? pg->n_blks : 1);
        if (cls && saved) {
            for (size_t i = 0; i < pg->n_blks; i++)
                saved[i] = pg->blks[i].keep;
            size_t page_chars = classify_page(pg, cls);
            /* otherwise what it finds before the container's end joins the container's text: a
             * lead or intro often sits in a box of its own above the article, while what
             * follows the article is comments and related stories */
            size_t end = topc >= 0 ? pg->els[topc].b1 : pg->n_blks;
            if (!((main_chars < 250 && page_chars > main_chars) || page_chars > SPREAD_RATIO * main_chars))
                for (size_t i = 0; i < pg->n_blks; i++)
                    pg->blks[i].keep = saved[i] || (pg->blks[i].keep && i < end);
        }
        wn_free(cls);
        wn_free(saved);
    }
    keep_linked_cells(pg);
    size_t kept = 0;
    for (size_t i = 0; i < pg->n_blks; i++)
        if (pg->blks[i].keep && !(pg->blks[i].flags & WN_BLKF_FIGURE))   /* figures go in prune() */
            kept += pg->blks[i].chars;
    return kept;
}
