/* test_extract_extent.c: text that selection lets in around the article but readers do not
 * count as it (issue 16, item 5, the article's extent, precision side). Each case is a minimal
 * page through the public extraction path (wn_extract_html), and each checks the other way too:
 * the same text where it is the article stays. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "harness.h"
#include "extract_harness.h"
#include "winnow/internal.h"
#include "html/extract_impl.h"

#define PROSE1 "The council decided on Monday that the old bridge, which has stood for two hundred years, will be repaired rather than replaced."
#define PROSE2 "Residents had asked for the repair for a long time, and the vote was unanimous, said the mayor after the meeting in the hall."
#define PROSE3 "Work starts in spring, and the road over the river will be closed for six weeks, while a ferry carries people across, the council said."

static wn_extractor *x;
static wn_extract_result r;

static const wn_extract_result *extract(const char *h)
{
    return wn_t_extract(x, &r, h);
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
        CHECK_MSG(wn_t_has(e->text, PROSE1) && wn_t_has(e->text, PROSE2) && wn_t_has(e->text, PROSE3), "article lost: %.*s",
                  (int)e->text.len, e->text.ptr);
        if (!wrapped) {
            CHECK_MSG(!wn_t_has(e->text, "will not be published") && !wn_t_has(e->text, "HTML tags") && !wn_t_has(e->text, "Leave a Reply"),
                      "reply form kept: %.*s", (int)e->text.len, e->text.ptr);
        }
    }
}

/* A newsletter's sign-up at the end of the article's box: a <form> with an e-mail field
 * (<input type="email">), its pitch and its consent line. The reader fills it in; it is no part
 * of the article, as a reply form is not. */
static void test_signup_form_after_article(void)
{
    static char h[8192];
    strcpy(h, "<html><body><div class=\"post\"><h1>Bridge plan</h1><p>" PROSE1 "</p><p>" PROSE2 "</p><p>" PROSE3 "</p>"
              "<form action=\"/join\" method=\"post\"><p>Get the week's stories about the town, the schools and "
              "the river in your inbox every Friday morning, free of charge and without any advertising.</p>"
              "<input type=\"email\" name=\"address\"><label><input type=\"checkbox\" name=\"ok\"> I agree that my "
              "information will be processed in accordance with the privacy policy, and that I can leave at any "
              "time with the link in every message.</label><input type=\"submit\" value=\"Join\"></form></div>"
              "</body></html>");
    const wn_extract_result *e = extract(h);
    CHECK_MSG(wn_t_has(e->text, PROSE1) && wn_t_has(e->text, PROSE3), "article lost: %.*s", (int)e->text.len, e->text.ptr);
    CHECK_MSG(!wn_t_has(e->text, "in your inbox") && !wn_t_has(e->text, "I agree that my"), "sign-up form kept: %.*s",
              (int)e->text.len, e->text.ptr);
}

/* A form's own box, a heading and a line over it ("Questions about this article? Write to us
 * here."): the line is the form's pitch and goes with the form. A short post over its reply
 * form, in one box, stays. */
static void test_form_pitch_in_its_box(void)
{
    static char h[8192];
    strcpy(h, "<html><body><div class=\"post\"><h1>Bridge plan</h1><p>" PROSE1 "</p><p>" PROSE2 "</p><p>" PROSE3 "</p>"
              "<div id=\"contact\"><h3>Questions about this article</h3><p>If you have questions or ideas about this "
              "article, you can write to the newsroom here.</p><form action=\"/ask\" method=\"post\">"
              "<input name=\"n\"><textarea name=\"m\"></textarea><input type=\"submit\" value=\"Send\"></form></div>"
              "</div></body></html>");
    const wn_extract_result *e = extract(h);
    CHECK_MSG(wn_t_has(e->text, PROSE1) && wn_t_has(e->text, PROSE3), "article lost: %.*s", (int)e->text.len, e->text.ptr);
    CHECK_MSG(!wn_t_has(e->text, "write to the newsroom"), "form's pitch kept: %.*s", (int)e->text.len, e->text.ptr);
    strcpy(h, "<html><body><div class=\"post\"><p>A designer has made a film of how his seat is built, by hand.</p>"
              "<form action=\"/post\" method=\"post\"><input name=\"n\"><textarea name=\"c\"></textarea></form></div>"
              "</body></html>");
    e = extract(h);
    CHECK_MSG(wn_t_has(e->text, "how his seat is built"), "short post lost: %.*s", (int)e->text.len, e->text.ptr);
}

/* A form's captions inside the article's box: a <label> with a control (a `for` attribute, or
 * the field inside it) is written for the one who fills the form in. A label with no control
 * is only styling ("<label>Prep time:</label> two hours") and stays text. */
static void test_field_labels_in_article(void)
{
    static char h[8192];
    strcpy(h, "<html><body><div class=\"post\"><h1>Bridge plan</h1><p>" PROSE1 "</p><p>" PROSE2 "</p>"
              "<p><label>Works start:</label> in the spring of next year, after the floods.</p><p>" PROSE3 "</p>"
              "<p><label for=\"vote\">Tell us whether you would rather have the old bridge repaired or a new one built "
              "next to it, and why.</label><input id=\"vote\" name=\"vote\"></p>"
              "<p><label><input type=\"checkbox\" name=\"keep\"> Keep me informed about the works on the bridge "
              "and the closures of the road over the river.</label></p></div></body></html>");
    const wn_extract_result *e = extract(h);
    CHECK_MSG(wn_t_has(e->text, PROSE1) && wn_t_has(e->text, PROSE3) && wn_t_has(e->text, "Works start:"),
              "article lost: %.*s", (int)e->text.len, e->text.ptr);
    CHECK_MSG(!wn_t_has(e->text, "Tell us whether") && !wn_t_has(e->text, "Keep me informed"), "field captions kept: %.*s",
              (int)e->text.len, e->text.ptr);
}

/* A short article beside a column of links that holds a few paragraphs of prose ("About this
 * blog", a teaser of the latest post): the whole-page classification finds more prose than
 * the article's box, but not several times more. The article is the text, not the column. */
static void test_sidebar_prose_beside_short_article(void)
{
    static char h[16384];
    strcpy(h, "<html><body><div class=\"wrap\"><div class=\"main\"><div class=\"post\"><h1>Bridge plan</h1><p>" PROSE1
              "</p><p>" PROSE2 "</p><p>" PROSE3 "</p></div></div><div class=\"col\"><ul>");
    for (int i = 0; i < 60; i++)
        sprintf(h + strlen(h), "<li><a href=\"/c/%d\">Category number %d of the archive</a></li>", i, i);
    strcat(h, "</ul><h3>About this blog</h3><p>This blog is written by a team of local reporters who cover the town "
              "hall, the schools and the river, and who answer the questions that our readers send in every week, "
              "from the price of bread to the times of the ferry.</p><h3>Latest post</h3><p>The market square is "
              "open again after two years of works, and the first market, with forty stalls and a band, takes place "
              "on Saturday morning in the old town, with music from the school band and a raffle for the new "
              "playground.</p><p>We are a "
              "small team, and we are always looking for people who want to write about their part of the town, so "
              "do send us a note if that is you, and tell us a little about the street where you live.</p></div></div>"
              "</body></html>");
    const wn_extract_result *e = extract(h);
    CHECK_MSG(wn_t_has(e->text, PROSE1) && wn_t_has(e->text, PROSE2) && wn_t_has(e->text, PROSE3), "article lost: %.*s",
              (int)e->text.len, e->text.ptr);
    CHECK_MSG(!wn_t_has(e->text, "written by a team") && !wn_t_has(e->text, "market square"), "sidebar kept: %.*s",
              (int)e->text.len, e->text.ptr);
}

/* The writer's biography and profile boxes ("bio", "profile": the bare words of the
 * "author-bio" and "author-profile" the hint table already knows) hold prose about the author,
 * not the article, even inside the article's box. */
static void test_bio_and_profile_boxes(void)
{
    const wn_extract_result *e = extract(
        "<html><body><div class=\"post\"><h1>Bridge plan</h1><p>" PROSE1 "</p><p>" PROSE2 "</p><p>" PROSE3 "</p>"
        "<div class=\"bio\"><p>Anna Berg is a reporter who has covered the town hall and the river for twelve years, "
        "and who writes a weekly column about the old town.</p></div><div id=\"profile\"><p>Born by the river, she "
        "studied history in the city and came back to work for the paper, where she still lives with two cats and a "
        "boat.</p></div></div></body></html>");
    CHECK_MSG(wn_t_has(e->text, PROSE1) && wn_t_has(e->text, PROSE2) && wn_t_has(e->text, PROSE3), "article lost: %.*s",
              (int)e->text.len, e->text.ptr);
    CHECK_MSG(!wn_t_has(e->text, "Anna Berg") && !wn_t_has(e->text, "two cats"), "biography kept: %.*s", (int)e->text.len,
              e->text.ptr);
}

/* An affiliate or advertising disclosure at the top of a post ("editorial-disclosure") speaks
 * for the publisher, like a disclaimer: it is not the article. */
static void test_disclosure_box(void)
{
    const wn_extract_result *e = extract(
        "<html><body><div class=\"post\"><h1>Bridge plan</h1><div class=\"editorial-disclosure\"><p>This post "
        "contains references to products from our advertisers, and we may receive a payment when you click on the "
        "links in it.</p></div><p>" PROSE1 "</p><p>" PROSE2 "</p><p>" PROSE3 "</p></div></body></html>");
    CHECK_MSG(wn_t_has(e->text, PROSE1) && wn_t_has(e->text, PROSE2) && wn_t_has(e->text, PROSE3), "article lost: %.*s",
              (int)e->text.len, e->text.ptr);
    CHECK_MSG(!wn_t_has(e->text, "advertisers"), "disclosure kept: %.*s", (int)e->text.len, e->text.ptr);
}

/* Class words of three boxes that sit inside or beside an article and are not it, each a word
 * the vocabulary lacked: an affiliate notice ("affiliateText": how the site earns from the
 * links), a cookie banner (the "cookieconsent" of consent scripts, one word that does not split
 * into "cookie"), and German comment sections ("kommentare", "kommentarModul"). */
static void test_affiliate_cookie_kommentar_boxes(void)
{
    const char *boxes[] = {
        "<div id=\"affiliateText\"><p>We receive money when you sign a contract through one of the links on "
        "this page, which does not change what you pay.</p></div>",
        "<div id=\"fi-cookieconsent\"><p>We receive your consent to store small files on your computer when you "
        "keep using these pages, which helps us count visitors.</p></div>",
        "<section class=\"kommentare\"><p>We receive many remarks from readers every week and read all of them "
        "before they appear here below the story.</p></section>",
        "<div class=\"kommentarModul\"><p>We receive many remarks from readers every week and read all of them "
        "before they appear here below the story.</p></div>",
    };
    for (size_t i = 0; i < sizeof boxes / sizeof *boxes; i++) {
        static char h[8192];
        snprintf(h, sizeof h, "<html><body><div class=\"post\"><h1>Bridge plan</h1><p>" PROSE1 "</p><p>" PROSE2
                 "</p><p>" PROSE3 "</p>%s</div></body></html>", boxes[i]);
        const wn_extract_result *e = extract(h);
        CHECK_MSG(wn_t_has(e->text, PROSE1) && wn_t_has(e->text, PROSE3), "article lost (box %zu): %.*s", i,
                  (int)e->text.len, e->text.ptr);
        CHECK_MSG(!wn_t_has(e->text, "We receive"), "box %zu kept: %.*s", i, (int)e->text.len, e->text.ptr);
    }
}

/* A paragraph all in fine print right after a picture's box, or beside the picture in the same
 * paragraph, is the picture's caption and credit; a plain paragraph there, and fine print away
 * from any picture, are text. */
static void test_fine_print_caption_after_image(void)
{
    const wn_extract_result *e = extract(
        "<html><body><div class=\"post\"><h1>Bridge plan</h1><p>" PROSE1 "</p><div class=\"col\"><div class=\"pic\">"
        "<img src=\"bridge.jpg\"></div><p class=\"text-center\"><small>The old bridge at dawn. (Photo: Ann Lee)</small></p>"
        "</div><p>" PROSE2 "</p><p><img src=\"river.jpg\"><br><em><sub>Figure 2: the river in May.</sub></em></p><p>" PROSE3
        "</p></div></body></html>");
    CHECK_MSG(wn_t_has(e->text, PROSE1) && wn_t_has(e->text, PROSE2) && wn_t_has(e->text, PROSE3), "article lost: %.*s",
              (int)e->text.len, e->text.ptr);
    CHECK_MSG(!wn_t_has(e->text, "Ann Lee") && !wn_t_has(e->text, "Figure 2"), "caption kept: %.*s", (int)e->text.len,
              e->text.ptr);
    e = extract("<html><body><div class=\"post\"><h1>Bridge plan</h1><p>" PROSE1 "</p><div class=\"pic\"><img src=\"b.jpg\">"
                "</div><p>The bridge opens in June.</p><p>" PROSE2 "</p><p><small>Tickets cost two euros.</small></p><p>" PROSE3
                "</p></div></body></html>");
    CHECK_MSG(wn_t_has(e->text, "The bridge opens in June.") && wn_t_has(e->text, "Tickets cost two euros."),
              "text beside or away from a picture dropped: %.*s", (int)e->text.len, e->text.ptr);
}

/* A run of story boxes after the article whose headlines carry a kicker (a short topic label
 * above each: "<span>Podcast</span><h3><a>...</a></h3><p>teaser</p>") is a list of other stories,
 * as the same boxes without kickers are: the teasers read as prose but are not the article. */
static void test_kicker_headline_boxes_after_article(void)
{
    static char h[8192];
    const char *card = "<div class=\"card\"><span>%s</span><h3><a href=\"/s/%d\">%s</a></h3><p>%s</p></div>";
    char cards[4096];
    size_t n = 0;
    const char *k[] = { "Podcast", "Israel", "Germany", "Science" };
    const char *t[] = { "Voices from the harbour", "Talks in the night", "Parties on the ballot", "A comet in June" };
    const char *p[] = { "Fishermen tell us how the harbour changed over forty years, and what they expect of the next "
                        "forty, now that the new quay is built.",
                        "Negotiators met again on Tuesday, and both sides said that some progress had been made, though "
                        "no date was set for the next round.",
                        "More parties than ever are on the ballot this year, and most of them will win no seat at all, "
                        "the electoral office said on Friday.",
                        "Astronomers expect a comet to be seen without a telescope in June, for the first time in "
                        "twenty years, low in the north." };
    for (int i = 0; i < 4; i++)
        n += (size_t)snprintf(cards + n, sizeof cards - n, card, k[i], i, t[i], p[i]);
    snprintf(h, sizeof h, "<html><body><div class=\"main\"><div class=\"post\"><h1>Bridge plan</h1><p>" PROSE1 "</p><p>"
             PROSE2 "</p><p>" PROSE3 "</p><p>" PROSE1 " " PROSE2 "</p></div><h2>Latest stories</h2><div class=\"list\">%s</div></div></body></html>",
             cards);
    const wn_extract_result *e = extract(h);
    CHECK_MSG(wn_t_has(e->text, PROSE1) && wn_t_has(e->text, PROSE3), "article lost: %.*s", (int)e->text.len, e->text.ptr);
    CHECK_MSG(!wn_t_has(e->text, "Fishermen tell us") && !wn_t_has(e->text, "More parties than ever"),
              "story boxes kept: %.*s", (int)e->text.len, e->text.ptr);
}

/* Boxes of a heading and a paragraph after the article's running text, with no link in any of
 * them (a review's verdicts, one box per reviewer: "Anna's review 8/10" and her lines), have the
 * short repeated shape of a "more stories" list but link nowhere: they are sections of the
 * article, and stay. The same boxes whose headings link to other pages are such a list (the
 * test above and test_extract_broken's). */
static void test_linkless_boxes_after_article(void)
{
    static char h[8192];
    const char *box = "<div class=\"review\"><h3>%s review %d/10</h3><p>%s</p></div>";
    const char *who[] = { "Anna's", "Ben's", "Carl's" };
    const char *p[] = { "The fish cakes came out of the fryer hot and golden, and the one with cheese was the best "
                        "thing we ate that day.",
                        "A good place to stop on a long drive: the shop is small, but the choice is large and the "
                        "staff were kind to us.",
                        "You know you are in for a treat once you step in, and everything we picked out of the "
                        "freezer was tasty." };
    char boxes[2048];
    size_t n = 0;
    for (int i = 0; i < 3; i++)
        n += (size_t)snprintf(boxes + n, sizeof boxes - n, box, who[i], 7 + i, p[i]);
    snprintf(h, sizeof h, "<html><body><div class=\"main\"><div class=\"post\"><h1>A fish cake shop</h1><p>" PROSE1
             "</p><p>" PROSE2 "</p><p>" PROSE3 "</p><p>" PROSE1 " " PROSE2 "</p>%s<h3>Address</h3><p>5 Harbour Road</p></div>"
             "</div></body></html>", boxes);
    const wn_extract_result *e = extract(h);
    CHECK_MSG(wn_t_has(e->text, PROSE1) && wn_t_has(e->text, PROSE3), "article lost: %.*s", (int)e->text.len, e->text.ptr);
    CHECK_MSG(wn_t_has(e->text, "the one with cheese") && wn_t_has(e->text, "was tasty"),
              "linkless boxes dropped as a list of stories: %.*s", (int)e->text.len, e->text.ptr);
}

/* A placeholder that stands where consent-gated content would load ("third-party-services
 * placeholder": a notice about privacy and a button), and a short embedded promo ("embed"), are
 * not the article. */
static void test_placeholder_and_embed_boxes(void)
{
    const wn_extract_result *e = extract(
        "<html><body><div class=\"post\"><h1>Bridge plan</h1><p>" PROSE1 "</p><div class=\"third-party-services--placeholder\">"
        "<div class=\"message\">We respect your privacy. This content is loaded from another site only when you agree to "
        "it, and the other site may then set cookies.</div><button>Load content</button></div><p>" PROSE2 "</p>"
        "<div class=\"embed-wrapper\"><p>The latest on bridges and rivers from our science desk</p></div><p>" PROSE3
        "</p></div></body></html>");
    CHECK_MSG(wn_t_has(e->text, PROSE1) && wn_t_has(e->text, PROSE2) && wn_t_has(e->text, PROSE3), "article lost: %.*s",
              (int)e->text.len, e->text.ptr);
    CHECK_MSG(!wn_t_has(e->text, "We respect your privacy") && !wn_t_has(e->text, "science desk"), "box kept: %.*s",
              (int)e->text.len, e->text.ptr);
}

/* The label of a toggle (a control that shows or hides a part: "Hide sources" over a list of
 * sources, "Show picture" in a recipe's step) is a button's text, not the article's. */
static void test_toggle_labels(void)
{
    const wn_extract_result *e = extract(
        "<html><body><div class=\"post\"><h1>Bridge plan</h1><p>" PROSE1 "</p><div class=\"step\"><div class=\"step-image-toggle\"><span "
        "class=\"step-image-toggle__open\">Show picture</span></div><p>" PROSE2 "</p></div><p>" PROSE3 "</p>"
        "<div class=\"citation\"><div class=\"citation__toggle\">Hide sources</div><ul><li>Council minutes, "
        "4 June 2012, item 7: repair of the old bridge</li></ul></div></div></body></html>");
    CHECK_MSG(wn_t_has(e->text, PROSE1) && wn_t_has(e->text, PROSE2) && wn_t_has(e->text, PROSE3), "article lost: %.*s",
              (int)e->text.len, e->text.ptr);
    CHECK_MSG(!wn_t_has(e->text, "Show picture") && !wn_t_has(e->text, "Hide sources"), "toggle kept: %.*s",
              (int)e->text.len, e->text.ptr);
}

/* A table of records inside the article (a recipe's ingredients: amount, name) where one name
 * links to a glossary: the linked cell is the row's text, not a link list. A table of links
 * with their dates beside the article (latest topics) stays out. */
static void test_linked_cell_in_record_row(void)
{
    const char *rows = "<table class=\"ingredients\"><tr><td>250 g</td><td>flour, sifted</td></tr>"
                       "<tr><td>2</td><td><a href=\"/glossary/eggs\">eggs, beaten with a fork</a></td></tr>"
                       "<tr><td>100 ml</td><td>milk, warm</td></tr><tr><td>1 pinch</td><td>salt</td></tr>"
                       "<tr><td>2 tbsp</td><td>butter, melted</td></tr><tr><td>1 tsp</td><td>sugar, fine</td></tr></table>";
    static char h[8192];
    snprintf(h, sizeof h, "<html><body><div class=\"recipe\"><h1>Pancakes</h1><p>" PROSE1 "</p>%s<p>" PROSE2
             "</p><p>" PROSE3 "</p></div></body></html>", rows);
    const wn_extract_result *e = extract(h);
    CHECK_MSG(wn_t_has(e->text, PROSE1) && wn_t_has(e->text, "flour, sifted") && wn_t_has(e->text, "milk, warm"),
              "article lost: %.*s", (int)e->text.len, e->text.ptr);
    CHECK_MSG(wn_t_has(e->text, "eggs, beaten with a fork"), "linked cell of a record row dropped: %.*s",
              (int)e->text.len, e->text.ptr);
    snprintf(h, sizeof h, "<html><body><div class=\"post\"><h1>Bridge plan</h1><p>" PROSE1 "</p><p>" PROSE2
             "</p><p>" PROSE3 "</p></div><div class=\"box\"><table>"
             "<tr><td><a href=\"/t/1\">Ferry timetable for the spring months</a></td><td>by anna</td></tr>"
             "<tr><td><a href=\"/t/2\">Parking near the old bridge during the works</a></td><td>by tom</td></tr>"
             "<tr><td><a href=\"/t/3\">Photos of the river from the hill</a></td><td>by eve</td></tr>"
             "</table></div></body></html>");
    e = extract(h);
    CHECK_MSG(wn_t_has(e->text, PROSE1) && wn_t_has(e->text, PROSE3), "article lost: %.*s", (int)e->text.len, e->text.ptr);
    CHECK_MSG(!wn_t_has(e->text, "Ferry timetable") && !wn_t_has(e->text, "Parking near"), "link table kept: %.*s",
              (int)e->text.len, e->text.ptr);
}


/* A list of cards (each item a heading, empty or not, and a paragraph) that a short label
 * ending in a colon announces after the article ("Also on our site:" over a slideshow of other
 * stories): the cards read as prose and hold more text than the article, yet are not its
 * text. The same list after a sentence that leads into it (a listicle's items) stays. */
static void test_labelled_card_list_after_article(void)
{
    static char h[8192];
    static const char *const card = "<li><h4>%s</h4><p>Card %d: %s</p></li>";
    static const char *const texts[] = {
        "the harbour festival returns this summer with boats, music and food stalls along the quay, and the organisers expect more visitors than ever.",
        "a new library opens in the old station building next month, with a reading room on the platform and a cafe where the ticket hall was.",
        "the school on the hill will get a larger playground after the town bought the field behind it from a farmer who had kept sheep there.",
        "buses will run every ten minutes on the main road from May, and the night line to the coast returns after a break of three years.",
        "the market moves to the square on Saturdays while the hall is painted, and the stall holders say they prefer the open air anyway.",
    };
    for (int labelled = 0; labelled < 2; labelled++) {
        int n = snprintf(h, sizeof h, "<html><body><div class=\"entry\"><h1>Bridge plan</h1><p>%s</p><p>%s</p><p>%s</p><div><ul>",
                         PROSE1, PROSE2, labelled ? "Also on our site:" : "Here is what else the council decided this week, item by item.");
        const char *heads[] = { " ", "Library", "School", "Buses", "Market" };
        for (int i = 0; i < 5; i++)
            n += snprintf(h + n, sizeof h - (size_t)n, card, heads[i], i + 1, texts[i]);
        snprintf(h + n, sizeof h - (size_t)n, "</ul></div></div></body></html>");
        const wn_extract_result *e = extract(h);
        CHECK_MSG(wn_t_has(e->text, PROSE1) && wn_t_has(e->text, PROSE2), "article lost: %.*s", (int)e->text.len, e->text.ptr);
        if (labelled)
            CHECK_MSG(!wn_t_has(e->text, "Card 1:") && !wn_t_has(e->text, "Card 2:") && !wn_t_has(e->text, "Also on our site"),
                      "labelled card list kept: %.*s", (int)e->text.len, e->text.ptr);
        else
            CHECK_MSG(wn_t_has(e->text, "Card 1:") && wn_t_has(e->text, "Card 5:"), "listicle's items lost: %.*s", (int)e->text.len,
                      e->text.ptr);
    }
}

/* An <aside> with a boilerplate word ("sidebar") beside a short article, both in the box
 * chosen: the aside holds more than half the box, and a class on so large a box is not believed
 * (it may be the article's own class), but <aside> says the same as the word, so both are. */
static void test_large_aside_beside_short_article(void)
{
    static const char h[] =
        "<html><body><div class=\"wrap\"><div class=\"main\"><h1>Bridge plan</h1><p>" PROSE1 "</p><p>" PROSE2 "</p></div>"
        "<aside id=\"sidebar\"><section><p>Side 1: the harbour festival returns this summer with boats, music and food stalls along the quay, and the organisers expect more visitors than ever.</p></section>"
        "<section><p>Side 2: a new library opens in the old station building next month, with a reading room on the platform and a cafe where the ticket hall was.</p></section>"
        "<section><p>Side 3: the school on the hill will get a larger playground after the town bought the field behind it from a farmer who had kept sheep there.</p></section>"
        "</aside></div></body></html>";
    const wn_extract_result *e = extract(h);
    CHECK_MSG(wn_t_has(e->text, PROSE1) && wn_t_has(e->text, PROSE2), "article lost: %.*s", (int)e->text.len, e->text.ptr);
    CHECK_MSG(!wn_t_has(e->text, "Side 1:") && !wn_t_has(e->text, "Side 3:"), "aside kept: %.*s", (int)e->text.len, e->text.ptr);
}

int main(void)
{
    wn_stopwords *sw = wn_t_english_stopwords();
    x = wn_t_extractor(sw);
    RUN(test_reply_form_after_article);
    RUN(test_signup_form_after_article);
    RUN(test_field_labels_in_article);
    RUN(test_form_pitch_in_its_box);
    RUN(test_sidebar_prose_beside_short_article);
    RUN(test_bio_and_profile_boxes);
    RUN(test_disclosure_box);
    RUN(test_affiliate_cookie_kommentar_boxes);
    RUN(test_fine_print_caption_after_image);
    RUN(test_kicker_headline_boxes_after_article);
    RUN(test_placeholder_and_embed_boxes);
    RUN(test_toggle_labels);
    RUN(test_linked_cell_in_record_row);
    RUN(test_labelled_card_list_after_article);
    RUN(test_large_aside_beside_short_article);
    RUN(test_linkless_boxes_after_article);
    wn_extractor_free(x);
    wn_stopwords_free(sw);
    return DONE();
}
