/* rerun.c: the decision of rerun.h: what the output folder holds, and what this command may do. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"
#include "rerun.h"

/* What winnow itself keeps in an output folder (and the temporary files of each, NAME.*):
 * anything else means the folder is someone else's. */
static const char *const own_entries[] = { "kept", "dropped", "stats.json", "report.html",
                                           ".checkpoint", WN_RUN_KEY_FILE, WN_LOCK_FILE, ".ranks",
                                           ".dedup-work", NULL };

static bool own_entry(const char *name)
{
    for (size_t i = 0; own_entries[i]; i++) {
        size_t n = strlen(own_entries[i]);
        if (!strncmp(name, own_entries[i], n) && (name[n] == '\0' || name[n] == '.'))
            return true;
    }
    return false;
}

typedef struct {
    bool exists;
    bool has_run;         /* results of a run: stats.json, shards or a checkpoint */
    bool completed;       /* stats.json, and no checkpoint (a run stopped at --limit keeps one) */
    bool checkpoint;
    char foreign[3][256]; /* the first entries that are not winnow's */
    size_t n_foreign;
} folder;

static bool look(const char *dir, folder *f)
{
    memset(f, 0, sizeof *f);
    DIR *d = opendir(dir);
    if (!d)
        return errno == ENOENT;   /* a new folder; anything else is an error */
    f->exists = true;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *n = e->d_name;
        if (!strcmp(n, ".") || !strcmp(n, ".."))
            continue;
        if (!own_entry(n)) {
            if (f->n_foreign < 3)
                snprintf(f->foreign[f->n_foreign], sizeof f->foreign[0], "%s", n);
            f->n_foreign++;
        } else if (!strcmp(n, "stats.json")) {
            f->completed = f->has_run = true;
        } else if (!strcmp(n, "kept") || !strcmp(n, "dropped") || !strcmp(n, ".checkpoint")) {
            f->has_run = true;
            f->checkpoint |= !strcmp(n, ".checkpoint");
        }
    }
    closedir(d);
    /* a run that stopped at its --limit is done as far as that limit goes: the pipeline goes on
     * from its checkpoint under a larger one, and reads nothing more under the same one */
    if (f->checkpoint)
        f->completed = false;
    return true;
}

static int missing_inputs(const char *cmd, const char *const *inputs, size_t n, bool skip_missing)
{
    int missing = 0;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        /* a URL is checked by fetching it: a 404 is then one failed input, and the run goes on */
        if (!strcmp(inputs[i], "-") || wn_is_remote(inputs[i]) || stat(inputs[i], &st) == 0)
            continue;
        if (skip_missing)
            continue;   /* the run names it and counts it as a failed input */
        wn_cli_error("%s: input '%s': %s", cmd, inputs[i], strerror(errno));
        missing++;
    }
    if (missing) {
        fprintf(stderr, "winnow: nothing was done; fix the path%s, or give --skip-missing to "
                        "count missing inputs as failed and go on\n", missing > 1 ? "s" : "");
        return WN_EXIT_USAGE;
    }
    return -1;
}

static void refuse_advice(void)
{
    fprintf(stderr, "winnow: nothing was changed; to replace that run use --overwrite, to keep "
                    "it give another -o\n");
}

/* What the folder allows this command, as rerun.h says: -1 to go on (and *has_key: the folder
 * holds a readable key), else the exit code, with the message printed. Changes nothing. */
static int judge(const char *cmd, const char *out, const wn_cli_key *key, bool overwrite,
                 bool *has_key)
{
    folder f;
    if (!look(out, &f)) {
        wn_cli_error("%s: %s: cannot read the output folder: %s", cmd, out, strerror(errno));
        return WN_EXIT_IO;
    }
    char path[WN_PATH_CAP];
    if (wn_path_join(path, sizeof path, out, WN_RUN_KEY_FILE)) {
        wn_cli_error("%s: -o %s: path too long", cmd, out);
        return WN_EXIT_USAGE;
    }
    wn_buf b;
    wn_buf_init(&b, WN_RUN_KEY_MAX);
    wn_cli_key there;
    wn_cli_key_init(&there, "");
    *has_key = f.exists && wn_file_read_all(path, &b) == WN_OK &&
               wn_cli_key_parse(&there, b.data ? b.data : "", b.len);
    wn_buf_free(&b);
    int rc = -1;
    if (f.n_foreign && !*has_key && !f.has_run) {
        wn_cli_error("%s: %s is not empty and holds no winnow run (it has '%s'%s%s%s%s): give a "
                     "new or empty folder with -o", cmd, out, f.foreign[0],
                     f.n_foreign > 1 ? ", '" : "", f.n_foreign > 1 ? f.foreign[1] : "",
                     f.n_foreign > 1 ? "'" : "", f.n_foreign > 2 ? ", ..." : "");
        rc = WN_EXIT_USAGE;
    } else if (*has_key && f.has_run) {
        wn_buf diff;
        wn_buf_init(&diff, WN_RUN_KEY_DIFF_MAX);
        size_t n_diff = wn_cli_key_diff(&there, key, &diff, 12);
        const char *state = f.completed ? "a completed" : "an interrupted";
        if (n_diff && !overwrite) {
            wn_cli_error("%s: %s holds %s run of another command or other inputs:%s", cmd, out,
                         state, diff.data);
            refuse_advice();
            rc = WN_EXIT_USAGE;
        } else if (!n_diff && (there.reads_stdin || key->reads_stdin) && !overwrite) {
            wn_cli_error("%s: %s holds %s run that read stdin: a stream has no identity, so "
                         "winnow cannot tell whether this is the same one", cmd, out, state);
            refuse_advice();
            rc = WN_EXIT_USAGE;
        } else if (!n_diff && f.completed && !overwrite) {
            if (wn_cli_state.verbosity >= 0)
                fprintf(stderr, "winnow: %s: this run completed there already; nothing to do "
                                "(--overwrite redoes it)\n", out);
            rc = WN_EXIT_OK;
        }
        wn_buf_free(&diff);
    } else if (f.has_run && !overwrite) {
        wn_cli_error("%s: %s holds %s run without a readable %s (made by an older winnow, or "
                     "damaged): winnow cannot tell whether it is this command's", cmd, out,
                     f.completed ? "a completed" : "an interrupted", WN_RUN_KEY_FILE);
        refuse_advice();
        rc = WN_EXIT_USAGE;
    }
    wn_cli_key_free(&there);
    return rc;
}

/* The decision, on rank 0. */
static int decide(const char *cmd, const char *out, wn_cli_key *key, const char *const *inputs,
                  size_t n_inputs, bool overwrite, bool skip_missing, wn_dir_lock **lock)
{
    int rc = missing_inputs(cmd, inputs, n_inputs, skip_missing);
    if (rc >= 0)
        return rc;
    wn_status kst = wn_cli_key_add_inputs(key, inputs, n_inputs);
    if (kst) {
        wn_cli_error("%s: cannot list the inputs (%s)", cmd, kst == WN_ERR_TOO_LARGE ?
                     "more than the run's key holds" : "out of memory");
        return WN_EXIT_IO;
    }
    /* A folder that exists is judged under its lock: one that another process is writing is
     * busy, whatever it holds yet. A new one is judged first, so that a refused command
     * creates nothing, then again under the lock (another run may have begun there). */
    bool has_key;
    struct stat sb;
    if (stat(out, &sb) != 0 && (rc = judge(cmd, out, key, overwrite, &has_key)) >= 0)
        return rc;
    if (wn_mkdirs(out)) {
        wn_cli_error("%s: %s: cannot create the output folder: %s", cmd, out, strerror(errno));
        return WN_EXIT_IO;
    }
    char err[4600] = "";
    wn_status st = wn_dir_lock_take(lock, out, err, sizeof err);
    if (st) {
        wn_cli_error("%s", err);
        return st == WN_ERR_USAGE ? WN_EXIT_USAGE : WN_EXIT_IO;
    }
    if ((rc = judge(cmd, out, key, overwrite, &has_key)) >= 0)
        return rc;   /* the caller releases the lock */
    if (overwrite || !has_key) {
        /* what a replaced run concluded must not outlive it */
        char p[WN_PATH_CAP];
        if (!wn_path_join(p, sizeof p, out, "stats.json"))
            unlink(p);
        if (!wn_path_join(p, sizeof p, out, "report.html"))
            unlink(p);
    }
    /* the key before any output, so that a run interrupted from here on is known as this one */
    char path[WN_PATH_CAP];
    if (wn_path_join(path, sizeof path, out, WN_RUN_KEY_FILE)) {
        wn_cli_error("%s: -o %s: path too long", cmd, out);
        return WN_EXIT_USAGE;
    }
    wn_buf b;
    wn_buf_init(&b, WN_RUN_KEY_MAX);   /* what a rerun reads back */
    wn_status st2 = wn_cli_key_format(key, &b);
    if (st2 == WN_ERR_TOO_LARGE) {
        wn_cli_error("%s: the run's key (its options and %zu parts) is over %zu MiB, more than a "
                     "rerun could read back", cmd, key->n, WN_RUN_KEY_MAX >> 20);
        rc = WN_EXIT_IO;
    } else if (st2 || wn_file_write_atomic(path, b.data, b.len, err, sizeof err)) {
        wn_cli_error("%s: %s", cmd, st2 ? wn_strerror(st2) : err);
        rc = WN_EXIT_IO;
    }
    wn_buf_free(&b);
    return rc;
}

int wn_cli_output_prepare(const char *cmd, const char *out_dir, wn_cli_key *key,
                          const char *const *inputs, size_t n_inputs, bool overwrite,
                          bool skip_missing, wn_dir_lock **lock)
{
    *lock = NULL;
    int8_t rc = -1;
    if (wn_cli_rank() == 0)
        rc = (int8_t)decide(cmd, out_dir, key, inputs, n_inputs, overwrite, skip_missing, lock);
    if (wn_comm_bcast(wn_cli_comm, &rc, 1) != WN_OK) {
        wn_cli_error("%s: cannot reach the other MPI ranks", cmd);
        rc = WN_EXIT_IO;
    }
    if (rc >= 0) {
        wn_dir_lock_release(*lock);
        *lock = NULL;
        wn_cli_mpi_agreed();   /* every rank stops with the same code: no rank is left waiting */
    }
    return rc;
}
