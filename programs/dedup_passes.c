/* dedup_passes.c: the passes of a dedup job (sign, resolve, apply) as `winnow dedup` and
 * `winnow run --dedup` run them, through the library's wn_dedup_passes (shared with
 * wn_run_files and wn_dedup_files), each named to the progress log and timed for stats.json. */
#include "cli.h"
#include "dedup_passes.h"

static void on_pass(void *ud, const char *name, int index, int total)
{
    (void)ud;
    wn_cli_pass(name, index, total);
}

static void on_pass_end(void *ud)
{
    (void)ud;
    wn_cli_pass_end();
}

static const wn_dedup_hooks cli_hooks = { on_pass, on_pass_end, wn_cli_on_resolve, NULL };

/* The resolve pass, with its progress reported and its time counted. */
wn_status wn_cli_resolve_pass(const char *work, uint64_t memory, const wn_comm *comm,
                              wn_counters *stats, int index, int total, char *err, size_t cap)
{
    return wn_dedup_resolve_timed(work, memory, comm, stats, index, total, &cli_hooks,
                                  &wn_cli_state.timing, err, cap);
}

wn_status wn_cli_run_dedup(const wn_pipeline *p, const wn_run_config *cfg, wn_dedup_opts *o,
                           const char *const *inputs, size_t n_inputs, wn_run_summary *sum)
{
    wn_stage_ref stages[64];
    size_t n = 0;
    while (n < 64 && wn_pipeline_stage(p, n, &stages[n].stage, &stages[n].config))
        n++;
    char err[2048] = "";
    wn_status st = wn_dedup_passes(cfg, stages, n, o, inputs, n_inputs, &cli_hooks, sum, err, sizeof err);
    if (st)
        wn_cli_error("%s", err[0] ? err : wn_strerror(st));
    return st;
}
