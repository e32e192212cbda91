/* fuzz_jsonl.c: libFuzzer target for the JSONL reader: any bytes, read as a JSONL stream,
 * must give documents with valid UTF-8 text and no crash, leak or hang. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "winnow/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/wn-fuzz-jsonl-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        unlink(path);
        return 0;
    }
    close(fd);
    wn_reader_opts o;
    wn_reader_opts_default(&o);
    o.format = "jsonl";
    o.max_doc_bytes = 1 << 16;
    wn_reader *r;
    char err[256];
    if (wn_reader_open(&r, path, 0, &o, err, sizeof err) == WN_OK) {
        wn_doc d;
        wn_doc_init(&d, o.max_doc_bytes);
        for (int i = 0; i < 100000; i++) {
            wn_doc_reset(&d);
            if (wn_reader_next(r, &d) != WN_OK)
                break;
            if (d.status == WN_DOC_KEPT && !wn_utf8_valid(d.text.data ? d.text.data : "", d.text.len))
                abort();
            wn_buf out;
            wn_buf_init(&out, WN_BUF_UNCAPPED);
            wn_doc_to_json(&d, &out);
            wn_buf_free(&out);
        }
        wn_doc_free(&d);
        wn_reader_close(r);
    }
    unlink(path);
    return 0;
}
