/* test_extract_posts.c: a thread of posts, or a question and its answers, is the text as a
 * whole (issue 16, the pages of trafilatura-eval that score worst: a forum thread of which one
 * post, the longest, was the text). Minimal pages through the public extraction path. */
#include <stdio.h>
#include <string.h>
#include "harness.h"
#include "extract_harness.h"

#define POST1 "Is there a page that says what the new update brings, and how the copy and paste feature works on the phone after the update?"
#define POST2 "That was not the update itself, only the preparation for it, which is why nothing changed on your phone yet after the install."
#define POST3 "Start the desktop program, open the settings at the top right, then pick the phone and look for the update in the menu on the left."
#define POST4 "It took less than five minutes here, so I wonder why it takes so long for some of you, and whether the carrier holds it back for now."
#define LONG "It is a long story, and I will tell it from the start, since the shop said one thing and the maker said another one the day after. "

static wn_extractor *x;
static wn_extract_result r;

/* A thread whose posts each sit deep in their own boxes (a head with the time and the post's
 * number, the message in a quote box in a box named for the post's body): the longest post
 * outscores the others, and its boxes are the top.
 * The posts are boxes of one kind (one tag, one class) side by side: their list is the text,
 * without the sidebar beside the thread. */
static void test_thread_of_posts(void)
{
    static char h[16384];
    static const char *const posts[] = { POST1 " " LONG LONG LONG, POST2, POST3, POST4 };
    strcpy(h, "<html><body><div class=\"page\"><div id=\"thread\"><ol id=\"posts\">");
    for (int i = 0; i < 4; i++) {
        char head[160];
        snprintf(head, sizeof head, "<li class=\"postbit\"><div class=\"posthead\"><span class=\"date\">03.03.2011, 14:1%d</span> "
                 "<a href=\"#p%d\">#%d</a></div>", i, i + 1, i + 1);
        strcat(h, head);
        strcat(h, "<div class=\"postbody\"><div class=\"content\"><blockquote class=\"message\"><p>");
        strcat(h, posts[i]);
        strcat(h, "</p></blockquote></div></div></li>");
    }
    strcat(h, "</ol></div><div class=\"side\"><ul><li><a href=\"/a\">Other thread one</a></li>"
              "<li><a href=\"/b\">Other thread two</a></li></ul></div></div></body></html>");
    CHECK(wn_extract_html(x, h, strlen(h), NULL, 0, &r) == WN_OK);
    CHECK_MSG(wn_t_has(r.text, POST1) && wn_t_has(r.text, POST2) && wn_t_has(r.text, POST3) && wn_t_has(r.text, POST4),
              "a post lost: %.*s", (int)r.text.len, r.text.ptr);
    CHECK_MSG(!wn_t_has(r.text, "Other thread"), "sidebar kept: %.*s", (int)r.text.len, r.text.ptr);
}

/* A question above its answers: the answers are boxes of one kind in a list of their own, the
 * question a box before that list, its text in a box of the answers' body kind (one tag, one
 * class), in short lines (an example quoted between them), then its tags, buttons and asker.
 * The question is the text with its answers; its links and the sidebar are not. */
#define Q1 "How does one know which of the two updates is the one for the phone in the shop here?"
#define Q2 "Why did they not name it the other way in that context?"
static void test_question_and_answers(void)
{
    static char h[16384];
    static const char *const answers[] = { POST2, POST3, POST4 };
    strcpy(h, "<html><body><div class=\"page\"><div id=\"main\"><div id=\"question\" class=\"question\">"
              "<div class=\"layout\"><div class=\"row\"><div class=\"cell\"><div class=\"post-body\"><p>" Q1 "</p>"
              "<p>My shop gave an example for the update as being</p><blockquote><p>Update one</p></blockquote>"
              "<p>but would that not be the update for the desktop program?</p><p>" Q2 "</p></div>"
              "<div class=\"tags\"><a href=\"/t/a\">phone</a> <a href=\"/t/b\">update</a> <a href=\"/t/c\">desktop</a></div>"
              "<div class=\"menu\"><a href=\"/s\">Share</a> <a href=\"/e\">Edit</a> <a href=\"/f\">Follow</a></div>"
              "<div class=\"user-card\"><a href=\"/u/1\">Pepe</a> asked Mar 3, 2013 at 20:37</div></div></div></div></div>"
              "<div id=\"answers\"><h2>3 Answers</h2>");
    for (int i = 0; i < 3; i++) {
        strcat(h, "<div class=\"answer\"><div class=\"layout\"><div class=\"votes\">3</div><div class=\"cell\">"
                  "<div class=\"post-body\"><p>");
        strcat(h, answers[i]);
        strcat(h, "</p><p>" LONG "</p><p>" LONG "</p><p>" LONG "</p></div></div></div></div>");
    }
    strcat(h, "</div></div><div class=\"side\"><ul><li><a href=\"/a\">Other question one</a></li>"
              "<li><a href=\"/b\">Other question two</a></li></ul></div></div></body></html>");
    CHECK(wn_extract_html(x, h, strlen(h), NULL, 0, &r) == WN_OK);
    CHECK_MSG(wn_t_has(r.text, Q1) && wn_t_has(r.text, Q2), "question lost: %.*s", (int)r.text.len, r.text.ptr);
    CHECK_MSG(wn_t_has(r.text, POST2) && wn_t_has(r.text, POST3) && wn_t_has(r.text, POST4),
              "an answer lost: %.*s", (int)r.text.len, r.text.ptr);
    CHECK_MSG(!wn_t_has(r.text, "Other question") && !wn_t_has(r.text, "Follow"), "links kept: %.*s", (int)r.text.len,
              r.text.ptr);
}

/* The other way: an article followed by boxes of one kind that are links (a list of other
 * stories, each a headline link and a line) is not a thread: the article alone is the text. */
static void test_article_before_link_boxes(void)
{
    static char h[16384];
    strcpy(h, "<html><body><div class=\"page\"><div class=\"story\"><h1>Update</h1><p>" POST1 "</p><p>" LONG "</p><p>" POST2
              "</p></div><div class=\"more\">");
    for (int i = 0; i < 4; i++)
        strcat(h, "<div class=\"card\"><a href=\"/s\">Another story from the same desk about phones and their updates</a> "
                  "<a href=\"/t\">read it</a></div>");
    strcat(h, "</div></div></body></html>");
    CHECK(wn_extract_html(x, h, strlen(h), NULL, 0, &r) == WN_OK);
    CHECK_MSG(wn_t_has(r.text, POST1) && wn_t_has(r.text, POST2), "article lost: %.*s", (int)r.text.len, r.text.ptr);
    CHECK_MSG(!wn_t_has(r.text, "Another story"), "link boxes kept: %.*s", (int)r.text.len, r.text.ptr);
}

int main(void)
{
    wn_stopwords *sw = wn_t_english_stopwords();
    x = wn_t_extractor(sw);
    RUN(test_thread_of_posts);
    RUN(test_article_before_link_boxes);
    RUN(test_question_and_answers);
    wn_extractor_free(x);
    wn_stopwords_free(sw);
    return DONE();
}
