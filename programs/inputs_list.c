/* inputs_list.c: --inputs-from FILE and --base-url URL (see inputs_list.h). A Common Crawl
 * dump is published as warc.paths.gz, one path relative to https://data.commoncrawl.org/ per
 * line: `winnow run --inputs-from warc.paths.gz --base-url https://data.commoncrawl.org`
 * reads it as it is. */
#include <stdlib.h>
#include <string.h>
#include "inputs_list.h"

static bool push_input(wn_cli_inputs *in, char *s)
{
    if (!s)
        return false;
    if (in->n == in->cap) {
        size_t cap = in->cap ? in->cap * 2 : 64;
        char **v = realloc(in->v, cap * sizeof *v);
        if (!v) {
            free(s);
            return false;
        }
        in->v = v;
        in->cap = cap;
    }
    in->v[in->n++] = s;
    return true;
}

/* One line of the list (no newline): false when out of memory. */
static bool add_entry(wn_cli_inputs *in, char *p, size_t n, const char *base)
{
    while (n > 0 && (*p == ' ' || *p == '\t'))
        p++, n--;
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
        n--;
    if (n == 0 || *p == '#')
        return true;
    bool relative = *p != '/' && !memmem(p, n, "://", 3) && !(n == 1 && *p == '-');
    if (!base || !relative)
        return push_input(in, strndup(p, n));
    size_t bl = strlen(base);
    bool slash = bl > 0 && base[bl - 1] == '/';
    char *s = malloc(bl + 1 + n + 1);
    if (s)
        snprintf(s, bl + 1 + n + 1, "%s%s%.*s", base, slash ? "" : "/", (int)n, p);
    return push_input(in, s);
}

static int build_here(const char *cmd, char *const *args, size_t n_args, const char *list,
                      const char *base_url, const wn_remote_opts *remote, wn_cli_inputs *in)
{
    memset(in, 0, sizeof *in);
    for (size_t i = 0; i < n_args; i++)
        if (!push_input(in, strdup(args[i])))
            goto nomem;
    if (base_url && !list) {
        wn_cli_error("%s: --base-url applies to the entries of --inputs-from FILE, and there is none", cmd);
        return WN_EXIT_USAGE;
    }
    if (!list)
        return -1;
    char err[1024];
    wn_stream *s;
    if (wn_stream_open_ex(&s, list, remote, err, sizeof err)) {
        wn_cli_error("%s: --inputs-from: %s", cmd, err);
        wn_cli_inputs_free(in);
        return WN_EXIT_USAGE;
    }
    /* line by line through a window: a line longer than it is an error, not cut in two */
    enum { CAP = 1 << 16 };
    char *buf = malloc(CAP);
    size_t len = 0, line_no = 0;
    int rc = -1;
    bool eof = false;
    while (buf && rc < 0 && !(eof && len == 0)) {
        if (!eof) {
            size_t got = 0;
            wn_status st = wn_stream_read(s, buf + len, CAP - len, &got);
            if (st) {
                wn_cli_error("%s: --inputs-from: %s", cmd, wn_stream_error(s));
                rc = WN_EXIT_USAGE;
                break;
            }
            eof = got == 0;
            len += got;
        }
        size_t from = 0;
        for (;;) {
            char *nl = memchr(buf + from, '\n', len - from);
            if (!nl && !(eof && from < len))
                break;
            size_t end = nl ? (size_t)(nl - buf) : len;
            line_no++;
            if (!add_entry(in, buf + from, end - from, base_url)) {
                rc = WN_EXIT_IO;
                break;
            }
            from = nl ? end + 1 : len;
        }
        memmove(buf, buf + from, len - from);
        len -= from;
        if (len == CAP) {
            wn_cli_error("%s: --inputs-from %s: line %zu is longer than %d bytes", cmd, list, line_no + 1, CAP);
            rc = WN_EXIT_USAGE;
        }
    }
    if (!buf)
        rc = WN_EXIT_IO;
    if (rc == WN_EXIT_IO)
        wn_cli_error("%s: out of memory", cmd);
    free(buf);
    wn_stream_close(s);
    if (rc >= 0)
        wn_cli_inputs_free(in);
    return rc;
nomem:
    wn_cli_error("%s: out of memory", cmd);
    wn_cli_inputs_free(in);
    return WN_EXIT_IO;
}

/* Under MPI the list is read once, by rank 0, and every rank gets rank 0's inputs: ranks that
 * each read it could see different lists (stdin reaches rank 0 only; a file or URL may change
 * between reads), and the ranks split the inputs by their place in one list. */
int wn_cli_inputs_build(const char *cmd, char *const *args, size_t n_args, const char *list,
                        const char *base_url, const wn_remote_opts *remote, wn_cli_inputs *in)
{
    if (!list || !wn_comm_active(wn_cli_comm))
        return build_here(cmd, args, n_args, list, base_url, remote, in);
    memset(in, 0, sizeof *in);
    int64_t head[2] = { -1, 0 };   /* the exit code (-1: go on), the packed inputs' bytes */
    char *pack = NULL;
    if (wn_cli_rank() == 0) {
        head[0] = build_here(cmd, args, n_args, list, base_url, remote, in);
        for (size_t i = 0; head[0] < 0 && i < in->n; i++)
            head[1] += (int64_t)strlen(in->v[i]) + 1;
        pack = head[0] < 0 ? malloc((size_t)head[1] + 1) : NULL;
        if (head[0] < 0 && !pack) {
            wn_cli_error("%s: out of memory", cmd);
            wn_cli_inputs_free(in);
            head[0] = WN_EXIT_IO;
        }
        for (size_t i = 0, at = 0; head[0] < 0 && i < in->n; i++) {
            size_t n = strlen(in->v[i]) + 1;
            memcpy(pack + at, in->v[i], n);
            at += n;
        }
    }
    if (wn_comm_bcast(wn_cli_comm, head, sizeof head)) {
        wn_cli_error("%s: cannot reach the other MPI ranks", cmd);
        free(pack);
        wn_cli_inputs_free(in);
        return WN_EXIT_IO;
    }
    if (head[0] >= 0) {
        free(pack);
        return (int)head[0];
    }
    if (!pack)
        pack = malloc((size_t)head[1] + 1);
    /* every rank takes part in the second exchange, which carries rank 0's bytes */
    char none = 0;
    wn_status st = wn_comm_bcast(wn_cli_comm, pack ? pack : &none, pack ? (size_t)head[1] : 0);
    int rc = -1;
    if (st || !pack) {
        wn_cli_error("%s: cannot share the input list with the other MPI ranks", cmd);
        rc = WN_EXIT_IO;
    } else if (wn_cli_rank() != 0) {
        for (size_t at = 0; at < (size_t)head[1] && rc < 0; at += strlen(pack + at) + 1)
            if (!push_input(in, strdup(pack + at)))
                rc = WN_EXIT_IO;
    }
    free(pack);
    /* a rank that could not take the list stops them all, rather than leave them waiting */
    if (wn_comm_agree(wn_cli_comm, rc < 0 ? WN_OK : WN_ERR_IO, NULL, NULL, 0))
        rc = WN_EXIT_IO;
    if (rc >= 0)
        wn_cli_inputs_free(in);
    return rc;
}

void wn_cli_inputs_free(wn_cli_inputs *in)
{
    for (size_t i = 0; i < in->n; i++)
        free(in->v[i]);
    free(in->v);
    memset(in, 0, sizeof *in);
}
