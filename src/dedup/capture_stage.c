/* capture_stage.c: run --dedup's capture stage, run while signing: the run's stages once, each
 * document saved as they left it (capture.h) so that apply replays them. */
#include <pthread.h>
#include <string.h>
#include <time.h>
#include "dedup/dedup_impl.h"

/* ---- run --dedup: the stages once, their result captured -------------------------------------- */

/* One stage that runs the run's stages in order, as the pipeline would, and writes each
 * document as they left it, with what each stage counted on it (capture.h), so that apply can
 * replay them without running them again. */
/* The monotonic clock, read around each stage of each document: it costs about 50 ns here,
 * where the thread's CPU clock is a system call of about a microsecond (as much as a small
 * document's stages). Its readings give the proportions only (wn_dd_split_capture_time). */
static double monotonic(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void capture_ctx_free(void *v)
{
    capture_ctx *x = v;
    if (!x)
        return;
    for (size_t s = 0; s < x->sh->n_stages; s++) {
        if (x->inner[s] && x->sh->stages[s].stage->ctx_free)
            x->sh->stages[s].stage->ctx_free(x->inner[s]);
        wn_counters_free(&x->counts[s]);
    }
    wn_rec_writer_abort(x->data);
    wn_rec_writer_abort(x->idx);
    wn_buf_free(&x->rec);
    wn_free(x->counts_in);
    wn_free(x);
}

static wn_status capture_ctx_create(const void *config, void **out)
{
    sign_shared *sh = (sign_shared *)config;
    capture_ctx *x = wn_calloc(1, sizeof *x);
    if (!x)
        return WN_ERR_NOMEM;
    x->sh = sh;
    wn_buf_init(&x->rec, WN_DD_CAPTURE_MAX);
    wn_status st = WN_OK;
    pthread_mutex_lock(&sh->lock);
    st = WN_GROW(sh->caps, sh->caps_cap, sh->n_capture + 1, 8, WN_DD_MAX_WORKERS);
    unsigned index = sh->base + (unsigned)sh->n_capture;
    if (!st)
        sh->caps[sh->n_capture++] = x;
    pthread_mutex_unlock(&sh->lock);
    if (st) {
        wn_free(x);
        return st;
    }
    *out = x;
    for (size_t s = 0; !st && s < sh->n_stages; s++)
        if (sh->stages[s].stage->ctx_create)
            st = sh->stages[s].stage->ctx_create(sh->stages[s].config, &x->inner[s]);
    char path[WN_PATH_CAP];
    WN_DD_PATH(path, "%s/capture.w%u", sh->dir, index);
    if (!st)
        st = wn_rec_writer_create(&x->data, path, WN_DD_K_CAPTURE, 1, (size_t)64 << 10);
    WN_DD_PATH(path, "%s/capidx.w%u", sh->dir, index);
    if (!st)
        st = wn_rec_writer_create(&x->idx, path, WN_DD_K_CAPIDX, sizeof(capidx_rec), WN_DD_RANDOM_BLOCK);
    return st;   /* on error *out is freed by the pipeline through capture_ctx_free */
}

static void capture_process(void *ctx, wn_doc *d, wn_counters *c)
{
    capture_ctx *x = ctx;
    size_t n = x->sh->n_stages;
    uint32_t left = (uint32_t)n;
    for (size_t s = 0; s < n; s++)
        x->counts[s].n = 0;
    double t = monotonic();
    for (size_t s = 0; s < n; s++) {
        x->sh->stages[s].stage->process(x->inner[s], d, &x->counts[s]);
        double t1 = monotonic();
        x->spent[s] += t1 - t;
        t = t1;
        if (d->status != WN_DOC_KEPT) {
            left = (uint32_t)s;
            break;
        }
    }
    wn_status st = x->err;
    if (!st && (d->input_index >= WN_DD_MAX_INPUTS || d->record_index >= (1ULL << 40)))
        st = WN_ERR_UNSUPPORTED;
    if (!st && d->input_index >= x->n_counts) {
        size_t old = x->n_counts;
        if (!(st = WN_GROW(x->counts_in, x->n_counts, (size_t)d->input_index + 1, 64, WN_DD_MAX_INPUTS)))
            memset(x->counts_in + old, 0, (x->n_counts - old) * 8);
    }
    if (!st && x->counts_in[d->input_index] < d->record_index + 1)
        x->counts_in[d->input_index] = d->record_index + 1;
    wn_buf_reset(&x->rec);
    if (!st)
        st = wn_capture_encode(&x->rec, d, left, x->counts, n);
    capidx_rec r = { WN_DD_POS(d->input_index, d->record_index), x->off, x->rec.len };
    if (!st)
        st = wn_rec_writer_add_n(x->data, x->rec.data, x->rec.len);
    if (!st)
        st = wn_rec_writer_add(x->idx, &r);
    x->off += x->rec.len;
    if (x->rec.cap > ((size_t)1 << 20))
        wn_buf_free(&x->rec);
    x->spent[64] += monotonic() - t;
    if (st) {
        if (!x->err)
            x->err = st;
        if (d->status == WN_DOC_KEPT)
            wn_doc_fail(d, "dedup_capture", "%s: record %llu: cannot save: %s",
                        d->source.data ? d->source.data : "?", (unsigned long long)d->record_index,
                        wn_strerror(st));
    }
    (void)c;
}

const wn_stage wn_dd_stage_capture = { "dedup_capture", capture_ctx_create, capture_ctx_free, capture_process,
                                       NULL };

/* The pipeline measured the CPU time of the capture stage as a whole (cfg.timing): it is
 * shared out between the run's stages inside it and the capture itself in the proportions of
 * the time each took, so that the timing names the stages that cost (extraction, not
 * "capture"). */
void wn_dd_split_capture_time(wn_run_timing *t, const sign_shared *sh)
{
    double part[65] = { 0 }, sum = 0;
    size_t n = sh->n_stages;
    for (size_t w = 0; w < sh->n_capture; w++) {
        const capture_ctx *x = sh->caps[w];
        for (size_t s = 0; s < n; s++)
            part[s] += x->spent[s];
        part[64] += x->spent[64];
    }
    for (size_t s = 0; s < n; s++)
        sum += part[s];
    sum += part[64];
    for (size_t i = 0; sum > 0 && i < t->n_cpu; i++) {
        if (strcmp(t->cpu_name[i], wn_dd_stage_capture.name))
            continue;
        double total = t->cpu_seconds[i];
        t->cpu_seconds[i] = total * part[64] / sum;
        for (size_t s = 0; s < n; s++)
            wn_run_timing_cpu(t, sh->stages[s].stage->name, total * part[s] / sum);
        break;
    }
}
