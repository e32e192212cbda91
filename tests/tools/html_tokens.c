/* html_tokens.c: prints the tokens of src/html/tokenizer.c for the html5lib tokenizer tests
 * (tests/html5lib/tokenizer_tests.py drives it; the checking is there, not here).
 *
 * Input, repeated until EOF: a line "STATE LASTLEN INLEN" (STATE a wn_ht_content number),
 * then LASTLEN bytes of last start tag name and INLEN bytes of input. Output: one line per
 * input, a JSON array of tokens in which every string is hex (the tests hold lone surrogates,
 * which are bytes here but no valid JSON string):
 *   ["S", name, [[name, value]...], selfclosing]  ["E", name]  ["C", data]  ["T", data]
 *   ["D", name|null, public|null, system|null, correctness]
 * Like the html5lib harness, it does not switch content state after a start tag (that is the
 * tree builder's job) except that a CDATA section ends in the data state. */
#include <stdio.h>
#include <stdlib.h>
#include "html/tokenizer.h"

static void hex(wn_ht_str s, wn_buf *scratch)
{
    wn_buf_reset(scratch);
    if (wn_ht_str_decode(s, scratch)) {
        fprintf(stderr, "html_tokens: decode failed\n");
        exit(2);
    }
    putchar('"');
    for (size_t i = 0; i < scratch->len; i++)
        printf("%02x", (unsigned char)scratch->data[i]);
    putchar('"');
}

static void opt(bool has, wn_ht_str s, wn_buf *scratch)
{
    if (has)
        hex(s, scratch);
    else
        fputs("null", stdout);
}

int main(void)
{
    wn_ht t;
    wn_ht_init(&t, 1024);
    wn_buf scratch;
    wn_buf_init(&scratch, WN_BUF_UNCAPPED);
    int state;
    size_t lastlen, inlen;
    while (scanf("%d %zu %zu", &state, &lastlen, &inlen) == 3) {
        if (getchar() != '\n')
            return 2;
        char *last = malloc(lastlen + 1), *in = malloc(inlen + 1);
        if (!last || !in || fread(last, 1, lastlen, stdin) != lastlen ||
            fread(in, 1, inlen, stdin) != inlen)
            return 2;
        wn_ht_begin(&t, in, inlen);
        t.state = (wn_ht_content)state;
        if (lastlen)
            wn_ht_set_last_start_tag(&t, last, lastlen);
        putchar('[');
        wn_ht_token tok;
        wn_status st;
        for (int first = 1; wn_ht_next(&t, &tok, &st) != WN_HT_EOF; first = 0) {
            if (!first)
                putchar(',');
            switch (tok.type) {
            case WN_HT_START:
                fputs("[\"S\",", stdout);
                hex(tok.data, &scratch);
                fputs(",[", stdout);
                for (uint32_t i = 0; i < tok.nattrs; i++) {
                    fputs(i ? ",[" : "[", stdout);
                    hex(tok.attrs[i].name, &scratch);
                    putchar(',');
                    hex(tok.attrs[i].value, &scratch);
                    putchar(']');
                }
                printf("],%d]", tok.self_closing);
                break;
            case WN_HT_END:
                fputs("[\"E\",", stdout);
                hex(tok.data, &scratch);
                putchar(']');
                break;
            case WN_HT_COMMENT:
            case WN_HT_TEXT:
                printf("[\"%s\",", tok.type == WN_HT_TEXT ? "T" : "C");
                hex(tok.data, &scratch);
                putchar(']');
                break;
            case WN_HT_DOCTYPE:
                fputs("[\"D\",", stdout);
                opt(tok.has_name, tok.data, &scratch);
                putchar(',');
                opt(tok.has_public, tok.public_id, &scratch);
                putchar(',');
                opt(tok.has_system, tok.system_id, &scratch);
                printf(",%d]", !tok.force_quirks);
                break;
            case WN_HT_EOF:
                break;
            }
        }
        if (st) {
            fprintf(stderr, "html_tokens: %s\n", wn_strerror(st));
            return 2;
        }
        puts("]");
        fflush(stdout);
        free(last);
        free(in);
    }
    wn_buf_free(&scratch);
    wn_ht_free(&t);
    return 0;
}
