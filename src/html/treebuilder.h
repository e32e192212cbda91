/* treebuilder.h: winnow's own HTML tree builder (WHATWG HTML §13.2.6) over the tokenizer of
 * tokenizer.h, made for extraction: every insertion mode, no scripting; a template's
 * contents are its children here (no separate document fragment: extraction never reads
 * them; tests/tools/html_tree.c writes them as html5lib's "content").
 *
 * DESIGN: nodes live in one array and refer to each other by index (0 is the document), so a
 * page costs one growing allocation that the next page reuses; strings stay slices of the
 * input (wn_ht_str), decoded only when read. Limits are part of the builder, not a prescan:
 * at most max_nodes nodes (WN_ERR_TOO_MANY_ELEMENTS past them), a stack of open elements at
 * most max_depth deep (start tags past it are dropped, counted in `dropped`), at most
 * max_attrs attributes per element, at most max_mem bytes of nodes and attributes (so that a
 * page's memory follows its size, not what its markup asks for), and a capped list of active
 * formatting elements. Each
 * "has an element in scope" check first asks a count of open elements per tag name, so that
 * end tags closing nothing cost O(1), not a walk of the stack; the rest of the work per token
 * is bounded by the depth cap, so parsing is linear in the input. */
#ifndef WN_HTML_TREEBUILDER_H
#define WN_HTML_TREEBUILDER_H

#include "html/tb_tags.h"
#include "html/tokenizer.h"

typedef enum { WN_TB_DOCUMENT = 0, WN_TB_ELEMENT, WN_TB_TEXT, WN_TB_COMMENT, WN_TB_DOCTYPE } wn_tb_type;
typedef enum { WN_NS_HTML = 0, WN_NS_SVG, WN_NS_MATH } wn_tb_ns;

#define WN_TB_NONE 0u   /* "no node" in links (the document, node 0, is nobody's child) */

typedef struct {
    uint32_t parent, first, last, next, prev;
    uint32_t attrs, nattrs;   /* into wn_tb.attrs (which keeps entry 0 unused: see dom_own.c) */
    uint32_t self;            /* this node's index */
    wn_ht_str str;            /* element: name; text, comment: data; doctype: name */
    uint16_t tag;             /* tb_tag */
    uint8_t type;             /* wn_tb_type */
    uint8_t ns;               /* wn_tb_ns */
    bool open;                /* on the stack of open elements */
    bool html_ip;             /* annotation-xml that is an HTML integration point */
    bool merged;              /* text: holds the text of the text nodes after it (dom_own.c) */
    bool sel_scope;           /* open: an HTML select is in scope while this is the current node */
} wn_tb_node;

typedef struct {
    uint32_t max_nodes;
    uint32_t max_depth;
    uint32_t max_attrs;
    size_t max_mem;           /* bytes of nodes and attributes (0: max_nodes alone bounds them) */
    bool scripting;           /* <noscript> content is raw text (as a browser with scripts) */
} wn_tb_limits;

/*! wn_tb_limits_default() : 4 Mi nodes, depth 512, 1024 attributes, no memory cap beyond the
 * nodes', scripting off. */
void wn_tb_limits_default(wn_tb_limits *l);

typedef struct wn_tb wn_tb;

wn_status wn_tb_create(wn_tb **out, const wn_tb_limits *lim);
void wn_tb_free(wn_tb *tb);
/*! wn_tb_set_limits() : for the parses that follow (a page's memory cap follows its size). */
void wn_tb_set_limits(wn_tb *tb, const wn_tb_limits *lim);
/*! wn_tb_parse() : builds the tree of html (which must outlive the tree). WN_ERR_TOO_MANY_ELEMENTS
 * past max_nodes, WN_ERR_TOO_LARGE past WN_HT_INPUT_MAX, WN_ERR_NOMEM; the tree is then empty
 * but for the document. */
wn_status wn_tb_parse(wn_tb *tb, const char *html, size_t n);
/*! wn_tb_parse_fragment() : the fragment parsing algorithm (§13.4) with a context element of
 * the HTML namespace named ctx: the nodes go under the root html element (node 1). */
wn_status wn_tb_parse_fragment(wn_tb *tb, const char *html, size_t n, const char *ctx);

/* The tree: nodes[0] is the document. Valid until the next parse. */
const wn_tb_node *wn_tb_nodes(const wn_tb *tb, uint32_t *count);
const wn_ht_attr *wn_tb_attrs(const wn_tb *tb);
uint32_t wn_tb_html(const wn_tb *tb);   /* WN_TB_NONE when absent */
uint32_t wn_tb_head(const wn_tb *tb);
uint32_t wn_tb_body(const wn_tb *tb);
/*! wn_tb_doctype() : the doctype token that was inserted (type WN_HT_EOF when none). */
const wn_ht_token *wn_tb_doctype(const wn_tb *tb);
/*! wn_tb_dropped() : start tags dropped past max_depth and attributes past max_attrs. */
uint64_t wn_tb_dropped(const wn_tb *tb);

#endif
