/* fuzz_model.c: libFuzzer target for the fastText model reader: any bytes as a model file give
 * a clean error or a model that predicts without crashing, leaking or hanging. Seeds in
 * fuzz/corpus/fuzz_model/ are tiny models trained with the fastText CLI (softmax with char
 * n-grams, hs with word bigrams, ova, a pruned qnorm .ftz). */
#include <stdlib.h>
#include <string.h>
#include "winnow/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wn_langid_model *m;
    char err[256];
    if (wn_langid_model_load_mem(&m, data, size, err, sizeof err) != WN_OK) {
        if (m || !err[0])
            abort(); /* an error leaves no model and always says why */
        return 0;
    }
    wn_langid_scratch *s = wn_langid_scratch_create(m);
    wn_langid_pred *p = malloc(wn_langid_model_nlabels(m) * sizeof *p);
    static const char *lines[] = { "", "ka to ri ne", "é çu ñor", "__label__aa ма ки \xff\xc3",
                                   "天 地 人 水 火 中 的 是 天 地 人" };
    for (size_t i = 0; s && p && i < sizeof lines / sizeof *lines; i++) {
        int n = wn_langid_predict(m, s, lines[i], strlen(lines[i]), i & 1, -1, 0.0f, p, NULL);
        for (int j = 0; j < n; j++) {
            if (p[j].label < 0 || (size_t)p[j].label >= wn_langid_model_nlabels(m))
                abort();
            wn_slice l = wn_langid_model_label(m, (size_t)p[j].label);
            (void)l;
        }
        wn_langid_predict(m, s, lines[i], strlen(lines[i]), true, 1, 0.5f, p, NULL);
    }
    free(p);
    wn_langid_scratch_free(s);
    wn_langid_model_free(m);
    return 0;
}
