/* capture.h: one document as the run's per-document stages left it, with what each stage
 * counted on it, as bytes. `winnow run --dedup` writes one per document while signing and
 * reads them back while applying, so the stages (extraction, language ID, filters) run once.
 *
 * Layout (native byte order; lengths are checked against the record when it is read):
 *   u32 left_stage        index of the stage that dropped or failed it; n_stages if it stayed
 *   u32 n_deltas          then per delta: u32 stage, u32 name_len, u64 n, name bytes
 *   u8  status            0 kept, 1 dropped, 2 failed
 *   6 x (u32 len, bytes)  reason, id, source, url, text, detail
 *   u32 meta_count        then per entry: u32 key_len, key, u32 val_len, value (JSON)
 *   u64 bytes_in, u64 utf8_replaced */
#ifndef WN_DEDUP_CAPTURE_H
#define WN_DEDUP_CAPTURE_H

#include "winnow/doc.h"

typedef struct {
    uint32_t left_stage;
    uint8_t status;
    wn_slice reason, id, source, url, text, detail;
    uint64_t bytes_in, utf8_replaced;
    const unsigned char *deltas, *meta;   /* walked with wn_capture_next_delta / _meta */
    size_t deltas_len, meta_len;          /* bytes */
    uint32_t n_deltas, n_meta;
} wn_capture_view;

/*! wn_capture_encode() : appends d's record to out; counts[s] is what stage s counted on d. */
wn_status wn_capture_encode(wn_buf *out, const wn_doc *d, uint32_t left_stage,
                            const wn_counters *counts, size_t n_stages);
/*! wn_capture_parse() : checks a whole record (every length inside it, status, meta keys
 * without NUL bytes) and points v into it; WN_ERR_CORRUPT when anything is off. */
wn_status wn_capture_parse(const void *p, size_t n, wn_capture_view *v);
/* Iterate deltas and metadata of a parsed record; *cursor (a byte offset) starts at 0; false
 * at the end. */
bool wn_capture_next_delta(const wn_capture_view *v, size_t *cursor, uint32_t *stage,
                           wn_slice *name, uint64_t *n);
bool wn_capture_next_meta(const wn_capture_view *v, size_t *cursor, wn_slice *key, wn_slice *val);

#endif
