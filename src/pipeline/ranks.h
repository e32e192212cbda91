/* ranks.h: a run split over MPI ranks: which inputs each rank reads, and how the ranks' outputs
 * become the shards a single process would have written.
 *
 * DESIGN: the unit of work is the input file (as a crawl comes: thousands of WARC files).
 * Rank 0 splits the expanded input list into contiguous ranges of about equal bytes and every
 * rank checks that it sees the same list. Inputs keep their global numbers, so documents keep
 * their sequence numbers (input, record) and per-input counts add up across ranks.
 *
 * Each rank runs the ordinary pipeline on its range, but its writer appends the JSON lines to
 * spool files, OUT/.ranks/rR/{kept,dropped}/00000.jsonl (kept/<lang>/ under --split-by
 * language: spools.h), and notes the bytes each batch added to each stream. Batches never span inputs, so the global sequence of batches (the ranks'
 * lists in rank order) is exactly the one a single process makes from the same inputs; the
 * rule that cuts shards between batches (a new shard after the batch that takes a stream past
 * --shard-size, each stream by itself) is replayed over it by every rank, which gives each shard's
 * number and its byte range in the concatenated spools. The rank whose spool holds a shard's
 * first byte reads its range (from its own spool and, when it runs on, the next ranks') and
 * writes it line by line through the same shard writer: same names, same bytes as one
 * process. The output directory must therefore be on a file system that all ranks see, as
 * it must anyway for the result to be one directory. The spools cost the uncompressed output
 * once more on disk, until the run ends. */
#ifndef WN_RANKS_H
#define WN_RANKS_H

#include "winnow/comm.h"
#include "winnow/io.h"

#define WN_RANKS_DIR ".ranks"   /* in the output directory, removed when the run ends */

/*! wn_ranks_assign() : collective: [*first, *end) = this rank's inputs among files[0..n).
 * Rank 0 decides (contiguous ranges balanced by file size); every rank checks that its list
 * is rank 0's. An input '-' (stdin) cannot be split: WN_ERR_USAGE. `pre`, a failure of this
 * rank before (with its message in err), joins the agreement. Errors are agreed on. */
wn_status wn_ranks_assign(const wn_comm *c, wn_status pre, char **files, size_t n, size_t *first,
                          size_t *end, char *err, size_t err_cap);

typedef struct {
    const char *out_dir;
    wn_codec codec;
    unsigned threads;        /* compression threads per rank */
    uint64_t shard_bytes;    /* 0: no limit */
    bool write_dropped;
    uint64_t checkpoint_bytes;   /* where a single process ends its frames (pipeline.h) */
    const char *kept_name;   /* the kept folder ("kept", or dolma's "documents") */
} wn_ranks_output;

/*! wn_ranks_spool_dir() : OUT/.ranks/rR; WN_ERR_TOO_LARGE when it does not fit in cap. */
wn_status wn_ranks_spool_dir(char *out, size_t cap, const char *out_dir, int rank);

/* One rank's spooled output, as it sent it (spools.h): its batches' notes ([c, then c pairs
 * (stream, bytes)] each, in order) and its streams' names (names[0] is "dropped"). */
typedef struct {
    const uint64_t *words;
    size_t n_words;
    const char *const *names;
    size_t n_names;
} wn_ranks_part;

/*! wn_ranks_write_shards() : writes the shards whose first byte is in this rank's spool, from
 * every rank's part (parts[r], rank order: the global sequence of batches). Not collective
 * (each rank writes its own shards); the caller agrees on the result. */
wn_status wn_ranks_write_shards(const wn_comm *c, const wn_ranks_output *o, const wn_ranks_part *parts,
                                char *err, size_t err_cap);

/*! wn_ranks_remove_spools() : removes OUT/.ranks with every rank's spool (rank 0, once all
 * ranks are done reading them). */
void wn_ranks_remove_spools(const char *out_dir, int size);

#endif
