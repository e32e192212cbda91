/* title_repair.c: wn_dom_close_titles(), the recovery of a <title> its author never closed,
 * before the page goes to a parser that follows HTML5 to the letter.
 *
 * The HTML5 tokenizer reads a title as RCDATA up to "</title" (WHATWG HTML §13.2.5.2): a page
 * that forgot the end tag has the whole page as its title and an empty body. Browsers do the
 * same, but the author plainly meant the title to end where the markup starts again; libxml2's
 * HTML parser closes it there. So does this: when a title's text holds something shaped like a
 * tag ('<' then a letter, '/' or '!') before its end tag, and the end tag is missing, further
 * than any real title runs (TITLE_BOUND), or comes after a tag that only follows a title
 * (another <title>, </head>, <body>), "</title>" is inserted before that '<'. A title with a
 * "<b>" inside and its end tag right after is left to the tokenizer (it is text then).
 * The DOM adapter (dom.c) calls this only for a page whose parsed title holds a tag, and
 * parses the repaired copy again: other pages pay nothing. */
#include <string.h>
#include "html/dom.h"

#define TITLE_BOUND 2048    /* bytes: titles are a line; a page's worth of "title" is a slip */

static inline unsigned char low(unsigned char c)
{
    return (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
}

static bool ieq(const char *p, const char *end, const char *lit)
{
    size_t k = strlen(lit);
    if ((size_t)(end - p) < k)
        return false;
    for (size_t i = 0; i < k; i++)
        if (low((unsigned char)p[i]) != (unsigned char)lit[i])
            return false;
    return true;
}

static inline bool tag_shaped(const char *p, const char *end)
{
    if (p + 1 >= end || *p != '<')
        return false;
    unsigned char c = low((unsigned char)p[1]);
    return (c >= 'a' && c <= 'z') || c == '/' || c == '!';
}

/* After "<title": a name that ends there (not "<titles") */
static inline bool name_ends(const char *p, const char *end)
{
    return p >= end || *p == '>' || *p == '/' || *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f';
}

/* The next "<title" start tag at or after p (written title, Title or TITLE), or NULL. Every
 * page goes through here: glibc's memmem over "itle" and "ITLE" is several times faster than
 * stopping at every '<'. *lo and *up cache the two searches' last finds. */
static const char *next_title(const char *p, const char *end, const char **lo, const char **up)
{
    for (;;) {
        if (*lo && *lo < p + 2)
            *lo = memmem(p + 2 > end ? end : p + 2, (size_t)(end - (p + 2 > end ? end : p + 2)), "itle", 4);
        if (*up && *up < p + 2)
            *up = memmem(p + 2 > end ? end : p + 2, (size_t)(end - (p + 2 > end ? end : p + 2)), "ITLE", 4);
        const char *f = !*lo ? *up : !*up ? *lo : *lo < *up ? *lo : *up;
        if (!f)
            return NULL;
        const char *lt = f - 2;
        if (lt >= p && lt[0] == '<' && (lt[1] | 32) == 't' && name_ends(f + 4, end))
            return lt;
        p = lt + 1;     /* not a title tag: look past this find */
    }
}

bool wn_dom_close_titles(wn_buf *out, const char *html, size_t n)
{
    const char *p = html, *end = html + n, *copied = html;
    const char *lo = html, *up = html;   /* before p: searched on first use */
    bool changed = false;
    while (p < end) {
        const char *lt = next_title(p, end, &lo, &up);
        if (!lt)
            break;
        p = lt + 6;
        const char *gt = memchr(p, '>', (size_t)(end - p));
        if (!gt)
            break;
        const char *text = gt + 1, *q = text;
        /* the first tag-shaped '<' of the title's text */
        while (q < end && (q = memchr(q, '<', (size_t)(end - q))) && !tag_shaped(q, end))
            q++;
        if (!q || q >= end) {
            p = end;
            break;
        }
        if (ieq(q, end, "</title") && name_ends(q + 7, end)) {
            p = q + 7;
            continue;
        }
        /* markup inside the title: believe the end tag only when it comes within a title's
         * length and no tag that only stands after a title (another <title>, </head>, <body>)
         * comes first */
        const char *close = q;
        bool over = false;
        while (!over && close < end && (close = memchr(close, '<', (size_t)(end - close))) &&
               !(ieq(close, end, "</title") && name_ends(close + 7, end))) {
            over = close - text > TITLE_BOUND || (ieq(close, end, "<title") && name_ends(close + 6, end)) ||
                   ieq(close, end, "</head") || ieq(close, end, "<body");
            close++;
        }
        if (!over && close && close < end && close - text <= TITLE_BOUND) {
            p = close + 7;
            continue;
        }
        if (!changed)
            wn_buf_reset(out);
        changed = true;
        if (wn_buf_append(out, copied, (size_t)(q - copied)) || wn_buf_append_str(out, "</title>"))
            return false;   /* over the buffer's bound: parse the page as it is */
        copied = p = q;
    }
    if (changed && wn_buf_append(out, copied, (size_t)(end - copied)))
        return false;
    return changed;
}
