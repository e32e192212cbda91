/* langid.h: language identification with fastText supervised models (.bin and .ftz), giving
 * fastText 0.9.2's answers (same labels, same float probabilities), and the pipeline stage.
 *
 * DESIGN: a model is loaded once (wn_langid_model_load) and is then immutable: any number of
 * threads may predict with it at the same time, each with its own wn_langid_scratch (the hidden
 * vector, token ids, the top-k heap). Prediction follows fastText's predict path step by
 * step, in the same float order, so results are bit-identical, not merely close. */
#ifndef WINNOW_LANGID_H
#define WINNOW_LANGID_H

#include "winnow/core.h"
#include "winnow/doc.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wn_langid_model wn_langid_model;
typedef struct wn_langid_scratch wn_langid_scratch;

/*! wn_langid_model_load() : reads a fastText supervised model file (dense or quantized input,
 * quantized output, pruned dictionary; losses hs, softmax, ova/ns; word n-grams). Every size in
 * the file is checked against the file size before anything large is allocated. On error
 * returns WN_ERR_IO (cannot open/read), WN_ERR_TRUNCATED, WN_ERR_FORMAT (bad magic, sizes that
 * do not add up), WN_ERR_UNSUPPORTED (version, not a supervised model) or WN_ERR_NOMEM, with a
 * message in err (may be NULL) naming the file and the byte offset. */
wn_status wn_langid_model_load(wn_langid_model **model, const char *path, char *err, size_t err_cap);
/*! wn_langid_model_load_mem() : the same from bytes in memory (copied; `data` is borrowed). */
wn_status wn_langid_model_load_mem(wn_langid_model **model, const void *data, size_t size,
                                char *err, size_t err_cap);
void wn_langid_model_free(wn_langid_model *m);   /* NULL is a no-op */

size_t wn_langid_model_nlabels(const wn_langid_model *m);
int wn_langid_model_dim(const wn_langid_model *m);
/*! wn_langid_model_label() : label i (0 <= i < nlabels) as in the file, e.g. "__label__en".
 * Lives as long as the model. */
wn_slice wn_langid_model_label(const wn_langid_model *m, size_t i);
/*! wn_langid_label_code() : the label without the "__label__" prefix: "en", "hye_Armn". */
wn_slice wn_langid_label_code(wn_slice label);
/*! wn_langid_model_find_label() : index of the label whose code (or full label) is `code`, or -1. */
int wn_langid_model_find_label(const wn_langid_model *m, wn_slice code);

/*! wn_langid_scratch_create() : per-thread working memory for one model. NULL on no memory. */
wn_langid_scratch *wn_langid_scratch_create(const wn_langid_model *m);
void wn_langid_scratch_free(wn_langid_scratch *s);

typedef struct {
    int32_t label;  /* index for wn_langid_model_label() */
    float prob;     /* what fastText prints: exp(log-score), e.g. p + 1e-5 for softmax */
} wn_langid_pred;

/*! wn_langid_predict() : predicts the labels of one line as `fasttext predict-prob` does. `text`
 * is the line without its '\n'; `eos` says whether it ended with '\n' (fastText adds the
 * end-of-sentence token "</s>" only then; datatrove and fastText's Python predict always do).
 * Tokens are split on ASCII whitespace and NUL only, as fastText does. k < 0 means every
 * label; k == 0 returns nothing. Writes at most k (or nlabels) predictions to out, best first,
 * and returns how many; 0 when the line has no known token or nothing reaches threshold.
 * Returns -1 with no output if the line cannot be processed (out of memory).
 * fastText ends a line at a literal "</s>" token too: then the prediction covers the text up
 * to it (eos is not used), and *rest_at (may be NULL) is the offset where the rest starts
 * (after the token and one whitespace byte); else *rest_at = SIZE_MAX. `fasttext
 * predict-prob` goes on with the rest (and eos) as the next line; its Python predict, and so
 * datatrove, ignore the rest. */
int wn_langid_predict(const wn_langid_model *m, wn_langid_scratch *s, const char *text, size_t len,
                   bool eos, int k, float threshold, wn_langid_pred *out, size_t *rest_at);

/*! wn_langid_default_model_path() : where winnow finds its default model: $WINNOW_MODEL if set,
 * else EXE_DIR/../models/lid.176.ftz if it exists, else models/lid.176.ftz (current directory).
 * exe_dir may be NULL. Writes a NUL-terminated path into dst. */
void wn_langid_default_model_path(char *dst, size_t dst_cap, const char *exe_dir);

/* ---- the pipeline stage ------------------------------------------------------------------------ */

/* Configuration of wn_stage_langid. The stage borrows everything: the model and the language
 * list must outlive the run (load the model once, in main, before the run). */
typedef struct {
    const wn_langid_model *model;      /* required */
    /* Languages to keep (codes as the model reports them: "en", "hye_Armn"). NULL or 0 =
     * label only, drop nothing. A document is kept when one of them scores strictly above
     * `threshold` (datatrove's LanguageFilter); otherwise it is dropped with reason
     * "language". */
    const char *const *languages;
    size_t n_languages;
    double threshold;               /* default 0.65 */
    /* Paragraph mode: label each line of the text (metadata.paragraph_languages, one entry per
     * line, null for blank lines: {"language":"hy","score":0.99}). */
    bool paragraph_langid;
    /* With paragraph mode: remove lines whose top language is not the document's and scores at
     * least paragraph_drop_threshold (the seed's Armenian menu line in an English article). */
    bool drop_foreign_paragraphs;
    double paragraph_drop_threshold; /* default 0.9 */
} wn_langid_config;

void wn_langid_config_default(wn_langid_config *c);

/*! wn_stage_langid : config is a const wn_langid_config*. Sets metadata.language and
 * metadata.language_score as datatrove does: the top label of the text with '\n' replaced by
 * ' ' (and the end-of-sentence token), probability as fastText reports it. */
extern const wn_stage wn_stage_langid;

#ifdef __cplusplus
}
#endif
#endif
