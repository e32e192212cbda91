/* path.c: path building that fails instead of truncating (see path.h). */
#include <stdarg.h>
#include <stdio.h>
#include "winnow/path.h"

wn_status wn_path_printf(char *dst, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(dst, cap, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= cap) {
        if (cap)
            dst[0] = '\0';
        return n < 0 ? WN_ERR_FORMAT : WN_ERR_TOO_LARGE;
    }
    return WN_OK;
}

wn_status wn_path_join(char *dst, size_t cap, const char *dir, const char *name)
{
    return wn_path_printf(dst, cap, "%s/%s", dir, name);
}
