/* opt_dedup.h: the dedup tuning options shared by `winnow dedup` and `winnow run --dedup`:
 * parsed in one place so that they mean the same thing in both. */
#ifndef WN_OPT_DEDUP_H
#define WN_OPT_DEDUP_H

#include <getopt.h>
#include "winnow/internal.h"

#include "cli.h"

/* Long-option codes, from WN_CLI_OPT_DEDUP_FIRST (cli.h says how the ranges are kept apart). */
enum {
    WN_CLI_OPT_DEDUP_METHODS = WN_CLI_OPT_DEDUP_FIRST,
    WN_CLI_OPT_NGRAM,
    WN_CLI_OPT_CHAR_NGRAMS,
    WN_CLI_OPT_BANDS,
    WN_CLI_OPT_ROWS,
    WN_CLI_OPT_SCHEME,
    WN_CLI_OPT_THRESHOLD,
    WN_CLI_OPT_SEED,
    WN_CLI_OPT_PARAGRAPH_MIN_CHARS,
    WN_CLI_OPT_PARAGRAPH_MIN_DOC_CHARS,
    WN_CLI_OPT_PARAGRAPH_BLOOM,
    WN_CLI_OPT_MEMORY,
    WN_CLI_OPT_CONFIRM,
    WN_CLI_OPT_DEDUP_END
};
_Static_assert((int)WN_CLI_OPT_DEDUP_END <= (int)WN_CLI_OPT_LOG_FIRST, "dedup option codes overlap the log ones");

/* The tuning options. The method list (WN_CLI_OPT_DEDUP_METHODS) is spelled --method in
 * 'dedup' and --dedup in 'run', so each command lists it itself. */
#define WN_CLI_DEDUP_LONGOPTS \
    { "ngram", required_argument, 0, WN_CLI_OPT_NGRAM }, \
    { "char-ngrams", no_argument, 0, WN_CLI_OPT_CHAR_NGRAMS }, \
    { "bands", required_argument, 0, WN_CLI_OPT_BANDS }, \
    { "rows", required_argument, 0, WN_CLI_OPT_ROWS }, \
    { "scheme", required_argument, 0, WN_CLI_OPT_SCHEME }, \
    { "threshold", required_argument, 0, WN_CLI_OPT_THRESHOLD }, \
    { "seed", required_argument, 0, WN_CLI_OPT_SEED }, \
    { "paragraph-min-chars", required_argument, 0, WN_CLI_OPT_PARAGRAPH_MIN_CHARS }, \
    { "paragraph-min-doc-chars", required_argument, 0, WN_CLI_OPT_PARAGRAPH_MIN_DOC_CHARS }, \
    { "paragraph-bloom", required_argument, 0, WN_CLI_OPT_PARAGRAPH_BLOOM }, \
    { "memory", required_argument, 0, WN_CLI_OPT_MEMORY }, \
    { "confirm", required_argument, 0, WN_CLI_OPT_CONFIRM }

/* What the dedup options take, for the message on a bad value; NULL for other codes. */
const char *wn_cli_dedup_accepts(int c);

#endif
