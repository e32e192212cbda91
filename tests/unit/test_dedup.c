/* test_dedup.c: checked record files (truncation and corruption are errors) and the
 * external sorter against qsort. */
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include "harness.h"
#include "winnow/internal.h"
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

/* ---- --confirm exact against a brute-force oracle ------------------------------------------ */

static uint64_t lcg(uint64_t *s) { *s = *s * 6364136223846793005ULL + 1442695040888963407ULL; return *s >> 33; }

typedef struct { uint64_t key; uint32_t seq; } bkey;
static int cmp_bkey(const void *a, const void *b)
{
    const bkey *x = a, *y = b;
    return x->key != y->key ? (x->key < y->key ? -1 : 1) : (x->seq > y->seq) - (x->seq < y->seq);
}
static uint32_t find(uint32_t *p, uint32_t x) { while (p[x] != x) x = p[x] = p[p[x]]; return x; }
static void join(uint32_t *p, uint32_t a, uint32_t b)
{
    a = find(p, a); b = find(p, b);
    if (a < b) p[b] = a; else if (b < a) p[a] = b;
}

typedef struct { uint64_t *sh; size_t n; uint64_t *sig; uint16_t *sig16; } odoc;

/* The clusters the spec asks for, by brute force: every document's shingles (reference path:
 * normalise, then shingle), its signature and band keys; in each band bucket (documents in
 * input order) the candidate pairs are (first, x) and (previous, x); a pair is joined when its
 * Jaccard (exact: wn_jaccard_exact over the shingle sets; else the 16-bit estimate) reaches t. */
static uint32_t *oracle(const wn_minhash_params *p, odoc *d, uint32_t n, double t, bool exact,
                        size_t *disagree)
{
    size_t k = (size_t)p->bands * p->rows;
    uint32_t *par = malloc(n * 4);
    for (uint32_t i = 0; i < n; i++) par[i] = i;
    bkey *keys = malloc(sizeof *keys * n * p->bands);
    size_t nk = 0;
    for (uint32_t i = 0; i < n; i++)
        for (unsigned b = 0; d[i].n && b < p->bands; b++)
            keys[nk++] = (bkey){ wn_minhash_band_key(p, d[i].sig, b), i };
    qsort(keys, nk, sizeof *keys, cmp_bkey);
    *disagree = 0;
    for (size_t g = 0; g < nk;) {
        size_t e = g + 1;
        while (e < nk && keys[e].key == keys[g].key) e++;
        for (size_t i = g + 1; i < e; i++) {
            uint32_t x = keys[i].seq, cand[2] = { keys[g].seq, keys[i - 1].seq };
            for (int c = 0; c < (i - 1 == g ? 1 : 2); c++) {
                uint32_t a = cand[c];
                bool je = wn_jaccard_exact(d[a].sh, d[a].n, d[x].sh, d[x].n) >= t;
                bool ja = wn_minhash_estimate(d[a].sig16, d[x].sig16, k) >= t;
                *disagree += je != ja;
                if (exact ? je : ja)
                    join(par, a, x);
            }
        }
        g = e;
    }
    for (uint32_t i = 0; i < n; i++) par[i] = find(par, i);
    free(keys);
    return par;
}

static void test_confirm_oracle(void)
{
    /* 80 unrelated documents of 300 words and 4 variants each, 0..16 words replaced (Jaccard
     * about 1.0 down to 0.6, so many pairs sit near the 0.8 threshold), all shuffled */
    enum { BASES = 80, VARIANTS = 4, N = BASES * (1 + VARIANTS), WORDS = 300 };
    uint64_t s = 99;
    char vocab[2000][12];
    for (int i = 0; i < 2000; i++) {
        int len = 3 + (int)(lcg(&s) % 8);
        for (int j = 0; j < len; j++) vocab[i][j] = (char)('a' + lcg(&s) % 26);
        vocab[i][len] = '\0';
    }
    static uint16_t words[N][WORDS];
    for (int b = 0; b < BASES; b++) {
        int base = b * (1 + VARIANTS);
        for (int w = 0; w < WORDS; w++) words[base][w] = (uint16_t)(lcg(&s) % 2000);
        for (int v = 1; v <= VARIANTS; v++) {
            int from = base + (int)(lcg(&s) % (uint64_t)v);   /* the base or an earlier variant */
            memcpy(words[base + v], words[from], sizeof words[0]);
            int edits = (int)(lcg(&s) % 17);
            for (int e = 0; e < edits; e++) words[base + v][lcg(&s) % WORDS] = (uint16_t)(lcg(&s) % 2000);
        }
    }
    int order[N];
    for (int i = 0; i < N; i++) order[i] = i;
    for (int i = N - 1; i > 0; i--) { int j = (int)(lcg(&s) % (uint64_t)(i + 1)), t = order[i]; order[i] = order[j]; order[j] = t; }
    char path[300], work[300];
    snprintf(path, sizeof path, "%s/c.jsonl", dir);
    FILE *f = fopen(path, "w");
    wn_buf text;
    wn_buf_init(&text, WN_BUF_UNCAPPED);
    wn_minhash_params p;
    wn_minhash_params_default(&p);
    size_t k = (size_t)p.bands * p.rows;
    odoc *d = calloc(N, sizeof *d);
    wn_buf norm;
    wn_buf_init(&norm, WN_BUF_UNCAPPED);
    for (int i = 0; i < N; i++) {
        wn_buf_reset(&text);
        fprintf(f, "{\"id\": \"d%d\", \"text\": \"", i);
        for (int w = 0; w < WORDS; w++) {
            const char *x = vocab[words[order[i]][w]];
            wn_buf_append(&text, x, strlen(x));
            wn_buf_append_char(&text, w % 13 == 12 ? '\n' : ' ');
            fprintf(f, "%s%s", x, w == WORDS - 1 ? "" : w % 13 == 12 ? "\\n" : " ");
        }
        fprintf(f, "\"}\n");
        wn_buf_reset(&norm);
        CHECK(wn_dedup_normalize(text.data, text.len - 1, &norm) == WN_OK);
        size_t cap = 0;
        CHECK(wn_minhash_shingles(&p, norm.data, norm.len, &d[i].sh, &d[i].n, &cap) == WN_OK);
        d[i].sig = malloc(k * 8);
        d[i].sig16 = malloc(k * 2);
        wn_minhash_sign(&p, d[i].sh, d[i].n, d[i].sig);
        wn_minhash_compact(d[i].sig, k, d[i].sig16);
    }
    fclose(f);
    size_t dis_e, dis_a;
    uint32_t *want_exact = oracle(&p, d, N, 0.8, true, &dis_e);
    uint32_t *want_est = oracle(&p, d, N, 0.8, false, &dis_a);
    size_t differ = 0, merged = 0;
    for (int i = 0; i < N; i++) {
        differ += want_exact[i] != want_est[i];
        merged += want_exact[i] != (uint32_t)i;
    }
    /* the corpus must tell the two modes apart, or this test could not fail */
    CHECK(dis_e > 0 && differ > 0 && merged > 50);
    for (int mode = 0; mode < 2; mode++) {
        wn_run_config cfg;
        wn_run_config_default(&cfg);
        cfg.threads = 2;
        wn_dedup_opts o;
        wn_dedup_opts_default(&o);
        o.methods = WN_DEDUP_MINHASH;
        o.confirm_exact = mode == 0;
        o.memory = 1 << 20;     /* small sorter budgets: several runs of pairs */
        snprintf(work, sizeof work, "%s/w%d", dir, mode);
        o.work_dir = work;
        char err[1024] = "";
        const char *in[1] = { path };
        CHECK(wn_dedup_sign(&cfg, NULL, 0, &o, in, 1, err, sizeof err) == WN_OK);
        CHECK(wn_dedup_resolve(work, o.memory, NULL, err, sizeof err) == WN_OK);
        uint32_t *roots;
        uint64_t n;
        CHECK(wn_dedup_clusters(work, &roots, &n, err, sizeof err) == WN_OK);
        CHECK_EQ_INT(n, N);
        size_t bad = 0;
        for (uint64_t i = 0; roots && i < n && i < N; i++)
            bad += roots[i] != (mode == 0 ? want_exact : want_est)[i];
        if (bad) {
            fprintf(stderr, "  --confirm %s: %zu of %d documents in another cluster than the oracle's\n",
                    mode == 0 ? "exact" : "estimate", bad, N);
            wn_t_failed_checks++;
        }
        wn_free(roots);
        if (mode == 0) {
            /* a truncated shingle file is an error, not other clusters. Which worker signed
             * how many documents depends on the scheduler (one may have signed none), so the
             * largest worker's file is the one cut. */
            char sp[400] = "";
            off_t largest = 0;
            for (unsigned w = 0; w < cfg.threads; w++) {
                char wp[400];
                struct stat sb;
                snprintf(wp, sizeof wp, "%s/shingles.w%u", work, w);
                if (stat(wp, &sb) == 0 && sb.st_size > largest) {
                    largest = sb.st_size;
                    snprintf(sp, sizeof sp, "%s", wp);
                }
            }
            CHECK(largest > 100);
            CHECK(truncate(sp, largest - 100) == 0);
            CHECK(wn_dedup_resolve(work, o.memory, NULL, err, sizeof err) == WN_ERR_TRUNCATED);
        }
        wn_dedup_remove_work(work);
    }
    for (int i = 0; i < N; i++) { wn_free(d[i].sh); free(d[i].sig); free(d[i].sig16); }
    free(d);
    free(want_exact);
    free(want_est);
    wn_buf_free(&text);
    wn_buf_free(&norm);
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
    RUN(test_confirm_oracle);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        return 1;
    return DONE();
}
