/* test_filter.c: every Gopher, C4 and FineWeb rule at its threshold. Each text is built so
 * that the measured value is exactly the default threshold; the test checks the value just
 * below, equal and just above it, and the reason named when the document goes. */
#include <math.h>
#include <stdlib.h>
#include "harness.h"
#include "winnow/internal.h"
#include "filter/filter_impl.h"

/* ---- text building ------------------------------------------------------------------------- */

/* A word of `len` letters, distinct for each idx, from an alphabet without the letters of
 * the Gopher stop words (so no generated word is "the", "to", "of"...). */
static void word(wn_buf *b, unsigned idx, unsigned len)
{
    static const char al[] = "kmpqrsuvxyz"; /* 11 letters */
    char w[4096];
    for (unsigned i = 0; i < len; i++) {
        w[len - 1 - i] = al[idx % 11];
        idx /= 11;
    }
    wn_buf_append(b, w, len);
}

/* A second family of words (upper-case letters), for fillers that must never equal a word()
 * (ASCII only, so the code point and byte lengths agree). */
static void filler(wn_buf *b, unsigned idx, unsigned len)
{
    static const char al[] = "KMPQRSUVXYZ";
    char w[4096];
    for (unsigned i = 0; i < len; i++) {
        w[len - 1 - i] = al[idx % 11];
        idx /= 11;
    }
    wn_buf_append(b, w, len);
}

/* Appends distinct 5-letter filler words separated by `sep` so that exactly `chars` bytes are
 * added (the last word takes up the rest; chars >= 2). *idx keeps words distinct. */
static void fill(wn_buf *b, size_t chars, const char *sep, unsigned *idx)
{
    size_t sl = strlen(sep);
    size_t left = chars;
    while (left > 5 + sl + 2) {
        filler(b, (*idx)++, 5);
        wn_buf_append_str(b, sep);
        left -= 5 + sl;
    }
    filler(b, 100000 + (*idx)++, (unsigned)left);
}

static wn_doc doc;
static wn_filters_config cfg;

static const char *run(const wn_stage *st, const void *opts, const wn_buf *text)
{
    wn_doc_reset(&doc);
    wn_buf_set(&doc.text, text->data ? text->data : "", text->len);
    wn_buf_set(&doc.source, "t", 1);
    void *ctx = NULL;
    if (st->ctx_create(opts, &ctx) != WN_OK)
        return "ctx_create failed";
    wn_counters cn = { 0 };
    st->process(ctx, &doc, &cn);
    st->ctx_free(ctx);
    wn_counters_free(&cn);
    if (doc.status == WN_DOC_FAILED)
        return "failed";
    return doc.status == WN_DOC_DROPPED ? doc.reason : "kept";
}

/* Runs the three texts and checks keep (below), keep (equal) and the reason (above). For
 * "at least" rules the caller passes the texts so that `above` is the failing side. */
#define TRIPLE(stage, opts, below, equal, above, below_want, equal_want, above_want) do { \
    CHECK_EQ_STR(run(stage, opts, below), below_want); \
    CHECK_EQ_STR(run(stage, opts, equal), equal_want); \
    CHECK_EQ_STR(run(stage, opts, above), above_want); } while (0)

static wn_buf tb[3];
static void reset3(void) { for (int i = 0; i < 3; i++) wn_buf_reset(&tb[i]); }

/* "the and " then n-2 distinct words of len letters, on one line */
static void words_doc(wn_buf *b, unsigned n, unsigned len)
{
    wn_buf_append_str(b, "the and");
    for (unsigned i = 2; i < n; i++) {
        wn_buf_append_char(b, ' ');
        word(b, i, len);
    }
}

/* ---- Gopher quality ------------------------------------------------------------------------- */

static void test_gopher_min_doc_words(void)
{
    reset3();
    words_doc(&tb[0], 51, 5);
    words_doc(&tb[1], 50, 5);
    words_doc(&tb[2], 49, 5);
    TRIPLE(&wn_stage_gopher_quality, &cfg.gopher_quality, &tb[0], &tb[1], &tb[2], "kept", "kept",
           "gopher_short_doc");
}

/* A terminal mark outside the PUNCTUATION string (U+203C, U+0964) is a symbol word since the
 * symbol set holds TERMINAL_PUNCTUATION too: 49 words and "‼" are 49 non-symbol words
 * (dropped), 49 words and U+00B6 (in neither set) are 50 (kept). */
static void test_gopher_symbol_set_terminal(void)
{
    const char *extra[3] = { " \xC2\xB6", " \xE2\x80\xBC", " \xE0\xA5\xA4" };
    const char *want[3] = { "kept", "gopher_short_doc", "gopher_short_doc" };
    for (int k = 0; k < 3; k++) {
        wn_buf_reset(&tb[0]);
        words_doc(&tb[0], 49, 5);
        wn_buf_append_str(&tb[0], extra[k]);
        CHECK_EQ_STR(run(&wn_stage_gopher_quality, &cfg.gopher_quality, &tb[0]), want[k]);
    }
}

static void test_gopher_max_doc_words(void)
{
    reset3();
    words_doc(&tb[0], 99999, 5);
    words_doc(&tb[1], 100000, 5);
    words_doc(&tb[2], 100001, 5);
    TRIPLE(&wn_stage_gopher_quality, &cfg.gopher_quality, &tb[0], &tb[1], &tb[2], "kept", "kept",
           "gopher_long_doc");
}

static void test_gopher_avg_word_length(void)
{
    /* min 3: the, and + 57 words of 3 letters + one of 2, 3 or 4 letters */
    reset3();
    for (int k = 0; k < 3; k++) {
        words_doc(&tb[k], 59, 3);
        wn_buf_append_char(&tb[k], ' ');
        word(&tb[k], 1000, (unsigned)(4 - k)); /* 4, 3, 2 letters */
    }
    TRIPLE(&wn_stage_gopher_quality, &cfg.gopher_quality, &tb[0], &tb[1], &tb[2], "kept", "kept",
           "gopher_below_avg_threshold");
    /* max 10: the, and (6 letters) + 57 x 10 + one word of 23, 24, 25: sum 599, 600, 601 over 60 */
    reset3();
    for (int k = 0; k < 3; k++) {
        words_doc(&tb[k], 59, 10);
        wn_buf_append_char(&tb[k], ' ');
        word(&tb[k], 1000, (unsigned)(23 + k));
    }
    TRIPLE(&wn_stage_gopher_quality, &cfg.gopher_quality, &tb[0], &tb[1], &tb[2], "kept", "kept",
           "gopher_above_avg_threshold");
}

/* 100 words in all: 100 - k words and k copies of sym (a symbol word) */
static void symbol_doc(wn_buf *b, unsigned k, const char *sym)
{
    words_doc(b, 99 - k, 5);
    for (unsigned i = 0; i < k; i++) {
        wn_buf_append_char(b, ' ');
        wn_buf_append_str(b, sym);
    }
    wn_buf_append_str(b, " to"); /* the line must not end in an ellipsis; "to" is word 100 */
}

static void test_gopher_symbol_ratio(void)
{
    reset3();
    for (int k = 0; k < 3; k++)
        symbol_doc(&tb[k], (unsigned)(9 + k), "#");
    TRIPLE(&wn_stage_gopher_quality, &cfg.gopher_quality, &tb[0], &tb[1], &tb[2], "kept", "kept",
           "gopher_too_many_hashes");
    reset3();
    for (int k = 0; k < 3; k++)
        symbol_doc(&tb[k], (unsigned)(9 + k), "\xE2\x80\xA6");
    TRIPLE(&wn_stage_gopher_quality, &cfg.gopher_quality, &tb[0], &tb[1], &tb[2], "kept", "kept",
           "gopher_too_many_ellipsis");
}

/* 20 lines of 5 words; the first `k` start with "- " (or end with " …") */
static void lines_doc(wn_buf *b, unsigned k, bool bullets)
{
    unsigned w = 0;
    for (unsigned l = 0; l < 20; l++) {
        if (l)
            wn_buf_append_char(b, '\n');
        if (bullets && l < k)
            wn_buf_append_str(b, "- ");
        wn_buf_append_str(b, l == 0 ? "the and" : "to of");
        for (int i = 0; i < 3; i++) {
            wn_buf_append_char(b, ' ');
            word(b, w++, 5);
        }
        if (!bullets && l < k)
            wn_buf_append_str(b, " \xE2\x80\xA6");
    }
}

static void test_gopher_bullets(void)
{
    reset3();
    for (int k = 0; k < 3; k++)
        lines_doc(&tb[k], (unsigned)(17 + k), true);  /* 0.85, 0.9, 0.95 */
    TRIPLE(&wn_stage_gopher_quality, &cfg.gopher_quality, &tb[0], &tb[1], &tb[2], "kept", "kept",
           "gopher_too_many_bullets");
}

static void test_gopher_end_ellipsis(void)
{
    reset3();
    for (int k = 0; k < 3; k++)
        lines_doc(&tb[k], (unsigned)(5 + k), false);  /* 0.25, 0.3, 0.35 */
    TRIPLE(&wn_stage_gopher_quality, &cfg.gopher_quality, &tb[0], &tb[1], &tb[2], "kept", "kept",
           "gopher_too_many_end_ellipsis");
}

static void test_gopher_alpha(void)
{
    /* 100 words, k of them numbers (non-symbol, no letter): 19, 20, 21 -> 0.81, 0.8, 0.79 */
    reset3();
    for (int k = 0; k < 3; k++) {
        unsigned nn = (unsigned)(19 + k);
        words_doc(&tb[k], 100 - nn, 5);
        for (unsigned i = 0; i < nn; i++)
            wn_buf_printf(&tb[k], " %u", 100 + i);
    }
    TRIPLE(&wn_stage_gopher_quality, &cfg.gopher_quality, &tb[0], &tb[1], &tb[2], "kept", "kept",
           "gopher_below_alpha_threshold");
}

static void test_gopher_stop_words(void)
{
    reset3();
    const char *heads[3] = { "the and with", "the and", "the" };
    for (int k = 0; k < 3; k++) {
        wn_buf_append_str(&tb[k], heads[k]);
        for (unsigned i = 0; i < 60; i++) {
            wn_buf_append_char(&tb[k], ' ');
            word(&tb[k], i, 5);
        }
    }
    TRIPLE(&wn_stage_gopher_quality, &cfg.gopher_quality, &tb[0], &tb[1], &tb[2], "kept", "kept",
           "gopher_enough_stop_words");
    /* datatrove counts distinct stop words (len(stop_words & set(words)) >= 2): "the the
     * the" is one and drops, "the and" (above) is two and stays; counting occurrences (the
     * option) keeps "the the" */
    wn_buf_reset(&tb[0]);
    wn_buf_append_str(&tb[0], "the the the");
    for (unsigned i = 0; i < 60; i++) {
        wn_buf_append_char(&tb[0], ' ');
        word(&tb[0], i, 5);
    }
    CHECK_EQ_STR(run(&wn_stage_gopher_quality, &cfg.gopher_quality, &tb[0]), "gopher_enough_stop_words");
    wn_gopher_quality_opts d = cfg.gopher_quality;
    d.distinct_stop_words = false;
    CHECK_EQ_STR(run(&wn_stage_gopher_quality, &d, &tb[0]), "kept");
    /* case matters, as in datatrove: "The" is not "the" */
    wn_buf_reset(&tb[0]);
    wn_buf_append_str(&tb[0], "The And");
    for (unsigned i = 0; i < 60; i++) {
        wn_buf_append_char(&tb[0], ' ');
        word(&tb[0], i, 5);
    }
    CHECK_EQ_STR(run(&wn_stage_gopher_quality, &cfg.gopher_quality, &tb[0]), "gopher_enough_stop_words");
}

static void test_gopher_explain(void)
{
    wn_gopher_quality_opts o = cfg.gopher_quality;
    o.explain = true;
    wn_buf_reset(&tb[0]);
    symbol_doc(&tb[0], 10, "#");
    CHECK_EQ_STR(run(&wn_stage_gopher_quality, &o, &tb[0]), "kept");
    wn_slice m = wn_doc_meta_get(&doc, "filters");
    CHECK(m.ptr != NULL);
    if (m.ptr) {
        CHECK(memmem(m.ptr, m.len, "\"gopher_word_count\":90", 22) != NULL);
        CHECK(memmem(m.ptr, m.len, "\"gopher_hash_ratio\":0.1", 23) != NULL);
        CHECK(memmem(m.ptr, m.len, "\"gopher_stop_words\":3", 21) != NULL);
    }
}

/* ---- Gopher repetition ------------------------------------------------------------------------ */

/* n pieces joined by sep: the first `dups` pieces after the first unique one are copies of
 * "kk"; the others are distinct filler lines of 40 bytes */
static void dup_pieces(wn_buf *b, unsigned n, unsigned dups, const char *sep)
{
    unsigned idx = 0;
    for (unsigned i = 0; i < n; i++) {
        if (i)
            wn_buf_append_str(b, sep);
        if (i >= 1 && i <= dups + 1 && i != 1)
            wn_buf_append_str(b, "kk");
        else if (i == 1)
            wn_buf_append_str(b, "kk");
        else
            fill(b, 40, " ", &idx);
    }
}

static void test_rep_dup_frac(void)
{
    /* 10 pieces, "kk" once then 2, 3, 4 more times: 0.2, 0.3, 0.4 */
    reset3();
    for (int k = 0; k < 3; k++)
        dup_pieces(&tb[k], 10, (unsigned)(2 + k), "\n\n");
    TRIPLE(&wn_stage_gopher_repetition, &cfg.gopher_rep, &tb[0], &tb[1], &tb[2], "kept", "kept",
           "dup_para_frac");
    reset3();
    for (int k = 0; k < 3; k++)
        dup_pieces(&tb[k], 10, (unsigned)(2 + k), "\n");
    TRIPLE(&wn_stage_gopher_repetition, &cfg.gopher_rep, &tb[0], &tb[1], &tb[2], "kept", "kept",
           "dup_line_frac");
}

/* [U1, P, U2, U3, P] joined by sep, P one word of p letters, total length 500 */
static void dup_char_doc(wn_buf *b, unsigned p, const char *sep)
{
    size_t sl = strlen(sep);
    size_t u = 500 - 4 * sl - 2 * p;
    unsigned idx = 0;
    fill(b, u / 3, " ", &idx);
    wn_buf_append_str(b, sep);
    word(b, 7, p);
    wn_buf_append_str(b, sep);
    fill(b, u / 3, " ", &idx);
    wn_buf_append_str(b, sep);
    fill(b, u - 2 * (u / 3), " ", &idx);
    wn_buf_append_str(b, sep);
    word(b, 7, p);
}

static void test_rep_dup_char_frac(void)
{
    reset3();
    for (int k = 0; k < 3; k++)
        dup_char_doc(&tb[k], (unsigned)(99 + k), "\n\n");  /* 99, 100, 101 / 500 */
    CHECK_EQ_INT(tb[1].len, 500);
    TRIPLE(&wn_stage_gopher_repetition, &cfg.gopher_rep, &tb[0], &tb[1], &tb[2], "kept", "kept",
           "dup_para_char_frac");
    reset3();
    for (int k = 0; k < 3; k++)
        dup_char_doc(&tb[k], (unsigned)(99 + k), "\n");
    CHECK_EQ_INT(tb[1].len, 500);
    TRIPLE(&wn_stage_gopher_repetition, &cfg.gopher_rep, &tb[0], &tb[1], &tb[2], "kept", "kept",
           "dup_line_char_frac");
}

/* `count` copies of the n-word phrase (words of 2 letters) each followed by a distinct filler
 * word, then filler so that the text has `total` characters */
static void top_doc(wn_buf *b, unsigned n, unsigned count, size_t total)
{
    unsigned idx = 0;
    for (unsigned c = 0; c < count; c++) {
        for (unsigned i = 0; i < n; i++) {
            word(b, 200 + i, 2);
            wn_buf_append_char(b, ' ');
        }
        filler(b, idx++, 5);
        wn_buf_append_char(b, ' ');
    }
    fill(b, total - b->len, " ", &idx);
}

static void test_rep_top_ngrams(void)
{
    /* "w w" is 5 chars x 10 / 250 = 0.2; "w w w" 8 x 9 / 400 = 0.18; "w w w w" 11 x 8 / 550 = 0.16 */
    static const struct { unsigned n, count; size_t total; const char *reason; } t[3] = {
        { 2, 10, 250, "top_2_gram" }, { 3, 9, 400, "top_3_gram" }, { 4, 8, 550, "top_4_gram" },
    };
    for (int r = 0; r < 3; r++) {
        reset3();
        for (int k = 0; k < 3; k++)
            top_doc(&tb[k], t[r].n, t[r].count, t[r].total + 1 - (size_t)k);
        TRIPLE(&wn_stage_gopher_repetition, &cfg.gopher_rep, &tb[0], &tb[1], &tb[2], "kept", "kept",
               t[r].reason);
    }
}

/* an n-word phrase of `wl`-letter words, twice, among distinct fillers; `total` characters */
static void dup_ngram_doc(wn_buf *b, unsigned n, unsigned wl, size_t total)
{
    unsigned idx = 0;
    for (int rep = 0; rep < 2; rep++) {
        filler(b, idx++, 5);
        for (unsigned i = 0; i < n; i++) {
            wn_buf_append_char(b, ' ');
            word(b, 300 + i, wl);
        }
        wn_buf_append_char(b, ' ');
    }
    fill(b, total - b->len, " ", &idx);
}

static void test_rep_dup_ngrams(void)
{
    /* letters of the phrase / total = threshold: 30/200, 42/300, 91/700, 48/400, 99/900, 50/500 */
    static const struct { unsigned wl; size_t total; const char *reason; } t[6] = {
        { 6, 200, "duplicated_5_n_grams" }, { 7, 300, "duplicated_6_n_grams" },
        { 13, 700, "duplicated_7_n_grams" }, { 6, 400, "duplicated_8_n_grams" },
        { 11, 900, "duplicated_9_n_grams" }, { 5, 500, "duplicated_10_n_grams" },
    };
    for (int r = 0; r < 6; r++) {
        /* only the rule under test: the shorter n-grams of the phrase repeat too */
        wn_gopher_rep_opts o = cfg.gopher_rep;
        for (int i = 0; i < 3; i++)
            o.top_ngram[i] = -1;
        for (int i = 0; i < 6; i++)
            if (i != r)
                o.dup_ngram[i] = -1;
        reset3();
        for (int k = 0; k < 3; k++)
            dup_ngram_doc(&tb[k], 5 + (unsigned)r, t[r].wl, t[r].total + 1 - (size_t)k);
        TRIPLE(&wn_stage_gopher_repetition, &o, &tb[0], &tb[1], &tb[2], "kept", "kept", t[r].reason);
    }
}

static void test_rep_find_all_duplicate_skips(void)
{
    /* "a b c d e a b c d e a b c d e": the second copy counts, then idx jumps 5 words; the
     * third copy counts too: 2 x 5 letters / 29 chars */
    wn_gopher_rep_opts o = cfg.gopher_rep;
    o.explain = true;
    wn_buf_reset(&tb[0]);
    wn_buf_append_str(&tb[0], "k m p q r k m p q r k m p q r");
    run(&wn_stage_gopher_repetition, &o, &tb[0]);
    wn_slice m = wn_doc_meta_get(&doc, "filters");
    char want[64];
    snprintf(want, sizeof want, "\"duplicated_5_n_grams\":%.10g", 10.0 / 29.0);
    CHECK(m.ptr && memmem(m.ptr, m.len, want, strlen(want)) != NULL);
    /* top 2-gram "k m": 3 x 3 chars / 29 */
    snprintf(want, sizeof want, "\"top_2_gram\":%.10g", 9.0 / 29.0);
    CHECK(m.ptr && memmem(m.ptr, m.len, want, strlen(want)) != NULL);
}

/* ---- C4 ------------------------------------------------------------------------------------------ */

static wn_c4_opts c4_only_lines(void)
{
    wn_c4_opts o = cfg.c4;
    o.min_num_sentences = -1;
    return o;
}

static void c4_text(const wn_c4_opts *o, const char *in, const char *want_text, const char *want)
{
    wn_buf b;
    wn_buf_init(&b, WN_BUF_UNCAPPED);
    wn_buf_append_str(&b, in);
    CHECK_EQ_STR(run(&wn_stage_c4, o, &b), want);
    if (!strcmp(want, "kept"))
        CHECK_EQ_STR(doc.text.data ? doc.text.data : "", want_text);
    wn_buf_free(&b);
}

static void test_c4_line_rules(void)
{
    wn_c4_opts o = c4_only_lines();
    /* terminal punctuation */
    c4_text(&o, "One two three.\nOne two three\nOne two three!\nOne two three...\nSay \"one two three.\"",
            "One two three.\nOne two three!\nSay \"one two three.\"", "kept");
    wn_c4_opts np = o;
    np.filter_no_terminal_punct = false;
    c4_text(&np, "One two three\nOne two three...", "One two three\nOne two three...", "kept");
    /* at least 3 words: 2, 3, 4 */
    c4_text(&o, "One two.\nOne two three.\nOne two three four.", "One two three.\nOne two three four.", "kept");
    /* citations are removed before the punctuation check, but words are counted before:
     * "A b.[citation needed]" has 3 words and stays as "A b.", while "A b." goes */
    c4_text(&o, "  Alpha beta[1] gamma.[edit]  \nA b.[citation needed]\nA b.\nAlpha beta [12]",
            "Alpha beta gamma.\nA b.", "kept");
    /* javascript and policy lines */
    c4_text(&o, "Please enable JavaScript to view.\nWe use cookies on this site.\nRead the Privacy Policy now.\nA fine line here.",
            "A fine line here.", "kept");
    wn_c4_opts js = o;
    js.filter_javascript = js.filter_policy = false;
    c4_text(&js, "Please enable JavaScript to view.\nWe use cookies on this site.", "Please enable JavaScript to view.\nWe use cookies on this site.", "kept");
    /* a word longer than 1000 characters drops its line; 1000 is fine */
    wn_buf b;
    wn_buf_init(&b, WN_BUF_UNCAPPED);
    for (int len = 999; len <= 1001; len++) {
        wn_buf_reset(&b);
        wn_buf_append_str(&b, "Ok so ");
        word(&b, 1, (unsigned)len - 1);  /* the '.' belongs to the str.split() word */
        wn_buf_append_str(&b, ".\nThe end is here.");
        run(&wn_stage_c4, &o, &b);
        CHECK_EQ_INT(doc.text.len, len <= 1000 ? (size_t)len + 23 : 16);
    }
    wn_buf_free(&b);
}

static void test_c4_doc_rules(void)
{
    wn_c4_opts o = c4_only_lines();
    c4_text(&o, "A fine line here.\nLorem Ipsum dolor sit amet.", "", "lorem_ipsum");
    c4_text(&o, "A fine line here.\nfunction f() { return 1; }.", "", "curly_bracket");
    /* the document rules only see lines that passed the line rules before them */
    c4_text(&o, "A fine line here.\nlorem ipsum\nx {", "A fine line here.", "kept");
    /* at least 5 sentences: 4, 5, 6 */
    static const char *s4 = "One sentence here. Two sentence here.\nThree sentence here? Four sentence here!";
    static const char *s5 = "One sentence here. Two sentence here.\nThree sentence here? Four sentence here! Five is here.";
    static const char *s6 = "One sentence here. Two sentence here.\nThree sentence here? Four sentence here! Five is here. Six is here.";
    c4_text(&cfg.c4, s6, "One sentence here. Two sentence here.\nThree sentence here? Four sentence here! Five is here. Six is here.", "kept");
    c4_text(&cfg.c4, s5, "One sentence here. Two sentence here.\nThree sentence here? Four sentence here! Five is here.", "kept");
    c4_text(&cfg.c4, s4, "", "too_few_sentences");
    /* abbreviations do not end a sentence (ICU's suppressions, like punkt) */
    c4_text(&cfg.c4, "Mr. Smith went to Washington today. He saw Dr. Jones there.\nIt rained. It poured. The end came.",
            "Mr. Smith went to Washington today. He saw Dr. Jones there.\nIt rained. It poured. The end came.", "kept");
}

/* ---- FineWeb --------------------------------------------------------------------------------- */

/* `n` distinct lines of 40+ characters; the first `punct` end with '.' */
static void fw_lines(wn_buf *b, unsigned n, unsigned punct)
{
    for (unsigned l = 0; l < n; l++) {
        if (l)
            wn_buf_append_char(b, '\n');
        for (int i = 0; i < 6; i++) {
            if (i)
                wn_buf_append_char(b, ' ');
            word(b, l * 6 + (unsigned)i, 6);
        }
        if (l < punct)
            wn_buf_append_char(b, '.');
    }
}

static void test_fineweb_line_punct(void)
{
    reset3();
    for (int k = 0; k < 3; k++)
        fw_lines(&tb[k], 25, (unsigned)(4 - k));  /* 0.16, 0.12, 0.08 */
    TRIPLE(&wn_stage_fineweb, &cfg.fineweb, &tb[0], &tb[1], &tb[2], "kept", "kept", "line_punct_ratio");
}

static void test_fineweb_short_lines(void)
{
    /* 100 lines, 66, 67 or 68 of them short (<= 30 characters) */
    reset3();
    for (int k = 0; k < 3; k++) {
        unsigned shorts = (unsigned)(66 + k);
        for (unsigned l = 0; l < 100; l++) {
            if (l)
                wn_buf_append_char(&tb[k], '\n');
            if (l < shorts) {
                word(&tb[k], l, 5);
                wn_buf_append_char(&tb[k], ' ');
                word(&tb[k], 5000 + l, 23);  /* 5 + 1 + 23 + '.' = 30: still short */
            } else {
                for (int i = 0; i < 5; i++) {
                    word(&tb[k], 10000 + l * 5 + (unsigned)i, 6);
                    wn_buf_append_char(&tb[k], ' ');
                }
                word(&tb[k], 20000 + l, 1);  /* 36 + '.' = 37 */
            }
            wn_buf_append_char(&tb[k], '.');
        }
    }
    TRIPLE(&wn_stage_fineweb, &cfg.fineweb, &tb[0], &tb[1], &tb[2], "kept", "kept", "short_line_ratio");
}

static void test_fineweb_char_dup(void)
{
    /* a line of d = 19, 20, 21 characters twice; 2000 characters that are not newlines */
    reset3();
    for (int k = 0; k < 3; k++) {
        wn_buf *b = &tb[k];
        unsigned d = (unsigned)(19 + k), idx = 0;
        size_t rest = 2000 - 2 * d, newlines = 0;
        /* lines of 50 characters (words and '.') */
        while (rest > 100) {
            fill(b, 49, " ", &idx);
            wn_buf_append_str(b, ".\n");
            rest -= 50;
            newlines++;
        }
        word(b, 1, d - 1);
        wn_buf_append_str(b, ".\n");
        fill(b, rest - 1, " ", &idx);
        wn_buf_append_str(b, ".\n");
        word(b, 1, d - 1);
        wn_buf_append_str(b, ".");
        newlines += 2;
        CHECK_EQ_INT(b->len - newlines, 2000);
    }
    TRIPLE(&wn_stage_fineweb, &cfg.fineweb, &tb[0], &tb[1], &tb[2], "kept", "kept", "char_dup_ratio");
}

static void test_fineweb_list_ratio(void)
{
    /* 10 lines, 9 newlines; 31, 30, 29 words (a '.' is a word) */
    reset3();
    for (int k = 0; k < 3; k++) {
        wn_buf *b = &tb[k];
        for (unsigned l = 0; l < 10; l++) {
            if (l)
                wn_buf_append_char(b, '\n');
            unsigned nw = l == 0 ? (unsigned)(3 - k) : 2; /* words before the '.' */
            for (unsigned i = 0; i < nw; i++) {
                if (i)
                    wn_buf_append_char(b, ' ');
                word(b, l * 4 + i, nw == 1 ? 30 : 15);
            }
            wn_buf_append_char(b, '.');
        }
    }
    TRIPLE(&wn_stage_fineweb, &cfg.fineweb, &tb[0], &tb[1], &tb[2], "kept", "kept", "list_ratio");
}

static void test_fineweb_empty_and_unicode(void)
{
    wn_buf_reset(&tb[0]);
    wn_buf_append_str(&tb[0], " \n\t\n");
    CHECK_EQ_STR(run(&wn_stage_fineweb, &cfg.fineweb, &tb[0]), "empty");
    /* Sentence_Terminal beyond ASCII: the Devanagari danda and the ideographic full stop */
    wn_buf_reset(&tb[0]);
    wn_buf_append_str(&tb[0], "\xE0\xA4\xAF\xE0\xA4\xB9 \xE0\xA4\xB5\xE0\xA4\xBE\xE0\xA4\x95\xE0\xA5\x8D\xE0\xA4\xAF \xE0\xA4\xB9\xE0\xA5\x88 \xE0\xA4\x94\xE0\xA4\xB0 \xE0\xA4\xAF\xE0\xA4\xB9 \xE0\xA4\xB2\xE0\xA4\x82\xE0\xA4\xAC\xE0\xA4\xBE \xE0\xA4\xB9\xE0\xA5\x88\xE0\xA5\xA4\n"
                                  "\xE8\xBF\x99\xE6\x98\xAF\xE4\xB8\x80\xE4\xB8\xAA\xE5\xBE\x88\xE9\x95\xBF\xE7\x9A\x84\xE5\x8F\xA5\xE5\xAD\x90\xE8\x80\x8C\xE4\xB8\x94\xE5\xBE\x88\xE9\x95\xBF\xE5\xBE\x88\xE9\x95\xBF\xE5\xBE\x88\xE9\x95\xBF\xE5\xBE\x88\xE9\x95\xBF\xE5\xBE\x88\xE9\x95\xBF\xE5\xBE\x88\xE9\x95\xBF\xE3\x80\x82");
    wn_fineweb_opts o = cfg.fineweb;
    o.explain = true;
    run(&wn_stage_fineweb, &o, &tb[0]);
    wn_slice m = wn_doc_meta_get(&doc, "filters");
    CHECK(m.ptr && memmem(m.ptr, m.len, "\"line_punct_ratio\":1", 20) != NULL);
}

/* ---- the n-gram rules against a plain transcription of datatrove ------------------------------
 * get_n_grams / find_top_duplicate / find_all_duplicate written the obvious way (strings
 * compared in full, no hashing, no pruning), on the same words, for random texts over a
 * vocabulary made to trip the fast paths: words that concatenate into each other ("ab" =
 * "a" + "b"), long words (n-grams past the 16-byte prefix), punctuation, a combining mark
 * after a space (a word with a space in it), and many repeats. */

/* The n-gram at i as datatrove builds it: words joined by sep (" " or ""). */
static size_t ngram(const char *t, const wn_word *w, size_t i, size_t n, const char *sep, char *out)
{
    size_t k = 0;
    for (size_t q = i; q < i + n; q++) {
        if (q > i)
            for (const char *s = sep; *s; s++)
                out[k++] = *s;
        memcpy(out + k, t + w[q].off, w[q].len);
        k += w[q].len;
    }
    return k;
}

static size_t ref_cps(const char *s, size_t n)
{
    return wn_utf8_count(s, n);
}

/* find_top_duplicate: len(top) * count, ties to the first seen (Counter.most_common). */
static double ref_top(const char *t, const wn_word *w, size_t nw, size_t n)
{
    static char a[4096], b[4096];
    size_t best = 0, best_len = 0;
    for (size_t i = 0; i + n <= nw; i++) {
        size_t la = ngram(t, w, i, n, " ", a), seen_before = 0, count = 0;
        for (size_t q = 0; q + n <= nw; q++) {
            size_t lb = ngram(t, w, q, n, " ", b);
            if (lb == la && memcmp(a, b, la) == 0) {
                count++;
                seen_before |= q < i;
            }
        }
        if (!seen_before && count > best) {
            best = count;
            best_len = ref_cps(a, la);
        }
    }
    return (double)(best_len * best);
}

/* find_all_duplicate */
static double ref_dup(const char *t, const wn_word *w, size_t nw, size_t n)
{
    static char a[4096], b[4096];
    static size_t added[512];
    size_t nadded = 0, rep = 0;
    for (size_t i = 0; i + n <= nw;) {
        size_t la = ngram(t, w, i, n, "", a);
        bool seen = false;
        for (size_t k = 0; k < nadded && !seen; k++) {
            size_t lb = ngram(t, w, added[k], n, "", b);
            seen = lb == la && memcmp(a, b, la) == 0;
        }
        if (seen) {
            rep += ref_cps(a, la);
            i += n;
        } else {
            added[nadded++] = i;
            i++;
        }
    }
    return (double)rep;
}

static double explain_value(const char *key)
{
    wn_slice m = wn_doc_meta_get(&doc, "filters");
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = m.ptr ? memmem(m.ptr, m.len, pat, strlen(pat)) : NULL;
    return p ? strtod(p + strlen(pat), NULL) : -1;
}

static void test_rep_ngrams_against_reference(void)
{
    static const char *vocab[] = { "a", "b", "ab", "ba", "aba", ".", ",", "x", "xx",
                                   "abcdefghijklmnopq", "abcdefghijklmnopqr", "abcdefgh", "ijklmnopq",
                                   "\xC3\xA4" "b", "\xE2\x80\x9E", "\xCC\x81" };
    wn_gopher_rep_opts o = cfg.gopher_rep;
    o.explain = true;
    wn_segmenter *seg;
    CHECK_EQ_INT(wn_segmenter_create(&seg), WN_OK);
    unsigned rnd = 4242;
    int bad = 0;
    for (int t = 0; t < 1500 && bad < 5; t++) {
        wn_buf_reset(&tb[0]);
        size_t nv = 2 + (rnd = rnd * 1103515245u + 12345u) % 15, len = 1 + (rnd = rnd * 1103515245u + 12345u) % 120;
        for (size_t k = 0; k < len; k++) {
            if (k)
                wn_buf_append_char(&tb[0], ' ');
            wn_buf_append_str(&tb[0], vocab[((rnd = rnd * 1103515245u + 12345u) >> 8) % nv]);
        }
        const char *text = tb[0].data;
        const wn_word *w;
        size_t nw;
        CHECK_EQ_INT(wn_words_split(seg, text, tb[0].len, &w, &nw), WN_OK);
        wn_word *copy = malloc((nw + 1) * sizeof *copy);
        memcpy(copy, w, nw * sizeof *copy);
        run(&wn_stage_gopher_repetition, &o, &tb[0]);
        double chars = (double)wn_utf8_count(text, tb[0].len);
        for (size_t n = 2; n <= 10; n++) {
            char key[32];
            double want;
            if (n <= 4) {
                snprintf(key, sizeof key, "top_%zu_gram", n);
                if (nw < n)
                    continue;   /* no n-grams: datatrove skips the rule */
                want = ref_top(text, copy, nw, n) / chars;
            } else {
                snprintf(key, sizeof key, "duplicated_%zu_n_grams", n);
                want = ref_dup(text, copy, nw, n) / chars;
            }
            double got = explain_value(key);
            if (fabs(got - want) > 1e-9) {
                if (bad++ < 5)
                    fprintf(stderr, "  %s: %g, reference %g on \"%s\"\n", key, got, want, text);
            }
        }
        free(copy);
    }
    CHECK_EQ_INT(bad, 0);
    wn_segmenter_free(seg);
}

/* Empty and white-space texts in Gopher repetition, as datatrove decides them: "  \t " has
 * one paragraph "", one line, no words: kept; "\n\n" splits into the lines "", "" (one
 * duplicate of two: 0.5 > 0.3): dropped as dup_line_frac. The empty text, where datatrove
 * divides 0 by len("") and raises ZeroDivisionError, is kept here (every record must be
 * accounted for; it has no repetition). */
static void test_rep_empty_and_space(void)
{
    const char *texts[3] = { "  \t ", "\n\n", "" };
    const char *want[3] = { "kept", "dup_line_frac", "kept" };
    for (int k = 0; k < 3; k++) {
        wn_buf_reset(&tb[0]);
        wn_buf_append_str(&tb[0], texts[k]);
        CHECK_EQ_STR(run(&wn_stage_gopher_repetition, &cfg.gopher_rep, &tb[0]), want[k]);
    }
}

/* TERMINAL_PUNCTUATION is Sentence_Terminal plus five Khmer signs: a line ending in U+17D4
 * KHMER SIGN KHAN (not Sentence_Terminal) counts, one ending in U+17D7 (in neither) does not.
 * 2 of 10 lines with the mark: 0.2, kept; without it 0.1 < 0.12, dropped. */
static void test_fineweb_khmer_terminal(void)
{
    const char *marks[2] = { "\xE1\x9F\x94", "\xE1\x9F\x97" };
    const char *want[2] = { "kept", "line_punct_ratio" };
    for (int k = 0; k < 2; k++) {
        wn_buf *b = &tb[0];
        wn_buf_reset(b);
        for (unsigned l = 0; l < 10; l++) {
            for (unsigned i = 0; i < 8; i++) {
                word(b, l * 8 + i, 6);
                wn_buf_append_char(b, ' ');
            }
            word(b, 900 + l, 6);
            if (l == 3)
                wn_buf_append_char(b, '.');
            if (l == 6)
                wn_buf_append_str(b, marks[k]);
            wn_buf_append_char(b, '\n');
        }
        CHECK_EQ_STR(run(&wn_stage_fineweb, &cfg.fineweb, b), want[k]);
    }
}

/* A duplicate set is sized by a document's lines or n-grams, never more than its bytes: asked
 * for more, it refuses as too large (a record failure) instead of allocating for it, and keeps
 * the table it had. */
static void test_fset_capped(void)
{
    wn_fset s = { 0 };
    CHECK_EQ_INT(wn_fset_reset(&s, 100), WN_OK);
    CHECK(s.cap >= 200 && (s.cap & (s.cap - 1)) == 0);
    size_t cap = s.cap;
    CHECK_EQ_INT(wn_fset_reset(&s, WN_DOC_BYTES_MAX + 1), WN_ERR_TOO_LARGE);
    CHECK(s.cap == cap && s.v != NULL);
    CHECK_EQ_INT(wn_fset_reset(&s, 3), WN_OK);   /* still usable, table kept */
    CHECK(s.cap == cap);
    wn_fset_free(&s);
}

/* wn_find_duplicates against the plain definition (each element compared in full with every
 * earlier one), on random texts over two letters cut into elements of lengths 0..6, so that
 * lengths and contents repeat, and an element's length is now shared, now its own. */
static void test_find_duplicates_against_reference(void)
{
    wn_fset s = { 0 };
    unsigned rnd = 777;
    char text[512];
    wn_span items[100];
    int bad = 0;
    for (int t = 0; t < 3000; t++) {
        size_t n = (rnd = rnd * 1103515245u + 12345u) % 40, off = 0;
        int spread = 1 + (int)((rnd >> 8) % 7);   /* lengths 0 .. spread - 1 */
        for (size_t i = 0; i < n; i++) {
            uint32_t len = (rnd = rnd * 1103515245u + 12345u) % (unsigned)spread;
            for (uint32_t k = 0; k < len; k++)
                text[off + k] = "ab"[((rnd = rnd * 1103515245u + 12345u) >> 12) & 1];
            items[i] = (wn_span){ (uint32_t)off, len };
            off += len;
        }
        uint64_t want_e = 0, want_c = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t q = 0; q < i; q++)
                if (items[q].len == items[i].len &&
                    memcmp(text + items[q].off, text + items[i].off, items[i].len) == 0) {
                    want_e++;
                    want_c += items[i].len;
                    break;
                }
        uint64_t e, c;
        CHECK_EQ_INT(wn_find_duplicates(&s, text, items, n, &e, &c), WN_OK);
        bad += e != want_e || c != want_c;
    }
    CHECK_EQ_INT(bad, 0);
    wn_fset_free(&s);
}

int main(void)
{
    wn_doc_init(&doc, 1 << 26);
    wn_filters_config_default(&cfg);
    for (int i = 0; i < 3; i++)
        wn_buf_init(&tb[i], WN_BUF_UNCAPPED);
    RUN(test_gopher_min_doc_words);
    RUN(test_gopher_max_doc_words);
    RUN(test_gopher_symbol_set_terminal);
    RUN(test_gopher_avg_word_length);
    RUN(test_gopher_symbol_ratio);
    RUN(test_gopher_bullets);
    RUN(test_gopher_end_ellipsis);
    RUN(test_gopher_alpha);
    RUN(test_gopher_stop_words);
    RUN(test_gopher_explain);
    RUN(test_rep_dup_frac);
    RUN(test_rep_dup_char_frac);
    RUN(test_rep_top_ngrams);
    RUN(test_rep_dup_ngrams);
    RUN(test_rep_find_all_duplicate_skips);
    RUN(test_rep_empty_and_space);
    RUN(test_rep_ngrams_against_reference);
    RUN(test_c4_line_rules);
    RUN(test_c4_doc_rules);
    RUN(test_fineweb_line_punct);
    RUN(test_fineweb_short_lines);
    RUN(test_fineweb_char_dup);
    RUN(test_fineweb_list_ratio);
    RUN(test_fineweb_empty_and_unicode);
    RUN(test_fineweb_khmer_terminal);
    RUN(test_fset_capped);
    RUN(test_find_duplicates_against_reference);
    for (int i = 0; i < 3; i++)
        wn_buf_free(&tb[i]);
    wn_doc_free(&doc);
    return DONE();
}
