/* opt_io.h: the input/output options of the commands that run the pipeline (`winnow run`,
 * `winnow dedup`): parsed in one place so that they mean the same thing in both. */
#ifndef WN_OPT_IO_H
#define WN_OPT_IO_H

#include <getopt.h>
#include "winnow/internal.h"
#include "winnow/chain_stages.h"

#include "cli.h"

/* Long-option codes, from WN_CLI_OPT_IO_FIRST (cli.h says how the ranges are kept apart). */
enum {
    WN_CLI_OPT_FORMAT = WN_CLI_OPT_IO_FIRST,
    WN_CLI_OPT_TEXT_FIELD,
    WN_CLI_OPT_ID_FIELD,
    WN_CLI_OPT_HTML_FIELD,
    WN_CLI_OPT_MAX_DOC_SIZE,
    WN_CLI_OPT_COMPRESS,
    WN_CLI_OPT_SHARD_SIZE,
    WN_CLI_OPT_DROPPED,
    WN_CLI_OPT_DUMP,
    WN_CLI_OPT_HTTP_RETRIES,
    WN_CLI_OPT_HTTP_TIMEOUT,
    WN_CLI_OPT_HTTP_BACKOFF,
    WN_CLI_OPT_S3_ENDPOINT,
    WN_CLI_OPT_LIMIT,
    WN_CLI_OPT_SPLIT_BY,
    WN_CLI_OPT_LAYOUT,
    WN_CLI_OPT_CHECKPOINT_EVERY,
    WN_CLI_OPT_IO_END
};
_Static_assert((int)WN_CLI_OPT_IO_END <= (int)WN_CLI_OPT_DEDUP_FIRST, "I/O option codes overlap the dedup ones");

/* Long options; the short ones are -o and -j ("o:j:" in the getopt string). */
#define WN_CLI_IO_LONGOPTS \
    { "output", required_argument, 0, 'o' }, { "threads", required_argument, 0, 'j' }, \
    { "format", required_argument, 0, WN_CLI_OPT_FORMAT }, \
    { "text-field", required_argument, 0, WN_CLI_OPT_TEXT_FIELD }, \
    { "id-field", required_argument, 0, WN_CLI_OPT_ID_FIELD }, \
    { "html-field", required_argument, 0, WN_CLI_OPT_HTML_FIELD }, \
    { "max-doc-size", required_argument, 0, WN_CLI_OPT_MAX_DOC_SIZE }, \
    { "compress", required_argument, 0, WN_CLI_OPT_COMPRESS }, \
    { "shard-size", required_argument, 0, WN_CLI_OPT_SHARD_SIZE }, \
    { "dropped", required_argument, 0, WN_CLI_OPT_DROPPED }, \
    { "dump", required_argument, 0, WN_CLI_OPT_DUMP }, \
    { "http-retries", required_argument, 0, WN_CLI_OPT_HTTP_RETRIES }, \
    { "http-timeout", required_argument, 0, WN_CLI_OPT_HTTP_TIMEOUT }, \
    { "http-backoff", required_argument, 0, WN_CLI_OPT_HTTP_BACKOFF }, \
    { "s3-endpoint", required_argument, 0, WN_CLI_OPT_S3_ENDPOINT }, \
    { "limit", required_argument, 0, WN_CLI_OPT_LIMIT }, \
    { "split-by", required_argument, 0, WN_CLI_OPT_SPLIT_BY }, \
    { "layout", required_argument, 0, WN_CLI_OPT_LAYOUT }, \
    { "checkpoint-every", required_argument, 0, WN_CLI_OPT_CHECKPOINT_EVERY }

/*! wn_cli_config_option() : option c (value arg; "true" for a flag) set in lc by its long name
 * through the library's parser (wn_config_set): the options `winnow run` and `winnow dedup`
 * share with the C API mean the same thing in both. false for a bad value. */
bool wn_cli_config_option(wn_config *lc, const struct option *longopts, int c, const char *arg);
/*! wn_cli_run_config_of() : the run settings the options set (reader, threads, codec, shard
 * size, dropped/, dump), copied from the library's view into the pipeline's config. */
void wn_cli_run_config_of(wn_run_config *cfg, const wn_config_view *v);

#endif
