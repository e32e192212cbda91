/* path.h: building file paths without truncation (public: programs/ build theirs with it too).
 *
 * A path that does not fit its buffer is an error (WN_ERR_TOO_LARGE), never a shorter path:
 * a truncated path names another file, which may exist. Buffers are WN_PATH_CAP bytes, the
 * longest path the kernel takes (PATH_MAX, NUL included). */
#ifndef WINNOW_PATH_H
#define WINNOW_PATH_H

#include <limits.h>
#include "winnow/core.h"

#ifdef __cplusplus
extern "C" {
#endif

#define WN_PATH_CAP PATH_MAX

/*! wn_path_join() : dst = dir "/" name. WN_ERR_TOO_LARGE when it does not fit in cap bytes;
 * dst is then "" (never a cut path). */
wn_status wn_path_join(char *dst, size_t cap, const char *dir, const char *name);

/*! wn_path_printf() : dst = the formatted path, for the shapes join does not cover (a suffix,
 * a number). Same contract as wn_path_join. */
wn_status wn_path_printf(char *dst, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#ifdef __cplusplus
}
#endif
#endif
