/* shard_writer.c: JSONL shards, compressed with zstd or gzip, written atomically.
 *
 * DESIGN: records arrive in sequence order; the caller ends a shard (wn_shard_writer_end_shard)
 * where it chooses: the pipeline does so between batches, so that boundaries depend only on
 * the records, never on the thread count. Each shard is written as NAME.tmp, fsynced, and renamed
 * on close (durable.c).
 * A resumed run starts numbering where the checkpointed one stopped (wn_shard_writer_start_at).
 *
 * A checkpoint need not close the open shard: wn_shard_writer_sync ends its compressed frame
 * (a zstd frame, a gzip member: a file of several reads as one stream), fsyncs it and says how
 * many bytes it holds; wn_shard_writer_resume reopens it there (its .tmp, or the shard renamed
 * back when it was closed after the checkpoint), cut to that length. Frames end at the same
 * documents in a resumed run as in an uninterrupted one, so the bytes are the same. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include "winnow/io.h"
#include "winnow/path.h"
#include "common/msg.h"

struct wn_shard_writer {
    char dir[WN_PATH_CAP];
    wn_codec codec;
    unsigned index;         /* number of the open (or next) shard */
    FILE *f;
    char tmp_path[WN_PATH_CAP], final_path[WN_PATH_CAP];
    uint64_t in_shard;      /* uncompressed bytes in the open shard */
    bool frame_open;        /* bytes went into the compressor since its frame began */
    uint64_t total;
    ZSTD_CCtx *zc;
    z_stream z;
    bool z_init;
    unsigned char *out;
    size_t out_cap;
    wn_status err;
    char errmsg[512];
};

static const char *ext(wn_codec c)
{
    return c == WN_CODEC_ZSTD ? ".jsonl.zst" : c == WN_CODEC_GZIP ? ".jsonl.gz" : ".jsonl";
}

/* Keeps the first error, naming the file and the system's reason (e: an errno, 0 for none). */
static wn_status set_err(wn_shard_writer *w, wn_status st, const char *what, int e)
{
    if (!w->err) {
        w->err = st;
        wn_msgf(w->errmsg, sizeof w->errmsg, "%s: %s", what, e ? strerror(e) : wn_strerror(st));
    }
    return st;
}

static wn_status put(wn_shard_writer *w, const void *p, size_t n)
{
    if (n && fwrite(p, 1, n, w->f) != n)
        return set_err(w, WN_ERR_IO, w->tmp_path, errno ? errno : EIO);
    return WN_OK;
}


/* a new shard, or a shard cut back on resume, starts a fresh zstd frame or gzip member */
static wn_status encoder_restart(wn_shard_writer *w)
{
    if (w->codec == WN_CODEC_ZSTD) {
        ZSTD_CCtx_reset(w->zc, ZSTD_reset_session_only);
    } else if (w->codec == WN_CODEC_GZIP) {
        if (w->z_init)
            deflateReset(&w->z);
        else if (deflateInit2(&w->z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
            return set_err(w, WN_ERR_NOMEM, "gzip encoder", 0);
        w->z_init = true;
    }
    return WN_OK;
}
static wn_status open_shard(wn_shard_writer *w)
{
    if (wn_path_printf(w->final_path, sizeof w->final_path, "%s/%05u%s", w->dir, w->index, ext(w->codec)) ||
        wn_path_printf(w->tmp_path, sizeof w->tmp_path, "%s.tmp", w->final_path))
        return set_err(w, WN_ERR_TOO_LARGE, w->dir, ENAMETOOLONG);
    w->f = fopen(w->tmp_path, "wb");
    if (!w->f)
        return set_err(w, WN_ERR_IO, w->tmp_path, errno);
    w->in_shard = 0;
    return encoder_restart(w);
}

static wn_status encode(wn_shard_writer *w, const void *p, size_t n, bool end)
{
    if (w->codec == WN_CODEC_PLAIN)
        return put(w, p, n);
    if (w->codec == WN_CODEC_ZSTD) {
        ZSTD_inBuffer ib = { p, n, 0 };
        for (;;) {
            ZSTD_outBuffer ob = { w->out, w->out_cap, 0 };
            size_t r = ZSTD_compressStream2(w->zc, &ob, &ib, end ? ZSTD_e_end : ZSTD_e_continue);
            if (ZSTD_isError(r))
                return set_err(w, WN_ERR_IO, ZSTD_getErrorName(r), 0);
            if (put(w, w->out, ob.pos))
                return w->err;
            if (end ? r == 0 : ib.pos == ib.size)
                return WN_OK;
        }
    }
    w->z.next_in = (unsigned char *)p;
    w->z.avail_in = (uInt)n;
    for (;;) {
        w->z.next_out = w->out;
        w->z.avail_out = (uInt)w->out_cap;
        int r = deflate(&w->z, end ? Z_FINISH : Z_NO_FLUSH);
        if (r == Z_STREAM_ERROR)
            return set_err(w, WN_ERR_IO, "gzip encoder", 0);
        if (put(w, w->out, w->out_cap - w->z.avail_out))
            return w->err;
        if (end ? r == Z_STREAM_END : (w->z.avail_in == 0 && w->z.avail_out != 0))
            return WN_OK;
    }
}

/* Ends the compressed frame, if one has bytes, so that the file is complete up to here; the
 * next write begins another (zstd starts one by itself; a gzip member needs a reset). */
wn_status wn_shard_writer_end_frame(wn_shard_writer *w)
{
    if (!w->frame_open)
        return w->err;
    w->frame_open = false;
    if (encode(w, NULL, 0, true))
        return w->err;
    if (w->codec == WN_CODEC_GZIP)
        deflateReset(&w->z);
    return WN_OK;
}

static wn_status close_shard(wn_shard_writer *w)
{
    if (!w->f)
        return WN_OK;
    wn_shard_writer_end_frame(w);
    if (w->err) {
        fclose(w->f);
        unlink(w->tmp_path);
    } else {
        /* fsynced before the rename and the directory after: a shard under its final name is
         * complete even after a power loss, which a checkpoint naming it relies on */
        char msg[sizeof w->errmsg];
        if (wn_file_commit(w->f, w->tmp_path, w->final_path, msg, sizeof msg)) {
            w->err = WN_ERR_IO;
            snprintf(w->errmsg, sizeof w->errmsg, "%s", msg);
        }
    }
    w->f = NULL;
    w->index++;
    return w->err;
}

wn_status wn_shard_writer_create(wn_shard_writer **out, const char *dir, const char *name,
                                 wn_codec codec, unsigned threads,
                                 char *err, size_t err_cap)
{
    *out = NULL;
    wn_shard_writer *w = wn_calloc(1, sizeof *w);
    if (!w)
        return WN_ERR_NOMEM;
    if (wn_path_join(w->dir, sizeof w->dir, dir, name)) {
        snprintf(err, err_cap, "%s/%s: %s", dir, name, strerror(ENAMETOOLONG));
        wn_free(w);
        return WN_ERR_TOO_LARGE;
    }
    w->codec = codec;
    if (wn_mkdirs(w->dir)) {
        snprintf(err, err_cap, "%s: cannot create directory: %s", w->dir, strerror(errno));
        wn_free(w);
        return WN_ERR_IO;
    }
    w->out_cap = 1 << 17;
    w->out = wn_malloc(w->out_cap);
    if (codec == WN_CODEC_ZSTD) {
        w->zc = ZSTD_createCCtx();
        if (w->zc) {
            ZSTD_CCtx_setParameter(w->zc, ZSTD_c_compressionLevel, 3);
            ZSTD_CCtx_setParameter(w->zc, ZSTD_c_checksumFlag, 1);
            /* multi-threaded mode gives the same bytes for any number of workers >= 1 (its jobs
             * are cut by size, not by timing), so -j changes speed, never output */
            ZSTD_CCtx_setParameter(w->zc, ZSTD_c_nbWorkers, (int)(threads ? threads : 1));
        }
    }
    if (!w->out || (codec == WN_CODEC_ZSTD && !w->zc)) {
        wn_shard_writer_close(w, NULL, 0);
        return WN_ERR_NOMEM;
    }
    *out = w;
    return WN_OK;
}

wn_status wn_shard_writer_write(wn_shard_writer *w, const void *p, size_t n)
{
    if (w->err)
        return w->err;
    if (!w->f && open_shard(w))
        return w->err;
    w->frame_open = true;
    if (encode(w, p, n, false))
        return w->err;
    w->in_shard += n;
    w->total += n;
    return WN_OK;
}

uint64_t wn_shard_writer_bytes(const wn_shard_writer *w) { return w->total; }

uint64_t wn_shard_writer_open_bytes(const wn_shard_writer *w) { return w->f ? w->in_shard : 0; }

unsigned wn_shard_writer_next_index(const wn_shard_writer *w) { return w->f ? w->index + 1 : w->index; }

const char *wn_shard_writer_error(const wn_shard_writer *w) { return w->err ? w->errmsg : ""; }

wn_status wn_shard_writer_end_shard(wn_shard_writer *w)
{
    return w->f ? close_shard(w) : w->err;
}

void wn_shard_writer_start_at(wn_shard_writer *w, unsigned index)
{
    if (!w->f)
        w->index = index;
}

wn_status wn_shard_writer_sync(wn_shard_writer *w, wn_shard_pos *pos)
{
    memset(pos, 0, sizeof *pos);
    pos->index = w->index;
    if (w->err || !w->f)
        return w->err;
    if (wn_shard_writer_end_frame(w))
        return w->err;
    if (fflush(w->f) != 0 || fdatasync(fileno(w->f)) != 0)
        return set_err(w, WN_ERR_IO, w->tmp_path, errno ? errno : EIO);
    off_t at = ftello(w->f);
    if (at < 0)
        return set_err(w, WN_ERR_IO, w->tmp_path, errno);
    pos->file_bytes = (uint64_t)at;
    pos->in_shard = w->in_shard;
    return WN_OK;
}

wn_status wn_shard_writer_resume(wn_shard_writer *w, const wn_shard_pos *pos)
{
    if (w->f || w->err)
        return w->err ? w->err : set_err(w, WN_ERR_USAGE, w->dir, 0);
    w->index = pos->index;
    if (pos->file_bytes == 0)
        return WN_OK;
    if (wn_path_printf(w->final_path, sizeof w->final_path, "%s/%05u%s", w->dir, w->index, ext(w->codec)) ||
        wn_path_printf(w->tmp_path, sizeof w->tmp_path, "%s.tmp", w->final_path))
        return set_err(w, WN_ERR_TOO_LARGE, w->dir, ENAMETOOLONG);
    /* closed after the checkpoint: its first file_bytes are still what the checkpoint saw
     * (a shard only grows), and it is open again */
    if (access(w->tmp_path, F_OK) != 0 && rename(w->final_path, w->tmp_path) != 0)
        return set_err(w, WN_ERR_IO, w->final_path, errno);
    w->f = fopen(w->tmp_path, "r+b");
    if (!w->f)
        return set_err(w, WN_ERR_IO, w->tmp_path, errno);
    struct stat sb;
    if (fstat(fileno(w->f), &sb) != 0 || (uint64_t)sb.st_size < pos->file_bytes) {
        /* shorter than the fsynced bytes the checkpoint counted: not the file it saw */
        set_err(w, WN_ERR_CORRUPT, w->tmp_path, 0);
        wn_msgf(w->errmsg, sizeof w->errmsg, "%s: shorter than the checkpoint says (%llu bytes): "
                 "cannot resume; start over with --overwrite", w->tmp_path,
                 (unsigned long long)pos->file_bytes);
        return w->err;
    }
    if (ftruncate(fileno(w->f), (off_t)pos->file_bytes) != 0 || fseeko(w->f, 0, SEEK_END) != 0)
        return set_err(w, WN_ERR_IO, w->tmp_path, errno);
    w->in_shard = pos->in_shard;
    w->frame_open = false;
    return encoder_restart(w);
}

wn_status wn_shard_writer_close(wn_shard_writer *w, char *err, size_t err_cap)
{
    if (!w)
        return WN_OK;
    close_shard(w);
    wn_status st = w->err;
    if (st && err)
        snprintf(err, err_cap, "%s", w->errmsg);
    ZSTD_freeCCtx(w->zc);
    if (w->z_init)
        deflateEnd(&w->z);
    wn_free(w->out);
    wn_free(w);
    return st;
}
