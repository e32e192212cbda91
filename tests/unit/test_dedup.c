/* test_dedup.c: checked record files (truncation and corruption are errors) and the
 * external sorter against qsort. */
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include "harness.h"
#include "winnow.h"
#include "dedup/recfile.h"

static char dir[] = "/tmp/wn-test-dedup-XXXXXX";

static void write_file(const char *path, uint64_t n)
{
    wn_rec_writer *w;
    CHECK(wn_rec_writer_create(&w, path, 7, 16, 256) == WN_OK);
    for (uint64_t i = 0; i < n; i++) {
        uint64_t r[2] = { i, i * i };
        CHECK(wn_rec_writer_add(w, r) == WN_OK);
    }
    CHECK(wn_rec_writer_close(w, 42) == WN_OK);
}

static void test_recfile_roundtrip(void)
{
    char path[256];
    snprintf(path, sizeof path, "%s/a", dir);
    write_file(path, 1000);
    wn_rec_reader *r;
    char err[512];
    CHECK(wn_rec_reader_open(&r, path, 7, 16, err, sizeof err) == WN_OK);
    CHECK_EQ_INT(wn_rec_reader_count(r), 1000);
    CHECK_EQ_INT(wn_rec_reader_user(r), 42);
    const void *p;
    for (uint64_t i = 0; i < 1000; i += 37) {
        CHECK(wn_rec_reader_get(r, i, &p) == WN_OK);
        CHECK_EQ_INT(((const uint64_t *)p)[1], i * i);
    }
    uint64_t n = 0;
    wn_status st;
    while ((st = wn_rec_reader_next(r, &p)) == WN_OK)
        n++;
    CHECK(st == WN_END);
    CHECK_EQ_INT(n, 1000);
    CHECK(wn_rec_reader_get(r, 1000, &p) == WN_ERR_USAGE);
    wn_rec_reader_close(r);
    /* wrong kind or record size */
    CHECK(wn_rec_reader_open(&r, path, 8, 16, err, sizeof err) == WN_ERR_FORMAT);
    CHECK(wn_rec_reader_open(&r, path, 7, 24, err, sizeof err) == WN_ERR_FORMAT);
}

static void test_recfile_truncated(void)
{
    char path[256];
    snprintf(path, sizeof path, "%s/b", dir);
    write_file(path, 1000);
    struct stat sb;
    stat(path, &sb);
    wn_rec_reader *r;
    char err[512];
    /* every truncation is refused at open, never read as fewer records */
    int bad = 0;
    for (off_t cut = 0; cut < sb.st_size; cut += 97) {
        write_file(path, 1000);
        if (truncate(path, cut) != 0)
            bad++;
        wn_status st = wn_rec_reader_open(&r, path, 7, 16, err, sizeof err);
        if (st != WN_ERR_TRUNCATED)
            bad++;
        if (st == WN_OK)
            wn_rec_reader_close(r);
    }
    CHECK_EQ_INT(bad, 0);
    CHECK(strstr(err, "truncated") != NULL);
}

static void test_recfile_corrupt(void)
{
    char path[256];
    snprintf(path, sizeof path, "%s/c", dir);
    for (long at = 5; at < 16 * 1000; at += 1013) {
        write_file(path, 1000);
        FILE *f = fopen(path, "r+b");
        fseek(f, at, SEEK_SET);
        int c = fgetc(f);
        fseek(f, at, SEEK_SET);
        fputc(c ^ 0x20, f);
        fclose(f);
        wn_rec_reader *r;
        char err[512];
        wn_status st = wn_rec_reader_open(&r, path, 7, 16, err, sizeof err);
        if (st == WN_OK) {
            const void *p;
            while ((st = wn_rec_reader_next(r, &p)) == WN_OK)
                ;
            wn_rec_reader_close(r);
            CHECK(st == WN_ERR_CORRUPT);
        } else {
            CHECK(st == WN_ERR_CORRUPT || st == WN_ERR_FORMAT);
        }
    }
}

static int cmp16(const void *a, const void *b) { return wn_rec_cmp(a, b, 16); }

static void test_sorter_merge(void)
{
    char prefix[256];
    snprintf(prefix, sizeof prefix, "%s/s", dir);
    wn_sorter *s;
    /* a budget of 1024 records forces many runs */
    CHECK(wn_sorter_create(&s, prefix, 9, 16, 1024 * 16) == WN_OK);
    size_t n = 20000;
    uint64_t *ref = malloc(n * 16), x = 12345;
    for (size_t i = 0; i < n; i++) {
        x = x * 6364136223846793005ULL + 1;
        ref[2 * i] = x >> 50;          /* many equal keys */
        ref[2 * i + 1] = (i & 1) ? i : (x & 0xffff);  /* ties in either order */
        CHECK(wn_sorter_add(s, &ref[2 * i]) == WN_OK);
    }
    CHECK(wn_sorter_flush(s) == WN_OK);
    unsigned runs = wn_sorter_runs(s);
    CHECK(runs >= 19);
    qsort(ref, n, 16, cmp16);
    char **paths = calloc(runs, sizeof *paths);
    for (unsigned i = 0; i < runs; i++) {
        paths[i] = malloc(300);
        snprintf(paths[i], 300, "%s.%04u.run", prefix, i);
    }
    wn_merger *m;
    char err[512];
    CHECK(wn_merger_open(&m, paths, runs, 9, 16, err, sizeof err) == WN_OK);
    const void *p;
    size_t got = 0;
    bool same = true;
    while (wn_merger_next(m, &p) == WN_OK) {
        if (got < n && memcmp(p, &ref[2 * got], 16) != 0)
            same = false;
        got++;
    }
    CHECK(same);
    CHECK_EQ_INT(got, n);
    wn_merger_close(m);
    /* a truncated run makes the merge fail */
    CHECK(truncate(paths[3], 100) == 0);
    CHECK(wn_merger_open(&m, paths, runs, 9, 16, err, sizeof err) == WN_ERR_TRUNCATED);
    for (unsigned i = 0; i < runs; i++) {
        unlink(paths[i]);
        free(paths[i]);
    }
    free(paths);
    free(ref);
    wn_sorter_free(s);
}

static void test_methods(void)
{
    unsigned m;
    CHECK(wn_dedup_parse_methods("exact,minhash,paragraph", &m));
    CHECK_EQ_INT(m, WN_DEDUP_EXACT | WN_DEDUP_MINHASH | WN_DEDUP_PARAGRAPH);
    CHECK(wn_dedup_parse_methods("url", &m));
    CHECK(!wn_dedup_parse_methods("exact,bogus", &m));
    CHECK(!wn_dedup_parse_methods("", &m));
}

int main(void)
{
    if (!mkdtemp(dir))
        return 1;
    RUN(test_recfile_roundtrip);
    RUN(test_recfile_truncated);
    RUN(test_recfile_corrupt);
    RUN(test_sorter_merge);
    RUN(test_methods);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        return 1;
    return DONE();
}
