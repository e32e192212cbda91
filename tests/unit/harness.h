/* harness.h: a tiny unit test harness. Each test file has a main() that calls RUN(test_fn)
 * for its tests and returns DONE(); each test prints "PASS name" or "FAIL name: where";
 * tests/run.sh adds them up. */
#ifndef WN_HARNESS_H
#define WN_HARNESS_H

#include <stdio.h>
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

#define RUN(fn) do { int _before = wn_t_failed_checks; fn(); \
    if (wn_t_failed_checks == _before) { wn_t_pass++; printf("PASS %s\n", #fn); } \
    else { wn_t_fail++; printf("FAIL %s\n", #fn); } } while (0)
#define DONE() (wn_t_fail ? 1 : 0)

#endif
