/* cli_log.c: the progress of a command: a line kept up to date on a terminal, or, when stderr
 * is not one (a batch job), a plain or JSON log line every --log-interval seconds. Both name
 * the pass (run; sign, resolve, apply of a dedup) and never go blank while resolve works.
 *
 * DESIGN: the library reports (wn_run_config.on_progress from the writer thread, resolve's
 * steps from the calling thread) only update the state here; a logger thread writes the log
 * line every interval, so that the log goes on while no batch completes (a rank waiting for
 * the others, a long resolve step). Under MPI every rank's counts go to a small file in a
 * directory all ranks share (<dir>/.progress.rN, replaced atomically, at most once a second
 * and at the end of each pass), and rank 0 logs their sum: the whole job. At the end of each
 * pass rank 0 logs one last line, after the ranks have agreed, so the sum is then complete.
 * With WINNOW_TEST_PROGRESS_EVERY_BATCH (tests) there is no thread: a line follows every
 * report, and nothing depends on the clock. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"

typedef struct {
    uint64_t in, kept, dropped, failed, bytes_in, file_bytes_done, file_bytes_total;
} counts;

static struct {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t thread;
    bool running, stop;
    const char *pass;
    int index, total;
    bool log;            /* stderr is not a terminal, not quiet, rank 0, interval > 0 */
    bool every;          /* WINNOW_TEST_PROGRESS_EVERY_BATCH: on every report, not the clock */
    char dir[4096];      /* where the ranks' counts meet under MPI ("" = not shared) */
    double pass_start;   /* command seconds when the pass started */
    double last_line, last_file;
    bool have_docs;      /* a documents report came in this pass */
    counts mine;         /* this process's counts in this pass */
    char step[64];       /* resolve: the step, and the records it went through */
    uint64_t records;
} st = { .lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER,
         .pass = "run", .index = 1, .total = 1 };

static double now(void) { return wn_run_timing_elapsed(&wn_cli_state.timing); }

int wn_cli_log_option(int c, const char *arg, bool *ok)
{
    *ok = true;
    if (c == WN_CLI_OPT_LOG_INTERVAL) {
        char *end;
        double v = strtod(arg, &end);
        *ok = end != arg && !*end && v >= 0 && v <= 1e6;   /* seconds; 0 = no log */
        if (*ok)
            wn_cli_state.log_interval = v;
        return 1;
    }
    if (c == WN_CLI_OPT_LOG_FORMAT) {
        *ok = !strcmp(arg, "json") || !strcmp(arg, "text");
        wn_cli_state.log_json = !strcmp(arg, "json");
        return 1;
    }
    return 0;
}

const char *wn_cli_log_accepts(int c)
{
    return c == WN_CLI_OPT_LOG_INTERVAL ? "seconds, from 0 (no log) to 1000000"
         : c == WN_CLI_OPT_LOG_FORMAT   ? "text or json"
                                         : NULL;
}

void wn_cli_progress_setup(wn_run_config *cfg, const char *shared_dir)
{
    const char *every = WN_TEST_HOOK("WINNOW_TEST_PROGRESS_EVERY_BATCH");
    st.every = every && atoi(every) > 0;
    bool tty = isatty(2);
    wn_cli_state.progress = wn_cli_state.verbosity >= 0 && tty && !wn_cli_comm;
    st.log = wn_cli_state.verbosity >= 0 && !tty && wn_cli_state.log_interval > 0 && wn_cli_rank() == 0;
    snprintf(st.dir, sizeof st.dir, "%s", wn_cli_comm && shared_dir ? shared_dir : "");
    cfg->on_progress = wn_cli_on_progress;
    cfg->progress_seconds = st.every ? 0 : 0.2;
    cfg->timing = &wn_cli_state.timing;
    if (!wn_cli_state.timing.pass)
        wn_cli_state.timing.pass = st.pass;   /* "run", unless a dedup names its passes */
}

static void fmt_time(char *b, size_t n, double s)
{
    long t = (long)s;
    if (t >= 3600)
        snprintf(b, n, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(b, n, "%02ld:%02ld", t / 60, t % 60);
}

static void pass_label(char *b, size_t n)
{
    if (st.total > 1)
        snprintf(b, n, "%s %d/%d", st.pass, st.index, st.total);
    else
        snprintf(b, n, "%s", st.pass);
}

/* ---- the ranks' counts (MPI) ------------------------------------------------------------------- */

/* one file per pass and rank: a rank that starts the next pass does not overwrite the counts
 * rank 0 has yet to read for the last line of this one */
static void rank_file(char *b, size_t n, int pass, int rank)
{
    snprintf(b, n, "%s/.progress.p%d.r%d", st.dir, pass, rank);
}

/* this rank's counts, for rank 0 to sum; replaced atomically so a reader sees whole lines */
static void write_rank_file(const counts *c)
{
    char path[4200], tmp[4300];
    rank_file(path, sizeof path, st.index, wn_cli_rank());
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return;   /* the log then misses this rank's counts; the run goes on */
    fprintf(f, "%d %llu %llu %llu %llu %llu %llu %llu\n", st.index, (unsigned long long)c->in,
            (unsigned long long)c->kept, (unsigned long long)c->dropped,
            (unsigned long long)c->failed, (unsigned long long)c->bytes_in,
            (unsigned long long)c->file_bytes_done, (unsigned long long)c->file_bytes_total);
    if (fclose(f) == 0)
        rename(tmp, path);
    else
        unlink(tmp);
}

/* the whole job's counts: this rank's plus what the others last wrote for this pass */
static counts job_counts(void)
{
    counts sum = st.mine;
    if (!st.dir[0] || !wn_cli_comm)
        return sum;
    for (int r = 1; r < wn_cli_comm->size; r++) {
        char path[4200];
        rank_file(path, sizeof path, st.index, r);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        int pass;
        unsigned long long v[7];
        if (fscanf(f, "%d %llu %llu %llu %llu %llu %llu %llu", &pass, &v[0], &v[1], &v[2], &v[3],
                   &v[4], &v[5], &v[6]) == 8 && pass == st.index) {
            sum.in += v[0], sum.kept += v[1], sum.dropped += v[2], sum.failed += v[3];
            sum.bytes_in += v[4], sum.file_bytes_done += v[5], sum.file_bytes_total += v[6];
        }
        fclose(f);
    }
    return sum;
}

/* ---- the log line ------------------------------------------------------------------------------ */

/* Writes one log line from the state (st.lock held). */
static void log_line(void)
{
    char when[32], pass[48], el[32], line[1024];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    pass_label(pass, sizeof pass);
    double secs = now() - st.pass_start;
    fmt_time(el, sizeof el, secs);
    bool json = wn_cli_state.log_json;
    if (!st.have_docs) {
        /* resolve: what it does */
        if (json)
            snprintf(line, sizeof line, "{\"time\": \"%s\", \"pass\": \"%s\", \"pass_index\": %d, "
                     "\"passes\": %d, \"step\": \"%s\", \"records\": %llu, \"pass_seconds\": %.1f}\n",
                     when, st.pass, st.index, st.total, st.step[0] ? st.step : "starting",
                     (unsigned long long)st.records, secs);
        else
            snprintf(line, sizeof line, "%s winnow: %s: %s %llu, %s elapsed\n", when, pass,
                     st.step[0] ? st.step : "starting", (unsigned long long)st.records, el);
        fputs(line, stderr);
        fflush(stderr);
        return;
    }
    counts c = job_counts();
    double rate = secs > 0 ? secs : 1e-9;
    double docs_s = (double)c.in / rate, mb_s = (double)c.bytes_in / 1e6 / rate;
    double rest = -1;
    if (c.file_bytes_total && c.file_bytes_done > 0 && c.file_bytes_done < c.file_bytes_total)
        rest = secs * (double)(c.file_bytes_total - c.file_bytes_done) / (double)c.file_bytes_done;
    char eta[64] = "";
    if (json) {
        if (rest >= 0)
            snprintf(eta, sizeof eta, "\"eta_seconds\": %.0f, ", rest);
        snprintf(line, sizeof line, "{\"time\": \"%s\", \"pass\": \"%s\", \"pass_index\": %d, "
                 "\"passes\": %d, \"documents\": %llu, \"docs_per_s\": %.1f, \"mb_per_s\": %.2f, %s"
                 "\"kept\": %llu, \"dropped\": %llu, \"failed\": %llu, \"pass_seconds\": %.1f}\n",
                 when, st.pass, st.index, st.total, (unsigned long long)c.in, docs_s, mb_s, eta,
                 (unsigned long long)c.kept, (unsigned long long)c.dropped,
                 (unsigned long long)c.failed, secs);
    } else {
        if (rest >= 0) {
            char r[32];
            fmt_time(r, sizeof r, rest);
            snprintf(eta, sizeof eta, " ETA %s,", r);
        }
        snprintf(line, sizeof line, "%s winnow: %s: %llu docs, %.0f docs/s, %.1f MB/s,%s kept %llu, "
                 "dropped %llu, failed %llu, %s elapsed\n", when, pass, (unsigned long long)c.in,
                 docs_s, mb_s, eta, (unsigned long long)c.kept, (unsigned long long)c.dropped,
                 (unsigned long long)c.failed, el);
    }
    fputs(line, stderr);
    fflush(stderr);
}

static void *logger_main(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&st.lock);
    while (!st.stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        double at = (double)until.tv_nsec / 1e9 + wn_cli_state.log_interval;
        until.tv_sec += (time_t)at;
        until.tv_nsec = (long)((at - (double)(time_t)at) * 1e9);
        while (!st.stop && pthread_cond_timedwait(&st.wake, &st.lock, &until) == 0)
            ;
        if (!st.stop)
            log_line();
    }
    pthread_mutex_unlock(&st.lock);
    return NULL;
}

/* ---- passes and reports ------------------------------------------------------------------------ */

void wn_cli_pass(const char *name, int index, int total)
{
    pthread_mutex_lock(&st.lock);
    st.pass = name;
    st.index = index;
    st.total = total;
    st.pass_start = now();
    st.have_docs = false;
    st.step[0] = '\0';
    st.records = 0;
    memset(&st.mine, 0, sizeof st.mine);
    st.stop = false;
    pthread_mutex_unlock(&st.lock);
    wn_cli_state.timing.pass = name;
    if (st.log && !st.every && !st.running)
        st.running = pthread_create(&st.thread, NULL, logger_main, NULL) == 0;
}

void wn_cli_pass_end(void)
{
    if (st.running) {
        pthread_mutex_lock(&st.lock);
        st.stop = true;
        pthread_cond_signal(&st.wake);
        pthread_mutex_unlock(&st.lock);
        pthread_join(st.thread, NULL);
        st.running = false;
    }
    pthread_mutex_lock(&st.lock);
    if (st.log)
        log_line();   /* the pass's totals: every rank has written its last counts by now */
    pthread_mutex_unlock(&st.lock);
    wn_cli_clear_progress();
}

void wn_cli_progress_end(void)
{
    /* rank 0, once it has logged the last pass: the others may be gone already */
    if (!st.dir[0] || !wn_cli_comm || wn_cli_rank() != 0)
        return;
    for (int p = 1; p <= st.total; p++)
        for (int r = 1; r < wn_cli_comm->size; r++) {
            char path[4200];
            rank_file(path, sizeof path, p, r);
            unlink(path);
        }
}

void wn_cli_on_progress(void *ud, const wn_run_summary *s)
{
    (void)ud;
    pthread_mutex_lock(&st.lock);
    st.have_docs = true;
    st.mine = (counts){ s->in, s->kept, s->dropped, s->failed, s->bytes_in, s->file_bytes_done,
                        s->file_bytes_total };
    double t = now();
    if (st.dir[0] && wn_cli_rank() != 0 && (s->done || st.every || t - st.last_file >= 1.0)) {
        st.last_file = t;
        write_rank_file(&st.mine);
    }
    if (st.log && st.every && !s->done)
        log_line();
    pthread_mutex_unlock(&st.lock);
    if (!wn_cli_state.progress || s->seconds <= 0 || (t - st.last_line < 0.2 && !st.every))
        return;
    st.last_line = t;
    char pass[48], el[32], eta[48] = "";
    pass_label(pass, sizeof pass);
    fmt_time(el, sizeof el, s->seconds);
    if (s->file_bytes_total && s->file_bytes_done > 0 && s->file_bytes_done < s->file_bytes_total) {
        char r[32];
        fmt_time(r, sizeof r, s->seconds * (double)(s->file_bytes_total - s->file_bytes_done) /
                                  (double)s->file_bytes_done);
        snprintf(eta, sizeof eta, "  ETA %s", r);
    }
    fprintf(stderr, "\r\033[K%s: %llu docs  %.0f docs/s  %.1f MB/s  kept %llu  dropped %llu  failed %llu  %s%s",
            pass, (unsigned long long)s->in, (double)s->in / s->seconds,
            (double)s->bytes_in / 1e6 / s->seconds, (unsigned long long)s->kept,
            (unsigned long long)s->dropped, (unsigned long long)s->failed, el, eta);
    wn_cli_state.progress_shown = true;
}

void wn_cli_on_resolve(void *ud, const char *step, uint64_t records)
{
    (void)ud;
    pthread_mutex_lock(&st.lock);
    snprintf(st.step, sizeof st.step, "%s", step);
    st.records = records;
    if (st.log && st.every)
        log_line();
    pthread_mutex_unlock(&st.lock);
    double t = now();
    /* a new step is always shown: the line then says what resolve does */
    if (!wn_cli_state.progress || (records && t - st.last_line < 0.2 && !st.every))
        return;
    st.last_line = t;
    char pass[48], el[32];
    pass_label(pass, sizeof pass);
    fmt_time(el, sizeof el, t - st.pass_start);
    fprintf(stderr, "\r\033[K%s: %s %llu  %s", pass, step, (unsigned long long)records, el);
    wn_cli_state.progress_shown = true;
}
