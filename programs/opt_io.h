/* opt_io.h: the input/output options of the commands that run the pipeline (`winnow run`,
 * `winnow dedup`): parsed in one place so that they mean the same thing in both. */
#ifndef WN_OPT_IO_H
#define WN_OPT_IO_H

#include <getopt.h>
#include "winnow.h"

/* Long options; the short ones are -o and -j ("o:j:" in the getopt string). Codes 1..7 are
 * taken: a command's own options use other codes. */
#define WN_CLI_IO_LONGOPTS \
    { "output", required_argument, 0, 'o' }, { "threads", required_argument, 0, 'j' }, \
    { "format", required_argument, 0, 1 }, { "text-field", required_argument, 0, 2 }, \
    { "id-field", required_argument, 0, 3 }, { "max-doc-size", required_argument, 0, 4 }, \
    { "compress", required_argument, 0, 5 }, { "shard-size", required_argument, 0, 6 }, \
    { "dropped", required_argument, 0, 7 }

/*! wn_cli_io_option() : applies option c (value arg) to cfg. Returns 0 when c is not an I/O
 * option; else 1, with *ok = false when the value is bad. arg is borrowed (argv). */
int wn_cli_io_option(int c, const char *arg, wn_run_config *cfg, bool *ok);

#endif
