/* extract_render.c: step 8 of extraction (see extract_impl.h): the kept blocks as text lines
 * or Markdown (headings, lists, quotes, code, tables). */
#include <string.h>
#include "html/extract_impl.h"

void wn_page_render(wn_page *pg)
{
    wn_buf *o = &pg->out;
    wn_buf_reset(o);
    bool md = pg->o->format == WN_EXTRACT_MARKDOWN;
    const wn_page_blk *prev = NULL;
    int32_t header_done_table = -1;
    unsigned row_cells = 0;
    for (size_t i = 0; i < pg->n_blks; i++) {
        const wn_page_blk *b = &pg->blks[i];
        if (!b->keep || !b->len)
            continue;
        if (b->kind == WN_BLK_CELL && !pg->o->keep_tables)
            continue;
        const char *t = md ? pg->md.data + b->moff : pg->plain.data + b->off;
        size_t tl = md ? b->mlen : b->len;
        bool same_row = prev && prev->kind == WN_BLK_CELL && b->kind == WN_BLK_CELL && prev->row == b->row && b->row >= 0;
        if (same_row) {
            wn_buf_append_str(o, " | ");
            wn_buf_append(o, t, tl);
            row_cells++;
            prev = b;
            continue;
        }
        if (md && prev && prev->kind == WN_BLK_CELL) {
            wn_buf_append_str(o, " |");
            if (header_done_table != prev->table && prev->table >= 0) {
                header_done_table = prev->table;
                wn_buf_append_char(o, '\n');
                for (unsigned k = 0; k < row_cells; k++)
                    wn_buf_append_str(o, "| --- ");
                wn_buf_append_char(o, '|');
            }
        }
        if (o->len) {
            bool tight = prev && ((prev->kind == WN_BLK_LI && b->kind == WN_BLK_LI) ||
                                  (prev->kind == WN_BLK_CELL && b->kind == WN_BLK_CELL && prev->table == b->table));
            wn_buf_append_str(o, md && !tight ? "\n\n" : "\n");
        }
        if (md && (b->flags & WN_BLKF_IN_QUOTE))
            wn_buf_append_str(o, "> ");
        switch (b->kind) {
        case WN_BLK_H:
            if (md) {
                for (int k = 0; k < b->level; k++)
                    wn_buf_append_char(o, '#');
                wn_buf_append_char(o, ' ');
            }
            break;
        case WN_BLK_LI:
            if (md)
                for (int k = 1; k < b->level; k++)
                    wn_buf_append_str(o, "  ");
            wn_buf_append_str(o, "- ");
            break;
        case WN_BLK_PRE:
            if (md)
                wn_buf_append_str(o, "```\n");
            break;
        case WN_BLK_CELL:
            row_cells = 1;
            if (md)
                wn_buf_append_str(o, "| ");
            break;
        default:
            break;
        }
        wn_buf_append(o, t, tl);
        if (md && b->kind == WN_BLK_PRE)
            wn_buf_append_str(o, "\n```");
        prev = b;
    }
    if (md && prev && prev->kind == WN_BLK_CELL) {
        wn_buf_append_str(o, " |");
        if (header_done_table != prev->table) {
            wn_buf_append_char(o, '\n');
            for (unsigned k = 0; k < row_cells; k++)
                wn_buf_append_str(o, "| --- ");
            wn_buf_append_char(o, '|');
        }
    }
}
