/* prescan.c: wn_dom_prescan(), the bound on what a page may cost the HTML parser, checked in
 * one linear pass over the bytes before parsing. Parser-independent on purpose: any tree
 * builder that follows WHATWG HTML §13.2.6 (myhtml today, our own later) does the same work.
 *
 * DESIGN: a tokenizer-shaped pass (§13.2.5, much simplified) drives a model of the stack of
 * open elements, holding a hash of each open element's name:
 *  - a start tag that stays open is pushed (its depth over lim->max_depth: WN_ERR_TOO_DEEP);
 *    void elements, self-closing tags and those a sibling closes (p, li, td, option...) are
 *    not; ruby text (rb, rt, rp, rtc) is, unless a <ruby> is open to close it;
 *  - an end tag pops to the element it names. One that names nothing open pops nothing (the
 *    parser walks the whole stack looking for it, then ignores it: "<div></x>" repeated
 *    nests as deep as "<div>" repeated); formatting elements (b, i, font...) closed that way
 *    stay, as the parser reopens them ("reconstruct the active formatting elements").
 * Two budgets grow with the page's size n, so that the parser's time and memory do:
 *  - work: the stack entries the parser's scope checks walk (an end tag searched for, a <p>,
 *    <li> or <rt> looking for what it closes); over lim->work_per_byte * n + lim->work_base:
 *    WN_ERR_TOO_DEEP (the stack walked is deep for the page's size);
 *  - memory: start and end tags, attributes, text runs and comments, each a node or token the
 *    parser keeps whatever its size in the page ("<p>" is 3 bytes, its node 264), weighed by
 *    what each cost in myhtml (peak RSS of `winnow extract` on a million of each, below); over
 *    lim->mem_per_byte * n + lim->mem_base: WN_ERR_TOO_MANY_ELEMENTS.
 * Raw-text elements (script, style, textarea, title...) are skipped to their end tag,
 * comments to "-->". */
#include <string.h>
#include "html/dom.h"

void wn_dom_limits_default(wn_dom_limits *l)
{
    l->max_bytes = (size_t)16 << 20;
    l->max_depth = 1024;
    l->max_attrs = 1024;
    l->work_per_byte = 16;
    l->work_base = (size_t)1 << 20;
    l->mem_per_byte = 6;
    l->mem_base = (size_t)12 << 20;
    /* a node is 56 bytes: real pages need well under 4 per byte of page (about 1.5 on
     * trafilatura-eval), hostile ones ("<p>" repeated: 19 per byte) stop at the cap */
    l->own_mem_per_byte = 4;
    l->own_mem_base = (size_t)16 << 20;
}

/* Bytes of peak memory per item of the page, measured with myhtml 4.0 (libmodest 0.0.6):
 * "<p>" x 1M 264 MB, "<p a b c d e f g h>" x 500k 749 MB, "<i></i>" x 1M 375 MB,
 * "<br>x" x 1M 438 MB (each including the extractor's own records of them). */
#define MEM_START_TAG 264
#define MEM_ATTR 160
#define MEM_END_TAG 120
#define MEM_TEXT 184

/* Copies a tag name lowercased (ASCII only, as the tokenizer does) into low; false when it is
 * longer than every name the lists below hold, so the lists are looked up with one memcmp per
 * name of the same length, not a strlen and compare against each. */
#define TAG_NAME_MAX 10

static bool name_lower(const char *p, size_t n, char low[TAG_NAME_MAX])
{
    if (n == 0 || n > TAG_NAME_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    return true;
}

/* Is the lowercased name one of the space-separated words of list (all of length n)? */
static bool in_list(const char *low, size_t n, const char *list)
{
    for (const char *w = list;; w += n + 1) {
        if (!memcmp(w, low, n))
            return true;
        if (!w[n])
            return false;
    }
}

static bool name_in(const char *p, size_t n, const char *const by_len[TAG_NAME_MAX + 1])
{
    char low[TAG_NAME_MAX];
    return name_lower(p, n, low) && by_len[n] && in_list(low, n, by_len[n]);
}

/* Void elements, those whose end tag a sibling implies, and html/head/body: never pushed. */
static bool is_unpushed(const char *p, size_t n)
{
    static const char *const by_len[TAG_NAME_MAX + 1] = {
        [1] = "p",
        [2] = "br hr li dt dd tr td th",
        [3] = "col img wbr",
        [4] = "area base link meta html head body",
        [5] = "embed input param track thead tbody tfoot frame image",
        [6] = "source keygen option",
        [7] = "caption bgsound",
        [8] = "optgroup colgroup basefont",
    };
    return name_in(p, n, by_len);
}

/* Start tags whose scope check walks the stack for what they close (§13.2.6.4.7). */
static bool walks_scope(const char *p, size_t n)
{
    static const char *const by_len[TAG_NAME_MAX + 1] = {
        [1] = "p",
        [2] = "li dt dd rb rt rp",
        [3] = "rtc",
    };
    return name_in(p, n, by_len);
}

static bool is_ruby_text(const char *p, size_t n)
{
    static const char *const by_len[TAG_NAME_MAX + 1] = { [2] = "rb rt rp", [3] = "rtc" };
    return name_in(p, n, by_len);
}

/* The formatting elements of §13.2.4.3: reopened after an end tag that closed them implicitly. */
static bool is_formatting(const char *p, size_t n)
{
    static const char *const by_len[TAG_NAME_MAX + 1] = {
        [1] = "a b i s u",
        [2] = "em tt",
        [3] = "big",
        [4] = "code font nobr",
        [5] = "small",
        [6] = "strike strong",
    };
    return name_in(p, n, by_len);
}

static bool is_rawtext(const char *p, size_t n)
{
    static const char *const by_len[TAG_NAME_MAX + 1] = {
        [3] = "xmp",
        [5] = "style title",
        [6] = "script iframe",
        [7] = "noembed",
        [8] = "textarea noframes",
    };
    return name_in(p, n, by_len);
}

static bool is_plaintext(const char *p, size_t n)
{
    char low[TAG_NAME_MAX];
    return n == 9 && name_lower(p, n, low) && !memcmp(low, "plaintext", 9);
}

static inline bool is_alpha(char c) { return (c | 32) >= 'a' && (c | 32) <= 'z'; }
static inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

/* A stack entry: FNV-1a of the lowercased name, its low bit set for formatting elements. */
static uint32_t name_key(const char *p, size_t n, bool formatting)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        h = (h ^ (c >= 'A' && c <= 'Z' ? c + 32u : c)) * 16777619u;
    }
    return (h & ~1u) | (formatting ? 1u : 0u);
}

/* Finds "</name" (case-insensitive) from p; returns its position or end. */
static const char *find_end_tag(const char *p, const char *end, const char *name, size_t nlen)
{
    while (p < end) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (!lt)
            return end;
        if (lt + 1 < end && lt[1] == '/' && (size_t)(end - lt - 2) >= nlen) {
            bool eq = true;
            for (size_t i = 0; i < nlen && eq; i++) {
                char c = lt[2 + i];
                if (c >= 'A' && c <= 'Z')
                    c = (char)(c + 32);
                eq = c == name[i];
            }
            if (eq)
                return lt;
        }
        p = lt + 1;
    }
    return end;
}

/* Skips a comment or doctype ("<!" at p[-1]); returns where the text resumes. */
static const char *skip_markup_decl(const char *p, const char *end)
{
    if (end - p >= 3 && p[1] == '-' && p[2] == '-') {
        for (const char *q = p + 3; q + 2 < end;) {
            const char *m = memchr(q, '-', (size_t)(end - q));
            if (!m || m + 2 >= end)
                break;
            if (m[1] == '-' && m[2] == '>')
                return m + 3;
            q = m + 1;
        }
        return end;
    }
    const char *gt = memchr(p, '>', (size_t)(end - p));
    return gt ? gt + 1 : end;
}

typedef struct {
    uint32_t *open;     /* the model of the stack of open elements */
    size_t depth, cap;
    uint64_t work, max_work;
    uint64_t mem, max_mem;
} model_t;

/* An end tag: pops to the element it names (formatting elements above it stay open, and one
 * that is itself formatting leaves the others be); one that names nothing open pops nothing.
 * Counts the entries searched either way. */
static void end_tag(model_t *m, uint32_t key)
{
    size_t k = m->depth;
    while (k > 0 && (m->open[k - 1] | 1u) != (key | 1u))
        k--;
    m->work += m->depth - k + 1;
    if (k == 0)
        return;   /* nothing of that name is open: ignored, after a walk of the whole stack */
    size_t at = k - 1, out = at;
    bool formatting = m->open[at] & 1u;
    for (size_t i = at + 1; i < m->depth; i++)
        if (formatting || (m->open[i] & 1u))
            m->open[out++] = m->open[i];
    m->depth = out;
}

/* A ruby text start tag: when a <ruby> is open, the ruby text on top of the stack is implied
 * closed (generate implied end tags); without one, the new element just nests. */
static void ruby_text(model_t *m, uint32_t ruby_key, const uint32_t rt_keys[4])
{
    size_t k = m->depth;
    while (k > 0 && m->open[k - 1] != ruby_key)
        k--;
    m->work += m->depth - k + 1;
    if (k == 0)
        return;
    while (m->depth > k && (m->open[m->depth - 1] == rt_keys[0] || m->open[m->depth - 1] == rt_keys[1] ||
                            m->open[m->depth - 1] == rt_keys[2] || m->open[m->depth - 1] == rt_keys[3]))
        m->depth--;
}

wn_status wn_dom_prescan(const char *html, size_t n, const wn_dom_limits *lim)
{
    if (n > lim->max_bytes)
        return WN_ERR_TOO_LARGE;
    uint32_t small[256];
    model_t m = { small, 0, sizeof small / sizeof *small, 0, 0, 0, 0 };
    m.max_work = (uint64_t)lim->work_per_byte * n + lim->work_base;
    m.max_mem = (uint64_t)lim->mem_per_byte * n + lim->mem_base;
    const uint32_t ruby_key = name_key("ruby", 4, false);
    const uint32_t rt_keys[4] = { name_key("rb", 2, false), name_key("rt", 2, false), name_key("rp", 2, false),
                                  name_key("rtc", 3, false) };
    wn_status st = WN_OK;
    const char *p = html, *end = html + n;
    while (p < end && !st) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (!lt)
            break;
        if (lt > p)
            m.mem += MEM_TEXT;   /* a text run */
        p = lt + 1;
        if (p >= end)
            break;
        if (*p == '!') {
            m.mem += MEM_TEXT;
            p = skip_markup_decl(p, end);
            continue;
        }
        if (*p == '?') {
            m.mem += MEM_TEXT;
            const char *gt = memchr(p, '>', (size_t)(end - p));
            p = gt ? gt + 1 : end;
            continue;
        }
        bool closing = false;
        if (*p == '/') {
            closing = true;
            p++;
        }
        if (p >= end || !is_alpha(*p))
            continue;   /* "<" as text */
        const char *name = p;
        while (p < end && !is_space(*p) && *p != '/' && *p != '>')
            p++;
        size_t nlen = (size_t)(p - name);
        /* attributes: count names, skip quoted values */
        unsigned attrs = 0;
        bool self_closing = false;
        while (p < end && *p != '>') {
            if (is_space(*p)) {
                p++;
                continue;
            }
            if (*p == '/') {
                self_closing = p + 1 < end && p[1] == '>';
                p++;
                continue;
            }
            if (*p == '=') {
                p++;
                while (p < end && is_space(*p))
                    p++;
                if (p < end && (*p == '"' || *p == '\'')) {
                    const char *q = memchr(p + 1, *p, (size_t)(end - p - 1));
                    p = q ? q + 1 : end;
                } else {
                    while (p < end && !is_space(*p) && *p != '>')
                        p++;
                }
                continue;
            }
            /* an attribute name */
            if (++attrs > lim->max_attrs) {
                st = WN_ERR_TOO_LARGE;
                break;
            }
            while (p < end && !is_space(*p) && *p != '=' && *p != '>' && *p != '/')
                p++;
        }
        if (st)
            break;
        if (p < end)
            p++;   /* '>' */
        m.mem += (closing ? MEM_END_TAG : MEM_START_TAG) + (uint64_t)attrs * MEM_ATTR;
        if (closing) {
            if (is_unpushed(name, nlen))
                m.work += m.depth + 1;   /* "</p>", "</li>": a scope check, nothing popped */
            else
                end_tag(&m, name_key(name, nlen, false));
        } else if (is_rawtext(name, nlen)) {
            char lname[16];
            size_t l = nlen < sizeof lname ? nlen : sizeof lname - 1;
            for (size_t i = 0; i < l; i++) {
                char c = name[i];
                lname[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            }
            p = find_end_tag(p, end, lname, l);
            m.mem += MEM_TEXT;   /* its text */
        } else if (is_plaintext(name, nlen)) {
            break;
        } else {
            if (is_ruby_text(name, nlen))
                ruby_text(&m, ruby_key, rt_keys);
            else
                m.work += walks_scope(name, nlen) ? m.depth + 1 : 1;
            if (!self_closing && !is_unpushed(name, nlen)) {
                if (m.depth >= lim->max_depth) {
                    st = WN_ERR_TOO_DEEP;
                    break;
                }
                if (m.depth == m.cap) {
                    size_t nc = m.cap * 2;
                    uint32_t *q = wn_malloc(nc * sizeof *q);
                    if (!q) {
                        st = WN_ERR_NOMEM;
                        break;
                    }
                    memcpy(q, m.open, m.depth * sizeof *q);
                    if (m.open != small)
                        wn_free(m.open);
                    m.open = q;
                    m.cap = nc;
                }
                m.open[m.depth++] = name_key(name, nlen, is_formatting(name, nlen));
            }
        }
        if (m.work > m.max_work)
            st = WN_ERR_TOO_DEEP;
        else if (m.mem > m.max_mem)
            st = WN_ERR_TOO_MANY_ELEMENTS;
    }
    if (!st && m.mem > m.max_mem)
        st = WN_ERR_TOO_MANY_ELEMENTS;
    if (m.open != small)
        wn_free(m.open);
    return st;
}
