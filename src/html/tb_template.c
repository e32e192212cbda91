/* tb_template.c: the "in template" insertion mode (WHATWG HTML §13.2.6.4.18) and the stack of
 * template insertion modes: the first tag in a template's contents decides how they are
 * parsed (table rows, cells, columns, or as a body). A template's contents are its children
 * in this tree (extraction never reads them); tests/tools/html_tree.c writes them under
 * "content" as the html5lib format does. */
#include "html/tb_impl.h"

void tb_template_push(wn_tb *tb)
{
    if (tb->ntmodes <= tb->lim.max_depth)   /* one per open template: within the stack's size */
        tb->tmodes[tb->ntmodes++] = M_IN_TEMPLATE;
}

void tb_template_pop(wn_tb *tb)
{
    if (tb->ntmodes)
        tb->ntmodes--;
}

/* "pop the current template insertion mode, push m, switch to m, reprocess" */
static void switch_to(wn_tb *tb, tb_mode m, const tb_tok *k)
{
    if (tb->ntmodes)
        tb->tmodes[tb->ntmodes - 1] = (uint8_t)m;
    tb->mode = m;
    tb_step(tb, k);
}

void tb_in_template(wn_tb *tb, const tb_tok *k)
{
    switch (k->t->type) {
    case WN_HT_TEXT: case WN_HT_COMMENT: case WN_HT_DOCTYPE:
        tb_in_body(tb, k);
        return;
    case WN_HT_START:
        switch (k->tag) {
        case TB_BASE: case TB_BASEFONT: case TB_BGSOUND: case TB_LINK: case TB_META:
        case TB_NOFRAMES: case TB_SCRIPT: case TB_STYLE: case TB_TEMPLATE: case TB_TITLE:
            tb_in_head(tb, k);
            return;
        case TB_CAPTION: case TB_COLGROUP: case TB_TBODY: case TB_TFOOT: case TB_THEAD:
            switch_to(tb, M_IN_TABLE, k);
            return;
        case TB_COL: switch_to(tb, M_IN_COLGROUP, k); return;
        case TB_TR: switch_to(tb, M_IN_TBODY, k); return;
        case TB_TD: case TB_TH: switch_to(tb, M_IN_ROW, k); return;
        default: switch_to(tb, M_IN_BODY, k); return;
        }
    case WN_HT_END:
        if (k->tag == TB_TEMPLATE)
            tb_in_head(tb, k);
        return;
    case WN_HT_EOF:
        if (!tb->open_count[TB_TEMPLATE]) {
            tb->ntmodes = 0;   /* none open: parsing stops */
            return;
        }
        /* every open template closes (the spec's reprocessing would come back here once per
         * template: a loop instead of recursion that deep), then the end in the mode left */
        while (tb->open_count[TB_TEMPLATE]) {
            tb_pop_until(tb, TB_TEMPLATE);
            tb_afl_clear_to_marker(tb);
            tb_template_pop(tb);
        }
        tb->ntmodes = 0;
        tb_reset_mode(tb);
        tb_step(tb, k);
        return;
    }
}
