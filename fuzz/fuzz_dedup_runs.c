/* fuzz_dedup_runs.c: libFuzzer target for dedup's checked record files (sorted runs and the
 * other intermediate files): any bytes must give an error or records, never a crash, a read
 * out of bounds or a hang. The first byte picks the record size the reader expects. */
#include <stdlib.h>
#include <string.h>
#include "winnow/internal.h"
#include "dedup/recfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    /* key runs, paragraph runs, ids, signatures; shingles (8), docs (32), decisions (40) */
    static const uint32_t sizes[8] = { 16, 24, 1, 224, 8, 32, 40, 16 };
    uint32_t rec_size = sizes[data[0] & 7];
    data++;
    size--;
    /* the kind is taken from the bytes so that the fuzzer reaches past the kind check */
    uint32_t kind = 0;
    if (size >= 12)
        memcpy(&kind, data + 8, 4);
    wn_rec_reader *r;
    char err[256];
    if (wn_rec_reader_open_mem(&r, data, size, kind, rec_size, err, sizeof err) != WN_OK)
        return 0;
    const void *p;
    uint64_t n = 0, sum = 0;
    wn_status st;
    while ((st = wn_rec_reader_next(r, &p)) == WN_OK && n < 1000000) {
        sum += ((const unsigned char *)p)[0] + ((const unsigned char *)p)[rec_size - 1];
        n++;
    }
    if (st == WN_OK || st == WN_END) {
        if (n > wn_rec_reader_count(r))
            abort();
    }
    /* random access too: the last record and one past the end */
    uint64_t c = wn_rec_reader_count(r);
    if (c && wn_rec_reader_get(r, c - 1, &p) == WN_OK)
        sum += ((const unsigned char *)p)[0];
    if (wn_rec_reader_get(r, c, &p) != WN_ERR_USAGE)
        abort();
    wn_rec_reader_close(r);
    return (int)(sum & 0);
}
