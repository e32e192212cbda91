/* test_dom.c: the DOM adapter: parsing, navigation, attributes, with myhtml and with our own
 * parser (--parser own), and the bounds that turn pathological pages into too_large /
 * too_deep before myhtml sees them, or that our parser keeps itself. */
#include <stdlib.h>
#include "harness.h"
#include "winnow/internal.h"
#include "html/dom.h"

/* a dom of either parser */
static wn_dom *dom_new(bool own)
{
    wn_dom *d = NULL;
    CHECK(wn_dom_create(&d) == WN_OK);
    if (own)
        CHECK(wn_dom_use_own(d) == WN_OK);
    return d;
}

static void parse_walk(bool own)
{
    wn_dom *d = dom_new(own);
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

static void script_text(bool own)
{
    wn_dom *d = dom_new(own);
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

static void test_parse_walk(void) { parse_walk(false); }
static void test_parse_walk_own(void) { parse_walk(true); }

static void repeat_own(wn_buf *b, const char *piece, size_t n)
{
    wn_buf_reset(b);
    for (size_t i = 0; i < n; i++)
        wn_buf_append_str(b, piece);
}
static void test_script_text(void) { script_text(false); }
static void test_script_text_own(void) { script_text(true); }

/* Our parser keeps its bounds itself, with no prescan: what myhtml is refused is parsed in
 * linear time and bounded memory (bench/html_hostile.sh times it), and only a tree too large
 * for the page's size is refused. */
static void test_bounds_own(void)
{
    wn_dom *d = dom_new(true);
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
    /* 5M paragraphs (15 MB): more tree than 4 bytes per byte of page + 16 MiB */
    repeat_own(&b, "<p>", 5000000);
    CHECK(wn_dom_parse(d, b.data, b.len, &l) == WN_ERR_TOO_MANY_ELEMENTS);
    /* text split by markup that makes no node reads as one text node, as in the DOM */
    const char *split = "<p>one &amp;</x> two</>three";
    CHECK(wn_dom_parse(d, split, strlen(split), &l) == WN_OK);
    wn_dom_node *t = wn_dom_first_child(wn_dom_first_child(wn_dom_body(d)));
    CHECK(t && wn_dom_text(t).len == 14 && !memcmp(wn_dom_text(t).ptr, "one & twothree", 14));
    CHECK(!wn_dom_next_sibling(t));
    wn_buf_free(&b);
    wn_dom_free(d);
}

static void test_bounds(void)
{
    wn_dom *d;
    CHECK(wn_dom_create(&d) == WN_OK);
    wn_dom_limits l;
    wn_dom_limits_default(&l);
    /* 100k nested tags: refused by the prescan, fast */
    size_t n = 100000;
    char *deep = malloc(n * 5 + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(deep + i * 5, "<div>", 5);
    /* the prescan alone refuses it, so the parser never sees it (asserted by what refuses it,
     * not by a clock: tests never depend on the machine's speed) */
    CHECK(wn_dom_prescan(deep, n * 5, &l) == WN_ERR_TOO_DEEP);
    CHECK(wn_dom_parse(d, deep, n * 5, &l) == WN_ERR_TOO_DEEP);
    /* many sibling paragraphs without end tags are not deep */
    for (size_t i = 0; i < n / 2; i++)
        memcpy(deep + i * 3, "<p>", 3);
    CHECK(wn_dom_prescan(deep, n / 2 * 3, &l) == WN_OK);
    free(deep);
    /* a tag with 100k attributes */
    wn_buf b;
    wn_buf_init(&b, WN_BUF_UNCAPPED);
    wn_buf_append_str(&b, "<p");
    for (int i = 0; i < 100000; i++)
        wn_buf_printf(&b, " a%d=\"v\"", i);
    wn_buf_append_str(&b, ">x</p>");
    CHECK(wn_dom_prescan(b.data, b.len, &l) == WN_ERR_TOO_LARGE);
    CHECK(wn_dom_parse(d, b.data, b.len, &l) == WN_ERR_TOO_LARGE);
    /* a 50 MB page */
    wn_buf_reset(&b);
    CHECK(wn_buf_reserve(&b, (size_t)50 << 20) == WN_OK);
    memset(b.data, 'a', (size_t)50 << 20);
    b.len = (size_t)50 << 20;
    CHECK(wn_dom_parse(d, b.data, b.len, &l) == WN_ERR_TOO_LARGE);
    /* comments, scripts and quoted '>' do not confuse the prescan */
    const char *tricky = "<!-- <div><div> --><script>if (a<b) { '<div>' }</script><p title='>'>ok</p>";
    l.max_depth = 1;
    CHECK(wn_dom_prescan(tricky, strlen(tricky), &l) == WN_OK);
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

/* Issue 18, items 7 and 8: the prescan's model of the stack of open elements is not fooled by
 * end tags that close nothing or by tags a sibling does not close, bounds the parser's scope
 * walks by the page's size, and refuses pages whose nodes would take far more memory than
 * their bytes. Only the prescan runs here: the parser would take minutes on the old misses. */
static void test_prescan_model(void)
{
    wn_dom_limits l;
    wn_dom_limits_default(&l);
    wn_buf b;
    wn_buf_init(&b, WN_BUF_UNCAPPED);
    /* end tags that close nothing do not undo the nesting (the parser walks the whole stack
     * for each, then ignores it) */
    repeat(&b, "", "<div></x>", 100000, "");
    CHECK(wn_dom_prescan(b.data, b.len, &l) == WN_ERR_TOO_DEEP);
    repeat(&b, "", "<section></span>", 5000, "");
    CHECK(wn_dom_prescan(b.data, b.len, &l) == WN_ERR_TOO_DEEP);
    /* ruby text without a <ruby> stays open; inside one, each closes the previous */
    repeat(&b, "", "<rt>x", 100000, "");
    CHECK(wn_dom_prescan(b.data, b.len, &l) == WN_ERR_TOO_DEEP);
    repeat(&b, "<ruby>", "<rb>x<rt>y<rp>(", 5000, "</ruby>");
    CHECK(wn_dom_prescan(b.data, b.len, &l) == WN_OK);
    /* formatting elements closed by another end tag are reopened: they stay counted */
    repeat(&b, "", "<p><b class=x>x</p>", 5000, "");
    CHECK(wn_dom_prescan(b.data, b.len, &l) == WN_ERR_TOO_DEEP);
    /* misnested formatting that closes itself is not deep */
    repeat(&b, "", "<b><i>x</b></i><div><span>y</span></div>", 5000, "");
    CHECK(wn_dom_prescan(b.data, b.len, &l) == WN_OK);
    /* an end tag pops what the element it closes holds */
    repeat(&b, "", "<div><section><span>x</div>", 5000, "");
    CHECK(wn_dom_prescan(b.data, b.len, &l) == WN_OK);
    /* a stack just under the depth cap, walked by a million stray end tags: bounded work */
    wn_buf_reset(&b);
    for (int i = 0; i < 1000; i++)
        wn_buf_append_str(&b, "<div>");
    for (int i = 0; i < 1000000; i++)
        wn_buf_append_str(&b, "</x>");
    CHECK(wn_dom_prescan(b.data, b.len, &l) == WN_ERR_TOO_DEEP);
    /* the same for <p>, whose scope check walks the stack too */
    wn_buf_reset(&b);
    for (int i = 0; i < 1000; i++)
        wn_buf_append_str(&b, "<div>");
    for (int i = 0; i < 1000000; i++)
        wn_buf_append_str(&b, "<p>");
    CHECK(wn_dom_prescan(b.data, b.len, &l) == WN_ERR_TOO_DEEP);
    /* memory: "<p>" costs the parser 264 bytes for 3 of page; the budget (6 per byte + 12 MiB)
     * lets 51k of them through, not 55k; attributes and text weigh too */
    repeat(&b, "", "<p>", 48000, "");
    CHECK(wn_dom_prescan(b.data, b.len, &l) == WN_OK);
    repeat(&b, "", "<p>", 55000, "");
    CHECK(wn_dom_prescan(b.data, b.len, &l) == WN_ERR_TOO_MANY_ELEMENTS);
    repeat(&b, "", "<p>", 5000000, "");
    CHECK(wn_dom_prescan(b.data, b.len, &l) == WN_ERR_TOO_MANY_ELEMENTS);
    repeat(&b, "", "<br a b c d e f>x", 20000, "");
    CHECK(wn_dom_prescan(b.data, b.len, &l) == WN_ERR_TOO_MANY_ELEMENTS);
    /* prose in paragraphs, however long the page, is within every budget */
    repeat(&b, "<html><body><article>",
           "<p class=\"para\">The council said on Tuesday that the plan for the new bridge would go "
           "ahead after a vote, and that work on it is to start in the spring.</p>\n", 80000,
           "</article></body></html>");
    CHECK(b.len > 10000000);
    CHECK(wn_dom_prescan(b.data, b.len, &l) == WN_OK);
    wn_buf_free(&b);
}

int main(void)
{
    RUN(test_parse_walk);
    RUN(test_parse_walk_own);
    RUN(test_script_text_own);
    RUN(test_bounds_own);
    RUN(test_bounds);
    RUN(test_prescan_model);
    RUN(test_script_text);
    return DONE();
}
