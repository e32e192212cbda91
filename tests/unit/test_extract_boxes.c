/* test_extract_boxes.c: a page builder's word for every box (Elementor's "elementor-widget",
 * on the heading, the picture and each part of the article alike) says nothing where the
 * article's text lies in such boxes; it stays believed where the article is outside them and
 * the widgets are the sidebar's (issue 16, trafilatura-eval's missed snippets under
 * page-builder boxes). Minimal pages through the public extraction path. */
#include <stdio.h>
#include <string.h>
#include "harness.h"
#include "extract_harness.h"

#define PARA1 "The network was founded ten years ago by young journalists, and it has grown into a place where policy and practice meet."
#define PARA2 "Since then, its aim has been to raise awareness of how the world's politics hang together, through talks, papers and workshops."
#define PARA3 "A further example is the hub for young strategists, which builds on the idea that a new generation should shape its own future."
#define SIDE "Our newsletter comes out once a month, and it is the best way to hear of the next events and of the papers that we publish."

static wn_extractor *x;
static wn_extract_result r;

static void widget(char *h, const char *kind, const char *inner)
{
    strcat(h, "<div class=\"elementor-element elementor-widget elementor-widget-");
    strcat(h, kind);
    strcat(h, "\"><div class=\"elementor-widget-container\">");
    strcat(h, inner);
    strcat(h, "</div></div>");
}

/* The article's paragraphs each in a text widget of a column's widget wrap, a heading widget
 * above them, a menu widget beside: the paragraphs are the text. */
static void test_article_in_builder_boxes(void)
{
    static char h[16384];
    strcpy(h, "<html><body><div class=\"elementor-section\"><div class=\"elementor-widget-wrap\">");
    widget(h, "nav-menu", "<ul><li><a href=\"/\">Home</a></li><li><a href=\"/about\">About us</a></li></ul>");
    widget(h, "heading", "<h2>About us</h2>");
    widget(h, "text-editor", "<p>" PARA1 "</p>");
    widget(h, "image", "<img src=\"a.jpg\" alt=\"\">");
    widget(h, "text-editor", "<p>" PARA2 "</p>");
    widget(h, "text-editor", "<p>" PARA3 "</p>");
    strcat(h, "</div></div><footer><p>Copyright 2020, all rights reserved.</p></footer></body></html>");
    CHECK(wn_extract_html(x, h, strlen(h), NULL, 0, &r) == WN_OK);
    CHECK_MSG(wn_t_has(r.text, PARA1) && wn_t_has(r.text, PARA2) && wn_t_has(r.text, PARA3), "a paragraph lost: %.*s",
              (int)r.text.len, r.text.ptr);
    CHECK_MSG(!wn_t_has(r.text, "Home") && !wn_t_has(r.text, "Copyright"), "menu or footer kept: %.*s",
              (int)r.text.len, r.text.ptr);
}

/* The other way: an article outside any widget, a sidebar of widgets with prose in one: the
 * widgets stay boilerplate. */
static void test_sidebar_widgets(void)
{
    static char h[16384];
    strcpy(h, "<html><body><div class=\"main\"><h1>About</h1><p>" PARA1 "</p><p>" PARA2 "</p><p>" PARA3 "</p></div>"
              "<div class=\"column\"><div class=\"widget widget_text\"><div class=\"textwidget\"><p>" SIDE "</p></div></div>"
              "<div class=\"widget widget_archive\"><ul><li><a href=\"/a\">May 2020</a></li></ul></div></div></body></html>");
    CHECK(wn_extract_html(x, h, strlen(h), NULL, 0, &r) == WN_OK);
    CHECK_MSG(wn_t_has(r.text, PARA1) && wn_t_has(r.text, PARA3), "article lost: %.*s", (int)r.text.len, r.text.ptr);
    CHECK_MSG(!wn_t_has(r.text, "newsletter"), "sidebar widget kept: %.*s", (int)r.text.len, r.text.ptr);
}

int main(void)
{
    wn_stopwords *sw = wn_t_english_stopwords();
    x = wn_t_extractor(sw);
    RUN(test_article_in_builder_boxes);
    RUN(test_sidebar_widgets);
    wn_extractor_free(x);
    wn_stopwords_free(sw);
    return DONE();
}
