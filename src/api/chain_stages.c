/* chain_stages.c: the stage list of `winnow run` and of the API's chains (chain_stages.h). */
#include <stdio.h>
#include <string.h>
#include "winnow/chain_stages.h"

void wn_chain_filter_langid_init(wn_chain_filter_langid *f, const wn_filters_config *c,
                                 const wn_langid_model *m)
{
    memset(f, 0, sizeof *f);
    wn_langid_config_default(&f->lid);
    f->lid.model = m;
    f->lid.threshold = c->lang.threshold;
    snprintf(f->lang_buf, sizeof f->lang_buf, "%s", c->lang.languages);
    size_t n = 0;
    for (char *save = NULL, *t = strtok_r(f->lang_buf, ", ", &save); t && n < 16;
         t = strtok_r(NULL, ", ", &save))
        f->langs[n++] = t;
    f->lid.languages = f->langs;
    f->lid.n_languages = n;
}

bool wn_chain_filters_need_model(const wn_filters_config *c)
{
    for (size_t i = 0; i < c->n_stages; i++)
        if (c->order[i] == WN_FSTAGE_LANGID)
            return true;
    return false;
}

static wn_status add(wn_stage_ref *out, size_t cap, size_t *n, const wn_stage *s, const void *cfg)
{
    if (*n == cap)
        return WN_ERR_USAGE;
    out[(*n)++] = (wn_stage_ref){ s, cfg };
    return WN_OK;
}

wn_status wn_chain_stages_build(const wn_chain_spec *s, wn_stage_ref *out, size_t cap, size_t *n)
{
    *n = 0;
    /* always present: a no-op on text documents */
    wn_status st = add(out, cap, n, &wn_stage_html, s->extract);
    if (!st && s->clean)
        st = add(out, cap, n, &wn_stage_clean, s->clean);
    if (!st && s->lid)
        st = add(out, cap, n, &wn_stage_langid, s->lid);
    for (size_t i = 0; !st && s->filters && i < s->filters->n_stages; i++) {
        wn_filter_stage_id id = s->filters->order[i];
        if (id == WN_FSTAGE_LANGID) {
            st = s->filter_lid ? add(out, cap, n, &wn_stage_langid, s->filter_lid) : WN_ERR_USAGE;
            continue;
        }
        const void *cfg;
        const wn_stage *fs = wn_filter_stage(s->filters, id, &cfg);
        if (fs)
            st = add(out, cap, n, fs, cfg);
    }
    return st;
}
