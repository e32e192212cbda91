/* test_punct_sets.c: datatrove's character sets (datatrove/utils/text.py, 0.10.0) as winnow
 * has them. TERMINAL_PUNCTUATION must be ICU 72's Sentence_Terminal set plus five Khmer signs
 * (the oracle is ICU itself, asked for every code point); the Gopher symbol set is
 * PUNCTUATION united with it, 281 characters. */
#include <unicode/uchar.h>
#include <unicode/uversion.h>
#include "harness.h"
#include "winnow/internal.h"
#include "text/words.h"

static bool khmer_added(uint32_t c)
{
    return c == 0x17D4 || c == 0x17D5 || c == 0x17D6 || c == 0x17D9 || c == 0x17DA;
}

static void test_terminal_equals_icu72_sentence_terminal(void)
{
    UVersionInfo v;
    u_getVersion(v);
    size_t n = 0, differ = 0;
    for (uint32_t c = 0; c <= 0x10FFFF; c++) {
        bool want = u_hasBinaryProperty((UChar32)c, UCHAR_S_TERM) || khmer_added(c);
        bool got = wn_dt_is_terminal_punct(c);
        n += got;
        /* another ICU (Unicode) version may add Sentence_Terminal characters that datatrove's
         * list, made from ICU 72, does not have: only the ones it has must agree then */
        if (got != want && (v[0] == 72 || got)) {
            if (differ++ < 5)
                fprintf(stderr, "  U+%04X: table %d, ICU %d.%d %d\n", c, got, v[0], v[1], want);
        }
    }
    CHECK_EQ_INT(differ, 0);
    CHECK_EQ_INT(n, 159);
    CHECK_EQ_INT(wn_dt_terminal_punct_count(), 159);
    CHECK(!u_hasBinaryProperty(0x17D4, UCHAR_S_TERM) || v[0] != 72);  /* the Khmer signs are extra */
}

/* The symbol set: the 129 characters of PUNCTUATION and every terminal mark, 281 in all
 * (7 are in both: ! . ? U+3002 U+FF01 U+FF0E U+FF1F). */
static void test_symbol_set_is_union(void)
{
    size_t n = 0, both = 0, missing = 0;
    for (uint32_t c = 0; c <= 0x10FFFF; c++) {
        bool p = wn_dt_is_punct(c), t = wn_dt_is_terminal_punct(c);
        n += p;
        missing += t && !p;
        /* characters of the PUNCTUATION string among the terminal marks */
        both += t && (c < 0x80 || c == 0x3002 || c == 0xFF01 || c == 0xFF0E || c == 0xFF1F);
    }
    CHECK_EQ_INT(missing, 0);
    CHECK_EQ_INT(n, 281);
    CHECK_EQ_INT(both, 7);
    CHECK_EQ_INT(n - wn_dt_terminal_punct_count() + both, 129);
    /* a few of the terminal marks the string lacks */
    CHECK(wn_dt_is_punct(0x0964) && wn_dt_is_punct(0x203C) && wn_dt_is_punct(0x061F) &&
          wn_dt_is_punct(0xFF61));
    CHECK(!wn_dt_is_punct(0x00B6) && !wn_dt_is_punct(0x17D7) && !wn_dt_is_punct('\t'));
}

int main(void)
{
    RUN(test_terminal_equals_icu72_sentence_terminal);
    RUN(test_symbol_set_is_union);
    return DONE();
}
