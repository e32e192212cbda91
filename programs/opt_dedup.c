/* opt_dedup.c: what the dedup tuning options shared by `winnow dedup` and `winnow run --dedup`
 * take, for messages; they are parsed by the library (wn_config_set, through
 * wn_cli_config_option). */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "opt_dedup.h"

const char *wn_cli_dedup_accepts(int c)
{
    switch (c) {
    case WN_CLI_OPT_DEDUP_METHODS: return "a list of exact, url, minhash, paragraph";
    case WN_CLI_OPT_NGRAM: case WN_CLI_OPT_BANDS: case WN_CLI_OPT_ROWS:
        return "an integer from 1 to 1000000";
    case WN_CLI_OPT_SCHEME: return "oph or kperm";
    case WN_CLI_OPT_THRESHOLD: return "a number from 0 to 1";
    case WN_CLI_OPT_SEED: return "an integer from 0 to 2^64-1";
    case WN_CLI_OPT_PARAGRAPH_MIN_CHARS: case WN_CLI_OPT_PARAGRAPH_MIN_DOC_CHARS:
        return "an integer from 0 to 1000000";
    case WN_CLI_OPT_PARAGRAPH_BLOOM: return "N[,FPR]: a count above 0, e.g. 10M, and a false-positive rate between 0 and 1";
    case WN_CLI_OPT_MEMORY: return "a size of at least 1M, e.g. 1G";
    case WN_CLI_OPT_CONFIRM: return "estimate or exact";
    default: return NULL;
    }
}
