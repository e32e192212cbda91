/* test_stopword_cache.c: wn_stopwords_mask_cached answers what wn_stopwords_mask answers: for
 * words of every length around the 8 bytes it remembers, far more distinct words than it has
 * slots (so that slots are taken over), each asked several times, and when the same cache is
 * asked about another set of lists (it must forget the first set's answers). */
#include <stdio.h>
#include "harness.h"
#include "extract_harness.h"
#include "winnow/internal.h"
#include "html/stopwords.h"

static void test_cache_matches_table(void)
{
    wn_stopwords *a = wn_t_stopwords_json("{\"en\": [\"a\", \"an\", \"the\", \"and\", \"w12\", \"w777q\", \"abcdefgh\", \"abcdefghi\"], "
                                          "\"de\": [\"der\", \"und\", \"w5000\", \"\\u00fcber\"]}");
    wn_stopwords *b = wn_t_stopwords_json("{\"fr\": [\"le\", \"la\", \"the\", \"w13\"]}");
    static wn_stopword_cache c;     /* zeroed: empty */
    char w[32];
    size_t hits = 0;
    for (int pass = 0; pass < 3; pass++)
        for (const wn_stopwords *sw = a;; sw = b) {
            for (int i = 0; i < 6000; i++) {
                int n = i % 7 == 0 ? snprintf(w, sizeof w, "abcdefgh%.*s", i % 3, "ijk")
                                   : snprintf(w, sizeof w, "w%d%.*s", i, i % 4, "qqqq");
                uint64_t want = wn_stopwords_mask(sw, w, (size_t)n);
                CHECK_EQ_INT(wn_stopwords_mask_cached(sw, &c, w, (size_t)n), want);
                hits += want != 0;
            }
            static const char *const common[] = { "a", "an", "the", "and", "der", "und", "le", "\xc3\xbc" "ber", "x" };
            for (size_t i = 0; i < sizeof common / sizeof *common; i++)
                CHECK_EQ_INT(wn_stopwords_mask_cached(sw, &c, common[i], strlen(common[i])),
                             wn_stopwords_mask(sw, common[i], strlen(common[i])));
            if (sw == b)
                break;
        }
    CHECK(hits > 6);    /* some of the numbered words are in the lists */
    CHECK(wn_stopwords_mask_cached(a, &c, "the", 3) == 1 && wn_stopwords_mask_cached(b, &c, "the", 3) == 1);
    CHECK(wn_stopwords_mask_cached(a, &c, "der", 3) == 2 && wn_stopwords_mask_cached(b, &c, "der", 3) == 0);
    wn_stopwords_free(a);
    wn_stopwords_free(b);
}

int main(void)
{
    RUN(test_cache_matches_table);
    return DONE();
}
