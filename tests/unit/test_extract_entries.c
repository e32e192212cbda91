/* test_extract_entries.c: a list in the article whose entries each open with their own label
 * ("2 December 2019: Evening news report", a dated list of press cuttings) is the article's
 * text although most of each entry is a link; a plain list of links after the article (a
 * "related" list) still goes (issue 16, trafilatura-eval's missed list entries).
 * Minimal pages through the public extraction path. */
#include <stdio.h>
#include <string.h>
#include "harness.h"
#include "extract_harness.h"

#define PARA1 "The fund was set up by the union to support workers on strike, and it has grown into a place where donors and strikers meet."
#define PARA2 "Since then, its aim has been to pay strikers within two days of a request, through a charter that the donors wrote with them."

static wn_extractor *x;
static wn_extract_result r;

/* The press list after the last paragraph: its dated entries stay; the related links go. */
static void test_dated_press_list(void)
{
    static char h[8192];
    strcpy(h, "<html><body><div class=\"entry-content\"><h1>Solidarity fund</h1><p>" PARA1 "</p><p>" PARA2 "</p>"
              "<h4>In the press</h4><ul>"
              "<li><strong>11 December 2019:</strong> <a href=\"/a.pdf\">Daily paper on how the donations are shared</a></li>"
              "<li><strong>2 December 2019:</strong> <a href=\"/b\">Evening news report on channel two</a></li>"
              "<li><strong>1 December 2019:</strong> <a href=\"/c.pdf\">Weekly magazine article on the strike fund</a></li>"
              "</ul></div><ul class=\"links\"><li><a href=\"/x\">Another story about something</a></li>"
              "<li><a href=\"/y\">Yet another story</a></li></ul></body></html>");
    CHECK(wn_extract_html(x, h, strlen(h), NULL, 0, &r) == WN_OK);
    CHECK_MSG(wn_t_has(r.text, PARA1) && wn_t_has(r.text, PARA2), "article lost: %.*s", (int)r.text.len, r.text.ptr);
    CHECK_MSG(wn_t_has(r.text, "Evening news report") && wn_t_has(r.text, "Weekly magazine article"),
              "dated entries dropped: %.*s", (int)r.text.len, r.text.ptr);
    CHECK_MSG(!wn_t_has(r.text, "Another story"), "related links kept: %.*s", (int)r.text.len, r.text.ptr);
}

int main(void)
{
    wn_stopwords *sw = wn_t_english_stopwords();
    x = wn_t_extractor(sw);
    RUN(test_dated_press_list);
    wn_extractor_free(x);
    wn_stopwords_free(sw);
    return DONE();
}
