/* cmd_langid.c: `winnow langid [--model PATH] [-k N] [--threshold T] [FILE|-]`: a drop-in for
 * `fasttext predict-prob MODEL FILE k T`, byte for byte: one output line per input line,
 * "__label__xx P" pairs separated by spaces, P printed as C++ iostreams print a float (%g). */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"

static void help(FILE *f)
{
    fprintf(f,
        "usage: winnow langid [OPTIONS] [FILE|-]\n\n"
        "Predicts the language of each line of FILE (default stdin) with a fastText model and\n"
        "prints what 'fasttext predict-prob MODEL FILE K T' prints: for each line, the K best\n"
        "labels with their probabilities (\"__label__en 0.912\"), or an empty line.\n\n"
        "options:\n"
        "  -m, --model PATH   fastText .bin/.ftz model (default: $WINNOW_MODEL, else\n"
        "                     models/lid.176.ftz beside the executable's ../, else ./models/)\n"
        "  -k N               labels per line (default 1; -1 = all)\n"
        "  -t, --threshold T  only labels with probability >= T (default 0)\n"
        "  -h, --help         this help\n\n"
        "exit codes: 0 done, 2 usage, 3 I/O error or unreadable model\n");
}

/* The directory of the running executable, for the default model path. */
static bool exe_dir(char *dst, size_t cap)
{
    ssize_t n = readlink("/proc/self/exe", dst, cap - 1);
    if (n <= 0)
        return false;
    dst[n] = 0;
    char *slash = strrchr(dst, '/');
    if (!slash)
        return false;
    *slash = 0;
    return true;
}

/* Loads the model named by --model, or the default one; prints the error itself. */
wn_lid_model *wn_cli_load_model(const char *path)
{
    char def[PATH_MAX + 64], dir[PATH_MAX];
    if (!path) {
        wn_lid_default_model_path(def, sizeof def, exe_dir(dir, sizeof dir) ? dir : NULL);
        path = def;
    }
    wn_lid_model *m;
    char err[PATH_MAX + 256];
    if (wn_lid_model_load(&m, path, err, sizeof err)) {
        wn_cli_error("%s", err);
        if (path == def)
            wn_cli_error("(the default model is fetched by scripts/fetch-lid-model.sh; or pass --model PATH)");
        return NULL;
    }
    return m;
}

int wn_cmd_langid(int argc, char **argv)
{
    const char *model_path = NULL;
    int k = 1;
    float threshold = 0.0f;
    static const struct option longopts[] = {
        { "model", required_argument, 0, 'm' },
        { "threshold", required_argument, 0, 't' },
        { "help", no_argument, 0, 'h' },
        { 0, 0, 0, 0 },
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "m:k:t:h", longopts, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'm': model_path = optarg; break;
        case 'k': {
            long v = strtol(optarg, &end, 10);
            if (*end || end == optarg || v == 0 || v < -1 || v > INT_MAX) {
                wn_cli_error("langid: -k needs 1 or higher (or -1 for all), not '%s'", optarg);
                return WN_EXIT_USAGE;
            }
            k = (int)v;
            break;
        }
        case 't':
            threshold = strtof(optarg, &end);
            if (*end || end == optarg) {
                wn_cli_error("langid: bad threshold '%s'", optarg);
                return WN_EXIT_USAGE;
            }
            break;
        case 'h': help(stdout); return WN_EXIT_OK;
        default: help(stderr); return WN_EXIT_USAGE;
        }
    }
    if (argc - optind > 1) {
        wn_cli_error("langid: one input at most (got %d)", argc - optind);
        return WN_EXIT_USAGE;
    }
    const char *in_path = optind < argc ? argv[optind] : "-";
    FILE *in = strcmp(in_path, "-") ? fopen(in_path, "rb") : stdin;
    if (!in) {
        wn_cli_error("%s: cannot open", in_path);
        return WN_EXIT_IO;
    }
    wn_lid_model *m = wn_cli_load_model(model_path);
    if (!m) {
        if (in != stdin)
            fclose(in);
        return WN_EXIT_IO;
    }
    wn_lid_scratch *s = wn_lid_scratch_create(m);
    wn_lid_pred *preds = malloc(wn_lid_model_nlabels(m) * sizeof *preds);
    static char outbuf[1 << 16];
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    int rc = WN_EXIT_OK;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    if (!s || !preds) {
        wn_cli_error("langid: out of memory");
        rc = WN_EXIT_IO;
        goto done;
    }
    while ((n = getline(&line, &cap, in)) > 0) {
        bool eos = line[n - 1] == '\n';
        size_t len = (size_t)n - eos, at = 0;
        /* A literal "</s>" token ends a prediction early; the rest of the line is the next
         * one. At the end of an unterminated last line, fastText stops when no byte is left. */
        for (;;) {
            size_t rest_at;
            int np = wn_lid_predict(m, s, line + at, len - at, eos, k, threshold, preds, &rest_at);
            if (np < 0) {
                wn_cli_error("langid: out of memory");
                rc = WN_EXIT_IO;
                goto done;
            }
            for (int i = 0; i < np; i++) {
                wn_slice l = wn_lid_model_label(m, (size_t)preds[i].label);
                if (i)
                    putchar(' ');
                fwrite(l.ptr, 1, l.len, stdout);
                printf(" %g", (double)preds[i].prob);
            }
            putchar('\n');
            if (rest_at == SIZE_MAX)
                break;
            at += rest_at;
            if (at == len && !eos)
                break;
        }
    }
    if (ferror(in)) {
        wn_cli_error("%s: read error", in_path);
        rc = WN_EXIT_IO;
    }
done:
    if (fflush(stdout) != 0) {
        wn_cli_error("stdout: write failed");
        rc = WN_EXIT_IO;
    }
    free(line);
    free(preds);
    wn_lid_scratch_free(s);
    wn_lid_model_free(m);
    if (in != stdin)
        fclose(in);
    return rc;
}
