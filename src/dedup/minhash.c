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
#include "winnow/dedup.h"

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

static wn_status grow(uint64_t **out, size_t *cap, size_t need)
{
    if (need <= *cap)
        return WN_OK;
    size_t nc = *cap ? *cap : 256;
    while (nc < need)
        nc *= 2;
    uint64_t *v = wn_realloc(*out, nc * sizeof *v);
    if (!v)
        return WN_ERR_NOMEM;
    *out = v;
    *cap = nc;
    return WN_OK;
}

/* Words are short: up to 8 bytes are hashed as one loaded word (cheaper than the general
 * wn_hash64), longer ones with wn_hash64. */
static inline uint64_t word_hash(const char *p, size_t n, uint64_t seed)
{
    if (n <= 8) {
        uint64_t w = 0;
        memcpy(&w, p, n);
        return wn_mix64(w ^ seed ^ (n * 0x9e3779b97f4a7c15ULL));
    }
    return wn_hash64(p, n, seed);
}


wn_status wn_minhash_shingles(const wn_minhash_params *p, const char *s, size_t n,
                              uint64_t **out, size_t *count, size_t *cap)
{
    *count = 0;
    unsigned g = p->ngram ? p->ngram : 1;
    if (n == 0)
        return WN_OK;
    /* first pass: unit hashes (words or code points) into the tail of the array */
    size_t units = 0;
    for (size_t i = 0; i < n;) {
        size_t j;
        if (p->char_ngrams) {
            uint32_t cp;
            j = i + wn_utf8_decode(s + i, n - i, &cp);
        } else {
            j = i;
            while (j < n && s[j] != ' ')   /* words are short: a call to memchr costs more */
                j++;
        }
        if (units == *cap && grow(out, cap, units + 1))
            return WN_ERR_NOMEM;
        (*out)[units++] = word_hash(s + i, j - i, p->seed);
        i = p->char_ngrams ? j : j + 1;
    }
    /* in place: shingle i only reads units i..i+g-1, so writing it at i is safe. The units are
     * already well-mixed 64-bit hashes: rotating each by its place and xoring keeps the order
     * (a permutation of the words changes the result) at one multiply-mix per shingle. */
    size_t ns = units >= g ? units - g + 1 : 1;
    size_t span = units >= g ? g : units;
    uint64_t *u = *out, salt = p->seed ^ (0x5851f42d4c957f2dULL * g);
    for (size_t i = 0; i < ns; i++) {
        uint64_t h = salt;
        for (size_t k = 0; k < span; k++) {
            unsigned r = (unsigned)((k * 13) & 63);
            uint64_t w = u[i + k];
            h ^= r ? (w << r) | (w >> (64 - r)) : w;
        }
        u[i] = wn_mix64(h);
    }
    *count = ns;
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
    /* OPH: bin from the top bits (multiply-shift), minimum of the whole mixed value */
    bool filled_any = false;
    uint64_t filled[8] = { 0 };  /* bitmap of non-empty bins, k <= 512 */
    for (size_t i = 0; i < k; i++)
        sig[i] = UINT64_MAX;
    for (size_t j = 0; j < n; j++) {
        uint64_t v = sh[j];   /* already a mixed hash that depends on the seed */
        size_t b = (size_t)(((unsigned __int128)v * k) >> 64);
        if (v < sig[b])
            sig[b] = v;
        filled[b >> 6] |= 1ULL << (b & 63);
        filled_any = true;
    }
    if (!filled_any)
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
    return wn_hash64(sig + (size_t)b * p->rows, (size_t)p->rows * 8, p->seed ^ (0xb0b0ULL + b));
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
