/* dedup_passes.c: the passes of a dedup job (sign, resolve, apply) as `winnow dedup` and
 * `winnow run --dedup` run them, each named to the progress log and timed for stats.json. */
#include "cli.h"
#include "dedup_passes.h"

/* The resolve pass, with its progress reported and its time counted. */
wn_status wn_cli_resolve_pass(const char *work, uint64_t memory, const wn_comm *comm,
                              wn_counters *stats, int index, int total, char *err, size_t cap)
{
    wn_cli_pass("resolve", index, total);
    wn_dedup_progress pr = { wn_cli_on_resolve, NULL };
    double t0 = wn_run_timing_elapsed(&wn_cli_state.timing);
    wn_status st = wn_dedup_resolve_comm(work, memory, comm, stats, &pr, err, cap);
    wn_run_timing_pass(&wn_cli_state.timing, "resolve", wn_run_timing_elapsed(&wn_cli_state.timing) - t0);
    wn_cli_pass_end();
    return st;
}

wn_status wn_cli_run_dedup(const wn_pipeline *p, const wn_run_config *cfg, wn_dedup_opts *o,
                           const char *const *inputs, size_t n_inputs, wn_run_summary *sum)
{
    wn_stage_ref stages[64];
    size_t n = 0;
    while (n < 64 && wn_pipeline_stage(p, n, &stages[n].stage, &stages[n].config))
        n++;
    char work[WN_PATH_CAP], err[2048] = "";
    if (wn_path_join(work, sizeof work, cfg->out_dir, ".dedup-work")) {
        wn_cli_error("run: -o %s: path too long", cfg->out_dir);
        return WN_ERR_USAGE;
    }
    o->work_dir = work;
    wn_cli_pass("sign", 1, 3);
    wn_status st = wn_dedup_sign(cfg, stages, n, o, inputs, n_inputs, err, sizeof err);
    wn_cli_pass_end();
    if (!st)
        st = wn_cli_resolve_pass(work, o->memory, cfg->comm, NULL, 2, 3, err, sizeof err);
    if (!st) {
        wn_cli_pass("apply", 3, 3);
        st = wn_dedup_apply(cfg, stages, n, work, inputs, n_inputs, sum, err, sizeof err);
        wn_cli_pass_end();
    }
    if (st)
        wn_cli_error("%s", err[0] ? err : wn_strerror(st));
    else if (wn_cli_rank() == 0)
        wn_dedup_remove_work(work);
    return st;
}
