/* charset_stage.c: a stand-in HTML stage until the extraction stage lands: decodes the page's
 * charset (winnow/charset.h) and keeps the visible text by removing tags, comments and the
 * contents of script/style/noscript/template, so that `winnow run` on WARC and HTML inputs gives
 * text and exact accounting now. It is deliberately naive: no boilerplate removal. */
#include <string.h>
#include <strings.h>
#include "winnow/charset.h"

static const char *const hidden[] = { "script", "style", "noscript", "template", "head" };
static const char *const blocks[] = { "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
                                      "section", "article", "table", "ul", "ol", "pre", "blockquote",
                                      "title", "dd", "dt", "header", "footer", "td", "th", "hr" };

static bool tag_is(const char *p, size_t n, const char *name)
{
    size_t k = strlen(name);
    return n == k && strncasecmp(p, name, k) == 0;
}

static void out_char(wn_buf *o, char c, bool *space)
{
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
        *space = true;
        return;
    }
    if (c == '\n') {
        /* keep at most one blank line */
        while (o->len && o->data[o->len - 1] == ' ')
            o->len--;
        if (o->len && !(o->len >= 2 && o->data[o->len - 1] == '\n' && o->data[o->len - 2] == '\n'))
            wn_buf_append_char(o, '\n');
        *space = false;
        return;
    }
    if (*space && o->len && o->data[o->len - 1] != '\n')
        wn_buf_append_char(o, ' ');
    *space = false;
    wn_buf_append_char(o, c);
}

/* A few named references and all numeric ones (HTML §13.2.5.72-80, simplified). */
static size_t entity(const char *p, size_t n, wn_buf *o, bool *space)
{
    static const struct { const char *name; const char *utf8; } named[] = {
        { "amp;", "&" }, { "lt;", "<" }, { "gt;", ">" }, { "quot;", "\"" }, { "apos;", "'" },
        { "nbsp;", " " }, { "#39;", "'" },
    };
    for (size_t i = 0; i < sizeof named / sizeof *named; i++) {
        size_t k = strlen(named[i].name);
        if (n > k && strncmp(p + 1, named[i].name, k) == 0) {
            for (const char *s = named[i].utf8; *s; s++)
                out_char(o, *s, space);
            return k + 1;
        }
    }
    if (n > 3 && p[1] == '#') {
        size_t i = 2;
        uint32_t cp = 0;
        bool hex = p[2] == 'x' || p[2] == 'X';
        if (hex)
            i++;
        size_t start = i;
        while (i < n && i < start + 7) {
            char c = p[i];
            int v = (c >= '0' && c <= '9') ? c - '0' : hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
            if (v < 0)
                break;
            cp = cp * (hex ? 16 : 10) + (uint32_t)v;
            i++;
        }
        if (i > start && i < n && p[i] == ';') {
            if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                cp = 0xFFFD;
            char u[4];
            size_t k = wn_utf8_encode(cp, u);
            if (*space && o->len && o->data[o->len - 1] != '\n')
                wn_buf_append_char(o, ' ');
            *space = false;
            wn_buf_append(o, u, k);
            return i + 1;
        }
    }
    out_char(o, '&', space);
    return 1;
}

static void strip(const char *p, size_t n, wn_buf *o)
{
    size_t i = 0;
    bool space = false;
    while (i < n) {
        char c = p[i];
        if (c == '&') {
            i += entity(p + i, n - i, o, &space);
            continue;
        }
        if (c != '<') {
            out_char(o, c, &space);
            i++;
            continue;
        }
        if (n - i >= 4 && memcmp(p + i, "<!--", 4) == 0) {
            const char *e = memmem(p + i + 4, n - i - 4, "-->", 3);
            i = e ? (size_t)(e - p) + 3 : n;
            continue;
        }
        const char *gt = memchr(p + i, '>', n - i);
        if (!gt)
            break;
        size_t s = i + 1;
        bool end = s < n && p[s] == '/';
        if (end)
            s++;
        size_t e = s;
        while (e < (size_t)(gt - p) && p[e] != ' ' && p[e] != '\t' && p[e] != '\n' && p[e] != '/' && p[e] != '\r')
            e++;
        i = (size_t)(gt - p) + 1;
        if (!end) {
            for (size_t k = 0; k < sizeof hidden / sizeof *hidden; k++)
                if (tag_is(p + s, e - s, hidden[k])) {
                    /* skip to the matching end tag */
                    char close[16];
                    size_t cl = (size_t)snprintf(close, sizeof close, "</%s", hidden[k]);
                    size_t j = i;
                    while (j + cl <= n && strncasecmp(p + j, close, cl) != 0)
                        j++;
                    const char *g2 = j + cl <= n ? memchr(p + j, '>', n - j) : NULL;
                    i = g2 ? (size_t)(g2 - p) + 1 : n;
                    break;
                }
        }
        for (size_t k = 0; k < sizeof blocks / sizeof *blocks; k++)
            if (tag_is(p + s, e - s, blocks[k])) {
                out_char(o, '\n', &space);
                break;
            }
        space = true;
    }
    while (o->len && (o->data[o->len - 1] == '\n' || o->data[o->len - 1] == ' '))
        o->data[--o->len] = 0;
}

static void fallback_process(void *ctx, wn_doc *d, wn_counters *c)
{
    (void)ctx;
    if (d->kind != WN_KIND_HTML || d->text.len)
        return;
    char label[32];
    wn_buf utf8;
    wn_buf_init(&utf8, d->raw.max ? d->raw.max * 3 : 0);
    const char *ct = d->content_type.len ? d->content_type.data : NULL;
    wn_status st = wn_charset_decode_html(d->raw.data ? d->raw.data : "", d->raw.len, ct, &utf8, label, sizeof label);
    if (st) {
        wn_buf_free(&utf8);
        wn_doc_fail(d, st == WN_ERR_TOO_LARGE ? "too_large" : wn_strerror(st), "%s: charset decoding: %s",
                    d->id.data ? d->id.data : "", wn_strerror(st));
        return;
    }
    wn_doc_meta_set_str(d, "charset", label, strlen(label));
    wn_buf_reset(&d->text);
    strip(utf8.data ? utf8.data : "", utf8.len, &d->text);
    wn_buf_free(&utf8);
    wn_counter_add(c, "html_fallback", 1);
    if (d->text.len == 0)
        wn_doc_drop(d, "empty");
}

const wn_stage wn_stage_html_fallback = { "html_fallback", NULL, NULL, fallback_process };
