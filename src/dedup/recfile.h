/* recfile.h: checked files of fixed-size records, and the external sorter built on them.
 *
 * DESIGN: every intermediate file of dedup (sorted runs, signatures, decisions) is a recfile:
 * a 64-byte header (magic, kind, record size, records per block, record count, a user word,
 * header checksum) followed by blocks of records, each block followed by the wn_hash64 of its
 * bytes seeded with the block number. The exact file length follows from the header, so a
 * truncated or extended file is refused when it is opened, and a flipped byte is refused when
 * its block is read: a damaged hand-off gives an error, never wrong clusters. Blocks make
 * random access cheap (one block per lookup, cached) while keeping every byte checked.
 *
 * The sorter buffers records up to a byte budget, sorts them (records compare as arrays of
 * native uint64 words, so a record's field order is its sort order), spills sorted runs, and a
 * k-way merge reads them back in global order. Memory is the budget plus one block per run. */
#ifndef WN_DEDUP_RECFILE_H
#define WN_DEDUP_RECFILE_H

#include <stdio.h>
#include "winnow/core.h"

#define WN_REC_HEADER 64

typedef struct wn_rec_writer wn_rec_writer;
typedef struct wn_rec_reader wn_rec_reader;

/*! wn_rec_writer_create() : starts path (written as path.tmp, renamed on close). block_bytes
 * is rounded down to whole records (at least one). */
wn_status wn_rec_writer_create(wn_rec_writer **w, const char *path, uint32_t kind,
                               uint32_t rec_size, size_t block_bytes);
wn_status wn_rec_writer_add(wn_rec_writer *w, const void *rec);
/*! wn_rec_writer_add_n() : appends n records stored contiguously. */
wn_status wn_rec_writer_add_n(wn_rec_writer *w, const void *recs, size_t n);
uint64_t wn_rec_writer_count(const wn_rec_writer *w);
/*! wn_rec_writer_close() : writes the last block and the header, renames; frees w always.
 * `user` is stored in the header. w may be NULL. */
wn_status wn_rec_writer_close(wn_rec_writer *w, uint64_t user);
void wn_rec_writer_abort(wn_rec_writer *w);
/*! wn_rec_write_error() : "FILE: strerror" of this thread's last failed write, "" if none: the
 * words behind a bare WN_ERR_IO from a writer (a full disk says so). */
const char *wn_rec_write_error(void);

/*! wn_rec_reader_open() : opens and checks the header and the file length. Errors:
 * WN_ERR_IO (cannot open), WN_ERR_FORMAT (not a recfile of this kind and record size),
 * WN_ERR_TRUNCATED (shorter than the header says), WN_ERR_CORRUPT (header checksum, longer).
 * A message naming the file goes to err. */
wn_status wn_rec_reader_open(wn_rec_reader **r, const char *path, uint32_t kind, uint32_t rec_size,
                             char *err, size_t err_cap);
/*! wn_rec_reader_open_mem() : the same checks over bytes in memory (the fuzz target). The bytes
 * are borrowed and must outlive the reader. */
wn_status wn_rec_reader_open_mem(wn_rec_reader **r, const void *p, size_t n, uint32_t kind,
                                 uint32_t rec_size, char *err, size_t err_cap);
uint64_t wn_rec_reader_count(const wn_rec_reader *r);
uint64_t wn_rec_reader_user(const wn_rec_reader *r);
/*! wn_rec_reader_get() : record i (through a one-block cache); *rec stays valid until the next
 * call on r. WN_ERR_CORRUPT when the block checksum fails, WN_ERR_USAGE past the end. */
wn_status wn_rec_reader_get(wn_rec_reader *r, uint64_t i, const void **rec);
/*! wn_rec_reader_read() : copies records first..first+n-1 to dst (block by block, each
 * checked). WN_ERR_USAGE past the end, WN_ERR_CORRUPT on a bad block. */
wn_status wn_rec_reader_read(wn_rec_reader *r, uint64_t first, uint64_t n, void *dst);
/*! wn_rec_reader_next() : the next record in order, or WN_END. */
wn_status wn_rec_reader_next(wn_rec_reader *r, const void **rec);
const char *wn_rec_reader_path(const wn_rec_reader *r);
void wn_rec_reader_close(wn_rec_reader *r);

/* ---- external sorting ---------------------------------------------------------------------- */
typedef struct wn_sorter wn_sorter;

/*! wn_sorter_create() : records of rec_size bytes (a multiple of 8) spill to
 * prefix.NNNN.run once `budget` bytes are buffered. */
wn_status wn_sorter_create(wn_sorter **s, const char *prefix, uint32_t kind, uint32_t rec_size,
                           size_t budget);
wn_status wn_sorter_add(wn_sorter *s, const void *rec);
/*! wn_sorter_flush() : sorts and writes what is buffered as one more run. */
wn_status wn_sorter_flush(wn_sorter *s);
unsigned wn_sorter_runs(const wn_sorter *s);
void wn_sorter_free(wn_sorter *s);

typedef struct wn_merger wn_merger;
/*! wn_merger_open() : merges sorted runs; checks that each run is sorted. */
wn_status wn_merger_open(wn_merger **m, char **paths, size_t n, uint32_t kind, uint32_t rec_size,
                         char *err, size_t err_cap);
/*! wn_merger_next() : the next record in global order, or WN_END; WN_ERR_CORRUPT when a run is
 * damaged or out of order (message in wn_merger_error). */
wn_status wn_merger_next(wn_merger *m, const void **rec);
const char *wn_merger_error(const wn_merger *m);
/*! wn_merger_watch() : fn is called every 65536 records with the number merged so far. */
void wn_merger_watch(wn_merger *m, void (*fn)(void *ud, uint64_t records), void *ud);
void wn_merger_close(wn_merger *m);

/* Record comparison: records as arrays of uint64 words, lexicographic. */
int wn_rec_cmp(const void *a, const void *b, uint32_t rec_size);

#endif
