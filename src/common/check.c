/* check.c: the report of a failed WN_ASSERT (see check.h). */
#include <stdio.h>
#include <stdlib.h>
#include "common/check.h"

void wn_assert_fail(const char *cond, const char *file, int line, const char *func)
{
    fprintf(stderr, "winnow: internal error: %s:%d: %s: assertion '%s' failed\n", file, line, func, cond);
    fflush(stderr);
    abort();
}
