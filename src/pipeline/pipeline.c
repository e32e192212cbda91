/* pipeline.c: the threaded run: reader -> workers -> reorder -> writers, and stats.json.
 *
 * DESIGN: batches are the unit of work. A fixed pool of batches (2 per worker + 2) circulates
 * free -> filled by the reader -> processed by a worker -> written by the writer -> free, so at
 * most that many batches exist and memory is bounded by the pool, whatever the input size. The
 * reader numbers batches in input order; the writer takes them strictly in that order, which
 * makes the output identical for any number of workers.
 *
 * Shards are cut between batches, and batches are cut by the reader from the documents alone
 * (a number of documents or of bytes), so shard boundaries do not depend on -j either. Each
 * output stream rotates by its own size (outputs.h). Every cfg.checkpoint_bytes of output the
 * writer takes a checkpoint (checkpoint.h), whatever the shards: a rerun of an interrupted run
 * reads its inputs again but skips the work on the documents already written. Stage counts
 * travel with each batch, so the counts at a checkpoint are exactly those of the documents
 * before it. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "winnow/pipeline.h"
#include "winnow/path.h"
#include "pipeline/checkpoint.h"
#include "pipeline/outputs.h"
#include "pipeline/ranks.h"
#include "pipeline/spools.h"
#include "pipeline/stats.h"
#include "common/check.h"
#include "common/grow.h"
#include "common/msg.h"

#define BATCH_DOCS 64
#define BATCH_BYTES ((size_t)8 << 20)
#define MAX_STAGES WN_RUN_STAGES_MAX
#define MAX_MESSAGES_PER_INPUT 20
/* A rank's spool sizes, two words a batch, go to every rank in one exchange */
#define SPOOL_WORDS_MAX (WN_COMM_GATHER_MAX / 8)

typedef struct batch {
    uint64_t seq;
    wn_doc *docs;
    wn_buf *lines;     /* each document's JSON line, made by the worker */
    size_t n;          /* documents filled */
    size_t inited;     /* documents initialised (kept across reuse) */
    wn_stage_stats stats[MAX_STAGES];   /* what the stages counted on this batch */
    struct batch *next;
} batch;

typedef struct {
    batch *head, *tail;
} queue;

typedef struct {
    const wn_stage *stage;
    const void *config;
} stage_ref;

typedef struct worker {
    struct wn_pipeline *p;
    pthread_t thread;
    void *ctx[MAX_STAGES];
    double cpu[MAX_STAGES + 1];   /* CPU seconds in each stage, then in serialising */
} worker;

struct wn_pipeline {
    wn_run_config cfg;
    stage_ref stages[MAX_STAGES];
    wn_schema schema;       /* the metadata keys of every line (doc.h), from the stages */
    size_t n_stages;

    pthread_mutex_t lock;
    pthread_cond_t cond_free, cond_work, cond_done;
    queue free_q, work_q;
    batch *done;            /* unordered list of processed batches */
    batch *pool;
    size_t n_batches;
    bool reading_done;
    uint64_t batches_made;  /* valid once reading_done */
    bool stop;              /* a fatal writer error: reader stops early */

    worker *workers;
    unsigned n_workers;

    pthread_mutex_t msg_lock;

    /* writer side */
    wn_outputs *outs;                         /* the output streams (one process) */
    wn_spools *spools;                        /* this rank's spools (under MPI) */
    uint64_t bytes_since_ckpt;                /* output written since the last checkpoint */
    wn_run_stats stats;
    wn_stage_stats stage_stats[MAX_STAGES];  /* summed in batch order */
    wn_checkpoint ckpt;                       /* the last one taken, or the one resumed from */
    uint64_t docs_written;                    /* documents through the writer, resumed ones too */
    uint64_t skip_docs;                       /* documents a resumed run reads but does not redo */
    unsigned checkpoints;                     /* taken by this process */
    /* the checkpoint journal (checkpoint.c): whether this process wrote its full record, the
     * file's bytes and the full record's, and the inputs written since the last record */
    bool ckpt_full;
    uint64_t ckpt_bytes, ckpt_full_bytes;
    size_t dirty_lo, dirty_hi;                /* [lo, hi) */
    wn_status fatal;
    char err[1024];
    /* under MPI (ranks.h): this rank's inputs, and what each of its batches added to the
     * spools (spools.h), noted by the writer */
    bool ranks;
    size_t first_input, end_input;
    uint64_t *batch_bytes;
    size_t n_batch_bytes, cap_batch_bytes;
    wn_checkpoint pack_names;                 /* names of the counters other ranks sent */
    uint64_t file_bytes_done;  /* updated by the reader, read by progress (relaxed) */
    uint64_t file_bytes_total; /* sum of the sizes of regular input files */
    struct timespec t0;
    double cpu_read, cpu_write;   /* CPU seconds of the reading and the writing thread */
    wn_status source_st;          /* what the source callback returned, when it stopped the run */
    /* cfg.limit: documents the reader has taken (those a checkpoint says are done included),
     * and whether it stopped there with inputs left unread */
    uint64_t taken;
    bool limit_reached;
    char added[32];               /* dolma's "added": when this run started, ISO-8601 */
};

/* CPU time of the calling thread: what a stage costs, whatever else runs on the machine */
static double thread_cpu(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double now_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void message(wn_pipeline *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void message(wn_pipeline *p, const char *fmt, ...)
{
    if (!p->cfg.on_message)
        return;
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pthread_mutex_lock(&p->msg_lock);
    p->cfg.on_message(p->cfg.ud, msg);
    pthread_mutex_unlock(&p->msg_lock);
}

static void q_push(queue *q, batch *b)
{
    b->next = NULL;
    if (q->tail)
        q->tail->next = b;
    else
        q->head = b;
    q->tail = b;
}

static batch *q_pop(queue *q)
{
    batch *b = q->head;
    if (b) {
        q->head = b->next;
        if (!q->head)
            q->tail = NULL;
    }
    return b;
}

void wn_run_config_default(wn_run_config *c)
{
    memset(c, 0, sizeof *c);
    c->compress = WN_CODEC_ZSTD;
    c->shard_bytes = (uint64_t)256 << 20;
    c->checkpoint_bytes = (uint64_t)64 << 20;
    c->write_dropped = true;
    c->write_outputs = true;
    c->progress_seconds = 0.2;
    wn_reader_opts_default(&c->reader);
}

wn_status wn_pipeline_create(wn_pipeline **out, const wn_run_config *cfg)
{
    *out = NULL;
    if (!cfg->out_dir && cfg->write_outputs)
        return WN_ERR_USAGE;
    wn_pipeline *p = wn_calloc(1, sizeof *p);
    if (!p)
        return WN_ERR_NOMEM;
    p->cfg = *cfg;
    if (p->cfg.threads == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        p->cfg.threads = n > 0 ? (unsigned)n : 1;
    }
    if (p->cfg.threads > 256)
        p->cfg.threads = 256;
    pthread_mutex_init(&p->lock, NULL);
    pthread_mutex_init(&p->msg_lock, NULL);
    pthread_cond_init(&p->cond_free, NULL);
    pthread_cond_init(&p->cond_work, NULL);
    pthread_cond_init(&p->cond_done, NULL);
    /* the decode stage always runs first */
    p->stages[p->n_stages++] = (stage_ref){ &wn_stage_decode, NULL };
    wn_schema_init(&p->schema, cfg->dump);
    /* SOURCE_DATE_EPOCH (reproducible-builds.org) fixes the time, so that two runs of the
     * same inputs can be compared byte for byte */
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    char *end = NULL;
    long long epoch = sde && *sde ? strtoll(sde, &end, 10) : -1;
    time_t t = epoch >= 0 && end && *end == '\0' ? (time_t)epoch : time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(p->added, sizeof p->added, "%Y-%m-%dT%H:%M:%SZ", &tm);
    *out = p;
    return WN_OK;
}

wn_status wn_pipeline_add_stage(wn_pipeline *p, const wn_stage *stage, const void *config)
{
    if (p->n_stages == MAX_STAGES)
        return WN_ERR_USAGE;
    p->stages[p->n_stages++] = (stage_ref){ stage, config };
    wn_schema_add_stage(&p->schema, stage, config);
    return WN_OK;
}

void wn_pipeline_schema_add(wn_pipeline *p, const wn_stage *stage, const void *config)
{
    wn_schema_add_stage(&p->schema, stage, config);
}

const char *wn_pipeline_error(const wn_pipeline *p) { return p->err; }

bool wn_pipeline_stage(const wn_pipeline *p, size_t i, const wn_stage **stage, const void **config)
{
    if (i + 1 >= p->n_stages)   /* stages[0] is the built-in decode stage */
        return false;
    *stage = p->stages[i + 1].stage;
    *config = p->stages[i + 1].config;
    return true;
}

/* ---- workers ------------------------------------------------------------------------------------ */

/* Runs the stages on batch b, stage by stage (each document still sees them in order), so
 * that the CPU time of a stage is measured once per batch rather than once per document. */
static void run_stages(wn_pipeline *p, worker *w, batch *b)
{
    for (size_t s = 0; s < p->n_stages; s++) {
        wn_stage_stats *ss = &b->stats[s];
        double t = thread_cpu();
        for (size_t i = 0; i < b->n; i++) {
            wn_doc *d = &b->docs[i];
            if (d->status != WN_DOC_KEPT)
                continue;
            ss->in++;
            p->stages[s].stage->process(w->ctx[s], d, &ss->counters);
            if (d->status == WN_DOC_DROPPED)
                ss->dropped++;
            else if (d->status == WN_DOC_FAILED)
                ss->failed++;
        }
        w->cpu[s] += thread_cpu() - t;
    }
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    wn_pipeline *p = w->p;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        batch *b;
        while (!(b = q_pop(&p->work_q)) && !(p->reading_done && !p->work_q.head))
            pthread_cond_wait(&p->cond_work, &p->lock);
        pthread_mutex_unlock(&p->lock);
        if (!b)
            return NULL;
        run_stages(p, w, b);
        double t = thread_cpu();
        for (size_t i = 0; i < b->n; i++) {
            wn_doc *d = &b->docs[i];
            /* serialising here spreads the JSON work over the workers; the writer only
             * compresses and writes. Like wn_doc_reset, a line grown for one huge document
             * is released rather than kept for every document after it. */
            if (b->lines[i].cap > ((size_t)64 << 10))
                wn_buf_free(&b->lines[i]);
            wn_buf_reset(&b->lines[i]);
            d->schema = &p->schema;   /* for the shards and for a sink's wn_document_to_json */
            if (!p->cfg.write_outputs || (d->status != WN_DOC_KEPT && !p->cfg.write_dropped))
                continue;
            wn_status st = p->cfg.layout == WN_LAYOUT_DOLMA && d->status == WN_DOC_KEPT
                               ? wn_doc_to_dolma_json(d, p->added, &b->lines[i])
                               : wn_doc_to_json(d, &b->lines[i]);
            if (st) {
                /* the line cannot be made (out of memory): the document fails instead */
                wn_buf_reset(&b->lines[i]);
                d->status = WN_DOC_KEPT;
                wn_doc_fail(d, wn_strerror(st), "%s: record %llu: cannot serialise", d->source.data,
                            (unsigned long long)d->record_index);
                wn_buf_reset(&d->text);
                wn_doc_to_json(d, &b->lines[i]);
            }
        }
        w->cpu[MAX_STAGES] += thread_cpu() - t;
        pthread_mutex_lock(&p->lock);
        b->next = p->done;
        p->done = b;
        pthread_cond_signal(&p->cond_done);
        pthread_mutex_unlock(&p->lock);
    }
}

/* ---- writer ---------------------------------------------------------------------------------- */

/* An output that cannot be written stops the run; the first error is the one reported, with
 * the writer's words for it (the file and the system's reason) when it has them. */
static void write_doc(wn_pipeline *p, wn_doc *d, const wn_buf *line)
{
    wn_run_stats_count(&p->stats, d);
    size_t in = d->input_index;
    if (p->dirty_lo >= p->dirty_hi)
        p->dirty_lo = in, p->dirty_hi = in + 1;
    else if (in < p->dirty_lo)
        p->dirty_lo = in;
    else if (in >= p->dirty_hi)
        p->dirty_hi = in + 1;
    if (p->fatal)
        return;
    if (p->cfg.sink) {
        wn_status ss = p->cfg.sink(p->cfg.io_ud, d);
        if (ss) {
            p->fatal = WN_ERR_CALLBACK;
            snprintf(p->err, sizeof p->err, "the sink callback returned %s: run stopped", wn_strerror(ss));
            return;
        }
    }
    if (line->len == 0)
        return;
    if (p->outs) {
        wn_status st = wn_outputs_write(p->outs, d, line->data, line->len);
        if (st && !p->fatal) {
            p->fatal = st;
            snprintf(p->err, sizeof p->err, "cannot write output: %s", wn_outputs_error(p->outs));
        }
        p->bytes_since_ckpt += line->len;
        return;
    }
    if (!p->spools)
        return;
    wn_status st = wn_spools_write(p->spools, d, line->data, line->len);
    if (st && !p->fatal) {
        p->fatal = st;
        snprintf(p->err, sizeof p->err, "cannot write output: %s", wn_spools_error(p->spools));
    }
}

/* Appends n bytes to path and fsyncs it. */
static wn_status append_durably(const char *path, const void *data, size_t n, char *why, size_t cap)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0) {
        wn_msgf(why, cap, "%s: %s", path, strerror(errno));
        return WN_ERR_IO;
    }
    const char *q = data;
    while (n) {
        ssize_t w = write(fd, q, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            wn_msgf(why, cap, "%s: %s", path, strerror(w < 0 ? errno : EIO));
            close(fd);
            return WN_ERR_IO;
        }
        q += w;
        n -= (size_t)w;
    }
    if (fdatasync(fd) != 0) {
        wn_msgf(why, cap, "%s: cannot sync: %s", path, strerror(errno));
        close(fd);
        return WN_ERR_IO;
    }
    close(fd);
    return WN_OK;
}

/* At this batch boundary: every stream ends its compressed frame (so that the bytes are the
 * same whether checkpoints are kept or not) and, when the run keeps checkpoints, fsyncs it and
 * records where it stands and how far the run got. A checkpoint that cannot be written costs
 * only the resume, never the run. */
static void take_checkpoint(wn_pipeline *p)
{
    p->bytes_since_ckpt = 0;
    wn_checkpoint c = { .key = p->cfg.resume_key, .docs = p->docs_written };
    wn_status st = wn_outputs_sync(p->outs, &c, p->cfg.resume_key != 0);
    if (st) {
        wn_checkpoint_free(&c);
        if (!p->fatal) {
            p->fatal = st;
            snprintf(p->err, sizeof p->err, "cannot write output: %s", wn_outputs_error(p->outs));
        }
        return;
    }
    if (!p->cfg.resume_key)
        return;
    char path[WN_PATH_CAP];
    st = wn_path_join(path, sizeof path, p->cfg.out_dir, WN_CHECKPOINT_FILE);
    c.last_hash = p->ckpt.last_hash;
    /* a full record first, and again whenever the appended ones outweigh it (so the file stays
     * within about three full records); else one record with the inputs written since the
     * last, appended: a cut costs the same however many inputs are done */
    bool full = !p->ckpt_full || p->ckpt_bytes > 2 * p->ckpt_full_bytes + ((uint64_t)1 << 20);
    wn_buf b;
    wn_buf_init(&b, WN_CHECKPOINT_MAX);   /* resume reads no more */
    char why[1024] = "";
    if (st)
        snprintf(why, sizeof why, "%s: path too long", p->cfg.out_dir);
    else
        st = wn_checkpoint_format_record(&b, &c, &p->stats, p->stage_stats, p->n_stages, full,
                                     p->dirty_lo, p->dirty_hi);
    if (!st && full)
        st = wn_file_write_atomic(path, b.data, b.len, why, sizeof why);
    else if (!st)
        st = append_durably(path, b.data, b.len, why, sizeof why);
    size_t len = b.len;
    wn_buf_free(&b);
    wn_checkpoint_free(&c);
    if (st) {
        /* what a failed append left at the end is ignored by the reader; the next record is a
         * full one, so that the journal goes on from a known state */
        p->ckpt_full = false;
        message(p, "%s: cannot write the checkpoint (%s): an interrupted run would start over",
                path, why[0] ? why : wn_strerror(st));
        return;
    }
    p->ckpt.last_hash = c.last_hash;
    p->ckpt_bytes = full ? len : p->ckpt_bytes + len;
    if (full) {
        p->ckpt_full = true;
        p->ckpt_full_bytes = len;
    }
    p->dirty_lo = p->dirty_hi = 0;
    p->checkpoints++;
    /* test hook: die like a killed process right after the N-th checkpoint */
    const char *die = WN_TEST_HOOK("WINNOW_TEST_KILL_AFTER_CHECKPOINT");
    if (die && (unsigned)atoi(die) == p->checkpoints)
        raise(SIGKILL);
}

/* After the writer has written batch b: its stage counts join the run's, and the shards are
 * cut here if one of them is full. */
static void batch_written(wn_pipeline *p, batch *b)
{
    p->docs_written += b->n;
    /* every document through the writer was counted once, resumed ones too (the checkpoint
     * holds the counts of the documents it says are done) */
    WN_ASSERT(p->stats.in == p->docs_written);
    for (size_t s = 0; s < p->n_stages; s++) {
        wn_stage_stats_merge(&p->stage_stats[s], &b->stats[s]);
        wn_stage_stats_free(&b->stats[s]);
        memset(&b->stats[s], 0, sizeof b->stats[s]);
    }
    if ((!p->spools && !p->outs) || p->fatal)
        return;
    if (p->ranks) {
        /* no cuts here: the shards are made from the spools once every rank is done */
        wn_status gs = wn_spools_note_batch(p->spools, &p->batch_bytes, &p->n_batch_bytes,
                                            &p->cap_batch_bytes, SPOOL_WORDS_MAX);
        if (gs && !p->fatal) {
            p->fatal = gs;
            snprintf(p->err, sizeof p->err, "cannot write output: %s", wn_spools_error(p->spools));
        }
        return;
    }
    wn_status st = wn_outputs_rotate(p->outs);
    if (st) {
        p->fatal = st;
        snprintf(p->err, sizeof p->err, "cannot write output: %s", wn_outputs_error(p->outs));
        return;
    }
    if (p->cfg.checkpoint_bytes && p->bytes_since_ckpt >= p->cfg.checkpoint_bytes)
        take_checkpoint(p);
}

static void *writer_main(void *arg)
{
    wn_pipeline *p = arg;
    uint64_t next = 0;
    uint32_t last_input = 0;   /* documents leave in input order */
    double last_progress = 0;
    /* test hook: die like a killed process after writing the N-th batch, wherever the shards
     * are (a test that kills at a time would depend on the machine's speed) */
    const char *die = WN_TEST_HOOK("WINNOW_TEST_KILL_AFTER_BATCH");
    uint64_t die_after = die ? strtoull(die, NULL, 10) : 0;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        batch *b = NULL;
        for (;;) {
            batch **pp = &p->done;
            size_t waiting = 0;
            while (*pp && (*pp)->seq != next) {
                /* the reorder window: a batch waits only for earlier ones (a seq below next
                 * would be written twice), and there are no more than the pool holds */
                WN_ASSERT((*pp)->seq > next && ++waiting < p->n_batches);
                pp = &(*pp)->next;
            }
            if (*pp) {
                b = *pp;
                *pp = b->next;
                break;
            }
            if (p->reading_done && next == p->batches_made)
                break;
            pthread_cond_wait(&p->cond_done, &p->lock);
        }
        pthread_mutex_unlock(&p->lock);
        if (!b)
            break;
        WN_ASSERT(b->n <= BATCH_DOCS);
        for (size_t i = 0; i < b->n; i++) {
            WN_ASSERT(b->docs[i].input_index >= last_input);
            last_input = b->docs[i].input_index;
            write_doc(p, &b->docs[i], &b->lines[i]);
        }
        batch_written(p, b);
        next++;
        if (die_after && next == die_after)
            raise(SIGKILL);
        if (p->fatal) {
            pthread_mutex_lock(&p->lock);
            p->stop = true;
            pthread_mutex_unlock(&p->lock);
        }
        pthread_mutex_lock(&p->lock);
        b->n = 0;
        q_push(&p->free_q, b);
        pthread_cond_signal(&p->cond_free);
        pthread_mutex_unlock(&p->lock);
        if (p->cfg.on_progress) {
            double t = now_since(&p->t0);
            if (t - last_progress >= p->cfg.progress_seconds) {
                last_progress = t;
                wn_run_summary s;
                wn_run_stats_summary(&p->stats, &s);
                s.file_bytes_done = __atomic_load_n(&p->file_bytes_done, __ATOMIC_RELAXED);
                s.file_bytes_total = p->file_bytes_total;
                s.seconds = t;
                p->cfg.on_progress(p->cfg.ud, &s);
            }
        }
    }
    p->cpu_write = thread_cpu();
    return NULL;
}

/* ---- reader (the calling thread) ------------------------------------------------------------ */

static batch *get_free_batch(wn_pipeline *p)
{
    pthread_mutex_lock(&p->lock);
    batch *b;
    while (!(b = q_pop(&p->free_q)) && !p->stop)
        pthread_cond_wait(&p->cond_free, &p->lock);
    pthread_mutex_unlock(&p->lock);
    return b;
}

static void submit(wn_pipeline *p, batch *b)
{
    pthread_mutex_lock(&p->lock);
    b->seq = p->batches_made++;
    q_push(&p->work_q, b);
    pthread_cond_signal(&p->cond_work);
    pthread_mutex_unlock(&p->lock);
}

/* Returns the next document slot of the current batch, submitting full batches. */
static wn_doc *next_slot(wn_pipeline *p, batch **cur, size_t *bytes)
{
    if (*cur && ((*cur)->n == BATCH_DOCS || *bytes >= BATCH_BYTES)) {
        submit(p, *cur);
        *cur = NULL;
    }
    if (!*cur) {
        *cur = get_free_batch(p);
        if (!*cur)
            return NULL;
        *bytes = 0;
    }
    batch *b = *cur;
    if (b->n == b->inited) {
        if (wn_doc_init(&b->docs[b->n], p->cfg.reader.max_doc_bytes))
            return NULL;
        b->inited++;
    }
    wn_doc *d = &b->docs[b->n];
    wn_doc_reset(d);
    return d;
}

/* The reader's end: its last batch is submitted (or given back when empty), and workers and
 * writer learn that no batch will follow. */
static void reading_finish(wn_pipeline *p, batch *cur)
{
    if (cur) {
        if (cur->n)
            submit(p, cur);
        else {
            pthread_mutex_lock(&p->lock);
            q_push(&p->free_q, cur);
            pthread_mutex_unlock(&p->lock);
        }
    }
    pthread_mutex_lock(&p->lock);
    p->reading_done = true;
    pthread_cond_broadcast(&p->cond_work);
    pthread_cond_broadcast(&p->cond_done);
    pthread_mutex_unlock(&p->lock);
}

/* True when the reader may take no more documents (cfg.limit): it stops there, before reading
 * the next record, so the documents are the first `limit` in input order whatever -j is. */
static bool at_limit(wn_pipeline *p)
{
    if (!p->cfg.limit || p->taken < p->cfg.limit)
        return false;
    p->limit_reached = true;
    return true;
}

static void read_inputs(wn_pipeline *p, char **files, size_t n_files)
{
    batch *cur = NULL;
    size_t bytes = 0;
    uint64_t replay = p->skip_docs;   /* documents a checkpoint says are done */
    uint64_t done_before = 0;
    for (size_t i = p->first_input; i < p->end_input && !p->stop && !at_limit(p); i++) {
        wn_reader *r = NULL;
        char err[1024] = "";
        wn_status st = wn_reader_open(&r, files[i], (uint32_t)i, &p->cfg.reader, err, sizeof err);
        if (st) {
            message(p, "%s", err);
            pthread_mutex_lock(&p->lock);
            wn_run_stats_input_error(&p->stats, (uint32_t)i, err);
            pthread_mutex_unlock(&p->lock);
            continue;
        }
        unsigned n_msgs = 0;
        while (!at_limit(p)) {
            wn_doc *d = next_slot(p, &cur, &bytes);
            if (!d)
                break; /* stopping, or out of memory for documents */
            st = wn_reader_next(r, d);
            for (const char *w; (w = wn_reader_take_warning(r)) != NULL;)
                message(p, "%s", w);
            __atomic_store_n(&p->file_bytes_done, done_before + wn_reader_bytes_in(r), __ATOMIC_RELAXED);
            if (st == WN_END)
                break;
            if (st) {
                /* the stream cannot go on: account for the loss as one failed record */
                const char *msg = wn_reader_error(r);
                message(p, "%s", msg[0] ? msg : wn_strerror(st));
                wn_doc_reset(d);
                d->input_index = (uint32_t)i;
                wn_buf_set(&d->source, files[i], strlen(files[i]));
                wn_buf_printf(&d->id, "%s:error", files[i]);
                wn_doc_fail(d, wn_strerror(st), "%s", msg);
                p->taken++;
                if (replay)
                    replay--;
                else
                    cur->n++;
                pthread_mutex_lock(&p->lock);
                wn_run_stats_input_error(&p->stats, (uint32_t)i, msg[0] ? msg : wn_strerror(st));
                pthread_mutex_unlock(&p->lock);
                break;
            }
            p->taken++;
            if (replay) {
                /* done before the checkpoint: read again only to get past it */
                replay--;
                continue;
            }
            /* one message per bad record, up to a limit per input: the rest are in
             * dropped/ and stats.json, and a flood of lines helps nobody */
            if (d->status == WN_DOC_FAILED && d->detail.len) {
                if (++n_msgs <= MAX_MESSAGES_PER_INPUT)
                    message(p, "%s", d->detail.data);
                else if (n_msgs == MAX_MESSAGES_PER_INPUT + 1)
                    message(p, "%s: more failed records; see dropped/ and stats.json", files[i]);
            }
            bytes += d->raw.len + d->text.len;
            cur->n++;
        }
        done_before += wn_reader_bytes_in(r);
        pthread_mutex_lock(&p->lock);
        wn_counters_merge(&p->stats.reader, wn_reader_counters(r));
        pthread_mutex_unlock(&p->lock);
        wn_reader_close(r);
        /* batches never span inputs: the batches of an input, and so the places where shards
         * may be cut, are the same whichever process or MPI rank reads it (ranks.h) */
        if (cur && cur->n) {
            submit(p, cur);
            cur = NULL;
        }
    }
    reading_finish(p, cur);
}

/* The documents of cfg.source, in batches as read_inputs makes them. */
static void read_source(wn_pipeline *p)
{
    batch *cur = NULL;
    size_t bytes = 0;
    uint64_t record = 0;
    while (!p->stop && !at_limit(p)) {
        wn_doc *d = next_slot(p, &cur, &bytes);
        if (!d)
            break;
        /* numbered in source order unless the source numbers them (a reader does) */
        d->record_index = record++;
        wn_status st = p->cfg.source(p->cfg.io_ud, d);
        if (st == WN_END)
            break;
        if (st) {
            p->source_st = st;
            break;
        }
        d->input_index = 0;
        bytes += d->raw.len + d->text.len;
        cur->n++;
        p->taken++;
    }
    reading_finish(p, cur);
}

/* ---- run ----------------------------------------------------------------------------------- */

/* The key of this run: the caller's, with each input's path, size and modification time, so
 * that a checkpoint is never applied to inputs that changed. 0 (no checkpoints) when a run
 * reads stdin: a stream has no identity, so a rerun could not tell whether it gets the same
 * bytes, and resuming onto another stream would mix two corpora in one output. */
static uint64_t run_key(const wn_pipeline *p, char **files, size_t n_files)
{
    uint64_t k = p->cfg.resume_key;
    for (size_t i = 0; i < n_files; i++) {
        if (!strcmp(files[i], "-"))
            return 0;
        struct stat st;
        uint64_t v[3] = { 0, 0, 0 };
        /* a URL's key is its string: asking the server for a size and date per file would
         * cost a request each for 90,000 Common Crawl files */
        if (!wn_is_remote(files[i]) && stat(files[i], &st) == 0)
            v[0] = (uint64_t)st.st_size, v[1] = (uint64_t)st.st_mtim.tv_sec, v[2] = (uint64_t)st.st_mtim.tv_nsec;
        k = wn_hash64(files[i], strlen(files[i]), k);
        k = wn_hash64(v, sizeof v, k);
    }
    return k ? k : 1;
}

/* Loads OUT/.checkpoint into the run's counts when it belongs to this run; true if resumed.
 * Any other checkpoint is removed: this run starts over and will take its own. One of this run
 * that holds more documents than cfg.limit sets *over_limit and changes nothing. */
static bool resume(wn_pipeline *p, bool *over_limit)
{
    char path[WN_PATH_CAP];
    if (wn_path_join(path, sizeof path, p->cfg.out_dir, WN_CHECKPOINT_FILE))
        return false;   /* start() refused such an out_dir already */
    wn_buf b;
    wn_buf_init(&b, WN_CHECKPOINT_MAX);
    bool ok = false;
    char why[256] = "it belongs to another command or other inputs";
    if (p->cfg.resume_key && wn_file_read_all(path, &b) == WN_OK) {
        if (wn_checkpoint_parse(b.data, b.len, &p->ckpt, &p->stats, p->stage_stats, p->n_stages,
                                why, sizeof why) == WN_OK &&
            p->ckpt.key == p->cfg.resume_key)
            ok = true;
        if (!ok) {
            message(p, "%s: not resuming from this checkpoint: %s", path, why);
            /* the parse may have counted into the stats: start them again */
            size_t n = p->stats.n_inputs;
            wn_run_stats_free(&p->stats);
            if (wn_run_stats_init(&p->stats, n))
                return false;
            for (size_t s = 0; s < p->n_stages; s++) {
                wn_stage_stats_free(&p->stage_stats[s]);
                memset(&p->stage_stats[s], 0, sizeof p->stage_stats[s]);
            }
            wn_checkpoint_free(&p->ckpt);
            memset(&p->ckpt, 0, sizeof p->ckpt);
        }
    }
    wn_buf_free(&b);
    if (ok && p->cfg.limit && p->ckpt.docs > p->cfg.limit) {
        *over_limit = true;
        return false;
    }
    if (ok) {
        p->skip_docs = p->docs_written = p->ckpt.docs;
        /* a run that stopped at its limit left stats.json beside its checkpoint; this one goes
         * on from there, and until it is done the folder holds no finished run */
        char sp[WN_PATH_CAP];
        if (!wn_path_join(sp, sizeof sp, p->cfg.out_dir, "stats.json"))
            unlink(sp);
        message(p, "%s: resuming an interrupted run after %llu documents", p->cfg.out_dir,
                (unsigned long long)p->ckpt.docs);
    } else {
        unlink(path);
    }
    return ok;
}

static wn_status start(wn_pipeline *p, size_t n_files)
{
    char err[1024] = "";
    wn_status st = wn_run_stats_init(&p->stats, n_files);
    if (st)
        return st;
    if (!p->cfg.write_outputs)
        goto threads;
    /* every file of the run is out_dir plus a short name: refuse a folder that leaves no room
     * for them now, rather than a path cut short later */
    char probe[WN_PATH_CAP];
    if (wn_path_printf(probe, sizeof probe, "%s/" WN_RANKS_DIR "/r%d/dropped/00000.jsonl.zst.tmp.%d",
                       p->cfg.out_dir, 999999, 99999999)) {
        snprintf(p->err, sizeof p->err, "%.200s...: output directory path too long (%zu bytes)",
                 p->cfg.out_dir, strlen(p->cfg.out_dir));
        return WN_ERR_USAGE;
    }
    if (wn_mkdirs(p->cfg.out_dir)) {
        snprintf(p->err, sizeof p->err, "%s: cannot create output directory: %s", p->cfg.out_dir,
                 strerror(errno));
        return WN_ERR_IO;
    }
    /* the temporary files of a process killed while it wrote them: no one else writes here
     * (the caller holds the directory's lock, and under MPI only rank 0 writes these) */
    if ((!p->ranks || p->cfg.comm->rank == 0) &&
        (wn_file_remove_stale(p->cfg.out_dir, "stats.json", p->err, sizeof p->err) ||
         wn_file_remove_stale(p->cfg.out_dir, WN_CHECKPOINT_FILE, p->err, sizeof p->err)))
        return WN_ERR_IO;
    if (p->ranks) {
        /* no final shard is written before every rank is done reading (ranks.h), so rank 0
         * may clear what an earlier run left; each rank writes its own spool */
        const wn_comm *c = p->cfg.comm;
        char path[WN_PATH_CAP];
        if (c->rank == 0) {
            wn_path_join(path, sizeof path, p->cfg.out_dir, WN_CHECKPOINT_FILE);   /* fits: see above */
            if (access(path, F_OK) == 0)
                message(p, "%s: not resuming: a run under MPI starts over", path);
            unlink(path);
            if (wn_shards_remove(p->cfg.out_dir, wn_outputs_kept_dir(p->cfg.layout)) ||
                wn_outputs_remove_languages(p->cfg.out_dir, p->cfg.layout, NULL) ||
                wn_shards_remove(p->cfg.out_dir, "dropped")) {
                snprintf(p->err, sizeof p->err, "%s: cannot remove the shards of an earlier run", p->cfg.out_dir);
                return WN_ERR_IO;
            }
        }
        wn_ranks_spool_dir(path, sizeof path, p->cfg.out_dir, c->rank);
        st = wn_spools_create(&p->spools, path, p->cfg.write_dropped, p->cfg.split_language, err, sizeof err);
        if (st) {
            snprintf(p->err, sizeof p->err, "%s", err);
            return st;
        }
        goto threads;
    }
    /* an earlier run into this directory that did not finish left shards of its own: those
     * after its last checkpoint (all of them, without one) are written again, so none of
     * them may survive */
    bool over_limit = false;
    bool resumed = resume(p, &over_limit);
    if (over_limit) {
        /* its shards hold more than this run may read: going on would report a sample of N
         * documents over more than N. Nothing was changed. */
        snprintf(p->err, sizeof p->err, "%s: the interrupted or limited run there read %llu documents, "
                 "more than the limit of %llu: give a larger limit, or start over (--overwrite)",
                 p->cfg.out_dir, (unsigned long long)p->ckpt.docs, (unsigned long long)p->cfg.limit);
        return WN_ERR_USAGE;
    }
    /* the pipeline cuts shards itself, between batches (batch_written) */
    wn_outputs_config oc = { p->cfg.out_dir, p->cfg.compress, p->cfg.threads, p->cfg.shard_bytes,
                             p->cfg.write_dropped, p->cfg.split_language, p->cfg.layout };
    st = wn_outputs_create(&p->outs, &oc, err, sizeof err);
    if (!st)
        st = wn_outputs_prepare(p->outs, resumed ? &p->ckpt : NULL, err, sizeof err);
    if (st) {
        snprintf(p->err, sizeof p->err, "%s", err);
        return st;
    }
threads:
    p->n_workers = p->cfg.threads;
    p->n_batches = 2 * (size_t)p->n_workers + 2;
    p->pool = wn_calloc(p->n_batches, sizeof *p->pool);
    p->workers = wn_calloc(p->n_workers, sizeof *p->workers);
    if (!p->pool || !p->workers)
        return WN_ERR_NOMEM;
    for (size_t i = 0; i < p->n_batches; i++) {
        p->pool[i].docs = wn_calloc(BATCH_DOCS, sizeof(wn_doc));
        p->pool[i].lines = wn_calloc(BATCH_DOCS, sizeof(wn_buf));
        if (!p->pool[i].docs || !p->pool[i].lines)
            return WN_ERR_NOMEM;
        for (size_t d = 0; d < BATCH_DOCS; d++)
            wn_buf_init(&p->pool[i].lines[d], WN_DOC_JSON_MAX);
        q_push(&p->free_q, &p->pool[i]);
    }
    for (unsigned w = 0; w < p->n_workers; w++) {
        worker *wk = &p->workers[w];
        wk->p = p;
        for (size_t s = 0; s < p->n_stages; s++) {
            const wn_stage *stg = p->stages[s].stage;
            if (stg->ctx_create && (st = stg->ctx_create(p->stages[s].config, &wk->ctx[s]))) {
                snprintf(p->err, sizeof p->err, "stage %s: cannot start: %s", stg->name, wn_strerror(st));
                return st;
            }
        }
    }
    return WN_OK;
}

/* ---- under MPI -------------------------------------------------------------------------------- */

/* After this rank's part: agree that every rank got through, exchange the batches' spooled
 * bytes and the counts, write this rank's share of the shards (ranks.h), agree again, and
 * leave in p->stats and p->stage_stats the counts of the whole job. Collective. */
static wn_status ranks_finish(wn_pipeline *p, wn_status st, char **files, size_t n_files)
{
    const wn_comm *c = p->cfg.comm;
    st = wn_comm_agree(c, st, NULL, p->err, sizeof p->err);
    if (st) {
        if (c->rank == 0)
            wn_ranks_remove_spools(p->cfg.out_dir, c->size);
        return st;
    }
    wn_buf mine, all;
    wn_buf_init(&mine, WN_COMM_GATHER_MAX);
    wn_buf_init(&all, WN_COMM_GATHER_MAX);
    uint64_t nw = p->n_batch_bytes;
    st = wn_buf_append(&mine, &nw, 8);
    if (!st && nw)
        st = wn_buf_append(&mine, p->batch_bytes, nw * 8);
    /* then the spools' names: [count, bytes, NUL-ended names padded to 8] */
    wn_buf names;
    wn_buf_init(&names, WN_COMM_GATHER_MAX);
    uint64_t nn = wn_spools_count(p->spools);
    for (size_t i = 0; !st && i < nn; i++)
        st = wn_buf_append(&names, wn_spools_name(p->spools, i), strlen(wn_spools_name(p->spools, i)) + 1);
    while (!st && names.len % 8)
        st = wn_buf_append(&names, "", 1);
    uint64_t nb = names.len;
    if (!st)
        st = wn_buf_append(&mine, &nn, 8);
    if (!st)
        st = wn_buf_append(&mine, &nb, 8);
    if (!st && nb)
        st = wn_buf_append(&mine, names.data, nb);
    wn_buf_free(&names);
    wn_buf pack;
    wn_buf_init(&pack, WN_COMM_GATHER_MAX);
    if (!st)
        st = wn_stats_pack(&pack, &p->stats, p->stage_stats, p->n_stages);
    if (!st)
        st = wn_buf_append(&mine, pack.data, pack.len);
    wn_buf_free(&pack);
    uint64_t *counts = wn_calloc((size_t)c->size, 8);
    wn_ranks_part *parts = wn_calloc((size_t)c->size, sizeof *parts);
    size_t *word_at = wn_calloc((size_t)c->size, sizeof *word_at);
    const char **name_v = NULL;
    size_t n_name_v = 0, cap_name_v = 0;
    if (!st && (!counts || !parts || !word_at))
        st = WN_ERR_NOMEM;
    /* an allgather every rank makes, whatever st: a rank that failed sends 8 bytes */
    if (st)
        mine.len = 0;
    wn_status xs = counts ? c->allgather(c, mine.data, mine.len, &all, counts) : WN_ERR_NOMEM;
    if (xs) {
        wn_free(counts);
        wn_free(parts);
        wn_free(word_at);
        wn_buf_free(&mine);
        wn_buf_free(&all);
        snprintf(p->err, sizeof p->err, "cannot exchange results between ranks: %s", wn_strerror(xs));
        return xs;
    }
    if (st)
        snprintf(p->err, sizeof p->err, "cannot pack this rank's results: %s", wn_strerror(st));
    /* the whole job's counts, from every rank's pack (this one's too) */
    wn_run_stats total;
    wn_stage_stats stages[MAX_STAGES];
    memset(stages, 0, sizeof stages);
    wn_status ts = wn_run_stats_init(&total, n_files);
    for (size_t i = 0; !ts && i < n_files; i++)
        wn_run_stats_set_input(&total, (uint32_t)i, files[i]);
    uint64_t *batches = NULL;
    size_t n_words = 0, cap_words = 0, off = 0;
    for (int r = 0; !st && !ts && r < c->size; r++) {
        uint64_t w = 0, rn = 0, rb = 0;
        const char *q = all.data + off;
        size_t left = (size_t)counts[r];
        if (left < 8 || (memcpy(&w, q, 8), w > (left - 8) / 8) ||
            left - 8 - (size_t)w * 8 < 16 ||
            (memcpy(&rn, q + 8 + w * 8, 8), memcpy(&rb, q + 16 + w * 8, 8), rb > left - 24 - (size_t)w * 8) ||
            rn == 0 || rn > rb || (rb && q[24 + w * 8 + rb - 1] != '\0')) {
            st = WN_ERR_CORRUPT;
            snprintf(p->err, sizeof p->err, "rank %d sent a bad result", r);
            break;
        }
        /* all ranks' words came in one exchange: its cap bounds them */
        if ((st = WN_GROW(batches, cap_words, n_words + (size_t)w + 1, 1024, SPOOL_WORDS_MAX)))
            break;
        memcpy(batches + n_words, q + 8, (size_t)w * 8);
        word_at[r] = n_words;
        parts[r].n_words = (size_t)w;
        n_words += (size_t)w;
        /* the names, NUL-ended, in the exchange's buffer (alive until the shards are written) */
        const char *nq = q + 24 + w * 8, *nend = nq + rb;
        parts[r].n_names = (size_t)rn;
        for (uint64_t k = 0; k < rn && !st; k++) {
            if (nq >= nend) {
                st = WN_ERR_CORRUPT;
                snprintf(p->err, sizeof p->err, "rank %d sent bad stream names", r);
            } else if (!(st = WN_GROW(name_v, cap_name_v, n_name_v + 1, 64, (size_t)WN_COMM_GATHER_MAX))) {
                name_v[n_name_v++] = nq;
                nq += strlen(nq) + 1;
            }
        }
        if (st)
            break;
        char why[256] = "";
        size_t at = off + 24 + (size_t)w * 8 + (size_t)rb;
        if ((st = wn_stats_unpack_add(all.data + at, (size_t)(off + counts[r] - at), &p->pack_names,
                                      &total, stages, p->n_stages, why, sizeof why)))
            snprintf(p->err, sizeof p->err, "rank %d sent bad counts: %s", r, why);
        off += (size_t)counts[r];
    }
    if (!st && ts)
        st = ts;
    /* test hook: this rank fails as a full disk would, after the others have done their part */
    const char *fail = WN_TEST_HOOK("WINNOW_TEST_RANK_FAIL");
    if (!st && fail && atoi(fail) == c->rank) {
        st = WN_ERR_IO;
        snprintf(p->err, sizeof p->err, "%s: cannot write output: io_error (test)", p->cfg.out_dir);
    }
    if (!st) {
        wn_ranks_output o = { p->cfg.out_dir, p->cfg.compress, p->cfg.threads, p->cfg.shard_bytes,
                              p->cfg.write_dropped, p->cfg.checkpoint_bytes,
                              wn_outputs_kept_dir(p->cfg.layout) };
        /* the parts point into the grown arrays only now that they are complete */
        size_t names_at = 0;
        for (int r = 0; r < c->size; r++) {
            parts[r].words = batches ? batches + word_at[r] : NULL;
            parts[r].names = name_v + names_at;
            names_at += parts[r].n_names;
        }
        st = wn_ranks_write_shards(c, &o, parts, p->err, sizeof p->err);
    }
    st = wn_comm_agree(c, st, NULL, p->err, sizeof p->err);
    if (!st) {
        wn_run_stats_free(&p->stats);
        total.ranks = (unsigned)c->size;
        p->stats = total;
        memset(&total, 0, sizeof total);
        for (size_t s = 0; s < p->n_stages; s++) {
            wn_stage_stats_free(&p->stage_stats[s]);
            p->stage_stats[s] = stages[s];
            memset(&stages[s], 0, sizeof stages[s]);
        }
    }
    /* every rank is done reading the spools */
    if (c->rank == 0)
        wn_ranks_remove_spools(p->cfg.out_dir, c->size);
    wn_run_stats_free(&total);
    for (size_t s = 0; s < MAX_STAGES; s++)
        wn_stage_stats_free(&stages[s]);
    wn_free(batches);
    wn_free(counts);
    wn_free(parts);
    wn_free(word_at);
    wn_free(name_v);
    wn_buf_free(&mine);
    wn_buf_free(&all);
    return st;
}

/* Whether any rank says yes (collective). A rank that cannot exchange says no for all. */
static bool ranks_any(const wn_comm *c, bool mine)
{
    wn_buf all;
    wn_buf_init(&all, WN_COMM_GATHER_MAX);
    uint64_t *counts = wn_calloc((size_t)c->size, 8);
    uint8_t v = mine, any = 0;
    if (counts && !c->allgather(c, &v, 1, &all, counts))
        for (size_t i = 0; i < all.len; i++)
            any |= (uint8_t)all.data[i];
    wn_free(counts);
    wn_buf_free(&all);
    return any != 0;
}

/* Adds this run's CPU seconds per stage to cfg.timing: the reading thread, each stage summed
 * over the workers, serialising, the writing thread; under MPI summed over the ranks
 * (collective: every rank has the same stages and the same timing setting). */
static void pipeline_add_timing(wn_pipeline *p, bool split)
{
    double cpu[MAX_STAGES + 3] = { 0 };
    size_t n = p->n_stages + 3;
    cpu[0] = p->cpu_read;
    for (unsigned w = 0; p->workers && w < p->n_workers; w++) {
        for (size_t s = 0; s < p->n_stages; s++)
            cpu[1 + s] += p->workers[w].cpu[s];
        cpu[1 + p->n_stages] += p->workers[w].cpu[MAX_STAGES];
    }
    cpu[2 + p->n_stages] = p->cpu_write;
    if (split) {
        const wn_comm *c = p->cfg.comm;
        wn_buf all;
        wn_buf_init(&all, WN_COMM_GATHER_MAX);
        uint64_t *counts = wn_calloc((size_t)c->size, 8);
        if (counts && !c->allgather(c, cpu, n * sizeof(double), &all, counts)) {
            memset(cpu, 0, sizeof cpu);
            for (int r = 0; r < c->size; r++)
                for (size_t i = 0; i < n && counts[r] == n * sizeof(double); i++) {
                    double v;
                    memcpy(&v, all.data + (size_t)r * n * sizeof(double) + i * sizeof(double), sizeof v);
                    cpu[i] += v;
                }
        }
        wn_free(counts);
        wn_buf_free(&all);
    }
    wn_run_timing *t = p->cfg.timing;
    wn_run_timing_cpu(t, "read", cpu[0]);
    for (size_t s = 0; s < p->n_stages; s++)
        wn_run_timing_cpu(t, p->stages[s].stage->name, cpu[1 + s]);
    if (p->cfg.write_outputs) {
        wn_run_timing_cpu(t, "json", cpu[1 + p->n_stages]);
        wn_run_timing_cpu(t, "write", cpu[2 + p->n_stages]);
    }
}

wn_status wn_pipeline_run(wn_pipeline *p, const char *const *inputs, size_t n_inputs,
                          wn_run_summary *summary)
{
    clock_gettime(CLOCK_MONOTONIC, &p->t0);
    char **files = NULL;
    size_t n_files = 0;
    const wn_comm *comm = p->cfg.comm;
    bool split = wn_comm_active(comm);
    wn_counters listing = { 0 };
    wn_buf listing_msgs;
    wn_buf_init(&listing_msgs, (size_t)1 << 20);
    wn_status st;
    if (p->cfg.source) {
        /* one input, the source, under a name for stats.json; nothing to resume onto */
        if (split) {
            snprintf(p->err, sizeof p->err, "a document source cannot be split over MPI ranks");
            return WN_ERR_USAGE;
        }
    }
    if (p->cfg.source) {
        p->cfg.resume_key = 0;
        files = wn_calloc(1, sizeof *files);
        if (files && (files[0] = wn_strdup("<source>")) != NULL)
            n_files = 1;
        st = n_files ? WN_OK : WN_ERR_NOMEM;
    } else {
        st = wn_inputs_expand_checked(inputs, n_inputs, &files, &n_files, &listing, &listing_msgs);
    }
    if (!split || comm->rank == 0)
        for (size_t k = 0; k < listing_msgs.len; k += strlen(listing_msgs.data + k) + 1)
            message(p, "%s", listing_msgs.data + k);
    wn_buf_free(&listing_msgs);
    if (st && !split) {
        wn_inputs_free(files, n_files);
        wn_counters_free(&listing);
        return st;
    }
    if (split) {
        /* every rank takes part in the same collectives whatever happens: an error is carried
         * to the next one and agreed on there */
        if (st) {
            snprintf(p->err, sizeof p->err, "cannot list the inputs: %s", wn_strerror(st));
            wn_inputs_free(files, n_files);
            files = NULL;
            n_files = 0;
        }
        st = wn_ranks_assign(comm, st, files, n_files, &p->first_input, &p->end_input, p->err, sizeof p->err);
        if (st) {
            wn_inputs_free(files, n_files);
            wn_counters_free(&listing);
            return st;
        }
        p->ranks = p->cfg.write_outputs;
        p->cfg.resume_key = 0;   /* ranks.h: no checkpoints under MPI */
    } else {
        p->first_input = 0;
        p->end_input = n_files;
    }
    for (size_t i = p->first_input; i < p->end_input && !p->cfg.source; i++) {
        struct stat stt;
        if (!wn_is_remote(files[i]) && stat(files[i], &stt) == 0 && S_ISREG(stt.st_mode))
            p->file_bytes_total += (uint64_t)stt.st_size;
    }
    if (p->cfg.resume_key)
        p->cfg.resume_key = run_key(p, files, n_files);
    st = start(p, n_files);
    if (!st) {
        for (size_t i = 0; i < n_files; i++)
            wn_run_stats_set_input(&p->stats, (uint32_t)i, files[i]);
        pthread_t wt;
        unsigned started = 0;
        bool writer_started = pthread_create(&wt, NULL, writer_main, p) == 0;
        for (unsigned w = 0; w < p->n_workers; w++)
            if (pthread_create(&p->workers[w].thread, NULL, worker_main, &p->workers[w]) == 0)
                started++;
        if (!writer_started || started == 0) {
            st = WN_ERR_NOMEM;
            snprintf(p->err, sizeof p->err, "cannot start threads");
            pthread_mutex_lock(&p->lock);
            p->stop = true;
            pthread_mutex_unlock(&p->lock);
        } else {
            double t = thread_cpu();
            if (p->cfg.source)
                read_source(p);
            else
                read_inputs(p, files, n_files);
            p->cpu_read = thread_cpu() - t;
        }
        pthread_mutex_lock(&p->lock);
        p->reading_done = true;
        pthread_cond_broadcast(&p->cond_work);
        pthread_cond_broadcast(&p->cond_done);
        pthread_mutex_unlock(&p->lock);
        for (unsigned w = 0; w < p->n_workers; w++)
            if (p->workers[w].thread)
                pthread_join(p->workers[w].thread, NULL);
        if (writer_started)
            pthread_join(wt, NULL);
        /* stopped at the limit: a checkpoint after the last document, kept with stats.json,
         * lets a rerun with a larger limit go on from here (a rerun with the same one reads
         * nothing more) */
        if (p->limit_reached && p->outs && !p->fatal && !st)
            take_checkpoint(p);
        char err[512] = "";
        wn_status s1 = wn_outputs_close(p->outs, err, sizeof err);
        p->outs = NULL;
        if (s1 && !p->fatal) { p->fatal = s1; snprintf(p->err, sizeof p->err, "cannot write output: %s", err); }
        s1 = wn_spools_finish(p->spools, err, sizeof err);   /* names kept for ranks_finish */
        if (s1 && !p->fatal) { p->fatal = s1; snprintf(p->err, sizeof p->err, "cannot write output: %s", err); }
        if (!st && p->fatal)
            st = p->fatal;
        if (!st && p->source_st) {
            st = p->fatal = WN_ERR_CALLBACK;
            snprintf(p->err, sizeof p->err, "the source callback returned %s: run stopped",
                     wn_strerror(p->source_st));
        }
        if (p->cfg.on_progress) {
            /* the last report: this process's totals, before any rank waits for the others */
            wn_run_summary s;
            wn_run_stats_summary(&p->stats, &s);
            s.file_bytes_done = p->file_bytes_done;
            s.file_bytes_total = p->file_bytes_total;
            s.seconds = now_since(&p->t0);
            s.done = true;
            p->cfg.on_progress(p->cfg.ud, &s);
        }
    }
    if (split)
        st = p->ranks ? ranks_finish(p, st, files, n_files)
                      : wn_comm_agree(comm, st, NULL, p->err, sizeof p->err);
    if (!st || st == p->fatal) {
        /* stage stats, summed by the writer in batch order */
        for (size_t s = 0; s < p->n_stages; s++)
            wn_run_stats_add_stage(&p->stats, p->stages[s].stage->name, &p->stage_stats[s]);
    }
    /* what the listing skipped, once for the job (every rank lists the same inputs) */
    if (!split || comm->rank == 0)
        wn_counters_merge(&p->stats.reader, &listing);
    wn_counters_free(&listing);
    if (p->cfg.timing)
        pipeline_add_timing(p, split);
    double secs = now_since(&p->t0);
    if (p->cfg.timing && p->cfg.timing->pass)
        wn_run_timing_pass(p->cfg.timing, p->cfg.timing->pass, secs);
    wn_run_summary s;
    wn_run_stats_summary(&p->stats, &s);
    s.seconds = secs;
    s.file_bytes_done = p->file_bytes_done;
    s.file_bytes_total = p->file_bytes_total;
    if (summary)
        *summary = s;
    /* stats.json only for a complete run (under MPI, rank 0 writes the job's one): it says the
     * run there is done and what its shards hold, so a run stopped by an output it could not
     * write (a full disk) leaves none, and its rerun resumes from the checkpoint */
    if (split && p->cfg.limit)
        p->limit_reached = ranks_any(comm, p->limit_reached);
    p->stats.limit = p->cfg.limit;
    p->stats.limit_reached = p->limit_reached;
    bool write_stats = !st && (!p->ranks || comm->rank == 0);
    const char *lost = write_stats ? wn_run_stats_lost(&p->stats) : NULL;
    if (lost) {
        st = WN_ERR_NOMEM;
        snprintf(p->err, sizeof p->err, "out of memory while counting %s: stats.json not written", lost);
        write_stats = false;
    }
    if (write_stats && p->cfg.write_outputs) {
        char path[WN_PATH_CAP];
        wn_path_join(path, sizeof path, p->cfg.out_dir, "stats.json");   /* fits: start() checked */
        wn_buf js;
        wn_buf_init(&js, WN_STATS_JSON_MAX);
        /* with a timing, "seconds" is the whole command's, every pass included */
        double all = p->cfg.timing ? wn_run_timing_elapsed(p->cfg.timing) : secs;
        wn_status js_st = wn_run_stats_json(&p->stats, &js, all, p->cfg.threads, p->cfg.command_line,
                                            p->cfg.timing);
        char why[1024] = "";
        if (js_st) {   /* a partial stats.json would read as a complete one */
            st = js_st;
            snprintf(p->err, sizeof p->err, "%.900s: not written: %s", path, wn_strerror(js_st));
        } else if (wn_file_write_atomic(path, js.data, js.len, why, sizeof why)) {
            st = WN_ERR_IO;
            snprintf(p->err, sizeof p->err, "%s", why);
        } else if (!p->limit_reached || !p->cfg.resume_key) {
            /* complete: nothing is left to resume */
            wn_path_join(path, sizeof path, p->cfg.out_dir, WN_CHECKPOINT_FILE);
            unlink(path);
        }
        wn_buf_free(&js);
    }
    if (p->ranks && !st)   /* every rank exits as rank 0 does */
        st = wn_comm_agree(comm, st, NULL, p->err, sizeof p->err);
    wn_inputs_free(files, n_files);
    return st;
}

void wn_pipeline_free(wn_pipeline *p)
{
    if (!p)
        return;
    if (p->workers) {
        for (unsigned w = 0; w < p->n_workers; w++) {
            for (size_t s = 0; s < p->n_stages; s++)
                if (p->workers[w].ctx[s] && p->stages[s].stage->ctx_free)
                    p->stages[s].stage->ctx_free(p->workers[w].ctx[s]);
        }
        wn_free(p->workers);
    }
    if (p->pool) {
        for (size_t i = 0; i < p->n_batches; i++) {
            for (size_t d = 0; d < p->pool[i].inited; d++)
                wn_doc_free(&p->pool[i].docs[d]);
            for (size_t d = 0; p->pool[i].lines && d < BATCH_DOCS; d++)
                wn_buf_free(&p->pool[i].lines[d]);
            for (size_t s = 0; s < MAX_STAGES; s++)
                wn_stage_stats_free(&p->pool[i].stats[s]);
            wn_free(p->pool[i].docs);
            wn_free(p->pool[i].lines);
        }
        wn_free(p->pool);
    }
    wn_outputs_close(p->outs, NULL, 0);
    wn_spools_free(p->spools);
    wn_run_stats_free(&p->stats);
    for (size_t s = 0; s < MAX_STAGES; s++)
        wn_stage_stats_free(&p->stage_stats[s]);
    wn_checkpoint_free(&p->ckpt);
    wn_checkpoint_free(&p->pack_names);
    wn_free(p->batch_bytes);
    pthread_mutex_destroy(&p->lock);
    pthread_mutex_destroy(&p->msg_lock);
    pthread_cond_destroy(&p->cond_free);
    pthread_cond_destroy(&p->cond_work);
    pthread_cond_destroy(&p->cond_done);
    wn_free(p);
}
