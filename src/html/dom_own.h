/* dom_own.h: the DOM adapter's backend over our own parser (src/html/dom_own.c), used by dom.c
 * only, which passes dom.h's calls here (the functions mirror those of dom.h). */
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
wn_dom_node *wn_dom_own_first_child(const wn_dom_node *n);
wn_dom_node *wn_dom_own_next_sibling(const wn_dom_node *n);
wn_dom_node *wn_dom_own_parent(const wn_dom_node *n);
wn_tag wn_dom_own_tag(const wn_dom_node *n);
bool wn_dom_own_is_html_ns(const wn_dom_node *n);
wn_slice wn_dom_own_text(const wn_dom_node *n);
wn_slice wn_dom_own_tag_name(const wn_dom_node *n);
wn_dom_attr *wn_dom_own_attr_first(const wn_dom_node *n);
wn_dom_attr *wn_dom_own_attr_next(const wn_dom_attr *a);
wn_slice wn_dom_own_attr_name(const wn_dom_attr *a);
wn_slice wn_dom_own_attr_value(const wn_dom_attr *a);
wn_slice wn_dom_own_attr_get(const wn_dom_node *n, const char *name);

#endif
