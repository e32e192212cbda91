/* pipeline.h: the threaded run of stages (wn_stage, in doc.h), and its statistics.
 *
 * DESIGN: the calling thread reads inputs into batches of documents, each batch numbered in
 * input order; N workers run the per-document stages on whole batches; one writer thread puts
 * batches back in order (a small reorder window, bounded by the number of batches in flight)
 * and writes kept/ and dropped/ shards. Queues are bounded, so memory does not grow with the
 * input. Stages are pure: they see one document, set its fields, and may drop it with a
 * reason; each worker owns its own stage contexts, so stages need no locks. */
#ifndef WINNOW_PIPELINE_H
#define WINNOW_PIPELINE_H

#include "winnow/comm.h"
#include "winnow/core.h"
#include "winnow/doc.h"
#include "winnow/io.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- running ------------------------------------------------------------------------------------ */
/* Where kept documents go and in which shape (docs/output.md): winnow's kept/ lines, or dolma's
 * documents/ folder and document shape (id, text, source, added, created, metadata). */
typedef enum { WN_LAYOUT_WINNOW = 0, WN_LAYOUT_DOLMA } wn_layout;

typedef struct {
    uint64_t in, kept, dropped, failed;   /* documents */
    uint64_t inputs, inputs_failed;       /* files; failed = could not be opened or read to the end */
    uint64_t bytes_in;                    /* record bytes read (decoded) */
    uint64_t file_bytes_done;             /* input file bytes consumed (compressed), for progress */
    uint64_t file_bytes_total;            /* sum of known input sizes, 0 if unknown */
    double seconds;
    bool done;                            /* on_progress: the last call, this process's totals
                                             once its workers are done (before MPI's sums) */
} wn_run_summary;

/* Where the time of a command went, for the "timing" line of stats.json: the caller sets the
 * start (wn_run_timing_start) and names each pass before it runs; each wn_pipeline_run given
 * it adds its pass's wall time and the CPU seconds of each stage (per-thread CPU time around
 * the stage, summed over workers and MPI ranks), so that the stats.json written by the last
 * pass covers the whole command. */
#define WN_TIMING_MAX 40
typedef struct {
    double start;                          /* CLOCK_MONOTONIC seconds at the command's start */
    const char *pass;                      /* the pass the next run is: "run", "sign", "apply" */
    size_t n_passes, n_cpu;
    const char *pass_name[8];
    double pass_seconds[8];
    char cpu_name[WN_TIMING_MAX][32];      /* "read", the stages, "json", "write" */
    double cpu_seconds[WN_TIMING_MAX];
} wn_run_timing;

void wn_run_timing_start(wn_run_timing *t);
double wn_run_timing_elapsed(const wn_run_timing *t);
/* Adds a pass's wall seconds (a pass of the same name again adds to it). */
void wn_run_timing_pass(wn_run_timing *t, const char *name, double seconds);
void wn_run_timing_cpu(wn_run_timing *t, const char *name, double seconds);

typedef struct {
    const char *out_dir;          /* kept/, dropped/, stats.json go here; required when write_outputs */
    bool write_outputs;           /* default true; false runs the stages for their side effects
                                     (dedup signing) and writes nothing */
    unsigned threads;             /* workers; 0 = one per core */
    wn_codec compress;            /* shard codec, default zstd */
    uint64_t shard_bytes;         /* a stream (kept, dropped, a language) starts a new shard after
                                     the batch that takes its open one past this many
                                     uncompressed bytes; each stream by itself */
    uint64_t checkpoint_bytes;    /* a checkpoint after the batch that takes the output written
                                     since the last one past this many bytes (0: none); default
                                     64 MiB, whatever the shard size */
    bool split_language;          /* kept/<language>/ folders (outputs.h) */
    wn_layout layout;
    bool write_dropped;           /* write dropped/ (default true) */
    wn_reader_opts reader;
    const char *command_line;     /* recorded in stats.json */
    const char *dump;             /* metadata "dump" of every line (--dump); NULL = taken from a
                                     Common Crawl path, else null (docs/output.md) */
    /* Non-zero: read at most this many documents (kept, dropped or failed records alike), the
     * first ones in input order, and leave the rest unread (stats.json "limit"). A run that
     * stops there keeps its checkpoint, so that a rerun with a larger limit goes on from it;
     * one whose checkpoint holds more documents than the limit is refused (WN_ERR_USAGE).
     * Under MPI each rank reads at most this many of its own share. */
    uint64_t limit;
    /* Non-zero: the run takes checkpoints (OUT/.checkpoint) where it cuts shards, and resumes
     * from one left with the same key by an interrupted run: documents before it are read
     * but not processed again, and the output is the same as an uninterrupted run's. The key
     * must change whenever the options that shape the output do (the CLI hashes its command
     * line without -j/-q/-v); the pipeline adds the inputs' paths, sizes and mtimes. A run that
     * reads stdin ('-') takes no checkpoints: a stream has no identity to resume onto. */
    uint64_t resume_key;
    /* MPI ranks (comm.h), borrowed; NULL or size 1 for one process. With more, each rank reads
     * its share of the inputs (whole files, contiguous ranges balanced by size), runs the
     * stages on its own threads, and the ranks write between them the shards and the one
     * stats.json (rank 0) that a single process would have written from the same inputs,
     * byte for byte (timings aside). Every rank calls wn_pipeline_run with the same inputs
     * and options; all return the same status. No checkpoints: an interrupted run under MPI
     * starts over. */
    const wn_comm *comm;
    /* Diagnostics (one line, no newline), e.g. "crawl.warc.gz: offset 18231: truncated".
     * Called from the reading and writing threads, never concurrently. */
    void (*on_message)(void *ud, const char *msg);
    /* Called from the writer thread with the totals so far, after a batch is written when
     * progress_seconds have passed since the last call (default 0.2; 0 = after every batch,
     * which makes the calls depend on the input alone, not on the machine's speed), and once
     * more at the end with done set. */
    void (*on_progress)(void *ud, const wn_run_summary *so_far);
    double progress_seconds;
    wn_run_timing *timing;        /* borrowed, may be NULL: see wn_run_timing */
    void *ud;
    /* A document source instead of input files (the public API's wn_run): the calling thread
     * calls source(io_ud, d) for each document, d reset, until it returns WN_END; any other
     * status stops the run, which then returns WN_ERR_CALLBACK. d's record_index is its number
     * from 0 unless the source sets another; input_index is 0. No checkpoints, no MPI ranks. */
    wn_status (*source)(void *io_ud, wn_doc *d);
    /* A sink for the documents (kept, dropped and failed): called from the writer thread, one
     * document at a time, in source (or input) order, whatever the number of workers. Usually
     * with write_outputs false; non-zero stops the run (WN_ERR_CALLBACK). */
    wn_status (*sink)(void *io_ud, wn_doc *d);
    void *io_ud;
} wn_run_config;

void wn_run_config_default(wn_run_config *c);

typedef struct wn_pipeline wn_pipeline;

wn_status wn_pipeline_create(wn_pipeline **p, const wn_run_config *cfg);
/*! wn_pipeline_add_stage() : appends a stage; `config` is borrowed and must outlive the run. */
wn_status wn_pipeline_add_stage(wn_pipeline *p, const wn_stage *stage, const void *config);
/*! wn_pipeline_schema_add() : adds the metadata keys of a stage that runs behind another
 * (dedup's replay proxies) to the run's schema; wn_pipeline_add_stage adds its stage's. */
void wn_pipeline_schema_add(wn_pipeline *p, const wn_stage *stage, const void *config);
/*! wn_pipeline_run() : reads every input, runs the stages, writes the outputs and
 * OUT/stats.json. Returns WN_OK when the run completed (some inputs may have failed: see
 * summary->inputs_failed and failed documents), or an error that stopped it (unwritable
 * output). */
wn_status wn_pipeline_run(wn_pipeline *p, const char *const *inputs, size_t n_inputs,
                          wn_run_summary *summary);
const char *wn_pipeline_error(const wn_pipeline *p);
/*! wn_pipeline_stage() : the i-th stage added with wn_pipeline_add_stage (the built-in decode
 * stage is not counted), so that a caller can run the same stages in another pipeline (dedup
 * runs them once to sign and once to write). false past the end. */
bool wn_pipeline_stage(const wn_pipeline *p, size_t i, const wn_stage **stage, const void **config);
void wn_pipeline_free(wn_pipeline *p);

/* The built-in first stage: raw text bytes to valid UTF-8 text (U+FFFD for invalid bytes,
 * counted as utf8_replaced), empty documents dropped as "empty". */
extern const wn_stage wn_stage_decode;

#ifdef __cplusplus
}
#endif
#endif
