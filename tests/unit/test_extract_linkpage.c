/* test_extract_linkpage.c: a page whose text is its links (a list of headlines with teasers, a
 * table of contents) keeps them, decided from the whole page (issue 16, item 4); a page with an
 * article keeps only the article, however long the links beside it. */
#include <stdio.h>
#include <string.h>
#include "harness.h"
#include "extract_harness.h"
#include "winnow/internal.h"

#define TEASER "Beatrix Potter, a life in nature: the creator of the bunnies is revealed as a role model for the early feminists"
#define PROSE1 "The council decided on Monday that the old bridge, which has stood for two hundred years, will be repaired rather than replaced."
#define PROSE2 "Residents had asked for the repair for a long time, and the vote was unanimous, said the mayor after the meeting in the hall."

static void test_headlines_page(void)
{
    wn_extractor *x;
    CHECK(wn_extractor_create(&x, NULL) == WN_OK);
    static char h[8192];
    strcpy(h, "<html><body><div class=\"nav\"><a href=\"/\">Home</a> <a href=\"/b\">Books</a></div><div><h1>Books</h1><ul>");
    for (int i = 0; i < 5; i++)
        strcat(h, "<li><a href=\"/s\">" TEASER "</a></li>");
    strcat(h, "</ul></div><div class=\"footer\"><a href=\"/c\">Copyright and terms of use for every page of this site</a></div></body></html>");
    wn_extract_result r;
    CHECK(wn_extract_html(x, h, strlen(h), NULL, 0, &r) == WN_OK);
    CHECK_MSG(wn_t_has(r.text, TEASER), "headlines dropped: '%.*s'", (int)r.text.len, r.text.ptr);
    CHECK(!wn_t_has(r.text, "Copyright"));
    /* the same links beside an article are not its text */
    strcpy(h, "<html><body><article><p>" PROSE1 "</p><p>" PROSE2 "</p><p>" PROSE1 "</p></article><div><ul>");
    for (int i = 0; i < 5; i++)
        strcat(h, "<li><a href=\"/s\">" TEASER "</a></li>");
    strcat(h, "</ul></div></body></html>");
    CHECK(wn_extract_html(x, h, strlen(h), NULL, 0, &r) == WN_OK);
    CHECK(wn_t_has(r.text, PROSE1) && !wn_t_has(r.text, TEASER));
    wn_extractor_free(x);
}

/* A page of search results laid out as a table of records (title link and teaser, place, date
 * per row): the teasers read as prose and are kept, so the table holds most of the page's kept
 * text, and its rows of that shape are kept whole, titles, places and dates too; a row that
 * only differs in its teaser (shorter, not prose) has the same shape and stays. The same rows
 * beside a long article, which holds most of the text, are not the page's text. */
#define JOB_TEASER "Our client, a family firm with offices in three towns, is looking for an assistant who will answer the phone, greet visitors and keep the files of the office in order, five days a week..."
static void record_rows(char *h, int rows)
{
    for (int i = 0; i < rows; i++) {
        strcat(h, "<tr><td><a href=\"/job\">Office Assistant</a><div>");
        strcat(h, i == 2 ? "Clerk, typing" : JOB_TEASER);
        strcat(h, "</div></td><td>PA - Lancaster</td><td>5 Days Ago</td></tr>");
    }
}

static void test_table_of_records_page(void)
{
    wn_extractor *x;
    CHECK(wn_extractor_create(&x, NULL) == WN_OK);
    static char h[16384];
    strcpy(h, "<html><body><div class=\"nav\"><a href=\"/\">Home</a> <a href=\"/b\">Jobs</a></div><table>"
              "<tr><th>Job Title</th><th>Location</th><th>Posted</th></tr>");
    record_rows(h, 5);
    strcat(h, "</table><div class=\"footer\"><a href=\"/c\">Terms of use</a></div></body></html>");
    wn_extract_result r;
    CHECK(wn_extract_html(x, h, strlen(h), NULL, 0, &r) == WN_OK);
    CHECK(wn_t_has(r.text, JOB_TEASER));
    CHECK_MSG(wn_t_has(r.text, "Office Assistant") && wn_t_has(r.text, "PA - Lancaster") && wn_t_has(r.text, "5 Days Ago"),
              "record rows not whole: '%.*s'", (int)r.text.len, r.text.ptr);
    CHECK_MSG(wn_t_has(r.text, "Clerk, typing"), "a row of the same shape dropped: '%.*s'", (int)r.text.len, r.text.ptr);
    CHECK(wn_t_has(r.text, "Job Title") && !wn_t_has(r.text, "Terms of use") && !wn_t_has(r.text, "Home"));
    /* beside an article that holds most of the text, the table is not the page's text */
    strcpy(h, "<html><body><article>");
    for (int i = 0; i < 8; i++)
        strcat(h, "<p>" PROSE1 "</p><p>" PROSE2 "</p>");
    strcat(h, "</article><table>");
    record_rows(h, 3);
    strcat(h, "</table></body></html>");
    CHECK(wn_extract_html(x, h, strlen(h), NULL, 0, &r) == WN_OK);
    CHECK(wn_t_has(r.text, PROSE1) && !wn_t_has(r.text, "PA - Lancaster"));
    wn_extractor_free(x);
}

/* The rows' teasers sit in a box with a weak class word ("teaser"), believed on a short box
 * that is not evident prose: the selection keeps the teasers that read as prose (stop words)
 * and drops the one of few stop words, which the rows of the same shape bring back; the row's
 * box of links under its teaser ("Save this job", "E-mail to a friend") stays out. */
#define SW_EN "{\"en\": [\"a\", \"the\", \"of\", \"to\", \"and\", \"in\", \"is\", \"for\", \"with\", \"who\", \"will\", \"our\", \"an\", \"on\", \"at\", \"by\", \"this\", \"that\", \"it\", \"be\", \"are\", \"as\", \"from\", \"or\"]}"
#define LIST_TEASER "Data Entry Handle incoming calls w/excellent phone manners order entry with speed & accuracy Apply Foxfire Printing 750 Dawson Dr..."
static void test_table_of_records_weak_boxes(void)
{
    wn_stopwords *sw = wn_t_stopwords_json(SW_EN);
    wn_extractor *x = wn_t_extractor(sw);
    static const char *towns[] = { "Lancaster", "York", "Reading", "Newark", "Lebanon" };
    static char h[16384];
    /* a short box with a content class outscores the table, whose paragraph scores do not
     * reach it; the selection's fallbacks find the teasers */
    strcpy(h, "<html><body><div class=\"nav\"><a href=\"/\">Home</a> <a href=\"/j\">Jobs</a></div><div class=\"content\"><p>"
              "Send this job to a friend, or to yourself, and we will e-mail it to the address that you give us.</p></div><table>");
    for (int i = 0; i < 5; i++) {
        char teaser[512];
        if (i == 2)
            snprintf(teaser, sizeof teaser, "%s", LIST_TEASER);
        else
            snprintf(teaser, sizeof teaser, "Our client, a family firm with offices in %s, is looking for an assistant who will answer the phone, greet the visitors to the office and keep its files in order, five days a week...", towns[i]);
        strcat(h, "<tr><td><a href=\"/job\">Office Assistant</a><div class=\"teaser\">");
        strcat(h, teaser);
        strcat(h, "<div><a href=\"/save\">Save this job</a> <a href=\"/mail\">E-mail to a friend</a></div></div></td><td>PA - Lancaster</td><td>5 Days Ago</td></tr>");
    }
    strcat(h, "</table><div class=\"footer\"><a href=\"/c\">Terms of use</a></div></body></html>");
    wn_extract_result r;
    CHECK(wn_extract_html(x, h, strlen(h), NULL, 0, &r) == WN_OK);
    CHECK(wn_t_has(r.text, "offices in York") && wn_t_has(r.text, "5 Days Ago"));
    CHECK_MSG(wn_t_has(r.text, LIST_TEASER), "a teaser of the rows' shape dropped: '%.*s'", (int)r.text.len, r.text.ptr);
    CHECK(!wn_t_has(r.text, "Save this job") && !wn_t_has(r.text, "Terms of use"));
    wn_extractor_free(x);
    wn_stopwords_free(sw);
}

int main(void)
{
    RUN(test_headlines_page);
    RUN(test_table_of_records_page);
    RUN(test_table_of_records_weak_boxes);
    return DONE();
}
