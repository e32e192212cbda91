/* msg.h: error messages into fixed buffers.
 *
 * A message names its place (file, offset, record) and may be cut to its buffer: unlike a
 * path (winnow/path.h), a cut message still says what went wrong, and an error path must not
 * fail in turn. wn_msgf says so where it happens, so that the compiler's truncation warning
 * stays on for everything else. */
#ifndef WN_COMMON_MSG_H
#define WN_COMMON_MSG_H

#include <stddef.h>

/*! wn_msgf() : formats into dst[cap], cut to fit; NUL-terminated whenever cap > 0. */
void wn_msgf(char *dst, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
