/* stage_langid.c: the language-ID stage: labels documents (and optionally each line) with a
 * fastText model and filters by language as datatrove's LanguageFilter does.
 *
 * DESIGN: the model is shared read-only by all workers; each worker's context owns a scratch
 * (hidden vector, token ids, heap) and its buffers, so process() allocates nothing once warm.
 * Document level, as datatrove: predict on the text with '\n' replaced by ' ' (plus the
 * end-of-sentence token that fastText's Python predict adds), every label (k = -1) when a
 * language list must be scored, else only the best; metadata.language is the top label's code,
 * metadata.language_score its probability. Filter: keep when a listed language scores strictly
 * above the threshold, else drop with reason "language". Paragraph mode: each line gets its
 * own top label in metadata.paragraph_languages (null for blank lines); optionally lines whose
 * label differs from the document's with probability >= paragraph_drop_threshold are removed
 * (the document's own label stays the one computed on the whole text). */
#include <string.h>
#include "langid/langid_impl.h"

void wn_langid_config_default(wn_langid_config *c)
{
    memset(c, 0, sizeof *c);
    c->threshold = 0.65;
    c->paragraph_drop_threshold = 0.9;
}

typedef struct {
    const wn_langid_config *cfg;
    wn_langid_scratch *scratch;
    wn_langid_pred *preds;
    int32_t *keep_labels;    /* label indices of cfg->languages found in the model */
    size_t n_keep;
    wn_buf flat;             /* the text with '\n' -> ' ' */
    wn_buf json;             /* paragraph_languages */
    wn_buf kept;             /* text without the dropped lines */
} langid_ctx;

static void langid_free(void *p)
{
    langid_ctx *x = p;
    if (!x)
        return;
    wn_langid_scratch_free(x->scratch);
    wn_free(x->preds);
    wn_free(x->keep_labels);
    wn_buf_free(&x->flat);
    wn_buf_free(&x->json);
    wn_buf_free(&x->kept);
    wn_free(x);
}

static wn_status langid_create(const void *config, void **out)
{
    const wn_langid_config *cfg = config;
    *out = NULL;
    if (!cfg || !cfg->model)
        return WN_ERR_USAGE;
    langid_ctx *x = wn_calloc(1, sizeof *x);
    if (!x)
        return WN_ERR_NOMEM;
    x->cfg = cfg;
    size_t nl = wn_langid_model_nlabels(cfg->model);
    x->scratch = wn_langid_scratch_create(cfg->model);
    x->preds = wn_malloc(nl * sizeof *x->preds);
    x->keep_labels = wn_malloc((cfg->n_languages + 1) * sizeof *x->keep_labels);
    if (!x->scratch || !x->preds || !x->keep_labels) {
        langid_free(x);
        return WN_ERR_NOMEM;
    }
    /* A language the model does not know can never score: like datatrove's pairs.get(l, 0). */
    for (size_t i = 0; i < cfg->n_languages; i++) {
        int l = wn_langid_model_find_label(cfg->model, wn_slice_cstr(cfg->languages[i]));
        if (l >= 0)
            x->keep_labels[x->n_keep++] = l;
    }
    /* the text as one line, and the text less some lines: never more than the text */
    wn_buf_init(&x->flat, WN_DOC_BYTES_MAX);
    wn_buf_init(&x->kept, WN_DOC_BYTES_MAX);
    /* paragraph_languages becomes one metadata value, which WN_DOC_META_MAX bounds: a text of
     * so many lines that it would not fit fails as too_large here, before it is built whole */
    wn_buf_init(&x->json, WN_DOC_META_MAX);
    *out = x;
    return WN_OK;
}

static bool blank_line(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(p[i] == ' ' || p[i] == '\r' || p[i] == '\t' || p[i] == '\v' || p[i] == '\f' || p[i] == 0))
            return false;
    return true;
}

/* Labels each line; removes confident foreign lines when asked. */
static wn_status paragraphs(langid_ctx *x, wn_doc *d, int32_t doc_label, wn_counters *c)
{
    const wn_langid_config *cfg = x->cfg;
    const wn_langid_model *m = cfg->model;
    wn_buf_reset(&x->json);
    wn_buf_reset(&x->kept);
    wn_status st = wn_buf_append_char(&x->json, '[');
    uint64_t dropped = 0;
    const char *t = d->text.data ? d->text.data : "";
    size_t len = d->text.len;
    bool first = true;
    for (size_t i = 0; i < len && !st;) {
        const char *nl = memchr(t + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - t) : len;
        const char *line = t + i;
        size_t n = end - i;
        if (!first)
            st = wn_buf_append_char(&x->json, ',');
        first = false;
        bool keep = true;
        int np = 0;
        if (!st && !blank_line(line, n)) {
            np = wn_langid_predict(m, x->scratch, line, n, true, 1, 0.0f, x->preds, NULL);
            if (np < 0)
                st = WN_ERR_NOMEM;
        }
        WN_ASSERT(np <= 1);   /* k = 1 */
        if (!st && np > 0) {
            wn_slice code = wn_langid_label_code(wn_langid_model_label(m, (size_t)x->preds[0].label));
            st = wn_buf_append_str(&x->json, "{\"language\":");
            if (!st)
                st = wn_json_escape(&x->json, code.ptr, code.len);
            if (!st)
                st = wn_buf_printf(&x->json, ",\"score\":%g}", (double)x->preds[0].prob);
            if (cfg->drop_foreign_paragraphs && doc_label >= 0 && x->preds[0].label != doc_label &&
                x->preds[0].prob >= cfg->paragraph_drop_threshold)
                keep = false;
        } else if (!st) {
            st = wn_buf_append_str(&x->json, "null");
        }
        if (!st && cfg->drop_foreign_paragraphs) {
            if (keep)
                st = wn_buf_append(&x->kept, line, nl ? n + 1 : n);
            else
                dropped++;
        }
        if (!nl)
            break;
        i = end + 1;
    }
    if (!st)
        st = wn_buf_append_char(&x->json, ']');
    if (!st)
        st = wn_doc_meta_set_json(d, "paragraph_languages", x->json.data, x->json.len);
    if (!st && dropped) {
        /* A dropped last line leaves the '\n' of the line before it: trim it. */
        if (x->kept.len && x->kept.data[x->kept.len - 1] == '\n' && !(len && t[len - 1] == '\n'))
            x->kept.len--;
        st = wn_buf_set(&d->text, x->kept.data ? x->kept.data : "", x->kept.len);
        wn_counter_add(c, "langid_paragraphs_dropped", dropped);
    }
    return st;
}

static void langid_process(void *ctx, wn_doc *d, wn_counters *c)
{
    langid_ctx *x = ctx;
    const wn_langid_config *cfg = x->cfg;
    const wn_langid_model *m = cfg->model;
    bool filter = cfg->languages && cfg->n_languages;
    wn_status st = wn_buf_set(&x->flat, d->text.data ? d->text.data : "", d->text.len);
    if (st) {
        wn_doc_fail(d, wn_strerror(st), "langid: text of %zu bytes", d->text.len);
        return;
    }
    for (size_t i = 0; i < x->flat.len; i++)
        if (x->flat.data[i] == '\n')
            x->flat.data[i] = ' ';
    int np = wn_langid_predict(m, x->scratch, x->flat.data, x->flat.len, true, filter ? -1 : 1, 0.0f, x->preds, NULL);
    if (np < 0) {
        wn_doc_fail(d, "nomem", "langid: out of memory");
        return;
    }
    int32_t doc_label = -1;
    WN_ASSERT(np <= (int)wn_langid_model_nlabels(m));   /* preds holds nlabels */
    if (np > 0) {
        doc_label = x->preds[0].label;
        wn_slice code = wn_langid_label_code(wn_langid_model_label(m, (size_t)doc_label));
        st = wn_doc_meta_set_str(d, "language", code.ptr, code.len);
        if (!st)
            st = wn_doc_meta_set_num(d, "language_score", (double)x->preds[0].prob);
    }
    if (!st && filter) {
        bool keep = false;
        for (int i = 0; i < np && !keep; i++)
            for (size_t j = 0; j < x->n_keep; j++)
                if (x->preds[i].label == x->keep_labels[j] && (double)x->preds[i].prob > cfg->threshold)
                    keep = true;
        if (!keep) {
            wn_doc_drop(d, "language");
            return;
        }
    }
    if (!st && cfg->paragraph_langid)
        st = paragraphs(x, d, doc_label, c);
    if (st)
        wn_doc_fail(d, wn_strerror(st), "langid: %s", wn_strerror(st));
}

static size_t langid_meta_keys(const void *config, const char **keys, size_t cap)
{
    const wn_langid_config *cfg = config;
    size_t n = 0;
    if (cap < 3)
        return 0;
    keys[n++] = "language";
    keys[n++] = "language_score";
    if (cfg && cfg->paragraph_langid)
        keys[n++] = "paragraph_languages";
    return n;
}

const wn_stage wn_stage_langid = { "langid", langid_create, langid_free, langid_process, langid_meta_keys };
