/* clean_rules.c: the rule list of the line cleaner (--rules in `winnow clean`, --clean-rules
 * in `winnow run`), parsed by the library's "clean-rules" key so that the CLI and the C API
 * accept the same names. */
#include "cli.h"
#include "winnow/chain_stages.h"

bool wn_cli_clean_rules(wn_clean_opts *o, const char *list)
{
    wn_config *c;
    if (wn_config_new(&c))
        return false;
    bool ok = wn_config_set(c, "clean-rules", list) == WN_OK;
    if (ok) {
        wn_config_view v;
        wn_config_view_of(c, &v);
        o->drop_nav_runs = v.clean_opts->drop_nav_runs;
        o->drop_edge_short = v.clean_opts->drop_edge_short;
        o->drop_foreign_script = v.clean_opts->drop_foreign_script;
        o->drop_symbol_lines = v.clean_opts->drop_symbol_lines;
        o->drop_repeated = v.clean_opts->drop_repeated;
    }
    wn_config_free(c);
    return ok;
}
