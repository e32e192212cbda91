/* test_extract.c: main-content extraction: what is kept and dropped, formats, metadata,
 * bounds, UTF-8 and determinism. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "harness.h"
#include "extract_harness.h"
#include "winnow/internal.h"
#include "html/extract_impl.h"
#include "html/meta.h"
#include "html/stopwords.h"

static const char *page =
    "<!DOCTYPE html><html lang=\"en-GB\"><head><title>Big news today | The Daily</title>"
    "<meta name=\"description\" content=\"What happened.\">"
    "<meta property=\"article:published_time\" content=\"2020-05-06T07:08:09Z\">"
    "<link rel=\"canonical\" href=\"https://example.org/news/big\">"
    "</head><body>"
    "<nav class=\"main-menu\"><ul><li><a href=\"/\">Home</a></li><li><a href=\"/w\">World</a></li></ul></nav>"
    "<div class=\"cookie-banner\">We use cookies to improve your experience on this site, please accept them all.</div>"
    "<div class=\"page\"><article class=\"post\"><h1>Big news today</h1>"
    "<p class=\"byline\">By Jane Writer</p>"
    "<p>The council decided on Monday that the old bridge, which has stood for two hundred years, will be repaired rather than replaced.</p>"
    "<p>Residents had asked for the repair for a long time, and the vote was unanimous, said the mayor after the meeting.</p>"
    "<ul><li>Cost: two million</li><li>Duration: one year</li></ul>"
    "<div class=\"share-buttons\"><a href=\"#\">Share on Facebook</a> <a href=\"#\">Tweet</a></div>"
    "<div class=\"related-posts\"><h3>Related</h3><ul><li><a href=\"/a\">Another story about bridges in the area</a></li></ul></div>"
    "</article><aside class=\"sidebar\"><p>Subscribe to our newsletter for more news like this one every day.</p></aside>"
    "<section id=\"comments\"><p>I think this is a great decision by the council, finally something good happens here.</p></section>"
    "</div><footer><p>Copyright 2020 The Daily. All rights reserved. Imprint and privacy policy.</p></footer>"
    "</body></html>";

static wn_extractor *make(wn_extract_format f, bool comments)
{
    wn_extract_opts o;
    wn_extract_opts_default(&o);
    o.format = f;
    o.keep_comments = comments;
    wn_extractor *x = NULL;
    CHECK(wn_extractor_create(&x, &o) == WN_OK);
    return x;
}

/* The page h extracted with the default options, or NULL to free the extractor shared by the
 * tests; the result lives until the next call. */
static const wn_extract_result *page_of(const char *h)
{
    static wn_extractor *x;
    static wn_extract_result r;
    if (!h) {
        wn_extractor_free(x);
        x = NULL;
        return NULL;
    }
    if (!x)
        x = make(WN_EXTRACT_TEXT, false);
    CHECK(wn_extract_html(x, h, strlen(h), NULL, 0, &r) == WN_OK);
    return &r;
}

static wn_slice text_of(const char *h)
{
    return page_of(h)->text;
}

static void test_hint_table_sorted(void)
{
    for (size_t i = 1; wn_extract_hint_word(i); i++)
        CHECK(strcmp(wn_extract_hint_word(i - 1), wn_extract_hint_word(i)) < 0);
    CHECK(wn_extract_hints("entry-content", 13) & WN_HINT_STRONG);
    CHECK(wn_extract_hints("mainContent", 11) & WN_HINT_GOOD);
    CHECK(wn_extract_hints("sideBarLeft", 11) == 0);   /* "side", "bar": not words of the table */
    CHECK(wn_extract_hints("widget_area", 11) & WN_HINT_BAD);
    uint8_t unboxed;        /* a page builder's box word is set apart; other words are not */
    CHECK(wn_extract_hints_split("elementor-widget-text-editor", 28, &unboxed) == (WN_HINT_BAD | WN_HINT_GOOD) && unboxed == WN_HINT_GOOD);
    CHECK(wn_extract_hints_split("widget sidebar", 14, &unboxed) == WN_HINT_BAD && unboxed == WN_HINT_BAD);
    CHECK(wn_extract_hints("comment-list", 12) & WN_HINT_COMMENT);
    CHECK(wn_extract_hints("headline", 8) == 0);
    CHECK(wn_extract_hints("news-img-caption", 16) == WN_HINT_WEAK);
    /* an author's box or bio is boilerplate whatever its length; a byline is only weak */
    CHECK(wn_extract_hints("author-bio mt-2", 15) & WN_HINT_BAD);
    CHECK(wn_extract_hints("bmg-author-box", 14) & WN_HINT_BAD);
    CHECK(wn_extract_hints("post-author", 11) == (WN_HINT_GOOD | WN_HINT_WEAK | WN_HINT_BYLINE));
    /* any case, and a pair joined across the separator */
    CHECK(wn_extract_hints("x ENTRY_Content", 15) & WN_HINT_STRONG);
    CHECK(wn_extract_hints("Post-Body", 9) & WN_HINT_STRONG);
    CHECK(wn_extract_hints("post-bodyx", 10) == WN_HINT_GOOD);
    /* WordPress taxonomy classes name topics, not layout */
    CHECK(wn_extract_hints("post category-newsletter tag-share", 34) == WN_HINT_GOOD);
    CHECK(wn_extract_hints("xcategory-newsletter", 20) & WN_HINT_BAD);
}

/* The cache answers what wn_extract_hints answers: values that share a slot (same length,
 * same first and last 8 bytes: only the middle differs), values at and past the key size,
 * and more values than slots, each asked twice so that the second answer comes from the cache
 * where it can. */
static void test_hint_cache(void)
{
    static wn_hint_cache c;     /* zeroed: empty */
    uint8_t ub;
    const char *same_ends[] = { "aaaaaaaa-nav-zzzzzzzz", "aaaaaaaa-xxx-zzzzzzzz", "aaaaaaaa-nav-zzzzzzzz" };
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < 3; i++)
            CHECK(wn_extract_hints_cached(&c, same_ends[i], 21, &ub) == wn_extract_hints(same_ends[i], 21));
    CHECK(wn_extract_hints_cached(&c, same_ends[0], 21, &ub) == WN_HINT_BAD);
    CHECK(wn_extract_hints_cached(&c, same_ends[1], 21, &ub) == 0);
    const char *parts[] = { "nav", "content", "post", "x", "comment", "sidebar", "Main", "q-" };
    char v[200];
    for (int pass = 0; pass < 2; pass++)
        for (size_t n = 1; n <= 70; n++)
            for (size_t seed = 0; seed < 40; seed++) {
                size_t len = 0;
                for (size_t k = 0; len < n; k++) {
                    const char *w = parts[(seed * 7 + k * 3 + n) % 8];
                    for (; *w && len < n; w++)
                        v[len++] = *w;
                    if (len < n)
                        v[len++] = (char)(k % 2 ? ' ' : '-');
                }
                CHECK(wn_extract_hints_cached(&c, v, n, &ub) == wn_extract_hints(v, n));
            }
}

static void test_keeps_and_drops(void)
{
    wn_extractor *x = make(WN_EXTRACT_TEXT, false);
    wn_extract_result r;
    CHECK(wn_extract_html(x, page, strlen(page), NULL, 0, &r) == WN_OK);
    CHECK(wn_t_has(r.text, "The council decided on Monday"));
    CHECK(wn_t_has(r.text, "the vote was unanimous"));
    CHECK(wn_t_has(r.text, "- Cost: two million"));
    CHECK(wn_t_has(r.text, "Big news today"));
    CHECK(!wn_t_has(r.text, "Home"));
    CHECK(!wn_t_has(r.text, "cookies"));
    CHECK(!wn_t_has(r.text, "Share on Facebook"));
    CHECK(!wn_t_has(r.text, "Another story"));
    CHECK(!wn_t_has(r.text, "newsletter"));
    CHECK(!wn_t_has(r.text, "great decision"));
    CHECK(!wn_t_has(r.text, "Copyright"));
    CHECK(wn_utf8_valid(r.text.ptr, r.text.len));
    /* metadata */
    CHECK(r.title.len && wn_t_has(r.title, "Big news today") && !wn_t_has(r.title, "Daily"));
    CHECK_EQ_INT(r.date.len, 10);
    CHECK(wn_t_has(r.date, "2020-05-06"));
    CHECK(wn_t_has(r.url, "https://example.org/news/big"));
    CHECK(wn_t_has(r.description, "What happened."));
    CHECK(wn_t_has(r.lang, "en-GB"));
    CHECK(r.author.len == 11 && wn_t_has(r.author, "Jane Writer"));   /* from its byline */
    wn_extractor_free(x);

    x = make(WN_EXTRACT_TEXT, true);
    CHECK(wn_extract_html(x, page, strlen(page), NULL, 0, &r) == WN_OK);
    CHECK(wn_t_has(r.text, "The council decided on Monday"));
    wn_extractor_free(x);
}

static void test_markdown(void)
{
    const char *h = "<html><body><article><h2>Section</h2><p>Some <em>emphasis</em> and <strong>strength</strong> "
                    "in a paragraph long enough to be the main text of this small page, really.</p>"
                    "<ol><li>first</li><li>second</li></ol><pre>x = 1\n  y = 2</pre>"
                    "<table><tr><th>k</th><th>v</th></tr><tr><td>a</td><td>1</td></tr></table></article></body></html>";
    wn_extractor *x = make(WN_EXTRACT_MARKDOWN, false);
    wn_extract_result r;
    CHECK(wn_extract_html(x, h, strlen(h), NULL, 0, &r) == WN_OK);
    CHECK(wn_t_has(r.text, "## Section\n"));
    CHECK(wn_t_has(r.text, "*emphasis*"));
    CHECK(wn_t_has(r.text, "**strength**"));
    CHECK(wn_t_has(r.text, "```\nx = 1\n  y = 2\n```"));
    CHECK(wn_t_has(r.text, "| k | v |\n| --- | --- |\n| a | 1 |"));
    wn_extractor_free(x);
}

static void test_bounds_and_junk(void)
{
    wn_extractor *x = make(WN_EXTRACT_TEXT, false);
    wn_extract_result r;
    wn_buf b;
    wn_buf_init(&b, WN_BUF_UNCAPPED);
    for (int i = 0; i < 100000; i++)
        wn_buf_append_str(&b, "<span>");
    /* the parser caps the depth as it goes: no error, no text */
    CHECK(wn_extract_html(x, b.data, b.len, NULL, 0, &r) == WN_OK && r.text.len == 0);
    /* invalid UTF-8 and odd entities still give valid UTF-8 */
    const char *bad = "<p>caf\xe9 \xff\xfe &#xD800; &#0; &#x110000; \xf0\x9f\x98\x80 a sentence that is long enough to be kept as text.</p>";
    CHECK(wn_extract_html(x, bad, strlen(bad), NULL, 0, &r) == WN_OK);
    CHECK(wn_utf8_valid(r.text.ptr, r.text.len));
    CHECK(r.text.len > 0);
    /* pages of only scripts, framesets: no content, no error */
    const char *scripts = "<script>var a = '<p>not text</p>';</script><script>b()</script>";
    CHECK(wn_extract_html(x, scripts, strlen(scripts), NULL, 0, &r) == WN_OK);
    CHECK_EQ_INT(r.text.len, 0);
    const char *fs = "<html><frameset><frame src=a></frameset></html>";
    CHECK(wn_extract_html(x, fs, strlen(fs), NULL, 0, &r) == WN_OK);
    CHECK_EQ_INT(r.text.len, 0);
    /* same input, same output */
    CHECK(wn_extract_html(x, page, strlen(page), NULL, 0, &r) == WN_OK);
    char *first = strndup(r.text.ptr, r.text.len);
    CHECK(wn_extract_html(x, page, strlen(page), NULL, 0, &r) == WN_OK);
    CHECK(strlen(first) == r.text.len && !memcmp(first, r.text.ptr, r.text.len));
    free(first);
    wn_buf_free(&b);
    wn_extractor_free(x);
}

/* the title: one h1 is the headline; else the declared title without the site's name, found by
 * the declared site name, the host, or the host without its domain */
static void test_title(void)
{
    static const struct {
        const char *head, *body, *url, *want;
    } cases[] = {
        { "<title>Page | Site</title><meta property=\"og:title\" content=\"The og title\">",
          "<h1>The one headline</h1>", NULL, "The one headline" },
        { "<title>Bridge to be repaired | The Daily</title><meta property=\"og:site_name\" content=\"The Daily\">",
          "<h1>A</h1><h1>B</h1>", NULL, "Bridge to be repaired" },
        { "<title>Example News - Bridge to be repaired after long debate</title>", "",
          "https://www.example-news.org/a", "Bridge to be repaired after long debate" },
        { "<meta property=\"og:title\" content=\"Bridge to be repaired \xe2\x80\x94 example.org\">", "",
          "https://example.org/b", "Bridge to be repaired" },
        { "<meta property=\"og:title\" content=\"Town and council \xe2\x80\x93 a long story\">", "", NULL,
          "Town and council \xe2\x80\x93 a long story" },
        { "<title>News \xc2\xa0|\xc2\xa0 Site</title><meta property=\"og:site_name\" content=\"Site\">",
          "<h2>x</h2><h1>First</h1><h1>Second</h1>", NULL, "News" },
    };
    wn_extractor *x = make(WN_EXTRACT_TEXT, false);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char h[1024];
        snprintf(h, sizeof h, "<html><head>%s</head><body>%s<p>Text.</p></body></html>", cases[i].head, cases[i].body);
        wn_extract_result r;
        const char *u = cases[i].url;
        CHECK(wn_extract_html(x, h, strlen(h), u, u ? strlen(u) : 0, &r) == WN_OK);
        CHECK_MSG(r.title.len == strlen(cases[i].want) && !memcmp(r.title.ptr, cases[i].want, r.title.len),
                  "case %zu: title \"%.*s\", expected \"%s\"", i, (int)r.title.len, r.title.ptr, cases[i].want);
    }
    wn_extractor_free(x);
}

/* dates written in text, in the forms and languages pages use; a page that declares no date
 * gets the one printed next to its headline */
static void test_text_dates(void)
{
    static const char *const cases[][2] = {
        { "Published 27.01.2022, 11:41", "2022-01-27" }, { "3.2.2021", "2021-02-03" },
        { "27. Januar 2022", "2022-01-27" }, { "am 1. M\xc3\xa4rz 2020 um", "2020-03-01" },
        { "1. M\xc3\x84RZ 2020", "2020-03-01" }, { "January 27, 2022", "2022-01-27" },
        { "Posted Jan. 5, 2019 by", "2019-01-05" }, { "27 de enero de 2022", "2022-01-27" },
        { "le 14 f\xc3\xa9vrier 2021", "2021-02-14" }, { "2021-12-31T10:00", "2021-12-31" },
        { "Sept 9 2020", "2020-09-09" }, { "9 September, 2020", "2020-09-09" },
    };
    static const char *const no_date[] = { "12.34.2020", "31.12.1850", "Mayday 2020", "call 27 01 2022", "page 12 of 2020" };
    char d[11];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        bool ok = wn_meta_text_date(cases[i][0], strlen(cases[i][0]), d);
        CHECK_MSG(ok && !strcmp(d, cases[i][1]), "\"%s\": %s, expected %s", cases[i][0], ok ? d : "none", cases[i][1]);
    }
    for (size_t i = 0; i < sizeof no_date / sizeof *no_date; i++)
        CHECK_MSG(!wn_meta_text_date(no_date[i], strlen(no_date[i]), d), "\"%s\": found %s", no_date[i], d);
    const char *h = "<html><body><div class=\"top\">Monday, 30 November 2026</div><div class=\"nav\"><a href=/a>A</a>"
                    "</div><h1>Bridge</h1><div class=\"date\">Posted 3 May 2021</div><div class=\"story\">"
                    "<p>The first paragraph of the body, which carries the main story on, with commas, and more words.</p>"
                    "<p>The second paragraph of the body, which mentions the 4th of July 1999, with commas and words.</p>"
                    "</div></body></html>";
    const wn_extract_result *r = page_of(h);
    CHECK(r->date.len == 10 && !memcmp(r->date.ptr, "2021-05-03", 10));
    /* and the author printed in its byline, without "By" and the date after the name; a
     * comment's author is not the page's */
    const char *by = "<html><body><div class=\"comment\"><span class=\"comment-author\">Troll</span></div><h1>Bridge</h1>"
                     "<div class=\"byline\">By Jane Writer | 3 May 2021</div><div class=\"story\">"
                     "<p>The first paragraph of the body, which carries the main story on, with commas, and more words.</p>"
                     "<p>The second paragraph of the body, which carries the story further, with commas and words.</p>"
                     "</div></body></html>";
    r = page_of(by);
    CHECK(r->author.len == 11 && !memcmp(r->author.ptr, "Jane Writer", 11));
    CHECK(r->date.len == 10 && !memcmp(r->date.ptr, "2021-05-03", 10));
}

/* The date and byline printed near the text are candidates of last resort: meta.c decides
 * every field once, so a declared author or date (or one in the URL) wins over the text's, and
 * a declared author that is only a link leaves the byline's name. */
static void test_meta_precedence(void)
{
    const char *story = "<h1>Bridge</h1><div class=\"byline\">By Jane Writer | 3 May 2021</div><div class=\"story\">"
                        "<p>The first paragraph of the body, which carries the main story on, with commas, and more words.</p>"
                        "<p>The second paragraph of the body, which carries the story further, with commas and words.</p>"
                        "</div></body></html>";
    char h[2048];
    snprintf(h, sizeof h, "<html><head><meta name=\"author\" content=\"Max Declared\">"
             "<meta property=\"article:published_time\" content=\"2019-02-01T10:00:00Z\"></head><body>%s", story);
    const wn_extract_result *r = page_of(h);
    CHECK(r->author.len == 12 && !memcmp(r->author.ptr, "Max Declared", 12));
    CHECK(r->date.len == 10 && !memcmp(r->date.ptr, "2019-02-01", 10));
    snprintf(h, sizeof h, "<html><head><meta name=\"author\" content=\"https://site.example/author/x/\">"
             "</head><body>%s", story);
    r = page_of(h);
    CHECK(r->author.len == 11 && !memcmp(r->author.ptr, "Jane Writer", 11));
    CHECK(r->date.len == 10 && !memcmp(r->date.ptr, "2021-05-03", 10));
    wn_extractor *x = make(WN_EXTRACT_TEXT, false);
    wn_extract_result res;
    const char *u = "https://news.example.com/2012/05/31/bridge/";
    snprintf(h, sizeof h, "<html><body>%s", story);
    CHECK(wn_extract_html(x, h, strlen(h), u, strlen(u), &res) == WN_OK);
    CHECK(res.date.len == 10 && !memcmp(res.date.ptr, "2012-05-31", 10));
    CHECK(res.author.len == 11 && !memcmp(res.author.ptr, "Jane Writer", 11));
    wn_extractor_free(x);
}

static void test_url_date(void)
{
    wn_extractor *x = make(WN_EXTRACT_TEXT, false);
    wn_extract_result r;
    const char *h = "<p>text</p>";
    const char *u = "https://blog.example.com/2012/05/31/a-post/";
    CHECK(wn_extract_html(x, h, strlen(h), u, strlen(u), &r) == WN_OK);
    CHECK(r.date.len == 10 && !memcmp(r.date.ptr, "2012-05-31", 10));
    wn_extractor_free(x);
}

/* ruby readings and soft hyphens are not part of the text a reader sees */
static void test_invisible_text(void)
{
    const char *h = "<html><body><article><p><ruby>\xe5\xad\x90<rp>(</rp><rt>\xe3\x81\x93</rt><rp>)</rp></ruby>"
                    "\xe3\x81\xa9\xe3\x82\x82 is a word, and this paragraph about hy\xc2\xad" "phen\xc2\xad" "ation is "
                    "long enough to be the main text of the page.</p></article></body></html>";
    wn_slice t = text_of(h);
    CHECK(wn_t_has(t, "\xe5\xad\x90\xe3\x81\xa9\xe3\x82\x82 is a word"));
    CHECK(wn_t_has(t, "about hyphenation is"));
    /* a line begun by <br> starts with its first character, not with the source's indent */
    const char *br = "<html><body><article><p>The first line of a poem that is long enough to be the text<br>\n"
                     "   the second line of it, indented in the source, and long enough too.</p></article></body></html>";
    CHECK(wn_t_has(text_of(br), "to be the text\nthe second line"));
}

/* The walk copies runs of text eight bytes at a time where it can (run_blocks) and byte by
 * byte elsewhere: random paragraphs of words, single and double spaces, tabs, newlines,
 * no-break and thin spaces, soft hyphens and two-byte letters, at every offset, must come out
 * as the plain definition says: whitespace runs (Unicode spaces too) as one space, soft
 * hyphens gone, the ends trimmed. */
static void test_text_runs(void)
{
    static const char *const parts[] = { "a", "bc", "Wort", "longerword", "\xc3\xa4", "\xe2\x82\xac", ".",
                                         " ", " ", " ", "  ", "\t", "\n", " \n ", "\xc2\xa0",
                                         "\xe2\x80\x89", "\xc2\xad", "\xe3\x80\x80" };
    unsigned seed = 7;
    size_t wrong = 0;
    for (int round = 0; round < 300; round++) {
        char text[1200], want[1200], html[1400];
        size_t tn = 0;
        while (tn < 900) {
            seed = seed * 1103515245u + 12345u;
            const char *p = parts[(seed >> 16) % (sizeof parts / sizeof *parts)];
            /* mostly words and single spaces, as prose is */
            if ((seed >> 8) % 3 == 0)
                p = (seed >> 12) % 2 ? "text" : " ";
            memcpy(text + tn, p, strlen(p));
            tn += strlen(p);
        }
        memcpy(text + tn, " end", 4);
        tn += 4;
        text[tn] = 0;
        size_t wn = 0;
        bool gap = false;
        for (size_t i = 0; i < tn;) {
            const unsigned char *u = (const unsigned char *)text + i;
            size_t sp = (*u == ' ' || *u == '\t' || *u == '\n') ? 1
                        : (u[0] == 0xC2 && u[1] == 0xA0) ? 2
                        : (u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0x89) || (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) ? 3 : 0;
            if (sp) {
                gap = wn > 0;
                i += sp;
                continue;
            }
            if (u[0] == 0xC2 && u[1] == 0xAD) {
                i += 2;
                continue;
            }
            if (gap)
                want[wn++] = ' ';
            gap = false;
            want[wn++] = text[i++];
        }
        want[wn] = 0;
        snprintf(html, sizeof html, "<html><body><article><p>%s</p></article></body></html>", text);
        wn_slice got = text_of(html);
        if (got.len != wn || memcmp(got.ptr, want, wn)) {
            if (wrong++ < 2)
                fprintf(stderr, "  round %d:\n  got  '%.*s'\n  want '%s'\n", round, (int)got.len, got.ptr, want);
        }
    }
    CHECK_EQ_INT((int)wrong, 0);
}

/* The stop-word table: masks per language, words longer than the 8 bytes a slot holds, words
 * sharing those 8 bytes, and words in no list (which the filter mostly answers). */
static void test_stopword_lookup(void)
{
    const char *json = "{\"de\": [\"und\", \"Zwischendurch\", \"der\"], "
                       "\"en\": [\"and\", \"the\", \"zwischendurchx\", \"\\u00fcber\", 7, true, \"q\\\"t\", \"b\\\\\", \"\\\\\\\"\"], "
                       "\"nl\": [\"en\", \"der\"]}";
    wn_stopwords *sw = wn_t_stopwords_json(json);
    CHECK(wn_stopwords_mask(sw, "und", 3) == 1);
    CHECK(wn_stopwords_mask(sw, "der", 3) == 5);
    CHECK(wn_stopwords_mask(sw, "zwischendurch", 13) == 1);   /* lowercased when loaded */
    CHECK(wn_stopwords_mask(sw, "zwischendurchx", 14) == 2);
    CHECK(wn_stopwords_mask(sw, "zwischendurcy", 13) == 0);
    CHECK(wn_stopwords_mask(sw, "zwischen", 8) == 0);
    CHECK(wn_stopwords_mask(sw, "\xc3\xbc" "ber", 5) == 2);
    /* escaped quotes and backslashes end no word early; items that are not strings are skipped */
    CHECK(wn_stopwords_mask(sw, "q\"t", 3) == 2);
    CHECK(wn_stopwords_mask(sw, "b\\", 2) == 2);
    CHECK(wn_stopwords_mask(sw, "\\\"", 2) == 2);
    CHECK(wn_stopwords_mask(sw, "q", 1) == 0 && wn_stopwords_mask(sw, "t", 1) == 0 && wn_stopwords_mask(sw, "7", 1) == 0);
    CHECK(wn_stopwords_mask(sw, "an", 2) == 0 && wn_stopwords_mask(sw, "", 0) == 0);
    /* many words in no list: none may be reported */
    char w[16];
    size_t hits = 0;
    for (int i = 0; i < 20000; i++) {
        int n = snprintf(w, sizeof w, "w%dq", i);
        hits += wn_stopwords_mask(sw, w, (size_t)n) != 0;
    }
    CHECK(hits == 0);
    CHECK(wn_stopwords_lang_index(sw, "NL-be", 5) == 2);
    wn_stopwords_free(sw);
    /* an empty file is an error naming it, reached without NULL + 0 (undefined: an empty
     * buffer has no data pointer; clang's UBSan stops on it) */
    char empty[] = "/tmp/winnow_sw_XXXXXX";
    int fd = mkstemp(empty);
    CHECK(fd >= 0);
    close(fd);
    sw = NULL;
    char err[256] = "";
    CHECK(wn_stopwords_load(&sw, empty, err, sizeof err) != WN_OK);
    CHECK(sw == NULL && strstr(err, empty) != NULL);
    unlink(empty);
    wn_stopwords_free(sw);
}

/* Words of every length a stop word may have (1 to 32 bytes), which the hash and the 8-byte
 * head read in overlapping pieces: each one is found, and no word with one byte changed is. */
static void test_stopword_lengths(void)
{
    static const char letters[] = "abcdefghijklmnopqrstuvwxyz012345";
    char json[1400] = "{\"xx\": [";
    for (size_t n = 1; n <= 32; n++)
        snprintf(json + strlen(json), sizeof json - strlen(json), "%s\"%.*s\"", n > 1 ? ", " : "", (int)n, letters);
    strcat(json, "]}");
    wn_stopwords *sw = wn_t_stopwords_json(json);
    size_t found = 0, wrong = 0;
    for (size_t n = 1; n <= 32; n++) {
        char w[32];
        memcpy(w, letters, n);
        found += wn_stopwords_mask(sw, w, n) == 1;
        for (size_t k = 0; k < n; k++) {
            w[k] = '_';
            wrong += wn_stopwords_mask(sw, w, n) != 0;
            w[k] = letters[k];
        }
    }
    CHECK_EQ_INT((int)found, 32);
    CHECK_EQ_INT((int)wrong, 0);
    wn_stopwords_free(sw);
}

/* The word scan's plain definition, one byte at a time (what wn_page_scan_words did before it
 * took ASCII letters eight at a time): letters are ASCII letters, apostrophes inside a word and
 * any UTF-8 sequence but NBSP and U+2000-206F; a word is lowered (ASCII, Latin-1 capitals) into
 * at most WN_STOPWORD_MAX_LEN bytes, longer ones get mask 0. */
static size_t ref_scan_words(const unsigned char *p, size_t n, const wn_stopwords *sw, uint64_t *masks,
                             size_t cap, uint32_t *commas)
{
    size_t nw = 0, i = 0;
    while (i < n) {
        unsigned char c = p[i];
        bool letter = (c | 32) >= 'a' && (c | 32) <= 'z';
        if (c >= 0x80)
            letter = !((c == 0xE2 && i + 1 < n && p[i + 1] == 0x80) || (c == 0xC2 && i + 1 < n && p[i + 1] < 0xC0));
        if (!letter) {
            *commas += c == ',';
            i += c >= 0x80 ? (c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2) : 1;
            continue;
        }
        size_t s = i, wl = 0;
        char word[WN_STOPWORD_MAX_LEN];
        bool too_long = false;
        while (i < n) {
            c = p[i];
            if (c < 0x80) {
                if (((c | 32) < 'a' || (c | 32) > 'z') && c != '\'')
                    break;
                if (wl < sizeof word)
                    word[wl++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
                else
                    too_long = true;
                i++;
                continue;
            }
            if ((c == 0xE2 && i + 1 < n && p[i + 1] == 0x80) || (c == 0xC2 && i + 1 < n && p[i + 1] < 0xC0))
                break;
            size_t l = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            if (i + l > n)
                l = n - i;
            if (wl + l <= sizeof word) {
                memcpy(word + wl, p + i, l);
                if (c == 0xC3 && l == 2 && p[i + 1] >= 0x80 && p[i + 1] <= 0x9E && p[i + 1] != 0x97)
                    word[wl + 1] = (char)(p[i + 1] + 0x20);
                wl += l;
            } else {
                too_long = true;
            }
            i += l;
        }
        if (i == s) {
            i++;
            continue;
        }
        if (nw < cap)
            masks[nw] = too_long ? 0 : wn_stopwords_mask(sw, word, wl);
        nw++;
    }
    return nw;
}

typedef struct {
    uint64_t masks[4096];
    size_t n;
} scan_got;

static bool scan_collect(void *ctx, uint64_t mask)
{
    scan_got *g = ctx;
    if (g->n < 4096)
        g->masks[g->n] = mask;
    g->n++;
    return true;
}

/* wn_page_scan_words against ref_scan_words on random text of stop words in mixed case, words
 * of 1 to 40 letters (across the 8-byte steps and the 32-byte word limit), apostrophes,
 * digits, punctuation, UTF-8 letters and separators, cut at every length: the same words, the
 * same masks, the same counts. */
static void test_scan_words(void)
{
    const char *json = "{\"en\": [\"the\", \"and\", \"don't\", \"o'clock\", \"notwithstanding\", "
                       "\"abcdefghijklmnopqrstuvwxyzabcdef\", \"abcdefgh\", \"abcdefghi\"], "
                       "\"de\": [\"und\", \"\\u00fcber\", \"stra\\u00dfe\", \"zwischendurch\"], \"fr\": [\"l'\", \"\\u00e0\"]}";
    wn_stopwords *sw = wn_t_stopwords_json(json);
    static const char *const parts[] = { "The", "AND", "Don't", "o'CLOCK", "NotWithStanding", "und", "\xc3\x9c" "ber",
                                         "Stra\xc3\x9f" "e", "L'", "\xc3\x80", "abcdefgh", "ABCDEFGHI",
                                         "abcdefghijklmnopqrstuvwxyzabcdef", "abcdefghijklmnopqrstuvwxyzabcdefg",
                                         "'", "''", "x1", "42", ",", ", ", ".", "-", "[", "@", "`", "{", " ",
                                         "  ", "\n", "\xc2\xa0", "\xe2\x80\x94", "\xe2\x82\xac", "\xe4\xb8\xad",
                                         "\xf0\x9f\x98\x80", "\xc3", "\xe2\x80" };
    static const char letters[] = "aBcDeFgHiJkLmNoPqRsTuVwXyZ'";
    wn_page pg;
    memset(&pg, 0, sizeof pg);
    wn_buf_init(&pg.plain, 1 << 16);
    static wn_stopword_cache memo;  /* as an extractor's page has: the scan looks words up through it */
    pg.sw_cache = &memo;
    static scan_got got;
    static uint64_t want[4096];
    unsigned seed = 11;
    size_t wrong = 0, checked = 0;
    for (int round = 0; round < 400; round++) {
        char text[700];
        size_t tn = 0;
        while (tn < 600) {
            seed = seed * 1103515245u + 12345u;
            if ((seed >> 9) % 4 == 0) {
                size_t len = 1 + (seed >> 16) % 40;
                for (size_t k = 0; k < len; k++) {
                    seed = seed * 1103515245u + 12345u;
                    text[tn++] = letters[(seed >> 16) % (sizeof letters - 1)];
                }
            } else {
                const char *q = parts[(seed >> 16) % (sizeof parts / sizeof *parts)];
                memcpy(text + tn, q, strlen(q));
                tn += strlen(q);
            }
        }
        for (size_t cut = round % 7; cut <= tn; cut += 37) {
            /* the block is cut out of a longer buffer, as blocks are of the page's text */
            wn_buf_reset(&pg.plain);
            CHECK(wn_buf_append(&pg.plain, "xx", 2) == WN_OK);
            CHECK(wn_buf_append(&pg.plain, text, tn) == WN_OK);
            wn_page_blk b;
            memset(&b, 0, sizeof b);
            b.off = 2;
            b.len = (uint32_t)cut;
            got.n = 0;
            wn_page_scan_words(&pg, &b, sw, scan_collect, &got);
            uint32_t commas = 0;
            size_t nw = ref_scan_words((const unsigned char *)text, cut, sw, want, 4096, &commas);
            checked += nw;
            if (got.n != nw || b.words != nw || b.commas != commas ||
                memcmp(got.masks, want, (nw < 4096 ? nw : 4096) * sizeof *want)) {
                if (wrong++ < 2)
                    fprintf(stderr, "  round %d cut %zu: %zu words (want %zu), text '%.*s'\n", round, cut,
                            got.n, nw, (int)cut, text);
            }
        }
    }
    CHECK(checked > 10000);
    CHECK_EQ_INT((int)wrong, 0);
    wn_buf_free(&pg.plain);
    wn_stopwords_free(sw);
}

/* a page that shows only the start of its article and carries the whole of it in JSON-LD's
 * articleBody gives the articleBody; one whose body is another text keeps what it shows */
static void test_jsonld_body(void)
{
    char body[3000] = "";
    for (int i = 0; i < 20; i++)
        snprintf(body + strlen(body), sizeof body - strlen(body),
                 "Paragraph %d of the full story goes on about the bridge and the vote.\\n", i);
    const char *shown = "Paragraph 0 of the full story goes on about the bridge and the vote.";
    char h[8000];
    snprintf(h, sizeof h,
             "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"articleBody\":\"%s\"}"
             "</script></head><body><article><p>%s</p><p class=\"paywall\">Subscribe to read on.</p></article></body></html>",
             body, shown);
    wn_slice t = text_of(h);
    CHECK(wn_t_has(t, "Paragraph 19 of the full story"));
    CHECK(wn_t_has(t, "the vote.\nParagraph 1 of"));
    snprintf(h, sizeof h,
             "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"articleBody\":\"%s\"}"
             "</script></head><body><article><p>A different teaser that the body does not contain, long enough.</p>"
             "</article></body></html>", body);
    t = text_of(h);
    CHECK(wn_t_has(t, "A different teaser"));
    CHECK(!wn_t_has(t, "Paragraph 19"));
}

/* Pages written for one rule each: what the text must hold and what it must not. */
typedef struct {
    const char *name;
    const char *html;
    const char *keep[4];
    const char *drop[4];
} page_case;

static const page_case cases[] = {
    /* a short page whose only text sits under a weak hint ("teaser") is not left empty: the retry
     * that believes only strong boilerplate signs keeps it, and still drops the navigation */
    { "short_page_retry",
      "<html><body><nav><a href=/a>Home</a> <a href=/b>Videos</a></nav>"
      "<div class=\"video-teaser\"><p>The city is the centre of the outbreak in the country, and sport "
      "has come to a halt there too.</p><p>Sympathy in the top leagues is great; how the season goes "
      "on is unclear.</p></div></body></html>",
      { "The city is the centre", "how the season goes on" }, { "Videos" } },
    /* body classes describe the page: "author-x tag-y" there must not make all of it boilerplate;
     * a heading made of one link inside the text is a teaser's title */
    { "page_classes_and_link_headings",
      "<html><body class=\"single author-admin tag-news sidebar-left\"><div>"
      "<a href=/a>Home</a> <a href=/b>About us</a> <a href=/c>Contact</a> <a href=/d>Archive</a>"
      "</div><div class=\"post\"><h1>Title</h1><p>The first paragraph of the post is long enough to "
      "count as prose, with commas, and stop words in it.</p><h3><a href=\"/other\">Another post "
      "elsewhere</a></h3><p>A second paragraph of the post follows, which is also long enough to "
      "count as prose for the extractor.</p></div></body></html>",
      { "The first paragraph", "A second paragraph" }, { "Another post" } },
    /* a lead in a box of its own above the article joins the article's text; a long paragraph in a
     * box after it (a teaser for another story) does not */
    { "lead_before_container",
      "<html><body><div class=\"intro\"><p>This lead paragraph stands in a box of its own above the "
      "article, as many layouts do, and it is long enough to be a real paragraph of the story, with "
      "commas, clauses and all the words that a reader would expect to find at the start of a story like this one.</p></div>"
      "<div class=\"grid\"><div class=\"col\"><div class=\"story\">"
      "<p>The first paragraph of the body, which carries the main story on, with commas, and more words.</p>"
      "<p>The second paragraph of the body, which carries the main story on, with commas, and more words.</p>"
      "<p>The third paragraph of the body, which carries the main story on, with commas, and more words.</p>"
      "<p>The fourth paragraph of the body, which carries the main story on, with commas, and more words.</p>"
      "</div></div></div><div class=\"other\"><p>A paragraph about a different story, placed after the "
      "article, long enough to look like a real paragraph of text to a classifier that reads the whole "
      "page, with commas, clauses and the usual words, but not a part of this story at all.</p></div>"
      "</body></html>",
      { "This lead paragraph", "The fourth paragraph" }, { "a different story" } },
    /* a short line in a box with an image is its caption, even without <figure> */
    { "image_caption",
      "<html><body><article><p>The first paragraph of the story is long enough to count as prose, "
      "with commas, and words.</p><div class=\"pic\"><a href=\"/big.jpg\"><img src=\"a.jpg\"></a>"
      "<span>Photo: Some Agency</span></div><p>The old bridge at dawn. \xc2\xa9 Some Photographer</p>"
      "<p>The second paragraph of the story is long enough to count as prose, with commas, and words.</p>"
      "</article></body></html>",
      { "The second paragraph" }, { "Photo: Some Agency", "Some Photographer" } },
    /* a short label whose links were dropped goes with them; one followed by text stays */
    { "label_of_dropped_links",
      "<html><body><article><p>The first paragraph of the story is long enough to count as prose, "
      "with commas, and words.</p><p>Key figures:</p><p>The second paragraph of the story is long "
      "enough to count as prose, with commas, and words.</p><p>Read more:</p><p><a href=\"/x\">"
      "Another story about something else entirely</a></p></article></body></html>",
      { "The second paragraph", "Key figures:" }, { "Read more:" } },
    /* a forum thread is all posts marked up as comments: with nothing else on the page, they are
     * the text */
    { "forum_thread",
      "<html><body><nav><a href=\"/\">Forum</a> <a href=\"/new\">New posts</a></nav>"
      "<h1>My phone no longer reaches the app store</h1><div class=\"comments\">"
      "<div class=\"comment\"><p>Since yesterday my phone cannot reach the app store over mobile "
      "data, while it works fine at home on the wireless network, and I changed no settings.</p></div>"
      "<div class=\"comment\"><p>Same here since the update, it seems to be a problem on their side, "
      "so it is probably best to wait a day and try again before changing anything.</p></div>"
      "</div></body></html>",
      { "Since yesterday my phone", "Same here since the update" }, { "New posts" } },
    /* a lead in a "teaser" box right above the story is its first paragraph; a teaser elsewhere is
     * not */
    { "teaser_lead",
      "<html><body><h1>The bridge will be repaired</h1><div class=\"date\">3 May 2021</div>"
      "<div class=\"teaser-text\"><p>The council voted on Monday to repair the old bridge rather than "
      "replace it, after years of debate.</p></div><div class=\"story\">"
      "<p>The first paragraph of the body, which carries the main story on, with commas, and more words.</p>"
      "<p>The second paragraph of the body, which carries the main story on, with commas, and more words.</p>"
      "<p>The third paragraph of the body, which carries the main story on, with commas, and more words.</p>"
      "</div><div class=\"teaser\"><p>A teaser of another story, after this one, about the new swimming "
      "pool and its opening hours.</p></div></body></html>",
      { "The council voted on Monday", "The third paragraph" }, { "swimming pool" } },
    /* the ingredients of a recipe, a table in a box next to the method, come with it; a box of
     * links next to it does not */
    { "ingredients_box",
      "<html><body><main><article class=\"ingredients\"><table>"
      "<tr><td>250 g</td><td>Flour</td></tr><tr><td>2</td><td>Eggs</td></tr>"
      "<tr><td>1 Pck.</td><td>Baking powder</td></tr><tr><td>100 ml</td><td>Milk</td></tr>"
      "<tr><td>150 g</td><td>Butter, soft</td></tr><tr><td>1 pinch</td><td>Salt</td></tr></table></article>"
      "<article class=\"method\"><h2>Method</h2>"
      "<p>Mix the flour with the baking powder, then add the eggs and the milk, and stir until smooth.</p>"
      "<p>Pour the dough into a buttered form, and bake it for forty minutes at one hundred and eighty degrees.</p>"
      "<p>Let the cake cool in the form, then turn it out onto a plate, and dust it with sugar before serving.</p>"
      "</article><div class=\"more\"><ul><li><a href=\"/a\">Apple cake</a></li><li><a href=\"/b\">Plum cake</a></li>"
      "<li><a href=\"/c\">Cheese cake</a></li></ul></div></main></body></html>",
      { "Baking powder", "dust it with sugar" }, { "Plum cake" } },
};

static void test_page_cases(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        wn_slice t = text_of(cases[i].html);
        for (size_t k = 0; k < 4 && cases[i].keep[k]; k++)
            CHECK_MSG(wn_t_has(t, cases[i].keep[k]), "%s: \"%s\" missing", cases[i].name, cases[i].keep[k]);
        for (size_t k = 0; k < 4 && cases[i].drop[k]; k++)
            CHECK_MSG(!wn_t_has(t, cases[i].drop[k]), "%s: \"%s\" kept", cases[i].name, cases[i].drop[k]);
    }
}

/* ---- linear work on hostile pages (issue 18, item 6) ------------------------------------------
 * Pages of n repeats of one shape; the extractor's step counter (wn_extract_work) must grow by
 * at most 2.3x when n doubles. A per-block search of the neighbours (the old jusText context
 * pass) or a rescan of a run of figures per heading makes it 4x. */
enum { SHAPE_SHORT_P, SHAPE_TABLE, SHAPE_HEADINGS_FIGURES, SHAPE_LABELS_FIGURES };

static void hostile_page(wn_buf *b, int shape, int n)
{
    wn_buf_reset(b);
    wn_buf_append_str(b, "<html><body><article>");
    for (int i = 0; i < 3; i++)
        wn_buf_append_str(b, "<p>The council said on Tuesday that the plan for the new bridge, which was "
                             "first proposed years ago, would go ahead after a vote in the spring.</p>");
    if (shape == SHAPE_TABLE)
        wn_buf_append_str(b, "<table>");
    for (int i = 0; i < n; i++) {
        switch (shape) {
        case SHAPE_SHORT_P: wn_buf_printf(b, "<p>word %d</p>", i); break;
        case SHAPE_TABLE: wn_buf_printf(b, "<tr><td>%d</td><td>x</td></tr>", i); break;
        case SHAPE_HEADINGS_FIGURES: wn_buf_printf(b, "<h3>Part %d</h3>", i); break;
        case SHAPE_LABELS_FIGURES: wn_buf_printf(b, "<p>Label %d</p>", i); break;
        }
    }
    if (shape == SHAPE_TABLE)
        wn_buf_append_str(b, "</table>");
    if (shape == SHAPE_HEADINGS_FIGURES || shape == SHAPE_LABELS_FIGURES)
        for (int i = 0; i < n; i++)
            wn_buf_printf(b, "<figure><figcaption>Photo %d</figcaption></figure>", i);
    wn_buf_append_str(b, "</article></body></html>");
}

static uint64_t work_of(wn_extractor *x, wn_buf *b, int shape, int n)
{
    wn_extract_result r;
    hostile_page(b, shape, n);
    CHECK(wn_extract_html(x, b->data, b->len, NULL, 0, &r) == WN_OK);
    return wn_extract_work(x);
}

static void test_linear_work(void)
{
    wn_extractor *x = make(WN_EXTRACT_TEXT, false);
    wn_buf b;
    wn_buf_init(&b, WN_BUF_UNCAPPED);
    static const char *const names[] = { "short paragraphs", "table of short cells",
                                         "headings then figures", "labels then figures" };
    for (int shape = 0; shape < 4; shape++) {
        uint64_t w1 = work_of(x, &b, shape, 2000), w2 = work_of(x, &b, shape, 4000);
        CHECK_MSG(w1 > 2000 && (double)w2 <= 2.3 * (double)w1, "%s: work %llu at n=2000, %llu at n=4000",
                  names[shape], (unsigned long long)w1, (unsigned long long)w2);
    }
    wn_buf_free(&b);
    wn_extractor_free(x);
}

/* Issue 18, item 8: memory per document at most 10x its size plus a constant. The parser's
 * tree is refused past 4x + 16 MiB (dom.h); what extraction holds at once for a page of
 * ordinary prose, with stop words, the tree included (the parser allocates through the hook),
 * must stay within 4x + 1 MiB. Storing each word's stop-word languages (8 bytes a word, 1.3x
 * the page) did not. */
static void test_prose_memory(void)
{
    const char *json = "{\"en\": [\"the\", \"a\", \"of\", \"on\", \"that\", \"for\", \"in\", \"after\"]}";
    wn_stopwords *sw = wn_t_stopwords_json(json);
    wn_extractor *x = wn_t_extractor(sw);
    wn_buf b;
    wn_buf_init(&b, WN_BUF_UNCAPPED);
    wn_buf_append_str(&b, "<html><head><title>News</title></head><body><article>");
    static const char *const words[] = { "the", "council", "said", "on", "Tuesday", "that", "a",
                                         "plan", "for", "bridge", "would", "go", "ahead", "after", "vote" };
    for (unsigned i = 0; b.len < (6u << 20); i++) {
        wn_buf_printf(&b, "<p>Item %u:", i);    /* no two alike (repeats are pruned) */
        for (unsigned k = 0; k < 40; k++)
            wn_buf_printf(&b, " %s", words[(i * 7 + k * 3) % 15]);
        wn_buf_append_str(&b, ".</p>\n");
    }
    wn_buf_append_str(&b, "</article></body></html>");
    wn_extract_result r;
    wn_alloc_track(true);
    CHECK(wn_extract_html(x, b.data, b.len, NULL, 0, &r) == WN_OK);
    int64_t peak = wn_alloc_peak();
    wn_alloc_track(false);
    CHECK_MSG(r.text.len > b.len / 2, "%zu bytes of text from %zu", r.text.len, b.len);
    CHECK_MSG(peak <= 4 * (int64_t)b.len + (1 << 20), "extraction held %lld bytes for a page of %zu",
              (long long)peak, b.len);
    wn_buf_free(&b);
    wn_extractor_free(x);
    wn_stopwords_free(sw);
}

int main(void)
{
    RUN(test_prose_memory);
    RUN(test_page_cases);
    RUN(test_jsonld_body);
    RUN(test_invisible_text);
    RUN(test_hint_table_sorted);
    RUN(test_hint_cache);
    RUN(test_keeps_and_drops);
    RUN(test_markdown);
    RUN(test_bounds_and_junk);
    RUN(test_linear_work);
    RUN(test_meta_precedence);
    RUN(test_url_date);
    RUN(test_title);
    RUN(test_text_dates);
    RUN(test_text_runs);
    RUN(test_stopword_lookup);
    RUN(test_stopword_lengths);
    RUN(test_scan_words);
    page_of(NULL);
    return DONE();
}
