/* fuzz_report.c: libFuzzer target for reading stats.json back (winnow report): any bytes
 * must give an error or counts, never a crash, a leak or a read out of bounds. Each input is
 * read twice into the same report, as `winnow report A B` sums two files. */
#include "winnow/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wn_report r = { 0 };
    char err[512];
    const char *p = size ? (const char *)data : "";
    if (wn_report_add_stats(&r, p, size, err, sizeof err) == WN_OK)
        wn_report_add_stats(&r, p, size, err, sizeof err);
    wn_report_sort(&r.languages, 0, 1);
    wn_report_free(&r);
    return 0;
}
