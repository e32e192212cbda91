/* check.h: WN_ASSERT, for the library's internal invariants (never for input: bad input is
 * an error naming its place, see STYLE.md).
 *
 * Active in debug and sanitizer builds, compiled out in the release build, where the Makefile
 * defines WN_NDEBUG (not NDEBUG: tests and programs keep their own assert()). `make asan`,
 * the fuzz builds and any build with another OPT check them. A failed one names the file,
 * line and condition on stderr and aborts: it is a bug of winnow, not of the input. */
#ifndef WN_COMMON_CHECK_H
#define WN_COMMON_CHECK_H

#ifdef WN_NDEBUG
/* sizeof keeps the condition compiled (and its variables used) without evaluating it */
#define WN_ASSERT(cond) ((void)sizeof(!(cond)))
#else
#define WN_ASSERT(cond) ((cond) ? (void)0 : wn_assert_fail(#cond, __FILE__, __LINE__, __func__))
#endif

_Noreturn void wn_assert_fail(const char *cond, const char *file, int line, const char *func);

#endif
