/* test_json_escape.c: wn_json_escape against a reference written a byte at a time from its
 * contract (json_escape.c): '"', '\\', newline, tab and CR escaped by name, other bytes below
 * 0x20 and DEL as \u00XX, well-formed UTF-8 (decoded by wn_utf8_decode) copied, any other byte
 * written as U+FFFD. Inputs are random mixes of plain ASCII runs (long enough for the 16-byte
 * path), escapes, valid and broken UTF-8 of every length, surrogates and overlong forms, cut at
 * random points so that sequences end at the end of the text. */
#include "harness.h"
#include "winnow/internal.h"

static size_t ref_escape(char *o, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t k = 0;
    o[k++] = '"';
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            uint32_t cp;
            size_t l = wn_utf8_decode(s + i, n - i, &cp);
            if (cp == 0xFFFD && l == 1) {
                memcpy(o + k, "\xEF\xBF\xBD", 3), k += 3;
            } else {
                memcpy(o + k, s + i, l), k += l;
            }
            i += l;
            continue;
        }
        if (c == '"') o[k++] = '\\', o[k++] = '"';
        else if (c == '\\') o[k++] = '\\', o[k++] = '\\';
        else if (c == '\n') o[k++] = '\\', o[k++] = 'n';
        else if (c == '\t') o[k++] = '\\', o[k++] = 't';
        else if (c == '\r') o[k++] = '\\', o[k++] = 'r';
        else if (c < 0x20 || c == 0x7F) {
            memcpy(o + k, "\\u00", 4), k += 4;
            o[k++] = hex[c >> 4], o[k++] = hex[c & 15];
        } else o[k++] = (char)c;
        i++;
    }
    o[k++] = '"';
    return k;
}

static uint64_t rng = 0xD1B54A32D192ED03ULL;
static uint32_t next(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

static void test_escape_matches_reference(void)
{
    static const char *const bits[] = {
        "plain text that runs for a while ", "ab", "\"", "\\", "\n", "\t", "\r", "\x01", "\x1F", "\x7F",
        "\xC3\xA9", "\xE2\x80\x9C", "\xEF\xBF\xBD", "\xF0\x9F\x98\x80", "\xC3", "\xE2\x80", "\xF0\x9F\x98",
        "\x80", "\xBF", "\xC0\xAF", "\xC1\xBF", "\xE0\x80\xAF", "\xE0\xA0\x80", "\xED\xA0\x80", "\xED\x9F\xBF",
        "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xFE", "\xFF", "\xE1\x80", "\xEE\x80\x80",
    };
    static char s[4096], want[4096 * 6 + 2];
    wn_buf out;
    wn_buf_init(&out, 1 << 20);
    for (int round = 0; round < 20000; round++) {
        size_t n = 0, parts = 1 + next() % 30;
        for (size_t k = 0; k < parts; k++) {
            const char *b = bits[next() % (sizeof bits / sizeof *bits)];
            size_t bl = strlen(b);
            if (b[0] == 'p')
                bl = 1 + next() % bl;   /* plain runs of every length */
            memcpy(s + n, b, bl);
            n += bl;
        }
        if (next() % 4 == 0)
            n -= next() % (n + 1);      /* cut anywhere, in the middle of a sequence too */
        size_t wl = ref_escape(want, s, n);
        wn_buf_reset(&out);
        CHECK(wn_json_escape(&out, s, n) == WN_OK);
        if (out.len != wl || memcmp(out.data, want, wl)) {
            CHECK_MSG(false, "round %d: %zu bytes in, %zu out, reference %zu", round, n, out.len, wl);
            break;
        }
    }
    wn_buf_free(&out);
}

int main(void)
{
    RUN(test_escape_matches_reference);
    return DONE();
}
