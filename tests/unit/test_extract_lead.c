/* test_extract_lead.c: text around the article that readers count as it and the selection
 * missed (issue 16, item 5, the article's extent, recall side). Each case is a minimal page
 * through the public extraction path (wn_extract_html), and checks the other way too: what
 * is not the article around the same text stays out. */
#include <stdio.h>
#include <string.h>
#include "harness.h"
#include "extract_harness.h"
#include "winnow/internal.h"

#define PROSE1 "The council decided on Monday that the old bridge, which has stood for two hundred years, will be repaired rather than replaced."
#define PROSE2 "Residents had asked for the repair for a long time, and the vote was unanimous, said the mayor after the meeting in the hall."
#define PROSE3 "Work starts in spring, and the road over the river will be closed for six weeks, while a ferry carries people across, the council said."

static wn_extractor *x;
static wn_extract_result r;

static const wn_extract_result *extract(const char *h)
{
    return wn_t_extract(x, &r, h);
}


/* The children of an <object> are its fallback content (WHATWG HTML §4.8.7), which browsers
 * show when they cannot show the object: a Flash video's, today always. A video on top of the
 * story whose fallback holds its still and the summary under it: the summary is the story's
 * lead. Its <param>s hold no text, and its plugin notice is a short line, which stays out as
 * such lines do around the article. */
static void test_object_fallback_lead(void)
{
    static const char h[] =
        "<html><body><div class=\"video\"><object data=\"/player.swf\" type=\"application/x-shockwave-flash\">"
        "<param name=\"movie\" value=\"/player.swf\"><param name=\"flashvars\" value=\"id=42\">"
        "<div class=\"player\"><img src=\"/still.jpg\"><p>Get the player.</p>"
        "<p class=\"video-caption\">The mayor explains why the town will repair the old bridge over the river instead of building a new one.</p>"
        "</div></object></div>"
        "<div class=\"post\"><div class=\"entry-content\"><p>" PROSE1 "</p><p>" PROSE2 "</p><p>" PROSE3 "</p></div></div>"
        "</body></html>";
    const wn_extract_result *e = extract(h);
    CHECK_MSG(wn_t_has(e->text, PROSE1) && wn_t_has(e->text, PROSE3), "article lost: %.*s", (int)e->text.len, e->text.ptr);
    CHECK_MSG(wn_t_has(e->text, "The mayor explains why"), "lead in the object's fallback lost: %.*s", (int)e->text.len,
              e->text.ptr);
    CHECK_MSG(!wn_t_has(e->text, "Get the player") && !wn_t_has(e->text, "player.swf") && !wn_t_has(e->text, "id=42"),
              "plugin notice or parameters kept: %.*s", (int)e->text.len, e->text.ptr);
    /* an object the browser shows itself (an SVG map, a PDF) hides its fallback */
    static const char *const shown[] = { "type=\"image/svg+xml\" data=\"/map\"", "data=\"/map.SVG?v=2\"",
                                         "type=\"application/pdf\" data=\"/plan\"" };
    for (size_t i = 0; i < sizeof shown / sizeof *shown; i++) {
        static char page[2048];
        snprintf(page, sizeof page,
                 "<html><body><div class=\"post\"><div class=\"entry-content\"><p>" PROSE1 "</p><object %s>"
                 "<p>Your browser cannot show the map of the old bridge and the roads that lead to it, download it instead.</p>"
                 "</object><p>" PROSE2 "</p><p>" PROSE3 "</p></div></div></body></html>",
                 shown[i]);
        e = extract(page);
        CHECK_MSG(wn_t_has(e->text, PROSE1) && wn_t_has(e->text, PROSE3), "article lost: %.*s", (int)e->text.len, e->text.ptr);
        CHECK_MSG(!wn_t_has(e->text, "Your browser cannot show"), "fallback of a shown object (%s) kept: %.*s", shown[i],
                  (int)e->text.len, e->text.ptr);
    }
}

/* A lead above the article's box, both in a wrapper whose class also names the sidebar
 * ("content-sidebar-wrap") and which holds the share links and a list of links: the wrapper's
 * boilerplate word is believed (it is link-heavy), but the article's own blocks are judged by
 * the boxes inside it, and so is the lead: by the boxes between it and the one it shares with
 * the article. A lead in the sidebar itself stays out. */
static void test_lead_in_wrapper_named_sidebar(void)
{
    static char h[8192];
    static const char *const links =
        "<ul class=\"share\"><li><a href=\"/a\">Share this story on Twitter</a></li><li><a href=\"/b\">Share this story on Facebook</a></li>"
        "<li><a href=\"/c\">Send this story by e-mail</a></li></ul>"
        "<ul class=\"more\"><li><a href=\"/d\">Harbour festival returns this summer</a></li><li><a href=\"/e\">New library opens in the station</a></li>"
        "<li><a href=\"/f\">School gets a larger playground</a></li><li><a href=\"/g\">Ferry timetable for the winter months</a></li>"
        "<li><a href=\"/h\">Market moves to the square</a></li><li><a href=\"/i\">Town hall opening hours</a></li></ul>";
    static const char *const lead = "<p>The mayor explains why the town will repair the old bridge over the river instead of building a new one.</p>";
    for (int in_sidebar = 0; in_sidebar < 2; in_sidebar++) {
        strcpy(h, "<html><body><div class=\"top\"><a href=\"/\">Home</a></div><div id=\"content-sidebar-wrap\">");
        strcat(h, links);
        strcat(h, "<div class=\"video\">");
        if (!in_sidebar)
            strcat(h, lead);
        strcat(h, "</div>");
        strcat(h, "<div class=\"post\"><div class=\"entry-content\"><p>" PROSE1 "</p><p>" PROSE2 "</p><p>" PROSE3 "</p></div></div>");
        strcat(h, "<div class=\"sidebar\">");
        if (in_sidebar)
            strcat(h, lead);
        strcat(h, "<a href=\"/j\">Archive</a></div></div></body></html>");
        const wn_extract_result *e = extract(h);
        CHECK_MSG(wn_t_has(e->text, PROSE1) && wn_t_has(e->text, PROSE3), "article lost: %.*s", (int)e->text.len, e->text.ptr);
        CHECK_MSG(wn_t_has(e->text, "The mayor explains why") == !in_sidebar, "lead %s: %.*s", in_sidebar ? "in the sidebar kept" : "lost",
                  (int)e->text.len, e->text.ptr);
    }
}

int main(void)
{
    wn_stopwords *sw = wn_t_english_stopwords();
    x = wn_t_extractor(sw);
    RUN(test_object_fallback_lead);
    RUN(test_lead_in_wrapper_named_sidebar);
    wn_extractor_free(x);
    wn_stopwords_free(sw);
    return DONE();
}
