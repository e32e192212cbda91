/* error.c: wn_last_error(), the calling thread's last failure message, and the setter the API
 * files use. Thread-local: threads never see each other's messages and need no lock. */
#include <stdarg.h>
#include <stdio.h>
#include "api/api_impl.h"

/* Messages name a path and what went wrong; a path is at most PATH_MAX. */
static _Thread_local char last_error[PATH_MAX + 1024];

const char *wn_last_error(void)
{
    return last_error;
}

wn_status wn_api_error(wn_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    (void)n;   /* a message cut to the buffer still says what failed */
    return st;
}
