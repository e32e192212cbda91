/* html_tree.c: prints the tree src/html/treebuilder.c builds, serialised the way the html5lib
 * tree-construction tests write their expected trees (tests/html5lib/tree.py drives it and
 * compares; see html5lib-tests' tree-construction/README.md for the format).
 *
 * Input, repeated until EOF: a line "CTXLEN INLEN", then CTXLEN bytes naming the context
 * element of a fragment test (0: a whole document) and INLEN bytes of input. Output per input:
 * a line with the byte count of the tree that follows, then the tree. Adjacent text nodes are
 * printed as one (the builder keeps runs of text that are not contiguous in the input apart;
 * the DOM would hold one node). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "html/treebuilder.h"

static wn_buf out, scratch;

static void put(const char *s, size_t n)
{
    if (wn_buf_append(&out, s, n))
        exit(2);
}

static void puts_(const char *s) { put(s, strlen(s)); }

static void decoded(wn_ht_str s)
{
    wn_buf_reset(&scratch);
    if (wn_ht_str_decode(s, &scratch))
        exit(2);
    put(scratch.data ? scratch.data : "", scratch.len);
}

static void indent(int depth)
{
    puts_("| ");
    for (int i = 0; i < depth; i++)
        puts_("  ");
}

typedef struct {
    wn_buf name, value;
} attr_text;

static int attr_cmp(const void *a, const void *b)
{
    const attr_text *x = a, *y = b;
    size_t n = x->name.len < y->name.len ? x->name.len : y->name.len;
    int c = memcmp(x->name.data, y->name.data, n);
    return c ? c : (x->name.len > y->name.len) - (x->name.len < y->name.len);
}

static void node(const wn_tb *tb, const wn_tb_node *nodes, uint32_t i, int depth)
{
    const wn_tb_node *x = &nodes[i];
    const wn_ht_attr *attrs = wn_tb_attrs(tb);
    switch (x->type) {
    case WN_TB_DOCTYPE: {
        const wn_ht_token *d = wn_tb_doctype(tb);
        indent(depth);
        puts_("<!DOCTYPE ");
        if (d->has_name)
            decoded(d->data);
        if (d->has_public || d->has_system) {
            puts_(" \"");
            if (d->has_public)
                decoded(d->public_id);
            puts_("\" \"");
            if (d->has_system)
                decoded(d->system_id);
            puts_("\"");
        }
        puts_(">\n");
        return;
    }
    case WN_TB_COMMENT:
        indent(depth);
        puts_("<!-- ");
        decoded(x->str);
        puts_(" -->\n");
        return;
    case WN_TB_TEXT:
        indent(depth);
        puts_("\"");
        decoded(x->str);
        while (x->next && nodes[x->next].type == WN_TB_TEXT) {
            x = &nodes[x->next];
            decoded(x->str);
        }
        puts_("\"\n");
        return;
    case WN_TB_ELEMENT: {
        indent(depth);
        puts_("<");
        if (x->ns == WN_NS_SVG)
            puts_("svg ");
        else if (x->ns == WN_NS_MATH)
            puts_("math ");
        decoded(x->str);
        puts_(">\n");
        attr_text *at = calloc(x->nattrs + 1, sizeof *at);
        for (uint32_t a = 0; a < x->nattrs; a++) {
            wn_buf_init(&at[a].name, WN_BUF_UNCAPPED);
            wn_buf_init(&at[a].value, WN_BUF_UNCAPPED);
            if (wn_ht_str_decode(attrs[x->attrs + a].name, &at[a].name) ||
                wn_ht_str_decode(attrs[x->attrs + a].value, &at[a].value))
                exit(2);
            if (!at[a].name.data)
                wn_buf_append(&at[a].name, "", 0);
            /* a namespaced attribute as the format writes it: "xlink href", "xmlns xmlns" */
            char *colon = memchr(at[a].name.data, ':', at[a].name.len);
            if (attrs[x->attrs + a].ns && colon)
                *colon = ' ';
            else if (attrs[x->attrs + a].ns) {   /* "xmlns" has no prefix: its namespace's */
                wn_buf b;
                wn_buf_init(&b, WN_BUF_UNCAPPED);
                wn_buf_append_str(&b, "xmlns ");
                wn_buf_append(&b, at[a].name.data, at[a].name.len);
                wn_buf_free(&at[a].name);
                at[a].name = b;
            }
        }
        qsort(at, x->nattrs, sizeof *at, attr_cmp);
        for (uint32_t a = 0; a < x->nattrs; a++) {
            indent(depth + 1);
            put(at[a].name.data, at[a].name.len);
            puts_("=\"");
            put(at[a].value.data ? at[a].value.data : "", at[a].value.len);
            puts_("\"\n");
            wn_buf_free(&at[a].name);
            wn_buf_free(&at[a].value);
        }
        free(at);
        break;
    }
    default:
        break;
    }
    /* a template's children are its contents (the builder keeps them in the tree), which the
     * format writes under "content" */
    if (x->type == WN_TB_ELEMENT && x->ns == WN_NS_HTML && x->tag == TB_TEMPLATE) {
        indent(depth + 1);
        puts_("content\n");
        depth++;
    }
    for (uint32_t c = x->first; c; c = nodes[c].next) {
        node(tb, nodes, c, depth + 1);
        while (nodes[c].type == WN_TB_TEXT && nodes[c].next && nodes[nodes[c].next].type == WN_TB_TEXT)
            c = nodes[c].next;
    }
}

int main(void)
{
    wn_tb_limits lim;
    wn_tb_limits_default(&lim);
    wn_tb *tb;
    if (wn_tb_create(&tb, &lim))
        return 2;
    wn_buf_init(&out, WN_BUF_UNCAPPED);
    wn_buf_init(&scratch, WN_BUF_UNCAPPED);
    size_t ctxlen, inlen;
    while (scanf("%zu %zu", &ctxlen, &inlen) == 2) {
        if (getchar() != '\n')
            return 2;
        char *ctx = malloc(ctxlen + 1), *in = malloc(inlen + 1);
        if (!ctx || !in || fread(ctx, 1, ctxlen, stdin) != ctxlen ||
            fread(in, 1, inlen, stdin) != inlen)
            return 2;
        ctx[ctxlen] = '\0';
        wn_status st = ctxlen ? wn_tb_parse_fragment(tb, in, inlen, ctx) : wn_tb_parse(tb, in, inlen);
        wn_buf_reset(&out);
        if (st) {
            puts_("error: ");
            puts_(wn_strerror(st));
            puts_("\n");
        } else {
            uint32_t count;
            const wn_tb_node *nodes = wn_tb_nodes(tb, &count);
            uint32_t root = ctxlen ? wn_tb_html(tb) : 0;
            for (uint32_t c = nodes[root].first; c; c = nodes[c].next) {
                node(tb, nodes, c, 0);
                while (nodes[c].type == WN_TB_TEXT && nodes[c].next && nodes[nodes[c].next].type == WN_TB_TEXT)
                    c = nodes[c].next;
            }
        }
        printf("%zu\n", out.len);
        fwrite(out.data ? out.data : "", 1, out.len, stdout);
        fflush(stdout);
        free(ctx);
        free(in);
    }
    wn_buf_free(&out);
    wn_buf_free(&scratch);
    wn_tb_free(tb);
    return 0;
}
