/* io.h: input streams (plain, gzip, zstd detected by magic bytes), document readers, and
 * atomic compressed shard writers. */
#ifndef WINNOW_IO_H
#define WINNOW_IO_H

#include <stdio.h>
#include "winnow/core.h"
#include "winnow/doc.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- remote inputs (remote.c) ---------------------------------------------------------------- */
typedef struct {
    unsigned retries;         /* retries after a dropped connection or a 5xx/429 answer */
    unsigned timeout_s;       /* connect time-out, and a stall (no byte) for that long */
    unsigned backoff_ms;      /* first wait before a retry; doubles each time, up to 60 s */
    char s3_endpoint[512];    /* s3://bucket/key is ENDPOINT/bucket/key (path-style) */
} wn_remote_opts;

void wn_remote_opts_default(wn_remote_opts *o);
/*! wn_is_remote() : http://, https:// and s3:// inputs, which are never stat'ed. */
bool wn_is_remote(const char *path);
/*! wn_remote_url() : the URL fetched for an input (s3:// mapped to the endpoint). */
wn_status wn_remote_url(const char *path, const wn_remote_opts *o, char *out, size_t cap);
typedef struct wn_remote wn_remote;
/*! wn_remote_open() : starts fetching; *fd delivers the body (compressed as served) and ends
 * at the end of the file or when the fetch gave up, which wn_remote_finish() then tells. */
wn_status wn_remote_open(wn_remote **r, const char *path, const wn_remote_opts *o, int *fd,
                         char *err, size_t err_cap);
/*! wn_remote_finish() : after *fd's end: WN_OK when the whole file came, else the error
 * naming the URL, the offset and the HTTP status or network error. */
wn_status wn_remote_finish(wn_remote *r, char *err, size_t err_cap);
/*! wn_remote_retry_wait_ms() : how long to wait before retrying an answer `code` (0: none, a
 * dropped connection) whose Retry-After header said `retry_after_s` seconds (-1: none or not
 * the seconds form), when the back-off is at `backoff_ms`: a 429 or 503 waits what the server
 * asked (RFC 9110 §10.2.3), never more than the back-off's maximum (WN_REMOTE_BACKOFF_MAX_MS);
 * anything else waits the back-off. */
#define WN_REMOTE_BACKOFF_MAX_MS 60000UL
unsigned long wn_remote_retry_wait_ms(long code, long long retry_after_s, unsigned long backoff_ms);
/*! wn_remote_retry_after_parse() : a Retry-After header's value in seconds (the delay-seconds
 * form: digits, optional spaces around), or -1 for anything else (an HTTP-date, garbage). */
long long wn_remote_retry_after_parse(const char *v, size_t n);
/*! wn_remote_close() : stops the fetch; close *fd first. */
void wn_remote_close(wn_remote *r);

/* ---- streams --------------------------------------------------------------------------------- */
typedef enum { WN_CODEC_PLAIN = 0, WN_CODEC_GZIP = 1, WN_CODEC_ZSTD = 2 } wn_codec;

typedef struct wn_stream wn_stream;

/*! wn_stream_open() : opens path ("-" is stdin) and picks the decoder from the first bytes:
 * 1F 8B gzip (any number of members), 28 B5 2F FD or a skippable frame zstd, else plain.
 * On error *s is NULL and the message names the path and errno. */
wn_status wn_stream_open(wn_stream **s, const char *path, char *err, size_t err_cap);
/*! wn_stream_open_ex() : the same, with the options for http://, https:// and s3:// paths
 * (NULL: the defaults). */
wn_status wn_stream_open_ex(wn_stream **s, const char *path, const wn_remote_opts *remote, char *err,
                            size_t err_cap);
/*! wn_stream_read() : reads up to cap decoded bytes; *got = 0 means end of stream. A damaged
 * or truncated compressed stream returns WN_ERR_TRUNCATED / WN_ERR_CORRUPT after delivering
 * every byte that could be decoded. */
wn_status wn_stream_read(wn_stream *s, void *dst, size_t cap, size_t *got);
/*! wn_stream_peek() : decodes up to n bytes ahead without consuming them (n <= 65536), for
 * format sniffing; *p stays valid until the next read. Fewer bytes mean a shorter stream. */
wn_status wn_stream_peek(wn_stream *s, size_t n, const char **p, size_t *got);
wn_codec wn_stream_codec(const wn_stream *s);
uint64_t wn_stream_bytes_in(const wn_stream *s);   /* compressed bytes consumed so far */
uint64_t wn_stream_bytes_out(const wn_stream *s);  /* decoded bytes delivered so far */
int64_t wn_stream_size(const wn_stream *s);        /* file size, or -1 when unknown */
const char *wn_stream_error(const wn_stream *s);   /* last error message, "" if none */
/*! wn_stream_set_resync() : for gzip streams whose members are records (WARC 1.1 Annex D): on
 * damaged data, skip to the next member header and go on instead of failing. Each skip counts
 * in wn_stream_gaps(); wn_stream_gap_offset() is the decoded offset where the last one is (the
 * bytes before it came from the damaged member), and wn_stream_error() describes it. */
void wn_stream_set_resync(wn_stream *s, bool on);
uint64_t wn_stream_gaps(const wn_stream *s);
uint64_t wn_stream_gap_offset(const wn_stream *s);
/* decoded bytes the damaged member gave before the last gap (they end at the gap offset) */
uint64_t wn_stream_gap_bytes(const wn_stream *s);
void wn_stream_close(wn_stream *s);

/* ---- readers ----------------------------------------------------------------------------------- */
typedef struct {
    const char *format;       /* "auto" (default), "jsonl", "text", and what later modules add */
    const char *text_field;   /* JSONL: field holding the text (default "text") */
    const char *id_field;     /* JSONL: field holding the id (default "id") */
    const char *html_field;   /* JSONL: field holding an HTML page to extract; NULL or "" = none */
    size_t max_doc_bytes;     /* larger records fail as too_large; memory stays bounded */
    const wn_remote_opts *remote; /* for URL inputs; NULL: the defaults */
} wn_reader_opts;

void wn_reader_opts_default(wn_reader_opts *o);

typedef struct wn_reader wn_reader;

/*! wn_reader_open() : opens one input. `input_index` is stamped on every document. */
wn_status wn_reader_open(wn_reader **r, const char *path, uint32_t input_index,
                         const wn_reader_opts *o, char *err, size_t err_cap);
/*! wn_reader_next() : fills d (after wn_doc_reset) with the next record. Returns WN_OK with a
 * document whose status may already be FAILED (a bad line, a too large record: the reader
 * then goes on), WN_END at the end, or an error when the stream cannot go on (the message
 * says where); records read before it are all delivered. */
wn_status wn_reader_next(wn_reader *r, wn_doc *d);
const char *wn_reader_error(const wn_reader *r);
uint64_t wn_reader_bytes_in(const wn_reader *r);
/*! wn_reader_counters() : what the reader counted so far (records skipped by type, defects
 * recovered...); the pipeline adds them to stats.json under "reader". */
const wn_counters *wn_reader_counters(const wn_reader *r);
/*! wn_reader_take_warning() : the next message about a defect the reader recovered from without
 * losing a document (LF-only headers, a bad chunk size, junk between records...), naming file,
 * offset and record id; NULL when none is pending. Valid until the next call on r. The pipeline
 * passes them to on_message after each wn_reader_next(). */
const char *wn_reader_take_warning(wn_reader *r);
void wn_reader_close(wn_reader *r);

/*! wn_inputs_expand() : turns paths (files, directories walked recursively in sorted order,
 * "-") into a list of files, deterministic for the same tree. The list and its strings are
 * allocated with wn_malloc; free with wn_inputs_free. Unreadable paths are kept in the list
 * so that opening them reports the error and counts them. */
wn_status wn_inputs_expand(const char *const *paths, size_t n, char ***out, size_t *out_n);
/*! wn_inputs_expand_checked() : the same, and what it skips is counted in *skipped (may be
 * NULL) and reported in warnings (NUL-terminated messages naming the path; may be NULL): in a
 * directory, entries that are not regular files (a FIFO would block the run forever:
 * listing_skipped_special) and directories listed already (symlink loops:
 * listing_skipped_loop); anywhere, a regular file listed already under another name (same
 * device and inode: listing_skipped_duplicate), the first listing kept. A path given
 * explicitly that is not a directory is always listed (a FIFO on the command line is read). */
wn_status wn_inputs_expand_checked(const char *const *paths, size_t n, char ***out, size_t *out_n,
                                   wn_counters *skipped, wn_buf *warnings);
void wn_inputs_free(char **list, size_t n);

/* ---- shard writer ----------------------------------------------------------------------------- */
typedef struct wn_shard_writer wn_shard_writer;

/*! wn_shard_writer_create() : writes DIR/NAME/00000.jsonl[.zst|.gz], ..., a new shard after each
 * wn_shard_writer_end_shard(). Each shard is written under a temporary name, fsynced and
 * renamed when complete, so an interrupted run or a power loss leaves no half file. `threads` zstd
 * compression threads (output bytes do not depend on it). */
wn_status wn_shard_writer_create(wn_shard_writer **w, const char *dir, const char *name,
                                 wn_codec codec, unsigned threads, char *err, size_t err_cap);
wn_status wn_shard_writer_write(wn_shard_writer *w, const void *p, size_t n);
/*! wn_shard_writer_close() : finishes and renames the open shard; returns the first error
 * seen. Frees w in all cases. */
wn_status wn_shard_writer_close(wn_shard_writer *w, char *err, size_t err_cap);
uint64_t wn_shard_writer_bytes(const wn_shard_writer *w);
/*! wn_shard_writer_end_shard() : closes the open shard now, if there is one (a checkpoint
 * closes every stream's shard at the same document). */
wn_status wn_shard_writer_end_shard(wn_shard_writer *w);
/*! wn_shard_writer_error() : the first error seen, naming the file and strerror(); "" if none. */
const char *wn_shard_writer_error(const wn_shard_writer *w);
/*! wn_shard_writer_open_bytes() : uncompressed bytes in the open shard (0 if none). */
uint64_t wn_shard_writer_open_bytes(const wn_shard_writer *w);
/*! wn_shard_writer_next_index() : the number the next new shard will get. */
unsigned wn_shard_writer_next_index(const wn_shard_writer *w);
/* Where a stream's output stands at a checkpoint: the open shard's number (the next one's when
 * none is open), its bytes on disk (0: none open) and the uncompressed bytes in it. */
typedef struct {
    unsigned index;
    uint64_t file_bytes, in_shard;
} wn_shard_pos;
/*! wn_shard_writer_end_frame() : ends the open shard's compressed frame (a zstd frame, a gzip
 * member), if it has bytes; the next write starts another. Where frames end is part of the
 * bytes: an MPI rank copying a stream ends them where a single process checkpointed. */
wn_status wn_shard_writer_end_frame(wn_shard_writer *w);
/*! wn_shard_writer_sync() : ends the open shard's compressed frame, fsyncs it and gives its
 * position, without closing it (shard_writer.c). */
wn_status wn_shard_writer_sync(wn_shard_writer *w, wn_shard_pos *pos);
/*! wn_shard_writer_resume() : before the first write: goes on from `pos` (a sync's), reopening
 * that shard cut to pos->file_bytes (renamed back from its final name when it was closed
 * since). WN_ERR_CORRUPT when the file is shorter. */
wn_status wn_shard_writer_resume(wn_shard_writer *w, const wn_shard_pos *pos);
/*! wn_shard_writer_start_at() : numbers shards from `index` (before the first write). */
void wn_shard_writer_start_at(wn_shard_writer *w, unsigned index);

/*! wn_file_read_all() : a whole (small) file into out; WN_ERR_TOO_LARGE past out's cap. */
wn_status wn_file_read_all(const char *path, wn_buf *out);
/* ---- durable files (durable.c) ------------------------------------------------------------------ */
#define WN_TMP_SUFFIX ".tmp."        /* PATH.tmp.PID: a file being written by process PID */
#define WN_LOCK_FILE ".lock"         /* in an output directory, while a run writes there */

/*! wn_file_write_atomic() : writes a whole file as PATH.tmp.PID, fsyncs it, renames it to
 * PATH and fsyncs the directory: after a crash PATH is the old file or the whole new one.
 * On error the temporary file is removed and `err` names the file and strerror(). */
wn_status wn_file_write_atomic(const char *path, const void *p, size_t n, char *err, size_t err_cap);
/*! wn_file_commit() : the end of such a write for a file the caller wrote to `tmp`: flush,
 * fsync, close (f is closed in all cases), rename to `path`, fsync its directory. */
wn_status wn_file_commit(FILE *f, const char *tmp, const char *path, char *err, size_t err_cap);
/*! wn_dir_sync() : fsyncs a directory, so that the renames and removals in it are durable. */
wn_status wn_dir_sync(const char *dir, char *err, size_t err_cap);
/*! wn_file_remove_stale() : removes DIR/NAME.tmp.PID files, left by a process killed while it
 * wrote NAME. Call it only while holding the directory's lock (no live writer then). */
wn_status wn_file_remove_stale(const char *dir, const char *name, char *err, size_t err_cap);

typedef struct wn_dir_lock wn_dir_lock;
/*! wn_dir_lock_take() : takes DIR/.lock (flock, released by the kernel however the process
 * ends) and writes the pid into it. When another process holds it: WN_ERR_USAGE, and `err`
 * names the directory and that process's pid. The directory must exist. */
wn_status wn_dir_lock_take(wn_dir_lock **l, const char *dir, char *err, size_t err_cap);
/*! wn_dir_lock_release() : removes the lock file and drops the lock; NULL is a no-op. */
void wn_dir_lock_release(wn_dir_lock *l);
/*! wn_shards_remove() : removes DIR/NAME/NNNNN.jsonl* shards and their .tmp files, left by an
 * interrupted run, so that a rerun writes a complete set. Other files are left alone. */
wn_status wn_shards_remove(const char *dir, const char *name);
/*! wn_shards_remove_from() : the same for shards (and .tmp files) numbered `first` and above
 * only: a shard below is complete, or the one a checkpoint keeps open. */
wn_status wn_shards_remove_from(const char *dir, const char *name, unsigned first);
/*! wn_mkdirs() : mkdir -p. */
wn_status wn_mkdirs(const char *path);

#ifdef __cplusplus
}
#endif
#endif
