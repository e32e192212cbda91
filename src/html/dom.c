/* dom.c: the DOM adapter over myhtml (Debian libmodest-dev, LGPL, linked dynamically), and
 * the dispatch to our own parser's backend (dom_own.c) for a dom that uses it: its node and
 * attribute handles say so themselves (dom_own.h), so the navigation calls need no dom.
 *
 * DESIGN: the only file that includes myhtml. wn_dom_node/wn_dom_attr are myhtml's own node
 * and attribute pointers behind opaque types; tag ids are mapped to wn_tag with a switch. The
 * parser runs in MyHTML_OPTIONS_PARSE_MODE_SINGLE with one thread and no stream, and its tree
 * is cleaned (not freed) between pages, so a worker allocates once. */
#include <string.h>
/* myhtml's full headers rather than api.h (the two conflict): before_token needs the token
 * layout and myhtml_tree_current_node, which api.h leaves out */
#include <myhtml/myhtml.h>
#include <myhtml/tree.h>
#include "html/dom.h"
#include "html/dom_own.h"

struct wn_dom {
    myhtml_t *mh;
    myhtml_tree_t *tree;
    bool parsed;
    bool keep_script_text;
    wn_buf repaired;    /* the page with its unclosed titles closed (title_repair.c) */
    wn_dom_own *own;   /* set: later parses use our own parser */
};

/* Called by myhtml for each token before its text is copied out of the input (parser.c,
 * myhtml_parser_worker). In single-thread mode every token is tree-built before the tokenizer
 * makes the next, so the current node of a script-data or raw-text token is the element that
 * holds it. Setting raw_length to 0 then leaves that text node empty: the copy, with its
 * newline and NUL preprocessing, is most of what scripts and styles cost the parser. */
static void *before_token(myhtml_tree_t *tree, myhtml_token_node_t *token, void *ctx)
{
    const wn_dom *d = ctx;
    if (d->keep_script_text || token->tag_id != MyHTML_TAG__TEXT ||
        !(token->type & (MyHTML_TOKEN_TYPE_SCRIPT | MyHTML_TOKEN_TYPE_RAWTEXT)))
        return ctx;
    myhtml_tree_node_t *cur = myhtml_tree_current_node(tree);
    if (!cur || myhtml_node_namespace(cur) != MyHTML_NAMESPACE_HTML)
        return ctx;
    myhtml_tag_id_t id = myhtml_node_tag_id(cur);
    if (id == MyHTML_TAG_SCRIPT) {
        /* data blocks stay: metadata reads JSON-LD */
        myhtml_tree_attr_t *ty = myhtml_attribute_by_key(cur, "type", 4);
        size_t len = 0;
        const char *v = ty ? myhtml_attribute_value(ty, &len) : NULL;
        if (v && wn_slice_icontains((wn_slice){ v, len }, "json"))
            return ctx;
    } else if (id != MyHTML_TAG_STYLE) {
        return ctx;
    }
    token->raw_length = 0;
    return ctx;
}

/* A new, empty tree for d (NULL and WN_ERR_NOMEM when myhtml cannot have one). */
static wn_status tree_new(wn_dom *d)
{
    d->tree = myhtml_tree_create();
    if (!d->tree || myhtml_tree_init(d->tree, d->mh) != MyHTML_STATUS_OK) {
        if (d->tree)
            myhtml_tree_destroy(d->tree);
        d->tree = NULL;
        return WN_ERR_NOMEM;
    }
    myhtml_callback_before_token_done_set(d->tree, before_token, d);
    return WN_OK;
}

wn_status wn_dom_create(wn_dom **out)
{
    *out = NULL;
    wn_dom *d = wn_calloc(1, sizeof *d);
    if (!d)
        return WN_ERR_NOMEM;
    d->mh = myhtml_create();
    if (!d->mh || myhtml_init(d->mh, MyHTML_OPTIONS_PARSE_MODE_SINGLE, 1, 0) != MyHTML_STATUS_OK) {
        if (d->mh)
            myhtml_destroy(d->mh);
        wn_free(d);
        return WN_ERR_NOMEM;
    }
    d->keep_script_text = true;
    wn_buf_init(&d->repaired, 64);
    if (tree_new(d)) {
        myhtml_destroy(d->mh);
        wn_free(d);
        return WN_ERR_NOMEM;
    }
    *out = d;
    return WN_OK;
}

wn_status wn_dom_use_own(wn_dom *d)
{
    if (d->own)
        return WN_OK;
    wn_status st = wn_dom_own_create(&d->own);
    if (st)
        return st;
    wn_dom_own_keep_script_text(d->own, d->keep_script_text);
    return WN_OK;
}

void wn_dom_release(wn_dom *d)
{
    if (d->own)
        wn_dom_own_release(d->own);
    wn_buf_free(&d->repaired);
    if (!d->tree)
        return;
    myhtml_tree_destroy(d->tree);   /* cleaning would keep the tree's memory for the next page */
    d->tree = NULL;
    d->parsed = false;
}

void wn_dom_keep_script_text(wn_dom *d, bool keep)
{
    d->keep_script_text = keep;
    if (d->own)
        wn_dom_own_keep_script_text(d->own, keep);
}

void wn_dom_free(wn_dom *d)
{
    if (!d)
        return;
    if (d->tree)
        myhtml_tree_destroy(d->tree);
    myhtml_destroy(d->mh);
    wn_buf_free(&d->repaired);
    wn_dom_own_free(d->own);
    wn_free(d);
}

/* Does a <title> in head hold tag-shaped text ('<' then a letter, '/' or '!')? Read through
 * the adapter, so the same check serves both parsers: both follow HTML5 in reading an
 * unclosed title to the end of the page. */
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

/* Our parser: the same repair as below, the page parsed again with its titles closed. */
static wn_status own_parse(wn_dom *d, const char *html, size_t n, const wn_dom_limits *lim)
{
    wn_status st = wn_dom_own_parse(d->own, html, n, lim);
    if (st)
        return st;
    d->repaired.max = n * 2 + 64;
    if (title_swallowed(d) && wn_dom_close_titles(&d->repaired, html, n))
        st = wn_dom_own_parse(d->own, d->repaired.data, d->repaired.len, lim);
    return st;
}

wn_status wn_dom_parse(wn_dom *d, const char *html, size_t n, const wn_dom_limits *lim)
{
    if (d->own)
        return own_parse(d, html, n, lim);
    if (d->parsed) {
        myhtml_tree_clean(d->tree);
        d->parsed = false;
    }
    wn_status st = wn_dom_prescan(html, n, lim);
    if (st)
        return st;
    if (!d->tree && tree_new(d))    /* released after the last page */
        return WN_ERR_NOMEM;
    d->parsed = true;
    if (myhtml_parse(d->tree, MyENCODING_UTF_8, html, n) != MyHTML_STATUS_OK)
        return WN_ERR_NOMEM;
    /* myhtml reads an unclosed <title> to the end of the page. A title whose text holds a tag
     * is the sign (checked on the tree: free for every other page); the page is then parsed
     * again as its author meant it (the copy is bounded by 2x the page plus a title tag) */
    d->repaired.max = n * 2 + 64;   /* the bound follows the page (initialised in create) */
    if (title_swallowed(d) && wn_dom_close_titles(&d->repaired, html, n)) {
        myhtml_tree_clean(d->tree);
        d->parsed = false;
        if ((st = wn_dom_prescan(d->repaired.data, d->repaired.len, lim)))
            return st;
        d->parsed = true;
        if (myhtml_parse(d->tree, MyENCODING_UTF_8, d->repaired.data, d->repaired.len) != MyHTML_STATUS_OK)
            return WN_ERR_NOMEM;
    }
    return WN_OK;
}

wn_dom_node *wn_dom_document(wn_dom *d)
{
    if (d->own)
        return wn_dom_own_document(d->own);
    return d->parsed ? (wn_dom_node *)myhtml_tree_get_document(d->tree) : NULL;
}

wn_dom_node *wn_dom_html(wn_dom *d)
{
    if (d->own)
        return wn_dom_own_html(d->own);
    return d->parsed ? (wn_dom_node *)myhtml_tree_get_node_html(d->tree) : NULL;
}

wn_dom_node *wn_dom_body(wn_dom *d)
{
    if (d->own)
        return wn_dom_own_body(d->own);
    return d->parsed ? (wn_dom_node *)myhtml_tree_get_node_body(d->tree) : NULL;
}

wn_dom_node *wn_dom_first_child(const wn_dom_node *n)
{
    if (wn_dom_own_handle(n))
        return wn_dom_own_first_child(n);
    return (wn_dom_node *)myhtml_node_child((myhtml_tree_node_t *)n);
}

wn_dom_node *wn_dom_next_sibling(const wn_dom_node *n)
{
    if (wn_dom_own_handle(n))
        return wn_dom_own_next_sibling(n);
    return (wn_dom_node *)myhtml_node_next((myhtml_tree_node_t *)n);
}

wn_dom_node *wn_dom_parent(const wn_dom_node *n)
{
    if (wn_dom_own_handle(n))
        return wn_dom_own_parent(n);
    return (wn_dom_node *)myhtml_node_parent((myhtml_tree_node_t *)n);
}

bool wn_dom_is_html_ns(const wn_dom_node *n)
{
    if (wn_dom_own_handle(n))
        return wn_dom_own_is_html_ns(n);
    return myhtml_node_namespace((myhtml_tree_node_t *)n) == MyHTML_NAMESPACE_HTML;
}

wn_tag wn_dom_tag(const wn_dom_node *n)
{
    if (wn_dom_own_handle(n))
        return wn_dom_own_tag(n);
    switch (myhtml_node_tag_id((myhtml_tree_node_t *)n)) {
    case MyHTML_TAG__TEXT: return WN_TAG_TEXT;
    case MyHTML_TAG__COMMENT: return WN_TAG_COMMENT;
    case MyHTML_TAG__UNDEF: return WN_TAG_DOCUMENT;
    case MyHTML_TAG_HTML: return WN_TAG_HTML;
    case MyHTML_TAG_HEAD: return WN_TAG_HEAD;
    case MyHTML_TAG_BODY: return WN_TAG_BODY;
    case MyHTML_TAG_TITLE: return WN_TAG_TITLE;
    case MyHTML_TAG_META: return WN_TAG_META;
    case MyHTML_TAG_LINK: return WN_TAG_LINK;
    case MyHTML_TAG_BASE: return WN_TAG_BASE;
    case MyHTML_TAG_SCRIPT: return WN_TAG_SCRIPT;
    case MyHTML_TAG_STYLE: return WN_TAG_STYLE;
    case MyHTML_TAG_NOSCRIPT: return WN_TAG_NOSCRIPT;
    case MyHTML_TAG_TEMPLATE: return WN_TAG_TEMPLATE;
    case MyHTML_TAG_IFRAME: return WN_TAG_IFRAME;
    case MyHTML_TAG_SVG: return WN_TAG_SVG;
    case MyHTML_TAG_MATH: return WN_TAG_MATH;
    case MyHTML_TAG_OBJECT: return WN_TAG_OBJECT;
    case MyHTML_TAG_EMBED: return WN_TAG_EMBED;
    case MyHTML_TAG_CANVAS: return WN_TAG_CANVAS;
    case MyHTML_TAG_VIDEO: return WN_TAG_VIDEO;
    case MyHTML_TAG_AUDIO: return WN_TAG_AUDIO;
    case MyHTML_TAG_SELECT: return WN_TAG_SELECT;
    case MyHTML_TAG_OPTION: return WN_TAG_OPTION;
    case MyHTML_TAG_BUTTON: return WN_TAG_BUTTON;
    case MyHTML_TAG_INPUT: return WN_TAG_INPUT;
    case MyHTML_TAG_TEXTAREA: return WN_TAG_TEXTAREA;
    case MyHTML_TAG_FORM: return WN_TAG_FORM;
    case MyHTML_TAG_LABEL: return WN_TAG_LABEL;
    case MyHTML_TAG_IMG: return WN_TAG_IMG;
    case MyHTML_TAG_FRAMESET: return WN_TAG_FRAMESET;
    case MyHTML_TAG_FRAME: return WN_TAG_FRAME;
    case MyHTML_TAG_MAP: return WN_TAG_MAP;
    case MyHTML_TAG_ARTICLE: return WN_TAG_ARTICLE;
    case MyHTML_TAG_MAIN: return WN_TAG_MAIN;
    case MyHTML_TAG_SECTION: return WN_TAG_SECTION;
    case MyHTML_TAG_NAV: return WN_TAG_NAV;
    case MyHTML_TAG_ASIDE: return WN_TAG_ASIDE;
    case MyHTML_TAG_HEADER: return WN_TAG_HEADER;
    case MyHTML_TAG_FOOTER: return WN_TAG_FOOTER;
    case MyHTML_TAG_MENU: return WN_TAG_MENU;
    case MyHTML_TAG_DIV: return WN_TAG_DIV;
    case MyHTML_TAG_CENTER: return WN_TAG_CENTER;
    case MyHTML_TAG_ADDRESS: return WN_TAG_ADDRESS;
    case MyHTML_TAG_DIALOG: return WN_TAG_DIALOG;
    case MyHTML_TAG_P: return WN_TAG_P;
    case MyHTML_TAG_H1: return WN_TAG_H1;
    case MyHTML_TAG_H2: return WN_TAG_H2;
    case MyHTML_TAG_H3: return WN_TAG_H3;
    case MyHTML_TAG_H4: return WN_TAG_H4;
    case MyHTML_TAG_H5: return WN_TAG_H5;
    case MyHTML_TAG_H6: return WN_TAG_H6;
    case MyHTML_TAG_UL: return WN_TAG_UL;
    case MyHTML_TAG_OL: return WN_TAG_OL;
    case MyHTML_TAG_LI: return WN_TAG_LI;
    case MyHTML_TAG_DL: return WN_TAG_DL;
    case MyHTML_TAG_DT: return WN_TAG_DT;
    case MyHTML_TAG_DD: return WN_TAG_DD;
    case MyHTML_TAG_PRE: return WN_TAG_PRE;
    case MyHTML_TAG_LISTING: return WN_TAG_PRE;
    case MyHTML_TAG_BLOCKQUOTE: return WN_TAG_BLOCKQUOTE;
    case MyHTML_TAG_TABLE: return WN_TAG_TABLE;
    case MyHTML_TAG_CAPTION: return WN_TAG_CAPTION;
    case MyHTML_TAG_THEAD: return WN_TAG_THEAD;
    case MyHTML_TAG_TBODY: return WN_TAG_TBODY;
    case MyHTML_TAG_TFOOT: return WN_TAG_TFOOT;
    case MyHTML_TAG_TR: return WN_TAG_TR;
    case MyHTML_TAG_TD: return WN_TAG_TD;
    case MyHTML_TAG_TH: return WN_TAG_TH;
    case MyHTML_TAG_FIGURE: return WN_TAG_FIGURE;
    case MyHTML_TAG_FIGCAPTION: return WN_TAG_FIGCAPTION;
    case MyHTML_TAG_HR: return WN_TAG_HR;
    case MyHTML_TAG_BR: return WN_TAG_BR;
    case MyHTML_TAG_DETAILS: return WN_TAG_DETAILS;
    case MyHTML_TAG_SUMMARY: return WN_TAG_SUMMARY;
    case MyHTML_TAG_FIELDSET: return WN_TAG_FIELDSET;
    case MyHTML_TAG_LEGEND: return WN_TAG_LEGEND;
    case MyHTML_TAG_A: return WN_TAG_A;
    case MyHTML_TAG_SPAN: return WN_TAG_SPAN;
    case MyHTML_TAG_B: return WN_TAG_B;
    case MyHTML_TAG_STRONG: return WN_TAG_STRONG;
    case MyHTML_TAG_I: return WN_TAG_I;
    case MyHTML_TAG_EM: return WN_TAG_EM;
    case MyHTML_TAG_U: return WN_TAG_U;
    case MyHTML_TAG_S: return WN_TAG_S;
    case MyHTML_TAG_STRIKE: return WN_TAG_S;
    case MyHTML_TAG_DEL: return WN_TAG_DEL;
    case MyHTML_TAG_INS: return WN_TAG_INS;
    case MyHTML_TAG_CODE: return WN_TAG_CODE;
    case MyHTML_TAG_KBD: return WN_TAG_KBD;
    case MyHTML_TAG_SAMP: return WN_TAG_SAMP;
    case MyHTML_TAG_TT: return WN_TAG_TT;
    case MyHTML_TAG_VAR: return WN_TAG_VAR;
    case MyHTML_TAG_SUB: return WN_TAG_SUB;
    case MyHTML_TAG_SUP: return WN_TAG_SUP;
    case MyHTML_TAG_SMALL: return WN_TAG_SMALL;
    case MyHTML_TAG_BIG: return WN_TAG_BIG;
    case MyHTML_TAG_FONT: return WN_TAG_FONT;
    case MyHTML_TAG_ABBR: return WN_TAG_ABBR;
    case MyHTML_TAG_ACRONYM: return WN_TAG_ABBR;
    case MyHTML_TAG_CITE: return WN_TAG_CITE;
    case MyHTML_TAG_Q: return WN_TAG_Q;
    case MyHTML_TAG_MARK: return WN_TAG_MARK;
    case MyHTML_TAG_TIME: return WN_TAG_TIME;
    case MyHTML_TAG_WBR: return WN_TAG_WBR;
    case MyHTML_TAG_RT: case MyHTML_TAG_RP: return WN_TAG_RT;
    default: return WN_TAG_OTHER;
    }
}

wn_slice wn_dom_text(const wn_dom_node *n)
{
    if (wn_dom_own_handle(n))
        return wn_dom_own_text(n);
    size_t len = 0;
    const char *p = myhtml_node_text((myhtml_tree_node_t *)n, &len);
    return p ? (wn_slice){ p, len } : (wn_slice){ "", 0 };
}

wn_slice wn_dom_tag_name(wn_dom *d, const wn_dom_node *n)
{
    if (wn_dom_own_handle(n))
        return wn_dom_own_tag_name(n);
    size_t len = 0;
    const char *p = myhtml_tag_name_by_id(d->tree, myhtml_node_tag_id((myhtml_tree_node_t *)n), &len);
    return p ? (wn_slice){ p, len } : (wn_slice){ "", 0 };
}

wn_dom_attr *wn_dom_attr_first(const wn_dom_node *n)
{
    if (wn_dom_own_handle(n))
        return wn_dom_own_attr_first(n);
    return (wn_dom_attr *)myhtml_node_attribute_first((myhtml_tree_node_t *)n);
}

wn_dom_attr *wn_dom_attr_next(const wn_dom_attr *a)
{
    if (wn_dom_own_handle(a))
        return wn_dom_own_attr_next(a);
    return (wn_dom_attr *)myhtml_attribute_next((myhtml_tree_attr_t *)a);
}

wn_slice wn_dom_attr_name(const wn_dom_attr *a)
{
    if (wn_dom_own_handle(a))
        return wn_dom_own_attr_name(a);
    size_t len = 0;
    const char *p = myhtml_attribute_key((myhtml_tree_attr_t *)a, &len);
    return p ? (wn_slice){ p, len } : (wn_slice){ "", 0 };
}

wn_slice wn_dom_attr_value(const wn_dom_attr *a)
{
    if (wn_dom_own_handle(a))
        return wn_dom_own_attr_value(a);
    size_t len = 0;
    const char *p = myhtml_attribute_value((myhtml_tree_attr_t *)a, &len);
    return p ? (wn_slice){ p, len } : (wn_slice){ "", 0 };
}

wn_slice wn_dom_attr_get(const wn_dom_node *n, const char *name)
{
    if (wn_dom_own_handle(n))
        return wn_dom_own_attr_get(n, name);
    size_t nl = strlen(name);
    for (wn_dom_attr *a = wn_dom_attr_first(n); a; a = wn_dom_attr_next(a)) {
        wn_slice k = wn_dom_attr_name(a);
        if (k.len == nl && !memcmp(k.ptr, name, nl))
            return wn_dom_attr_value(a);
    }
    return (wn_slice){ NULL, 0 };
}
