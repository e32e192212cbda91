/* tb_tags.c: the tree builder's element names and categories (tb_tags.h). */
#include <pthread.h>
#include <string.h>
#include "common/check.h"
#include "html/tb_tags.h"

#define SP TBF_SPECIAL
#define FM TBF_FORMAT
#define VO TBF_VOID
#define SC TBF_SCOPE
#define IM TBF_IMPLIED
#define IT TBF_IMPLIED_ALL
#define TB_FLAGS(id, name, flags) flags,
#define TB_NAME(id, name, flags) name,
const uint8_t tb_tag_flags[TB_TAG_COUNT] = { 0, TB_TAG_LIST(TB_FLAGS) };
const char *const tb_tag_names[TB_TAG_COUNT] = { "", TB_TAG_LIST(TB_NAME) };

/* Open addressing, at most a quarter full. A name (at most 14 bytes: "annotation-xml" is the
 * longest) is read as two 64-bit words from loads that overlap inside it, lowered eight bytes
 * at a time, and compared with a slot's two words: one hash and two compares per tag, where
 * a byte-at-a-time hash and compare were 3 % of `winnow extract`. */
#define SLOTS 1024
#define NAME_MAX_LEN 14
typedef struct {
    uint64_t w0, w1;
} name_key;
static uint8_t slots[SLOTS];
static uint8_t name_len[TB_TAG_COUNT];   /* strlen of each name, once */
static name_key name_keys[TB_TAG_COUNT];
static pthread_once_t slots_once = PTHREAD_ONCE_INIT;
static bool slots_ready;   /* set once slots_build() is done */

static inline uint64_t le64(const char *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static inline uint64_t le32(const char *p) { uint32_t v; memcpy(&v, p, 4); return v; }

/* ASCII capitals of eight bytes to small letters (other bytes kept), without a branch */
static inline uint64_t lower8(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    uint64_t low7 = x & ~high;
    uint64_t ge_a = low7 + ones * (0x80 - 'A'), gt_z = low7 + ones * (0x80 - 'Z' - 1);
    return x | ((ge_a & ~gt_z & ~x & high) >> 2);
}

/* The bytes of p[0..n), 0 < n <= NAME_MAX_LEN, as two words, lowered: a one-to-one map for
 * names of one length (every byte lands in a word; where loads overlap they hold equal bytes) */
static inline name_key key_of(const char *p, size_t n, bool lower)
{
    name_key k;
    if (n >= 8) {
        k.w0 = le64(p);
        k.w1 = lower ? lower8(le64(p + n - 8)) : le64(p + n - 8);
    } else if (n >= 4) {
        k.w0 = le32(p) | le32(p + n - 4) << 32;
        k.w1 = 0;
    } else {
        k.w0 = (uint64_t)(unsigned char)p[0] | (uint64_t)(unsigned char)p[n / 2] << 8 |
               (uint64_t)(unsigned char)p[n - 1] << 16;
        k.w1 = 0;
    }
    if (lower)
        k.w0 = lower8(k.w0);   /* (k.w1 is lowered above, when it is not 0) */
    return k;
}

/* Multiplicative (Fibonacci) hashing: the top bits of a product depend on every bit of the
 * key, two multiplies where a 128-bit fold and its mixing cost twice as many instructions; the
 * table is sparse enough that its few collisions cost one more compare. */
static inline uint32_t key_hash(name_key k, size_t n)
{
    uint64_t h = (k.w0 ^ n) * 0x9e3779b97f4a7c15ULL ^ k.w1 * 0xc2b2ae3d27d4eb4fULL;
    return (uint32_t)(h >> 54);   /* the top 10 bits: SLOTS == 1024 */
}

/* Names of one or two bytes (a, p, li, td, h2...: half the tags of a page) in a direct
 * table, by their letters (and digit), for the names known to be lower case: two loads where
 * the hash costs some 40 instructions. */
#define SHORT_NONE 36   /* the second index of a one-byte name */
static uint8_t short_tags[26][SHORT_NONE + 1];

/* 0-25 for a small letter, 26-35 for a digit, -1 for any other byte */
static inline int short_index(char c)
{
    unsigned u = (unsigned char)c;
    return u - 'a' < 26 ? (int)(u - 'a') : u - '0' < 10 ? 26 + (int)(u - '0') : -1;
}

static void slots_build(void)
{
    for (int t = 1; t < TB_TAG_COUNT; t++) {
        const char *name = tb_tag_names[t];
        name_len[t] = (uint8_t)strlen(name);
        WN_ASSERT(name_len[t] > 0 && name_len[t] <= NAME_MAX_LEN);
        name_keys[t] = key_of(name, name_len[t], false);
        uint32_t i = key_hash(name_keys[t], name_len[t]) & (SLOTS - 1);
        while (slots[i])
            i = (i + 1) & (SLOTS - 1);
        slots[i] = (uint8_t)t;
        if (name_len[t] <= 2) {
            int a = short_index(name[0]), b = name_len[t] == 2 ? short_index(name[1]) : SHORT_NONE;
            WN_ASSERT(a >= 0 && a < 26 && b >= 0);
            short_tags[a][b] = (uint8_t)t;
        }
    }
    __atomic_store_n(&slots_ready, true, __ATOMIC_RELEASE);
}

static inline tb_tag find_tag(const char *p, size_t n, bool lower)
{
    /* a flag read before pthread_once(): a call per tag cost more than the lookup's compares */
    if (__builtin_expect(!__atomic_load_n(&slots_ready, __ATOMIC_ACQUIRE), 0))
        pthread_once(&slots_once, slots_build);
    if (n == 0 || n > NAME_MAX_LEN)
        return TB_OTHER;
    if (!lower && n <= 2) {
        int a = short_index(p[0]), b = n == 2 ? short_index(p[1]) : SHORT_NONE;
        return a >= 0 && a < 26 && b >= 0 ? (tb_tag)short_tags[a][b] : TB_OTHER;
    }
    name_key k = key_of(p, n, lower);
    for (uint32_t i = key_hash(k, n) & (SLOTS - 1);; i = (i + 1) & (SLOTS - 1)) {
        int t = slots[i];
        if (!t)
            return TB_OTHER;
        if (name_len[t] == n && name_keys[t].w0 == k.w0 && name_keys[t].w1 == k.w1)
            return (tb_tag)t;
    }
}

tb_tag tb_tag_lookup(const char *p, size_t n) { return find_tag(p, n, true); }
tb_tag tb_tag_lookup_lowered(const char *p, size_t n) { return find_tag(p, n, false); }
