/* test_extract_lead.c: text around the article that readers count as it and the selection
 * missed (issue 16, item 5, the article's extent, recall side). Each case is a minimal page
 * through the public extraction path (wn_extract_html), and checks the other way too: what
 * is not the article around the same text stays out. */
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
    CHECK(wn_extract_html(x, h, strlen(h), NULL, 0, &r) == WN_OK);
    return &r;
}

/* English stop words, as a run with lists loaded sees them: written here so the test needs
 * no data. */
static wn_stopwords *english_stopwords(void)
{
    const char *json = "{\"en\": [\"a\", \"about\", \"after\", \"again\", \"and\", \"are\", \"as\", \"at\", \"be\", "
                       "\"by\", \"do\", \"for\", \"from\", \"had\", \"has\", \"if\", \"in\", \"is\", \"it\", \"of\", "
                       "\"on\", \"our\", \"over\", \"part\", \"rather\", \"said\", \"so\", \"than\", \"that\", \"the\", "
                       "\"their\", \"this\", \"to\", \"us\", \"was\", \"we\", \"where\", \"which\", \"while\", \"who\", "
                       "\"will\", \"with\", \"you\"]}";
    return wn_t_stopwords_json(json);
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
}

int main(void)
{
    wn_stopwords *sw = english_stopwords();
    wn_extract_opts o;
    wn_extract_opts_default(&o);
    o.stopwords = sw;
    CHECK(wn_extractor_create(&x, &o) == WN_OK);
    RUN(test_object_fallback_lead);
    wn_extractor_free(x);
    wn_stopwords_free(sw);
    return DONE();
}
