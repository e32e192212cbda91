/* tb_table.c: the table insertion modes (§13.2.6.4.9-15), with
 * foster parenting for what a table cannot hold: see tb_impl.h. */
#include "common/grow.h"
#include "html/tb_impl.h"

static bool table_start_is(const tb_tok *k, tb_tag tag) { return k->t->type == WN_HT_START && k->tag == tag; }
static bool table_end_is(const tb_tok *k, tb_tag tag) { return k->t->type == WN_HT_END && k->tag == tag; }

static bool tag_in(tb_tag t, const tb_tag *set, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (set[i] == t)
            return true;
    return false;
}
#define TAG_IN(t, ...) tag_in((t), (const tb_tag[]){ __VA_ARGS__ }, \
                              sizeof((const tb_tag[]){ __VA_ARGS__ }) / sizeof(tb_tag))

/* §13.2.6.4.9 "clear the stack back to a table context" and its body and row variants */
static void clear_to(wn_tb *tb, tb_tag a, tb_tag b, tb_tag c)
{
    while (tb->depth > 1) {
        uint32_t n = tb_current(tb);
        if (tb_is(tb, n, a) || tb_is(tb, n, b) || tb_is(tb, n, c) || tb_is(tb, n, TB_TEMPLATE) ||
            tb_is(tb, n, TB_HTML))
            return;
        tb_pop(tb);
    }
}
#define CLEAR_TABLE(tb) clear_to((tb), TB_TABLE, TB_TABLE, TB_TABLE)
#define CLEAR_TBODY(tb) clear_to((tb), TB_TBODY, TB_TFOOT, TB_THEAD)
#define CLEAR_ROW(tb) clear_to((tb), TB_TR, TB_TR, TB_TR)

static void anything_else(wn_tb *tb, const tb_tok *k)
{
    bool was = tb->foster;
    tb->foster = true;
    tb_in_body(tb, k);
    tb->foster = was;
}

static void insert_void(wn_tb *tb, const tb_tok *k)
{
    tb_insert_element(tb, k, WN_NS_HTML, false);
}

void tb_in_table(wn_tb *tb, const tb_tok *k)
{
    const wn_ht_token *t = k->t;
    switch (t->type) {
    case WN_HT_TEXT: {
        uint32_t c = tb_current(tb);
        if (tb_is(tb, c, TB_TABLE) || tb_is(tb, c, TB_TBODY) || tb_is(tb, c, TB_TEMPLATE) ||
            tb_is(tb, c, TB_TFOOT) || tb_is(tb, c, TB_THEAD) || tb_is(tb, c, TB_TR)) {
            tb->npending = 0;
            tb->pending_nonws = false;
            tb->original = tb->mode;
            tb->mode = M_IN_TABLE_TEXT;
            tb_step(tb, k);
            return;
        }
        anything_else(tb, k);
        return;
    }
    case WN_HT_COMMENT:
        tb_insert_comment(tb, t, UINT32_MAX);
        return;
    case WN_HT_DOCTYPE:
        return;
    case WN_HT_EOF:
        tb_in_body(tb, k);
        return;
    case WN_HT_START:
        switch (k->tag) {
        case TB_CAPTION:
            CLEAR_TABLE(tb);
            if (tb_insert_element(tb, k, WN_NS_HTML, true)) {
                /* the marker goes in before the caption, as §13.2.6.4.9 orders it */
                tb_afl_marker(tb);
                tb->mode = M_IN_CAPTION;
            }
            return;
        case TB_COLGROUP:
            CLEAR_TABLE(tb);
            if (tb_insert_element(tb, k, WN_NS_HTML, true))
                tb->mode = M_IN_COLGROUP;
            return;
        case TB_COL:
            CLEAR_TABLE(tb);
            if (!tb_insert_fake(tb, "colgroup", TB_COLGROUP))
                return;
            tb->mode = M_IN_COLGROUP;
            tb_step(tb, k);
            return;
        case TB_TBODY: case TB_TFOOT: case TB_THEAD:
            CLEAR_TABLE(tb);
            if (tb_insert_element(tb, k, WN_NS_HTML, true))
                tb->mode = M_IN_TBODY;
            return;
        case TB_TD: case TB_TH: case TB_TR:
            CLEAR_TABLE(tb);
            if (!tb_insert_fake(tb, "tbody", TB_TBODY))
                return;
            tb->mode = M_IN_TBODY;
            tb_step(tb, k);
            return;
        case TB_TABLE:
            if (!tb_in_scope(tb, TB_TABLE, SCOPE_TABLE))
                return;
            tb_pop_until(tb, TB_TABLE);
            tb_reset_mode(tb);
            tb_step(tb, k);
            return;
        case TB_STYLE: case TB_SCRIPT: case TB_TEMPLATE:
            tb_in_head(tb, k);
            return;
        case TB_INPUT: {
            const wn_ht_attr *ty = NULL;
            for (uint32_t i = 0; i < t->nattrs && !ty; i++)
                if (wn_ht_name_eq(t->attrs[i].name, "type"))
                    ty = &t->attrs[i];
            if (!ty || ty->value.dirty ||
                !wn_slice_ieq((wn_slice){ ty->value.ptr, ty->value.len }, "hidden"))
                break;
            insert_void(tb, k);
            return;
        }
        case TB_FORM:
            if (tb->open_count[TB_TEMPLATE] || tb->form)
                return;
            tb->form = tb_insert_element(tb, k, WN_NS_HTML, false);
            return;
        default:
            break;
        }
        break;
    case WN_HT_END:
        switch (k->tag) {
        case TB_TABLE:
            if (!tb_in_scope(tb, TB_TABLE, SCOPE_TABLE))
                return;
            tb_pop_until(tb, TB_TABLE);
            tb_reset_mode(tb);
            return;
        case TB_BODY: case TB_CAPTION: case TB_COL: case TB_COLGROUP: case TB_HTML:
        case TB_TBODY: case TB_TD: case TB_TFOOT: case TB_TH: case TB_THEAD: case TB_TR:
            return;
        case TB_TEMPLATE:
            tb_in_head(tb, k);
            return;
        default:
            break;
        }
        break;
    }
    anything_else(tb, k);
}

/* §13.2.6.4.10: text in a table is held until the next other token, then inserted in place
 * when it is all whitespace, foster-parented when it is not */
void tb_in_table_text(wn_tb *tb, const tb_tok *k)
{
    const wn_ht_token *t = k->t;
    if (t->type == WN_HT_TEXT) {
        if (WN_GROW(tb->pending, tb->pending_cap, (size_t)tb->npending + 1, 16, (size_t)UINT32_MAX)) {
            tb->err = WN_ERR_NOMEM;
            return;
        }
        wn_ht_str s = t->data;
        if (s.kind == WN_HT_STR_DATA)
            s.kind = WN_HT_STR_BODY;
        tb->pending[tb->npending++] = s;
        if (tb_ws_prefix(s) != s.len)
            tb->pending_nonws = true;
        return;
    }
    for (uint32_t i = 0; i < tb->npending; i++) {
        if (tb->pending_nonws) {
            wn_ht_token text = *t;
            text.type = WN_HT_TEXT;
            text.data = tb->pending[i];
            text.nattrs = 0;
            tb_tok k2 = { &text, TB_OTHER };
            anything_else(tb, &k2);
        } else {
            tb_insert_text(tb, tb->pending[i]);
        }
    }
    tb->npending = 0;
    tb->mode = tb->original;
    tb_step(tb, k);
}

static bool close_caption(wn_tb *tb)
{
    if (!tb_in_scope(tb, TB_CAPTION, SCOPE_TABLE))
        return false;
    tb_implied_end(tb, TB_TAG_COUNT);
    tb_pop_until(tb, TB_CAPTION);
    tb_afl_clear_to_marker(tb);
    tb->mode = M_IN_TABLE;
    return true;
}

void tb_in_caption(wn_tb *tb, const tb_tok *k)
{
    const wn_ht_token *t = k->t;
    if (table_end_is(k, TB_CAPTION)) {
        close_caption(tb);
        return;
    }
    if ((t->type == WN_HT_START && TAG_IN(k->tag, TB_CAPTION, TB_COL, TB_COLGROUP, TB_TBODY,
                                          TB_TD, TB_TFOOT, TB_TH, TB_THEAD, TB_TR)) ||
        table_end_is(k, TB_TABLE)) {
        if (close_caption(tb))
            tb_step(tb, k);
        return;
    }
    if (t->type == WN_HT_END && TAG_IN(k->tag, TB_BODY, TB_COL, TB_COLGROUP, TB_HTML, TB_TBODY,
                                       TB_TD, TB_TFOOT, TB_TH, TB_THEAD, TB_TR))
        return;
    tb_in_body(tb, k);
}

void tb_in_colgroup(wn_tb *tb, const tb_tok *k)
{
    const wn_ht_token *t = k->t;
    wn_ht_token rest;
    switch (t->type) {
    case WN_HT_TEXT: {
        size_t w = tb_ws_prefix(t->data);
        tb_insert_text(tb, tb_substr(t->data, 0, w));
        if (w == t->data.len)
            return;
        rest = *t;
        rest.data = tb_substr(t->data, w, t->data.len);
        tb_tok r = { &rest, TB_OTHER };
        if (!tb_cur_is(tb, TB_COLGROUP))
            return;
        tb_pop(tb);
        tb->mode = M_IN_TABLE;
        tb_step(tb, &r);
        return;
    }
    case WN_HT_COMMENT:
        tb_insert_comment(tb, t, UINT32_MAX);
        return;
    case WN_HT_DOCTYPE:
        return;
    case WN_HT_EOF:
        tb_in_body(tb, k);
        return;
    case WN_HT_START:
        if (k->tag == TB_HTML) {
            tb_in_body(tb, k);
            return;
        }
        if (k->tag == TB_COL) {
            insert_void(tb, k);
            return;
        }
        if (k->tag == TB_TEMPLATE) {
            tb_in_head(tb, k);
            return;
        }
        break;
    case WN_HT_END:
        if (k->tag == TB_COLGROUP) {
            if (tb_cur_is(tb, TB_COLGROUP)) {
                tb_pop(tb);
                tb->mode = M_IN_TABLE;
            }
            return;
        }
        if (k->tag == TB_COL)
            return;
        if (k->tag == TB_TEMPLATE) {
            tb_in_head(tb, k);
            return;
        }
        break;
    }
    if (!tb_cur_is(tb, TB_COLGROUP))
        return;
    tb_pop(tb);
    tb->mode = M_IN_TABLE;
    tb_step(tb, k);
}

void tb_in_tbody(wn_tb *tb, const tb_tok *k)
{
    const wn_ht_token *t = k->t;
    if (table_start_is(k, TB_TR)) {
        CLEAR_TBODY(tb);
        if (tb_insert_element(tb, k, WN_NS_HTML, true))
            tb->mode = M_IN_ROW;
        return;
    }
    if (table_start_is(k, TB_TH) || table_start_is(k, TB_TD)) {
        CLEAR_TBODY(tb);
        if (!tb_insert_fake(tb, "tr", TB_TR))
            return;
        tb->mode = M_IN_ROW;
        tb_step(tb, k);
        return;
    }
    if (t->type == WN_HT_END && TAG_IN(k->tag, TB_TBODY, TB_TFOOT, TB_THEAD)) {
        if (!tb_in_scope(tb, k->tag, SCOPE_TABLE))
            return;
        CLEAR_TBODY(tb);
        tb_pop(tb);
        tb->mode = M_IN_TABLE;
        return;
    }
    if ((t->type == WN_HT_START && TAG_IN(k->tag, TB_CAPTION, TB_COL, TB_COLGROUP, TB_TBODY,
                                          TB_TFOOT, TB_THEAD)) || table_end_is(k, TB_TABLE)) {
        if (!tb_in_scope(tb, TB_TBODY, SCOPE_TABLE) && !tb_in_scope(tb, TB_THEAD, SCOPE_TABLE) &&
            !tb_in_scope(tb, TB_TFOOT, SCOPE_TABLE))
            return;
        CLEAR_TBODY(tb);
        tb_pop(tb);
        tb->mode = M_IN_TABLE;
        tb_step(tb, k);
        return;
    }
    if (t->type == WN_HT_END && TAG_IN(k->tag, TB_BODY, TB_CAPTION, TB_COL, TB_COLGROUP, TB_HTML,
                                       TB_TD, TB_TH, TB_TR))
        return;
    tb_in_table(tb, k);
}

static bool close_row(wn_tb *tb)
{
    if (!tb_in_scope(tb, TB_TR, SCOPE_TABLE))
        return false;
    CLEAR_ROW(tb);
    tb_pop(tb);
    tb->mode = M_IN_TBODY;
    return true;
}

void tb_in_row(wn_tb *tb, const tb_tok *k)
{
    const wn_ht_token *t = k->t;
    if (table_start_is(k, TB_TH) || table_start_is(k, TB_TD)) {
        CLEAR_ROW(tb);
        if (tb_insert_element(tb, k, WN_NS_HTML, true)) {
            tb->mode = M_IN_CELL;
            tb_afl_marker(tb);
        }
        return;
    }
    if (table_end_is(k, TB_TR)) {
        close_row(tb);
        return;
    }
    if ((t->type == WN_HT_START && TAG_IN(k->tag, TB_CAPTION, TB_COL, TB_COLGROUP, TB_TBODY,
                                          TB_TFOOT, TB_THEAD, TB_TR)) || table_end_is(k, TB_TABLE)) {
        if (close_row(tb))
            tb_step(tb, k);
        return;
    }
    if (t->type == WN_HT_END && TAG_IN(k->tag, TB_TBODY, TB_TFOOT, TB_THEAD)) {
        if (!tb_in_scope(tb, k->tag, SCOPE_TABLE))
            return;
        if (close_row(tb))
            tb_step(tb, k);
        return;
    }
    if (t->type == WN_HT_END && TAG_IN(k->tag, TB_BODY, TB_CAPTION, TB_COL, TB_COLGROUP, TB_HTML,
                                       TB_TD, TB_TH))
        return;
    tb_in_table(tb, k);
}

static void close_cell(wn_tb *tb)
{
    tb_implied_end(tb, TB_TAG_COUNT);
    while (tb->depth > 1) {
        bool cell = tb_cur_is(tb, TB_TD) || tb_cur_is(tb, TB_TH);
        tb_pop(tb);
        if (cell)
            break;
    }
    tb_afl_clear_to_marker(tb);
    tb->mode = M_IN_ROW;
}

void tb_in_cell(wn_tb *tb, const tb_tok *k)
{
    const wn_ht_token *t = k->t;
    if (table_end_is(k, TB_TD) || table_end_is(k, TB_TH)) {
        if (!tb_in_scope(tb, k->tag, SCOPE_TABLE))
            return;
        tb_implied_end(tb, TB_TAG_COUNT);
        tb_pop_until(tb, k->tag);
        tb_afl_clear_to_marker(tb);
        tb->mode = M_IN_ROW;
        return;
    }
    if (t->type == WN_HT_START && TAG_IN(k->tag, TB_CAPTION, TB_COL, TB_COLGROUP, TB_TBODY, TB_TD,
                                         TB_TFOOT, TB_TH, TB_THEAD, TB_TR)) {
        if (!tb_in_scope(tb, TB_TD, SCOPE_TABLE) && !tb_in_scope(tb, TB_TH, SCOPE_TABLE))
            return;
        close_cell(tb);
        tb_step(tb, k);
        return;
    }
    if (t->type == WN_HT_END && TAG_IN(k->tag, TB_BODY, TB_CAPTION, TB_COL, TB_COLGROUP, TB_HTML))
        return;
    if (t->type == WN_HT_END && TAG_IN(k->tag, TB_TABLE, TB_TBODY, TB_TFOOT, TB_THEAD, TB_TR)) {
        if (!tb_in_scope(tb, k->tag, SCOPE_TABLE))
            return;
        close_cell(tb);
        tb_step(tb, k);
        return;
    }
    tb_in_body(tb, k);
}
