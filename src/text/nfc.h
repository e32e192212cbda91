/* nfc.h: Unicode Normalization Form C of UTF-8 text (UAX #15), through ICU.
 *
 * Pages write "ü" either as one code point or as "u" + U+0308; readers, search and
 * deduplication take them as the same text, so extracted text is put in the composed form
 * (trafilatura does the same). */
#ifndef WN_TEXT_NFC_H
#define WN_TEXT_NFC_H

#include "winnow/core.h"

/*! wn_utf8_nfc() : writes the NFC form of the valid UTF-8 text s into out (reset first) and
 * sets *changed; when the text is already NFC (the common case, found without converting it
 * when every character is below U+0300 or a BMP one with NFC_Quick_Check=Yes and combining
 * class 0) out is left empty and *changed false.
 * Texts of 1 GiB or more are left as they are. */
wn_status wn_utf8_nfc(wn_buf *out, const char *s, size_t n, bool *changed);

#endif
