/* reader_html.c: an HTML file is one document of kind HTML, its id the path; the HTML stages
 * decide its charset (winnow/charset.h) and extract its text. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "io/reader_impl.h"
#include "winnow/charset.h"

/* An HTML file starts (after a BOM and blanks) with a doctype, a comment, or one of the tags
 * that open pages; a UTF-16 BOM followed by '<' counts too. */
static bool html_sniff_bytes(const char *p, size_t n)
{
    size_t i = 0;
    if (n >= 4 && ((unsigned char)p[0] == 0xFF && (unsigned char)p[1] == 0xFE && p[2] == '<' && p[3] == 0))
        return true;
    if (n >= 4 && ((unsigned char)p[0] == 0xFE && (unsigned char)p[1] == 0xFF && p[2] == 0 && p[3] == '<'))
        return true;
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n' || p[i] == '\f'))
        i++;
    if (i >= n || p[i] != '<')
        return false;
    static const char *const starts[] = {
        "<!doctype", "<html", "<head", "<body", "<!--", "<meta", "<title", "<link", "<script",
        "<style", "<div", "<p>", "<table", "<base",
    };
    for (size_t k = 0; k < sizeof starts / sizeof *starts; k++) {
        size_t l = strlen(starts[k]);
        if (n - i >= l && strncasecmp(p + i, starts[k], l) == 0)
            return true;
    }
    /* "<?xml ...?>" then an XHTML document */
    if (n - i >= 5 && strncasecmp(p + i, "<?xml", 5) == 0) {
        for (size_t k = i; k + 5 <= n; k++)
            if (strncasecmp(p + k, "<html", 5) == 0 || strncasecmp(p + k, "<!doctype", 9 <= n - k ? 9 : 5) == 0)
                return true;
    }
    return false;
}

/* UTF-16 or UTF-32 without a BOM (issue 18): sniffed on the low byte of each unit. */
static bool html_sniff(const char *p, size_t n)
{
    const char *wide = wn_charset_sniff_wide(p, n);
    if (!wide)
        return html_sniff_bytes(p, n);
    size_t unit = wide[4] == '3' ? 4 : 2;
    size_t at = strstr(wide, "be") ? unit - 1 : 0;
    char low[1024];
    size_t k = 0;
    for (size_t i = at; i < n && k < sizeof low; i += unit)
        low[k++] = p[i];
    return html_sniff_bytes(low, k);
}

static wn_status html_open(wn_reader *r) { (void)r; return WN_OK; }

static wn_status html_next(wn_reader *r, wn_doc *d)
{
    return wn_reader_next_whole_file(r, d, WN_KIND_HTML);
}

const wn_reader_vt wn_reader_html_vt = { "html", html_sniff, html_open, html_next, NULL };
