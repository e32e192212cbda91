/* cli.c: messages and size parsing of the CLI (progress and batch logs: cli_log.c). */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"

wn_cli wn_cli_state;

void wn_cli_clear_progress(void)
{
    if (wn_cli_state.progress_shown) {
        fputs("\r\033[K", stderr);
        wn_cli_state.progress_shown = false;
    }
}

/* One message is several stdio calls: stderr stays locked across them, so that a batch log
 * line written by the logger thread (cli_log.c) or another thread's message cannot land in the
 * middle of it (a JSON log then held a line that was neither). */
static void vmsg(const char *kind, const char *fmt, va_list ap)
{
    flockfile(stderr);
    wn_cli_clear_progress();
    if (wn_cli_comm)
        fprintf(stderr, "winnow[rank %d]: %s", wn_cli_comm->rank, kind);
    else
        fprintf(stderr, "winnow: %s", kind);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    funlockfile(stderr);
}

void wn_cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg("error: ", fmt, ap);
    va_end(ap);
}

void wn_cli_warn(const char *fmt, ...)
{
    if (wn_cli_state.verbosity < 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vmsg("warning: ", fmt, ap);
    va_end(ap);
}

void wn_cli_info(const char *fmt, ...)
{
    if (wn_cli_state.verbosity < 1)
        return;
    va_list ap;
    va_start(ap, fmt);
    vmsg("", fmt, ap);
    va_end(ap);
}

bool wn_cli_parse_size(const char *s, uint64_t *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || v < 0)
        return false;
    uint64_t mul = 1;
    switch (*end) {
    case 'k': case 'K': mul = 1ULL << 10; end++; break;
    case 'm': case 'M': mul = 1ULL << 20; end++; break;
    case 'g': case 'G': mul = 1ULL << 30; end++; break;
    case 't': case 'T': mul = 1ULL << 40; end++; break;
    default: break;
    }
    if (*end == 'B' || *end == 'b')
        end++;
    if (*end != '\0')
        return false;
    *out = (uint64_t)(v * (double)mul);
    return true;
}

bool wn_cli_parse_fraction(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v >= 0 && v <= 1))   /* NaN fails too */
        return false;
    *out = v;
    return true;
}

bool wn_cli_parse_uint(const char *s, unsigned *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v < 0 || v > 1000000)
        return false;
    *out = (unsigned)v;
    return true;
}

/* Messages already printed, by hash: the passes of a dedup read the same inputs again and
 * would repeat every warning about them (an open-addressing set, grown at half full). */
static uint64_t *seen;
static size_t seen_cap, seen_n;

static bool seen_before(const char *msg)
{
    uint64_t h = wn_hash64(msg, strlen(msg), 0x6d7367);
    h = h ? h : 1;
    if (2 * (seen_n + 1) > seen_cap) {
        size_t cap = seen_cap ? seen_cap * 2 : 256;
        uint64_t *v = calloc(cap, sizeof *v);
        if (!v)
            return false;   /* printing twice is better than not at all */
        for (size_t i = 0; i < seen_cap; i++)
            if (seen[i])
                for (size_t j = seen[i] & (cap - 1);; j = (j + 1) & (cap - 1))
                    if (!v[j]) {
                        v[j] = seen[i];
                        break;
                    }
        free(seen);
        seen = v;
        seen_cap = cap;
    }
    for (size_t j = h & (seen_cap - 1);; j = (j + 1) & (seen_cap - 1)) {
        if (seen[j] == h)
            return true;
        if (!seen[j]) {
            seen[j] = h;
            seen_n++;
            return false;
        }
    }
}

void wn_cli_on_message(void *ud, const char *msg)
{
    (void)ud;
    if (!seen_before(msg))
        wn_cli_warn("%s", msg);
}

char *wn_cli_join_args(int argc, char **argv)
{
    size_t n = 1;
    for (int i = 0; i < argc; i++)
        n += strlen(argv[i]) + 1;
    char *s = malloc(n);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (int i = 0; i < argc; i++) {
        if (i)
            strcat(s, " ");
        strcat(s, argv[i]);
    }
    return s;
}

int wn_cli_lock_output(const char *dir, wn_dir_lock **l)
{
    *l = NULL;
    char err[4600] = "";
    uint8_t rc = 0;
    if (wn_cli_rank() == 0) {
        wn_status st = WN_OK;
        if (wn_mkdirs(dir)) {
            snprintf(err, sizeof err, "%s: cannot create output directory: %s", dir, strerror(errno));
            st = WN_ERR_IO;
        } else {
            st = wn_dir_lock_take(l, dir, err, sizeof err);
        }
        rc = st == WN_OK ? 0 : st == WN_ERR_USAGE ? WN_EXIT_USAGE : WN_EXIT_IO;
    }
    /* the other ranks learn rank 0's answer, so that all go on or all stop */
    if (wn_comm_bcast(wn_cli_comm, &rc, 1) != WN_OK) {
        wn_cli_error("cannot reach the other MPI ranks");
        wn_dir_lock_release(*l);
        *l = NULL;
        return WN_EXIT_IO;
    }
    if (!rc)
        return -1;
    if (wn_cli_rank() == 0)
        wn_cli_error("%s", err);
    wn_cli_mpi_agreed();
    return rc;
}
