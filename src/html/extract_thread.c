/* extract_thread.c: comment threads recognised by their structure (issue 16, item 2), for
 * pages whose comments carry no "comment" class: a run of sibling boxes, each signed by a
 * short line that holds a time of day and a link ("Posted by NAME at 10:42 PM", "NAME |
 * 10:42 · Permalink · Reply"), after the article. Such boxes are readers' comments; they lose
 * their keep unless comments were asked for. A live blog's timed entries carry no link on the
 * time line. A thread with no article set apart from it (prose kept before its first box, or
 * a first box that is the article itself: the only one with a heading, or far the longest) is
 * the page, a forum or a mailing list, and stays whole. Where the signature line is a sibling
 * of the reply's paragraphs rather than inside its box, everything from the first signed box
 * to the last goes: the replies' text lies between the signatures; the first reply's text lies
 * before the first signature, after the thread's heading ("Comments"), and goes too when the
 * article is before that heading. Lines that open as the thread's signatures do ("Posted by:")
 * with a time and no link sign replies too (a reader who left no address).
 *
 * DESIGN: one pass collects the signature lines; the lowest common ancestor of each two
 * consecutive ones is their thread (climbing the parent chain, at most MAX_CLIMB levels, so
 * the pass stays linear); the longest run of pairs under one thread decides. */
#include <string.h>
#include "html/extract_impl.h"

#define SIG_MAX_CHARS 120       /* a signature line is short */
#define MIN_SIGNED 3            /* boxes: fewer is no thread */
#define MAX_CLIMB 64            /* ancestors looked at per pair */
#define ARTICLE_BEFORE 200      /* characters of kept prose before the first box: an article */
#define ARTICLE_MIN 500         /* a first signed box this long ... */
#define ARTICLE_RATIO 3         /* ... and this many times a reply's mean is the article */
#define OPENING_WORDS 2         /* words that open a signature line alike in a thread */

static bool has_time(const char *p, size_t n)
{
    for (size_t i = 0; i + 4 <= n; i++)
        if (p[i] >= '0' && p[i] <= '9' && p[i + 1] == ':' && p[i + 2] >= '0' && p[i + 2] <= '5' &&
            p[i + 3] >= '0' && p[i + 3] <= '9' && (i + 4 == n || p[i + 4] < '0' || p[i + 4] > '9'))
            return true;
    return false;
}

static bool signature(const wn_page *pg, const wn_page_blk *b)
{
    return b->owner >= 0 && b->chars < SIG_MAX_CHARS && b->link_chars > 0 && b->kind != WN_BLK_H &&
           has_time(pg->plain.data + b->off, b->len);
}

/* The opening of a signature line: its first OPENING_WORDS words ("Posted by:"), which every
 * signature of a thread shares when the software writes them; 0 when the line has fewer. */
static size_t opening_len(const char *p, size_t n)
{
    size_t i = 0;
    for (int w = 0; w < OPENING_WORDS; w++) {
        while (i < n && p[i] == ' ')
            i++;
        size_t start = i;
        while (i < n && p[i] != ' ')
            i++;
        if (i == start || i == n)
            return 0;
    }
    return i;
}

/* A signature without a link (a reader who left no address): a short line with a time of day
 * that opens as the thread's linked signatures do (open: one of them, open_len: its opening). */
static bool unlinked_signature(const wn_page *pg, const wn_page_blk *b, const char *open, size_t open_len)
{
    const char *p = pg->plain.data + b->off;
    return open_len && b->owner >= 0 && b->chars < SIG_MAX_CHARS && b->kind != WN_BLK_H && b->len > open_len &&
           !memcmp(p, open, open_len) && has_time(p, b->len);
}

/* The nearest ancestor-or-self of a (a < b in document order) whose subtree holds b, or -1. */
static int32_t common(wn_page *pg, int32_t a, int32_t b)
{
    for (int k = 0; a >= 0 && k < MAX_CLIMB; k++, a = pg->els[a].parent) {
        pg->work++;
        if (a <= b && (uint32_t)b < pg->els[a].end)
            return a;
    }
    return -1;
}

/* The child of t on the path up from e, or -1 (not within MAX_CLIMB levels: a box that
 * deep is no comment's, and the bound keeps the pass linear on hostile nesting). */
static int32_t child_of(wn_page *pg, int32_t e, int32_t t)
{
    for (int k = 0; e >= 0 && k < MAX_CLIMB; k++, e = pg->els[e].parent) {
        pg->work++;
        if (pg->els[e].parent == t)
            return e;
    }
    return -1;
}

/* One past the last block of the child of t that holds block i (i alone when t owns it). */
static uint32_t box_end(wn_page *pg, int32_t t, uint32_t i)
{
    const wn_page_blk *b = &pg->blks[i];
    int32_t box = b->owner >= 0 ? child_of(pg, b->owner, t) : -1;
    return box >= 0 && pg->els[box].b1 > i ? pg->els[box].b1 : i + 1;
}

static bool signed_box(wn_page *pg, uint32_t i, uint32_t end)
{
    for (uint32_t k = i; k < end; k++) {
        pg->work++;
        if (signature(pg, &pg->blks[k]))
            return true;
    }
    return false;
}

/* A box signed with or without a link (unlinked_signature). */
static bool signed_alike(wn_page *pg, uint32_t i, uint32_t end, const char *open, size_t open_len)
{
    for (uint32_t k = i; k < end; k++) {
        pg->work++;
        if (signature(pg, &pg->blks[k]) || unlinked_signature(pg, &pg->blks[k], open, open_len))
            return true;
    }
    return false;
}

void wn_page_drop_threads(wn_page *pg)
{
    if (pg->o->keep_comments || !pg->plain.data)
        return;
    int32_t prev = -1, run_t = -1, best_t = -1;
    size_t run = 0, best = 0;
    for (size_t i = 0; i < pg->n_blks; i++) {
        const wn_page_blk *b = &pg->blks[i];
        pg->work++;
        if (!signature(pg, b))
            continue;
        if (prev >= 0) {
            int32_t t = common(pg, prev, b->owner);
            if (t >= 0 && t != prev && t != b->owner && t == run_t) {
                run++;
            } else {
                run_t = t, run = 1;
            }
            if (t >= 0 && run > best)
                best = run, best_t = run_t;
        }
        prev = b->owner;
    }
    if (best_t < 0 || best + 1 < MIN_SIGNED)
        return;
    /* the signed boxes of the thread, in order. They are replies to an article when the page
     * has kept prose before the first (an article in a box of its own), or when the first is
     * the article itself, signed too: far longer than the others. Else the thread is the page
     * (a forum, a mailing list archive) and its posts are the text. */
    const wn_page_el *t = &pg->els[best_t];
    size_t prose_before = 0, first_prose = 0, rest_prose = 0, n_rest = 0;
    uint32_t first_end = 0;
    size_t rest_headings = 0;
    bool first_heading = false;
    for (size_t i = 0; i < t->b0; i++)
        if (pg->blks[i].keep && wn_page_is_prose(&pg->blks[i]))
            prose_before += pg->blks[i].chars;
    for (uint32_t i = t->b0; i < t->b1;) {
        uint32_t end = box_end(pg, best_t, i);
        size_t prose = 0;
        for (uint32_t k = i; k < end; k++)
            if (pg->blks[k].keep && wn_page_is_prose(&pg->blks[k]))
                prose += pg->blks[k].chars;
        bool heading = false;
        for (uint32_t k = i; k < end; k++)
            heading |= pg->blks[k].kind == WN_BLK_H && pg->blks[k].level <= 3;
        if (signed_box(pg, i, end)) {
            if (!first_end)
                first_end = end, first_prose = prose, first_heading = heading;
            else
                rest_prose += prose, n_rest++, rest_headings += heading;
        } else if (!first_end) {
            prose_before += prose;
        }
        i = end;
    }
    bool article_first = n_rest && ((first_prose >= ARTICLE_MIN && first_prose * n_rest >= ARTICLE_RATIO * rest_prose) ||
                                    (first_heading && !rest_headings));
    if (prose_before < ARTICLE_BEFORE && !article_first)
        return;
    /* the thread runs from its first signed box to its last, and what lies between is replies
     * too: where the signature line is a sibling of the reply's paragraphs (TypePad, Movable
     * Type: "<p>text</p> <p>Posted by: NAME | Mar 26, 2007 2:00 PM</p>"), the signed boxes
     * are the signatures alone and the text sits in the unsigned boxes between them */
    uint32_t from = UINT32_MAX, to = 0;
    for (uint32_t i = article_first ? first_end : t->b0; i < t->b1;) {
        uint32_t end = box_end(pg, best_t, i);
        if (signed_box(pg, i, end)) {
            if (from == UINT32_MAX)
                from = i;
            to = end;
        }
        i = end;
    }
    if (from == UINT32_MAX)
        return;
    /* where the signature follows the reply's text, the first reply lies between the thread's
     * heading ("Comments") and the first signature. With the article before that heading (as
     * much kept prose as an article), the thread is looked for from right after the heading */
    uint32_t start = from;
    if (!article_first) {
        uint32_t heading = UINT32_MAX;
        for (uint32_t k = from; k-- > t->b0 && heading == UINT32_MAX;)
            if (pg->blks[k].kind == WN_BLK_H)
                heading = k;
        size_t before = 0;
        for (uint32_t k = 0; heading != UINT32_MAX && k < heading; k++)
            if (pg->blks[k].keep && wn_page_is_prose(&pg->blks[k]))
                before += pg->blks[k].chars;
        if (heading != UINT32_MAX && before >= ARTICLE_BEFORE)
            start = heading + 1;
    }
    /* a thread whose software signs every reply alike ("Posted by: NAME at DATE 10:42 PM")
     * leaves the link out where the reader gave no address: such lines sign replies too */
    uint32_t sig = from;
    while (sig < to && !signature(pg, &pg->blks[sig]))
        sig++;
    /* [from, to) holds a signed box, so sig < to; the test keeps the read in bounds anyway */
    const char *open = sig < to ? pg->plain.data + pg->blks[sig].off : NULL;
    size_t open_len = sig < to ? opening_len(open, pg->blks[sig].len) : 0;
    size_t longest = 0, gap = 0;
    uint32_t first = UINT32_MAX;
    for (uint32_t i = start; i < t->b1;) {
        uint32_t end = box_end(pg, best_t, i);
        if (signed_alike(pg, i, end, open, open_len)) {
            if (first == UINT32_MAX)
                first = i;
            else if (gap > longest)
                longest = gap;
            from = i < from ? i : from;
            to = end > to ? end : to;
            gap = 0;
        } else {
            for (uint32_t k = i; k < end; k++)
                gap += pg->blks[k].chars;
        }
        i = end;
    }
    /* the text between the heading and the first signature is the first reply when it is no
     * longer than twice the longest other reply (a thread of a few replies tells little about
     * their length), not a second post under its own heading */
    size_t between = 0;
    for (uint32_t k = start; first != UINT32_MAX && k < first; k++)
        between += pg->blks[k].chars;
    if (first != UINT32_MAX && start < first && between <= 2 * longest)
        from = start;
    for (uint32_t k = from; k < to; k++)
        pg->blks[k].keep = 0;
}
