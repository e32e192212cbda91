/* warc.h: parsing one WARC record header (WARC 1.1 §4, §5; 1.0 accepted) from memory. */
#ifndef WN_WARC_H
#define WN_WARC_H

#include "winnow/core.h"

typedef enum {
    WN_WARC_OTHER = 0, WN_WARC_WARCINFO, WN_WARC_RESPONSE, WN_WARC_RESOURCE, WN_WARC_REQUEST,
    WN_WARC_METADATA, WN_WARC_REVISIT, WN_WARC_CONVERSION, WN_WARC_CONTINUATION,
} wn_warc_type;

typedef struct {
    wn_warc_type type;
    uint64_t content_length;
    char record_id[256];      /* WARC-Record-ID, NUL-terminated; "(no id)" when absent */
    wn_slice version;         /* "WARC/1.1" */
    wn_slice target_uri;      /* angle brackets of WARC 1.0 writers removed */
    wn_slice date;            /* WARC-Date */
    wn_slice content_type;    /* Content-Type of the block */
    wn_slice payload_type;    /* WARC-Identified-Payload-Type */
    wn_slice truncated;       /* WARC-Truncated reason */
    bool lf_only;             /* header lines end with LF, not CRLF */
    const char *error;        /* what is wrong when parsing fails (static) */
} wn_warc_header;

/*! wn_warc_parse_header() : parses the version line and named fields at p up to the empty line.
 * On WN_OK *head_len is the header size including the empty line; slices point into p.
 * WN_ERR_TRUNCATED when no empty line is found within n bytes; WN_ERR_FORMAT (h->error says
 * why) for a bad version line or a missing or bad Content-Length (mandatory, WARC 1.1 §5.3).
 * h->record_id is filled as far as it was read, even on error. */
wn_status wn_warc_parse_header(const char *p, size_t n, wn_warc_header *h, size_t *head_len);

#endif
