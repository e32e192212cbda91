/* opt_io.c: the input/output options shared by `winnow run` and `winnow dedup`: what they
 * take (for messages), and their parsing, which is the library's (wn_config_set). */
#include <string.h>
#include "cli.h"
#include "opt_io.h"

const char *wn_cli_io_accepts(int c)
{
    switch (c) {
    case 'j': return "an integer from 1 to 1000000";
    case WN_CLI_OPT_FORMAT: return "auto, warc, arc, html, jsonl or text";
    case WN_CLI_OPT_MAX_DOC_SIZE: return "a size from 1 to 2G, e.g. 64M";
    case WN_CLI_OPT_COMPRESS: return "zstd, gzip or none";
    case WN_CLI_OPT_SHARD_SIZE: return "a size such as 256M (K, M, G, T suffixes)";
    case WN_CLI_OPT_DROPPED: return "yes or no";
    case WN_CLI_OPT_DUMP: return "a crawl's name, e.g. CC-MAIN-2024-10";
    case WN_CLI_OPT_HTTP_RETRIES: return "an integer from 0 to 1000";
    case WN_CLI_OPT_HTTP_TIMEOUT: return "seconds, from 1 to 86400";
    case WN_CLI_OPT_HTTP_BACKOFF: return "milliseconds, from 0 to 600000";
    case WN_CLI_OPT_S3_ENDPOINT: return "an http:// or https:// URL";
    case WN_CLI_OPT_LIMIT: return "a number of documents, 0 for no limit";
    case WN_CLI_OPT_SPLIT_BY: return "language or none";
    case WN_CLI_OPT_LAYOUT: return "winnow or dolma";
    case WN_CLI_OPT_CHECKPOINT_EVERY: return "a size such as 64M (K, M, G, T suffixes), 0 for none";
    default: return NULL;
    }
}

bool wn_cli_config_option(wn_config *lc, const struct option *longopts, int c, const char *arg)
{
    for (const struct option *o = longopts; o->name; o++)
        if (o->val == c) {
            /* dedup spells the method list --method; the library's key is run's --dedup */
            const char *key = strcmp(o->name, "method") ? o->name : "dedup";
            return wn_config_set(lc, key, o->has_arg == no_argument ? "true" : arg) == WN_OK;
        }
    return false;
}

void wn_cli_run_config_of(wn_run_config *cfg, const wn_config_view *v)
{
    cfg->reader = v->reader;
    cfg->threads = v->threads;
    cfg->compress = v->compress;
    cfg->shard_bytes = v->shard_bytes;
    cfg->write_dropped = v->write_dropped;
    cfg->dump = v->dump;
    cfg->limit = v->limit;
    cfg->split_language = v->split_language;
    cfg->layout = v->layout;
    cfg->checkpoint_bytes = v->checkpoint_bytes;
}
