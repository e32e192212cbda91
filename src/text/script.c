/* script.c: a coarse Unicode script per code point, from the block ranges of Unicode 15
 * (Blocks.txt) and UAX #24; letters of the same writing system share a value. */
#include "winnow/text.h"

typedef struct {
    uint32_t lo, hi;
    unsigned char script;
} range;

/* Sorted by lo; code points not covered are WN_SCRIPT_NONE when < 0x80 or in the punctuation
 * and symbol blocks, else WN_SCRIPT_OTHER. */
static const range ranges[] = {
    { 0x0041, 0x005A, WN_SCRIPT_LATIN }, { 0x0061, 0x007A, WN_SCRIPT_LATIN },
    { 0x00AA, 0x00AA, WN_SCRIPT_LATIN }, { 0x00BA, 0x00BA, WN_SCRIPT_LATIN },
    { 0x00C0, 0x00D6, WN_SCRIPT_LATIN }, { 0x00D8, 0x00F6, WN_SCRIPT_LATIN },
    { 0x00F8, 0x024F, WN_SCRIPT_LATIN }, { 0x0250, 0x02AF, WN_SCRIPT_LATIN },
    { 0x0370, 0x03FF, WN_SCRIPT_GREEK }, { 0x0400, 0x052F, WN_SCRIPT_CYRILLIC },
    { 0x0531, 0x058F, WN_SCRIPT_ARMENIAN }, { 0x0590, 0x05FF, WN_SCRIPT_HEBREW },
    { 0x0600, 0x06FF, WN_SCRIPT_ARABIC }, { 0x0700, 0x074F, WN_SCRIPT_SYRIAC },
    { 0x0750, 0x077F, WN_SCRIPT_ARABIC }, { 0x0780, 0x07BF, WN_SCRIPT_THAANA },
    { 0x0870, 0x08FF, WN_SCRIPT_ARABIC },
    { 0x0900, 0x097F, WN_SCRIPT_DEVANAGARI }, { 0x0980, 0x09FF, WN_SCRIPT_BENGALI },
    { 0x0A00, 0x0A7F, WN_SCRIPT_GURMUKHI }, { 0x0A80, 0x0AFF, WN_SCRIPT_GUJARATI },
    { 0x0B00, 0x0B7F, WN_SCRIPT_ORIYA }, { 0x0B80, 0x0BFF, WN_SCRIPT_TAMIL },
    { 0x0C00, 0x0C7F, WN_SCRIPT_TELUGU }, { 0x0C80, 0x0CFF, WN_SCRIPT_KANNADA },
    { 0x0D00, 0x0D7F, WN_SCRIPT_MALAYALAM }, { 0x0D80, 0x0DFF, WN_SCRIPT_SINHALA },
    { 0x0E00, 0x0E7F, WN_SCRIPT_THAI }, { 0x0E80, 0x0EFF, WN_SCRIPT_LAO },
    { 0x0F00, 0x0FFF, WN_SCRIPT_TIBETAN }, { 0x1000, 0x109F, WN_SCRIPT_MYANMAR },
    { 0x10A0, 0x10FF, WN_SCRIPT_GEORGIAN }, { 0x1100, 0x11FF, WN_SCRIPT_HANGUL },
    { 0x1200, 0x139F, WN_SCRIPT_ETHIOPIC }, { 0x1780, 0x17FF, WN_SCRIPT_KHMER },
    { 0x1800, 0x18AF, WN_SCRIPT_MONGOLIAN }, { 0x19E0, 0x19FF, WN_SCRIPT_KHMER },
    { 0x1C80, 0x1C8F, WN_SCRIPT_CYRILLIC }, { 0x1C90, 0x1CBF, WN_SCRIPT_GEORGIAN },
    { 0x1D00, 0x1DBF, WN_SCRIPT_LATIN }, { 0x1E00, 0x1EFF, WN_SCRIPT_LATIN },
    { 0x1F00, 0x1FFF, WN_SCRIPT_GREEK }, { 0x2C00, 0x2C5F, WN_SCRIPT_OTHER },
    { 0x2C60, 0x2C7F, WN_SCRIPT_LATIN }, { 0x2D00, 0x2D2F, WN_SCRIPT_GEORGIAN },
    { 0x2DE0, 0x2DFF, WN_SCRIPT_CYRILLIC }, { 0x2E80, 0x2FDF, WN_SCRIPT_CJK },
    { 0x3005, 0x3007, WN_SCRIPT_CJK }, { 0x3021, 0x3029, WN_SCRIPT_CJK },
    { 0x3040, 0x30FF, WN_SCRIPT_CJK }, { 0x3100, 0x312F, WN_SCRIPT_CJK },
    { 0x3130, 0x318F, WN_SCRIPT_HANGUL }, { 0x31A0, 0x31FF, WN_SCRIPT_CJK },
    { 0x3400, 0x4DBF, WN_SCRIPT_CJK }, { 0x4E00, 0x9FFF, WN_SCRIPT_CJK },
    { 0xA640, 0xA69F, WN_SCRIPT_CYRILLIC }, { 0xA720, 0xA7FF, WN_SCRIPT_LATIN },
    { 0xA960, 0xA97F, WN_SCRIPT_HANGUL }, { 0xAB30, 0xAB6F, WN_SCRIPT_LATIN },
    { 0xAC00, 0xD7FF, WN_SCRIPT_HANGUL }, { 0xF900, 0xFAFF, WN_SCRIPT_CJK },
    { 0xFB00, 0xFB06, WN_SCRIPT_LATIN }, { 0xFB13, 0xFB17, WN_SCRIPT_ARMENIAN },
    { 0xFB1D, 0xFB4F, WN_SCRIPT_HEBREW }, { 0xFB50, 0xFDFF, WN_SCRIPT_ARABIC },
    { 0xFE70, 0xFEFF, WN_SCRIPT_ARABIC }, { 0xFF21, 0xFF3A, WN_SCRIPT_LATIN },
    { 0xFF41, 0xFF5A, WN_SCRIPT_LATIN }, { 0xFF66, 0xFF9F, WN_SCRIPT_CJK },
    { 0xFFA0, 0xFFDC, WN_SCRIPT_HANGUL }, { 0x20000, 0x323AF, WN_SCRIPT_CJK },
};

wn_script wn_script_of(uint32_t cp)
{
    if (cp < 0x80) {
        if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')
            return WN_SCRIPT_LATIN;
        return WN_SCRIPT_NONE;
    }
    size_t lo = 0, hi = sizeof ranges / sizeof *ranges;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < ranges[mid].lo)
            hi = mid;
        else if (cp > ranges[mid].hi)
            lo = mid + 1;
        else
            return (wn_script)ranges[mid].script;
    }
    /* punctuation, symbols, marks, spaces, private use: no script */
    if (cp < 0x0370 || (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
        (cp >= 0xFE00 && cp <= 0xFE6F) || (cp >= 0xFF00 && cp <= 0xFF20) ||
        (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0x1F000 && cp <= 0x1FAFF) || cp == 0xFFFD)
        return WN_SCRIPT_NONE;
    return WN_SCRIPT_OTHER;
}

const char *wn_script_name(wn_script s)
{
    static const char *const names[WN_SCRIPT_COUNT] = {
        "Zyyy", "Latn", "Grek", "Cyrl", "Armn", "Hebr", "Arab", "Syrc", "Thaa", "Deva", "Beng",
        "Guru", "Gujr", "Orya", "Taml", "Telu", "Knda", "Mlym", "Sinh", "Thai", "Laoo", "Tibt",
        "Mymr", "Geor", "Hang", "Ethi", "Khmr", "Mong", "Hani", "Zzzz",
    };
    return (unsigned)s < WN_SCRIPT_COUNT ? names[s] : "Zzzz";
}
