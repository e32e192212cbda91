/* reader_arc.c: Internet Archive ARC files (v1 and v2; plain, or gzip with one member per
 * record as the Wayback Machine stores them) to documents.
 *
 * An ARC file is a version block (the first record: a "filedesc://" header line whose block
 * holds the version and the list of header fields), then per record one header line
 *   URL IP-address Archive-date Content-type [v2: Result-code Checksum Location Offset Filename] Archive-length
 * a newline, Archive-length bytes (the HTTP response as received), and a newline.
 *
 * The response goes through the same code as a WARC response record (reader_http.c), so a page
 * gives the same document whichever of the two files it came from; "date" is written in the
 * WARC-Date form (2024-01-01T00:00:00Z) for the same reason.
 *
 * Defects: a header line that does not parse fails as bad_arc_header; a length that runs past
 * the file, or whose block is not followed by a newline and then the end or a header line,
 * fails as bad_arc_length; damaged gzip data inside a record fails it as corrupt_record (or
 * truncated_record at the end of the file). Each is one failed document with the offset (in the
 * decompressed file), and reading goes on at the next line that parses as a header line (or
 * the next gzip member after damaged data). Memory is bounded: the window holds one header
 * line and one block of at most max_doc_bytes plus a slack for the HTTP head; a larger block
 * is read past and fails as too_large. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "io/reader_impl.h"
#include "common/check.h"
#include "common/msg.h"

#define LINE_MAX_ARC ((size_t)8192)      /* a header line longer than this is not one */
#define HTTP_SLACK ((size_t)1 << 20)     /* HTTP head allowance on top of max_doc_bytes */
#define READ_CHUNK ((size_t)1 << 20)
#define V1_FIELDS 5

typedef struct {
    char *buf;
    size_t cap, pos, len;
    uint64_t base;        /* decoded offset of buf[0] */
    bool eof;
    wn_status err;        /* sticky stream error */
    wn_buf tmp;           /* de-chunked payload */
    uint64_t gaps_seen;   /* wn_stream_gaps() already accounted for */
    unsigned nfields;     /* fields of a header line: from the version block, else v1's 5 */
} arc_state;

typedef struct {
    wn_slice url, ip, date, type;
    uint64_t length;
} arc_head;

static size_t arc_avail(const arc_state *a) { return a->len - a->pos; }
static uint64_t arc_offset_now(const arc_state *a) { return a->base + a->pos; }

/* Makes at least `want` bytes available unless the stream ends or fails first. */
static size_t arc_fill(wn_reader *r, arc_state *a, size_t want)
{
    WN_ASSERT(a->pos <= a->len && a->len <= a->cap);
    while (arc_avail(a) < want && !a->eof && !a->err) {
        if (a->cap - a->len < want - arc_avail(a) || a->cap - a->len < READ_CHUNK / 4) {
            /* the unread bytes move to the front only once half the window has been read:
             * what moves is then at most what was read since the last move, so the copying
             * stays linear in the input even when every record asks for a large block */
            if (a->pos && a->pos >= a->cap / 2) {
                memmove(a->buf, a->buf + a->pos, a->len - a->pos);
                a->base += a->pos;
                a->len -= a->pos;
                a->pos = 0;
            }
            /* else the window grows, by half at least (copies amortised); as pos < cap / 2
             * then, it stays under 3 * (the largest want + READ_CHUNK): bounded by the limit */
            size_t need = a->pos + want + READ_CHUNK;
            if (a->cap < need) {
                if (need < a->cap + a->cap / 2)
                    need = a->cap + a->cap / 2;
                char *nb = wn_realloc(a->buf, need);
                if (!nb) {
                    a->err = WN_ERR_NOMEM;
                    break;
                }
                a->buf = nb;
                a->cap = need;
            }
        }
        size_t got = 0;
        wn_status st = wn_stream_read(r->s, a->buf + a->len, a->cap - a->len, &got);
        a->len += got;
        if (st)
            a->err = st;
        else if (got == 0)
            a->eof = true;
    }
    return arc_avail(a);
}

static bool all_digits(wn_slice s)
{
    for (size_t i = 0; i < s.len; i++)
        if (s.ptr[i] < '0' || s.ptr[i] > '9')
            return false;
    return s.len > 0;
}

/* Parses the header line p[0, n) (no line end). The fields are taken from the right, so that a
 * URL with a space in it (older crawlers wrote them unescaped) stays one URL. */
static bool arc_parse_head(const char *p, size_t n, unsigned nfields, arc_head *h)
{
    if (n && p[n - 1] == '\r')
        n--;
    if (n == 0 || nfields < V1_FIELDS || nfields > 16)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)p[i] < 0x20)
            return false;
    wn_slice f[16];
    size_t k = 0, end = n;
    /* fields nfields-1 .. 1 from the right, each one space-separated token */
    while (k < nfields - 1) {
        size_t b = end;
        while (b > 0 && p[b - 1] != ' ')
            b--;
        if (b == 0 || b == end)
            return false;
        f[nfields - 1 - k] = (wn_slice){ p + b, end - b };
        k++;
        end = b - 1;
    }
    if (end == 0)
        return false;
    f[0] = (wn_slice){ p, end };
    h->url = f[0];
    h->ip = f[1];
    h->date = f[2];
    h->type = f[3];
    wn_slice len = f[nfields - 1];
    if (!all_digits(len) || len.len > 15 || !all_digits(h->date) || h->date.len != 14 ||
        memchr(h->url.ptr, ':', h->url.len) == NULL)
        return false;
    h->length = strtoull(len.ptr, NULL, 10);
    return true;
}

/* The line at buf[i]: its length without the '\n' in *n; false when no '\n' comes within
 * LINE_MAX_ARC bytes of the window (the caller filled it). At the end of the data the line
 * ends there. */
static bool line_at(const arc_state *a, size_t i, size_t *n, bool *has_nl)
{
    size_t lim = a->len - i < LINE_MAX_ARC ? a->len - i : LINE_MAX_ARC;
    const char *nl = memchr(a->buf + i, '\n', lim);
    *has_nl = nl != NULL;
    if (nl) {
        *n = (size_t)(nl - (a->buf + i));
        return true;
    }
    *n = lim;
    return a->eof && lim == a->len - i;
}

static bool head_at(wn_reader *r, arc_state *a, size_t i, arc_head *h)
{
    size_t n;
    bool nl;
    return line_at(a, i, &n, &nl) && arc_parse_head(a->buf + i, n, a->nfields, h);
}

/* Moves to the next line that parses as a header line, or to the next gzip member after damaged
 * data (a member starts a record), or to the end; returns the bytes passed. */
static uint64_t arc_resync(wn_reader *r, arc_state *a)
{
    uint64_t from = arc_offset_now(a);
    for (;;) {
        /* past the current line */
        for (;;) {
            arc_fill(r, a, 1);
            if (arc_avail(a) == 0)
                return arc_offset_now(a) - from;
            const char *nl = memchr(a->buf + a->pos, '\n', arc_avail(a));
            size_t k = nl ? (size_t)(nl - (a->buf + a->pos)) + 1 : arc_avail(a);
            if (wn_stream_gaps(r->s) != a->gaps_seen) {
                uint64_t g = wn_stream_gap_offset(r->s);
                if (g > arc_offset_now(a) && g <= arc_offset_now(a) + k) {
                    a->pos += (size_t)(g - arc_offset_now(a));
                    a->gaps_seen = wn_stream_gaps(r->s);
                    wn_counter_add(&r->counters, "defect_corrupt_gzip", 1);
                    return arc_offset_now(a) - from;
                }
            }
            a->pos += k;
            if (nl)
                break;
        }
        arc_head h;
        arc_fill(r, a, LINE_MAX_ARC);
        if (arc_avail(a) && head_at(r, a, a->pos, &h))
            return arc_offset_now(a) - from;
    }
}

/* Is there a header line starting inside buf[from, to)? (a length that lies over it) */
static bool head_inside(wn_reader *r, arc_state *a, size_t from, size_t to)
{
    arc_head h;
    for (const char *p = a->buf + from; p < a->buf + to;) {
        const char *nl = memchr(p, '\n', (size_t)(a->buf + to - p));
        if (!nl || nl + 1 >= a->buf + to)
            return false;
        p = nl + 1;
        if (head_at(r, a, (size_t)(p - a->buf), &h))
            return true;
    }
    return false;
}

/* Does the block buf[b, e) end a record: a newline after it, then (blank lines aside) the end
 * of the data or a header line? When what follows is not a header line (a damaged one, which
 * the next call reports), the length is still believed unless a header line starts inside the
 * block. The window is filled LINE_MAX_ARC bytes past e where the file has them. */
static bool arc_ends_record_at(wn_reader *r, arc_state *a, size_t b, size_t e)
{
    if (e == a->len)
        return a->eof; /* the last record without its final newline: tolerated */
    if (a->buf[e] != '\n')
        return false;
    size_t i = e;
    while (i < a->len && (a->buf[i] == '\n' || a->buf[i] == '\r'))
        i++;
    arc_head h;
    if ((i == a->len && a->eof) || (i < a->len && head_at(r, a, i, &h)))
        return true;
    return !head_inside(r, a, b, e);
}

/* 14 digits YYYYMMDDhhmmss -> "YYYY-MM-DDThh:mm:ssZ", the form of WARC-Date. */
static void warc_date(wn_slice d, char out[21])
{
    const char *s = d.ptr;
    snprintf(out, 21, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", s, s + 4, s + 6, s + 8, s + 10, s + 12);
}

/* The version block: its second line lists the header fields ("URL IP-address Archive-date
 * Content-type Archive-length" in v1, ten names in v2). */
static void read_version_block(arc_state *a, const char *p, size_t n)
{
    const char *l2 = memchr(p, '\n', n);
    if (!l2)
        return;
    l2++;
    const char *e = memchr(l2, '\n', n - (size_t)(l2 - p));
    size_t len = e ? (size_t)(e - l2) : n - (size_t)(l2 - p);
    unsigned k = 0;
    bool in = false;
    for (size_t i = 0; i < len; i++) {
        bool sp = l2[i] == ' ' || l2[i] == '\r';
        if (!sp && !in)
            k++;
        in = !sp;
    }
    if (k >= V1_FIELDS && k <= 16)
        a->nfields = k;
}

static bool arc_sniff(const char *p, size_t n)
{
    return n >= 11 && memcmp(p, "filedesc://", 11) == 0;
}

static wn_status arc_open(wn_reader *r)
{
    arc_state *a = wn_calloc(1, sizeof *a);
    if (!a)
        return WN_ERR_NOMEM;
    r->impl = a;
    a->nfields = V1_FIELDS;
    wn_buf_init(&a->tmp, r->opts.max_doc_bytes);
    if (wn_stream_codec(r->s) == WN_CODEC_GZIP)
        wn_stream_set_resync(r->s, true);
    return WN_OK;
}

/* The stream's message without its leading "path: ", which our messages already carry. */
static const char *arc_stream_msg(wn_reader *r)
{
    const char *m = wn_stream_error(r->s);
    size_t k = strlen(r->path);
    if (strncmp(m, r->path, k) == 0 && m[k] == ':' && m[k + 1] == ' ')
        m += k + 2;
    return m;
}

/* A failed document for the record at `off`, named by its place (it has no id of its own). */
static wn_status fail_at(wn_reader *r, wn_doc *d, const char *reason, const char *fmt, const char *what)
{
    wn_doc_fail(d, reason, fmt, what);
    wn_status st = wn_reader_stamp(r, d);
    return st ? st : wn_buf_printf(&d->id, "%s/%llu", r->path, (unsigned long long)d->record_index);
}

/* Damaged gzip data that decoded into this record's span (off, end]: the reader goes on at
 * the gap (the next member) and *cut says whether the file ends there. */
static bool arc_damaged(wn_reader *r, arc_state *a, uint64_t off, uint64_t end, bool *cut)
{
    if (wn_stream_gaps(r->s) == a->gaps_seen)
        return false;
    uint64_t at = wn_stream_gap_offset(r->s), lo = at - wn_stream_gap_bytes(r->s);
    if (lo >= end || at <= off)
        return false; /* another record's: it sees it */
    a->gaps_seen = wn_stream_gaps(r->s);
    if (at >= a->base && at <= a->base + a->len)
        a->pos = (size_t)(at - a->base);
    *cut = arc_offset_now(a) == at && arc_fill(r, a, 1) == 0 && a->eof;
    wn_counter_add(&r->counters, *cut ? "defect_truncated_record" : "defect_corrupt_gzip", 1);
    return true;
}

static wn_status arc_next(wn_reader *r, wn_doc *d)
{
    arc_state *a = r->impl;
    char msg[1024];
    for (;;) {
        while (arc_fill(r, a, 1) && (a->buf[a->pos] == '\n' || a->buf[a->pos] == '\r'))
            a->pos++;
        if (arc_avail(a) == 0) {
            if (a->err) {
                const char *m = wn_stream_error(r->s);
                wn_msgf(r->err, sizeof r->err, "%s", m[0] ? m : wn_strerror(a->err));
                return a->err;
            }
            return WN_END;
        }
        uint64_t off = arc_offset_now(a);
        arc_fill(r, a, LINE_MAX_ARC);
        if (wn_stream_gaps(r->s) != a->gaps_seen && wn_stream_gap_offset(r->s) <= off) {
            /* damaged gzip data before this record that no record owned */
            a->gaps_seen = wn_stream_gaps(r->s);
            wn_counter_add(&r->counters, "defect_corrupt_gzip", 1);
            if (wn_stream_gap_bytes(r->s) == 0) {
                /* a member that decoded to nothing: the record it held is lost, and counted */
                wn_msgf(msg, sizeof msg, "%s: offset %llu: %s; the record that member held is lost",
                        r->path, (unsigned long long)off, arc_stream_msg(r));
                return fail_at(r, d, "corrupt_record", "%s", msg);
            }
        }
        arc_head h;
        size_t ln;
        bool has_nl;
        if (!line_at(a, a->pos, &ln, &has_nl) || !arc_parse_head(a->buf + a->pos, ln, a->nfields, &h)) {
            /* a header line that does not parse: this record is lost, the next is found */
            uint64_t k = arc_resync(r, a);
            wn_counter_add(&r->counters, "defect_arc_header", 1);
            wn_msgf(msg, sizeof msg, "%s: offset %llu: not an ARC header line; %llu bytes skipped "
                    "to the next record", r->path, (unsigned long long)off, (unsigned long long)k);
            return fail_at(r, d, "bad_arc_header", "%s", msg);
        }
        size_t hl = ln + (has_nl ? 1 : 0);
        char url[512];
        wn_msgf(url, sizeof url, "%.*s", (int)(h.url.len < 400 ? h.url.len : 400), h.url.ptr);
        bool version = off == 0 && h.url.len >= 11 && memcmp(h.url.ptr, "filedesc://", 11) == 0;
        if (h.length > r->opts.max_doc_bytes + HTTP_SLACK) {
            /* too large to hold: read past it (h points into the window: used before reading) */
            wn_buf_set(&d->url, h.url.ptr, h.url.len);
            a->pos += hl;
            uint64_t left = h.length;
            while (left && arc_fill(r, a, 1)) {
                size_t k = arc_avail(a) < left ? arc_avail(a) : (size_t)left;
                a->pos += k;
                left -= k;
            }
            wn_msgf(msg, sizeof msg, "%s: offset %llu: record %s: %llu bytes, over the %zu byte limit",
                    r->path, (unsigned long long)off, url, (unsigned long long)h.length, r->opts.max_doc_bytes);
            d->bytes_in = hl + h.length;
            return fail_at(r, d, "too_large", "%s", msg);
        }
        size_t blen = (size_t)h.length;
        arc_fill(r, a, hl + blen + 1 + LINE_MAX_ARC);
        /* the fill may have moved the window: h's slices are taken again from the same line,
         * and the url copied before anything else reads */
        arc_parse_head(a->buf + a->pos, ln, a->nfields, &h);
        wn_buf_set(&d->url, h.url.ptr, h.url.len);
        bool cut = false;
        if (arc_damaged(r, a, off, off + hl + blen + 1, &cut)) {
            wn_msgf(msg, sizeof msg, "%s: offset %llu: record %s: %s", r->path, (unsigned long long)off,
                    url, arc_stream_msg(r));
            return fail_at(r, d, cut ? "truncated_record" : "corrupt_record", "%s", msg);
        }
        if (arc_avail(a) < hl + blen || !arc_ends_record_at(r, a, a->pos + hl, a->pos + hl + blen)) {
            bool past = arc_avail(a) < hl + blen;
            if (a->err && past) {
                const char *m = wn_stream_error(r->s);
                wn_msgf(r->err, sizeof r->err, "%s", m[0] ? m : wn_strerror(a->err));
                return a->err;
            }
            a->pos += hl - (has_nl ? 1 : 0);
            uint64_t k = arc_resync(r, a);
            wn_counter_add(&r->counters, "defect_arc_length", 1);
            wn_msgf(msg, sizeof msg, "%s: offset %llu: record %s: Archive-length %llu %s; %llu bytes "
                    "skipped to the next record", r->path, (unsigned long long)off, url,
                    (unsigned long long)h.length,
                    past ? "runs past the end of the file" : "does not end at a newline and the next header line",
                    (unsigned long long)(k + hl));
            return fail_at(r, d, "bad_arc_length", "%s", msg);
        }
        const char *block = a->buf + a->pos + hl;
        if (version) {
            read_version_block(a, block, blen);
            wn_counter_add(&r->counters, "arc_version_block", 1);
            wn_buf_reset(&d->url);
            a->pos += hl + blen;
            continue;
        }
        wn_counter_add(&r->counters, "arc_records", 1);
        char date[21];
        warc_date(h.date, date);
        wn_doc_meta_set_str(d, "date", date, 20);
        d->bytes_in = hl + blen + 1;
        bool http = blen >= 5 && memcmp(block, "HTTP/", 5) == 0;
        wn_payload_result pr = wn_reader_http_payload(r, &a->tmp, d, block, blen, http, h.type,
                                                      (wn_slice){ NULL, 0 }, off, url);
        a->pos += hl + blen;
        if (pr == WN_PAYLOAD_SKIP) {
            wn_doc_reset(d);
            continue;
        }
        wn_status st = wn_reader_stamp(r, d);
        return st ? st : wn_buf_printf(&d->id, "%s/%llu", r->path, (unsigned long long)d->record_index);
    }
}

static void arc_close(wn_reader *r)
{
    arc_state *a = r->impl;
    if (!a)
        return;
    wn_free(a->buf);
    wn_buf_free(&a->tmp);
    wn_free(a);
}

const wn_reader_vt wn_reader_arc_vt = { "arc", arc_sniff, arc_open, arc_next, arc_close };
