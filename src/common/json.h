/* json.h: a strict, bounded JSON reader (RFC 8259) for JSONL inputs.
 *
 * It does not build a tree: it validates a value and reports its span, decodes strings,
 * and walks the members of an object. Depth is capped so hostile input cannot overflow the
 * stack. Errors carry the byte offset of the problem. */
#ifndef WN_JSON_H
#define WN_JSON_H

#include "winnow/core.h"

#define WN_JSON_MAX_DEPTH 256

typedef struct {
    const char *base;   /* start of the text, for offsets */
    const char *p;      /* cursor */
    const char *end;
    const char *err;    /* static message of the first error, or NULL */
    size_t err_off;     /* byte offset of that error from base */
    size_t members;     /* members read by wn_json_object_next since begin */
} wn_json;

void wn_json_init(wn_json *j, const char *p, size_t n);
/*! wn_json_value() : validates one value at the cursor (after whitespace) and returns its span
 * (leading whitespace excluded). On error returns WN_ERR_FORMAT with j->err set. */
wn_status wn_json_value(wn_json *j, wn_slice *span);
/*! wn_json_decode_string() : span is a whole JSON string literal, quotes included, already
 * validated; appends its decoded UTF-8 to dst (escapes, surrogate pairs; a lone surrogate
 * becomes U+FFFD). */
wn_status wn_json_decode_string(wn_slice span, wn_buf *dst);
/*! wn_json_ws() : skips whitespace; returns true when at end. */
bool wn_json_ws(wn_json *j);

/* Object walking: wn_json_object_begin() expects '{'; then wn_json_object_next() yields each
 * member's key span (a string literal) and value span until it returns WN_END. */
wn_status wn_json_object_begin(wn_json *j);
wn_status wn_json_object_next(wn_json *j, wn_slice *key, wn_slice *value);
/* Array walking, the same way: wn_json_array_next() yields each element's span until WN_END. */
wn_status wn_json_array_begin(wn_json *j);
wn_status wn_json_array_next(wn_json *j, wn_slice *value);

#endif
