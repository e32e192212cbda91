/* test_seg_spacy_en_classes.c: the spaCy English segmenter's class table, filled a block at a
 * time on first use, against the classes computed one code point at a time (sp_class_slow, the
 * computation the table was built from) for every BMP code point. Nothing is filled before a
 * look-up asks for it; the code points are visited in a scrambled order, so that each block is
 * first touched at some code point inside it, and by several threads at once, so that a block
 * filled twice, half-filled or filled at the wrong offset shows as a wrong class. */
#include <pthread.h>
#include "harness.h"
#include "text/seg_spacy_en_impl.h"

#define NBLOCKS (0x10000 >> SP_BLOCK_BITS)
#define NTHREADS 4

/* each thread's wrong classes; the visit order is cp = (i * stride + offset) mod 2^16, a
 * permutation of the BMP for any odd stride */
typedef struct {
    uint32_t stride, offset;
    long wrong;
    uint32_t first_wrong;
} visit;

static void *visit_all(void *arg)
{
    visit *v = arg;
    for (uint32_t i = 0; i < 0x10000; i++) {
        uint32_t cp = (i * v->stride + v->offset) & 0xFFFF;
        if (sp_class(cp) != sp_class_slow(cp) && v->wrong++ == 0)
            v->first_wrong = cp;
    }
    return NULL;
}

static void test_nothing_filled_before_use(void)
{
    long filled = 0;
    for (uint32_t b = 0; b < NBLOCKS; b++)
        filled += atomic_load(&sp_block_ready[b]);
    CHECK_EQ_INT(filled, 0);
}

static void test_every_bmp_class(void)
{
    visit v[NTHREADS];
    pthread_t t[NTHREADS];
    for (int k = 0; k < NTHREADS; k++) {
        v[k] = (visit){ .stride = 40503u + 2u * (uint32_t)k * 7919u, .offset = 12345u * (uint32_t)k };
        CHECK(pthread_create(&t[k], NULL, visit_all, &v[k]) == 0);
    }
    for (int k = 0; k < NTHREADS; k++) {
        pthread_join(t[k], NULL);
        CHECK_MSG(v[k].wrong == 0, "thread %d: %ld wrong classes, the first at U+%04X", k,
                  v[k].wrong, (unsigned)v[k].first_wrong);
    }
    long filled = 0;
    for (uint32_t b = 0; b < NBLOCKS; b++)
        filled += atomic_load(&sp_block_ready[b]);
    CHECK_EQ_INT(filled, NBLOCKS);
}

/* a few classes known from spaCy's lists, so that the comparison above is not between two
 * tables that are both empty */
static void test_known_classes(void)
{
    CHECK(sp_class('a') & SP_ALPHA && sp_class('a') & SP_LOWER && sp_class('a') & SP_PLAIN);
    CHECK(sp_class('A') & SP_UPPER);
    CHECK(sp_class('$') & SP_CURR && !(sp_class('$') & SP_PLAIN));
    CHECK(sp_class(0x201C) & SP_QUOTE);
    CHECK(sp_class(' ') & SP_SPACE);
    CHECK(sp_class('7') & SP_DIGIT && !(sp_class('7') & SP_PLAIN));
    CHECK(sp_class(0x0410) & SP_UPPER);
}

int main(void)
{
    RUN(test_nothing_filled_before_use);
    RUN(test_every_bmp_class);
    RUN(test_known_classes);
    return DONE();
}
