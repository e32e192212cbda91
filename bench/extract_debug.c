/* extract_debug.c: prints the blocks of one page with their features and the extractor's
 * decisions, for tuning; with ELEMENT, also that element's ancestors.
 * usage: extract_debug STOPWORDS.json FILE [ELEMENT] */
#include <stdio.h>
#include <stdlib.h>
#include "winnow/internal.h"
#include "html/extract_impl.h"

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    wn_stopwords *sw = NULL;
    char err[256];
    wn_stopwords_load(&sw, argv[1], err, sizeof err);
    wn_buf in, u, out;
    wn_buf_init(&in, WN_BUF_UNCAPPED);
    wn_buf_init(&u, WN_BUF_UNCAPPED);
    wn_buf_init(&out, WN_BUF_UNCAPPED);
    FILE *f = fopen(argv[2], "rb");
    if (!f)
        return 3;
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        wn_buf_append(&in, chunk, got);
    fclose(f);
    char label[64];
    wn_charset_decode_html(in.data, in.len, NULL, &u, label, sizeof label);
    wn_extract_opts o;
    wn_extract_opts_default(&o);
    o.stopwords = sw;
    wn_extractor *x;
    wn_extractor_create(&x, &o);
    wn_extract_result r;
    wn_extract_html(x, u.data, u.len, NULL, 0, &r);
    wn_extract_debug_dump(x, &out, argc > 3 ? (int32_t)atoi(argv[3]) : -1);
    fwrite(out.data, 1, out.len, stdout);
    return 0;
}
