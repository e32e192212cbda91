/* extract_forms.c: forms to write in (issue 16, item 5, the article's extent). A <form> that
 * holds a <textarea> is where a reader writes a reply or a message: what it shows ("Your email
 * address will not be published", "Name *", "You may use these HTML tags", "Remember me?") is
 * instructions for the writer, never the article. So is a form with an e-mail field (a
 * newsletter's sign-up: its pitch and its consent line); extract_walk.c marks both. Such forms
 * sit after the article or beside it, where the container's climb or the whole-page
 * classification lets them in. Such a form loses
 * its keep unless it holds the article: a page wrapped in one form (ASP.NET wraps the whole
 * body) has its container inside, and a form holding more kept text than the rest of the page
 * is the page. The heading above it ("Leave a Reply") then has no text after it and goes in
 * pruning, which runs next. */
#include "html/extract_impl.h"

/* Characters beside a form in its box, up to which they are the form's pitch. */
#define PITCH_MAX 300

/* Characters of kept blocks in [b0, b1). */
static size_t kept_chars(wn_page *pg, uint32_t b0, uint32_t b1)
{
    size_t n = 0;
    for (uint32_t i = b0; i < b1; i++, pg->work++)
        n += pg->blks[i].keep ? pg->blks[i].chars : 0;
    return n;
}

void wn_page_drop_forms(wn_page *pg)
{
    size_t total = 0;
    bool any = false;
    for (size_t i = 0; i < pg->n_els && !any; i++, pg->work++)
        any = pg->els[i].writes;
    if (!any)
        return;
    total = kept_chars(pg, 0, (uint32_t)pg->n_blks);
    int32_t c = pg->container;
    for (size_t i = 0; i < pg->n_els;) {
        const wn_page_el *e = &pg->els[i];
        pg->work++;
        /* the form that holds the container holds the article */
        if (!e->writes || (c >= 0 && (size_t)c >= i && (size_t)c < e->end)) {
            i++;
            continue;
        }
        /* with no container (the whole-page classification chose), a form holding most of
         * the kept text is the page */
        if (c >= 0 || kept_chars(pg, e->b0, e->b1) * 2 < total) {
            uint32_t b0 = e->b0, b1 = e->b1;
            /* the form's own box, when what it holds besides the form is short (a heading and
             * a line: "Questions about this article? Write to us here.", "Get our newsletter"),
             * is the form's pitch: it goes with it, unless it is a good part of what is kept
             * (a short post over its reply form, the container not found) */
            int32_t p = e->parent;
            size_t beside = p >= 0 ? kept_chars(pg, pg->els[p].b0, e->b0) + kept_chars(pg, e->b1, pg->els[p].b1) : 0;
            if (p >= 0 && !(c >= p && (size_t)c < pg->els[p].end) && beside < PITCH_MAX &&
                beside * 4 < total) {
                b0 = pg->els[p].b0;
                b1 = pg->els[p].b1;
            }
            for (uint32_t b = b0; b < b1; b++)
                pg->blks[b].keep = 0;
        }
        i = e->end > i ? e->end : i + 1;
    }
}
