/* reader_impl.h: what a document reader implements. One file per format (reader_text.c,
 * reader_jsonl.c, ...); reader.c picks one by name or by sniffing the first decoded bytes. */
#ifndef WN_READER_IMPL_H
#define WN_READER_IMPL_H

#include "winnow/io.h"

typedef struct wn_reader_vt {
    const char *name;
    /* sniff: true when the first decoded bytes look like this format (auto mode) */
    bool (*sniff)(const char *p, size_t n);
    wn_status (*open)(wn_reader *r);
    wn_status (*next)(wn_reader *r, wn_doc *d);
    void (*close)(wn_reader *r);
} wn_reader_vt;

struct wn_reader {
    const wn_reader_vt *vt;
    wn_stream *s;
    uint32_t input_index;
    uint64_t record;          /* records returned so far */
    wn_reader_opts opts;
    char path[4096];
    char err[1024];
    void *impl;               /* the format's own state */
    wn_counters counters;     /* named counts for stats.json "reader" */
    wn_buf warnings;          /* pending warnings, each NUL-terminated */
    size_t warn_pos;          /* next warning to hand out */
};

/* Fills the identity fields every reader sets: index, record number, source. */
wn_status wn_reader_stamp(wn_reader *r, wn_doc *d);

/* Queues a warning (see wn_reader_take_warning); dropped silently past 1 MiB pending. */
void wn_reader_warn(wn_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Reads the whole stream as one document of the given kind (text and .html files): the
 * first call fills d, the next returns WN_END. Over max_doc_bytes it fails as too_large and
 * holds nothing more, so memory stays bounded. */
wn_status wn_reader_next_whole_file(wn_reader *r, wn_doc *d, wn_doc_kind kind);

/* ---- HTTP payloads (reader_http.c), shared by the WARC and ARC readers ---- */
bool wn_media_is(wn_slice ct, const char *type);
bool wn_is_html_type(wn_slice ct);          /* text/html or application/xhtml+xml */
bool wn_looks_html(const char *p, size_t n); /* without a Content-Type: starts like HTML */

typedef enum { WN_PAYLOAD_DOC, WN_PAYLOAD_SKIP } wn_payload_result;
/* A stored response (http: status line, headers, body) or bare resource (block_type is its
 * type) -> d: an HTML page (kind, content type, charset, http_status; transfer and content
 * codings undone) or a failed document, WN_PAYLOAD_DOC; anything else is counted as
 * skipped_* and WN_PAYLOAD_SKIP. identified_type is used when the response names no type.
 * tmp is scratch for de-chunking. off and id name the record in messages. */
wn_payload_result wn_reader_http_payload(wn_reader *r, wn_buf *tmp, wn_doc *d, const char *block,
                                         size_t n, bool http, wn_slice block_type,
                                         wn_slice identified_type, uint64_t off, const char *id);

extern const wn_reader_vt wn_reader_text_vt;
extern const wn_reader_vt wn_reader_jsonl_vt;
extern const wn_reader_vt wn_reader_warc_vt;
extern const wn_reader_vt wn_reader_arc_vt;
extern const wn_reader_vt wn_reader_html_vt;

#endif
