/* extract_debug.c: bench/extract_debug.c's view of the last page's model. */
#include "html/extract_impl.h"

/* For bench/extract_debug.c: one line per block of the last page (keep, kind, chars, links,
 * words, stops, owner tag, the bad element, the text's start), the chosen container, and the
 * ancestors of element `chain` (-1: none). */
void wn_extract_debug_dump(wn_extractor *ex, wn_buf *out, int32_t chain)
{
    wn_page *x = wn_extract_page(ex);
    wn_buf_printf(out, "lang %d use_stops %d elements %zu blocks %zu top %d\n", x->lang, x->use_stops,
                  x->n_els, x->n_blks, x->container);
    if (x->container >= 0) {
        const wn_page_el *t = &x->els[x->container];
        wn_buf_printf(out, "top: tag %d score %.1f chars %u links %u blocks %u-%u\n", t->tag, t->score,
                      t->chars, t->link_chars, t->b0, t->b1);
    }
    for (int32_t a = x->container; a >= 0; a = x->els[a].parent)
        wn_buf_printf(out, "up %d tag %d hint %d score %.1f chars %u links %u prose %u\n", a, x->els[a].tag,
                      x->els[a].hint, x->els[a].score, x->els[a].chars, x->els[a].link_chars, x->els[a].prose);
    for (size_t i = 0; i < x->n_els; i++) {
        const wn_page_el *e = &x->els[i];
        if (e->scored && e->score > 5)
            wn_buf_printf(out, "el %zu tag %d hint %d parent %d score %.1f chars %u links %u prose %u\n", i, e->tag,
                          e->hint, e->parent, e->score, e->chars, e->link_chars, e->prose);
    }
    for (int32_t a = chain < (int32_t)x->n_els ? chain : -1; a >= 0; a = x->els[a].parent)
        wn_buf_printf(out, "chain %d tag %d hint %d chars %u links %u blocks %u-%u\n", a, x->els[a].tag,
                      x->els[a].hint, x->els[a].chars, x->els[a].link_chars, x->els[a].b0, x->els[a].b1);
    for (size_t i = 0; i < x->n_blks; i++) {
        const wn_page_blk *b = &x->blks[i];
        const wn_page_el *o = b->owner >= 0 ? &x->els[b->owner] : NULL;
        int n = (int)b->len;
        const wn_page_el *bd = o && o->bad >= 0 ? &x->els[o->bad] : NULL;
        bool in_top = x->container >= 0 && i >= x->els[x->container].b0 && i < x->els[x->container].b1;
        wn_buf_printf(out, "%c%c%c ", in_top ? 'T' : '.', wn_page_under_boilerplate(x, b->owner, -1) ? 'B' : '.',
                      b->flags & WN_BLKF_FIGURE ? 'F' : '.');
        wn_buf_printf(out, "%c k%d c%-4u l%-4u w%-3u s%-3u own%-5d t%-3d bad%-5d(t%d h%d) par%-5d | %.*s\n",
                      b->keep ? '+' : '-', b->kind, b->chars, b->link_chars, b->words, b->stops,
                      b->owner, o ? o->tag : -1, o ? o->bad : -1, bd ? bd->tag : -1, bd ? bd->hint : -1,
                      o ? o->parent : -1, n, x->plain.data + b->off);
    }
}
