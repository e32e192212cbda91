/* seg_spacy_en_chars.c: the character classes of spaCy's English punctuation rules (ALPHA,
 * ALPHA_LOWER, ALPHA_UPPER, the icon, quote, punctuation and currency lists, and the few
 * Python predicates its patterns use), as one bit set per code point.
 *
 * DESIGN: spaCy writes its classes as ranges of named scripts (Latin blocks, Cyrillic,
 * Greek, and "uncased" scripts: Bengali, Hebrew, Arabic/Persian, Sinhala, Devanagari,
 * Kannada, Tamil, Telugu, Hangul, kana, CJK); the ranges below are those blocks, and inside
 * the Latin extension blocks, which spaCy lists letter by letter, upper and lower case come
 * from the Unicode general category (Lu / Ll) through ICU. Its icons are the "other symbol"
 * (So) characters of Unicode 11, which its list was made from. The table covers the BMP,
 * filled a block of 256 code points at a time on first use (the whole BMP costs ~130 M
 * instructions, which every process paid at start-up); the rest is computed on each call
 * (rare in English text). Every class edge is
 * probed by the oracle's line_charclass cases (tests/unit/test_seg_spacy_en.c). */
#include <pthread.h>
#include <string.h>
#include <unicode/uchar.h>
#include "text/seg_spacy_en_impl.h"

typedef struct {
    uint32_t lo, hi;
} sp_range;

/* spaCy's uncased scripts: letters for ALPHA, ALPHA_LOWER and ALPHA_UPPER alike */
static const sp_range uncased[] = {
    { 0x0980, 0x09FF },                                         /* Bengali */
    { 0x0591, 0x05F4 }, { 0xFB1D, 0xFB4F },                     /* Hebrew */
    { 0x0620, 0x064A }, { 0x066E, 0x06D5 }, { 0x06E5, 0x06FF }, /* Arabic/Persian */
    { 0x0750, 0x077F }, { 0x08A0, 0x08BD }, { 0xFB50, 0xFBB1 }, { 0xFBD3, 0xFD3D },
    { 0xFD50, 0xFDC7 }, { 0xFDF0, 0xFDFB }, { 0xFE70, 0xFEFC }, { 0x1EE00, 0x1EEBB },
    { 0x0D80, 0x0DFF },                                         /* Sinhala */
    { 0x0900, 0x097F },                                         /* Devanagari */
    { 0x0C80, 0x0CFF },                                         /* Kannada */
    { 0x0B80, 0x0BFF },                                         /* Tamil */
    { 0x0C00, 0x0C7F },                                         /* Telugu */
    { 0xAC00, 0xD7AF }, { 0x1100, 0x11FF },                     /* Hangul */
    { 0x3040, 0x309F }, { 0x30A0, 0x30FF },                     /* kana */
    { 0x4E00, 0x9FFF }, { 0x3400, 0x4DBF }, { 0x20000, 0x2A6DF }, /* CJK */
    { 0x2A700, 0x2EBEF }, { 0x2E80, 0x2FDF }, { 0x2FF0, 0x2FFF }, { 0x3000, 0x303F },
    { 0x31C0, 0x31EF }, { 0x3200, 0x33FF }, { 0xF900, 0xFAFF }, { 0xFE30, 0xFE4F },
    { 0x1F200, 0x1F2FF }, { 0x2F800, 0x2FA1F },
};

/* Latin blocks that are ALPHA as a whole, cased or not */
static const sp_range latin_blocks[] = {
    { 0x0100, 0x017F }, { 0x0180, 0x01BF }, { 0x01C4, 0x024F }, { 0x2C60, 0x2C7B },
    { 0x2C7E, 0x2C7F }, { 0xA722, 0xA76F }, { 0xA7B0, 0xA7B7 }, { 0xA7FA, 0xA7FF },
    { 0x1E00, 0x1EFF },
};
/* where spaCy lists Latin letters as upper or lower case one by one: the blocks above, but
 * its Latin Extended-D lists run on to U+A7B9 (Unicode 11), past the block ranges it gives
 * ALPHA (the oracle's probes of U+A771-U+A7B9 show it) */
static const sp_range latin_cased[] = {
    { 0x0100, 0x017F }, { 0x0180, 0x01BF }, { 0x01C4, 0x024F }, { 0x2C60, 0x2C7B },
    { 0x2C7E, 0x2C7F }, { 0xA722, 0xA7B9 }, { 0xA7FA, 0xA7FF }, { 0x1E00, 0x1EFF },
};

/* Latin ranges that are lower case as a whole (phonetic letters, Latin Extended-E) */
static const sp_range latin_lower[] = {
    { 'a', 'z' }, { 0xFF41, 0xFF5A }, { 0x00DF, 0x00F6 }, { 0x00F8, 0x00FF },
    { 0xAB30, 0xAB5A }, { 0xAB60, 0xAB64 }, { 0x0250, 0x02AF }, { 0x1D00, 0x1D25 },
    { 0x1D6B, 0x1D77 }, { 0x1D79, 0x1D9A },
};
static const sp_range latin_upper[] = {
    { 'A', 'Z' }, { 0xFF21, 0xFF3A }, { 0x00C0, 0x00D6 }, { 0x00D8, 0x00DE },
};

/* Cyrillic (Russian, Tatar, Ukrainian, Macedonian) and Greek letters spaCy names */
static const sp_range other_lower[] = {
    { 0x0430, 0x044F }, { 0x0451, 0x0451 },                     /* Russian */
    { 0x04D9, 0x04D9 }, { 0x04E9, 0x04E9 }, { 0x04AF, 0x04AF }, /* Tatar */
    { 0x0497, 0x0497 }, { 0x04A3, 0x04A3 }, { 0x04BB, 0x04BB },
    { 0x03B1, 0x03C9 }, { 0x03AC, 0x03AF }, { 0x03CC, 0x03CE }, /* Greek */
    { 0x0456, 0x0457 }, { 0x0454, 0x0454 }, { 0x0491, 0x0491 }, /* Ukrainian */
    { 0x0453, 0x0453 }, { 0x0455, 0x0455 }, { 0x0458, 0x045A }, /* Macedonian */
    { 0x045C, 0x045D }, { 0x0450, 0x0450 },
};
static const sp_range other_upper[] = {
    { 0x0410, 0x042F }, { 0x0401, 0x0401 },
    { 0x04D8, 0x04D8 }, { 0x04E8, 0x04E8 }, { 0x04AE, 0x04AE },
    { 0x0496, 0x0496 }, { 0x04A2, 0x04A2 }, { 0x04BA, 0x04BA },
    { 0x0391, 0x03A9 }, { 0x0386, 0x0386 }, { 0x0388, 0x038A }, { 0x038C, 0x038C },
    { 0x038E, 0x038F },
    { 0x0406, 0x0407 }, { 0x0404, 0x0404 }, { 0x0490, 0x0490 },
    { 0x0403, 0x0403 }, { 0x0405, 0x0405 }, { 0x0408, 0x040A }, { 0x040C, 0x040D },
    { 0x0400, 0x0400 },
};

/* LIST_PUNCT */
static const uint32_t punct_list[] = {
    0x2026, ',', ':', ';', '!', '?', 0xBF, 0x61F, 0xA1, '(', ')', '[', ']', '{', '}', '<', '>',
    '_', '#', '*', '&', 0x3002, 0xFF1F, 0xFF01, 0xFF0C, 0x3001, 0xFF1B, 0xFF1A, 0xFF5E, 0xB7,
    0x964, 0x60C, 0x6D4, 0x61B, 0x66A,
};
/* LIST_QUOTES */
static const uint32_t quote_list[] = {
    '\'', '"', 0x201D, 0x201C, '`', 0x2018, 0xB4, 0x2019, 0x201A, ',', 0x201E, 0xBB, 0xAB,
    0x300C, 0x300D, 0x300E, 0x300F, 0xFF08, 0xFF09, 0x3014, 0x3015, 0x3010, 0x3011, 0x300A,
    0x300B, 0x3008, 0x3009, 0x2329, 0x232A, 0x27E6, 0x27E7,
};
/* the one-character members of LIST_CURRENCY */
static const uint32_t currency_list[] = {
    '$', 0xA3, 0x20AC, 0xA5, 0xE3F, 0x20BD, 0xFDFC, 0x20B4,
};

static bool in_ranges(const sp_range *r, size_t n, uint32_t cp)
{
    for (size_t i = 0; i < n; i++)
        if (cp >= r[i].lo && cp <= r[i].hi)
            return true;
    return false;
}

static bool cp_in_list(const uint32_t *l, size_t n, uint32_t cp)
{
    for (size_t i = 0; i < n; i++)
        if (l[i] == cp)
            return true;
    return false;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static bool py_isspace(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20);
    return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

static bool unit_end(uint32_t cp);

static uint32_t compute(uint32_t cp)
{
    uint32_t c = 0;
    int8_t gc = u_charType((UChar32)cp);
    bool unc = in_ranges(uncased, N(uncased), cp);
    bool lat = in_ranges(latin_cased, N(latin_cased), cp);
    bool latb = in_ranges(latin_blocks, N(latin_blocks), cp);
    bool lo = unc || in_ranges(latin_lower, N(latin_lower), cp) ||
              in_ranges(other_lower, N(other_lower), cp) || (lat && gc == U_LOWERCASE_LETTER);
    bool up = unc || in_ranges(latin_upper, N(latin_upper), cp) ||
              in_ranges(other_upper, N(other_upper), cp) || (lat && gc == U_UPPERCASE_LETTER);
    /* ALPHA is the union of the scripts' whole ranges (the Latin blocks whole, cased or not) */
    if (unc || latb || in_ranges(latin_lower, N(latin_lower), cp) ||
        in_ranges(latin_upper, N(latin_upper), cp) || in_ranges(other_lower, N(other_lower), cp) ||
        in_ranges(other_upper, N(other_upper), cp))
        c |= SP_ALPHA;
    if (lo)
        c |= SP_LOWER;
    if (up)
        c |= SP_UPPER;
    if (gc == U_OTHER_SYMBOL) {
        UVersionInfo age;
        u_charAge((UChar32)cp, age);
        if (age[0] < 11 || (age[0] == 11 && age[1] == 0))
            c |= SP_ICON;
    }
    if (cp_in_list(quote_list, N(quote_list), cp))
        c |= SP_QUOTE;
    if (cp_in_list(punct_list, N(punct_list), cp))
        c |= SP_PUNCT;
    if (cp_in_list(currency_list, N(currency_list), cp) || (cp >= 0x20A0 && cp <= 0x20BF))
        c |= SP_CURR;
    if (c & (SP_PUNCT | SP_QUOTE | SP_CURR | SP_ICON) || cp == 0xA7 || cp == '%' || cp == '=' ||
        cp == 0x2014 || cp == 0x2013)
        c |= SP_PRE1;
    if (c & (SP_PUNCT | SP_QUOTE | SP_ICON) || cp == 0x2014 || cp == 0x2013)
        c |= SP_SUF1;
    /* U+1362 (Ethiopic full stop) is no suffix, yet '.' after it is split off in spaCy's
     * output ("See ሰላም።." ends in "ሰላም።", "."): its PUNCT class holds it */
    if ((cp >= '0' && cp <= '9') || (c & (SP_LOWER | SP_PUNCT | SP_QUOTE)) || cp == '%' ||
        cp == 0xB2 || cp == '-' || cp == '+' || cp == '|' || cp == '(' || cp == '?' ||
        cp == ':' || cp == ')' || cp == 0x1362)
        c |= SP_DOTLB;
    if ((cp < 0x80 && ((cp | 0x20) - 'a' < 26 || cp - '0' < 10)) || (cp >= 0xA1 && cp <= 0xFFFF))
        c |= SP_HOST;
    if (py_isspace(cp))
        c |= SP_SPACE;
    if (gc == U_CONNECTOR_PUNCTUATION || gc == U_DASH_PUNCTUATION ||
        gc == U_START_PUNCTUATION || gc == U_END_PUNCTUATION ||
        gc == U_INITIAL_PUNCTUATION || gc == U_FINAL_PUNCTUATION || gc == U_OTHER_PUNCTUATION)
        c |= SP_P;
    if (gc == U_DECIMAL_DIGIT_NUMBER)
        c |= SP_DIGIT;
    if (unit_end(cp))
        c |= SP_UNITEND;
    if (cp == '_' || gc == U_DECIMAL_DIGIT_NUMBER || gc == U_LETTER_NUMBER ||
        gc == U_OTHER_NUMBER || gc == U_UPPERCASE_LETTER || gc == U_LOWERCASE_LETTER ||
        gc == U_TITLECASE_LETTER || gc == U_MODIFIER_LETTER || gc == U_OTHER_LETTER)
        c |= SP_WORD;
    /* the "plain" letters: ALPHA characters that no prefix, suffix, infix or URL rule can
     * start, end or hold as its own character (no punctuation, quote, currency, icon, digit,
     * '.', '$', '-', dash, apostrophe). A chunk of plain letters only is one token unless it is
     * a special case: every prefix starts with a non-plain character ('+', '.', PRE1, or 'US$'
     * 'C$' 'A$' which hold '$'); every suffix ends with one ('.', SUF1, '+', '…', "'s") or is a
     * unit after an ASCII digit; every infix is a non-plain character; the URL pattern needs a
     * '.' in its host. */
    bool named = cp == '.' || cp == '$' || cp == '+' || cp == '-' || cp == '*' || cp == '^' ||
                 cp == ',' || cp == '~' || cp == ':' || cp == '<' || cp == '>' || cp == '=' ||
                 cp == '/' || cp == '\'' || cp == '_' || cp == 0x2019 || cp == 0x2026 ||
                 cp == 0x2013 || cp == 0x2014 || cp - '0' < 10;
    if ((c & SP_ALPHA) && !named &&
        !(c & (SP_ICON | SP_QUOTE | SP_PUNCT | SP_CURR | SP_PRE1 | SP_SUF1 | SP_SPACE | SP_P |
               SP_DIGIT)))
        c |= SP_PLAIN;
    return c;
}

uint32_t sp_bmp[0x10000];
_Atomic bool sp_block_ready[0x10000 >> SP_BLOCK_BITS];
/* one filler at a time: a block is written once, and never while another thread reads it */
static pthread_mutex_t block_lock = PTHREAD_MUTEX_INITIALIZER;

void sp_block_fill(uint32_t b)
{
    pthread_mutex_lock(&block_lock);
    if (!atomic_load_explicit(&sp_block_ready[b], memory_order_relaxed)) {
        for (uint32_t cp = b << SP_BLOCK_BITS, e = cp + (1u << SP_BLOCK_BITS); cp < e; cp++)
            sp_bmp[cp] = compute(cp);
        atomic_store_explicit(&sp_block_ready[b], true, memory_order_release);
    }
    pthread_mutex_unlock(&block_lock);
}

uint32_t sp_class_slow(uint32_t cp)
{
    return compute(cp);
}

/* UNITS then CURRENCY (spaCy's lists, in UTF-8). Suffixes only after an ASCII digit. The
 * Russian "тб" and the Arabic "كم" run together in spaCy's list (no space between them), so
 * "тбكم" is a unit and neither half is on its own: the oracle's line_number cases agree. */
static const char *const units[] = {
    "km", "km\xc2\xb2", "km\xc2\xb3", "m", "m\xc2\xb2", "m\xc2\xb3", "dm", "dm\xc2\xb2",
    "dm\xc2\xb3", "cm", "cm\xc2\xb2", "cm\xc2\xb3", "mm", "mm\xc2\xb2", "mm\xc2\xb3", "ha",
    "\xc2\xb5m", "nm", "yd", "in", "ft", "kg", "g", "mg", "\xc2\xb5g", "t", "lb", "oz", "m/s",
    "km/h", "kmh", "mph", "hPa", "Pa", "mbar", "mb", "MB", "kb", "KB", "gb", "GB", "tb", "TB",
    "T", "G", "M", "K", "%", "км", "км²", "км³", "м", "м²", "м³", "дм", "дм²", "дм³", "см",
    "см²", "см³", "мм", "мм²", "мм³", "нм", "кг", "г", "мг", "м/с", "км/ч", "кПа", "Па",
    "мбар", "Кб", "КБ", "кб", "Мб", "МБ", "мб", "Гб", "ГБ", "гб", "Тб", "ТБ", "тбكم", "كم²",
    "كم³", "م", "م²", "م³", "سم", "سم²", "سم³", "مم", "مم²", "مم³", "كم", "غرام", "جرام", "جم",
    "كغ", "ملغ", "كوب", "اكواب",
    /* CURRENCY's strings of more than one character */
    "US$", "C$", "A$",
};

/* the units decoded into code points once (every unit is at most 5 code points) */
typedef struct {
    uint32_t cp[5];
    size_t n;
} unit_cps;
static unit_cps unit_tab[N(units)];
static pthread_once_t unit_once = PTHREAD_ONCE_INIT;

static void unit_build(void)
{
    for (size_t u = 0; u < N(units); u++) {
        const char *s = units[u];
        size_t i = 0, len = strlen(s), k = 0;
        while (i < len && k < 5) {
            unsigned char b = (unsigned char)s[i];
            size_t l = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
            uint32_t cp = l == 1 ? b : (b & (0xFFu >> (l + 1)));
            for (size_t j = 1; j < l; j++)
                cp = (cp << 6) | ((unsigned char)s[i + j] & 0x3F);
            unit_tab[u].cp[k++] = cp;
            i += l;
        }
        unit_tab[u].n = k;
    }
}

static bool unit_end(uint32_t cp)
{
    pthread_once(&unit_once, unit_build);
    if (cp_in_list(currency_list, N(currency_list), cp) || (cp >= 0x20A0 && cp <= 0x20BF))
        return true;
    for (size_t u = 0; u < N(units); u++)
        if (unit_tab[u].cp[unit_tab[u].n - 1] == cp)
            return true;
    return false;
}

size_t sp_unit_or_currency(const uint32_t *cps, size_t p, size_t hi)
{
    pthread_once(&unit_once, unit_build);
    size_t n = hi - p;
    if (n == 1 && (sp_class(cps[p]) & SP_CURR))
        return 1;
    for (size_t u = 0; u < N(units); u++)
        if (unit_tab[u].n == n && !memcmp(unit_tab[u].cp, cps + p, n * sizeof *cps))
            return n;
    return 0;
}
