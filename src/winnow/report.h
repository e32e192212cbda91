/* report.h: the counts of one or more stats.json files, summed, for `winnow report`.
 *
 * DESIGN: stats.json is the contract (README); the report reads it back rather than the
 * pipeline's structures, so that it works on any finished run, and on several at once (the
 * shards of one job run as separate processes or machines): counts are summed by name. */
#ifndef WINNOW_REPORT_H
#define WINNOW_REPORT_H

#include "winnow/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A named row with up to four counts; which count means what depends on the table. */
typedef struct {
    char *name;
    uint64_t v[4];
} wn_report_row;

typedef struct {
    wn_report_row *v;
    size_t n, cap;
} wn_report_table;

typedef struct {
    uint64_t in, kept, dropped, failed;   /* documents */
    uint64_t bytes_in, text_kept;
    uint64_t inputs, inputs_failed;
    double seconds;                       /* summed over runs: CPU-side wall time of each */
    unsigned runs;
    wn_report_table dropped_reasons;      /* v[0] = documents */
    wn_report_table failed_reasons;       /* v[0] = documents */
    wn_report_table languages;            /* v[0] = kept, v[1] = dropped */
    wn_report_table stages;               /* v[0] = in, v[1] = dropped, v[2] = failed */
    wn_report_table reader;               /* v[0] = count */
    wn_report_table inputs_table;         /* v[0..3] = in, kept, dropped, failed */
    wn_report_table passes;               /* "timing": v[0] = wall milliseconds of each pass */
    wn_report_table cpu;                  /* "timing": v[0] = CPU milliseconds of each stage */
} wn_report;

/*! wn_report_add_stats() : adds the counts of one stats.json text to r. On a malformed file
 * returns WN_ERR_FORMAT and a message with the byte offset in `err`. */
wn_status wn_report_add_stats(wn_report *r, const char *json, size_t n, char *err, size_t err_cap);
/*! wn_report_sort() : sorts a table by v[key] + v[key2] descending (key2 < 0: none), then name. */
void wn_report_sort(wn_report_table *t, int key, int key2);
void wn_report_free(wn_report *r);

#ifdef __cplusplus
}
#endif
#endif
