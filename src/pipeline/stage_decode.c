/* stage_decode.c: the first stage: raw text bytes to valid UTF-8, empty documents dropped.
 * HTML documents are left to the HTML stages, which decode charsets themselves. */
#include "winnow/charset.h"
#include "winnow/pipeline.h"

static bool blank(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\n' && p[i] != '\r' && p[i] != '\f' && p[i] != '\v')
            return false;
    return true;
}

static void decode_process(void *ctx, wn_doc *d, wn_counters *c)
{
    (void)ctx;
    if (d->kind != WN_KIND_TEXT)
        return;
    if (d->raw.len) {
        size_t bad = 0;
        wn_buf_reset(&d->text);
        /* UTF-16/32 text without a BOM would be letters between NULs as UTF-8 */
        const char *wide = wn_charset_sniff_wide(d->raw.data, d->raw.len);
        if (wide ? wn_charset_convert(wide, d->raw.data, d->raw.len, &d->text, &bad)
                 : wn_utf8_repair(&d->text, d->raw.data, d->raw.len, &bad)) {
            wn_doc_fail(d, "too_large", "%s: record %llu: text over the limit", d->source.data,
                        (unsigned long long)d->record_index);
            return;
        }
        d->utf8_replaced += bad;
    }
    if (d->utf8_replaced)
        wn_counter_add(c, "utf8_replaced", d->utf8_replaced);
    if (blank(d->text.data, d->text.len))
        wn_doc_drop(d, "empty");
}

const wn_stage wn_stage_decode = { "decode", NULL, NULL, decode_process, NULL };
