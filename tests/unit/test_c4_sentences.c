/* test_c4_sentences.c: C4 counts each kept line's sentences from the document's spaCy words
 * (wn_sentences_in_span) instead of segmenting the line again (wn_sentences_count). The two
 * must agree on every line: here on every line of every text of
 * ../shared/data/spacy-en-oracle/cases.jsonl, and of the JSONL files named in
 * WN_C4_SENT_EXTRA (colon-separated, "text" field; e.g. bench/data/tfeval_text.jsonl). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "common/json.h"
#include "filter/filter_impl.h"
#include "text/words.h"

/* Every line of every "text" of the JSONL file: the span count against the line alone.
 * Returns the lines compared; adds the lines that differ to *diff. */
static size_t compare_file(const char *path, size_t *diff)
{
    size_t size, lines_seen = 0;
    char *data = wn_t_read_file(path, &size);
    CHECK_MSG(data != NULL, "cannot read %s", path);
    if (!data)
        return 0;
    wn_segmenter *seg;
    CHECK(wn_segmenter_create(&seg) == WN_OK);
    CHECK(wn_segmenter_use_spacy_en(seg, true) == WN_OK);
    wn_buf text;
    wn_buf_init(&text, WN_BUF_UNCAPPED);
    wn_spans lines = { 0 };
    wn_word *words = NULL;
    size_t words_cap = 0;
    for (char *line = data, *end = data + size; line < end;) {
        char *nl = memchr(line, '\n', (size_t)(end - line));
        if (!nl)
            nl = end;
        wn_json j;
        wn_json_init(&j, line, (size_t)(nl - line));
        wn_slice key, val;
        text.len = 0;
        if (wn_json_object_begin(&j) == WN_OK)
            while (wn_json_object_next(&j, &key, &val) == WN_OK)
                if (key.len == 6 && !memcmp(key.ptr, "\"text\"", 6))
                    wn_json_decode_string(val, &text);
        line = nl + 1;
        const char *t = text.data ? text.data : "";
        const wn_word *w;
        size_t nw;
        CHECK(wn_words_split(seg, t, text.len, &w, &nw) == WN_OK);
        if (nw > words_cap) {   /* the next split reuses the segmenter's array */
            words_cap = nw * 2;
            words = realloc(words, words_cap * sizeof *words);
        }
        if (nw)
            memcpy(words, w, nw * sizeof *w);
        CHECK(wn_py_splitlines(&lines, t, text.len) == WN_OK);
        for (size_t li = 0; li < lines.n; li++) {
            wn_span s = wn_py_strip(t, lines.v[li], true, true);
            size_t want = wn_sentences_count(seg, t + s.off, s.len);
            size_t got = wn_sentences_in_span(words, nw, s.off, s.off + s.len);
            lines_seen++;
            if (want != got && (*diff)++ < 10)
                fprintf(stderr, "  %s: line '%.*s': %zu alone, %zu in the text\n", path,
                        (int)(s.len > 200 ? 200 : s.len), t + s.off, want, got);
        }
    }
    free(words);
    wn_spans_free(&lines);
    wn_buf_free(&text);
    wn_segmenter_free(seg);
    free(data);
    return lines_seen;
}

static void test_lines_match(void)
{
    char path[4096];
    const char *shared = getenv("SHARED");
    snprintf(path, sizeof path, "%s/data/spacy-en-oracle/cases.jsonl", shared ? shared : "../shared");
    size_t diff = 0, n = compare_file(path, &diff);
    printf("  %zu lines of %s, %zu differ\n", n, path, diff);
    CHECK(n > 60000);   /* the file was read: 65,188 lines */
    const char *extra = getenv("WN_C4_SENT_EXTRA");
    char list[4096];
    snprintf(list, sizeof list, "%s", extra ? extra : "");
    for (char *save, *p = strtok_r(list, ":", &save); p; p = strtok_r(NULL, ":", &save)) {
        size_t d = 0, m = compare_file(p, &d);
        printf("  %zu lines of %s, %zu differ\n", m, p, d);
        diff += d;
    }
    CHECK_EQ_INT(diff, 0);
}

/* The span count on its own: starts inside a line, none from the line before. */
static void test_span_count(void)
{
    wn_segmenter *seg;
    CHECK(wn_segmenter_create(&seg) == WN_OK);
    CHECK(wn_segmenter_use_spacy_en(seg, true) == WN_OK);
    const char *t = "One. Two! Three\nFour.\n\"Five.\"  Six.";
    const wn_word *w;
    size_t n;
    CHECK(wn_words_split(seg, t, strlen(t), &w, &n) == WN_OK);
    CHECK_EQ_INT(wn_sentences_in_span(w, n, 0, 15), 3);    /* One. Two! Three */
    CHECK_EQ_INT(wn_sentences_in_span(w, n, 16, 21), 1);   /* Four. */
    CHECK_EQ_INT(wn_sentences_in_span(w, n, 22, 35), 2);   /* "Five."  Six. */
    CHECK_EQ_INT(wn_sentences_count(seg, t + 22, 13), 2);
    wn_segmenter_free(seg);
}

int main(void)
{
    RUN(test_span_count);
    RUN(test_lines_match);
    return DONE();
}
