/* sign.c: step 1, signing: each document's keys (exact, URL, MinHash bands, paragraphs) go to
 * per-worker sorted runs, its signature and id to per-worker files; then the manifest. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "dedup/dedup_impl.h"

/* ---- step 1: sign ------------------------------------------------------------------------------ */


struct sign_ctx {
    sign_shared *sh;
    unsigned index;
    wn_rec_writer *docs, *ids, *sigs, *shingles;
    uint64_t sh_off;
    wn_sorter *sorters[WN_DD_N_RUN_KINDS];
    uint64_t *counts;
    size_t n_counts;
    wn_buf line;
    wn_shingler *shingler;
    uint64_t *sig;
    uint16_t *sig16;
    uint64_t id_off;
    wn_status err;
};

static void sign_ctx_free(void *v)
{
    sign_ctx *x = v;
    if (!x)
        return;
    wn_rec_writer_abort(x->docs);
    wn_rec_writer_abort(x->ids);
    wn_rec_writer_abort(x->sigs);
    wn_rec_writer_abort(x->shingles);
    for (int k = 0; k < WN_DD_N_RUN_KINDS; k++)
        wn_sorter_free(x->sorters[k]);
    wn_free(x->counts);
    wn_buf_free(&x->line);
    wn_shingler_free(x->shingler);
    wn_free(x->sig);
    wn_free(x->sig16);
    wn_free(x);
}

static wn_status sign_ctx_create(const void *config, void **out)
{
    sign_shared *sh = (sign_shared *)config;
    const wn_dedup_opts *o = sh->o;
    sign_ctx *x = wn_calloc(1, sizeof *x);
    if (!x)
        return WN_ERR_NOMEM;
    pthread_mutex_lock(&sh->lock);
    wn_status st = WN_GROW(sh->ctxs, sh->cap, sh->n + 1, 8, WN_DD_MAX_WORKERS);
    if (!st) {
        x->index = sh->base + (unsigned)sh->n;
        sh->ctxs[sh->n++] = x;
    }
    pthread_mutex_unlock(&sh->lock);
    if (st) {
        wn_free(x);
        return st;
    }
    x->sh = sh;
    wn_buf_init(&x->line, WN_DD_NORM_MAX);   /* a paragraph, normalised */
    size_t k = (size_t)o->minhash.bands * o->minhash.rows;
    x->sig = wn_malloc(k * 8);
    x->sig16 = wn_calloc(k, 2);
    if (!x->sig || !x->sig16 || wn_shingler_create(&x->shingler, &o->minhash))
        return WN_ERR_NOMEM; /* x is registered: freed by the pipeline through ctx_free */
    char path[WN_PATH_CAP];
    WN_DD_PATH(path, "%s/docs.w%u", sh->dir, x->index);
    if ((st = wn_rec_writer_create(&x->docs, path, WN_DD_K_DOCS, sizeof(doc_rec), WN_DD_RANDOM_BLOCK)))
        return st;
    WN_DD_PATH(path, "%s/ids.w%u", sh->dir, x->index);
    if ((st = wn_rec_writer_create(&x->ids, path, WN_DD_K_IDS, 1, WN_DD_RANDOM_BLOCK)))
        return st;
    if (o->methods & WN_DEDUP_MINHASH) {
        WN_DD_PATH(path, "%s/sigs.w%u", sh->dir, x->index);
        if ((st = wn_rec_writer_create(&x->sigs, path, WN_DD_K_SIGS, (uint32_t)(k * 2), WN_DD_RANDOM_BLOCK)))
            return st;
        if (o->confirm_exact) {
            WN_DD_PATH(path, "%s/shingles.w%u", sh->dir, x->index);
            if ((st = wn_rec_writer_create(&x->shingles, path, WN_DD_K_SHINGLES, 8, WN_DD_RANDOM_BLOCK)))
                return st;
        }
    }
    /* the band keys are the bulk: 14 per document against 1 exact key */
    static const double share[WN_DD_N_RUN_KINDS] = { 0.1, 0.1, 0.5, 0.3 };
    static const unsigned bit[WN_DD_N_RUN_KINDS] = { WN_DEDUP_EXACT, WN_DEDUP_URL, WN_DEDUP_MINHASH, WN_DEDUP_PARAGRAPH };
    for (int i = 0; i < WN_DD_N_RUN_KINDS; i++) {
        if (!(o->methods & bit[i]))
            continue;
        WN_DD_PATH(path, "%s/%s.w%u", sh->dir, RUN_NAMES[i], x->index);
        uint32_t kind = i == 3 ? (o->para_bloom ? WN_DD_K_PARA_POS : WN_DD_K_PARA) : (uint32_t)(WN_DD_K_EXACT + i);
        if ((st = wn_sorter_create(&x->sorters[i], path, kind, i == 3 ? 24 : 16,
                                   (size_t)((double)sh->budget * share[i]))))
            return st;
    }
    *out = x;
    return WN_OK;
}

static wn_status sign_doc(sign_ctx *x, wn_doc *d)
{
    const wn_dedup_opts *o = x->sh->o;
    wn_status st;
    if (d->input_index >= WN_DD_MAX_INPUTS || d->record_index >= (1ULL << 40))
        return WN_ERR_UNSUPPORTED;
    uint64_t pos = WN_DD_POS(d->input_index, d->record_index);
    if (d->input_index >= x->n_counts) {
        size_t old = x->n_counts;
        if ((st = WN_GROW(x->counts, x->n_counts, (size_t)d->input_index + 1, 64, WN_DD_MAX_INPUTS)))
            return st;
        memset(x->counts + old, 0, (x->n_counts - old) * 8);
    }
    if (x->counts[d->input_index] < d->record_index + 1)
        x->counts[d->input_index] = d->record_index + 1;

    /* one pass over the text gives both the exact key and the shingles */
    const uint64_t *shingles = NULL;
    size_t n_sh = 0;
    uint64_t text_key = 0;
    if ((x->sorters[0] || x->sorters[2]) &&
        (st = wn_shingler_text(x->shingler, d->text.data ? d->text.data : "", d->text.len,
                               &shingles, &n_sh, &text_key)))
        return st;
    doc_rec dr = { pos, x->id_off, x->sh_off, (uint32_t)d->id.len, 0 };
    if ((st = wn_rec_writer_add_n(x->ids, d->id.data, d->id.len)))
        return st;
    x->id_off += d->id.len;
    if (x->sorters[0] && text_key) {
        key_rec k = { text_key, pos };
        if ((st = wn_sorter_add(x->sorters[0], &k)))
            return st;
    }
    if (x->sorters[1] && d->url.len) {
        key_rec k = { wn_hash64(d->url.data, d->url.len, 0x0a1), pos };
        if ((st = wn_sorter_add(x->sorters[1], &k)))
            return st;
    }
    if (x->sorters[2]) {
        size_t n = n_sh;
        size_t k = (size_t)o->minhash.bands * o->minhash.rows;
        if (n > UINT32_MAX)
            return WN_ERR_TOO_LARGE;
        dr.n_shingles = (uint32_t)n;
        if (x->shingles) {
            /* unsorted: sorting costs more than signing, and only candidates need it */
            if ((st = wn_rec_writer_add_n(x->shingles, shingles, n)))
                return st;
            x->sh_off += n;
        }
        if (n) {
            wn_minhash_sign(&o->minhash, shingles, n, x->sig);
            wn_minhash_compact(x->sig, k, x->sig16);
            for (unsigned b = 0; b < o->minhash.bands; b++) {
                key_rec kr = { wn_minhash_band_key(&o->minhash, x->sig, b), pos };
                if ((st = wn_sorter_add(x->sorters[2], &kr)))
                    return st;
            }
        } else {
            memset(x->sig16, 0, k * 2); /* never read: no band keys */
        }
        if ((st = wn_rec_writer_add(x->sigs, x->sig16)))
            return st;
    }
    if (x->sorters[3]) {
        const char *t = d->text.data ? d->text.data : "";
        size_t n = d->text.len, i = 0;
        uint64_t idx = 0;
        while (i <= n) {
            size_t j = i;
            while (j < n && t[j] != '\n')
                j++;
            size_t a = i, b = j;
            while (a < b && (t[a] == ' ' || t[a] == '\t' || t[a] == '\r')) a++;
            while (b > a && (t[b - 1] == ' ' || t[b - 1] == '\t' || t[b - 1] == '\r')) b--;
            if (b - a >= o->para_min_chars && b > a) {
                wn_buf_reset(&x->line);
                if ((st = wn_dedup_normalize(t + a, b - a, &x->line)))
                    return st;
                if (x->line.len) {
                    uint64_t h = wn_hash64(x->line.data, x->line.len, 0x9a7a);
                    rec3 r = o->para_bloom ? (rec3){ pos, idx, h } : (rec3){ h, pos, idx };
                    if ((st = wn_sorter_add(x->sorters[3], &r)))
                        return st;
                }
            }
            idx++;
            if (j == n)
                break;
            i = j + 1;
        }
    }
    return wn_rec_writer_add(x->docs, &dr);
}

static void sign_process(void *ctx, wn_doc *d, wn_counters *c)
{
    sign_ctx *x = ctx;
    wn_status st = x->err ? x->err : sign_doc(x, d);
    if (st) {
        if (!x->err)
            x->err = st;
        wn_doc_fail(d, "dedup_sign", "%s: record %llu: cannot sign: %s",
                    d->source.data ? d->source.data : "?", (unsigned long long)d->record_index,
                    wn_strerror(st));
        return;
    }
    wn_counter_add(c, "signed", 1);
}

static const wn_stage stage_sign = { "dedup_sign", sign_ctx_create, sign_ctx_free, sign_process, NULL };


static unsigned effective_threads(unsigned t)
{
    if (t == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        t = n > 0 ? (unsigned)n : 1;
    }
    return t > 256 ? 256 : t;
}

/* Under MPI: every rank's worker count, so that each numbers its files after those of the
 * ranks before it (*base); all ranks then write into the one work directory. Collective. */
static wn_status ranks_base(const wn_comm *c, unsigned threads, unsigned *base)
{
    *base = 0;
    if (!wn_comm_active(c))
        return WN_OK;
    wn_buf all;
    wn_buf_init(&all, (size_t)c->size * 8);   /* one worker count from each rank */
    uint64_t *counts = wn_calloc((size_t)c->size, 8);
    uint64_t mine = threads;
    wn_status st = counts ? c->allgather(c, &mine, 8, &all, counts) : WN_ERR_NOMEM;
    if (!st && all.len != (size_t)c->size * 8)
        st = WN_ERR_CORRUPT;
    for (int r = 0; !st && r < c->rank; r++) {
        uint64_t t;
        memcpy(&t, all.data + (size_t)r * 8, 8);
        *base += (unsigned)t;
    }
    wn_free(counts);
    wn_buf_free(&all);
    return st;
}

/* Under MPI, after signing: the ranks agree on the outcome, then every rank gets the manifest
 * of the whole job: the workers of all ranks in rank order (their files are numbered so, see
 * ranks_base), their runs, and per input the largest count any rank saw (an input is read by
 * one rank; the others saw none of it); the same for the capture counts *cc. Collective. */
static wn_status ranks_manifest(const wn_comm *c, wn_status st, manifest *m, uint64_t *cc,
                                char *err, size_t err_cap)
{
    st = wn_comm_agree(c, st, NULL, err, err_cap);
    if (st)
        return st;
    size_t n_in = (size_t)m->n_inputs;
    size_t words = 2 + (size_t)m->workers * WN_DD_N_RUN_KINDS + 2 * n_in;
    uint64_t *mine = wn_calloc(words, 8);
    uint64_t *counts = wn_calloc((size_t)c->size, 8);
    wn_buf all;
    /* each rank's summary above; the job's workers, all ranks together, are at most the
     * manifest's WN_DD_MAX_WORKERS: more is a rank that went wrong (too_large, agreed on) */
    wn_buf_init(&all, (size_t)c->size * (2 + 2 * n_in) * 8 + (size_t)WN_DD_MAX_WORKERS * WN_DD_N_RUN_KINDS * 8);
    if (mine) {
        mine[0] = m->workers;
        mine[1] = n_in;
        memcpy(mine + 2, m->runs, (size_t)m->workers * WN_DD_N_RUN_KINDS * 8);
        memcpy(mine + 2 + m->workers * WN_DD_N_RUN_KINDS, m->counts, n_in * 8);
        if (cc)
            memcpy(mine + 2 + m->workers * WN_DD_N_RUN_KINDS + n_in, cc, n_in * 8);
    }
    /* a rank out of memory sends nothing, and every rank sees it below */
    st = counts ? c->allgather(c, mine, mine ? words * 8 : 0, &all, counts) : WN_ERR_NOMEM;
    uint64_t workers = 0;
    size_t off = 0;
    for (int r = 0; !st && r < c->size; r++) {
        uint64_t h[2] = { 0, 0 };
        if (counts[r] >= 16)
            memcpy(h, all.data + off, 16);
        if (counts[r] < 16 || h[1] != n_in || counts[r] != (2 + h[0] * WN_DD_N_RUN_KINDS + 2 * n_in) * 8) {
            snprintf(err, err_cap, "rank %d: bad signing summary", r);
            st = WN_ERR_CORRUPT;
        }
        workers += h[0];
        off += (size_t)counts[r];
    }
    uint64_t *runs = st ? NULL : wn_calloc(workers * WN_DD_N_RUN_KINDS + 1, 8);
    if (!st && !runs)
        st = WN_ERR_NOMEM;
    off = 0;
    uint64_t w0 = 0;
    for (int r = 0; !st && r < c->size; r++) {
        const char *p = all.data + off;
        uint64_t nw;
        memcpy(&nw, p, 8);
        memcpy(runs + w0 * WN_DD_N_RUN_KINDS, p + 16, (size_t)nw * WN_DD_N_RUN_KINDS * 8);
        for (size_t i = 0; i < n_in; i++) {
            uint64_t v, u;
            memcpy(&v, p + 16 + (nw * WN_DD_N_RUN_KINDS + i) * 8, 8);
            memcpy(&u, p + 16 + (nw * WN_DD_N_RUN_KINDS + n_in + i) * 8, 8);
            if (r == 0 || v > m->counts[i])
                m->counts[i] = v;
            if (cc && (r == 0 || u > cc[i]))
                cc[i] = u;
        }
        w0 += nw;
        off += (size_t)counts[r];
    }
    if (!st) {
        wn_free(m->runs);
        m->runs = runs;
        m->workers = workers;
    }
    wn_free(mine);
    wn_free(counts);
    wn_buf_free(&all);
    return wn_comm_agree(c, st, NULL, err, err_cap);
}

wn_status wn_dedup_sign(const wn_run_config *cfg, const wn_stage_ref *stages, size_t n_stages,
                        const wn_dedup_opts *o, const char *const *inputs, size_t n_inputs,
                        char *err, size_t err_cap)
{
    size_t k = (size_t)o->minhash.bands * o->minhash.rows;
    if (!o->work_dir || !o->methods || k == 0 || k > 512 || o->minhash.ngram == 0 ||
        o->threshold < 0 || o->threshold > 1 || (o->para_bloom && (o->para_fpr <= 0 || o->para_fpr >= 1))) {
        snprintf(err, err_cap, "dedup: bad options (hashes = bands x rows must be 1..512)");
        return WN_ERR_USAGE;
    }
    wn_status dir_st = wn_dd_work_dir_check(o->work_dir, err, err_cap);
    if (dir_st)
        return dir_st;
    for (size_t i = 0; i < n_inputs; i++)
        if (!strcmp(inputs[i], "-")) {
            snprintf(err, err_cap, "dedup reads its inputs twice (sign, then apply): stdin ('-') "
                     "cannot be an input; save it to a file first");
            return WN_ERR_USAGE;
        }
    wn_status made = wn_mkdirs(o->work_dir);
    if (made)
        snprintf(err, err_cap, "%s: cannot create work directory", o->work_dir);
    /* under MPI this is the first collective: a rank that cannot go on says so here */
    if (wn_comm_active(cfg->comm))
        made = wn_comm_agree(cfg->comm, made, NULL, err, err_cap);
    if (made)
        return made;
    wn_run_config c = *cfg;
    c.out_dir = NULL;
    c.write_outputs = false;
    unsigned threads = effective_threads(c.threads);
    c.threads = threads;
    sign_shared sh = { .o = o, .dir = o->work_dir };
    sh.budget = (size_t)(o->memory / 2 / threads);
    const wn_comm *comm = cfg->comm;
    if (ranks_base(comm, threads, &sh.base)) {
        snprintf(err, err_cap, "dedup: cannot exchange worker counts between ranks");
        return WN_ERR_IO;
    }
    pthread_mutex_init(&sh.lock, NULL);
    wn_pipeline *p = NULL;
    wn_status st = wn_pipeline_create(&p, &c);
    /* with stages (run --dedup), one capture stage runs them and keeps their result, so that
     * apply does not run them again */
    /* test hook: the former way (stages run again in apply), the oracle of tests/cli/dedup_run.sh */
    bool capture = n_stages > 0 && !WN_TEST_HOOK("WINNOW_TEST_DEDUP_RERUN_STAGES");
    sh.stages = stages;
    sh.n_stages = n_stages;
    if (!st && n_stages > 16)
        st = WN_ERR_USAGE;   /* apply has 16 proxy functions (PROXY_FNS) */
    if (!st && capture)
        st = wn_pipeline_add_stage(p, &wn_dd_stage_capture, &sh);
    for (size_t i = 0; !st && !capture && i < n_stages; i++)
        st = wn_pipeline_add_stage(p, stages[i].stage, stages[i].config);
    if (!st)
        st = wn_pipeline_add_stage(p, &stage_sign, &sh);
    wn_run_summary sum;
    if (!st && (st = wn_pipeline_run(p, inputs, n_inputs, &sum)))
        snprintf(err, err_cap, "%s", wn_pipeline_error(p)[0] ? wn_pipeline_error(p) : wn_strerror(st));
    if (!st && capture && c.timing)
        wn_dd_split_capture_time(c.timing, &sh);
    manifest m = { .workers = sh.n, .n_inputs = n_inputs, .o = *o };
    /* wn_pipeline_run expands directories: count what it read, not what was given */
    char **files = NULL;
    size_t n_files = 0;
    if (!st && !(st = wn_inputs_expand(inputs, n_inputs, &files, &n_files))) {
        m.n_inputs = n_files;
        wn_inputs_free(files, n_files);
    }
    if (!st) {
        m.runs = wn_calloc(sh.n * WN_DD_N_RUN_KINDS + 1, 8);
        m.counts = wn_calloc(m.n_inputs + 1, 8);
        if (!m.runs || !m.counts)
            st = WN_ERR_NOMEM;
    }
    for (size_t w = 0; !st && w < sh.n; w++) {
        sign_ctx *x = sh.ctxs[w];
        if (x->err) {
            st = x->err;
            snprintf(err, err_cap, "%s: cannot write intermediate files: %s", o->work_dir, wn_dd_io_reason(st));
            break;
        }
        for (int i = 0; i < WN_DD_N_RUN_KINDS && !st; i++) {
            if (x->sorters[i] && !(st = wn_sorter_flush(x->sorters[i])))
                m.runs[w * WN_DD_N_RUN_KINDS + i] = wn_sorter_runs(x->sorters[i]);
        }
        for (size_t i = 0; i < x->n_counts && i < m.n_inputs; i++)
            if (x->counts[i] > m.counts[i])
                m.counts[i] = x->counts[i];
        st = wn_dd_close_or_abort(x->docs, st);
        x->docs = NULL;
        st = wn_dd_close_or_abort(x->ids, st);
        x->ids = NULL;
        st = wn_dd_close_or_abort(x->sigs, st);
        x->sigs = NULL;
        st = wn_dd_close_or_abort(x->shingles, st);
        x->shingles = NULL;
        if (st && !err[0])
            snprintf(err, err_cap, "%s: cannot write intermediate files: %s", o->work_dir, wn_dd_io_reason(st));
    }
    /* the captured documents are numbered on their own (capcounts): the manifest's numbering,
     * which the cluster ids show, stays that of the signed documents */
    uint64_t *cc = capture && !st ? wn_calloc(m.n_inputs + 1, 8) : NULL;
    if (capture && !st && !cc)
        st = WN_ERR_NOMEM;
    for (size_t w = 0; !st && w < sh.n_capture; w++) {
        capture_ctx *x = sh.caps[w];
        for (size_t i = 0; i < x->n_counts && i < m.n_inputs; i++)
            if (x->counts_in[i] > cc[i])
                cc[i] = x->counts_in[i];
        if ((st = x->err))
            snprintf(err, err_cap, "%s: cannot write intermediate files: %s", o->work_dir, wn_dd_io_reason(st));
        st = wn_dd_close_or_abort(x->data, st);
        x->data = NULL;
        st = wn_dd_close_or_abort(x->idx, st);
        x->idx = NULL;
        if (st && !err[0])
            snprintf(err, err_cap, "%s: cannot write intermediate files: %s", o->work_dir, wn_dd_io_reason(st));
    }
    if (!st && m.captured && sh.n_capture != sh.n) {
        snprintf(err, err_cap, "%s: %zu capture files for %zu workers", o->work_dir, sh.n_capture, sh.n);
        st = WN_ERR_CORRUPT;
    }
    if (!st && sh.n != threads) {
        /* ranks_base counted on one file per worker thread */
        snprintf(err, err_cap, "%s: %zu sign workers for %u threads", o->work_dir, sh.n, threads);
        st = WN_ERR_CORRUPT;
    }
    m.captured = capture;
    /* under MPI the ranks exchange their parts and rank 0 writes the job's manifest */
    bool writer = !wn_comm_active(comm) || comm->rank == 0;
    if (wn_comm_active(comm))
        st = ranks_manifest(comm, st, &m, cc, err, err_cap);
    if (!st && capture && writer) {
        char path[WN_PATH_CAP];
        wn_dd_path_of(path, sizeof path, o->work_dir, "capcounts");
        wn_rec_writer *w;
        if (!(st = wn_rec_writer_create(&w, path, WN_DD_K_CAPCOUNTS, 8, WN_DD_RANDOM_BLOCK))) {
            if ((st = wn_rec_writer_add_n(w, cc, m.n_inputs)))
                wn_rec_writer_abort(w);
            else
                st = wn_rec_writer_close(w, m.n_inputs);
        }
        if (st)
            snprintf(err, err_cap, "%s: cannot write: %s", path, wn_dd_io_reason(st));
    }
    wn_free(cc);
    if (!st && writer && (st = wn_dd_manifest_write(o->work_dir, &m)))
        snprintf(err, err_cap, "%s/manifest: cannot write: %s", o->work_dir, wn_dd_io_reason(st));
    /* the step's files were fsynced one by one (recfile.c); their names now are too */
    if (!st && writer)
        st = wn_dir_sync(o->work_dir, err, err_cap);
    if (wn_comm_active(comm))
        st = wn_comm_agree(comm, st, NULL, err, err_cap);
    wn_dd_manifest_free(&m);
    wn_pipeline_free(p);
    wn_free(sh.ctxs);
    wn_free(sh.caps);
    pthread_mutex_destroy(&sh.lock);
    return st;
}
