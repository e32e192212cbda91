/* test_common.c: buffers, arenas, UTF-8, hashing, JSON escaping, documents, and fault
 * injection through the allocation hook. */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "harness.h"
#include "winnow/internal.h"
#include "common/check.h"
#include "common/grow.h"
#include "common/json.h"
#include "winnow/path.h"
#include "pipeline/stats.h"

static void test_buf_cap(void)
{
    wn_buf b;
    wn_buf_init(&b, 10);
    CHECK_EQ_INT(wn_buf_append(&b, "0123456789", 10), WN_OK);
    CHECK_EQ_INT(wn_buf_append(&b, "x", 1), WN_ERR_TOO_LARGE);
    CHECK_EQ_INT(b.len, 10);               /* content unchanged by the failed append */
    CHECK(memcmp(b.data, "0123456789", 10) == 0);
    wn_buf_reset(&b);
    CHECK_EQ_INT(wn_buf_printf(&b, "%d-%s", 42, "ab"), WN_OK);
    CHECK_EQ_STR(b.data, "42-ab");
    wn_buf_free(&b);
    wn_buf_free(&b);                       /* free twice is harmless */
}

static void test_arena_cap(void)
{
    wn_arena *a = wn_arena_create(256 * 1024);
    size_t got = 0;
    while (wn_arena_alloc(a, 1000))
        got += 1000;
    CHECK(got > 200 * 1024 && got <= 256 * 1024);
    wn_arena_reset(a);
    CHECK(wn_arena_alloc(a, 1000) != NULL);  /* usable again after reset */
    char *s = wn_arena_strndup(a, "hello", 3);
    CHECK_EQ_STR(s, "hel");
    CHECK(((uintptr_t)wn_arena_alloc(a, 3) & 15) == 0);
    wn_arena_free(a);
    wn_arena_free(NULL);
}

static void test_utf8(void)
{
    /* valid: ASCII, 2, 3, 4 bytes; invalid: overlong, surrogate, truncated, > U+10FFFF */
    CHECK(wn_utf8_valid("a\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80", 10));
    CHECK(!wn_utf8_valid("\xc0\xaf", 2));
    CHECK(!wn_utf8_valid("\xed\xa0\x80", 3));
    CHECK(!wn_utf8_valid("\xe6\x97", 2));
    CHECK(!wn_utf8_valid("\xf4\x90\x80\x80", 4));
    wn_buf b;
    wn_buf_init(&b, WN_BUF_UNCAPPED);
    size_t bad = 0;
    CHECK_EQ_INT(wn_utf8_repair(&b, "a\xff" "b\xe6\x97", 5, &bad), WN_OK);
    CHECK_EQ_INT(bad, 3);
    CHECK_EQ_STR(b.data, "a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd");
    CHECK(wn_utf8_valid(b.data, b.len));
    wn_buf_free(&b);
    char out[4];
    CHECK_EQ_INT(wn_utf8_encode(0x1F600, out), 4);
    uint32_t cp;
    CHECK_EQ_INT(wn_utf8_decode(out, 4, &cp), 4);
    CHECK_EQ_INT(cp, 0x1F600);
}

static void test_hash_stable(void)
{
    /* the hash is written to disk by dedup: its values must not change between versions */
    uint64_t h1 = wn_hash64("hello world", 11, 0);
    CHECK(h1 == wn_hash64("hello world", 11, 0));
    CHECK(h1 != wn_hash64("hello world", 11, 1));
    CHECK(h1 != wn_hash64("hello worle", 11, 0));
    CHECK(wn_hash64("", 0, 0) != wn_hash64("\0", 1, 0));
    /* every length from 0 to 64 gives a distinct value for a prefix family */
    uint64_t seen[65];
    char s[64];
    memset(s, 'a', sizeof s);
    for (int n = 0; n <= 64; n++) {
        seen[n] = wn_hash64(s, (size_t)n, 0);
        for (int m = 0; m < n; m++)
            CHECK(seen[m] != seen[n]);
    }
}

static void test_json_escape(void)
{
    wn_buf b;
    wn_buf_init(&b, WN_BUF_UNCAPPED);
    CHECK_EQ_INT(wn_json_escape(&b, "a\"\\\n\x01\xff", 6), WN_OK);
    CHECK_EQ_STR(b.data, "\"a\\\"\\\\\\n\\u0001\xef\xbf\xbd\"");
    /* round trip through our decoder */
    wn_buf d;
    wn_buf_init(&d, WN_BUF_UNCAPPED);
    wn_json j;
    wn_json_init(&j, b.data, b.len);
    wn_slice span;
    CHECK_EQ_INT(wn_json_value(&j, &span), WN_OK);
    CHECK_EQ_INT(wn_json_decode_string(span, &d), WN_OK);
    CHECK_EQ_STR(d.data, "a\"\\\n\x01\xef\xbf\xbd");
    /* an empty field is often (NULL, 0) (a wn_buf never written): no NULL + 0 on the way
     * (undefined; clang's UBSan stops on it, gcc's does not see it) */
    wn_buf_reset(&b);
    wn_buf none;
    wn_buf_init(&none, WN_BUF_UNCAPPED);
    CHECK(none.data == NULL);
    CHECK_EQ_INT(wn_json_escape(&b, none.data, none.len), WN_OK);
    CHECK_EQ_STR(b.data, "\"\"");
    wn_buf_free(&b);
    wn_buf_free(&d);
}

static void test_json_rejects(void)
{
    const char *bad[] = { "{", "{\"a\":}", "{\"a\":1,}", "[1,]", "01", "1.", "1e", "\"\\x\"",
                          "\"\\u12\"", "tru", "{,\"a\":1}", "{\"a\" 1}", "\"a\tb\"", "-" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        wn_json j;
        wn_json_init(&j, bad[i], strlen(bad[i]));
        wn_slice span;
        wn_status st = wn_json_value(&j, &span);
        if (st == WN_OK && wn_json_ws(&j))
            fprintf(stderr, "  accepted bad JSON: %s\n", bad[i]);
        CHECK(st != WN_OK || !wn_json_ws(&j));
    }
    /* deep nesting is refused, not a stack overflow */
    size_t n = 100000;
    char *deep = malloc(n);
    memset(deep, '[', n);
    wn_json j;
    wn_json_init(&j, deep, n);
    wn_slice span;
    CHECK_EQ_INT(wn_json_value(&j, &span), WN_ERR_FORMAT);
    free(deep);
}

static void test_json_array_walk(void)
{
    const char *txt = " [1, \"a\" ,{\"b\":[2]},[] ] ";
    const char *want[] = { "1", "\"a\"", "{\"b\":[2]}", "[]" };
    wn_json j;
    wn_json_init(&j, txt, strlen(txt));
    CHECK_EQ_INT(wn_json_array_begin(&j), WN_OK);
    wn_slice v;
    size_t n = 0;
    wn_status st;
    while ((st = wn_json_array_next(&j, &v)) == WN_OK) {
        CHECK(n < 4 && v.len == strlen(want[n]) && memcmp(v.ptr, want[n], v.len) == 0);
        n++;
    }
    CHECK_EQ_INT(st, WN_END);
    CHECK_EQ_INT((int)n, 4);
    const char *bad[] = { "[1,]", "[,1]", "[1 2]", "[1", "{}" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        wn_json_init(&j, bad[i], strlen(bad[i]));
        st = wn_json_array_begin(&j);
        while (st == WN_OK)
            st = wn_json_array_next(&j, &v);
        CHECK_EQ_INT(st, WN_ERR_FORMAT);
    }
}

static void test_doc_meta(void)
{
    wn_doc d;
    CHECK_EQ_INT(wn_doc_init(&d, 1 << 20), WN_OK);
    wn_buf_set(&d.id, "x", 1);
    wn_buf_set(&d.text, "t", 1);
    wn_doc_meta_set_str(&d, "language", "en", 2);
    wn_doc_meta_set_num(&d, "score", 0.5);
    wn_doc_meta_set_str(&d, "language", "fr", 2);   /* replaces, keeps position */
    wn_doc_meta_set_bool(&d, "ok", true);
    wn_buf out;
    wn_buf_init(&out, WN_BUF_UNCAPPED);
    CHECK_EQ_INT(wn_doc_to_json(&d, &out), WN_OK);
    CHECK_EQ_STR(out.data, "{\"id\":\"x\",\"text\":\"t\",\"source\":\"\",\"url\":\"\",\"metadata\":"
                           "{\"language\":\"fr\",\"score\":0.5,\"ok\":true}}\n");
    wn_buf v;
    wn_buf_init(&v, WN_BUF_UNCAPPED);
    CHECK(wn_doc_meta_get_str(&d, "language", &v));
    CHECK_EQ_STR(v.data, "fr");
    CHECK(!wn_doc_meta_get_str(&d, "score", &v));
    wn_doc_drop(&d, "first");
    wn_doc_drop(&d, "second");                       /* the first reason wins */
    CHECK_EQ_STR(d.reason, "first");
    wn_buf_free(&v);
    wn_buf_free(&out);
    wn_doc_free(&d);
}

/* The run's schema (doc.h): its keys in its order, null where unset, file_path and dump from
 * the run, then the document's own keys; the dump of a Common Crawl path. */
static void test_doc_schema(void)
{
    wn_schema s;
    wn_schema_init(&s, NULL);
    wn_schema_add(&s, "language");
    wn_schema_add(&s, "language");                    /* once */
    wn_schema_add(&s, "date");                        /* already a reader's key */
    CHECK_EQ_STR(s.keys[0], "file_path");
    CHECK_EQ_STR(s.keys[s.n - 1], "language");
    wn_doc d;
    wn_doc_init(&d, 1024);
    wn_buf_set(&d.source, "s3/crawl-data/CC-MAIN-2024-10/segments/1/warc/x.warc.gz", 55);
    wn_doc_meta_set_str(&d, "own", "v", 1);
    wn_doc_meta_set_str(&d, "language", "fr", 2);
    d.schema = &s;
    wn_buf out;
    wn_buf_init(&out, WN_BUF_UNCAPPED);
    CHECK_EQ_INT(wn_doc_meta_to_json(&d, &out), WN_OK);
    CHECK_EQ_STR(out.data, "{\"file_path\":\"s3/crawl-data/CC-MAIN-2024-10/segments/1/warc/x.warc.gz\","
                           "\"dump\":\"CC-MAIN-2024-10\",\"date\":null,\"warc_record_id\":null,"
                           "\"content_type\":null,\"http_status\":null,\"charset\":null,"
                           "\"warc_truncated\":null,\"language\":\"fr\",\"input\":{\"own\":\"v\"}}");
    /* no key of the input's own: "input" is null, so that every line has it */
    wn_doc d2;
    wn_doc_init(&d2, 1024);
    d2.schema = &s;
    wn_doc_meta_set_str(&d2, "language", "de", 2);
    wn_buf_reset(&out);
    CHECK_EQ_INT(wn_doc_meta_to_json(&d2, &out), WN_OK);
    CHECK(strstr(out.data, "\"language\":\"de\",\"input\":null}") != NULL);
    wn_doc_meta_set_str(&d2, "a", "1", 1);
    wn_doc_meta_set_json(&d2, "b", "[2]", 3);
    wn_buf_reset(&out);
    CHECK_EQ_INT(wn_doc_meta_to_json(&d2, &out), WN_OK);
    CHECK(strstr(out.data, "\"language\":\"de\",\"input\":{\"a\":\"1\",\"b\":[2]}}") != NULL);
    /* without a schema (a document no run serialises), the keys as they were set */
    d2.schema = NULL;
    wn_buf_reset(&out);
    CHECK_EQ_INT(wn_doc_meta_to_json(&d2, &out), WN_OK);
    CHECK_EQ_STR(out.data, "{\"language\":\"de\",\"a\":\"1\",\"b\":[2]}");
    wn_doc_free(&d2);
    wn_schema_init(&s, "MINE");                       /* --dump wins over the path */
    wn_buf_reset(&out);
    CHECK_EQ_INT(wn_doc_meta_to_json(&d, &out), WN_OK);
    CHECK(strstr(out.data, "\"dump\":\"MINE\",\"date\":null") != NULL);
    static const struct { const char *path, *dump; } cases[] = {
        { "https://data.commoncrawl.org/crawl-data/CC-MAIN-2023-50/segments/17/warc/a.warc.gz", "CC-MAIN-2023-50" },
        { "crawl-data/CC-MAIN-2024-10/", "CC-MAIN-2024-10" },
        { "crawl-data/CC-MAIN-2024-10", "" },         /* no '/' after it: not a dump folder */
        { "crawl-data/CC-MAIN-/x", "" },
        { "crawl-data/CC-MAIN-20x4-10/x", "" },
        { "my-crawl-data/x.warc.gz", "" },
        { "", "" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        wn_slice v = wn_schema_dump_of(cases[i].path, strlen(cases[i].path));
        CHECK_EQ_INT((int)v.len, (int)strlen(cases[i].dump));
        CHECK(v.len == 0 || !memcmp(v.ptr, cases[i].dump, v.len));
    }
    wn_buf_free(&out);
    wn_doc_free(&d);
}

/* Fails the n-th allocation for every n until a whole operation succeeds: each failure
 * must surface as an error (never a crash; ASan reports any leak). */
static void test_fault_injection(void)
{
    int failures = 0;
    for (uint64_t n = 1; n < 200; n++) {
        wn_alloc_fail_after(n);
        wn_doc d;
        wn_status st = wn_doc_init(&d, 1 << 20);
        if (!st) st = wn_buf_set(&d.text, "some text", 9);
        if (!st) st = wn_doc_meta_set_str(&d, "a", "b", 1);
        if (!st) st = wn_doc_meta_set_json(&d, "n", "[1,2]", 5);
        wn_buf out;
        wn_buf_init(&out, WN_BUF_UNCAPPED);
        if (!st) st = wn_doc_to_json(&d, &out);
        wn_clean_opts co;
        wn_clean_opts_default(&co);
        wn_buf cl;
        wn_buf_init(&cl, WN_BUF_UNCAPPED);
        if (!st) st = wn_clean_text(&co, "a\nb\nb\nc", 7, &cl, NULL);
        wn_alloc_fail_after(0);
        wn_buf_free(&cl);
        wn_buf_free(&out);
        wn_doc_free(&d);
        if (st == WN_OK)
            break;
        CHECK(st == WN_ERR_NOMEM);
        failures++;
    }
    CHECK(failures > 5);  /* the loop really went through failing allocations */
}

/* Repeated lines are found whatever their inner spacing, also past the hashing chunk size. */
static void test_clean_repeated_folding(void)
{
    wn_clean_opts o;
    wn_clean_opts_default(&o);
    o.drop_nav_runs = o.drop_edge_short = false;
    wn_buf in, out;
    wn_buf_init(&in, WN_BUF_UNCAPPED);
    wn_buf_init(&out, WN_BUF_UNCAPPED);
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < 200; i++)
            wn_buf_append_str(&in, pass ? "word  \tand " : "word and ");   /* 9 chars folded */
        wn_buf_append_str(&in, "end.\n");
    }
    wn_clean_stats st = { 0 };
    CHECK_EQ_INT(wn_clean_text(&o, in.data, in.len, &out, &st), WN_OK);
    CHECK_EQ_INT(st.repeated, 1);
    CHECK_EQ_INT(st.lines_kept, 1);
    /* folded lengths exactly at multiples of the chunk size */
    for (size_t len = 500; len <= 1100; len++) {
        wn_buf_reset(&in);
        wn_buf_reset(&out);
        for (int pass = 0; pass < 2; pass++) {
            for (size_t i = 0; i + 2 < len; i += 2)
                wn_buf_append_str(&in, pass ? "a \t" : "a ");
            wn_buf_append_str(&in, "b.\n");
        }
        wn_clean_stats s2 = { 0 };
        wn_clean_text(&o, in.data, in.len, &out, &s2);
        if (s2.repeated != 1)
            fprintf(stderr, "  folded length %zu not seen as repeated\n", len);
        CHECK_EQ_INT(s2.repeated, 1);
    }
    wn_buf_free(&in);
    wn_buf_free(&out);
}

/* A path that does not fit is an error and an empty string, never a shorter path (which
 * names another file). */
static void test_path_join(void)
{
    char dst[12];
    CHECK_EQ_INT(wn_path_join(dst, sizeof dst, "out", "kept"), WN_OK);
    CHECK_EQ_STR(dst, "out/kept");
    CHECK_EQ_INT(wn_path_join(dst, sizeof dst, "out", "abcdefg"), WN_OK);   /* 11 + NUL: fits */
    CHECK_EQ_STR(dst, "out/abcdefg");
    CHECK_EQ_INT(wn_path_join(dst, sizeof dst, "out", "abcdefgh"), WN_ERR_TOO_LARGE);
    CHECK_EQ_STR(dst, "");
    CHECK_EQ_INT(wn_path_printf(dst, sizeof dst, "%s.tmp.%d", "f", 12345), WN_OK);
    CHECK_EQ_STR(dst, "f.tmp.12345");
    CHECK_EQ_INT(wn_path_printf(dst, sizeof dst, "%s.tmp.%d", "fi", 12345), WN_ERR_TOO_LARGE);
    CHECK_EQ_STR(dst, "");
    /* a directory as long as the kernel allows leaves no room for a name */
    char *dir = malloc(WN_PATH_CAP), *big = malloc(WN_PATH_CAP);
    memset(dir, 'd', WN_PATH_CAP - 2);
    dir[WN_PATH_CAP - 2] = '\0';
    CHECK_EQ_INT(wn_path_join(big, WN_PATH_CAP, dir, "x"), WN_ERR_TOO_LARGE);
    free(dir);
    free(big);
}

/* wn_grow doubles from `first`, stops at `max`, and leaves the array as it was when it fails. */
static void test_grow_capped(void)
{
    int *v = NULL;
    size_t cap = 0;
    CHECK_EQ_INT(WN_GROW(v, cap, 3, 4, 10), WN_OK);
    CHECK_EQ_INT(cap, 4);
    v[0] = 7;
    CHECK_EQ_INT(WN_GROW(v, cap, 5, 4, 10), WN_OK);
    CHECK_EQ_INT(cap, 8);
    CHECK_EQ_INT(WN_GROW(v, cap, 9, 4, 10), WN_OK);
    CHECK_EQ_INT(cap, 10);                  /* doubling is cut at the cap */
    CHECK_EQ_INT(WN_GROW(v, cap, 11, 4, 10), WN_ERR_TOO_LARGE);
    CHECK_EQ_INT(cap, 10);
    int *before = v;
    wn_alloc_fail_after(1);
    CHECK_EQ_INT(WN_GROW(v, cap, 10, 4, 100), WN_OK);   /* room already: no allocation */
    CHECK_EQ_INT(WN_GROW(v, cap, 11, 4, 100), WN_ERR_NOMEM);
    wn_alloc_fail_after(0);
    CHECK(v == before);
    CHECK_EQ_INT(cap, 10);
    CHECK_EQ_INT(v[0], 7);
    size_t big_cap = 0;
    double *big = NULL;
    CHECK_EQ_INT(WN_GROW(big, big_cap, SIZE_MAX / 4, 1, SIZE_MAX), WN_ERR_TOO_LARGE);  /* bytes overflow */
    CHECK(big == NULL);
    wn_free(v);
}

/* An add that finds no memory says so and is counted as lost; merges carry the loss. */
static void test_counter_oom(void)
{
    wn_counters a = { 0 }, b = { 0 };
    CHECK_EQ_INT(wn_counter_add(&a, "x", 2), WN_OK);
    wn_alloc_fail_after(1);
    CHECK_EQ_INT(wn_counter_add(&a, "x", 3), WN_OK);     /* a known name needs no memory */
    CHECK_EQ_INT(wn_counter_add(&b, "y", 1), WN_ERR_NOMEM);
    wn_alloc_fail_after(0);
    CHECK_EQ_INT(a.v[0].n, 5);
    CHECK_EQ_INT(b.n, 0);
    CHECK_EQ_INT(b.lost, 1);
    CHECK_EQ_INT(wn_counters_merge(&a, &b), WN_OK);
    CHECK_EQ_INT(a.lost, 1);
    wn_counters_free(&a);
    wn_counters_free(&b);
    CHECK_EQ_INT(a.lost, 0);
}

/* A stage whose counts find no memory is not silently left out of stats.json: the run's
 * stats say which counts are incomplete. */
static void test_stage_stats_oom(void)
{
    wn_run_stats s;
    CHECK_EQ_INT(wn_run_stats_init(&s, 1), WN_OK);
    wn_stage_stats st = { 0 };
    CHECK_EQ_INT(wn_run_stats_add_stage(&s, "html", &st), WN_OK);
    CHECK(wn_run_stats_lost(&s) == NULL);
    /* the name's copy (the array has room) */
    wn_alloc_fail_after(1);
    wn_status rc = wn_run_stats_add_stage(&s, "langid", &st);
    wn_alloc_fail_after(0);
    CHECK_EQ_INT(rc, WN_ERR_NOMEM);
    CHECK_EQ_INT(s.n_stages, 1);
    /* the array's growth, once it is full */
    while (s.n_stages < s.stages_cap)
        CHECK_EQ_INT(wn_run_stats_add_stage(&s, "filter", &st), WN_OK);
    size_t full = s.n_stages;
    wn_alloc_fail_after(1);
    rc = wn_run_stats_add_stage(&s, "langid", &st);
    wn_alloc_fail_after(0);
    CHECK_EQ_INT(rc, WN_ERR_NOMEM);
    CHECK_EQ_INT(s.n_stages, full);
    CHECK_EQ_INT(s.stages_lost, 2);
    /* past the pipeline's number of stages: refused by the cap, and counted as lost too */
    while (s.n_stages < WN_RUN_STAGES_MAX)
        CHECK_EQ_INT(wn_run_stats_add_stage(&s, "filter", &st), WN_OK);
    CHECK_EQ_INT(wn_run_stats_add_stage(&s, "one_too_many", &st), WN_ERR_TOO_LARGE);
    CHECK_EQ_INT(s.n_stages, WN_RUN_STAGES_MAX);
    CHECK_EQ_INT(s.stages_lost, 3);
    CHECK(wn_run_stats_lost(&s) != NULL && strcmp(wn_run_stats_lost(&s), "stages") == 0);
    wn_run_stats_free(&s);
}

/* WN_ASSERT aborts naming the condition in checking builds, and costs nothing (does not even
 * evaluate its condition) in the release build. */
static int evaluated;
static int touch(void) { evaluated++; return 0; }
static void test_assert(void)
{
    evaluated = 0;
#ifdef WN_NDEBUG
    WN_ASSERT(touch());
    CHECK_EQ_INT(evaluated, 0);
#else
    WN_ASSERT(1 + 1 == 2);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        int devnull = open("/dev/null", O_WRONLY);
        if (devnull >= 0)
            dup2(devnull, 2);
        WN_ASSERT(touch());
        _exit(0);
    }
    int ws = 0;
    CHECK(pid > 0 && waitpid(pid, &ws, 0) == pid);
    CHECK(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGABRT);
#endif
}

/* A buffer names its cap: 0 no longer means "no cap". Checking builds stop at wn_buf_init;
 * the release build gets a buffer that refuses every byte (too_large), never an unbounded one.
 * WN_BUF_UNCAPPED, for tests and tools, still grows. */
static void test_buf_zero_cap(void)
{
    wn_buf b;
#ifdef WN_NDEBUG
    wn_buf_init(&b, 0);
    CHECK_EQ_INT(wn_buf_append(&b, "x", 1), WN_ERR_TOO_LARGE);
    CHECK_EQ_INT(b.len, 0);
    wn_buf_free(&b);
#else
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        int devnull = open("/dev/null", O_WRONLY);
        if (devnull >= 0)
            dup2(devnull, 2);
        wn_buf_init(&b, 0);
        _exit(0);
    }
    int ws = 0;
    CHECK(pid > 0 && waitpid(pid, &ws, 0) == pid);
    CHECK(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGABRT);
#endif
    wn_buf_init(&b, WN_BUF_UNCAPPED);
    char big[4096];
    memset(big, 'a', sizeof big);
    for (int i = 0; i < 256; i++)
        CHECK_EQ_INT(wn_buf_append(&b, big, sizeof big), WN_OK);
    CHECK_EQ_INT(b.len, (size_t)256 * sizeof big);
    wn_buf_free(&b);
}

int main(void)
{
    RUN(test_clean_repeated_folding);
    RUN(test_buf_cap);
    RUN(test_buf_zero_cap);
    RUN(test_path_join);
    RUN(test_grow_capped);
    RUN(test_counter_oom);
    RUN(test_stage_stats_oom);
    RUN(test_assert);
    RUN(test_arena_cap);
    RUN(test_utf8);
    RUN(test_hash_stable);
    RUN(test_json_escape);
    RUN(test_json_rejects);
    RUN(test_json_array_walk);
    RUN(test_doc_meta);
    RUN(test_doc_schema);
    RUN(test_fault_injection);
    return DONE();
}
