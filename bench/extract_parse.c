/* extract_parse.c: where winnow's HTML extraction spends its time, single thread, page by page:
 * charset decoding, then wn_extract_html() split into its phases (UTF-8 check, parse,
 * walk, metadata, scoring, output) by the extractor's own profile counters. Prints
 * seconds, MB/s and the share of each phase, the total pages/s, and the slowest page. Built
 * and run by bench/extract_speed.sh. usage: extract_parse STOPWORDS.json FILE... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "winnow/internal.h"
#include "html/extract_impl.h"

static double now(void)
{
    return wn_extract_clock();
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: extract_parse STOPWORDS.json FILE...\n");
        return 2;
    }
    wn_stopwords *sw = NULL;
    char err[256];
    if (wn_stopwords_load(&sw, argv[1], err, sizeof err))
        fprintf(stderr, "no stop words: %s\n", err);
    int n = argc - 2;
    wn_buf *pages = calloc((size_t)n, sizeof *pages);
    wn_buf *utf8 = calloc((size_t)n, sizeof *utf8);
    size_t bytes = 0;
    for (int i = 0; i < n; i++) {
        FILE *f = fopen(argv[i + 2], "rb");
        if (!f)
            return 3;
        wn_buf_init(&pages[i], WN_BUF_UNCAPPED);
        char chunk[65536];
        size_t got;
        while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
            wn_buf_append(&pages[i], chunk, got);
        fclose(f);
        bytes += pages[i].len;
    }
    /* 1. charset to UTF-8, into one reused buffer as the CLI and the pipeline do (a fresh
     * buffer per page would time page faults); the result is kept for the next steps */
    wn_buf tmp;
    wn_buf_init(&tmp, WN_BUF_UNCAPPED);
    double t_cs = 0;
    for (int i = 0; i < n; i++) {
        char label[64];
        wn_buf_reset(&tmp);
        double a = now();
        wn_charset_decode_html(pages[i].data, pages[i].len, NULL, &tmp, label, sizeof label);
        t_cs += now() - a;
        wn_buf_init(&utf8[i], WN_BUF_UNCAPPED);
        wn_buf_set(&utf8[i], tmp.data ? tmp.data : "", tmp.len);
    }
    /* 2. extraction, profiled; one warm-up pass first so that buffers have grown */
    wn_extract_opts o;
    wn_extract_opts_default(&o);
    o.stopwords = sw;
    wn_extractor *x;
    wn_extractor_create(&x, &o);
    wn_extract_result r;
    for (int i = 0; i < n; i++)
        wn_extract_html(x, utf8[i].data ? utf8[i].data : "", utf8[i].len, NULL, 0, &r);
    wn_extract_prof prof = { 0 };
    wn_extract_profile(x, &prof);
    double worst_x = 0;
    int worst_xi = 0;
    size_t out = 0;
    double t0 = now();
    for (int i = 0; i < n; i++) {
        double a = now();
        wn_extract_html(x, utf8[i].data ? utf8[i].data : "", utf8[i].len, NULL, 0, &r);
        double b = now() - a;
        if (b > worst_x)
            worst_x = b, worst_xi = i;
        out += r.text.len;
    }
    double t_x = now() - t0;
    wn_extract_profile(x, NULL);
    double mb = (double)bytes / 1e6, all = t_cs + t_x;
    struct {
        const char *name;
        double t;
    } ph[] = {
        { "charset decode", t_cs },
        { "UTF-8 check", prof.utf8 },
        { "parse", prof.parse },
        { "walk: blocks, hints", prof.walk },
        { "metadata", prof.meta },
        { "scoring, selection", prof.score },
        { "text output", prof.render },
    };
    printf("pages %d, %.1f MB; phases of charset decode + wn_extract_html (%.3f s, %.0f pages/s)\n",
           n, mb, all, n / all);
    double sum = 0;
    for (size_t k = 0; k < sizeof ph / sizeof *ph; k++) {
        printf("  %-22s %7.3f s  %8.1f MB/s  %5.1f%%\n", ph[k].name, ph[k].t, mb / ph[k].t,
               100 * ph[k].t / all);
        sum += ph[k].t;
    }
    printf("  %-22s %7.3f s             %5.1f%%\n", "(timer, loop, frees)", all - sum, 100 * (all - sum) / all);
    printf("extract (all)          %7.3f s  %8.1f MB/s  %7.0f pages/s  worst %.1f ms (%s, %.0f KB)  (%zu output bytes)\n",
           t_x, mb / t_x, n / t_x, worst_x * 1e3, argv[worst_xi + 2], pages[worst_xi].len / 1e3, out);
    for (int i = 0; i < n; i++) {
        wn_buf_free(&pages[i]);
        wn_buf_free(&utf8[i]);
    }
    free(pages);
    free(utf8);
    wn_buf_free(&tmp);
    wn_extractor_free(x);
    wn_stopwords_free(sw);
    return 0;
}
