/* fineweb.c: datatrove's FineWebQualityFilter (Penedo et al. 2024, the FineWeb custom filters).
 *
 * DESIGN: lines are text.split("\n") without the blank ones (strip() == ""); they are not
 * stripped, so a line ends in terminal punctuation only if its very last code point is one.
 * Terminal punctuation is datatrove's TERMINAL_PUNCTUATION set (words.h: Sentence_Terminal
 * as in ICU 72 plus five Khmer signs). Checked in order:
 * line_punct_ratio, short_line_ratio, char_dup_ratio, list_ratio. */
#include <string.h>
#include "filter/filter_impl.h"

typedef struct {
    wn_filter_scratch s;   /* first member: see wn_filter_ctx_new() */
    const wn_fineweb_opts *o;
} fw_ctx;

static wn_status fw_create(const void *config, void **out)
{
    fw_ctx *c;
    wn_status st = wn_filter_ctx_new(sizeof *c, (void **)&c);
    if (st)
        return st;
    c->o = config;
    *out = c;
    return WN_OK;
}

static bool ends_in_stop_char(const char *p, size_t n)
{
    if (n == 0)
        return false;
    size_t s = n - 1;
    while (s > 0 && n - s < 4 && ((unsigned char)p[s] & 0xC0) == 0x80)
        s--;
    uint32_t cp;
    wn_utf8_decode(p + s, n - s, &cp);
    return wn_dt_is_terminal_punct(cp);
}

static void fw_process(void *ctx, wn_doc *d, wn_counters *cn)
{
    fw_ctx *c = ctx;
    const wn_fineweb_opts *o = c->o;
    const char *text = d->text.data ? d->text.data : "";
    size_t len = d->text.len;
    bool explain = o->explain;
    const char *reason = NULL;
    wn_status st = WN_OK;
    wn_buf_reset(&c->s.ex);

    c->s.spans.n = 0;
    size_t newlines = 0;
    for (size_t start = 0, i = 0; i <= len; i++) {
        if (i < len && text[i] != '\n')
            continue;
        newlines += i < len;
        wn_span l = { (uint32_t)start, (uint32_t)(i - start) };
        if (wn_py_strip(text, l, true, true).len && (st = wn_spans_push(&c->s.spans, l.off, l.len)))
            goto fail;
        start = i + 1;
    }
    if (c->s.spans.n == 0) {
        reason = "empty";
        goto done;
    }
    double nl = (double)c->s.spans.n;
    size_t punct = 0, short_lines = 0;
    for (size_t i = 0; i < c->s.spans.n; i++) {
        const char *p = text + c->s.spans.v[i].off;
        size_t n = c->s.spans.v[i].len;
        punct += ends_in_stop_char(p, n);
        short_lines += (double)wn_utf8_count(p, n) <= o->short_line_length;
    }
    double r = (double)punct / nl;
    if (explain)
        wn_explain_num(&c->s.ex, "line_punct_ratio", r);
    if (o->line_punct_thr >= 0 && r < o->line_punct_thr && !(r == 0 && o->line_punct_exclude_zero))
        reason = "line_punct_ratio";
    if (reason && !explain)
        goto done;
    r = (double)short_lines / nl;
    if (explain)
        wn_explain_num(&c->s.ex, "short_line_ratio", r);
    if (!reason && o->short_line_thr >= 0 && r > o->short_line_thr)
        reason = "short_line_ratio";
    if (reason && !explain)
        goto done;
    uint64_t de, dc;
    if ((st = wn_find_duplicates(&c->s.set, text, c->s.spans.v, c->s.spans.n, &de, &dc)))
        goto fail;
    /* len(text.replace("\n", "")) > 0: there is a non-blank line */
    r = (double)dc / (double)(wn_utf8_count(text, len) - newlines);
    if (explain)
        wn_explain_num(&c->s.ex, "char_dup_ratio", r);
    if (!reason && o->char_duplicates_ratio >= 0 && r > o->char_duplicates_ratio)
        reason = "char_dup_ratio";
    if (reason && !explain)
        goto done;
    const wn_word *w;
    size_t nw;
    if ((st = wn_filter_seg_select(c->s.seg, o->segmenter, d)) ||
        (st = wn_words_shared(c->s.seg, text, len, &w, &nw)))
        goto fail;
    r = nw ? (double)newlines / (double)nw : 0.0;
    if (explain)
        wn_explain_num(&c->s.ex, "list_ratio", r);
    if (!reason && o->new_line_ratio >= 0 && r > o->new_line_ratio)
        reason = "list_ratio";

done:
    wn_filter_verdict(d, cn, &c->s.ex, explain, reason);
    return;
fail:
    wn_filter_fail(d, "fineweb", st);
}

/* metadata.filters: what each rule measured, with explain (docs/output.md) */
static size_t fw_meta_keys(const void *config, const char **keys, size_t cap)
{
    const wn_fineweb_opts *o = config;
    if (!o || !o->explain || cap < 1)
        return 0;
    keys[0] = "filters";
    return 1;
}

const wn_stage wn_stage_fineweb = { "fineweb", fw_create, wn_filter_ctx_free, fw_process, fw_meta_keys };
