/* test_extract_reach.c: text of the article that selection leaves out (issue 16, item 5, the
 * article's extent, recall side). Each case is a minimal page through the public extraction
 * path (wn_extract_html) and fails without the rule it names. */
#include <stdio.h>
#include <string.h>
#include "harness.h"
#include "extract_harness.h"
#include "winnow/internal.h"

/* paragraphs longer than 150 characters with the stop words of running text: jusText's good */
#define LONG1 "The council decided on Monday that the old bridge, which has stood for two hundred years over the river, will be repaired rather than replaced, and that the work is to be paid for by the town."
#define LONG2 "Residents had asked for the repair for a long time, and the vote in the hall was unanimous, said the mayor after the meeting, where many of them had come to hear it for themselves."
#define LONG3 "Work starts in spring, and the road over the river will be closed for six weeks, while a ferry carries people across from the market to the school, the council said in a letter to us."

/* shorter than 150 characters: the length of a caption */
#define SHORT1 "The council decided on Monday that the old bridge, which has stood for two hundred years, will be repaired."
#define SHORT2 "Residents had asked for the repair for a long time, and the vote was unanimous, said the mayor after the meeting."
#define SHORT3 "Work starts in spring, and the road over the river will be closed for six weeks, while a ferry carries people."

static wn_extractor *x;
static wn_extract_result r;

static const wn_extract_result *extract(const char *h)
{
    return wn_t_extract(x, &r, h);
}


/* A standfirst of one sentence in the page's head, above the story's box, with a subheading
 * and a second short paragraph between it and the first long one. jusText calls both short
 * paragraphs near-good and keeps a near-good one unless the nearest good-or-bad paragraph on
 * each side is bad, looking past short and near-good ones: the standfirst's nearest on its
 * left is the menu (bad), on its right the story (good), so it stays. Only its own first
 * neighbour (the other near-good paragraph) was looked at before, and it was dropped. A
 * near-good line between two menus stays out. */
static void test_standfirst_before_near_good_paragraph(void)
{
    static const char menu[] = "<ul class=\"top\"><li><a href=\"/\">Home page of the town paper</a></li>"
                               "<li><a href=\"/news\">All the news of the week</a></li>"
                               "<li><a href=\"/sport\">Sport from the valley</a></li></ul>";
    static char h[8192];
    snprintf(h, sizeof h,
             "<html><body>%s<div class=\"note\"><p>A line about the town paper that is on every page of it, "
             "with its address.</p></div>%s<div class=\"head\"><h1>Bridge plan</h1><p>The old bridge over the river will be "
             "repaired, and the work is to start in the spring, the council said.</p></div><h2>The vote</h2>"
             "<p>The vote was taken on Monday evening in the hall, and it was the last one of the year for "
             "them.</p><div class=\"story\"><p>" LONG1 "</p><p>" LONG2 "</p><p>" LONG3 "</p></div>"
             "</body></html>",
             menu, menu);
    const wn_extract_result *e = extract(h);
    CHECK_MSG(wn_t_has(e->text, LONG1) && wn_t_has(e->text, LONG3), "story lost: %.*s", (int)e->text.len, e->text.ptr);
    CHECK_MSG(wn_t_has(e->text, "work is to start in the spring"), "standfirst dropped: %.*s", (int)e->text.len,
              e->text.ptr);
    CHECK_MSG(!wn_t_has(e->text, "on every page of it"), "line between menus kept: %.*s", (int)e->text.len, e->text.ptr);
}

/* A <header> outside any <article> is the page's banner (boilerplate), but one whose class
 * names the article ("article-header") is the story's own head: its standfirst, set as a long
 * subheading above the body, is the story's first sentence. A page banner's prose stays out. */
static void test_standfirst_in_article_header(void)
{
    static const char h[] =
        "<html><body><header class=\"site\"><p>The town paper has been written by the people of the valley for the "
        "people of the valley since the year of the great flood, and it is read in every house here.</p></header>"
        "<section><header class=\"article-header\"><h1>Bridge plan</h1><h2 class=\"subheadline\">The old bridge "
        "over the river will be repaired rather than replaced, and the work is to start in the spring, after the "
        "vote in the hall that was the last one of the year, the council said.</h2></header>"
        "<div class=\"story\"><p>" LONG1 "</p><p>" LONG2 "</p><p>" LONG3 "</p></div></section></body></html>";
    const wn_extract_result *e = extract(h);
    CHECK_MSG(wn_t_has(e->text, LONG1) && wn_t_has(e->text, LONG3), "story lost: %.*s", (int)e->text.len, e->text.ptr);
    CHECK_MSG(wn_t_has(e->text, "the work is to start in the spring"), "standfirst dropped: %.*s", (int)e->text.len,
              e->text.ptr);
    CHECK_MSG(!wn_t_has(e->text, "since the year of the great flood"), "banner kept: %.*s", (int)e->text.len, e->text.ptr);
}

/* A story whose paragraphs are <div>s of one box that also holds a picture: the short line
 * right after the picture is its caption, but the other paragraphs of the box are not (all of
 * them were, as short lines in a box holding an image). */
static void test_paragraphs_beside_picture(void)
{
    static const char h[] =
        "<html><body><div class=\"story\"><h1>Bridge plan</h1><div>" SHORT1 "</div>"
        "<img src=\"/bridge.jpg\"><div>The old bridge at dawn, seen from the market.</div>"
        "<div>" SHORT2 "</div><div>" SHORT3 "</div><div>" LONG1 "</div></div></body></html>";
    const wn_extract_result *e = extract(h);
    CHECK_MSG(wn_t_has(e->text, LONG1), "story lost: %.*s", (int)e->text.len, e->text.ptr);
    CHECK_MSG(wn_t_has(e->text, SHORT1) && wn_t_has(e->text, SHORT2) && wn_t_has(e->text, SHORT3),
              "paragraph taken for a caption: %.*s", (int)e->text.len, e->text.ptr);
    CHECK_MSG(!wn_t_has(e->text, "seen from the market"), "caption kept: %.*s", (int)e->text.len, e->text.ptr);
}

/* A paragraph of the story that is mostly a link written out as its address ("Sign the
 * petition: http://...") is a reference the author gives, not a menu: it stays, where a
 * paragraph that is a linked title of another story goes. */
static void test_link_shown_as_address(void)
{
    static const char h[] =
        "<html><body><div class=\"story\"><h1>Bridge plan</h1><p>" LONG1 "</p><p>" LONG2 "</p>"
        "<p>Sign the petition: <a href=\"http://www.example.org/petition/bridge\">http://www.example.org/petition/bridge-repair-now</a></p>"
        "<p>" LONG3 "</p><p><a href=\"/market\">The market square opens again after the works</a></p></div></body></html>";
    const wn_extract_result *e = extract(h);
    CHECK_MSG(wn_t_has(e->text, LONG1) && wn_t_has(e->text, LONG3), "story lost: %.*s", (int)e->text.len, e->text.ptr);
    CHECK_MSG(wn_t_has(e->text, "Sign the petition: http://www.example.org/petition/bridge-repair-now"),
              "address dropped: %.*s", (int)e->text.len, e->text.ptr);
    CHECK_MSG(!wn_t_has(e->text, "market square"), "linked title kept: %.*s", (int)e->text.len, e->text.ptr);
}

/* A standfirst above the story (few stop words: the whole-page classification calls it bad)
 * with a picture between them whose caption the selection keeps (figures go later, in
 * pruning): the kept caption ended the look upwards for the lead, as if the story's text had
 * begun there. A figure does not end it: the lead is found past it. */
static void test_lead_above_kept_figure(void)
{
    static const char h[] =
        "<html><body><ul class=\"menu\"><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a></li></ul>"
        "<div class=\"head\"><h1>Bridge plan</h1><p>Repair rather than replace: council decides fate of old river "
        "bridge after long debate.</p><span>By Anna Berg</span></div>"
        "<figure><img src=\"/bridge.jpg\"><figcaption>The old bridge over the river, where the work is to start "
        "in the spring, as seen from the market.</figcaption></figure>"
        "<div class=\"story\"><p>" LONG1 "</p><p>" LONG2 "</p><p>" LONG3 "</p></div></body></html>";
    const wn_extract_result *e = extract(h);
    CHECK_MSG(wn_t_has(e->text, LONG1) && wn_t_has(e->text, LONG3), "story lost: %.*s", (int)e->text.len, e->text.ptr);
    CHECK_MSG(wn_t_has(e->text, "council decides fate of old river bridge"), "lead dropped: %.*s", (int)e->text.len,
              e->text.ptr);
    CHECK_MSG(!wn_t_has(e->text, "as seen from the market"), "caption kept: %.*s", (int)e->text.len, e->text.ptr);
}

int main(void)
{
    wn_stopwords *sw = wn_t_english_stopwords();
    x = wn_t_extractor(sw);
    RUN(test_standfirst_before_near_good_paragraph);
    RUN(test_standfirst_in_article_header);
    RUN(test_paragraphs_beside_picture);
    RUN(test_link_shown_as_address);
    RUN(test_lead_above_kept_figure);
    wn_extractor_free(x);
    wn_stopwords_free(sw);
    return DONE();
}
