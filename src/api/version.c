/* version.c: the version of the library actually linked, which a caller compares with the
 * WN_VERSION_* of the header it was compiled against to detect a mismatch at run time (a
 * program built against one libwinnow.so.0 and run with another). */
#include "winnow.h"

unsigned wn_version_number(void)
{
    return WN_VERSION_NUMBER;
}

const char *wn_version_string(void)
{
    return WN_VERSION_STRING;
}
