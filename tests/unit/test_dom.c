/* test_dom.c: the DOM adapter over our own parser: parsing, navigation, attributes, script
 * text, and the bounds the parser keeps itself on pathological pages (issue 18, items 7 and
 * 8: stray end tags, nesting, memory per page), asserted on the tree and the status, never on
 * time (bench/html_hostile.sh times them). */
#include <stdlib.h>
#include "harness.h"
#include "winnow/internal.h"
#include "html/dom.h"

static void test_parse_walk(void)
{
    wn_dom *d = NULL;
    CHECK(wn_dom_create(&d) == WN_OK);
    wn_dom_limits l;
    wn_dom_limits_default(&l);
    const char *html = "<html lang=de><body><div id=main class='a b'><p>Hello &amp; <b>world</b></p></div></body></html>";
    CHECK(wn_dom_parse(d, html, strlen(html), &l) == WN_OK);
    wn_dom_node *body = wn_dom_body(d);
    CHECK(body && wn_dom_tag(body) == WN_TAG_BODY);
    wn_dom_node *div = wn_dom_first_child(body);
    CHECK(div && wn_dom_tag(div) == WN_TAG_DIV);
    wn_slice id = wn_dom_attr_get(div, "id");
    CHECK(id.len == 4 && !memcmp(id.ptr, "main", 4));
    CHECK(wn_dom_attr_get(div, "style").ptr == NULL);
    wn_dom_node *p = wn_dom_first_child(div);
    CHECK(p && wn_dom_tag(p) == WN_TAG_P && wn_dom_parent(p) == div);
    wn_dom_node *t = wn_dom_first_child(p);
    CHECK(t && wn_dom_tag(t) == WN_TAG_TEXT);
    wn_slice s = wn_dom_text(t);
    CHECK(s.len == 8 && !memcmp(s.ptr, "Hello & ", 8));
    wn_slice name = wn_dom_tag_name(d, wn_dom_next_sibling(t));
    CHECK(name.len == 1 && name.ptr[0] == 'b');
    wn_slice lang = wn_dom_attr_get(wn_dom_html(d), "lang");
    CHECK(lang.len == 2);
    /* the tree is reused: a second parse replaces the first */
    CHECK(wn_dom_parse(d, "<p>x", 4, &l) == WN_OK);
    CHECK(wn_dom_tag(wn_dom_first_child(wn_dom_body(d))) == WN_TAG_P);
    wn_dom_free(d);
    wn_dom_free(NULL);
}

/* The text of the first child of the first element with tag t under n (pre-order), or "?" */
static wn_slice text_of(wn_dom_node *n, wn_tag t)
{
    for (wn_dom_node *c = wn_dom_first_child(n); c; c = wn_dom_next_sibling(c)) {
        if (wn_dom_tag(c) == t) {
            wn_dom_node *x = wn_dom_first_child(c);
            return x ? wn_dom_text(x) : (wn_slice){ "", 0 };
        }
        wn_slice s = text_of(c, t);
        if (s.len != 1 || s.ptr[0] != '?')
            return s;
    }
    return (wn_slice){ "?", 1 };
}

static void test_script_text(void)
{
    wn_dom *d = NULL;
    CHECK(wn_dom_create(&d) == WN_OK);
    wn_dom_limits l;
    wn_dom_limits_default(&l);
    const char *html = "<head><style>p{x:1}</style><script>var a = '<p>';</script>"
                       "<script type='application/LD+JSON'>{\"a\":1}</script></head>"
                       "<body><xmp>raw <b></xmp><svg><style>s</style></svg><p>t<script>x()</script>u</p>";
    CHECK(wn_dom_parse(d, html, strlen(html), &l) == WN_OK);
    wn_dom_node *doc = wn_dom_document(d);
    CHECK(text_of(doc, WN_TAG_STYLE).len == 6);
    CHECK(text_of(doc, WN_TAG_SCRIPT).len == 14);
    wn_dom_keep_script_text(d, false);
    CHECK(wn_dom_parse(d, html, strlen(html), &l) == WN_OK);
    doc = wn_dom_document(d);
    CHECK(text_of(doc, WN_TAG_STYLE).len == 0);
    wn_dom_node *head = wn_dom_first_child(wn_dom_html(d));
    wn_dom_node *s1 = wn_dom_next_sibling(wn_dom_first_child(head));
    wn_dom_node *s2 = wn_dom_next_sibling(s1);
    CHECK(wn_dom_tag(s1) == WN_TAG_SCRIPT && wn_dom_tag(s2) == WN_TAG_SCRIPT);
    CHECK(!wn_dom_first_child(s1) || wn_dom_text(wn_dom_first_child(s1)).len == 0);
    CHECK(wn_dom_first_child(s2) && wn_dom_text(wn_dom_first_child(s2)).len == 7);   /* JSON stays */
    /* the rest of the tree is unchanged: raw text of other elements, foreign styles, the
     * paragraph's text around its script */
    wn_slice x = text_of(wn_dom_body(d), WN_TAG_OTHER);
    CHECK(x.len == 7 && !memcmp(x.ptr, "raw <b>", 7));
    wn_dom_node *svg = wn_dom_next_sibling(wn_dom_first_child(wn_dom_body(d)));
    CHECK(wn_dom_tag(svg) == WN_TAG_SVG && text_of(svg, WN_TAG_STYLE).len == 1);
    wn_dom_node *p = wn_dom_next_sibling(svg);
    CHECK(p && wn_dom_tag(p) == WN_TAG_P);
    wn_dom_node *t = wn_dom_first_child(p);
    CHECK(t && wn_dom_text(t).len == 1 && wn_dom_tag(wn_dom_next_sibling(t)) == WN_TAG_SCRIPT);
    CHECK(wn_dom_text(wn_dom_next_sibling(wn_dom_next_sibling(t))).len == 1);
    wn_dom_free(d);
}

/* The parser keeps its bounds itself: deep, wide and stray markup is parsed in linear time
 * and bounded memory (bench/html_hostile.sh times it), and only a page over the size cap or a
 * tree too large for the page's size is refused. */
static void test_bounds(void)
{
    wn_dom *d = NULL;
    CHECK(wn_dom_create(&d) == WN_OK);
    wn_dom_limits l;
    wn_dom_limits_default(&l);
    wn_buf b;
    wn_buf_init(&b, WN_BUF_UNCAPPED);
    /* 100k nested tags: parsed, the nesting stops at the depth cap */
    for (int i = 0; i < 100000; i++)
        wn_buf_append_str(&b, "<div>");
    wn_buf_append_str(&b, "deep");
    CHECK(wn_dom_parse(d, b.data, b.len, &l) == WN_OK);
    unsigned depth = 0;
    wn_dom_node *n = wn_dom_body(d);
    while (n && wn_dom_first_child(n) && depth < 100000) {
        n = wn_dom_first_child(n);
        depth++;
    }
    CHECK(depth <= l.max_depth && n && wn_dom_tag(n) == WN_TAG_TEXT);
    CHECK(wn_dom_text(n).len == 4);
    /* stray end tags after the same: parsed */
    for (int i = 0; i < 1000000; i++)
        wn_buf_append_str(&b, "</x>");
    CHECK(wn_dom_parse(d, b.data, b.len, &l) == WN_OK);
    /* a tag with 100k attributes keeps max_attrs of them */
    wn_buf_reset(&b);
    wn_buf_append_str(&b, "<p");
    for (int i = 0; i < 100000; i++)
        wn_buf_printf(&b, " a%d=\"v\"", i);
    wn_buf_append_str(&b, ">x</p>");
    CHECK(wn_dom_parse(d, b.data, b.len, &l) == WN_OK);
    unsigned na = 0;
    for (wn_dom_attr *a = wn_dom_attr_first(wn_dom_first_child(wn_dom_body(d))); a; a = wn_dom_attr_next(a))
        na++;
    CHECK(na == l.max_attrs);
    /* text split by markup that makes no node reads as one text node, as in the DOM */
    const char *split = "<p>one &amp;</x> two</>three";
    CHECK(wn_dom_parse(d, split, strlen(split), &l) == WN_OK);
    wn_dom_node *t = wn_dom_first_child(wn_dom_first_child(wn_dom_body(d)));
    CHECK(t && wn_dom_text(t).len == 14 && !memcmp(wn_dom_text(t).ptr, "one & twothree", 14));
    CHECK(!wn_dom_next_sibling(t));
    wn_buf_free(&b);
    wn_dom_free(d);
}

/* n repeats of a piece, between a prefix and a suffix (each may be ""). */
static void repeat(wn_buf *b, const char *prefix, const char *piece, size_t n, const char *suffix)
{
    wn_buf_reset(b);
    wn_buf_append_str(b, prefix);
    for (size_t i = 0; i < n; i++)
        wn_buf_append_str(b, piece);
    wn_buf_append_str(b, suffix);
}

/* The deepest element under the document (iteratively: the tree is what is tested) and the
 * number of nodes. */
static unsigned tree_depth(wn_dom *d, size_t *nodes)
{
    unsigned depth = 0, max = 0;
    *nodes = 0;
    wn_dom_node *root = wn_dom_document(d), *n = root ? wn_dom_first_child(root) : NULL;
    if (n)
        depth = 1;
    while (n) {
        ++*nodes;
        max = depth > max ? depth : max;
        wn_dom_node *c = wn_dom_first_child(n);
        if (c) {
            n = c;
            depth++;
            continue;
        }
        while (n && n != root && !wn_dom_next_sibling(n)) {
            n = wn_dom_parent(n);
            depth--;
        }
        n = n && n != root ? wn_dom_next_sibling(n) : NULL;
    }
    return max;
}

/* Issue 18, items 7 and 8, and issue 19: the shapes that once cost a parser quadratic time
 * (scope checks walking the stack of open elements for every stray end tag, <p> or ruby text)
 * or ~75x the page in memory are parsed, with the tree's depth within the cap (plus html and
 * body), and a page whose tree would outgrow 4 bytes per byte + 16 MiB is refused. */
static void test_hostile_shapes(void)
{
    wn_dom *d = NULL;
    CHECK(wn_dom_create(&d) == WN_OK);
    wn_dom_limits l;
    wn_dom_limits_default(&l);
    wn_buf b;
    wn_buf_init(&b, WN_BUF_UNCAPPED);
    static const struct { const char *prefix, *piece, *suffix; size_t n; } shapes[] = {
        { "", "<div></x>", "", 100000 },              /* end tags that close nothing */
        { "", "<section></span>", "", 5000 },
        { "", "<rt>x", "", 100000 },                  /* ruby text without <ruby> */
        { "<ruby>", "<rb>x<rt>y<rp>(", "</ruby>", 5000 },
        { "", "<p><b class=x>x</p>", "", 5000 },      /* formatting reopened in each <p> */
        { "", "<b><i>x</b></i><div><span>y</span></div>", "", 5000 },
        { "", "<div><section><span>x</div>", "", 5000 },
        { "", "<br a b c d e f>x", "", 20000 },
    };
    for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++) {
        repeat(&b, shapes[i].prefix, shapes[i].piece, shapes[i].n, shapes[i].suffix);
        CHECK_MSG(wn_dom_parse(d, b.data, b.len, &l) == WN_OK, "shape %zu", i);
        size_t nodes;
        unsigned depth = tree_depth(d, &nodes);
        CHECK_MSG(depth <= l.max_depth + 2 && nodes > 2, "shape %zu: depth %u, %zu nodes", i, depth, nodes);
    }
    /* a stack at the depth cap, then a million stray end tags, or 200k paragraphs (each checks
     * for an open <p> in button scope; a million would be too many nodes, below) */
    repeat(&b, "", "<div>", 1000, "");
    for (int i = 0; i < 1000000; i++)
        wn_buf_append_str(&b, "</x>");
    CHECK(wn_dom_parse(d, b.data, b.len, &l) == WN_OK);
    repeat(&b, "", "<div>", 1000, "");
    for (int i = 0; i < 200000; i++)
        wn_buf_append_str(&b, "<p>");
    CHECK(wn_dom_parse(d, b.data, b.len, &l) == WN_OK);
    /* memory: "<p>" is 3 bytes of page and a 56-byte node: 48k of them fit the constant, 5M
     * (15 MB) do not fit 4 bytes per byte */
    repeat(&b, "", "<p>", 48000, "");
    CHECK(wn_dom_parse(d, b.data, b.len, &l) == WN_OK);
    repeat(&b, "", "<p>", 5000000, "");
    CHECK(wn_dom_parse(d, b.data, b.len, &l) == WN_ERR_TOO_MANY_ELEMENTS);
    /* prose in paragraphs, however long the page, is within every bound */
    repeat(&b, "<html><body><article>",
           "<p class=\"para\">The council said on Tuesday that the plan for the new bridge would go "
           "ahead after a vote, and that work on it is to start in the spring.</p>\n", 80000,
           "</article></body></html>");
    CHECK(b.len > 10000000);
    CHECK(wn_dom_parse(d, b.data, b.len, &l) == WN_OK);
    /* a page over the size cap */
    wn_buf_reset(&b);
    CHECK(wn_buf_reserve(&b, l.max_bytes + 1) == WN_OK);
    memset(b.data, 'a', l.max_bytes + 1);
    b.len = l.max_bytes + 1;
    CHECK(wn_dom_parse(d, b.data, b.len, &l) == WN_ERR_TOO_LARGE);
    wn_buf_free(&b);
    wn_dom_free(d);
}

int main(void)
{
    RUN(test_parse_walk);
    RUN(test_script_text);
    RUN(test_bounds);
    RUN(test_hostile_shapes);
    return DONE();
}
