/* extract_harness.h: what the extraction unit tests share: a substring test on extracted text
 * and stop words loaded from a JSON string (wn_stopwords_load reads a file, so the JSON goes
 * through a temporary one), English ones among them. Include after harness.h. */
#ifndef WN_EXTRACT_HARNESS_H
#define WN_EXTRACT_HARNESS_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "winnow/core.h"
#include "winnow/extract.h"

/* the text holds needle */
static inline bool wn_t_has(wn_slice s, const char *needle)
{
    return memmem(s.ptr, s.len, needle, strlen(needle)) != NULL;
}

/* stop words from JSON text in the stop-words file format ({"lang": ["word", ...]}); checks
 * that they load */
static inline wn_stopwords *wn_t_stopwords_json(const char *json)
{
    char path[] = "/tmp/winnow_sw_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    CHECK(write(fd, json, strlen(json)) == (ssize_t)strlen(json));
    close(fd);
    wn_stopwords *sw = NULL;
    char err[256];
    CHECK_MSG(wn_stopwords_load(&sw, path, err, sizeof err) == WN_OK, "%s", err);
    unlink(path);
    return sw;
}

/* English stop words, as a run with lists loaded sees them (the whole-page classification
 * judges prose by them): the words of the tests' sentences, written here so the tests need no
 * data */
static inline wn_stopwords *wn_t_english_stopwords(void)
{
    return wn_t_stopwords_json(
        "{\"en\": [\"a\", \"about\", \"after\", \"again\", \"and\", \"are\", \"as\", \"at\", "
        "\"be\", \"been\", \"by\", \"do\", \"for\", \"from\", \"had\", \"has\", \"how\", \"i\", "
        "\"if\", \"in\", \"into\", \"is\", \"it\", \"its\", \"of\", \"on\", \"once\", \"one\", "
        "\"only\", \"our\", \"out\", \"over\", \"own\", \"part\", \"rather\", \"said\", "
        "\"should\", \"since\", \"so\", \"than\", \"that\", \"the\", \"their\", \"them\", "
        "\"then\", \"there\", \"this\", \"through\", \"to\", \"up\", \"us\", \"was\", \"we\", "
        "\"what\", \"where\", \"which\", \"while\", \"who\", \"why\", \"will\", \"with\", "
        "\"within\", \"world's\", \"you\", \"your\"]}");
}

/* an extractor with default options and the stop words sw (none: NULL); checks that it is made */
static inline wn_extractor *wn_t_extractor(wn_stopwords *sw)
{
    wn_extract_opts o;
    wn_extract_opts_default(&o);
    o.stopwords = sw;
    wn_extractor *x = NULL;
    CHECK(wn_extractor_create(&x, &o) == WN_OK);
    return x;
}

/* the page h extracted by x into *r; checks that extraction succeeds */
static inline const wn_extract_result *wn_t_extract(wn_extractor *x, wn_extract_result *r,
                                                    const char *h)
{
    CHECK(wn_extract_html(x, h, strlen(h), NULL, 0, r) == WN_OK);
    return r;
}

#endif
