/* treebuilder.c: the tree builder's core (nodes, the stack of open elements, the list of active
 * formatting elements, scope) and the insertion modes outside the body and tables: see
 * treebuilder.h for the design, tb_impl.h for the split. Section numbers are the HTML
 * Standard's. */
#include <string.h>
#include "common/grow.h"
#include "html/tb_impl.h"

void wn_tb_limits_default(wn_tb_limits *l)
{
    l->max_nodes = 4u << 20;
    l->max_depth = 512;
    l->max_attrs = 1024;
    l->max_mem = 0;
    l->scripting = false;
}

static void limits_fix(wn_tb_limits *l)
{
    if (l->max_depth < 8)
        l->max_depth = 8;
    if (l->max_nodes < 2 * TB_NODES_PER_TOKEN)
        l->max_nodes = 2 * TB_NODES_PER_TOKEN;
    if (l->max_attrs < 1)
        l->max_attrs = 1;
}

/* The stack and the list of formatting elements are sized by max_depth; the rest grows. */
static wn_status set_limits(wn_tb *tb, const wn_tb_limits *lim)
{
    wn_tb_limits l = *lim;
    limits_fix(&l);
    if (!tb->stack || l.max_depth != tb->lim.max_depth) {
        uint32_t *s = wn_realloc(tb->stack, (l.max_depth + 1) * sizeof *s);
        if (!s)
            return WN_ERR_NOMEM;
        tb->stack = s;
        uint32_t *a = wn_realloc(tb->afl, (TB_AFL_MAX + l.max_depth + 2) * sizeof *a);
        if (!a)
            return WN_ERR_NOMEM;
        tb->afl = a;
        uint8_t *m = wn_realloc(tb->tmodes, l.max_depth + 1);
        if (!m)
            return WN_ERR_NOMEM;
        tb->tmodes = m;
    }
    tb->lim = l;
    tb->room_nodes = tb->room_attrs = 0;   /* set by the next whole check, under these limits */
    tb->tz.max_attrs = l.max_attrs;
    return WN_OK;
}

void wn_tb_set_limits(wn_tb *tb, const wn_tb_limits *lim)
{
    tb->limits_err = set_limits(tb, lim);   /* reported by the next parse */
}

wn_status wn_tb_create(wn_tb **out, const wn_tb_limits *lim)
{
    *out = NULL;
    wn_tb *tb = wn_calloc(1, sizeof *tb);
    if (!tb)
        return WN_ERR_NOMEM;
    wn_ht_init(&tb->tz, 1);
    if (set_limits(tb, lim)) {
        wn_tb_free(tb);
        return WN_ERR_NOMEM;
    }
    *out = tb;
    return WN_OK;
}

void wn_tb_free(wn_tb *tb)
{
    if (!tb)
        return;
    wn_ht_free(&tb->tz);
    wn_free(tb->nodes);
    wn_free(tb->attrs);
    wn_free(tb->stack);
    wn_free(tb->afl);
    wn_free(tb->tmodes);
    wn_free(tb->pending);
    wn_free(tb);
}

/* ---- small helpers ------------------------------------------------------------------------ */

size_t tb_ws_prefix(wn_ht_str s)
{
    size_t i = 0;
    while (i < s.len && tb_is_ws(s.ptr[i]))
        i++;
    return i;
}

wn_ht_str tb_substr(wn_ht_str s, size_t from, size_t to)
{
    s.ptr += from;
    s.len = (uint32_t)(to - from);
    return s;
}

wn_ht_token tb_fake_tag(wn_ht_type type, const char *name)
{
    wn_ht_token t;
    memset(&t, 0, sizeof t);
    t.type = type;
    t.data = (wn_ht_str){ name, (uint32_t)strlen(name), WN_HT_STR_NAME, false };
    return t;
}

bool tb_is_special(const wn_tb *tb, uint32_t n)
{
    const wn_tb_node *x = &tb->nodes[n];
    if (x->ns == WN_NS_HTML)
        return x->tag != TB_OTHER && (tb_tag_flags[x->tag] & TBF_SPECIAL);
    if (x->ns == WN_NS_MATH)
        return x->tag == TB_MI || x->tag == TB_MO || x->tag == TB_MN || x->tag == TB_MS ||
               x->tag == TB_MTEXT || x->tag == TB_ANNOTATION_XML;
    return x->tag == TB_FOREIGNOBJECT || x->tag == TB_DESC || x->tag == TB_TITLE;
}

static uint32_t other_bucket(wn_ht_str name)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < name.len; i++) {
        unsigned char c = (unsigned char)name.ptr[i];
        h = (h ^ ((unsigned)(c - 'A') < 26 ? c + 32 : c)) * 16777619u;
    }
    return h % TB_OTHER_BUCKETS;
}

/* ---- nodes -------------------------------------------------------------------------------- */

/* Capacity for a token's nodes is reserved before it is processed (tb_reserve), so this
 * never fails. */
static uint32_t node_new(wn_tb *tb, wn_tb_type type, wn_tb_ns ns, uint16_t tag, wn_ht_str s)
{
    uint32_t i = tb->nnodes++;
    /* one initializer: the compiler writes each word once instead of zeroing then storing */
    tb->nodes[i] = (wn_tb_node){ .self = i, .str = s, .tag = tag, .type = (uint8_t)type, .ns = (uint8_t)ns };
    return i;
}

/* The whole check of tb_reserve(); on success it also sets the bounds of its fast path. */
static wn_status reserve_full(wn_tb *tb, size_t need)
{
    if (need > tb->lim.max_nodes)
        return WN_ERR_TOO_MANY_ELEMENTS;
    size_t used = need * sizeof(wn_tb_node) + (size_t)tb->nattrs * sizeof(wn_ht_attr);
    if (tb->lim.max_mem && used > tb->lim.max_mem)
        return WN_ERR_TOO_MANY_ELEMENTS;
    wn_status st = WN_GROW(tb->nodes, tb->nodes_cap, need, 1024, tb->lim.max_nodes);
    if (st)
        return st;
    /* half of the memory left to more nodes, half to more attributes: within both rooms the
     * sum stays within max_mem, and the array holds the nodes */
    size_t rn = tb->nodes_cap < tb->lim.max_nodes ? tb->nodes_cap : tb->lim.max_nodes;
    size_t ra = SIZE_MAX;
    if (tb->lim.max_mem) {
        size_t half = (tb->lim.max_mem - used) / 2;
        if (need + half / sizeof(wn_tb_node) < rn)
            rn = need + half / sizeof(wn_tb_node);
        ra = tb->nattrs + half / sizeof(wn_ht_attr);
    }
    tb->room_nodes = rn;
    tb->room_attrs = ra;
    return WN_OK;
}

/* Room for the nodes a token can make (TB_NODES_PER_TOKEN) within the limits. Inline, with
 * two compares for the common case (room left from the last whole check, which was a call and
 * two multiplies per token). */
static inline wn_status tb_reserve(wn_tb *tb)
{
    size_t need = (size_t)tb->nnodes + TB_NODES_PER_TOKEN + tb->npending;
    if (need <= tb->room_nodes && tb->nattrs <= tb->room_attrs)
        return WN_OK;
    return reserve_full(tb, need);
}

void tb_unlink(wn_tb *tb, uint32_t c)
{
    wn_tb_node *n = &tb->nodes[c];
    if (!n->parent && !n->prev && !n->next && tb->nodes[0].first != c)
        return;
    wn_tb_node *p = &tb->nodes[n->parent];
    if (n->prev)
        tb->nodes[n->prev].next = n->next;
    else
        p->first = n->next;
    if (n->next)
        tb->nodes[n->next].prev = n->prev;
    else
        p->last = n->prev;
    n->parent = n->prev = n->next = 0;
}

/* Inserts child into parent before `before` (a child of parent), or last when 0. */
void tb_link(wn_tb *tb, uint32_t parent, uint32_t child, uint32_t before)
{
    wn_tb_node *p = &tb->nodes[parent], *c = &tb->nodes[child];
    c->parent = parent;
    if (!before) {
        c->prev = p->last;
        c->next = 0;
        if (p->last)
            tb->nodes[p->last].next = child;
        else
            p->first = child;
        p->last = child;
        return;
    }
    wn_tb_node *b = &tb->nodes[before];
    c->next = before;
    c->prev = b->prev;
    if (b->prev)
        tb->nodes[b->prev].next = child;
    else
        p->first = child;
    b->prev = child;
}

/* §13.2.6.1 the appropriate place for inserting a node, with foster parenting (§13.2.6.1
 * step 2) when it is on and the target is a table part: into the last open template when it
 * is more recent than the last open table (a template's children are its contents). */
static void place(wn_tb *tb, uint32_t target, uint32_t *parent, uint32_t *before)
{
    *before = 0;
    *parent = target;
    if (!tb->foster)
        return;
    if (!(tb_is(tb, target, TB_TABLE) || tb_is(tb, target, TB_TBODY) ||
          tb_is(tb, target, TB_TFOOT) || tb_is(tb, target, TB_THEAD) || tb_is(tb, target, TB_TR)))
        return;
    int i = (int)tb->depth - 1;
    while (i >= 0 && !tb_is(tb, tb->stack[i], TB_TABLE)) {
        if (tb_is(tb, tb->stack[i], TB_TEMPLATE)) {
            *parent = tb->stack[i];
            return;
        }
        i--;
    }
    if (i < 0) {
        *parent = tb->stack[0];
        return;
    }
    uint32_t table = tb->stack[i];
    if (tb->nodes[table].parent) {
        *parent = tb->nodes[table].parent;
        *before = table;
        return;
    }
    *parent = i > 0 ? tb->stack[i - 1] : tb->stack[0];
}

/* "An HTML select in scope" (§13.2.4.2) with x as the current node and `below` under it: a
 * select is, a scope boundary is not, any other element passes on the answer below it. Kept
 * in each open node (sel_scope), so that in body asks it in O(1) however deep the stack, for
 * every option of a select; no select open (most pages) answers at once. */
static bool sel_scope_of(const wn_tb *tb, const wn_tb_node *x, uint32_t below)
{
    if (!tb->open_count[TB_SELECT])
        return false;
    if (x->ns == WN_NS_HTML && x->tag == TB_SELECT)
        return true;
    return below && !tb_scope_boundary(x, SCOPE_DEFAULT) && tb->nodes[below].sel_scope;
}

void tb_push(wn_tb *tb, uint32_t n)
{
    wn_tb_node *x = &tb->nodes[n];
    tb->stack[tb->depth++] = n;
    x->open = true;
    if (x->ns == WN_NS_HTML) {
        if (x->tag != TB_OTHER)
            tb->open_count[x->tag]++;
        else
            tb->open_other[other_bucket(x->str)]++;
    }
    x->sel_scope = sel_scope_of(tb, x, tb->depth >= 2 ? tb->stack[tb->depth - 2] : 0);
}

static void closed(wn_tb *tb, uint32_t n)
{
    wn_tb_node *x = &tb->nodes[n];
    x->open = false;
    if (x->ns == WN_NS_HTML) {
        if (x->tag != TB_OTHER)
            tb->open_count[x->tag]--;
        else
            tb->open_other[other_bucket(x->str)]--;
    }
}

void tb_pop(wn_tb *tb)
{
    if (tb->depth)
        closed(tb, tb->stack[--tb->depth]);
}

void tb_remove_from_stack(wn_tb *tb, uint32_t n)
{
    for (uint32_t i = tb->depth; i-- > 0;) {
        if (tb->stack[i] != n)
            continue;
        memmove(&tb->stack[i], &tb->stack[i + 1], (tb->depth - i - 1) * sizeof *tb->stack);
        tb->depth--;
        closed(tb, n);
        /* the elements removed from the middle (formatting elements, a form, head) are no
         * select or scope boundary, so the sel_scope of those above stays right; were one, it
         * is worked out again */
        const wn_tb_node *x = &tb->nodes[n];
        if ((x->ns == WN_NS_HTML && x->tag == TB_SELECT) || tb_scope_boundary(x, SCOPE_DEFAULT))
            for (uint32_t j = i; j < tb->depth; j++)
                tb->nodes[tb->stack[j]].sel_scope =
                    sel_scope_of(tb, &tb->nodes[tb->stack[j]], j ? tb->stack[j - 1] : 0);
        return;
    }
}

void tb_pop_until(wn_tb *tb, tb_tag tag)
{
    if (!tb->open_count[tag])
        return;
    while (tb->depth) {
        bool hit = tb_cur_is(tb, tag);
        tb_pop(tb);
        if (hit)
            return;
    }
}

void tb_pop_until_node(wn_tb *tb, uint32_t n)
{
    if (!tb->nodes[n].open)
        return;
    while (tb->depth) {
        uint32_t c = tb_current(tb);
        tb_pop(tb);
        if (c == n)
            return;
    }
}

bool tb_scope_boundary(const wn_tb_node *x, tb_scope scope)
{
    if (scope == SCOPE_TABLE)
        return x->ns == WN_NS_HTML &&
               (x->tag == TB_HTML || x->tag == TB_TABLE || x->tag == TB_TEMPLATE);
    if (x->ns == WN_NS_HTML)
        return (x->tag != TB_OTHER && (tb_tag_flags[x->tag] & TBF_SCOPE)) ||
               (scope == SCOPE_LIST && (x->tag == TB_OL || x->tag == TB_UL)) ||
               (scope == SCOPE_BUTTON && x->tag == TB_BUTTON);
    if (x->ns == WN_NS_MATH)
        return x->tag == TB_MI || x->tag == TB_MO || x->tag == TB_MN || x->tag == TB_MS ||
               x->tag == TB_MTEXT || x->tag == TB_ANNOTATION_XML;
    return x->tag == TB_FOREIGNOBJECT || x->tag == TB_DESC || x->tag == TB_TITLE;
}

/* §13.2.4.2: an HTML element `tag` in the given scope. The count of open elements answers
 * most calls without walking the stack. */
bool tb_in_scope(const wn_tb *tb, tb_tag tag, tb_scope scope)
{
    if (!tb->open_count[tag])
        return false;
    for (uint32_t i = tb->depth; i-- > 0;) {
        const wn_tb_node *x = &tb->nodes[tb->stack[i]];
        if (x->ns == WN_NS_HTML && x->tag == tag)
            return true;
        if (tb_scope_boundary(x, scope))
            return false;
    }
    return false;
}

/* §13.2.6.3 */
void tb_implied_end(wn_tb *tb, tb_tag except)
{
    for (;;) {
        uint32_t c = tb_current(tb);
        const wn_tb_node *x = &tb->nodes[c];
        if (!c || x->ns != WN_NS_HTML || x->tag == TB_OTHER || x->tag == except ||
            !(tb_tag_flags[x->tag] & TBF_IMPLIED))
            return;
        tb_pop(tb);
    }
}

void tb_implied_end_all(wn_tb *tb)
{
    for (;;) {
        uint32_t c = tb_current(tb);
        const wn_tb_node *x = &tb->nodes[c];
        if (!c || x->ns != WN_NS_HTML || x->tag == TB_OTHER ||
            !(tb_tag_flags[x->tag] & (TBF_IMPLIED | TBF_IMPLIED_ALL)))
            return;
        tb_pop(tb);
    }
}

/* "close a p element" (§13.2.6.4.7) when one is in button scope */
void tb_close_p(wn_tb *tb)
{
    if (!tb_in_scope(tb, TB_P, SCOPE_BUTTON))
        return;
    tb_implied_end(tb, TB_P);
    tb_pop_until(tb, TB_P);
}

/* ---- insertion ---------------------------------------------------------------------------- */

/* Copies the token's attributes into the tree (the slices still point into the input). */
static void take_attrs(wn_tb *tb, uint32_t n, const wn_ht_token *t)
{
    if (!t->nattrs)
        return;
    if (WN_GROW(tb->attrs, tb->attrs_cap, (size_t)tb->nattrs + t->nattrs, 256, (size_t)UINT32_MAX)) {
        tb->err = WN_ERR_NOMEM;
        return;
    }
    /* one pass that copies and sets: a tag has one to three attributes, for which a call to
     * memcpy() cost more than the copy */
    for (uint32_t i = 0; i < t->nattrs; i++) {
        wn_ht_attr *a = &tb->attrs[tb->nattrs + i];
        *a = t->attrs[i];
        a->self = tb->nattrs + i;
        a->last = i + 1 == t->nattrs;
    }
    tb->nodes[n].attrs = tb->nattrs;
    tb->nodes[n].nattrs = t->nattrs;
    tb->nattrs += t->nattrs;
}

/* An element for the token at the appropriate place, pushed when `push`. Past max_depth the
 * element is dropped (0 returned) and its content goes to the current node. */
uint32_t tb_insert_element(wn_tb *tb, const tb_tok *k, wn_tb_ns ns, bool push)
{
    if (push && tb->depth >= tb->lim.max_depth) {
        tb->dropped++;
        return 0;
    }
    uint32_t n = node_new(tb, WN_TB_ELEMENT, ns, (uint16_t)k->tag, k->t->data);
    take_attrs(tb, n, k->t);
    uint32_t parent, before;
    place(tb, tb_current(tb), &parent, &before);
    tb_link(tb, parent, n, before);
    if (push)
        tb_push(tb, n);
    return n;
}

uint32_t tb_insert_fake(wn_tb *tb, const char *name, tb_tag tag)
{
    wn_ht_token t = tb_fake_tag(WN_HT_START, name);
    tb_tok k = { &t, tag };
    return tb_insert_element(tb, &k, WN_NS_HTML, true);
}

void tb_insert_text(wn_tb *tb, wn_ht_str s)
{
    if (!s.len)
        return;
    uint32_t parent, before;
    place(tb, tb_current(tb), &parent, &before);
    if (!parent)
        return;   /* text is never a child of the document */
    uint32_t prev = before ? tb->nodes[before].prev : tb->nodes[parent].last;
    if (prev) {
        wn_tb_node *p = &tb->nodes[prev];
        if (p->type == WN_TB_TEXT && p->str.kind == s.kind && p->str.ptr + p->str.len == s.ptr &&
            (uint64_t)p->str.len + s.len <= UINT32_MAX) {
            p->str.len += s.len;   /* one run of the input: one node */
            p->str.dirty |= s.dirty;
            return;
        }
    }
    uint32_t n = node_new(tb, WN_TB_TEXT, WN_NS_HTML, TB_OTHER, s);
    tb_link(tb, parent, n, before);
}

/* A comment as the last child of parent, or at the appropriate place when parent is 0. */
void tb_insert_comment(wn_tb *tb, const wn_ht_token *t, uint32_t parent)
{
    uint32_t n = node_new(tb, WN_TB_COMMENT, WN_NS_HTML, TB_OTHER, t->data);
    uint32_t before = 0;
    if (parent == UINT32_MAX)
        place(tb, tb_current(tb), &parent, &before);
    tb_link(tb, parent, n, before);
}

/* Attributes of a second <html> or <body> go to the first where it lacks them. The merged
 * list is written anew at the end of the attribute array, at most max_attrs long. */
void tb_merge_attrs(wn_tb *tb, uint32_t n, const wn_ht_token *t)
{
    if (!n || !t->nattrs)
        return;
    wn_tb_node *x = &tb->nodes[n];
    size_t need = (size_t)tb->nattrs + x->nattrs + t->nattrs;
    if (WN_GROW(tb->attrs, tb->attrs_cap, need, 256, (size_t)UINT32_MAX)) {
        tb->err = WN_ERR_NOMEM;
        return;
    }
    uint32_t start = tb->nattrs, cnt = x->nattrs;
    memmove(&tb->attrs[start], &tb->attrs[x->attrs], cnt * sizeof *tb->attrs);
    for (uint32_t i = 0; i < t->nattrs && cnt < tb->lim.max_attrs; i++) {
        bool have = false;
        for (uint32_t j = 0; j < cnt && !have; j++) {
            wn_ht_str a = tb->attrs[start + j].name, b = t->attrs[i].name;
            have = a.len == b.len;
            for (uint32_t c = 0; have && c < a.len; c++) {
                unsigned char p = (unsigned char)a.ptr[c], q = (unsigned char)b.ptr[c];
                have = ((unsigned)(p - 'A') < 26 ? p + 32 : p) == ((unsigned)(q - 'A') < 26 ? q + 32 : q);
            }
        }
        if (!have)
            tb->attrs[start + cnt++] = t->attrs[i];
    }
    for (uint32_t i = 0; i < cnt; i++) {
        tb->attrs[start + i].self = start + i;
        tb->attrs[start + i].last = i + 1 == cnt;
    }
    x->attrs = start;
    x->nattrs = cnt;
    tb->nattrs = start + cnt;
}

/* §13.2.6.2 the generic raw text and RCDATA element parsing algorithms */
void tb_raw_element(wn_tb *tb, const tb_tok *k, wn_ht_content state)
{
    if (!tb_insert_element(tb, k, WN_NS_HTML, true))
        return;
    tb->tz.state = state;
    tb->original = tb->mode;
    tb->mode = M_TEXT;
}

/* ---- active formatting elements (§13.2.4.3) ----------------------------------------------- */

void tb_afl_marker(wn_tb *tb)
{
    tb->afl[tb->nafl++] = TB_AFL_MARKER;
}

void tb_afl_clear_to_marker(wn_tb *tb)
{
    while (tb->nafl) {
        uint32_t e = tb->afl[--tb->nafl];
        if (e == TB_AFL_MARKER)
            return;
    }
}

void tb_afl_remove(wn_tb *tb, uint32_t n)
{
    for (uint32_t i = tb->nafl; i-- > 0;) {
        if (tb->afl[i] == n) {
            memmove(&tb->afl[i], &tb->afl[i + 1], (tb->nafl - i - 1) * sizeof *tb->afl);
            tb->nafl--;
            return;
        }
    }
}

/* Same tag, namespace and attributes (in any order), as the Noah's Ark clause compares.
 * Elements with many attributes are taken as different, which bounds the comparison. */
static bool same_element(const wn_tb *tb, uint32_t a, uint32_t b)
{
    const wn_tb_node *x = &tb->nodes[a], *y = &tb->nodes[b];
    if (x->tag != y->tag || x->ns != y->ns || x->nattrs != y->nattrs || x->nattrs > 16)
        return false;
    if (x->tag == TB_OTHER && (x->str.len != y->str.len || memcmp(x->str.ptr, y->str.ptr, x->str.len)))
        return false;
    for (uint32_t i = 0; i < x->nattrs; i++) {
        const wn_ht_attr *p = &tb->attrs[x->attrs + i];
        bool found = false;
        for (uint32_t j = 0; j < y->nattrs && !found; j++) {
            const wn_ht_attr *q = &tb->attrs[y->attrs + j];
            found = p->name.len == q->name.len && p->value.len == q->value.len &&
                    !memcmp(p->name.ptr, q->name.ptr, p->name.len) &&
                    !memcmp(p->value.ptr, q->value.ptr, p->value.len);
        }
        if (!found)
            return false;
    }
    return true;
}

void tb_afl_push(wn_tb *tb, uint32_t n)
{
    if (!n)
        return;
    uint32_t since = tb->nafl, same = 0, first_same = 0;
    while (since > 0 && tb->afl[since - 1] != TB_AFL_MARKER)
        since--;
    for (uint32_t i = tb->nafl; i-- > since;) {
        if (same_element(tb, tb->afl[i], n)) {
            same++;
            first_same = i;
        }
    }
    if (same >= 3) {   /* Noah's Ark: the earliest of three goes */
        memmove(&tb->afl[first_same], &tb->afl[first_same + 1],
                (tb->nafl - first_same - 1) * sizeof *tb->afl);
        tb->nafl--;
    }
    if (tb->nafl - since >= TB_AFL_MAX) {   /* the bound: the oldest entry goes */
        memmove(&tb->afl[since], &tb->afl[since + 1], (tb->nafl - since - 1) * sizeof *tb->afl);
        tb->nafl--;
    }
    tb->afl[tb->nafl++] = n;
}

/* §13.2.4.3 reconstruct the active formatting elements */
void tb_reconstruct(wn_tb *tb)
{
    if (!tb->nafl)
        return;
    uint32_t last = tb->afl[tb->nafl - 1];
    if (last == TB_AFL_MARKER || tb->nodes[last].open)
        return;
    uint32_t i = tb->nafl - 1;
    while (i > 0 && tb->afl[i - 1] != TB_AFL_MARKER && !tb->nodes[tb->afl[i - 1]].open)
        i--;
    for (; i < tb->nafl; i++) {
        const wn_tb_node *old = &tb->nodes[tb->afl[i]];
        wn_ht_token t = tb_fake_tag(WN_HT_START, "");
        t.data = old->str;
        tb_tok k = { &t, (tb_tag)old->tag };
        uint32_t attrs = old->attrs, nattrs = old->nattrs;
        uint32_t n = tb_insert_element(tb, &k, WN_NS_HTML, true);
        if (!n)
            return;
        tb->nodes[n].attrs = attrs;   /* the same attributes: shared, never written */
        tb->nodes[n].nattrs = nattrs;
        tb->afl[i] = n;
    }
}

/* ---- insertion mode selection ------------------------------------------------------------- */

/* §13.2.4.1 reset the insertion mode appropriately */
void tb_reset_mode(wn_tb *tb)
{
    for (uint32_t i = tb->depth; i-- > 0;) {
        bool last = i == 0;
        uint32_t n = tb->stack[i];
        if (last && tb->context)
            n = tb->context;
        const wn_tb_node *x = &tb->nodes[n];
        if (x->ns != WN_NS_HTML)
            continue;
        switch (x->tag) {
        case TB_TD:
        case TB_TH:
            if (!last) {
                tb->mode = M_IN_CELL;
                return;
            }
            break;
        case TB_TR: tb->mode = M_IN_ROW; return;
        case TB_TBODY: case TB_THEAD: case TB_TFOOT: tb->mode = M_IN_TBODY; return;
        case TB_CAPTION: tb->mode = M_IN_CAPTION; return;
        case TB_COLGROUP: tb->mode = M_IN_COLGROUP; return;
        case TB_TABLE: tb->mode = M_IN_TABLE; return;
        case TB_TEMPLATE: tb->mode = tb->ntmodes ? (tb_mode)tb->tmodes[tb->ntmodes - 1] : M_IN_BODY; return;
        case TB_HEAD:
            if (!last) {
                tb->mode = M_IN_HEAD;
                return;
            }
            break;
        case TB_BODY: tb->mode = M_IN_BODY; return;
        case TB_FRAMESET: tb->mode = M_IN_FRAMESET; return;
        case TB_HTML: tb->mode = tb->head ? M_AFTER_HEAD : M_BEFORE_HEAD; return;
        default: break;
        }
        if (last)
            break;
    }
    tb->mode = M_IN_BODY;
}

/* ---- the modes before and after the body -------------------------------------------------- */

static bool is_start(const tb_tok *k, tb_tag tag) { return k->t->type == WN_HT_START && k->tag == tag; }

/* A text token's leading whitespace goes to `ws` handling (inserted when insert_ws), the rest,
 * if any, is returned in *rest for the mode's "anything else". */
static bool split_ws(wn_tb *tb, const tb_tok *k, bool insert_ws, wn_ht_token *rest)
{
    wn_ht_str s = k->t->data;
    size_t w = tb_ws_prefix(s);
    if (w && insert_ws)
        tb_insert_text(tb, tb_substr(s, 0, w));
    if (w == s.len)
        return false;
    *rest = *k->t;
    rest->data = tb_substr(s, w, s.len);
    return true;
}

static void initial(wn_tb *tb, const tb_tok *k)
{
    const wn_ht_token *t = k->t;
    wn_ht_token rest;
    if (t->type == WN_HT_TEXT) {
        if (!split_ws(tb, k, false, &rest))
            return;
        tb_tok r = { &rest, TB_OTHER };
        tb->mode = M_BEFORE_HTML;
        tb_step(tb, &r);
        return;
    }
    if (t->type == WN_HT_COMMENT) {
        tb_insert_comment(tb, t, 0);
        return;
    }
    if (t->type == WN_HT_DOCTYPE) {
        uint32_t n = node_new(tb, WN_TB_DOCTYPE, WN_NS_HTML, TB_OTHER, t->data);
        tb_link(tb, 0, n, 0);
        tb->doctype = *t;
        tb->quirks = tb_doctype_quirks(t);
        tb->mode = M_BEFORE_HTML;
        return;
    }
    tb->quirks = true;   /* no doctype */
    tb->mode = M_BEFORE_HTML;
    tb_step(tb, k);
}

static void before_html(wn_tb *tb, const tb_tok *k)
{
    const wn_ht_token *t = k->t;
    wn_ht_token rest;
    switch (t->type) {
    case WN_HT_DOCTYPE:
        return;
    case WN_HT_COMMENT:
        tb_insert_comment(tb, t, 0);
        return;
    case WN_HT_TEXT:
        if (!split_ws(tb, k, false, &rest))
            return;
        {
            tb_tok r = { &rest, TB_OTHER };
            tb->html = tb_insert_fake(tb, "html", TB_HTML);
            tb->mode = M_BEFORE_HEAD;
            tb_step(tb, &r);
        }
        return;
    case WN_HT_START:
        if (k->tag == TB_HTML) {
            tb->html = tb_insert_element(tb, k, WN_NS_HTML, true);
            tb->mode = M_BEFORE_HEAD;
            return;
        }
        break;
    case WN_HT_END:
        if (k->tag != TB_HEAD && k->tag != TB_BODY && k->tag != TB_HTML && k->tag != TB_BR)
            return;
        break;
    default:
        break;
    }
    tb->html = tb_insert_fake(tb, "html", TB_HTML);
    tb->mode = M_BEFORE_HEAD;
    tb_step(tb, k);
}

static void before_head(wn_tb *tb, const tb_tok *k)
{
    const wn_ht_token *t = k->t;
    wn_ht_token rest;
    switch (t->type) {
    case WN_HT_TEXT:
        if (!split_ws(tb, k, false, &rest))
            return;
        {
            tb_tok r = { &rest, TB_OTHER };
            tb->head = tb_insert_fake(tb, "head", TB_HEAD);
            tb->mode = M_IN_HEAD;
            tb_step(tb, &r);
        }
        return;
    case WN_HT_COMMENT:
        tb_insert_comment(tb, t, UINT32_MAX);
        return;
    case WN_HT_DOCTYPE:
        return;
    case WN_HT_START:
        if (k->tag == TB_HTML) {
            tb_in_body(tb, k);
            return;
        }
        if (k->tag == TB_HEAD) {
            tb->head = tb_insert_element(tb, k, WN_NS_HTML, true);
            tb->mode = M_IN_HEAD;
            return;
        }
        break;
    case WN_HT_END:
        if (k->tag != TB_HEAD && k->tag != TB_BODY && k->tag != TB_HTML && k->tag != TB_BR)
            return;
        break;
    default:
        break;
    }
    tb->head = tb_insert_fake(tb, "head", TB_HEAD);
    tb->mode = M_IN_HEAD;
    tb_step(tb, k);
}

/* §13.2.6.4.4 */
void tb_in_head(wn_tb *tb, const tb_tok *k)
{
    const wn_ht_token *t = k->t;
    wn_ht_token rest;
    switch (t->type) {
    case WN_HT_TEXT:
        if (!split_ws(tb, k, true, &rest))
            return;
        {
            tb_tok r = { &rest, TB_OTHER };
            tb_pop(tb);
            tb->mode = M_AFTER_HEAD;
            tb_step(tb, &r);
        }
        return;
    case WN_HT_COMMENT:
        tb_insert_comment(tb, t, UINT32_MAX);
        return;
    case WN_HT_DOCTYPE:
        return;
    case WN_HT_START:
        switch (k->tag) {
        case TB_HTML:
            tb_in_body(tb, k);
            return;
        case TB_BASE: case TB_BASEFONT: case TB_BGSOUND: case TB_LINK: case TB_META:
            tb_insert_element(tb, k, WN_NS_HTML, false);
            return;
        case TB_TITLE:
            tb_raw_element(tb, k, WN_HT_RCDATA);
            return;
        case TB_NOSCRIPT:
            if (!tb->lim.scripting) {
                if (tb_insert_element(tb, k, WN_NS_HTML, true))
                    tb->mode = M_IN_HEAD_NOSCRIPT;
                return;
            }
            tb_raw_element(tb, k, WN_HT_RAWTEXT);
            return;
        case TB_NOFRAMES: case TB_STYLE:
            tb_raw_element(tb, k, WN_HT_RAWTEXT);
            return;
        case TB_SCRIPT:
            tb_raw_element(tb, k, WN_HT_SCRIPT);
            return;
        case TB_TEMPLATE:   /* its contents are its children, parsed "in template" */
            if (tb_insert_element(tb, k, WN_NS_HTML, true)) {
                tb_afl_marker(tb);
                tb->frameset_ok = false;
                tb->mode = M_IN_TEMPLATE;
                tb_template_push(tb);
            }
            return;
        case TB_HEAD:
            return;
        default:
            break;
        }
        break;
    case WN_HT_END:
        if (k->tag == TB_HEAD) {
            tb_pop(tb);
            tb->mode = M_AFTER_HEAD;
            return;
        }
        if (k->tag == TB_TEMPLATE) {
            if (!tb->open_count[TB_TEMPLATE])
                return;
            tb_implied_end_all(tb);
            tb_pop_until(tb, TB_TEMPLATE);
            tb_afl_clear_to_marker(tb);
            tb_template_pop(tb);
            tb_reset_mode(tb);
            return;
        }
        if (k->tag != TB_BODY && k->tag != TB_HTML && k->tag != TB_BR)
            return;
        break;
    default:
        break;
    }
    tb_pop(tb);
    tb->mode = M_AFTER_HEAD;
    tb_step(tb, k);
}

static void in_head_noscript(wn_tb *tb, const tb_tok *k)
{
    const wn_ht_token *t = k->t;
    wn_ht_token rest;
    switch (t->type) {
    case WN_HT_DOCTYPE:
        return;
    case WN_HT_COMMENT:
        tb_in_head(tb, k);
        return;
    case WN_HT_TEXT:
        if (!split_ws(tb, k, true, &rest))
            return;
        {
            tb_tok r = { &rest, TB_OTHER };
            tb_pop(tb);
            tb->mode = M_IN_HEAD;
            tb_step(tb, &r);
        }
        return;
    case WN_HT_START:
        switch (k->tag) {
        case TB_HTML: tb_in_body(tb, k); return;
        case TB_BASEFONT: case TB_BGSOUND: case TB_LINK: case TB_META: case TB_NOFRAMES:
        case TB_STYLE:
            tb_in_head(tb, k);
            return;
        case TB_HEAD: case TB_NOSCRIPT:
            return;
        default:
            break;
        }
        break;
    case WN_HT_END:
        if (k->tag == TB_NOSCRIPT) {
            tb_pop(tb);
            tb->mode = M_IN_HEAD;
            return;
        }
        if (k->tag != TB_BR)
            return;
        break;
    default:
        break;
    }
    tb_pop(tb);
    tb->mode = M_IN_HEAD;
    tb_step(tb, k);
}

static void after_head(wn_tb *tb, const tb_tok *k)
{
    const wn_ht_token *t = k->t;
    wn_ht_token rest;
    switch (t->type) {
    case WN_HT_TEXT:
        if (!split_ws(tb, k, true, &rest))
            return;
        {
            tb_tok r = { &rest, TB_OTHER };
            tb->body = tb_insert_fake(tb, "body", TB_BODY);
            tb->mode = M_IN_BODY;
            tb_step(tb, &r);
        }
        return;
    case WN_HT_COMMENT:
        tb_insert_comment(tb, t, UINT32_MAX);
        return;
    case WN_HT_DOCTYPE:
        return;
    case WN_HT_START:
        switch (k->tag) {
        case TB_HTML:
            tb_in_body(tb, k);
            return;
        case TB_BODY:
            tb->body = tb_insert_element(tb, k, WN_NS_HTML, true);
            tb->frameset_ok = false;
            tb->mode = M_IN_BODY;
            return;
        case TB_FRAMESET:
            tb_insert_element(tb, k, WN_NS_HTML, true);
            tb->mode = M_IN_FRAMESET;
            return;
        case TB_BASE: case TB_BASEFONT: case TB_BGSOUND: case TB_LINK: case TB_META:
        case TB_NOFRAMES: case TB_SCRIPT: case TB_STYLE: case TB_TEMPLATE: case TB_TITLE:
            if (!tb->head || tb->depth >= tb->lim.max_depth)
                return;
            tb_push(tb, tb->head);
            tb_in_head(tb, k);
            tb_remove_from_stack(tb, tb->head);
            return;
        case TB_HEAD:
            return;
        default:
            break;
        }
        break;
    case WN_HT_END:
        if (k->tag == TB_TEMPLATE) {
            tb_in_head(tb, k);
            return;
        }
        if (k->tag != TB_BODY && k->tag != TB_HTML && k->tag != TB_BR)
            return;
        break;
    default:
        break;
    }
    tb->body = tb_insert_fake(tb, "body", TB_BODY);
    tb->mode = M_IN_BODY;
    tb_step(tb, k);
}

/* §13.2.6.4.8 text (the content of script, style, title, textarea...) */
static void text_mode(wn_tb *tb, const tb_tok *k)
{
    const wn_ht_token *t = k->t;
    if (t->type == WN_HT_TEXT) {
        tb_insert_text(tb, t->data);
        return;
    }
    if (t->type == WN_HT_EOF) {
        tb_pop(tb);
        tb->mode = tb->original;
        tb_step(tb, k);
        return;
    }
    if (t->type == WN_HT_END) {
        tb_pop(tb);
        tb->mode = tb->original;
    }
}

static void after_body(wn_tb *tb, const tb_tok *k)
{
    const wn_ht_token *t = k->t;
    wn_ht_token rest;
    switch (t->type) {
    case WN_HT_TEXT:
        if (tb_ws_prefix(t->data) == t->data.len) {
            tb_in_body(tb, k);
            return;
        }
        (void)rest;
        break;
    case WN_HT_COMMENT:
        tb_insert_comment(tb, t, tb->html ? tb->html : tb->stack[0]);
        return;
    case WN_HT_DOCTYPE:
        return;
    case WN_HT_START:
        if (k->tag == TB_HTML) {
            tb_in_body(tb, k);
            return;
        }
        break;
    case WN_HT_END:
        if (k->tag == TB_HTML) {
            if (!tb->context)
                tb->mode = M_AFTER_AFTER_BODY;
            return;
        }
        break;
    case WN_HT_EOF:
        return;
    }
    tb->mode = M_IN_BODY;
    tb_step(tb, k);
}

/* In frameset and after frameset: whitespace is kept, everything else but frames ignored. */
static void frameset_ws(wn_tb *tb, const tb_tok *k)
{
    wn_ht_str s = k->t->data;
    for (size_t i = 0; i < s.len; i++) {
        if (!tb_is_ws(s.ptr[i]))
            continue;
        size_t j = i;
        while (j < s.len && tb_is_ws(s.ptr[j]))
            j++;
        tb_insert_text(tb, tb_substr(s, i, j));
        i = j;
    }
}

static void in_frameset(wn_tb *tb, const tb_tok *k)
{
    const wn_ht_token *t = k->t;
    switch (t->type) {
    case WN_HT_TEXT: frameset_ws(tb, k); return;
    case WN_HT_COMMENT: tb_insert_comment(tb, t, UINT32_MAX); return;
    case WN_HT_START:
        if (k->tag == TB_HTML)
            tb_in_body(tb, k);
        else if (k->tag == TB_FRAMESET)
            tb_insert_element(tb, k, WN_NS_HTML, true);
        else if (k->tag == TB_FRAME)
            tb_insert_element(tb, k, WN_NS_HTML, false);
        else if (k->tag == TB_NOFRAMES)
            tb_in_head(tb, k);
        return;
    case WN_HT_END:
        if (k->tag == TB_FRAMESET && tb->depth > 1) {
            tb_pop(tb);
            if (!tb->context && !tb_cur_is(tb, TB_FRAMESET))
                tb->mode = M_AFTER_FRAMESET;
        }
        return;
    default:
        return;
    }
}

static void after_frameset(wn_tb *tb, const tb_tok *k)
{
    const wn_ht_token *t = k->t;
    switch (t->type) {
    case WN_HT_TEXT: frameset_ws(tb, k); return;
    case WN_HT_COMMENT: tb_insert_comment(tb, t, UINT32_MAX); return;
    case WN_HT_START:
        if (k->tag == TB_HTML)
            tb_in_body(tb, k);
        else if (k->tag == TB_NOFRAMES)
            tb_in_head(tb, k);
        return;
    case WN_HT_END:
        if (k->tag == TB_HTML)
            tb->mode = M_AFTER_AFTER_FRAMESET;
        return;
    default:
        return;
    }
}

static void after_after(wn_tb *tb, const tb_tok *k, bool frameset)
{
    const wn_ht_token *t = k->t;
    if (t->type == WN_HT_COMMENT) {
        tb_insert_comment(tb, t, 0);
        return;
    }
    if (t->type == WN_HT_DOCTYPE || is_start(k, TB_HTML) ||
        (t->type == WN_HT_TEXT && tb_ws_prefix(t->data) == t->data.len)) {
        tb_in_body(tb, k);
        return;
    }
    if (t->type == WN_HT_EOF)
        return;
    if (frameset) {
        if (is_start(k, TB_NOFRAMES))
            tb_in_head(tb, k);
        else if (t->type == WN_HT_TEXT)
            frameset_ws(tb, k);
        return;
    }
    tb->mode = M_IN_BODY;
    tb_step(tb, k);
}

void tb_mode_step(wn_tb *tb, tb_mode m, const tb_tok *k)
{
    switch (m) {
    case M_INITIAL: initial(tb, k); return;
    case M_BEFORE_HTML: before_html(tb, k); return;
    case M_BEFORE_HEAD: before_head(tb, k); return;
    case M_IN_HEAD: tb_in_head(tb, k); return;
    case M_IN_HEAD_NOSCRIPT: in_head_noscript(tb, k); return;
    case M_AFTER_HEAD: after_head(tb, k); return;
    case M_IN_BODY: tb_in_body(tb, k); return;
    case M_TEXT: text_mode(tb, k); return;
    case M_IN_TABLE: tb_in_table(tb, k); return;
    case M_IN_TABLE_TEXT: tb_in_table_text(tb, k); return;
    case M_IN_CAPTION: tb_in_caption(tb, k); return;
    case M_IN_COLGROUP: tb_in_colgroup(tb, k); return;
    case M_IN_TBODY: tb_in_tbody(tb, k); return;
    case M_IN_ROW: tb_in_row(tb, k); return;
    case M_IN_CELL: tb_in_cell(tb, k); return;
    case M_IN_TEMPLATE: tb_in_template(tb, k); return;
    case M_AFTER_BODY: after_body(tb, k); return;
    case M_IN_FRAMESET: in_frameset(tb, k); return;
    case M_AFTER_FRAMESET: after_frameset(tb, k); return;
    case M_AFTER_AFTER_BODY: after_after(tb, k, false); return;
    case M_AFTER_AFTER_FRAMESET: after_after(tb, k, true); return;
    }
}

/* §13.2.6 tree construction dispatcher */
void tb_step(wn_tb *tb, const tb_tok *k)
{
    if (tb_html_rules(tb, k))
        tb_mode_step(tb, tb->mode, k);
    else
        tb_foreign(tb, k);
}

/* ---- the driver ---------------------------------------------------------------------------- */

static void parse_reset(wn_tb *tb, const char *html, size_t n)
{
    tb->input = html;
    tb->nnodes = 0;
    tb->nattrs = 0;   /* entry 0 is reserved by wn_tb_parse for dom_own.c */
    tb->depth = 0;
    tb->nafl = 0;
    tb->ntmodes = 0;
    tb->npending = 0;
    memset(tb->open_count, 0, sizeof tb->open_count);
    memset(tb->open_other, 0, sizeof tb->open_other);
    tb->mode = M_INITIAL;
    tb->original = M_INITIAL;
    tb->html = tb->head = tb->body = tb->form = tb->context = 0;
    tb->frameset_ok = true;
    tb->foster = tb->ignore_lf = tb->quirks = false;
    memset(&tb->doctype, 0, sizeof tb->doctype);
    tb->doctype.type = WN_HT_EOF;
    tb->dropped = 0;
    tb->err = WN_OK;
    wn_ht_begin(&tb->tz, html, n);
}

static wn_status run(wn_tb *tb)
{
    wn_status st = WN_OK;
    for (;;) {
        if ((st = tb_reserve(tb)))
            break;
        const wn_ht_token *tp = wn_ht_next_ref(&tb->tz, &st);
        wn_ht_token lf_cut;   /* a copy, for the one token that is changed */
        if (st)
            break;
        wn_ht_type ty = tp->type;
        if (tb->ignore_lf) {   /* a newline right after <pre>, <listing>, <textarea> goes */
            tb->ignore_lf = false;
            if (ty == WN_HT_TEXT && tp->data.len && (tp->data.ptr[0] == '\n' || tp->data.ptr[0] == '\r')) {
                size_t skip = tp->data.ptr[0] == '\r' && tp->data.len > 1 && tp->data.ptr[1] == '\n' ? 2 : 1;
                lf_cut = *tp;
                lf_cut.data = tb_substr(tp->data, skip, tp->data.len);
                if (!lf_cut.data.len)
                    continue;
                tp = &lf_cut;
            }
        }
        tb_tok k = { tp, TB_OTHER };
        if (ty == WN_HT_START || ty == WN_HT_END)
            k.tag = tp->data.dirty ? tb_tag_lookup(tp->data.ptr, tp->data.len)
                                   : tb_tag_lookup_lowered(tp->data.ptr, tp->data.len);
        /* tb_step() without its test where the answer is known: tz.foreign, set below after
         * each token (and clear at the start, with nothing open), is clear exactly when the
         * adjusted current node is HTML or there is none, and then the HTML rules apply; in
         * body, the mode of most tokens, without the dispatch on the mode */
        if (tb->tz.foreign)
            tb_step(tb, &k);
        else if (tb->mode == M_IN_BODY)
            tb_in_body(tb, &k);
        else
            tb_mode_step(tb, tb->mode, &k);
        if (tb->err) {
            st = tb->err;
            break;
        }
        /* §13.2.5.42: the tokenizer reads CDATA sections only in foreign content */
        uint32_t acn = tb->depth == 1 && tb->context ? tb->context : tb_current(tb);
        tb->tz.foreign = tb->depth && tb->nodes[acn].ns != WN_NS_HTML;
        if (ty == WN_HT_EOF)
            break;
    }
    tb->dropped += tb->tz.attrs_dropped;
    if (st) {   /* an empty tree but for the document */
        tb->nnodes = 1;
        memset(&tb->nodes[0], 0, sizeof tb->nodes[0]);
        tb->html = tb->head = tb->body = 0;
    }
    return st;
}

/* A new tree holding the document node, and attribute entry 0 set aside (dom_own.c keeps the
 * tree's owner there). */
static wn_status tree_start(wn_tb *tb, const char *html, size_t n)
{
    if (tb->limits_err)
        return tb->limits_err;
    if (n > WN_HT_INPUT_MAX)
        return WN_ERR_TOO_LARGE;
    parse_reset(tb, html, n);
    if (WN_GROW(tb->attrs, tb->attrs_cap, 1, 256, (size_t)UINT32_MAX))
        return WN_ERR_NOMEM;
    memset(&tb->attrs[0], 0, sizeof tb->attrs[0]);
    tb->nattrs = 1;
    wn_status st = tb_reserve(tb);
    if (st)
        return st;
    node_new(tb, WN_TB_DOCUMENT, WN_NS_HTML, TB_OTHER, (wn_ht_str){ "", 0, 0, false });
    return WN_OK;
}

wn_status wn_tb_parse(wn_tb *tb, const char *html, size_t n)
{
    wn_status st = tree_start(tb, html, n);
    if (st)
        return st;
    return run(tb);
}

wn_status wn_tb_parse_fragment(wn_tb *tb, const char *html, size_t n, const char *ctx)
{
    wn_status st = tree_start(tb, html, n);
    if (st)
        return st;
    tb->html = tb_insert_fake(tb, "html", TB_HTML);
    tb_tag ct = tb_tag_lookup(ctx, strlen(ctx));
    tb->context = node_new(tb, WN_TB_ELEMENT, WN_NS_HTML, (uint16_t)ct,
                           (wn_ht_str){ ctx, (uint32_t)strlen(ctx), WN_HT_STR_NAME, false });
    switch (ct) {   /* §13.4 step 4: the tokenizer state the context calls for */
    case TB_TITLE: case TB_TEXTAREA: tb->tz.state = WN_HT_RCDATA; break;
    case TB_STYLE: case TB_XMP: case TB_IFRAME: case TB_NOEMBED: case TB_NOFRAMES:
        tb->tz.state = WN_HT_RAWTEXT;
        break;
    case TB_NOSCRIPT: tb->tz.state = tb->lim.scripting ? WN_HT_RAWTEXT : WN_HT_DATA; break;
    case TB_SCRIPT: tb->tz.state = WN_HT_SCRIPT; break;
    case TB_PLAINTEXT: tb->tz.state = WN_HT_PLAINTEXT; break;
    default: break;
    }
    wn_ht_set_last_start_tag(&tb->tz, ctx, strlen(ctx));
    if (ct == TB_TEMPLATE)   /* §13.4 step 10 */
        tb_template_push(tb);
    tb_reset_mode(tb);
    if (ct == TB_FORM)   /* §13.4 step 11: the form element pointer */
        tb->form = tb->context;
    return run(tb);
}

const wn_tb_node *wn_tb_nodes(const wn_tb *tb, uint32_t *count)
{
    *count = tb->nnodes;
    return tb->nodes;
}

const wn_ht_attr *wn_tb_attrs(const wn_tb *tb) { return tb->attrs; }
uint32_t wn_tb_html(const wn_tb *tb) { return tb->html; }
uint32_t wn_tb_head(const wn_tb *tb) { return tb->head; }
uint32_t wn_tb_body(const wn_tb *tb) { return tb->body; }
const wn_ht_token *wn_tb_doctype(const wn_tb *tb) { return &tb->doctype; }
uint64_t wn_tb_dropped(const wn_tb *tb) { return tb->dropped; }
