/* dedup_passes.c: the passes of a dedup job (sign, resolve, apply) as `winnow dedup`,
 * `winnow run --dedup`, wn_run_files and wn_dedup_files run them (chain_stages.h). */
#include <stdio.h>
#include "winnow/chain_stages.h"

static void pass_start(const wn_dedup_hooks *h, const char *name, int index, int total)
{
    if (h && h->pass)
        h->pass(h->ud, name, index, total);
}

static void pass_end(const wn_dedup_hooks *h)
{
    if (h && h->pass_end)
        h->pass_end(h->ud);
}

wn_status wn_dedup_resolve_timed(const char *work, uint64_t memory, const wn_comm *comm,
                                 wn_counters *stats, int index, int total,
                                 const wn_dedup_hooks *h, wn_run_timing *timing, char *err,
                                 size_t cap)
{
    pass_start(h, "resolve", index, total);
    wn_dedup_progress pr = { h ? h->on_resolve : NULL, h ? h->ud : NULL };
    double t0 = timing ? wn_run_timing_elapsed(timing) : 0;
    wn_status st = wn_dedup_resolve_comm(work, memory, comm, stats, pr.fn ? &pr : NULL, err, cap);
    if (timing)
        wn_run_timing_pass(timing, "resolve", wn_run_timing_elapsed(timing) - t0);
    pass_end(h);
    return st;
}

wn_status wn_dedup_passes(const wn_run_config *cfg, const wn_stage_ref *stages, size_t n_stages,
                          wn_dedup_opts *o, const char *const *inputs, size_t n_inputs,
                          const wn_dedup_hooks *h, wn_run_summary *sum, char *err, size_t cap)
{
    char work[WN_PATH_CAP];
    if (!cfg->out_dir || wn_path_join(work, sizeof work, cfg->out_dir, ".dedup-work")) {
        snprintf(err, cap, "-o %.300s: path too long", cfg->out_dir ? cfg->out_dir : "(none)");
        return WN_ERR_USAGE;
    }
    const char *was = o->work_dir;
    o->work_dir = work;
    pass_start(h, "sign", 1, 3);
    wn_status st = wn_dedup_sign(cfg, stages, n_stages, o, inputs, n_inputs, err, cap);
    pass_end(h);
    if (!st)
        st = wn_dedup_resolve_timed(work, o->memory, cfg->comm, NULL, 2, 3, h, cfg->timing, err, cap);
    if (!st) {
        pass_start(h, "apply", 3, 3);
        st = wn_dedup_apply(cfg, stages, n_stages, work, inputs, n_inputs, sum, err, cap);
        pass_end(h);
    }
    if (!st && (!wn_comm_active(cfg->comm) || cfg->comm->rank == 0))
        wn_dedup_remove_work(work);   /* every rank is done with it: apply agreed */
    o->work_dir = was;
    return st;
}
