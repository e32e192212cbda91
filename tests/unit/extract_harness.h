/* extract_harness.h: what the extraction unit tests share: a substring test on extracted text
 * and stop words loaded from a JSON string (wn_stopwords_load reads a file, so the JSON goes
 * through a temporary one). Include after harness.h. */
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

#endif
