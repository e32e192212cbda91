/* run_key.h: the key of a run (its options and inputs, part by part), kept in the output
 * folder so that a rerun can tell whether the folder holds its own run, and if not, say what
 * differs.
 *
 * DESIGN: the checkpoint key (checkpoint.h) is only a hash: enough to refuse a checkpoint,
 * not to tell the user why. The run key keeps the parts themselves: each option with its
 * value under its long name (`-j2` and `--threads=2` are one option), each quality-filter
 * setting as --print-config shows it, and each input file (after directories are walked) with
 * its size and modification time. Options that cannot change the output (-j, -q, -v, -o,
 * --overwrite, --max-failed, --skip-missing, dedup's --memory and where its work goes) are
 * left out, so that a rerun with another -j is the same run. */
#ifndef WN_RUN_KEY_H
#define WN_RUN_KEY_H

#include <getopt.h>
#include "winnow/internal.h"

#define WN_RUN_KEY_FILE ".run-key"   /* in the output folder, written before any output */

/* The key file's size: a rerun reads no more, so a key that would be larger (a run over
 * millions of inputs, at about 100 bytes each) is refused when it is written, naming this. */
#define WN_RUN_KEY_MAX ((size_t)256 << 20)
/* Its parts: each is a line of the file of at least 4 bytes ("o x\n"). */
#define WN_RUN_KEY_PARTS_MAX (WN_RUN_KEY_MAX / 4)
/* The differences shown when a folder holds another run: at most `max_lines` lines of two
 * values each, one value at most an argument (128 KiB on Linux) or a path; a message past this
 * is cut, saying so. */
#define WN_RUN_KEY_DIFF_MAX ((size_t)4 << 20)

typedef struct {
    char kind;      /* 'o' option, 'c' filter config setting, 'i' input */
    char *name;     /* --long-name, config key, or the input's path */
    char *value;    /* option value ("" without one), config value, or "SIZE MTIME" */
} wn_cli_key_part;

typedef struct {
    char command[16];          /* run, dedup */
    wn_cli_key_part *parts;    /* n of them, the bytes of `store` */
    size_t n;
    wn_buf store;              /* capped at WN_RUN_KEY_PARTS_MAX parts */
    bool reads_stdin;          /* an input is '-': it has no identity to compare */
} wn_cli_key;

void wn_cli_key_init(wn_cli_key *k, const char *command);
void wn_cli_key_free(wn_cli_key *k);
/*! wn_cli_key_add_options() : the options in argv[1..end) (argv as getopt_long left it, `end`
 * being its optind), under their long names. false on no memory. */
bool wn_cli_key_add_options(wn_cli_key *k, const struct option *longopts, const char *shortopts,
                            int end, char **argv);
/*! wn_cli_key_add_config() : each `key = value` line of a --print-config text. */
bool wn_cli_key_add_config(wn_cli_key *k, const char *text);
/*! wn_cli_key_add_inputs() : the input files the paths expand to, with size and mtime.
 * WN_ERR_TOO_LARGE past WN_RUN_KEY_PARTS_MAX parts, WN_ERR_NOMEM. */
wn_status wn_cli_key_add_inputs(wn_cli_key *k, const char *const *paths, size_t n);
/*! wn_cli_key_options_hash() : a hash of the options and settings (not the inputs, which the
 * pipeline adds to the checkpoint key itself); never 0. */
uint64_t wn_cli_key_options_hash(const wn_cli_key *k);

/*! wn_cli_key_format() / wn_cli_key_parse() : the file's text, checksummed; parse gives false
 * for anything damaged or of another version. format: WN_ERR_TOO_LARGE when `out` (give it
 * WN_RUN_KEY_MAX) cannot hold the whole text: a key is never written in part. */
wn_status wn_cli_key_format(const wn_cli_key *k, wn_buf *out);
bool wn_cli_key_parse(wn_cli_key *k, const char *p, size_t n);
/*! wn_cli_key_diff() : what differs from `before` to `now`, as indented lines for a message
 * (at most `max_lines`, then "and N more"; cut, saying so, where `out` is full). Returns the
 * number of differences: 0 when they are the same run (whatever `out` could hold). */
size_t wn_cli_key_diff(const wn_cli_key *before, const wn_cli_key *now, wn_buf *out, size_t max_lines);

#endif
