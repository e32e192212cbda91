/* filter.h: the field's quality filters with datatrove's semantics (Gopher quality, Gopher
 * repetition, C4, FineWeb) and PII redaction, as pipeline stages with named drop reasons.
 *
 * DESIGN: every threshold lives in one wn_filters_config, settable by name
 * (wn_filters_config_set: the keys of `--config FILE` and, with '-' for '_', the CLI flags).
 * A negative threshold turns its rule off, like datatrove's None. Each stage takes a pointer
 * to its own part of the config; the config must outlive the run. With `explain`, each stage
 * adds the value it measured for each of its rules to metadata "filters" (a JSON object).
 * docs/filters.md gives each rule's exact meaning, default, comparison and denominator. */
#ifndef WINNOW_FILTER_H
#define WINNOW_FILTER_H

#include "winnow/core.h"
#include "winnow/doc.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How the Gopher, C4 and FineWeb stages cut words and sentences (key "segmenter"):
 * UAX #29 through ICU for every document, or, for English documents (metadata "language" is
 * "en", or absent when no langid stage ran), spaCy's blank("en") tokenizer and sentencizer as
 * datatrove uses them (src/text/seg_spacy_en.c); other documents keep UAX #29. */
typedef enum { WN_SEG_UAX29 = 0, WN_SEG_SPACY_EN = 1 } wn_segmenter_choice;

/* GopherQualityFilter (datatrove/pipeline/filters/gopher_quality_filter.py). */
typedef struct {
    double min_doc_words;            /* 50: drop when non-symbol words < this */
    double max_doc_words;            /* 100000: drop when non-symbol words > this */
    double min_avg_word_length;      /* 3: mean length of non-symbol words < this drops */
    double max_avg_word_length;      /* 10: ... > this drops */
    double max_symbol_word_ratio;    /* 0.1: '#' count / words > this, ('...'+'…') / words > this */
    double max_bullet_lines_ratio;   /* 0.9: lines starting with • or - / lines > this */
    double max_ellipsis_lines_ratio; /* 0.3: lines ending in ... or … / lines > this */
    double max_non_alpha_words_ratio;/* 0.8: words with a letter / words < this drops */
    double min_stop_words;           /* 2: stop words found < this drops */
    bool distinct_stop_words;        /* true = distinct (datatrove 0.10), false = occurrences */
    bool explain;
    wn_segmenter_choice segmenter;
} wn_gopher_quality_opts;

/* GopherRepetitionFilter (gopher_repetition_filter.py). Ratios above the threshold drop. */
typedef struct {
    double dup_para_frac;       /* 0.3: duplicate paragraphs / paragraphs */
    double dup_para_char_frac;  /* 0.2: chars in duplicate paragraphs / len(text) */
    double dup_line_frac;       /* 0.3 */
    double dup_line_char_frac;  /* 0.2 */
    double top_ngram[3];        /* n = 2, 3, 4: 0.20, 0.18, 0.16 */
    double dup_ngram[6];        /* n = 5..10: 0.15, 0.14, 0.13, 0.12, 0.11, 0.10 */
    bool explain;
    wn_segmenter_choice segmenter;
} wn_gopher_rep_opts;

/* C4QualityFilter (c4_filters.py), with split_paragraph=True: lines are str.splitlines(). */
typedef struct {
    bool remove_citations;          /* strip [1], [edit], [citation needed] */
    bool filter_no_terminal_punct;  /* drop lines not ending in . ? ! " ' or ending in ... */
    double min_words_per_line;      /* 3: drop lines with fewer whitespace-separated words */
    double max_word_length;         /* 1000: drop lines with a longer word */
    bool filter_javascript;         /* drop lines containing "javascript" (any case) */
    bool filter_policy;             /* drop lines with "terms of use", "privacy policy", ... */
    bool filter_lorem_ipsum;        /* drop the document: "lorem ipsum" in a kept line */
    bool filter_curly_bracket;      /* drop the document: '{' in a kept line */
    double min_num_sentences;       /* 5: drop the document below this; < 0 off */
    bool explain;
    wn_segmenter_choice segmenter;
} wn_c4_opts;

/* FineWebQualityFilter (fineweb_quality_filter.py). */
typedef struct {
    double line_punct_thr;          /* 0.12: lines ending in terminal punctuation / lines < this drops */
    bool line_punct_exclude_zero;   /* false */
    double short_line_thr;          /* 0.67: lines of <= short_line_length chars / lines > this drops */
    double short_line_length;       /* 30 */
    double char_duplicates_ratio;   /* 0.01: chars of duplicate lines / non-newline chars > this drops */
    double new_line_ratio;          /* 0.3: newlines / words > this drops */
    bool explain;
    wn_segmenter_choice segmenter;
} wn_fineweb_opts;

/* PIIFormatter (datatrove/pipeline/formatters/pii.py). */
typedef struct {
    bool remove_emails;
    bool remove_ips;
    bool only_public_ips;           /* private/reserved addresses are left as they are */
    bool ipv6;                      /* false (datatrove has no IPv6 pattern): also replace
                                     * free-standing IPv6 addresses */
    bool cycle_across_docs;         /* false: the replacement lists restart with each document,
                                     * so output is the same for any -j; true: they go on from
                                     * one document to the next in a worker, as in a datatrove
                                     * task (identical to it with -j1) */
} wn_pii_opts;

/* Language identification stage settings, used by presets (the stage itself is langid's). */
typedef struct {
    char languages[64];             /* comma list, e.g. "en" */
    double threshold;               /* 0.65 */
    char model[512];                /* fastText model path; "" = the default model */
} wn_filter_lang_opts;

typedef enum {
    WN_FSTAGE_LANGID = 0,
    WN_FSTAGE_GOPHER_REPETITION,
    WN_FSTAGE_GOPHER_QUALITY,
    WN_FSTAGE_C4,
    WN_FSTAGE_FINEWEB,
    WN_FSTAGE_PII,
    WN_FSTAGE_COUNT
} wn_filter_stage_id;

typedef struct {
    wn_filter_stage_id order[WN_FSTAGE_COUNT];  /* stages to run, in this order */
    size_t n_stages;
    wn_filter_lang_opts lang;
    wn_gopher_rep_opts gopher_rep;
    wn_gopher_quality_opts gopher_quality;
    wn_c4_opts c4;
    wn_fineweb_opts fineweb;
    wn_pii_opts pii;
} wn_filters_config;

/*! wn_filters_config_default() : datatrove's defaults everywhere, no stage enabled. */
void wn_filters_config_default(wn_filters_config *c);
/*! wn_filters_config_preset() : "fineweb" (langid en 0.65, Gopher repetition, Gopher quality,
 * C4 without terminal punctuation, FineWeb), "gopher" (repetition + quality), "c4". Resets the
 * config first. WN_ERR_USAGE for an unknown name. */
wn_status wn_filters_config_preset(wn_filters_config *c, const char *name);
/*! wn_filters_config_set() : sets one key ("gopher_min_doc_words", "c4_filter_javascript",
 * "stages", "explain", ...) from its text value; numbers, "none"/"off" (rule off, -1) and
 * true/false/yes/no/1/0. WN_ERR_USAGE with a message in err for an unknown key or bad value. */
wn_status wn_filters_config_set(wn_filters_config *c, const char *key, const char *value,
                                char *err, size_t err_cap);
/*! wn_filters_config_has_key() : true when key names a setting (including "stages",
 * "explain", "preset"). */
bool wn_filters_config_has_key(const char *key);
/*! wn_filters_config_enable() : appends a stage to the order unless it is already there. */
void wn_filters_config_enable(wn_filters_config *c, wn_filter_stage_id id);
/*! wn_filters_config_load() : reads `key = value` lines ('#' comments, blank lines ignored).
 * Errors name the file and line. */
wn_status wn_filters_config_load(wn_filters_config *c, const char *path, char *err, size_t err_cap);
/*! wn_filters_config_print() : the stages in order with every threshold, as `key = value`
 * lines that wn_filters_config_load reads back. WN_ERR_TOO_LARGE when out cannot hold it. */
/* The printed configuration: some fifty `key = value` lines of at most 700 bytes with their
 * help, and the stage list (about 10 KB in all): a buffer of this cap always holds it. */
#define WN_FILTERS_CONFIG_TEXT_MAX ((size_t)1 << 20)
wn_status wn_filters_config_print(const wn_filters_config *c, wn_buf *out);
/*! wn_filter_stage_name() : "gopher_repetition", ... */
const char *wn_filter_stage_name(wn_filter_stage_id id);
/*! wn_filter_stage() : the stage and its config pointer for id (NULL for LANGID, which
 * belongs to the language module). */
const wn_stage *wn_filter_stage(const wn_filters_config *c, wn_filter_stage_id id, const void **cfg);

/* ---- stages ---------------------------------------------------------------------------------- */
extern const wn_stage wn_stage_gopher_quality;    /* config: const wn_gopher_quality_opts* */
extern const wn_stage wn_stage_gopher_repetition; /* config: const wn_gopher_rep_opts* */
extern const wn_stage wn_stage_c4;                /* config: const wn_c4_opts*; rewrites text */
extern const wn_stage wn_stage_fineweb;           /* config: const wn_fineweb_opts* */
extern const wn_stage wn_stage_pii;               /* config: const wn_pii_opts*; rewrites text */

/* ---- C4 line rules outside the pipeline (`winnow clean --c4-lines`) ------------------------- */
typedef struct {
    uint64_t lines_total, lines_kept;
    uint64_t too_long_word, no_terminal_punct, too_few_words, javascript, policy;
    size_t sentences;             /* in kept lines (counted only when min_num_sentences >= 0) */
    const char *doc_reason;       /* "lorem_ipsum", "curly_bracket", "too_few_sentences" or NULL */
} wn_c4_result;

typedef struct wn_c4 wn_c4;
wn_status wn_c4_create(wn_c4 **c);
void wn_c4_free(wn_c4 *c);
/*! wn_c4_apply() : C4's line pass over text: appends the kept lines (stripped, citations
 * removed, joined by '\n') to out, and says in res whether the document rules would drop it.
 * When a document rule fires the output is what was kept up to that line. */
wn_status wn_c4_apply(wn_c4 *c, const wn_c4_opts *o, const char *text, size_t len, wn_buf *out,
                      wn_c4_result *res);

/* ---- PII outside the pipeline ----------------------------------------------------------------- */
/*! wn_pii_redact() : appends text with e-mail addresses and (public) IP addresses replaced,
 * cycling through datatrove's replacement values from the start of each call. */
wn_status wn_pii_redact(const wn_pii_opts *o, const char *text, size_t len, wn_buf *out,
                        uint64_t *emails, uint64_t *ips);
/* Where the two replacement lists stand (datatrove's PIIReplacer._replace_i of each). */
typedef struct {
    uint32_t email, ip;
} wn_pii_cycle;
/*! wn_pii_redact_cycle() : the same, starting the replacement lists where *cy says and leaving
 * in it where they stand after this text. */
wn_status wn_pii_redact_cycle(const wn_pii_opts *o, wn_pii_cycle *cy, const char *text,
                              size_t len, wn_buf *out, uint64_t *emails, uint64_t *ips);

#ifdef __cplusplus
}
#endif
#endif
