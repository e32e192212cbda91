/* dom.h: winnow's thin DOM adapter: parse HTML into a tree and walk it. Underneath is our own
 * WHATWG tokenizer and tree builder (src/html/treebuilder.c, behind src/html/dom_own.c), whose
 * limits are built in: nesting past max_depth is dropped, attributes past max_attrs too, scope
 * checks are answered by counts of open elements, so parsing is linear in the page for any
 * input, and a tree that would outgrow its memory bound is refused (WN_ERR_TOO_MANY_ELEMENTS).
 *
 * DESIGN: one wn_dom per worker thread holds the parser and one tree, reused for every page.
 * Nodes are opaque pointers into that tree, valid until the next wn_dom_parse(),
 * wn_dom_release() or wn_dom_free(). Walkers must be iterative or depth-capped. */
#ifndef WN_DOM_H
#define WN_DOM_H

#include "winnow/core.h"

/* The elements the extractor distinguishes; everything else is WN_TAG_OTHER. */
typedef enum {
    WN_TAG_OTHER = 0, WN_TAG_TEXT, WN_TAG_COMMENT, WN_TAG_DOCUMENT,
    WN_TAG_HTML, WN_TAG_HEAD, WN_TAG_BODY, WN_TAG_TITLE, WN_TAG_META, WN_TAG_LINK, WN_TAG_BASE,
    WN_TAG_SCRIPT, WN_TAG_STYLE, WN_TAG_NOSCRIPT, WN_TAG_TEMPLATE, WN_TAG_IFRAME, WN_TAG_SVG,
    WN_TAG_MATH, WN_TAG_OBJECT, WN_TAG_EMBED, WN_TAG_CANVAS, WN_TAG_VIDEO, WN_TAG_AUDIO,
    WN_TAG_SELECT, WN_TAG_OPTION, WN_TAG_BUTTON, WN_TAG_INPUT, WN_TAG_TEXTAREA, WN_TAG_FORM,
    WN_TAG_LABEL, WN_TAG_IMG, WN_TAG_FRAMESET, WN_TAG_FRAME, WN_TAG_MAP,
    /* sectioning */
    WN_TAG_ARTICLE, WN_TAG_MAIN, WN_TAG_SECTION, WN_TAG_NAV, WN_TAG_ASIDE, WN_TAG_HEADER,
    WN_TAG_FOOTER, WN_TAG_MENU, WN_TAG_DIV, WN_TAG_CENTER, WN_TAG_ADDRESS, WN_TAG_DIALOG,
    /* blocks */
    WN_TAG_P, WN_TAG_H1, WN_TAG_H2, WN_TAG_H3, WN_TAG_H4, WN_TAG_H5, WN_TAG_H6, WN_TAG_UL,
    WN_TAG_OL, WN_TAG_LI, WN_TAG_DL, WN_TAG_DT, WN_TAG_DD, WN_TAG_PRE, WN_TAG_BLOCKQUOTE,
    WN_TAG_TABLE, WN_TAG_CAPTION, WN_TAG_THEAD, WN_TAG_TBODY, WN_TAG_TFOOT, WN_TAG_TR, WN_TAG_TD,
    WN_TAG_TH, WN_TAG_FIGURE, WN_TAG_FIGCAPTION, WN_TAG_HR, WN_TAG_BR, WN_TAG_DETAILS,
    WN_TAG_SUMMARY, WN_TAG_FIELDSET, WN_TAG_LEGEND,
    /* inline */
    WN_TAG_A, WN_TAG_SPAN, WN_TAG_B, WN_TAG_STRONG, WN_TAG_I, WN_TAG_EM, WN_TAG_U, WN_TAG_S,
    WN_TAG_DEL, WN_TAG_INS, WN_TAG_CODE, WN_TAG_KBD, WN_TAG_SAMP, WN_TAG_TT, WN_TAG_VAR,
    WN_TAG_SUB, WN_TAG_SUP, WN_TAG_SMALL, WN_TAG_BIG, WN_TAG_FONT, WN_TAG_ABBR, WN_TAG_CITE,
    WN_TAG_Q, WN_TAG_MARK, WN_TAG_TIME, WN_TAG_WBR, WN_TAG_RT,
    WN_TAG_COUNT
} wn_tag;

typedef struct wn_dom wn_dom;
typedef struct wn_dom_node wn_dom_node;
typedef struct wn_dom_attr wn_dom_attr;

typedef struct {
    size_t max_bytes;     /* larger inputs: WN_ERR_TOO_LARGE */
    unsigned max_depth;   /* elements nested deeper are not made (their text is kept) */
    unsigned max_attrs;   /* attributes of a tag past this many are dropped */
    /* the tree's nodes and attributes within mem_per_byte * n + mem_base bytes for a page of
     * n bytes, WN_ERR_TOO_MANY_ELEMENTS past that */
    unsigned mem_per_byte;
    size_t mem_base;
} wn_dom_limits;

/*! wn_dom_limits_default() : 16 MiB, depth 1024, 1024 attributes per tag, the tree within 4
 * bytes per byte of page + 16 MiB. */
void wn_dom_limits_default(wn_dom_limits *l);

/*! wn_dom_create() : a parser with its tree, for one thread. */
wn_status wn_dom_create(wn_dom **out);
void wn_dom_free(wn_dom *d);   /* NULL is a no-op */
/*! wn_dom_release() : frees the tree of the last page (its nodes become invalid), which the
 * next parse would otherwise reuse: for a large page once it is no longer read, so that its
 * tree does not stay beside what comes after it. The next parse makes a new tree. */
void wn_dom_release(wn_dom *d);

/*! wn_dom_keep_script_text() : with keep false, the text of <script> (unless its type names
 * JSON, as JSON-LD's does) and <style> elements reads as empty; the tree is otherwise the
 * same. Default: kept. */
void wn_dom_keep_script_text(wn_dom *d, bool keep);

/*! wn_dom_close_titles() : html with "</title>" inserted where a title left unclosed meets
 * markup (src/html/title_repair.c says when), into out; false (out unspecified) when nothing
 * was to be repaired or out's bound was reached. */
bool wn_dom_close_titles(wn_buf *out, const char *html, size_t n);

/*! wn_dom_parse() : parses html (UTF-8; invalid sequences are the caller's to repair first)
 * into the tree, replacing the previous one: WN_OK, WN_ERR_TOO_LARGE, WN_ERR_TOO_MANY_ELEMENTS
 * or WN_ERR_NOMEM. On error the tree is empty. */
wn_status wn_dom_parse(wn_dom *d, const char *html, size_t n, const wn_dom_limits *lim);

/* Navigation: NULL when absent. The document node is the root; html/head/body may be NULL
 * (framesets have no body). */
wn_dom_node *wn_dom_document(wn_dom *d);
wn_dom_node *wn_dom_html(wn_dom *d);
wn_dom_node *wn_dom_body(wn_dom *d);
wn_dom_node *wn_dom_first_child(const wn_dom_node *n);
wn_dom_node *wn_dom_next_sibling(const wn_dom_node *n);
wn_dom_node *wn_dom_parent(const wn_dom_node *n);
wn_tag wn_dom_tag(const wn_dom_node *n);
/*! wn_dom_is_html_ns() : false for elements inside svg/math (foreign content). */
bool wn_dom_is_html_ns(const wn_dom_node *n);
/*! wn_dom_text() : the decoded text of a text or comment node (entities resolved); {"",0}
 * for elements. */
wn_slice wn_dom_text(const wn_dom_node *n);
/*! wn_dom_tag_name() : lowercase tag name of an element, e.g. "div". */
wn_slice wn_dom_tag_name(wn_dom *d, const wn_dom_node *n);

/* Attributes in source order; names are lowercase. */
wn_dom_attr *wn_dom_attr_first(const wn_dom_node *n);
wn_dom_attr *wn_dom_attr_next(const wn_dom_attr *a);
wn_slice wn_dom_attr_name(const wn_dom_attr *a);
wn_slice wn_dom_attr_value(const wn_dom_attr *a);
/*! wn_dom_attr_get() : value of the attribute `name` (lowercase), or {NULL,0} when absent. */
wn_slice wn_dom_attr_get(const wn_dom_node *n, const char *name);

#endif
