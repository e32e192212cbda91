/* chain_lines.c: one chain over the lines of stdin, each line a document: language ID and
 * filters as the config says, one verdict per line on stdout:
 *
 *   kept LANGUAGE SCORE          (LANGUAGE SCORE when the config identifies languages)
 *   dropped REASON
 *
 *   build/examples/chain_lines languages=en gopher-quality=true < lines.txt
 *
 * The same verdicts as `winnow run` on the lines as documents (tests/cli/examples.sh). */
#define _POSIX_C_SOURCE 200809L   /* getline */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <winnow.h>

int main(int argc, char **argv)
{
    wn_config *cfg;
    if (wn_config_new(&cfg))
        return 2;
    for (int i = 1; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        if (eq)
            *eq = 0;
        if (!eq || wn_config_set(cfg, argv[i], eq + 1)) {
            fprintf(stderr, "chain_lines: %s\n", eq ? wn_last_error() : "expected KEY=VALUE");
            wn_config_free(cfg);
            return 2;
        }
    }
    wn_chain *chain;
    wn_status st = wn_chain_new(&chain, cfg);
    wn_config_free(cfg);   /* the chain keeps its own copy */
    if (st) {
        fprintf(stderr, "chain_lines: %s\n", wn_last_error());
        return st == WN_ERR_USAGE ? 2 : 3;
    }
    wn_document *doc;
    if (wn_document_new(&doc)) {
        wn_chain_free(chain);
        return 3;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int rc = 0;
    while ((len = getline(&line, &cap, stdin)) >= 0) {
        if (len && line[len - 1] == '\n')
            len--;
        wn_document_reset(doc);   /* keeps its memory for the next line */
        wn_document_set(doc, WN_FIELD_TEXT, line, (size_t)len);
        if (wn_chain_process(chain, doc)) {
            fprintf(stderr, "chain_lines: %s\n", wn_last_error());
            rc = 3;
            break;
        }
        if (wn_document_status(doc) == WN_DOC_KEPT) {
            const char *lang = wn_document_meta(doc, "language", NULL);
            printf("kept");
            if (lang)
                printf(" %s %s", lang, wn_document_meta(doc, "language_score", NULL));
            printf("\n");
        } else {
            printf("dropped %s\n", wn_document_reason(doc));
        }
    }
    free(line);
    wn_document_free(doc);
    wn_chain_free(chain);
    return rc;
}
