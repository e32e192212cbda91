/* test_dom.c: the DOM adapter: parsing, navigation, attributes, and the bounds that turn
 * pathological pages into too_large / too_deep before the parser sees them. */
#include <stdlib.h>
#include <time.h>
#include "harness.h"
#include "winnow.h"
#include "html/dom.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void test_parse_walk(void)
{
    wn_dom *d;
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
    double t0 = now();
    CHECK(wn_dom_parse(d, deep, n * 5, &l) == WN_ERR_TOO_DEEP);
    CHECK(now() - t0 < 1.0);
    /* many sibling paragraphs without end tags are not deep */
    for (size_t i = 0; i < n / 2; i++)
        memcpy(deep + i * 3, "<p>", 3);
    CHECK(wn_dom_prescan(deep, n / 2 * 3, &l) == WN_OK);
    free(deep);
    /* a tag with 100k attributes */
    wn_buf b;
    wn_buf_init(&b, 0);
    wn_buf_append_str(&b, "<p");
    for (int i = 0; i < 100000; i++)
        wn_buf_printf(&b, " a%d=\"v\"", i);
    wn_buf_append_str(&b, ">x</p>");
    t0 = now();
    CHECK(wn_dom_parse(d, b.data, b.len, &l) == WN_ERR_TOO_LARGE);
    CHECK(now() - t0 < 1.0);
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

int main(void)
{
    RUN(test_parse_walk);
    RUN(test_bounds);
    return DONE();
}
