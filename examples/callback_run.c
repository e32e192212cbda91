/* callback_run.c: wn_run from a source callback to a sink callback: the lines of stdin are
 * the documents (id = line number from 0, source "-"), run on worker threads through the
 * configured stages, and written to stdout as the CLI's JSON lines, in input order; the counts
 * go to stderr.
 *
 *   build/examples/callback_run threads=4 preset=gopher < lines.txt > out.jsonl */
#define _POSIX_C_SOURCE 200809L   /* getline */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <winnow.h>

typedef struct {
    char *line;
    size_t cap;
    uint64_t next_id;
} source_state;

/* Called on the thread that called wn_run: one document per line. */
static wn_status next_line(void *ud, wn_document *doc)
{
    source_state *s = ud;
    ssize_t len = getline(&s->line, &s->cap, stdin);
    if (len < 0)
        return WN_END;
    if (len && s->line[len - 1] == '\n')
        len--;
    char id[32];
    int n = snprintf(id, sizeof id, "%" PRIu64, s->next_id++);
    wn_status st = wn_document_set(doc, WN_FIELD_ID, id, (size_t)n);
    if (!st)
        st = wn_document_set(doc, WN_FIELD_SOURCE, "-", 1);
    if (!st)
        st = wn_document_set(doc, WN_FIELD_TEXT, s->line, (size_t)len);
    return st;
}

/* Called from one writer thread, in input order, for kept, dropped and failed documents. */
static wn_status write_line(void *ud, wn_document *doc)
{
    (void)ud;
    size_t n;
    const char *json = wn_document_to_json(doc, &n);
    if (!json || fwrite(json, 1, n, stdout) != n)
        return WN_ERR_IO;
    return WN_OK;
}

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
            fprintf(stderr, "callback_run: %s\n", eq ? wn_last_error() : "expected KEY=VALUE");
            wn_config_free(cfg);
            return 2;
        }
    }
    source_state s = { NULL, 0, 0 };
    wn_counts counts;
    wn_status st = wn_run(cfg, next_line, write_line, &s, &counts);
    free(s.line);
    wn_config_free(cfg);
    if (st) {
        fprintf(stderr, "callback_run: %s\n", wn_last_error());
        return st == WN_ERR_USAGE ? 2 : 3;
    }
    fprintf(stderr, "%" PRIu64 " documents: %" PRIu64 " kept, %" PRIu64 " dropped, %" PRIu64 " failed\n",
            counts.in, counts.kept, counts.dropped, counts.failed);
    return 0;
}
