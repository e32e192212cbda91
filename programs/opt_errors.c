/* opt_errors.c: mistakes on the command line, told in one line that names the option (or the
 * language label) and what would have been right, before any work starts. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "cli.h"

size_t wn_cli_edit_distance(const char *a, const char *b)
{
    /* Levenshtein over bytes, case-folded; the strings here are option names and labels */
    size_t na = strlen(a), nb = strlen(b);
    if (na > 64 || nb > 64)
        return na > nb ? na : nb;
    size_t row[65];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
            size_t best = diag + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

/* The long option nearest to `name`, if near enough to be what was meant. */
static const char *nearest_option(const struct option *lo, const char *name)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1, len = strlen(name);
    for (; lo->name; lo++) {
        size_t d = wn_cli_edit_distance(name, lo->name);
        /* "--overwrites", "--lang": one name inside the other is near too */
        if (len >= 3 && (strstr(lo->name, name) || strstr(name, lo->name)))
            d = d < 2 ? d : 2;
        if (d < best_d) {
            best_d = d;
            best = lo->name;
        }
    }
    return best && best_d <= (len < 6 ? 2 : len / 3 + 1) ? best : NULL;
}

const char *wn_cli_option_name(const struct option *lo, int c, char *buf, size_t cap)
{
    for (; lo->name; lo++)
        if (lo->val == c) {
            snprintf(buf, cap, "--%s", lo->name);
            return buf;
        }
    snprintf(buf, cap, "-%c", c > 0 && c < 128 && isprint(c) ? c : '?');
    return buf;
}

int wn_cli_option_error(const char *cmd, const struct option *lo, int c, int argc, char **argv)
{
    const char *arg = optind >= 1 && optind - 1 < argc ? argv[optind - 1] : "";
    char name[128];
    fputs("winnow ", stderr);
    if (c == ':') {
        fprintf(stderr, "%s: option '%s' needs a value", cmd,
                !strncmp(arg, "--", 2) ? arg : wn_cli_option_name(lo, optopt, name, sizeof name));
    } else if (!strncmp(arg, "--", 2)) {
        size_t n = strcspn(arg + 2, "=");
        snprintf(name, sizeof name, "%.*s", (int)(n < 100 ? n : 100), arg + 2);
        size_t prefixed = 0;
        const struct option *exact = NULL;
        for (const struct option *o = lo; o->name; o++) {
            if (!strncmp(o->name, name, n))
                prefixed++;
            if (!strcmp(o->name, name))
                exact = o;
        }
        if (exact && arg[2 + n] == '=')
            fprintf(stderr, "%s: option '--%s' takes no value", cmd, name);
        else if (prefixed > 1 && !exact) {
            fprintf(stderr, "%s: ambiguous option '--%s' (could be", cmd, name);
            const char *sep = " ";
            for (const struct option *o = lo; o->name; o++)
                if (!strncmp(o->name, name, n)) {
                    fprintf(stderr, "%s--%s", sep, o->name);
                    sep = ", ";
                }
            fputc(')', stderr);
        } else {
            fprintf(stderr, "%s: unknown option '--%s'", cmd, name);
            const char *near = nearest_option(lo, name);
            if (near)
                fprintf(stderr, "; did you mean '--%s'?", near);
        }
    } else {
        fprintf(stderr, "%s: unknown option '-%c'", cmd, optopt > 0 && optopt < 128 && isprint(optopt) ? optopt : '?');
        /* "-clean": a long option with one dash */
        if (arg[0] == '-' && strlen(arg) > 2) {
            const char *near = nearest_option(lo, arg + 1);
            if (near)
                fprintf(stderr, "; did you mean '--%s'?", near);
        }
    }
    fprintf(stderr, " (see winnow %s --help)\n", cmd);
    return WN_EXIT_USAGE;
}

int wn_cli_bad_value(const char *cmd, const struct option *lo, int c, const char *arg,
                     const char *accepted)
{
    char name[128];
    wn_cli_error("%s: %s: bad value '%s'%s%s%s", cmd, wn_cli_option_name(lo, c, name, sizeof name),
                 arg ? arg : "", accepted ? " (" : "", accepted ? accepted : "", accepted ? ")" : "");
    return WN_EXIT_USAGE;
}

/* ---- language labels ------------------------------------------------------------------------- */

typedef struct {
    size_t index;
    size_t score;   /* lower is nearer */
} near_label;

static int by_score(const void *a, const void *b)
{
    const near_label *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* How near the code is to what the user typed: a code that starts the word ("en" in
 * "english", "fr" in "French") or that the word starts is nearest, then edit distance. */
static size_t label_score(const char *word, const char *code)
{
    size_t lw = strlen(word), lc = strlen(code);
    if (lc && lw > lc && !strncasecmp(word, code, lc))
        return 0;
    if (lw && lc > lw && !strncasecmp(code, word, lw))
        return 1;
    return 2 + wn_cli_edit_distance(word, code);
}

int wn_cli_check_languages(const char *cmd, const char *option, const wn_langid_model *m,
                           const char *model_name, const char *const *langs, size_t n)
{
    int rc = -1;
    size_t nl = wn_langid_model_nlabels(m);
    near_label *v = calloc(nl + 1, sizeof *v);
    for (size_t i = 0; i < n; i++) {
        if (wn_langid_model_find_label(m, wn_slice_cstr(langs[i])) >= 0)
            continue;
        rc = WN_EXIT_USAGE;
        char list[256] = "";
        if (v) {
            for (size_t j = 0; j < nl; j++) {
                wn_slice code = wn_langid_label_code(wn_langid_model_label(m, j));
                char c[64];
                snprintf(c, sizeof c, "%.*s", (int)(code.len < 63 ? code.len : 63), code.ptr);
                v[j] = (near_label){ j, label_score(langs[i], c) };
            }
            qsort(v, nl, sizeof *v, by_score);
            size_t at = 0;
            for (size_t j = 0; j < nl && j < 5; j++) {
                wn_slice code = wn_langid_label_code(wn_langid_model_label(m, v[j].index));
                at += (size_t)snprintf(list + at, sizeof list - at, "%s%.*s", j ? ", " : "",
                                       (int)code.len, code.ptr);
                if (at >= sizeof list)
                    break;
            }
        }
        wn_cli_error("%s: %s: the %s%s has no language '%s'; nearest labels it has: %s "
                     "(of %zu)", cmd, option, model_name ? "model " : "default model",
                     model_name ? model_name : "", langs[i], list, nl);
    }
    free(v);
    return rc;
}
