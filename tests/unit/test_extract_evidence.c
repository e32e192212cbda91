/* test_extract_evidence.c: what the text says over what a class word or the fallbacks would
 * have (issue 16, items 3 and 5): a mixed class does not veto the article's prose, nor a weak
 * word a box of prose; a short article in its named box is the text; a lone caption is the
 * text, and a picture post's line is, over the comments below it. Minimal pages through
 * wn_extract_html. */
#include <stdio.h>
#include <string.h>
#include "harness.h"
#include "extract_harness.h"
#include "winnow/internal.h"

#define PROSE1 "The council decided on Monday that the old bridge, which has stood for two hundred years, will be repaired rather than replaced."
#define PROSE2 "Residents had asked for the repair for a long time, and the vote was unanimous, said the mayor after the meeting in the hall."
#define PROSE3 "Work will start in the spring and should be finished before the winter, when the river is at its highest and traffic is light."
#define LINKS "<li><a href=\"/a\">Weather in the region this week</a></li><li><a href=\"/b\">Sports results of the weekend</a></li>" \
              "<li><a href=\"/c\">Letters to the editor of this paper</a></li><li><a href=\"/d\">Obituaries and family notices</a></li>"


/* The article's wrapper carries a class that mixes a content word with a boilerplate one
 * ("content_module js-social-images", as a CMS writes it); the page's link lists outweigh it
 * in characters, so the rule that a hint on most of the container's text is not believed does
 * not save it. Its paragraphs are the page's prose: they stay; the sidebar's links do not. */
static void test_mixed_class_on_the_article(void)
{
    wn_extractor *x = wn_t_extractor(NULL);
    static char h[8192];
    strcpy(h, "<html><body><div class=\"page\"><div class=\"head\"><ul>" LINKS LINKS "</ul></div>"
              "<div class=\"main\"><div class=\"module content_module social-images\"><h1>Bridge</h1><p>" PROSE1 "</p><p>"
              PROSE2 "</p><p>" PROSE3 "</p></div><div class=\"module sidebar_module\"><ul>" LINKS LINKS LINKS
              "</ul></div></div></div></body></html>");
    wn_extract_result r;
    CHECK(wn_extract_html(x, h, strlen(h), NULL, 0, &r) == WN_OK);
    CHECK_MSG(wn_t_has(r.text, PROSE1) && wn_t_has(r.text, PROSE2) && wn_t_has(r.text, PROSE3), "prose dropped: '%.*s'",
              (int)r.text.len, r.text.ptr);
    CHECK(!wn_t_has(r.text, "Obituaries"));
    /* the same class on a box beside the article, holding a short note, is still believed */
    strcpy(h, "<html><body><div class=\"main\"><div class=\"story\"><h1>Bridge</h1><p>" PROSE1 "</p><p>" PROSE2 "</p><p>"
              PROSE3 "</p></div><div class=\"module content_module social-images\"><p>Share this story with your friends, "
              "and follow us for more news like this every day.</p></div></div></body></html>");
    CHECK(wn_extract_html(x, h, strlen(h), NULL, 0, &r) == WN_OK);
    CHECK(wn_t_has(r.text, PROSE1) && wn_t_has(r.text, PROSE3));
    CHECK_MSG(!wn_t_has(r.text, "Share this story"), "'%.*s'", (int)r.text.len, r.text.ptr);
    wn_extractor_free(x);
}


#define ABOUT "I write about food, art and the people who make both, from a small flat in the old town by the river."
#define COMMENT_P "What a lovely idea, I tried it with my children last weekend and they could not stop laughing at the results, thank you for sharing it with us."

/* A post of a picture and a line in the box named for the article ("entry-content"): the page's
 * other prose (the author's profile) or its comments are not the text instead of it. */
static void test_short_article_in_its_box(void)
{
    wn_extractor *x = wn_t_extractor(NULL);
    static char h[8192];
    wn_extract_result r;
    /* a line that is no sentence: the profile's paragraph does not replace it */
    strcpy(h, "<html><body><div class=\"hentry\"><h2>Food sculptures</h2><div class=\"entry-content\"><p>Food sculptures "
              "by an artist from Lyon @artist</p></div></div><div class=\"profile\"><p>" ABOUT "</p></div></body></html>");
    CHECK(wn_extract_html(x, h, strlen(h), NULL, 0, &r) == WN_OK);
    CHECK_MSG(wn_t_has(r.text, "Food sculptures by an artist") && !wn_t_has(r.text, "I write about food"), "'%.*s'", (int)r.text.len,
              r.text.ptr);
    /* a sentence: the comments below it in the post's box do not replace it */
    strcpy(h, "<html><body><div class=\"hentry\"><h2>Leaves</h2><div class=\"entry-content\"><p>I am totally inspired by this "
              "collection, my all time favorite.</p></div><div class=\"comments\"><ol>");
    for (int i = 0; i < 3; i++)
        strcat(h, "<li class=\"comment\"><p>" COMMENT_P "</p></li>");
    strcat(h, "</ol></div></div></body></html>");
    CHECK(wn_extract_html(x, h, strlen(h), NULL, 0, &r) == WN_OK);
    CHECK_MSG(wn_t_has(r.text, "totally inspired") && !wn_t_has(r.text, "lovely idea"), "'%.*s'", (int)r.text.len, r.text.ptr);
    /* labels and figures, no sentence (a live page whose feed is a comment list): the feed is
     * the text, as before */
    strcpy(h, "<html><body><div class=\"articleBody\"><ul><li>Kick-off: 17h00</li><li>Referee: C. Turpin</li></ul></div>"
              "<div class=\"comments\"><ol>");
    for (int i = 0; i < 3; i++)
        strcat(h, "<li class=\"comment\"><p>" COMMENT_P "</p></li>");
    strcat(h, "</ol></div></body></html>");
    CHECK(wn_extract_html(x, h, strlen(h), NULL, 0, &r) == WN_OK);
    CHECK_MSG(wn_t_has(r.text, "lovely idea"), "'%.*s'", (int)r.text.len, r.text.ptr);
    wn_extractor_free(x);
}

/* A short text beside a picture is its caption when the article has other text, and the text
 * when it has none (a post that is a picture and two lines). */
static void test_lone_caption_is_the_text(void)
{
    wn_extractor *x = wn_t_extractor(NULL);
    static char h[8192];
    wn_extract_result r;
    strcpy(h, "<html><body><div class=\"entry-content\"><div><img src=\"a.jpg\"><br>I love the idea of keeping these "
              "paper leaves for other crafts!<br>Get the details at <a href=\"/g\">Grow</a>.</div></div></body></html>");
    CHECK(wn_extract_html(x, h, strlen(h), NULL, 0, &r) == WN_OK);
    CHECK_MSG(wn_t_has(r.text, "I love the idea of keeping"), "'%.*s'", (int)r.text.len, r.text.ptr);
    strcpy(h, "<html><body><div class=\"entry-content\"><div><img src=\"a.jpg\"><br>Paper leaves, kept for later.</div><p>"
              PROSE1 "</p><p>" PROSE2 "</p></div></body></html>");
    CHECK(wn_extract_html(x, h, strlen(h), NULL, 0, &r) == WN_OK);
    CHECK(wn_t_has(r.text, PROSE1));
    CHECK_MSG(!wn_t_has(r.text, "Paper leaves, kept"), "'%.*s'", (int)r.text.len, r.text.ptr);
    wn_extractor_free(x);
}

/* A post that is a picture and a line under its headline, with a comment thread below: the line
 * is short and no sentence (a caption), but it is the post's own text, and the thread answers
 * it. In a box of no telling name and in the box named for the article; a thread under a
 * headline with no paragraph of its own (a forum) is still the text. */
static void test_picture_post_with_comments(void)
{
    wn_extractor *x = wn_t_extractor(NULL);
    static char h[8192];
    wn_extract_result r;
    static const char *const posts[] = {
        "<div class=\"post\"><h2>My new project</h2><p><img src=\"a.jpg\"></p><p>Max Newport. Born 6/11/12. Future "
        "student\xe2\x80\xa6</p>",
        "<div class=\"post\"><h2>My new project</h2><div class=\"entry-content\"><p><img src=\"a.jpg\"></p><p>Max Newport. "
        "Born 6/11/12. Future student\xe2\x80\xa6</p></div>",
        "<div class=\"post\"><h2>My new project</h2>",
    };
    for (size_t k = 0; k < sizeof posts / sizeof posts[0]; k++) {
        strcpy(h, "<html><body>");
        strcat(h, posts[k]);
        strcat(h, "<div class=\"comments\"><ol>");
        for (int i = 0; i < 3; i++)
            strcat(h, "<li class=\"comment\"><p>" COMMENT_P "</p></li>");
        strcat(h, "</ol></div></div></body></html>");
        CHECK(wn_extract_html(x, h, strlen(h), NULL, 0, &r) == WN_OK);
        if (k < 2)
            CHECK_MSG(wn_t_has(r.text, "Max Newport") && !wn_t_has(r.text, "lovely idea"), "case %zu: '%.*s'", k,
                      (int)r.text.len, r.text.ptr);
        else
            CHECK_MSG(wn_t_has(r.text, "lovely idea"), "case %zu: '%.*s'", k, (int)r.text.len, r.text.ptr);
    }
    wn_extractor_free(x);
}

/* The box named for the article ("entry-content") under wrappers that score less and less, in
 * a page box ("content") that also holds the sidebar (an "About this blog", an archive): moving
 * up from the named box stops where the score falls under a third of the box's own
 * (readability's floor), not at the page box, whose score only beats the wrapper below it. */
static void test_named_box_beside_sidebar(void)
{
    wn_extractor *x = wn_t_extractor(NULL);
    static char h[16384];
    wn_extract_result r;
    strcpy(h, "<html><body><div class=\"content\"><div class=\"column-a\"><div class=\"main-post\"><div class=\"entry\">"
              "<h1>Bridge</h1><div class=\"entry-content\">");
    for (int i = 0; i < 9; i++)
        sprintf(h + strlen(h), "<p>Paragraph %d of the story: the council, which met on Monday in the hall by the river, "
                "decided that the old bridge, after two hundred years of carts, cars and buses, will be repaired rather "
                "than replaced, and the mayor said that work will start in spring, when the water is low, and end before "
                "the winter comes.</p>", i);
    strcat(h, "</div></div></div></div><div class=\"column-c\"><h3>About this blog</h3><p>This blog follows the town, its "
              "council, its schools and its river, and it is written by a small team of reporters who live there.</p>"
              "<h3>Archive</h3><ul>");
    for (int i = 0; i < 20; i++)
        sprintf(h + strlen(h), "<li><a href=\"/m/%d\">Month number %d of the archive</a></li>", i, i);
    strcat(h, "</ul></div></div></body></html>");
    CHECK(wn_extract_html(x, h, strlen(h), NULL, 0, &r) == WN_OK);
    CHECK_MSG(wn_t_has(r.text, "Paragraph 0 of the story") && wn_t_has(r.text, "Paragraph 8 of the story"), "'%.*s'",
              (int)r.text.len, r.text.ptr);
    CHECK_MSG(!wn_t_has(r.text, "About this blog") && !wn_t_has(r.text, "small team of reporters"), "'%.*s'", (int)r.text.len,
              r.text.ptr);
    wn_extractor_free(x);
}

/* A blog whose boxes are "widgets" with a kind ("widget Blog": a boilerplate word and a content
 * word), where the post's box is the box named for the article ("post-body entry-content") and
 * holds the post and a long list of links to older posts: its score falls under that of a
 * sidebar box of prose. The mixed class is not believed over the name of the box inside it:
 * the post is the text, not the sidebar. */
static void test_named_box_in_mixed_class(void)
{
    wn_extractor *x = wn_t_extractor(NULL);
    static char h[16384];
    wn_extract_result r;
    strcpy(h, "<html><body><div class=\"outer\"><div class=\"main\"><div class=\"widget Blog\" id=\"Blog1\"><h3 class=\"post-title\">"
              "Bridge</h3><div class=\"post-body entry-content\"><p>" PROSE1 " " PROSE2 " " PROSE3 "</p><ul>");
    for (int i = 0; i < 12; i++)
        sprintf(h + strlen(h), "<li><a href=\"/p/%d\">Another story from the archive of this blog, number %d</a></li>", i, i);
    strcat(h, "</ul></div></div></div><div class=\"sidebar\"><div class=\"box\">");
    for (int i = 0; i < 6; i++)
        sprintf(h + strlen(h), "<p>The sidebar tells, at length, about the town, its council, its schools, its river, its boats, "
                "and its people, number %d.</p>", i);
    strcat(h, "</div></div></div></body></html>");
    CHECK(wn_extract_html(x, h, strlen(h), NULL, 0, &r) == WN_OK);
    CHECK_MSG(wn_t_has(r.text, PROSE1) && wn_t_has(r.text, PROSE3), "'%.*s'", (int)r.text.len, r.text.ptr);
    CHECK_MSG(!wn_t_has(r.text, "The sidebar tells"), "'%.*s'", (int)r.text.len, r.text.ptr);
    wn_extractor_free(x);
}

#define CAPTION "The mayor speaks about the repair of the bridge, which was closed for a week, at the meeting in the town hall on Monday."

/* A weak class word ("caption") on a box whose text is all prose, between the article's
 * paragraphs: the text is kept. The same word on a short label, and the words of the post's
 * data ("postmetadata") or of its author, are believed. */
static void test_weak_word_against_prose(void)
{
    wn_extractor *x = wn_t_extractor(NULL);
    static char h[8192];
    wn_extract_result r;
    strcpy(h, "<html><body><div class=\"story\"><h1>Bridge</h1><p>" PROSE1 "</p><div class=\"caption\"><p>" CAPTION "</p></div><p>"
              PROSE2 "</p><div class=\"caption\"><p>Photo: Town hall</p></div><p>" PROSE3 "</p><div class=\"postmetadata\"><p>"
              "This entry was posted on Monday, June 4th, 2012 at 10:04 am and is filed under News, Town.</p></div>"
              "<div class=\"author\"><p>Anna Berg has written about the town, its people and its bridges, for twenty years, "
              "and lives by the river.</p></div></div></body></html>");
    CHECK(wn_extract_html(x, h, strlen(h), NULL, 0, &r) == WN_OK);
    CHECK(wn_t_has(r.text, PROSE1) && wn_t_has(r.text, PROSE3));
    CHECK_MSG(wn_t_has(r.text, "The mayor speaks about the repair"), "'%.*s'", (int)r.text.len, r.text.ptr);
    CHECK_MSG(!wn_t_has(r.text, "Photo: Town hall") && !wn_t_has(r.text, "This entry was posted") && !wn_t_has(r.text, "Anna Berg"), "'%.*s'",
              (int)r.text.len, r.text.ptr);
    wn_extractor_free(x);
}

/* The lines a CMS writes under a post, in a box named for the post's data, run past the size
 * where a weak word stops being believed over text (300 characters, spaces not counted): the
 * box is still the
 * post's data, not the article. */
static void test_long_post_data_box(void)
{
    wn_extractor *x = wn_t_extractor(NULL);
    static char h[8192];
    wn_extract_result r;
    strcpy(h, "<html><body><div class=\"entry\"><h1>Bridge</h1><p>" PROSE1 "</p><p>" PROSE2 "</p><p>" PROSE3 "</p>"
              "<p class=\"postmetadata alt\"><small>This entry was posted on Monday, June 4th, 2012 at 10:04 am and is "
              "filed under <a href=\"/c/news\">News</a>, <a href=\"/c/town\">Town</a>, <a href=\"/c/river\">River and "
              "bridges</a>. You can follow any responses to this entry through the <a href=\"/feed\">RSS 2.0</a> feed. "
              "Both comments and pings are currently closed, and the post was last changed on Tuesday, June 5th, 2012 "
              "at 9:12 am by the editor of the town pages, who also keeps the list of the council's meetings and the "
              "calendar of the works on the river.</small></p></div></body></html>");
    CHECK(wn_extract_html(x, h, strlen(h), NULL, 0, &r) == WN_OK);
    CHECK_MSG(wn_t_has(r.text, PROSE1) && wn_t_has(r.text, PROSE3), "'%.*s'", (int)r.text.len, r.text.ptr);
    CHECK_MSG(!wn_t_has(r.text, "This entry was posted"), "'%.*s'", (int)r.text.len, r.text.ptr);
    wn_extractor_free(x);
}

int main(void)
{
    RUN(test_mixed_class_on_the_article);
    RUN(test_short_article_in_its_box);
    RUN(test_lone_caption_is_the_text);
    RUN(test_picture_post_with_comments);
    RUN(test_named_box_beside_sidebar);
    RUN(test_named_box_in_mixed_class);
    RUN(test_weak_word_against_prose);
    RUN(test_long_post_data_box);
    return DONE();
}
