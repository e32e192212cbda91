/* cmd_report.c: `winnow report DIR...`: what one or more runs did, as a text summary on
 * stdout and an HTML page of charts (inline SVG: no script, no network, opens anywhere).
 *
 * DESIGN: the numbers come from stats.json only (wn_report_add_stats, winnow/report.h, sums several), so the
 * report of a run is reproducible long after it, and agrees with what scripts read. */
#include <getopt.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include "cli.h"

#define MAX_BARS 40          /* rows per chart; the rest are summed in one "other" bar */
#define STATS_MAX ((size_t)64 << 20)

static void report_help(FILE *f)
{
    fprintf(f,
        "usage: winnow report [OPTIONS] DIR|stats.json...\n\n"
        "Summarises the stats.json of one or more runs (several are summed: the parts of\n"
        "one job run separately) on stdout, and writes an HTML page with charts of the\n"
        "outcomes, the reasons documents were dropped or failed, the languages, each\n"
        "stage's funnel and each input, the wall time of each pass and the CPU time of each\n"
        "stage.\n\n"
        "options:\n"
        "  -o, --output FILE   the HTML page (default DIR/report.html of the first DIR)\n"
        "  --no-html           only the text summary\n"
        "  -q, --quiet         only the HTML page\n"
        "  -h, --help          this help\n\n"
        "exit codes: 0 done, 2 usage, 3 a stats.json missing, unreadable or malformed\n");
}

static double pct(uint64_t a, uint64_t b) { return b ? 100.0 * (double)a / (double)b : 0.0; }

/* ---- text ---------------------------------------------------------------------------------- */

static void text_table(FILE *f, const char *title, const wn_report_table *t, uint64_t total, size_t max)
{
    if (!t->n)
        return;
    fprintf(f, "\n%s\n", title);
    for (size_t i = 0; i < t->n && i < max; i++)
        fprintf(f, "  %-36s %12llu  %5.1f %%\n", t->v[i].name, (unsigned long long)t->v[i].v[0],
                pct(t->v[i].v[0], total));
    if (t->n > max)
        fprintf(f, "  (%zu more)\n", t->n - max);
}

/* stats.json's "timing": wall time by pass, and where the CPU went, stage by stage */
static void print_time(FILE *f, const wn_report *r)
{
    if (r->passes.n) {
        fprintf(f, "\ntime by pass (wall):\n");
        for (size_t i = 0; i < r->passes.n; i++)
            fprintf(f, "  %-36s %10.2f s\n", r->passes.v[i].name, (double)r->passes.v[i].v[0] / 1000);
    }
    uint64_t total = 0;
    for (size_t i = 0; i < r->cpu.n; i++)
        total += r->cpu.v[i].v[0];
    if (r->cpu.n) {
        fprintf(f, "\nCPU time by stage (%% of %.2f CPU s):\n", (double)total / 1000);
        for (size_t i = 0; i < r->cpu.n; i++)
            fprintf(f, "  %-36s %10.2f s  %5.1f %%\n", r->cpu.v[i].name, (double)r->cpu.v[i].v[0] / 1000,
                    pct(r->cpu.v[i].v[0], total));
    }
}

static void print_text(FILE *f, const wn_report *r)
{
    fprintf(f, "%u run%s, %llu input%s (%llu failed), %.1f MB read, %.2f s\n", r->runs,
            r->runs == 1 ? "" : "s", (unsigned long long)r->inputs, r->inputs == 1 ? "" : "s",
            (unsigned long long)r->inputs_failed, (double)r->bytes_in / 1e6, r->seconds);
    fprintf(f, "documents: %llu in, %llu kept (%.1f %%), %llu dropped (%.1f %%), %llu failed (%.1f %%)\n",
            (unsigned long long)r->in, (unsigned long long)r->kept, pct(r->kept, r->in),
            (unsigned long long)r->dropped, pct(r->dropped, r->in), (unsigned long long)r->failed,
            pct(r->failed, r->in));
    text_table(f, "dropped, by reason (% of documents in):", &r->dropped_reasons, r->in, 30);
    text_table(f, "failed, by error (% of documents in):", &r->failed_reasons, r->in, 30);
    if (r->languages.n) {
        fprintf(f, "\nlanguages (kept, dropped):\n");
        for (size_t i = 0; i < r->languages.n && i < 30; i++)
            fprintf(f, "  %-36s %12llu %12llu\n", r->languages.v[i].name,
                    (unsigned long long)r->languages.v[i].v[0], (unsigned long long)r->languages.v[i].v[1]);
        if (r->languages.n > 30)
            fprintf(f, "  (%zu more)\n", r->languages.n - 30);
    }
    if (r->stages.n) {
        fprintf(f, "\nstages (in, dropped, failed):\n");
        for (size_t i = 0; i < r->stages.n; i++)
            fprintf(f, "  %-36s %12llu %12llu %12llu\n", r->stages.v[i].name,
                    (unsigned long long)r->stages.v[i].v[0], (unsigned long long)r->stages.v[i].v[1],
                    (unsigned long long)r->stages.v[i].v[2]);
    }
    print_time(f, r);
}

/* ---- HTML ----------------------------------------------------------------------------------
 * The page is built in a capped buffer; its first failure is kept (later pieces are not added)
 * and the page is then not written, with a message. */

/* The page: charts of at most MAX_BARS + 1 rows (names cut to 40 bytes: under 1 MB in all), the
 * sources as given on the command line (at most ARG_MAX, 2 MiB on Linux, each byte escaped to
 * 6 at worst) and the readers' counters table (a row per counter name, each set of names capped
 * at 65536): 256 MiB is far above any of it. */
#define REPORT_HTML_MAX ((size_t)256 << 20)

typedef struct {
    wn_buf b;
    wn_status st;   /* the first failure: nothing is added after it */
} html_page;

static void hput(html_page *o, const char *s)
{
    if (!o->st)
        o->st = wn_buf_append_str(&o->b, s);
}

static void hputc(html_page *o, char c)
{
    if (!o->st)
        o->st = wn_buf_append_char(&o->b, c);
}

/* Only for short pieces (markup, numbers, series names): text from a stats.json goes
 * through esc(). */
__attribute__((format(printf, 2, 3)))
static void hprintf(html_page *o, const char *fmt, ...)
{
    char tmp[1024];   /* the longest, the totals line, is under 700 bytes */
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (!o->st)
        o->st = n < 0 || (size_t)n >= sizeof tmp ? WN_ERR_TOO_LARGE : wn_buf_append(&o->b, tmp, (size_t)n);
}

static void esc(html_page *o, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': hput(o, "&lt;"); break;
        case '>': hput(o, "&gt;"); break;
        case '&': hput(o, "&amp;"); break;
        case '"': hput(o, "&quot;"); break;
        default: hputc(o, *s);
        }
    }
}

typedef struct {
    const char *name;
    const char *color;
} series;

static const series S_KEPT = { "kept", "#2e7d32" }, S_DROPPED = { "dropped", "#ef6c00" },
                    S_FAILED = { "failed", "#c62828" }, S_IN = { "in", "#1565c0" };

/* A horizontal bar chart: one row per table row, its columns `cols` stacked in the series'
 * colours, scaled to the largest row. Each bar carries its exact numbers in a <title>. */
static void svg_bars(html_page *o, const char *title, const wn_report_table *t, const int *cols,
                     const series *const *ser, size_t n_ser)
{
    if (!t->n)
        return;
    size_t rows = t->n < MAX_BARS ? t->n : MAX_BARS;
    uint64_t other[4] = { 0, 0, 0, 0 };
    for (size_t i = rows; i < t->n; i++)
        for (size_t s = 0; s < n_ser; s++)
            other[s] += t->v[i].v[cols[s]];
    size_t drawn = rows + (t->n > rows);
    uint64_t max = 1;
    for (size_t i = 0; i < drawn; i++) {
        uint64_t sum = 0;
        for (size_t s = 0; s < n_ser; s++)
            sum += i < rows ? t->v[i].v[cols[s]] : other[s];
        if (sum > max)
            max = sum;
    }
    const int label_w = 260, bar_w = 520, row_h = 20, top = 28;
    hput(o, "<h2>");
    esc(o, title);
    hprintf(o, "</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%zu\" role=\"img\">\n",
                  label_w + bar_w + 120, top + drawn * (size_t)row_h + 8);
    /* legend */
    for (size_t s = 0; s < n_ser; s++)
        hprintf(o, "<rect x=\"%zu\" y=\"6\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                         "<text x=\"%zu\" y=\"17\">%s</text>\n",
                      (size_t)label_w + s * 110, ser[s]->color, (size_t)label_w + s * 110 + 16, ser[s]->name);
    for (size_t i = 0; i < drawn; i++) {
        const char *name = i < rows ? t->v[i].name : "(other)";
        size_t y = top + i * (size_t)row_h;
        hprintf(o, "<g class=\"row\"><text x=\"%d\" y=\"%zu\" text-anchor=\"end\">", label_w - 8, y + 14);
        /* long names (input paths) keep their end, the informative part */
        size_t len = strlen(name);
        if (len > 40) {
            hput(o, "…");
            name += len - 39;
        }
        esc(o, name);
        hput(o, "</text>");
        double x = label_w;
        uint64_t sum = 0;
        for (size_t s = 0; s < n_ser; s++) {
            uint64_t v = i < rows ? t->v[i].v[cols[s]] : other[s];
            sum += v;
            double w = (double)bar_w * (double)v / (double)max;
            if (v == 0)
                continue;
            hprintf(o, "<rect x=\"%.1f\" y=\"%zu\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
                             "<title>%s: %llu</title></rect>",
                          x, y + 2, w < 1 ? 1 : w, row_h - 4, ser[s]->color, ser[s]->name,
                          (unsigned long long)v);
            x += w;
        }
        hprintf(o, "<text x=\"%.1f\" y=\"%zu\">%llu</text></g>\n", x + 6, y + 14,
                      (unsigned long long)sum);
    }
    hput(o, "</svg>\n");
}

static void html_counts_table(html_page *o, const char *title, const wn_report_table *t)
{
    if (!t->n)
        return;
    hput(o, "<h2>");
    esc(o, title);
    hput(o, "</h2>\n<table>\n");
    for (size_t i = 0; i < t->n; i++) {
        hput(o, "<tr><td>");
        esc(o, t->v[i].name);
        hprintf(o, "</td><td class=\"n\">%llu</td></tr>\n", (unsigned long long)t->v[i].v[0]);
    }
    hput(o, "</table>\n");
}

static void render_html(html_page *o, const wn_report *r, char *const *sources, size_t n_sources)
{
    hput(o, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                         "<title>winnow report</title>\n<style>"
                         "body{font:14px system-ui,sans-serif;margin:2em;color:#222}"
                         "svg text{font:12px system-ui,sans-serif}"
                         "table{border-collapse:collapse}td,th{padding:2px 10px;border-bottom:1px solid #ddd}"
                         "td.n{text-align:right;font-variant-numeric:tabular-nums}"
                         "</style></head><body>\n<h1>winnow report</h1>\n<p>");
    for (size_t i = 0; i < n_sources; i++) {
        if (i)
            hput(o, ", ");
        hput(o, "<code>");
        esc(o, sources[i]);
        hput(o, "</code>");
    }
    hprintf(o, "</p>\n<p id=\"totals\">%llu documents in: <b>%llu kept</b> (%.1f %%), %llu dropped "
                     "(%.1f %%), %llu failed (%.1f %%); %llu inputs (%llu failed); %.1f MB read, "
                     "%.1f MB of text kept; %.2f s.</p>\n",
                  (unsigned long long)r->in, (unsigned long long)r->kept, pct(r->kept, r->in),
                  (unsigned long long)r->dropped, pct(r->dropped, r->in), (unsigned long long)r->failed,
                  pct(r->failed, r->in), (unsigned long long)r->inputs,
                  (unsigned long long)r->inputs_failed, (double)r->bytes_in / 1e6,
                  (double)r->text_kept / 1e6, r->seconds);
    /* the outcome as a one-row stacked chart */
    wn_report_row all = { "all documents", { r->kept, r->dropped, r->failed, 0 } };
    wn_report_table one = { &all, 1, 1 };
    static const int c012[] = { 0, 1, 2 }, c0[] = { 0 };
    const series *kdf[] = { &S_KEPT, &S_DROPPED, &S_FAILED };
    svg_bars(o, "Outcome", &one, c012, kdf, 3);
    const series *dr[] = { &S_DROPPED }, *fl[] = { &S_FAILED };
    svg_bars(o, "Dropped, by reason", &r->dropped_reasons, c0, dr, 1);
    svg_bars(o, "Failed, by error", &r->failed_reasons, c0, fl, 1);
    const series *kd[] = { &S_KEPT, &S_DROPPED };
    svg_bars(o, "Languages", &r->languages, c012, kd, 2);
    const series *in[] = { &S_IN }, *sd[] = { &S_DROPPED, &S_FAILED };
    svg_bars(o, "Documents into each stage", &r->stages, c0, in, 1);
    static const int c12[] = { 1, 2 };
    svg_bars(o, "Removed by each stage", &r->stages, c12, sd, 2);
    static const int c123[] = { 1, 2, 3 };
    svg_bars(o, "Inputs", &r->inputs_table, c123, kdf, 3);
    svg_bars(o, "Wall time by pass (ms)", &r->passes, c0, in, 1);
    svg_bars(o, "CPU time by stage (ms, summed over threads)", &r->cpu, c0, in, 1);
    html_counts_table(o, "What the readers counted", &r->reader);
    hprintf(o, "<p><small>winnow %s</small></p>\n</body></html>\n", WN_VERSION);
}

/* ---- command ------------------------------------------------------------------------------- */

/* DIR or DIR/stats.json or any file: the stats.json path for an argument. */
static wn_status stats_path(const char *arg, char *out, size_t cap)
{
    struct stat st;
    if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode))
        return wn_path_join(out, cap, arg, "stats.json");
    return wn_path_printf(out, cap, "%s", arg);
}

/* long-option codes: named, above the single-letter options' characters */
enum {
    REPORT_OPT_NO_HTML = 256,
};

int wn_cmd_report(int argc, char **argv)
{
    const char *out_path = NULL;
    bool html = true, text = true;
    static const struct option longopts[] = {
        { "output", required_argument, 0, 'o' },
        { "no-html", no_argument, 0, REPORT_OPT_NO_HTML },
        { "quiet", no_argument, 0, 'q' },
        { "help", no_argument, 0, 'h' },
        { 0, 0, 0, 0 },
    };
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': out_path = optarg; break;
        case REPORT_OPT_NO_HTML: html = false; break;
        case 'q': text = false; break;
        case 'h': report_help(stdout); return WN_EXIT_OK;
        default: return wn_cli_option_error("report", longopts, c, argc, argv);
        }
    }
    if (optind >= argc) {
        wn_cli_error("report: give one or more run directories (or stats.json files)");
        return WN_EXIT_USAGE;
    }
    wn_report r;
    memset(&r, 0, sizeof r);
    wn_buf js;
    wn_buf_init(&js, STATS_MAX);
    int rc = WN_EXIT_OK;
    for (int i = optind; i < argc && rc == WN_EXIT_OK; i++) {
        char path[WN_PATH_CAP], err[512];
        wn_status st = stats_path(argv[i], path, sizeof path);
        if (st) {
            wn_cli_error("report: %s: path too long", argv[i]);
            rc = WN_EXIT_USAGE;
        } else if ((st = wn_file_read_all(path, &js))) {
            wn_cli_error("report: %s: cannot read (%s)", path,
                         st == WN_ERR_TOO_LARGE ? "larger than 64 MB" : "missing or unreadable: did the run complete?");
            rc = WN_EXIT_IO;
        } else if ((st = wn_report_add_stats(&r, js.data ? js.data : "", js.len, err, sizeof err))) {
            wn_cli_error("report: %s: %s", path, st == WN_ERR_NOMEM ? "out of memory" : err);
            rc = WN_EXIT_IO;
        }
    }
    wn_buf_free(&js);
    if (rc == WN_EXIT_OK) {
        wn_report_sort(&r.dropped_reasons, 0, -1);
        wn_report_sort(&r.failed_reasons, 0, -1);
        wn_report_sort(&r.languages, 0, 1);
        wn_report_sort(&r.reader, 0, -1);
        wn_report_sort(&r.cpu, 0, -1);
        if (text)
            print_text(stdout, &r);
        if (html) {
            char def[WN_PATH_CAP];
            if (!out_path) {
                struct stat st;
                if (stat(argv[optind], &st) == 0 && S_ISDIR(st.st_mode))
                    wn_path_join(def, sizeof def, argv[optind], "report.html");  /* fits: its stats.json did */
                else
                    wn_path_printf(def, sizeof def, "report.html");
                out_path = def;
            }
            html_page page = { .st = WN_OK };
            wn_buf_init(&page.b, REPORT_HTML_MAX);
            render_html(&page, &r, argv + optind, (size_t)(argc - optind));
            char werr[4600];
            if (page.st) {
                wn_cli_error("report: %s: %s", out_path, page.st == WN_ERR_TOO_LARGE ?
                             "the page would be over 256 MiB: not written" : "out of memory");
                rc = WN_EXIT_IO;
            } else if (wn_file_write_atomic(out_path, page.b.data, page.b.len, werr, sizeof werr)) {
                wn_cli_error("report: %s", werr);
                rc = WN_EXIT_IO;
            } else if (text) {
                printf("\nreport: %s\n", out_path);
            }
            wn_buf_free(&page.b);
        }
    }
    wn_report_free(&r);
    return rc;
}
