/* filter_impl.h: what the filter stages share: a set of byte slices that counts duplicates
 * exactly (hash, then memcmp), Python-style line splitting, and the --explain metadata. */
#ifndef WN_FILTER_IMPL_H
#define WN_FILTER_IMPL_H

#include "winnow/doc.h"
#include "winnow/filter.h"
#include "text/words.h"
#include "common/check.h"

/* A rule is on when its threshold is set; datatrove skips a rule whose value is None or 0
 * (`if self.x and ...`), so 0 and negative values turn a Gopher rule off. */
#define WN_RULE_ON(v) ((v) > 0)

typedef struct {
    uint64_t h;
    uint32_t off, len;   /* the slice in the caller's base buffer */
    uint32_t count;      /* 0 = empty slot */
    uint32_t first;      /* index of the first occurrence */
} wn_fset_entry;

typedef struct {
    wn_fset_entry *v;
    size_t cap;          /* slots allocated (the most any document needed) */
    size_t size;         /* slots in use for this document: a power of two <= cap */
    size_t used, expected;   /* keys in it, and the most wn_fset_reset made room for */
    uint64_t *lens;      /* wn_find_duplicates: how many elements have each length */
    size_t lens_cap;
} wn_fset;

/*! wn_fset_reset() : empties the set and makes room for `expected` distinct keys. */
wn_status wn_fset_reset(wn_fset *s, size_t expected);
void wn_fset_free(wn_fset *s);
/*! wn_fset_add() : counts one occurrence of base[off, off+len) with hash h; returns its entry
 * (count already incremented; count == 1 means it was new). */
wn_fset_entry *wn_fset_add(wn_fset *s, const char *base, uint64_t h, uint32_t off, uint32_t len,
                           uint32_t index);

/* find_duplicates() of datatrove over a list of slices of text: how many elements equal an
 * earlier one, and their total length in code points. */
typedef struct {
    uint32_t off, len;
} wn_span;
wn_status wn_find_duplicates(wn_fset *s, const char *text, const wn_span *items, size_t n,
                             uint64_t *dup_elems, uint64_t *dup_chars);

/* A growable array of spans. */
typedef struct {
    wn_span *v;
    size_t n, cap;
} wn_spans;
wn_status wn_spans_push(wn_spans *a, size_t off, size_t len);
void wn_spans_free(wn_spans *a);

/* Python's str.splitlines() (no keepends): lines without their line break; a final empty
 * piece after the last break is not a line. */
wn_status wn_py_splitlines(wn_spans *out, const char *text, size_t len);
/* Python whitespace strip on a span (lstrip / rstrip / both). */
wn_span wn_py_strip(const char *text, wn_span s, bool left, bool right);

/* What the filter stages keep from one document to the next: a word segmenter, a list of
 * spans (lines, paragraphs), a duplicate-counting set and the --explain buffer. A stage's
 * context puts it first, so that one constructor and one destructor serve every stage. */
typedef struct {
    wn_segmenter *seg;
    wn_spans spans;
    wn_fset set;
    wn_buf ex;
} wn_filter_scratch;

/*! wn_filter_ctx_new() : a zeroed context of `size` bytes whose first member is a
 * wn_filter_scratch, initialised. */
wn_status wn_filter_ctx_new(size_t size, void **out);
/*! wn_filter_ctx_free() : frees such a context and its scratch (NULL is fine). */
void wn_filter_ctx_free(void *ctx);

/*! wn_filter_seg_select() : the segmentation a stage uses for d: spaCy's English one when
 * kind is WN_SEG_SPACY_EN and d is English (metadata "language" is "en", or there is none
 * because no langid stage ran), UAX #29 otherwise (docs/filters.md, segmentation). */
wn_status wn_filter_seg_select(wn_segmenter *s, wn_segmenter_choice kind, const wn_doc *d);

/*! wn_filter_verdict() : how every filter stage ends its work on a document: the --explain
 * values in `ex` go into metadata (the document fails when they do not fit), then `reason`,
 * when set, drops it and is counted. Returns true when the document is still kept. */
bool wn_filter_verdict(wn_doc *d, wn_counters *cn, wn_buf *ex, bool explain, const char *reason);
/*! wn_filter_fail() : the document fails with the stage's error (e.g. out of memory). */
void wn_filter_fail(wn_doc *d, const char *stage, wn_status st);

/* ---- --explain: measured values into metadata "filters" -------------------------------------- */
void wn_explain_num(wn_buf *b, const char *key, double v);
/*! wn_explain_commit() : merges the "key":value pairs collected in b into metadata "filters". */
wn_status wn_explain_commit(wn_doc *d, wn_buf *b);

#endif
