/* shared.c: what a chain loads once (language models, stop words) and shares with its clones
 * and a run's workers, read-only, with an atomic reference count. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "api/api_impl.h"

wn_api_shared *wn_api_shared_ref(wn_api_shared *s)
{
    if (s)
        atomic_fetch_add(&s->refs, 1);
    return s;
}

void wn_api_shared_unref(wn_api_shared *s)
{
    if (!s || atomic_fetch_sub(&s->refs, 1) != 1)
        return;
    wn_langid_model_free(s->model);
    wn_langid_model_free(s->filter_model);
    wn_stopwords_free(s->stopwords);
    wn_free(s);
}

/* The model at path, or the default one ($WINNOW_MODEL, else models/lid.176.ftz) for NULL. */
static wn_status load_model(const char *path, wn_langid_model **out)
{
    char def[WN_API_PATH_CAP], err[WN_API_PATH_CAP + 256] = "";
    if (!path) {
        wn_langid_default_model_path(def, sizeof def, NULL);
        path = def;
    }
    wn_status st = wn_langid_model_load(out, path, err, sizeof err);
    if (st)
        return wn_api_error(st, "%s%s", err[0] ? err : path,
                            path == def ? " (the default model: set \"model\" or $WINNOW_MODEL)" : "");
    return WN_OK;
}

/* Every code must be a label of the model: a code it lacks would drop every document. */
static wn_status check_languages(const wn_langid_model *m, const char *list, const char *seps,
                                 const char *option)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", list);
    for (char *save = NULL, *t = strtok_r(buf, seps, &save); t; t = strtok_r(NULL, seps, &save))
        if (wn_langid_model_find_label(m, wn_slice_cstr(t)) < 0)
            return wn_api_error(WN_ERR_USAGE, "%s: '%s' is not a language of the model", option, t);
    return WN_OK;
}

wn_status wn_api_shared_load(const wn_config *cfg, wn_api_shared **out)
{
    *out = NULL;
    bool filter_langid = wn_chain_filters_need_model(&cfg->filters);
    if (cfg->langid && filter_langid)
        /* as `winnow run`: a second langid stage would label every document twice */
        return wn_api_error(WN_ERR_USAGE, "langid/languages/paragraph-langid and a filter list with "
                            "langid (e.g. preset fineweb) both add the language stage; set its "
                            "lang_* keys instead");
    wn_api_shared *s = wn_calloc(1, sizeof *s);
    if (!s)
        return wn_api_error(WN_ERR_NOMEM, "chain: out of memory");
    atomic_init(&s->refs, 1);
    wn_status st = WN_OK;
    if (cfg->langid && !(st = load_model(cfg->model_set ? cfg->model : NULL, &s->model)))
        st = check_languages(s->model, cfg->languages, ",", "languages");
    /* the filters' lang_model: "" is the default model, as in the CLI (opt_filters.c) */
    if (!st && filter_langid &&
        !(st = load_model(cfg->filters.lang.model[0] ? cfg->filters.lang.model : NULL, &s->filter_model)))
        st = check_languages(s->filter_model, cfg->filters.lang.languages, ", ", "lang_languages");
    if (!st) {
        char def[WN_API_PATH_CAP], err[WN_API_PATH_CAP + 256] = "";
        const char *path = cfg->stopwords_set ? cfg->stopwords : "";
        if (!cfg->stopwords_set) {
            /* the defaults: $WINNOW_STOPWORDS, else data/stopwords-iso.json here; without
             * them extraction goes on without the stop-word signal, as the CLI does */
            if (wn_stopwords_default_path(NULL, def, sizeof def) ||
                (snprintf(def, sizeof def, "data/stopwords-iso.json"), access(def, R_OK) == 0))
                path = def;
        }
        if ((cfg->stopwords_set || path[0]) && (st = wn_stopwords_load(&s->stopwords, path, err, sizeof err)))
            wn_api_error(st, "stopwords: %s", err[0] ? err : path);
    }
    if (st) {
        wn_api_shared_unref(s);
        return st;
    }
    *out = s;
    return WN_OK;
}

wn_status wn_api_stages_build(wn_api_stages *st, const wn_config *cfg, const wn_api_shared *sh)
{
    memset(st, 0, sizeof *st);
    st->extract = cfg->extract;
    st->extract.stopwords = sh->stopwords;
    st->clean = cfg->clean_opts;
    st->lid = cfg->lid;
    st->lid.model = sh->model;
    snprintf(st->lang_buf, sizeof st->lang_buf, "%s", cfg->languages);
    size_t n = 0;
    /* as `winnow run --languages`: split on ',' */
    for (char *save = NULL, *t = strtok_r(st->lang_buf, ",", &save); t && n < 513;
         t = strtok_r(NULL, ",", &save))
        st->langs[n++] = t;
    st->lid.languages = n ? st->langs : NULL;
    st->lid.n_languages = n;
    st->filters = cfg->filters;
    if (sh->filter_model)
        wn_chain_filter_langid_init(&st->flid, &st->filters, sh->filter_model);
    st->spec = (wn_chain_spec){ &st->extract, cfg->clean ? &st->clean : NULL,
                                cfg->langid ? &st->lid : NULL, &st->filters,
                                sh->filter_model ? &st->flid.lid : NULL };
    if (wn_chain_stages_build(&st->spec, st->stages, WN_CHAIN_STAGES_MAX, &st->n_stages))
        return wn_api_error(WN_ERR_USAGE, "chain: too many stages");
    return WN_OK;
}
