/* fuzz_html_tokens.c: libFuzzer target for the HTML tokenizer (src/html/tokenizer.c). Any
 * bytes, started in each content state with and without foreign content, give a finite
 * stream of tokens (at most one per input byte, plus EOF) whose slices lie inside the input,
 * in input order, and decode without error; the named-reference and newline decoding never
 * grows text by more than its table allows. ASan and UBSan catch any read out of bounds. */
#include <stdlib.h>
#include <string.h>
#include "html/tokenizer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void in_input(wn_ht_str s, const char *in, size_t n, wn_buf *scratch)
{
    if (s.len && (s.ptr < in || s.ptr + s.len > in + n))
        abort();
    wn_buf_reset(scratch);
    if (wn_ht_str_decode(s, scratch))
        abort();
    /* the longest growth: "&nGt;" (5 bytes) is 6 bytes of UTF-8, a NUL 3 */
    if (scratch->len > 3 * (size_t)s.len)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data;
    wn_ht t;
    wn_ht_init(&t, 64);
    wn_buf scratch;
    wn_buf_init(&scratch, WN_BUF_UNCAPPED);
    for (int state = WN_HT_DATA; state <= WN_HT_CDATA; state++) {
        for (int foreign = 0; foreign < 2; foreign++) {
            wn_ht_begin(&t, in, size);
            t.state = (wn_ht_content)state;
            t.foreign = foreign;
            wn_ht_set_last_start_tag(&t, "script", 6);
            wn_ht_token tok;
            wn_status st;
            size_t count = 0, last_off = 0;
            while (wn_ht_next(&t, &tok, &st) != WN_HT_EOF) {
                if (++count > size + 1 || tok.offset < last_off || tok.offset >= size)
                    abort();
                last_off = tok.offset;
                in_input(tok.data, in, size, &scratch);
                for (uint32_t i = 0; i < tok.nattrs; i++) {
                    in_input(tok.attrs[i].name, in, size, &scratch);
                    in_input(tok.attrs[i].value, in, size, &scratch);
                }
                if (tok.nattrs > 64)
                    abort();
                in_input(tok.public_id, in, size, &scratch);
                in_input(tok.system_id, in, size, &scratch);
            }
            if (st)
                abort();
        }
    }
    wn_buf_free(&scratch);
    wn_ht_free(&t);
    return 0;
}
