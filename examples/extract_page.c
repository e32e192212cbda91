/* extract_page.c: the main text and title of one HTML page, through the public API alone.
 *
 *   build/examples/extract_page PAGE.html [KEY=VALUE...]
 *
 * prints the title, a blank line, then the text; KEY=VALUE are config options such as
 * extract-format=markdown. Exit 1 when the page has no main content (the reason on stderr). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <winnow.h>

static char *read_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t len = 0, cap = 0, got;
    do {
        if (len == cap) {
            char *p = realloc(buf, cap = cap ? 2 * cap : 65536);
            if (!p) { free(buf); fclose(f); return NULL; }
            buf = p;
        }
        got = fread(buf + len, 1, cap - len, f);
        len += got;
    } while (got > 0);
    fclose(f);
    *n = len;
    return buf;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: extract_page PAGE.html [KEY=VALUE...]\n");
        return 2;
    }
    size_t n;
    char *html = read_file(argv[1], &n);
    if (!html) {
        perror(argv[1]);
        return 2;
    }
    wn_config *cfg;
    wn_chain *chain = NULL;
    wn_document *doc = NULL;
    int rc = 2;
    if (wn_config_new(&cfg))
        goto out;
    for (int i = 2; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        if (eq)
            *eq = 0;
        if (!eq || wn_config_set(cfg, argv[i], eq + 1)) {
            fprintf(stderr, "extract_page: %s\n", eq ? wn_last_error() : "expected KEY=VALUE");
            goto out;
        }
    }
    /* loads the stop words once; a chain is then reused for any number of pages */
    if (wn_chain_new(&chain, cfg) || wn_document_new(&doc)) {
        fprintf(stderr, "extract_page: %s\n", wn_last_error());
        goto out;
    }
    wn_document_set(doc, WN_FIELD_HTML, html, n);
    wn_document_set(doc, WN_FIELD_SOURCE, argv[1], strlen(argv[1]));
    if (wn_chain_process(chain, doc)) {
        fprintf(stderr, "extract_page: %s\n", wn_last_error());
        goto out;
    }
    if (wn_document_status(doc) != WN_DOC_KEPT) {
        fprintf(stderr, "extract_page: %s: %s\n", argv[1], wn_document_reason(doc));
        rc = 1;
        goto out;
    }
    const char *title = wn_document_meta(doc, "title", NULL);
    size_t len;
    const char *text = wn_document_get(doc, WN_FIELD_TEXT, &len);
    printf("%s\n\n", title ? title : "");
    fwrite(text, 1, len, stdout);
    printf("\n");
    rc = 0;
out:
    wn_document_free(doc);
    wn_chain_free(chain);
    wn_config_free(cfg);
    free(html);
    return rc;
}
