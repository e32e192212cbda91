/* opt_dedup.c: the dedup tuning options shared by `winnow dedup` and `winnow run --dedup`. */
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

/* Shared with 'winnow run --dedup': parses one dedup option; 0 when c is not one. */
int wn_cli_dedup_options(int c, const char *arg, wn_dedup_opts *o, bool *ok)
{
    unsigned u;
    uint64_t sz;
    char *end;
    switch (c) {
    case WN_CLI_OPT_DEDUP_METHODS: *ok = wn_dedup_parse_methods(arg, &o->methods); break;
    case WN_CLI_OPT_NGRAM: *ok = wn_cli_parse_uint(arg, &o->minhash.ngram) && o->minhash.ngram > 0; break;
    case WN_CLI_OPT_CHAR_NGRAMS: o->minhash.char_ngrams = true; break;
    case WN_CLI_OPT_BANDS: *ok = wn_cli_parse_uint(arg, &o->minhash.bands) && o->minhash.bands > 0; break;
    case WN_CLI_OPT_ROWS: *ok = wn_cli_parse_uint(arg, &o->minhash.rows) && o->minhash.rows > 0; break;
    case WN_CLI_OPT_SCHEME:
        if (!strcmp(arg, "oph")) o->minhash.scheme = WN_MINHASH_OPH;
        else if (!strcmp(arg, "kperm")) o->minhash.scheme = WN_MINHASH_KPERM;
        else *ok = false;
        break;
    case WN_CLI_OPT_THRESHOLD: o->threshold = strtod(arg, &end); *ok = *end == '\0' && o->threshold >= 0 && o->threshold <= 1; break;
    case WN_CLI_OPT_SEED:
        o->minhash.seed = strtoull(arg, &end, 0);
        *ok = end != arg && *end == '\0' && !strchr(arg, '-');
        break;
    case WN_CLI_OPT_PARAGRAPH_MIN_CHARS: *ok = wn_cli_parse_uint(arg, &u); o->para_min_chars = u; break;
    case WN_CLI_OPT_PARAGRAPH_MIN_DOC_CHARS: *ok = wn_cli_parse_uint(arg, &u); o->para_min_doc_chars = u; break;
    case WN_CLI_OPT_PARAGRAPH_BLOOM: {
        o->para_bloom = true;
        char tmp[64];
        snprintf(tmp, sizeof tmp, "%s", arg);
        char *comma = strchr(tmp, ',');
        if (comma) {
            *comma = '\0';
            o->para_fpr = strtod(comma + 1, &end);
            *ok = *end == '\0' && o->para_fpr > 0 && o->para_fpr < 1;
        }
        if (*ok)
            *ok = wn_cli_parse_size(tmp, &o->para_expected) && o->para_expected > 0;
        break;
    }
    case WN_CLI_OPT_MEMORY: *ok = wn_cli_parse_size(arg, &sz) && sz >= (1 << 20); o->memory = sz; break;
    case WN_CLI_OPT_CONFIRM:
        if (!strcmp(arg, "estimate")) o->confirm_exact = false;
        else if (!strcmp(arg, "exact")) o->confirm_exact = true;
        else *ok = false;
        break;
    default: return 0;
    }
    return 1;
}
