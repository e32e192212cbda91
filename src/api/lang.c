/* lang.c: wn_lang_model and wn_lang_predict, fastText's Python predict(text, k, threshold) on
 * the internal fastText reader (winnow/langid.h): one line, predicted as the line plus '\n'. */
#include <string.h>
#include "api/api_impl.h"

struct wn_lang_model {
    wn_langid_model *m;
    char **labels;          /* NUL-terminated copies, for the C strings the API returns */
    size_t n;
};

void wn_lang_model_free(wn_lang_model *lm)
{
    if (!lm)
        return;
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

/* The working memory is made per call: the model is shared by any number of threads, and a
 * scratch is small (the hidden vector and a heap of the model's labels), so its cost is a few
 * allocations beside the prediction's hashing and matrix work (docs/api.md gives the
 * measurement). */
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
    wn_langid_scratch *s = wn_langid_scratch_create(m->m);
    wn_langid_pred *p = wn_malloc(want * sizeof *p);
    if (!s || !p) {
        wn_langid_scratch_free(s);
        wn_free(p);
        return wn_api_error(WN_ERR_NOMEM, "wn_lang_predict: out of memory");
    }
    /* eos: the Python module predicts text + "\n"; a "</s>" inside ends the line there */
    int got = wn_langid_predict(m->m, s, text, len, true, (int)want, threshold, p, NULL);
    for (int i = 0; i < got; i++)
        out[i] = (wn_lang_guess){ m->labels[p[i].label], p[i].prob };
    wn_langid_scratch_free(s);
    wn_free(p);
    if (got < 0)
        return wn_api_error(WN_ERR_NOMEM, "wn_lang_predict: out of memory");
    *n = (size_t)got;
    return WN_OK;
}
