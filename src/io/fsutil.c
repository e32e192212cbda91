/* fsutil.c: directories, input expansion, and the removal of an earlier run's shards. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "winnow/io.h"

wn_status wn_mkdirs(const char *path)
{
    char tmp[4096];
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
    if (sv->n == sv->cap) {
        size_t cap = sv->cap ? sv->cap * 2 : 16;
        char **v = wn_realloc(sv->v, cap * sizeof *v);
        if (!v)
            return WN_ERR_NOMEM;
        sv->v = v;
        sv->cap = cap;
    }
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

/* Walks a directory in sorted order so that input indexes do not depend on readdir order. */
static wn_status walk(strvec *sv, const char *dir, int depth)
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
    for (size_t i = 0; i < names.n && !st; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names.v[i]);
        struct stat stt;
        if (stat(path, &stt) == 0 && S_ISDIR(stt.st_mode))
            st = walk(sv, path, depth + 1);
        else
            st = push(sv, path);
    }
    for (size_t i = 0; i < names.n; i++)
        wn_free(names.v[i]);
    wn_free(names.v);
    return st;
}

wn_status wn_inputs_expand(const char *const *paths, size_t n, char ***out, size_t *out_n)
{
    strvec sv = { 0 };
    wn_status st = WN_OK;
    for (size_t i = 0; i < n && !st; i++) {
        struct stat stt;
        if (strcmp(paths[i], "-") != 0 && stat(paths[i], &stt) == 0 && S_ISDIR(stt.st_mode))
            st = walk(&sv, paths[i], 0);
        else
            st = push(&sv, paths[i]);
    }
    if (st) {
        wn_inputs_free(sv.v, sv.n);
        return st;
    }
    *out = sv.v;
    *out_n = sv.n;
    return WN_OK;
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
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
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
        size_t len = strlen(n);
        bool tmp = len > 4 && strcmp(n + len - 4, ".tmp") == 0;
        if (!tmp && (unsigned)atoi(n) < first)
            continue;
        char f[4500];
        snprintf(f, sizeof f, "%s/%s", path, n);
        if (unlink(f) != 0)
            st = WN_ERR_IO;
    }
    closedir(dp);
    return st;
}
