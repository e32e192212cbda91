/* extract_score.c: steps 2 and 3 of extraction (see extract_impl.h): the page's stop-word
 * language, readability-style scores, and the container's selection (climb, siblings,
 * boilerplate inside it, jusText's edge rule). */
#include <string.h>
#include "common/check.h"
#include "html/extract_impl.h"
#include "html/stopwords.h"

/* ---- language and stop words ------------------------------------------------------------------ */

typedef struct {
    uint64_t bit;       /* the page language's */
    uint32_t left;      /* words of the block still to look at */
    uint32_t stops;
} stop_count;

static bool count_stop(void *ctx, uint64_t mask)
{
    stop_count *c = ctx;
    c->stops += (mask & c->bit) != 0;
    return --c->left > 0;
}

void wn_page_language(wn_page *pg, wn_slice declared)
{
    pg->lang = -1;
    pg->use_stops = false;
    const wn_stopwords *sw = pg->o->stopwords;
    if (!sw)
        return;
    if (declared.len)
        pg->lang = wn_stopwords_lang_index(sw, declared.ptr, declared.len);
    uint32_t cnt[WN_STOPWORDS_MAX_LANGS] = { 0 };
    size_t lim = pg->n_toks < WN_PAGE_LANG_TOKENS ? pg->n_toks : WN_PAGE_LANG_TOKENS;
    for (size_t i = 0; i < lim; i++) {
        uint64_t m = pg->toks[i];
        while (m) {
            cnt[__builtin_ctzll(m)]++;
            m &= m - 1;
        }
    }
    if (pg->lang < 0) {
        uint32_t best = 0;
        for (size_t l = 0; l < wn_stopwords_languages(sw) && l < WN_STOPWORDS_MAX_LANGS; l++)
            if (cnt[l] > best)
                best = cnt[l], pg->lang = (int)l;
    }
    /* a language without spaces between words gives no stop words: then do without */
    pg->use_stops = pg->lang >= 0 && lim > 0 && cnt[pg->lang] * 10 >= lim;
    if (!pg->use_stops)
        return;
    /* the walk kept the first words' languages: a block among them is counted from those;
     * the blocks after (long pages only) scan their words again, now that the one language
     * that counts is known (the same scan, so the same words) */
    uint64_t bit = 1ULL << pg->lang;
    stop_count c = { bit, 0, 0 };
    for (size_t i = 0; i < pg->n_blks; i++) {
        wn_page_blk *b = &pg->blks[i];
        if (b->tok1 <= lim) {
            uint32_t n = 0;
            for (uint32_t k = b->tok0; k < b->tok1; k++)
                n += (pg->toks[k] & bit) != 0;
            b->stops = n;
            continue;
        }
        wn_page_blk scratch = *b;   /* the scan counts words and commas again: not into b */
        c.left = b->tok1 - b->tok0; /* the words numbered in the walk (a cap may stop them) */
        c.stops = 0;
        if (c.left)
            wn_page_scan_words(pg, &scratch, sw, count_stop, &c);
        b->stops = c.stops;
    }
}

/* ---- scoring ---------------------------------------------------------------------------------- */

static float base_score(const wn_page_el *e)
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
    if (e->hint & WN_HINT_GOOD) s += 25;
    if (e->hint & WN_HINT_STRONG) s += 40;
    if (e->hint & WN_HINT_BAD) s -= 25;
    if (e->hint & WN_HINT_WEAK) s -= 10;
    if (e->hint & WN_HINT_COMMENT) s -= 40;
    return s;
}

static void touch(wn_page_el *e)
{
    if (!e->scored) {
        e->scored = 1;
        e->score = base_score(e);
    }
}

/* The top box may be one post of a thread, one answer of a question: boxes of one kind (tag
 * and class) side by side, each holding text. When the top or one of its ancestors up to
 * POST_LEVELS above it is one of three or more such boxes (itself counted), their parent is
 * the container: the thread is the text, not its longest post. A box of links (a card of
 * "more stories") does not count; comments were already set apart (in_comment). Two boxes
 * instead of three took in more than the article on pages that are not threads (measured:
 * dragnet 0.9303 -> 0.9300, trafilatura-eval five pages lose, three gain). */
#define POST_MIN_CHARS 100u     /* a post with text, not a row of buttons */
#define POST_LEVELS 8           /* a forum's message sits six or seven boxes below its post */

/* The posts' list p may follow the post they answer, set apart in a box of its own (a
 * question above its answers, a thread's opening post above the replies): a box before p
 * under p's parent, of the same tag and class as the text's box inside the posts (best,
 * below the post box a), holding text as a post does. Then that parent is the container:
 * the question is the text as much as its answers. Only boxes before p are looked at (the
 * opening post comes first), so the scan ends where the posts begin. */
static int32_t opening_post(wn_page *pg, int32_t best, int32_t a, int32_t p)
{
    const wn_page_el *be = &pg->els[best];
    int32_t g = pg->els[p].parent;
    if (best == a || !be->cls_hash || g < 0 || pg->els[g].tag == WN_TAG_BODY || pg->els[g].tag == WN_TAG_HTML)
        return p;
    for (int32_t i = g + 1; i < p; i++) {
        const wn_page_el *c = &pg->els[i];
        pg->work++;
        if (c->tag == be->tag && c->cls_hash == be->cls_hash && !c->in_comment && c->chars >= POST_MIN_CHARS &&
            wn_page_link_density(c->chars, c->link_chars) < 0.3f)
            return g;
    }
    return p;
}

static int32_t repeated_posts(wn_page *pg, int32_t best)
{
    int32_t a = best;
    for (int level = 0; level < POST_LEVELS && a >= 0; level++, a = pg->els[a].parent) {
        const wn_page_el *ae = &pg->els[a];
        int32_t p = ae->parent;
        if (p < 0 || pg->els[p].tag == WN_TAG_BODY || pg->els[p].tag == WN_TAG_HTML)
            break;
        if (!ae->cls_hash || ae->in_comment)
            continue;
        const wn_page_el *pe = &pg->els[p];
        unsigned same = 0;
        for (uint32_t i = (uint32_t)p + 1; i < pe->end; i = pg->els[i].end > i ? pg->els[i].end : i + 1) {
            const wn_page_el *c = &pg->els[i];
            pg->work++;
            if (c->parent != p || c->tag != ae->tag || c->cls_hash != ae->cls_hash || c->in_comment)
                continue;
            if (c->chars >= POST_MIN_CHARS && wn_page_link_density(c->chars, c->link_chars) < 0.3f)
                same++;
        }
        if (same >= 3)
            return opening_post(pg, best, a, p);
    }
    return best;
}

/* Picks the main container; returns its element index or -1. */
int32_t wn_page_score(wn_page *pg)
{
    /* aggregate characters up the tree: parents come before children in pre-order */
    for (size_t i = pg->n_els; i-- > 1;) {
        wn_page_el *e = &pg->els[i];
        WN_ASSERT(e->parent < (int32_t)i);   /* pre-order: the sums reach the root in one pass */
        if (e->parent >= 0) {
            pg->els[e->parent].chars += e->chars;
            pg->els[e->parent].link_chars += e->link_chars;
        }
    }
    for (size_t i = 0; i < pg->n_blks; i++) {
        const wn_page_blk *b = &pg->blks[i];
        if (b->chars < 25 || b->owner < 0)
            continue;
        if (b->kind == WN_BLK_H || b->kind == WN_BLK_CAPTION)
            continue;
        float ld = wn_page_link_density(b->chars, b->link_chars);
        if (ld > 0.5f)
            continue;
        float s = 1.f + (float)b->commas + (b->chars >= 300 ? 3.f : (float)b->chars / 100.f);
        if (pg->use_stops && b->words >= 5) {
            float sd = (float)b->stops / (float)b->words;
            s *= sd >= 0.3f ? 1.2f : sd >= 0.15f ? 1.f : 0.5f;
        }
        if (b->kind == WN_BLK_LI)
            s *= 0.5f;
        s *= 1.f - ld;
        int32_t e = pg->els[b->owner].parent;
        for (int level = 0; e >= 0 && level < 4; level++) {
            wn_page_el *pe = &pg->els[e];
            touch(pe);
            pe->score += level == 0 ? s : level == 1 ? s / 2 : s / (float)(level * 3);
            e = pe->parent;
        }
    }
    /* A comments section is never the article: a long thread outscores a short story, but the
     * story is what the page is about. The best element outside comments wins; one inside is
     * taken only when the page has nothing else (a forum thread). */
    int32_t best = -1, best_c = -1;
    float best_score = 0, best_c_score = 0;
    for (size_t i = 0; i < pg->n_els; i++) {
        wn_page_el *e = &pg->els[i];
        e->in_comment = (e->hint & WN_HINT_COMMENT) || (e->parent >= 0 && pg->els[e->parent].in_comment);
        if (!e->scored)
            continue;
        e->score *= 1.f - wn_page_link_density(e->chars, e->link_chars);
        if (e->in_comment) {
            if (best_c < 0 || e->score > best_c_score)
                best_c = (int32_t)i, best_c_score = e->score;
        } else if (best < 0 || e->score > best_score) {
            best = (int32_t)i;
            best_score = e->score;
        }
    }
    if (best < 0)
        best = best_c, best_score = best_c_score;
    if (best < 0)
        return -1;
    /* move up while an ancestor holds as much (readability). The floor follows each step down
     * the chain (a third of the last ancestor's score), except from a box named for the article
     * (entry-content, articleBody): there it stays a third of the box's own score, as in
     * readability, so that the chain of wrappers above it, scoring far less, does not lead to
     * a page column that also holds the sidebar (its "About this blog", its teasers) */
    float last = best_score;
    bool named = (pg->els[best].hint & WN_HINT_STRONG) != 0;
    int32_t p = pg->els[best].parent;
    while (p >= 0 && pg->els[p].tag != WN_TAG_BODY && pg->els[p].tag != WN_TAG_HTML) {
        wn_page_el *pe = &pg->els[p];
        if (!pe->scored) {
            p = pe->parent;
            continue;
        }
        if (pe->score < (named ? best_score : last) / 3)
            break;
        if (pe->score > last) {
            best = p;
            break;
        }
        last = pe->score;
        p = pe->parent;
    }
    return repeated_posts(pg, best);
}

/* ---- selection and classification --------------------------------------------------------------- */

/* Is the block owned by `owner` under a boilerplate element strictly inside `root` (-1: the
 * page)? A hint that would drop most of the root's prose (a class such as "author-pg" or "tag-y"
 * on the article itself) is not believed: boilerplate is small or made of links. Comments
 * sections are believed whatever their size. */
#define META_BOX_MAX 1000   /* characters: a post's data box past this holds more than a CMS's lines */

bool wn_page_under_boilerplate(wn_page *pg, int32_t owner, int32_t root)
{
    WN_ASSERT(owner < (int32_t)pg->n_els && root < (int32_t)pg->n_els);
    if (owner < 0 || pg->els[owner].bad <= root)
        return false;
    uint32_t root_chars = root >= 0 ? pg->els[root].chars : (pg->n_els ? pg->els[0].chars : 0);
    bool named = false;     /* a box named for the article (entry-content) holds the block */
    for (int32_t e = owner; e > root && e >= 0; e = pg->els[e].parent) {
        const wn_page_el *el = &pg->els[e];
        pg->work++;
        /* a class that mixes a boilerplate word with a content word ("widget Blog") around a
         * box named for the article is not believed over that name (issue 16, item 3) */
        bool mixed = (el->hint & WN_HINT_GOOD) && (el->hint & WN_HINT_BAD) && !(el->hint & WN_HINT_COMMENT);
        if (named && mixed)
            continue;
        named |= (el->hint & WN_HINT_STRONG) != 0;
        if (!(el->hint & (WN_HINT_BAD | WN_HINT_WEAK)) || (pg->comments_ok && (el->hint & WN_HINT_ONLY_COMMENT)) ||
            el->prose_box)
            continue;
        float ld = wn_page_link_density(el->chars, el->link_chars);
        if (!(el->hint & WN_HINT_BAD)) {
            if (pg->relaxed)
                continue;
            /* a weak word ("ads", "author", "tags") on an element of prose is a modifier, and
             * on a short box it is not believed against text that is all prose; a box named
             * for the post's data ("postmetadata") holds the lines a CMS writes under a post
             * ("This entry was posted on ... and is filed under ... You can follow any
             * responses ..."), longer than a short box but not an article's length */
            bool short_box = el->chars < 300 || ((el->hint & WN_HINT_META) && el->chars < META_BOX_MAX);
            if ((short_box || ld > 0.4f) && !wn_page_prose_over_weak(el))
                return true;
            continue;
        }
        /* a large box is not believed on its word alone, unless it is an <aside>: the element
         * says what the word says (a sidebar larger than a short article beside it) */
        if (!(el->hint & WN_HINT_COMMENT) && el->chars * 2 > root_chars && ld < 0.35f && el->tag != WN_TAG_ASIDE)
            continue;
        return true;
    }
    return false;
}

static void mark_range(wn_page *pg, int32_t e, uint8_t v)
{
    const wn_page_el *el = &pg->els[e];
    for (uint32_t i = el->b0; i < el->b1; i++)
        if (!pg->blks[i].keep)
            pg->blks[i].keep = v;
}

/* A block of a headline list's item: a list item that opens with a heading and holds a link
 * and little text ("<li><h3>Headline</h3><p>Teaser... <a>Read more</a></p></li>"). A list of
 * them after the article points to other pages; its teasers read as prose but are not the
 * article's. */
#define TEASER_MAX 400     /* characters: a list item longer than this is more than a teaser */

static bool teaser_item(const wn_page *pg, int32_t li)
{
    if (li < 0)
        return false;
    const wn_page_el *e = &pg->els[li];
    return e->b1 > e->b0 && pg->blks[e->b0].kind == WN_BLK_H && e->link_chars > 0 && e->chars < TEASER_MAX;
}

static bool teaser_block(const wn_page *pg, const wn_page_blk *b)
{
    return b->kind != WN_BLK_H && teaser_item(pg, b->li);
}

/* Content split over several boxes (a CMS's "paragraph" widgets, one per section) leaves the
 * best box holding only part of the text. Climb to an ancestor while that adds prose and
 * what it adds is mostly prose, not menus or link lists. */
int32_t wn_page_climb(wn_page *pg, int32_t top_el)
{
    for (size_t i = 0; i < pg->n_els; i++)
        pg->els[i].prose = 0;
    for (size_t i = 0; i < pg->n_blks; i++) {
        const wn_page_blk *b = &pg->blks[i];
        if (b->owner >= 0 && wn_page_is_prose(b) && b->kind != WN_BLK_PRE && !(b->flags & WN_BLKF_FIGURE) &&
            !teaser_block(pg, b) && !wn_page_under_boilerplate(pg, b->owner, -1))
            pg->els[b->owner].prose += b->chars;
    }
    for (size_t i = pg->n_els; i-- > 1;)
        if (pg->els[i].parent >= 0)
            pg->els[pg->els[i].parent].prose += pg->els[i].prose;
    /* wrappers that add nothing are passed through, but only kept when a real step follows */
    int32_t cur = top_el, via = top_el;
    for (;;) {
        int32_t p = pg->els[via].parent;
        if (p < 0 || pg->els[p].tag == WN_TAG_BODY || pg->els[p].tag == WN_TAG_HTML)
            break;
        const wn_page_el *c = &pg->els[via], *pe = &pg->els[p];
        uint32_t add_prose = pe->prose - c->prose, add_chars = pe->chars - c->chars;
        if (add_chars == 0) {
            via = p;
            continue;
        }
        if (add_prose * 20 < c->prose || add_prose * 10 < add_chars * 3) {
            /* a <p> above the box holds blocks only when quirks mode left it open around a
             * <table> (HTML §13.2.6.4.7): a wrapper of the parser's making, which does not
             * end the climb; what is above it is judged */
            if (pe->tag == WN_TAG_P) {
                via = p;
                continue;
            }
            break;
        }
        cur = via = p;
    }
    return cur;
}

/* A box of list items, table cells or definitions with few links and no boilerplate hint
 * inside: next to the article, it is the recipe's ingredients or the product's specifications
 * that readability's paragraph scores never see. */
static bool structured_box(wn_page *pg, const wn_page_el *c)
{
    if (c->chars < 60 || wn_page_link_density(c->chars, c->link_chars) >= 0.35f)
        return false;
    uint32_t items = 0, item_chars = 0;
    for (uint32_t i = c->b0; i < c->b1; i++) {
        const wn_page_blk *b = &pg->blks[i];
        if ((b->kind == WN_BLK_LI || b->kind == WN_BLK_CELL || b->kind == WN_BLK_DT) && !wn_page_under_boilerplate(pg, b->owner, -1))
            items++, item_chars += b->chars;
    }
    return items >= 3 && item_chars * 2 >= c->chars;
}

/* Is most of the box's text in headline-list items (teaser_block)? A sibling that scores
 * close to the article for its teasers is the "more news" list next to it. */
static bool teaser_list(const wn_page *pg, const wn_page_el *c)
{
    uint32_t teaser = 0;
    for (uint32_t i = c->b0; i < c->b1; i++)
        if (teaser_item(pg, pg->blks[i].li))
            teaser += pg->blks[i].chars;
    return teaser * 2 > c->chars;
}

/* Does the block write out a web address ("via netzpolitik.org https://netzpolitik.org", "the
 * petition: http://www.example.org/...")? A link shown as its address is a reference the
 * author gives in the text; a menu or a list of other stories shows titles, not addresses. */
static bool shows_address(const wn_page *pg, const wn_page_blk *b)
{
    const char *t = pg->plain.data + b->off;
    size_t n = b->len;
    return memmem(t, n, "http://", 7) || memmem(t, n, "https://", 8) || memmem(t, n, "www.", 4);
}

/* A list entry led by its own label ("2 décembre 2019 : Reportage ...", a dated list of press
 * cuttings): a colon in the first 32 bytes, with at least the label's characters unlinked. The
 * link after the label is what the entry is about, so its link density says nothing: a menu
 * item or a related-stories link is all link, with no label of the author's before it. */
static bool labelled_entry(const wn_page *pg, const wn_page_blk *b)
{
    if (b->kind != WN_BLK_LI)
        return false;
    const char *t = pg->plain.data + b->off;
    size_t n = b->len < 32 ? b->len : 32;
    const char *c = memchr(t, ':', n);
    if (!c || c == t || (size_t)(c - t) + 1 >= b->len)
        return false;
    /* the label's characters as blocks count them: code points that are not spaces */
    uint32_t label = 0;
    for (const char *q = t; q <= c; q++)
        label += (*q & 0xC0) != 0x80 && *q != ' ' && *q != '\t' && *q != '\n';
    return b->chars - b->link_chars >= label;
}

/* Keeps the blocks of `root` (and siblings) that are not boilerplate inside it. */
size_t wn_page_select_main(wn_page *pg, int32_t top_el)
{
    for (size_t i = 0; i < pg->n_blks; i++)
        pg->blks[i].keep = 0;
    const wn_page_el *te = &pg->els[top_el];
    int32_t parent = te->parent;
    float threshold = te->score * 0.2f > 10.f ? te->score * 0.2f : 10.f;
    /* candidates: the top element and its siblings that score close or read as prose */
    if (parent >= 0) {
        const wn_page_el *pe = &pg->els[parent];
        for (uint32_t i = (uint32_t)parent + 1; i < pe->end; i = pg->els[i].end > i ? pg->els[i].end : i + 1) {
            wn_page_el *c = &pg->els[i];
            if (c->parent != parent)
                continue;
            bool take = (int32_t)i == top_el;
            if (!take && (c->hint & (WN_HINT_BAD | WN_HINT_WEAK)))
                continue;
            if (!take && c->scored && c->score >= threshold && !teaser_list(pg, c))
                take = true;
            if (!take && structured_box(pg, c))
                take = true;
            if (!take && c->tag == WN_TAG_P && c->chars > 0) {
                float ld = wn_page_link_density(c->chars, c->link_chars);
                const wn_page_blk *b = c->b1 > c->b0 ? &pg->blks[c->b0] : NULL;
                if (c->chars > 80 && ld < 0.25f)
                    take = true;
                else if (b && ld == 0 && (b->flags & WN_BLKF_PUNCT_END))
                    take = true;
            }
            if (take)
                mark_range(pg, (int32_t)i, 2);
        }
    } else {
        mark_range(pg, top_el, 2);
    }
    /* comments on request: every comments section joins the selection */
    if (pg->o->keep_comments)
        for (size_t i = 0; i < pg->n_els; i++)
            if ((pg->els[i].hint & WN_HINT_COMMENT) && pg->els[i].bad < 0)
                mark_range(pg, (int32_t)i, 3);
    /* within: drop blocks under a boilerplate element that lies inside the kept root */
    size_t total = 0;
    for (size_t i = 0; i < pg->n_blks; i++) {
        wn_page_blk *b = &pg->blks[i];
        if (b->keep != 2 && b->keep != 3)
            continue;
        bool comment = b->keep == 3;
        b->keep = 0;
        if (b->owner < 0)
            continue;
        if (!comment && wn_page_under_boilerplate(pg, b->owner, parent >= 0 ? parent : top_el))
            continue;
        float ld = wn_page_link_density(b->chars, b->link_chars);
        /* mostly links: a menu or a list of other stories, unless a paragraph shows the
         * addresses it links to (its references) */
        if (ld > 0.5f && (b->kind != WN_BLK_H || b->level > 1) && !(b->kind == WN_BLK_P && shows_address(pg, b)) &&
            !labelled_entry(pg, b))
            continue;
        b->keep = 1;
    }
    /* jusText's edge rule inside the container: short lines before the first and after the
     * last real paragraph ("Share with friends", "Explore further", "Source: ...") go */
    size_t first = SIZE_MAX, last = 0;
    for (size_t i = 0; i < pg->n_blks; i++) {
        const wn_page_blk *b = &pg->blks[i];
        if (b->keep && wn_page_is_prose(b) && b->kind != WN_BLK_PRE) {
            if (first == SIZE_MAX)
                first = i;
            last = i;
        }
    }
    for (size_t i = 0; i < pg->n_blks; i++) {
        wn_page_blk *b = &pg->blks[i];
        if (!b->keep)
            continue;
        bool structured = (b->kind == WN_BLK_LI || b->kind == WN_BLK_CELL || b->kind == WN_BLK_DT) &&
                          (wn_page_link_density(b->chars, b->link_chars) < 0.3f || labelled_entry(pg, b));
        /* a sign-off in the same container as the last paragraph stays */
        int32_t edge = first == SIZE_MAX ? -1 : i < first ? pg->blks[first].owner : pg->blks[last].owner;
        bool same_box = b->owner >= 0 && edge >= 0 && pg->els[b->owner].parent == pg->els[edge].parent &&
                        wn_page_link_density(b->chars, b->link_chars) < 0.5f;
        if (first != SIZE_MAX && (i < first || i > last) && !wn_page_is_prose(b) && b->kind != WN_BLK_H &&
            !structured && !same_box)
            b->keep = 0;
        else
            total += b->chars;
    }
    return total;
}
