/* test_tb_tags.c: tb_tag_lookup() (word-at-a-time keys over a hash table), and
 * tb_tag_lookup_lowered() on names without capitals, against the plain
 * definition: the listed tag whose name equals the bytes with ASCII capitals lowered, else
 * TB_OTHER. Names, their case variants, every one-byte change, cut and extension of each, and
 * random strings over the letters tag names use. */
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "html/tb_tags.h"

static tb_tag oracle(const char *p, size_t n)
{
    for (int t = 1; t < TB_TAG_COUNT; t++) {
        const char *name = tb_tag_names[t];
        if (strlen(name) != n)
            continue;
        size_t k = 0;
        while (k < n && (p[k] >= 'A' && p[k] <= 'Z' ? p[k] + 32 : p[k]) == name[k])
            k++;
        if (k == n)
            return (tb_tag)t;
    }
    return TB_OTHER;
}

static size_t checked, wrong;

static void check(const char *p, size_t n)
{
    checked++;
    bool capitals = false;
    for (size_t k = 0; k < n; k++)
        capitals |= p[k] >= 'A' && p[k] <= 'Z';
    if (!capitals && tb_tag_lookup_lowered(p, n) != oracle(p, n) && wrong++ < 5)
        fprintf(stderr, "  '%.*s' (%zu bytes): lowered lookup %d, want %d\n", (int)n, p, n,
                (int)tb_tag_lookup_lowered(p, n), (int)oracle(p, n));
    if (tb_tag_lookup(p, n) != oracle(p, n)) {
        if (wrong++ < 5)
            fprintf(stderr, "  '%.*s' (%zu bytes): lookup %d, want %d\n", (int)n, p, n,
                    (int)tb_tag_lookup(p, n), (int)oracle(p, n));
    }
}

static void test_every_name(void)
{
    static const char repl[] = { '_', 'z', 'Z', '\0', '1', '-', (char)0xC3, (char)0xE0 };
    for (int t = 1; t < TB_TAG_COUNT; t++) {
        const char *name = tb_tag_names[t];
        size_t n = strlen(name);
        char v[32];
        memcpy(v, name, n);
        CHECK_EQ_INT((int)tb_tag_lookup(v, n), t);
        for (size_t k = 0; k < n; k++)   /* upper case, whole and one byte at a time */
            v[k] = (char)(v[k] >= 'a' && v[k] <= 'z' ? v[k] - 32 : v[k]);
        CHECK_EQ_INT((int)tb_tag_lookup(v, n), t);
        memcpy(v, name, n);
        for (size_t k = 0; k < n; k++) {
            for (size_t r = 0; r < sizeof repl; r++) {
                v[k] = repl[r];
                check(v, n);
            }
            v[k] = (char)(name[k] ^ 0x20);
            check(v, n);
            v[k] = name[k];
        }
        check(v, n - 1);
        check(v + 1, n - 1);
        v[n] = 's';
        check(v, n + 1);
    }
    CHECK_EQ_INT((int)wrong, 0);
}

static void test_random(void)
{
    static const char letters[] = "abcdefhilmnoprstuvxyzABDHPST1234-";
    unsigned seed = 12345;
    char v[20];
    for (int i = 0; i < 200000; i++) {
        seed = seed * 1103515245u + 12345u;
        size_t n = 1 + (seed >> 16) % 16;
        for (size_t k = 0; k < n; k++) {
            seed = seed * 1103515245u + 12345u;
            v[k] = letters[(seed >> 16) % (sizeof letters - 1)];
        }
        check(v, n);
    }
    CHECK_EQ_INT((int)wrong, 0);
    CHECK(checked > 200000);
}

int main(void)
{
    RUN(test_every_name);
    RUN(test_random);
    return DONE();
}
