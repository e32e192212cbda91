/* lang.c: wn_lang_model and wn_lang_predict, fastText's Python predict(text, k, threshold) on
 * the internal fastText reader (winnow/langid.h): one line, predicted as the line plus '\n'. */
#include <pthread.h>
#include <string.h>
#include "api/api_impl.h"

struct wn_lang_model {
    wn_langid_model *m;
    uint64_t id;            /* unique per open: a freed model's address may be reused */
    char **labels;          /* NUL-terminated copies, for the C strings the API returns */
    size_t n;
};

/* Each thread keeps the working memory (wn_langid_scratch) of the last model it predicted
 * with: making one per call costs 16 times the prediction itself (8.5 against 0.52 us a line
 * of 132 bytes, lid.176.ftz, measured with bench/api_predict.c), and the model is shared
 * read-only by any number of threads. The cache is keyed by the model's id, freed when the
 * thread ends (a pthread key's destructor) or when the model is freed on the thread. */
typedef struct {
    uint64_t id;
    wn_langid_scratch *s;
} scratch_cache;

static _Atomic uint64_t next_model_id = 1;
static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;
static bool cache_key_ok;

static void cache_free(void *p)
{
    scratch_cache *c = p;
    if (c) {
        wn_langid_scratch_free(c->s);
        wn_free(c);
    }
}

static void cache_init(void)
{
    cache_key_ok = pthread_key_create(&cache_key, cache_free) == 0;
}

/* The calling thread's scratch for lm, or NULL (no memory). */
static wn_langid_scratch *thread_scratch(const wn_lang_model *lm)
{
    pthread_once(&cache_once, cache_init);
    if (!cache_key_ok)
        return NULL;
    scratch_cache *c = pthread_getspecific(cache_key);
    if (c && c->id == lm->id)
        return c->s;
    if (!c) {
        if (!(c = wn_calloc(1, sizeof *c)))
            return NULL;
        if (pthread_setspecific(cache_key, c)) {
            wn_free(c);
            return NULL;
        }
    }
    wn_langid_scratch_free(c->s);
    c->id = 0;
    if (!(c->s = wn_langid_scratch_create(lm->m)))
        return NULL;
    c->id = lm->id;
    return c->s;
}

void wn_lang_model_free(wn_lang_model *lm)
{
    if (!lm)
        return;
    /* this thread's scratch for it goes now (other threads' go with them or their next model) */
    if (cache_key_ok) {
        scratch_cache *c = pthread_getspecific(cache_key);
        if (c && c->id == lm->id) {
            wn_langid_scratch_free(c->s);
            c->s = NULL;
            c->id = 0;
        }
    }
    for (size_t i = 0; lm->labels && i < lm->n; i++)
        wn_free(lm->labels[i]);
    wn_free(lm->labels);
    wn_langid_model_free(lm->m);
    wn_free(lm);
}

wn_status wn_lang_model_open(wn_lang_model **out, const char *path)
{
    if (!out)
        return wn_api_error(WN_ERR_USAGE, "wn_lang_model_open: out is NULL");
    *out = NULL;
    char def[WN_API_PATH_CAP], err[WN_API_PATH_CAP + 256] = "";
    if (!path) {
        wn_langid_default_model_path(def, sizeof def, NULL);
        path = def;
    }
    wn_lang_model *lm = wn_calloc(1, sizeof *lm);
    if (!lm)
        return wn_api_error(WN_ERR_NOMEM, "%s: out of memory", path);
    wn_status st = wn_langid_model_load(&lm->m, path, err, sizeof err);
    if (st) {
        wn_free(lm);
        return wn_api_error(st, "%s", err[0] ? err : path);
    }
    lm->id = atomic_fetch_add(&next_model_id, 1);
    lm->n = wn_langid_model_nlabels(lm->m);
    lm->labels = wn_calloc(lm->n ? lm->n : 1, sizeof *lm->labels);
    for (size_t i = 0; lm->labels && i < lm->n; i++) {
        wn_slice l = wn_langid_model_label(lm->m, i);
        if (!(lm->labels[i] = wn_malloc(l.len + 1)))
            break;
        memcpy(lm->labels[i], l.ptr, l.len);
        lm->labels[i][l.len] = 0;
    }
    if (!lm->labels || (lm->n && !lm->labels[lm->n - 1])) {
        wn_lang_model_free(lm);
        return wn_api_error(WN_ERR_NOMEM, "%s: out of memory for its labels", path);
    }
    *out = lm;
    return WN_OK;
}

size_t wn_lang_model_labels(const wn_lang_model *m)
{
    return m ? m->n : 0;
}

const char *wn_lang_model_label(const wn_lang_model *m, size_t i)
{
    return m && i < m->n ? m->labels[i] : NULL;
}

wn_status wn_lang_predict(const wn_lang_model *m, const char *text, size_t len, int k,
                          float threshold, wn_lang_guess *out, size_t cap, size_t *n)
{
    if (n)
        *n = 0;
    if (!m || (!text && len) || !n || (!out && cap))
        return wn_api_error(WN_ERR_USAGE, "wn_lang_predict: NULL argument");
    if (!text)
        text = "";
    /* fastText's Python predict refuses a '\n' (ValueError): one line at a time */
    if (memchr(text, '\n', len))
        return wn_api_error(WN_ERR_USAGE, "wn_lang_predict: the text contains '\\n': "
                            "predict takes one line at a time");
    size_t want = k < 0 || (size_t)k > m->n ? m->n : (size_t)k;
    if (want > cap)
        want = cap;
    if (want == 0)
        return WN_OK;
    wn_langid_scratch *s = thread_scratch(m);
    wn_langid_pred small[16];
    wn_langid_pred *p = want <= 16 ? small : wn_malloc(want * sizeof *p);
    if (!s || !p) {
        if (p != small)
            wn_free(p);
        return wn_api_error(WN_ERR_NOMEM, "wn_lang_predict: out of memory");
    }
    /* eos: the Python module predicts text + "\n"; a "</s>" inside ends the line there */
    int got = wn_langid_predict(m->m, s, text, len, true, (int)want, threshold, p, NULL);
    for (int i = 0; i < got; i++)
        out[i] = (wn_lang_guess){ m->labels[p[i].label], p[i].prob };
    if (p != small)
        wn_free(p);
    if (got < 0)
        return wn_api_error(WN_ERR_NOMEM, "wn_lang_predict: out of memory");
    *n = (size_t)got;
    return WN_OK;
}
