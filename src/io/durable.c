/* durable.c: files that survive a crash or a power loss whole or not at all, and the lock
 * that keeps two runs out of one output directory.
 *
 * DESIGN: a file is written under a temporary name, fsynced, renamed to its final name, and
 * then its directory is fsynced, so that after a power loss the name points either to the
 * old file or to the complete new one, never to an empty or partial one (rename alone orders
 * nothing on ext4/xfs without the fsyncs). Every failure names the file and the system's
 * reason (strerror), so that "disk full" reads as such. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "winnow/io.h"
#include "winnow/path.h"

static void say(char *err, size_t err_cap, const char *path, const char *what, int e)
{
    if (err && err_cap)
        snprintf(err, err_cap, "%s: %s%s%s", path, what, what[0] ? ": " : "", strerror(e));
}

wn_status wn_dir_sync(const char *dir, char *err, size_t err_cap)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        say(err, err_cap, dir, "cannot open directory to sync it", errno);
        return WN_ERR_IO;
    }
    /* some file systems cannot sync a directory (EINVAL): there is nothing more to do there */
    int rc = fsync(fd);
    int e = errno;
    close(fd);
    if (rc != 0 && e != EINVAL && e != ENOTSUP) {
        say(err, err_cap, dir, "cannot sync directory", e);
        return WN_ERR_IO;
    }
    return WN_OK;
}

/* The directory part of path ("." when there is none). */
static wn_status dir_of(char *dst, size_t cap, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return wn_path_printf(dst, cap, ".");
    if (slash == path)
        return wn_path_printf(dst, cap, "/");
    return wn_path_printf(dst, cap, "%.*s", (int)(slash - path), path);
}

wn_status wn_file_commit(FILE *f, const char *tmp, const char *path, char *err, size_t err_cap)
{
    int e = 0;
    const char *what = "cannot write";
    if (fflush(f) != 0)
        e = errno;
    else if (fsync(fileno(f)) != 0)
        e = errno, what = "cannot sync";
    if (fclose(f) != 0 && !e)
        e = errno;
    if (e) {
        say(err, err_cap, tmp, what, e);
        unlink(tmp);
        return WN_ERR_IO;
    }
    if (rename(tmp, path) != 0) {
        say(err, err_cap, path, "cannot rename the temporary file to it", errno);
        unlink(tmp);
        return WN_ERR_IO;
    }
    char dir[WN_PATH_CAP];
    if (dir_of(dir, sizeof dir, path)) {
        say(err, err_cap, path, "cannot sync its directory", ENAMETOOLONG);
        return WN_ERR_IO;
    }
    return wn_dir_sync(dir, err, err_cap);
}

wn_status wn_file_write_atomic(const char *path, const void *p, size_t n, char *err, size_t err_cap)
{
    char tmp[WN_PATH_CAP];
    if (wn_path_printf(tmp, sizeof tmp, "%s" WN_TMP_SUFFIX "%ld", path, (long)getpid())) {
        say(err, err_cap, path, "cannot create its temporary file", ENAMETOOLONG);
        return WN_ERR_IO;
    }
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        say(err, err_cap, tmp, "cannot create", errno);
        return WN_ERR_IO;
    }
    if (n && fwrite(p, 1, n, f) != n) {
        say(err, err_cap, tmp, "cannot write", errno);
        fclose(f);
        unlink(tmp);
        return WN_ERR_IO;
    }
    return wn_file_commit(f, tmp, path, err, err_cap);
}

wn_status wn_file_remove_stale(const char *dir, const char *name, char *err, size_t err_cap)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return errno == ENOENT ? WN_OK : (say(err, err_cap, dir, "cannot list", errno), WN_ERR_IO);
    char prefix[WN_PATH_CAP];
    if (wn_path_printf(prefix, sizeof prefix, "%s" WN_TMP_SUFFIX, name)) {
        closedir(dp);
        return WN_OK;   /* no file of the directory can have so long a name */
    }
    size_t pl = strlen(prefix);
    wn_status st = WN_OK;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        const char *n = e->d_name;
        if (strncmp(n, prefix, pl) != 0 || !n[pl] || strspn(n + pl, "0123456789") != strlen(n + pl))
            continue;
        char path[WN_PATH_CAP];
        if (wn_path_join(path, sizeof path, dir, n)) {
            if (!st)
                say(err, err_cap, dir, "cannot remove a temporary file left by an earlier run", ENAMETOOLONG);
            st = WN_ERR_IO;
            continue;
        }
        if (unlink(path) != 0 && errno != ENOENT && !st) {
            say(err, err_cap, path, "cannot remove a temporary file left by an earlier run", errno);
            st = WN_ERR_IO;
        }
    }
    closedir(dp);
    return st;
}

/* ---- the output directory's lock ---------------------------------------------------------------
 *
 * flock() on DIR/.lock: the kernel drops it when the holder dies however it dies, so a killed
 * run never leaves a lock behind that needs clearing by hand. The holder writes its pid into
 * the file for the message the next one prints. The file is removed on release; a process
 * that opened it before the removal finds, once it holds the lock, that the name now points
 * elsewhere (or nowhere) and tries again, so two processes never hold two different files. */

struct wn_dir_lock {
    int fd;
    char path[WN_PATH_CAP];
};

wn_status wn_dir_lock_take(wn_dir_lock **out, const char *dir, char *err, size_t err_cap)
{
    *out = NULL;
    wn_dir_lock *l = wn_calloc(1, sizeof *l);
    if (!l)
        return WN_ERR_NOMEM;
    if (wn_path_join(l->path, sizeof l->path, dir, WN_LOCK_FILE)) {
        say(err, err_cap, dir, "cannot take its lock", ENAMETOOLONG);
        wn_free(l);
        return WN_ERR_IO;
    }
    for (int attempt = 0; attempt < 100; attempt++) {
        int fd = open(l->path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
        if (fd < 0) {
            say(err, err_cap, l->path, "cannot create the lock file", errno);
            wn_free(l);
            return WN_ERR_IO;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int e = errno;
            char pid[32] = "";
            ssize_t got = e == EWOULDBLOCK ? pread(fd, pid, sizeof pid - 1, 0) : -1;
            close(fd);
            if (e != EWOULDBLOCK)
                say(err, err_cap, l->path, "cannot lock", e);
            wn_free(l);
            if (e != EWOULDBLOCK)
                return WN_ERR_IO;
            pid[got > 0 ? got : 0] = '\0';
            pid[strspn(pid, "0123456789")] = '\0';
            char who[64] = "";
            if (pid[0])
                snprintf(who, sizeof who, " (pid %s)", pid);
            snprintf(err, err_cap, "%s: another winnow process%s is writing there (it holds %s/"
                     WN_LOCK_FILE "); wait for it to end or choose another output directory",
                     dir, who, dir);
            return WN_ERR_USAGE;
        }
        struct stat a, b;
        if (fstat(fd, &a) != 0 || stat(l->path, &b) != 0 || a.st_ino != b.st_ino || a.st_dev != b.st_dev) {
            close(fd);   /* removed by the holder we waited for: take the new one */
            continue;
        }
        char pid[32];
        int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
        if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
            say(err, err_cap, l->path, "cannot write the lock file", errno);
            close(fd);
            wn_free(l);
            return WN_ERR_IO;
        }
        l->fd = fd;
        *out = l;
        return WN_OK;
    }
    snprintf(err, err_cap, "%s: cannot take the lock: it keeps being replaced", l->path);
    wn_free(l);
    return WN_ERR_IO;
}

void wn_dir_lock_release(wn_dir_lock *l)
{
    if (!l)
        return;
    unlink(l->path);   /* while still holding it: see above */
    close(l->fd);
    wn_free(l);
}
