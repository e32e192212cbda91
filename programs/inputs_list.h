/* inputs_list.h: a command's inputs, from its arguments and from --inputs-from lists. */
#ifndef WN_INPUTS_LIST_H
#define WN_INPUTS_LIST_H

#include "cli.h"

typedef struct {
    char **v;        /* the inputs, in order: the arguments, then the list's entries */
    size_t n, cap;
} wn_cli_inputs;

/*! wn_cli_inputs_build() : the arguments, then each entry of the file `list` (NULL: none; "-"
 * is stdin; gzip or zstd compressed, or a URL, read as any input is): one path or URL per
 * line, blank lines and lines starting with '#' skipped, spaces around an entry ignored. An
 * entry that is neither absolute nor a URL gets `base_url` (NULL: none) in front, with a '/'
 * between. Returns -1 to go on, else the exit code (the message printed). */
int wn_cli_inputs_build(const char *cmd, char *const *args, size_t n_args, const char *list,
                        const char *base_url, const wn_remote_opts *remote, wn_cli_inputs *in);
void wn_cli_inputs_free(wn_cli_inputs *in);

#endif
