/* reader_text.c: a plain text file is one document. */
#include <stdio.h>
#include <string.h>
#include "reader_impl.h"

static bool text_sniff(const char *p, size_t n) { (void)p; (void)n; return true; }
static wn_status text_open(wn_reader *r) { (void)r; return WN_OK; }

static wn_status text_next(wn_reader *r, wn_doc *d)
{
    if (r->record > 0)
        return WN_END;
    wn_status st = wn_reader_stamp(r, d);
    if (st)
        return st;
    wn_buf_set(&d->id, r->path, strlen(r->path));
    d->kind = WN_KIND_TEXT;
    char chunk[65536];
    uint64_t total = 0;
    bool too_large = false;
    for (;;) {
        size_t got = 0;
        st = wn_stream_read(r->s, chunk, sizeof chunk, &got);
        total += got;
        if (!too_large && got) {
            if (total > r->opts.max_doc_bytes || wn_buf_append(&d->raw, chunk, got)) {
                too_large = true;
                wn_buf_reset(&d->raw); /* memory stays bounded: keep nothing */
            }
        }
        if (st) {
            snprintf(r->err, sizeof r->err, "%s", wn_stream_error(r->s));
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

const wn_reader_vt wn_reader_text_vt = { "text", text_sniff, text_open, text_next, NULL };
