/* clean_rules.c: the rule list of the line cleaner (--rules in `winnow clean`, --clean-rules
 * in `winnow run`), parsed in one place so that both accept the same names. */
#include <stdio.h>
#include <string.h>
#include "cli.h"

bool wn_cli_clean_rules(wn_clean_opts *o, const char *list)
{
    o->drop_nav_runs = o->drop_edge_short = o->drop_foreign_script = false;
    o->drop_symbol_lines = o->drop_repeated = false;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", list);
    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (!strcmp(t, "nav")) o->drop_nav_runs = true;
        else if (!strcmp(t, "edge")) o->drop_edge_short = true;
        else if (!strcmp(t, "foreign")) o->drop_foreign_script = true;
        else if (!strcmp(t, "symbol")) o->drop_symbol_lines = true;
        else if (!strcmp(t, "repeated")) o->drop_repeated = true;
        else if (strcmp(t, "none") != 0) return false;
    }
    return true;
}
