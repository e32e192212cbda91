/* reader_fuzz.h: the body of the fuzz targets for the container readers (WARC, ARC), which
 * hold them to the same promises: any bytes (plain, or gzip/zstd when they start with those
 * magics), read as FORMAT, give documents with a known status and bounded size, failures with
 * a reason, warnings that name the file, and no crash, leak or hang. */
#ifndef WN_READER_FUZZ_H
#define WN_READER_FUZZ_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "winnow/internal.h"

static int fuzz_container_reader(const uint8_t *data, size_t size, const char *format)
{
    char path[] = "/tmp/wn-fuzz-reader-XXXXXX";
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
    o.format = format;
    o.max_doc_bytes = 4096; /* small, so the too_large paths run too */
    wn_reader *r;
    char err[256];
    if (wn_reader_open(&r, path, 0, &o, err, sizeof err) == WN_OK) {
        wn_doc d;
        wn_doc_init(&d, o.max_doc_bytes);
        for (int i = 0; i < 100000; i++) {
            wn_doc_reset(&d);
            wn_status st = wn_reader_next(r, &d);
            for (const char *w; (w = wn_reader_take_warning(r)) != NULL;)
                if (strncmp(w, path, strlen(path)) != 0)
                    abort();
            if (st != WN_OK)
                break;
            if (d.status != WN_DOC_KEPT && d.status != WN_DOC_DROPPED && d.status != WN_DOC_FAILED)
                abort();
            if (d.raw.len > o.max_doc_bytes)
                abort();
            if (d.status == WN_DOC_FAILED && !d.reason)
                abort();
        }
        wn_doc_free(&d);
        wn_reader_close(r);
    }
    unlink(path);
    return 0;
}

#endif
