/* charset_impl.h: what the charset files share: the encoding table (charset_labels.c). */
#ifndef WN_CHARSET_IMPL_H
#define WN_CHARSET_IMPL_H

#include "winnow/charset.h"

typedef struct {
    const char *name;   /* WHATWG name, lower case */
    const char *iconv;  /* glibc iconv name; NULL for the two decoded by hand */
} wn_encoding;

extern const wn_encoding wn_encodings[];
extern const size_t wn_encodings_count;

/* The encoding record for a WHATWG name, or NULL. */
const wn_encoding *wn_encoding_find(const char *name);
/* true when the label table is sorted (for the tests: lookup is a binary search). */
bool wn_charset_labels_sorted(void);

#endif
