/* cli.h: what the subcommands of the winnow CLI share: messages, sizes, progress. */
#ifndef WN_CLI_H
#define WN_CLI_H

#include <getopt.h>
#include <stdio.h>
#include "winnow/internal.h"

/* Exit codes, documented in --help and the README. */
enum { WN_EXIT_OK = 0, WN_EXIT_INPUTS_FAILED = 1, WN_EXIT_USAGE = 2, WN_EXIT_IO = 3 };

/* Long-option codes. A single-letter option is its character (below 128); the others are
 * named, in ranges kept apart because `run` and `dedup` combine them in one getopt table (and
 * getopt_long takes two options of one code as one when it resolves an abbreviation):
 *   256-  the I/O options (opt_io.h)
 *   300-  the dedup options (opt_dedup.h)
 *   320-  the log options (WN_CLI_LOG_LONGOPTS below)
 *   400-  the command's own options (cmd_run.c, cmd_dedup.c)
 * clean, extract and report combine none of them and number their own from 256. */
enum {
    WN_CLI_OPT_IO_FIRST = 256,
    WN_CLI_OPT_DEDUP_FIRST = 300,
    WN_CLI_OPT_LOG_FIRST = 320,
    WN_CLI_OPT_COMMAND_FIRST = 400,
};

typedef struct {
    int verbosity;        /* -1 quiet, 0 normal, 1 verbose */
    bool progress;        /* stderr is a terminal and not quiet */
    bool progress_shown;  /* a progress line is on screen and must be cleared */
    double last_len;
    /* batch logs (cli_log.c): when stderr is not a terminal, a line every log_interval s */
    double log_interval;  /* --log-interval, default 30; 0 = off */
    bool log_json;        /* --log-format json */
    wn_run_timing timing; /* the command's passes and CPU per stage, for stats.json */
} wn_cli;

extern wn_cli wn_cli_state;

void wn_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void wn_cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void wn_cli_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Parses "123", "64K", "256M", "1G" (powers of 1024). false on junk. */
bool wn_cli_parse_size(const char *s, uint64_t *out);
/* 0 to 1000000. */
bool wn_cli_parse_uint(const char *s, unsigned *out);
/* A number from 0 to 1. */
bool wn_cli_parse_fraction(const char *s, double *out);
/* What the I/O options (opt_io.h) take, for messages; NULL for other codes. */
const char *wn_cli_io_accepts(int c);
/* Mistakes on the command line (opt_errors.c), each printed in one line; they return
 * WN_EXIT_USAGE. Commands call getopt_long with opterr = 0 and a ':' first in the short
 * options, and pass what it returned for '?' and ':' to wn_cli_option_error(), which names
 * the option (unknown, ambiguous, missing or unwanted value) and the nearest known one. */
int wn_cli_option_error(const char *cmd, const struct option *longopts, int c, int argc, char **argv);
/* "CMD: --option: bad value 'ARG' (ACCEPTED)"; accepted says what the option takes. */
int wn_cli_bad_value(const char *cmd, const struct option *longopts, int c, const char *arg,
                     const char *accepted);
/* "--name" of the long option whose code is c, else "-c"; in buf. */
const char *wn_cli_option_name(const struct option *longopts, int c, char *buf, size_t cap);
size_t wn_cli_edit_distance(const char *a, const char *b);
/* Every label of langs must be one the model has: otherwise an error per unknown one, with
 * the model's nearest labels, and WN_EXIT_USAGE; -1 when all are there. */
int wn_cli_check_languages(const char *cmd, const char *option, const wn_langid_model *m,
                           const char *model_name, const char *const *langs, size_t n);
/* The exit code of a run that completed: 1 when the failed documents or failed inputs are
 * more than max_failed of all (a fraction), else 0; says why on stderr when it is 1. */
int wn_cli_exit_for_failures(const wn_run_summary *s, double max_failed);
#define WN_CLI_MAX_FAILED_DEFAULT 0.01

/* The callbacks for wn_run_config. on_message prints each distinct message once. */
void wn_cli_on_message(void *ud, const char *msg);
void wn_cli_clear_progress(void);

/* Progress (cli_log.c): a line kept on a terminal, or when stderr is not one, a log line
 * every --log-interval seconds (plain, or JSON with --log-format json), naming the pass.
 * Under MPI only rank 0 logs. WINNOW_TEST_PROGRESS_EVERY_BATCH=1 in the environment makes
 * both follow every batch (and every resolve report) instead of the clock: tests see progress
 * on any machine, however fast or slow. */
enum {
    WN_CLI_OPT_LOG_INTERVAL = WN_CLI_OPT_LOG_FIRST,
    WN_CLI_OPT_LOG_FORMAT,
    WN_CLI_OPT_LOG_END
};
_Static_assert((int)WN_CLI_OPT_LOG_END <= (int)WN_CLI_OPT_COMMAND_FIRST, "log option codes overlap the commands'");
#define WN_CLI_LOG_LONGOPTS \
    { "log-interval", required_argument, 0, WN_CLI_OPT_LOG_INTERVAL }, \
    { "log-format", required_argument, 0, WN_CLI_OPT_LOG_FORMAT }
#define WN_CLI_LOG_HELP \
    "  --log-interval S   when stderr is not a terminal: a progress line every S seconds\n" \
    "                     (UTC time, pass, documents, rates, ETA, counts; default 30, 0 = off)\n" \
    "  --log-format F     text (default) or json (one object per line, for log collectors)\n"
/* The log options: 1 when c is one of them (*ok = false for a bad value). */
int wn_cli_log_option(int c, const char *arg, bool *ok);
/* What the log options take, for the message on a bad value; NULL for other codes. */
const char *wn_cli_log_accepts(int c);
/* Sets cfg's progress callback and timing. shared_dir: a directory every MPI rank sees
 * (the output, or dedup's work directory), where rank 0 finds the other ranks' counts. */
void wn_cli_progress_setup(wn_run_config *cfg, const char *shared_dir);
/* A pass starts (index of total, e.g. 2 of 3 for "resolve"), and ends: its last log line (the
 * whole job's counts under MPI) and the terminal line cleared. */
void wn_cli_pass(const char *name, int index, int total);
void wn_cli_pass_end(void);
/* At the end of the command: rank 0 removes the ranks' counts files. */
void wn_cli_progress_end(void);
void wn_cli_on_progress(void *ud, const wn_run_summary *s);
/* The resolve pass's reports (wn_dedup_progress). */
void wn_cli_on_resolve(void *ud, const char *step, uint64_t records);

/* Joins argv for stats.json. Returns a malloc'd string. */
char *wn_cli_join_args(int argc, char **argv);

/* MPI (programs/mpi_comm.c). wn_cli_mpi_start() removes --mpi from argv and, in winnow-mpi,
 * starts MPI when a launcher (mpirun, srun) started the process or --mpi was given; returns
 * an exit code to stop with, or -1 to go on. wn_cli_comm is then the ranks (NULL for one
 * process). A command calls wn_cli_mpi_agreed() once the library has agreed on its result
 * with the other ranks; wn_cli_mpi_end(rc) stops MPI (aborting the job when this rank fails
 * alone, so that no rank waits forever) and returns rc. */
extern const wn_comm *wn_cli_comm;
int wn_cli_mpi_start(int *argc, char ***argv);
void wn_cli_mpi_agreed(void);
int wn_cli_mpi_end(int rc);
int wn_cli_rank(void);

/*! wn_cli_lock_output() : creates DIR and takes its lock (DIR/.lock) for the whole command, so
 * that a second run into DIR is refused while this one writes there; under MPI rank 0 takes it
 * and the others follow its answer. Returns -1 to go on (*l is then the lock on rank 0, NULL on
 * the others: release it with wn_dir_lock_release), or the exit code after printing why (2
 * when another process holds it, naming its pid). */
int wn_cli_lock_output(const char *dir, wn_dir_lock **l);

typedef int (*wn_cmd_fn)(int argc, char **argv);
int wn_cmd_run(int argc, char **argv);
int wn_cmd_clean(int argc, char **argv);
int wn_cmd_langid(int argc, char **argv);
int wn_cmd_report(int argc, char **argv);
int wn_cmd_dedup(int argc, char **argv);
int wn_cmd_extract(int argc, char **argv);

/* What the stages of several commands load or parse, each in a file of its own. */
/* load_model.c: loads --model PATH, or the default model when path is NULL; prints errors. */
wn_langid_model *wn_cli_load_model(const char *path);
/* load_stopwords.c: loads the stop-word lists for extraction: `path`, or the default places
 * (a warning and NULL when none exists); *fatal when a given file cannot be read. */
wn_stopwords *wn_cli_load_stopwords(const char *path, bool warn_missing, bool *fatal);
/* clean_rules.c: sets the line cleaner's rule switches from a comma list (nav, edge, foreign,
 * symbol, repeated, none); false on an unknown name. */
bool wn_cli_clean_rules(wn_clean_opts *o, const char *list);
#endif
