/* spools.c: one rank's spool files and what each batch added to them (see spools.h). */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "pipeline/spools.h"
#include "pipeline/outputs.h"
#include "winnow/path.h"
#include "common/grow.h"

#define SPOOL_FILE "00000.jsonl"

typedef struct {
    char name[WN_CHECKPOINT_STREAM_NAME];   /* "dropped", "kept", "kept/<lang>" */
    wn_shard_writer *w;                     /* NULL: dropped lines are not written */
    uint64_t noted;                         /* bytes already in a batch's note */
} spool;

struct wn_spools {
    char dir[WN_PATH_CAP];
    bool split;
    spool *s;   /* [0] dropped, then the kept streams in order of birth */
    size_t n, cap;
    char err[1024];
};

static wn_status spools_fail(wn_spools *s, wn_status st, const char *why)
{
    if (!s->err[0])
        snprintf(s->err, sizeof s->err, "%s", why);
    return st;
}

static wn_status add_spool(wn_spools *s, const char *name, bool write, spool **out)
{
    if (WN_GROW(s->s, s->cap, s->n + 1, 8, WN_CHECKPOINT_STREAMS_MAX))
        return spools_fail(s, WN_ERR_TOO_LARGE, "too many output folders");
    spool *p = &s->s[s->n];
    memset(p, 0, sizeof *p);
    snprintf(p->name, sizeof p->name, "%s", name);
    char e[512] = "";
    if (write) {
        wn_status st = wn_shard_writer_create(&p->w, s->dir, name, WN_CODEC_PLAIN, 1, e, sizeof e);
        if (st)
            return spools_fail(s, st, e);
    }
    s->n++;
    *out = p;
    return WN_OK;
}

wn_status wn_spools_create(wn_spools **out, const char *dir, bool write_dropped, bool split_language,
                           char *err, size_t err_cap)
{
    wn_spools *s = wn_calloc(1, sizeof *s);
    *out = s;
    if (!s)
        return WN_ERR_NOMEM;
    snprintf(s->dir, sizeof s->dir, "%s", dir);
    s->split = split_language;
    wn_spools_remove(dir);
    spool *p;
    wn_status st = add_spool(s, "dropped", write_dropped, &p);
    /* unsplit, the one kept stream; split, a language's comes with its first document */
    if (!st && !split_language)
        st = add_spool(s, "kept", true, &p);
    if (st)
        snprintf(err, err_cap, "%s", s->err);
    return st;
}

static spool *kept_spool(wn_spools *s, const wn_doc *d)
{
    if (!s->split)
        return &s->s[1];
    char lang[40], name[WN_CHECKPOINT_STREAM_NAME];
    wn_outputs_language_dir(d, lang, sizeof lang);
    snprintf(name, sizeof name, "kept/%s", lang);
    for (size_t i = 1; i < s->n; i++)
        if (!strcmp(s->s[i].name, name))
            return &s->s[i];
    spool *p = NULL;
    return add_spool(s, name, true, &p) ? NULL : p;
}

wn_status wn_spools_write(wn_spools *s, const wn_doc *d, const void *line, size_t n)
{
    spool *p = d->status == WN_DOC_KEPT ? kept_spool(s, d) : &s->s[0];
    if (!p)
        return WN_ERR_IO;   /* its reason is in s->err */
    if (!p->w)
        return WN_OK;
    wn_status st = wn_shard_writer_write(p->w, line, n);
    return st ? spools_fail(s, st, wn_shard_writer_error(p->w)) : WN_OK;
}

wn_status wn_spools_note_batch(wn_spools *s, uint64_t **words, size_t *n, size_t *cap, size_t max_words)
{
    size_t grew = 0;
    for (size_t i = 0; i < s->n; i++)
        grew += s->s[i].w && wn_shard_writer_bytes(s->s[i].w) > s->s[i].noted;
    if (!grew)
        return WN_OK;   /* a batch that adds nothing cannot cut a shard */
    wn_status st = WN_GROW(*words, *cap, *n + 1 + 2 * grew, 1024, max_words);
    if (st)
        return spools_fail(s, st, "too many batches to note for the ranks' exchange");
    (*words)[(*n)++] = grew;
    for (size_t i = 0; i < s->n; i++) {
        uint64_t b = s->s[i].w ? wn_shard_writer_bytes(s->s[i].w) : 0;
        if (b <= s->s[i].noted)
            continue;
        (*words)[(*n)++] = i;
        (*words)[(*n)++] = b - s->s[i].noted;
        s->s[i].noted = b;
    }
    return WN_OK;
}

size_t wn_spools_count(const wn_spools *s) { return s ? s->n : 0; }
const char *wn_spools_name(const wn_spools *s, size_t i) { return s->s[i].name; }
const char *wn_spools_error(const wn_spools *s) { return s ? s->err : ""; }

wn_status wn_spools_finish(wn_spools *s, char *err, size_t err_cap)
{
    wn_status first = WN_OK;
    for (size_t i = 0; s && i < s->n; i++) {
        char e[512] = "";
        wn_status st = wn_shard_writer_close(s->s[i].w, e, sizeof e);
        s->s[i].w = NULL;
        if (st && !first) {
            first = st;
            if (err)
                snprintf(err, err_cap, "%s", e);
        }
    }
    return first;
}

void wn_spools_free(wn_spools *s)
{
    if (!s)
        return;
    wn_spools_finish(s, NULL, 0);
    wn_free(s->s);
    wn_free(s);
}

/* Removes dir/name/00000.jsonl (and a shard writer's .tmp of it) and the folder, if empty. */
static void remove_spool(const char *dir, const char *name)
{
    char sub[WN_PATH_CAP];
    if (wn_path_join(sub, sizeof sub, dir, name))
        return;
    wn_shards_remove(dir, name);
    rmdir(sub);
}

void wn_spools_remove(const char *dir)
{
    remove_spool(dir, "dropped");
    char kd[WN_PATH_CAP];
    if (wn_path_join(kd, sizeof kd, dir, "kept"))
        return;
    /* the languages' folders under kept/, then kept/ itself */
    DIR *dp = opendir(kd);
    struct dirent *e;
    while (dp && (e = readdir(dp)) != NULL) {
        char name[WN_PATH_CAP];
        if (e->d_name[0] != '.' && !wn_path_printf(name, sizeof name, "kept/%s", e->d_name))
            remove_spool(dir, name);
    }
    if (dp)
        closedir(dp);
    remove_spool(dir, "kept");
    rmdir(dir);
}
