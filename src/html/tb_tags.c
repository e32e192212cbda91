/* tb_tags.c: the tree builder's element names and categories (tb_tags.h). */
#include <pthread.h>
#include <string.h>
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

/* Open addressing, at most a quarter full: a lookup is one hash and about one compare. */
#define SLOTS 1024
static uint8_t slots[SLOTS];
static uint8_t name_len[TB_TAG_COUNT];   /* strlen of each name, once */
static pthread_once_t slots_once = PTHREAD_ONCE_INIT;

static uint32_t tag_hash(const char *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        h = (h ^ ((unsigned)(c - 'A') < 26 ? c + 32 : c)) * 16777619u;
    }
    return h ^ (h >> 15);
}

static void slots_build(void)
{
    for (int t = 1; t < TB_TAG_COUNT; t++) {
        const char *name = tb_tag_names[t];
        name_len[t] = (uint8_t)strlen(name);
        uint32_t i = tag_hash(name, name_len[t]) & (SLOTS - 1);
        while (slots[i])
            i = (i + 1) & (SLOTS - 1);
        slots[i] = (uint8_t)t;
    }
}

tb_tag tb_tag_lookup(const char *p, size_t n)
{
    pthread_once(&slots_once, slots_build);
    if (n == 0 || n > 14)   /* "annotation-xml", "foreignobject" are the longest */
        return TB_OTHER;
    for (uint32_t i = tag_hash(p, n) & (SLOTS - 1);; i = (i + 1) & (SLOTS - 1)) {
        int t = slots[i];
        if (!t)
            return TB_OTHER;
        if (name_len[t] != n)
            continue;
        const char *name = tb_tag_names[t];
        size_t k = 0;
        for (; k < n; k++) {
            unsigned char c = (unsigned char)p[k];
            if (((unsigned)(c - 'A') < 26 ? c + 32 : c) != (unsigned char)name[k])
                break;
        }
        if (k == n)
            return (tb_tag)t;
    }
}
