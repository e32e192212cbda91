/* opt_io.c: the input/output options shared by `winnow run` and `winnow dedup`. */
#include <string.h>
#include "cli.h"
#include "opt_io.h"

const char *wn_cli_io_accepts(int c)
{
    switch (c) {
    case 'j': return "an integer from 1 to 1000000";
    case WN_CLI_OPT_FORMAT: return "auto, warc, html, jsonl or text";
    case WN_CLI_OPT_MAX_DOC_SIZE: return "a size from 1 to 2G, e.g. 64M";
    case WN_CLI_OPT_COMPRESS: return "zstd, gzip or none";
    case WN_CLI_OPT_SHARD_SIZE: return "a size such as 256M (K, M, G, T suffixes)";
    case WN_CLI_OPT_DROPPED: return "yes or no";
    default: return NULL;
    }
}

int wn_cli_io_option(int c, const char *arg, wn_run_config *cfg, bool *ok)
{
    uint64_t sz;
    switch (c) {
    case 'o': cfg->out_dir = arg; break;
    case 'j': *ok = wn_cli_parse_uint(arg, &cfg->threads) && cfg->threads > 0; break;
    case WN_CLI_OPT_FORMAT:
        cfg->reader.format = arg;
        *ok = !strcmp(arg, "auto") || !strcmp(arg, "warc") || !strcmp(arg, "html") ||
              !strcmp(arg, "jsonl") || !strcmp(arg, "text");
        break;
    case WN_CLI_OPT_TEXT_FIELD: cfg->reader.text_field = arg; break;
    case WN_CLI_OPT_ID_FIELD: cfg->reader.id_field = arg; break;
    case WN_CLI_OPT_MAX_DOC_SIZE:
        /* a document's buffers are sized with 32-bit offsets (wn_meta_entry) */
        *ok = wn_cli_parse_size(arg, &sz) && sz > 0 && sz <= (uint64_t)WN_DOC_BYTES_MAX;
        cfg->reader.max_doc_bytes = (size_t)sz;
        break;
    case WN_CLI_OPT_COMPRESS:
        if (!strcmp(arg, "zstd")) cfg->compress = WN_CODEC_ZSTD;
        else if (!strcmp(arg, "gzip")) cfg->compress = WN_CODEC_GZIP;
        else if (!strcmp(arg, "none")) cfg->compress = WN_CODEC_PLAIN;
        else *ok = false;
        break;
    case WN_CLI_OPT_SHARD_SIZE: *ok = wn_cli_parse_size(arg, &cfg->shard_bytes); break;
    case WN_CLI_OPT_DROPPED:
        if (!strcmp(arg, "yes")) cfg->write_dropped = true;
        else if (!strcmp(arg, "no")) cfg->write_dropped = false;
        else *ok = false;
        break;
    default: return 0;
    }
    return 1;
}
