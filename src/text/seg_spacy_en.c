/* seg_spacy_en.c: spaCy's English tokenizer (blank("en")) and sentencizer.
 *
 * DESIGN: the text is cut into white-space and non-white-space chunks as spaCy's
 * _tokenize_affixes does. A chunk that is a special case becomes its tokens; otherwise
 * _split_affixes strips prefixes and suffixes one pair per round (stopping early where what is
 * left, or what is left without the new prefix or suffix, is a special case), then the middle
 * is a special case, a URL, or is cut at its infixes; then the matcher pass of
 * _apply_special_cases merges adjacent tokens that spell a special case the affix rules split
 * (":)" after a word). Prefix, suffix and infix searches follow Python's re semantics: the
 * first alternative that matches at the start; the leftmost start that matches to the end;
 * non-overlapping leftmost matches. Chunks are decoded once into a code-point array that the
 * segmenter keeps; a chunk of ASCII letters only, or digits only, is one token unless it is a
 * special case (no rule can split it), which is most English words. */
#include <pthread.h>
#include <string.h>
#include "winnow/doc.h"
#include "common/check.h"
#include "common/grow.h"
#include "text/seg_spacy_en.h"
#include "text/seg_spacy_en_impl.h"

/* ---- special cases ---------------------------------------------------------------------- */

#define SP_MAX_PIECES 3

struct sp_special_src {
    const char *key;
    int n;
    int len[SP_MAX_PIECES];
};

#include "text/seg_spacy_en_tables.inc"

#define N_SPECIALS (sizeof sp_specials_src / sizeof sp_specials_src[0])
#define SP_HASH_SLOTS 4096   /* power of two, more than twice the special cases */
#define SP_MAX_PATTERN 16    /* tokens of a matcher pattern, at most (emoticons reach 11) */

typedef struct {
    const struct sp_special_src *src;   /* NULL: empty slot */
    uint64_t h;
    uint32_t keylen;
    /* the matcher pattern: the key's tokens without special cases, when the key has a prefix,
     * suffix or infix (spaCy's faster_heuristics); 0 = not in the matcher */
    uint32_t npat;
    uint32_t pat[SP_MAX_PATTERN];   /* byte length of each pattern token */
} sp_special;

static sp_special sp_table[SP_HASH_SLOTS];
static uint32_t sp_max_keylen;
/* a filter in front of the table: one bit per (first byte, last byte, length) hash, set for
 * every key. Most words are no special case, and one bit test turns them away without hashing
 * all their bytes. */
#define SP_FILTER_BITS 65536
static uint64_t sp_filter[SP_FILTER_BITS / 64];

static inline size_t filter_bit(const char *p, size_t n)
{
    uint32_t x = (uint32_t)(unsigned char)p[0] * 0x9E37u ^ (uint32_t)(unsigned char)p[n - 1] * 0x85EBu ^
                 (uint32_t)n * 0xC2B2u;
    return (x ^ (x >> 13)) & (SP_FILTER_BITS - 1);
}
static bool sp_punct_ascii[128];
/* the ASCII characters that can start an infix (see infix_at) */
static bool sp_infix_ascii[128];
/* a "plain" letter of the BMP (SP_PLAIN; letters past the BMP are never taken as plain) */
static inline bool plain_letter(uint32_t cp)
{
    return cp < 0x10000 && (sp_class(cp) & SP_PLAIN);
}
static pthread_once_t sp_once = PTHREAD_ONCE_INIT;

static uint64_t fnv(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
    return h;
}

/* each slot's key hash with bit 0 set, 0 for an empty slot: the probes read this compact array
 * (32 KB) and touch a slot of sp_table (88 bytes each, 360 KB in all, mostly out of cache)
 * only when its hash matches */
static uint64_t sp_slot_hash[SP_HASH_SLOTS];

static const sp_special *special_lookup(const char *p, size_t n)
{
    uint64_t h = fnv(p, n), tag = h | 1;
    for (size_t i = h & (SP_HASH_SLOTS - 1);; i = (i + 1) & (SP_HASH_SLOTS - 1)) {
        uint64_t t = sp_slot_hash[i];
        if (!t)
            return NULL;
        const sp_special *e = &sp_table[i];
        if (t == tag && e->h == h && e->keylen == n && memcmp(e->src->key, p, n) == 0)
            return e;
    }
}

/* the special case spelled p[0, n), or NULL */
static inline const sp_special *special_get(const char *p, size_t n)
{
    if (n == 0 || n > sp_max_keylen)
        return NULL;
    size_t bit = filter_bit(p, n);
    if (!(sp_filter[bit / 64] >> (bit % 64) & 1))
        return NULL;
    return special_lookup(p, n);
}

/* ---- the segmenter ---------------------------------------------------------------------- */

/* a match the special-case matcher keeps: the special case and the tokens it covers */
typedef struct sp_match {
    const sp_special *sp;
    uint32_t len;
} sp_match;

struct wn_spacy_en {
    wn_stok *toks;
    size_t ntok, cap;
    uint32_t *cps;       /* the chunk's code points */
    uint32_t *boff;      /* byte offset (in the text) of each, plus one past the end */
    size_t ccap, bcap;
    uint32_t *sufs;      /* start of each suffix split off, innermost last */
    size_t scap;
    struct sp_match *mspec;   /* the matcher's kept matches in one chunk */
    size_t mcap;
    wn_stok *spare;      /* the chunk's tokens rebuilt by the matcher */
    size_t spcap;
    bool specials;       /* false while building the matcher patterns */
    bool general_only;   /* the fast paths skipped (wn_spacy_en_general_path_only) */
};

/* the token array's growth, out of line: push_tok's common case is one store */
static wn_status __attribute__((noinline)) grow_toks(wn_spacy_en *s)
{
    /* tokens of one document: each takes at least one of its bytes */
    return WN_GROW(s->toks, s->cap, s->ntok + 1, 1024, WN_DOC_BYTES_MAX);
}

static inline wn_status push_tok(wn_spacy_en *s, size_t off, size_t len, uint32_t flags)
{
    WN_ASSERT(len > 0);
    if (s->ntok == s->cap) {
        wn_status st = grow_toks(s);
        if (st)
            return st;
    }
    s->toks[s->ntok++] = (wn_stok){ (uint32_t)off, (uint32_t)len, flags };
    return WN_OK;
}

static inline bool d09(uint32_t cp)
{
    return cp - '0' < 10;
}

static inline uint32_t cls(uint32_t cp)
{
    return sp_class(cp);
}

/* find_prefix on c[lo, hi): the length of the first alternative that matches at lo */
static size_t find_prefix(const uint32_t *c, size_t lo, size_t hi)
{
    if (lo >= hi)
        return 0;
    uint32_t a = c[lo];
    if (a == '+')   /* \+(?![0-9]) */
        return lo + 1 < hi && d09(c[lo + 1]) ? 0 : 1;
    if (a == '.') { /* \.\.+ */
        size_t k = lo;
        while (k < hi && c[k] == '.')
            k++;
        return k - lo >= 2 ? k - lo : 0;
    }
    if (cls(a) & SP_PRE1)
        return 1;
    if ((a == 'U' && lo + 2 < hi && c[lo + 1] == 'S' && c[lo + 2] == '$'))
        return 3;
    if ((a == 'C' || a == 'A') && lo + 1 < hi && c[lo + 1] == '$')
        return 2;
    return 0;
}

/* find_suffix on c[lo, hi): length of the leftmost suffix match that runs to the end */
static size_t find_suffix(const uint32_t *c, size_t lo, size_t hi)
{
    if (lo >= hi)
        return 0;
    size_t n = hi - lo, best = 0;
    uint32_t z = c[hi - 1];
    if (z == '.') {
        size_t k = hi;
        while (k > lo && c[k - 1] == '.')
            k--;
        if (hi - k >= 2)
            best = hi - k;      /* \.\.+$ */
    }
    /* units and currency after an ASCII digit: up to 5 code points */
    if (cls(z) & SP_UNITEND)
        for (size_t L = n - 1 < 5 ? n - 1 : 5; L > best && L >= 1; L--)
            if (d09(c[hi - L - 1]) && sp_unit_or_currency(c, hi - L, hi)) {
                best = L;
                break;
            }
    if (best >= 2)
        return best;
    if (n >= 2) {
        uint32_t y = c[hi - 2];
        if (y == 0x2026 && z == 0x2026)
            return 2;           /* "……" */
        if ((y == '\'' || y == 0x2019) && (z == 's' || z == 'S'))
            return 2;           /* 's 'S ’s ’S */
    }
    if (best)
        return best;
    if (cls(z) & SP_SUF1)
        return 1;
    if (n >= 2 && z == '+' && d09(c[hi - 2]))
        return 1;
    if (z == '.' && n >= 2) {
        uint32_t y = c[hi - 2];
        if (n >= 3 && c[hi - 3] == 0xB0 && (y == 'F' || y == 'f' || y == 'C' || y == 'c' ||
                                            y == 'K' || y == 'k'))
            return 1;
        if (cls(y) & SP_DOTLB)
            return 1;
        if (n >= 3 && (cls(y) & SP_UPPER) && (cls(c[hi - 3]) & SP_UPPER))
            return 1;
    }
    return 0;
}

/* the infix pattern at position i of c[lo, hi): match length, or 0 */
static size_t infix_at(const uint32_t *c, size_t lo, size_t i, size_t hi)
{
    uint32_t a = c[i];
    /* every alternative below starts with one of these characters: any other (most letters
     * of a chunk) is no infix, told by one table look-up */
    if (a < 0x80 ? !sp_infix_ascii[a]
                 : (a != 0x2026 && a != 0x2014 && a != 0x2013 && !(cls(a) & SP_ICON)))
        return 0;
    uint32_t prev = i > lo ? c[i - 1] : 0;
    bool has_prev = i > lo, has_next = i + 1 < hi;
    uint32_t next = has_next ? c[i + 1] : 0;
    if (a == '.' && has_next && next == '.') {
        size_t k = i;
        while (k < hi && c[k] == '.')
            k++;
        return k - i;
    }
    if (a == 0x2026)
        return 1;
    uint32_t ka = cls(a);
    if (ka & SP_ICON)
        return 1;
    if (!has_prev || !has_next)
        return 0;
    uint32_t kp = cls(prev), kn = cls(next);
    /* (?<=[0-9])[+\-\*^](?=[0-9-]) */
    if (d09(prev) && (a == '+' || a == '-' || a == '*' || a == '^') && (d09(next) || next == '-'))
        return 1;
    /* (?<=[{al}{q}])\.(?=[{au}{q}]) */
    if (a == '.' && (kp & (SP_LOWER | SP_QUOTE)) && (kn & (SP_UPPER | SP_QUOTE)))
        return 1;
    /* (?<=[{a}]),(?=[{a}]) */
    if (a == ',' && (kp & SP_ALPHA) && (kn & SP_ALPHA))
        return 1;
    bool pa = (kp & SP_ALPHA) || d09(prev);
    /* (?<=[{a}0-9])(?:-|–|—|--|---|——|~)(?=[{a}]) */
    if (pa) {
        if (a == '-' || a == 0x2014) {
            if (kn & SP_ALPHA)
                return 1;
            if (next == a && i + 2 < hi && (cls(c[i + 2]) & SP_ALPHA))
                return 2;
            if (a == '-' && next == '-' && i + 3 < hi && c[i + 2] == '-' &&
                (cls(c[i + 3]) & SP_ALPHA))
                return 3;
        } else if ((a == 0x2013 || a == '~') && (kn & SP_ALPHA)) {
            return 1;
        }
        /* (?<=[{a}0-9])[:<>=/](?=[{a}]) */
        if ((a == ':' || a == '<' || a == '>' || a == '=' || a == '/') && (kn & SP_ALPHA))
            return 1;
    }
    return 0;
}

static bool any_infix(const uint32_t *c, size_t lo, size_t hi)
{
    for (size_t i = lo; i < hi; i++)
        if (infix_at(c, lo, i, hi))
            return true;
    return false;
}

static inline size_t B(const wn_spacy_en *s, size_t i)
{
    return s->boff[i];
}

static const sp_special *special_span(const wn_spacy_en *s, const char *text, size_t lo,
                                      size_t hi)
{
    if (!s->specials || lo >= hi)
        return NULL;
    return special_get(text + B(s, lo), B(s, hi) - B(s, lo));
}

static wn_status emit_special(wn_spacy_en *s, const sp_special *sp, size_t off)
{
    for (int k = 0; k < sp->src->n; k++) {
        wn_status st = push_tok(s, off, (size_t)sp->src->len[k], 0);
        if (st)
            return st;
        off += (size_t)sp->src->len[k];
    }
    return WN_OK;
}

/* _attach_tokens' middle part: a special case, a URL, or pieces cut at infixes */
static wn_status attach_middle(wn_spacy_en *s, const char *text, size_t lo, size_t hi)
{
    if (lo >= hi)
        return WN_OK;
    const uint32_t *c = s->cps;
    const sp_special *sp = special_span(s, text, lo, hi);
    if (sp)
        return emit_special(s, sp, B(s, lo));
    if (sp_url_match(c, lo, hi))
        return push_tok(s, B(s, lo), B(s, hi) - B(s, lo), 0);
    size_t start = lo;
    wn_status st = WN_OK;
    for (size_t i = lo; i < hi && !st;) {
        size_t m = infix_at(c, lo, i, hi);
        if (!m) {
            i++;
            continue;
        }
        /* an infix at the very start stays with the piece after it */
        if (i != lo) {
            if (i != start)
                st = push_tok(s, B(s, start), B(s, i) - B(s, start), 0);
            if (!st)
                st = push_tok(s, B(s, i), B(s, i + m) - B(s, i), 0);
            start = i + m;
        }
        i += m;
    }
    if (!st && start < hi)
        st = push_tok(s, B(s, start), B(s, hi) - B(s, start), 0);
    return st;
}

/* _split_affixes + _attach_tokens on the decoded chunk c[0, n) */
static wn_status split_chunk(wn_spacy_en *s, const char *text, size_t n)
{
    const uint32_t *c = s->cps;
    size_t lo = 0, hi = n, nsuf = 0, last = (size_t)-1;
    wn_status st = WN_OK;
    while (lo < hi && hi - lo != last) {
        if (special_span(s, text, lo, hi))
            break;
        last = hi - lo;
        size_t pre = find_prefix(c, lo, hi);
        if (pre && lo + pre < hi && special_span(s, text, lo + pre, hi)) {
            if ((st = push_tok(s, B(s, lo), B(s, lo + pre) - B(s, lo), 0)))
                return st;
            lo += pre;
            break;
        }
        size_t suf = find_suffix(c, lo + pre, hi);
        if (suf && lo < hi - suf && special_span(s, text, lo, hi - suf)) {
            s->sufs[nsuf++] = (uint32_t)(hi - suf);
            hi -= suf;
            break;
        }
        if (pre) {
            if ((st = push_tok(s, B(s, lo), B(s, lo + pre) - B(s, lo), 0)))
                return st;
            lo += pre;
        }
        if (suf) {
            s->sufs[nsuf++] = (uint32_t)(hi - suf);
            hi -= suf;
        }
        if (special_span(s, text, lo, hi))
            break;
    }
    if ((st = attach_middle(s, text, lo, hi)))
        return st;
    /* innermost suffix first: text order */
    for (size_t k = nsuf; k-- > 0;) {
        size_t a = s->sufs[k], end = k == 0 ? n : s->sufs[k - 1];
        if ((st = push_tok(s, B(s, a), B(s, end) - B(s, a), 0)))
            return st;
    }
    return WN_OK;
}

/* the matcher pass of _apply_special_cases over the tokens [t0, ntok) of one chunk: runs of
 * tokens that spell a special case the way the rules without special cases cut it are
 * replaced by that special case's tokens. As in spaCy, every match is found on the tokens as
 * they are, then the longest are kept first, then the leftmost, and a match whose first or
 * last token is already taken is dropped (_filter_special_spans); the kept ones are replaced
 * in one pass, so that a chunk of many matches costs linear time. */
#define TAKEN 0x80000000u
#define MATCHED 0x40000000u   /* the first token of a kept match; its index in mspec */
static wn_status match_specials(wn_spacy_en *s, const char *text, size_t t0)
{
    size_t nt = s->ntok - t0, nmatch = 0;
    if (nt < 2)
        return WN_OK;
    wn_stok *t = s->toks + t0;
    for (size_t len = nt < SP_MAX_PATTERN ? nt : SP_MAX_PATTERN; len >= 2; len--) {
        for (size_t i = 0; i + len <= nt; i++) {
            if ((t[i].flags | t[i + len - 1].flags) & TAKEN)
                continue;
            size_t a = t[i].off, b = t[i + len - 1].off + t[i + len - 1].len;
            const sp_special *sp = special_get(text + a, b - a);
            if (!sp || sp->npat != len)
                continue;
            bool same = true;
            for (size_t k = 0; k < len && same; k++)
                same = t[i + k].len == sp->pat[k] && !(t[i + k].flags & TAKEN);
            if (!same)
                continue;
            /* matches of one chunk: at most one per two of its tokens */
            wn_status st = WN_GROW(s->mspec, s->mcap, nmatch + 1, 16, WN_DOC_BYTES_MAX);
            if (st)
                return st;
            s->mspec[nmatch] = (sp_match){ sp, (uint32_t)len };
            for (size_t k = 0; k < len; k++)
                t[i + k].flags |= TAKEN;
            /* the match's index, kept in its first token's len field until the rebuild */
            t[i].flags |= MATCHED;
            t[i].len = (uint32_t)nmatch++;
        }
    }
    if (!nmatch)
        return WN_OK;
    /* rebuild the chunk's tokens into the spare array, then copy them back */
    size_t grow = 0;
    for (size_t m = 0; m < nmatch; m++)
        if ((size_t)s->mspec[m].sp->src->n > s->mspec[m].len)
            grow += (size_t)s->mspec[m].sp->src->n - s->mspec[m].len;
    wn_status st = WN_GROW(s->spare, s->spcap, nt + grow, 256, WN_DOC_BYTES_MAX);
    if (st)
        return st;
    size_t o = 0;
    for (size_t i = 0; i < nt;) {
        if (!(t[i].flags & MATCHED)) {
            s->spare[o++] = (wn_stok){ t[i].off, t[i].len, t[i].flags & ~TAKEN };
            i++;
            continue;
        }
        const sp_match *mt = &s->mspec[t[i].len];
        size_t off = t[i].off;
        for (int k = 0; k < mt->sp->src->n; k++) {
            s->spare[o++] = (wn_stok){ (uint32_t)off, (uint32_t)mt->sp->src->len[k], 0 };
            off += (size_t)mt->sp->src->len[k];
        }
        i += mt->len;
    }
    if ((st = WN_GROW(s->toks, s->cap, t0 + o, 1024, WN_DOC_BYTES_MAX)))
        return st;
    memcpy(s->toks + t0, s->spare, o * sizeof *s->spare);
    s->ntok = t0 + o;
    return WN_OK;
}

/* what tokenize() learns of a chunk while it looks for its end: every character, and every
 * character but the last, is an ASCII letter (K_LETTER), an ASCII digit (K_DIGIT) or a plain
 * letter (K_PLAIN, see SP_PLAIN; ASCII letters are plain too) */
#define K_SPACE 1u
#define K_LETTER 2u
#define K_DIGIT 4u
#define K_PLAIN 8u
#define K_ALL (K_LETTER | K_DIGIT | K_PLAIN)
#define K_WORD (K_LETTER | K_PLAIN)   /* an ASCII letter's bits */

/* one non-white-space chunk text[a, b); m and mp are the K_* bits all its bytes, and all but
 * its last, share */
static wn_status chunk(wn_spacy_en *s, const char *text, size_t a, size_t b, unsigned m,
                       unsigned mp)
{
    /* ASCII letters only, digits only, or plain letters only: no prefix, suffix, infix can
     * apply (a plain letter's flags are 0, as the general path gives them) */
    size_t i = (m & K_ALL) ? b : (mp & K_PLAIN) ? b - 1 : a;
    if (i == b) {
        const sp_special *sp = s->specials ? special_get(text + a, b - a) : NULL;
        return sp ? emit_special(s, sp, a)
                  : push_tok(s, a, b - a, (m & K_LETTER) ? WN_STOK_ASCII_ALPHA
                                          : (m & K_DIGIT) ? WN_STOK_ASCII_DIGIT : 0);
    }
    /* plain letters and one final ASCII character that is a suffix after them (punctuation, a
     * quote, '.' after an ASCII lower-case letter): unless the whole or the letters are a
     * special case, the letters are one token and the suffix another (no prefix, infix or URL
     * can apply to plain letters, and what is left after the suffix is that) */
    if (i + 1 == b && i > a) {
        unsigned char z = (unsigned char)text[i], y = (unsigned char)text[i - 1];
        if (z < 0x80 && ((sp_class(z) & SP_SUF1) || (z == '.' && y >= 'a' && y <= 'z'))) {
            const sp_special *sp = s->specials ? special_get(text + a, b - a) : NULL;
            if (sp)
                return emit_special(s, sp, a);
            /* letters that are a special case go the whole way: the matcher pass may join
             * its last token to the suffix ("Wed." is "We", "d.") */
            if (!s->specials || !special_get(text + a, i - a)) {
                wn_status st = push_tok(s, a, i - a, (mp & K_LETTER) ? WN_STOK_ASCII_ALPHA : 0);
                return st ? st : push_tok(s, i, 1, 0);
            }
        }
    }
    /* decode (at most one code point per byte) */
    size_t nb = b - a;
    wn_status st;
    if ((st = WN_GROW(s->cps, s->ccap, nb + 1, 256, WN_DOC_BYTES_MAX + 1)) ||
        (st = WN_GROW(s->boff, s->bcap, nb + 1, 256, WN_DOC_BYTES_MAX + 1)) ||
        (st = WN_GROW(s->sufs, s->scap, nb + 1, 256, WN_DOC_BYTES_MAX + 1)))
        return st;
    size_t n = 0;
    for (size_t p = a; p < b;) {
        uint32_t cp;
        unsigned char ch = (unsigned char)text[p];
        size_t l = ch < 0x80 ? (cp = ch, 1) : wn_utf8_decode(text + p, b - p, &cp);
        s->cps[n] = cp;
        s->boff[n++] = (uint32_t)p;
        p += l;
    }
    s->boff[n] = (uint32_t)b;
    const sp_special *sp = special_span(s, text, 0, n);
    if (sp)
        return emit_special(s, sp, a);
    size_t t0 = s->ntok;
    if ((st = split_chunk(s, text, n)))
        return st;
    return s->specials ? match_specials(s, text, t0) : WN_OK;
}

/* K_* of every ASCII byte: Python's white space (\t \n \v \f \r, 0x1C-0x1F, ' '), letters and
 * digits; 0 for other ASCII and for every byte of a multi-byte character (>= 0x80) */
static const unsigned char ascii_kind[256] = {
    [9] = K_SPACE, [10] = K_SPACE, [11] = K_SPACE, [12] = K_SPACE, [13] = K_SPACE,
    [0x1C] = K_SPACE, [0x1D] = K_SPACE, [0x1E] = K_SPACE, [0x1F] = K_SPACE, [' '] = K_SPACE,
    ['0'] = K_DIGIT, ['1'] = K_DIGIT, ['2'] = K_DIGIT, ['3'] = K_DIGIT, ['4'] = K_DIGIT,
    ['5'] = K_DIGIT, ['6'] = K_DIGIT, ['7'] = K_DIGIT, ['8'] = K_DIGIT, ['9'] = K_DIGIT,
    ['A'] = K_WORD, ['B'] = K_WORD, ['C'] = K_WORD, ['D'] = K_WORD, ['E'] = K_WORD,
    ['F'] = K_WORD, ['G'] = K_WORD, ['H'] = K_WORD, ['I'] = K_WORD, ['J'] = K_WORD,
    ['K'] = K_WORD, ['L'] = K_WORD, ['M'] = K_WORD, ['N'] = K_WORD, ['O'] = K_WORD,
    ['P'] = K_WORD, ['Q'] = K_WORD, ['R'] = K_WORD, ['S'] = K_WORD, ['T'] = K_WORD,
    ['U'] = K_WORD, ['V'] = K_WORD, ['W'] = K_WORD, ['X'] = K_WORD, ['Y'] = K_WORD,
    ['Z'] = K_WORD,
    ['a'] = K_WORD, ['b'] = K_WORD, ['c'] = K_WORD, ['d'] = K_WORD, ['e'] = K_WORD,
    ['f'] = K_WORD, ['g'] = K_WORD, ['h'] = K_WORD, ['i'] = K_WORD, ['j'] = K_WORD,
    ['k'] = K_WORD, ['l'] = K_WORD, ['m'] = K_WORD, ['n'] = K_WORD, ['o'] = K_WORD,
    ['p'] = K_WORD, ['q'] = K_WORD, ['r'] = K_WORD, ['s'] = K_WORD, ['t'] = K_WORD,
    ['u'] = K_WORD, ['v'] = K_WORD, ['w'] = K_WORD, ['x'] = K_WORD, ['y'] = K_WORD,
    ['z'] = K_WORD,
};

static inline bool is_space_at(const char *t, size_t len, size_t i, size_t *l)
{
    unsigned char c = (unsigned char)t[i];
    if (c < 0x80) {
        *l = 1;
        return c <= 0x20 && (c >= 0x1C || (c >= 0x09 && c <= 0x0D));
    }
    uint32_t cp;
    *l = wn_utf8_decode(t + i, len - i, &cp);
    return (sp_class(cp) & SP_SPACE) != 0;
}

/* ---- the sentencizer -------------------------------------------------------------------- */

static bool in_sent_punct(uint32_t cp)
{
    size_t lo = 0, hi = sizeof sp_sent_punct / sizeof sp_sent_punct[0];
    while (lo < hi) {
        size_t m = (lo + hi) / 2;
        if (sp_sent_punct[m] == cp)
            return true;
        if (sp_sent_punct[m] < cp)
            lo = m + 1;
        else
            hi = m;
    }
    return false;
}

/* token.text in punct_chars (one character of the sentencizer's list) and token.is_punct
 * (every character of category P*) */
static void tok_punct(const char *text, const wn_stok *t, bool *in_list, bool *is_punct)
{
    const char *p = text + t->off;
    unsigned char c = (unsigned char)p[0];
    if (t->len == 1 && c < 0x80) {
        *in_list = sp_punct_ascii[c];
        *is_punct = (sp_class(c) & SP_P) != 0;
        return;
    }
    uint32_t cp;
    size_t l = wn_utf8_decode(p, t->len, &cp);
    *in_list = l == t->len && in_sent_punct(cp);
    bool all = (sp_class(cp) & SP_P) != 0;
    for (size_t i = l; i < t->len && all;) {
        i += wn_utf8_decode(p + i, t->len - i, &cp);
        all = (sp_class(cp) & SP_P) != 0;
    }
    *is_punct = all;
}

/* the sentencizer's step on the next token t, in text order: *seen says a character of its
 * list was seen and no token since has been neither punctuation nor such a character; such a
 * token (or white space) then starts a sentence. tokenize() calls it on each token once the
 * token's chunk is final, in the same pass. */
static inline void sent_step(const char *text, wn_stok *t, bool *seen)
{
    if (t->flags & WN_STOK_SPACE) {
        if (*seen) {
            t->flags |= WN_STOK_SENT_START;
            *seen = false;
        }
        return;
    }
    /* ASCII letters or digits: neither punctuation nor in the list */
    if (t->flags & (WN_STOK_ASCII_ALPHA | WN_STOK_ASCII_DIGIT)) {
        if (*seen) {
            t->flags |= WN_STOK_SENT_START;
            *seen = false;
        }
        return;
    }
    bool in_list, is_punct;
    if (!*seen) {
        /* only a sentencizer character (one code point) matters here */
        unsigned char c = (unsigned char)text[t->off];
        if (t->len == 1)
            *seen = c < 0x80 && sp_punct_ascii[c];
        else if (c >= 0x80 && t->len <= 4) {
            uint32_t cp;
            *seen = wn_utf8_decode(text + t->off, t->len, &cp) == t->len && in_sent_punct(cp);
        }
        return;
    }
    tok_punct(text, t, &in_list, &is_punct);
    if (!is_punct && !in_list) {
        t->flags |= WN_STOK_SENT_START;
        *seen = false;
    } else if (in_list) {
        *seen = true;
    }
}

/*! ascii_letters_end() : the end of the run of ASCII letters that starts at t[i] (t[i, len)):
 * eight bytes at a time where the CPU is little-endian, where most words end in the first
 * eight. A byte b is a letter iff b < 0x80 and (b | 0x20) is in 'a'..'z'; with b | 0x20 taken
 * to 7 bits, adding 0x1F sets the high bit iff it is >= 'a', adding 0x05 iff it is > 'z',
 * and neither sum carries into the next byte. */
static inline size_t ascii_letters_end(const char *t, size_t i, size_t len)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t H = 0x8080808080808080ULL;
    while (len - i >= 8) {
        uint64_t x;
        memcpy(&x, t + i, 8);
        uint64_t y = (x | 0x2020202020202020ULL) & 0x7F7F7F7F7F7F7F7FULL;
        uint64_t letter = (y + 0x1F1F1F1F1F1F1F1FULL) & ~(y + 0x0505050505050505ULL) & ~x & H;
        uint64_t other = ~letter & H;
        if (other)
            return i + (size_t)(__builtin_ctzll(other) >> 3);
        i += 8;
    }
#endif
    while (i < len && ascii_kind[(unsigned char)t[i]] == K_WORD)
        i++;
    return i;
}

/* _tokenize_affixes: chunks of white space and of the rest; a single ' ' after a chunk is its
 * trailing space, any other white-space run a token; the sentencizer marks each token as soon
 * as its chunk is final (the matcher pass may rewrite a chunk's tokens, never an earlier one's) */
static wn_status tokenize(wn_spacy_en *s, const char *text, size_t len)
{
    s->ntok = 0;
    size_t i = 0;
    bool seen = false;
    wn_status st = WN_OK;
    while (i < len && !st) {
        size_t l, a = i;
        /* one ' ' after a chunk (i > 0: a white-space run is taken whole below, so what ends
         * at i is a chunk) and before an ASCII non-space or the end: the chunk's trailing
         * space, no token; the most common white space, decided without the loop below */
        if (text[i] == ' ' && i > 0 && !s->general_only &&
            (i + 1 == len || ((unsigned char)text[i + 1] < 0x80 &&
                              !(ascii_kind[(unsigned char)text[i + 1]] & K_SPACE)))) {
            i++;
            continue;
        }
        if (is_space_at(text, len, i, &l)) {
            /* a ' ' right after a chunk belongs to it */
            if (i > 0 && text[i] == ' ')
                a = i + 1;
            i += l;
            while (i < len && is_space_at(text, len, i, &l))
                i += l;
            if (a < i && !(st = push_tok(s, a, i - a, WN_STOK_SPACE)))
                sent_step(text, &s->toks[s->ntok - 1], &seen);
        } else {
            unsigned m = K_ALL, mp = m;
            /* most chunks are a run of ASCII letters, maybe with one character after: a tight
             * loop takes the run, then the general one below goes on with the same m and mp
             * as if it had read the run itself */
            size_t r = s->general_only ? i : ascii_letters_end(text, i, len);
            /* the most common chunk, ASCII letters up to an ASCII space or the end, that is no
             * special case: chunk()'s first case (one token) without the scan below */
            if (r > i && (r == len || (ascii_kind[(unsigned char)text[r]] & K_SPACE)) &&
                !(s->specials && special_get(text + i, r - i))) {
                if (!(st = push_tok(s, i, r - i, WN_STOK_ASCII_ALPHA)))
                    sent_step(text, &s->toks[s->ntok - 1], &seen);
                i = r;
                continue;
            }
            if (r > i) {
                mp = r - i >= 2 ? K_WORD : m;
                m = K_WORD;
                i = r;
            }
            while (i < len) {
                unsigned char c = (unsigned char)text[i];
                if (c < 0x80) {
                    unsigned k = ascii_kind[c];
                    if (k & K_SPACE)
                        break;
                    mp = m;
                    m &= k;
                    i++;
                } else {
                    uint32_t cp;
                    l = wn_utf8_decode(text + i, len - i, &cp);
                    if (sp_class(cp) & SP_SPACE)
                        break;
                    mp = m;
                    m &= plain_letter(cp) ? K_PLAIN : 0;
                    i += l;
                }
            }
            size_t t0 = s->ntok;
            if (!(st = chunk(s, text, a, i, m, mp)))
                for (wn_stok *t = s->toks + t0, *e = s->toks + s->ntok; t < e; t++)
                    sent_step(text, t, &seen);
        }
    }
    return st;
}

/* ---- set-up ------------------------------------------------------------------------------ */

static void sp_build(void)
{
    for (size_t i = 0; i < sizeof sp_sent_punct / sizeof sp_sent_punct[0]; i++)
        if (sp_sent_punct[i] < 128)
            sp_punct_ascii[sp_sent_punct[i]] = true;
    for (uint32_t cp = 0; cp < 128; cp++)
        sp_infix_ascii[cp] = (cp != 0 && strchr(".+-*^,~:<>=/", (int)cp) != NULL) ||
                             (sp_class(cp) & SP_ICON) != 0;
    for (size_t k = 0; k < N_SPECIALS; k++) {
        const struct sp_special_src *src = &sp_specials_src[k];
        size_t n = strlen(src->key);
        uint64_t h = fnv(src->key, n);
        size_t i = h & (SP_HASH_SLOTS - 1);
        while (sp_table[i].src)
            i = (i + 1) & (SP_HASH_SLOTS - 1);
        sp_table[i] = (sp_special){ .src = src, .h = h, .keylen = (uint32_t)n };
        sp_slot_hash[i] = h | 1;
        size_t bit = filter_bit(src->key, n);
        sp_filter[bit / 64] |= (uint64_t)1 << (bit % 64);
        if (n > sp_max_keylen)
            sp_max_keylen = (uint32_t)n;
    }
    /* the matcher's patterns: each key tokenized without special cases, kept when a prefix,
     * suffix or infix applies to the key */
    wn_spacy_en plain = { .specials = false };
    for (size_t i = 0; i < SP_HASH_SLOTS; i++) {
        sp_special *e = &sp_table[i];
        if (!e->src)
            continue;
        const char *key = e->src->key;
        if (tokenize(&plain, key, e->keylen) || plain.ntok < 2 || plain.ntok > SP_MAX_PATTERN)
            continue;   /* one token: replacing it by the special case changes nothing */
        uint32_t cps[64];
        size_t n = 0;
        for (size_t p = 0; p < e->keylen && n < 64; n++) {
            uint32_t cp;
            p += wn_utf8_decode(key + p, e->keylen - p, &cp);
            cps[n] = cp;
        }
        if (!find_prefix(cps, 0, n) && !find_suffix(cps, 0, n) && !any_infix(cps, 0, n))
            continue;
        e->npat = (uint32_t)plain.ntok;
        for (size_t t = 0; t < plain.ntok; t++)
            e->pat[t] = plain.toks[t].len;
    }
    wn_free(plain.toks);
    wn_free(plain.cps);
    wn_free(plain.boff);
    wn_free(plain.sufs);
    wn_free(plain.mspec);
    wn_free(plain.spare);
}

wn_status wn_spacy_en_create(wn_spacy_en **out)
{
    pthread_once(&sp_once, sp_build);
    *out = wn_calloc(1, sizeof **out);
    if (!*out)
        return WN_ERR_NOMEM;
    (*out)->specials = true;
    return WN_OK;
}

void wn_spacy_en_free(wn_spacy_en *s)
{
    if (!s)
        return;
    wn_free(s->toks);
    wn_free(s->cps);
    wn_free(s->boff);
    wn_free(s->sufs);
    wn_free(s->mspec);
    wn_free(s->spare);
    wn_free(s);
}

void wn_spacy_en_general_path_only(wn_spacy_en *s, bool on)
{
    s->general_only = on;
}

wn_status wn_spacy_en_tokenize(wn_spacy_en *s, const char *text, size_t len, const wn_stok **toks,
                               size_t *n)
{
    *toks = NULL;
    *n = 0;
    if (len >= (size_t)INT32_MAX)
        return WN_ERR_TOO_LARGE;
    wn_status st = tokenize(s, text, len);
    if (st) {
        s->ntok = 0;
        return st;
    }
    /* the first token starts the first sentence (the others are marked by tokenize) */
    if (s->ntok)
        s->toks[0].flags |= WN_STOK_SENT_START;
    *toks = s->toks;
    *n = s->ntok;
    return WN_OK;
}
