/* test_words.c: word segmentation. The fast path (ASCII chunks by the short rules, the rest
 * through ICU) must give exactly ICU's words on the whole text: checked on hand-made edge
 * cases, on random strings over a small tricky alphabet, and on real text (the seed, and the
 * trafilatura-eval corpus when bench/data has it). */
#include <stdio.h>
#include <stdlib.h>
#include "harness.h"
#include "winnow/internal.h"
#include "text/words.h"
#include <unicode/uchar.h>

static wn_segmenter *seg;
static int mismatches;

static bool same(const char *t, size_t n)
{
    const wn_word *a, *b;
    size_t na, nb;
    if (wn_words_split(seg, t, n, &a, &na) != WN_OK)
        return false;
    wn_word *copy = malloc((na + 1) * sizeof *copy);
    memcpy(copy, a, na * sizeof *copy);
    if (wn_words_split_icu(seg, t, n, &b, &nb) != WN_OK) {
        free(copy);
        return false;
    }
    bool ok = na == nb && memcmp(copy, b, na * sizeof *copy) == 0;
    if (!ok && mismatches++ < 3) {
        fprintf(stderr, "  differs on \"%.*s\": fast %zu words, icu %zu\n", (int)(n > 200 ? 200 : n), t, na, nb);
        for (size_t i = 0; i < na && i < nb; i++)
            if (copy[i].off != b[i].off || copy[i].len != b[i].len) {
                fprintf(stderr, "    first difference: fast \"%.*s\" icu \"%.*s\"\n", (int)copy[i].len,
                        t + copy[i].off, (int)b[i].len, t + b[i].off);
                break;
            }
    }
    free(copy);
    return ok;
}

static void test_words_examples(void)
{
    const wn_word *w;
    size_t n;
    const char *t = "Don't stop: 3.14, 1,000; e.g. a_b x.y.z -- U.S.A. ...";
    CHECK_EQ_INT(wn_words_split(seg, t, strlen(t), &w, &n), WN_OK);
    const char *want[] = { "Don't", "stop", ":", "3.14", ",", "1,000", ";", "e.g", ".", "a_b",
                           "x.y.z", "-", "-", "U.S.A", ".", ".", ".", "." };
    CHECK_EQ_INT(n, sizeof want / sizeof *want);
    for (size_t i = 0; i < n && i < sizeof want / sizeof *want; i++)
        if (strlen(want[i]) != w[i].len || memcmp(want[i], t + w[i].off, w[i].len) != 0) {
            fprintf(stderr, "  word %zu: \"%.*s\", expected \"%s\"\n", i, (int)w[i].len, t + w[i].off, want[i]);
            CHECK(0);
        }
    /* symbols and letters */
    const char *u = "# \xE2\x80\xA6 caf\xC3\xA9 \xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97";
    CHECK_EQ_INT(wn_words_split(seg, u, strlen(u), &w, &n), WN_OK);
    CHECK(n >= 3);
    CHECK(w[0].flags & WN_WORD_SYMBOL);
    CHECK(w[1].flags & WN_WORD_SYMBOL);
    CHECK(w[2].flags & WN_WORD_ALPHA);
    CHECK_EQ_INT(w[2].cps, 4);
    CHECK(same(t, strlen(t)));
    CHECK(same(u, strlen(u)));
}

static void test_words_fast_equals_icu_edges(void)
{
    const char *cases[] = {
        "a:b a.b a'b 1.2 1,2 1;2 a,b a;b 1:2 a.1 1.a _a a_ _ __ a__b 1_2 a._b",
        "x \xCC\x81y  \xCC\x81z \t\xCC\x81w",            /* combining marks after white space */
        "caf\xC3\xA9.bar na\xC3\xAFve's \xC3\xA9t\xC3\xA9-2024 x\xE2\x80\x99s",
        "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD ok \xF0\x9F\x87\xAB\xF0\x9F\x87\xB7 a\xE2\x80\x8D" "b",
        "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \"quoted\" \xD7\x90\"\xD7\x91 x\xC2\xA0y",
        "ab\r\ncd\n\n. . .\v\fend. 3.14.15 1..2 a..b 'a' .a a. ,1 1,",
        "\xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA\xE0\xB8\x94\xE0\xB8\xB5 abc \xE3\x81\x93\xE3\x82\x93\xE3\x81\xAB\xE3\x81\xA1\xE3\x81\xAF",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        CHECK(same(cases[i], strlen(cases[i])));
}

static void test_words_fast_equals_icu_random(void)
{
    static const char *pieces[] = { "a", "B", "1", "_", ".", "'", ",", ";", ":", " ", "\n", "\t", "-",
                                    "\xC3\xA9", "\xCC\x81", "\xE2\x80\x99", "\xE4\xB8\xAD", "\xE2\x80\x8D",
                                    "\xC2\xA0", "#", "@", "/", "\xC3\x9F", "\xC5\x82", "\xC3\x97",
                                    "\xC3\xB7", "\xC8\x98", "\xC9\x8F", "\xC9\x90", "\xC2\xB5",
                                    "\xC3\x84" };
    unsigned seed = 12345;
    char buf[256];
    int bad = 0;
    for (int t = 0; t < 20000; t++) {
        size_t n = 0;
        int len = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 24;
        for (int k = 0; k < len; k++) {
            const char *p = pieces[((seed = seed * 1103515245u + 12345u) >> 16) %
                                   (sizeof pieces / sizeof pieces[0])];
            size_t pl = strlen(p);
            memcpy(buf + n, p, pl);
            n += pl;
        }
        bad += !same(buf, n);
    }
    CHECK_EQ_INT(bad, 0);
}

static void test_words_fast_equals_icu_corpus(void)
{
    const char *root = getenv("ROOT");
    char path[4096];
    const char *files[] = { "bench/data/tfeval_text.jsonl", "../shared/seed/000_199b5b13a894299b.txt" };
    int checked = 0, bad = 0;
    for (size_t f = 0; f < 2; f++) {
        snprintf(path, sizeof path, "%s/%s", root ? root : ".", files[f]);
        FILE *fp = fopen(path, "rb");
        if (!fp)
            continue;
        char *line = NULL;
        size_t cap = 0;
        ssize_t got;
        /* each line as it is (JSON escapes and all): real-world bytes in every script */
        while ((got = getline(&line, &cap, fp)) > 0) {
            wn_buf t;
            wn_buf_init(&t, WN_BUF_UNCAPPED);
            wn_utf8_repair(&t, line, (size_t)got, NULL);
            bad += !same(t.data, t.len);
            checked++;
            wn_buf_free(&t);
        }
        free(line);
        fclose(fp);
    }
    CHECK(checked > 0);
    CHECK_EQ_INT(bad, 0);
}

/* the ASCII table of the fast path agrees with the predicates, character by character */
static void test_words_ascii_classes(void)
{
    for (unsigned c = 0; c < 128; c++) {
        char t[1] = { (char)c };
        const wn_word *w;
        size_t n;
        CHECK_EQ_INT(wn_words_split_icu(seg, t, 1, &w, &n), WN_OK);
        CHECK_EQ_INT(n, wn_py_isspace(c) ? 0 : 1);
        if (n == 1) {
            if (!!(w[0].flags & WN_WORD_SYMBOL) != wn_dt_is_punct(c) ||
                !!(w[0].flags & WN_WORD_ALPHA) != wn_py_isalpha(c)) {
                fprintf(stderr, "  char 0x%02x: flags %u\n", c, w[0].flags);
                CHECK(0);
            }
        }
    }
}

/* The Latin letters the fast path segments itself are Word_Break ALetter, alphabetic and in
 * neither datatrove set, for ICU, code point by code point. */
static void test_words_fast_letters_are_aletter(void)
{
    size_t n = 0;
    for (uint32_t c = 0; c < 0x800; c++) {
        if (!wn_words_fast_letter(c))
            continue;
        n++;
        if (u_getIntPropertyValue((UChar32)c, UCHAR_WORD_BREAK) != U_WB_ALETTER || !wn_py_isalpha(c) ||
            wn_dt_is_punct(c) || wn_dt_is_terminal_punct(c) || wn_py_isspace(c)) {
            fprintf(stderr, "  U+%04X\n", c);
            CHECK(0);
        }
    }
    CHECK_EQ_INT(n, 0x250 - 0xC0 - 2);
}

int main(void)
{
    if (wn_segmenter_create(&seg) != WN_OK) {
        printf("FAIL segmenter\n");
        return 1;
    }
    RUN(test_words_examples);
    RUN(test_words_ascii_classes);
    RUN(test_words_fast_equals_icu_edges);
    RUN(test_words_fast_equals_icu_random);
    RUN(test_words_fast_letters_are_aletter);
    RUN(test_words_fast_equals_icu_corpus);
    wn_segmenter_free(seg);
    return DONE();
}
