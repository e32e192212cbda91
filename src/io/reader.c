/* reader.c: opening an input with the right reader, by name or by sniffing. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "io/reader_impl.h"
#include "common/check.h"

/* Order matters in auto mode: the first reader whose sniff accepts wins; text is last and
 * accepts everything. Later modules (WARC, HTML) add their entry here. */
static const wn_reader_vt *const readers[] = {
    &wn_reader_warc_vt,
    &wn_reader_arc_vt,
    &wn_reader_jsonl_vt,
    &wn_reader_html_vt,
    &wn_reader_text_vt,
};

void wn_reader_opts_default(wn_reader_opts *o)
{
    memset(o, 0, sizeof *o);
    o->format = "auto";
    o->text_field = "text";
    o->id_field = "id";
    o->max_doc_bytes = (size_t)64 << 20;
}

wn_status wn_reader_stamp(wn_reader *r, wn_doc *d)
{
    d->input_index = r->input_index;
    d->record_index = r->record++;
    return wn_buf_set(&d->source, r->path, strlen(r->path));
}

wn_status wn_reader_next_whole_file(wn_reader *r, wn_doc *d, wn_doc_kind kind)
{
    if (r->record > 0)
        return WN_END;
    wn_status st = wn_reader_stamp(r, d);
    if (st)
        return st;
    wn_buf_set(&d->id, r->path, strlen(r->path));
    d->kind = kind;
    char chunk[65536];
    uint64_t total = 0;
    bool too_large = false;
    for (;;) {
        size_t got = 0;
        st = wn_stream_read(r->s, chunk, sizeof chunk, &got);
        total += got;
        if (!too_large && got && (total > r->opts.max_doc_bytes || wn_buf_append(&d->raw, chunk, got))) {
            too_large = true;
            wn_buf_reset(&d->raw); /* memory stays bounded: keep nothing more */
        }
        if (st) {
            snprintf(r->err, sizeof r->err, "%s", wn_stream_error(r->s)[0] ? wn_stream_error(r->s) : wn_strerror(st));
            wn_doc_fail(d, wn_strerror(st), "%s", r->err);
            break;
        }
        if (got == 0)
            break;
    }
    d->bytes_in = total;
    if (too_large)
        wn_doc_fail(d, "too_large", "%s: %llu bytes, over the %zu byte limit", r->path,
                    (unsigned long long)total, r->opts.max_doc_bytes);
    return WN_OK;
}

wn_status wn_reader_open(wn_reader **out, const char *path, uint32_t input_index,
                         const wn_reader_opts *o, char *err, size_t err_cap)
{
    *out = NULL;
    wn_reader *r = wn_calloc(1, sizeof *r);
    if (!r)
        return WN_ERR_NOMEM;
    wn_buf_init(&r->warnings, (size_t)1 << 20);
    snprintf(r->path, sizeof r->path, "%s", path);
    r->input_index = input_index;
    if (o)
        r->opts = *o;
    else
        wn_reader_opts_default(&r->opts);
    wn_status st = wn_stream_open_ex(&r->s, path, r->opts.remote, err, err_cap);
    if (st) {
        wn_free(r);
        return st;
    }
    const char *fmt = r->opts.format ? r->opts.format : "auto";
    if (strcmp(fmt, "auto") == 0) {
        const char *p;
        size_t n;
        st = wn_stream_peek(r->s, 4096, &p, &n);
        if (st && n == 0) {
            snprintf(err, err_cap, "%s", wn_stream_error(r->s));
            wn_reader_close(r);
            return st;
        }
        for (size_t i = 0; i < sizeof readers / sizeof *readers; i++)
            if (readers[i]->sniff(p, n)) {
                r->vt = readers[i];
                break;
            }
    } else {
        for (size_t i = 0; i < sizeof readers / sizeof *readers; i++)
            if (strcmp(readers[i]->name, fmt) == 0)
                r->vt = readers[i];
        if (!r->vt) {
            snprintf(err, err_cap, "%s: unknown input format '%s'", path, fmt);
            wn_reader_close(r);
            return WN_ERR_USAGE;
        }
    }
    st = r->vt->open(r);
    if (st) {
        snprintf(err, err_cap, "%s", r->err[0] ? r->err : wn_strerror(st));
        wn_reader_close(r);
        return st;
    }
    *out = r;
    return WN_OK;
}

wn_status wn_reader_next(wn_reader *r, wn_doc *d)
{
    uint64_t before = r->record;
    wn_status st = r->vt->next(r, d);
    /* records are numbered densely, one number per document handed out, in order: a
     * document's identity, the output order and dedup's numbers (seq) rest on it */
    WN_ASSERT(st != WN_OK || (r->record == before + 1 && d->record_index == before &&
                              d->input_index == r->input_index));
    WN_ASSERT(st != WN_END || r->record == before);
    return st;
}
const char *wn_reader_error(const wn_reader *r) { return r->err; }
uint64_t wn_reader_bytes_in(const wn_reader *r) { return wn_stream_bytes_in(r->s); }
const wn_counters *wn_reader_counters(const wn_reader *r) { return &r->counters; }

void wn_reader_warn(wn_reader *r, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    size_t len = (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1;
    wn_buf_append(&r->warnings, msg, len + 1); /* with its NUL; over the cap: dropped */
}

const char *wn_reader_take_warning(wn_reader *r)
{
    if (r->warn_pos >= r->warnings.len) {
        wn_buf_reset(&r->warnings);
        r->warn_pos = 0;
        return NULL;
    }
    const char *m = r->warnings.data + r->warn_pos;
    r->warn_pos += strlen(m) + 1;
    return m;
}

void wn_reader_close(wn_reader *r)
{
    if (!r)
        return;
    if (r->vt && r->vt->close)
        r->vt->close(r);
    wn_stream_close(r->s);
    wn_counters_free(&r->counters);
    wn_buf_free(&r->warnings);
    wn_free(r);
}
