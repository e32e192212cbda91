/* test_extract_evidence.c: a class word does not veto prose that the text itself says is the
 * article (issue 16, item 3). Minimal pages through wn_extract_html, with each parser. */
#include <string.h>
#include "harness.h"
#include "winnow/internal.h"

#define PROSE1 "The council decided on Monday that the old bridge, which has stood for two hundred years, will be repaired rather than replaced."
#define PROSE2 "Residents had asked for the repair for a long time, and the vote was unanimous, said the mayor after the meeting in the hall."
#define PROSE3 "Work will start in the spring and should be finished before the winter, when the river is at its highest and traffic is light."
#define LINKS "<li><a href=\"/a\">Weather in the region this week</a></li><li><a href=\"/b\">Sports results of the weekend</a></li>" \
              "<li><a href=\"/c\">Letters to the editor of this paper</a></li><li><a href=\"/d\">Obituaries and family notices</a></li>"

static wn_html_parser parser;

static bool has(wn_slice s, const char *needle)
{
    return memmem(s.ptr, s.len, needle, strlen(needle)) != NULL;
}

/* The article's wrapper carries a class that mixes a content word with a boilerplate one
 * ("content_module js-social-images", as a CMS writes it); the page's link lists outweigh it
 * in characters, so the rule that a hint on most of the container's text is not believed does
 * not save it. Its paragraphs are the page's prose: they stay; the sidebar's links do not. */
static void test_mixed_class_on_the_article(void)
{
    wn_extractor *x;
    wn_extract_opts o;
    wn_extract_opts_default(&o);
    o.parser = parser;
    CHECK(wn_extractor_create(&x, &o) == WN_OK);
    static char h[8192];
    strcpy(h, "<html><body><div class=\"page\"><div class=\"head\"><ul>" LINKS LINKS "</ul></div>"
              "<div class=\"main\"><div class=\"module content_module social-images\"><h1>Bridge</h1><p>" PROSE1 "</p><p>"
              PROSE2 "</p><p>" PROSE3 "</p></div><div class=\"module sidebar_module\"><ul>" LINKS LINKS LINKS
              "</ul></div></div></div></body></html>");
    wn_extract_result r;
    CHECK(wn_extract_html(x, h, strlen(h), NULL, 0, &r) == WN_OK);
    CHECK_MSG(has(r.text, PROSE1) && has(r.text, PROSE2) && has(r.text, PROSE3), "prose dropped: '%.*s'",
              (int)r.text.len, r.text.ptr);
    CHECK(!has(r.text, "Obituaries"));
    /* the same class on a box beside the article, holding a short note, is still believed */
    strcpy(h, "<html><body><div class=\"main\"><div class=\"story\"><h1>Bridge</h1><p>" PROSE1 "</p><p>" PROSE2 "</p><p>"
              PROSE3 "</p></div><div class=\"module content_module social-images\"><p>Share this story with your friends, "
              "and follow us for more news like this every day.</p></div></div></body></html>");
    CHECK(wn_extract_html(x, h, strlen(h), NULL, 0, &r) == WN_OK);
    CHECK(has(r.text, PROSE1) && has(r.text, PROSE3));
    CHECK_MSG(!has(r.text, "Share this story"), "'%.*s'", (int)r.text.len, r.text.ptr);
    wn_extractor_free(x);
}

int main(void)
{
    for (int i = 0; i < 2; i++) {
        parser = i ? WN_PARSER_OWN : WN_PARSER_MYHTML;
        RUN(test_mixed_class_on_the_article);
    }
    return DONE();
}
