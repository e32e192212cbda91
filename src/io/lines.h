/* lines.h: reading newline-terminated lines from a wn_stream with a hard cap per line.
 *
 * A line longer than the cap is skipped to its end without being buffered, so a 1 GB line
 * costs a buffer of the cap, not 1 GB; the caller is told how long it was. */
#ifndef WN_LINES_H
#define WN_LINES_H

#include "winnow/io.h"

typedef struct {
    wn_stream *s;
    char *buf;
    size_t size;       /* bytes allocated in buf; grows up to max_line + 1 */
    size_t max_line;
    size_t pos, len;   /* unread window of buf */
    bool eof;
    wn_status err;     /* sticky stream error */
    uint64_t line_no;  /* 1-based number of the line last returned */
    uint64_t offset;   /* decoded byte offset of the line last returned */
    uint64_t next_off;
} wn_lines;

wn_status wn_lines_init(wn_lines *l, wn_stream *s, size_t max_line);
/*! wn_lines_next() : WN_OK with *line (without '\n'; valid until the next call), WN_END, or
 * WN_ERR_TOO_LARGE with *skipped = the line's length (the line was consumed), or a stream
 * error (lines before it were all returned). */
wn_status wn_lines_next(wn_lines *l, wn_slice *line, uint64_t *skipped);
void wn_lines_free(wn_lines *l);

#endif
