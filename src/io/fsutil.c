/* fsutil.c: directories, input expansion, and the removal of an earlier run's shards. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "winnow/io.h"
#include "winnow/path.h"
#include "common/grow.h"

/* a listed path's bound: the walk stops at depth 64 of names of at most 255 bytes, so this
 * is never reached from a real tree */
#define WN_LISTED_PATH_MAX ((size_t)1 << 20)

/* a document's input_index is 32 bits: no listing may name more inputs (or directories) */
#define WN_LISTED_MAX ((size_t)UINT32_MAX)

static void warnings_cut(wn_buf *b, size_t len)
{
    b->len = len;
    if (b->data)
        b->data[len] = '\0';
}

wn_status wn_mkdirs(const char *path)
{
    char tmp[WN_PATH_CAP];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof tmp)
        return WN_ERR_USAGE;
    memcpy(tmp, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (tmp[i] == '/' || tmp[i] == '\0') {
            char c = tmp[i];
            tmp[i] = '\0';
            if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
                return WN_ERR_IO;
            tmp[i] = c;
        }
    }
    return WN_OK;
}

typedef struct {
    char **v;
    size_t n, cap;
} strvec;

static wn_status push(strvec *sv, const char *s)
{
    wn_status st = WN_GROW(sv->v, sv->cap, sv->n + 1, 16, WN_LISTED_MAX);
    if (st)
        return st;
    char *d = wn_strdup(s);
    if (!d)
        return WN_ERR_NOMEM;
    sv->v[sv->n++] = d;
    return WN_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* What a listing saw: directories entered (a symlink loop or a second link to one is not
 * entered again), and where skipped entries are counted and reported. */
typedef struct {
    struct { dev_t dev; ino_t ino; } *dirs;
    size_t n_dirs, cap_dirs;
    wn_counters *skipped;  /* may be NULL */
    wn_buf *warnings;      /* NUL-terminated messages; may be NULL */
} listing;

static void skipped(listing *l, const char *counter, const char *fmt, const char *path)
{
    if (l->skipped)
        wn_counter_add(l->skipped, counter, 1);
    if (l->warnings) {
        size_t at = l->warnings->len;
        if (wn_buf_printf(l->warnings, fmt, path) || wn_buf_append_char(l->warnings, '\0'))
            warnings_cut(l->warnings, at);   /* a warning whole or none; the counter still counts it */
    }
}

/* false when the directory was entered already */
static bool enter_dir(listing *l, const struct stat *st)
{
    for (size_t i = 0; i < l->n_dirs; i++)
        if (l->dirs[i].dev == st->st_dev && l->dirs[i].ino == st->st_ino)
            return false;
    if (WN_GROW(l->dirs, l->cap_dirs, l->n_dirs + 1, 16, WN_LISTED_MAX))
        return true; /* no room to remember it: the depth limit still ends a loop */
    l->dirs[l->n_dirs].dev = st->st_dev;
    l->dirs[l->n_dirs].ino = st->st_ino;
    l->n_dirs++;
    return true;
}

/* Walks a directory in sorted order so that input indexes do not depend on readdir order.
 * Only regular files (and paths that cannot be stat'ed, so that opening them reports the
 * error) are listed: a FIFO would block the run forever, a device read without end. */
static wn_status walk_dir(listing *l, strvec *sv, const char *dir, int depth)
{
    if (depth > 64)
        return WN_OK;
    DIR *dp = opendir(dir);
    if (!dp)
        return push(sv, dir); /* opening it later reports the error */
    strvec names = { 0 };
    struct dirent *e;
    wn_status st = WN_OK;
    while ((e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.')
            continue; /* ".", "..", and hidden files such as editors' temporaries */
        if ((st = push(&names, e->d_name)))
            break;
    }
    closedir(dp);
    if (names.n)
        qsort(names.v, names.n, sizeof *names.v, cmp_str);
    /* on the heap and uncapped by PATH_MAX: a path too long to open is listed whole, so that
     * opening it names it (a cut one would name another file) */
    wn_buf pb;
    wn_buf_init(&pb, WN_LISTED_PATH_MAX);
    for (size_t i = 0; i < names.n && !st; i++) {
        wn_buf_reset(&pb);
        if ((st = wn_buf_printf(&pb, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names.v[i])))
            break;
        const char *path = pb.data;
        struct stat stt;
        if (stat(path, &stt) != 0 || S_ISREG(stt.st_mode))
            st = push(sv, path);
        else if (!S_ISDIR(stt.st_mode))
            skipped(l, "listing_skipped_special", "%s: not a regular file (FIFO, socket or device): skipped", path);
        else if (!enter_dir(l, &stt))
            skipped(l, "listing_skipped_loop", "%s: a directory listed already (a symlink loop or a second link): skipped", path);
        else
            st = walk_dir(l, sv, path, depth + 1);
    }
    wn_buf_free(&pb);
    for (size_t i = 0; i < names.n; i++)
        wn_free(names.v[i]);
    wn_free(names.v);
    return st;
}

typedef struct { dev_t dev; ino_t ino; size_t idx; } file_id;

static int cmp_file_id(const void *a, const void *b)
{
    const file_id *x = a, *y = b;
    if (x->dev != y->dev)
        return x->dev < y->dev ? -1 : 1;
    if (x->ino != y->ino)
        return x->ino < y->ino ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Removes later listings of a regular file listed already (a symlink to it, the same path
 * twice): it would be read, and counted, twice. The first listing stays, so the order is
 * the same as without the duplicates. */
static wn_status drop_duplicates(listing *l, strvec *sv)
{
    file_id *ids = wn_malloc((sv->n ? sv->n : 1) * sizeof *ids);
    bool *drop = wn_calloc(sv->n ? sv->n : 1, sizeof *drop);
    if (!ids || !drop) {
        wn_free(ids);
        wn_free(drop);
        return WN_ERR_NOMEM;
    }
    size_t k = 0;
    for (size_t i = 0; i < sv->n; i++) {
        struct stat stt;
        if (strcmp(sv->v[i], "-") != 0 && !wn_is_remote(sv->v[i]) && stat(sv->v[i], &stt) == 0 &&
            S_ISREG(stt.st_mode))
            ids[k++] = (file_id){ stt.st_dev, stt.st_ino, i };
    }
    qsort(ids, k, sizeof *ids, cmp_file_id);
    size_t first = 0; /* in ids: the first listing of the current file */
    for (size_t i = 1; i < k; i++) {
        if (ids[i].dev != ids[first].dev || ids[i].ino != ids[first].ino) {
            first = i;
            continue;
        }
        drop[ids[i].idx] = true;
        if (l->warnings) {
            size_t at = l->warnings->len;
            if (wn_buf_printf(l->warnings, "%s: the same file as %s (listed already): skipped",
                              sv->v[ids[i].idx], sv->v[ids[first].idx]) ||
                wn_buf_append_char(l->warnings, '\0'))
                warnings_cut(l->warnings, at);   /* a warning whole or none */
        }
        if (l->skipped)
            wn_counter_add(l->skipped, "listing_skipped_duplicate", 1);
    }
    size_t out = 0;
    for (size_t i = 0; i < sv->n; i++) {
        if (drop[i])
            wn_free(sv->v[i]);
        else
            sv->v[out++] = sv->v[i];
    }
    sv->n = out;
    wn_free(ids);
    wn_free(drop);
    return WN_OK;
}

wn_status wn_inputs_expand_checked(const char *const *paths, size_t n, char ***out, size_t *out_n,
                                   wn_counters *skipped_counts, wn_buf *warnings)
{
    strvec sv = { 0 };
    listing l = { .skipped = skipped_counts, .warnings = warnings };
    wn_status st = WN_OK;
    for (size_t i = 0; i < n && !st; i++) {
        struct stat stt;
        /* a path given explicitly is read whatever it is (a FIFO too: `<(zcat x)`) */
        if (strcmp(paths[i], "-") != 0 && !wn_is_remote(paths[i]) && stat(paths[i], &stt) == 0 &&
            S_ISDIR(stt.st_mode)) {
            if (enter_dir(&l, &stt))
                st = walk_dir(&l, &sv, paths[i], 0);
            else
                skipped(&l, "listing_skipped_loop", "%s: a directory listed already: skipped", paths[i]);
        } else {
            st = push(&sv, paths[i]);
        }
    }
    if (!st)
        st = drop_duplicates(&l, &sv);
    wn_free(l.dirs);
    if (st) {
        wn_inputs_free(sv.v, sv.n);
        return st;
    }
    *out = sv.v;
    *out_n = sv.n;
    return WN_OK;
}

wn_status wn_inputs_expand(const char *const *paths, size_t n, char ***out, size_t *out_n)
{
    return wn_inputs_expand_checked(paths, n, out, out_n, NULL, NULL);
}

void wn_inputs_free(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        wn_free(list[i]);
    wn_free(list);
}

wn_status wn_file_read_all(const char *path, wn_buf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return WN_ERR_IO;
    wn_buf_reset(out);
    char tmp[1 << 16];
    size_t n;
    wn_status st = WN_OK;
    while (!st && (n = fread(tmp, 1, sizeof tmp, f)) > 0)
        st = wn_buf_append(out, tmp, n);
    if (!st && ferror(f))
        st = WN_ERR_IO;
    fclose(f);
    return st;
}

wn_status wn_shards_remove(const char *dir, const char *name)
{
    return wn_shards_remove_from(dir, name, 0);
}

wn_status wn_shards_remove_from(const char *dir, const char *name, unsigned first)
{
    char path[WN_PATH_CAP];
    if (wn_path_join(path, sizeof path, dir, name))
        return WN_ERR_TOO_LARGE;
    DIR *dp = opendir(path);
    if (!dp)
        return errno == ENOENT ? WN_OK : WN_ERR_IO;
    wn_status st = WN_OK;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        const char *n = e->d_name;
        bool digits = strlen(n) > 6;
        for (int i = 0; i < 5 && digits; i++)
            digits = n[i] >= '0' && n[i] <= '9';
        if (!digits || strncmp(n + 5, ".jsonl", 6) != 0)
            continue;
        if ((unsigned)atoi(n) < first)
            continue;
        char f[WN_PATH_CAP];
        if (wn_path_join(f, sizeof f, path, n) || unlink(f) != 0)
            st = WN_ERR_IO;
    }
    closedir(dp);
    return st;
}
