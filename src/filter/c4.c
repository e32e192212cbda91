/* c4.c: datatrove's C4QualityFilter (Raffel et al. 2020, §2.2) with split_paragraph=True,
 * shared by the c4 stage and `winnow clean --c4-lines`.
 *
 * DESIGN: one pass over str.splitlines(). Each line is stripped (Python white space), then, in
 * datatrove's order: a word longer than max_word_length drops the line; citations are removed;
 * no terminal punctuation (or ending in "...") drops it; fewer than min_words_per_line words
 * (str.split() of the line before citation removal) drops it; "lorem ipsum" drops the
 * document; "javascript" drops the line; '{' drops the document; a policy phrase drops the
 * line. Kept lines count their sentences; the document needs min_num_sentences. The kept
 * lines, joined by '\n' and stripped, become the text. The document rules only look at lines
 * that survived the line rules before them, exactly as in datatrove. */
#include <string.h>
#include <unicode/uchar.h>
#include "filter/filter_impl.h"

struct wn_c4 {
    wn_segmenter *seg;
    wn_spans lines;
    wn_buf line;   /* the current line after citation removal */
};

wn_status wn_c4_create(wn_c4 **out)
{
    *out = NULL;
    wn_c4 *c = wn_calloc(1, sizeof *c);
    if (!c)
        return WN_ERR_NOMEM;
    wn_buf_init(&c->line, WN_DOC_BYTES_MAX);  /* one line of a document */
    wn_status st = wn_segmenter_create(&c->seg);
    if (st) {
        wn_free(c);
        return st;
    }
    *out = c;
    return WN_OK;
}

void wn_c4_free(wn_c4 *c)
{
    if (!c)
        return;
    wn_segmenter_free(c->seg);
    wn_spans_free(&c->lines);
    wn_buf_free(&c->line);
    wn_free(c);
}

static bool is_py_digit(uint32_t cp)
{
    return cp < 0x80 ? (cp >= '0' && cp <= '9') : u_charType((UChar32)cp) == U_DECIMAL_DIGIT_NUMBER;
}

/* CITATION_REGEX.sub("", line) with CITATION_REGEX = r"\[\d*]|\[edit]|\[citation needed]". */
static wn_status remove_citations(wn_buf *out, const char *p, size_t n)
{
    wn_buf_reset(out);
    size_t i = 0;
    while (i < n) {
        /* the text up to the next '[' is copied whole: a byte at a time through
         * wn_buf_append_char was a quarter of the stage's instructions */
        const char *br = memchr(p + i, '[', n - i);
        size_t run = br ? (size_t)(br - (p + i)) : n - i;
        if (run) {
            wn_status st = wn_buf_append(out, p + i, run);
            if (st)
                return st;
            i += run;
            continue;
        }
        {   /* p[i] is '[': a citation is dropped, any other '[' kept */
            size_t j = i + 1;
            while (j < n) {
                uint32_t cp;
                size_t k = wn_utf8_decode(p + j, n - j, &cp);
                if (!is_py_digit(cp))
                    break;
                j += k;
            }
            size_t end = 0;
            if (j < n && p[j] == ']')
                end = j + 1;
            else if (n - i >= 6 && memcmp(p + i, "[edit]", 6) == 0)
                end = i + 6;
            else if (n - i >= 17 && memcmp(p + i, "[citation needed]", 17) == 0)
                end = i + 17;
            if (end) {
                i = end;
                continue;
            }
        }
        wn_status st = wn_buf_append_char(out, p[i]);
        if (st)
            return st;
        i++;
    }
    return WN_OK;
}

/* ASCII-case-insensitive substring search for a lower-case ASCII needle: what
 * `needle in line.lower()` finds, except for the few non-ASCII letters that lower-case to
 * ASCII (U+212A KELVIN SIGN), see docs/filters.md. */
static inline unsigned char c4_lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* needle (lower case) at p[i..], ASCII case-insensitively. An inline ASCII lower case rather
 * than tolower(), which goes through the locale for every byte. */
static bool match_ci_at(const char *p, size_t n, size_t i, const char *needle, size_t m)
{
    if (i + m > n)
        return false;
    for (size_t k = 1; k < m; k++)
        if (c4_lower((unsigned char)p[i + k]) != (unsigned char)needle[k])
            return false;
    return true;
}

/* The substrings of the line rules, in one pass over the line instead of one per phrase
 * (eight scans of every kept line were about a tenth of the stage's time): at each byte only
 * the phrases starting with its letter are tried. Which rule a hit triggers, and in which
 * order, stays with the caller. */
enum { HIT_LOREM = 1, HIT_JS = 2, HIT_POLICY = 4 };

static const struct {
    const char *s;
    size_t len;
    unsigned hit;
} c4_phrases[] = {
    { "lorem ipsum", 11, HIT_LOREM },     { "javascript", 10, HIT_JS },
    { "terms of use", 12, HIT_POLICY },   { "privacy policy", 14, HIT_POLICY },
    { "cookie policy", 13, HIT_POLICY },  { "uses cookies", 12, HIT_POLICY },
    { "use of cookies", 14, HIT_POLICY }, { "use cookies", 11, HIT_POLICY },
};

/* The hits (HIT_*) among the phrases in `want` found in p. */
static unsigned c4_phrase_hits(const char *p, size_t n, unsigned want)
{
    /* first letters of the phrases wanted: a 32-bit mask by letter (only a-z are set) */
    uint32_t first = 0;
    for (size_t k = 0; k < sizeof c4_phrases / sizeof *c4_phrases; k++)
        if (c4_phrases[k].hit & want)
            first |= 1u << (c4_phrases[k].s[0] - 'a');
    unsigned hits = 0;
    for (size_t i = 0; i < n && (hits & want) != want; i++) {
        unsigned char c = (unsigned char)p[i] | 0x20;
        if (c < 'a' || c > 'z' || !(first >> (c - 'a') & 1))
            continue;
        for (size_t k = 0; k < sizeof c4_phrases / sizeof *c4_phrases; k++) {
            unsigned h = c4_phrases[k].hit;
            if ((h & want) && !(h & hits) && (unsigned char)c4_phrases[k].s[0] == c &&
                match_ci_at(p, n, i, c4_phrases[k].s, c4_phrases[k].len))
                hits |= h;
        }
    }
    return hits;
}

static bool c4_ends_with(const char *p, size_t n, const char *suf)
{
    size_t m = strlen(suf);
    return n >= m && memcmp(p + n - m, suf, m) == 0;
}

wn_status wn_c4_apply(wn_c4 *c, const wn_c4_opts *o, const char *text, size_t len, wn_buf *out,
                      wn_c4_result *res)
{
    memset(res, 0, sizeof *res);
    wn_status st = wn_py_splitlines(&c->lines, text, len);
    if (st)
        return st;
    bool any = false;
    /* spaCy mode: when an earlier stage of the chain already segmented the document, each
     * line's sentences are counted from its words (wn_sentences_in_span), not by segmenting
     * the line again. On a miss the lines are segmented alone: segmenting the whole
     * document would also cut the lines C4 drops. */
    const wn_word *dw = NULL;
    size_t dn = 0;
    bool doc_sents = o->min_num_sentences >= 0 && wn_segmenter_kind(c->seg) == 1 &&
                     wn_words_cached(c->seg, text, len, &dw, &dn);
    for (size_t li = 0; li < c->lines.n; li++) {
        wn_span s = wn_py_strip(text, c->lines.v[li], true, true);
        const char *p = text + s.off;
        size_t n = s.len;
        res->lines_total++;
        /* str.split(): words and the longest one, in code points */
        size_t words = 0, longest = 0, cur = 0;
        for (size_t i = 0; i < n;) {
            uint32_t cp;
            unsigned char b = (unsigned char)p[i];
            bool space;
            if (b < 0x80) {      /* most bytes: no decoder or classifier call */
                i++;
                space = wn_py_isspace_ascii(b);
            } else {
                i += wn_utf8_decode(p + i, n - i, &cp);
                space = wn_py_isspace(cp);
            }
            if (space) {
                cur = 0;
                continue;
            }
            if (cur++ == 0)
                words++;
            if (cur > longest)
                longest = cur;
        }
        if (o->max_word_length >= 0 && (double)longest > o->max_word_length) {
            res->too_long_word++;
            continue;
        }
        if (o->remove_citations) {
            if ((st = remove_citations(&c->line, p, n)))
                return st;
        } else if ((st = wn_buf_set(&c->line, p, n))) {
            return st;
        }
        const char *q = c->line.data ? c->line.data : "";
        size_t qn = c->line.len;
        if (o->filter_no_terminal_punct) {
            char last = qn ? q[qn - 1] : 0;
            bool end = last == '.' || last == '?' || last == '!' || last == '"' || last == '\'';
            if (!end || c4_ends_with(q, qn, "...")) {
                res->no_terminal_punct++;
                continue;
            }
        }
        if ((double)words < o->min_words_per_line) {
            res->too_few_words++;
            continue;
        }
        unsigned want = (o->filter_lorem_ipsum ? HIT_LOREM : 0) |
                        (o->filter_javascript ? HIT_JS : 0) | (o->filter_policy ? HIT_POLICY : 0);
        unsigned hits = want ? c4_phrase_hits(q, qn, want) : 0;
        if (hits & HIT_LOREM) {
            res->doc_reason = "lorem_ipsum";
            return WN_OK;
        }
        if (hits & HIT_JS) {
            res->javascript++;
            continue;
        }
        if (o->filter_curly_bracket && memchr(q, '{', qn)) {
            res->doc_reason = "curly_bracket";
            return WN_OK;
        }
        if (hits & HIT_POLICY) {
            res->policy++;
            continue;
        }
        /* a line citation removal changed is not a span of the document: counted alone */
        if (o->min_num_sentences >= 0 && doc_sents && qn == n && memcmp(q, p, n) == 0)
            res->sentences += wn_sentences_in_span(dw, dn, s.off, s.off + n);
        else if (o->min_num_sentences >= 0)
            res->sentences += wn_sentences_count(c->seg, q, qn);
        if (any && (st = wn_buf_append_char(out, '\n')))
            return st;
        if ((st = wn_buf_append(out, q, qn)))
            return st;
        any = true;
        res->lines_kept++;
    }
    if (o->min_num_sentences >= 0 && (double)res->sentences < o->min_num_sentences)
        res->doc_reason = "too_few_sentences";
    /* "\n".join(kept_lines).strip(): only a line that ended in a removed citation can leave
     * white space at the end */
    wn_span all = wn_py_strip(out->data ? out->data : "", (wn_span){ 0, (uint32_t)out->len }, true, true);
    if (all.off)
        memmove(out->data, out->data + all.off, all.len);
    out->len = all.len;
    if (out->data)
        out->data[out->len] = 0;
    return WN_OK;
}

/* ---- the stage ------------------------------------------------------------------------------- */

typedef struct {
    const wn_c4_opts *o;
    wn_c4 *c4;
    wn_buf out, ex;
} c4_ctx;

static wn_status c4_create(const void *config, void **out)
{
    c4_ctx *c = wn_calloc(1, sizeof *c);
    if (!c)
        return WN_ERR_NOMEM;
    c->o = config;
    wn_buf_init(&c->out, WN_DOC_BYTES_MAX);  /* then the document's own cap */
    wn_buf_init(&c->ex, WN_DOC_META_MAX);    /* explain values end in the metadata */
    wn_status st = wn_c4_create(&c->c4);
    if (st) {
        wn_free(c);
        return st;
    }
    *out = c;
    return WN_OK;
}

static void c4_free(void *ctx)
{
    c4_ctx *c = ctx;
    if (!c)
        return;
    wn_c4_free(c->c4);
    wn_buf_free(&c->out);
    wn_buf_free(&c->ex);
    wn_free(c);
}

static void c4_process(void *ctx, wn_doc *d, wn_counters *cn)
{
    c4_ctx *c = ctx;
    wn_c4_result r;
    wn_buf_reset(&c->out);
    c->out.max = d->text.max;
    wn_status st = wn_filter_seg_select(c->c4->seg, c->o->segmenter, d);
    if (!st)
        st = wn_c4_apply(c->c4, c->o, d->text.data ? d->text.data : "", d->text.len, &c->out, &r);
    if (st) {
        wn_filter_fail(d, "c4", st);
        return;
    }
    wn_counter_add(cn, "c4_lines_total", r.lines_total);
    wn_counter_add(cn, "c4_lines_kept", r.lines_kept);
    wn_counter_add(cn, "c4_line_too_long_word", r.too_long_word);
    wn_counter_add(cn, "c4_line_no_terminal_punct", r.no_terminal_punct);
    wn_counter_add(cn, "c4_line_too_few_words", r.too_few_words);
    wn_counter_add(cn, "c4_line_javascript", r.javascript);
    wn_counter_add(cn, "c4_line_policy", r.policy);
    if (c->o->explain) {
        wn_buf_reset(&c->ex);
        wn_explain_num(&c->ex, "c4_lines", (double)r.lines_total);
        wn_explain_num(&c->ex, "c4_lines_kept", (double)r.lines_kept);
        wn_explain_num(&c->ex, "c4_lines_no_terminal_punct", (double)r.no_terminal_punct);
        wn_explain_num(&c->ex, "c4_lines_too_few_words", (double)r.too_few_words);
        wn_explain_num(&c->ex, "c4_lines_javascript", (double)r.javascript);
        wn_explain_num(&c->ex, "c4_lines_policy", (double)r.policy);
        wn_explain_num(&c->ex, "c4_lines_too_long_word", (double)r.too_long_word);
        wn_explain_num(&c->ex, "c4_lorem_ipsum", r.doc_reason && !strcmp(r.doc_reason, "lorem_ipsum"));
        wn_explain_num(&c->ex, "c4_curly_bracket", r.doc_reason && !strcmp(r.doc_reason, "curly_bracket"));
        wn_explain_num(&c->ex, "c4_sentences", (double)r.sentences);
    }
    /* datatrove leaves the text of a dropped document as is */
    if (!wn_filter_verdict(d, cn, &c->ex, c->o->explain, r.doc_reason))
        return;
    wn_buf tmp = d->text;
    d->text = c->out;
    c->out = tmp;
}

/* metadata.filters: what each rule measured, with explain (docs/output.md) */
static size_t c4_meta_keys(const void *config, const char **keys, size_t cap)
{
    const wn_c4_opts *o = config;
    if (!o || !o->explain || cap < 1)
        return 0;
    keys[0] = "filters";
    return 1;
}

const wn_stage wn_stage_c4 = { "c4", c4_create, c4_free, c4_process, c4_meta_keys };
