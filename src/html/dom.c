/* dom.c: the DOM adapter over our own parser (dom_own.c over src/html/treebuilder.c): parses a
 * page, parses it again with its titles closed when an unclosed <title> swallowed it
 * (title_repair.c); the node and attribute functions of dom.h live in dom_own.c, next to the
 * tree they read.
 *
 * DESIGN: dom.h is the interface the extractor walks, so that the parser behind it stays
 * replaceable (myhtml was, issue 19: ours gave the same extraction in less time, with its
 * limits built in). A wn_dom holds one parser and one tree, reused for every page. */
#include <string.h>
#include "html/dom.h"
#include "html/dom_own.h"

struct wn_dom {
    wn_dom_own *own;
    wn_buf repaired;    /* the page with its unclosed titles closed (title_repair.c) */
};

void wn_dom_limits_default(wn_dom_limits *l)
{
    l->max_bytes = (size_t)16 << 20;
    l->max_depth = 1024;
    l->max_attrs = 1024;
    /* a node is 56 bytes: real pages need well under 4 per byte of page (about 1.5 on
     * trafilatura-eval), hostile ones ("<p>" repeated: 19 per byte) stop at the cap */
    l->mem_per_byte = 4;
    l->mem_base = (size_t)16 << 20;
}

wn_status wn_dom_create(wn_dom **out)
{
    *out = NULL;
    wn_dom *d = wn_calloc(1, sizeof *d);
    if (!d)
        return WN_ERR_NOMEM;
    wn_status st = wn_dom_own_create(&d->own);
    if (st) {
        wn_free(d);
        return st;
    }
    wn_buf_init(&d->repaired, 64);
    *out = d;
    return WN_OK;
}

void wn_dom_release(wn_dom *d)
{
    wn_dom_own_release(d->own);
    wn_buf_free(&d->repaired);
}

void wn_dom_keep_script_text(wn_dom *d, bool keep)
{
    wn_dom_own_keep_script_text(d->own, keep);
}

void wn_dom_free(wn_dom *d)
{
    if (!d)
        return;
    wn_buf_free(&d->repaired);
    wn_dom_own_free(d->own);
    wn_free(d);
}

/* Does a <title> in head hold tag-shaped text ('<' then a letter, '/' or '!')? The parser follows
 * HTML5 in reading an unclosed title to the end of the page. */
static bool title_swallowed(wn_dom *d)
{
    wn_dom_node *head = NULL;
    for (wn_dom_node *c = wn_dom_html(d) ? wn_dom_first_child(wn_dom_html(d)) : NULL; c && !head; c = wn_dom_next_sibling(c))
        if (wn_dom_tag(c) == WN_TAG_HEAD)
            head = c;
    for (wn_dom_node *c = head ? wn_dom_first_child(head) : NULL; c; c = wn_dom_next_sibling(c)) {
        if (wn_dom_tag(c) != WN_TAG_TITLE || !wn_dom_first_child(c))
            continue;
        wn_slice t = wn_dom_text(wn_dom_first_child(c));
        for (const char *q = t.ptr, *end = t.ptr ? t.ptr + t.len : NULL; q && q + 1 < end; q++) {
            q = memchr(q, '<', (size_t)(end - q - 1));
            if (!q)
                break;
            unsigned char k = (unsigned char)(q[1] | 32);
            if ((k >= 'a' && k <= 'z') || q[1] == '/' || q[1] == '!')
                return true;
        }
    }
    return false;
}

/* A title whose text holds a tag is the sign of one left unclosed (checked on the tree: free
 * for every other page); the page is then parsed again as its author meant it (the copy is
 * bounded by 2x the page plus a title tag). */
wn_status wn_dom_parse(wn_dom *d, const char *html, size_t n, const wn_dom_limits *lim)
{
    wn_status st = wn_dom_own_parse(d->own, html, n, lim);
    if (st)
        return st;
    d->repaired.max = n * 2 + 64;   /* the bound follows the page (initialised in create) */
    if (title_swallowed(d) && wn_dom_close_titles(&d->repaired, html, n))
        st = wn_dom_own_parse(d->own, d->repaired.data, d->repaired.len, lim);
    return st;
}

wn_dom_node *wn_dom_document(wn_dom *d) { return wn_dom_own_document(d->own); }
wn_dom_node *wn_dom_html(wn_dom *d) { return wn_dom_own_html(d->own); }
wn_dom_node *wn_dom_body(wn_dom *d) { return wn_dom_own_body(d->own); }
wn_slice wn_dom_tag_name(wn_dom *d, const wn_dom_node *n) { (void)d; return wn_dom_own_tag_name(n); }
