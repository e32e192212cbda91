/* status.c: stable names for wn_status codes. */
#include "winnow/core.h"

const char *wn_strerror(wn_status st)
{
    switch (st) {
    case WN_OK: return "ok";
    case WN_END: return "end";
    case WN_ERR_NOMEM: return "out_of_memory";
    case WN_ERR_IO: return "io_error";
    case WN_ERR_FORMAT: return "bad_format";
    case WN_ERR_TOO_LARGE: return "too_large";
    case WN_ERR_TRUNCATED: return "truncated";
    case WN_ERR_USAGE: return "usage";
    case WN_ERR_UNSUPPORTED: return "unsupported";
    case WN_ERR_CORRUPT: return "corrupt";
    case WN_ERR_TOO_DEEP: return "too_deep";
    case WN_ERR_TOO_MANY_ELEMENTS: return "too_many_elements";
    case WN_ERR_CALLBACK: return "callback_error";
    }
    return "unknown_error";
}
