/* stopwords.c: per-language stop-word lists, loaded from stopwords-iso's JSON at run time.
 *
 * DESIGN: one open-addressing hash table maps a word to a 64-bit mask of the languages that
 * list it, so a page's words are looked up once whatever the number of languages. The table
 * (about 20k words, 1.5 MB) is larger than a core's cache, so a lookup costs cache misses:
 * a 32 KB filter of hash bits answers most other words without touching it, and a slot holds
 * its word's first 8 bytes, so short words are compared without a second miss in the word
 * pool. The table is sized once from the file (each grow touched fresh pages, and page
 * faults are most of the load time). It is built once and never written again: threads share
 * it without locks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "common/check.h"
#include "common/json.h"
#include "html/stopwords.h"

typedef struct {
    uint64_t head;  /* the word's first 8 bytes, zero-padded */
    uint64_t mask;
    uint32_t off;
    uint32_t len;   /* 0 = empty slot */
} sw_slot;

/* a slot's offset into the pool is 32 bits: the pool's cap keeps it so */
_Static_assert(WN_STOPWORDS_FILE_MAX <= UINT32_MAX, "pool offsets are uint32_t");

#define FILTER_WORDS 4096   /* 2^18 bits, two per stop word: ~3% of other words get through */

struct wn_stopwords {
    char langs[WN_STOPWORDS_MAX_LANGS][8];
    size_t lang_size[WN_STOPWORDS_MAX_LANGS];
    size_t n_langs;
    sw_slot *slots;
    size_t cap;      /* power of two */
    size_t used;
    wn_buf pool;     /* word bytes */
    uint64_t filter[FILTER_WORDS];   /* two bits per word, both in one 64-bit word */
};

static inline uint64_t sw_load64(const char *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static inline uint64_t sw_load32(const char *p) { uint32_t v; memcpy(&v, p, 4); return v; }

/* A word's hash from at most four loads that overlap inside it (as wyhash reads short keys):
 * every word here is at most WN_STOPWORD_MAX_LEN bytes, and a lookup per word of every page
 * spent most of its hashing in the general wn_hash64's byte-at-a-time tail. A collision costs
 * only a compare (find() checks the word); the table and its filter use bits from all 64. */
static inline uint64_t sw_word_hash(const char *w, size_t n)
{
    WN_ASSERT(n > 0 && n <= WN_STOPWORD_MAX_LEN);
    uint64_t a, b;
    if (n >= 8) {
        a = sw_load64(w);
        b = sw_load64(w + n - 8);
        if (n > 16) {
            a ^= wn_fold64(sw_load64(w + 8) ^ 0x8ebc6af09c88c6e3ULL, 0x589965cc75374cc3ULL);
            b ^= wn_fold64(sw_load64(w + n - 16) ^ 0x1d8e4e27c47d124fULL, 0xa0761d6478bd642fULL);
        }
    } else if (n >= 4) {
        a = sw_load32(w);
        b = sw_load32(w + n - 4);
    } else {
        a = (uint64_t)(unsigned char)w[0] << 16 | (uint64_t)(unsigned char)w[n / 2] << 8 |
            (unsigned char)w[n - 1];
        b = 0;
    }
    return wn_mix64(wn_fold64(a ^ 0xa0761d6478bd642fULL ^ n, b ^ 0xe7037ed1a0b428dbULL));
}

/* little-endian loads from bytes (one load on such machines): the head below shifts them */
static inline uint64_t sw_le32(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    return (uint64_t)u[0] | (uint64_t)u[1] << 8 | (uint64_t)u[2] << 16 | (uint64_t)u[3] << 24;
}

/* The word's first 8 bytes, zero-padded, from loads inside it (no call for a short copy). */
static inline uint64_t sw_word_head(const char *w, size_t n)
{
    if (n >= 8)
        return sw_le32(w) | sw_le32(w + 4) << 32;
    if (n >= 4)     /* the two halves overlap on equal bytes: or-ing them is exact */
        return sw_le32(w) | sw_le32(w + n - 4) << (8 * (n - 4));
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v |= (uint64_t)(unsigned char)w[i] << (8 * i);
    return v;
}

/* The filter word and its two bits for hash h, from bits that the slot index does not use. */
static inline size_t filter_index(uint64_t h) { return (size_t)(h >> 40) & (FILTER_WORDS - 1); }
static inline uint64_t filter_bits(uint64_t h) { return (1ULL << ((h >> 20) & 63)) | (1ULL << ((h >> 26) & 63)); }

static const sw_slot *find(const wn_stopwords *sw, const char *w, size_t n, uint64_t h)
{
    uint64_t head = sw_word_head(w, n);
    size_t i = (size_t)h & (sw->cap - 1);
    for (;;) {
        const sw_slot *s = &sw->slots[i];
        if (!s->len)
            return s;
        if (s->head == head && s->len == n && (n <= 8 || !memcmp(sw->pool.data + s->off + 8, w + 8, n - 8)))
            return s;
        i = (i + 1) & (sw->cap - 1);
    }
}

/* Grows the table to at least min_cap slots (a power of two, 4096 or more). */
static wn_status sw_grow(wn_stopwords *sw, size_t min_cap)
{
    size_t ncap = sw->cap ? sw->cap * 2 : 4096;
    while (ncap < min_cap)
        ncap *= 2;
    sw_slot *ns = wn_calloc(ncap, sizeof *ns);
    if (!ns)
        return WN_ERR_NOMEM;
    for (size_t i = 0; i < sw->cap; i++) {
        sw_slot *s = &sw->slots[i];
        if (!s->len)
            continue;
        size_t j = (size_t)sw_word_hash(sw->pool.data + s->off, s->len) & (ncap - 1);
        while (ns[j].len)
            j = (j + 1) & (ncap - 1);
        ns[j] = *s;
    }
    wn_free(sw->slots);
    sw->slots = ns;
    sw->cap = ncap;
    return WN_OK;
}

static wn_status add_word(wn_stopwords *sw, const char *w, size_t n, int lang)
{
    if (n == 0 || n > WN_STOPWORD_MAX_LEN)
        return WN_OK;
    char low[WN_STOPWORD_MAX_LEN];
    for (size_t i = 0; i < n; i++) {
        char c = w[i];
        low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    if ((sw->used + 1) * 2 > sw->cap && sw_grow(sw, 0))
        return WN_ERR_NOMEM;
    uint64_t h = sw_word_hash(low, n);
    sw_slot *s = (sw_slot *)find(sw, low, n, h);
    if (!s->len) {
        s->head = sw_word_head(low, n);
        s->off = (uint32_t)sw->pool.len;
        s->len = (uint32_t)n;
        s->mask = 0;
        wn_status st = wn_buf_append(&sw->pool, low, n);
        if (st)
            return st;
        sw->used++;
    }
    sw->filter[filter_index(h)] |= filter_bits(h);
    if (!(s->mask & (1ULL << lang)))
        sw->lang_size[lang]++;
    s->mask |= 1ULL << lang;
    return WN_OK;
}

static wn_status parse(wn_stopwords *sw, const char *path, const char *p, size_t n, char *err, size_t err_cap)
{
    wn_json j;
    wn_json_init(&j, p, n);
    wn_slice key, val;
    wn_buf tmp;
    wn_buf_init(&tmp, 1 << 16);
    wn_status st = wn_json_object_begin(&j);
    while (!st && (st = wn_json_object_next(&j, &key, &val)) == WN_OK) {
        wn_buf_reset(&tmp);
        if ((st = wn_json_decode_string(key, &tmp)))
            break;
        if (sw->n_langs >= WN_STOPWORDS_MAX_LANGS || tmp.len == 0 || tmp.len >= 8)
            continue;
        int lang = (int)sw->n_langs++;
        memcpy(sw->langs[lang], tmp.data, tmp.len + 1);
        /* the value was validated by wn_json_object_next: walk the array's strings */
        wn_json a;
        wn_json_init(&a, val.ptr, val.len);
        wn_json_ws(&a);
        if (a.p >= a.end || *a.p != '[') {
            st = WN_ERR_FORMAT;
            break;
        }
        a.p++;
        for (;;) {
            if (wn_json_ws(&a) || *a.p == ']')
                break;
            if (*a.p == '"') {
                /* a string, valid already: its end is the first quote that no backslash escapes,
                 * and one without a backslash is its own decoded form (most words) */
                const char *q = a.p + 1;
                bool escaped = false;
                while (*q != '"') {
                    if (*q == '\\')
                        escaped = true, q++;
                    q++;
                }
                wn_slice item = { a.p, (size_t)(q + 1 - a.p) };
                a.p = q + 1;
                if (!escaped) {
                    st = add_word(sw, item.ptr + 1, item.len - 2, lang);
                } else {
                    wn_buf_reset(&tmp);
                    if (!(st = wn_json_decode_string(item, &tmp)))
                        st = add_word(sw, tmp.data, tmp.len, lang);
                }
                if (st)
                    break;
            } else {
                wn_slice item;
                if ((st = wn_json_value(&a, &item)))
                    break;
            }
            wn_json_ws(&a);
            if (a.p < a.end && *a.p == ',')
                a.p++;
        }
        if (st)
            break;
    }
    wn_buf_free(&tmp);
    if (st == WN_END)
        st = WN_OK;
    if (st)
        snprintf(err, err_cap, "%s: bad stop-word JSON at byte %zu: %s", path, j.err_off, j.err ? j.err : wn_strerror(st));
    return st;
}

wn_status wn_stopwords_load(wn_stopwords **out, const char *path, char *err, size_t err_cap)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, err_cap, "%s: cannot open", path);
        return WN_ERR_IO;
    }
    wn_buf b;
    wn_buf_init(&b, WN_STOPWORDS_FILE_MAX);
    char chunk[65536];
    size_t got;
    wn_status st = WN_OK;
    while (!st && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
        st = wn_buf_append(&b, chunk, got);
    fclose(f);
    if (st) {
        snprintf(err, err_cap, "%s: %s", path, wn_strerror(st));
        wn_buf_free(&b);
        return st;
    }
    wn_stopwords *sw = wn_calloc(1, sizeof *sw);
    if (!sw) {
        wn_buf_free(&b);
        return WN_ERR_NOMEM;
    }
    wn_buf_init(&sw->pool, WN_STOPWORDS_FILE_MAX);
    /* every word is a JSON string: two quotes each bound the number of words */
    size_t quotes = 0;
    /* an empty file leaves b.data NULL, and NULL + 0 is undefined: no end pointer then */
    for (const char *q = b.data, *e = q ? q + b.len : q; q && (q = memchr(q, '"', (size_t)(e - q))); q++)
        quotes++;
    st = sw_grow(sw, quotes + 2);   /* a load of at most one half: room for quotes / 2 words */
    if (!st)
        st = parse(sw, path, b.data ? b.data : "", b.len, err, err_cap);
    wn_buf_free(&b);
    if (st) {
        wn_stopwords_free(sw);
        return st;
    }
    *out = sw;
    return WN_OK;
}

bool wn_stopwords_default_path(const char *dir, char *buf, size_t cap)
{
    const char *env = getenv("WINNOW_STOPWORDS");
    if (env && *env) {
        snprintf(buf, cap, "%s", env);
        return access(buf, R_OK) == 0;
    }
    if (!dir)
        return false;
    static const char *const rel[] = { "/../data/stopwords-iso.json", "/data/stopwords-iso.json" };
    for (size_t i = 0; i < 2; i++) {
        snprintf(buf, cap, "%s%s", dir, rel[i]);
        if (access(buf, R_OK) == 0)
            return true;
    }
    return false;
}

size_t wn_stopwords_languages(const wn_stopwords *sw)
{
    return sw ? sw->n_langs : 0;
}

void wn_stopwords_free(wn_stopwords *sw)
{
    if (!sw)
        return;
    wn_free(sw->slots);
    wn_buf_free(&sw->pool);
    wn_free(sw);
}

uint64_t wn_stopwords_mask(const wn_stopwords *sw, const char *w, size_t n)
{
    if (n == 0 || n > WN_STOPWORD_MAX_LEN)
        return 0;
    uint64_t h = sw_word_hash(w, n), b = filter_bits(h);
    if ((sw->filter[filter_index(h)] & b) != b)
        return 0;   /* never added: adding sets both bits, nothing clears them */
    const sw_slot *s = find(sw, w, n, h);
    return s->len ? s->mask : 0;
}

/* The cache's slow path, kept out of line so that a hit saves no registers. */
static __attribute__((noinline)) uint64_t cache_miss(const wn_stopwords *sw, wn_stopword_cache *c,
                                                     const char *w, size_t n, uint64_t head)
{
    if (c->sw != sw) {
        memset(c->slots, 0, sizeof c->slots);
        c->sw = sw;
    }
    wn_stopword_cache_slot *s = &c->slots[((head ^ n) * 0x9E3779B97F4A7C15ULL) >> 54];
    s->mask = wn_stopwords_mask(sw, w, n);
    s->head = head;
    s->len = (uint32_t)n;
    return s->mask;
}

uint64_t wn_stopwords_mask_cached(const wn_stopwords *sw, wn_stopword_cache *c, const char *w, size_t n)
{
    if (n == 0 || n > 8)
        return wn_stopwords_mask(sw, w, n);
    uint64_t head = sw_word_head(w, n);
    const wn_stopword_cache_slot *s = &c->slots[((head ^ n) * 0x9E3779B97F4A7C15ULL) >> 54];
    _Static_assert(WN_STOPWORD_CACHE_SLOTS == 1 << 10, "the slot is the top 10 bits");
    if (s->len == n && s->head == head && c->sw == sw)
        return s->mask;
    return cache_miss(sw, c, w, n, head);
}

int wn_stopwords_lang_index(const wn_stopwords *sw, const char *code, size_t n)
{
    char c2[8];
    size_t m = 0;
    while (m < n && m < 7 && code[m] != '-' && code[m] != '_') {
        char c = code[m];
        c2[m++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    c2[m] = 0;
    if (!m)
        return -1;
    for (size_t i = 0; i < sw->n_langs; i++)
        if (!strcmp(sw->langs[i], c2))
            return (int)i;
    return -1;
}

size_t wn_stopwords_lang_size(const wn_stopwords *sw, int i)
{
    return i >= 0 && (size_t)i < sw->n_langs ? sw->lang_size[i] : 0;
}
