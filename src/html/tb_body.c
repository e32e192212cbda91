/* tb_body.c: the "in body" insertion mode (§13.2.6.4.7) with its adoption agency algorithm,
 * and the rules for foreign content (§13.2.6.5): see tb_impl.h. */
#include <string.h>
#include "common/check.h"
#include "html/tb_impl.h"

static bool body_start_is(const tb_tok *k, tb_tag tag) { return k->t->type == WN_HT_START && k->tag == tag; }

static bool foreign_name_ieq(wn_ht_str a, wn_ht_str b)
{
    if (a.len != b.len)
        return false;
    for (uint32_t i = 0; i < a.len; i++) {
        unsigned char p = (unsigned char)a.ptr[i], q = (unsigned char)b.ptr[i];
        if (((unsigned)(p - 'A') < 26 ? p + 32 : p) != ((unsigned)(q - 'A') < 26 ? q + 32 : q))
            return false;
    }
    return true;
}

/* The value of attribute `name` on the token, or NULL. */
static const wn_ht_attr *tok_attr(const wn_ht_token *t, const char *name)
{
    for (uint32_t i = 0; i < t->nattrs; i++)
        if (wn_ht_name_eq(t->attrs[i].name, name))
            return &t->attrs[i];
    return NULL;
}

static bool value_ieq(const wn_ht_attr *a, const char *lower_lit)
{
    return a && !a->value.dirty && wn_slice_ieq((wn_slice){ a->value.ptr, a->value.len }, lower_lit);
}

/* n is on the stack and in (default) scope */
static bool node_in_scope(const wn_tb *tb, uint32_t n)
{
    for (uint32_t i = tb->depth; i-- > 0;) {
        uint32_t s = tb->stack[i];
        if (s == n)
            return true;
        if (tb_scope_boundary(&tb->nodes[s], SCOPE_DEFAULT))
            return false;
    }
    return false;
}

static int afl_index(const wn_tb *tb, uint32_t n)
{
    for (uint32_t i = tb->nafl; i-- > 0;)
        if (tb->afl[i] == n)
            return (int)i;
    return -1;
}

static int stack_index(const wn_tb *tb, uint32_t n)
{
    for (uint32_t i = tb->depth; i-- > 0;)
        if (tb->stack[i] == n)
            return (int)i;
    return -1;
}

/* A new element like n (same name, namespace and shared attributes), not yet in the tree. */
static uint32_t clone(wn_tb *tb, uint32_t n)
{
    uint32_t c = tb->nnodes++;
    tb->nodes[c] = tb->nodes[n];
    wn_tb_node *x = &tb->nodes[c];
    x->parent = x->first = x->last = x->next = x->prev = 0;
    x->self = c;
    x->open = false;
    return c;
}

/* §13.2.6.4.7 the adoption agency algorithm; false: "act as any other end tag". At most 8
 * rounds, each bounded by the depth of the stack. */
static bool adoption(wn_tb *tb, tb_tag subject)
{
    uint32_t cur = tb_current(tb);
    if (tb_is(tb, cur, subject) && afl_index(tb, cur) < 0) {
        tb_pop(tb);
        return true;
    }
    for (int outer = 0; outer < 8; outer++) {
        int fi = -1;
        for (uint32_t i = tb->nafl; i-- > 0;) {
            uint32_t e = tb->afl[i];
            if (e == TB_AFL_MARKER)
                break;
            if (tb_is(tb, e, subject)) {
                fi = (int)i;
                break;
            }
        }
        if (fi < 0)
            return false;
        uint32_t fe = tb->afl[fi];
        if (!tb->nodes[fe].open) {
            tb_afl_remove(tb, fe);
            return true;
        }
        if (!node_in_scope(tb, fe))
            return true;
        int fe_pos = stack_index(tb, fe);
        uint32_t fb = 0;
        int fb_pos = -1;
        for (uint32_t j = (uint32_t)fe_pos + 1; j < tb->depth; j++) {
            if (tb_is_special(tb, tb->stack[j])) {
                fb = tb->stack[j];
                fb_pos = (int)j;
                break;
            }
        }
        /* a select holding formatting is not split by it: "<font><select><option>a</font>"
         * closes the font with the select in it (html5lib's webkit02.dat), as with no block */
        if (!fb || tb_is(tb, fb, TB_SELECT)) {
            tb_pop_until_node(tb, fe);
            tb_afl_remove(tb, fe);
            return true;
        }
        uint32_t ca = tb->stack[fe_pos - 1];
        int bookmark = fi;
        int node_pos = fb_pos;
        uint32_t last = fb;
        for (int inner = 1;; inner++) {
            node_pos--;
            uint32_t node = tb->stack[node_pos];
            if (node == fe)
                break;
            int ni = afl_index(tb, node);
            if (inner > 3 && ni >= 0) {
                tb_afl_remove(tb, node);
                if (ni < bookmark)
                    bookmark--;
                ni = -1;
            }
            if (ni < 0) {
                tb_remove_from_stack(tb, node);
                continue;
            }
            uint32_t nn = clone(tb, node);
            tb->afl[ni] = nn;
            tb->stack[node_pos] = nn;
            tb->nodes[node].open = false;
            tb->nodes[nn].open = true;
            if (last == fb)
                bookmark = ni + 1;
            tb_unlink(tb, last);
            tb_link(tb, nn, last, 0);
            last = nn;
        }
        tb_unlink(tb, last);
        {
            bool foster = tb->foster;
            uint32_t parent = ca, before = 0;
            if (foster && (tb_is(tb, ca, TB_TABLE) || tb_is(tb, ca, TB_TBODY) ||
                           tb_is(tb, ca, TB_TFOOT) || tb_is(tb, ca, TB_THEAD) || tb_is(tb, ca, TB_TR))) {
                int i = (int)tb->depth - 1;
                while (i >= 0 && !tb_is(tb, tb->stack[i], TB_TABLE))
                    i--;
                uint32_t table = i >= 0 ? tb->stack[i] : 0;
                if (table && tb->nodes[table].parent) {
                    parent = tb->nodes[table].parent;
                    before = table;
                } else {
                    parent = i > 0 ? tb->stack[i - 1] : tb->stack[0];
                }
            }
            tb_link(tb, parent, last, before);
        }
        uint32_t ne = clone(tb, fe);
        while (tb->nodes[fb].first) {
            uint32_t c = tb->nodes[fb].first;
            tb_unlink(tb, c);
            tb_link(tb, ne, c, 0);
        }
        tb_link(tb, fb, ne, 0);
        /* the list: the new element at the bookmark, the old one out */
        memmove(&tb->afl[bookmark + 1], &tb->afl[bookmark], (tb->nafl - (uint32_t)bookmark) * sizeof *tb->afl);
        tb->afl[bookmark] = ne;
        tb->nafl++;
        tb_afl_remove(tb, fe);
        /* the stack: the old one out, the new one right below the furthest block */
        tb_remove_from_stack(tb, fe);
        int p = stack_index(tb, fb);
        memmove(&tb->stack[p + 2], &tb->stack[p + 1], (tb->depth - (uint32_t)p - 1) * sizeof *tb->stack);
        tb->stack[p + 1] = ne;
        tb->depth++;
        tb->nodes[ne].open = true;
        tb->nodes[ne].sel_scope = tb->nodes[fb].sel_scope;   /* not a select: as below it */
        tb->open_count[subject]++;
    }
    return true;
}

/* "any other end tag" in body */
static void other_end(wn_tb *tb, const tb_tok *k)
{
    wn_ht_str name = k->t->data;
    for (uint32_t i = tb->depth; i-- > 0;) {
        uint32_t n = tb->stack[i];
        const wn_tb_node *x = &tb->nodes[n];
        bool same = x->ns == WN_NS_HTML &&
                    (k->tag != TB_OTHER ? x->tag == k->tag : x->tag == TB_OTHER && foreign_name_ieq(x->str, name));
        if (same) {
            tb_implied_end(tb, k->tag == TB_OTHER ? TB_TAG_COUNT : k->tag);
            tb_pop_until_node(tb, n);
            return;
        }
        if (tb_is_special(tb, n))
            return;
    }
}

static bool heading_tag(tb_tag t)
{
    return t == TB_H1 || t == TB_H2 || t == TB_H3 || t == TB_H4 || t == TB_H5 || t == TB_H6;
}

/* §13.2.6.5: the names SVG spells in camel case (the tokenizer lowercased them) */
static const struct {
    const char *lower, *adjusted;
    size_t len;   /* compared first: most SVG elements have none of these names */
} svg_names[] = {
#define S(lower, adjusted) { lower, adjusted, sizeof lower - 1 }
    S("altglyph", "altGlyph"), S("altglyphdef", "altGlyphDef"),
    S("altglyphitem", "altGlyphItem"), S("animatecolor", "animateColor"),
    S("animatemotion", "animateMotion"), S("animatetransform", "animateTransform"),
    S("clippath", "clipPath"), S("feblend", "feBlend"), S("fecolormatrix", "feColorMatrix"),
    S("fecomponenttransfer", "feComponentTransfer"), S("fecomposite", "feComposite"),
    S("feconvolvematrix", "feConvolveMatrix"), S("fediffuselighting", "feDiffuseLighting"),
    S("fedisplacementmap", "feDisplacementMap"), S("fedistantlight", "feDistantLight"),
    S("fedropshadow", "feDropShadow"), S("feflood", "feFlood"), S("fefunca", "feFuncA"),
    S("fefuncb", "feFuncB"), S("fefuncg", "feFuncG"), S("fefuncr", "feFuncR"),
    S("fegaussianblur", "feGaussianBlur"), S("feimage", "feImage"), S("femerge", "feMerge"),
    S("femergenode", "feMergeNode"), S("femorphology", "feMorphology"),
    S("feoffset", "feOffset"), S("fepointlight", "fePointLight"),
    S("fespecularlighting", "feSpecularLighting"), S("fespotlight", "feSpotLight"),
    S("fetile", "feTile"), S("feturbulence", "feTurbulence"),
    S("foreignobject", "foreignObject"), S("glyphref", "glyphRef"),
    S("lineargradient", "linearGradient"), S("radialgradient", "radialGradient"),
    S("textpath", "textPath"),
#undef S
};

static uint32_t insert_foreign(wn_tb *tb, const tb_tok *k, wn_tb_ns ns)
{
    wn_ht_token t = *k->t;
    if (ns == WN_NS_SVG) {
        for (size_t i = 0; i < sizeof svg_names / sizeof svg_names[0]; i++) {
            if (t.data.len == svg_names[i].len && wn_ht_name_eq(t.data, svg_names[i].lower)) {
                const char *a = svg_names[i].adjusted;
                t.data = (wn_ht_str){ a, (uint32_t)svg_names[i].len, WN_HT_STR_NAME, false };
                break;
            }
        }
    }
    tb_tok k2 = { &t, k->tag };
    uint32_t n = tb_insert_element(tb, &k2, ns, !t.self_closing);
    if (n)
        tb_adjust_foreign_attrs(tb, n);
    if (n && ns == WN_NS_MATH && k->tag == TB_ANNOTATION_XML) {
        const wn_ht_attr *enc = tok_attr(k->t, "encoding");
        tb->nodes[n].html_ip = value_ieq(enc, "text/html") || value_ieq(enc, "application/xhtml+xml");
    }
    return n;
}

__attribute__((noinline))   /* as body_end(): tb_in_body() stays a dispatch by tail calls */
static void body_text(wn_tb *tb, const wn_ht_token *t)
{
    wn_ht_str s = t->data;
    if (s.kind == WN_HT_STR_DATA)
        s.kind = WN_HT_STR_BODY;
    bool all_nul = true;
    for (uint32_t i = 0; i < s.len && all_nul; i++)
        all_nul = s.ptr[i] == '\0';
    if (all_nul)
        return;
    tb_reconstruct(tb);
    tb_insert_text(tb, s);
    /* asked only while the answer can change something: most text of a page comes after the
     * flag is off, and a whitespace-only run (indentation) would be read to its end */
    if (tb->frameset_ok && tb_ws_prefix(s) != s.len)
        tb->frameset_ok = false;
}

/* A <select> holds content parsed as in body since the customizable <select> (WHATWG HTML,
 * 2025: no "in select" insertion modes any more); these start tags look for the select they
 * are in, through the answer kept in the current node (tb_push: O(1) whatever the depth;
 * checked against the walk of the stack in the builds that check invariants). */
static bool select_in_scope(const wn_tb *tb)
{
    bool in = tb->depth && tb->nodes[tb_current(tb)].sel_scope;
    WN_ASSERT(in == tb_in_scope(tb, TB_SELECT, SCOPE_DEFAULT));
    return in;
}

/* a fragment parsed for a select element (§13.4: the context element) */
static bool select_context(const wn_tb *tb)
{
    return tb->context && tb->nodes[tb->context].ns == WN_NS_HTML && tb->nodes[tb->context].tag == TB_SELECT;
}

static void body_start(wn_tb *tb, const tb_tok *k)
{
    const wn_ht_token *t = k->t;
    switch (k->tag) {
    case TB_HTML:
        if (!tb->open_count[TB_TEMPLATE] && tb->depth)
            tb_merge_attrs(tb, tb->stack[0], t);
        return;
    case TB_BASE: case TB_BASEFONT: case TB_BGSOUND: case TB_LINK: case TB_META:
    case TB_NOFRAMES: case TB_SCRIPT: case TB_STYLE: case TB_TEMPLATE: case TB_TITLE:
        tb_in_head(tb, k);
        return;
    case TB_BODY:
        if (tb->depth < 2 || !tb_is(tb, tb->stack[1], TB_BODY) || tb->open_count[TB_TEMPLATE])
            return;
        tb->frameset_ok = false;
        tb_merge_attrs(tb, tb->stack[1], t);
        return;
    case TB_FRAMESET:
        if (tb->depth < 2 || !tb_is(tb, tb->stack[1], TB_BODY) || !tb->frameset_ok)
            return;
        tb_unlink(tb, tb->stack[1]);
        while (tb->depth > 1)
            tb_pop(tb);
        tb_insert_element(tb, k, WN_NS_HTML, true);
        tb->mode = M_IN_FRAMESET;
        return;
    case TB_ADDRESS: case TB_ARTICLE: case TB_ASIDE: case TB_BLOCKQUOTE: case TB_CENTER:
    case TB_DETAILS: case TB_DIALOG: case TB_DIR: case TB_DIV: case TB_DL: case TB_FIELDSET:
    case TB_FIGCAPTION: case TB_FIGURE: case TB_FOOTER: case TB_HEADER: case TB_HGROUP:
    case TB_MAIN: case TB_MENU: case TB_NAV: case TB_OL: case TB_P: case TB_SEARCH:
    case TB_SECTION: case TB_SUMMARY: case TB_UL:
        tb_close_p(tb);
        tb_insert_element(tb, k, WN_NS_HTML, true);
        return;
    case TB_H1: case TB_H2: case TB_H3: case TB_H4: case TB_H5: case TB_H6: {
        tb_close_p(tb);
        uint32_t c = tb_current(tb);
        if (c && tb->nodes[c].ns == WN_NS_HTML && heading_tag((tb_tag)tb->nodes[c].tag))
            tb_pop(tb);
        tb_insert_element(tb, k, WN_NS_HTML, true);
        return;
    }
    case TB_PRE: case TB_LISTING:
        tb_close_p(tb);
        tb_insert_element(tb, k, WN_NS_HTML, true);
        tb->ignore_lf = true;
        tb->frameset_ok = false;
        return;
    case TB_FORM: {
        bool tmpl = tb->open_count[TB_TEMPLATE] > 0;
        if (tb->form && !tmpl)
            return;
        tb_close_p(tb);
        uint32_t n = tb_insert_element(tb, k, WN_NS_HTML, true);
        if (!tmpl)
            tb->form = n;
        return;
    }
    case TB_LI: case TB_DD: case TB_DT: {
        tb->frameset_ok = false;
        for (uint32_t i = tb->depth; i-- > 0;) {
            uint32_t n = tb->stack[i];
            tb_tag hit = TB_OTHER;
            if (k->tag == TB_LI ? tb_is(tb, n, TB_LI) : (tb_is(tb, n, TB_DD) || tb_is(tb, n, TB_DT)))
                hit = (tb_tag)tb->nodes[n].tag;
            if (hit != TB_OTHER) {
                tb_implied_end(tb, hit);
                tb_pop_until(tb, hit);
                break;
            }
            if (tb_is_special(tb, n) && !tb_is(tb, n, TB_ADDRESS) && !tb_is(tb, n, TB_DIV) &&
                !tb_is(tb, n, TB_P))
                break;
        }
        tb_close_p(tb);
        tb_insert_element(tb, k, WN_NS_HTML, true);
        return;
    }
    case TB_PLAINTEXT:
        tb_close_p(tb);
        if (tb_insert_element(tb, k, WN_NS_HTML, true))
            tb->tz.state = WN_HT_PLAINTEXT;
        return;
    case TB_BUTTON:
        if (tb_in_scope(tb, TB_BUTTON, SCOPE_DEFAULT)) {
            tb_implied_end(tb, TB_TAG_COUNT);
            tb_pop_until(tb, TB_BUTTON);
        }
        tb_reconstruct(tb);
        tb_insert_element(tb, k, WN_NS_HTML, true);
        tb->frameset_ok = false;
        return;
    case TB_A:
        for (uint32_t i = tb->nafl; i-- > 0;) {
            uint32_t e = tb->afl[i];
            if (e == TB_AFL_MARKER)
                break;
            if (tb_is(tb, e, TB_A)) {
                adoption(tb, TB_A);
                tb_afl_remove(tb, e);
                tb_remove_from_stack(tb, e);
                break;
            }
        }
        tb_reconstruct(tb);
        tb_afl_push(tb, tb_insert_element(tb, k, WN_NS_HTML, true));
        return;
    case TB_B: case TB_BIG: case TB_CODE: case TB_EM: case TB_FONT: case TB_I: case TB_S:
    case TB_SMALL: case TB_STRIKE: case TB_STRONG: case TB_TT: case TB_U:
        tb_reconstruct(tb);
        tb_afl_push(tb, tb_insert_element(tb, k, WN_NS_HTML, true));
        return;
    case TB_NOBR:
        tb_reconstruct(tb);
        if (tb_in_scope(tb, TB_NOBR, SCOPE_DEFAULT)) {
            adoption(tb, TB_NOBR);
            tb_reconstruct(tb);
        }
        tb_afl_push(tb, tb_insert_element(tb, k, WN_NS_HTML, true));
        return;
    case TB_APPLET: case TB_MARQUEE: case TB_OBJECT:
        tb_reconstruct(tb);
        if (tb_insert_element(tb, k, WN_NS_HTML, true))
            tb_afl_marker(tb);
        tb->frameset_ok = false;
        return;
    case TB_TABLE:
        if (!tb->quirks)   /* quirks mode: a table may sit in a paragraph */
            tb_close_p(tb);
        if (tb_insert_element(tb, k, WN_NS_HTML, true))
            tb->mode = M_IN_TABLE;
        tb->frameset_ok = false;
        return;
    case TB_AREA: case TB_BR: case TB_EMBED: case TB_IMG: case TB_KEYGEN: case TB_WBR:
        tb_reconstruct(tb);
        tb_insert_element(tb, k, WN_NS_HTML, false);
        tb->frameset_ok = false;
        return;
    case TB_INPUT:
        if (select_context(tb))
            return;
        if (select_in_scope(tb))   /* an input closes the select it is in */
            tb_pop_until(tb, TB_SELECT);
        tb_reconstruct(tb);
        tb_insert_element(tb, k, WN_NS_HTML, false);
        if (!value_ieq(tok_attr(t, "type"), "hidden"))
            tb->frameset_ok = false;
        return;
    case TB_PARAM: case TB_SOURCE: case TB_TRACK:
        tb_insert_element(tb, k, WN_NS_HTML, false);
        return;
    case TB_HR:
        tb_close_p(tb);
        if (select_in_scope(tb))
            tb_implied_end(tb, TB_TAG_COUNT);
        tb_insert_element(tb, k, WN_NS_HTML, false);
        tb->frameset_ok = false;
        return;
    case TB_IMAGE: {   /* "image": parse error, an img */
        wn_ht_token img = *t;
        img.data = (wn_ht_str){ "img", 3, WN_HT_STR_NAME, false };
        tb_tok k2 = { &img, TB_IMG };
        body_start(tb, &k2);
        return;
    }
    case TB_TEXTAREA:
        tb->ignore_lf = true;
        tb->frameset_ok = false;
        tb_raw_element(tb, k, WN_HT_RCDATA);
        return;
    case TB_XMP:
        tb_close_p(tb);
        tb_reconstruct(tb);
        tb->frameset_ok = false;
        tb_raw_element(tb, k, WN_HT_RAWTEXT);
        return;
    case TB_IFRAME:
        tb->frameset_ok = false;
        tb_raw_element(tb, k, WN_HT_RAWTEXT);
        return;
    case TB_NOEMBED:
        tb_raw_element(tb, k, WN_HT_RAWTEXT);
        return;
    case TB_NOSCRIPT:
        if (tb->lim.scripting) {
            tb_raw_element(tb, k, WN_HT_RAWTEXT);
            return;
        }
        break;
    case TB_SELECT:
        if (select_context(tb))
            return;
        if (select_in_scope(tb)) {   /* a select in a select closes it, and is dropped */
            tb_pop_until(tb, TB_SELECT);
            return;
        }
        tb_reconstruct(tb);
        tb_insert_element(tb, k, WN_NS_HTML, true);
        tb->frameset_ok = false;
        return;
    case TB_OPTGROUP: case TB_OPTION:
        if (select_in_scope(tb))   /* an option closes the option before it, not its optgroup */
            tb_implied_end(tb, k->tag == TB_OPTION ? TB_OPTGROUP : TB_TAG_COUNT);
        else if (tb_cur_is(tb, TB_OPTION))
            tb_pop(tb);
        tb_reconstruct(tb);
        tb_insert_element(tb, k, WN_NS_HTML, true);
        return;
    case TB_RB: case TB_RTC:
        if (tb_in_scope(tb, TB_RUBY, SCOPE_DEFAULT))
            tb_implied_end(tb, TB_TAG_COUNT);
        tb_insert_element(tb, k, WN_NS_HTML, true);
        return;
    case TB_RP: case TB_RT:
        if (tb_in_scope(tb, TB_RUBY, SCOPE_DEFAULT))
            tb_implied_end(tb, TB_RTC);
        tb_insert_element(tb, k, WN_NS_HTML, true);
        return;
    case TB_MATH: case TB_SVG:
        tb_reconstruct(tb);
        insert_foreign(tb, k, k->tag == TB_MATH ? WN_NS_MATH : WN_NS_SVG);
        return;
    case TB_CAPTION: case TB_COL: case TB_COLGROUP: case TB_FRAME: case TB_HEAD: case TB_TBODY:
    case TB_TD: case TB_TFOOT: case TB_TH: case TB_THEAD: case TB_TR:
        return;
    default:
        break;
    }
    tb_reconstruct(tb);
    tb_insert_element(tb, k, WN_NS_HTML, true);
}

/* Out of line: inlined into tb_in_body(), its register saves were paid by every token (the
 * dispatch of tb_in_body() ends in tail calls) */
__attribute__((noinline))
static void body_end(wn_tb *tb, const tb_tok *k)
{
    switch (k->tag) {
    case TB_TEMPLATE:
        tb_in_head(tb, k);
        return;
    case TB_BODY:
    case TB_HTML:
        if (!tb_in_scope(tb, TB_BODY, SCOPE_DEFAULT))
            return;
        tb->mode = M_AFTER_BODY;
        if (k->tag == TB_HTML)
            tb_step(tb, k);
        return;
    case TB_ADDRESS: case TB_ARTICLE: case TB_ASIDE: case TB_BLOCKQUOTE: case TB_BUTTON:
    case TB_CENTER: case TB_DETAILS: case TB_DIALOG: case TB_DIR: case TB_DIV: case TB_DL:
    case TB_FIELDSET: case TB_FIGCAPTION: case TB_FIGURE: case TB_FOOTER: case TB_HEADER:
    case TB_HGROUP: case TB_LISTING: case TB_MAIN: case TB_MENU: case TB_NAV: case TB_OL:
    case TB_PRE: case TB_SEARCH: case TB_SECTION: case TB_SELECT: case TB_SUMMARY: case TB_UL:
        if (!tb_in_scope(tb, k->tag, SCOPE_DEFAULT))
            return;
        tb_implied_end(tb, TB_TAG_COUNT);
        tb_pop_until(tb, k->tag);
        return;
    case TB_FORM: {
        if (tb->open_count[TB_TEMPLATE]) {
            if (!tb_in_scope(tb, TB_FORM, SCOPE_DEFAULT))
                return;
            tb_implied_end(tb, TB_TAG_COUNT);
            tb_pop_until(tb, TB_FORM);
            return;
        }
        uint32_t n = tb->form;
        tb->form = 0;
        if (!n || !node_in_scope(tb, n))
            return;
        tb_implied_end(tb, TB_TAG_COUNT);
        tb_remove_from_stack(tb, n);
        return;
    }
    case TB_P:
        if (!tb_in_scope(tb, TB_P, SCOPE_BUTTON))
            tb_insert_fake(tb, "p", TB_P);
        tb_close_p(tb);
        return;
    case TB_LI:
        if (!tb_in_scope(tb, TB_LI, SCOPE_LIST))
            return;
        tb_implied_end(tb, TB_LI);
        tb_pop_until(tb, TB_LI);
        return;
    case TB_DD: case TB_DT:
        if (!tb_in_scope(tb, k->tag, SCOPE_DEFAULT))
            return;
        tb_implied_end(tb, k->tag);
        tb_pop_until(tb, k->tag);
        return;
    case TB_H1: case TB_H2: case TB_H3: case TB_H4: case TB_H5: case TB_H6:
        if (!tb_in_scope(tb, TB_H1, SCOPE_DEFAULT) && !tb_in_scope(tb, TB_H2, SCOPE_DEFAULT) &&
            !tb_in_scope(tb, TB_H3, SCOPE_DEFAULT) && !tb_in_scope(tb, TB_H4, SCOPE_DEFAULT) &&
            !tb_in_scope(tb, TB_H5, SCOPE_DEFAULT) && !tb_in_scope(tb, TB_H6, SCOPE_DEFAULT))
            return;
        tb_implied_end(tb, TB_TAG_COUNT);
        while (tb->depth > 1) {
            uint32_t c = tb_current(tb);
            bool h = tb->nodes[c].ns == WN_NS_HTML && heading_tag((tb_tag)tb->nodes[c].tag);
            tb_pop(tb);
            if (h)
                return;
        }
        return;
    case TB_A: case TB_B: case TB_BIG: case TB_CODE: case TB_EM: case TB_FONT: case TB_I:
    case TB_NOBR: case TB_S: case TB_SMALL: case TB_STRIKE: case TB_STRONG: case TB_TT: case TB_U:
        if (!adoption(tb, k->tag))
            other_end(tb, k);
        return;
    case TB_APPLET: case TB_MARQUEE: case TB_OBJECT:
        if (!tb_in_scope(tb, k->tag, SCOPE_DEFAULT))
            return;
        tb_implied_end(tb, TB_TAG_COUNT);
        tb_pop_until(tb, k->tag);
        tb_afl_clear_to_marker(tb);
        return;
    case TB_BR: {   /* "</br>": parse error, a <br> */
        wn_ht_token br = tb_fake_tag(WN_HT_START, "br");
        tb_tok k2 = { &br, TB_BR };
        body_start(tb, &k2);
        return;
    }
    default:
        other_end(tb, k);
        return;
    }
}

void tb_in_body(wn_tb *tb, const tb_tok *k)
{
    const wn_ht_token *t = k->t;
    switch (t->type) {
    case WN_HT_TEXT: body_text(tb, t); return;
    case WN_HT_COMMENT: tb_insert_comment(tb, t, UINT32_MAX); return;
    case WN_HT_DOCTYPE: return;
    case WN_HT_START: body_start(tb, k); return;
    case WN_HT_END: body_end(tb, k); return;
    case WN_HT_EOF:
        if (tb->ntmodes)   /* templates left open close first */
            tb_in_template(tb, k);
        return;
    }
}

/* ---- foreign content ---------------------------------------------------------------------- */

static bool math_text_ip(const wn_tb_node *x)
{
    return x->ns == WN_NS_MATH && (x->tag == TB_MI || x->tag == TB_MO || x->tag == TB_MN ||
                                   x->tag == TB_MS || x->tag == TB_MTEXT);
}

static bool html_ip(const wn_tb_node *x)
{
    if (x->ns == WN_NS_MATH)
        return x->tag == TB_ANNOTATION_XML && x->html_ip;
    return x->ns == WN_NS_SVG &&
           (x->tag == TB_FOREIGNOBJECT || x->tag == TB_DESC || x->tag == TB_TITLE);
}

/* §13.2.6: which rules a token follows */
bool tb_html_rules(wn_tb *tb, const tb_tok *k)
{
    if (!tb->depth)
        return true;
    uint32_t acn = tb->depth == 1 && tb->context ? tb->context : tb_current(tb);
    const wn_tb_node *x = &tb->nodes[acn];
    wn_ht_type ty = k->t->type;
    if (x->ns == WN_NS_HTML || ty == WN_HT_EOF)
        return true;
    if (math_text_ip(x) && ((ty == WN_HT_START && k->tag != TB_MGLYPH && k->tag != TB_MALIGNMARK) ||
                            ty == WN_HT_TEXT))
        return true;
    if (x->ns == WN_NS_MATH && x->tag == TB_ANNOTATION_XML && body_start_is(k, TB_SVG))
        return true;
    return html_ip(x) && (ty == WN_HT_START || ty == WN_HT_TEXT);
}

static bool breaks_out(const tb_tok *k)
{
    switch (k->tag) {
    case TB_B: case TB_BIG: case TB_BLOCKQUOTE: case TB_BODY: case TB_BR: case TB_CENTER:
    case TB_CODE: case TB_DD: case TB_DIV: case TB_DL: case TB_DT: case TB_EM: case TB_EMBED:
    case TB_H1: case TB_H2: case TB_H3: case TB_H4: case TB_H5: case TB_H6: case TB_HEAD:
    case TB_HR: case TB_I: case TB_IMG: case TB_LI: case TB_LISTING: case TB_MENU: case TB_META:
    case TB_NOBR: case TB_OL: case TB_P: case TB_PRE: case TB_RUBY: case TB_S: case TB_SMALL:
    case TB_SPAN: case TB_STRONG: case TB_STRIKE: case TB_SUB: case TB_SUP: case TB_TABLE:
    case TB_TT: case TB_U: case TB_UL: case TB_VAR:
        return true;
    case TB_FONT:
        return tok_attr(k->t, "color") || tok_attr(k->t, "face") || tok_attr(k->t, "size");
    default:
        return false;
    }
}

/* §13.2.6.5 */
void tb_foreign(wn_tb *tb, const tb_tok *k)
{
    const wn_ht_token *t = k->t;
    switch (t->type) {
    case WN_HT_TEXT: {
        wn_ht_str s = t->data;
        if (s.kind == WN_HT_STR_DATA)
            s.kind = WN_HT_STR_RCDATA;   /* references decoded, NUL to U+FFFD */
        tb_insert_text(tb, s);
        if (tb->frameset_ok && tb_ws_prefix(s) != s.len)   /* as in body_text */
            tb->frameset_ok = false;
        return;
    }
    case WN_HT_COMMENT:
        tb_insert_comment(tb, t, UINT32_MAX);
        return;
    case WN_HT_START:
        if (!breaks_out(k)) {
            uint32_t acn = tb->depth == 1 && tb->context ? tb->context : tb_current(tb);
            insert_foreign(tb, k, (wn_tb_ns)tb->nodes[acn].ns);
            return;
        }
        break;
    case WN_HT_END:
        if (k->tag == TB_BR || k->tag == TB_P)
            break;
        for (uint32_t i = tb->depth; i-- > 0;) {
            uint32_t n = tb->stack[i];
            if (i == 0)
                return;
            if (foreign_name_ieq(tb->nodes[n].str, t->data)) {
                tb_pop_until_node(tb, n);
                return;
            }
            if (tb->nodes[tb->stack[i - 1]].ns == WN_NS_HTML) {
                tb_mode_step(tb, tb->mode, k);
                return;
            }
        }
        return;
    default:
        return;
    }
    /* a start tag of HTML content, or </br>, </p>: out of the foreign elements, then HTML */
    while (tb->depth > 1) {
        const wn_tb_node *x = &tb->nodes[tb_current(tb)];
        if (x->ns == WN_NS_HTML || math_text_ip(x) || html_ip(x))
            break;
        tb_pop(tb);
    }
    tb_mode_step(tb, tb->mode, k);
}
