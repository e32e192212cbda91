/* test_api_faults.c: the public API under allocation failures (wn_alloc_fail_after, the
 * library's fault injection, is internal: hence a file of its own beside test_api.c). The n-th
 * allocation fails for every n until the whole sequence succeeds: each failure must come back
 * as an error status with a message, or a FAILED document, never a crash or a leak (ASan's
 * leak check runs on this under make check). */
#include <string.h>
#include "winnow.h"
#include "winnow/core.h"
#include "harness.h"

static const char page[] =
    "<html><head><title>T</title><meta charset=utf-8></head><body><nav>a b c</nav><article>"
    "<p>This is the main text of the page, long enough to be kept by the extractor, with "
    "commas, words and more words in a sentence about the weather.</p><p>And a second "
    "paragraph that says more about the subject of the page, again in a sentence.</p>"
    "</article></body></html>";

/* One pass of everything; the first failing status, WN_OK when all went through. */
static wn_status sequence(int *docs_failed)
{
    wn_config *cfg = NULL;
    wn_chain *ch = NULL, *cl = NULL;
    wn_document *d = NULL;
    wn_lang_model *m = NULL;
    wn_status st = wn_config_new(&cfg);
    if (!st) st = wn_config_set(cfg, "languages", "en");
    if (!st) st = wn_config_set(cfg, "model", "models/lid.176.ftz");
    if (!st) st = wn_config_set(cfg, "stopwords", "data/stopwords-iso.json");
    if (!st) st = wn_config_set(cfg, "preset", "gopher");
    if (!st) st = wn_config_set(cfg, "gopher-min-doc-words", "5");
    if (!st) st = wn_config_set(cfg, "clean", "true");
    if (!st) st = wn_chain_new(&ch, cfg);
    if (!st) st = wn_chain_clone(&cl, ch);
    if (!st) st = wn_document_new(&d);
    if (!st) st = wn_document_set(d, WN_FIELD_HTML, page, sizeof page - 1);
    if (!st) st = wn_document_set(d, WN_FIELD_METADATA, "{\"k\":[1,2,{\"x\":\"y\"}]}", 21);
    if (!st) st = wn_document_set(d, WN_FIELD_URL, "https://example.org/a", 21);
    if (!st) st = wn_chain_process(cl, d);
    if (!st && wn_document_status(d) == WN_DOC_FAILED)
        ++*docs_failed;
    if (!st && wn_document_status(d) == WN_DOC_KEPT && !wn_document_meta(d, "language", NULL))
        st = WN_ERR_NOMEM;   /* the answer needs memory: NULL with a message */
    if (!st && !wn_document_to_json(d, NULL))
        st = WN_ERR_NOMEM;
    if (!st) st = wn_lang_model_open(&m, "models/lid.176.ftz");
    wn_lang_guess g[2];
    size_t n;
    if (!st) st = wn_lang_predict(m, "an english sentence", 19, 2, 0, g, 2, &n);
    wn_lang_model_free(m);
    wn_document_free(d);
    wn_chain_free(cl);
    wn_chain_free(ch);
    wn_config_free(cfg);
    return st;
}

static void test_allocation_failures(void)
{
    int failures = 0, docs_failed = 0, done = 0;
    for (uint64_t n = 1; n < 20000; n++) {
        wn_alloc_fail_after(n);
        wn_status st = sequence(&docs_failed);
        wn_alloc_fail_after(0);
        if (st == WN_OK) {
            done = 1;
            break;
        }
        failures++;
        CHECK_MSG(st == WN_ERR_NOMEM || st == WN_ERR_IO || st == WN_ERR_FORMAT,
                  "allocation %llu: %s (%s)", (unsigned long long)n, wn_strerror(st), wn_last_error());
        CHECK_MSG(wn_last_error()[0] != 0, "allocation %llu: %s without a message",
                  (unsigned long long)n, wn_strerror(st));
    }
    CHECK(done);
    CHECK(failures > 50);
    printf("  %d failing allocations, %d of them failing the document\n", failures, docs_failed);
}

int main(void)
{
    RUN(test_allocation_failures);
    return DONE();
}
