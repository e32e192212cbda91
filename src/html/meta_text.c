/* meta_text.c: step 6 of extraction (see extract_impl.h): the date and the byline a page
 * prints near its headline, as metadata candidates. meta.c decides whether they are used
 * (only when the page declares none). */
#include <string.h>
#include "common/check.h"
#include "html/extract_impl.h"

#define META_WINDOW 30               /* blocks searched for a date or byline on each side of the container's start */

/* A page that declares no date mostly prints it next to the headline: the first short line
 * holding a date, looked for in the blocks just before the container (closest first), then in
 * its first blocks. A date further off is the site's (today's date in the header) or one the
 * story talks about. */
static void date_from_text(wn_page *pg)
{
    if (!pg->n_blks)
        return;
    size_t start = pg->container >= 0 ? pg->els[pg->container].b0 : 0;
    WN_ASSERT(start <= pg->n_blks);
    char d[11];
    for (size_t pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < META_WINDOW; k++) {
            size_t i;
            if (pass == 0) {
                if (k >= start)
                    break;
                i = start - 1 - k;
            } else {
                i = start + k;
                if (i >= pg->n_blks)
                    break;
            }
            const wn_page_blk *b = &pg->blks[i];
            if (b->chars <= 120 && wn_meta_text_date(pg->plain.data + b->off, b->len, d)) {
                wn_meta_set(pg->meta, WN_META_DATE_TEXT, d, 10);
                return;
            }
        }
    }
}

/* The name in a byline ("By Jane Writer", "Von Jane Writer | 3. Mai 2021"): the lead words
 * go, and what follows the name (a date, a place) after a separator or a digit. Returns false
 * when what is left does not look like a name (too long, too many words, empty). */
static bool byline_name(const char *p, size_t n, const char **out, size_t *out_len)
{
    static const char *const lead[] = { "by ", "von ", "vom ", "par ", "por ", "di ", "door ", "author: ", "autor: ",
                                        "autorin: ", "text: ", "written by " };
    for (size_t k = 0; k < sizeof lead / sizeof *lead; k++) {
        size_t l = strlen(lead[k]);
        if (n > l && wn_slice_icontains((wn_slice){ p, l }, lead[k])) {
            p += l, n -= l;
            break;
        }
    }
    size_t e = 0, words = 1;
    while (e < n && !(p[e] >= '0' && p[e] <= '9') && p[e] != '|' && p[e] != ',' && p[e] != '\n' &&
           !(p[e] == ' ' && e + 1 < n && (p[e + 1] == '-' || (unsigned char)p[e + 1] == 0xE2 || p[e + 1] == '/'))) {
        words += p[e] == ' ';
        e++;
    }
    while (e && (p[e - 1] == ' ' || p[e - 1] == '.' || p[e - 1] == ':'))
        e--;
    if (e < 2 || e > 60 || words > 6)
        return false;
    *out = p;
    *out_len = e;
    return true;
}

/* A page that declares no author mostly prints a byline near the headline: the first short
 * block under a byline or author class (not a comment's), looked for as the date is. */
static void author_from_text(wn_page *pg)
{
    if (!pg->n_blks)
        return;
    size_t start = pg->container >= 0 ? pg->els[pg->container].b0 : 0;
    WN_ASSERT(start <= pg->n_blks);
    for (size_t pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < META_WINDOW; k++) {
            size_t i = pass == 0 ? start - 1 - k : start + k;
            if ((pass == 0 && k >= start) || (pass == 1 && i >= pg->n_blks))
                break;
            const wn_page_blk *b = &pg->blks[i];
            if (b->chars > 80 || b->owner < 0)
                continue;
            bool byline = false;
            int32_t e = b->owner;
            for (int up = 0; e >= 0 && up < 4 && !byline; up++, e = pg->els[e].parent)
                byline = (pg->els[e].hint & WN_HINT_BYLINE) && !(pg->els[e].hint & WN_HINT_COMMENT);
            const char *name;
            size_t len;
            if (byline && byline_name(pg->plain.data + b->off, b->len, &name, &len)) {
                wn_meta_set(pg->meta, WN_META_AUTHOR_TEXT, name, len);
                return;
            }
        }
    }
}

void wn_page_meta_candidates(wn_page *pg, const char *url, size_t url_len)
{
    /* last resorts: not looked for when what the page declares will be taken */
    char d[11];
    if (!wn_meta_declared_date(pg->meta, url, url_len, d))
        date_from_text(pg);
    if (!wn_meta_declared_author(pg->meta))
        author_from_text(pg);
}
