/* tokenizer.c: the WHATWG HTML tokenizer (§13.2.5), every state, zero-copy: see tokenizer.h.
 *
 * DESIGN: states that cannot outlive a token (tag, attribute, comment, doctype states) are
 * code paths of one call, not stored states; the spec's "reconsume" is not advancing the
 * cursor. A markup token found after a run of text is kept in t->pending and returned by the
 * next call, so that the tree builder sees the text first and can switch the content state
 * right after a start tag. EOF inside a tag drops the tag (§13.2.5.8 eof-in-tag); EOF inside
 * a comment or doctype emits it. Section numbers below are those of the HTML Standard. */
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include "common/grow.h"
#include "html/tokenizer.h"

/* Attributes of one tag looked up by linear search up to this many, through the hash table
 * beyond (a tag with k attributes then costs O(k), not O(k^2)). */
#define SEEN_LINEAR 8

/* Tab, LF, FF, CR, space: a compare and a bit test instead of five compares, as it runs for
 * every byte between attributes */
static inline bool ht_is_ws(unsigned char c)
{
    return c <= ' ' && (0x100003600ULL >> c) & 1;
}

/* Classes of a byte in a tag or attribute name, one table load per byte instead of five
 * compares: what ends a tag name (§13.2.5.8: whitespace, '/', '>'), what ends an attribute
 * name (§13.2.5.33: those and '='), and what makes a name differ from its bytes (ASCII upper
 * case, lowered; NUL, U+FFFD). */
#define NC_END_TAG 1
#define NC_END_ATTR 2
#define NC_DIRTY 4
#define NC_END (NC_END_TAG | NC_END_ATTR)
#define NC_UP NC_DIRTY
static const unsigned char name_class[256] = {
    [' '] = NC_END, ['\t'] = NC_END, ['\n'] = NC_END, ['\f'] = NC_END, ['\r'] = NC_END,
    ['/'] = NC_END, ['>'] = NC_END, ['='] = NC_END_ATTR, [0] = NC_DIRTY,
    ['A'] = NC_UP, ['B'] = NC_UP, ['C'] = NC_UP, ['D'] = NC_UP, ['E'] = NC_UP, ['F'] = NC_UP,
    ['G'] = NC_UP, ['H'] = NC_UP, ['I'] = NC_UP, ['J'] = NC_UP, ['K'] = NC_UP, ['L'] = NC_UP,
    ['M'] = NC_UP, ['N'] = NC_UP, ['O'] = NC_UP, ['P'] = NC_UP, ['Q'] = NC_UP, ['R'] = NC_UP,
    ['S'] = NC_UP, ['T'] = NC_UP, ['U'] = NC_UP, ['V'] = NC_UP, ['W'] = NC_UP, ['X'] = NC_UP,
    ['Y'] = NC_UP, ['Z'] = NC_UP,
};

/* The end of a name that starts at p (the first byte of class `end`, or e), and whether a
 * byte of it is NC_DIRTY. */
static inline const char *scan_name(const char *p, const char *e, unsigned end, bool *dirty)
{
    unsigned d = 0, c;
    /* four bytes per check of the bound while the input holds them (a third fewer
     * instructions per byte) */
    for (; e - p >= 4; p += 4) {
        if ((c = name_class[(unsigned char)p[0]]) & end)
            goto out;
        d |= c;
        if ((c = name_class[(unsigned char)p[1]]) & end) {
            p += 1;
            goto out;
        }
        d |= c;
        if ((c = name_class[(unsigned char)p[2]]) & end) {
            p += 2;
            goto out;
        }
        d |= c;
        if ((c = name_class[(unsigned char)p[3]]) & end) {
            p += 3;
            goto out;
        }
        d |= c;
    }
    for (; p < e; p++) {
        if ((c = name_class[(unsigned char)*p]) & end)
            break;
        d |= c;
    }
out:
    *dirty = d & NC_DIRTY;
    return p;
}

static inline bool ht_is_alpha(unsigned char c)
{
    return (unsigned)((c | 0x20) - 'a') < 26;
}

static inline unsigned char ht_lower(unsigned char c)
{
    return (unsigned)(c - 'A') < 26 ? (unsigned char)(c + 32) : c;
}

/* The first `stop` at or after p (e when none); *dirty set when '&', CR or NUL is passed.
 * Inline: as a call it cost some 15 instructions per attribute value and text run. */
static inline const char *scan_text(const char *p, const char *e, char stop, bool *dirty)
{
#if defined(__SSE2__)
    const __m128i vs = _mm_set1_epi8(stop), va = _mm_set1_epi8('&');
    const __m128i vr = _mm_set1_epi8('\r'), vz = _mm_setzero_si128();
    while (e - p >= 16) {
        /* the stop byte and the dirty bytes in two masks: the dirty ones before the stop are
         * found with a shift, not a loop over each '&' of a URL or an escaped text (32 bytes a
         * round cost more: most runs end within the first 16) */
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
        __m128i d = _mm_or_si128(_mm_cmpeq_epi8(v, va),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, vr), _mm_cmpeq_epi8(v, vz)));
        unsigned stops = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vs));
        unsigned dirt = (unsigned)_mm_movemask_epi8(d);
        if (stops) {
            unsigned i = (unsigned)__builtin_ctz(stops);
            if (dirt & ((1u << i) - 1))
                *dirty = true;
            return p + i;
        }
        if (dirt)
            *dirty = true;
        p += 16;
    }
#endif
    for (; p < e; p++) {
        char c = *p;
        if (c == stop)
            return p;
        if (c == '&' || c == '\r' || c == '\0')
            *dirty = true;
    }
    return e;
}

static bool has_cr_nul(const char *p, const char *e)
{
    return memchr(p, '\r', (size_t)(e - p)) || memchr(p, '\0', (size_t)(e - p));
}

static wn_ht_str mkstr(const char *p, const char *e, wn_ht_str_kind kind, bool dirty)
{
    return (wn_ht_str){ p, (uint32_t)(e - p), (uint8_t)kind, dirty };
}

/* A token of `type` with data and offset, every other field zero, written field by field:
 * memset() of its 88 bytes compiles to `rep stos`, whose start-up costs more cycles than the
 * stores (twice per tag and its text). */
static inline void tok_set(wn_ht_token *tok, wn_ht_type type, wn_ht_str data, size_t offset)
{
    tok->type = type;
    tok->data = data;
    tok->attrs = NULL;
    tok->nattrs = 0;
    tok->self_closing = false;
    tok->has_name = tok->has_public = tok->has_system = tok->force_quirks = false;
    /* two stores of a constant: `a = b = {0}` read b back as one 16-byte load right after its
     * narrower stores, a store-forwarding stall per token */
    tok->public_id = (wn_ht_str){ NULL, 0, 0, false };
    tok->system_id = (wn_ht_str){ NULL, 0, 0, false };
    tok->offset = offset;
}

void wn_ht_init(wn_ht *t, uint32_t max_attrs)
{
    memset(t, 0, sizeof *t);
    t->max_attrs = max_attrs ? max_attrs : 1;
}

void wn_ht_free(wn_ht *t)
{
    wn_free(t->attrs);
    wn_free(t->seen);
    t->attrs = NULL;
    t->seen = NULL;
    t->attrs_cap = t->seen_cap = 0;
}

void wn_ht_begin(wn_ht *t, const char *html, size_t n)
{
    t->base = t->p = html;
    t->end = html + n;
    t->state = WN_HT_DATA;
    t->foreign = false;
    t->last_start = (wn_ht_str){ NULL, 0, WN_HT_STR_NAME, false };
    t->has_pending = false;
    t->attrs_dropped = 0;
}

void wn_ht_set_last_start_tag(wn_ht *t, const char *name, size_t n)
{
    t->last_start = mkstr(name, name + n, WN_HT_STR_NAME, true);
}

/* ---- attributes --------------------------------------------------------------------------- */

/* The state of the tag being read: its attributes so far and the duplicate table. */
typedef struct {
    uint32_t n;
    size_t seen_size;   /* 0 while the linear search serves */
    bool is_end;
} tagacc;

static bool name_ieq(wn_ht_str a, wn_ht_str b)
{
    if (a.len != b.len)
        return false;
    for (uint32_t i = 0; i < a.len; i++)
        if (ht_lower((unsigned char)a.ptr[i]) != ht_lower((unsigned char)b.ptr[i]))
            return false;
    return true;
}

static uint32_t name_hash(wn_ht_str s)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < s.len; i++)
        h = (h ^ ht_lower((unsigned char)s.ptr[i])) * 16777619u;
    return h;
}

/* Finds name among the tag's attributes; with add, inserts index n into the table when
 * absent. The table holds index + 1 (0 is empty) and is at most half full. */
static bool seen_probe(wn_ht *t, tagacc *a, wn_ht_str name, bool add)
{
    size_t mask = a->seen_size - 1;
    for (size_t i = name_hash(name) & mask;; i = (i + 1) & mask) {
        uint32_t v = t->seen[i];
        if (!v) {
            if (add)
                t->seen[i] = a->n + 1;
            return false;
        }
        if (name_ieq(t->attrs[v - 1].name, name))
            return true;
    }
}

static wn_status seen_rebuild(wn_ht *t, tagacc *a, size_t size)
{
    wn_status st = WN_GROW(t->seen, t->seen_cap, size, 64, (size_t)4 * t->max_attrs + 64);
    if (st)
        return st;
    a->seen_size = size;
    memset(t->seen, 0, size * sizeof *t->seen);
    uint32_t n = a->n;
    for (a->n = 0; a->n < n; a->n++)
        seen_probe(t, a, t->attrs[a->n].name, true);
    return WN_OK;
}

/* §13.2.5.33: an attribute whose name the tag already has is dropped; so are those past
 * max_attrs (counted). End tags keep none. The whole rule; commit_attr takes the common case
 * before it. Kept out of line so that tag() stays small around its six call sites. */
__attribute__((noinline))
static wn_status commit_attr_full(wn_ht *t, tagacc *a, wn_ht_str name, wn_ht_str value)
{
    if (a->is_end)
        return WN_OK;
    if (a->seen_size == 0) {
        for (uint32_t i = 0; i < a->n; i++)
            if (name_ieq(t->attrs[i].name, name))
                return WN_OK;
    } else if (seen_probe(t, a, name, false)) {
        return WN_OK;
    }
    if (a->n >= t->max_attrs) {
        t->attrs_dropped++;
        return WN_OK;
    }
    wn_status st = WN_GROW(t->attrs, t->attrs_cap, (size_t)a->n + 1, 16, t->max_attrs);
    if (st)
        return st;
    t->attrs[a->n] = (wn_ht_attr){ name, value, 0, false, WN_HT_ATTR_NS_NONE };
    if (a->seen_size) {
        seen_probe(t, a, name, true);
    }
    a->n++;
    if (a->n == SEEN_LINEAR || (a->seen_size && 2 * (size_t)a->n >= a->seen_size))
        return seen_rebuild(t, a, a->seen_size ? 2 * a->seen_size : 4 * SEEN_LINEAR);
    return WN_OK;
}

/* The common case of commit_attr_full, inline (a call per attribute cost more than the work):
 * a start tag with room in the array, below the count where the duplicate table takes over,
 * so that a linear search finds duplicates; names of another length are not compared. What
 * it stores, and when it drops, is what commit_attr_full would. */
static inline wn_status commit_attr(wn_ht *t, tagacc *a, wn_ht_str name, wn_ht_str value)
{
    if (a->is_end)
        return WN_OK;
    if (a->seen_size || a->n + 1 >= SEEN_LINEAR || a->n >= t->max_attrs || a->n >= t->attrs_cap)
        return commit_attr_full(t, a, name, value);
    for (uint32_t i = 0; i < a->n; i++)
        if (t->attrs[i].name.len == name.len && name_ieq(t->attrs[i].name, name))
            return WN_OK;
    t->attrs[a->n++] = (wn_ht_attr){ name, value, 0, false, WN_HT_ATTR_NS_NONE };
    return WN_OK;
}

/* ---- markup ------------------------------------------------------------------------------- */

typedef enum {
    MK_TOKEN,   /* *tok filled (and only then written), *next after it */
    MK_TEXT,    /* the bytes up to *next are text */
    MK_NONE     /* the bytes up to *next make no token */
} mk_result;

/* A tag whose name starts at p (an ASCII letter), its '<' at lt: §13.2.5.8 tag name state to
 * §13.2.5.40 self-closing start tag state. */
static mk_result tag(wn_ht *t, const char *lt, const char *p, bool is_end, wn_ht_token *tok,
                     const char **next, wn_status *st)
{
    const char *e = t->end;
    tagacc a = { 0, 0, is_end };
    bool dirty = false, self_closing = false;
    const char *ns = p;
    p = scan_name(p, e, NC_END_TAG, &dirty);
    wn_ht_str name = mkstr(ns, p, WN_HT_STR_NAME, dirty);
    wn_ht_str an = { 0 }, av = { 0 };
    bool have_attr = false;
    if (p < e && *p == '>')   /* no attributes (most end tags, <p>, <li>): straight out */
        goto emit;

before_attr_name:
    while (p < e && ht_is_ws((unsigned char)*p))
        p++;
    if (p == e)
        goto eof;
    if (*p == '/' || *p == '>')
        goto after_attr_name;
    {
        const char *s = p;
        if (*p == '=')
            p++;   /* unexpected-equals-sign-before-attribute-name: part of the name */
        p = scan_name(p, e, NC_END_ATTR, &dirty);
        an = mkstr(s, p, WN_HT_STR_NAME, dirty);
        av = mkstr(p, p, WN_HT_STR_ATTR, false);
        have_attr = true;
        if (p < e && *p == '=') {   /* name=value, as most are written: what the state below does */
            p++;
            goto before_attr_value;
        }
    }
after_attr_name:
    while (p < e && ht_is_ws((unsigned char)*p))
        p++;
    if (p == e)
        goto eof;
    if (*p == '/') {
        p++;
        goto self_closing_start;
    }
    if (*p == '=') {
        p++;
        goto before_attr_value;
    }
    if (have_attr && (*st = commit_attr(t, &a, an, av)))
        return MK_NONE;
    have_attr = false;
    if (*p == '>')
        goto emit;
    goto before_attr_name;

before_attr_value:
    while (p < e && ht_is_ws((unsigned char)*p))
        p++;
    if (p == e)
        goto eof;
    if (*p == '"' || *p == '\'') {
        char q = *p++;
        dirty = false;
        const char *s = p;
        p = scan_text(p, e, q, &dirty);
        if (p == e)
            goto eof;
        av = mkstr(s, p, WN_HT_STR_ATTR, dirty);
        p++;
        if ((*st = commit_attr(t, &a, an, av)))
            return MK_NONE;
        have_attr = false;
        /* §13.2.5.39 after attribute value (quoted) */
        if (p == e)
            goto eof;
        if (ht_is_ws((unsigned char)*p)) {
            p++;
            goto before_attr_name;
        }
        if (*p == '/') {
            p++;
            goto self_closing_start;
        }
        if (*p == '>')
            goto emit;
        goto before_attr_name;   /* missing-whitespace-between-attributes: reconsume */
    }
    if (*p == '>') {   /* missing-attribute-value: the value is empty */
        if ((*st = commit_attr(t, &a, an, av)))
            return MK_NONE;
        have_attr = false;
        goto emit;
    }
    {   /* §13.2.5.38 attribute value (unquoted) */
        const char *s = p;
        dirty = false;
        for (; p < e && !ht_is_ws((unsigned char)*p) && *p != '>'; p++)
            if (*p == '&' || *p == '\0' || *p == '\r')
                dirty = true;
        if (p == e)
            goto eof;
        av = mkstr(s, p, WN_HT_STR_ATTR, dirty);
        if ((*st = commit_attr(t, &a, an, av)))
            return MK_NONE;
        have_attr = false;
        if (*p == '>')
            goto emit;
        p++;
        goto before_attr_name;
    }

self_closing_start:   /* §13.2.5.40 */
    if (p == e)
        goto eof;
    if (*p == '>') {
        self_closing = true;
        if (have_attr && (*st = commit_attr(t, &a, an, av)))
            return MK_NONE;
        goto emit;
    }
    if (have_attr && (*st = commit_attr(t, &a, an, av)))
        return MK_NONE;
    have_attr = false;
    goto before_attr_name;   /* unexpected-solidus-in-tag: reconsume */

emit:   /* p is at the '>' */
    tok_set(tok, is_end ? WN_HT_END : WN_HT_START, name, (size_t)(lt - t->base));
    tok->attrs = t->attrs;
    tok->nattrs = a.n;
    tok->self_closing = self_closing;
    if (!is_end)
        t->last_start = name;
    *next = p + 1;
    return MK_TOKEN;
eof:    /* eof-in-tag: the tag is dropped */
    *next = e;
    return MK_NONE;
}

static mk_result emit_comment(wn_ht *t, const char *lt, const char *s, const char *de,
                              const char *next_p, wn_ht_token *tok, const char **next)
{
    tok_set(tok, WN_HT_COMMENT, mkstr(s, de, WN_HT_STR_RAW, has_cr_nul(s, de)), (size_t)(lt - t->base));
    *next = next_p;
    return MK_TOKEN;
}

/* §13.2.5.41 bogus comment state: its data starts at s and ends at the next '>'. */
static mk_result bogus_comment(wn_ht *t, const char *lt, const char *s, wn_ht_token *tok,
                               const char **next)
{
    const char *gt = memchr(s, '>', (size_t)(t->end - s));
    if (!gt)
        return emit_comment(t, lt, s, t->end, t->end, tok, next);
    return emit_comment(t, lt, s, gt, gt + 1, tok, next);
}

/* The first '<' or '-' at or after p (e when none): the bytes that can change the state of a
 * comment's body (§13.2.5.45), 16 at a time (a comment can be a commented-out page). */
static const char *scan_comment_body(const char *p, const char *e)
{
#if defined(__SSE2__)
    const __m128i vl = _mm_set1_epi8('<'), vd = _mm_set1_epi8('-');
    while (e - p >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
        __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(v, vl), _mm_cmpeq_epi8(v, vd));
        unsigned m = (unsigned)_mm_movemask_epi8(hit);
        if (m)
            return p + __builtin_ctz(m);
        p += 16;
    }
#endif
    while (p < e && *p != '<' && *p != '-')
        p++;
    return p;
}

/* §13.2.5.43-52, from the byte after "<!--". The data is always the input from s to `de`
 * (the bytes the spec has appended so far): the dashes and "--!" it holds back are appended
 * in order or dropped at the end, never reordered. */
static mk_result comment(wn_ht *t, const char *lt, const char *s, wn_ht_token *tok,
                         const char **next)
{
    enum { START, START_DASH, BODY, LT, LT_BANG, LT_BANG_DASH, LT_BANG_DASH_DASH, END_DASH, END,
           END_BANG } state = START;
    const char *p = s, *de = s, *e = t->end;
    for (;;) {
        if (p == e)   /* eof-in-comment: emitted as it is */
            return emit_comment(t, lt, s, de, e, tok, next);
        char c = *p;
        switch (state) {
        case START:
            if (c == '-') {
                p++;
                state = START_DASH;
            } else if (c == '>') {   /* abrupt-closing-of-empty-comment */
                return emit_comment(t, lt, s, s, p + 1, tok, next);
            } else {
                state = BODY;
            }
            break;
        case START_DASH:
            if (c == '-') {
                p++;
                state = END;
            } else if (c == '>') {
                return emit_comment(t, lt, s, s, p + 1, tok, next);
            } else {
                de = p;
                state = BODY;
            }
            break;
        case BODY:
            p = scan_comment_body(p, e);
            de = p;
            if (p == e)
                break;
            if (*p == '<') {
                de = ++p;
                state = LT;
            } else {
                p++;
                state = END_DASH;
            }
            break;
        case LT:
            if (c == '!') {
                de = ++p;
                state = LT_BANG;
            } else if (c == '<') {
                de = ++p;
            } else {
                state = BODY;
            }
            break;
        case LT_BANG:
            if (c == '-') {
                p++;
                state = LT_BANG_DASH;
            } else {
                state = BODY;
            }
            break;
        case LT_BANG_DASH:
            if (c == '-') {
                p++;
                state = LT_BANG_DASH_DASH;
            } else {
                state = END_DASH;
            }
            break;
        case LT_BANG_DASH_DASH:   /* nested-comment when not '>': either way, comment end */
            state = END;
            break;
        case END_DASH:
            if (c == '-') {
                p++;
                state = END;
            } else {
                de = p;
                state = BODY;
            }
            break;
        case END:
            if (c == '>')
                return emit_comment(t, lt, s, de, p + 1, tok, next);
            if (c == '!') {
                p++;
                state = END_BANG;
            } else if (c == '-') {
                de = p - 1;
                p++;
            } else {
                de = p;
                state = BODY;
            }
            break;
        case END_BANG:
            if (c == '-') {
                de = p;
                p++;
                state = END_DASH;
            } else if (c == '>') {   /* incorrectly-closed-comment */
                return emit_comment(t, lt, s, de, p + 1, tok, next);
            } else {
                de = p;
                state = BODY;
            }
            break;
        }
    }
}

static bool ieq_lit(const char *p, const char *e, const char *lower_lit, size_t n)
{
    if ((size_t)(e - p) < n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (ht_lower((unsigned char)p[i]) != (unsigned char)lower_lit[i])
            return false;
    return true;
}

/* A quoted doctype identifier from p (after its quote): §13.2.5.58-59 and .64-65. */
static const char *doctype_id(const char *p, const char *e, char q, wn_ht_str *out, bool *closed)
{
    const char *s = p;
    while (p < e && *p != q && *p != '>')
        p++;
    *out = mkstr(s, p, WN_HT_STR_RAW, has_cr_nul(s, p));
    *closed = p < e && *p == q;
    return p;
}

/* §13.2.5.53-68, from the byte after "<!DOCTYPE". */
static mk_result doctype(wn_ht *t, const char *lt, const char *p, wn_ht_token *tok,
                         const char **next)
{
    const char *e = t->end;
    tok_set(tok, WN_HT_DOCTYPE, (wn_ht_str){ NULL, 0, 0, false }, (size_t)(lt - t->base));
    tok->force_quirks = true;   /* until a path below says otherwise */
    bool closed;
    while (p < e && ht_is_ws((unsigned char)*p))
        p++;
    if (p == e)
        goto done;
    if (*p == '>') {
        p++;
        goto done;
    }
    {   /* doctype name */
        const char *s = p;
        bool dirty = false;
        for (; p < e && !ht_is_ws((unsigned char)*p) && *p != '>'; p++)
            if ((unsigned)(*p - 'A') < 26 || *p == '\0')
                dirty = true;
        tok->has_name = true;
        tok->data = mkstr(s, p, WN_HT_STR_NAME, dirty);
    }
    while (p < e && ht_is_ws((unsigned char)*p))
        p++;
    if (p == e)
        goto done;
    if (*p == '>') {
        tok->force_quirks = false;
        p++;
        goto done;
    }
    bool public = ieq_lit(p, e, "public", 6);
    if (!public && !ieq_lit(p, e, "system", 6))
        goto bogus;   /* invalid-character-sequence-after-doctype-name */
    p += 6;
    while (p < e && ht_is_ws((unsigned char)*p))
        p++;
    if (p == e)
        goto done;
    if (*p == '>') {   /* missing identifier */
        p++;
        goto done;
    }
    if (*p != '"' && *p != '\'')
        goto bogus;
    if (public) {
        char q = *p++;
        tok->has_public = true;
        p = doctype_id(p, e, q, &tok->public_id, &closed);
        if (!closed) {   /* abrupt or eof */
            if (p < e)
                p++;
            goto done;
        }
        p++;
        /* §13.2.5.60-61: after the public identifier, between the identifiers */
        while (p < e && ht_is_ws((unsigned char)*p))
            p++;
        if (p == e)
            goto done;
        if (*p == '>') {
            tok->force_quirks = false;
            p++;
            goto done;
        }
        if (*p != '"' && *p != '\'')
            goto bogus;
    }
    {
        char q = *p++;
        tok->has_system = true;
        p = doctype_id(p, e, q, &tok->system_id, &closed);
        if (!closed) {
            if (p < e)
                p++;
            goto done;
        }
        p++;
    }
    /* §13.2.5.66 after the system identifier: anything else goes to the bogus state without
     * forcing quirks */
    while (p < e && ht_is_ws((unsigned char)*p))
        p++;
    if (p == e)
        goto done;
    tok->force_quirks = false;
    if (*p == '>') {
        p++;
        goto done;
    }
    goto bogus_keep;
bogus:
    tok->force_quirks = true;
bogus_keep:   /* §13.2.5.67 bogus doctype state */
    {
        const char *gt = memchr(p, '>', (size_t)(e - p));
        p = gt ? gt + 1 : e;
    }
done:
    *next = p;
    return MK_TOKEN;
}

/* The markup that starts at '<' (lt) in the data state: §13.2.5.6 tag open state onwards. */
static mk_result markup(wn_ht *t, const char *lt, wn_ht_token *tok, const char **next,
                        wn_status *st)
{
    const char *p = lt + 1, *e = t->end;
    if (p == e) {
        *next = e;
        return MK_TEXT;
    }
    if (ht_is_alpha((unsigned char)*p))
        return tag(t, lt, p, false, tok, next, st);
    if (*p == '/') {   /* §13.2.5.7 end tag open */
        p++;
        if (p == e) {
            *next = e;
            return MK_TEXT;
        }
        if (ht_is_alpha((unsigned char)*p))
            return tag(t, lt, p, true, tok, next, st);
        if (*p == '>') {   /* missing-end-tag-name: nothing */
            *next = p + 1;
            return MK_NONE;
        }
        return bogus_comment(t, lt, p, tok, next);
    }
    if (*p == '?')
        return bogus_comment(t, lt, p, tok, next);
    if (*p == '!') {   /* §13.2.5.42 markup declaration open */
        p++;
        if (e - p >= 2 && p[0] == '-' && p[1] == '-')
            return comment(t, lt, p + 2, tok, next);
        if (ieq_lit(p, e, "doctype", 7))
            return doctype(t, lt, p + 7, tok, next);
        if (t->foreign && e - p >= 7 && !memcmp(p, "[CDATA[", 7)) {
            const char *s = p + 7;
            const char *x = memmem(s, (size_t)(e - s), "]]>", 3);
            const char *de = x ? x : e;
            *next = x ? x + 3 : e;
            if (de == s)
                return MK_NONE;
            tok_set(tok, WN_HT_TEXT, mkstr(s, de, WN_HT_STR_CDATA, memchr(s, '\r', (size_t)(de - s)) != NULL),
                    (size_t)(s - t->base));
            return MK_TOKEN;
        }
        return bogus_comment(t, lt, p, tok, next);
    }
    *next = p;   /* invalid-first-character-of-tag-name: '<' is text, reconsume */
    return MK_TEXT;
}

/* ---- content states ----------------------------------------------------------------------- */

static wn_ht_type text_token(wn_ht_token *tok, const wn_ht *t, const char *s, const char *e,
                             wn_ht_str_kind kind, bool dirty)
{
    tok_set(tok, WN_HT_TEXT, mkstr(s, e, kind, dirty), (size_t)(s - t->base));
    return WN_HT_TEXT;
}

/* Returns the text [ts, p) and keeps m for the next call, or m itself when there is no text. */
static wn_ht_type text_then(wn_ht *t, wn_ht_token *tok, const char *ts, const char *p,
                            wn_ht_str_kind kind, bool dirty, const wn_ht_token *m)
{
    if (ts < p) {
        t->pending = *m;
        t->has_pending = true;
        return text_token(tok, t, ts, p, kind, dirty);
    }
    *tok = *m;
    return m->type;
}

static wn_ht_type eof_after(wn_ht *t, wn_ht_token *tok, const char *ts, wn_ht_str_kind kind,
                            bool dirty)
{
    t->p = t->end;
    if (ts < t->end)
        return text_token(tok, t, ts, t->end, kind, dirty);
    tok_set(tok, WN_HT_EOF, (wn_ht_str){ NULL, 0, 0, false }, (size_t)(t->end - t->base));
    return WN_HT_EOF;
}

static wn_ht_type data_state(wn_ht *t, wn_ht_token *tok, wn_status *st)
{
    const char *ts = t->p, *p = ts, *e = t->end;
    bool dirty = false;
    for (;;) {
        p = scan_text(p, e, '<', &dirty);
        if (p == e)
            return eof_after(t, tok, ts, WN_HT_STR_DATA, dirty);
        /* the markup token is written where it goes (after the text, into t->pending; else
         * into tok): markup() writes only what it returns as MK_TOKEN */
        const char *next;
        mk_result r = markup(t, p, ts < p ? &t->pending : tok, &next, st);
        if (*st)
            return eof_after(t, tok, e, WN_HT_STR_DATA, false);
        if (r == MK_TEXT) {
            p = next;
            continue;
        }
        t->p = next;
        if (r == MK_TOKEN) {
            if (ts == p)
                return tok->type;
            t->has_pending = true;
            return text_token(tok, t, ts, p, WN_HT_STR_DATA, dirty);
        }
        if (ts < p)
            return text_token(tok, t, ts, p, WN_HT_STR_DATA, dirty);
        ts = p = next;
        dirty = false;
    }
}

/* "</" + ASCII letters at lt: the letters are an appropriate end tag (§13.2.5.4: the last
 * start tag's name) followed by whitespace, '/' or '>'. *after is past the letters. */
static bool appropriate_end(const wn_ht *t, const char *lt, const char **after)
{
    const char *e = t->end, *s = lt + 2, *q = s;
    while (q < e && ht_is_alpha((unsigned char)*q))
        q++;
    *after = q;
    if (q == s || q == e || !(ht_is_ws((unsigned char)*q) || *q == '/' || *q == '>'))
        return false;
    wn_ht_str ls = t->last_start;
    if (ls.len != (uint32_t)(q - s))
        return false;
    for (uint32_t i = 0; i < ls.len; i++)
        if (ls.ptr[i] == '\0' || ht_lower((unsigned char)ls.ptr[i]) != ht_lower((unsigned char)s[i]))
            return false;
    return true;
}

/* An appropriate end tag at lt ends the text [ts, lt) of a raw state and returns the
 * tokenizer to the data state (§13.2.5.11 and the like: "switch to the data state and emit"). */
static wn_ht_type end_raw(wn_ht *t, wn_ht_token *tok, const char *ts, const char *lt,
                          wn_ht_str_kind kind, bool dirty, wn_status *st)
{
    const char *next;
    wn_ht_token m;
    mk_result r = tag(t, lt, lt + 2, true, &m, &next, st);
    if (*st || r != MK_TOKEN) {   /* eof-in-tag: the text is all there is */
        t->p = t->end;
        if (ts < lt)
            return text_token(tok, t, ts, lt, kind, dirty);
        return eof_after(t, tok, t->end, kind, false);
    }
    t->p = next;
    t->state = WN_HT_DATA;
    return text_then(t, tok, ts, lt, kind, dirty, &m);
}

/* RCDATA and RAWTEXT (§13.2.5.2-3, 9-14): text up to an appropriate end tag. */
static wn_ht_type raw_state(wn_ht *t, wn_ht_token *tok, wn_ht_str_kind kind, wn_status *st)
{
    const char *ts = t->p, *p = ts, *e = t->end;
    bool dirty = false;
    for (;;) {
        p = scan_text(p, e, '<', &dirty);
        if (p == e)
            return eof_after(t, tok, ts, kind, dirty);
        if (p + 1 < e && p[1] == '/') {
            const char *after;
            if (appropriate_end(t, p, &after))
                return end_raw(t, tok, ts, p, kind, dirty, st);
            p = after;
        } else {
            p++;
        }
    }
}

/* Letters at p spell "script" (any case) and are followed by whitespace, '/' or '>':
 * §13.2.5.26 and .31, the double-escape start and end. *after is past the letters. */
static bool script_word(const char *p, const char *e, const char **after)
{
    const char *q = p;
    while (q < e && ht_is_alpha((unsigned char)*q))
        q++;
    *after = q;
    return q - p == 6 && q < e && (ht_is_ws((unsigned char)*q) || *q == '/' || *q == '>') &&
           ieq_lit(p, q, "script", 6);
}

/* Script data (§13.2.5.4, 15-32): text up to an appropriate end tag outside the
 * double-escaped states. The escape states only decide where the text ends. */
static wn_ht_type script_state(wn_ht *t, wn_ht_token *tok, wn_status *st)
{
    enum { SD, ESC, ESC_DASH, ESC_DD, DESC, DESC_DASH, DESC_DD } s = SD;
    const char *ts = t->p, *p = ts, *e = t->end;
    bool dirty = false;
    while (p < e) {
        char c = *p;
        if (s == SD) {
            p = scan_text(p, e, '<', &dirty);
            if (p == e)
                break;
            if (p + 1 < e && p[1] == '/') {
                const char *after;
                if (appropriate_end(t, p, &after))
                    return end_raw(t, tok, ts, p, WN_HT_STR_RAW, dirty, st);
                p = after;
            } else if (p + 1 < e && p[1] == '!') {   /* escape start "<!--" */
                p += 2;
                if (p < e && *p == '-') {
                    p++;
                    if (p < e && *p == '-') {
                        p++;
                        s = ESC_DD;
                    }
                }
            } else {
                p++;
            }
            continue;
        }
        if (c == '\r' || c == '\0')
            dirty = true;
        if (s == ESC || s == ESC_DASH || s == ESC_DD) {
            if (c == '-') {
                p++;
                s = s == ESC ? ESC_DASH : ESC_DD;
            } else if (c == '<') {   /* §13.2.5.23 escaped less-than sign */
                p++;
                const char *after;
                if (p < e && *p == '/') {
                    if (appropriate_end(t, p - 1, &after))
                        return end_raw(t, tok, ts, p - 1, WN_HT_STR_RAW, dirty, st);
                    p = after;
                    s = ESC;
                } else if (p < e && ht_is_alpha((unsigned char)*p)) {
                    if (script_word(p, e, &after)) {
                        s = DESC;
                        p = after + 1;
                    } else {
                        s = ESC;
                        p = (after < e && (ht_is_ws((unsigned char)*after) || *after == '/' ||
                                           *after == '>')) ? after + 1 : after;
                    }
                } else {
                    s = ESC;
                }
            } else if (c == '>' && s == ESC_DD) {
                p++;
                s = SD;
            } else {
                p++;
                s = ESC;
            }
            continue;
        }
        /* double escaped */
        if (c == '-') {
            p++;
            s = s == DESC ? DESC_DASH : DESC_DD;
        } else if (c == '<') {   /* §13.2.5.30 double escaped less-than sign */
            p++;
            s = DESC;
            if (p < e && *p == '/') {
                const char *after;
                p++;
                if (script_word(p, e, &after)) {
                    s = ESC;
                    p = after + 1;
                } else {
                    p = (after < e && (ht_is_ws((unsigned char)*after) || *after == '/' ||
                                       *after == '>')) ? after + 1 : after;
                }
            }
        } else if (c == '>' && s == DESC_DD) {
            p++;
            s = SD;
        } else {
            p++;
            s = DESC;
        }
    }
    return eof_after(t, tok, ts, WN_HT_STR_RAW, dirty);
}

/* The next token into tok, outside a pending one. */
static wn_ht_type next_into(wn_ht *t, wn_ht_token *tok, wn_status *st)
{
    switch (t->state) {
    case WN_HT_RCDATA:
        return raw_state(t, tok, WN_HT_STR_RCDATA, st);
    case WN_HT_RAWTEXT:
        return raw_state(t, tok, WN_HT_STR_RAW, st);
    case WN_HT_SCRIPT:
        return script_state(t, tok, st);
    case WN_HT_PLAINTEXT:
        return eof_after(t, tok, t->p, WN_HT_STR_RAW, has_cr_nul(t->p, t->end));
    case WN_HT_CDATA: {   /* §13.2.5.69-71: text to "]]>", then the data state */
        const char *s = t->p;
        const char *x = memmem(s, (size_t)(t->end - s), "]]>", 3);
        if (!x)
            return eof_after(t, tok, s, WN_HT_STR_CDATA, has_cr_nul(s, t->end));
        t->state = WN_HT_DATA;
        t->p = x + 3;
        if (x > s)
            return text_token(tok, t, s, x, WN_HT_STR_CDATA, has_cr_nul(s, x));
        return data_state(t, tok, st);
    }
    case WN_HT_DATA:
    default:
        return data_state(t, tok, st);
    }
}

const wn_ht_token *wn_ht_next_ref(wn_ht *t, wn_status *st)
{
    *st = WN_OK;
    if (t->has_pending) {
        t->has_pending = false;
        return &t->pending;
    }
    /* the data state, of most tokens, straight: through next_into() it paid for the register
     * saves that its other states need */
    if (t->state == WN_HT_DATA)
        data_state(t, &t->cur, st);
    else
        next_into(t, &t->cur, st);
    return &t->cur;
}

wn_ht_type wn_ht_next(wn_ht *t, wn_ht_token *tok, wn_status *st)
{
    *tok = *wn_ht_next_ref(t, st);
    return tok->type;
}
