/* dom_own.c: the DOM adapter's backend over our own parser (treebuilder.h), to which dom.c
 * passes dom.h's calls.
 *
 * DESIGN: a node handle is the address of its wn_tb_node, and an attribute handle the address
 * of its wn_ht_attr, so the navigation calls need no dom argument. A node finds its array from
 * its own index (`self`), and the document node (index 0), which has no text, keeps the owning
 * wn_dom_own in its string pointer (and so does attribute 0, which the tree builder leaves
 * unused, for attributes), so that text can be decoded lazily: a slice with references, CR or
 * NUL is decoded once into the page's arena on first read and the node then points at the
 * decoded copy. */
#include <string.h>
#include "html/dom_own.h"
#include "html/treebuilder.h"

struct wn_dom_own {
    wn_tb *tb;
    wn_tb_limits lim;
    wn_arena *arena;      /* decoded text of this page */
    wn_buf scratch;
    bool parsed;
    bool keep_script_text;
};

/* Decoded text of a page: at most 3 bytes per input byte (a NUL becomes U+FFFD), so the cap
 * follows the page cap. */
#define DECODED_MAX(max_bytes) ((max_bytes) * 3 + ((size_t)1 << 20))

static inline const wn_tb_node *N(const wn_dom_node *h) { return (const wn_tb_node *)(const void *)h; }
static inline wn_dom_node *H(const wn_tb_node *n) { return (wn_dom_node *)(uintptr_t)n; }
static inline const wn_ht_attr *A(const wn_dom_attr *h) { return (const wn_ht_attr *)(const void *)h; }
static inline wn_dom_attr *AH(const wn_ht_attr *a) { return (wn_dom_attr *)(uintptr_t)a; }
static inline const wn_tb_node *base_of(const wn_tb_node *n) { return n - n->self; }
static inline wn_dom_own *owner_of(const wn_tb_node *n) { return (wn_dom_own *)(uintptr_t)base_of(n)->str.ptr; }

wn_status wn_dom_own_create(wn_dom_own **out)
{
    *out = NULL;
    wn_dom_own *o = wn_calloc(1, sizeof *o);
    if (!o)
        return WN_ERR_NOMEM;
    wn_tb_limits_default(&o->lim);
    wn_status st = wn_tb_create(&o->tb, &o->lim);
    if (st) {
        wn_free(o);
        return st;
    }
    o->keep_script_text = true;
    wn_buf_init(&o->scratch, WN_HT_INPUT_MAX);
    *out = o;
    return WN_OK;
}

void wn_dom_own_free(wn_dom_own *o)
{
    if (!o)
        return;
    wn_tb_free(o->tb);
    wn_arena_free(o->arena);
    wn_buf_free(&o->scratch);
    wn_free(o);
}

void wn_dom_own_release(wn_dom_own *o)
{
    /* the node arrays go with the builder; a new one is made for the next page */
    wn_tb_free(o->tb);
    o->tb = NULL;
    wn_arena_free(o->arena);
    o->arena = NULL;
    wn_buf_free(&o->scratch);
    o->parsed = false;
}

void wn_dom_own_keep_script_text(wn_dom_own *o, bool keep)
{
    o->keep_script_text = keep;
}

wn_status wn_dom_own_parse(wn_dom_own *o, const char *html, size_t n, const wn_dom_limits *lim)
{
    o->parsed = false;
    if (n > lim->max_bytes || n > WN_HT_INPUT_MAX)
        return WN_ERR_TOO_LARGE;
    if (!o->tb && wn_tb_create(&o->tb, &o->lim))
        return WN_ERR_NOMEM;
    if (!o->arena && !(o->arena = wn_arena_create(DECODED_MAX(lim->max_bytes))))
        return WN_ERR_NOMEM;
    wn_arena_reset(o->arena);
    wn_tb_limits l = o->lim;
    l.max_depth = lim->max_depth;
    l.max_attrs = lim->max_attrs;
    /* memory: the tree's nodes and attributes within mem_per_byte times the page plus a
     * constant; past that, WN_ERR_TOO_MANY_ELEMENTS */
    l.max_mem = (size_t)lim->mem_per_byte * n + lim->mem_base;
    wn_tb_set_limits(o->tb, &l);
    wn_status st = wn_tb_parse(o->tb, html, n);
    if (st)
        return st;
    uint32_t count;
    wn_tb_node *nodes = (wn_tb_node *)(uintptr_t)wn_tb_nodes(o->tb, &count);
    nodes[0].str.ptr = (const char *)o;   /* see DESIGN */
    ((wn_ht_attr *)(uintptr_t)wn_tb_attrs(o->tb))[0].name.ptr = (const char *)o;
    o->parsed = true;
    return WN_OK;
}

static wn_dom_node *own_node(wn_dom_own *o, uint32_t i)
{
    if (!o->parsed)
        return NULL;
    uint32_t count;
    const wn_tb_node *nodes = wn_tb_nodes(o->tb, &count);
    return H(&nodes[i]);
}

wn_dom_node *wn_dom_own_document(wn_dom_own *o) { return own_node(o, 0); }

wn_dom_node *wn_dom_own_html(wn_dom_own *o)
{
    uint32_t i = o->parsed ? wn_tb_html(o->tb) : 0;
    return i ? own_node(o, i) : NULL;
}

wn_dom_node *wn_dom_own_body(wn_dom_own *o)
{
    uint32_t i = o->parsed ? wn_tb_body(o->tb) : 0;
    return i ? own_node(o, i) : NULL;
}

static wn_dom_node *link(const wn_dom_node *h, uint32_t i)
{
    return i ? H(base_of(N(h)) + i) : NULL;
}

wn_dom_node *wn_dom_first_child(const wn_dom_node *h) { return link(h, N(h)->first); }
/* Adjacent text nodes (runs of text the input does not hold contiguously: "a</x>b") read as
 * one, as the DOM has them (§13.2.6.1 "insert a character" appends to a Text node): the first
 * gives the text of all, and navigation skips the others. */
wn_dom_node *wn_dom_next_sibling(const wn_dom_node *h)
{
    const wn_tb_node *n = N(h), *base = base_of(n);
    uint32_t next = n->next;
    if (n->type == WN_TB_TEXT)
        while (next && base[next].type == WN_TB_TEXT)
            next = base[next].next;
    return link(h, next);
}

wn_dom_node *wn_dom_parent(const wn_dom_node *h)
{
    const wn_tb_node *n = N(h);
    return n->self ? H(base_of(n) + n->parent) : NULL;
}

bool wn_dom_is_html_ns(const wn_dom_node *h)
{
    return N(h)->ns == WN_NS_HTML;
}

static const uint8_t tag_map[TB_TAG_COUNT] = {
    [TB_HTML] = WN_TAG_HTML, [TB_HEAD] = WN_TAG_HEAD, [TB_BODY] = WN_TAG_BODY,
    [TB_TITLE] = WN_TAG_TITLE, [TB_META] = WN_TAG_META, [TB_LINK] = WN_TAG_LINK,
    [TB_BASE] = WN_TAG_BASE, [TB_SCRIPT] = WN_TAG_SCRIPT, [TB_STYLE] = WN_TAG_STYLE,
    [TB_NOSCRIPT] = WN_TAG_NOSCRIPT, [TB_TEMPLATE] = WN_TAG_TEMPLATE, [TB_IFRAME] = WN_TAG_IFRAME,
    [TB_SVG] = WN_TAG_SVG, [TB_MATH] = WN_TAG_MATH, [TB_OBJECT] = WN_TAG_OBJECT,
    [TB_EMBED] = WN_TAG_EMBED, [TB_CANVAS] = WN_TAG_CANVAS, [TB_VIDEO] = WN_TAG_VIDEO,
    [TB_AUDIO] = WN_TAG_AUDIO, [TB_SELECT] = WN_TAG_SELECT, [TB_OPTION] = WN_TAG_OPTION,
    [TB_BUTTON] = WN_TAG_BUTTON, [TB_INPUT] = WN_TAG_INPUT, [TB_TEXTAREA] = WN_TAG_TEXTAREA,
    [TB_FORM] = WN_TAG_FORM, [TB_LABEL] = WN_TAG_LABEL, [TB_IMG] = WN_TAG_IMG,
    [TB_FRAMESET] = WN_TAG_FRAMESET, [TB_FRAME] = WN_TAG_FRAME, [TB_MAP] = WN_TAG_MAP,
    [TB_ARTICLE] = WN_TAG_ARTICLE, [TB_MAIN] = WN_TAG_MAIN, [TB_SECTION] = WN_TAG_SECTION,
    [TB_NAV] = WN_TAG_NAV, [TB_ASIDE] = WN_TAG_ASIDE, [TB_HEADER] = WN_TAG_HEADER,
    [TB_FOOTER] = WN_TAG_FOOTER, [TB_MENU] = WN_TAG_MENU, [TB_DIV] = WN_TAG_DIV,
    [TB_CENTER] = WN_TAG_CENTER, [TB_ADDRESS] = WN_TAG_ADDRESS, [TB_DIALOG] = WN_TAG_DIALOG,
    [TB_P] = WN_TAG_P, [TB_H1] = WN_TAG_H1, [TB_H2] = WN_TAG_H2, [TB_H3] = WN_TAG_H3,
    [TB_H4] = WN_TAG_H4, [TB_H5] = WN_TAG_H5, [TB_H6] = WN_TAG_H6, [TB_UL] = WN_TAG_UL,
    [TB_OL] = WN_TAG_OL, [TB_LI] = WN_TAG_LI, [TB_DL] = WN_TAG_DL, [TB_DT] = WN_TAG_DT,
    [TB_DD] = WN_TAG_DD, [TB_PRE] = WN_TAG_PRE, [TB_LISTING] = WN_TAG_PRE,
    [TB_BLOCKQUOTE] = WN_TAG_BLOCKQUOTE, [TB_TABLE] = WN_TAG_TABLE,
    [TB_CAPTION] = WN_TAG_CAPTION, [TB_THEAD] = WN_TAG_THEAD, [TB_TBODY] = WN_TAG_TBODY,
    [TB_TFOOT] = WN_TAG_TFOOT, [TB_TR] = WN_TAG_TR, [TB_TD] = WN_TAG_TD, [TB_TH] = WN_TAG_TH,
    [TB_FIGURE] = WN_TAG_FIGURE, [TB_FIGCAPTION] = WN_TAG_FIGCAPTION, [TB_HR] = WN_TAG_HR,
    [TB_BR] = WN_TAG_BR, [TB_DETAILS] = WN_TAG_DETAILS, [TB_SUMMARY] = WN_TAG_SUMMARY,
    [TB_FIELDSET] = WN_TAG_FIELDSET, [TB_LEGEND] = WN_TAG_LEGEND, [TB_A] = WN_TAG_A,
    [TB_SPAN] = WN_TAG_SPAN, [TB_B] = WN_TAG_B, [TB_STRONG] = WN_TAG_STRONG, [TB_I] = WN_TAG_I,
    [TB_EM] = WN_TAG_EM, [TB_U] = WN_TAG_U, [TB_S] = WN_TAG_S, [TB_STRIKE] = WN_TAG_S,
    [TB_DEL] = WN_TAG_DEL, [TB_INS] = WN_TAG_INS, [TB_CODE] = WN_TAG_CODE, [TB_KBD] = WN_TAG_KBD,
    [TB_SAMP] = WN_TAG_SAMP, [TB_TT] = WN_TAG_TT, [TB_VAR] = WN_TAG_VAR, [TB_SUB] = WN_TAG_SUB,
    [TB_SUP] = WN_TAG_SUP, [TB_SMALL] = WN_TAG_SMALL, [TB_BIG] = WN_TAG_BIG,
    [TB_FONT] = WN_TAG_FONT, [TB_ABBR] = WN_TAG_ABBR, [TB_ACRONYM] = WN_TAG_ABBR,
    [TB_CITE] = WN_TAG_CITE, [TB_Q] = WN_TAG_Q, [TB_MARK] = WN_TAG_MARK, [TB_TIME] = WN_TAG_TIME,
    [TB_WBR] = WN_TAG_WBR, [TB_RT] = WN_TAG_RT, [TB_RP] = WN_TAG_RT,
};

wn_tag wn_dom_tag(const wn_dom_node *h)
{
    const wn_tb_node *n = N(h);
    switch (n->type) {
    case WN_TB_TEXT: return WN_TAG_TEXT;
    case WN_TB_COMMENT: return WN_TAG_COMMENT;
    case WN_TB_DOCUMENT: return WN_TAG_DOCUMENT;
    case WN_TB_ELEMENT: return (wn_tag)tag_map[n->tag];
    default: return WN_TAG_OTHER;
    }
}

/* s decoded, once: a dirty slice is decoded into the arena and *s then points at the copy */
static wn_slice decoded(wn_dom_own *o, wn_ht_str *s)
{
    if (!s->dirty)
        return (wn_slice){ s->len ? s->ptr : "", s->len };
    wn_buf_reset(&o->scratch);
    if (wn_ht_str_decode(*s, &o->scratch))
        return (wn_slice){ "", 0 };
    char *copy = wn_arena_alloc(o->arena, o->scratch.len + 1);
    if (!copy)
        return (wn_slice){ "", 0 };   /* over the cap: the text reads as empty */
    memcpy(copy, o->scratch.data ? o->scratch.data : "", o->scratch.len);
    copy[o->scratch.len] = '\0';
    s->ptr = copy;
    s->len = (uint32_t)o->scratch.len;
    s->dirty = false;
    return (wn_slice){ copy, s->len };
}

/* With keep_script_text false, the text of <script> (but JSON data blocks) and <style> reads
 * as empty (dom.h). */
static bool hidden_script_text(wn_dom_own *o, const wn_tb_node *n)
{
    if (o->keep_script_text || !n->self)
        return false;
    const wn_tb_node *p = base_of(n) + n->parent;
    if (p->type != WN_TB_ELEMENT || p->ns != WN_NS_HTML)
        return false;
    if (p->tag == TB_STYLE)
        return true;
    if (p->tag != TB_SCRIPT)
        return false;
    wn_slice ty = wn_dom_attr_get(H(p), "type");
    return !(ty.ptr && wn_slice_icontains(ty, "json"));
}

wn_slice wn_dom_text(const wn_dom_node *h)
{
    wn_tb_node *n = (wn_tb_node *)(uintptr_t)N(h);
    if (n->type != WN_TB_TEXT && n->type != WN_TB_COMMENT)
        return (wn_slice){ "", 0 };
    wn_dom_own *o = owner_of(n);
    if (n->type == WN_TB_TEXT && hidden_script_text(o, n))
        return (wn_slice){ "", 0 };
    wn_tb_node *base = (wn_tb_node *)(uintptr_t)base_of(n);
    if (n->type != WN_TB_TEXT || n->merged || !n->next || base[n->next].type != WN_TB_TEXT)
        return decoded(o, &n->str);
    /* the run of text nodes from n, decoded into one copy that n then holds */
    wn_buf_reset(&o->scratch);
    for (uint32_t i = n->self; i && base[i].type == WN_TB_TEXT; i = base[i].next)
        if (wn_ht_str_decode(base[i].str, &o->scratch))
            return (wn_slice){ "", 0 };
    char *copy = wn_arena_alloc(o->arena, o->scratch.len + 1);
    if (!copy)
        return (wn_slice){ "", 0 };
    memcpy(copy, o->scratch.data ? o->scratch.data : "", o->scratch.len);
    copy[o->scratch.len] = '\0';
    n->str = (wn_ht_str){ copy, (uint32_t)o->scratch.len, n->str.kind, false };
    n->merged = true;
    return (wn_slice){ copy, n->str.len };
}

wn_slice wn_dom_own_tag_name(const wn_dom_node *h)
{
    wn_tb_node *n = (wn_tb_node *)(uintptr_t)N(h);
    if (n->type != WN_TB_ELEMENT)
        return (wn_slice){ "", 0 };
    return decoded(owner_of(n), &n->str);
}

wn_dom_attr *wn_dom_attr_first(const wn_dom_node *h)
{
    const wn_tb_node *n = N(h);
    if (!n->nattrs)
        return NULL;
    return AH(&wn_tb_attrs(owner_of(n)->tb)[n->attrs]);
}

wn_dom_attr *wn_dom_attr_next(const wn_dom_attr *h)
{
    const wn_ht_attr *a = A(h);
    return a->last ? NULL : AH(a + 1);
}

/* An attribute's owner: entry 0 of its array keeps it (see DESIGN and wn_dom_own_parse) */
static wn_dom_own *attr_owner(const wn_ht_attr *a)
{
    return (wn_dom_own *)(uintptr_t)(a - a->self)->name.ptr;
}

wn_slice wn_dom_attr_name(const wn_dom_attr *h)
{
    wn_ht_attr *a = (wn_ht_attr *)(uintptr_t)A(h);
    return decoded(attr_owner(a), &a->name);
}

wn_slice wn_dom_attr_value(const wn_dom_attr *h)
{
    wn_ht_attr *a = (wn_ht_attr *)(uintptr_t)A(h);
    return decoded(attr_owner(a), &a->value);
}

wn_slice wn_dom_attr_get(const wn_dom_node *h, const char *name)
{
    size_t nl = strlen(name);   /* once: the walk asks every element for a few names */
    for (wn_dom_attr *a = wn_dom_attr_first(h); a; a = wn_dom_attr_next(a))
        if (A(a)->name.len == nl && wn_ht_name_eq(A(a)->name, name))
            return wn_dom_attr_value(a);
    return (wn_slice){ NULL, 0 };
}
