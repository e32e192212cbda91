/* test_langid.c: the fastText model reader on a model built byte by byte here: predictions
 * computed by hand (softmax and hierarchical softmax), and every way a file can be broken
 * (truncated at each byte, bad magic, unknown version, sizes that do not add up, huge counts)
 * giving an error and no crash, leak or huge allocation; failed allocations at every step.
 * (Agreement with fastText itself is tests/cli/langid_oracle.sh.) */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include "harness.h"
#include "winnow/internal.h"

typedef struct {
    unsigned char b[1024];
    size_t n;
} bytes;

static void put(bytes *o, const void *p, size_t n)
{
    memcpy(o->b + o->n, p, n);
    o->n += n;
}
static void put_i32(bytes *o, int32_t v) { put(o, &v, 4); }
static void put_i64(bytes *o, int64_t v) { put(o, &v, 8); }
static void put_f32(bytes *o, float v) { put(o, &v, 4); }
static void put_u8(bytes *o, uint8_t v) { put(o, &v, 1); }
static void put_entry(bytes *o, const char *w, int64_t count, uint8_t type)
{
    put(o, w, strlen(w) + 1);
    put_i64(o, count);
    put_u8(o, type);
}

/* dim 2; words "hello", "</s>"; labels en (count 3), fr (2); dense rows. */
static void build(bytes *o, int32_t loss, int32_t version)
{
    o->n = 0;
    put_i32(o, 793712314);
    put_i32(o, version);
    int32_t args[12] = { 2, 5, 1, 1, 5, 1, loss, 3, 0, 0, 0, 100 };
    for (int i = 0; i < 12; i++)
        put_i32(o, args[i]);
    double t = 1e-4;
    put(o, &t, 8);
    put_i32(o, 4);  /* size */
    put_i32(o, 2);  /* nwords */
    put_i32(o, 2);  /* nlabels */
    put_i64(o, 10); /* ntokens */
    put_i64(o, -1); /* not pruned */
    put_entry(o, "hello", 5, 0);
    put_entry(o, "</s>", 4, 0);
    put_entry(o, "__label__en", 3, 1);
    put_entry(o, "__label__fr", 2, 1);
    put_u8(o, 0); /* dense input */
    put_i64(o, 2);
    put_i64(o, 2);
    put_f32(o, 1.0f); put_f32(o, 0.5f);   /* hello */
    put_f32(o, -1.0f); put_f32(o, 0.0f);  /* </s> */
    put_u8(o, 0); /* dense output */
    put_i64(o, 2);
    put_i64(o, 2);
    put_f32(o, 1.0f); put_f32(o, 0.0f);
    put_f32(o, 0.0f); put_f32(o, 1.0f);
}

static wn_langid_model *load(const bytes *o, wn_status *st, char *err, size_t cap)
{
    wn_langid_model *m;
    *st = wn_langid_model_load_mem(&m, o->b, o->n, err, cap);
    return m;
}

static void test_softmax_by_hand(void)
{
    bytes o;
    build(&o, 3, 12);
    wn_status st;
    char err[256] = "";
    wn_langid_model *m = load(&o, &st, err, sizeof err);
    CHECK_EQ_INT(st, WN_OK);
    if (!m) {
        fprintf(stderr, "  %s\n", err);
        return;
    }
    CHECK_EQ_INT(wn_langid_model_nlabels(m), 2);
    wn_slice l = wn_langid_label_code(wn_langid_model_label(m, 1));
    CHECK(l.len == 2 && !memcmp(l.ptr, "fr", 2));
    CHECK_EQ_INT(wn_langid_model_find_label(m, WN_SLICE_LIT("fr")), 1);
    CHECK_EQ_INT(wn_langid_model_find_label(m, WN_SLICE_LIT("__label__en")), 0);
    CHECK_EQ_INT(wn_langid_model_find_label(m, WN_SLICE_LIT("de")), -1);
    wn_langid_scratch *s = wn_langid_scratch_create(m);
    wn_langid_pred p[2];
    /* hidden = (1, .5): logits (1, .5) -> p_en = 1 / (1 + e^-.5); printed p + 1e-5. */
    CHECK_EQ_INT(wn_langid_predict(m, s, "hello", 5, false, -1, 0.0f, p, NULL), 2);
    double pen = 1.0 / (1.0 + exp(-0.5));
    CHECK_EQ_INT(p[0].label, 0);
    CHECK(fabs(p[0].prob - (pen + 1e-5)) < 1e-6);
    CHECK(fabs(p[1].prob - (1 - pen + 1e-5)) < 1e-6);
    /* With "</s>": hidden = mean((1,.5), (-1,0)) = (0, .25): fr wins. */
    CHECK_EQ_INT(wn_langid_predict(m, s, " hello\t", 7, true, 1, 0.0f, p, NULL), 1);
    CHECK_EQ_INT(p[0].label, 1);
    CHECK(fabs(p[0].prob - (1.0 / (1.0 + exp(-0.25)) + 1e-5)) < 1e-6);
    /* Unknown words and labels have no rows: no prediction. */
    CHECK_EQ_INT(wn_langid_predict(m, s, "zzz __label__en", 15, false, 1, 0.0f, p, NULL), 0);
    /* Threshold: nothing reaches 0.9. */
    CHECK_EQ_INT(wn_langid_predict(m, s, "hello", 5, false, 2, 0.9f, p, NULL), 0);
    CHECK_EQ_INT(wn_langid_predict(m, s, "hello", 5, false, 2, 0.5f, p, NULL), 1);
    wn_langid_scratch_free(s);
    wn_langid_model_free(m);
}

static void test_hs_by_hand(void)
{
    bytes o;
    build(&o, 1, 12);
    wn_status st;
    wn_langid_model *m = load(&o, &st, NULL, 0);
    CHECK_EQ_INT(st, WN_OK);
    if (!m)
        return;
    wn_langid_scratch *s = wn_langid_scratch_create(m);
    wn_langid_pred p[2];
    /* Two leaves: the root's left child is fr (smaller count), right is en; f = sigmoid(w0.h). */
    CHECK_EQ_INT(wn_langid_predict(m, s, "hello", 5, false, -1, 0.0f, p, NULL), 2);
    double f = 1.0 / (1.0 + exp(-1.0));
    CHECK_EQ_INT(p[0].label, 0);
    CHECK(fabs(p[0].prob - (f + 1e-5)) < 1e-6);
    CHECK(fabs(p[1].prob - (1 - f + 1e-5)) < 1e-6);
    wn_langid_scratch_free(s);
    wn_langid_model_free(m);
}

static void expect_error(const bytes *o, wn_status want, const char *needle)
{
    wn_status st;
    char err[256] = "";
    wn_langid_model *m = load(o, &st, err, sizeof err);
    CHECK(m == NULL);
    CHECK_EQ_INT(st, want);
    if (needle && !strstr(err, needle)) {
        fprintf(stderr, "  message '%s' lacks '%s'\n", err, needle);
        wn_t_failed_checks++;
    }
    wn_langid_model_free(m);
}

static void test_broken_files(void)
{
    bytes o;
    build(&o, 3, 12);
    size_t full = o.n;
    /* Truncated anywhere. */
    for (size_t n = 0; n < full; n++) {
        o.n = n;
        wn_status st;
        wn_langid_model *m = load(&o, &st, NULL, 0);
        CHECK(m == NULL && st != WN_OK);
        wn_langid_model_free(m);
    }
    o.n = full;
    o.b[0] ^= 1;
    expect_error(&o, WN_ERR_FORMAT, "not a fastText model");
    build(&o, 3, 13);
    expect_error(&o, WN_ERR_UNSUPPORTED, "version 13");
    build(&o, 7, 12);
    expect_error(&o, WN_ERR_FORMAT, "unknown loss");
    /* A billion dictionary entries in a 300-byte file: refused before allocating. */
    build(&o, 3, 12);
    int32_t big = 1000000000, words = big - 2;
    memcpy(o.b + 64, &big, 4);
    memcpy(o.b + 68, &words, 4);
    expect_error(&o, WN_ERR_TRUNCATED, "cannot fit");
    /* nwords + nlabels != size. */
    build(&o, 3, 12);
    int32_t three = 3;
    memcpy(o.b + 68, &three, 4);
    expect_error(&o, WN_ERR_FORMAT, "do not add up");
    /* An input matrix with more rows than the dictionary needs. */
    build(&o, 3, 12);
    int64_t rows = 3;
    size_t in_m = full - (8 + 8 + 16 + 1 + 8 + 8 + 16);
    memcpy(o.b + in_m, &rows, 8);
    expect_error(&o, WN_ERR_FORMAT, "input matrix is 3 x 2");
    /* Trailing bytes. */
    build(&o, 3, 12);
    put_u8(&o, 0);
    expect_error(&o, WN_ERR_FORMAT, "after the output matrix");
    /* HS with label counts out of order cannot make a tree. */
    build(&o, 1, 12);
    int64_t c = 1;
    size_t en_count = 64 + 28 + 15 + 14 + 12; /* header, args, counts, hello, </s>, label */
    memcpy(o.b + en_count, &c, 8);
    wn_status st;
    wn_langid_model *m = load(&o, &st, NULL, 0);
    /* 1 < 2 reorders the leaves but still gives a tree; a count >= 1e15 does not. */
    wn_langid_model_free(m);
    c = (int64_t)2e15;
    memcpy(o.b + en_count, &c, 8);
    int64_t c2 = (int64_t)3e15;
    memcpy(o.b + en_count + 9 + 12, &c2, 8);
    expect_error(&o, WN_ERR_FORMAT, "descending");
    /* Not a file. */
    char err[256];
    CHECK_EQ_INT(wn_langid_model_load(&m, "/nonexistent/model.bin", err, sizeof err), WN_ERR_IO);
    CHECK(m == NULL);
}

/* Expects the error message to name `offset` as the place of the failure. */
static void expect_error_at(const bytes *o, size_t offset, const char *needle)
{
    char at[64];
    snprintf(at, sizeof at, "offset %zu: ", offset);
    expect_error(o, WN_ERR_FORMAT, at);
    expect_error(o, WN_ERR_FORMAT, needle);
}

/* A NaN or infinite weight would score every label nan: refused at load, naming the matrix, the
 * row and column, and the float's offset in the file. */
static void test_nonfinite_weights(void)
{
    bytes o;
    build(&o, 3, 12);
    size_t full = o.n;
    size_t in_floats = full - (8 + 8 + 16 + 1 + 8 + 8 + 16) + 16, out_floats = full - 16;
    float v = NAN;
    memcpy(o.b + in_floats + 8, &v, 4); /* </s>, column 0 */
    expect_error_at(&o, in_floats + 8, "input matrix: NaN weight at row 1, column 0");
    build(&o, 3, 12);
    v = INFINITY;
    memcpy(o.b + out_floats + 12, &v, 4); /* fr, column 1 */
    expect_error_at(&o, out_floats + 12, "output matrix: infinite weight at row 1, column 1");
    build(&o, 1, 12);
    v = -INFINITY;
    memcpy(o.b + in_floats, &v, 4);
    expect_error_at(&o, in_floats, "input matrix: infinite weight at row 0, column 0");
    /* The largest finite weights still load. */
    build(&o, 3, 12);
    v = FLT_MAX;
    memcpy(o.b + in_floats, &v, 4);
    wn_status st;
    wn_langid_model *m = load(&o, &st, NULL, 0);
    CHECK_EQ_INT(st, WN_OK);
    wn_langid_model_free(m);
}

/* Finite weights whose product overflows score inf - inf = nan in one-vs-all: that label gets
 * probability 0 (plus fastText's 1e-5) instead of indexing the sigmoid table with an
 * undefined conversion (UBSan: "nan is outside the range of representable values"). */
static void test_overflowing_scores(void)
{
    bytes o;
    build(&o, 4, 12);
    size_t full = o.n;
    size_t in_floats = full - (8 + 8 + 16 + 1 + 8 + 8 + 16) + 16, out_floats = full - 16;
    float big = 3e38f, w[4] = { big, big, big, -big }; /* hello = (big, big); en = (big, -big) */
    memcpy(o.b + in_floats, w, 8);
    memcpy(o.b + out_floats, w + 2, 8);
    wn_status st;
    char err[256] = "";
    wn_langid_model *m = load(&o, &st, err, sizeof err);
    CHECK_EQ_INT(st, WN_OK);
    if (!m) {
        fprintf(stderr, "  %s\n", err);
        return;
    }
    wn_langid_scratch *s = wn_langid_scratch_create(m);
    wn_langid_pred p[2];
    /* fr = big * 0 + big * 1 > 8: sigmoid 1; en = big^2 - big^2 = inf - inf: 0 */
    CHECK_EQ_INT(wn_langid_predict(m, s, "hello", 5, false, -1, 0.0f, p, NULL), 2);
    CHECK_EQ_INT(p[0].label, 1);
    CHECK(fabs(p[0].prob - (1.0 + 1e-5)) < 1e-6);
    CHECK_EQ_INT(p[1].label, 0);
    CHECK(fabs(p[1].prob - 1e-5) < 1e-6);
    wn_langid_scratch_free(s);
    wn_langid_model_free(m);
}

static void test_alloc_failures(void)
{
    bytes o;
    build(&o, 1, 12);
    for (uint64_t n = 1; n < 200; n++) {
        wn_alloc_fail_after(n);
        wn_status st;
        wn_langid_model *m = load(&o, &st, NULL, 0);
        wn_langid_scratch *s = m ? wn_langid_scratch_create(m) : NULL;
        wn_langid_pred p[2];
        if (s)
            wn_langid_predict(m, s, "hello world", 11, true, -1, 0.0f, p, NULL);
        wn_alloc_fail_after(0);
        CHECK(m != NULL || st == WN_ERR_NOMEM);
        wn_langid_scratch_free(s);
        wn_langid_model_free(m);
    }
}

/* The stage's buffers are capped: paragraph_languages is one metadata value, so a text of
 * more lines than WN_DOC_META_MAX can describe fails as too_large (named, counted) instead of
 * building an unbounded array; an ordinary text gets its labels as before. */
static void test_stage_paragraph_cap(void)
{
    bytes o;
    build(&o, 3, 12);
    wn_status st;
    wn_langid_model *m = load(&o, &st, NULL, 0);
    CHECK(m != NULL);
    if (!m)
        return;
    wn_langid_config cfg;
    wn_langid_config_default(&cfg);
    cfg.model = m;
    cfg.paragraph_langid = true;
    void *ctx = NULL;
    CHECK_EQ_INT(wn_stage_langid.ctx_create(&cfg, &ctx), WN_OK);
    wn_counters c = { 0 };
    wn_doc d;
    wn_doc_init(&d, WN_DOC_BYTES_MAX);

    wn_buf_set(&d.text, "hello\n\nhello", 12);
    wn_stage_langid.process(ctx, &d, &c);
    CHECK_EQ_INT(d.status, WN_DOC_KEPT);
    wn_slice pl = wn_doc_meta_get(&d, "paragraph_languages");
    CHECK_MSG(pl.len > 0 && !memcmp(pl.ptr, "[{\"language\":\"", 13), "%.*s", (int)pl.len, pl.ptr);
    CHECK(strstr(pl.ptr, ",null,") != NULL);

    /* "null," per blank line: 5 bytes of JSON per byte of text */
    size_t n = WN_DOC_META_MAX / 5 + 4096;
    wn_doc_reset(&d);
    CHECK_EQ_INT(wn_buf_append(&d.text, "hello", 5), WN_OK);
    for (size_t i = 0; i < n; i += 4096) {
        char nl[4096];
        memset(nl, '\n', sizeof nl);
        CHECK_EQ_INT(wn_buf_append(&d.text, nl, sizeof nl), WN_OK);
    }
    wn_stage_langid.process(ctx, &d, &c);
    CHECK_EQ_INT(d.status, WN_DOC_FAILED);
    CHECK_EQ_STR(d.reason ? d.reason : "", "too_large");
    CHECK(wn_doc_meta_get(&d, "paragraph_languages").len == 0);
    wn_doc_free(&d);
    wn_counters_free(&c);
    wn_stage_langid.ctx_free(ctx);
    wn_langid_model_free(m);
}

int main(void)
{
    RUN(test_softmax_by_hand);
    RUN(test_hs_by_hand);
    RUN(test_broken_files);
    RUN(test_nonfinite_weights);
    RUN(test_overflowing_scores);
    RUN(test_alloc_failures);
    RUN(test_stage_paragraph_cap);
    return DONE();
}
