/* checkpoint.h: what a run has finished, so that a rerun after an interruption resumes there.
 *
 * DESIGN: a checkpoint is taken between batches, every --checkpoint-every bytes of output,
 * whatever the shards: each output stream ends its open shard's compressed frame and fsyncs it
 * (wn_shard_writer_sync), so "the first D documents in sequence order" are exactly each
 * stream's shards below the recorded number plus the recorded bytes of that one, and the
 * writer's counts at that document are the run's counts so far. Everything
 * the reader counts (records skipped by type, stream errors) is not saved: a resumed run
 * reads its inputs again from the start (skipping the work, not the reading) and counts it
 * again. The file is a text journal (checkpoint.c): a full record, then one appended per cut
 * with only the inputs that changed, each ending in a checksum chained to the one before; a
 * record cut short ends the journal at the one before, any other damage makes it invalid and the
 * run starts over, which is always correct. */
#ifndef WN_CHECKPOINT_H
#define WN_CHECKPOINT_H

#include "pipeline/stats.h"
#include "winnow/comm.h"

#define WN_CHECKPOINT_FILE ".checkpoint"   /* in the output directory, removed when the run completes */

/* A checkpoint file's size: resume reads no more, so no record (nor a rank's stats pack, which
 * is one record) may be larger. */
#define WN_CHECKPOINT_MAX ((size_t)64 << 20)

/* The counter names read back: each is a line of at least 4 bytes ("N x\n") of what was read,
 * a checkpoint file or the ranks' stats packs gathered (WN_COMM_GATHER_MAX). */
#define WN_CHECKPOINT_NAMES_MAX (WN_COMM_GATHER_MAX / 4)

/* Output streams a checkpoint names: kept/ and dropped/, or one kept/ folder per language. */
#define WN_CHECKPOINT_STREAMS_MAX 4096
#define WN_CHECKPOINT_STREAM_NAME 64   /* "kept/<lang>" with the NUL */

typedef struct {
    char name[WN_CHECKPOINT_STREAM_NAME];   /* its folder under the output directory */
    wn_shard_pos pos;
} wn_checkpoint_stream;

typedef struct {
    uint64_t key;            /* the command and inputs it belongs to (wn_run_config.resume_key) */
    uint64_t docs;           /* documents done, in sequence order */
    wn_checkpoint_stream *streams;      /* where each output stream stood (owned) */
    size_t n_streams, streams_cap;
    uint64_t last_hash;      /* of the last record written or read: the next one is chained to it */
    char **names;            /* counter names read back (counters keep pointers to them) */
    size_t n_names, names_cap;
} wn_checkpoint;

/*! wn_checkpoint_format() : the checkpoint of run stats `s` and stage stats `stages`. */
wn_status wn_checkpoint_format(wn_buf *out, const wn_checkpoint *c, const wn_run_stats *s,
                               const wn_stage_stats *stages, size_t n_stages);
/*! wn_checkpoint_format_record() : one record of the journal into `out`: the full one
 * (first: with the magic line and every input) or one to append, listing only inputs
 * [first_input, end_input) and chained to c->last_hash. Sets c->last_hash to its own. */
wn_status wn_checkpoint_format_record(wn_buf *out, wn_checkpoint *c, const wn_run_stats *s,
                                      const wn_stage_stats *stages, size_t n_stages, bool first,
                                      size_t first_input, size_t end_input);
/*! wn_checkpoint_parse() : reads a checkpoint back into `c`, and its counts into `s` (made by
 * wn_run_stats_init with the run's number of inputs) and `stages` (n_stages zeroed entries).
 * Anything malformed, damaged or of another shape (inputs, stages) gives WN_ERR_FORMAT and a
 * reason in `why`; `s` and `stages` may then hold partial counts and must be reset. */
wn_status wn_checkpoint_parse(const char *p, size_t n, wn_checkpoint *c, wn_run_stats *s,
                              wn_stage_stats *stages, size_t n_stages, char *why, size_t why_cap);
void wn_checkpoint_free(wn_checkpoint *c);

/*! wn_stats_pack() : everything a run counted (what a checkpoint holds, plus the reader's
 * counters and each input's error), for another process to add up (MPI ranks). */
wn_status wn_stats_pack(wn_buf *out, const wn_run_stats *s, const wn_stage_stats *stages,
                        size_t n_stages);
/*! wn_stats_unpack_add() : adds a pack to `s` and `stages`; the counter names it reads are kept
 * in `names` (wn_checkpoint_free), which must outlive s and stages. WN_ERR_FORMAT with a reason
 * in `why` for a damaged pack or one of another shape; s and stages are then unchanged. */
wn_status wn_stats_unpack_add(const char *p, size_t n, wn_checkpoint *names, wn_run_stats *s,
                              wn_stage_stats *stages, size_t n_stages, char *why, size_t why_cap);

#endif
