/* filter_util.c: duplicate counting, Python line splitting and explain metadata for the
 * filter stages. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "common/grow.h"
#include "filter/filter_impl.h"

/* A set holds a document's lines, paragraphs or n-grams: no more than its bytes. Its table
 * is a power of two at least twice that, so 2 * WN_DOC_BYTES_MAX slots (also a power of two). */
#define WN_FSET_EXPECTED_MAX WN_DOC_BYTES_MAX

wn_status wn_fset_reset(wn_fset *s, size_t expected)
{
    if (expected > WN_FSET_EXPECTED_MAX)
        return WN_ERR_TOO_LARGE;
    size_t size = 64;
    while (size < expected * 2)
        size *= 2;
    /* doubling from a power of two (or from size itself) lands on size exactly */
    wn_status st = WN_GROW(s->v, s->cap, size, size, 2 * WN_FSET_EXPECTED_MAX);
    if (st)
        return st;
    WN_ASSERT(s->cap >= size && size >= expected * 2 && (size & (size - 1)) == 0);   /* the mask below */
    /* only the slots this document uses: a table grown by one long document must not make
     * every short one after it clear the whole allocation (it did: a quarter of the time) */
    s->size = size;
    memset(s->v, 0, size * sizeof *s->v);
    s->used = 0;
    s->expected = expected;
    return WN_OK;
}

void wn_fset_free(wn_fset *s)
{
    wn_free(s->v);
    wn_free(s->lens);
    s->v = NULL;
    s->lens = NULL;
    s->cap = s->size = s->lens_cap = 0;
}

wn_fset_entry *wn_fset_add(wn_fset *s, const char *base, uint64_t h, uint32_t off, uint32_t len,
                           uint32_t index)
{
    size_t mask = s->size - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        wn_fset_entry *e = &s->v[i];
        if (e->count == 0) {
            /* at most half full, so that this probe always ends: no more keys than reset
             * made room for */
            WN_ASSERT(s->used < s->expected && 2 * (s->used + 1) <= s->size);
            s->used++;
            *e = (wn_fset_entry){ h, off, len, 1, index };
            return e;
        }
        if (e->h == h && e->len == len && memcmp(base + e->off, base + off, len) == 0) {
            e->count++;
            return e;
        }
    }
}

/* The slot of length len in a table of (len + 1) << 32 | count (0: empty), made if new. The
 * table has at least twice as many slots as lengths go in: a probe ends. */
static inline uint64_t *length_slot(uint64_t *t, size_t mask, uint32_t len)
{
    uint64_t key = (uint64_t)len + 1;
    for (size_t k = (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 32) & mask;; k = (k + 1) & mask) {
        if (t[k] == 0)
            t[k] = key << 32;
        if (t[k] >> 32 == key)
            return &t[k];
    }
}

/* An element equals an earlier one only if it has its length, so an element whose length no
 * other has is new without being hashed, and a single element (a text without a blank line is
 * one paragraph) repeats nothing. In the bench corpus 905 of 1,028 texts are one paragraph, and
 * lines of a length of their own hold 5.06 MB of its 5.74 MB: hashing them was work for
 * nothing. */
wn_status wn_find_duplicates(wn_fset *s, const char *text, const wn_span *items, size_t n,
                             uint64_t *dup_elems, uint64_t *dup_chars)
{
    *dup_elems = *dup_chars = 0;
    if (n < 2)
        return WN_OK;
    wn_status st = wn_fset_reset(s, n);
    if (st)
        return st;
    /* as many slots as the set's for this document (reset capped n) */
    size_t size = s->size, mask = size - 1;
    if ((st = WN_GROW(s->lens, s->lens_cap, size, size, 2 * WN_FSET_EXPECTED_MAX)))
        return st;
    memset(s->lens, 0, size * sizeof *s->lens);
    for (size_t i = 0; i < n; i++)
        ++*length_slot(s->lens, mask, items[i].len);
    size_t lone = 0;   /* elements of a length of their own */
    for (size_t i = 0; i < n; i++) {
        const wn_span *it = &items[i];
        if ((uint32_t)*length_slot(s->lens, mask, it->len) < 2) {
            lone++;
            continue;
        }
        uint64_t h = wn_hash64(text + it->off, it->len, 0x5EEDu);
        wn_fset_entry *e = wn_fset_add(s, text, h, it->off, it->len, (uint32_t)i);
        if (e->count > 1) {
            (*dup_elems)++;
            *dup_chars += wn_utf8_count(text + it->off, it->len);
        }
    }
    WN_ASSERT(*dup_elems + s->used + lone == n);   /* each element is new or a repeat */
    return WN_OK;
}

wn_status wn_spans_push(wn_spans *a, size_t off, size_t len)
{
    /* spans of one document (its lines, paragraphs): no more than its bytes */
    wn_status st = WN_GROW(a->v, a->cap, a->n + 1, 256, WN_DOC_BYTES_MAX);
    if (st)
        return st;
    a->v[a->n++] = (wn_span){ (uint32_t)off, (uint32_t)len };
    return WN_OK;
}

void wn_spans_free(wn_spans *a)
{
    wn_free(a->v);
    memset(a, 0, sizeof *a);
}

wn_status wn_filter_seg_select(wn_segmenter *s, wn_segmenter_choice kind, const wn_doc *d)
{
    bool en = false;
    if (kind == WN_SEG_SPACY_EN) {
        wn_slice v = wn_doc_meta_get(d, "language");
        en = !v.ptr || (v.len == 4 && !memcmp(v.ptr, "\"en\"", 4));
    }
    return wn_segmenter_use_spacy_en(s, en);
}

wn_status wn_filter_ctx_new(size_t size, void **out)
{
    *out = NULL;
    wn_filter_scratch *s = wn_calloc(1, size);
    if (!s)
        return WN_ERR_NOMEM;
    wn_buf_init(&s->ex, WN_DOC_META_MAX);  /* explain values end in the metadata */
    wn_status st = wn_segmenter_create(&s->seg);
    if (st) {
        wn_free(s);
        return st;
    }
    *out = s;
    return WN_OK;
}

void wn_filter_ctx_free(void *ctx)
{
    wn_filter_scratch *s = ctx;
    if (!s)
        return;
    wn_segmenter_free(s->seg);
    wn_spans_free(&s->spans);
    wn_fset_free(&s->set);
    wn_buf_free(&s->ex);
    wn_free(s);
}

wn_status wn_py_splitlines(wn_spans *out, const char *text, size_t len)
{
    out->n = 0;
    size_t start = 0;
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    for (size_t i = 0; i < len;) {
        /* most bytes cannot start a line break: only \n \v \f \r \x1c-\x1e and the lead
         * bytes of U+0085 (0xC2) and U+2028/U+2029 (0xE2) can. Eight bytes at a time while
         * none of them is one (exact word tests: a byte below 0x1F, a byte equal to 0xC2 or
         * to 0xE2); a byte at a time was 3 % of the filters' instructions. */
        while (i + 8 <= len) {
            uint64_t x, c2, e2;
            memcpy(&x, text + i, 8);
            c2 = x ^ (0xC2 * ones);
            e2 = x ^ (0xE2 * ones);
            if (((x - 0x1F * ones) & ~x & highs) | ((c2 - ones) & ~c2 & highs) |
                ((e2 - ones) & ~e2 & highs))
                break;
            i += 8;
        }
        if (i >= len)
            break;
        unsigned char ch = (unsigned char)text[i];
        if (ch > 0x1E && ch != 0xC2 && ch != 0xE2) {
            i++;
            continue;
        }
        size_t br = wn_py_linebreak_at(text + i, len - i);
        if (!br) {
            i++;
            continue;
        }
        wn_status st = wn_spans_push(out, start, i - start);
        if (st)
            return st;
        i += br;
        start = i;
    }
    if (start < len)
        return wn_spans_push(out, start, len - start);
    return WN_OK;
}

/* Length of the code point that ends at p[n-1]. */
static size_t last_cp(const char *p, size_t n, uint32_t *cp)
{
    size_t s = n - 1;
    while (s > 0 && n - s < 4 && ((unsigned char)p[s] & 0xC0) == 0x80)
        s--;
    wn_utf8_decode(p + s, n - s, cp);
    return n - s;
}

wn_span wn_py_strip(const char *text, wn_span s, bool left, bool right)
{
    const char *p = text + s.off;
    size_t a = 0, b = s.len;
    while (left && a < b) {
        uint32_t cp;
        size_t k = wn_utf8_decode(p + a, b - a, &cp);
        if (!wn_py_isspace(cp))
            break;
        a += k;
    }
    while (right && b > a) {
        uint32_t cp;
        size_t k = last_cp(p + a, b - a, &cp);
        if (!wn_py_isspace(cp))
            break;
        b -= k;
    }
    return (wn_span){ s.off + (uint32_t)a, (uint32_t)(b - a) };
}

void wn_explain_num(wn_buf *b, const char *key, double v)
{
    if (b->len)
        wn_buf_append_char(b, ',');
    if (isnan(v) || isinf(v))
        wn_buf_printf(b, "\"%s\":null", key);
    else if (v == floor(v) && fabs(v) < 1e15)
        wn_buf_printf(b, "\"%s\":%lld", key, (long long)v);
    else
        wn_buf_printf(b, "\"%s\":%.10g", key, v);
}

wn_status wn_explain_commit(wn_doc *d, wn_buf *b)
{
    if (!b->len)
        return WN_OK;
    wn_slice old = wn_doc_meta_get(d, "filters");
    wn_buf j;
    wn_buf_init(&j, WN_DOC_META_MAX);
    wn_status st;
    if (old.ptr && old.len >= 2 && old.ptr[0] == '{') {
        st = wn_buf_append(&j, old.ptr, old.len - 1);  /* without the closing brace */
        if (!st && old.len > 2)
            st = wn_buf_append_char(&j, ',');
    } else {
        st = wn_buf_append_char(&j, '{');
    }
    if (!st)
        st = wn_buf_append(&j, b->data, b->len);
    if (!st)
        st = wn_buf_append_char(&j, '}');
    if (!st)
        st = wn_doc_meta_set_json(d, "filters", j.data, j.len);
    wn_buf_free(&j);
    wn_buf_reset(b);
    return st;
}

bool wn_filter_verdict(wn_doc *d, wn_counters *cn, wn_buf *ex, bool explain, const char *reason)
{
    if (explain && wn_explain_commit(d, ex)) {
        wn_doc_fail(d, "too_large", "%s: record %llu: metadata too large",
                    d->source.data ? d->source.data : "?", (unsigned long long)d->record_index);
        return false;
    }
    if (!reason)
        return true;
    wn_counter_add(cn, reason, 1);
    wn_doc_drop(d, reason);
    return false;
}

void wn_filter_fail(wn_doc *d, const char *stage, wn_status st)
{
    wn_doc_fail(d, wn_strerror(st), "%s: record %llu: %s: %s", d->source.data ? d->source.data : "?",
                (unsigned long long)d->record_index, stage, wn_strerror(st));
}
