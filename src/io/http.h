/* http.h: the HTTP/1.x response inside a WARC response record: status line and headers,
 * chunked transfer coding, and Content-Encoding (gzip, deflate, br, zstd).
 *
 * Everything works on bytes already in memory (a WARC block) and tolerates what crawlers
 * store: LF-only line ends, obsolete line folding, junk header lines. */
#ifndef WN_HTTP_H
#define WN_HTTP_H

#include "winnow/core.h"

typedef struct {
    int status;                 /* status code, e.g. 200 */
    wn_slice content_type;      /* header values, trimmed; {NULL,0} when absent */
    wn_slice transfer_encoding;
    wn_slice content_encoding;
    size_t head_len;            /* status line + headers + the empty line */
    unsigned bad_lines;         /* header lines without a colon, skipped */
} wn_http_head;

/*! wn_http_parse_head() : parses a response head at p (RFC 9112 §4 status line, §5 fields).
 * WN_ERR_FORMAT when p does not start with "HTTP/" and a 3-digit status; WN_ERR_TRUNCATED when
 * no empty line ends the headers within n bytes (h->head_len = n then). Slices point into p. */
wn_status wn_http_parse_head(const char *p, size_t n, wn_http_head *h);

/*! wn_http_dechunk() : decodes a chunked body (RFC 9112 §7.1) and appends the data to out.
 * WN_OK after the last chunk (trailers skipped); WN_ERR_FORMAT at a bad chunk-size line and
 * WN_ERR_TRUNCATED when p ends inside a chunk (out then holds every byte decoded before);
 * WN_ERR_TOO_LARGE when out's cap is reached. *bad_off (may be NULL) gets the offset in p of
 * the failure. */
wn_status wn_http_dechunk(const char *p, size_t n, wn_buf *out, size_t *bad_off);

/*! wn_http_has_coding() : true when the comma-separated list v names `coding` (case-insensitive). */
bool wn_http_has_coding(wn_slice v, const char *coding);

/*! wn_http_decode_content() : undoes a Content-Encoding value (RFC 9110 §8.4: codings listed in
 * the order applied, undone last first): gzip, x-gzip, deflate (zlib or raw), br, zstd,
 * identity. Appends the result to out. WN_ERR_UNSUPPORTED for another coding (out untouched),
 * WN_ERR_CORRUPT / WN_ERR_TRUNCATED for damaged data (out holds what decoded), WN_ERR_TOO_LARGE
 * at out's cap (a decompression bomb stops there). */
wn_status wn_http_decode_content(wn_slice coding, const char *p, size_t n, wn_buf *out);

#endif
