/* opt_dedup.c: the dedup tuning options shared by `winnow dedup` and `winnow run --dedup`. */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "opt_dedup.h"

const char *wn_cli_dedup_accepts(int c)
{
    switch (c) {
    case 300: return "a list of exact, url, minhash, paragraph";
    case 301: case 303: case 304: return "an integer from 1 to 1000000";
    case 305: return "oph or kperm";
    case 306: return "a number from 0 to 1";
    case 307: return "an integer from 0 to 2^64-1";
    case 308: case 309: return "an integer from 0 to 1000000";
    case 310: return "N[,FPR]: a count above 0, e.g. 10M, and a false-positive rate between 0 and 1";
    case 311: return "a size of at least 1M, e.g. 1G";
    case 312: return "estimate or exact";
    case 10: return "all, sign, resolve or apply";
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
    case 300: *ok = wn_dedup_parse_methods(arg, &o->methods); break;
    case 301: *ok = wn_cli_parse_uint(arg, &o->minhash.ngram) && o->minhash.ngram > 0; break;
    case 302: o->minhash.char_ngrams = true; break;
    case 303: *ok = wn_cli_parse_uint(arg, &o->minhash.bands) && o->minhash.bands > 0; break;
    case 304: *ok = wn_cli_parse_uint(arg, &o->minhash.rows) && o->minhash.rows > 0; break;
    case 305:
        if (!strcmp(arg, "oph")) o->minhash.scheme = WN_MINHASH_OPH;
        else if (!strcmp(arg, "kperm")) o->minhash.scheme = WN_MINHASH_KPERM;
        else *ok = false;
        break;
    case 306: o->threshold = strtod(arg, &end); *ok = *end == '\0' && o->threshold >= 0 && o->threshold <= 1; break;
    case 307:
        o->minhash.seed = strtoull(arg, &end, 0);
        *ok = end != arg && *end == '\0' && !strchr(arg, '-');
        break;
    case 308: *ok = wn_cli_parse_uint(arg, &u); o->para_min_chars = u; break;
    case 309: *ok = wn_cli_parse_uint(arg, &u); o->para_min_doc_chars = u; break;
    case 310: {
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
    case 311: *ok = wn_cli_parse_size(arg, &sz) && sz >= (1 << 20); o->memory = sz; break;
    case 312:
        if (!strcmp(arg, "estimate")) o->confirm_exact = false;
        else if (!strcmp(arg, "exact")) o->confirm_exact = true;
        else *ok = false;
        break;
    default: return 0;
    }
    return 1;
}
