/* msg.c: messages cut to their buffers on purpose (see msg.h). */
#include <stdarg.h>
#include <stdio.h>
#include "common/msg.h"

void wn_msgf(char *dst, size_t cap, const char *fmt, ...)
{
    if (!cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    if (vsnprintf(dst, cap, fmt, ap) < 0)
        dst[0] = '\0';
    va_end(ap);
}
