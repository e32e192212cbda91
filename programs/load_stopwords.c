/* load_stopwords.c: the stop-word lists of extraction, for `winnow extract` and `winnow run`:
 * --stopwords FILE, or the default places beside the executable. */
#include <libgen.h>
#include <limits.h>
#include <unistd.h>
#include "cli.h"

/* The stop-word file: --stopwords, else the default places; a missing default is a warning. */
wn_stopwords *wn_cli_load_stopwords(const char *path, bool warn_missing, bool *fatal)
{
    char buf[PATH_MAX + 64], exe[PATH_MAX];
    *fatal = false;
    if (!path) {
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        const char *dir = NULL;
        if (n > 0) {
            exe[n] = 0;
            dir = dirname(exe);
        }
        if (!wn_stopwords_default_path(dir, buf, sizeof buf)) {
            if (warn_missing)
                wn_cli_warn("no stop-word lists (run scripts/fetch-stopwords.sh); extracting without them");
            return NULL;
        }
        path = buf;
    }
    wn_stopwords *sw;
    char err[512];
    if (wn_stopwords_load(&sw, path, err, sizeof err)) {
        wn_cli_error("extract: %s", err);
        *fatal = true;
        return NULL;
    }
    return sw;
}
