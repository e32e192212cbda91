/* api_predict.c: what the public wn_lang_predict costs beside the internal predict with a
 * scratch the caller keeps: it finds its thread's scratch in a cache (lang.c); making one per
 * call cost 16 times the prediction (8.5 against 0.52 us a line), which is why the cache is
 * there. Single thread, k=1, every non-empty line of FILE (no "</s>") ~200,000 times over.
 *   cc -O2 -D_GNU_SOURCE -Iinclude -Isrc bench/api_predict.c build/libwinnow.a $(make -s print-ldlibs)
 *   ./a.out models/lid.176.ftz ../shared/seed/000_199b5b13a894299b.txt */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "winnow/internal.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static char lines[200][4096];

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: api_predict MODEL FILE\n");
        return 2;
    }
    wn_lang_model *m;
    wn_langid_model *im;
    char err[512];
    if (wn_lang_model_open(&m, argv[1]) || wn_langid_model_load(&im, argv[1], err, sizeof err)) {
        fprintf(stderr, "%s\n", wn_last_error());
        return 1;
    }
    FILE *f = fopen(argv[2], "r");
    if (!f)
        return 1;
    int n = 0;
    while (n < 200 && fgets(lines[n], sizeof lines[n], f)) {
        size_t l = strlen(lines[n]);
        if (l && lines[n][l - 1] == '\n')
            lines[n][--l] = 0;
        if (l && !strstr(lines[n], "</s>"))
            n++;
    }
    fclose(f);
    if (!n)
        return 1;
    int reps = 200000 / n;
    double bytes = 0;
    wn_lang_guess g[1];
    size_t k;
    double t = now();
    for (int r = 0; r < reps; r++)
        for (int i = 0; i < n; i++) {
            wn_lang_predict(m, lines[i], strlen(lines[i]), 1, 0, g, 1, &k);
            bytes += (double)strlen(lines[i]);
        }
    double api = now() - t;
    wn_langid_scratch *s = wn_langid_scratch_create(im);
    wn_langid_pred p[1];
    t = now();
    for (int r = 0; r < reps; r++)
        for (int i = 0; i < n; i++)
            wn_langid_predict(im, s, lines[i], strlen(lines[i]), true, 1, 0, p, NULL);
    double internal = now() - t;
    double per = (double)n * reps;
    printf("%d lines x %d (%.0f bytes a line): wn_lang_predict %.2f us/line, internal with its "
           "own scratch %.2f us/line (%+.0f%%)\n", n, reps, bytes / per, api / per * 1e6,
           internal / per * 1e6, (api - internal) / internal * 100);
    wn_langid_scratch_free(s);
    wn_langid_model_free(im);
    wn_lang_model_free(m);
    return 0;
}
