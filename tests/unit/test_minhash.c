/* test_minhash.c: normalisation, shingles, and MinHash estimates against exact Jaccard
 * computed by brute force over the same shingles. */
#include <math.h>
#include <stdlib.h>
#include "harness.h"
#include "winnow/internal.h"

static void norm_is(const char *in, const char *want)
{
    wn_buf b;
    wn_buf_init(&b, WN_BUF_UNCAPPED);
    CHECK(wn_dedup_normalize(in, strlen(in), &b) == WN_OK);
    if (strcmp(b.data ? b.data : "", want) != 0) {
        fprintf(stderr, "  normalize(\"%s\") = \"%s\", want \"%s\"\n", in, b.data, want);
        wn_t_failed_checks++;
    }
    wn_buf_free(&b);
}

static void test_normalize(void)
{
    norm_is("Hello, World!", "hello world");
    norm_is("  Année 2024: l'été — déjà vu…  ", "annee 0000 l ete deja vu");
    norm_is("Straße ÆON Œuvre Łódź", "strasse aeon oeuvre lodz");
    norm_is("e\xcc\x81t\xc3\xa9", "ete");                      /* combining acute */
    norm_is("ΑΘΗΝΑ Άλφα", "αθηνα αλφα");
    norm_is("МОСКВА ёлка", "москва елка");
    norm_is("ＡＢＣ１２３", "abc000");
    norm_is("tab\tand\nnewline", "tab and newline");
    norm_is("", "");
    norm_is("!!! ???", "");
    norm_is("\xff\xfeok", "ok");                               /* invalid bytes separate */
}

/* deterministic pseudo-random words */
static uint64_t rng(uint64_t *s) { *s = *s * 6364136223846793005ULL + 1442695040888963407ULL; return *s >> 33; }

static void make_doc(wn_buf *b, uint64_t seed, size_t words)
{
    uint64_t s = seed;
    wn_buf_reset(b);
    for (size_t i = 0; i < words; i++) {
        size_t len = 3 + rng(&s) % 6;
        for (size_t j = 0; j < len; j++)
            wn_buf_append_char(b, (char)('a' + rng(&s) % 26));
        wn_buf_append_char(b, ' ');
    }
}

/* b = a with `edits` words replaced */
static void edit_doc(wn_buf *dst, const wn_buf *src, uint64_t seed, size_t edits)
{
    wn_buf_reset(dst);
    wn_buf_append(dst, src->data, src->len);
    uint64_t s = seed;
    for (size_t e = 0; e < edits; e++) {
        size_t at = rng(&s) % dst->len;
        while (at < dst->len && dst->data[at] != ' ')
            at++;
        if (at + 1 < dst->len)
            dst->data[at + 1] = (char)('A' + rng(&s) % 26); /* changes one word (case folds, so use a letter shift) */
        if (at + 2 < dst->len)
            dst->data[at + 2] = 'q';
    }
}

static void check_scheme(wn_minhash_scheme scheme, bool chars)
{
    wn_minhash_params p;
    wn_minhash_params_default(&p);
    p.scheme = scheme;
    p.char_ngrams = chars;
    size_t k = (size_t)p.bands * p.rows;
    wn_buf a, b, na, nb;
    wn_buf_init(&a, WN_BUF_UNCAPPED); wn_buf_init(&b, WN_BUF_UNCAPPED); wn_buf_init(&na, WN_BUF_UNCAPPED); wn_buf_init(&nb, WN_BUF_UNCAPPED);
    uint64_t *sa = NULL, *sb = NULL;
    size_t ca = 0, cb = 0, n_a, n_b;
    uint64_t *ga = malloc(k * 8), *gb = malloc(k * 8);
    uint16_t *ha = malloc(k * 2), *hb = malloc(k * 2);
    double sum_err = 0, max_z = 0;
    int pairs = 0;
    for (int t = 0; t < 120; t++) {
        make_doc(&a, 1000 + (uint64_t)t, 150 + (size_t)(t % 5) * 80);
        edit_doc(&b, &a, 77 + (uint64_t)t, (size_t)(t % 40) * 3);
        wn_buf_reset(&na); wn_buf_reset(&nb);
        wn_dedup_normalize(a.data, a.len, &na);
        wn_dedup_normalize(b.data, b.len, &nb);
        CHECK(wn_minhash_shingles(&p, na.data, na.len, &sa, &n_a, &ca) == WN_OK);
        CHECK(wn_minhash_shingles(&p, nb.data, nb.len, &sb, &n_b, &cb) == WN_OK);
        double j = wn_jaccard_exact(sa, n_a, sb, n_b);
        wn_minhash_sign(&p, sa, n_a, ga);
        wn_minhash_sign(&p, sb, n_b, gb);
        wn_minhash_compact(ga, k, ha);
        wn_minhash_compact(gb, k, hb);
        double e = wn_minhash_estimate(ha, hb, k), ef = wn_minhash_estimate_full(ga, gb, k);
        double sd = sqrt((j * (1 - j) + 1e-4) / (double)k);
        double z = fabs(e - j) / sd;
        if (z > max_z) max_z = z;
        sum_err += fabs(e - j);
        CHECK(fabs(ef - e) < 0.03);     /* 16-bit values lose almost nothing */
        pairs++;
        /* bands agree exactly when their rows agree */
        for (unsigned bd = 0; bd < p.bands; bd++) {
            bool same = memcmp(ga + bd * p.rows, gb + bd * p.rows, p.rows * 8) == 0;
            CHECK(same == (wn_minhash_band_key(&p, ga, bd) == wn_minhash_band_key(&p, gb, bd)));
        }
    }
    double mean = sum_err / pairs;
    /* the standard error at k = 112 is at most 0.047: the mean absolute error of an unbiased
     * estimator is ~0.8 of it; no pair may be off by more than 5 standard errors */
    if (!(mean < 0.04 && max_z < 5.0)) {
        fprintf(stderr, "  scheme %d chars %d: mean |est - exact| = %.4f, max z = %.2f\n", scheme, chars, mean, max_z);
        wn_t_failed_checks++;
    }
    wn_buf_free(&a); wn_buf_free(&b); wn_buf_free(&na); wn_buf_free(&nb);
    wn_free(sa); wn_free(sb);
    free(ga); free(gb); free(ha); free(hb);
}

static void test_oph_vs_exact(void) { check_scheme(WN_MINHASH_OPH, false); }
static void test_kperm_vs_exact(void) { check_scheme(WN_MINHASH_KPERM, false); }
static void test_oph_chars_vs_exact(void) { check_scheme(WN_MINHASH_OPH, true); }

static void test_shingles(void)
{
    wn_minhash_params p;
    wn_minhash_params_default(&p);
    uint64_t *s = NULL;
    size_t cap = 0, n;
    CHECK(wn_minhash_shingles(&p, "a b c d e f g", 13, &s, &n, &cap) == WN_OK);
    CHECK_EQ_INT(n, 3);
    CHECK(wn_minhash_shingles(&p, "a b", 3, &s, &n, &cap) == WN_OK);
    CHECK_EQ_INT(n, 1);
    CHECK(wn_minhash_shingles(&p, "", 0, &s, &n, &cap) == WN_OK);
    CHECK_EQ_INT(n, 0);
    /* identical texts give identical signatures; a short and empty-bin-heavy doc too */
    uint64_t a[112], b[112];
    CHECK(wn_minhash_shingles(&p, "a b c d e f g", 13, &s, &n, &cap) == WN_OK);
    wn_minhash_sign(&p, s, n, a);
    wn_minhash_sign(&p, s, n, b);
    CHECK(memcmp(a, b, sizeof a) == 0);
    for (int i = 0; i < 112; i++)
        CHECK(a[i] != UINT64_MAX);  /* densified: no empty bin left */
    wn_free(s);
}

/* Random text built from pieces that stress the fused path: ASCII runs longer than its 32-byte
 * blocks, non-ASCII letters, marks and symbols at every offset, words longer than 16 bytes,
 * invalid and truncated UTF-8. */
static void make_mixed(wn_buf *b, uint64_t *s, size_t pieces)
{
    static const char *const bits[] = {
        "e\xcc\x81", "\xc3\xa9", "\xc3\x9f", "\xc3\x86", "\xc5\x92", "\xce\x91\xce\x98",
        "\xce\x86", "\xd0\x9c\xd0\x9e", "\xd1\x91", "\xef\xbc\xa1", "\xef\xbc\x91",
        "\xe2\x80\x94", "\xe2\x80\x8b", "\xc2\xad", "\xf0\x9f\x98\x80", "\xe4\xb8\xad\xe6\x96\x87",
        "\xff", "\xc3", "\xe2\x80", "\xd9\xa3", "\xc2\xa0", " ", "\n", "  ", ",", "'", "_", "-",
        "0", "123", "ABC", "Hello", "x",
    };
    wn_buf_reset(b);
    for (size_t i = 0; i < pieces; i++) {
        uint64_t r = rng(s) % 10;
        if (r < 5) {                       /* an ASCII word, sometimes long */
            size_t len = 1 + rng(s) % (rng(s) % 4 == 0 ? 40 : 9);
            for (size_t j = 0; j < len; j++) {
                static const char punct[] = "@[`{_.-'/:~\x7f\x01";
                uint64_t c = rng(s) % 40;
                char ch = c < 20 ? (char)('a' + rng(s) % 26) : c < 28 ? (char)('A' + rng(s) % 26)
                          : c < 35 ? (char)('0' + rng(s) % 10) : punct[rng(s) % (sizeof punct - 1)];
                wn_buf_append_char(b, ch);
            }
            wn_buf_append_char(b, rng(s) % 3 ? ' ' : '\t');
        } else {
            const char *p = bits[rng(s) % (sizeof bits / sizeof *bits)];
            wn_buf_append(b, p, strlen(p));
        }
    }
}

/* The fused path must give exactly the reference: shingles of the normalised text, and the
 * exact key of the normalised text. */
static void test_fused_equals_reference(void)
{
    static const unsigned grams[] = { 1, 2, 5, 9 };
    wn_buf t, norm;
    wn_buf_init(&t, WN_BUF_UNCAPPED);
    wn_buf_init(&norm, WN_BUF_UNCAPPED);
    uint64_t *ref = NULL, s = 42;
    size_t cap = 0, bad = 0;
    for (int c = 0; c < 5; c++) {
        wn_minhash_params p;
        wn_minhash_params_default(&p);
        p.ngram = c < 4 ? grams[c] : 3;
        p.char_ngrams = c == 4;
        wn_shingler *x;
        CHECK(wn_shingler_create(&x, &p) == WN_OK);
        for (int d = 0; d < 600; d++) {
            make_mixed(&t, &s, (size_t)(rng(&s) % (d % 10 == 0 ? 600 : 40)));
            wn_buf_reset(&norm);
            CHECK(wn_dedup_normalize(t.data ? t.data : "", t.len, &norm) == WN_OK);
            size_t nr, nf;
            CHECK(wn_minhash_shingles(&p, norm.data, norm.len, &ref, &nr, &cap) == WN_OK);
            const uint64_t *f;
            uint64_t key;
            CHECK(wn_shingler_text(x, t.data ? t.data : "", t.len, &f, &nf, &key) == WN_OK);
            if (nf != nr || (nr && memcmp(f, ref, nr * 8)) ||
                key != wn_dedup_text_key(norm.data, norm.len, p.seed)) {
                if (bad++ < 3)
                    fprintf(stderr, "  ngram %u chars %d: fused != reference on %zu bytes (%zu vs %zu shingles)\n",
                            p.ngram, (int)p.char_ngrams, t.len, nf, nr);
                wn_t_failed_checks++;
            }
        }
        wn_shingler_free(x);
    }
    wn_buf_free(&t);
    wn_buf_free(&norm);
    wn_free(ref);
}

/* The exact key is a function of the normalised text: equal texts give equal keys, and over
 * many near-identical pairs different texts never collide. */
static void test_text_key(void)
{
    wn_minhash_params p;
    wn_minhash_params_default(&p);
    const char *a = "Hello,  World! 2024", *b = "hello world 1999", *c = "world hello 0000";
    wn_buf n1, n2, n3;
    wn_buf_init(&n1, WN_BUF_UNCAPPED); wn_buf_init(&n2, WN_BUF_UNCAPPED); wn_buf_init(&n3, WN_BUF_UNCAPPED);
    wn_dedup_normalize(a, strlen(a), &n1);
    wn_dedup_normalize(b, strlen(b), &n2);
    wn_dedup_normalize(c, strlen(c), &n3);
    CHECK(wn_dedup_text_key(n1.data, n1.len, p.seed) == wn_dedup_text_key(n2.data, n2.len, p.seed));
    CHECK(wn_dedup_text_key(n1.data, n1.len, p.seed) != wn_dedup_text_key(n3.data, n3.len, p.seed));
    CHECK(wn_dedup_text_key("", 0, p.seed) == 0);
    /* texts one edit apart: all keys distinct */
    size_t m = 2000;
    uint64_t *keys = malloc(m * 8);
    wn_buf t;
    wn_buf_init(&t, WN_BUF_UNCAPPED);
    make_doc(&t, 5, 60);
    for (size_t i = 0; i < m; i++) {
        wn_buf_reset(&n1);
        wn_buf_append(&n1, t.data, t.len);
        n1.data[i % t.len] = (char)('a' + (i / t.len) % 26);   /* may rewrite a space: a join */
        wn_buf_reset(&n2);
        wn_dedup_normalize(n1.data, n1.len, &n2);
        keys[i] = wn_dedup_text_key(n2.data, n2.len, p.seed);
        for (size_t j = 0; j < i; j++) {
            if (keys[j] != keys[i])
                continue;
            /* equal keys only for equal texts: rebuild text j and compare */
            wn_buf_reset(&n1);
            wn_buf_append(&n1, t.data, t.len);
            n1.data[j % t.len] = (char)('a' + (j / t.len) % 26);
            wn_buf_reset(&n3);
            wn_dedup_normalize(n1.data, n1.len, &n3);
            CHECK(n3.len == n2.len && memcmp(n3.data, n2.data, n2.len) == 0);
        }
    }
    free(keys);
    wn_buf_free(&t); wn_buf_free(&n1); wn_buf_free(&n2); wn_buf_free(&n3);
}

int main(void)
{
    RUN(test_fused_equals_reference);
    RUN(test_text_key);
    RUN(test_normalize);
    RUN(test_shingles);
    RUN(test_oph_vs_exact);
    RUN(test_kperm_vs_exact);
    RUN(test_oph_chars_vs_exact);
    return DONE();
}
