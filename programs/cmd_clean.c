/* cmd_clean.c: `winnow clean FILE...`: cleaned text of each document to stdout. */
#include <getopt.h>
#include <string.h>
#include "cli.h"
#include "opt_filters.h"

static void clean_help(FILE *f)
{
    fprintf(f,
        "usage: winnow clean [OPTIONS] [FILE...]\n\n"
        "Prints the text of each document (plain text file, or each JSONL line) with\n"
        "boilerplate lines removed; documents are separated by a blank line. FILE may be\n"
        "gzip- or zstd-compressed; '-' or no FILE reads stdin.\n\n"
        "options:\n"
        "  --rules LIST      rules to apply (default nav,edge,foreign,symbol,repeated)\n"
        "  --nav-max-words N     short line: at most N words (default 3)\n"
        "  --nav-min-run N       drop runs of at least N short lines (default 3)\n"
        "  --edge-max-words N    drop lines of at most N words at the edges (default 2)\n"
        "  --foreign-max-words N drop other-script lines of at most N words (default 12)\n"
        "  --c4-lines        then apply C4's line rules (datatrove C4QualityFilter), each\n"
        "                    settable: --c4-filter-no-terminal-punct false, --c4-filter-javascript\n"
        "                    false, --c4-filter-policy false, --c4-remove-citations false,\n"
        "                    --c4-min-words-per-line N, --c4-max-word-length N (none = off);\n"
        "                    use --rules none for C4's line rules alone\n"
        "  --text-field F    JSONL text field (default text)\n"
        "  -q, --quiet       no warnings\n"
        "  -h, --help        this help\n\n"
        "exit codes: 0 done, 1 some inputs failed, 2 usage, 3 I/O error\n");
}

/* long-option codes: named, above the single-letter options' characters */
enum {
    CLEAN_OPT_NAV_MAX_WORDS = 256,
    CLEAN_OPT_NAV_MIN_RUN,
    CLEAN_OPT_EDGE_MAX_WORDS,
    CLEAN_OPT_FOREIGN_MAX_WORDS,
    CLEAN_OPT_TEXT_FIELD,
};

int wn_cmd_clean(int argc, char **argv)
{
    wn_clean_opts co;
    wn_clean_opts_default(&co);
    wn_reader_opts ro;
    wn_reader_opts_default(&ro);
    wn_cli_filters filters;
    wn_cli_filters_init(&filters);
    int frc = wn_cli_filters_parse(&filters, &argc, argv, true);
    if (frc >= 0)
        return frc;
    /* C4's document rules stay with the pipeline stage: clean only removes lines */
    wn_c4_opts c4o = filters.cfg.c4;
    c4o.filter_lorem_ipsum = c4o.filter_curly_bracket = false;
    c4o.min_num_sentences = -1;
    wn_c4 *c4 = NULL;
    if (filters.c4_lines && wn_c4_create(&c4)) {
        wn_cli_error("clean: cannot set up sentence segmentation");
        return WN_EXIT_IO;
    }
    static const struct option longopts[] = {
        { "rules", required_argument, 0, 'r' },
        { "nav-max-words", required_argument, 0, CLEAN_OPT_NAV_MAX_WORDS },
        { "nav-min-run", required_argument, 0, CLEAN_OPT_NAV_MIN_RUN },
        { "edge-max-words", required_argument, 0, CLEAN_OPT_EDGE_MAX_WORDS },
        { "foreign-max-words", required_argument, 0, CLEAN_OPT_FOREIGN_MAX_WORDS },
        { "text-field", required_argument, 0, CLEAN_OPT_TEXT_FIELD },
        { "quiet", no_argument, 0, 'q' },
        { "help", no_argument, 0, 'h' },
        { 0, 0, 0, 0 },
    };
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":qh", longopts, NULL)) != -1) {
        bool ok = true;
        switch (c) {
        case 'r': ok = wn_cli_clean_rules(&co, optarg); break;
        case CLEAN_OPT_NAV_MAX_WORDS: ok = wn_cli_parse_uint(optarg, &co.nav_max_words); break;
        case CLEAN_OPT_NAV_MIN_RUN: ok = wn_cli_parse_uint(optarg, &co.nav_min_run); break;
        case CLEAN_OPT_EDGE_MAX_WORDS: ok = wn_cli_parse_uint(optarg, &co.edge_max_words); break;
        case CLEAN_OPT_FOREIGN_MAX_WORDS: ok = wn_cli_parse_uint(optarg, &co.foreign_max_words); break;
        case CLEAN_OPT_TEXT_FIELD: ro.text_field = optarg; break;
        case 'q': wn_cli_state.verbosity = -1; break;
        case 'h': clean_help(stdout); wn_c4_free(c4); return WN_EXIT_OK;
        default: wn_c4_free(c4); return wn_cli_option_error("clean", longopts, c, argc, argv);
        }
        if (!ok) {
            wn_c4_free(c4);
            return wn_cli_bad_value("clean", longopts, c, optarg,
                                    c == 'r' ? "a list of nav, edge, foreign, symbol, repeated"
                                             : "an integer from 0 to 1000000");
        }
    }
    const char *stdin_only[] = { "-" };
    const char *const *paths = (const char *const *)argv + optind;
    size_t n_paths = (size_t)(argc - optind);
    if (n_paths == 0) {
        paths = stdin_only;
        n_paths = 1;
    }
    char **files;
    size_t n_files;
    if (wn_inputs_expand(paths, n_paths, &files, &n_files)) {
        wn_cli_error("out of memory");
        return WN_EXIT_IO;
    }
    int rc = WN_EXIT_OK;
    wn_doc d;
    wn_doc_init(&d, ro.max_doc_bytes);
    wn_buf out, out2;
    /* cleaning and c4 only ever shorten a document's text */
    wn_buf_init(&out, WN_DOC_BYTES_MAX);
    wn_buf_init(&out2, WN_DOC_BYTES_MAX);
    bool first = true;
    for (size_t i = 0; i < n_files; i++) {
        wn_reader *r;
        char err[1024];
        if (wn_reader_open(&r, files[i], (uint32_t)i, &ro, err, sizeof err)) {
            wn_cli_error("%s", err);
            rc = WN_EXIT_INPUTS_FAILED;
            continue;
        }
        for (;;) {
            wn_doc_reset(&d);
            wn_status st = wn_reader_next(r, &d);
            if (st == WN_END)
                break;
            if (st) {
                wn_cli_error("%s", wn_reader_error(r));
                rc = WN_EXIT_INPUTS_FAILED;
                break;
            }
            if (d.status == WN_DOC_FAILED) {
                wn_cli_error("%s", d.detail.len ? d.detail.data : d.reason);
                rc = WN_EXIT_INPUTS_FAILED;
                continue;
            }
            if (d.raw.len) {
                wn_buf_reset(&d.text);
                wn_utf8_repair(&d.text, d.raw.data, d.raw.len, NULL);
            }
            wn_buf_reset(&out);
            wn_status cs = wn_clean_text(&co, d.text.data ? d.text.data : "", d.text.len, &out, NULL);
            if (cs) {
                wn_cli_error("%s: record %llu: %s", files[i], (unsigned long long)d.record_index,
                             wn_strerror(cs));
                rc = WN_EXIT_IO;
                continue;
            }
            wn_buf *res = &out;
            if (c4) {
                wn_c4_result cr;
                wn_buf_reset(&out2);
                if (wn_c4_apply(c4, &c4o, out.data ? out.data : "", out.len, &out2, &cr)) {
                    wn_cli_error("%s: out of memory", files[i]);
                    rc = WN_EXIT_IO;
                    continue;
                }
                res = &out2;
            }
            if (!first)
                fputc('\n', stdout);
            first = false;
            fwrite(res->data ? res->data : "", 1, res->len, stdout);
            fputc('\n', stdout);
        }
        wn_reader_close(r);
    }
    wn_buf_free(&out);
    wn_buf_free(&out2);
    wn_c4_free(c4);
    wn_doc_free(&d);
    wn_inputs_free(files, n_files);
    if (fflush(stdout) != 0) {
        wn_cli_error("stdout: write failed");
        return WN_EXIT_IO;
    }
    return rc;
}
