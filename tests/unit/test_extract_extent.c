/* test_extract_extent.c: text that selection lets in around the article but readers do not
 * count as it (issue 16, item 5, the article's extent, precision side). Each case is a minimal
 * page through the public extraction path (wn_extract_html), and each checks the other way too: the same text where it is the article stays. */
#include <string.h>
#include "harness.h"
#include "winnow/internal.h"
#include "html/extract_impl.h"

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

static bool has(wn_slice s, const char *needle)
{
    return memmem(s.ptr, s.len, needle, strlen(needle)) != NULL;
}

/* A reply form at the end of the article's box (a <form> with a <textarea>): its heading,
 * notes, labels and rules are written for the one who replies, and the box holds them with
 * the article. A page wrapped in one form (ASP.NET) keeps its article. */
static void test_reply_form_after_article(void)
{
    static char h[8192];
    static const char *const form =
        "<div class=\"box\"><h3>Leave a Reply</h3><form action=\"/post\" method=\"post\">"
        "<p>Your email address will not be published. Required fields are marked with a star, and we read every reply before it shows.</p>"
        "<p><label>Name</label> *<input name=\"a\"></p><p><label>Email</label> *<input name=\"e\"></p>"
        "<p><label>Comment</label><textarea name=\"c\"></textarea></p>"
        "<p>You may use these HTML tags and attributes in your reply, the links, the quotes and the emphasis, nothing else.</p>"
        "<p><input type=\"submit\" value=\"Post\"></p></form></div>";
    for (int wrapped = 0; wrapped < 2; wrapped++) {
        strcpy(h, "<html><body>");
        if (wrapped)
            strcat(h, "<form action=\"/page\" method=\"post\"><textarea name=\"state\"></textarea>");
        strcat(h, "<div class=\"post\"><h1>Bridge plan</h1><p>" PROSE1 "</p><p>" PROSE2 "</p><p>" PROSE3 "</p>");
        strcat(h, wrapped ? "</div></form>" : form);
        if (!wrapped)
            strcat(h, "</div>");
        strcat(h, "</body></html>");
        const wn_extract_result *e = extract(h);
        CHECK_MSG(has(e->text, PROSE1) && has(e->text, PROSE2) && has(e->text, PROSE3), "article lost: %.*s",
                  (int)e->text.len, e->text.ptr);
        if (!wrapped) {
            CHECK_MSG(!has(e->text, "will not be published") && !has(e->text, "HTML tags") && !has(e->text, "Leave a Reply"),
                      "reply form kept: %.*s", (int)e->text.len, e->text.ptr);
        }
    }
}

int main(void)
{
    wn_extract_opts o;
    wn_extract_opts_default(&o);
    CHECK(wn_extractor_create(&x, &o) == WN_OK);
    RUN(test_reply_form_after_article);
    wn_extractor_free(x);
    return DONE();
}
