/* test_json_scan.c: a JSON string is accepted exactly when its bytes are well-formed UTF-8
 * without control characters (RFC 8259 §7-8; the reference decides with wn_utf8_decode, a
 * byte at a time). json.c passes plain bytes 16 or 8 at a time and checks the common two- and
 * three-byte sequences in place; random strings of plain runs of every length and of valid,
 * broken, surrogate, overlong and cut sequences check that it accepts no more and no less. */
#include "harness.h"
#include "winnow/internal.h"
#include "common/json.h"

static bool ref_valid(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == '"' || c == '\\')
            return false;
        uint32_t cp;
        size_t l = wn_utf8_decode(s + i, n - i, &cp);
        if (cp == 0xFFFD && l == 1 && c >= 0x80)
            return false;
        i += l;
    }
    return true;
}

static uint64_t rng = 0x853C49E6748FEA9BULL;
static uint32_t next(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

static void test_string_utf8_matches_reference(void)
{
    static const char *const bits[] = {
        "plain", "\xC3\xA9", "\xDF\xBF", "\xE2\x80\x9C", "\xEF\xBF\xBD", "\xE1\x80\x80", "\xF0\x9F\x98\x80",
        "\xC3", "\xE2\x80", "\x80", "\xC0\xAF", "\xC1\xBF", "\xE0\x80\xAF", "\xE0\xA0\x80", "\xED\xA0\x80",
        "\xED\x9F\xBF", "\xF4\x90\x80\x80", "\xFF", "\xC3\x41", "\xE2\x41\x80", "\x01",
        "a plain run of text long enough to fill the sixteen-byte steps several times over",
    };
    char s[512], q[520];
    size_t accepted = 0, refused = 0;
    for (int round = 0; round < 50000; round++) {
        size_t n = 0, parts = 1 + next() % 8;
        for (size_t k = 0; k < parts; k++) {
            const char *b = bits[next() % (sizeof bits / sizeof *bits)];
            size_t bl = strlen(b);
            if (b[0] == 'a')
                bl = 1 + next() % bl;   /* plain runs of every length: a stop at every offset */
            memcpy(s + n, b, bl);
            n += bl;
        }
        q[0] = '"';
        memcpy(q + 1, s, n);
        q[n + 1] = '"';
        wn_json j;
        wn_json_init(&j, q, n + 2);
        wn_slice v;
        bool ok = wn_json_value(&j, &v) == WN_OK;
        bool want = ref_valid(s, n);
        accepted += ok, refused += !ok;
        if (ok != want) {
            CHECK_MSG(false, "round %d: %zu bytes, accepted %d, reference %d", round, n, ok, want);
            break;
        }
    }
    CHECK(accepted > 1000 && refused > 1000);
}

int main(void)
{
    RUN(test_string_utf8_matches_reference);
    return DONE();
}
