/* meta.c: page metadata from JSON-LD (schema.org), OpenGraph, <meta>, <link rel=canonical>,
 * <time>, <title>, the first <h1>, and the URL.
 *
 * DESIGN: each source fills its own candidate slot (first seen wins within a source); at the
 * end the most reliable present source wins per field: structured data (JSON-LD, OpenGraph)
 * before plain meta tags before page text. Dates are normalised to YYYY-MM-DD. */
#include <stdio.h>
#include <string.h>
#include "common/json.h"
#include "html/extract_impl.h"
#include "html/meta.h"

#define META_MAX 4096   /* bytes kept per field */

void wn_meta_init(wn_meta *m)
{
    for (int i = 0; i < WN_META_COUNT; i++)
        wn_buf_init(&m->f[i], META_MAX);
    wn_buf_init(&m->tmp, 1 << 20);
    for (int i = 0; i < 8; i++)
        wn_buf_init(&m->out[i], META_MAX);
    wn_buf_init(&m->body, 1 << 20);
    m->prof = NULL;
}

void wn_meta_reset(wn_meta *m)
{
    for (int i = 0; i < WN_META_COUNT; i++)
        wn_buf_reset(&m->f[i]);
    for (int i = 0; i < 8; i++)
        wn_buf_reset(&m->out[i]);
    wn_buf_reset(&m->body);
    m->h1_count = 0;
}

void wn_meta_free(wn_meta *m)
{
    for (int i = 0; i < WN_META_COUNT; i++)
        wn_buf_free(&m->f[i]);
    wn_buf_free(&m->tmp);
    for (int i = 0; i < 8; i++)
        wn_buf_free(&m->out[i]);
    wn_buf_free(&m->body);
}

wn_slice wn_meta_body(const wn_meta *m)
{
    return wn_buf_slice(&m->body);
}

static inline bool sp(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

static inline bool nbsp_at(const char *p, size_t n, size_t i)
{
    return (unsigned char)p[i] == 0xC2 && i + 1 < n && (unsigned char)p[i + 1] == 0xA0;
}

/* Appends p with whitespace runs (no-break spaces too) collapsed and trimmed; cut at the cap on
 * a UTF-8 boundary. The bytes between two spaces go in one append (a call per byte was most
 * of the cost of a long description). The
 * cut is where a byte at a time would have made it: a byte goes in while the field is 8 bytes
 * short of the cap, the first of a run judged before its separating space. */
static void set_collapsed(wn_buf *b, const char *p, size_t n)
{
    wn_buf_reset(b);
    bool pend = false;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)p[i];
        if (sp(c) || nbsp_at(p, n, i)) {
            i += c == 0xC2 ? 2 : 1;
            pend = b->len > 0;
            continue;
        }
        size_t j = i + 1;
        while (j < n && !sp((unsigned char)p[j]) && !nbsp_at(p, n, j))
            j++;
        bool cut = b->len + 8 >= META_MAX;
        if (!cut) {
            if (pend)
                wn_buf_append_char(b, ' ');
            pend = false;
            size_t room = META_MAX - 8 - b->len, take = j - i;
            if (room == 0)
                room = 1;     /* the run's first byte was judged before the space */
            if (take > room)
                take = room, cut = true;
            wn_buf_append(b, p + i, take);
        }
        if (cut) {
            while (b->len && ((unsigned char)b->data[b->len - 1] & 0xC0) == 0x80)
                b->len--;
            if (b->len && (unsigned char)b->data[b->len - 1] >= 0xC0)
                b->len--;
            break;
        }
        i = j;
    }
    /* the parser can hand back broken sequences (seen from fuzzing: a lead byte lost next to
     * NULs); metadata promises valid UTF-8, so invalid bytes are removed, which never grows the
     * field past its cap */
    if (b->len && !wn_utf8_valid(b->data, b->len)) {
        size_t w = 0;
        for (size_t i = 0; i < b->len;) {
            uint32_t cp;
            size_t l = wn_utf8_decode(b->data + i, b->len - i, &cp);
            bool bad = cp == 0xFFFD && l == 1;
            if (!bad)
                memmove(b->data + w, b->data + i, l), w += l;
            i += l;
        }
        b->len = w;
    }
    if (b->data)
        b->data[b->len] = 0;
}

void wn_meta_set(wn_meta *m, wn_meta_field f, const char *p, size_t n)
{
    if (m->f[f].len || !p)
        return;
    set_collapsed(&m->f[f], p, n);
}


/* ---- JSON-LD ----------------------------------------------------------------------------- */

static void ld_string(wn_meta *m, wn_meta_field f, wn_slice v)
{
    if (m->f[f].len || !v.len || v.ptr[0] != '"')
        return;
    wn_buf_reset(&m->tmp);
    if (wn_json_decode_string(v, &m->tmp) == WN_OK)
        wn_meta_set(m, f, m->tmp.data, m->tmp.len);
}

/* A value that names someone: "x", {"name": "x"}, or an array of those (first). */
static void ld_name(wn_meta *m, wn_meta_field f, wn_slice v, int depth)
{
    if (!v.len || depth > 4)
        return;
    if (v.ptr[0] == '"') {
        ld_string(m, f, v);
    } else if (v.ptr[0] == '{') {
        wn_json j;
        wn_json_init(&j, v.ptr, v.len);
        wn_slice k, val;
        if (wn_json_object_begin(&j))
            return;
        while (wn_json_object_next(&j, &k, &val) == WN_OK)
            if (wn_slice_ieq(k, "\"name\""))
                ld_string(m, f, val);
    } else if (v.ptr[0] == '[') {
        wn_json j;
        wn_json_init(&j, v.ptr + 1, v.len - 1);
        wn_slice item;
        if (!wn_json_ws(&j) && *j.p != ']' && wn_json_value(&j, &item) == WN_OK)
            ld_name(m, f, item, depth + 1);
    }
}

/* articleBody: kept as written, line breaks and all, unless it holds markup (some sites put
 * the article's HTML there; the page's own DOM is then the better source) or is not valid
 * UTF-8 once decoded. */
static void ld_body(wn_meta *m, wn_slice v)
{
    if (m->body.len || !v.len || v.ptr[0] != '"')
        return;
    if (wn_json_decode_string(v, &m->body) != WN_OK || memchr(m->body.data ? m->body.data : "", '<', m->body.len) ||
        !wn_utf8_valid(m->body.data ? m->body.data : "", m->body.len))
        wn_buf_reset(&m->body);
}

static void ld_value(wn_meta *m, wn_slice v, int depth);

/* One member of an object as the second pass below reads it. */
static void ld_member(wn_meta *m, wn_slice k, wn_slice val, bool article, bool site, int depth)
{
    if (wn_slice_ieq(k, "\"@graph\"") || wn_slice_ieq(k, "\"mainentity\"") || wn_slice_ieq(k, "\"mainentityofpage\"")) {
        ld_value(m, val, depth + 1);
    } else if (article) {
        if (wn_slice_ieq(k, "\"headline\""))
            ld_string(m, WN_META_TITLE_LD, val);
        else if (wn_slice_ieq(k, "\"author\"") || wn_slice_ieq(k, "\"creator\""))
            ld_name(m, WN_META_AUTHOR_LD, val, 0);
        else if (wn_slice_ieq(k, "\"datepublished\"") || wn_slice_ieq(k, "\"datecreated\""))
            ld_string(m, WN_META_DATE_LD, val);
        else if (wn_slice_ieq(k, "\"publisher\""))
            ld_name(m, WN_META_SITE_LD, val, 0);
        else if (wn_slice_ieq(k, "\"description\""))
            ld_string(m, WN_META_DESC_LD, val);
        else if (wn_slice_ieq(k, "\"articlebody\""))
            ld_body(m, val);
    } else if (site && wn_slice_ieq(k, "\"name\"")) {
        ld_string(m, WN_META_SITE_LD, val);
    }
}

/* The members the first pass keeps for the second, so that an object is scanned once: a
 * JSON-LD object nests in another's @graph, and every pass over the outer one read the inner
 * ones too. An object with more members is scanned again instead. */
#define LD_MEMBERS 32

static void ld_object(wn_meta *m, wn_slice v, int depth)
{
    wn_json j;
    wn_json_init(&j, v.ptr, v.len);
    wn_slice k, val;
    if (wn_json_object_begin(&j))
        return;
    /* first pass: is it an article-like thing? */
    bool article = false, site = false;
    wn_slice keys[LD_MEMBERS], vals[LD_MEMBERS];
    size_t n = 0;
    bool all = true;
    while (wn_json_object_next(&j, &k, &val) == WN_OK) {
        if (wn_slice_ieq(k, "\"@type\"")) {
            article = wn_slice_icontains(val, "article") || wn_slice_icontains(val, "posting") || wn_slice_icontains(val, "report") ||
                      wn_slice_icontains(val, "review") || wn_slice_icontains(val, "recipe") || wn_slice_icontains(val, "webpage");
            site = wn_slice_icontains(val, "website") || wn_slice_icontains(val, "organization");
        }
        if (n < LD_MEMBERS)
            keys[n] = k, vals[n] = val, n++;
        else
            all = false;
    }
    if (all) {
        for (size_t i = 0; i < n; i++)
            ld_member(m, keys[i], vals[i], article, site, depth);
        return;
    }
    wn_json_init(&j, v.ptr, v.len);
    wn_json_object_begin(&j);
    while (wn_json_object_next(&j, &k, &val) == WN_OK)
        ld_member(m, k, val, article, site, depth);
}

static void ld_value(wn_meta *m, wn_slice v, int depth)
{
    if (!v.len || depth > 6)
        return;
    if (v.ptr[0] == '{') {
        ld_object(m, v, depth);
    } else if (v.ptr[0] == '[') {
        wn_json j;
        wn_json_init(&j, v.ptr + 1, v.len - 1);
        for (int i = 0; i < 64; i++) {
            if (wn_json_ws(&j) || *j.p == ']')
                break;
            wn_slice item;
            if (wn_json_value(&j, &item))
                break;
            ld_value(m, item, depth + 1);
            wn_json_ws(&j);
            if (j.p < j.end && *j.p == ',')
                j.p++;
        }
    }
}

static void on_ldjson(wn_meta *m, const wn_dom_node *n)
{
    wn_dom_node *c = wn_dom_first_child(n);
    if (!c || wn_dom_tag(c) != WN_TAG_TEXT)
        return;
    wn_slice t = wn_dom_text(c);
    if (t.len > (1 << 20))
        return;
    wn_json j;
    wn_json_init(&j, t.ptr, t.len);
    wn_slice v;
    if (wn_json_value(&j, &v) == WN_OK)
        ld_value(m, v, 0);
}

/* ---- elements ----------------------------------------------------------------------------- */

static void on_element(wn_meta *m, const wn_dom_node *n, wn_tag tag)
{
    switch (tag) {
    case WN_TAG_HTML: {
        wn_slice l = wn_dom_attr_get(n, "lang");
        if (!l.ptr)
            l = wn_dom_attr_get(n, "xml:lang");
        if (l.ptr)
            wn_meta_set(m, WN_META_LANG_HTML, l.ptr, l.len);
        break;
    }
    case WN_TAG_TITLE: {
        wn_dom_node *c = wn_dom_first_child(n);
        if (c && wn_dom_tag(c) == WN_TAG_TEXT) {
            wn_slice t = wn_dom_text(c);
            wn_meta_set(m, WN_META_TITLE_TAG, t.ptr, t.len);
        }
        break;
    }
    case WN_TAG_SCRIPT: {
        wn_slice ty = wn_dom_attr_get(n, "type");
        if (ty.ptr && wn_slice_icontains(ty, "ld+json"))
            on_ldjson(m, n);
        break;
    }
    case WN_TAG_TIME: {
        wn_slice d = wn_dom_attr_get(n, "datetime");
        if (d.ptr)
            wn_meta_set(m, WN_META_DATE_TIME, d.ptr, d.len);
        break;
    }
    case WN_TAG_LINK: {
        wn_slice rel = wn_dom_attr_get(n, "rel"), href = wn_dom_attr_get(n, "href");
        if (rel.ptr && href.ptr && wn_slice_ieq(rel, "canonical"))
            wn_meta_set(m, WN_META_URL_CANON, href.ptr, href.len);
        break;
    }
    case WN_TAG_META: {
        wn_slice name = { NULL, 0 }, content = { NULL, 0 }, prop = { NULL, 0 }, equiv = { NULL, 0 },
                 itemprop = { NULL, 0 };
        for (wn_dom_attr *a = wn_dom_attr_first(n); a; a = wn_dom_attr_next(a)) {
            wn_slice k = wn_dom_attr_name(a);
            if (wn_slice_ieq(k, "name")) name = wn_dom_attr_value(a);
            else if (wn_slice_ieq(k, "property")) prop = wn_dom_attr_value(a);
            else if (wn_slice_ieq(k, "content")) content = wn_dom_attr_value(a);
            else if (wn_slice_ieq(k, "http-equiv")) equiv = wn_dom_attr_value(a);
            else if (wn_slice_ieq(k, "itemprop")) itemprop = wn_dom_attr_value(a);
        }
        if (!content.ptr || !content.len)
            break;
        wn_slice key = prop.ptr ? prop : name.ptr ? name : itemprop.ptr ? itemprop : equiv;
        if (!key.ptr)
            break;
        const char *c = content.ptr;
        size_t cl = content.len;
        if (wn_slice_ieq(key, "og:title") || wn_slice_ieq(key, "twitter:title")) wn_meta_set(m, WN_META_TITLE_OG, c, cl);
        else if (wn_slice_ieq(key, "og:site_name")) wn_meta_set(m, WN_META_SITE_OG, c, cl);
        else if (wn_slice_ieq(key, "application-name")) wn_meta_set(m, WN_META_SITE_APP, c, cl);
        else if (wn_slice_ieq(key, "og:url")) wn_meta_set(m, WN_META_URL_OG, c, cl);
        else if (wn_slice_ieq(key, "description") || wn_slice_ieq(key, "dc.description")) wn_meta_set(m, WN_META_DESC_META, c, cl);
        else if (wn_slice_ieq(key, "og:description") || wn_slice_ieq(key, "twitter:description")) wn_meta_set(m, WN_META_DESC_OG, c, cl);
        else if (wn_slice_ieq(key, "author") || wn_slice_ieq(key, "dc.creator") || wn_slice_ieq(key, "dcterms.creator") ||
                 wn_slice_ieq(key, "byl") || wn_slice_ieq(key, "sailthru.author") || wn_slice_ieq(key, "parsely-author") ||
                 (wn_slice_ieq(key, "article:author") && !wn_slice_icontains(content, "://")))
            wn_meta_set(m, WN_META_AUTHOR_META, c, cl);
        else if (wn_slice_ieq(key, "article:published_time") || wn_slice_ieq(key, "og:published_time") ||
                 wn_slice_ieq(key, "datepublished") || wn_slice_ieq(key, "date") || wn_slice_ieq(key, "dc.date") ||
                 wn_slice_ieq(key, "dc.date.issued") || wn_slice_ieq(key, "dcterms.date") || wn_slice_ieq(key, "dcterms.created") ||
                 wn_slice_ieq(key, "pubdate") || wn_slice_ieq(key, "publishdate") || wn_slice_ieq(key, "publish-date") ||
                 wn_slice_ieq(key, "publication_date") || wn_slice_ieq(key, "sailthru.date") || wn_slice_ieq(key, "parsely-pub-date") ||
                 wn_slice_ieq(key, "citation_publication_date") || wn_slice_ieq(key, "release_date"))
            wn_meta_set(m, WN_META_DATE_META, c, cl);
        else if (wn_slice_ieq(key, "content-language") || wn_slice_ieq(key, "dc.language") || wn_slice_ieq(key, "language"))
            wn_meta_set(m, WN_META_LANG_META, c, cl);
        break;
    }
    default:
        break;
    }
}

void wn_meta_on_element(wn_meta *m, const wn_dom_node *n, wn_tag tag)
{
    if (!m->prof) {
        on_element(m, n, tag);
        return;
    }
    double t0 = wn_extract_clock();
    on_element(m, n, tag);
    *m->prof += wn_extract_clock() - t0;
}

/* ---- finishing ---------------------------------------------------------------------------- */

static int digits(const char *p, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

/* Finds Y-M-D (separators - / . or none in a URL path) in s; writes "YYYY-MM-DD". */
static bool find_date(const char *s, size_t n, bool url, char out[11])
{
    for (size_t i = 0; i + 8 <= n; i++) {
        if (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')
            continue;
        int y = digits(s + i, 4);
        if (y < 1990 || y > 2100)
            continue;
        char sep = s[i + 4];
        if (!(sep == '-' || sep == '/' || (sep == '.' && !url)))
            continue;
        if (i + 7 > n)
            break;
        int mo = digits(s + i + 5, 2);
        int d = -1;
        if (mo >= 1 && mo <= 12 && i + 10 <= n && s[i + 7] == sep)
            d = digits(s + i + 8, 2);
        if (mo < 1 || mo > 12)
            continue;
        if (d < 1 || d > 31) {
            if (!url)
                continue;
            d = 1;   /* /2019/05/ in a URL: the month is known */
            if (i + 7 < n && s[i + 7] >= '0' && s[i + 7] <= '9')
                continue;
        }
        snprintf(out, 11, "%04d-%02d-%02d", y, mo, d);
        return true;
    }
    return false;
}

/* Month names (lowercase; English, German, French, Spanish, Italian, Portuguese, Dutch) and the
 * month they name; three-letter English and German abbreviations ("Jan", "Mär") are prefixes
 * matched at a word's end or before a dot. */
static const struct {
    const char *name;
    size_t len;    /* bytes, so that a word is compared only with names of its length */
    int month;
} month_names[] = {
#define M(name, month) { name, sizeof name - 1, month }
    M("january", 1), M("januar", 1), M("jänner", 1), M("janvier", 1), M("enero", 1), M("gennaio", 1),
    M("janeiro", 1), M("januari", 1), M("february", 2), M("februar", 2), M("février", 2), M("febrero", 2),
    M("febbraio", 2), M("fevereiro", 2), M("februari", 2), M("march", 3), M("märz", 3), M("mars", 3),
    M("marzo", 3), M("março", 3), M("maart", 3), M("april", 4), M("avril", 4), M("abril", 4),
    M("aprile", 4), M("may", 5), M("mai", 5), M("mayo", 5), M("maggio", 5), M("maio", 5), M("mei", 5),
    M("june", 6), M("juni", 6), M("juin", 6), M("junio", 6), M("giugno", 6), M("junho", 6),
    M("july", 7), M("juli", 7), M("juillet", 7), M("julio", 7), M("luglio", 7), M("julho", 7),
    M("august", 8), M("août", 8), M("agosto", 8), M("augustus", 8), M("september", 9), M("septembre", 9),
    M("septiembre", 9), M("settembre", 9), M("setembro", 9), M("october", 10), M("oktober", 10),
    M("octobre", 10), M("octubre", 10), M("ottobre", 10), M("outubro", 10), M("november", 11),
    M("novembre", 11), M("noviembre", 11), M("novembro", 11), M("december", 12), M("dezember", 12),
    M("décembre", 12), M("diciembre", 12), M("dicembre", 12), M("dezembro", 12),
    M("jan", 1), M("feb", 2), M("mar", 3), M("mär", 3), M("apr", 4), M("jun", 6), M("jul", 7),
    M("aug", 8), M("sep", 9), M("sept", 9), M("oct", 10), M("okt", 10), M("nov", 11), M("dec", 12),
    M("dez", 12),
#undef M
};

/* The month named by the word at s (any case for ASCII letters), its length in *len, or 0. */
static int month_at(const char *s, size_t n, size_t *len)
{
    size_t w = 0;
    while (w < n && ((s[w] | 32) >= 'a' && (s[w] | 32) <= 'z' ? 1 : (unsigned char)s[w] >= 0x80))
        w++;
    if (w < 3)
        return 0;
    char low[16];
    if (w >= sizeof low)
        return 0;
    for (size_t i = 0; i < w; i++)
        low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
    /* Latin-1 capitals (C3 80..9E) as their small letters: "MÄRZ" */
    for (size_t i = 0; i + 1 < w; i++)
        if ((unsigned char)low[i] == 0xC3 && (unsigned char)low[i + 1] >= 0x80 && (unsigned char)low[i + 1] <= 0x9E)
            low[i + 1] = (char)((unsigned char)low[i + 1] + 0x20);
    for (size_t k = 0; k < sizeof month_names / sizeof *month_names; k++) {
        if (month_names[k].len == w && !memcmp(low, month_names[k].name, w)) {
            *len = w;
            return month_names[k].month;
        }
    }
    return 0;
}

/* Skips spaces, and one of the given punctuation characters, from s[i]. */
static size_t skip_sep(const char *s, size_t n, size_t i, const char *punct)
{
    while (i < n && s[i] == ' ')
        i++;
    if (i < n && s[i] && strchr(punct, s[i]))
        i++;
    while (i < n && s[i] == ' ')
        i++;
    return i;
}

/* A number of 1-2 digits at s[i] (not part of a longer one), or -1; *end past it. */
static int small_number(const char *s, size_t n, size_t i, size_t *end)
{
    if (i >= n || s[i] < '0' || s[i] > '9' || (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9'))
        return -1;
    size_t j = i;
    int v = 0;
    while (j < n && s[j] >= '0' && s[j] <= '9' && j - i < 3)
        v = v * 10 + (s[j++] - '0');
    if (j - i > 2)
        return -1;
    *end = j;
    return v;
}

static bool valid_ymd(int y, int m, int d)
{
    return y >= 1990 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

bool wn_meta_text_date(const char *s, size_t n, char out[11])
{
    if (find_date(s, n, false, out))
        return true;
    for (size_t i = 0; i < n; i++) {
        size_t e, ml;
        int d = small_number(s, n, i, &e);
        if (d > 0) {
            /* D.M.YYYY, D/M/YYYY (day first, as most of the world writes it) */
            if (e < n && (s[e] == '.' || s[e] == '/')) {
                size_t e2;
                int m = small_number(s, n, e + 1, &e2);
                if (m > 0 && e2 + 5 <= n && s[e2] == s[e]) {
                    int y = digits(s + e2 + 1, 4);
                    if (valid_ymd(y, m, d) && (e2 + 5 == n || s[e2 + 5] < '0' || s[e2 + 5] > '9')) {
                        snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
                        return true;
                    }
                }
            }
            /* D. Monat YYYY, D Month YYYY, D de mes de YYYY */
            size_t j = skip_sep(s, n, e, ".");
            if (j + 3 < n && !memcmp(s + j, "de ", 3))
                j += 3;
            int m = month_at(s + j, n - j, &ml);
            if (m) {
                j = skip_sep(s, n, j + ml, ".,");
                if (j + 3 < n && !memcmp(s + j, "de ", 3))
                    j += 3;
                int y = j + 4 <= n ? digits(s + j, 4) : -1;
                if (valid_ymd(y, m, d)) {
                    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
                    return true;
                }
            }
            i = e;
            continue;
        }
        /* Month D, YYYY */
        if (i == 0 || s[i - 1] == ' ' || s[i - 1] == ',' || s[i - 1] == '(') {
            int m = month_at(s + i, n - i, &ml);
            if (m) {
                size_t j = skip_sep(s, n, i + ml, "."), e3;
                int dd = small_number(s, n, j, &e3);
                if (dd > 0) {
                    j = skip_sep(s, n, e3, ",");
                    int y = j + 4 <= n ? digits(s + j, 4) : -1;
                    if (valid_ymd(y, m, dd)) {
                        snprintf(out, 11, "%04d-%02d-%02d", y, m, dd);
                        return true;
                    }
                }
            }
        }
    }
    return false;
}

static void out_set(wn_buf *b, const wn_buf *src)
{
    wn_buf_set(b, src->data ? src->data : "", src->len);
}

static const wn_buf *first_of(const wn_meta *m, const wn_meta_field *fs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (m->f[fs[i]].len)
            return &m->f[fs[i]];
    return NULL;
}

/* declared language: the html element's lang attribute first */
static const wn_meta_field lang_fields[] = { WN_META_LANG_HTML, WN_META_LANG_META };

wn_slice wn_meta_lang(const wn_meta *m)
{
    const wn_buf *b = first_of(m, lang_fields, 2);
    return b ? wn_buf_slice(b) : (wn_slice){ "", 0 };
}

/* ASCII case-insensitive equality of two spans, ignoring spaces, dots and hyphens ("Helge.at"
 * and "helge at", "DOMRADIO.DE" and "domradio.de"). */
static bool loose_eq(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0, j = 0;
    for (;;) {
        while (i < an && (a[i] == ' ' || a[i] == '.' || a[i] == '-'))
            i++;
        while (j < bn && (b[j] == ' ' || b[j] == '.' || b[j] == '-'))
            j++;
        if (i == an || j == bn)
            return i == an && j == bn;
        char x = a[i], y = b[j];
        if (x >= 'A' && x <= 'Z') x += 32;
        if (y >= 'A' && y <= 'Z') y += 32;
        if (x != y)
            return false;
        i++, j++;
    }
}

/* Is this part of a title the site's name: the site name the page declares, its host name
 * ("www." dropped) or the host's name without its top-level domain? */
static bool site_part(const char *p, size_t n, wn_slice site, wn_slice host)
{
    while (n && p[0] == ' ')
        p++, n--;
    while (n && p[n - 1] == ' ')
        n--;
    if (!n)
        return true;
    if (site.len && loose_eq(p, n, site.ptr, site.len))
        return true;
    if (!host.len)
        return false;
    if (loose_eq(p, n, host.ptr, host.len))
        return true;
    const char *dot = memchr(host.ptr, '.', host.len);
    return dot && loose_eq(p, n, host.ptr, (size_t)(dot - host.ptr));
}

/* A title often reads "Headline | Site name" or "Site - Headline": the parts naming the site
 * go. When no part names it, a <title> keeps its longest part (the headline, mostly) and a
 * title from OpenGraph or JSON-LD stays whole. */
static void clean_title(wn_buf *b, wn_slice site, wn_slice host, bool from_tag)
{
    static const char *const seps[] = { " | ", " - ", " – ", " — ", " :: ", " « ", " » ", " · ", " › ", " • ", " : " };
    const char *p = b->data;
    size_t n = b->len;
    if (!p)
        return;   /* nothing was stored (the title's copy found no memory): memmem wants a buffer */
    for (size_t s = 0; s < sizeof seps / sizeof *seps; s++) {
        size_t sl = strlen(seps[s]);
        if (!memmem(p, n, seps[s], sl))
            continue;
        /* keep the parts that do not name the site, joined as they were */
        char out[META_MAX];
        size_t on = 0, parts = 0, dropped = 0;
        const char *q = p, *e = p + n, *longest = p;
        size_t longest_len = 0;
        while (q < e) {
            const char *h = memmem(q, (size_t)(e - q), seps[s], sl);
            const char *pe = h ? h : e;
            size_t pl = (size_t)(pe - q);
            parts++;
            if (pl > longest_len)
                longest = q, longest_len = pl;
            if (site_part(q, pl, site, host)) {
                dropped++;
            } else if (on + sl + pl < sizeof out) {
                if (on)
                    memcpy(out + on, seps[s], sl), on += sl;
                memcpy(out + on, q, pl), on += pl;
            }
            q = h ? h + sl : e;
        }
        if (dropped && dropped < parts) {
            wn_buf_set(b, out, on);
        } else if (!dropped && from_tag) {
            memmove(b->data, longest, longest_len);   /* a part of b itself */
            b->len = longest_len;
            b->data[b->len] = 0;
        }
        break;
    }
}

/* The host of an absolute URL ("www." dropped), or an empty slice. */
static wn_slice url_host(const char *u, size_t n)
{
    const char *s = u ? memmem(u, n, "://", 3) : NULL;
    if (!s)
        return (wn_slice){ "", 0 };
    s += 3;
    const char *e = s;
    while (e < u + n && *e != '/' && *e != ':' && *e != '?' && *e != '#')
        e++;
    if (e - s > 4 && !memcmp(s, "www.", 4))
        s += 4;
    return (wn_slice){ s, (size_t)(e - s) };
}

/* Does a contain b, ASCII case-insensitively? (Titles are short: the plain search will do.) */
static bool icontains(const char *a, size_t an, const char *b, size_t bn)
{
    for (size_t i = 0; bn && i + bn <= an; i++) {
        size_t k = 0;
        while (k < bn) {
            char x = a[i + k], y = b[k];
            if (x >= 'A' && x <= 'Z') x += 32;
            if (y >= 'A' && y <= 'Z') y += 32;
            if (x != y)
                break;
            k++;
        }
        if (k == bn)
            return true;
    }
    return false;
}

const wn_buf *wn_meta_declared_author(const wn_meta *m)
{
    static const wn_meta_field author[] = { WN_META_AUTHOR_LD, WN_META_AUTHOR_META, WN_META_AUTHOR_REL };
    /* an author that is a link ("https://site/author/x/#author") names no one */
    for (size_t i = 0; i < 3; i++)
        if (m->f[author[i]].len && !memmem(m->f[author[i]].data, m->f[author[i]].len, "://", 3))
            return &m->f[author[i]];
    return NULL;
}

bool wn_meta_declared_date(const wn_meta *m, const char *url, size_t url_len, char out[11])
{
    static const wn_meta_field datef[] = { WN_META_DATE_LD, WN_META_DATE_META, WN_META_DATE_TIME };
    for (size_t i = 0; i < 3; i++)
        if (m->f[datef[i]].len && find_date(m->f[datef[i]].data, m->f[datef[i]].len, false, out))
            return true;
    return url && url_len && find_date(url, url_len, true, out);
}

void wn_meta_finish(wn_meta *m, const char *url, size_t url_len, wn_extract_result *res)
{
    static const wn_meta_field title[] = { WN_META_TITLE_OG, WN_META_TITLE_LD, WN_META_TITLE_TAG, WN_META_TITLE_H1 };
    static const wn_meta_field site[] = { WN_META_SITE_OG, WN_META_SITE_LD, WN_META_SITE_APP };
    static const wn_meta_field urlf[] = { WN_META_URL_CANON, WN_META_URL_OG };
    static const wn_meta_field desc[] = { WN_META_DESC_META, WN_META_DESC_OG, WN_META_DESC_LD };
    const wn_buf *b;
    const wn_buf *sb = first_of(m, site, 3), *ub = first_of(m, urlf, 2);
    wn_slice site_name = sb ? wn_buf_slice(sb) : (wn_slice){ "", 0 };
    wn_slice host = ub ? url_host(ub->data, ub->len) : (wn_slice){ "", 0 };
    if (!host.len)
        host = url_host(url, url_len);
    /* a page with one h1 names its headline there (trafilatura's first choice too); else the
     * declared titles, cleaned of the site's name, unless the first h1 is inside them: it is
     * the headline without its decorations */
    const wn_buf *h1 = &m->f[WN_META_TITLE_H1];
    if (m->h1_count == 1 && h1->len) {
        out_set(&m->out[0], h1);
    } else if ((b = first_of(m, title, 4))) {
        out_set(&m->out[0], b);
        if (b != h1)
            clean_title(&m->out[0], site_name, host, b == &m->f[WN_META_TITLE_TAG]);
        if (h1->len >= 8 && m->out[0].len > h1->len && icontains(m->out[0].data, m->out[0].len, h1->data, h1->len))
            out_set(&m->out[0], h1);
    }
    /* a byline printed near the text is taken only when the page declares no one */
    if ((b = wn_meta_declared_author(m)))
        out_set(&m->out[1], b);
    else if (m->f[WN_META_AUTHOR_TEXT].len)
        out_set(&m->out[1], &m->f[WN_META_AUTHOR_TEXT]);
    char d[11];
    if (wn_meta_declared_date(m, url, url_len, d))
        wn_buf_set(&m->out[2], d, 10);
    else if (m->f[WN_META_DATE_TEXT].len == 10)   /* a date line near the text, as a last resort */
        out_set(&m->out[2], &m->f[WN_META_DATE_TEXT]);
    if ((b = first_of(m, urlf, 2)) && (!memcmp(b->data, "http", 4) || !url_len))
        out_set(&m->out[3], b);
    else if (url && url_len)
        wn_buf_set(&m->out[3], url, url_len);
    if ((b = first_of(m, site, 3)))
        out_set(&m->out[4], b);
    if ((b = first_of(m, desc, 3)))
        out_set(&m->out[5], b);
    if ((b = first_of(m, lang_fields, 2)))
        out_set(&m->out[6], b);
    wn_slice *dst[] = { &res->title, &res->author, &res->date, &res->url, &res->sitename,
                        &res->description, &res->lang };
    for (int i = 0; i < 7; i++) {
        /* metadata comes from the tree, which held repaired UTF-8; the cut in set_collapsed
         * kept whole sequences */
        *dst[i] = wn_buf_slice(&m->out[i]);
    }
}
