/* opt_filters.h: quality-filter options for `winnow run` and C4 line options for `winnow clean`. */
#ifndef WN_OPT_FILTERS_H
#define WN_OPT_FILTERS_H

#include <stdio.h>
#include "winnow/internal.h"
#include "winnow/chain_stages.h"

typedef struct {
    wn_filters_config cfg;
    bool any;            /* a filter option was given */
    bool print_config;   /* --print-config */
    bool c4_lines;       /* clean: --c4-lines */
    wn_langid_model *model; /* loaded when the langid stage is added */
    wn_chain_filter_langid lid;  /* the langid stage's config (chain_stages.h) */
    char cmdline[4096];  /* the command line as given, before the filter options were taken out */
} wn_cli_filters;

void wn_cli_filters_init(wn_cli_filters *f);
/* Takes the filter options out of argv (argc updated). With c4_only, only --c4-lines and the
 * c4_* line keys (for `winnow clean`). Returns -1 to go on, or an exit code after an error. */
int wn_cli_filters_parse(wn_cli_filters *f, int *argc, char **argv, bool c4_only);
/* Prints the configuration to stdout; returns the exit code (2 if a stage is unavailable). */
int wn_cli_filters_print(const wn_cli_filters *f);
/* Before any output is made: loads what the stages need (the language model); prints why
 * not and returns an exit code on failure. */
int wn_cli_filters_check(wn_cli_filters *f);
/* Frees the model; after the run. */
void wn_cli_filters_free(wn_cli_filters *f);
void wn_cli_filters_help(FILE *f);

#endif
