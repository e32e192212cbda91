/* filter_config.c: every filter threshold by name, presets, `key = value` files, and the
 * printed configuration. One table drives flags, files and --print-config, so a key cannot
 * exist in one place and not in another. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "winnow/filter.h"

typedef enum { K_NUM, K_BOOL, K_STR } key_type;

typedef struct {
    const char *key;
    wn_filter_stage_id stage;
    key_type type;
    size_t off;
    const char *help;
    size_t cap;          /* K_STR: size of the char array */
} key_def;

#define F(field) offsetof(wn_filters_config, field)
static const key_def keys[] = {
    { "lang_languages", WN_FSTAGE_LANGID, K_STR, F(lang.languages), "languages to keep (comma list)", sizeof(((wn_filters_config *)0)->lang.languages) },
    { "lang_threshold", WN_FSTAGE_LANGID, K_NUM, F(lang.threshold), "keep when a language's score > this", 0 },
    { "lang_model", WN_FSTAGE_LANGID, K_STR, F(lang.model), "fastText model (empty: default lid.176.ftz)", sizeof(((wn_filters_config *)0)->lang.model) },
    { "gopher_rep_dup_para_frac", WN_FSTAGE_GOPHER_REPETITION, K_NUM, F(gopher_rep.dup_para_frac), "duplicate paragraphs / paragraphs > this drops", 0 },
    { "gopher_rep_dup_para_char_frac", WN_FSTAGE_GOPHER_REPETITION, K_NUM, F(gopher_rep.dup_para_char_frac), "chars in duplicate paragraphs / len(text) > this drops", 0 },
    { "gopher_rep_dup_line_frac", WN_FSTAGE_GOPHER_REPETITION, K_NUM, F(gopher_rep.dup_line_frac), "duplicate lines / lines > this drops", 0 },
    { "gopher_rep_dup_line_char_frac", WN_FSTAGE_GOPHER_REPETITION, K_NUM, F(gopher_rep.dup_line_char_frac), "chars in duplicate lines / len(text) > this drops", 0 },
    { "gopher_rep_top_2_gram", WN_FSTAGE_GOPHER_REPETITION, K_NUM, F(gopher_rep.top_ngram[0]), "chars of the top 2-gram / len(text) > this drops", 0 },
    { "gopher_rep_top_3_gram", WN_FSTAGE_GOPHER_REPETITION, K_NUM, F(gopher_rep.top_ngram[1]), NULL, 0 },
    { "gopher_rep_top_4_gram", WN_FSTAGE_GOPHER_REPETITION, K_NUM, F(gopher_rep.top_ngram[2]), NULL, 0 },
    { "gopher_rep_dup_5_grams", WN_FSTAGE_GOPHER_REPETITION, K_NUM, F(gopher_rep.dup_ngram[0]), "chars in duplicated 5-grams / len(text) > this drops", 0 },
    { "gopher_rep_dup_6_grams", WN_FSTAGE_GOPHER_REPETITION, K_NUM, F(gopher_rep.dup_ngram[1]), NULL, 0 },
    { "gopher_rep_dup_7_grams", WN_FSTAGE_GOPHER_REPETITION, K_NUM, F(gopher_rep.dup_ngram[2]), NULL, 0 },
    { "gopher_rep_dup_8_grams", WN_FSTAGE_GOPHER_REPETITION, K_NUM, F(gopher_rep.dup_ngram[3]), NULL, 0 },
    { "gopher_rep_dup_9_grams", WN_FSTAGE_GOPHER_REPETITION, K_NUM, F(gopher_rep.dup_ngram[4]), NULL, 0 },
    { "gopher_rep_dup_10_grams", WN_FSTAGE_GOPHER_REPETITION, K_NUM, F(gopher_rep.dup_ngram[5]), NULL, 0 },
    { "gopher_min_doc_words", WN_FSTAGE_GOPHER_QUALITY, K_NUM, F(gopher_quality.min_doc_words), "non-symbol words < this drops", 0 },
    { "gopher_max_doc_words", WN_FSTAGE_GOPHER_QUALITY, K_NUM, F(gopher_quality.max_doc_words), "non-symbol words > this drops", 0 },
    { "gopher_min_avg_word_length", WN_FSTAGE_GOPHER_QUALITY, K_NUM, F(gopher_quality.min_avg_word_length), NULL, 0 },
    { "gopher_max_avg_word_length", WN_FSTAGE_GOPHER_QUALITY, K_NUM, F(gopher_quality.max_avg_word_length), NULL, 0 },
    { "gopher_max_symbol_word_ratio", WN_FSTAGE_GOPHER_QUALITY, K_NUM, F(gopher_quality.max_symbol_word_ratio), "'#' / words and ellipses / words > this drops", 0 },
    { "gopher_max_bullet_lines_ratio", WN_FSTAGE_GOPHER_QUALITY, K_NUM, F(gopher_quality.max_bullet_lines_ratio), NULL, 0 },
    { "gopher_max_ellipsis_lines_ratio", WN_FSTAGE_GOPHER_QUALITY, K_NUM, F(gopher_quality.max_ellipsis_lines_ratio), NULL, 0 },
    { "gopher_max_non_alpha_words_ratio", WN_FSTAGE_GOPHER_QUALITY, K_NUM, F(gopher_quality.max_non_alpha_words_ratio), "words with a letter / words < this drops", 0 },
    { "gopher_min_stop_words", WN_FSTAGE_GOPHER_QUALITY, K_NUM, F(gopher_quality.min_stop_words), NULL, 0 },
    { "gopher_distinct_stop_words", WN_FSTAGE_GOPHER_QUALITY, K_BOOL, F(gopher_quality.distinct_stop_words), "count distinct stop words, as datatrove (false: occurrences)", 0 },
    { "c4_remove_citations", WN_FSTAGE_C4, K_BOOL, F(c4.remove_citations), NULL, 0 },
    { "c4_filter_no_terminal_punct", WN_FSTAGE_C4, K_BOOL, F(c4.filter_no_terminal_punct), NULL, 0 },
    { "c4_min_words_per_line", WN_FSTAGE_C4, K_NUM, F(c4.min_words_per_line), NULL, 0 },
    { "c4_max_word_length", WN_FSTAGE_C4, K_NUM, F(c4.max_word_length), NULL, 0 },
    { "c4_filter_javascript", WN_FSTAGE_C4, K_BOOL, F(c4.filter_javascript), NULL, 0 },
    { "c4_filter_policy", WN_FSTAGE_C4, K_BOOL, F(c4.filter_policy), NULL, 0 },
    { "c4_filter_lorem_ipsum", WN_FSTAGE_C4, K_BOOL, F(c4.filter_lorem_ipsum), NULL, 0 },
    { "c4_filter_curly_bracket", WN_FSTAGE_C4, K_BOOL, F(c4.filter_curly_bracket), NULL, 0 },
    { "c4_min_num_sentences", WN_FSTAGE_C4, K_NUM, F(c4.min_num_sentences), NULL, 0 },
    { "fineweb_line_punct_thr", WN_FSTAGE_FINEWEB, K_NUM, F(fineweb.line_punct_thr), "lines ending in . ! ? etc / lines < this drops", 0 },
    { "fineweb_line_punct_exclude_zero", WN_FSTAGE_FINEWEB, K_BOOL, F(fineweb.line_punct_exclude_zero), NULL, 0 },
    { "fineweb_short_line_thr", WN_FSTAGE_FINEWEB, K_NUM, F(fineweb.short_line_thr), NULL, 0 },
    { "fineweb_short_line_length", WN_FSTAGE_FINEWEB, K_NUM, F(fineweb.short_line_length), NULL, 0 },
    { "fineweb_char_duplicates_ratio", WN_FSTAGE_FINEWEB, K_NUM, F(fineweb.char_duplicates_ratio), NULL, 0 },
    { "fineweb_new_line_ratio", WN_FSTAGE_FINEWEB, K_NUM, F(fineweb.new_line_ratio), NULL, 0 },
    { "pii_remove_emails", WN_FSTAGE_PII, K_BOOL, F(pii.remove_emails), NULL, 0 },
    { "pii_remove_ips", WN_FSTAGE_PII, K_BOOL, F(pii.remove_ips), NULL, 0 },
    { "pii_only_public_ips", WN_FSTAGE_PII, K_BOOL, F(pii.only_public_ips), NULL, 0 },
    { "pii_ipv6", WN_FSTAGE_PII, K_BOOL, F(pii.ipv6), "also replace free-standing IPv6 addresses (datatrove: no)", 0 },
    { "pii_cycle_across_docs", WN_FSTAGE_PII, K_BOOL, F(pii.cycle_across_docs), "replacement lists go on across a worker's documents, as datatrove (output then depends on -j)", 0 },
};
#undef F

static const char *const stage_names[WN_FSTAGE_COUNT] = {
    "langid", "gopher_repetition", "gopher_quality", "c4", "fineweb", "pii",
};

const char *wn_filter_stage_name(wn_filter_stage_id id)
{
    return (unsigned)id < WN_FSTAGE_COUNT ? stage_names[id] : "?";
}

void wn_filters_config_default(wn_filters_config *c)
{
    memset(c, 0, sizeof *c);
    snprintf(c->lang.languages, sizeof c->lang.languages, "en");
    c->lang.threshold = 0.65;
    c->gopher_rep = (wn_gopher_rep_opts){ 0.3, 0.2, 0.3, 0.2, { 0.20, 0.18, 0.16 },
                                          { 0.15, 0.14, 0.13, 0.12, 0.11, 0.10 }, false, WN_SEG_UAX29 };
    c->gopher_quality = (wn_gopher_quality_opts){ 50, 100000, 3, 10, 0.1, 0.9, 0.3, 0.8, 2, true, false, WN_SEG_UAX29 };
    c->c4 = (wn_c4_opts){ .remove_citations = true, .filter_no_terminal_punct = true,
                          .min_words_per_line = 3, .max_word_length = 1000,
                          .filter_javascript = true, .filter_policy = true,
                          .filter_lorem_ipsum = true, .filter_curly_bracket = true,
                          .min_num_sentences = 5 };
    c->fineweb = (wn_fineweb_opts){ 0.12, false, 0.67, 30, 0.01, 0.3, false, WN_SEG_UAX29 };
    c->pii = (wn_pii_opts){ .remove_emails = true, .remove_ips = true, .only_public_ips = true,
                            .ipv6 = false, .cycle_across_docs = false };
}

bool wn_filters_config_has_key(const char *key)
{
    if (!strcmp(key, "stages") || !strcmp(key, "explain") || !strcmp(key, "preset") ||
        !strcmp(key, "segmenter"))
        return true;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (!strcmp(keys[i].key, key))
            return true;
    return false;
}

void wn_filters_config_enable(wn_filters_config *c, wn_filter_stage_id id)
{
    for (size_t i = 0; i < c->n_stages; i++)
        if (c->order[i] == id)
            return;
    if (c->n_stages < WN_FSTAGE_COUNT)
        c->order[c->n_stages++] = id;
}

wn_status wn_filters_config_preset(wn_filters_config *c, const char *name)
{
    wn_filters_config_default(c);
    if (!strcmp(name, "fineweb")) {
        /* datatrove examples/fineweb.py: LanguageFilter (en, 0.65), GopherRepetitionFilter,
         * GopherQualityFilter, C4QualityFilter(filter_no_terminal_punct=False),
         * FineWebQualityFilter; everything else at its default */
        wn_filters_config_enable(c, WN_FSTAGE_LANGID);
        wn_filters_config_enable(c, WN_FSTAGE_GOPHER_REPETITION);
        wn_filters_config_enable(c, WN_FSTAGE_GOPHER_QUALITY);
        wn_filters_config_enable(c, WN_FSTAGE_C4);
        wn_filters_config_enable(c, WN_FSTAGE_FINEWEB);
        c->c4.filter_no_terminal_punct = false;
        /* datatrove splits English with spaCy (its tokenizer assignment for "eng") */
        c->gopher_rep.segmenter = c->gopher_quality.segmenter = c->c4.segmenter =
            c->fineweb.segmenter = WN_SEG_SPACY_EN;
        return WN_OK;
    }
    if (!strcmp(name, "gopher")) {
        wn_filters_config_enable(c, WN_FSTAGE_GOPHER_REPETITION);
        wn_filters_config_enable(c, WN_FSTAGE_GOPHER_QUALITY);
        return WN_OK;
    }
    if (!strcmp(name, "c4")) {
        wn_filters_config_enable(c, WN_FSTAGE_C4);
        return WN_OK;
    }
    return WN_ERR_USAGE;
}

static bool parse_bool(const char *v, bool *out)
{
    if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcmp(v, "1") || !strcasecmp(v, "on"))
        *out = true;
    else if (!strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcmp(v, "0") || !strcasecmp(v, "off"))
        *out = false;
    else
        return false;
    return true;
}

static bool parse_num(const char *v, double *out)
{
    if (!strcasecmp(v, "none") || !strcasecmp(v, "off")) {
        *out = -1;
        return true;
    }
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    if (end == v || *end || errno || d != d)
        return false;
    *out = d;
    return true;
}

static bool stage_by_name(const char *name, size_t n, wn_filter_stage_id *id)
{
    for (int i = 0; i < WN_FSTAGE_COUNT; i++)
        if (strlen(stage_names[i]) == n && !memcmp(stage_names[i], name, n)) {
            *id = (wn_filter_stage_id)i;
            return true;
        }
    return false;
}

wn_status wn_filters_config_set(wn_filters_config *c, const char *key, const char *value,
                                char *err, size_t err_cap)
{
    if (!strcmp(key, "preset")) {
        if (wn_filters_config_preset(c, value)) {
            snprintf(err, err_cap, "unknown preset '%s' (fineweb, gopher, c4)", value);
            return WN_ERR_USAGE;
        }
        return WN_OK;
    }
    if (!strcmp(key, "stages")) {
        c->n_stages = 0;
        for (const char *p = value; *p;) {
            while (*p == ' ' || *p == ',')
                p++;
            const char *q = p;
            while (*q && *q != ',' && *q != ' ')
                q++;
            if (q == p)
                break;
            wn_filter_stage_id id;
            if (!stage_by_name(p, (size_t)(q - p), &id)) {
                snprintf(err, err_cap, "stages: unknown stage '%.*s'", (int)(q - p), p);
                return WN_ERR_USAGE;
            }
            wn_filters_config_enable(c, id);
            p = q;
        }
        return WN_OK;
    }
    if (!strcmp(key, "segmenter")) {
        wn_segmenter_choice k;
        if (!strcmp(value, "spacy-en"))
            k = WN_SEG_SPACY_EN;
        else if (!strcmp(value, "uax29"))
            k = WN_SEG_UAX29;
        else {
            snprintf(err, err_cap, "segmenter: '%s' is not spacy-en or uax29", value);
            return WN_ERR_USAGE;
        }
        c->gopher_rep.segmenter = c->gopher_quality.segmenter = c->c4.segmenter =
            c->fineweb.segmenter = k;
        return WN_OK;
    }
    if (!strcmp(key, "explain")) {
        bool b;
        if (!parse_bool(value, &b)) {
            snprintf(err, err_cap, "explain: expected true or false, not '%s'", value);
            return WN_ERR_USAGE;
        }
        c->gopher_rep.explain = c->gopher_quality.explain = c->c4.explain = c->fineweb.explain = b;
        return WN_OK;
    }
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const key_def *k = &keys[i];
        if (strcmp(k->key, key) != 0)
            continue;
        char *field = (char *)c + k->off;
        bool ok = true;
        if (k->type == K_NUM) {
            ok = parse_num(value, (double *)(void *)field);
        } else if (k->type == K_BOOL) {
            ok = parse_bool(value, (bool *)(void *)field);
        } else {
            ok = strlen(value) < k->cap;
            if (ok)
                snprintf(field, k->cap, "%s", value);
        }
        if (!ok) {
            snprintf(err, err_cap, "%s: bad value '%s' (%s)", key, value,
                     k->type == K_NUM ? "a number or none" : k->type == K_BOOL ? "true or false" : "too long");
            return WN_ERR_USAGE;
        }
        return WN_OK;
    }
    snprintf(err, err_cap, "unknown key '%s'", key);
    return WN_ERR_USAGE;
}

static char *config_trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = 0;
    return s;
}

wn_status wn_filters_config_load(wn_filters_config *c, const char *path, char *err, size_t err_cap)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, err_cap, "%s: %s", path, strerror(errno));
        return WN_ERR_IO;
    }
    char line[1024];
    unsigned ln = 0;
    wn_status st = WN_OK;
    while (!st && fgets(line, sizeof line, f)) {
        ln++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = 0;
        char *s = config_trim(line);
        if (!*s)
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            snprintf(err, err_cap, "%s: line %u: expected key = value", path, ln);
            st = WN_ERR_USAGE;
            break;
        }
        *eq = 0;
        char *k = config_trim(s), *v = config_trim(eq + 1);
        char msg[512];
        st = wn_filters_config_set(c, k, v, msg, sizeof msg);
        if (st)
            snprintf(err, err_cap, "%s: line %u: %s", path, ln, msg);
    }
    if (!st && ferror(f)) {
        snprintf(err, err_cap, "%s: read error", path);
        st = WN_ERR_IO;
    }
    fclose(f);
    return st;
}

wn_status wn_filters_config_print(const wn_filters_config *c, wn_buf *out)
{
    wn_status st = wn_buf_append_str(out, "# stages, in the order they run\nstages = ");
    for (size_t i = 0; i < c->n_stages && !st; i++)
        st = wn_buf_printf(out, "%s%s", i ? ", " : "", stage_names[c->order[i]]);
    if (!st)
        st = wn_buf_printf(out, "\nexplain = %s\n",
                           c->gopher_quality.explain || c->gopher_rep.explain || c->c4.explain ||
                           c->fineweb.explain ? "true" : "false");
    if (!st)
        st = wn_buf_printf(out, "%-44s # %s\n",
                           c->gopher_rep.segmenter == WN_SEG_SPACY_EN ? "segmenter = spacy-en"
                                                                      : "segmenter = uax29",
                           "English words and sentences: spacy-en or uax29");
    for (size_t i = 0; i < c->n_stages && !st; i++) {
        wn_filter_stage_id id = c->order[i];
        st = wn_buf_printf(out, "\n# %zu. %s\n", i + 1, stage_names[id]);
        for (size_t k = 0; k < sizeof keys / sizeof keys[0] && !st; k++) {
            if (keys[k].stage != id)
                continue;
            const char *field = (const char *)c + keys[k].off;
            char val[600];
            if (keys[k].type == K_NUM) {
                double v = *(const double *)(const void *)field;
                if (v < 0)
                    snprintf(val, sizeof val, "none");
                else
                    snprintf(val, sizeof val, "%.10g", v);
            } else if (keys[k].type == K_BOOL) {
                snprintf(val, sizeof val, "%s", *(const bool *)(const void *)field ? "true" : "false");
            } else {
                snprintf(val, sizeof val, "%s", field);
            }
            char kv[700];
            snprintf(kv, sizeof kv, "%s = %s", keys[k].key, val);
            if (keys[k].help)
                st = wn_buf_printf(out, "%-44s # %s\n", kv, keys[k].help);
            else
                st = wn_buf_printf(out, "%s\n", kv);
        }
    }
    return st;
}

const wn_stage *wn_filter_stage(const wn_filters_config *c, wn_filter_stage_id id, const void **cfg)
{
    switch (id) {
    case WN_FSTAGE_GOPHER_REPETITION: *cfg = &c->gopher_rep; return &wn_stage_gopher_repetition;
    case WN_FSTAGE_GOPHER_QUALITY: *cfg = &c->gopher_quality; return &wn_stage_gopher_quality;
    case WN_FSTAGE_C4: *cfg = &c->c4; return &wn_stage_c4;
    case WN_FSTAGE_FINEWEB: *cfg = &c->fineweb; return &wn_stage_fineweb;
    case WN_FSTAGE_PII: *cfg = &c->pii; return &wn_stage_pii;
    default: *cfg = NULL; return NULL;
    }
}
