/* cmd_extract.c: `winnow extract FILE...`: main text (and metadata) of HTML pages. */
#include <getopt.h>
#include <limits.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"

static void extract_help(FILE *f)
{
    fprintf(f,
        "usage: winnow extract [OPTIONS] [FILE...]\n\n"
        "Prints the main content of each HTML page (FILE may be gzip- or zstd-compressed;\n"
        "'-' or no FILE reads stdin). Navigation, cookie notices, share widgets, related\n"
        "lists and comments are left out; headings, paragraphs, lists, tables, quotes and code\n"
        "keep their breaks. The charset is found as browsers do (BOM, <meta>, detector).\n\n"
        "options:\n"
        "  --format F        text (default), markdown, or json: one object per input per line\n"
        "                    {source,text,title,author,date,url,sitename,description,lang}\n"
        "  --comments        keep user comments\n"
        "  --links           markdown: keep links as [text](href)\n"
        "  --no-tables       leave tables out\n"
        "  --title-in-text   the page's title (metadata) also as the text's first line\n"
        "  --parser own      the HTML parser: own, the only one (accepted for old scripts)\n"
        "  --url URL         the page's URL (helps dating it; json url fallback)\n"
        "  --stopwords FILE  stop-word lists (default $WINNOW_STOPWORDS or data/stopwords-iso.json\n"
        "                    next to the program, from scripts/fetch-stopwords.sh)\n"
        "  --max-size N      pages larger than N are refused as too_large (default 16M)\n"
        "  --time            print per-page timing to stderr (for bench/)\n"
        "  -q, --quiet       no warnings\n"
        "  -h, --help        this help\n\n"
        "A page over the bounds is reported as too_large (over --max-size) or\n"
        "too_many_elements (its tree would take over 4x the page + 16 MB).\n"
        "exit codes: 0 done, 1 some inputs failed, 2 usage, 3 I/O error\n");
}

#define BIG_PAGE ((size_t)1 << 20)

/* A page's bytes decoded to UTF-8 (3 bytes per input byte at worst), as its decode buffer
 * below is capped; and the output of one page: that text with every byte escaped to 6 in
 * JSON at worst, plus the metadata fields (4 KB each) and the source path in 1 MiB. */
#define EXTRACT_UTF8_MAX(page_max) ((page_max) * 3 + 16)
#define EXTRACT_OUT_MAX(page_max) (6 * EXTRACT_UTF8_MAX(page_max) + ((size_t)1 << 20))

static wn_status read_all(const char *path, size_t max, wn_buf *out, char *err, size_t cap)
{
    wn_stream *s;
    wn_status st = wn_stream_open(&s, path, err, cap);
    if (st)
        return st;
    wn_buf_reset(out);
    out->max = max + 1;
    /* straight into the page's buffer: a chunk between them was one more copy of every page */
    const size_t chunk = (size_t)1 << 16;
    for (;;) {
        size_t got = 0, room = out->max - out->len;
        if (room == 0) {
            st = WN_ERR_TOO_LARGE;
            break;
        }
        if ((st = wn_buf_reserve(out, room < chunk ? room : chunk)))
            break;
        st = wn_stream_read(s, out->data + out->len, room < chunk ? room : chunk, &got);
        if (st || got == 0)
            break;
        out->len += got;
        out->data[out->len] = 0;
    }
    if (st && st != WN_ERR_TOO_LARGE)
        snprintf(err, cap, "%s: %s", path, wn_stream_error(s)[0] ? wn_stream_error(s) : wn_strerror(st));
    wn_stream_close(s);
    return st;
}

static wn_status json_field(wn_buf *o, const char *key, wn_slice v)
{
    wn_status st = wn_buf_printf(o, ",\"%s\":", key);
    if (!st)
        st = v.len ? wn_json_escape(o, v.ptr, v.len) : wn_buf_append_str(o, "null");
    return st;
}

/* long-option codes: named, above the single-letter options' characters */
enum {
    EXTRACT_OPT_COMMENTS = 256,
    EXTRACT_OPT_LINKS,
    EXTRACT_OPT_NO_TABLES,
    EXTRACT_OPT_TITLE_IN_TEXT,
    EXTRACT_OPT_STOPWORDS,
    EXTRACT_OPT_MAX_SIZE,
    EXTRACT_OPT_URL,
    EXTRACT_OPT_TIME,
    EXTRACT_OPT_PARSER,
};

int wn_cmd_extract(int argc, char **argv)
{
    wn_extract_opts o;
    wn_extract_opts_default(&o);
    bool json = false, timing = false;
    const char *sw_path = NULL, *url = NULL;
    static const struct option longopts[] = {
        { "format", required_argument, 0, 'f' },
        { "comments", no_argument, 0, EXTRACT_OPT_COMMENTS },
        { "links", no_argument, 0, EXTRACT_OPT_LINKS },
        { "no-tables", no_argument, 0, EXTRACT_OPT_NO_TABLES },
        { "title-in-text", no_argument, 0, EXTRACT_OPT_TITLE_IN_TEXT },
        { "stopwords", required_argument, 0, EXTRACT_OPT_STOPWORDS },
        { "max-size", required_argument, 0, EXTRACT_OPT_MAX_SIZE },
        { "url", required_argument, 0, EXTRACT_OPT_URL },
        { "time", no_argument, 0, EXTRACT_OPT_TIME },
        { "parser", required_argument, 0, EXTRACT_OPT_PARSER },
        { "quiet", no_argument, 0, 'q' },
        { "help", no_argument, 0, 'h' },
        { 0, 0, 0, 0 },
    };
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":f:qh", longopts, NULL)) != -1) {
        bool ok = true;
        uint64_t sz;
        switch (c) {
        case 'f':
            if (!strcmp(optarg, "text")) o.format = WN_EXTRACT_TEXT;
            else if (!strcmp(optarg, "markdown") || !strcmp(optarg, "md")) o.format = WN_EXTRACT_MARKDOWN;
            else if (!strcmp(optarg, "json")) json = true, o.format = WN_EXTRACT_TEXT;
            else ok = false;
            break;
        case EXTRACT_OPT_COMMENTS: o.keep_comments = true; break;
        case EXTRACT_OPT_LINKS: o.keep_links = true; break;
        case EXTRACT_OPT_NO_TABLES: o.keep_tables = false; break;
        case EXTRACT_OPT_TITLE_IN_TEXT: o.title_in_text = true; break;
        case EXTRACT_OPT_STOPWORDS: sw_path = optarg; break;
        case EXTRACT_OPT_MAX_SIZE:
            ok = wn_cli_parse_size(optarg, &sz) && sz > 0 && sz <= ((uint64_t)1 << 30);
            o.max_bytes = (size_t)sz;
            break;
        case EXTRACT_OPT_URL: url = optarg; break;
        case EXTRACT_OPT_TIME: timing = true; break;
        case EXTRACT_OPT_PARSER: ok = !strcmp(optarg, "own"); break;
        case 'q': wn_cli_state.verbosity = -1; break;
        case 'h': extract_help(stdout); return WN_EXIT_OK;
        default: return wn_cli_option_error("extract", longopts, c, argc, argv);
        }
        if (!ok)
            return wn_cli_bad_value("extract", longopts, c, optarg,
                                    c == 'f' ? "text, markdown (md) or json" :
                                    c == EXTRACT_OPT_PARSER ? WN_PARSER_ACCEPTS : "a size from 1 to 1G, e.g. 16M");
    }
    bool fatal;
    wn_stopwords *sw = wn_cli_load_stopwords(sw_path, true, &fatal);
    if (fatal)
        return WN_EXIT_USAGE;
    o.stopwords = sw;
    wn_extractor *x;
    if (wn_extractor_create(&x, &o)) {
        wn_cli_error("extract: out of memory");
        wn_stopwords_free(sw);
        return WN_EXIT_IO;
    }
    const char *stdin_only[] = { "-" };
    const char *const *paths = (const char *const *)argv + optind;
    size_t n_paths = (size_t)(argc - optind);
    if (n_paths == 0) {
        paths = stdin_only;
        n_paths = 1;
    }
    int rc = WN_EXIT_OK;
    wn_buf in, out, utf8;
    wn_buf_init(&in, o.max_bytes + 1);   /* one byte more tells a page over the limit */
    wn_buf_init(&utf8, EXTRACT_UTF8_MAX(o.max_bytes));
    wn_buf_init(&out, EXTRACT_OUT_MAX(o.max_bytes));
    for (size_t i = 0; i < n_paths; i++) {
        char err[1024];
        wn_extract_result r;
        struct timespec t0, t1;
        wn_status st = read_all(paths[i], o.max_bytes, &in, err, sizeof err);
        size_t in_len = in.len;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        if (st == WN_OK && in.len > o.max_bytes)
            st = WN_ERR_TOO_LARGE;
        /* the page as UTF-8: the read bytes themselves when they are valid UTF-8 already,
         * else converted into utf8 */
        wn_slice text = { "", 0 };
        if (st == WN_OK) {
            char label[64];
            st = wn_charset_html_text(in.data ? in.data : "", in.len, NULL, &utf8, &text, label, sizeof label);
        }
        /* a large page's copies are dead once used: not kept beside the next step's memory
         * (issue 18, item 8); small ones keep their buffers for the next page */
        if (in.cap >= BIG_PAGE && text.ptr != in.data)
            wn_buf_free(&in);
        if (st == WN_OK)
            st = wn_extract_html_valid(x, text.ptr, text.len, url, url ? strlen(url) : 0, &r);
        if (in.cap >= BIG_PAGE)
            wn_buf_free(&in);
        if (utf8.cap >= BIG_PAGE)
            wn_buf_free(&utf8);     /* the result points into the extractor, not the input */
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if (timing)
            fprintf(stderr, "time %s %zu %.6f\n", paths[i], in_len,
                    (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
        if (st) {
            if (st == WN_ERR_TOO_LARGE || st == WN_ERR_TOO_DEEP || st == WN_ERR_TOO_MANY_ELEMENTS)
                wn_cli_warn("%s: %s", paths[i], wn_strerror(st));
            else
                wn_cli_error("%s", err[0] ? err : wn_strerror(st));
            rc = WN_EXIT_INPUTS_FAILED;
            if (json) {
                wn_buf_reset(&out);
                wn_buf_append_str(&out, "{\"source\":");
                wn_json_escape(&out, paths[i], strlen(paths[i]));
                wn_buf_printf(&out, ",\"text\":\"\",\"error\":\"%s\"}\n", wn_strerror(st));
                fwrite(out.data, 1, out.len, stdout);
            }
            continue;
        }
        wn_buf_reset(&out);
        if (json) {
            st = wn_buf_append_str(&out, "{\"source\":");
            if (!st) st = wn_json_escape(&out, paths[i], strlen(paths[i]));
            if (!st) st = wn_buf_append_str(&out, ",\"text\":");
            if (!st) st = wn_json_escape(&out, r.text.ptr, r.text.len);
            if (!st) st = json_field(&out, "title", r.title);
            if (!st) st = json_field(&out, "author", r.author);
            if (!st) st = json_field(&out, "date", r.date);
            if (!st) st = json_field(&out, "url", r.url);
            if (!st) st = json_field(&out, "sitename", r.sitename);
            if (!st) st = json_field(&out, "description", r.description);
            if (!st) st = json_field(&out, "lang", r.lang);
            if (!st) st = wn_buf_append_str(&out, "}\n");
        } else {
            st = wn_buf_append(&out, r.text.ptr, r.text.len);
            if (!st) st = wn_buf_append_str(&out, n_paths > 1 ? "\n\n" : "\n");
        }
        if (st) {   /* a part of a page is never printed as the whole of it */
            wn_cli_error("%s: output: %s", paths[i], st == WN_ERR_NOMEM ? "out of memory" : wn_strerror(st));
            rc = WN_EXIT_IO;
            break;
        }
        if (fwrite(out.data, 1, out.len, stdout) != out.len) {
            wn_cli_error("extract: write error");
            rc = WN_EXIT_IO;
            break;
        }
    }
    wn_buf_free(&in);
    wn_buf_free(&utf8);
    wn_buf_free(&out);
    wn_extractor_free(x);
    wn_stopwords_free(sw);
    if (fflush(stdout) != 0)
        rc = WN_EXIT_IO;
    return rc;
}
