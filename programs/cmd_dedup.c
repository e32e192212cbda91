/* cmd_dedup.c: `winnow dedup --method exact,minhash,paragraph INPUT... -o DIR`. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "dedup_passes.h"
#include "opt_dedup.h"
#include "opt_io.h"
#include "inputs_list.h"
#include "rerun.h"

#define SHORTOPTS ":o:j:qvh"

/* long-option codes of this command, apart from the shared ones it combines (cli.h) */
enum {
    DEDUP_OPT_WORK_DIR = WN_CLI_OPT_COMMAND_FIRST,
    DEDUP_OPT_KEEP_WORK,
    DEDUP_OPT_STEP,
    DEDUP_OPT_OVERWRITE,
    DEDUP_OPT_SKIP_MISSING,
    DEDUP_OPT_MAX_FAILED,
    DEDUP_OPT_INPUTS_FROM,
    DEDUP_OPT_BASE_URL,
};

/* What each option of this file takes, for the message on a bad value. */
static const char *dedup_accepts(int c)
{
    switch (c) {
    case DEDUP_OPT_STEP: return "all, sign, resolve or apply";
    case DEDUP_OPT_MAX_FAILED: return "a fraction from 0 to 1, e.g. 0.01";
    default:
        if (wn_cli_io_accepts(c))
            return wn_cli_io_accepts(c);
        if (wn_cli_log_accepts(c))
            return wn_cli_log_accepts(c);
        return wn_cli_dedup_accepts(c);
    }
}

static void dedup_help(FILE *f)
{
    fprintf(f,
        "usage: winnow dedup [OPTIONS] INPUT... -o DIR\n\n"
        "Removes duplicates across all INPUTs and writes, like 'winnow run',\n"
        "  DIR/kept/NNNNN.jsonl.zst     kept documents; with minhash, metadata\n"
        "                               minhash_cluster_id and minhash_cluster_size\n"
        "  DIR/dropped/NNNNN.jsonl.zst  reason exact_duplicate, url_duplicate, near_duplicate\n"
        "                               (metadata.duplicate_of = id of the kept document) or\n"
        "                               paragraph_duplicates (too short once repeated lines go)\n"
        "  DIR/stats.json               documents in = kept + dropped + failed, per reason\n"
        "Documents are otherwise unchanged. The first document of a cluster in input order is\n"
        "kept; output is identical for any -j. Memory is bounded by --memory plus 5 bytes per\n"
        "document (union-find), whatever the corpus size: keys spill to sorted runs on disk.\n\n"
        "methods:\n"
        "  --method LIST      exact,url,minhash,paragraph (default exact,minhash)\n"
        "minhash (FineWeb defaults):\n"
        "  --ngram N          shingle length (default 5 words)\n"
        "  --char-ngrams      shingles of N characters instead of words\n"
        "  --bands B          LSH bands (default 14)\n"
        "  --rows R           hashes per band (default 8)\n"
        "  --scheme S         oph (one permutation + densification, default) or kperm\n"
        "  --threshold T      confirm candidates by estimated Jaccard >= T (default 0.8;\n"
        "                     0 keeps every LSH candidate)\n"
        "  --confirm C        estimate (default: from the 112 MinHash values) or exact: the\n"
        "                     Jaccard of the shingle sets, kept on disk while signing\n"
        "                     (8 bytes per shingle) and read back for candidate pairs only\n"
        "  --seed N           hash seed\n"
        "paragraphs (lines, CCNet style; first occurrence kept):\n"
        "  --paragraph-min-chars N      shorter lines are never removed (default 30)\n"
        "  --paragraph-min-doc-chars N  drop a document left shorter (default 50)\n"
        "  --paragraph-bloom N[,FPR]    a Bloom filter sized for N paragraphs (default exact set)\n"
        "input:\n"
        "  --format F, --text-field F, --id-field F, --max-doc-size N   as in 'winnow run'\n"
        "  --http-retries N, --http-timeout S, --http-backoff MS, --s3-endpoint URL   as in run\n"
        "  --inputs-from FILE, --base-url URL   more inputs from a list, as in run\n"
        "  --limit N          only the first N documents in input order, as in run\n"
        "output:\n"
        "  -o, --output DIR   output directory (required for the apply step)\n"
        "  --compress C       zstd (default), gzip, none\n"
        "  --shard-size N     start a new shard after N bytes (default 256M)\n"
        "  --split-by language, --layout L, --checkpoint-every N   as in 'winnow run'\n"
        "  --dropped yes|no   write dropped/ (default yes)\n"
        "run:\n"
        "  -j, --threads N    worker threads (default: all cores)\n"
        "  --memory N         budget for sort buffers (default 1G)\n"
        "  --work-dir DIR     intermediate files (default DIR/.dedup-work, removed at the end)\n"
        "  --keep-work        keep the intermediate files\n"
        "  --step S           all (default), or one of sign, resolve, apply (needs --work-dir)\n"
        "  --overwrite        replace what DIR holds (as in 'winnow run': without it, DIR\n"
        "                     holding the same completed run is left as it is, exit 0, and\n"
        "                     DIR holding another run is an error, exit 2)\n"
        "  --skip-missing     an INPUT that does not exist is a failed input, not an error\n"
        "  --max-failed F     exit 1 when more than F (default 0.01) of the documents or\n"
        "                     inputs failed, else 0\n"
        WN_CLI_LOG_HELP
        "  -q, --quiet / -v, --verbose / -h, --help\n\n"
        "exit codes: 0 done (failures, if any, at most --max-failed), 1 done but more than\n"
        "--max-failed failed, 2 usage (nothing was done), 3 I/O error or damaged intermediate file\n");
}

/* The options shared with the library (input, output format, dedup tuning) are parsed by
 * its wn_config_set into lc and read back, as `winnow run` does (cmd_run.c). */
static int dedup_main(int argc, char **argv, wn_config *lc, wn_cli_inputs *in_list)
{
    wn_run_config cfg;
    wn_run_config_default(&cfg);
    wn_dedup_opts o;
    const char *work = NULL, *step = "all";
    bool keep_work = false, overwrite = false, skip_missing = false;
    const char *inputs_from = NULL, *base_url = NULL;
    double max_failed = WN_CLI_MAX_FAILED_DEFAULT;
    static const struct option longopts[] = {
        WN_CLI_IO_LONGOPTS,
        { "work-dir", required_argument, 0, DEDUP_OPT_WORK_DIR },
        { "keep-work", no_argument, 0, DEDUP_OPT_KEEP_WORK },
        { "step", required_argument, 0, DEDUP_OPT_STEP },
        { "overwrite", no_argument, 0, DEDUP_OPT_OVERWRITE },
        { "skip-missing", no_argument, 0, DEDUP_OPT_SKIP_MISSING },
        { "max-failed", required_argument, 0, DEDUP_OPT_MAX_FAILED },
        { "inputs-from", required_argument, 0, DEDUP_OPT_INPUTS_FROM },
        { "base-url", required_argument, 0, DEDUP_OPT_BASE_URL },
        { "method", required_argument, 0, WN_CLI_OPT_DEDUP_METHODS },
        WN_CLI_DEDUP_LONGOPTS,
        WN_CLI_LOG_LONGOPTS,
        { "quiet", no_argument, 0, 'q' },
        { "verbose", no_argument, 0, 'v' },
        { "help", no_argument, 0, 'h' },
        { 0, 0, 0, 0 },
    };
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, SHORTOPTS, longopts, NULL)) != -1) {
        bool ok = true;
        if (wn_cli_log_option(c, optarg, &ok)) {
            /* handled */
        } else switch (c) {
        case 'o': cfg.out_dir = optarg; break;
        case DEDUP_OPT_WORK_DIR: work = optarg; break;
        case DEDUP_OPT_KEEP_WORK: keep_work = true; break;
        case DEDUP_OPT_STEP:
            step = optarg;
            ok = !strcmp(step, "all") || !strcmp(step, "sign") || !strcmp(step, "resolve") || !strcmp(step, "apply");
            break;
        case DEDUP_OPT_OVERWRITE: overwrite = true; break;
        case DEDUP_OPT_SKIP_MISSING: skip_missing = true; break;
        case DEDUP_OPT_INPUTS_FROM: inputs_from = optarg; break;
        case DEDUP_OPT_BASE_URL: base_url = optarg; break;
        case DEDUP_OPT_MAX_FAILED: ok = wn_cli_parse_fraction(optarg, &max_failed); break;
        case 'q': wn_cli_state.verbosity = -1; break;
        case 'v': wn_cli_state.verbosity = 1; break;
        case 'h': dedup_help(stdout); return WN_EXIT_OK;
        case '?': case ':': return wn_cli_option_error("dedup", longopts, c, argc, argv);
        default: ok = wn_cli_config_option(lc, longopts, c, optarg); break;
        }
        if (!ok)
            return wn_cli_bad_value("dedup", longopts, c, optarg, dedup_accepts(c));
    }
    wn_config_view v;
    wn_config_view_of(lc, &v);
    wn_cli_run_config_of(&cfg, &v);
    o = *v.dedup;
    bool all = !strcmp(step, "all");
    if (!all && !work) {
        wn_cli_error("dedup: --step %s needs --work-dir", step);
        return WN_EXIT_USAGE;
    }
    if ((all || !strcmp(step, "apply")) && !cfg.out_dir) {
        wn_cli_error("dedup: -o DIR is required");
        return WN_EXIT_USAGE;
    }
    /* the arguments and the --inputs-from list's entries; freed by the caller */
    int irc = wn_cli_inputs_build("dedup", argv + optind, (size_t)(argc - optind), inputs_from, base_url,
                                  cfg.reader.remote, in_list);
    if (irc >= 0)
        return irc;
    if (strcmp(step, "resolve") && in_list->n == 0) {
        wn_cli_error("dedup: no input (use '-' for stdin)");
        return WN_EXIT_USAGE;
    }
    char workbuf[WN_PATH_CAP];
    if (!work) {
        if (wn_path_join(workbuf, sizeof workbuf, cfg.out_dir, ".dedup-work")) {
            wn_cli_error("dedup: -o %s: path too long", cfg.out_dir);
            return WN_EXIT_USAGE;
        }
        work = workbuf;
    }
    o.work_dir = work;
    const char *const *inputs = (const char *const *)in_list->v;
    size_t n_inputs = in_list->n;
    wn_dir_lock *lock = NULL;
    int lrc;
    if (all || !strcmp(step, "apply")) {
        /* what the output folder allows (rerun.h), decided before the first step, under its
         * lock */
        wn_cli_key key;
        wn_cli_key_init(&key, "dedup");
        lrc = wn_cli_key_add_options(&key, longopts, SHORTOPTS, optind, argv)
            ? wn_cli_output_prepare("dedup", cfg.out_dir, &key, inputs, n_inputs, overwrite,
                                    skip_missing, &lock)
            : WN_EXIT_IO;
        wn_cli_key_free(&key);
    } else {
        /* a step without output: the output directory, or else the work directory, is this
         * command's */
        lrc = wn_cli_lock_output(cfg.out_dir ? cfg.out_dir : work, &lock);
    }
    if (lrc >= 0)
        return lrc;
    char *cmdline = wn_cli_join_args(argc, argv);
    cfg.command_line = cmdline;
    cfg.comm = wn_cli_comm;
    cfg.on_message = wn_cli_on_message;
    wn_cli_progress_setup(&cfg, cfg.out_dir ? cfg.out_dir : work);
    char err[2048] = "";
    wn_status st = WN_OK;
    int rc = WN_EXIT_OK;
    int total = all ? 3 : 1;
    if (all || !strcmp(step, "sign")) {
        wn_cli_pass("sign", 1, total);
        st = wn_dedup_sign(&cfg, NULL, 0, &o, inputs, n_inputs, err, sizeof err);
        wn_cli_pass_end();
    }
    if (!st && (all || !strcmp(step, "resolve"))) {
        wn_counters stats = { 0 };
        /* under MPI every rank resolves the keys it owns; rank 0 joins the clusters */
        st = wn_cli_resolve_pass(work, o.memory, wn_cli_comm, &stats, all ? 2 : 1, total, err, sizeof err);
        for (size_t i = 0; i < stats.n; i++)
            wn_cli_info("dedup: %s %llu", stats.v[i].name, (unsigned long long)stats.v[i].n);
        wn_counters_free(&stats);
    }
    if (!st && (all || !strcmp(step, "apply"))) {
        wn_run_summary sum;
        wn_cli_pass("apply", all ? 3 : 1, total);
        st = wn_dedup_apply(&cfg, NULL, 0, work, inputs, n_inputs, &sum, err, sizeof err);
        wn_cli_pass_end();
        if (!st) {
            if (wn_cli_state.verbosity >= 0 && wn_cli_rank() == 0)
                fprintf(stderr, "winnow: %llu documents: %llu kept, %llu dropped, %llu failed; %llu of %llu inputs failed; %.2f s\n",
                        (unsigned long long)sum.in, (unsigned long long)sum.kept,
                        (unsigned long long)sum.dropped, (unsigned long long)sum.failed,
                        (unsigned long long)sum.inputs_failed, (unsigned long long)sum.inputs,
                        wn_run_timing_elapsed(&wn_cli_state.timing));
            rc = wn_cli_exit_for_failures(&sum, max_failed);
        }
    }
    wn_cli_progress_end();
    wn_cli_mpi_agreed();
    if (st) {
        wn_cli_error("%s", err[0] ? err : wn_strerror(st));
        rc = st == WN_ERR_USAGE ? WN_EXIT_USAGE : WN_EXIT_IO;
    } else if (all && !keep_work && wn_cli_rank() == 0) {
        wn_dedup_remove_work(work);   /* every rank is done with it: apply agreed */
    }
    wn_dir_lock_release(lock);
    free(cmdline);
    return rc;
}

int wn_cmd_dedup(int argc, char **argv)
{
    wn_config *lc;
    if (wn_config_new(&lc)) {
        wn_cli_error("dedup: out of memory");
        return WN_EXIT_IO;
    }
    wn_cli_inputs in_list = { 0 };
    int rc = dedup_main(argc, argv, lc, &in_list);
    wn_cli_inputs_free(&in_list);
    wn_config_free(lc);
    return rc;
}
