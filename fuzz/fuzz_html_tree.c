/* fuzz_html_tree.c: libFuzzer target for the HTML tree builder (src/html/treebuilder.c), as a
 * document and as a fragment in a context picked by the first byte. Any bytes give a tree
 * whose links agree (a child's parent is the node whose child list holds it, prev and next
 * mirror each other), that has no cycle, and that respects the builder's limits (depth,
 * attributes per element); ASan and UBSan catch any read out of bounds. */
#include <stdlib.h>
#include "html/treebuilder.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const contexts[] = { "body", "div", "table", "tr", "td", "select", "title",
                                        "textarea", "script", "plaintext", "frameset", "html" };

static void check(const wn_tb *tb, uint32_t max_depth, uint32_t max_attrs)
{
    uint32_t count;
    const wn_tb_node *n = wn_tb_nodes(tb, &count);
    uint8_t *seen = calloc(count ? count : 1, 1);
    /* iterative walk: a cycle would revisit a node */
    uint32_t cur = 0, depth = 0;
    for (;;) {
        if (cur >= count || seen[cur])
            abort();
        seen[cur] = 1;
        if (n[cur].nattrs > max_attrs || n[cur].self != cur)
            abort();
        for (uint32_t c = n[cur].first; c; c = n[c].next) {
            if (c >= count || n[c].parent != cur || (n[c].next && n[n[c].next].prev != c))
                abort();
            if (!n[c].next && n[cur].last != c)
                abort();
        }
        if (n[cur].first) {
            cur = n[cur].first;
            /* elements open at once never exceed the cap; foreign and fostered nodes too */
            if (++depth > max_depth + 2)
                abort();
            continue;
        }
        while (cur && !n[cur].next) {
            cur = n[cur].parent;
            depth--;
        }
        if (!cur)
            break;
        cur = n[cur].next;
    }
    free(seen);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wn_tb_limits lim;
    wn_tb_limits_default(&lim);
    lim.max_depth = 64;
    lim.max_attrs = 8;
    lim.max_nodes = 1u << 16;
    wn_tb *tb;
    if (wn_tb_create(&tb, &lim))
        return 0;
    if (wn_tb_parse(tb, (const char *)data, size) == WN_OK)
        check(tb, lim.max_depth, lim.max_attrs);
    if (size) {
        const char *ctx = contexts[data[0] % (sizeof contexts / sizeof contexts[0])];
        if (wn_tb_parse_fragment(tb, (const char *)data + 1, size - 1, ctx) == WN_OK)
            check(tb, lim.max_depth, lim.max_attrs);
    }
    wn_tb_free(tb);
    return 0;
}
