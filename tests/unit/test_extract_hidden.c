/* test_extract_hidden.c: an element whose style holds display:none, display: none or
 * visibility:hidden (any case, anywhere in the value) is not text; any other style is. Each
 * style is put on a paragraph of an article between two visible ones. */
#include <stdio.h>
#include "harness.h"
#include "extract_harness.h"
#include "winnow/internal.h"

static bool shows(wn_extractor *x, const char *style)
{
    char h[4096];
    int n = snprintf(h, sizeof h,
                     "<html><body><article><p>The council decided on Monday that the old bridge will be repaired, "
                     "not replaced, after a long debate.</p><p style=\"%s\">Marker paragraph with its own words in it, "
                     "long enough to count as text of the article.</p><p>Residents had asked for the repair for a long "
                     "time, and the vote was unanimous, said the mayor.</p></article></body></html>", style);
    wn_extract_result r;
    CHECK(wn_extract_html(x, h, (size_t)n, NULL, 0, &r) == WN_OK);
    CHECK(wn_t_has(r.text, "The council decided"));
    return wn_t_has(r.text, "Marker paragraph");
}

static void test_hidden_styles(void)
{
    wn_extractor *x = wn_t_extractor(NULL);
    static const char *const hidden[] = { "display:none", "DISPLAY:NONE", "color:red; display: none",
                                          "Visibility:Hidden;margin:0", "display:nonexx", "ddisplay:none",
                                          "vvisibility:hidden", "display:block;display:none" };
    static const char *const shown[] = { "display:block", "display:  none", "visibility:visible", "display",
                                         "d", "v", "visibility: hidden", "displaynone", "dis play:none", "" };
    for (size_t i = 0; i < sizeof hidden / sizeof *hidden; i++)
        CHECK_MSG(!shows(x, hidden[i]), "style \"%s\" shown", hidden[i]);
    for (size_t i = 0; i < sizeof shown / sizeof *shown; i++)
        CHECK_MSG(shows(x, shown[i]), "style \"%s\" hidden", shown[i]);
    wn_extractor_free(x);
}

int main(void)
{
    RUN(test_hidden_styles);
    return DONE();
}
