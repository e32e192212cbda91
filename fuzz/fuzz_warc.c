/* fuzz_warc.c: libFuzzer target for the WARC reader; the promises it checks are
 * reader_fuzz.h's, shared with the other container readers. */
#include "reader_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_container_reader(data, size, "warc");
}
