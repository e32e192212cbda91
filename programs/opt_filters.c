/* opt_filters.c: the quality-filter options of `winnow run` and the C4 line options of
 * `winnow clean`, kept apart from cmd_run.c so that the option tables of other stages do not
 * collide with these.
 *
 * DESIGN: a pre-pass takes the filter options out of argv before the command's getopt runs.
 * --preset and --config apply first, whatever their place, then every other setting in
 * command-line order, so `--config f --c4-min-num-sentences 3` and the reverse mean the same. */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "opt_filters.h"

void wn_cli_filters_help(FILE *f)
{
    fprintf(f,
        "quality filters (datatrove semantics, see docs/filters.md):\n"
        "  --preset NAME      fineweb (langid en 0.65, gopher_repetition, gopher_quality,\n"
        "                     c4 without terminal punctuation, fineweb), gopher, c4\n"
        "  --config FILE      `key = value` lines; keys are the option names below with '_'\n"
        "  --print-config     print the stages in order with every threshold, and exit\n"
        "  --filters LIST     stages to run, in order: gopher_repetition,gopher_quality,c4,\n"
        "                     fineweb,pii,langid\n"
        "  --gopher-repetition --gopher-quality --c4 --fineweb --pii   add one stage\n"
        "  --explain          record every rule's measured value in metadata \"filters\"\n"
        "  --segmenter NAME   English words and sentences: spacy-en (spaCy's, as datatrove;\n"
        "                     the fineweb preset's) or uax29 (default)\n"
        "  --KEY VALUE        any threshold, e.g. --gopher-min-doc-words 100,\n"
        "                     --c4-filter-no-terminal-punct false, --fineweb-line-punct-thr none\n"
        "                     ('none' turns a rule off; --print-config lists every key)\n");
}

void wn_cli_filters_init(wn_cli_filters *f)
{
    memset(f, 0, sizeof *f);
    wn_filters_config_default(&f->cfg);
}

static const struct {
    const char *flag;
    wn_filter_stage_id id;
} stage_flags[] = {
    { "gopher-repetition", WN_FSTAGE_GOPHER_REPETITION },
    { "gopher-quality", WN_FSTAGE_GOPHER_QUALITY },
    { "c4", WN_FSTAGE_C4 },
    { "fineweb", WN_FSTAGE_FINEWEB },
    { "pii", WN_FSTAGE_PII },
};

/* Splits "--name=value" / "--name value"; returns the key (with '_') in key. */
static bool option_key(const char *arg, char *key, size_t cap, const char **inline_val)
{
    if (strncmp(arg, "--", 2) != 0 || !arg[2])
        return false;
    const char *name = arg + 2, *eq = strchr(name, '=');
    size_t n = eq ? (size_t)(eq - name) : strlen(name);
    if (n >= cap)
        return false;
    for (size_t i = 0; i < n; i++)
        key[i] = name[i] == '-' ? '_' : name[i];
    key[n] = 0;
    *inline_val = eq ? eq + 1 : NULL;
    return true;
}

int wn_cli_filters_parse(wn_cli_filters *f, int *argc, char **argv, bool c4_only)
{
    char key[128], err[512];
    int out = 1;
    char *full = wn_cli_join_args(*argc, argv);
    if (full) {
        snprintf(f->cmdline, sizeof f->cmdline, "%s", full);
        free(full);
    }
    /* pass 1: presets and config files */
    for (int i = 1; i < *argc; i++) {
        if (!strcmp(argv[i], "--"))
            break;
        const char *iv;
        if (c4_only || !option_key(argv[i], key, sizeof key, &iv))
            continue;
        if (strcmp(key, "preset") != 0 && strcmp(key, "config") != 0)
            continue;
        const char *val = iv ? iv : (i + 1 < *argc ? argv[++i] : NULL);
        if (!val) {
            wn_cli_error("--%s needs a value", key);
            return WN_EXIT_USAGE;
        }
        if (!strcmp(key, "preset")) {
            if (wn_filters_config_preset(&f->cfg, val)) {
                wn_cli_error("--preset: unknown preset '%s' (fineweb, gopher, c4)", val);
                return WN_EXIT_USAGE;
            }
        } else if (wn_filters_config_load(&f->cfg, val, err, sizeof err)) {
            wn_cli_error("--config: %s", err);
            return WN_EXIT_USAGE;
        }
        f->any = true;
    }
    /* pass 2: everything else, in order; unknown options stay for the command's getopt */
    for (int i = 1; i < *argc; i++) {
        const char *arg = argv[i];
        if (!strcmp(arg, "--")) {
            while (i < *argc)
                argv[out++] = argv[i++];
            break;
        }
        const char *iv;
        if (!option_key(arg, key, sizeof key, &iv)) {
            argv[out++] = argv[i];
            continue;
        }
        if (c4_only) {
            if (!strcmp(key, "c4_lines") && !iv) {
                f->c4_lines = true;
                continue;
            }
            if (strncmp(key, "c4_", 3) != 0 || !wn_filters_config_has_key(key) ||
                !strcmp(key, "c4_min_num_sentences")) {
                argv[out++] = argv[i];
                continue;
            }
        } else if (!strcmp(key, "preset") || !strcmp(key, "config")) {
            if (!iv)
                i++;
            continue;
        } else if (!strcmp(key, "print_config") && !iv) {
            f->print_config = true;
            continue;
        } else if (!strcmp(key, "explain") && !iv) {
            wn_filters_config_set(&f->cfg, "explain", "true", err, sizeof err);
            continue;
        } else if (!strcmp(key, "filters")) {
            strcpy(key, "stages");
        } else {
            bool is_stage = false;
            for (size_t k = 0; k < sizeof stage_flags / sizeof stage_flags[0]; k++)
                if (!strcmp(arg + 2, stage_flags[k].flag)) {
                    wn_filters_config_enable(&f->cfg, stage_flags[k].id);
                    is_stage = f->any = true;
                }
            if (is_stage)
                continue;
            if (!wn_filters_config_has_key(key)) {
                argv[out++] = argv[i];
                continue;
            }
        }
        const char *val = iv ? iv : (i + 1 < *argc ? argv[++i] : NULL);
        if (!val) {
            wn_cli_error("%s needs a value", arg);
            return WN_EXIT_USAGE;
        }
        if (wn_filters_config_set(&f->cfg, key, val, err, sizeof err)) {
            wn_cli_error("%s", err);
            return WN_EXIT_USAGE;
        }
        f->any = true;
    }
    argv[out] = NULL;
    *argc = out;
    return -1;
}

int wn_cli_filters_print(const wn_cli_filters *f)
{
    wn_buf b;
    wn_buf_init(&b, WN_FILTERS_CONFIG_TEXT_MAX);
    wn_status st = wn_filters_config_print(&f->cfg, &b);
    if (st) {
        wn_cli_error("--print-config: %s", wn_strerror(st));
        wn_buf_free(&b);
        return WN_EXIT_IO;
    }
    fwrite(b.data ? b.data : "", 1, b.len, stdout);
    wn_buf_free(&b);
    return WN_EXIT_OK;
}

/* The langid stage of the FineWeb preset: the model is loaded once (by
 * wn_cli_filters_check, before any output exists) and shared read-only by the workers. */
static int load_langid(wn_cli_filters *f)
{
    if (f->model)
        return WN_EXIT_OK;
    f->model = wn_cli_load_model(f->cfg.lang.model[0] ? f->cfg.lang.model : NULL);
    if (!f->model)
        return WN_EXIT_IO;
    wn_chain_filter_langid_init(&f->lid, &f->cfg, f->model);
    /* a label the model lacks would drop every document: a mistake, caught before any work */
    if (wn_cli_check_languages("run", "lang_languages", f->model,
                               f->cfg.lang.model[0] ? f->cfg.lang.model : NULL, f->lid.langs,
                               f->lid.lid.n_languages) >= 0) {
        wn_langid_model_free(f->model);
        f->model = NULL;
        return WN_EXIT_USAGE;
    }
    return WN_EXIT_OK;
}

void wn_cli_filters_free(wn_cli_filters *f)
{
    wn_langid_model_free(f->model);
    f->model = NULL;
}

int wn_cli_filters_check(wn_cli_filters *f)
{
    for (size_t i = 0; i < f->cfg.n_stages; i++)
        if (f->cfg.order[i] == WN_FSTAGE_LANGID)
            return load_langid(f);
    return WN_EXIT_OK;
}
