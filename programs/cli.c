/* cli.c: messages, size parsing and the progress line of the CLI. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"

wn_cli wn_cli_state;

static void clear_progress(void)
{
    if (wn_cli_state.progress_shown) {
        fputs("\r\033[K", stderr);
        wn_cli_state.progress_shown = false;
    }
}

static void vmsg(const char *kind, const char *fmt, va_list ap)
{
    clear_progress();
    if (wn_cli_comm)
        fprintf(stderr, "winnow[rank %d]: %s", wn_cli_comm->rank, kind);
    else
        fprintf(stderr, "winnow: %s", kind);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
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

void wn_cli_on_message(void *ud, const char *msg)
{
    (void)ud;
    wn_cli_warn("%s", msg);
}

static void fmt_time(char *b, size_t n, double s)
{
    long t = (long)s;
    if (t >= 3600)
        snprintf(b, n, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(b, n, "%02ld:%02ld", t / 60, t % 60);
}

void wn_cli_on_progress(void *ud, const wn_run_summary *s)
{
    (void)ud;
    if (!wn_cli_state.progress || s->seconds <= 0)
        return;
    char el[32], eta[48] = "";
    fmt_time(el, sizeof el, s->seconds);
    if (s->file_bytes_total && s->file_bytes_done > 0 && s->file_bytes_done < s->file_bytes_total) {
        double rest = s->seconds * (double)(s->file_bytes_total - s->file_bytes_done) / (double)s->file_bytes_done;
        char r[32];
        fmt_time(r, sizeof r, rest);
        snprintf(eta, sizeof eta, "  ETA %s", r);
    }
    fprintf(stderr, "\r\033[K%llu docs  %.0f docs/s  %.1f MB/s  kept %llu  dropped %llu  failed %llu  %s%s",
            (unsigned long long)s->in, (double)s->in / s->seconds,
            (double)s->bytes_in / 1e6 / s->seconds, (unsigned long long)s->kept,
            (unsigned long long)s->dropped, (unsigned long long)s->failed, el, eta);
    wn_cli_state.progress_shown = true;
}

void wn_cli_progress_done(void) { clear_progress(); }

void wn_cli_progress_setup(wn_run_config *cfg)
{
    cfg->on_progress = wn_cli_on_progress;
    const char *every = getenv("WINNOW_TEST_PROGRESS_EVERY_BATCH");
    if (every && atoi(every) > 0)
        cfg->progress_seconds = 0;
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
