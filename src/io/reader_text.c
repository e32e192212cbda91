/* reader_text.c: a plain text file is one document. */
#include <stdio.h>
#include <string.h>
#include "io/reader_impl.h"

static bool text_sniff(const char *p, size_t n) { (void)p; (void)n; return true; }
static wn_status text_open(wn_reader *r) { (void)r; return WN_OK; }

static wn_status text_next(wn_reader *r, wn_doc *d)
{
    return wn_reader_next_whole_file(r, d, WN_KIND_TEXT);
}

const wn_reader_vt wn_reader_text_vt = { "text", text_sniff, text_open, text_next, NULL };
