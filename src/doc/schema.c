/* schema.c: one metadata schema per run (doc.h, docs/output.md): the keys every output line
 * carries, decided from the configuration before the first document. */
#include <stdio.h>
#include <string.h>
#include "winnow/doc.h"
#include "common/check.h"

/* The readers' keys, in every run: the input kinds are found by content, per file, so which
 * kinds a run meets is known only once it has read them; naming them all keeps the key set a
 * function of the configuration alone (any -j, any input order). datatrove's names where it
 * has one (file_path, dump, date). */
static const char *const BASE[] = { "file_path", "dump", "date", "warc_record_id", "content_type",
                                    "http_status", "charset", "warc_truncated" };

void wn_schema_init(wn_schema *s, const char *dump)
{
    memset(s, 0, sizeof *s);
    if (dump)
        snprintf(s->dump, sizeof s->dump, "%s", dump);
    for (size_t i = 0; i < sizeof BASE / sizeof *BASE; i++)
        wn_schema_add(s, BASE[i]);
}

void wn_schema_add(wn_schema *s, const char *key)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->keys[i], key))
            return;
    WN_ASSERT(s->n < WN_SCHEMA_MAX);   /* the stages' keys are a fixed, short list */
    if (s->n < WN_SCHEMA_MAX)
        s->keys[s->n++] = key;
}

void wn_schema_add_stage(wn_schema *s, const wn_stage *stage, const void *config)
{
    if (!stage || !stage->meta_keys)
        return;
    const char *keys[16];
    size_t n = stage->meta_keys(config, keys, sizeof keys / sizeof *keys);
    for (size_t i = 0; i < n; i++)
        wn_schema_add(s, keys[i]);
}

wn_slice wn_schema_dump_of(const char *path, size_t len)
{
    /* crawl-data/CC-MAIN-YYYY-WW/ as Common Crawl publishes its paths (and URLs) */
    static const char pre[] = "crawl-data/CC-MAIN-";
    const size_t pl = sizeof pre - 1;
    for (size_t i = 0; path && i + pl <= len; i++) {
        if (memcmp(path + i, pre, pl))
            continue;
        const char *d = path + i + pl;
        size_t rest = len - i - pl, k = 0;
        /* YYYY-WW: digits and dashes up to the next '/' */
        while (k < rest && d[k] != '/' && ((d[k] >= '0' && d[k] <= '9') || d[k] == '-'))
            k++;
        if (k >= 4 && k < rest && d[k] == '/')
            return (wn_slice){ path + i + sizeof "crawl-data/" - 1, k + pl - (sizeof "crawl-data/" - 1) };
    }
    return (wn_slice){ NULL, 0 };
}
