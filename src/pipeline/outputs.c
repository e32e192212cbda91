/* outputs.c: the run's output streams and their folders (see outputs.h). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "pipeline/outputs.h"
#include "winnow/path.h"
#include "common/grow.h"

typedef struct {
    char name[WN_CHECKPOINT_STREAM_NAME];   /* folder under out_dir: "kept", "kept/en", "dropped" */
    wn_shard_writer *w;
    bool kept;
} stream;

struct wn_outputs {
    wn_outputs_config c;
    stream *s;              /* [0] dropped (when written), then kept streams in order of birth */
    size_t n, cap;
    const wn_checkpoint *resume;   /* where streams born later start, when resumed */
    char err[1024];
};

const char *wn_outputs_kept_dir(wn_layout layout)
{
    return layout == WN_LAYOUT_DOLMA ? "documents" : "kept";
}

void wn_outputs_language_dir(const wn_doc *d, char *dst, size_t cap)
{
    wn_buf v;
    wn_buf_init(&v, 64);
    bool ok = d && wn_doc_meta_get_str(d, "language", &v) && v.len > 0 && v.len <= 32 && v.len < cap;
    for (size_t i = 0; ok && i < v.len; i++) {
        char ch = v.data[i];
        ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
             ch == '-' || ch == '_';
    }
    /* a label from the input's own metadata may be anything: only a plain code names a folder */
    snprintf(dst, cap, "%s", ok ? v.data : WN_OUTPUTS_NO_LANGUAGE);
    wn_buf_free(&v);
}

static wn_status outputs_fail(wn_outputs *o, wn_status st, const char *fmt, const char *a)
{
    if (!o->err[0])
        snprintf(o->err, sizeof o->err, fmt, a);
    return st;
}

/* Adds stream `name` (its folder created); *out is it. */
static wn_status add_stream(wn_outputs *o, const char *name, bool kept, stream **out)
{
    if (WN_GROW(o->s, o->cap, o->n + 1, 4, WN_CHECKPOINT_STREAMS_MAX))
        return outputs_fail(o, WN_ERR_TOO_LARGE, "%s: too many output folders", name);
    stream *s = &o->s[o->n];
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name);
    s->kept = kept;
    char e[512] = "";
    wn_status st = wn_shard_writer_create(&s->w, o->c.out_dir, name, o->c.codec,
                                          kept ? o->c.threads : 1, e, sizeof e);
    if (st)
        return outputs_fail(o, st, "%s", e);
    o->n++;
    *out = s;
    /* a stream born after the checkpoint of a resumed run starts at its first shard; one the
     * checkpoint names goes on where it stood */
    for (size_t i = 0; o->resume && i < o->resume->n_streams; i++)
        if (!strcmp(o->resume->streams[i].name, name) &&
            (st = wn_shard_writer_resume(s->w, &o->resume->streams[i].pos)))
            return outputs_fail(o, st, "%s", wn_shard_writer_error(s->w));
    return WN_OK;
}

wn_status wn_outputs_create(wn_outputs **out, const wn_outputs_config *c, char *err, size_t err_cap)
{
    *out = NULL;
    wn_outputs *o = wn_calloc(1, sizeof *o);
    if (!o)
        return WN_ERR_NOMEM;
    o->c = *c;
    *out = o;
    char kd[WN_PATH_CAP];
    if (wn_path_join(kd, sizeof kd, c->out_dir, wn_outputs_kept_dir(c->layout)) || wn_mkdirs(kd)) {
        snprintf(err, err_cap, "%s: cannot create directory: %s", kd, strerror(errno ? errno : ENAMETOOLONG));
        return WN_ERR_IO;
    }
    return WN_OK;
}

wn_status wn_outputs_remove_languages(const char *out_dir, wn_layout layout, const wn_checkpoint *ck)
{
    char kd[WN_PATH_CAP];
    const char *kept = wn_outputs_kept_dir(layout);
    if (wn_path_join(kd, sizeof kd, out_dir, kept))
        return WN_ERR_TOO_LARGE;
    DIR *dp = opendir(kd);
    if (!dp)
        return errno == ENOENT ? WN_OK : WN_ERR_IO;
    wn_status st = WN_OK;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char name[WN_PATH_CAP];
        if (wn_path_printf(name, sizeof name, "%s/%s", kept, e->d_name))
            continue;
        bool named = false;
        for (size_t i = 0; ck && i < ck->n_streams && !named; i++)
            named = !strcmp(ck->streams[i].name, name);
        if (!named && wn_shards_remove(out_dir, name))
            st = WN_ERR_IO;
    }
    closedir(dp);
    return st;
}

wn_status wn_outputs_prepare(wn_outputs *o, const wn_checkpoint *ck, char *err, size_t err_cap)
{
    o->resume = ck;
    /* every folder this layout writes: what a checkpoint names is kept up to its position,
     * everything else an earlier run left is written again, so none of it may survive */
    const char *fixed[2] = { wn_outputs_kept_dir(o->c.layout), "dropped" };
    wn_status st = WN_OK;
    for (int k = 0; k < 2 && !st; k++) {
        unsigned from = 0;
        for (size_t i = 0; ck && i < ck->n_streams; i++)
            if (!strcmp(ck->streams[i].name, fixed[k]))
                from = ck->streams[i].pos.index + (ck->streams[i].pos.file_bytes ? 1 : 0);
        if (wn_shards_remove_from(o->c.out_dir, fixed[k], from))
            st = WN_ERR_IO;
    }
    if (!st && o->c.split_language) {
        st = wn_outputs_remove_languages(o->c.out_dir, o->c.layout, ck);
        for (size_t i = 0; !st && ck && i < ck->n_streams; i++) {
            const wn_checkpoint_stream *cs = &ck->streams[i];
            if (strchr(cs->name, '/') &&
                wn_shards_remove_from(o->c.out_dir, cs->name, cs->pos.index + (cs->pos.file_bytes ? 1 : 0)))
                st = WN_ERR_IO;
        }
    }
    if (st) {
        snprintf(err, err_cap, "%s: cannot remove the shards of an earlier run", o->c.out_dir);
        return st;
    }
    stream *s;
    if (o->c.write_dropped && (st = add_stream(o, "dropped", false, &s)))
        goto out;
    /* unsplit, the one kept stream exists from the start (and so is named by every checkpoint);
     * split, a language's stream comes with its first document */
    if (!o->c.split_language && (st = add_stream(o, wn_outputs_kept_dir(o->c.layout), true, &s)))
        goto out;
    /* the streams a resumed checkpoint names exist again, so that the next checkpoint names
     * them too, written to or not */
    for (size_t i = 0; o->c.split_language && ck && i < ck->n_streams && !st; i++)
        if (strchr(ck->streams[i].name, '/'))
            st = add_stream(o, ck->streams[i].name, true, &s);
out:
    if (st)
        snprintf(err, err_cap, "%s", o->err);
    return st;
}

static stream *kept_stream(wn_outputs *o, const wn_doc *d)
{
    size_t first = o->c.write_dropped ? 1 : 0;
    if (!o->c.split_language)
        return o->n > first ? &o->s[first] : NULL;
    char lang[40], name[WN_CHECKPOINT_STREAM_NAME];
    wn_outputs_language_dir(d, lang, sizeof lang);
    snprintf(name, sizeof name, "%s/%s", wn_outputs_kept_dir(o->c.layout), lang);
    for (size_t i = first; i < o->n; i++)
        if (!strcmp(o->s[i].name, name))
            return &o->s[i];
    stream *s = NULL;
    return add_stream(o, name, true, &s) ? NULL : s;
}

wn_status wn_outputs_write(wn_outputs *o, const wn_doc *d, const void *line, size_t n)
{
    stream *s;
    if (d->status == WN_DOC_KEPT)
        s = kept_stream(o, d);
    else if (!o->c.write_dropped)
        return WN_OK;
    else
        s = &o->s[0];
    if (!s)
        return outputs_fail(o, WN_ERR_IO, "%s: cannot open an output folder", o->c.out_dir);
    wn_status st = wn_shard_writer_write(s->w, line, n);
    return st ? outputs_fail(o, st, "%s", wn_shard_writer_error(s->w)) : WN_OK;
}

wn_status wn_outputs_rotate(wn_outputs *o)
{
    uint64_t full = o->c.shard_bytes ? o->c.shard_bytes : UINT64_MAX;
    for (size_t i = 0; i < o->n; i++) {
        if (wn_shard_writer_open_bytes(o->s[i].w) < full)
            continue;
        wn_status st = wn_shard_writer_end_shard(o->s[i].w);
        if (st)
            return outputs_fail(o, st, "%s", wn_shard_writer_error(o->s[i].w));
    }
    return WN_OK;
}

wn_status wn_outputs_sync(wn_outputs *o, wn_checkpoint *c, bool durable)
{
    c->n_streams = 0;
    for (size_t i = 0; i < o->n; i++) {
        wn_shard_pos pos;
        wn_status st = durable ? wn_shard_writer_sync(o->s[i].w, &pos) : wn_shard_writer_end_frame(o->s[i].w);
        if (st)
            return outputs_fail(o, st, "%s", wn_shard_writer_error(o->s[i].w));
        if (!durable)
            continue;
        if ((st = WN_GROW(c->streams, c->streams_cap, c->n_streams + 1, 4, WN_CHECKPOINT_STREAMS_MAX)))
            return outputs_fail(o, st, "%s: too many output folders for a checkpoint", o->c.out_dir);
        wn_checkpoint_stream *cs = &c->streams[c->n_streams++];
        snprintf(cs->name, sizeof cs->name, "%s", o->s[i].name);
        cs->pos = pos;
    }
    return WN_OK;
}

const char *wn_outputs_error(const wn_outputs *o) { return o->err; }

wn_status wn_outputs_close(wn_outputs *o, char *err, size_t err_cap)
{
    if (!o)
        return WN_OK;
    wn_status first = WN_OK;
    for (size_t i = 0; i < o->n; i++) {
        char e[512] = "";
        wn_status st = wn_shard_writer_close(o->s[i].w, e, sizeof e);
        if (st && !first) {
            first = st;
            if (err)
                snprintf(err, err_cap, "%s", e);
        }
    }
    if (!first && o->err[0]) {
        first = WN_ERR_IO;
        if (err)
            snprintf(err, err_cap, "%s", o->err);
    }
    wn_free(o->s);
    wn_free(o);
    return first;
}
