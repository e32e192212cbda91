/* tb_impl.h: the tree builder's state and the operations its insertion modes share (WHATWG
 * HTML §13.2.4 and §13.2.6.1), for treebuilder.c (the core and the head/outer modes),
 * tb_body.c ("in body", select, foreign content), tb_table.c (tables), tb_template.c ("in
 * template") and tb_foreign_attrs.c (the attribute names of SVG and MathML elements).
 * Internal to those files. */
#ifndef WN_HTML_TB_IMPL_H
#define WN_HTML_TB_IMPL_H

#include "html/treebuilder.h"

typedef enum {
    M_INITIAL, M_BEFORE_HTML, M_BEFORE_HEAD, M_IN_HEAD, M_IN_HEAD_NOSCRIPT, M_AFTER_HEAD,
    M_IN_BODY, M_TEXT, M_IN_TABLE, M_IN_TABLE_TEXT, M_IN_CAPTION, M_IN_COLGROUP, M_IN_TBODY,
    M_IN_ROW, M_IN_CELL, M_IN_TEMPLATE, M_AFTER_BODY, M_IN_FRAMESET,
    M_AFTER_FRAMESET, M_AFTER_AFTER_BODY, M_AFTER_AFTER_FRAMESET
} tb_mode;

/* The list of active formatting elements holds at most this many entries beside its markers
 * (one per open cell, caption or object, so at most max_depth): past it the oldest entry goes,
 * so that reconstructing the list costs O(1) per token, not O(page). */
#define TB_AFL_MAX 64
#define TB_AFL_MARKER UINT32_MAX
/* A token makes at most this many nodes (reconstruction: TB_AFL_MAX; the adoption agency: 8
 * rounds of at most 4), reserved before it is processed so that no insertion fails midway. */
#define TB_NODES_PER_TOKEN (TB_AFL_MAX + 64)
/* Open elements counted per name hash for tags outside tb_tags.h */
#define TB_OTHER_BUCKETS 64

typedef enum { SCOPE_DEFAULT, SCOPE_LIST, SCOPE_BUTTON, SCOPE_TABLE } tb_scope;

/* A token as the modes see it: the tokenizer's, with the tag looked up once. */
typedef struct {
    const wn_ht_token *t;
    tb_tag tag;
} tb_tok;

struct wn_tb {
    wn_tb_limits lim;
    wn_ht tz;
    const char *input;
    wn_tb_node *nodes;
    size_t nodes_cap;
    size_t room_nodes, room_attrs;   /* tb_reserve(): within both, the limits hold */
    uint32_t nnodes;
    wn_ht_attr *attrs;
    size_t attrs_cap;
    uint32_t nattrs;
    uint32_t *stack;
    uint32_t depth;
    uint32_t *afl;
    uint32_t nafl;
    uint8_t *tmodes;          /* the stack of template insertion modes (tb_mode), one per open
                               * template: sized like the stack */
    uint32_t ntmodes;
    wn_ht_str *pending;       /* "in table text": character tokens held back */
    size_t pending_cap;
    uint32_t npending;
    bool pending_nonws;
    uint32_t open_count[TB_TAG_COUNT];
    uint32_t open_other[TB_OTHER_BUCKETS];
    tb_mode mode, original;
    uint32_t html, head, body, form, context;
    bool frameset_ok, foster, ignore_lf;
    bool quirks;              /* the document is in quirks mode (tb_quirks.c) */
    wn_ht_token doctype;
    uint64_t dropped;
    wn_status err;
    wn_status limits_err;     /* of the last wn_tb_set_limits() */
};

/* treebuilder.c */
static inline wn_tb_node *tb_node(wn_tb *tb, uint32_t i) { return &tb->nodes[i]; }
static inline uint32_t tb_current(const wn_tb *tb) { return tb->depth ? tb->stack[tb->depth - 1] : 0; }
static inline bool tb_is(const wn_tb *tb, uint32_t n, tb_tag tag)
{
    return n && tb->nodes[n].ns == WN_NS_HTML && tb->nodes[n].tag == tag;
}
static inline bool tb_cur_is(const wn_tb *tb, tb_tag tag) { return tb_is(tb, tb_current(tb), tag); }
bool tb_is_special(const wn_tb *tb, uint32_t n);
/* ASCII whitespace of HTML (tab, LF, FF, CR, space): one compare and a bit test, inline, as
 * it runs for every byte of the whitespace between tags */
static inline bool tb_is_ws(char c)
{
    unsigned char u = (unsigned char)c;
    return u <= ' ' && (0x100003600ULL >> u) & 1;
}
size_t tb_ws_prefix(wn_ht_str s);
wn_ht_str tb_substr(wn_ht_str s, size_t from, size_t to);
wn_ht_token tb_fake_tag(wn_ht_type type, const char *name);
uint32_t tb_insert_element(wn_tb *tb, const tb_tok *k, wn_tb_ns ns, bool push);
void tb_adjust_foreign_attrs(wn_tb *tb, uint32_t n);
uint32_t tb_insert_fake(wn_tb *tb, const char *name, tb_tag tag);
void tb_insert_text(wn_tb *tb, wn_ht_str s);
void tb_insert_comment(wn_tb *tb, const wn_ht_token *t, uint32_t parent);
void tb_push(wn_tb *tb, uint32_t n);
void tb_pop(wn_tb *tb);
void tb_remove_from_stack(wn_tb *tb, uint32_t n);
void tb_pop_until(wn_tb *tb, tb_tag tag);
void tb_pop_until_node(wn_tb *tb, uint32_t n);
bool tb_in_scope(const wn_tb *tb, tb_tag tag, tb_scope scope);
bool tb_scope_boundary(const wn_tb_node *x, tb_scope scope);
void tb_implied_end(wn_tb *tb, tb_tag except);
void tb_implied_end_all(wn_tb *tb);
void tb_close_p(wn_tb *tb);
void tb_reset_mode(wn_tb *tb);
void tb_raw_element(wn_tb *tb, const tb_tok *k, wn_ht_content state);
void tb_merge_attrs(wn_tb *tb, uint32_t n, const wn_ht_token *t);
void tb_link(wn_tb *tb, uint32_t parent, uint32_t child, uint32_t before);
void tb_unlink(wn_tb *tb, uint32_t n);
void tb_afl_push(wn_tb *tb, uint32_t n);
void tb_afl_marker(wn_tb *tb);
void tb_afl_clear_to_marker(wn_tb *tb);
void tb_afl_remove(wn_tb *tb, uint32_t n);
void tb_reconstruct(wn_tb *tb);
void tb_step(wn_tb *tb, const tb_tok *k);
void tb_mode_step(wn_tb *tb, tb_mode m, const tb_tok *k);
void tb_in_head(wn_tb *tb, const tb_tok *k);

/* tb_quirks.c */
bool tb_doctype_quirks(const wn_ht_token *t);
/* tb_body.c */
void tb_in_body(wn_tb *tb, const tb_tok *k);
void tb_foreign(wn_tb *tb, const tb_tok *k);
bool tb_html_rules(wn_tb *tb, const tb_tok *k);
/* tb_table.c */
void tb_in_table(wn_tb *tb, const tb_tok *k);
void tb_in_table_text(wn_tb *tb, const tb_tok *k);
void tb_in_caption(wn_tb *tb, const tb_tok *k);
void tb_in_colgroup(wn_tb *tb, const tb_tok *k);
void tb_in_tbody(wn_tb *tb, const tb_tok *k);
void tb_in_row(wn_tb *tb, const tb_tok *k);
void tb_in_cell(wn_tb *tb, const tb_tok *k);
void tb_in_template(wn_tb *tb, const tb_tok *k);
void tb_template_push(wn_tb *tb);
void tb_template_pop(wn_tb *tb);

#endif
