/* clean.c: line-level boilerplate removal for text that an extractor already produced.
 *
 * DESIGN: two passes over the lines. The first measures each line (words, characters,
 * letters per script, end punctuation) and finds the document's main script. The second
 * marks lines to drop by rules that need no list of page strings:
 *   repeated   a line equal (whitespace folded) to an earlier kept line;
 *   symbol     a short line with no letters at all ("|", "2021", "• • •");
 *   foreign    a short line whose letters are mostly in another script than the document's
 *              (the seed's Armenian "Accessibility links" in an English article);
 *   nav        a run of >= 3 short lines without end punctuation (menus, XS SM MD LG);
 *   edge       very short lines before the first and after the last real line of the text.
 * Blank lines between kept lines become one blank line. */
#include <string.h>
#include "winnow/doc.h"
#include "winnow/text.h"
#include "common/check.h"

void wn_clean_opts_default(wn_clean_opts *o)
{
    o->drop_nav_runs = true;
    o->nav_max_words = 3;
    o->nav_max_chars = 30;
    o->nav_min_run = 3;
    o->drop_edge_short = true;
    o->edge_max_words = 2;
    o->drop_foreign_script = true;
    o->foreign_max_words = 12;
    o->drop_symbol_lines = true;
    o->drop_repeated = true;
}

/* why a line goes; each is counted under its own name (clean_stats) */
typedef enum {
    LINE_KEPT = 0,
    LINE_SYMBOL,          /* no letters, short */
    LINE_FOREIGN_SCRIPT,  /* in a script other than the document's */
    LINE_REPEATED,        /* seen already in the document */
    LINE_NAV,             /* part of a run of short lines */
    LINE_EDGE,            /* short, unpunctuated, at the start or end */
} line_drop;

typedef struct {
    const char *p;      /* trimmed line */
    size_t len;
    unsigned words;
    unsigned chars;
    unsigned letters;
    unsigned main_letters;  /* letters in the line's own majority script */
    wn_script script;       /* the line's majority script */
    bool blank;
    bool end_punct;
    line_drop drop;         /* why it goes, or LINE_KEPT */
} line_info;

static bool is_space_cp(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\f' || cp == '\v' || cp == 0xA0 ||
           cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F ||
           cp == 0xFEFF;
}

/* Sentence-final punctuation in the common scripts, with closing quotes and brackets after it. */
static bool ends_in_punct(const char *p, size_t n)
{
    while (n > 0) {
        size_t start = n - 1;
        while (start > 0 && ((unsigned char)p[start] & 0xC0) == 0x80)
            start--;
        uint32_t cp;
        wn_utf8_decode(p + start, n - start, &cp);
        switch (cp) {
        case '"': case '\'': case ')': case ']': case 0x201D: case 0x2019: case 0xBB:
            n = start; /* look through closing quotes and brackets */
            continue;
        case '.': case '!': case '?': case ':': case ';': case 0x2026: case 0x3002: case 0xFF01:
        case 0xFF1F: case 0x0589: case 0x061F: case 0x06D4: case 0x0964: case 0x055C: case 0x055E:
            return true;
        default:
            return false;
        }
    }
    return false;
}

static void measure(line_info *li, const char *p, size_t n, unsigned *doc_letters)
{
    while (n && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    while (n && (p[0] == ' ' || p[0] == '\t'))
        p++, n--;
    memset(li, 0, sizeof *li);
    li->p = p;
    li->len = n;
    unsigned counts[WN_SCRIPT_COUNT] = { 0 };
    bool in_word = false;
    for (size_t i = 0; i < n;) {
        unsigned char b = (unsigned char)p[i];
        if (b < 0x80) {
            /* ASCII inline: most web text is mostly ASCII even in other scripts (digits,
             * spaces, punctuation) */
            i++;
            li->chars++;
            if (b == ' ' || b == '\t' || b == '\r' || b == '\f' || b == '\v') {
                in_word = false;
                continue;
            }
            if (!in_word) {
                li->words++;
                in_word = true;
            }
            if ((unsigned char)((b | 0x20) - 'a') < 26) {
                counts[WN_SCRIPT_LATIN]++;
                li->letters++;
            }
            continue;
        }
        uint32_t cp;
        i += wn_utf8_decode(p + i, n - i, &cp);
        li->chars++;
        if (is_space_cp(cp)) {
            in_word = false;
            continue;
        }
        if (!in_word) {
            li->words++;
            in_word = true;
        }
        wn_script s = wn_script_of(cp);
        if (s != WN_SCRIPT_NONE) {
            counts[s]++;
            li->letters++;
        }
    }
    li->blank = li->words == 0;
    unsigned best = 0;
    for (int s = 1; s < WN_SCRIPT_COUNT; s++) {
        doc_letters[s] += counts[s];
        if (counts[s] > best) {
            best = counts[s];
            li->script = (wn_script)s;
        }
    }
    li->main_letters = best;
    li->end_punct = ends_in_punct(p, n);
}

/* Whitespace-folded hash of a line, for the repeated-line rule. */
static uint64_t line_key(const line_info *li)
{
    /* lines are trimmed; most have single spaces only and hash as they are */
    enum { CHUNK = 510 };
    uint64_t h = 0x9E3779B97F4A7C15ULL;
    if (!memchr(li->p, '\t', li->len) && !memmem(li->p, li->len, "  ", 2)) {
        /* hashed in the same chunks as the folding path below, so both give one key */
        size_t off = 0;
        for (; li->len - off > CHUNK; off += CHUNK)
            h = wn_hash64(li->p + off, CHUNK, h);
        return wn_hash64(li->p + off, li->len - off, h);
    }
    char tmp[CHUNK];
    size_t t = 0;
    bool space = false;
    for (size_t i = 0; i < li->len; i++) {
        char c = li->p[i];
        if (c == ' ' || c == '\t') {
            space = true;
            continue;
        }
        for (int k = space ? 0 : 1; k < 2; k++) {
            if (t == CHUNK) {
                h = wn_hash64(tmp, t, h);
                t = 0;
            }
            tmp[t++] = k == 0 ? ' ' : c;
        }
        space = false;
    }
    return wn_hash64(tmp, t, h);
}

static bool seen_insert(uint64_t *set, size_t mask, uint64_t key)
{
    if (key == 0)
        key = 1; /* 0 marks an empty slot */
    for (size_t i = key & mask;; i = (i + 1) & mask) {
        if (set[i] == key)
            return true;
        if (set[i] == 0) {
            set[i] = key;
            return false;
        }
    }
}

static bool nav_short(const wn_clean_opts *o, const line_info *li)
{
    return !li->blank && li->words <= o->nav_max_words && li->chars <= o->nav_max_chars && !li->end_punct;
}

wn_status wn_clean_text(const wn_clean_opts *o, const char *text, size_t len, wn_buf *out,
                        wn_clean_stats *st)
{
    wn_clean_stats local = { 0 };
    if (!st)
        st = &local;
    const wn_clean_stats st0 = *st;   /* the caller's counts may not start at 0 */
    const size_t out0 = out->len;
    size_t n_lines = 1;
    for (const char *q = text, *end = text + len; (q = memchr(q, '\n', (size_t)(end - q))) != NULL; q++)
        n_lines++;
    line_info *lines = wn_malloc(n_lines * sizeof *lines);
    size_t set_cap = 16;
    while (set_cap < n_lines * 2)
        set_cap *= 2;
    uint64_t *set = wn_calloc(set_cap, sizeof *set);
    if (!lines || !set) {
        wn_free(lines);
        wn_free(set);
        return WN_ERR_NOMEM;
    }
    unsigned doc_letters[WN_SCRIPT_COUNT] = { 0 };
    size_t k = 0, start = 0;
    for (;;) {
        const char *nl = memchr(text + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - text) : len;
        WN_ASSERT(k < n_lines);   /* the lines counted above */
        measure(&lines[k++], text + start, end - start, doc_letters);
        if (!nl)
            break;
        start = end + 1;
    }
    n_lines = k;
    wn_script doc_script = WN_SCRIPT_NONE;
    unsigned best = 0, total = 0;
    for (int s = 1; s < WN_SCRIPT_COUNT; s++) {
        total += doc_letters[s];
        if (doc_letters[s] > best) {
            best = doc_letters[s];
            doc_script = (wn_script)s;
        }
    }
    /* a foreign line only makes sense against a clear majority script */
    bool clear_script = total > 0 && best * 10 >= total * 6;

    for (size_t i = 0; i < n_lines; i++) {
        line_info *li = &lines[i];
        if (li->blank)
            continue;
        st->lines_in++;
        if (o->drop_symbol_lines && li->letters == 0 && li->chars <= 30) {
            li->drop = LINE_SYMBOL;
            continue;
        }
        if (o->drop_foreign_script && clear_script && li->script != doc_script &&
            li->main_letters * 2 > li->letters && li->words <= o->foreign_max_words) {
            li->drop = LINE_FOREIGN_SCRIPT;
            continue;
        }
        if (o->drop_repeated && seen_insert(set, set_cap - 1, line_key(li))) {
            li->drop = LINE_REPEATED;
            continue;
        }
    }
    if (o->drop_nav_runs) {
        for (size_t i = 0; i < n_lines;) {
            if (!nav_short(o, &lines[i])) {
                i++;
                continue;
            }
            /* a run of short lines; blank and already dropped lines do not break it */
            size_t j = i, count = 0;
            while (j < n_lines && (lines[j].blank || lines[j].drop || nav_short(o, &lines[j]))) {
                if (!lines[j].blank && !lines[j].drop)
                    count++;
                j++;
            }
            if (count >= o->nav_min_run)
                for (size_t t = i; t < j; t++)
                    if (!lines[t].blank && !lines[t].drop)
                        lines[t].drop = LINE_NAV;
            i = j;
        }
    }
    if (o->drop_edge_short) {
        for (size_t i = 0; i < n_lines; i++) {
            line_info *li = &lines[i];
            if (li->blank || li->drop)
                continue;
            if (li->words > o->edge_max_words || li->end_punct)
                break;
            li->drop = LINE_EDGE;
        }
        for (size_t i = n_lines; i-- > 0;) {
            line_info *li = &lines[i];
            if (li->blank || li->drop)
                continue;
            if (li->words > o->edge_max_words || li->end_punct)
                break;
            li->drop = LINE_EDGE;
        }
    }
    wn_status rc = WN_OK;
    bool any = false, gap = false;
    for (size_t i = 0; i < n_lines && !rc; i++) {
        line_info *li = &lines[i];
        if (li->blank) {
            gap = true;
            continue;
        }
        if (li->drop) {
            switch (li->drop) {
            case LINE_NAV: st->nav++; break;
            case LINE_EDGE: st->edge++; break;
            case LINE_FOREIGN_SCRIPT: st->foreign_script++; break;
            case LINE_SYMBOL: st->symbol++; break;
            case LINE_REPEATED: st->repeated++; break;
            case LINE_KEPT: WN_ASSERT(!"a kept line counted as dropped"); break;
            }
            continue;
        }
        if (any)
            rc = wn_buf_append_str(out, gap ? "\n\n" : "\n");
        if (!rc)
            rc = wn_buf_append(out, li->p, li->len);
        any = true;
        gap = false;
        st->lines_kept++;
    }
    /* every non-blank line is kept or dropped for one reason, and the text only loses lines:
     * what the stage counts adds up, and the cleaned text is never longer */
    WN_ASSERT(rc || st->lines_in - st0.lines_in ==
              (st->lines_kept - st0.lines_kept) + (st->nav - st0.nav) + (st->edge - st0.edge) +
              (st->foreign_script - st0.foreign_script) + (st->symbol - st0.symbol) +
              (st->repeated - st0.repeated));
    WN_ASSERT(rc || out->len - out0 <= len);
    wn_free(lines);
    wn_free(set);
    return rc;
}

typedef struct {
    const wn_clean_opts *opts;
    wn_buf out;
} clean_ctx;

static wn_status clean_create(const void *config, void **ctx)
{
    clean_ctx *c = wn_calloc(1, sizeof *c);
    if (!c)
        return WN_ERR_NOMEM;
    c->opts = config;
    wn_buf_init(&c->out, WN_DOC_BYTES_MAX);  /* then the document's own cap */
    *ctx = c;
    return WN_OK;
}

static void clean_free(void *ctx)
{
    clean_ctx *c = ctx;
    wn_buf_free(&c->out);
    wn_free(c);
}

static void clean_process(void *ctx, wn_doc *d, wn_counters *cn)
{
    clean_ctx *c = ctx;
    wn_clean_opts def;
    const wn_clean_opts *o = c->opts;
    if (!o) {
        wn_clean_opts_default(&def);
        o = &def;
    }
    wn_clean_stats st = { 0 };
    wn_buf_reset(&c->out);
    c->out.max = d->text.max;
    wn_status rc = wn_clean_text(o, d->text.data ? d->text.data : "", d->text.len, &c->out, &st);
    if (rc) {
        wn_doc_fail(d, wn_strerror(rc), "%s: record %llu: cleaning failed", d->source.data,
                    (unsigned long long)d->record_index);
        return;
    }
    /* swap buffers instead of copying: the document takes the cleaned text */
    wn_buf tmp = d->text;
    d->text = c->out;
    c->out = tmp;
    wn_counter_add(cn, "lines_in", st.lines_in);
    wn_counter_add(cn, "lines_kept", st.lines_kept);
    wn_counter_add(cn, "lines_nav", st.nav);
    wn_counter_add(cn, "lines_edge", st.edge);
    wn_counter_add(cn, "lines_foreign_script", st.foreign_script);
    wn_counter_add(cn, "lines_symbol", st.symbol);
    wn_counter_add(cn, "lines_repeated", st.repeated);
    if (d->text.len == 0)
        wn_doc_drop(d, "empty_after_clean");
}

const wn_stage wn_stage_clean = { "clean", clean_create, clean_free, clean_process, NULL };
