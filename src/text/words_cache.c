/* words_cache.c: segment each document once and share its words between the filter stages.
 *
 * DESIGN: Gopher repetition, Gopher quality and FineWeb each need the words of the same text;
 * segmenting is most of their time. The pipeline runs one stage over a whole batch before the
 * next (pipeline.c run_stages), on one thread, so each thread keeps the words of the last
 * texts it segmented: up to a batch of them (64) within a byte budget. A text is found again
 * by its bytes (length, hash, then memcmp against the copy kept: never a wrong hit) and by
 * the segmentation that made the words (wn_segmenter_kind), so stages that segment
 * differently never share. Freed when the thread ends (a pthread key's destructor), like
 * api/lang.c's scratch. */
#include <pthread.h>
#include <string.h>
#include "common/grow.h"
#include "text/words.h"
#include "winnow/doc.h"

#define SLOTS 64                       /* a pipeline batch (BATCH_DOCS) */
#define BUDGET ((size_t)32 << 20)      /* bytes of texts and words kept by one thread */

typedef struct {
    uint64_t hash;
    int kind;
    char *text;
    size_t len, text_cap;              /* text_cap 0: empty slot */
    wn_word *words;
    size_t n, words_cap;
} slot;

typedef struct {
    slot s[SLOTS];
    size_t next;                       /* the slot the next new text takes */
    size_t last;                       /* the slot kept or found last */
    size_t used;                       /* bytes allocated by all slots */
} words_cache;

static pthread_key_t words_cache_key;
static pthread_once_t words_cache_once = PTHREAD_ONCE_INIT;
static bool words_cache_key_ok;

static void slot_clear(words_cache *c, slot *s)
{
    c->used -= s->text_cap + s->words_cap * sizeof *s->words;
    wn_free(s->text);
    wn_free(s->words);
    memset(s, 0, sizeof *s);
}

static void words_cache_free(void *p)
{
    words_cache *c = p;
    if (!c)
        return;
    for (size_t i = 0; i < SLOTS; i++)
        slot_clear(c, &c->s[i]);
    wn_free(c);
}

static void words_cache_init(void)
{
    words_cache_key_ok = pthread_key_create(&words_cache_key, words_cache_free) == 0;
}

static words_cache *thread_cache(void)
{
    pthread_once(&words_cache_once, words_cache_init);
    if (!words_cache_key_ok)
        return NULL;
    words_cache *c = pthread_getspecific(words_cache_key);
    if (!c && (c = wn_calloc(1, sizeof *c)) && pthread_setspecific(words_cache_key, c)) {
        wn_free(c);
        c = NULL;
    }
    return c;
}

/* Keeps text and its words in the next slot, when they fit the budget (else not at all: the
 * words are still right, only not shared). */
static void keep(words_cache *c, uint64_t h, int kind, const char *text, size_t len,
                 const wn_word *w, size_t n)
{
    size_t need = len + 1 + n * sizeof *w;
    if (need > BUDGET / 4)
        return;
    slot *s = &c->s[c->next];
    c->next = (c->next + 1) % SLOTS;
    slot_clear(c, s);
    for (size_t i = 0; c->used + need > BUDGET && i < SLOTS; i++)
        slot_clear(c, &c->s[i]);
    s->text = wn_malloc(len + 1);
    s->words = wn_malloc((n ? n : 1) * sizeof *w);
    if (!s->text || !s->words) {
        wn_free(s->text);
        wn_free(s->words);
        memset(s, 0, sizeof *s);
        return;
    }
    memcpy(s->text, text, len);
    if (n)   /* no words: w may be NULL */
        memcpy(s->words, w, n * sizeof *w);
    s->text_cap = len + 1;
    s->words_cap = n ? n : 1;
    c->used += s->text_cap + s->words_cap * sizeof *w;
    s->hash = h;
    s->kind = kind;
    s->len = len;
    s->n = n;
    c->last = (size_t)(s - c->s);
}

/* The slot holding text segmented by kind, or NULL. The slot kept or found last is tried
 * first, by its bytes alone: the stages of a chain ask for the same text one after another,
 * and a memcmp is several times faster than hashing the text (which was 4 % of the chain). */
static const slot *find_slot(words_cache *c, int kind, const char *text, size_t len, uint64_t *h)
{
    const slot *l = &c->s[c->last];
    if (l->text_cap && l->len == len && l->kind == kind && memcmp(l->text, text, len) == 0)
        return l;
    *h = wn_hash64(text, len, 0x57D5u);
    for (size_t i = 0; i < SLOTS; i++) {
        const slot *s = &c->s[i];
        if (s->text_cap && s->hash == *h && s->len == len && s->kind == kind &&
            memcmp(s->text, text, len) == 0) {
            c->last = i;
            return s;
        }
    }
    return NULL;
}

bool wn_words_cached(wn_segmenter *seg, const char *text, size_t len, const wn_word **words,
                     size_t *n)
{
    words_cache *c = thread_cache();
    uint64_t h;
    const slot *s = c ? find_slot(c, wn_segmenter_kind(seg), text, len, &h) : NULL;
    if (s) {
        *words = s->words;
        *n = s->n;
    }
    return s != NULL;
}

wn_status wn_words_shared(wn_segmenter *seg, const char *text, size_t len, const wn_word **words,
                          size_t *n)
{
    words_cache *c = thread_cache();
    int kind = wn_segmenter_kind(seg);
    uint64_t h = 0;
    if (c) {
        const slot *s = find_slot(c, kind, text, len, &h);
        if (s) {
            *words = s->words;
            *n = s->n;
            return WN_OK;
        }
    }
    wn_status st = wn_words_split(seg, text, len, words, n);
    if (!st && c)
        keep(c, h, kind, text, len, *words, *n);   /* a miss: find_slot hashed the text */
    return st;
}
