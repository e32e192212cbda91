/* extract_parse.c: times the HTML stack page by page, single thread: charset decoding, parsing
 * through the DOM adapter, a full iterative walk of the tree (text bytes summed), and the whole
 * extraction; prints MB/s and pages/s for each and the slowest page. Built and run by
 * bench/extract_speed.sh. usage: extract_parse STOPWORDS.json FILE... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "winnow.h"
#include "html/dom.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static size_t walk_text(wn_dom *d)
{
    wn_dom_node *root = wn_dom_document(d), *n = root;
    size_t total = 0;
    while (n) {
        if (wn_dom_tag(n) == WN_TAG_TEXT)
            total += wn_dom_text(n).len;
        wn_dom_node *c = wn_dom_first_child(n);
        if (c) {
            n = c;
            continue;
        }
        while (n && n != root && !wn_dom_next_sibling(n))
            n = wn_dom_parent(n);
        n = (n && n != root) ? wn_dom_next_sibling(n) : NULL;
    }
    return total;
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
    size_t bytes = 0;
    for (int i = 0; i < n; i++) {
        FILE *f = fopen(argv[i + 2], "rb");
        if (!f)
            return 3;
        wn_buf_init(&pages[i], 0);
        char chunk[65536];
        size_t got;
        while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
            wn_buf_append(&pages[i], chunk, got);
        fclose(f);
        bytes += pages[i].len;
    }
    /* 1. charset to UTF-8 */
    wn_buf *utf8 = calloc((size_t)n, sizeof *utf8);
    double t0 = now();
    for (int i = 0; i < n; i++) {
        char label[64];
        wn_buf_init(&utf8[i], 0);
        wn_charset_decode_html(pages[i].data, pages[i].len, NULL, &utf8[i], label, sizeof label);
    }
    double t_cs = now() - t0;
    /* 2. parse, 3. parse + walk */
    wn_dom *d;
    wn_dom_create(&d);
    wn_dom_limits lim;
    wn_dom_limits_default(&lim);
    double worst = 0;
    int worst_i = 0;
    t0 = now();
    for (int i = 0; i < n; i++) {
        double a = now();
        wn_dom_parse(d, utf8[i].data, utf8[i].len, &lim);
        double b = now() - a;
        if (b > worst)
            worst = b, worst_i = i;
    }
    double t_parse = now() - t0;
    size_t text = 0;
    t0 = now();
    for (int i = 0; i < n; i++) {
        wn_dom_parse(d, utf8[i].data, utf8[i].len, &lim);
        text += walk_text(d);
    }
    double t_walk = now() - t0;
    /* 4. whole extraction (from UTF-8) */
    wn_extract_opts o;
    wn_extract_opts_default(&o);
    o.stopwords = sw;
    wn_extractor *x;
    wn_extractor_create(&x, &o);
    double worst_x = 0;
    int worst_xi = 0;
    size_t out = 0;
    t0 = now();
    for (int i = 0; i < n; i++) {
        wn_extract_result r;
        double a = now();
        wn_extract_html(x, utf8[i].data, utf8[i].len, NULL, 0, &r);
        double b = now() - a;
        if (b > worst_x)
            worst_x = b, worst_xi = i;
        out += r.text.len;
    }
    double t_x = now() - t0;
    double mb = (double)bytes / 1e6;
    printf("pages %d, %.1f MB\n", n, mb);
    printf("charset decode      %7.3f s  %7.1f MB/s\n", t_cs, mb / t_cs);
    printf("parse (adapter)     %7.3f s  %7.1f MB/s  %7.0f pages/s  worst %.1f ms (%s, %.0f KB)\n",
           t_parse, mb / t_parse, n / t_parse, worst * 1e3, argv[worst_i + 2], pages[worst_i].len / 1e3);
    printf("parse + text walk   %7.3f s  %7.1f MB/s  (%zu text bytes)\n", t_walk, mb / t_walk, text);
    printf("extract (all)       %7.3f s  %7.1f MB/s  %7.0f pages/s  worst %.1f ms (%s)\n",
           t_x, mb / t_x, n / t_x, worst_x * 1e3, argv[worst_xi + 2]);
    printf("  of which parse %.0f%%, walk+score+render %.0f%%  (%zu output bytes)\n",
           100 * t_parse / t_x, 100 * (t_x - t_parse) / t_x, out);
    wn_extractor_free(x);
    wn_dom_free(d);
    wn_stopwords_free(sw);
    return 0;
}
