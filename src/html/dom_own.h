/* dom_own.h: the page-level half of the DOM over our own parser (src/html/dom_own.c), used by
 * dom.c only, which adds the unclosed-title repair around parsing. The node and attribute
 * functions of dom.h are defined in dom_own.c itself: with one parser there is nothing to
 * dispatch, and the walk calls them for every node. */
#ifndef WN_HTML_DOM_OWN_H
#define WN_HTML_DOM_OWN_H

#include "html/dom.h"

typedef struct wn_dom_own wn_dom_own;

wn_status wn_dom_own_create(wn_dom_own **out);
void wn_dom_own_free(wn_dom_own *o);
void wn_dom_own_release(wn_dom_own *o);
void wn_dom_own_keep_script_text(wn_dom_own *o, bool keep);
/*! wn_dom_own_parse() : lim->max_bytes bounds the page, lim->max_depth and max_attrs the tree
 * builder, mem_per_byte and mem_base its memory. */
wn_status wn_dom_own_parse(wn_dom_own *o, const char *html, size_t n, const wn_dom_limits *lim);
wn_dom_node *wn_dom_own_document(wn_dom_own *o);
wn_dom_node *wn_dom_own_html(wn_dom_own *o);
wn_dom_node *wn_dom_own_body(wn_dom_own *o);
wn_slice wn_dom_own_tag_name(const wn_dom_node *n);

#endif
