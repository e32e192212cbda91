/* minhash.c: dedup normalisation, shingles, MinHash signatures and LSH band keys.
 *
 * DESIGN: the default signature is one permutation hashing (Li, Owen, Zhang 2012) with
 * optimal densification (Shrivastava, ICML 2017): each shingle hash is mixed once, its top
 * bits pick one of k bins and the bin keeps its minimum; an empty bin then borrows the value
 * of the first non-empty bin on its own fixed pseudo-random probe sequence. That costs
 * O(shingles + k) instead of O(shingles * k) and keeps the collision probability of each
 * value equal to the Jaccard similarity. The textbook k-hash scheme is kept as an option and
 * as the reference in tests and bench. */
#include <stdlib.h>
#include <string.h>
#include "dedup/dedup_impl.h"

void wn_minhash_params_default(wn_minhash_params *p)
{
    memset(p, 0, sizeof *p);
    p->ngram = 5;
    p->bands = 14;
    p->rows = 8;
    p->scheme = WN_MINHASH_OPH;
    p->seed = 0x1badcafe5eedULL;
}

/* ---- normalisation -------------------------------------------------------------------------- */

/* What an ASCII byte becomes: a letter lowercased, a digit '0', 0 for a separator. */
static const unsigned char AMAP[128] = {
      0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
      0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
      0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
     48,  48,  48,  48,  48,  48,  48,  48,  48,  48,   0,   0,   0,   0,   0,   0,
      0,  97,  98,  99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
    112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122,   0,   0,   0,   0,   0,
      0,  97,  98,  99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
    112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122,   0,   0,   0,   0,   0,
};

/* U+00C0..U+017F to base letters: one letter each, '#' = two-letter (see latin_pair),
 * ' ' = separator. */
static const char LATIN1[] =
    "aaaaaa#ceeeeiiii" "dnooooo ouuuuy##" "aaaaaa#ceeeeiiii" "dnooooo ouuuuy#y"   /* C0-FF */
    "aaaaaaccccccccdd" "ddeeeeeeeeeegggg" "gggghhhhiiiiiiii" "ii##jjkkklllllll"   /* 100-13F */
    "lllnnnnnnnnnoooo" "oo##rrrrrrssssss" "ssttttttuuuuuuuu" "uuuuwwyyyzzzzzzs";  /* 140-17F */

static const char *latin_pair(uint32_t cp)
{
    switch (cp) {
    case 0xC6: case 0xE6: return "ae";
    case 0xDE: case 0xFE: return "th";
    case 0xDF: return "ss";
    case 0x132: case 0x133: return "ij";
    case 0x152: case 0x153: return "oe";
    default: return "";
    }
}

/* Appends the normalised form of one non-ASCII code point: returns a pointer to bytes and a
 * length; *sep = true when it separates words. */
static size_t map_cp(uint32_t cp, char *tmp, bool *sep)
{
    *sep = false;
    if (cp >= 0xC0 && cp <= 0x17F) {
        char c = LATIN1[cp - 0xC0];
        if (c == ' ') { *sep = true; return 0; }
        if (c == '#') { const char *p = latin_pair(cp); size_t l = strlen(p); memcpy(tmp, p, l); return l; }
        tmp[0] = c;
        return 1;
    }
    if ((cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
        (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
        (cp >= 0xFE20 && cp <= 0xFE2F) || cp == 0x200B || cp == 0x200C || cp == 0x200D ||
        cp == 0x2060 || cp == 0xFEFF || cp == 0xAD)
        return 0; /* combining marks, zero-width characters, soft hyphen: nothing */
    if (cp < 0xC0 || (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x2E00 && cp <= 0x2E7F) ||
        (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF0F) ||
        (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
        (cp >= 0xFF5B && cp <= 0xFF65) || cp == 0x1680 || cp == 0xFFFD ||
        (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0x1F000 && cp <= 0x1FAFF)) {
        *sep = true; /* C1 controls, Latin-1 punctuation, general punctuation, symbols, emoji */
        return 0;
    }
    if ((cp >= 0x660 && cp <= 0x669) || (cp >= 0x6F0 && cp <= 0x6F9) ||
        (cp >= 0x966 && cp <= 0x96F) || (cp >= 0x9E6 && cp <= 0x9EF) ||
        (cp >= 0xFF10 && cp <= 0xFF19)) {
        tmp[0] = '0';
        return 1;
    }
    if (cp >= 0xFF21 && cp <= 0xFF3A) { tmp[0] = (char)('a' + (cp - 0xFF21)); return 1; }
    if (cp >= 0xFF41 && cp <= 0xFF5A) { tmp[0] = (char)('a' + (cp - 0xFF41)); return 1; }
    /* Greek: capitals down, tonos dropped */
    switch (cp) {
    case 0x386: case 0x3AC: cp = 0x3B1; break;
    case 0x388: case 0x3AD: cp = 0x3B5; break;
    case 0x389: case 0x3AE: cp = 0x3B7; break;
    case 0x38A: case 0x3AF: case 0x3CA: case 0x390: cp = 0x3B9; break;
    case 0x38C: case 0x3CC: cp = 0x3BF; break;
    case 0x38E: case 0x3CD: case 0x3CB: case 0x3B0: cp = 0x3C5; break;
    case 0x38F: case 0x3CE: cp = 0x3C9; break;
    default:
        if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2)
            cp += 0x20;
        else if (cp >= 0x410 && cp <= 0x42F)     /* Cyrillic capitals */
            cp += 0x20;
        else if (cp >= 0x400 && cp <= 0x40F)
            cp += 0x50;
        if (cp == 0x451)                          /* ё -> е */
            cp = 0x435;
    }
    return wn_utf8_encode(cp, tmp);
}

wn_status wn_dedup_normalize(const char *s, size_t n, wn_buf *out)
{
    /* every input byte maps to at most one output byte, except that a 2-byte code point may
     * become two letters (ss, ae): the output is never longer than the input */
    wn_status st = wn_buf_reserve(out, n + 8);
    if (st)
        return st;
    char *o = out->data + out->len, *start = o;
    /* Branch-free on ASCII: each byte is written mapped (separators as ' '), and the output
     * advances unless it is a space after a space, so runs collapse without a branch. */
    unsigned char prev = ' ';
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            unsigned char m = AMAP[c] ? AMAP[c] : ' ';
            *o = (char)m;
            o += (m != ' ') | (prev != ' ');
            prev = m;
            i++;
            continue;
        }
        char tmp[8];
        bool sep;
        uint32_t cp;
        i += wn_utf8_decode(s + i, n - i, &cp);
        size_t len = map_cp(cp, tmp, &sep);
        if (sep) {
            *o = ' ';
            o += prev != ' ';
            prev = ' ';
            continue;
        }
        for (size_t k = 0; k < len; k++)
            *o++ = tmp[k];
        if (len)
            prev = (unsigned char)tmp[len - 1];
    }
    if (o > start && o[-1] == ' ')
        o--;
    out->len = (size_t)(o - out->data);
    out->data[out->len] = '\0';
    return WN_OK;
}

/* ---- shingles ---------------------------------------------------------------------------------- */

/* Hashing words and shingles. A word is hashed from its normalised bytes as two zero-padded
 * little 8-byte loads folded by one 64x64->128 multiply (the "mum" of wyhash), with further
 * 8-byte chunks folded in for words over 16 bytes; the length is mixed in so that trailing zero
 * bytes cannot alias. A shingle of g words is the xor of its word hashes rotated by 13 x their
 * place (so the order of words counts), finished by wn_mix64: the xor form rolls, one shingle
 * to the next, in a few operations. The fused path (wn_shingler) and the reference path
 * (wn_minhash_shingles over wn_dedup_normalize) compute exactly these values; a test holds
 * them equal. */
#define W_K1 0xa0761d6478bd642fULL
#define W_K2 0xe7037ed1a0b428dbULL
#define W_K3 0x8ebc6af09c88c6e3ULL
#define W_K4 0x589965cc75374cc3ULL
#define W_ROT 13u

static const uint64_t LEN_MASK[9] = {
    0, 0xffULL, 0xffffULL, 0xffffffULL, 0xffffffffULL, 0xffffffffffULL, 0xffffffffffffULL,
    0xffffffffffffffULL, 0xffffffffffffffffULL,
};

static inline uint64_t mum(uint64_t a, uint64_t b)
{
    unsigned __int128 r = (unsigned __int128)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
}

static inline uint64_t rotl64(uint64_t x, unsigned r)
{
    r &= 63;
    return r ? (x << r) | (x >> (64 - r)) : x;
}

static inline uint64_t load_le(const char *p, size_t n)   /* n <= 8 bytes, zero-padded */
{
    uint64_t w = 0;
    memcpy(&w, p, n);
    return w;
}

/* the word hash from the first 16 bytes (already loaded and masked) */
static inline uint64_t word_head(uint64_t a, uint64_t b, size_t n, uint64_t seed)
{
    return mum(a ^ seed ^ W_K1, b ^ W_K2 ^ ((uint64_t)n * W_K3));
}

/* Any length, reading exactly n bytes: the reference, and the fused path's long words. */
static uint64_t word_hash(const char *p, size_t n, uint64_t seed)
{
    size_t la = n < 8 ? n : 8, lb = n <= 8 ? 0 : n - 8 < 8 ? n - 8 : 8;
    uint64_t h = word_head(load_le(p, la), load_le(p + 8, lb), n, seed);
    for (size_t off = 16; off < n; off += 8) {
        size_t l = n - off < 8 ? n - off : 8;
        h = mum(h ^ load_le(p + off, l) ^ W_K4, W_K1 ^ off);
    }
    return h;
}

/* In place: units (word or code point hashes) to shingle hashes; returns the count. Shingle i
 * only reads units i..i+g-1 and is written at i, so in place is safe. */
static size_t roll_shingles(uint64_t *u, size_t units, unsigned g, uint64_t seed)
{
    if (units == 0)
        return 0;
    uint64_t salt = seed ^ (0x5851f42d4c957f2dULL * g);
    size_t span = units >= g ? g : units;
    size_t ns = units >= g ? units - g + 1 : 1;
    uint64_t h = 0;
    for (size_t k = 0; k < span; k++)
        h ^= rotl64(u[k], (unsigned)(k * W_ROT));
    unsigned last = (unsigned)((g - 1) * W_ROT);
    for (size_t i = 0;; i++) {
        uint64_t w0 = u[i];
        u[i] = wn_mix64(h ^ salt);
        if (i + 1 == ns)
            break;
        /* drop unit i (rotation 0), shift every rotation down by 13, add unit i+g on top */
        h = rotl64(h ^ w0, 64 - W_ROT) ^ rotl64(u[i + g], last);
    }
    return ns;
}

/* order-dependent hash of the word sequence: the key of exact dedup */
static inline uint64_t text_key_add(uint64_t key, uint64_t w, size_t i)
{
    return key + mum(w ^ ((uint64_t)(i + 1) * 0x9e3779b97f4a7c15ULL), W_K2);
}

uint64_t wn_dedup_text_key(const char *norm, size_t n, uint64_t seed)
{
    uint64_t key = 0;
    size_t i = 0, idx = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && norm[j] != ' ')
            j++;
        if (j > i)
            key = text_key_add(key, word_hash(norm + i, j - i, seed), idx++);
        i = j + 1;
    }
    return idx ? key ^ (uint64_t)idx : 0;
}

wn_status wn_minhash_shingles(const wn_minhash_params *p, const char *s, size_t n,
                              uint64_t **out, size_t *count, size_t *cap)
{
    *count = 0;
    unsigned g = p->ngram ? p->ngram : 1;
    if (n == 0)
        return WN_OK;
    size_t units = 0;
    for (size_t i = 0; i < n;) {
        size_t j;
        if (p->char_ngrams) {
            uint32_t cp;
            j = i + wn_utf8_decode(s + i, n - i, &cp);
        } else {
            j = i;
            while (j < n && s[j] != ' ')
                j++;
        }
        /* a unit (word or character) takes at least one byte of the normalised text */
        wn_status st = units == *cap ? WN_GROW(*out, *cap, units + 1, 256, WN_DD_NORM_MAX) : WN_OK;
        if (st)
            return st;
        (*out)[units++] = word_hash(s + i, j - i, p->seed);
        i = p->char_ngrams ? j : j + 1;
    }
    *count = roll_shingles(*out, units, g, p->seed);
    return WN_OK;
}

/* ---- the fused path: raw text to shingle hashes ------------------------------------------- */

struct wn_shingler {
    wn_minhash_params p;
    char *norm;          /* normalised bytes, separators as ' ', runs not collapsed */
    uint64_t *sep;       /* bit i set: norm[i] separates words */
    size_t norm_cap, sep_cap;
    uint64_t *sh;
    size_t sh_cap;
    wn_buf nbuf;         /* character shingles go through wn_dedup_normalize */
};

wn_status wn_shingler_create(wn_shingler **out, const wn_minhash_params *p)
{
    *out = NULL;
    wn_shingler *s = wn_calloc(1, sizeof *s);
    if (!s)
        return WN_ERR_NOMEM;
    s->p = *p;
    wn_buf_init(&s->nbuf, WN_DD_NORM_MAX);
    *out = s;
    return WN_OK;
}

void wn_shingler_free(wn_shingler *s)
{
    if (!s)
        return;
    wn_free(s->norm);
    wn_free(s->sep);
    wn_free(s->sh);
    wn_buf_free(&s->nbuf);
    wn_free(s);
}

static inline void set_bit(uint64_t *bm, size_t i) { bm[i >> 6] |= 1ULL << (i & 63); }

/* ORs `bits` (up to 32 of them) in at bit offset o; the words were zeroed */
static inline void put_bits(uint64_t *bm, size_t o, uint64_t bits)
{
    unsigned sh = (unsigned)(o & 63);
    bm[o >> 6] |= bits << sh;
    bm[(o >> 6) + 1] |= (bits >> 1) >> (63 - sh);   /* the bits pushed out; none when sh = 0 */
}

/* first position >= pos whose bit is clear (a word byte), or L if none */
static inline size_t next_word(const uint64_t *bm, size_t pos, size_t L)
{
    size_t i = pos >> 6;
    uint64_t w = ~bm[i] & (~0ULL << (pos & 63));
    while (!w) {
        if ((++i << 6) >= L)
            return L;
        w = ~bm[i];
    }
    size_t r = (i << 6) + (size_t)__builtin_ctzll(w);
    return r < L ? r : L;
}

/* first position >= pos whose bit is set; bit L is set, so this stops */
static inline size_t next_sep(const uint64_t *bm, size_t pos)
{
    size_t i = pos >> 6;
    uint64_t w = bm[i] & (~0ULL << (pos & 63));
    while (!w)
        w = bm[++i];
    return (i << 6) + (size_t)__builtin_ctzll(w);
}

/* One code point (or an ASCII byte) the general way, at s[i]: writes its normalised bytes at
 * o, marks separators; returns the bytes read. */
static inline size_t norm_one(const char *s, size_t i, size_t n, char *o, size_t *olen, uint64_t *bm)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
        unsigned char m = AMAP[c];
        o[*olen] = m ? (char)m : ' ';
        if (!m)
            set_bit(bm, *olen);
        (*olen)++;
        return 1;
    }
    char tmp[8];
    bool sep;
    uint32_t cp;
    size_t used = wn_utf8_decode(s + i, n - i, &cp);
    size_t len = map_cp(cp, tmp, &sep);
    if (sep) {
        o[*olen] = ' ';
        set_bit(bm, *olen);
        (*olen)++;
    } else {
        memcpy(o + *olen, tmp, len);
        *olen += len;
    }
    return used;
}

#ifdef __SSE2__
#include <emmintrin.h>
/* 16 ASCII bytes: letters lowercased, digits to '0', the rest to ' '; returns the separator
 * bits (what AMAP does, 16 bytes at a time) */
static inline unsigned norm16(const char *s, char *o)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
    __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
    __m128i alpha = _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
                                  _mm_cmplt_epi8(lower, _mm_set1_epi8('z' + 1)));
    __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                                  _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
    __m128i word = _mm_or_si128(alpha, digit);
    __m128i r = _mm_or_si128(_mm_or_si128(_mm_and_si128(alpha, lower),
                                          _mm_and_si128(digit, _mm_set1_epi8('0'))),
                             _mm_andnot_si128(word, _mm_set1_epi8(' ')));
    _mm_storeu_si128((__m128i *)(void *)o, r);
    return ~(unsigned)_mm_movemask_epi8(word) & 0xffffu;
}

static inline bool ascii32(const char *s)
{
    __m128i a = _mm_loadu_si128((const __m128i *)(const void *)s);
    __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + 16));
    return _mm_movemask_epi8(_mm_or_si128(a, b)) == 0;
}
#endif

/* Normalises s into x->norm with the separator bitmap; returns the normalised length. The
 * output is never longer than the input (see wn_dedup_normalize). */
static size_t fused_normalize(wn_shingler *x, const char *s, size_t n)
{
    size_t o = 0, i = 0;
    char *out = x->norm;
    uint64_t *bm = x->sep;
#ifdef __SSE2__
    while (i + 32 <= n) {
        if (ascii32(s + i)) {
            uint64_t bits = norm16(s + i, out + o) | (uint64_t)norm16(s + i + 16, out + o + 16) << 16;
            put_bits(bm, o, bits);
            o += 32;
            i += 32;
        } else {
            /* the general path up to the end of this block (a code point may run past it) */
            size_t end = i + 32;
            while (i < end)
                i += norm_one(s, i, n, out, &o, bm);
        }
    }
#endif
    while (i < n)
        i += norm_one(s, i, n, out, &o, bm);
    return o;
}

/* The shingler's arrays hold at most one element per byte of the text, and 64 more (slack):
 * a text is at most a document's. */
#define SHINGLER_ARRAY_MAX (WN_DD_NORM_MAX + 64)

wn_status wn_shingler_text(wn_shingler *x, const char *s, size_t n, const uint64_t **hashes,
                           size_t *count, uint64_t *text_key)
{
    const wn_minhash_params *p = &x->p;
    *count = 0;
    *text_key = 0;
    *hashes = x->sh;
    if (n == 0)
        return WN_OK;
    if (p->char_ngrams) {
        wn_buf_reset(&x->nbuf);
        wn_status st = wn_dedup_normalize(s, n, &x->nbuf);
        if (st || (st = wn_minhash_shingles(p, x->nbuf.data, x->nbuf.len, &x->sh, count, &x->sh_cap)))
            return st;
        *hashes = x->sh;
        *text_key = wn_dedup_text_key(x->nbuf.data, x->nbuf.len, p->seed);
        return WN_OK;
    }
    /* room: the text, 32 bytes of store slack and 16 of read slack; a bitmap word past the end;
     * at most one word per two bytes (a word and a separator) plus one */
    size_t words_cap = n / 64 + 3;
    wn_status gs = WN_GROW(x->norm, x->norm_cap, n + 64, 1024, SHINGLER_ARRAY_MAX);
    if (!gs)
        gs = WN_GROW(x->sep, x->sep_cap, words_cap, 1024, SHINGLER_ARRAY_MAX);
    if (!gs)
        gs = WN_GROW(x->sh, x->sh_cap, n / 2 + 2, 1024, SHINGLER_ARRAY_MAX);
    if (gs)
        return gs;
    *hashes = x->sh;
    memset(x->sep, 0, words_cap * 8);
    size_t L = fused_normalize(x, s, n);
    memset(x->norm + L, 0, 16);
    x->sep[L >> 6] |= ~0ULL << (L & 63);   /* everything from L on separates */
    x->sep[(L >> 6) + 1] = ~0ULL;
    const char *nb = x->norm;
    const uint64_t *bm = x->sep;
    uint64_t *u = x->sh, key = 0, seed = p->seed;
    size_t units = 0;
    for (size_t a = next_word(bm, 0, L); a < L;) {
        size_t e = next_sep(bm, a), len = e - a;
        uint64_t w;
        if (len <= 16) {
            uint64_t lo, hi;
            memcpy(&lo, nb + a, 8);
            memcpy(&hi, nb + a + 8, 8);
            lo &= LEN_MASK[len < 8 ? len : 8];
            hi &= LEN_MASK[len <= 8 ? 0 : len - 8];
            w = word_head(lo, hi, len, seed);
        } else {
            w = word_hash(nb + a, len, seed);
        }
        key = text_key_add(key, w, units);
        u[units++] = w;
        a = next_word(bm, e, L);
    }
    *text_key = units ? key ^ (uint64_t)units : 0;
    *count = roll_shingles(u, units, p->ngram ? p->ngram : 1, seed);
    return WN_OK;
}

/* ---- signatures ---------------------------------------------------------------------------------- */

void wn_minhash_sign(const wn_minhash_params *p, const uint64_t *sh, size_t n, uint64_t *sig)
{
    size_t k = (size_t)p->bands * p->rows;
    if (p->scheme == WN_MINHASH_KPERM) {
        for (size_t i = 0; i < k; i++)
            sig[i] = UINT64_MAX;
        for (size_t j = 0; j < n; j++)
            for (size_t i = 0; i < k; i++) {
                uint64_t v = wn_mix64(sh[j] ^ (p->seed + 0x9e3779b97f4a7c15ULL * (i + 1)));
                if (v < sig[i])
                    sig[i] = v;
            }
        return;
    }
    /* OPH: bin from the top bits (multiply-shift), minimum of the whole mixed value. A bin
     * still at UINT64_MAX is empty (a shingle hashing to exactly that is as good as none). */
    for (size_t i = 0; i < k; i++)
        sig[i] = UINT64_MAX;
    for (size_t j = 0; j < n; j++) {
        uint64_t v = sh[j];   /* already a mixed hash that depends on the seed */
        size_t b = (size_t)(((unsigned __int128)v * k) >> 64);
        sig[b] = v < sig[b] ? v : sig[b];
    }
    if (n == 0)
        return;
    uint64_t filled[8] = { 0 };  /* bitmap of bins filled by shingles, k <= 512 */
    bool any_empty = false;
    for (size_t i = 0; i < k; i++) {
        bool f = sig[i] != UINT64_MAX;
        filled[i >> 6] |= (uint64_t)f << (i & 63);
        any_empty |= !f;
    }
    if (!any_empty)
        return;
    for (size_t i = 0; i < k; i++) {
        if (filled[i >> 6] >> (i & 63) & 1)
            continue;
        /* optimal densification: a fixed probe sequence per empty bin, the same for every
         * document, so that two documents borrow from the same bin when both are empty */
        for (uint64_t attempt = 1;; attempt++) {
            uint64_t h = wn_mix64(p->seed ^ (i << 32) ^ attempt ^ 0x5bd1e995ULL);
            size_t b = (size_t)(((unsigned __int128)h * k) >> 64);
            if (filled[b >> 6] >> (b & 63) & 1) {
                sig[i] = sig[b];
                break;
            }
        }
    }
}

uint64_t wn_minhash_band_key(const wn_minhash_params *p, const uint64_t *sig, unsigned b)
{
    /* the rows are already random 64-bit values: a multiply-fold chain is enough to combine
     * them (a general byte hash cost 5x more) */
    const uint64_t *r = sig + (size_t)b * p->rows;
    uint64_t h = p->seed ^ (0xb0b0ULL + b) * W_K3;
    for (unsigned i = 0; i < p->rows; i++)
        h = mum(h ^ r[i], W_K4);
    return wn_mix64(h);
}

void wn_minhash_compact(const uint64_t *sig, size_t k, uint16_t *out)
{
    for (size_t i = 0; i < k; i++)
        out[i] = (uint16_t)wn_mix64(sig[i] ^ 0xc0ffeeULL);
}

double wn_minhash_estimate(const uint16_t *a, const uint16_t *b, size_t k)
{
    size_t m = 0;
    for (size_t i = 0; i < k; i++)
        m += a[i] == b[i];
    double p = (double)m / (double)k, c = 1.0 / 65536.0;
    double j = (p - c) / (1.0 - c);
    return j < 0 ? 0 : j;
}

double wn_minhash_estimate_full(const uint64_t *a, const uint64_t *b, size_t k)
{
    size_t m = 0;
    for (size_t i = 0; i < k; i++)
        m += a[i] == b[i];
    return (double)m / (double)k;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static size_t sort_unique(uint64_t *v, size_t n)
{
    qsort(v, n, 8, cmp_u64);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || v[m - 1] != v[i])
            v[m++] = v[i];
    return m;
}

double wn_jaccard_exact(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
    uint64_t *x = wn_malloc((na + 1) * 8), *y = wn_malloc((nb + 1) * 8);
    double r = -1;
    if (x && y) {
        memcpy(x, a, na * 8);
        memcpy(y, b, nb * 8);
        na = sort_unique(x, na);
        nb = sort_unique(y, nb);
        size_t i = 0, j = 0, inter = 0;
        while (i < na && j < nb) {
            if (x[i] == y[j]) { inter++; i++; j++; }
            else if (x[i] < y[j]) i++;
            else j++;
        }
        size_t uni = na + nb - inter;
        r = uni ? (double)inter / (double)uni : 1.0;
    }
    wn_free(x);
    wn_free(y);
    return r;
}
