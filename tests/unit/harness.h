/* harness.h: a tiny unit test harness. Each test file has a main() that calls RUN(test_fn)
 * for its tests and returns DONE(); each test prints "PASS name" or "FAIL name: where";
 * tests/run.sh adds them up. */
#ifndef WN_HARNESS_H
#define WN_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int wn_t_failed_checks;
static int wn_t_pass, wn_t_fail;

#define CHECK(cond) do { if (!(cond)) { \
    fprintf(stderr, "  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
    wn_t_failed_checks++; } } while (0)
#define CHECK_MSG(cond, ...) do { if (!(cond)) { \
    fprintf(stderr, "  %s:%d: ", __FILE__, __LINE__); fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); \
    wn_t_failed_checks++; } } while (0)
#define CHECK_EQ_INT(a, b) do { long long _a = (long long)(a), _b = (long long)(b); if (_a != _b) { \
    fprintf(stderr, "  %s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, #a, _a, _b); \
    wn_t_failed_checks++; } } while (0)
#define CHECK_EQ_STR(a, b) do { const char *_a = (a), *_b = (b); if (strcmp(_a, _b) != 0) { \
    fprintf(stderr, "  %s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a, _a, _b); \
    wn_t_failed_checks++; } } while (0)

/* The whole file, NUL-terminated, in malloc'd memory (*n bytes without the NUL); NULL when it
 * cannot be read. For tests that read an oracle file from ../shared/data. */
static inline char *wn_t_read_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = sz >= 0 ? malloc((size_t)sz + 1) : NULL;
    if (!b || fread(b, 1, (size_t)sz, f) != (size_t)sz) {
        fclose(f);
        free(b);
        return NULL;
    }
    fclose(f);
    b[sz] = 0;
    *n = (size_t)sz;
    return b;
}

#define RUN(fn) do { int _before = wn_t_failed_checks; fn(); \
    if (wn_t_failed_checks == _before) { wn_t_pass++; printf("PASS %s\n", #fn); } \
    else { wn_t_fail++; printf("FAIL %s\n", #fn); } } while (0)
#define DONE() (wn_t_fail ? 1 : 0)

#endif
