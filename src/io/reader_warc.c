/* reader_warc.c: WARC 1.0 / 1.1 files (plain, gzip per record or whole file, zstd) to documents.
 *
 * DESIGN: decoded bytes are read into one window buffer; a record's header and, for records we
 * keep, its whole block are made contiguous in that window and parsed in place, so a kept
 * record costs one copy (its payload into the document) and a skipped one none. The window is
 * capped at max_doc_bytes plus a slack for heads, so memory stays bounded whatever
 * Content-Length says: a larger block is streamed past and fails as too_large.
 *
 * Which records become documents: response (its HTTP payload), resource (its block) and
 * conversion (WET text) records whose payload is HTML (text/html, application/xhtml+xml) or,
 * for conversion records, text. Everything else is counted in the reader's counters.
 *
 * Defects (WARC 1.1 is strict, crawls are not): a record whose block ends early at end of file
 * fails as truncated_record; a Content-Length that does not land on the record end, junk
 * between records, an unparseable header, LF-only line ends, a bad chunked body, a content
 * coding that does not decode: each is counted as defect_* and reported with file, offset
 * (in the decompressed WARC) and record id, and the reader resynchronises at the next line
 * that starts with "WARC/". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "io/reader_impl.h"
#include "io/http.h"
#include "io/warc.h"
#include "winnow/charset.h"
#include "common/check.h"
#include "common/grow.h"
#include "common/msg.h"

#define HEAD_MAX ((size_t)64 << 10)     /* a WARC header longer than this is a defect */
#define HTTP_SLACK ((size_t)1 << 20)    /* HTTP head allowance on top of max_doc_bytes */
#define READ_CHUNK ((size_t)1 << 20)

typedef struct {
    char *buf;
    size_t cap, pos, len;
    uint64_t base;        /* decoded offset of buf[0] */
    bool eof;
    wn_status err;        /* sticky stream error */
    wn_buf tmp;           /* de-chunked payload */
    uint64_t gaps_seen;   /* wn_stream_gaps() already accounted for */
    bool hold;            /* warc_skip(): a record start seen inside a block being skipped... */
    size_t hold_at;       /* ...at buf[hold_at], kept by warc_fill() in case the block lies */
    bool cut;             /* damaged(): the damage is the end of the file (a cut member) */
    /* A damaged gzip member that no record being read can own (it held a record header, or
     * decoded to nothing): the record it held is lost, and is counted as one failed document
     * on the next warc_next, with this message, so that nothing vanishes from the counts. */
    bool lost;
    char lost_msg[1024];
} warc_state;

/* The window's cap: it holds a header and a whole block (HEAD_MAX + max_doc_bytes + HTTP_SLACK
 * and a read), or while skipping a held record start of at most max_doc_bytes + HTTP_SLACK,
 * grown by doubling; four times that is never reached by any input, and past it the stream
 * fails as too_large rather than take the machine's memory. */
#define WINDOW_MAX(max_doc) (4 * ((max_doc) + HTTP_SLACK + HEAD_MAX + READ_CHUNK))

static size_t avail(const warc_state *w) { return w->len - w->pos; }
static uint64_t offset_now(const warc_state *w) { return w->base + w->pos; }

/* Makes at least `want` bytes available in the window unless the stream ends or fails first;
 * returns what is available. */
static size_t warc_fill(wn_reader *r, warc_state *w, size_t want)
{
    /* the window: read bytes [0, len) of buf, the next unparsed at pos, a held record start
     * among them (after pos too: damaged() may move pos back to a gap before it) */
    WN_ASSERT(w->pos <= w->len && w->len <= w->cap && (!w->hold || w->hold_at <= w->len));
    while (avail(w) < want && !w->eof && !w->err) {
        size_t room_needed = want - avail(w);
        if (w->cap - w->len < room_needed || w->cap - w->len < READ_CHUNK / 4) {
            size_t from = w->hold && w->hold_at < w->pos ? w->hold_at : w->pos;
            if (from) {
                memmove(w->buf, w->buf + from, w->len - from);
                w->base += from;
                w->len -= from;
                w->pos -= from;
                w->hold_at = w->hold ? w->hold_at - from : 0;
            }
            size_t need = w->pos + want > READ_CHUNK ? w->pos + want + READ_CHUNK / 4 : READ_CHUNK;
            if (w->hold && need < 2 * w->cap)
                need = 2 * w->cap; /* held bytes grow geometrically: linear copying */
            if (w->cap < need) {
                /* the steps are chosen above (doubling while holding, else what the record
                 * needs): wn_grow from a zero capacity goes to exactly `need`, under the cap */
                size_t cap = 0;
                wn_status gs = wn_grow(&w->buf, &cap, need, 1, need, WINDOW_MAX(r->opts.max_doc_bytes));
                if (gs) {
                    w->err = gs;
                    break;
                }
                w->cap = cap;
            }
        }
        size_t got = 0;
        wn_status st = wn_stream_read(r->s, w->buf + w->len, w->cap - w->len, &got);
        WN_ASSERT(got <= w->cap - w->len);
        w->len += got;
        if (st)
            w->err = st;
        else if (got == 0)
            w->eof = true;
    }
    return avail(w);
}

/* The first record start ("WARC/1." at a line start) in buf[from, to), or SIZE_MAX. */
static size_t record_start(const warc_state *w, size_t from, size_t to)
{
    if (from > 0)
        from--; /* the line end before it may be the byte before from */
    const char *hit = to > from ? memmem(w->buf + from, to - from, "\nWARC/1.", 8) : NULL;
    return hit ? (size_t)(hit + 1 - w->buf) : SIZE_MAX;
}

/* Consumes the n bytes of a block, reading through the window; false when the stream ends
 * first. It holds the first record start inside the block in the window (w->hold), so that
 * a Content-Length that lies (the file or the next record comes first) costs only its own
 * record. The hold is given up past max_doc_bytes plus slack, which bounds memory. */
static bool warc_skip(wn_reader *r, warc_state *w, uint64_t n)
{
    w->hold = false;
    size_t hold_max = r->opts.max_doc_bytes + HTTP_SLACK;
    size_t scan_from = w->pos; /* buf index from which record starts are looked for */
    while (n) {
        if (avail(w) == 0) {
            if (w->hold && w->pos - w->hold_at > hold_max)
                w->hold = false;
            if (w->hold) {
                if (warc_fill(r, w, 1) == 0)
                    return false;
            } else {
                /* keep the last 7 bytes read, for a "\nWARC/1." across two reads */
                size_t keep = w->pos < 7 ? w->pos : 7;
                w->hold = true;
                w->hold_at = w->pos - keep;
                warc_fill(r, w, 1);
                w->hold = false;
                scan_from = w->pos - keep + 1;
                if (avail(w) == 0)
                    return false;
            }
        }
        size_t k = avail(w) < n ? avail(w) : (size_t)n;
        if (!w->hold) {
            size_t c = record_start(w, scan_from, w->pos + k);
            if (c != SIZE_MAX) {
                w->hold = true;
                w->hold_at = c;
            }
        }
        w->pos += k;
        scan_from = w->pos > 6 ? w->pos - 6 : 0; /* a match may end in the next read */
        n -= k;
    }
    return true;
}

/* Does buf[i...] end a record: CRLF CRLF, or line ends then "WARC/" or the end of the data?
 * The caller has filled the window 16 bytes past i where the file has them. */
static bool ends_record_at(const warc_state *w, size_t i, bool lf_only)
{
    const char *s = w->buf + i;
    size_t a = w->len - i;
    if ((a >= 4 && memcmp(s, "\r\n\r\n", 4) == 0) || (lf_only && a >= 2 && memcmp(s, "\n\n", 2) == 0))
        return true;
    size_t k = 0;
    while (k < a && (s[k] == '\r' || s[k] == '\n'))
        k++;
    if (k == a)
        return true;
    return a - k >= 5 && memcmp(s + k, "WARC/", 5) == 0;
}

/* A Content-Length that lies: the block as declared runs past the end of the file or into
 * the record that starts at buf[c]. The record fails (once), reading goes on at c. True when
 * d is then the failed document (a record we would have kept). */
static bool lying_length(wn_reader *r, warc_state *w, wn_doc *d, const wn_warc_header *h,
                              uint64_t off, size_t c, bool past_end, bool wanted)
{
    uint64_t at = w->base + c;
    w->pos = c;
    w->hold = false;
    wn_counter_add(&r->counters, "defect_content_length", 1);
    char msg[512];
    wn_msgf(msg, sizeof msg, "%s: offset %llu: record %s: Content-Length %llu runs past %s; "
             "the next record starts at offset %llu", r->path, (unsigned long long)off,
             h->record_id, (unsigned long long)h->content_length,
             past_end ? "the end of the file" : "the next record", (unsigned long long)at);
    if (!wanted) {
        wn_reader_warn(r, "%s", msg);
        return false;
    }
    wn_buf_reset(&d->raw);
    wn_doc_fail(d, "bad_content_length", "%s", msg);
    return true;
}

/* The stream's message without its leading "path: ", which our messages already carry. */
static const char *stream_msg(wn_reader *r, wn_status st)
{
    const char *m = wn_stream_error(r->s);
    size_t k = strlen(r->path);
    if (strncmp(m, r->path, k) == 0 && m[k] == ':' && m[k + 1] == ' ')
        m += k + 2;
    return m[0] ? m : wn_strerror(st);
}

/* A damaged gzip member whose record cannot be named: counted, and failed on the next call. */
static void member_lost(wn_reader *r, warc_state *w)
{
    wn_counter_add(&r->counters, "defect_corrupt_gzip", 1);
    if (w->lost)
        return;   /* one failed document per damaged stretch: the next record ends it */
    w->lost = true;
    wn_msgf(w->lost_msg, sizeof w->lost_msg, "%s: %s; the record that member held is lost "
            "(its id is unknown)", r->path, stream_msg(r, WN_ERR_CORRUPT));
}

/* Moves to the next line that starts with "WARC/", or to the next gzip member after damaged
 * data (a member starts a record), or to the end; returns the bytes passed. */
static uint64_t resync(wn_reader *r, warc_state *w)
{
    uint64_t skipped = 0;
    for (;;) {
        if (warc_fill(r, w, 6) < 6) {
            skipped += avail(w);
            w->pos = w->len;
            return skipped;
        }
        const char *s = w->buf + w->pos;
        size_t lim = avail(w);
        bool gap = false;
        if (wn_stream_gaps(r->s) != w->gaps_seen) {
            uint64_t at = wn_stream_gap_offset(r->s);
            if (at > offset_now(w) && at - offset_now(w) <= lim) {
                lim = (size_t)(at - offset_now(w));
                gap = true;
            }
        }
        const char *hit = lim > 1 ? memmem(s + 1, lim - 1, "\nWARC/", 6) : NULL;
        if (hit) {
            size_t k = (size_t)(hit + 1 - s);
            skipped += k;
            w->pos += k;
            return skipped;
        }
        if (gap) {
            skipped += lim;
            w->pos += lim;
            w->gaps_seen = wn_stream_gaps(r->s);
            member_lost(r, w);
            return skipped;
        }
        size_t k = avail(w) - 5; /* keep a possible partial "\nWARC" */
        skipped += k;
        w->pos += k;
        if (w->eof || w->err) {
            skipped += avail(w);
            w->pos = w->len;
            return skipped;
        }
        warc_fill(r, w, avail(w) + 4096);
    }
}


/* True when the gzip stream skipped damaged data that had decoded into [off, end), the span of
 * the record at off: that record is damaged. The window is then put back at the gap, which is
 * the start of the next member and so of the next record, when it is still in the window. A
 * damaged member that decoded to nothing is reported as lost data of unknown record. */
static bool damaged(wn_reader *r, warc_state *w, uint64_t off, uint64_t end)
{
    uint64_t g = wn_stream_gaps(r->s);
    if (g == w->gaps_seen)
        return false;
    uint64_t at = wn_stream_gap_offset(r->s), lo = at - wn_stream_gap_bytes(r->s);
    if (lo >= end && at > lo)
        return false; /* ahead of this record: a later one will see it */
    w->gaps_seen = g;
    if (at == lo || at <= off) {
        member_lost(r, w);
        return false;
    }
    if (at >= w->base && at <= w->base + w->len)
        w->pos = (size_t)(at - w->base);
    /* nothing after the gap: the file was cut inside this record's member */
    w->cut = offset_now(w) == at && warc_fill(r, w, 1) == 0 && w->eof;
    wn_counter_add(&r->counters, w->cut ? "defect_truncated_record" : "defect_corrupt_gzip", 1);
    return true;
}

/* ---- checks after a block ------------------------------------------------------------------ */

static bool record_end_defect(wn_reader *r, const wn_warc_header *h, uint64_t off)
{
    wn_counter_add(&r->counters, "defect_record_end", 1);
    wn_reader_warn(r, "%s: offset %llu: record %s: record does not end with CRLF CRLF",
                   r->path, (unsigned long long)off, h->record_id);
    return true;
}

/* WARC 1.1 §4: a record ends with its block and two CRLFs. Returns false when the bytes after
 * the block are not a record end (Content-Length is wrong): the reader has then skipped to the
 * next record and *skipped says how far. */
static bool record_end(wn_reader *r, warc_state *w, const wn_warc_header *h, uint64_t off, uint64_t *skipped)
{
    *skipped = 0;
    warc_fill(r, w, 4);
    const char *s = w->buf + w->pos;
    size_t a = avail(w);
    if (a >= 4 && memcmp(s, "\r\n\r\n", 4) == 0) {
        w->pos += 4;
        return true;
    }
    if (a >= 2 && memcmp(s, "\n\n", 2) == 0 && h->lf_only) {
        w->pos += 2;
        return true;
    }
    size_t k = 0;
    while (k < a && (s[k] == '\r' || s[k] == '\n'))
        k++;
    w->pos += k;
    warc_fill(r, w, 5);
    if (avail(w) == 0 || (avail(w) >= 5 && memcmp(w->buf + w->pos, "WARC/", 5) == 0)) {
        if (!h->lf_only || k != 2)
            record_end_defect(r, h, off);
        return true;
    }
    *skipped = resync(r, w) + k;
    wn_counter_add(&r->counters, "defect_content_length", 1);
    return false;
}

/* ---- payloads ------------------------------------------------------------------------------- */


static void set_common(wn_doc *d, const wn_warc_header *h, uint64_t head_len)
{
    wn_buf_set(&d->id, h->record_id, strlen(h->record_id));
    wn_buf_set(&d->url, h->target_uri.ptr ? h->target_uri.ptr : "", h->target_uri.len);
    wn_doc_meta_set_str(d, "warc_record_id", h->record_id, strlen(h->record_id));
    if (h->date.len)
        wn_doc_meta_set_str(d, "date", h->date.ptr, h->date.len);
    d->bytes_in = head_len + h->content_length;
}

/* A response, resource or conversion block in memory -> the document, or skip it. */
static wn_payload_result take_block(wn_reader *r, warc_state *w, wn_doc *d, const wn_warc_header *h,
                                 const char *block, size_t n, uint64_t off)
{
    const char *id = h->record_id;
    if (h->type == WN_WARC_CONVERSION) {
        /* WET: the block is the extracted text (text/plain) */
        if (h->content_type.len && !wn_media_is(h->content_type, "text/plain")) {
            wn_counter_add(&r->counters, "skipped_non_html", 1);
            return WN_PAYLOAD_SKIP;
        }
        if (n == 0) {
            wn_counter_add(&r->counters, "skipped_empty_payload", 1);
            return WN_PAYLOAD_SKIP;
        }
        d->kind = WN_KIND_TEXT;
        wn_buf_set(&d->content_type, h->content_type.ptr ? h->content_type.ptr : "", h->content_type.len);
        if (h->content_type.len)
            wn_doc_meta_set_str(d, "content_type", h->content_type.ptr, h->content_type.len);
        if (wn_buf_set(&d->raw, block, n))
            wn_doc_fail(d, "too_large", "%s: offset %llu: record %s: %zu bytes, over the limit",
                        r->path, (unsigned long long)off, id, n);
        return WN_PAYLOAD_DOC;
    }

    bool http = h->type == WN_WARC_RESPONSE && wn_media_is(h->content_type, "application/http");
    return wn_reader_http_payload(r, &w->tmp, d, block, n, http, h->content_type, h->payload_type, off, id);
}

/* ---- the reader ------------------------------------------------------------------------------ */

static bool warc_sniff(const char *p, size_t n)
{
    return n >= 5 && memcmp(p, "WARC/", 5) == 0;
}

static wn_status warc_open(wn_reader *r)
{
    warc_state *w = wn_calloc(1, sizeof *w);
    if (!w)
        return WN_ERR_NOMEM;
    r->impl = w;
    wn_buf_init(&w->tmp, r->opts.max_doc_bytes);
    if (wn_stream_codec(r->s) == WN_CODEC_GZIP)
        wn_stream_set_resync(r->s, true);
    return WN_OK;
}

static const char *type_counter(wn_warc_type t)
{
    switch (t) {
    case WN_WARC_WARCINFO: return "skipped_warcinfo";
    case WN_WARC_REQUEST: return "skipped_request";
    case WN_WARC_METADATA: return "skipped_metadata";
    case WN_WARC_REVISIT: return "skipped_revisit";
    case WN_WARC_CONTINUATION: return "skipped_continuation";
    default: return "skipped_other_type";
    }
}

static wn_status warc_next(wn_reader *r, wn_doc *d)
{
    warc_state *w = r->impl;
    wn_warc_header h;
    for (;;) {
        if (w->lost) {
            w->lost = false;
            wn_doc_fail(d, "corrupt_record", "%s", w->lost_msg);
            wn_status st = wn_reader_stamp(r, d);
            /* no id of its own: the input and the record's place, as for files */
            return st ? st : wn_buf_printf(&d->id, "%s/%llu", r->path, (unsigned long long)d->record_index);
        }
        /* blank lines between records are tolerated silently */
        while (warc_fill(r, w, 1) && (w->buf[w->pos] == '\r' || w->buf[w->pos] == '\n'))
            w->pos++;
        if (avail(w) == 0) {
            if (w->err) {
                wn_msgf(r->err, sizeof r->err, "%s: %s", r->path, stream_msg(r, w->err));
                return w->err;
            }
            return WN_END;
        }
        uint64_t off = offset_now(w);
        warc_fill(r, w, 5);
        if (avail(w) < 5 || memcmp(w->buf + w->pos, "WARC/", 5) != 0) {
            uint64_t k = resync(r, w);
            wn_counter_add(&r->counters, "defect_junk", 1);
            wn_reader_warn(r, "%s: offset %llu: %llu bytes that are not a WARC record skipped",
                           r->path, (unsigned long long)off, (unsigned long long)k);
            continue;
        }
        /* the header: up to the first empty line */
        size_t head_len = 0;
        wn_status st;
        for (size_t want = 4096;; want *= 2) {
            if (want > HEAD_MAX)
                want = HEAD_MAX;
            warc_fill(r, w, want);
            st = wn_warc_parse_header(w->buf + w->pos, avail(w) < HEAD_MAX ? avail(w) : HEAD_MAX, &h, &head_len);
            if (st != WN_ERR_TRUNCATED || avail(w) >= HEAD_MAX || w->eof || w->err)
                break;
        }
        if (st == WN_ERR_TRUNCATED && avail(w) < HEAD_MAX) {
            /* the file ends inside a header */
            wn_counter_add(&r->counters, "defect_truncated_record", 1);
            if (w->err) {
                wn_msgf(r->err, sizeof r->err, "%s: offset %llu: record %s: %s", r->path,
                         (unsigned long long)off, h.record_id, stream_msg(r, w->err));
                return w->err;
            }
            /* a gzip member cut inside the header says so */
            const char *why = wn_stream_gaps(r->s) != w->gaps_seen ? stream_msg(r, WN_ERR_TRUNCATED) : "";
            w->gaps_seen = wn_stream_gaps(r->s);
            w->pos = w->len;
            if (h.type == WN_WARC_RESPONSE || h.type == WN_WARC_RESOURCE || h.type == WN_WARC_CONVERSION) {
                /* a record we would have read: failed, so that it is counted */
                wn_buf_set(&d->id, h.record_id, strlen(h.record_id));
                wn_doc_fail(d, "truncated_record", "%s: offset %llu: record %s: file ends inside the WARC header%s%s",
                            r->path, (unsigned long long)off, h.record_id, why[0] ? ": " : "", why);
                return wn_reader_stamp(r, d);
            }
            wn_reader_warn(r, "%s: offset %llu: record %s: file ends inside the WARC header%s%s",
                           r->path, (unsigned long long)off, h.record_id, why[0] ? ": " : "", why);
            return WN_END;
        }
        if (st) {
            w->pos++;
            uint64_t k = resync(r, w) + 1;
            wn_counter_add(&r->counters, "defect_warc_header", 1);
            wn_reader_warn(r, "%s: offset %llu: record %s: %s; %llu bytes skipped to the next record",
                           r->path, (unsigned long long)off, h.record_id,
                           st == WN_ERR_TRUNCATED ? "WARC header too long" : h.error,
                           (unsigned long long)k);
            continue;
        }
        wn_counter_add(&r->counters, "warc_records", 1);
        if (h.lf_only) {
            wn_counter_add(&r->counters, "defect_lf_line_ends", 1);
            wn_reader_warn(r, "%s: offset %llu: record %s: WARC header lines end with LF, not CRLF",
                           r->path, (unsigned long long)off, h.record_id);
        }
        uint64_t clen = h.content_length;
        bool wanted = h.type == WN_WARC_RESPONSE || h.type == WN_WARC_RESOURCE || h.type == WN_WARC_CONVERSION;
        uint64_t skipped = 0;
        /* h's slices point into the window: anything that reads more (warc_fill, warc_skip) may move it,
         * so they are used before that, or the header is parsed again after */
        if (!wanted || clen > r->opts.max_doc_bytes + HTTP_SLACK) {
            if (wanted)
                set_common(d, &h, head_len);
            w->pos += head_len;
            uint64_t block_at = offset_now(w);
            bool whole = warc_skip(r, w, clen);
            if (!whole && w->err) {
                wn_counter_add(&r->counters, "defect_truncated_record", 1);
                wn_msgf(r->err, sizeof r->err, "%s: offset %llu: record %s: %s", r->path,
                         (unsigned long long)off, h.record_id, stream_msg(r, w->err));
                return w->err;
            }
            if (damaged(r, w, off, off + head_len + clen + 4)) {
                w->hold = false;
                wn_reader_warn(r, "%s: offset %llu: record %s: %s", r->path, (unsigned long long)off,
                               h.record_id, stream_msg(r, WN_ERR_CORRUPT));
                if (wanted) {
                    wn_doc_fail(d, w->cut ? "truncated_record" : "corrupt_record", "%s: offset %llu: record %s: %s",
                                r->path, (unsigned long long)off, h.record_id, stream_msg(r, WN_ERR_CORRUPT));
                    return wn_reader_stamp(r, d);
                }
                continue;
            }
            if (w->hold && (!whole || (warc_fill(r, w, 16), !ends_record_at(w, w->pos, h.lf_only)))) {
                if (lying_length(r, w, d, &h, off, w->hold_at, !whole, wanted))
                    return wn_reader_stamp(r, d);
                continue;
            }
            w->hold = false;
            if (!whole) {
                wn_counter_add(&r->counters, "defect_truncated_record", 1);
                if (!wanted) {
                    wn_reader_warn(r, "%s: offset %llu: record %s: file ends inside the record (Content-Length %llu)",
                                   r->path, (unsigned long long)off, h.record_id, (unsigned long long)clen);
                    return WN_END;
                }
                wn_doc_fail(d, "truncated_record", "%s: offset %llu: record %s: file ends after %llu of %llu block bytes",
                            r->path, (unsigned long long)off, h.record_id,
                            (unsigned long long)(offset_now(w) - block_at), (unsigned long long)clen);
                return wn_reader_stamp(r, d);
            }
            if (!wanted) {
                wn_counter_add(&r->counters, type_counter(h.type), 1);
                if (!record_end(r, w, &h, off, &skipped))
                    wn_reader_warn(r, "%s: offset %llu: record %s: Content-Length %llu does not end the record; %llu bytes skipped to the next record",
                                   r->path, (unsigned long long)off, h.record_id, (unsigned long long)clen,
                                   (unsigned long long)skipped);
                continue;
            }
            /* too large: fail it without holding it */
            wn_doc_fail(d, "too_large", "%s: offset %llu: record %s: block of %llu bytes, over the %zu byte limit",
                        r->path, (unsigned long long)off, h.record_id, (unsigned long long)clen, r->opts.max_doc_bytes);
            if (avail(w) || !w->eof)
                record_end(r, w, &h, off, &skipped);
            return wn_reader_stamp(r, d);
        }
        /* header and block contiguous in the window, then the header parsed again in place */
        size_t n = warc_fill(r, w, head_len + (size_t)clen + 16);
        wn_warc_parse_header(w->buf + w->pos, head_len, &h, &head_len);
        if (damaged(r, w, off, off + head_len + clen + 4)) {
            set_common(d, &h, head_len);
            wn_doc_fail(d, w->cut ? "truncated_record" : "corrupt_record", "%s: offset %llu: record %s: %s", r->path,
                        (unsigned long long)off, h.record_id, stream_msg(r, WN_ERR_CORRUPT));
            return wn_reader_stamp(r, d);
        }
        w->pos += head_len;
        n = n < head_len ? 0 : n - head_len;
        if (n > clen)
            n = (size_t)clen;
        if (!w->err && n < clen) {
            /* the file ends first: a record start after the header means the length lies */
            size_t c = record_start(w, w->pos, w->len);
            if (c != SIZE_MAX) {
                set_common(d, &h, head_len);
                if (lying_length(r, w, d, &h, off, c, true, true))
                    return wn_reader_stamp(r, d);
            }
        } else if (n == clen && !ends_record_at(w, w->pos + (size_t)clen, h.lf_only)) {
            /* not a record end: a record start inside the block means the length lies */
            size_t c = record_start(w, w->pos, w->pos + (size_t)clen);
            if (c != SIZE_MAX) {
                set_common(d, &h, head_len);
                if (lying_length(r, w, d, &h, off, c, false, true))
                    return wn_reader_stamp(r, d);
            }
        }
        if (n < clen) {
            wn_counter_add(&r->counters, "defect_truncated_record", 1);
            if (w->err) {
                wn_msgf(r->err, sizeof r->err, "%s: offset %llu: record %s: %s", r->path,
                         (unsigned long long)off, h.record_id, stream_msg(r, w->err));
                return w->err;
            }
            set_common(d, &h, head_len);
            wn_doc_fail(d, "truncated_record", "%s: offset %llu: record %s: file ends after %zu of %llu block bytes",
                        r->path, (unsigned long long)off, h.record_id, n, (unsigned long long)clen);
            w->pos = w->len;
            return wn_reader_stamp(r, d);
        }
        const char *block = w->buf + w->pos;
        set_common(d, &h, head_len);
        if (h.truncated.len)
            wn_doc_meta_set_str(d, "warc_truncated", h.truncated.ptr, h.truncated.len);
        wn_payload_result pr = take_block(r, w, d, &h, block, (size_t)clen, off);
        w->pos += (size_t)clen;
        /* a wrong Content-Length: the block as declared is kept (it is often whole, the length
         * being off by a few bytes), and the defect reported */
        if (!record_end(r, w, &h, off, &skipped))
            wn_reader_warn(r, "%s: offset %llu: record %s: Content-Length %llu does not end the record; %llu bytes skipped to the next record",
                           r->path, (unsigned long long)off, h.record_id, (unsigned long long)clen,
                           (unsigned long long)skipped);
        if (pr == WN_PAYLOAD_SKIP) {
            wn_doc_reset(d);
            continue;
        }
        return wn_reader_stamp(r, d);
    }
}

static void warc_close(wn_reader *r)
{
    warc_state *w = r->impl;
    if (!w)
        return;
    wn_free(w->buf);
    wn_buf_free(&w->tmp);
    wn_free(w);
}

const wn_reader_vt wn_reader_warc_vt = { "warc", warc_sniff, warc_open, warc_next, warc_close };
