/* test_meta_ldjson.c: a JSON-LD object is read whatever its number of members. meta.c keeps the
 * members of its first pass over an object (up to a fixed number) for the second; an object with
 * more is read again from its text. Both ways must find the article's headline and author when
 * its @type comes last, after every member that depends on it, and inside an @graph. */
#include <stdio.h>
#include "harness.h"
#include "extract_harness.h"
#include "winnow/internal.h"

static void check_title(wn_extractor *x, int members, bool graph)
{
    static char h[65536];
    size_t n = (size_t)snprintf(h, sizeof h, "<html><head><title>The tag title</title>"
                                "<script type=\"application/ld+json\">%s{", graph ? "{\"@graph\":[{\"@type\":\"WebSite\"}," : "");
    for (int i = 0; i < members; i++)
        n += (size_t)snprintf(h + n, sizeof h - n, "\"filler%d\":{\"x\":[1,\"two\"]},", i);
    n += (size_t)snprintf(h + n, sizeof h - n,
                          "\"headline\":\"The headline of %d\",\"author\":{\"name\":\"Jane Writer\"},\"@type\":\"NewsArticle\"}%s"
                          "</script></head><body><article><p>The council decided on Monday that the old bridge will "
                          "be repaired rather than replaced, after a long debate.</p></article></body></html>",
                          members, graph ? "]}" : "");
    wn_extract_result r;
    CHECK(wn_extract_html(x, h, n, NULL, 0, &r) == WN_OK);
    char want[64];
    snprintf(want, sizeof want, "The headline of %d", members);
    CHECK_MSG(r.title.len == strlen(want) && !memcmp(r.title.ptr, want, r.title.len), "%d members%s: title \"%.*s\"",
              members, graph ? " in @graph" : "", (int)r.title.len, r.title.ptr);
    CHECK_MSG(r.author.len == 11 && !memcmp(r.author.ptr, "Jane Writer", 11), "%d members: author \"%.*s\"",
              members, (int)r.author.len, r.author.ptr);
}

static void test_ldjson_members(void)
{
    wn_extractor *x = wn_t_extractor(NULL);
    static const int counts[] = { 0, 1, 29, 30, 31, 32, 33, 64, 300 };
    for (size_t i = 0; i < sizeof counts / sizeof *counts; i++) {
        check_title(x, counts[i], false);
        check_title(x, counts[i], true);
    }
    wn_extractor_free(x);
}

int main(void)
{
    RUN(test_ldjson_members);
    return DONE();
}
