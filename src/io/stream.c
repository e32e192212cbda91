/* stream.c: one reading interface over plain, gzip and zstd files, chosen by magic bytes.
 *
 * DESIGN: the first bytes are read into the input buffer before choosing the decoder, so
 * detection works on pipes too. gzip streams may hold many members (WARC 1.1 Annex D, and
 * `cat a.gz b.gz`): after each member end the inflater is reset and goes on. zstd handles
 * frame sequences and skippable frames itself. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>
#include "winnow/io.h"
#include "common/msg.h"

#define IN_CAP (256 * 1024)
#define DETECT_READ 4096            /* the first read, which decides the codec */
#define DIRECT_READ_MIN (16 * 1024) /* plain reads this large skip s->in */

struct wn_stream {
    int fd;
    bool own_fd;
    wn_codec codec;
    unsigned char *in;
    size_t in_pos, in_len;
    bool in_eof;
    uint64_t bytes_in, bytes_out;
    int64_t size;
    z_stream z;
    bool z_init, z_member_done;
    bool resync;           /* gzip: skip damaged data to the next member (wn_stream_set_resync) */
    uint64_t gaps;         /* times that happened */
    uint64_t gap_out;      /* decoded offset where the last gap is */
    uint64_t gap_bytes;    /* bytes the damaged member decoded to before the gap */
    uint64_t member_out;   /* decoded offset where the current gzip member began */
    uint64_t resumed_at;   /* compressed offset of the last resynchronisation, or max */
    size_t scan_pos;       /* resync: s->in index up to which member headers were looked for */
    bool cand;             /* resync: a possible member header inside the current member... */
    size_t cand_pos;       /* ...at this s->in index; stream_fill() keeps the bytes from there */
    ZSTD_DCtx *zd;
    size_t zstd_hint;   /* 0 after a complete frame */
    char err[1536];        /* room for a URL path and a message */
    char path[1024];
    wn_remote *remote;     /* a URL's fetch, whose result is asked at the end of the bytes */
    char *peek;            /* decoded bytes read ahead by wn_stream_peek */
    size_t peek_pos, peek_len;
};

/* One read(2) of at most cap input bytes into dst (one read keeps latency low on pipes);
 * *got = 0 and in_eof set at the end of the input, which is checked: a URL's fetch must have
 * completed, a regular file must not have shrunk while being read. */
static wn_status read_input(wn_stream *s, unsigned char *dst, size_t cap, size_t *got)
{
    *got = 0;
    for (;;) {
        ssize_t r = read(s->fd, dst, cap);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            snprintf(s->err, sizeof s->err, "%s: read: %s", s->path, strerror(errno));
            return WN_ERR_IO;
        }
        if (r == 0) {
            s->in_eof = true;
            if (s->remote) {
                /* the fetch ended: complete, or it gave up (a 404, a cut it could not resume) */
                wn_status st = wn_remote_finish(s->remote, s->err, sizeof s->err);
                if (st)
                    return st;
            }
            if (s->size >= 0 && s->bytes_in < (uint64_t)s->size) {
                /* the file shrank while being read: say so, rather than end as if complete */
                wn_msgf(s->err, sizeof s->err, "%s: offset %llu: file ends before its %lld bytes (it shrank while being read)",
                         s->path, (unsigned long long)s->bytes_in, (long long)s->size);
                return WN_ERR_TRUNCATED;
            }
            return WN_OK;
        }
        *got = (size_t)r;
        s->bytes_in += (uint64_t)r;
        return WN_OK;
    }
}

/* Reads more input into s->in, at most `most` bytes, after moving what is left to its front. */
static wn_status fill_upto(wn_stream *s, size_t most)
{
    /* a held member-header candidate stays in the buffer unless it fills the buffer */
    if (s->cand && s->cand_pos == 0 && s->in_len == IN_CAP)
        s->cand = false;
    size_t from = s->cand && s->cand_pos < s->in_pos ? s->cand_pos : s->in_pos;
    if (from > 0 && from < s->in_len)
        memmove(s->in, s->in + from, s->in_len - from);
    s->in_len -= from;
    s->in_pos -= from;
    s->cand_pos = s->cand ? s->cand_pos - from : 0;
    s->scan_pos = s->scan_pos > from ? s->scan_pos - from : 0;
    if (s->in_eof || s->in_len == IN_CAP)
        return WN_OK;
    size_t room = IN_CAP - s->in_len, got = 0;
    wn_status st = read_input(s, s->in + s->in_len, room < most ? room : most, &got);
    s->in_len += got;
    return st;
}

static wn_status stream_fill(wn_stream *s) { return fill_upto(s, IN_CAP); }

/* IIPC "Zstandard Compression for WARC Files" §dictionary: a file may open with a skippable
 * frame of magic 0x184D2A5D whose data is a zstd dictionary (magic 37 A4 30 EC) or a zstd frame
 * that decompresses to one; every later frame uses it. Readers must accept dictionaries up to
 * 8 MiB (compressed and decompressed); larger ones are refused. libzstd skips the frame itself
 * once the dictionary is loaded. */
#define ZSTD_DICT_MAX ((size_t)8 << 20)
static wn_status load_zstd_dict(wn_stream *s, char *err, size_t err_cap)
{
    while (s->in_len < 8 && !s->in_eof) {
        wn_status st = stream_fill(s);
        if (st) {
            snprintf(err, err_cap, "%s", s->err);
            return st;
        }
    }
    if (s->in_len < 8) {
        snprintf(err, err_cap, "%s: offset 0: truncated zstd dictionary frame", s->path);
        return WN_ERR_TRUNCATED;
    }
    const unsigned char *m = s->in;
    size_t size = (size_t)m[4] | (size_t)m[5] << 8 | (size_t)m[6] << 16 | (size_t)m[7] << 24;
    if (size > ZSTD_DICT_MAX) {
        snprintf(err, err_cap, "%s: zstd dictionary frame of %zu bytes, over the 8 MiB the warc.zst spec requires",
                 s->path, size);
        return WN_ERR_UNSUPPORTED;
    }
    unsigned char *frame = wn_malloc(size ? size : 1);
    if (!frame)
        return WN_ERR_NOMEM;
    /* the frame data: what is buffered after the 8-byte header, then the rest from the file.
     * s->in is left as it was (libzstd will skip the frame), so only copy here */
    size_t have = 0, pos = 8;
    wn_status st = WN_OK;
    while (have < size) {
        if (pos == s->in_len) {
            if (s->in_eof) {
                st = WN_ERR_TRUNCATED;
                break;
            }
            /* the frame is larger than the input buffer: drop what we copied (keeping the
             * header offset right) so stream_fill() has room; the dropped bytes are the frame's */
            size_t keep_from = pos;
            s->in_pos = keep_from;
            if ((st = stream_fill(s)) != WN_OK)
                break;
            pos = 0;
            continue;
        }
        size_t k = s->in_len - pos;
        if (k > size - have)
            k = size - have;
        memcpy(frame + have, s->in + pos, k);
        have += k;
        pos += k;
    }
    if (st) {
        snprintf(err, err_cap, "%s: offset 0: truncated zstd dictionary frame", s->path);
        wn_free(frame);
        return st;
    }
    /* s->in_pos: skip the frame ourselves (it may have been partly consumed above) */
    s->in_pos = pos;
    const unsigned char *dict = frame;
    size_t dict_len = size;
    unsigned char *plain = NULL;
    if (size >= 4 && frame[0] == 0x28 && frame[1] == 0xB5 && frame[2] == 0x2F && frame[3] == 0xFD) {
        unsigned long long n = ZSTD_getFrameContentSize(frame, size);
        if (n == ZSTD_CONTENTSIZE_ERROR || n == ZSTD_CONTENTSIZE_UNKNOWN || n > ZSTD_DICT_MAX) {
            snprintf(err, err_cap, "%s: zstd dictionary frame: bad or too large content size", s->path);
            wn_free(frame);
            return WN_ERR_CORRUPT;
        }
        plain = wn_malloc(n ? (size_t)n : 1);
        if (!plain) {
            wn_free(frame);
            return WN_ERR_NOMEM;
        }
        size_t r = ZSTD_decompress(plain, (size_t)n, frame, size);
        if (ZSTD_isError(r)) {
            snprintf(err, err_cap, "%s: zstd dictionary frame: %s", s->path, ZSTD_getErrorName(r));
            wn_free(frame);
            wn_free(plain);
            return WN_ERR_CORRUPT;
        }
        dict = plain;
        dict_len = r;
    }
    size_t r = ZSTD_DCtx_loadDictionary(s->zd, dict, dict_len);
    wn_free(frame);
    wn_free(plain);
    if (ZSTD_isError(r)) {
        snprintf(err, err_cap, "%s: zstd dictionary: %s", s->path, ZSTD_getErrorName(r));
        return WN_ERR_CORRUPT;
    }
    return WN_OK;
}

wn_status wn_stream_open(wn_stream **out, const char *path, char *err, size_t err_cap)
{
    return wn_stream_open_ex(out, path, NULL, err, err_cap);
}

wn_status wn_stream_open_ex(wn_stream **out, const char *path, const wn_remote_opts *remote,
                            char *err, size_t err_cap)
{
    *out = NULL;
    wn_stream *s = wn_calloc(1, sizeof *s);
    if (!s)
        return WN_ERR_NOMEM;
    snprintf(s->path, sizeof s->path, "%s", path);
    s->size = -1;
    s->resumed_at = UINT64_MAX;
    if (strcmp(path, "-") == 0) {
        s->fd = 0;
    } else if (wn_is_remote(path)) {
        wn_status st = wn_remote_open(&s->remote, path, remote, &s->fd, err, err_cap);
        if (st) {
            wn_free(s);
            return st;
        }
        s->own_fd = true;
    } else {
        s->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (s->fd < 0) {
            snprintf(err, err_cap, "%s: %s", path, strerror(errno));
            wn_free(s);
            return WN_ERR_IO;
        }
        s->own_fd = true;
        struct stat stt;
        if (fstat(s->fd, &stt) == 0) {
            if (S_ISDIR(stt.st_mode)) {
                snprintf(err, err_cap, "%s: is a directory", path);
                close(s->fd);
                wn_free(s);
                return WN_ERR_IO;
            }
            if (S_ISREG(stt.st_mode))
                s->size = (int64_t)stt.st_size;
        }
    }
    s->in = wn_malloc(IN_CAP);
    if (!s->in) {
        wn_stream_close(s);
        return WN_ERR_NOMEM;
    }
    /* read until 4 bytes or EOF to decide, in a small first read: a plain file's bytes after
     * it then go from the file straight into the reader's buffer (read_decoded), not through
     * s->in and one more copy of the whole page */
    while (s->in_len < 4 && !s->in_eof) {
        wn_status st = fill_upto(s, DETECT_READ);
        if (st) {
            snprintf(err, err_cap, "%s", s->err);
            wn_stream_close(s);
            return st;
        }
    }
    const unsigned char *m = s->in;
    if (s->in_len >= 2 && m[0] == 0x1F && m[1] == 0x8B) {
        s->codec = WN_CODEC_GZIP;
        if (inflateInit2(&s->z, 15 + 16) != Z_OK) {
            snprintf(err, err_cap, "%s: cannot start gzip decoder", path);
            wn_stream_close(s);
            return WN_ERR_NOMEM;
        }
        s->z_init = true;
    } else if (s->in_len >= 4 && ((m[0] == 0x28 && m[1] == 0xB5 && m[2] == 0x2F && m[3] == 0xFD) ||
                                  ((m[0] & 0xF0) == 0x50 && m[1] == 0x2A && m[2] == 0x4D && m[3] == 0x18))) {
        s->codec = WN_CODEC_ZSTD;
        s->zd = ZSTD_createDCtx();
        if (!s->zd) {
            wn_stream_close(s);
            return WN_ERR_NOMEM;
        }
        /* IIPC warc.zst allows 8 MiB windows; plain zstd files may use up to 2 GiB, what
         * `zstd --long=31` writes (the window is only allocated when a frame asks for it) */
        ZSTD_DCtx_setParameter(s->zd, ZSTD_d_windowLogMax, 31);
        if (m[0] == 0x5D) {
            wn_status st = load_zstd_dict(s, err, err_cap);
            if (st) {
                wn_stream_close(s);
                return st;
            }
        }
    } else {
        s->codec = WN_CODEC_PLAIN;
    }
    *out = s;
    return WN_OK;
}

/* After damaged gzip data: moves the input to the next "1F 8B 08" (a member header, RFC 1952
 * §2.3.1) after the current position. false at the end of the file. */
static bool next_member(wn_stream *s)
{
    uint64_t at = s->bytes_in - (s->in_len - s->in_pos);
    /* a bad trailer leaves the input at the next member, which is then where to go on; but
     * never resume twice at the same place */
    if (at == s->resumed_at && s->in_pos < s->in_len)
        s->in_pos++;
    for (;;) {
        for (size_t i = s->in_pos; i + 3 <= s->in_len; i++)
            if (s->in[i] == 0x1F && s->in[i + 1] == 0x8B && s->in[i + 2] == 0x08) {
                s->in_pos = i;
                s->resumed_at = s->bytes_in - (s->in_len - s->in_pos);
                size_t k = strlen(s->err);
                snprintf(s->err + k, sizeof s->err - k, "; %llu bytes skipped to the next gzip member",
                         (unsigned long long)(s->bytes_in - (s->in_len - s->in_pos) - at));
                return true;
            }
        if (s->in_eof)
            return false;
        if (s->in_len - s->in_pos > 2)
            s->in_pos = s->in_len - 2;
        if (stream_fill(s) != WN_OK)
            return false;
    }
}

/* RFC 1952 §2.3.1: ID1 ID2 CM=8, and FLG with its reserved bits 5-7 zero. */
static bool member_magic(const unsigned char *p)
{
    return p[0] == 0x1F && p[1] == 0x8B && p[2] == 0x08 && (p[3] & 0xE0) == 0;
}

/* Resync mode: looks for the first member header after the current member's start in the
 * bytes about to be inflated, and holds it. A member cut short is followed by the next
 * member, whose header zlib then takes as deflate data: when that fails, the reader goes
 * back to the held candidate instead of losing the next member too. Each byte is looked at
 * once (scan_pos). */
static void scan_candidates(wn_stream *s)
{
    if (s->cand) {
        s->scan_pos = s->in_len;
        return;
    }
    size_t i = s->scan_pos > s->in_pos ? s->scan_pos : s->in_pos + 1;
    for (; i + 4 <= s->in_len; i++)
        if (member_magic(s->in + i)) {
            s->cand = true;
            s->cand_pos = i;
            break;
        }
    s->scan_pos = i;
}

/* After damaged data: the next member header, the held candidate first. */
static bool resync_member(wn_stream *s)
{
    if (s->cand) {
        s->in_pos = s->cand_pos;
        s->cand = false;
        s->scan_pos = s->in_pos + 1;
        s->resumed_at = s->bytes_in - (s->in_len - s->in_pos);
        size_t k = strlen(s->err);
        snprintf(s->err + k, sizeof s->err - k, "; reading goes on at the gzip member at offset %llu",
                 (unsigned long long)s->resumed_at);
        return true;
    }
    bool ok = next_member(s);
    s->scan_pos = s->in_pos + 1;
    return ok;
}

void wn_stream_set_resync(wn_stream *s, bool on) { s->resync = on; }
uint64_t wn_stream_gaps(const wn_stream *s) { return s->gaps; }
uint64_t wn_stream_gap_offset(const wn_stream *s) { return s->gap_out; }
uint64_t wn_stream_gap_bytes(const wn_stream *s) { return s->gap_bytes; }

/* Records a gap at the decoded offset out (what the damaged member decoded to ends there). */
static void note_gap(wn_stream *s, uint64_t out)
{
    s->gaps++;
    s->gap_out = out;
    s->gap_bytes = out - s->member_out;
    s->member_out = out;
    inflateReset(&s->z);
    s->z_member_done = false;
}

static wn_status read_gzip(wn_stream *s, unsigned char *dst, size_t cap, size_t *got)
{
    *got = 0;
    while (*got == 0) {
        if (s->in_pos == s->in_len) {
            wn_status st = stream_fill(s);
            if (st)
                return st;
            if (s->in_len == 0) {
                if (!s->z_member_done) {
                    snprintf(s->err, sizeof s->err, "%s: offset %llu: truncated gzip member",
                             s->path, (unsigned long long)s->bytes_in);
                    if (s->resync) {
                        /* the last member is cut: a gap, then the end (the cut may have been
                         * met by wn_stream_peek before resync was on) */
                        note_gap(s, s->bytes_out);
                        s->z_member_done = true;
                        return WN_OK;
                    }
                    return WN_ERR_TRUNCATED;
                }
                return WN_OK; /* clean end */
            }
        }
        if (s->z_member_done) {
            /* another member follows: skip zero padding some writers leave, then reset */
            while (s->in_pos < s->in_len && s->in[s->in_pos] == 0)
                s->in_pos++;
            if (s->in_pos == s->in_len)
                continue;
            inflateReset(&s->z);
            s->z_member_done = false;
            s->member_out = s->bytes_out + *got;
            s->cand = false;
            s->scan_pos = s->in_pos + 1;
        }
        scan_candidates(s); /* also before resync is on: wn_stream_peek reads ahead */
        s->z.next_in = s->in + s->in_pos;
        s->z.avail_in = (uInt)(s->in_len - s->in_pos);
        s->z.next_out = dst + *got;
        s->z.avail_out = (uInt)(cap - *got > UINT32_MAX ? UINT32_MAX : cap - *got);
        int r = inflate(&s->z, Z_NO_FLUSH);
        s->in_pos = s->in_len - s->z.avail_in;
        *got = cap - s->z.avail_out;
        if (r == Z_STREAM_END) {
            s->z_member_done = true;
            s->cand = false;
        } else if (r == Z_BUF_ERROR) {
            if (s->in_eof && s->in_pos == s->in_len) {
                snprintf(s->err, sizeof s->err, "%s: offset %llu: truncated gzip member",
                         s->path, (unsigned long long)s->bytes_in);
                if (s->resync) {
                    /* the member is cut: a member that follows it (taken by zlib as its
                     * data) is read again from its header; else the stream ends here */
                    note_gap(s, s->bytes_out + *got);
                    if (resync_member(s))
                        continue;
                    s->z_member_done = true;
                    break;
                }
                s->bytes_out += *got;
                return *got ? WN_OK : WN_ERR_TRUNCATED;
            }
        } else if (r != Z_OK) {
            snprintf(s->err, sizeof s->err, "%s: offset %llu: corrupt gzip data (%s)", s->path,
                     (unsigned long long)(s->bytes_in - (s->in_len - s->in_pos)),
                     s->z.msg ? s->z.msg : "inflate error");
            if (s->resync && r == Z_DATA_ERROR && resync_member(s)) {
                /* WARC 1.1 Annex D: a member per record, so the next member starts a record */
                note_gap(s, s->bytes_out + *got);
                continue;
            }
            s->bytes_out += *got;
            if (*got)
                return WN_OK; /* deliver what we have; the error comes on the next call */
            return WN_ERR_CORRUPT;
        }
    }
    s->bytes_out += *got;
    return WN_OK;
}

static wn_status read_zstd(wn_stream *s, unsigned char *dst, size_t cap, size_t *got)
{
    ZSTD_outBuffer ob = { dst, cap, 0 };
    while (ob.pos == 0) {
        if (s->in_pos == s->in_len) {
            wn_status st = stream_fill(s);
            if (st)
                return st;
            if (s->in_len == 0) {
                if (s->zstd_hint != 0) {
                    snprintf(s->err, sizeof s->err, "%s: offset %llu: truncated zstd frame",
                             s->path, (unsigned long long)s->bytes_in);
                    *got = 0;
                    return WN_ERR_TRUNCATED;
                }
                break;
            }
        }
        ZSTD_inBuffer ib = { s->in + s->in_pos, s->in_len - s->in_pos, 0 };
        size_t r = ZSTD_decompressStream(s->zd, &ob, &ib);
        s->in_pos += ib.pos;
        if (ZSTD_isError(r)) {
            ZSTD_ErrorCode code = ZSTD_getErrorCode(r);
            const char *what = code == ZSTD_error_frameParameter_windowTooLarge
                                   ? "valid zstd frame whose window is over the 2 GiB winnow decodes"
                               : code == ZSTD_error_memory_allocation ? "zstd frame: no memory for its window"
                                                                      : "corrupt zstd data";
            wn_msgf(s->err, sizeof s->err, "%s: offset %llu: %s (%s)", s->path,
                     (unsigned long long)(s->bytes_in - (s->in_len - s->in_pos)), what, ZSTD_getErrorName(r));
            *got = ob.pos;
            s->bytes_out += ob.pos;
            return ob.pos ? WN_OK : WN_ERR_CORRUPT;
        }
        s->zstd_hint = r;
    }
    *got = ob.pos;
    s->bytes_out += ob.pos;
    return WN_OK;
}

static wn_status read_decoded(wn_stream *s, void *dst, size_t cap, size_t *got);

wn_status wn_stream_read(wn_stream *s, void *dst, size_t cap, size_t *got)
{
    *got = 0;
    if (cap == 0)
        return WN_OK;
    if (s->peek_pos < s->peek_len) {
        size_t n = s->peek_len - s->peek_pos;
        if (n > cap)
            n = cap;
        memcpy(dst, s->peek + s->peek_pos, n);
        s->peek_pos += n;
        *got = n;
        return WN_OK;
    }
    return read_decoded(s, dst, cap, got);
}

wn_status wn_stream_peek(wn_stream *s, size_t n, const char **p, size_t *got)
{
    if (n > 65536)
        n = 65536;
    if (!s->peek) {
        s->peek = wn_malloc(65536);
        if (!s->peek)
            return WN_ERR_NOMEM;
    }
    if (s->peek_pos > 0) {
        memmove(s->peek, s->peek + s->peek_pos, s->peek_len - s->peek_pos);
        s->peek_len -= s->peek_pos;
        s->peek_pos = 0;
    }
    wn_status st = WN_OK;
    while (s->peek_len < n) {
        size_t g = 0;
        st = read_decoded(s, s->peek + s->peek_len, n - s->peek_len, &g);
        s->peek_len += g;
        if (st || g == 0)
            break;
    }
    *p = s->peek;
    *got = s->peek_len < n ? s->peek_len : n;
    return st;
}

static wn_status read_decoded(wn_stream *s, void *dst, size_t cap, size_t *got)
{
    if (s->codec == WN_CODEC_GZIP)
        return read_gzip(s, dst, cap, got);
    if (s->codec == WN_CODEC_ZSTD)
        return read_zstd(s, dst, cap, got);
    if (s->in_pos == s->in_len) {
        if (cap >= DIRECT_READ_MIN) {
            /* nothing buffered and a large read asked for: into dst at once, no copy */
            size_t n = 0;
            wn_status st = s->in_eof ? WN_OK : read_input(s, dst, cap, &n);
            *got = n;
            s->bytes_out += n;
            return st;
        }
        wn_status st = stream_fill(s);
        if (st)
            return st;
    }
    size_t n = s->in_len - s->in_pos;
    if (n > cap)
        n = cap;
    memcpy(dst, s->in + s->in_pos, n);
    s->in_pos += n;
    *got = n;
    s->bytes_out += n;
    return WN_OK;
}

wn_codec wn_stream_codec(const wn_stream *s) { return s->codec; }
uint64_t wn_stream_bytes_in(const wn_stream *s) { return s->bytes_in - (s->in_len - s->in_pos); }
uint64_t wn_stream_bytes_out(const wn_stream *s) { return s->bytes_out; }
int64_t wn_stream_size(const wn_stream *s) { return s->size; }
const char *wn_stream_error(const wn_stream *s) { return s->err; }

void wn_stream_close(wn_stream *s)
{
    if (!s)
        return;
    if (s->z_init)
        inflateEnd(&s->z);
    ZSTD_freeDCtx(s->zd);
    if (s->own_fd)
        close(s->fd);
    wn_remote_close(s->remote); /* after the close: a fetch blocked on a full socket ends */
    wn_free(s->in);
    wn_free(s->peek);
    wn_free(s);
}
