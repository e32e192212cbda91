/* opt_dedup.h: the dedup tuning options shared by `winnow dedup` and `winnow run --dedup`:
 * parsed in one place so that they mean the same thing in both. */
#ifndef WN_OPT_DEDUP_H
#define WN_OPT_DEDUP_H

#include <getopt.h>
#include "winnow.h"

/* Long options 301-312; 300 is the method list, spelled --method in 'dedup' and --dedup in
 * 'run', so each command lists it itself. */
#define WN_CLI_DEDUP_LONGOPTS \
    { "ngram", required_argument, 0, 301 }, { "char-ngrams", no_argument, 0, 302 }, \
    { "bands", required_argument, 0, 303 }, { "rows", required_argument, 0, 304 }, \
    { "scheme", required_argument, 0, 305 }, { "threshold", required_argument, 0, 306 }, \
    { "seed", required_argument, 0, 307 }, { "paragraph-min-chars", required_argument, 0, 308 }, \
    { "paragraph-min-doc-chars", required_argument, 0, 309 }, \
    { "paragraph-bloom", required_argument, 0, 310 }, { "memory", required_argument, 0, 311 }, \
    { "confirm", required_argument, 0, 312 }

/*! wn_cli_dedup_options() : applies option c (value arg) to o. Returns 0 when c is not a dedup
 * option; else 1, with *ok = false when the value is bad. */
int wn_cli_dedup_options(int c, const char *arg, wn_dedup_opts *o, bool *ok);
/* What the dedup options take, for the message on a bad value; NULL for other codes. */
const char *wn_cli_dedup_accepts(int c);

#endif
