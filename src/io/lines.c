/* lines.c: capped line reading over a stream. */
#include <string.h>
#include "io/lines.h"

wn_status wn_lines_init(wn_lines *l, wn_stream *s, size_t max_line)
{
    memset(l, 0, sizeof *l);
    l->s = s;
    l->max_line = max_line;
    l->size = max_line + 1 < 65536 ? max_line + 1 : 65536;
    l->buf = wn_malloc(l->size);
    return l->buf ? WN_OK : WN_ERR_NOMEM;
}

void wn_lines_free(wn_lines *l)
{
    wn_free(l->buf);
    l->buf = NULL;
}

/* Reads more bytes after the window; returns WN_OK with 0 new bytes at end of stream. */
static wn_status more(wn_lines *l, size_t *got)
{
    *got = 0;
    if (l->eof)
        return WN_OK;
    if (l->err)
        return l->err;
    if (l->pos > 0) {
        memmove(l->buf, l->buf + l->pos, l->len - l->pos);
        l->len -= l->pos;
        l->pos = 0;
    }
    if (l->len == l->size) {
        size_t want = l->size * 2;
        if (want > l->max_line + 1)
            want = l->max_line + 1;
        if (want <= l->size)
            return WN_ERR_TOO_LARGE;
        char *nb = wn_realloc(l->buf, want);
        if (!nb)
            return WN_ERR_NOMEM;
        l->buf = nb;
        l->size = want;
    }
    wn_status st = wn_stream_read(l->s, l->buf + l->len, l->size - l->len, got);
    l->len += *got;
    if (st) {
        l->err = st;
        return *got ? WN_OK : st;
    }
    if (*got == 0)
        l->eof = true;
    return WN_OK;
}

wn_status wn_lines_next(wn_lines *l, wn_slice *line, uint64_t *skipped)
{
    size_t scan = l->pos;
    for (;;) {
        char *nl = memchr(l->buf + scan, '\n', l->len - scan);
        if (nl) {
            line->ptr = l->buf + l->pos;
            line->len = (size_t)(nl - (l->buf + l->pos));
            l->pos = (size_t)(nl - l->buf) + 1;
            l->line_no++;
            l->offset = l->next_off;
            l->next_off += line->len + 1;
            return WN_OK;
        }
        size_t scanned = l->len - l->pos;
        size_t got;
        wn_status st = more(l, &got);
        scan = l->pos + scanned;
        if (st == WN_ERR_TOO_LARGE) {
            /* skip to the end of this line without keeping it */
            uint64_t total = l->len;
            l->pos = l->len = 0;
            for (;;) {
                size_t n = 0;
                wn_status rs = wn_stream_read(l->s, l->buf, l->size, &n);
                if (rs && !n) {
                    l->err = rs;
                    break;
                }
                if (n == 0) {
                    l->eof = true;
                    break;
                }
                char *e = memchr(l->buf, '\n', n);
                if (e) {
                    size_t used = (size_t)(e - l->buf) + 1;
                    total += used - 1;
                    memmove(l->buf, l->buf + used, n - used);
                    l->len = n - used;
                    break;
                }
                total += n;
            }
            l->line_no++;
            l->offset = l->next_off;
            l->next_off += total + 1;
            *skipped = total;
            return WN_ERR_TOO_LARGE;
        }
        if (st)
            return st;
        if (got == 0) {
            if (l->len > l->pos) { /* last line without '\n' */
                line->ptr = l->buf + l->pos;
                line->len = l->len - l->pos;
                l->pos = l->len;
                l->line_no++;
                l->offset = l->next_off;
                l->next_off += line->len;
                return WN_OK;
            }
            return l->err ? l->err : WN_END;
        }
    }
}
