/* run_files.c: wn_run_files and wn_dedup_files, `winnow run` and `winnow dedup` over files into
 * an output directory: the same pipeline, stages and dedup passes as the CLI (chain_stages.h),
 * so the shards are the CLI's byte for byte. The CLI's rerun policy (a directory holding
 * another run is refused, a completed one is left alone, an interrupted one resumed) stays in
 * the CLI: these write the directory over, holding its lock (OUT/.lock) meanwhile. */
#include <string.h>
#include "api/api_impl.h"

typedef struct {
    char msg[1024];
    uint64_t n;
} run_messages;

/* The pipeline's diagnostics: the first is kept for wn_last_error when the run fails. */
static void on_message(void *ud, const char *msg)
{
    run_messages *m = ud;
    if (m->n++ == 0)
        snprintf(m->msg, sizeof m->msg, "%s", msg);
}

static wn_status prepare(const wn_config *cfg, const char *const *inputs, size_t n_inputs,
                         const char *out_dir, wn_counts *counts, wn_dir_lock **lock,
                         wn_run_config *rc, run_messages *msgs)
{
    if (counts)
        memset(counts, 0, sizeof *counts);
    *lock = NULL;
    if (!cfg || !out_dir || !out_dir[0] || (!inputs && n_inputs))
        return wn_api_error(WN_ERR_USAGE, "run: NULL argument");
    if (n_inputs == 0)
        return wn_api_error(WN_ERR_USAGE, "run: no input");
    for (size_t i = 0; i < n_inputs; i++)
        if (!inputs[i])
            return wn_api_error(WN_ERR_USAGE, "run: input %zu is NULL", i);
    if (wn_mkdirs(out_dir))
        return wn_api_error(WN_ERR_IO, "%s: cannot create the output directory", out_dir);
    char err[WN_API_PATH_CAP + 256] = "";
    wn_status st = wn_dir_lock_take(lock, out_dir, err, sizeof err);
    if (st)
        return wn_api_error(st, "%s", err[0] ? err : out_dir);
    wn_api_run_config(cfg, rc);
    rc->out_dir = out_dir;
    rc->on_message = on_message;
    rc->ud = msgs;
    return WN_OK;
}

static wn_status finish(wn_status st, const char *what, const char *err, const run_messages *m,
                        const wn_run_summary *sum, wn_counts *counts)
{
    if (counts)
        *counts = (wn_counts){ sum->in, sum->kept, sum->dropped, sum->failed };
    if (st)
        return wn_api_error(st, "%s: %s", what, err && err[0] ? err : m->n ? m->msg : wn_strerror(st));
    return WN_OK;
}

wn_status wn_run_files(const wn_config *cfg, const char *const *inputs, size_t n_inputs,
                       const char *out_dir, wn_counts *counts)
{
    wn_dir_lock *lock;
    wn_run_config rc;
    run_messages msgs = { "", 0 };
    wn_status st = prepare(cfg, inputs, n_inputs, out_dir, counts, &lock, &rc, &msgs);
    if (st)
        return st;
    wn_api_shared *sh;
    wn_api_stages *stages;
    wn_pipeline *p;
    wn_run_summary sum;
    memset(&sum, 0, sizeof sum);
    char err[2048] = "";
    st = wn_api_pipeline_new(cfg, &rc, &sh, &stages, &p);
    if (!st && cfg->do_dedup) {
        /* as `winnow run --dedup`: the stages run twice, to sign and to write */
        wn_dedup_opts o = cfg->dedup;
        st = wn_dedup_passes(&rc, stages->stages, stages->n_stages, &o, inputs, n_inputs, NULL,
                             &sum, err, sizeof err);
        st = finish(st, "run", err, &msgs, &sum, counts);
    } else if (!st) {
        st = wn_pipeline_run(p, inputs, n_inputs, &sum);
        st = finish(st, "run", wn_pipeline_error(p), &msgs, &sum, counts);
    }
    wn_api_pipeline_free(sh, stages, p);
    wn_dir_lock_release(lock);
    return st;
}

wn_status wn_dedup_files(const wn_config *cfg, const char *const *inputs, size_t n_inputs,
                         const char *out_dir, wn_counts *counts)
{
    if (cfg && cfg->dedup.methods == 0)
        return wn_api_error(WN_ERR_USAGE, "dedup: no method (set \"dedup\")");
    wn_dir_lock *lock;
    wn_run_config rc;
    run_messages msgs = { "", 0 };
    wn_status st = prepare(cfg, inputs, n_inputs, out_dir, counts, &lock, &rc, &msgs);
    if (st)
        return st;
    /* `winnow dedup` runs no stage of its own: the documents as read */
    wn_dedup_opts o = cfg->dedup;
    wn_run_summary sum;
    memset(&sum, 0, sizeof sum);
    char err[2048] = "";
    st = wn_dedup_passes(&rc, NULL, 0, &o, inputs, n_inputs, NULL, &sum, err, sizeof err);
    st = finish(st, "dedup", err, &msgs, &sum, counts);
    wn_dir_lock_release(lock);
    return st;
}
