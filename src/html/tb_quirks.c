/* tb_quirks.c: whether a document is in quirks mode, from its doctype (WHATWG HTML
 * §13.2.6.4.1, the "initial" insertion mode). For parsing, quirks mode changes one thing: a
 * <table> does not close an open <p> (§13.2.6.4.7), which old pages without a doctype rely on.
 * The identifier lists are the standard's, compared ASCII case-insensitively. */
#include <string.h>
#include "html/tb_impl.h"

/* public identifiers that put a document in quirks mode when they start its public id */
static const char *const quirky_prefixes[] = {
    "+//silmaril//dtd html pro v0r11 19970101//",
    "-//as//dtd html 3.0 aswedit + extensions//",
    "-//advasoft ltd//dtd html 3.0 aswedit + extensions//",
    "-//ietf//dtd html 2.0 level 1//",
    "-//ietf//dtd html 2.0 level 2//",
    "-//ietf//dtd html 2.0 strict level 1//",
    "-//ietf//dtd html 2.0 strict level 2//",
    "-//ietf//dtd html 2.0 strict//",
    "-//ietf//dtd html 2.0//",
    "-//ietf//dtd html 2.1e//",
    "-//ietf//dtd html 3.0//",
    "-//ietf//dtd html 3.2 final//",
    "-//ietf//dtd html 3.2//",
    "-//ietf//dtd html 3//",
    "-//ietf//dtd html level 0//",
    "-//ietf//dtd html level 1//",
    "-//ietf//dtd html level 2//",
    "-//ietf//dtd html level 3//",
    "-//ietf//dtd html strict level 0//",
    "-//ietf//dtd html strict level 1//",
    "-//ietf//dtd html strict level 2//",
    "-//ietf//dtd html strict level 3//",
    "-//ietf//dtd html strict//",
    "-//ietf//dtd html//",
    "-//metrius//dtd metrius presentational//",
    "-//microsoft//dtd internet explorer 2.0 html strict//",
    "-//microsoft//dtd internet explorer 2.0 html//",
    "-//microsoft//dtd internet explorer 2.0 tables//",
    "-//microsoft//dtd internet explorer 3.0 html strict//",
    "-//microsoft//dtd internet explorer 3.0 html//",
    "-//microsoft//dtd internet explorer 3.0 tables//",
    "-//netscape comm. corp.//dtd html//",
    "-//netscape comm. corp.//dtd strict html//",
    "-//o'reilly and associates//dtd html 2.0//",
    "-//o'reilly and associates//dtd html extended 1.0//",
    "-//o'reilly and associates//dtd html extended relaxed 1.0//",
    "-//sq//dtd html 2.0 hotmetal + extensions//",
    "-//softquad software//dtd hotmetal pro 6.0::19990601::extensions to html 4.0//",
    "-//softquad//dtd hotmetal pro 4.0::19971010::extensions to html 4.0//",
    "-//spyglass//dtd html 2.0 extended//",
    "-//sun microsystems corp.//dtd hotjava html//",
    "-//sun microsystems corp.//dtd hotjava strict html//",
    "-//w3c//dtd html 3 1995-03-24//",
    "-//w3c//dtd html 3.2 draft//",
    "-//w3c//dtd html 3.2 final//",
    "-//w3c//dtd html 3.2//",
    "-//w3c//dtd html 3.2s draft//",
    "-//w3c//dtd html 4.0 frameset//",
    "-//w3c//dtd html 4.0 transitional//",
    "-//w3c//dtd html experimental 19960712//",
    "-//w3c//dtd html experimental 970421//",
    "-//w3c//dtd w3 html//",
    "-//w3o//dtd w3 html 3.0//",
    "-//webtechs//dtd mozilla html 2.0//",
    "-//webtechs//dtd mozilla html//",
};

static bool starts_i(wn_slice s, const char *lower_prefix)
{
    size_t n = strlen(lower_prefix);
    if (s.len < n)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s.ptr[i];
        if (((unsigned)(c - 'A') < 26 ? c + 32 : c) != (unsigned char)lower_prefix[i])
            return false;
    }
    return true;
}

static bool equals_i(wn_slice s, const char *lower)
{
    return s.len == strlen(lower) && starts_i(s, lower);
}

bool tb_doctype_quirks(const wn_ht_token *t)
{
    if (t->force_quirks || !t->has_name || !wn_ht_name_eq(t->data, "html"))
        return true;
    wn_buf pub, sys;   /* identifiers with references or NUL are decoded first */
    wn_buf_init(&pub, (size_t)1 << 20);
    wn_buf_init(&sys, (size_t)1 << 20);
    wn_status st = WN_OK;
    wn_slice p = t->has_public ? wn_ht_str_view(t->public_id, &pub, &st) : (wn_slice){ "", 0 };
    wn_slice s = t->has_system ? wn_ht_str_view(t->system_id, &sys, &st) : (wn_slice){ "", 0 };
    bool q = false;
    if (t->has_public) {
        q = equals_i(p, "-//w3o//dtd w3 html strict 3.0//en//") ||
            equals_i(p, "-/w3c/dtd html 4.0 transitional/en") || equals_i(p, "html");
        for (size_t i = 0; !q && i < sizeof quirky_prefixes / sizeof quirky_prefixes[0]; i++)
            q = starts_i(p, quirky_prefixes[i]);
        if (!q && !t->has_system)
            q = starts_i(p, "-//w3c//dtd html 4.01 frameset//") ||
                starts_i(p, "-//w3c//dtd html 4.01 transitional//");
    }
    if (!q && t->has_system)
        q = equals_i(s, "http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd");
    wn_buf_free(&pub);
    wn_buf_free(&sys);
    return q;
}
