/* charset.h: deciding the character encoding of an HTML page as browsers do, and converting
 * it to UTF-8.
 *
 * DESIGN: the order is that of the WHATWG HTML standard §13.2.3.2 ("determining the character
 * encoding"): a byte order mark, then the transport layer (the HTTP Content-Type charset), then
 * the <meta> prescan of the first 1024 bytes, then a frequency detector (uchardet) in place of
 * the browser's locale default. Labels are resolved with the table of the WHATWG Encoding
 * standard §4.2 ("latin1" and "ascii" mean windows-1252, "gb2312" means gbk, ...). Two
 * corrections for crawled data, where labels lie often, are applied to declared (non-BOM)
 * labels: a page declared UTF-8 whose bytes are not valid UTF-8 goes to the detector, and a
 * page declared in an ASCII-compatible legacy encoding whose bytes are valid UTF-8 with at
 * least one multi-byte sequence is read as UTF-8. Conversion uses glibc's iconv; bytes that
 * do not decode become U+FFFD, so the output is always valid UTF-8. */
#ifndef WINNOW_CHARSET_H
#define WINNOW_CHARSET_H

#include "winnow/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/*! wn_charset_decode_html() : decides the encoding of an HTML page as browsers do (BOM, then the
 * charset of http_content_type if not NULL, then <meta> prescan of the first 1024 bytes, then
 * uchardet) and appends the page converted to valid UTF-8 to out. label (>= 32 bytes) receives the
 * WHATWG name of the encoding used, e.g. "windows-1252". Never fails on bad bytes (U+FFFD).
 * Names are the lower-case forms (as TextDecoder.encoding gives them): "utf-8", "shift_jis",
 * "gbk", "euc-kr", "utf-16le". A BOM is not copied to out. Returns WN_ERR_TOO_LARGE when out
 * would grow past its cap (out then holds a valid UTF-8 prefix), WN_ERR_NOMEM, or WN_OK. */
wn_status wn_charset_decode_html(const char *raw, size_t n, const char *http_content_type,
                                 wn_buf *out, char *label, size_t label_cap);

/*! wn_charset_html_text() : the same decision and result as wn_charset_decode_html(), without a
 * copy of a page that is valid UTF-8 already (most of the web): *text is then [raw, raw + n)
 * itself; otherwise scratch is reset, receives the converted page, and *text is its content.
 * Either way *text is valid UTF-8 (a caller may skip its own check) and lives as long as raw
 * and scratch are unchanged. Errors as wn_charset_decode_html(), *text then the part decoded. */
wn_status wn_charset_html_text(const char *raw, size_t n, const char *http_content_type,
                               wn_buf *scratch, wn_slice *text, char *label, size_t label_cap);

/*! wn_charset_lookup() : the WHATWG encoding name (lower case, static) for a label, after
 * trimming ASCII whitespace and ignoring case (Encoding §4.2 "get an encoding"), or NULL when
 * the label is unknown. */
const char *wn_charset_lookup(const char *label, size_t n);

/*! wn_charset_from_content_type() : the encoding named by the charset parameter of a
 * Content-Type value (RFC 9110 §8.3), or NULL when absent or unknown. */
const char *wn_charset_from_content_type(const char *ct, size_t n);

/*! wn_charset_prescan() : the encoding declared by <meta charset> or <meta http-equiv
 * content-type content="...charset=..."> in the first 1024 bytes (WHATWG HTML §13.2.3.2
 * "prescan a byte stream"), with utf-16 mapped to utf-8 and x-user-defined to windows-1252 as
 * the standard says; NULL when none. */
const char *wn_charset_prescan(const char *p, size_t n);

/*! wn_charset_sniff_wide() : "utf-16le", "utf-16be", "utf-32le" or "utf-32be" when the first
 * bytes of [p, p+n) have the NUL pattern of mostly-Latin text in that encoding without a BOM
 * (a NUL in every second or every 3 of 4 bytes, at the same place), else NULL. Such text read
 * as UTF-8 or a legacy encoding is NULs between letters, never right. wn_charset_convert()
 * takes all four names (utf-32 is not a WHATWG encoding; decoded here, unpaired and
 * out-of-range values to U+FFFD). */
const char *wn_charset_sniff_wide(const char *p, size_t n);

/*! wn_charset_convert() : appends [p, p+n) decoded from encoding `name` (a WHATWG name as
 * returned above) to out as valid UTF-8; undecodable bytes become U+FFFD, counted in
 * *replaced (may be NULL). WN_ERR_UNSUPPORTED for an unknown name (out untouched). */
wn_status wn_charset_convert(const char *name, const char *p, size_t n, wn_buf *out,
                             size_t *replaced);

#ifdef __cplusplus
}
#endif
#endif
