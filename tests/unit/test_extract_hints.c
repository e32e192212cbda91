/* test_extract_hints.c: wn_extract_hints against a reference written for clarity, not speed,
 * from its contract (extract_hints.c): words are runs of ASCII letters and digits, looked up
 * lowercase in the table; a word is also joined to the word before it when one byte separates
 * them; a camelCase word is also cut at each lowercase-to-capital step; a token of the value
 * starting "category-" or "tag-" is skipped whole. Values are built at random from table
 * words in mixed case and from separators, digits, capitals and non-ASCII bytes, so that
 * joins, camel parts and lengths near the 24-byte limit all occur. */
#include <ctype.h>
#include "harness.h"
#include "winnow/internal.h"
#include "html/extract_impl.h"

/* the table's hint for the lowercase word w of n bytes: a linear search */
static uint8_t ref_word(const char *w, size_t n)
{
    if (n == 0 || n >= 24)
        return 0;
    for (size_t i = 0; wn_extract_hint_word(i); i++) {
        const char *t = wn_extract_hint_word(i);
        if (strlen(t) == n && !memcmp(t, w, n))
            return wn_extract_hint_word_hint(i);
    }
    return 0;
}

static uint8_t ref_span(const char *a, size_t na, const char *b, size_t nb)
{
    char low[64];
    if (na + nb >= sizeof low)
        return 0;
    for (size_t k = 0; k < na; k++)
        low[k] = (char)tolower((unsigned char)a[k]);
    for (size_t k = 0; k < nb; k++)
        low[na + k] = (char)tolower((unsigned char)b[k]);
    return ref_word(low, na + nb);
}

static bool ref_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

static uint8_t ref_hints(const char *p, size_t n)
{
    uint8_t h = 0;
    size_t i = 0, prev_s = 0, prev_len = 0;
    while (i < n) {
        while (i < n && !ref_alnum(p[i]))
            i++;
        size_t s = i;
        bool token_start = s == 0 || p[s - 1] == ' ';
        if (token_start && ((n - s > 9 && !memcmp(p + s, "category-", 9)) || (n - s > 4 && !memcmp(p + s, "tag-", 4)))) {
            while (i < n && p[i] != ' ')
                i++;
            prev_len = 0;
            continue;
        }
        while (i < n && ref_alnum(p[i]))
            i++;
        if (i == s)
            continue;
        h |= ref_span(p + s, i - s, "", 0);
        if (prev_len && s == prev_s + prev_len + 1)
            h |= ref_span(p + prev_s, prev_len, p + s, i - s);
        prev_s = s;
        prev_len = i - s;
        /* camel parts: cut before each capital that follows a lowercase letter */
        size_t cuts[64], nc = 0;
        for (size_t k = s + 1; k < i && nc < 64; k++)
            if (isupper((unsigned char)p[k]) && islower((unsigned char)p[k - 1]))
                cuts[nc++] = k;
        size_t ps = s;
        for (size_t c = 0; c < nc; c++) {
            h |= ref_span(p + ps, cuts[c] - ps, "", 0);
            ps = cuts[c];
        }
        if (nc)
            h |= ref_span(p + ps, i - ps, "", 0);
    }
    return h;
}

static uint64_t rng = 88172645463325252ULL;
static uint32_t next(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

static void test_hints_match_reference(void)
{
    size_t n_words = 0;
    while (wn_extract_hint_word(n_words))
        n_words++;
    static const char *const bits[] = { "-", "_", " ", " ", "--", "category-", "tag-", "x", "2", "Q",
                                        "\xC3\xA9", "is", "box", "mt-2", ":", "Content", "CONTENT" };
    char v[256];
    size_t hinted = 0;
    for (int round = 0; round < 200000; round++) {
        size_t len = 0, parts = 1 + next() % 8;
        for (size_t k = 0; k < parts; k++) {
            const char *w;
            char word[32];
            if (next() % 2) {
                /* a table word in random case, sometimes cut short */
                const char *t = wn_extract_hint_word(next() % n_words);
                size_t tl = strlen(t), cut = next() % 4 == 0 ? 1 + next() % tl : tl;
                for (size_t c = 0; c < cut; c++)
                    word[c] = next() % 3 == 0 ? (char)toupper((unsigned char)t[c]) : t[c];
                word[cut] = 0;
                w = word;
            } else {
                w = bits[next() % (sizeof bits / sizeof *bits)];
            }
            size_t wl = strlen(w);
            if (len + wl > sizeof v)
                break;
            memcpy(v + len, w, wl);
            len += wl;
        }
        uint8_t want = ref_hints(v, len), got = wn_extract_hints(v, len);
        hinted += want != 0;
        if (got != want) {
            CHECK_MSG(got == want, "\"%.*s\": %u, reference %u", (int)len, v, got, want);
            break;
        }
    }
    CHECK(hinted > 50000);   /* the values do hit the table */
}

int main(void)
{
    RUN(test_hints_match_reference);
    return DONE();
}
