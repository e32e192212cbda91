/* dedup_sigbench.c: MinHash signatures per CPU-second, winnow's signing loop alone
 * (normalise + shingles + exact key + signature + band keys), over the texts of a JSONL file held in
 * memory. usage: dedup_sigbench FILE.jsonl[.zst] [max_docs] [oph|kperm]
 * Prints: docs, words/doc, CPU seconds, signatures per CPU-second. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "winnow/internal.h"

static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: dedup_sigbench FILE.jsonl [max_docs] [oph|kperm]\n");
        return 2;
    }
    size_t max = argc > 2 ? (size_t)atol(argv[2]) : 100000;
    wn_reader_opts ro;
    wn_reader_opts_default(&ro);
    wn_reader *r;
    char err[512];
    if (wn_reader_open(&r, argv[1], 0, &ro, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return 3;
    }
    char **texts = malloc(max * sizeof *texts);
    size_t *lens = malloc(max * sizeof *lens), n = 0, words = 0;
    wn_doc d;
    wn_doc_init(&d, 1 << 26);
    while (n < max) {
        wn_doc_reset(&d);
        if (wn_reader_next(r, &d) != WN_OK)
            break;
        wn_buf *t = d.text.len ? &d.text : &d.raw;
        texts[n] = malloc(t->len + 1);
        memcpy(texts[n], t->data, t->len);
        lens[n++] = t->len;
        for (size_t i = 0; i < t->len; i++)
            words += t->data[i] == ' ' || t->data[i] == '\n';
    }
    wn_reader_close(r);
    wn_minhash_params p;
    wn_minhash_params_default(&p);
    if (argc > 3 && !strcmp(argv[3], "kperm"))
        p.scheme = WN_MINHASH_KPERM;
    size_t k = (size_t)p.bands * p.rows;
    uint64_t *sig = malloc(k * 8), keys = 0, text_key;
    const uint64_t *sh;
    size_t ns;
    wn_shingler *x;
    if (wn_shingler_create(&x, &p))
        return 3;
    double t0 = cpu_now();
    for (size_t i = 0; i < n; i++) {
        if (wn_shingler_text(x, texts[i], lens[i], &sh, &ns, &text_key))
            return 3;
        keys ^= text_key;
        if (!ns)
            continue;
        wn_minhash_sign(&p, sh, ns, sig);
        for (unsigned b = 0; b < p.bands; b++)
            keys ^= wn_minhash_band_key(&p, sig, b);
    }
    double cpu = cpu_now() - t0;
    printf("winnow-%s docs %zu words/doc %.0f cpu_s %.3f sigs_per_cpu_s %.0f (check %llx)\n",
           p.scheme == WN_MINHASH_OPH ? "oph" : "kperm", n, n ? (double)words / (double)n : 0, cpu,
           (double)n / cpu, (unsigned long long)(keys & 0xff));
    return 0;
}
