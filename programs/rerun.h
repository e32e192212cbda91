/* rerun.h: may this command write into its output folder? Decided before any work.
 *
 * DESIGN: a rerun must never report success for work it did not do, nor mix two runs in one
 * folder. So the folder is reused only by the same run (run_key.h): completed, it is left as
 * it is (exit 0, as datatrove skips completed tasks); interrupted, it resumes. Anything else
 * in it (another command, other inputs, a run from stdin, which has no identity, a run
 * without a key) stops the command with exit 2 and the differences, before anything is
 * touched, unless --overwrite says to replace it. A folder of unrelated files is never
 * written into. */
#ifndef WN_RERUN_H
#define WN_RERUN_H

#include "run_key.h"

/*! wn_cli_output_prepare() : collective under MPI (rank 0 looks, every rank gets its answer).
 * Checks that every input path exists (a missing one is an error unless `skip_missing`, and
 * then a failed input of the run), completes `key` with the inputs, decides as rerun.h says,
 * and when the command may go on, writes the key into out_dir (created) and removes a
 * replaced run's stats.json. The decision is taken again under out_dir's lock (DIR/.lock,
 * wn_dir_lock_take), which *lock then holds on rank 0 (NULL on the others; release it with
 * wn_dir_lock_release): a refused command creates nothing. Returns -1 to go on, else the exit code to stop with (the
 * message printed). `cmd` names the command in messages ("run", "dedup"). */
int wn_cli_output_prepare(const char *cmd, const char *out_dir, wn_cli_key *key,
                          const char *const *inputs, size_t n_inputs, bool overwrite,
                          bool skip_missing, wn_dir_lock **lock);

#endif
