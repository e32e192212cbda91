/* load_model.c: the fastText language model of `winnow langid`, `winnow run --langid` and the
 * FineWeb preset's langid stage: --model PATH, or the default one beside the executable. */
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"

/* The directory of the running executable, for the default model path. */
static bool exe_dir(char *dst, size_t cap)
{
    ssize_t n = readlink("/proc/self/exe", dst, cap - 1);
    if (n <= 0)
        return false;
    dst[n] = 0;
    char *slash = strrchr(dst, '/');
    if (!slash)
        return false;
    *slash = 0;
    return true;
}

/* Loads the model named by --model, or the default one; prints the error itself. */
wn_langid_model *wn_cli_load_model(const char *path)
{
    char def[PATH_MAX + 64], dir[PATH_MAX];
    if (!path) {
        wn_langid_default_model_path(def, sizeof def, exe_dir(dir, sizeof dir) ? dir : NULL);
        path = def;
    }
    wn_langid_model *m;
    char err[PATH_MAX + 256];
    if (wn_langid_model_load(&m, path, err, sizeof err)) {
        wn_cli_error("%s", err);
        if (path == def)
            wn_cli_error("(the default model is fetched by scripts/fetch-lid-model.sh; or pass --model PATH)");
        return NULL;
    }
    return m;
}
