/* test_seg_spacy_en.c: the spaCy English segmenter against spaCy itself: every case of
 * ../shared/data/spacy-en-oracle/cases.jsonl (spaCy's words, word spans, sentences and
 * datatrove's sentence parts for 55,917 texts) is segmented, and the share of cases that match
 * exactly is printed per field. Each field must match on at least 99.9 % of the cases, and a
 * case that differs must be listed, with the reason, in tests/unit/spacy_en_known_diffs.txt;
 * diffs are printed. Every case is also segmented with the fast paths skipped, and must give the
 * same tokens. Offsets in the oracle are code-point indices, ours are bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "common/json.h"
#include "text/seg_spacy_en.h"

#define FLOOR 0.999

enum { F_WORDS, F_WORD_SPANS, F_SENTENCES, F_PARTS, F_N };
static const char *const field_name[F_N] = { "words", "word_spans", "sentences",
                                             "sentence_parts" };

typedef struct {
    long *v;
    size_t n, cap;
} ints;

static void ints_push(ints *a, long x)
{
    if (a->n == a->cap) {
        a->cap = a->cap ? 2 * a->cap : 256;
        a->v = realloc(a->v, a->cap * sizeof *a->v);
        if (!a->v)
            abort();
    }
    a->v[a->n++] = x;
}

/* every integer of a JSON array of [start, end] pairs, in order */
static void read_ints(wn_slice sp, ints *out)
{
    out->n = 0;
    const char *p = sp.ptr, *e = sp.ptr + sp.len;
    while (p < e) {
        if (*p >= '0' && *p <= '9') {
            long x = 0;
            while (p < e && *p >= '0' && *p <= '9')
                x = x * 10 + (*p++ - '0');
            ints_push(out, x);
        } else {
            p++;
        }
    }
}

/* known differences: "id<TAB>fields<TAB>reason" lines */
typedef struct {
    char **ids;
    size_t n;
    bool *seen;
} known_list;

static void known_load(known_list *k, const char *path)
{
    memset(k, 0, sizeof *k);
    size_t n;
    char *b = wn_t_read_file(path, &n);
    if (!b)
        return;
    for (char *line = strtok(b, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#' || !line[0])
            continue;
        char *tab = strchr(line, '\t');
        if (tab)
            *tab = 0;
        k->ids = realloc(k->ids, (k->n + 1) * sizeof *k->ids);
        k->ids[k->n++] = strdup(line);
    }
    k->seen = calloc(k->n + 1, 1);
    free(b);
}

static bool known_has(known_list *k, const char *id)
{
    for (size_t i = 0; i < k->n; i++)
        if (strcmp(k->ids[i], id) == 0) {
            k->seen[i] = true;
            return true;
        }
    return false;
}

static const char *oracle_path(void)
{
    static char path[4096];
    const char *shared = getenv("SHARED");
    snprintf(path, sizeof path, "%s/data/spacy-en-oracle/cases.jsonl", shared ? shared : "../shared");
    return path;
}

static void print_pairs(const char *what, const long *v, size_t n)
{
    fprintf(stderr, "      %s:", what);
    for (size_t i = 0; i + 1 < n && i < 80; i += 2)
        fprintf(stderr, " [%ld,%ld]", v[i], v[i + 1]);
    fprintf(stderr, "%s\n", n > 80 ? " ..." : "");
}

static void test_oracle(void)
{
    size_t size;
    char *data = wn_t_read_file(oracle_path(), &size);
    CHECK_MSG(data != NULL, "cannot read %s", oracle_path());
    if (!data)
        return;
    known_list known;
    known_load(&known, "tests/unit/spacy_en_known_diffs.txt");
    wn_spacy_en *seg;
    CHECK(wn_spacy_en_create(&seg) == WN_OK);
    wn_spacy_en *general;
    CHECK(wn_spacy_en_create(&general) == WN_OK);
    wn_spacy_en_general_path_only(general, true);
    size_t general_differs = 0;
    wn_buf text, id, kind;
    wn_buf_init(&text, WN_BUF_UNCAPPED);
    wn_buf_init(&id, 4096);
    wn_buf_init(&kind, 4096);
    ints want[F_N] = { { 0 } }, got[F_N] = { { 0 } }, cpi = { 0 };
    size_t cases = 0, match[F_N] = { 0 }, unexplained = 0, printed = 0;
    for (char *line = data, *end = data + size; line < end;) {
        char *nl = memchr(line, '\n', (size_t)(end - line));
        if (!nl)
            nl = end;
        wn_json j;
        wn_json_init(&j, line, (size_t)(nl - line));
        wn_slice key, val, words_sp = { 0 }, spans[F_N] = { { 0 } };
        text.len = id.len = kind.len = 0;
        CHECK(wn_json_object_begin(&j) == WN_OK);
        while (wn_json_object_next(&j, &key, &val) == WN_OK) {
            if (key.len == 6 && !memcmp(key.ptr, "\"text\"", 6))
                wn_json_decode_string(val, &text);
            else if (key.len == 4 && !memcmp(key.ptr, "\"id\"", 4))
                wn_json_decode_string(val, &id);
            else if (key.len == 6 && !memcmp(key.ptr, "\"kind\"", 6))
                wn_json_decode_string(val, &kind);
            else if (key.len == 7 && !memcmp(key.ptr, "\"words\"", 7))
                words_sp = val;
            else if (key.len == 12 && !memcmp(key.ptr, "\"word_spans\"", 12))
                spans[F_WORD_SPANS] = val;
            else if (key.len == 11 && !memcmp(key.ptr, "\"sentences\"", 11))
                spans[F_SENTENCES] = val;
            else if (key.len == 16 && !memcmp(key.ptr, "\"sentence_parts\"", 16))
                spans[F_PARTS] = val;
        }
        (void)words_sp;
        line = nl + 1;
        cases++;
        for (int f = F_WORD_SPANS; f < F_N; f++)
            read_ints(spans[f], &want[f]);
        /* code-point index of every byte offset: lead bytes before it */
        cpi.n = 0;
        long k = 0;
        for (size_t b = 0; b <= text.len; b++) {
            ints_push(&cpi, k);
            if (b < text.len && ((unsigned char)text.data[b] & 0xC0) != 0x80)
                k++;
        }
        const wn_stok *t;
        size_t nt;
        CHECK(wn_spacy_en_tokenize(seg, text.data, text.len, &t, &nt) == WN_OK);
        /* the fast paths say what the general path says, token for token */
        const wn_stok *g;
        size_t ng;
        CHECK(wn_spacy_en_tokenize(general, text.data, text.len, &g, &ng) == WN_OK);
        bool same = ng == nt;
        for (size_t i = 0; same && i < nt; i++)
            same = g[i].off == t[i].off && g[i].len == t[i].len &&
                   (g[i].flags & (WN_STOK_SPACE | WN_STOK_SENT_START)) ==
                       (t[i].flags & (WN_STOK_SPACE | WN_STOK_SENT_START));
        if (!same && general_differs++ < 5)
            fprintf(stderr, "  general path differs on %s\n", id.data);
        for (int f = 0; f < F_N; f++)
            got[f].n = 0;
        long sent_start = -1, sent_end = -1;
        for (size_t i = 0; i < nt; i++) {
            long a = cpi.v[t[i].off], b = cpi.v[t[i].off + t[i].len];
            if (!(t[i].flags & WN_STOK_SPACE)) {
                ints_push(&got[F_WORD_SPANS], a);
                ints_push(&got[F_WORD_SPANS], b);
            }
            if (t[i].flags & WN_STOK_SENT_START) {
                if (sent_start >= 0) {
                    ints_push(&got[F_SENTENCES], sent_start);
                    ints_push(&got[F_SENTENCES], sent_end);
                }
                sent_start = a;
            }
            sent_end = b;
        }
        if (sent_start >= 0) {
            ints_push(&got[F_SENTENCES], sent_start);
            ints_push(&got[F_SENTENCES], sent_end);
        }
        /* datatrove's split_into_sentences: cut the text at every sentence end but the last */
        long prev = 0;
        for (size_t i = 1; i + 2 < got[F_SENTENCES].n; i += 2) {
            ints_push(&got[F_PARTS], prev);
            ints_push(&got[F_PARTS], got[F_SENTENCES].v[i]);
            prev = got[F_SENTENCES].v[i];
        }
        ints_push(&got[F_PARTS], prev);
        ints_push(&got[F_PARTS], cpi.v[text.len]);
        bool ok[F_N];
        for (int f = F_WORD_SPANS; f < F_N; f++)
            ok[f] = got[f].n == want[f].n &&
                    (got[f].n == 0 || !memcmp(got[f].v, want[f].v, got[f].n * sizeof(long)));
        /* the words are the texts at the word spans: equal spans, equal words */
        ok[F_WORDS] = ok[F_WORD_SPANS];
        bool all = true;
        for (int f = 0; f < F_N; f++) {
            match[f] += ok[f];
            all &= ok[f];
        }
        if (!all && !known_has(&known, id.data)) {
            unexplained++;
            if (printed++ < (getenv("SP_DIFFS") ? 100000 : 40)) {
                fprintf(stderr, "  DIFF %s (%s) %s%s%s\n      text: %.*s\n", id.data,
                        kind.data, ok[F_WORD_SPANS] ? "" : "words ",
                        ok[F_SENTENCES] ? "" : "sentences ", ok[F_PARTS] ? "" : "parts",
                        (int)(text.len < 400 ? text.len : 400), text.data);
                for (int f = F_WORD_SPANS; f < F_N; f++)
                    if (!ok[f]) {
                        print_pairs("want", want[f].v, want[f].n);
                        print_pairs("got ", got[f].v, got[f].n);
                    }
            }
        }
    }
    for (int f = 0; f < F_N; f++) {
        double share = cases ? (double)match[f] / (double)cases : 0;
        printf("  spacy-en oracle: %s %zu/%zu cases match exactly (%.3f %%)\n", field_name[f],
               match[f], cases, 100 * share);
        CHECK_MSG(share >= FLOOR, "%s: %.3f %% is below the %.1f %% floor", field_name[f],
                  100 * share, 100 * FLOOR);
    }
    printf("  spacy-en oracle: %zu cases differ and are not in the known list\n", unexplained);
    CHECK_EQ_INT(unexplained, 0);
    for (size_t i = 0; i < known.n; i++)
        CHECK_MSG(known.seen[i], "known difference %s no longer differs: remove it from the list",
                  known.ids[i]);
    CHECK_EQ_INT(cases, 55917);
    printf("  spacy-en: the general path differs from the fast paths on %zu cases\n",
           general_differs);
    CHECK_EQ_INT(general_differs, 0);
    wn_spacy_en_free(seg);
    wn_spacy_en_free(general);
    wn_buf_free(&text);
    wn_buf_free(&id);
    wn_buf_free(&kind);
    for (int f = 0; f < F_N; f++) {
        free(want[f].v);
        free(got[f].v);
    }
    free(cpi.v);
    free(data);
    for (size_t i = 0; i < known.n; i++)
        free(known.ids[i]);
    free(known.ids);
    free(known.seen);
}

int main(void)
{
    RUN(test_oracle);
    return DONE();
}
