/* cmd_run.c: `winnow run INPUT... -o DIR`: the whole pipeline. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "dedup_passes.h"
#include "opt_dedup.h"
#include "opt_io.h"
#include "inputs_list.h"
#include "opt_filters.h"
#include "rerun.h"

static void run_help(FILE *f)
{
    fprintf(f,
        "usage: winnow run [OPTIONS] INPUT... -o DIR\n"
        "       winnow run [OPTIONS] --inputs-from LIST [--base-url URL] [INPUT...] -o DIR\n\n"
        "Reads every INPUT (files or directories, '-' for stdin; gzip and zstd are detected by\n"
        "their magic bytes), runs the stages on each document, and writes\n"
        "  DIR/kept/NNNNN.jsonl.zst     kept documents {\"id\",\"text\",\"source\",\"url\",\"metadata\"}\n"
        "  DIR/dropped/NNNNN.jsonl.zst  dropped and failed documents, with \"status\" and \"reason\"\n"
        "  DIR/stats.json               documents in = kept + dropped + failed, per reason and stage\n"
        "Output is identical for any -j.\n\n"
        "input:\n"
        "  --format F         auto (default), warc, arc, html, jsonl, text\n"
        "  --text-field F     JSONL field with the text (default text)\n"
        "  --id-field F       JSONL field with the id (default id)\n"
        "  --html-field F     JSONL field with an HTML page to extract (instead of a text field)\n"
        "  --max-doc-size N   records larger than N fail as too_large (default 64M)\n"
        "  An INPUT may be an http:// or https:// URL, or s3://BUCKET/KEY (a public bucket,\n"
        "  read anonymously): read as it downloads, never saved; a dropped connection\n"
        "  resumes at the byte it reached (a Range request). A URL that fails (a 404, or\n"
        "  after the retries) is one failed input; the run goes on.\n"
        "  --http-retries N   retries after a dropped connection, a stall or a 5xx/429\n"
        "                     answer (default 10; progress resets the count)\n"
        "  --http-timeout S   connect time-out, and a stall: no byte for S seconds (default 60)\n"
        "  --http-backoff MS  first wait before a retry, doubled each time up to 60 s (1000)\n"
        "  --s3-endpoint URL  s3://B/K is read as URL/B/K (default https://s3.amazonaws.com)\n"
        "  --inputs-from FILE more inputs, one path or URL per line ('-' stdin; gzip/zstd\n"
        "                     read as such; blank lines and '#' lines skipped), after INPUTs\n"
        "  --base-url URL     put in front of the list's relative entries, e.g.\n"
        "                     --inputs-from warc.paths.gz --base-url https://data.commoncrawl.org\n"
        "  --limit N          read only the first N documents in input order (a sample),\n"
        "                     then stop; a rerun with a larger N goes on from there\n"
        "                     (under MPI: each rank's first N of its share)\n"
        "stages:\n"
        "  HTML documents (WARC responses, .html files) always go through extraction:\n"
        "  --extract-format F text (default) or markdown\n"
        "  --extract-comments keep user comments\n"
        "  --extract-links    markdown: keep links\n"
        "  --extract-title-in-text  the page's title as the text's first line\n"
        "  --parser own       the HTML parser: own, the only one (accepted for old scripts)\n"
        "  --stopwords FILE   stop-word lists for extraction (see 'winnow extract --help')\n"
        "  --clean            remove boilerplate lines (see 'winnow clean --help')\n"
        "  --clean-rules L    rules for --clean (default nav,edge,foreign,symbol,repeated)\n"
        "  --langid           label each document: metadata.language, language_score\n"
        "  --languages L      label and keep only languages L (e.g. en,fr) scoring above the\n"
        "                     threshold; others are dropped as \"language\"\n"
        "  --language-threshold T  (default 0.65, strictly above, as datatrove)\n"
        "  --model PATH       fastText model (default: models/lid.176.ftz, see langid --help)\n"
        "  --paragraph-langid label each line too: metadata.paragraph_languages\n"
        "  --drop-foreign-paragraphs  remove lines in another language than the document's\n"
        "                     with probability >= --paragraph-threshold (default 0.9)\n"
        "dedup (see 'winnow dedup --help' for the tuning options, all accepted here):\n"
        "  --dedup LIST       exact,url,minhash,paragraph across the whole corpus, after the\n"
        "                     other stages (which then run twice: to sign, and to write)\n"
        "output:\n"
        "  -o, --output DIR   output directory (required)\n"
        "  --compress C       zstd (default), gzip, none\n"
        "  --shard-size N     start a new shard after N bytes of JSON (default 256M); kept,\n"
        "                     dropped and each language's folder rotate by themselves\n"
        "  --split-by language  kept/<lang>/NNNNN.jsonl.zst (FineWeb-2's layout); documents\n"
        "                     without a language in kept/und/ (default none)\n"
        "  --layout L         winnow (default) or dolma: kept documents in documents/ as\n"
        "                     dolma's id, text, source, added, created, metadata\n"
        "  --checkpoint-every N  a checkpoint after N bytes of output (default 64M), whatever\n"
        "                     the shard size; 0 for none""\n"
        "  --dropped yes|no   write dropped/ (default yes)\n"
        "  --dump NAME        metadata.dump of every line (default: from a Common Crawl\n"
        "                     path, crawl-data/CC-MAIN-2024-10/..., else null)\n"
        "  --overwrite        replace what DIR holds. Without it, a rerun into a DIR that\n"
        "                     holds the same run (same options and inputs) does nothing when\n"
        "                     that run completed and resumes it when it was interrupted;\n"
        "                     DIR holding another run (or one that read stdin) is an error\n"
        "                     (exit 2) that lists what differs. A DIR of other files is\n"
        "                     never written into.\n"
        "  While a run writes to DIR it holds DIR/.lock: a second one into DIR exits 2.\n"
        "run:\n"
        "  --skip-missing     an INPUT that does not exist is a failed input, not an error\n"
        "  --max-failed F     exit 1 when more than F (a fraction, default 0.01) of the\n"
        "                     documents, or of the inputs, failed; else 0 (see exit codes)\n"
        "  -j, --threads N    worker threads (default: all cores)\n"
        "  -q, --quiet        no warnings, no progress, no log\n"
        "  -v, --verbose      more messages\n"
        WN_CLI_LOG_HELP
        "  -h, --help         this help\n\n"
        "\n");
    wn_cli_filters_help(f);
    fprintf(f,
        "\nSizes take K, M, G suffixes (powers of 1024). A progress line is shown when stderr\n"
        "is a terminal, a log line every --log-interval seconds when it is not; both name the\n"
        "pass (run, or sign, resolve, apply with --dedup). stats.json's \"timing\" holds the\n"
        "wall time of the command and of each pass, and the CPU seconds of each stage.\n"
        "exit codes: 0 done (failures, if any, at most --max-failed), 1 done but more than\n"
        "--max-failed of the documents or inputs failed, 2 usage (nothing was done: a bad\n"
        "option, a missing input, a DIR holding another run), 3 I/O error\n");
}

#define SHORTOPTS ":o:j:qvh"

/* long-option codes of this command, apart from the shared ones it combines (cli.h) */
enum {
    RUN_OPT_CLEAN = WN_CLI_OPT_COMMAND_FIRST,
    RUN_OPT_CLEAN_RULES,
    RUN_OPT_LANGID,
    RUN_OPT_LANGUAGES,
    RUN_OPT_LANGUAGE_THRESHOLD,
    RUN_OPT_MODEL,
    RUN_OPT_PARAGRAPH_LANGID,
    RUN_OPT_DROP_FOREIGN_PARAGRAPHS,
    RUN_OPT_PARAGRAPH_THRESHOLD,
    RUN_OPT_EXTRACT_FORMAT,
    RUN_OPT_EXTRACT_COMMENTS,
    RUN_OPT_EXTRACT_LINKS,
    RUN_OPT_EXTRACT_TITLE_IN_TEXT,
    RUN_OPT_PARSER,
    RUN_OPT_STOPWORDS,
    RUN_OPT_OVERWRITE,
    RUN_OPT_SKIP_MISSING,
    RUN_OPT_MAX_FAILED,
    RUN_OPT_INPUTS_FROM,
    RUN_OPT_BASE_URL,
};

/* What each option of this file takes, for the message on a bad value. */
static const char *run_accepts(int c)
{
    switch (c) {
    case RUN_OPT_CLEAN_RULES: return "a list of nav, edge, foreign, symbol, repeated";
    case RUN_OPT_LANGUAGES: return "a comma-separated list of the model's language codes, e.g. en,fr";
    case RUN_OPT_LANGUAGE_THRESHOLD: case RUN_OPT_PARAGRAPH_THRESHOLD: return "a number from 0 to 1";
    case RUN_OPT_EXTRACT_FORMAT: return "text or markdown";
    case RUN_OPT_PARSER: return WN_PARSER_ACCEPTS;
    case RUN_OPT_MAX_FAILED: return "a fraction from 0 to 1, e.g. 0.01";
    case WN_CLI_OPT_LOG_INTERVAL: case WN_CLI_OPT_LOG_FORMAT: return wn_cli_log_accepts(c);
    default: return wn_cli_io_accepts(c) ? wn_cli_io_accepts(c) : wn_cli_dedup_accepts(c);
    }
}

/* The options the library shares (every one but the output, the rerun policy, logs and
 * verbosity) are parsed by the library's wn_config_set into lc, then read back: one parser for
 * `winnow run` and the C API (chain_stages.h). */
static int run_main(int argc, char **argv, wn_config *lc, wn_cli_inputs *inputs)
{
    wn_run_config cfg;
    wn_run_config_default(&cfg);
    wn_clean_opts clean_opts;
    bool do_clean;
    bool do_langid;
    const char *model_path;
    char *lang_list = NULL;
    const char **langs = NULL;
    wn_langid_config lid_cfg;
    wn_extract_opts extract_opts;
    const char *sw_path;
    wn_dedup_opts dedup_opts;
    bool do_dedup;
    bool overwrite = false, skip_missing = false;
    const char *inputs_from = NULL, *base_url = NULL;
    double max_failed = WN_CLI_MAX_FAILED_DEFAULT;
    wn_cli_filters filters;
    wn_cli_filters_init(&filters);
    int frc = wn_cli_filters_parse(&filters, &argc, argv, false);
    if (frc >= 0)
        return frc;
    static const struct option longopts[] = {
        WN_CLI_IO_LONGOPTS,
        { "clean", no_argument, 0, RUN_OPT_CLEAN },
        { "clean-rules", required_argument, 0, RUN_OPT_CLEAN_RULES },
        { "langid", no_argument, 0, RUN_OPT_LANGID },
        { "languages", required_argument, 0, RUN_OPT_LANGUAGES },
        { "language-threshold", required_argument, 0, RUN_OPT_LANGUAGE_THRESHOLD },
        { "model", required_argument, 0, RUN_OPT_MODEL },
        { "paragraph-langid", no_argument, 0, RUN_OPT_PARAGRAPH_LANGID },
        { "drop-foreign-paragraphs", no_argument, 0, RUN_OPT_DROP_FOREIGN_PARAGRAPHS },
        { "paragraph-threshold", required_argument, 0, RUN_OPT_PARAGRAPH_THRESHOLD },
        { "extract-format", required_argument, 0, RUN_OPT_EXTRACT_FORMAT },
        { "extract-comments", no_argument, 0, RUN_OPT_EXTRACT_COMMENTS },
        { "extract-links", no_argument, 0, RUN_OPT_EXTRACT_LINKS },
        { "extract-title-in-text", no_argument, 0, RUN_OPT_EXTRACT_TITLE_IN_TEXT },
        { "parser", required_argument, 0, RUN_OPT_PARSER },
        { "stopwords", required_argument, 0, RUN_OPT_STOPWORDS },
        { "dedup", required_argument, 0, WN_CLI_OPT_DEDUP_METHODS },
        WN_CLI_DEDUP_LONGOPTS,
        WN_CLI_LOG_LONGOPTS,
        { "overwrite", no_argument, 0, RUN_OPT_OVERWRITE },
        { "skip-missing", no_argument, 0, RUN_OPT_SKIP_MISSING },
        { "max-failed", required_argument, 0, RUN_OPT_MAX_FAILED },
        { "inputs-from", required_argument, 0, RUN_OPT_INPUTS_FROM },
        { "base-url", required_argument, 0, RUN_OPT_BASE_URL },
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
        case RUN_OPT_OVERWRITE: overwrite = true; break;
        case RUN_OPT_SKIP_MISSING: skip_missing = true; break;
        case RUN_OPT_INPUTS_FROM: inputs_from = optarg; break;
        case RUN_OPT_BASE_URL: base_url = optarg; break;
        case RUN_OPT_MAX_FAILED: ok = wn_cli_parse_fraction(optarg, &max_failed); break;
        case 'q': wn_cli_state.verbosity = -1; break;
        case 'v': wn_cli_state.verbosity = 1; break;
        case 'h': run_help(stdout); return WN_EXIT_OK;
        case '?': case ':':
            return wn_cli_option_error("run", longopts, c, argc, argv);
        default:
            /* input, stages, output format, dedup: a config key of the same name */
            ok = wn_cli_config_option(lc, longopts, c, optarg);
            break;
        }
        if (!ok)
            return wn_cli_bad_value("run", longopts, c, optarg, run_accepts(c));
    }
    /* what the options set, as the library reads it */
    wn_config_view v;
    wn_config_view_of(lc, &v);
    wn_cli_run_config_of(&cfg, &v);
    extract_opts = *v.extract;
    sw_path = v.stopwords;
    do_clean = v.clean;
    clean_opts = *v.clean_opts;
    do_langid = v.langid;
    lid_cfg = *v.lid;
    model_path = v.model;
    dedup_opts = *v.dedup;
    do_dedup = v.do_dedup;
    if (v.languages[0]) {
        lang_list = strdup(v.languages);
        langs = calloc(strlen(v.languages) / 2 + 2, sizeof *langs);
        if (!lang_list || !langs) {
            free(lang_list);
            free(langs);
            wn_cli_error("run: out of memory");
            return WN_EXIT_IO;
        }
        for (char *save = NULL, *t = strtok_r(lang_list, ",", &save); t; t = strtok_r(NULL, ",", &save))
            langs[lid_cfg.n_languages++] = t;
        lid_cfg.languages = langs;
    }
    if (filters.print_config)
        return wn_cli_filters_print(&filters);
    int crc = wn_cli_filters_check(&filters);
    if (crc)
        return crc;
    if (do_langid && filters.model) {
        /* the filter stages already identify languages (e.g. --preset fineweb): a second
         * langid stage would label every document twice with possibly other settings */
        wn_cli_error("run: --langid/--languages/--paragraph-langid and a filter list with langid "
                     "(e.g. --preset fineweb) both add the language stage; set its lang_* keys instead");
        wn_cli_filters_free(&filters);
        return WN_EXIT_USAGE;
    }
    if (!cfg.out_dir) {
        wn_cli_error("run: -o DIR is required");
        return WN_EXIT_USAGE;
    }
    /* the arguments and the --inputs-from list's entries; freed by the caller */
    int irc = wn_cli_inputs_build("run", argv + optind, (size_t)(argc - optind), inputs_from, base_url,
                                  cfg.reader.remote, inputs);
    if (irc >= 0)
        return irc;
    if (inputs->n == 0) {
        wn_cli_error("run: no input (use '-' for stdin)");
        return WN_EXIT_USAGE;
    }
    const char *const *in_v = (const char *const *)inputs->v;
    size_t in_n = inputs->n;
    wn_langid_model *model = NULL;
    if (do_langid) {
        /* Loaded once, before the run; every worker shares it read-only. */
        model = wn_cli_load_model(model_path);
        if (!model) {
            free(lang_list);
            free(langs);
            return WN_EXIT_IO;
        }
        lid_cfg.model = model;
        if (wn_cli_check_languages("run", "--languages", model, model_path,
                                   langs, lid_cfg.n_languages) >= 0) {
            wn_langid_model_free(model);
            free(lang_list);
            free(langs);
            return WN_EXIT_USAGE;
        }
    }
    /* the run's key (run_key.h) decides what the output folder allows (rerun.h) and keys the
     * checkpoints: argv is in getopt's order now, options before inputs */
    wn_cli_key key;
    wn_cli_key_init(&key, "run");
    wn_buf conf;
    wn_buf_init(&conf, WN_FILTERS_CONFIG_TEXT_MAX);
    /* a settings text cut short would key the run on part of its settings: no key then */
    bool key_ok = wn_filters_config_print(&filters.cfg, &conf) == WN_OK &&
                  wn_cli_key_add_options(&key, longopts, SHORTOPTS, optind, argv) &&
                  wn_cli_key_add_config(&key, conf.data ? conf.data : "");
    wn_buf_free(&conf);
    if (!key_ok)
        wn_cli_error("run: cannot build the run's key (its options and settings): out of memory");
    cfg.resume_key = wn_cli_key_options_hash(&key);
    /* the lock (durable outputs) is held until the end, so that what is decided here (done,
     * resume, start over) stays true */
    wn_dir_lock *lock = NULL;
    int prc = key_ok ? wn_cli_output_prepare("run", cfg.out_dir, &key, in_v, in_n, overwrite, skip_missing, &lock)
                     : WN_EXIT_IO;
    wn_cli_key_free(&key);
    if (prc >= 0) {
        wn_cli_filters_free(&filters);
        wn_langid_model_free(model);
        free(lang_list);
        free(langs);
        return prc;
    }
    cfg.comm = wn_cli_comm;
    char *cmdline = wn_cli_join_args(argc, argv);
    cfg.command_line = filters.cmdline[0] ? filters.cmdline : cmdline;
    cfg.on_message = wn_cli_on_message;
    wn_cli_progress_setup(&cfg, cfg.out_dir);

    wn_pipeline *p;
    if (wn_pipeline_create(&p, &cfg)) {
        wn_dir_lock_release(lock);
        wn_cli_error("run: out of memory");
        free(cmdline);
        return WN_EXIT_IO;
    }
    bool sw_fatal;
    wn_stopwords *sw = wn_cli_load_stopwords(sw_path, wn_cli_state.verbosity > 0, &sw_fatal);
    if (sw_fatal) {
        wn_dir_lock_release(lock);
        wn_pipeline_free(p);
        free(cmdline);
        return WN_EXIT_USAGE;
    }
    extract_opts.stopwords = sw;
    /* the stages, their order and configs as the library's chains build them (chain_stages.h) */
    wn_chain_spec spec = { &extract_opts, do_clean ? &clean_opts : NULL, do_langid ? &lid_cfg : NULL,
                           &filters.cfg, filters.model ? &filters.lid.lid : NULL };
    wn_stage_ref stages[WN_CHAIN_STAGES_MAX];
    size_t n_stages = 0;
    int arc = wn_chain_stages_build(&spec, stages, WN_CHAIN_STAGES_MAX, &n_stages) ? WN_EXIT_USAGE : 0;
    for (size_t i = 0; !arc && i < n_stages; i++)
        if (wn_pipeline_add_stage(p, stages[i].stage, stages[i].config))
            arc = WN_EXIT_USAGE;
    if (arc)
        wn_cli_error("run: too many stages");
    if (arc) {
        wn_dir_lock_release(lock);
        wn_pipeline_free(p);
        wn_cli_filters_free(&filters);
        wn_langid_model_free(model);
        free(lang_list);
        free(langs);
        wn_stopwords_free(sw);
        free(cmdline);
        return arc;
    }

    if (do_dedup)
        cfg.resume_key = 0;   /* dedup has steps of its own; an interrupted one starts over */
    if (!do_dedup)   /* wn_cli_run_dedup names its own passes */
        wn_cli_pass("run", 1, 1);
    wn_run_summary sum;
    wn_status st = do_dedup
        ? wn_cli_run_dedup(p, &cfg, &dedup_opts, in_v, in_n, &sum)
        : wn_pipeline_run(p, in_v, in_n, &sum);
    if (!do_dedup)
        wn_cli_pass_end();
    wn_cli_progress_end();
    wn_cli_mpi_agreed();
    int rc = WN_EXIT_OK;
    if (st) {
        if (!do_dedup)  /* dedup printed its own message */
            wn_cli_error("%s", wn_pipeline_error(p)[0] ? wn_pipeline_error(p) : wn_strerror(st));
        rc = st == WN_ERR_USAGE ? WN_EXIT_USAGE : WN_EXIT_IO;
    }
    if (wn_cli_state.verbosity >= 0 && wn_cli_rank() == 0)
        fprintf(stderr, "winnow: %llu documents: %llu kept, %llu dropped, %llu failed; %llu of %llu inputs failed; %.2f s\n",
                (unsigned long long)sum.in, (unsigned long long)sum.kept,
                (unsigned long long)sum.dropped, (unsigned long long)sum.failed,
                (unsigned long long)sum.inputs_failed, (unsigned long long)sum.inputs,
                wn_run_timing_elapsed(&wn_cli_state.timing));
    wn_dir_lock_release(lock);
    if (!st)
        rc = wn_cli_exit_for_failures(&sum, max_failed);
    wn_pipeline_free(p);
    wn_langid_model_free(model);
    free(lang_list);
    free(langs);
    wn_stopwords_free(sw);
    wn_cli_filters_free(&filters);
    free(cmdline);
    return rc;
}

int wn_cmd_run(int argc, char **argv)
{
    wn_config *lc;
    if (wn_config_new(&lc)) {
        wn_cli_error("run: out of memory");
        return WN_EXIT_IO;
    }
    wn_cli_inputs inputs = { 0 };
    int rc = run_main(argc, argv, lc, &inputs);
    wn_cli_inputs_free(&inputs);
    wn_config_free(lc);
    return rc;
}
