/* words.c: UAX #29 word and sentence segmentation through ICU (libicu), and the Python string
 * predicates that datatrove's filters are written with.
 *
 * DESIGN: ICU walks UTF-8 directly through a UText, so boundaries come back as byte offsets
 * and no UTF-16 copy is made. A word is a word-boundary segment that is not only white space
 * (Python's isspace): punctuation marks become one-character words, as they do (mostly) in
 * NLTK's word_tokenize, so symbol-only words can be told apart the way datatrove does. */
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include "winnow/doc.h"
#include "common/check.h"
#include "common/grow.h"
#include "text/words.h"
#include "text/seg_spacy_en.h"

struct wn_segmenter {
    UBreakIterator *word_bi;
    UBreakIterator *sent_bi;
    wn_word *words;
    size_t cap;
    wn_spacy_en *spacy;   /* made on first use */
    bool use_spacy;
};

wn_status wn_segmenter_use_spacy_en(wn_segmenter *s, bool on)
{
    if (on && !s->spacy) {
        wn_status st = wn_spacy_en_create(&s->spacy);
        if (st)
            return st;
    }
    s->use_spacy = on;
    return WN_OK;
}

wn_status wn_segmenter_create(wn_segmenter **out)
{
    *out = NULL;
    wn_segmenter *s = wn_calloc(1, sizeof *s);
    if (!s)
        return WN_ERR_NOMEM;
    UErrorCode e = U_ZERO_ERROR;
    s->word_bi = ubrk_open(UBRK_WORD, "", NULL, 0, &e);
    if (U_FAILURE(e)) {
        wn_segmenter_free(s);
        return WN_ERR_UNSUPPORTED;
    }
    /* "@ss=standard": ICU's sentence-break suppressions, so "Mr. Smith" stays one sentence
     * like it does for NLTK's punkt (which knows English abbreviations). */
    e = U_ZERO_ERROR;
    s->sent_bi = ubrk_open(UBRK_SENTENCE, "en@ss=standard", NULL, 0, &e);
    if (U_FAILURE(e)) {
        wn_segmenter_free(s);
        return WN_ERR_UNSUPPORTED;
    }
    *out = s;
    return WN_OK;
}

int wn_segmenter_kind(const wn_segmenter *s)
{
    return s->use_spacy ? 1 : 0;   /* 0: UAX #29 (ICU); 1: spaCy's English tokenizer */
}

void wn_segmenter_free(wn_segmenter *s)
{
    if (!s)
        return;
    if (s->word_bi)
        ubrk_close(s->word_bi);
    if (s->sent_bi)
        ubrk_close(s->sent_bi);
    wn_spacy_en_free(s->spacy);
    wn_free(s->words);
    wn_free(s);
}

bool wn_py_isspace(uint32_t cp)
{
    if (cp < 0x80)
        return wn_py_isspace_ascii((unsigned char)cp);
    return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

bool wn_py_isalpha(uint32_t cp)
{
    if (cp < 0x80)
        return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    return u_isalpha((UChar32)cp) != 0;
}

/* datatrove/utils/text.py PUNCTUATION, then the control characters 0-8, 11-31, 127-159 it
 * appends (9 and 10, tab and newline, are not in it): 129 characters. The symbol set
 * (PUNCTUATION_SET) adds TERMINAL_PUNCTUATION to them: 281 in all. */
static const uint32_t dt_punct_nonascii[] = {
    0x2014, 0x201D, 0xFF05, 0xFF11, 0x3008, 0x3001, 0x2501, 0x3010, 0x300C, 0x300D, 0xFF0C,
    0x3011, 0xFF1B, 0x201C, 0x300A, 0x201E, 0x2019, 0x2236, 0xB4, 0xFF0E, 0xFF08, 0x2013,
    0xFF1F, 0xFF01, 0xFF1A, 0xFF5E, 0xAB, 0x3009, 0x300B, 0xFF09, 0x3002, 0x2026, 0x25BA, 0xBB,
};

bool wn_dt_is_punct(uint32_t cp)
{
    if (cp < 0x80) {
        if (cp <= 8 || (cp >= 11 && cp <= 31) || cp == 127)
            return true;
        return cp > 32 && strchr("!/:&(\\#%+^]~';{|[=-`*$,><)?@_.\"}", (int)cp) != NULL;
    }
    if (cp < 160)
        return true;
    for (size_t i = 0; i < sizeof dt_punct_nonascii / sizeof dt_punct_nonascii[0]; i++)
        if (dt_punct_nonascii[i] == cp)
            return true;
    /* Gopher quality's symbol set is PUNCTUATION united with TERMINAL_PUNCTUATION */
    return wn_dt_is_terminal_punct(cp);
}

size_t wn_py_linebreak_at(const char *p, size_t n)
{
    unsigned char c = (unsigned char)p[0];
    if (c == '\n' || c == '\v' || c == '\f' || c == 0x1C || c == 0x1D || c == 0x1E)
        return 1;
    if (c == '\r')
        return n > 1 && p[1] == '\n' ? 2 : 1;
    if (c == 0xC2 && n > 1 && (unsigned char)p[1] == 0x85)
        return 2;
    if (c == 0xE2 && n > 2 && (unsigned char)p[1] == 0x80 &&
        ((unsigned char)p[2] == 0xA8 || (unsigned char)p[2] == 0xA9))
        return 3;
    return 0;
}

size_t wn_utf8_count(const char *p, size_t n)
{
    /* the bytes that are not continuation bytes (10xxxxxx), eight at a time: it runs over
     * every text several times (each ratio's len(text)); byte by byte it was 3 % of the
     * filters' instructions */
    size_t conts = 0, i = 0;
    const uint64_t hi = 0x8080808080808080ULL;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, p + i, 8);
        /* bit 7 of a byte set and its bit 6 clear (x << 1 brings each byte's bit 6 to bit 7;
         * the bit shifted across from the byte below lands in bit 0, masked out) */
        uint64_t c = x & ~(x << 1) & hi;
        conts += (size_t)(((c >> 7) * 0x0101010101010101ULL) >> 56);
    }
    for (; i < n; i++)
        conts += ((unsigned char)p[i] & 0xC0) == 0x80;
    return n - conts;
}

/* ASCII classes: 1 Python space, 2 datatrove punctuation, 4 letter. Built from the predicates
 * above on first principles; a const table, so no state. */
#define A_SP 1
#define A_PU 2
#define A_AL 4
static const unsigned char ascii_cls[128] = {
#define S A_SP
#define P A_PU
#define L A_AL
    P, P, P, P, P, P, P, P, P, S, S, S|P, S|P, S|P, P, P,   /* 0x00: \t \n are spaces, not punct */
    P, P, P, P, P, P, P, P, P, P, P, P, S|P, S|P, S|P, S|P, /* 0x10: 0x1c-0x1f are spaces */
    S, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,         /* ' ' ! " # $ % & ' ( ) * + , - . / */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, P, P, P, P, P, P,         /* 0-9 : ; < = > ? */
    P, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,         /* @ A-O */
    L, L, L, L, L, L, L, L, L, L, L, P, P, P, P, P,         /* P-Z [ \ ] ^ _ */
    P, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,         /* ` a-o */
    L, L, L, L, L, L, L, L, L, L, L, P, P, P, P, P,         /* p-z { | } ~ DEL */
#undef S
#undef P
#undef L
};

/* A Latin letter of U+00C0..U+024F (two UTF-8 bytes) other than U+00D7 and U+00F7: Word_Break
 * ALetter, str.isalpha(), in neither datatrove set. Returns 2 for one at p, else 0. Checked
 * against ICU for every code point by tests/unit/test_words.c. */
static inline size_t latin_letter(const unsigned char *p, size_t n)
{
    if (n < 2 || (p[1] & 0xC0) != 0x80)
        return 0;
    if (p[0] == 0xC3)
        return p[1] == 0x97 || p[1] == 0xB7 ? 0 : 2;
    if (p[0] >= 0xC4 && p[0] <= 0xC8)
        return 2;
    return p[0] == 0xC9 && p[1] <= 0x8F ? 2 : 0;
}

bool wn_words_fast_letter(uint32_t cp)
{
    unsigned char b[2] = { (unsigned char)(0xC0 | (cp >> 6)), (unsigned char)(0x80 | (cp & 0x3F)) };
    return cp >= 0x80 && cp < 0x800 && latin_letter(b, 2) == 2;
}

static inline wn_status append_word(wn_segmenter *s, size_t *n, size_t a, size_t b, uint32_t cps,
                                 uint32_t flags);

static wn_status push_word(wn_segmenter *s, size_t *n, const char *text, size_t a, size_t b)
{
    uint32_t cps = 0, flags = WN_WORD_SYMBOL;
    bool all_space = true;
    for (size_t i = a; i < b;) {
        unsigned char c = (unsigned char)text[i];
        cps++;
        if (c >= 0xC3 && latin_letter((const unsigned char *)text + i, b - i)) {
            all_space = false;
            flags = (flags & ~WN_WORD_SYMBOL) | WN_WORD_ALPHA;
            i += 2;
            continue;
        }
        if (c < 0x80) {
            unsigned k = ascii_cls[c];
            if (!(k & A_SP))
                all_space = false;
            if (!(k & A_PU))
                flags &= ~WN_WORD_SYMBOL;
            if (k & A_AL)
                flags |= WN_WORD_ALPHA;
            i++;
            continue;
        }
        uint32_t cp;
        i += wn_utf8_decode(text + i, b - i, &cp);
        if (!wn_py_isspace(cp))
            all_space = false;
        if (!wn_dt_is_punct(cp))
            flags &= ~WN_WORD_SYMBOL;
        if (!(flags & WN_WORD_ALPHA) && wn_py_isalpha(cp))
            flags |= WN_WORD_ALPHA;
    }
    if (all_space)
        return WN_OK;
    return append_word(s, n, a, b, cps, flags);
}

/* Appends the word text[a, b) of cps code points with these flags. */
static inline wn_status append_word(wn_segmenter *s, size_t *n, size_t a, size_t b, uint32_t cps,
                                 uint32_t flags)
{
    /* words come in text order and do not overlap (the filters' offsets rely on it), and a
     * word has at least one code point, at most one per byte */
    WN_ASSERT(a < b && (*n == 0 || (size_t)s->words[*n - 1].off + s->words[*n - 1].len <= a));
    WN_ASSERT(cps >= 1 && cps <= b - a);
    /* words of one document: each takes at least one of its bytes */
    wn_status st = WN_GROW(s->words, s->cap, *n + 1, 1024, WN_DOC_BYTES_MAX);
    if (st)
        return st;
    s->words[(*n)++] = (wn_word){ (uint32_t)a, (uint32_t)(b - a), cps, flags };
    return WN_OK;
}

/* UAX #29 word boundaries for a run between white space of ASCII and the Latin letters of
 * latin_letter() (ALetter like a-z), where the rules that can apply are few: letters, digits
 * and '_' join (WB5, WB8-WB10, WB13a/b); '.' and '\'' join two letters (WB6/7) or two digits
 * (WB11/12); ',' and ';' join two digits; anything else stands alone (WB999). ICU's root
 * rules leave ':' out of MidLetter, so it stands alone too; ICU also keeps e-mail addresses
 * whole (beyond UAX #29), so a chunk with '@' goes to ICU. Checked against ICU on real text
 * by tests/unit/test_words.c. */
static inline int acls(unsigned char c)
{
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
        return 1;           /* ALetter */
    if (c >= '0' && c <= '9')
        return 2;           /* Numeric */
    if (c == '_')
        return 3;           /* ExtendNumLet */
    return 0;
}

/* The class of the character at p (ASCII, or a Latin letter: the chunk holds nothing else)
 * and its length in *k. */
static inline int fcls(const char *p, size_t *k)
{
    unsigned char c = (unsigned char)p[0];
    if (c < 0x80) {
        *k = 1;
        return acls(c);
    }
    *k = 2;
    return 1;
}

/* The words of a fast chunk, with their flags as push_word would give them, found in the
 * same pass: a word that starts with a letter, digit or '_' is one with a letter (ALPHA)
 * unless it is only '_' (then a symbol word: '_' is in PUNCTUATION, letters and digits are
 * not, and a joiner stands only between letters or digits); any other character is a word of
 * its own, classed by ascii_cls. */
static wn_status ascii_chunk(wn_segmenter *s, size_t *n, const char *text, size_t a, size_t b)
{
    size_t i = a;
    while (i < b) {
        size_t k;
        int l = fcls(text + i, &k);
        size_t j = i + k;
        wn_status st;
        if (l) {
            uint32_t cps = 1;
            bool letter = l == 1, only_us = l == 3;
            for (;;) {
                int c;
                while (j < b && (c = fcls(text + j, &k)) != 0) {
                    l = c;
                    letter |= c == 1;
                    only_us &= c == 3;
                    j += k;
                    cps++;
                }
                if (j + 1 < b) {
                    unsigned char m = (unsigned char)text[j];
                    int r = fcls(text + j + 1, &k);
                    if (((m == '.' || m == '\'') && ((l == 1 && r == 1) || (l == 2 && r == 2))) ||
                        ((m == ',' || m == ';') && l == 2 && r == 2)) {
                        l = r;
                        letter |= r == 1;
                        only_us = false;
                        j += 1 + k;
                        cps += 2;
                        continue;
                    }
                }
                break;
            }
            st = append_word(s, n, i, j, cps, (letter ? WN_WORD_ALPHA : 0) | (only_us ? WN_WORD_SYMBOL : 0));
        } else {
            unsigned cl = ascii_cls[(unsigned char)text[i]];
            st = cl & A_SP ? WN_OK : append_word(s, n, i, j, 1, cl & A_PU ? WN_WORD_SYMBOL : 0);
        }
        if (st)
            return st;
        i = j;
    }
    return WN_OK;
}

static bool ascii_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* ICU over text[a, b), offsets kept relative to text. */
static wn_status icu_span(wn_segmenter *s, size_t *n, const char *text, size_t a, size_t b)
{
    UErrorCode e = U_ZERO_ERROR;
    UText ut = UTEXT_INITIALIZER;
    utext_openUTF8(&ut, text + a, (int64_t)(b - a), &e);
    if (U_FAILURE(e))
        return WN_ERR_NOMEM;
    ubrk_setUText(s->word_bi, &ut, &e);
    wn_status st = U_FAILURE(e) ? WN_ERR_NOMEM : WN_OK;
    int32_t x = st ? UBRK_DONE : ubrk_first(s->word_bi);
    while (!st && x != UBRK_DONE) {
        int32_t y = ubrk_next(s->word_bi);
        if (y == UBRK_DONE)
            break;
        st = push_word(s, n, text, a + (size_t)x, a + (size_t)y);
        x = y;
    }
    /* detach the iterator from the caller's text before the UText goes away */
    e = U_ZERO_ERROR;
    ubrk_setText(s->word_bi, NULL, 0, &e);
    utext_close(&ut);
    return st;
}

/* DESIGN: no UAX #29 rule joins anything to an ASCII white-space character on its left, and
 * only Extend/Format/ZWJ (all non-ASCII) join one on its right. So the text splits exactly at
 * ASCII white space into chunks: an all-ASCII chunk is segmented by the short rules above; a
 * stretch of chunks with non-ASCII bytes goes to ICU together with the white space before it
 * (which a combining mark may attach to). Same words as ICU on the whole text, several times
 * faster on Latin-script text. */
wn_status wn_words_split(wn_segmenter *s, const char *text, size_t len, const wn_word **words,
                         size_t *n_out)
{
    *words = NULL;
    *n_out = 0;
    if (len >= (size_t)INT32_MAX)
        return WN_ERR_TOO_LARGE;
    size_t n = 0, i = 0;
    wn_status st = WN_OK;
    if (s->use_spacy) {
        /* datatrove's words: the tokens that are not white space */
        const wn_stok *t;
        size_t nt;
        st = wn_spacy_en_tokenize(s->spacy, text, len, &t, &nt);
        bool start = false;  /* a sentence starts since the last word (WN_WORD_SENT) */
        for (size_t k = 0; k < nt && !st; k++) {
            size_t a = t[k].off, b = a + t[k].len, before = n;
            start |= (t[k].flags & WN_STOK_SENT_START) != 0;
            /* ASCII letters or digits: one code point per byte, no symbol */
            if (t[k].flags & WN_STOK_SPACE)
                continue;
            if (t[k].flags & WN_STOK_ASCII_ALPHA)
                st = append_word(s, &n, a, b, t[k].len, WN_WORD_ALPHA);
            else if (t[k].flags & WN_STOK_ASCII_DIGIT)
                st = append_word(s, &n, a, b, t[k].len, 0);
            else
                st = push_word(s, &n, text, a, b);
            if (n > before && start) {
                s->words[n - 1].flags |= WN_WORD_SENT;
                start = false;
            }
        }
        *words = s->words;
        *n_out = st ? 0 : n;
        return st;
    }
    while (i < len && !st) {
        size_t ws = i;
        while (i < len && ascii_space((unsigned char)text[i]))
            i++;
        if (i == len)
            break;
        size_t c = i;
        bool ascii = true;   /* ASCII and Latin letters only: the short rules apply */
        while (i < len && !ascii_space((unsigned char)text[i])) {
            unsigned char ch = (unsigned char)text[i];
            size_t k = ch >= 0x80 ? latin_letter((const unsigned char *)text + i, len - i) : 1;
            ascii &= k != 0 && ch != '@';
            i += k ? k : 1;
        }
        if (ascii) {
            st = ascii_chunk(s, &n, text, c, i);
            continue;
        }
        /* extend the ICU stretch over following chunks until an ASCII-only one */
        for (;;) {
            size_t k = i;
            while (k < len && ascii_space((unsigned char)text[k]))
                k++;
            if (k == len)
                break;
            size_t e = k;
            bool na = false;
            while (e < len && !ascii_space((unsigned char)text[e])) {
                unsigned char ch = (unsigned char)text[e];
                size_t q = ch >= 0x80 ? latin_letter((const unsigned char *)text + e, len - e) : 1;
                na |= q == 0 || ch == '@';
                e += q ? q : 1;
            }
            if (!na)
                break;
            i = e;
        }
        st = icu_span(s, &n, text, ws, i);
    }
    *words = s->words;
    *n_out = st ? 0 : n;
    return st;
}

/*! wn_words_split_icu() : the same words from ICU alone over the whole text (the reference
 * for tests and benchmarks). */
wn_status wn_words_split_icu(wn_segmenter *s, const char *text, size_t len, const wn_word **words,
                             size_t *n_out)
{
    *words = NULL;
    *n_out = 0;
    if (len >= (size_t)INT32_MAX)
        return WN_ERR_TOO_LARGE;
    size_t n = 0;
    wn_status st = len ? icu_span(s, &n, text, 0, len) : WN_OK;
    *words = s->words;
    *n_out = st ? 0 : n;
    return st;
}

size_t wn_sentences_count(wn_segmenter *s, const char *text, size_t len)
{
    if (s->use_spacy) {
        const wn_stok *t;
        size_t nt, count = 0;
        if (wn_spacy_en_tokenize(s->spacy, text, len, &t, &nt))
            return 0;
        for (size_t k = 0; k < nt; k++)
            count += (t[k].flags & WN_STOK_SENT_START) != 0;
        return count ? count : 1;
    }
    if (len == 0 || len >= (size_t)INT32_MAX)
        return 0;
    UErrorCode e = U_ZERO_ERROR;
    UText ut = UTEXT_INITIALIZER;
    utext_openUTF8(&ut, text, (int64_t)len, &e);
    if (U_FAILURE(e))
        return 0;
    ubrk_setUText(s->sent_bi, &ut, &e);
    size_t count = 0;
    int32_t a = U_FAILURE(e) ? UBRK_DONE : ubrk_first(s->sent_bi);
    while (a != UBRK_DONE) {
        int32_t b = ubrk_next(s->sent_bi);
        if (b == UBRK_DONE)
            break;
        for (int32_t i = a; i < b;) {
            uint32_t cp;
            i += (int32_t)wn_utf8_decode(text + i, (size_t)(b - i), &cp);
            if (!wn_py_isspace(cp)) {
                count++;
                break;
            }
        }
        a = b;
    }
    e = U_ZERO_ERROR;
    ubrk_setText(s->sent_bi, NULL, 0, &e);
    utext_close(&ut);
    return count;
}

/* Between two words the sentencizer starts at most one sentence (a start clears its "seen a
 * period" state, and only a word sets it again), so a span's sentences are its first word plus
 * the later words flagged WN_WORD_SENT. */
size_t wn_sentences_in_span(const wn_word *w, size_t n, size_t a, size_t b)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {   /* the first word at or after a */
        size_t m = lo + (hi - lo) / 2;
        if (w[m].off < a)
            lo = m + 1;
        else
            hi = m;
    }
    size_t count = 1;
    for (size_t i = lo + 1; i < n && w[i].off < b; i++)
        count += (w[i].flags & WN_WORD_SENT) != 0;
    return count;
}
