/* fuzz_checkpoint.c: libFuzzer target for the run checkpoint parser: any bytes must give an
 * error or counts, never a crash, a leak or a read out of bounds. The first byte picks the
 * number of inputs and stages the run expects; when the second byte is odd the target signs
 * the rest with a valid "end" line, so that the fuzzer gets past the checksum to the fields. */
#include <stdio.h>
#include <string.h>
#include "winnow/internal.h"
#include "pipeline/checkpoint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    size_t n_inputs = data[0] & 3, n_stages = (data[0] >> 2) & 3;
    bool sign = data[1] & 1;
    data += 2;
    size -= 2;
    wn_buf b;
    wn_buf_init(&b, WN_BUF_UNCAPPED);
    wn_buf_append(&b, data, size);
    if (sign)
        wn_buf_printf(&b, "end %llu\n", (unsigned long long)wn_hash64(data, size, 0x636b7074ULL));
    wn_run_stats s;
    if (wn_run_stats_init(&s, n_inputs) == WN_OK) {
        wn_stage_stats st[4];
        memset(st, 0, sizeof st);
        wn_checkpoint c;
        memset(&c, 0, sizeof c);
        char why[256];
        wn_checkpoint_parse(b.data ? b.data : "", b.len, &c, &s, st, n_stages, why, sizeof why);
        for (size_t i = 0; i < 4; i++)
            wn_stage_stats_free(&st[i]);
        wn_checkpoint_free(&c);
        wn_run_stats_free(&s);
    }
    wn_buf_free(&b);
    return 0;
}
