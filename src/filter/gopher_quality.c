/* gopher_quality.c: datatrove's GopherQualityFilter (Rae et al. 2021, "quality filters").
 *
 * DESIGN: words are the words of words.h (every non-space UAX #29 segment, punctuation
 * included, like NLTK's tokens). "Non-symbol" words have a character outside datatrove's
 * PUNCTUATION_SET; word counts and the mean word length use them, while the '#'/ellipsis,
 * alphabetic and stop-word rules use all words, as datatrove does. Lines are str.splitlines().
 * Rules are checked in datatrove's order; the first one that fails names the reason. */
#include <math.h>
#include <string.h>
#include "filter/filter_impl.h"

typedef struct {
    wn_filter_scratch s;   /* first member: see wn_filter_ctx_new() */
    const wn_gopher_quality_opts *o;
} gq_ctx;

static wn_status gq_create(const void *config, void **out)
{
    gq_ctx *c;
    wn_status st = wn_filter_ctx_new(sizeof *c, (void **)&c);
    if (st)
        return st;
    c->o = config;
    *out = c;
    return WN_OK;
}

/* Python's str.count(): non-overlapping occurrences. */
static size_t count_sub(const char *s, size_t n, const char *pat, size_t m)
{
    size_t k = 0;
    for (size_t i = 0; i + m <= n;) {
        const char *p = memchr(s + i, pat[0], n - i - m + 1);
        if (!p)
            break;
        i = (size_t)(p - s);
        if (memcmp(p, pat, m) == 0) {
            k++;
            i += m;
        } else {
            i++;
        }
    }
    return k;
}

static bool starts_with(const char *p, size_t n, const char *pre)
{
    size_t m = strlen(pre);
    return n >= m && memcmp(p, pre, m) == 0;
}

static bool gq_ends_with(const char *p, size_t n, const char *suf)
{
    size_t m = strlen(suf);
    return n >= m && memcmp(p + n - m, suf, m) == 0;
}

/* datatrove's STOP_WORDS with their lengths: this runs on every word of every document, and a
 * strlen of each of the eight per word was 3 % of the FineWeb chain */
static const struct {
    char s[5];
    unsigned char n;
} stop_words[8] = { { "the", 3 }, { "be", 2 }, { "to", 2 }, { "of", 2 },
                    { "and", 3 }, { "that", 4 }, { "have", 4 }, { "with", 4 } };

static int stop_word_index(const char *p, size_t n)
{
    if (n < 2 || n > 4)
        return -1;
    for (int i = 0; i < 8; i++)
        if (stop_words[i].n == n && stop_words[i].s[0] == p[0] && memcmp(stop_words[i].s, p, n) == 0)
            return i;
    return -1;
}

static void gq_process(void *ctx, wn_doc *d, wn_counters *cn)
{
    gq_ctx *c = ctx;
    const wn_gopher_quality_opts *o = c->o;
    const char *text = d->text.data ? d->text.data : "";
    size_t len = d->text.len;
    bool explain = o->explain;
    const char *reason = NULL;
    wn_buf_reset(&c->s.ex);

    const wn_word *w;
    size_t nw;
    wn_status st = wn_filter_seg_select(c->s.seg, o->segmenter, d);
    if (!st)
        st = wn_words_shared(c->s.seg, text, len, &w, &nw);
    if (st)
        goto fail;
    size_t n_ns = 0, ns_chars = 0, n_alpha = 0, n_stop = 0;
    unsigned stop_seen = 0;
    for (size_t i = 0; i < nw; i++) {
        if (!(w[i].flags & WN_WORD_SYMBOL)) {
            n_ns++;
            ns_chars += w[i].cps;
        }
        if (w[i].flags & WN_WORD_ALPHA)
            n_alpha++;
        int si = stop_word_index(text + w[i].off, w[i].len);
        if (si >= 0) {
            n_stop++;
            stop_seen |= 1u << si;
        }
    }
    /* zero words: datatrove would divide by zero; the ratios are then 0 here */
    double words = nw ? (double)nw : 1.0;

    double v = (double)n_ns;
    if (explain)
        wn_explain_num(&c->s.ex, "gopher_word_count", v);
    if (WN_RULE_ON(o->min_doc_words) && v < o->min_doc_words)
        reason = "gopher_short_doc";
    else if (WN_RULE_ON(o->max_doc_words) && v > o->max_doc_words)
        reason = "gopher_long_doc";
    if (reason && !explain)
        goto done;

    v = n_ns ? (double)ns_chars / (double)n_ns : NAN;  /* np.mean([]) is nan: no rule fires */
    if (explain)
        wn_explain_num(&c->s.ex, "gopher_avg_word_length", v);
    if (!reason && WN_RULE_ON(o->min_avg_word_length) && v < o->min_avg_word_length)
        reason = "gopher_below_avg_threshold";
    else if (!reason && WN_RULE_ON(o->max_avg_word_length) && v > o->max_avg_word_length)
        reason = "gopher_above_avg_threshold";
    if (reason && !explain)
        goto done;

    v = (double)count_sub(text, len, "#", 1) / words;
    if (explain)
        wn_explain_num(&c->s.ex, "gopher_hash_ratio", v);
    if (!reason && WN_RULE_ON(o->max_symbol_word_ratio) && v > o->max_symbol_word_ratio)
        reason = "gopher_too_many_hashes";
    v = (double)(count_sub(text, len, "...", 3) + count_sub(text, len, "\xE2\x80\xA6", 3)) / words;
    if (explain)
        wn_explain_num(&c->s.ex, "gopher_ellipsis_ratio", v);
    if (!reason && WN_RULE_ON(o->max_symbol_word_ratio) && v > o->max_symbol_word_ratio)
        reason = "gopher_too_many_ellipsis";
    if (reason && !explain)
        goto done;

    if ((st = wn_py_splitlines(&c->s.spans, text, len)))
        goto fail;
    size_t bullets = 0, end_ell = 0;
    for (size_t i = 0; i < c->s.spans.n; i++) {
        wn_span l = wn_py_strip(text, c->s.spans.v[i], true, false);
        const char *p = text + l.off;
        if (starts_with(p, l.len, "\xE2\x80\xA2") || starts_with(p, l.len, "-"))
            bullets++;
        wn_span r = wn_py_strip(text, c->s.spans.v[i], false, true);
        p = text + r.off;
        if (gq_ends_with(p, r.len, "...") || gq_ends_with(p, r.len, "\xE2\x80\xA6"))
            end_ell++;
    }
    double lines = c->s.spans.n ? (double)c->s.spans.n : 1.0;
    v = (double)bullets / lines;
    if (explain)
        wn_explain_num(&c->s.ex, "gopher_bullet_lines_ratio", v);
    if (!reason && WN_RULE_ON(o->max_bullet_lines_ratio) && v > o->max_bullet_lines_ratio)
        reason = "gopher_too_many_bullets";
    v = (double)end_ell / lines;
    if (explain)
        wn_explain_num(&c->s.ex, "gopher_end_ellipsis_lines_ratio", v);
    if (!reason && WN_RULE_ON(o->max_ellipsis_lines_ratio) && v > o->max_ellipsis_lines_ratio)
        reason = "gopher_too_many_end_ellipsis";
    if (reason && !explain)
        goto done;

    v = (double)n_alpha / words;
    if (explain)
        wn_explain_num(&c->s.ex, "gopher_alpha_words_ratio", v);
    if (!reason && WN_RULE_ON(o->max_non_alpha_words_ratio) && v < o->max_non_alpha_words_ratio)
        reason = "gopher_below_alpha_threshold";

    v = o->distinct_stop_words ? (double)__builtin_popcount(stop_seen) : (double)n_stop;
    if (explain)
        wn_explain_num(&c->s.ex, "gopher_stop_words", v);
    if (!reason && WN_RULE_ON(o->min_stop_words) && v < o->min_stop_words)
        reason = "gopher_enough_stop_words";

done:
    wn_filter_verdict(d, cn, &c->s.ex, explain, reason);
    return;
fail:
    wn_filter_fail(d, "gopher_quality", st);
}

/* metadata.filters: what each rule measured, with explain (docs/output.md) */
static size_t gq_meta_keys(const void *config, const char **keys, size_t cap)
{
    const wn_gopher_quality_opts *o = config;
    if (!o || !o->explain || cap < 1)
        return 0;
    keys[0] = "filters";
    return 1;
}

const wn_stage wn_stage_gopher_quality = { "gopher_quality", gq_create, wn_filter_ctx_free, gq_process, gq_meta_keys };
