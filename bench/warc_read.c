/* warc_read.c: reads a WARC file through winnow's reader (HTTP parsing included) and prints
 * records, documents, decoded payload bytes and wall time, for bench/warc.sh. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "winnow/internal.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: warc_read FILE\n");
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    wn_reader *r;
    char err[512];
    if (wn_reader_open(&r, argv[1], 0, NULL, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    wn_doc d;
    wn_doc_init(&d, (size_t)64 << 20);
    unsigned long long docs = 0, payload = 0;
    wn_status st;
    while ((st = wn_reader_next(r, &d)) == WN_OK) {
        docs++;
        payload += d.raw.len;
        wn_doc_reset(&d);
        while (wn_reader_take_warning(r))
            ;
    }
    if (st != WN_END)
        fprintf(stderr, "%s\n", wn_reader_error(r));
    unsigned long long records = 0;
    const wn_counters *c = wn_reader_counters(r);
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->v[i].name, "warc_records"))
            records = c->v[i].n;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("%llu %llu %llu %.4f\n", records, docs, payload,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    wn_doc_free(&d);
    wn_reader_close(r);
    return st == WN_END ? 0 : 1;
}
