/* outputs.h: a run's output streams (kept, dropped, or kept per language) and their layout.
 *
 * DESIGN: each stream is a folder of numbered shards (shard_writer.c) that rotates by its own
 * size, after the batch that takes its open shard to shard_bytes: kept and dropped, and each
 * language's kept folder, cut independently. A checkpoint (checkpoint.h) asks every stream
 * where it stands (wn_outputs_sync) and a resumed run puts every stream back there
 * (wn_outputs_resume). The folders:
 *   winnow layout   kept/NNNNN.jsonl.zst, dropped/...
 *   --split-by language   kept/<lang>/NNNNN.jsonl.zst (FineWeb-2's layout), dropped/ as is
 *   dolma layout    documents/NNNNN.jsonl.zst (documents/<lang>/ when split), dropped/ as is
 * The writer thread alone uses a wn_outputs. */
#ifndef WN_OUTPUTS_H
#define WN_OUTPUTS_H

#include "pipeline/checkpoint.h"

/* The folder of kept documents without a language (none identified, or a label that is no
 * safe folder name): "und", ISO 639's code for an undetermined language, as FineWeb-2 has. */
#define WN_OUTPUTS_NO_LANGUAGE "und"

typedef struct {
    const char *out_dir;
    wn_codec codec;
    unsigned threads;          /* compression threads of kept streams */
    uint64_t shard_bytes;      /* 0: one shard per stream */
    bool write_dropped;
    bool split_language;
    wn_layout layout;
} wn_outputs_config;

typedef struct wn_outputs wn_outputs;

/*! wn_outputs_create() : creates the streams' folders (language streams come with their first
 * document). `err` gets the reason on failure. */
wn_status wn_outputs_create(wn_outputs **o, const wn_outputs_config *c, char *err, size_t err_cap);
/*! wn_outputs_prepare() : before any write: removes what an earlier run left past checkpoint
 * `ck` (NULL: everything it left) and puts each stream it names back where it stood. */
wn_status wn_outputs_prepare(wn_outputs *o, const wn_checkpoint *ck, char *err, size_t err_cap);
/*! wn_outputs_remove_languages() : removes the shards of every language folder under the
 * layout's kept folder that checkpoint `ck` names no stream of (NULL: all of them). */
wn_status wn_outputs_remove_languages(const char *out_dir, wn_layout layout, const wn_checkpoint *ck);
/*! wn_outputs_write() : the document's line into its stream (kept: by language when split). */
wn_status wn_outputs_write(wn_outputs *o, const wn_doc *d, const void *line, size_t n);
/*! wn_outputs_rotate() : between batches: each stream whose open shard holds shard_bytes ends it. */
wn_status wn_outputs_rotate(wn_outputs *o);
/*! wn_outputs_sync() : every stream's position into c->streams (fsynced when `durable`; the
 * frames end either way, so that the bytes do not depend on whether checkpoints are kept). */
wn_status wn_outputs_sync(wn_outputs *o, wn_checkpoint *c, bool durable);
/*! wn_outputs_error() : the first error, naming the file; "" if none. */
const char *wn_outputs_error(const wn_outputs *o);
/*! wn_outputs_close() : closes every stream's open shard; the first error. NULL is a no-op. */
wn_status wn_outputs_close(wn_outputs *o, char *err, size_t err_cap);
/*! wn_outputs_kept_dir() : the folder of kept documents in this layout ("kept", "documents"). */
const char *wn_outputs_kept_dir(wn_layout layout);
/*! wn_outputs_language_dir() : the folder name for a document's language (a metadata value,
 * may be NULL): the label when it is a safe name (letters, digits, '-', '_', at most 32), else
 * WN_OUTPUTS_NO_LANGUAGE. Into dst (at least 33 bytes). */
void wn_outputs_language_dir(const wn_doc *d, char *dst, size_t cap);

#endif
