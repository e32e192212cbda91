/* test_lang_filter.c: datatrove's LanguageFilter as FineWeb uses it (languages=["en"],
 * threshold 0.65): the text is scored with '\n' replaced by ' ', over every label (k = -1),
 * and a document is kept only when a listed language scores strictly above the threshold.
 * The boundary is the document's own score: it drops at threshold == score and stays at the
 * double just below. Uses the real model, models/lid.176.ftz (from $ROOT or the current
 * directory); fastText itself is the oracle in tests/cli/langid_stage.sh. */
#include <math.h>
#include <stdlib.h>
#include "harness.h"
#include "winnow/internal.h"

static wn_langid_model *model;

/* The stage's decision for text with these languages and threshold. */
static const char *decide(const char *text, const char *lang, double thr)
{
    const char *langs[1] = { lang };
    wn_langid_config cfg;
    wn_langid_config_default(&cfg);
    cfg.model = model;
    cfg.languages = langs;
    cfg.n_languages = 1;
    cfg.threshold = thr;
    void *ctx = NULL;
    if (wn_stage_langid.ctx_create(&cfg, &ctx) != WN_OK)
        return "ctx_create failed";
    wn_doc d;
    wn_doc_init(&d, WN_DOC_BYTES_MAX);
    wn_buf_set(&d.text, text, strlen(text));
    wn_counters c = { 0 };
    wn_stage_langid.process(ctx, &d, &c);
    static char out[64];
    snprintf(out, sizeof out, "%s", d.status == WN_DOC_DROPPED ? d.reason :
             d.status == WN_DOC_KEPT ? "kept" : "failed");
    wn_doc_free(&d);
    wn_counters_free(&c);
    wn_stage_langid.ctx_free(ctx);
    return out;
}

/* The probability of `lang` for text as given (no newline replacement), every label. */
static double score(const char *text, const char *lang)
{
    size_t nl = wn_langid_model_nlabels(model);
    wn_langid_pred *p = malloc(nl * sizeof *p);
    wn_langid_scratch *s = wn_langid_scratch_create(model);
    int n = wn_langid_predict(model, s, text, strlen(text), true, -1, 0.0f, p, NULL);
    int want = wn_langid_model_find_label(model, wn_slice_cstr(lang));
    double r = -1;
    for (int i = 0; i < n; i++)
        if (p[i].label == want)
            r = p[i].prob;
    wn_langid_scratch_free(s);
    free(p);
    return r;
}

static void test_en_strictly_above_threshold(void)
{
    const char *t = "The weather was fine\nand we walked to the river after lunch.";
    const char *flat = "The weather was fine and we walked to the river after lunch.";
    double p = score(flat, "en");
    CHECK(p > 0.65);
    CHECK_EQ_STR(decide(t, "en", p), "language");              /* score == threshold: drop */
    CHECK_EQ_STR(decide(t, "en", nextafter(p, 0)), "kept");    /* just below: keep */
    CHECK_EQ_STR(decide(t, "en", 0.65), "kept");
}

/* Scored with newlines as spaces, the whole text as one line (fastText would end a line at
 * '\n' and score the first one): a French first line does not decide an English text, and
 * the stage's score is the flat text's, to the last bit. */
static void test_newlines_become_spaces(void)
{
    const char *t = "Bonjour mes amis, merci beaucoup\nThe weather was fine and we walked to the "
                    "river after lunch with all of our friends.";
    const char *flat = "Bonjour mes amis, merci beaucoup The weather was fine and we walked to the "
                       "river after lunch with all of our friends.";
    double first = score("Bonjour mes amis, merci beaucoup", "en"), pf = score(flat, "en");
    CHECK_MSG(first < 0.65 && pf > 0.65, "first line %g, flat %g", first, pf);
    CHECK_EQ_STR(decide(t, "en", 0.65), "kept");
    CHECK_EQ_STR(decide(t, "en", pf), "language");
    CHECK_EQ_STR(decide(t, "en", nextafter(pf, 0)), "kept");
}

/* Every label is scored (k = -1): a language that is not the top one still keeps the document
 * when it scores above a (low) threshold. */
static void test_all_labels(void)
{
    const char *t = "Der Hund schläft im Garten und the dog sleeps in the garden";
    double en = score(t, "en"), de = score(t, "de");
    CHECK_MSG(en > 0 && de > en, "en %g, de %g: en must be a lower label", en, de);
    CHECK_EQ_STR(decide(t, "en", en / 2), "kept");
    CHECK_EQ_STR(decide(t, "en", en), "language");
}

int main(void)
{
    const char *root = getenv("ROOT");
    char path[4096];
    snprintf(path, sizeof path, "%s/models/lid.176.ftz", root ? root : ".");
    char err[512];
    if (wn_langid_model_load(&model, path, err, sizeof err) != WN_OK) {
        printf("FAIL model: %s\n", err);
        return 1;
    }
    RUN(test_en_strictly_above_threshold);
    RUN(test_newlines_become_spaces);
    RUN(test_all_labels);
    wn_langid_model_free(model);
    return DONE();
}
