/* warc_gen.c: builds the WARC benchmark corpus from a folder of real HTML pages.
 *
 *   warc_gen HTML_DIR OUT_PREFIX MIN_GZ_MB
 *
 * Writes OUT_PREFIX.warc, OUT_PREFIX.warc.gz (one gzip member per record, WARC 1.1 Annex D) and
 * OUT_PREFIX.warc.zst (one zstd frame per record, with checksums, IIPC warc.zst) holding the same
 * records: a warcinfo, then for each page a request and a response record (HTTP/1.1 200,
 * Content-Type text/html, Content-Length), cycling over the pages with distinct record ids and
 * URLs until the .warc.gz reaches MIN_GZ_MB megabytes. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

typedef struct { char *p; size_t n; } page;

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void put_gz(FILE *f, const char *p, size_t n)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
    size_t cap = deflateBound(&z, n);
    unsigned char *o = malloc(cap);
    z.next_in = (Bytef *)p;
    z.avail_in = (uInt)n;
    z.next_out = o;
    z.avail_out = (uInt)cap;
    deflate(&z, Z_FINISH);
    fwrite(o, 1, cap - z.avail_out, f);
    deflateEnd(&z);
    free(o);
}

static void put_zst(FILE *f, ZSTD_CCtx *c, const char *p, size_t n)
{
    size_t cap = ZSTD_compressBound(n);
    char *o = malloc(cap);
    size_t k = ZSTD_compress2(c, o, cap, p, n);
    if (ZSTD_isError(k)) {
        fprintf(stderr, "zstd: %s\n", ZSTD_getErrorName(k));
        exit(1);
    }
    fwrite(o, 1, k, f);
    free(o);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: warc_gen HTML_DIR OUT_PREFIX MIN_GZ_MB\n");
        return 2;
    }
    DIR *dir = opendir(argv[1]);
    if (!dir) {
        perror(argv[1]);
        return 1;
    }
    char **names = NULL;
    size_t nn = 0;
    for (struct dirent *e; (e = readdir(dir));)
        if (strstr(e->d_name, ".html")) {
            names = realloc(names, (nn + 1) * sizeof *names);
            names[nn++] = strdup(e->d_name);
        }
    closedir(dir);
    qsort(names, nn, sizeof *names, cmp);
    page *pages = calloc(nn, sizeof *pages);
    for (size_t i = 0; i < nn; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", argv[1], names[i]);
        FILE *f = fopen(path, "rb");
        fseek(f, 0, SEEK_END);
        pages[i].n = (size_t)ftell(f);
        fseek(f, 0, SEEK_SET);
        pages[i].p = malloc(pages[i].n + 1);
        if (fread(pages[i].p, 1, pages[i].n, f) != pages[i].n)
            return 1;
        fclose(f);
    }
    char out[4096];
    snprintf(out, sizeof out, "%s.warc", argv[2]);
    FILE *fw = fopen(out, "wb");
    snprintf(out, sizeof out, "%s.warc.gz", argv[2]);
    FILE *fg = fopen(out, "wb");
    snprintf(out, sizeof out, "%s.warc.zst", argv[2]);
    FILE *fz = fopen(out, "wb");
    ZSTD_CCtx *c = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, 3);
    ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
    ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, 1);
    double min_gz = atof(argv[3]) * 1e6;
    size_t cap = 64 << 20, n = 0;
    char *rec = malloc(cap);
    unsigned long long seq = 0, responses = 0;
    /* warcinfo */
    const char *info = "software: winnow bench/warc_gen\r\nformat: WARC File Format 1.1\r\n";
    n = (size_t)snprintf(rec, cap, "WARC/1.1\r\nWARC-Type: warcinfo\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-%012llx>\r\n"
                         "WARC-Date: 2024-01-01T00:00:00Z\r\nContent-Type: application/warc-fields\r\nContent-Length: %zu\r\n\r\n%s\r\n\r\n",
                         seq++, strlen(info), info);
    fwrite(rec, 1, n, fw);
    put_gz(fg, rec, n);
    put_zst(fz, c, rec, n);
    for (size_t i = 0; ftell(fg) < min_gz; i++) {
        page *pg = &pages[i % nn];
        unsigned long long round = i / nn;
        char url[512];
        snprintf(url, sizeof url, "http://r%llu.example.com/%s", round, names[i % nn]);
        char req[1024];
        int rq = snprintf(req, sizeof req, "GET /%s HTTP/1.1\r\nHost: r%llu.example.com\r\nUser-Agent: warc_gen\r\nAccept: text/html\r\n\r\n",
                          names[i % nn], round);
        n = (size_t)snprintf(rec, cap, "WARC/1.1\r\nWARC-Type: request\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-%012llx>\r\n"
                             "WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Target-URI: %s\r\nContent-Type: application/http; msgtype=request\r\n"
                             "Content-Length: %d\r\n\r\n%s\r\n\r\n", seq++, url, rq, req);
        fwrite(rec, 1, n, fw);
        put_gz(fg, rec, n);
        put_zst(fz, c, rec, n);
        char http[512];
        int hn = snprintf(http, sizeof http, "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %zu\r\nServer: bench\r\n\r\n", pg->n);
        n = (size_t)snprintf(rec, cap, "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-%012llx>\r\n"
                             "WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Target-URI: %s\r\nContent-Type: application/http; msgtype=response\r\n"
                             "Content-Length: %zu\r\n\r\n%s", seq++, url, (size_t)hn + pg->n, http);
        memcpy(rec + n, pg->p, pg->n);
        n += pg->n;
        memcpy(rec + n, "\r\n\r\n", 4);
        n += 4;
        fwrite(rec, 1, n, fw);
        put_gz(fg, rec, n);
        put_zst(fz, c, rec, n);
        responses++;
    }
    printf("%llu records (%llu responses): %.1f MB plain, %.1f MB gzip, %.1f MB zstd\n", seq, responses,
           ftell(fw) / 1e6, ftell(fg) / 1e6, ftell(fz) / 1e6);
    fclose(fw);
    fclose(fg);
    fclose(fz);
    ZSTD_freeCCtx(c);
    return 0;
}
