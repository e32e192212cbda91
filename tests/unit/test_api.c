/* test_api.c: the public C API (include/winnow.h) through its header alone: configs,
 * documents, chains, inputs, language ID, errors. Run with no argument it is a unit test;
 * with a command it is the library side of the CLI-oracle tests (tests/cli/api_chain.sh):
 *   test_api chain OUTDIR [KEY=VALUE...] -- FILE...   OUTDIR/kept.jsonl, OUTDIR/dropped.jsonl
 *   test_api run OUTDIR [KEY=VALUE...] -- FILE...     the same through wn_run (wn_input source)
 *   test_api files run|dedup OUTDIR [KEY=VALUE...] -- FILE...   wn_run_files, wn_dedup_files
 *   test_api predict MODEL K THRESHOLD FILE           `fasttext predict-prob` lines
 *   test_api has-key KEY...                           the keys wn_config_has_key refuses
 * Unit tests read models/lid.176.ftz and data/stopwords-iso.json from the working directory
 * (the repository's root, where make test runs them). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "winnow.h"
#include "harness.h"

#define MODEL "models/lid.176.ftz"

static wn_config *config_of(const char *const *kv, size_t n)
{
    wn_config *c = NULL;
    if (wn_config_new(&c))
        return NULL;
    for (size_t i = 0; i + 1 < n; i += 2)
        if (wn_config_set(c, kv[i], kv[i + 1])) {
            fprintf(stderr, "config %s=%s: %s\n", kv[i], kv[i + 1], wn_last_error());
            wn_config_free(c);
            return NULL;
        }
    return c;
}

/* ---- tool modes ------------------------------------------------------------------------ */

static int tool_chain(int argc, char **argv)
{
    if (argc < 4)
        return 2;
    char path[4096];
    wn_config *c;
    if (wn_config_new(&c))
        return 3;
    int i = 3;
    for (; i < argc && strcmp(argv[i], "--"); i++) {
        char *eq = strchr(argv[i], '=');
        if (!eq) return 2;
        *eq = 0;
        if (wn_config_set(c, argv[i], eq + 1)) {
            fprintf(stderr, "%s\n", wn_last_error());
            return 2;
        }
    }
    wn_chain *ch;
    if (wn_chain_new(&ch, c)) {
        fprintf(stderr, "chain: %s\n", wn_last_error());
        return 3;
    }
    snprintf(path, sizeof path, "%s/kept.jsonl", argv[2]);
    FILE *kept = fopen(path, "w");
    snprintf(path, sizeof path, "%s/dropped.jsonl", argv[2]);
    FILE *dropped = fopen(path, "w");
    if (!kept || !dropped)
        return 3;
    wn_document *d;
    wn_document_new(&d);
    int rc = 0;
    for (i++; i < argc; i++) {
        wn_input *in;
        if (wn_input_open(&in, argv[i], c)) {
            fprintf(stderr, "%s\n", wn_last_error());
            rc = 3;
            continue;
        }
        wn_status st;
        while ((st = wn_input_next(in, d)) == WN_OK) {
            if (wn_chain_process(ch, d)) { rc = 3; break; }
            size_t n;
            const char *line = wn_document_to_json(d, &n);
            fwrite(line, 1, n, wn_document_status(d) == WN_DOC_KEPT ? kept : dropped);
        }
        if (st != WN_END && st != WN_OK)
            fprintf(stderr, "%s\n", wn_last_error());
        wn_input_close(in);
    }
    wn_document_free(d);
    wn_chain_free(ch);
    wn_config_free(c);
    fclose(kept);
    fclose(dropped);
    return rc;
}

/* wn_run's source: every record of the files, through wn_input */
typedef struct {
    char **files;
    int n, at;
    wn_input *in;
    const wn_config *cfg;
    FILE *kept, *dropped;
    uint64_t sunk;
} run_state;

static wn_status run_source(void *ud, wn_document *d)
{
    run_state *r = ud;
    for (;;) {
        if (!r->in) {
            if (r->at == r->n)
                return WN_END;
            if (wn_input_open(&r->in, r->files[r->at++], r->cfg)) {
                fprintf(stderr, "%s\n", wn_last_error());
                continue;
            }
        }
        wn_status st = wn_input_next(r->in, d);
        if (st == WN_OK)
            return WN_OK;
        wn_input_close(r->in);
        r->in = NULL;
    }
}

static wn_status run_sink(void *ud, wn_document *d)
{
    run_state *r = ud;
    size_t n;
    const char *line = wn_document_to_json(d, &n);
    if (!line)
        return WN_ERR_NOMEM;
    fwrite(line, 1, n, wn_document_status(d) == WN_DOC_KEPT ? r->kept : r->dropped);
    r->sunk++;
    return WN_OK;
}

/* test_api run OUTDIR [KEY=VALUE...] -- FILE...: wn_run over the files' records */
static int tool_run(int argc, char **argv)
{
    if (argc < 4)
        return 2;
    wn_config *c;
    if (wn_config_new(&c))
        return 3;
    int i = 3;
    for (; i < argc && strcmp(argv[i], "--"); i++) {
        char *eq = strchr(argv[i], '=');
        if (!eq) return 2;
        *eq = 0;
        if (wn_config_set(c, argv[i], eq + 1)) {
            fprintf(stderr, "%s\n", wn_last_error());
            return 2;
        }
    }
    char path[4096];
    run_state r = { argv + i + 1, argc - i - 1, 0, NULL, c, NULL, NULL, 0 };
    snprintf(path, sizeof path, "%s/kept.jsonl", argv[2]);
    r.kept = fopen(path, "w");
    snprintf(path, sizeof path, "%s/dropped.jsonl", argv[2]);
    r.dropped = fopen(path, "w");
    if (!r.kept || !r.dropped)
        return 3;
    wn_counts counts;
    wn_status st = wn_run(c, run_source, run_sink, &r, &counts);
    if (st)
        fprintf(stderr, "run: %s\n", wn_last_error());
    printf("%llu in, %llu kept, %llu dropped, %llu failed, %llu sunk\n",
           (unsigned long long)counts.in, (unsigned long long)counts.kept,
           (unsigned long long)counts.dropped, (unsigned long long)counts.failed,
           (unsigned long long)r.sunk);
    fclose(r.kept);
    fclose(r.dropped);
    wn_config_free(c);
    return st ? 3 : 0;
}

/* test_api files run|dedup OUTDIR [KEY=VALUE...] -- FILE...: wn_run_files, wn_dedup_files */
static int tool_files(int argc, char **argv)
{
    if (argc < 5)
        return 2;
    wn_config *c;
    if (wn_config_new(&c))
        return 3;
    int i = 4;
    for (; i < argc && strcmp(argv[i], "--"); i++) {
        char *eq = strchr(argv[i], '=');
        if (!eq) return 2;
        *eq = 0;
        if (wn_config_set(c, argv[i], eq + 1)) {
            fprintf(stderr, "%s\n", wn_last_error());
            return 2;
        }
    }
    wn_counts n;
    const char *const *inputs = (const char *const *)argv + i + 1;
    size_t n_inputs = (size_t)(argc - i - 1);
    wn_status st = !strcmp(argv[2], "dedup") ? wn_dedup_files(c, inputs, n_inputs, argv[3], &n)
                                              : wn_run_files(c, inputs, n_inputs, argv[3], &n);
    if (st)
        fprintf(stderr, "%s: %s\n", wn_strerror(st), wn_last_error());
    printf("%llu in, %llu kept, %llu dropped, %llu failed\n", (unsigned long long)n.in,
           (unsigned long long)n.kept, (unsigned long long)n.dropped, (unsigned long long)n.failed);
    wn_config_free(c);
    return st ? 3 : 0;
}

/* test_api has-key KEY...: prints each key wn_config_has_key refuses; exit 1 if any */
static int tool_has_key(int argc, char **argv)
{
    int bad = 0;
    for (int i = 2; i < argc; i++)
        if (!wn_config_has_key(argv[i])) {
            printf("%s\n", argv[i]);
            bad = 1;
        }
    return bad;
}

static int tool_predict(int argc, char **argv)
{
    if (argc != 6)
        return 2;
    wn_lang_model *m;
    if (wn_lang_model_open(&m, argv[2])) {
        fprintf(stderr, "%s\n", wn_last_error());
        return 3;
    }
    int k = atoi(argv[3]);
    float thr = strtof(argv[4], NULL);
    FILE *f = fopen(argv[5], "r");
    if (!f)
        return 3;
    size_t cap = wn_lang_model_labels(m);
    wn_lang_guess *g = calloc(cap, sizeof *g);
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    while ((len = getline(&line, &lcap, f)) > 0) {
        if (line[len - 1] == '\n')
            len--;
        size_t n;
        if (wn_lang_predict(m, line, (size_t)len, k, thr, g, cap, &n)) {
            fprintf(stderr, "%s\n", wn_last_error());
            return 3;
        }
        for (size_t i = 0; i < n; i++)
            printf("%s%s %g", i ? " " : "", g[i].label, (double)g[i].prob);
        printf("\n");
    }
    free(line);
    free(g);
    fclose(f);
    wn_lang_model_free(m);
    return 0;
}

/* ---- unit tests ---------------------------------------------------------------------------- */

static void test_config_keys(void)
{
    CHECK(wn_config_has_key("languages"));
    CHECK(wn_config_has_key("extract-format"));
    CHECK(wn_config_has_key("extract_format"));
    CHECK(wn_config_has_key("gopher-min-doc-words"));
    CHECK(wn_config_has_key("gopher_min_doc_words"));
    CHECK(wn_config_has_key("preset"));
    CHECK(wn_config_has_key("dedup"));
    CHECK(!wn_config_has_key("no-such-option"));
    CHECK(!wn_config_has_key(""));
    CHECK(!wn_config_has_key(NULL));
    wn_config *c;
    CHECK_EQ_INT(wn_config_new(&c), WN_OK);
    CHECK_EQ_INT(wn_config_set(c, "no-such-option", "1"), WN_ERR_USAGE);
    CHECK(strstr(wn_last_error(), "no-such-option") != NULL);
    CHECK_EQ_INT(wn_config_set(c, "language-threshold", "1.5"), WN_ERR_USAGE);
    CHECK(strstr(wn_last_error(), "language-threshold") && strstr(wn_last_error(), "0 to 1"));
    CHECK_EQ_INT(wn_config_set(c, "extract-format", "pdf"), WN_ERR_USAGE);
    CHECK_EQ_INT(wn_config_set(c, "gopher-min-doc-words", "many"), WN_ERR_USAGE);
    CHECK(wn_last_error()[0] != 0);
    CHECK_EQ_INT(wn_config_set(c, "preset", "nope"), WN_ERR_USAGE);
    CHECK_EQ_INT(wn_config_set(c, "extract-comments", "maybe"), WN_ERR_USAGE);
    CHECK_EQ_INT(wn_config_set(c, "preset", "fineweb"), WN_OK);
    CHECK_EQ_INT(wn_config_set(c, "gopher-min-doc-words", "100"), WN_OK);
    CHECK_EQ_INT(wn_config_set(c, "extract_comments", "yes"), WN_OK);
    CHECK_EQ_INT(wn_config_set(c, "max-doc-size", "64M"), WN_OK);
    CHECK_EQ_INT(wn_config_set(c, "max-doc-size", "3G"), WN_ERR_USAGE);
    CHECK_EQ_INT(wn_config_set(c, "threads", "0"), WN_ERR_USAGE);
    CHECK_EQ_INT(wn_config_set(c, "dedup", "exact,minhash"), WN_OK);
    CHECK_EQ_INT(wn_config_set(c, "dedup", "exactly"), WN_ERR_USAGE);
    CHECK_EQ_INT(wn_config_set(c, NULL, "x"), WN_ERR_USAGE);
    wn_config_free(c);
    wn_config_free(NULL);
}

static void test_document_fields(void)
{
    wn_document *d;
    CHECK_EQ_INT(wn_document_new(&d), WN_OK);
    size_t n;
    CHECK_EQ_STR(wn_document_get(d, WN_FIELD_TEXT, &n), "");
    CHECK_EQ_INT(wn_document_set(d, WN_FIELD_ID, "doc-1", 5), WN_OK);
    CHECK_EQ_INT(wn_document_set(d, WN_FIELD_URL, "https://example.org/", 20), WN_OK);
    CHECK_EQ_INT(wn_document_set(d, WN_FIELD_TEXT, "Hello.", 6), WN_OK);
    CHECK_EQ_STR(wn_document_get(d, WN_FIELD_ID, &n), "doc-1");
    CHECK_EQ_INT(n, 5);
    CHECK_EQ_STR(wn_document_get(d, WN_FIELD_TEXT, NULL), "Hello.");
    /* a text is no page: HTML is empty; a page is its HTML, until a text replaces it */
    CHECK_EQ_STR(wn_document_get(d, WN_FIELD_HTML, &n), "");
    CHECK_EQ_INT(n, 0);
    CHECK_EQ_INT(wn_document_set(d, WN_FIELD_HTML, "<p>Hi</p>", 9), WN_OK);
    CHECK_EQ_STR(wn_document_get(d, WN_FIELD_HTML, &n), "<p>Hi</p>");
    CHECK_EQ_INT(wn_document_set(d, WN_FIELD_TEXT, "Hello.", 6), WN_OK);
    CHECK_EQ_STR(wn_document_get(d, WN_FIELD_HTML, NULL), "");
    CHECK_EQ_STR(wn_document_get(d, WN_FIELD_ERROR, NULL), "");   /* not failed */
    const char *meta = "{\"a\": \"x\\u00e9\", \"b\": [1, 2], \"c\": 3.5}";
    CHECK_EQ_INT(wn_document_set(d, WN_FIELD_METADATA, meta, strlen(meta)), WN_OK);
    CHECK_EQ_STR(wn_document_get(d, WN_FIELD_METADATA, NULL), "{\"a\":\"x\\u00e9\",\"b\":[1, 2],\"c\":3.5}");
    CHECK_EQ_STR(wn_document_meta(d, "a", &n), "x\xc3\xa9");
    CHECK_EQ_INT(n, 3);
    CHECK_EQ_STR(wn_document_meta(d, "b", NULL), "[1, 2]");
    CHECK(wn_document_meta(d, "zzz", NULL) == NULL);
    /* bad metadata: not JSON, not an object, trailing bytes; the old metadata stays */
    CHECK_EQ_INT(wn_document_set(d, WN_FIELD_METADATA, "{\"a\":", 5), WN_ERR_FORMAT);
    CHECK(strstr(wn_last_error(), "metadata") != NULL);
    CHECK_EQ_INT(wn_document_set(d, WN_FIELD_METADATA, "[1]", 3), WN_ERR_FORMAT);
    CHECK(strstr(wn_last_error(), "object") != NULL);
    CHECK_EQ_INT(wn_document_set(d, WN_FIELD_METADATA, "{} x", 4), WN_ERR_FORMAT);
    CHECK_EQ_STR(wn_document_meta(d, "a", NULL), "x\xc3\xa9");
    CHECK_EQ_INT(wn_document_status(d), WN_DOC_KEPT);
    CHECK(wn_document_reason(d) == NULL);
    const char *js = wn_document_to_json(d, &n);
    CHECK(js && n > 0 && js[n - 1] == '\n');
    CHECK(strstr(js, "\"id\":\"doc-1\"") != NULL);
    wn_document_reset(d);
    CHECK_EQ_STR(wn_document_get(d, WN_FIELD_ID, NULL), "");
    CHECK_EQ_STR(wn_document_get(d, WN_FIELD_METADATA, NULL), "{}");
    /* invalid UTF-8 in a small field is repaired */
    CHECK_EQ_INT(wn_document_set(d, WN_FIELD_ID, "a\xff", 2), WN_OK);
    CHECK_EQ_STR(wn_document_get(d, WN_FIELD_ID, NULL), "a\xef\xbf\xbd");
    wn_document_free(d);
    wn_document_free(NULL);
}

static void test_chain_text(void)
{
    wn_config *c = config_of(NULL, 0);
    wn_chain *ch;
    CHECK_EQ_INT(wn_chain_new(&ch, c), WN_OK);
    wn_document *d;
    wn_document_new(&d);
    wn_document_set(d, WN_FIELD_TEXT, "Plain text \xff stays.", 19);
    CHECK_EQ_INT(wn_chain_process(ch, d), WN_OK);
    CHECK_EQ_INT(wn_document_status(d), WN_DOC_KEPT);
    CHECK_EQ_STR(wn_document_get(d, WN_FIELD_TEXT, NULL), "Plain text \xef\xbf\xbd stays.");
    wn_document_set(d, WN_FIELD_TEXT, " \n\t", 3);
    wn_chain_process(ch, d);
    CHECK_EQ_INT(wn_document_status(d), WN_DOC_DROPPED);
    CHECK_EQ_STR(wn_document_reason(d), "empty");
    size_t n;
    const char *js = wn_document_to_json(d, &n);
    CHECK(strstr(js, "\"status\":\"dropped\",\"reason\":\"empty\"") != NULL);
    /* an HTML page */
    const char *page = "<html><head><title>T</title></head><body><article><p>This is the main "
                       "text of the page, long enough to be kept by the extractor, with commas, "
                       "words and more words in a sentence.</p><p>And a second paragraph that "
                       "says more about the subject of the page, again in a sentence.</p>"
                       "</article></body></html>";
    wn_document_set(d, WN_FIELD_HTML, page, strlen(page));
    CHECK_EQ_INT(wn_chain_process(ch, d), WN_OK);
    CHECK_EQ_INT(wn_document_status(d), WN_DOC_KEPT);
    CHECK(strstr(wn_document_get(d, WN_FIELD_TEXT, NULL), "main text of the page") != NULL);
    CHECK_EQ_STR(wn_document_meta(d, "title", NULL), "T");
    /* a processed document through a chain again: its text is the input, not the page */
    size_t n1, n2;
    const char *t1 = wn_document_get(d, WN_FIELD_TEXT, &n1);
    char *copy = malloc(n1 + 1);
    memcpy(copy, t1, n1 + 1);
    CHECK_EQ_INT(wn_chain_process(ch, d), WN_OK);
    CHECK_EQ_INT(wn_document_status(d), WN_DOC_KEPT);
    const char *t2 = wn_document_get(d, WN_FIELD_TEXT, &n2);
    CHECK(n1 == n2 && memcmp(copy, t2, n1) == 0);
    CHECK_EQ_STR(wn_document_meta(d, "title", NULL), "T");
    free(copy);
    wn_document_free(d);
    wn_chain_free(ch);
    wn_config_free(c);
}

/* A page's charset from its content type, as a WARC record's HTTP header gives it */
static void test_chain_charset(void)
{
    wn_config *c = config_of(NULL, 0);
    wn_chain *ch;
    CHECK_EQ_INT(wn_chain_new(&ch, c), WN_OK);
    wn_document *d;
    wn_document_new(&d);
    /* "café" and "déjà" in windows-1252, no <meta> charset */
    const char *page = "<html><head><title>Caf\xe9</title></head><body><article><p>Le caf\xe9 est "
                       "d\xe9j\xe0 servi dans la salle, avec des croissants, du pain et de la "
                       "confiture, comme chaque matin depuis des ann\xe9" "es.</p><p>Les clients "
                       "arrivent t\xf4t et repartent tard, contents du service.</p></article>"
                       "</body></html>";
    const char *ct = "text/html; charset=windows-1252";
    wn_document_set(d, WN_FIELD_HTML, page, strlen(page));
    wn_document_set(d, WN_FIELD_CONTENT_TYPE, ct, strlen(ct));
    CHECK_EQ_INT(wn_chain_process(ch, d), WN_OK);
    CHECK_EQ_INT(wn_document_status(d), WN_DOC_KEPT);
    CHECK(strstr(wn_document_get(d, WN_FIELD_TEXT, NULL), "Le caf\xc3\xa9 est d\xc3\xa9j\xc3\xa0 servi") != NULL);
    CHECK_EQ_STR(wn_document_meta(d, "title", NULL), "Caf\xc3\xa9");
    wn_document_free(d);
    wn_chain_free(ch);
    wn_config_free(c);
}

static void test_chain_bounds(void)
{
    size_t n;
    const char *kv[] = { "max-doc-size", "1K" };
    wn_config *c = config_of(kv, 2);
    wn_chain *ch;
    CHECK_EQ_INT(wn_chain_new(&ch, c), WN_OK);
    wn_document *d;
    wn_document_new(&d);
    char big[2000];
    memset(big, 'a', sizeof big);
    wn_document_set(d, WN_FIELD_TEXT, big, sizeof big);
    CHECK_EQ_INT(wn_chain_process(ch, d), WN_OK);
    CHECK_EQ_INT(wn_document_status(d), WN_DOC_FAILED);
    CHECK_EQ_STR(wn_document_reason(d), "too_large");
    /* a failed document says what failed (the "error" of its JSON line) */
    CHECK(wn_document_get(d, WN_FIELD_ERROR, &n)[0] != 0 && n > 0);
    CHECK(strstr(wn_document_to_json(d, NULL), wn_document_get(d, WN_FIELD_ERROR, NULL)) != NULL);
    wn_chain_free(ch);
    wn_config_free(c);
    /* a page over the extractor's bound (16 MiB) is dropped as too_large */
    c = config_of(NULL, 0);
    CHECK_EQ_INT(wn_chain_new(&ch, c), WN_OK);
    n = (size_t)17 << 20;
    char *page = malloc(n);
    memset(page, 'x', n);
    memcpy(page, "<html><body><p>", 15);
    wn_document_set(d, WN_FIELD_HTML, page, n);
    free(page);
    CHECK_EQ_INT(wn_chain_process(ch, d), WN_OK);
    CHECK(wn_document_status(d) != WN_DOC_KEPT);
    CHECK_EQ_STR(wn_document_reason(d), "too_large");
    wn_document_free(d);
    wn_chain_free(ch);
    wn_config_free(c);
}

static void test_chain_errors(void)
{
    const char *kv[] = { "languages", "en", "model", "/nonexistent/model.ftz" };
    wn_config *c = config_of(kv, 4);
    wn_chain *ch = (wn_chain *)1;
    CHECK_EQ_INT(wn_chain_new(&ch, c), WN_ERR_IO);
    CHECK(ch == NULL);
    CHECK(strstr(wn_last_error(), "/nonexistent/model.ftz") != NULL);
    wn_config_free(c);
    const char *kv2[] = { "languages", "en,zz", "model", MODEL };
    c = config_of(kv2, 4);
    CHECK_EQ_INT(wn_chain_new(&ch, c), WN_ERR_USAGE);
    CHECK(strstr(wn_last_error(), "'zz'") != NULL);
    wn_config_free(c);
    const char *kv3[] = { "langid", "true", "preset", "fineweb", "model", MODEL };
    c = config_of(kv3, 6);
    CHECK_EQ_INT(wn_chain_new(&ch, c), WN_ERR_USAGE);
    wn_config_free(c);
    const char *kv4[] = { "stopwords", "/nonexistent/sw.json" };
    c = config_of(kv4, 2);
    CHECK(wn_chain_new(&ch, c) != WN_OK);
    CHECK(strstr(wn_last_error(), "/nonexistent/sw.json") != NULL);
    wn_config_free(c);
}

static void test_chain_langid_clone(void)
{
    const char *kv[] = { "languages", "en", "model", MODEL };
    wn_config *c = config_of(kv, 4);
    wn_chain *a, *b;
    CHECK_EQ_INT(wn_chain_new(&a, c), WN_OK);
    wn_config_free(c);   /* the chain keeps its own copy */
    CHECK_EQ_INT(wn_chain_clone(&b, a), WN_OK);
    wn_chain_free(a);    /* b keeps the shared model */
    wn_document *d;
    wn_document_new(&d);
    const char *en = "This is a sentence in English about the weather and the news of the day.";
    wn_document_set(d, WN_FIELD_TEXT, en, strlen(en));
    CHECK_EQ_INT(wn_chain_process(b, d), WN_OK);
    CHECK_EQ_INT(wn_document_status(d), WN_DOC_KEPT);
    CHECK_EQ_STR(wn_document_meta(d, "language", NULL), "en");
    /* each answer stays valid until the document changes, whatever is asked next */
    const char *lang = wn_document_meta(d, "language", NULL), *score = wn_document_meta(d, "language_score", NULL);
    CHECK(lang && score && atof(score) > 0.5);
    CHECK_EQ_STR(lang, "en");
    CHECK(wn_document_meta(d, "language", NULL) == lang);
    const char *fr = "Ceci est une phrase en français sur le temps qu'il fait aujourd'hui.";
    wn_document_set(d, WN_FIELD_TEXT, fr, strlen(fr));
    wn_chain_process(b, d);
    CHECK_EQ_INT(wn_document_status(d), WN_DOC_DROPPED);
    CHECK_EQ_STR(wn_document_reason(d), "language");
    wn_document_free(d);
    wn_chain_free(b);
}

static void test_lang_predict(void)
{
    wn_lang_model *m;
    CHECK_EQ_INT(wn_lang_model_open(&m, "/nonexistent.bin"), WN_ERR_IO);
    CHECK(strstr(wn_last_error(), "/nonexistent.bin") != NULL);
    CHECK_EQ_INT(wn_lang_model_open(&m, MODEL), WN_OK);
    CHECK_EQ_INT(wn_lang_model_labels(m), 176);
    CHECK(wn_lang_model_label(m, 176) == NULL);
    CHECK(strncmp(wn_lang_model_label(m, 0), "__label__", 9) == 0);
    wn_lang_guess g[3];
    size_t n = 99;
    CHECK_EQ_INT(wn_lang_predict(m, "two\nlines", 9, 1, 0, g, 3, &n), WN_ERR_USAGE);
    CHECK_EQ_INT(n, 0);
    CHECK(strstr(wn_last_error(), "\\n") != NULL);
    const char *en = "The quick brown fox jumps over the lazy dog";
    CHECK_EQ_INT(wn_lang_predict(m, en, strlen(en), 3, 0, g, 3, &n), WN_OK);
    CHECK_EQ_INT(n, 3);
    CHECK_EQ_STR(g[0].label, "__label__en");
    CHECK(g[0].prob > 0.5f && g[0].prob >= g[1].prob && g[1].prob >= g[2].prob);
    CHECK_EQ_INT(wn_lang_predict(m, en, strlen(en), 3, 0.99f, g, 3, &n), WN_OK);
    CHECK(n <= 1);
    CHECK_EQ_INT(wn_lang_predict(m, en, strlen(en), -1, 0, g, 2, &n), WN_OK);
    CHECK_EQ_INT(n, 2);
    wn_lang_model_free(m);
}

/* Threads predicting on one model at once get what one thread gets. */
typedef struct {
    const wn_lang_model *m;
    float probs[64];
    int ok;
} pred_job;

static const char *const lines[] = {
    "The quick brown fox jumps over the lazy dog", "Le renard brun saute par-dessus le chien",
    "Der schnelle braune Fuchs springt über den Hund", "El rápido zorro marrón salta",
    "Быстрая коричневая лиса прыгает", "日本語のテキストです。", "Մատչելիության հղումներ",
    "Il veloce volpe marrone salta sopra il cane pigro",
};
#define N_LINES (sizeof lines / sizeof lines[0])

static void *pred_thread(void *arg)
{
    pred_job *j = arg;
    j->ok = 1;
    for (int rep = 0; rep < 200; rep++)
        for (size_t i = 0; i < N_LINES; i++) {
            wn_lang_guess g;
            size_t n;
            if (wn_lang_predict(j->m, lines[i], strlen(lines[i]), 1, 0, &g, 1, &n) || n != 1)
                j->ok = 0;
            else if (rep == 0)
                j->probs[i] = g.prob;
            else if (g.prob != j->probs[i])
                j->ok = 0;
        }
    return NULL;
}

static void test_lang_threads(void)
{
    wn_lang_model *m;
    CHECK_EQ_INT(wn_lang_model_open(&m, MODEL), WN_OK);
    pred_job jobs[4];
    pthread_t t[4];
    for (int i = 0; i < 4; i++) {
        memset(&jobs[i], 0, sizeof jobs[i]);
        jobs[i].m = m;
        pthread_create(&t[i], NULL, pred_thread, &jobs[i]);
    }
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < 4; i++) {
        CHECK(jobs[i].ok);
        CHECK(memcmp(jobs[i].probs, jobs[0].probs, sizeof jobs[0].probs) == 0);
    }
    wn_lang_model_free(m);
}

static void test_input(void)
{
    wn_input *in;
    CHECK_EQ_INT(wn_input_open(&in, "/nonexistent.warc", NULL), WN_ERR_IO);
    CHECK(strstr(wn_last_error(), "/nonexistent.warc") != NULL);
    char path[] = "/tmp/wn_test_api_XXXXXX";
    int fd = mkstemp(path);
    const char *jsonl = "{\"text\":\"one\",\"id\":\"a\"}\nnot json\n{\"text\":\"two\"}\n";
    CHECK(write(fd, jsonl, strlen(jsonl)) == (ssize_t)strlen(jsonl));
    close(fd);
    wn_config *c = config_of(NULL, 0);
    wn_config_set(c, "format", "jsonl");
    CHECK_EQ_INT(wn_input_open(&in, path, c), WN_OK);
    wn_config_free(c);
    wn_document *d;
    wn_document_new(&d);
    int kept = 0, failed = 0;
    wn_status st;
    while ((st = wn_input_next(in, d)) == WN_OK)
        wn_document_status(d) == WN_DOC_FAILED ? failed++ : kept++;
    CHECK_EQ_INT(st, WN_END);
    CHECK_EQ_INT(kept, 2);
    CHECK_EQ_INT(failed, 1);
    CHECK_EQ_INT(wn_input_next(in, d), WN_END);
    wn_input_close(in);
    wn_document_free(d);
    unlink(path);
}

/* wn_run from a counting source to a checking sink: order, counts, callback errors */
typedef struct {
    int made, limit, fail_source_at;
    int next_seen, fail_sink_at, bad_order;
} gen_state;

static wn_status gen_source(void *ud, wn_document *d)
{
    gen_state *g = ud;
    if (g->made == g->fail_source_at)
        return WN_ERR_IO;
    if (g->made == g->limit)
        return WN_END;
    char buf[64];
    int n = g->made % 7 == 3 ? snprintf(buf, sizeof buf, "   ")   /* dropped: empty */
                             : snprintf(buf, sizeof buf, "document number %d", g->made);
    char id[32];
    snprintf(id, sizeof id, "%d", g->made);
    wn_document_set(d, WN_FIELD_ID, id, strlen(id));
    wn_document_set(d, WN_FIELD_TEXT, buf, (size_t)n);
    g->made++;
    return WN_OK;
}

static wn_status gen_sink(void *ud, wn_document *d)
{
    gen_state *g = ud;
    if (g->next_seen == g->fail_sink_at)
        return WN_ERR_IO;
    if (atoi(wn_document_get(d, WN_FIELD_ID, NULL)) != g->next_seen)
        g->bad_order++;
    if ((g->next_seen % 7 == 3) != (wn_document_status(d) == WN_DOC_DROPPED))
        g->bad_order++;
    g->next_seen++;
    return WN_OK;
}

static void test_run_callbacks(void)
{
    for (int threads = 1; threads <= 4; threads += 3) {
        char t[16];
        snprintf(t, sizeof t, "%d", threads);
        const char *kv[] = { "threads", t };
        wn_config *c = config_of(kv, 2);
        gen_state g = { 0, 5000, -1, 0, -1, 0 };
        wn_counts n;
        CHECK_EQ_INT(wn_run(c, gen_source, gen_sink, &g, &n), WN_OK);
        CHECK_EQ_INT(g.next_seen, 5000);
        CHECK_EQ_INT(g.bad_order, 0);
        CHECK_EQ_INT(n.in, 5000);
        CHECK_EQ_INT(n.dropped, 714);
        CHECK_EQ_INT(n.kept + n.dropped + n.failed, n.in);
        /* a source error stops the run */
        gen_state g2 = { 0, 5000, 1234, 0, -1, 0 };
        CHECK_EQ_INT(wn_run(c, gen_source, gen_sink, &g2, &n), WN_ERR_CALLBACK);
        CHECK(strstr(wn_last_error(), "source") != NULL);
        CHECK_EQ_INT(g2.bad_order, 0);
        CHECK(g2.next_seen <= 1234);
        /* a sink error too */
        gen_state g3 = { 0, 5000, -1, 0, 100, 0 };
        CHECK_EQ_INT(wn_run(c, gen_source, gen_sink, &g3, &n), WN_ERR_CALLBACK);
        CHECK(strstr(wn_last_error(), "sink") != NULL);
        CHECK_EQ_INT(g3.next_seen, 100);
        wn_config_free(c);
    }
    CHECK_EQ_INT(wn_run(NULL, gen_source, gen_sink, NULL, NULL), WN_ERR_USAGE);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "chain"))
        return tool_chain(argc, argv);
    if (argc > 1 && !strcmp(argv[1], "has-key"))
        return tool_has_key(argc, argv);
    if (argc > 1 && !strcmp(argv[1], "files"))
        return tool_files(argc, argv);
    if (argc > 1 && !strcmp(argv[1], "run"))
        return tool_run(argc, argv);
    if (argc > 1 && !strcmp(argv[1], "predict"))
        return tool_predict(argc, argv);
    RUN(test_config_keys);
    RUN(test_document_fields);
    RUN(test_chain_text);
    RUN(test_chain_charset);
    RUN(test_chain_bounds);
    RUN(test_chain_errors);
    RUN(test_chain_langid_clone);
    RUN(test_lang_predict);
    RUN(test_lang_threads);
    RUN(test_input);
    RUN(test_run_callbacks);
    return DONE();
}
