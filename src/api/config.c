/* config.c: wn_config, every option by its CLI long name, and the one parser of those options:
 * `winnow run` and `winnow dedup` set the options they share with the library through
 * wn_config_set too (programs/opt_io.c, wn_cli_config_option) and read them back through
 * wn_config_view_of (winnow/chain_stages.h). The filter thresholds are the filter module's
 * keys (wn_filters_config_set), for the CLI's opt_filters.c as for this file. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "api/api_impl.h"

/* "64M" -> bytes: the CLI's size syntax (powers of 1024, optional B). */
static bool parse_size(const char *s, uint64_t *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || !(v >= 0))
        return false;
    uint64_t mul = 1;
    switch (*end) {
    case 'k': case 'K': mul = 1ULL << 10; end++; break;
    case 'm': case 'M': mul = 1ULL << 20; end++; break;
    case 'g': case 'G': mul = 1ULL << 30; end++; break;
    case 't': case 'T': mul = 1ULL << 40; end++; break;
    default: break;
    }
    if (*end == 'B' || *end == 'b')
        end++;
    if (*end != '\0' || v * (double)mul >= 18446744073709551615.0)
        return false;
    *out = (uint64_t)(v * (double)mul);
    return true;
}

static bool parse_uint(const char *s, unsigned *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v < 0 || v > 1000000)
        return false;
    *out = (unsigned)v;
    return true;
}

static bool parse_flag(const char *s, bool *out)
{
    if (!strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "1")) *out = true;
    else if (!strcmp(s, "false") || !strcmp(s, "no") || !strcmp(s, "0")) *out = false;
    else return false;
    return true;
}

static bool set_str(char *dst, size_t cap, const char *v)
{
    size_t n = strlen(v);
    if (n >= cap)
        return false;
    memcpy(dst, v, n + 1);
    return true;
}

static bool clean_rules(wn_clean_opts *o, const char *list)
{
    wn_clean_opts r = *o;
    r.drop_nav_runs = r.drop_edge_short = r.drop_foreign_script = false;
    r.drop_symbol_lines = r.drop_repeated = false;
    char buf[256];
    if (!set_str(buf, sizeof buf, list))
        return false;
    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (!strcmp(t, "nav")) r.drop_nav_runs = true;
        else if (!strcmp(t, "edge")) r.drop_edge_short = true;
        else if (!strcmp(t, "foreign")) r.drop_foreign_script = true;
        else if (!strcmp(t, "symbol")) r.drop_symbol_lines = true;
        else if (!strcmp(t, "repeated")) r.drop_repeated = true;
        else if (strcmp(t, "none") != 0) return false;
    }
    *o = r;
    return true;
}

static void filter_stage(wn_filters_config *f, wn_filter_stage_id id, bool on)
{
    if (on) {
        wn_filters_config_enable(f, id);
        return;
    }
    size_t o = 0;
    for (size_t i = 0; i < f->n_stages; i++)
        if (f->order[i] != id)
            f->order[o++] = f->order[i];
    f->n_stages = o;
}

/* The options of this file (the filter thresholds are the filter module's keys). `accepts`
 * says what a key takes, for the message on a bad value. */
typedef enum {
    K_FORMAT, K_TEXT_FIELD, K_ID_FIELD, K_HTML_FIELD, K_MAX_DOC_SIZE,
    K_EXTRACT_FORMAT, K_EXTRACT_COMMENTS, K_EXTRACT_LINKS, K_EXTRACT_TITLE_IN_TEXT, K_PARSER, K_STOPWORDS,
    K_CLEAN, K_CLEAN_RULES,
    K_LANGID, K_LANGUAGES, K_LANGUAGE_THRESHOLD, K_MODEL, K_PARAGRAPH_LANGID,
    K_DROP_FOREIGN_PARAGRAPHS, K_PARAGRAPH_THRESHOLD,
    K_PRESET, K_CONFIG, K_FILTERS, K_EXPLAIN, K_STAGE,
    K_THREADS, K_COMPRESS, K_SHARD_SIZE, K_DROPPED, K_DUMP,
    K_DEDUP, K_NGRAM, K_CHAR_NGRAMS, K_BANDS, K_ROWS, K_SCHEME, K_THRESHOLD, K_SEED,
    K_PARA_MIN_CHARS, K_PARA_MIN_DOC_CHARS, K_PARA_BLOOM, K_MEMORY, K_CONFIRM,
    K_HTTP_RETRIES, K_HTTP_TIMEOUT, K_HTTP_BACKOFF, K_S3_ENDPOINT, K_LIMIT,
    K_SPLIT_BY, K_LAYOUT, K_CHECKPOINT_EVERY,
} key_id;

static const struct {
    const char *name;     /* with '_' (keys are compared after '-' -> '_') */
    key_id id;
    int stage;            /* K_STAGE: the filter stage */
    const char *accepts;
} keys[] = {
    { "format", K_FORMAT, 0, "auto, warc, arc, html, jsonl or text" },
    { "text_field", K_TEXT_FIELD, 0, "a JSONL field name" },
    { "id_field", K_ID_FIELD, 0, "a JSONL field name" },
    { "html_field", K_HTML_FIELD, 0, "a JSONL field name" },
    { "max_doc_size", K_MAX_DOC_SIZE, 0, "a size from 1 to 2G, e.g. 64M" },
    { "extract_format", K_EXTRACT_FORMAT, 0, "text or markdown" },
    { "extract_comments", K_EXTRACT_COMMENTS, 0, "true or false" },
    { "extract_links", K_EXTRACT_LINKS, 0, "true or false" },
    { "extract_title_in_text", K_EXTRACT_TITLE_IN_TEXT, 0, "true or false" },
    { "parser", K_PARSER, 0, WN_PARSER_ACCEPTS },
    { "stopwords", K_STOPWORDS, 0, "a path to a stop-word JSON file" },
    { "clean", K_CLEAN, 0, "true or false" },
    { "clean_rules", K_CLEAN_RULES, 0, "a list of nav, edge, foreign, symbol, repeated" },
    { "langid", K_LANGID, 0, "true or false" },
    { "languages", K_LANGUAGES, 0, "a comma-separated list of the model's language codes, e.g. en,fr" },
    { "language_threshold", K_LANGUAGE_THRESHOLD, 0, "a number from 0 to 1" },
    { "model", K_MODEL, 0, "a path to a fastText model" },
    { "paragraph_langid", K_PARAGRAPH_LANGID, 0, "true or false" },
    { "drop_foreign_paragraphs", K_DROP_FOREIGN_PARAGRAPHS, 0, "true or false" },
    { "paragraph_threshold", K_PARAGRAPH_THRESHOLD, 0, "a number from 0 to 1" },
    { "preset", K_PRESET, 0, "fineweb, gopher or c4" },
    { "config", K_CONFIG, 0, "a path to a `key = value` file" },
    { "filters", K_FILTERS, 0, "a list of gopher_repetition, gopher_quality, c4, fineweb, pii, langid" },
    { "explain", K_EXPLAIN, 0, "true or false" },
    { "gopher_repetition", K_STAGE, WN_FSTAGE_GOPHER_REPETITION, "true or false" },
    { "gopher_quality", K_STAGE, WN_FSTAGE_GOPHER_QUALITY, "true or false" },
    { "c4", K_STAGE, WN_FSTAGE_C4, "true or false" },
    { "fineweb", K_STAGE, WN_FSTAGE_FINEWEB, "true or false" },
    { "pii", K_STAGE, WN_FSTAGE_PII, "true or false" },
    { "threads", K_THREADS, 0, "an integer from 1 to 1000000" },
    { "compress", K_COMPRESS, 0, "zstd, gzip or none" },
    { "shard_size", K_SHARD_SIZE, 0, "a size such as 256M (K, M, G, T suffixes)" },
    { "dropped", K_DROPPED, 0, "yes or no" },
    { "dump", K_DUMP, 0, "a crawl's name, e.g. CC-MAIN-2024-10 (metadata.dump)" },
    { "dedup", K_DEDUP, 0, "a list of exact, url, minhash, paragraph" },
    { "ngram", K_NGRAM, 0, "an integer from 1 to 1000000" },
    { "char_ngrams", K_CHAR_NGRAMS, 0, "true or false" },
    { "bands", K_BANDS, 0, "an integer from 1 to 1000000" },
    { "rows", K_ROWS, 0, "an integer from 1 to 1000000" },
    { "scheme", K_SCHEME, 0, "oph or kperm" },
    { "threshold", K_THRESHOLD, 0, "a number from 0 to 1" },
    { "seed", K_SEED, 0, "an integer from 0 to 2^64-1" },
    { "paragraph_min_chars", K_PARA_MIN_CHARS, 0, "an integer from 0 to 1000000" },
    { "paragraph_min_doc_chars", K_PARA_MIN_DOC_CHARS, 0, "an integer from 0 to 1000000" },
    { "paragraph_bloom", K_PARA_BLOOM, 0, "N[,FPR]: a count above 0, e.g. 10M, and a false-positive rate between 0 and 1" },
    { "memory", K_MEMORY, 0, "a size of at least 1M, e.g. 1G" },
    { "confirm", K_CONFIRM, 0, "estimate or exact" },
    { "http_retries", K_HTTP_RETRIES, 0, "an integer from 0 to 1000" },
    { "http_timeout", K_HTTP_TIMEOUT, 0, "seconds, from 1 to 86400" },
    { "http_backoff", K_HTTP_BACKOFF, 0, "milliseconds, from 0 to 600000" },
    { "s3_endpoint", K_S3_ENDPOINT, 0, "an http:// or https:// URL" },
    { "limit", K_LIMIT, 0, "a number of documents, 0 for no limit" },
    { "split_by", K_SPLIT_BY, 0, "language or none" },
    { "layout", K_LAYOUT, 0, "winnow or dolma" },
    { "checkpoint_every", K_CHECKPOINT_EVERY, 0, "a size such as 64M (K, M, G, T suffixes), 0 for none" },
};
#define N_KEYS (sizeof keys / sizeof keys[0])

/* key with '-' as '_' into buf; false when too long */
static bool normalise(const char *key, char *buf, size_t cap)
{
    size_t n = strlen(key);
    if (n == 0 || n >= cap)
        return false;
    for (size_t i = 0; i <= n; i++)
        buf[i] = key[i] == '-' ? '_' : key[i];
    return true;
}

static int find_key(const char *k)
{
    for (size_t i = 0; i < N_KEYS; i++)
        if (!strcmp(keys[i].name, k))
            return (int)i;
    return -1;
}

/* A key the filter module sets by itself (thresholds, lang_*), apart from those above. */
static bool filter_key(const char *k)
{
    return strcmp(k, "preset") != 0 && strcmp(k, "stages") != 0 && wn_filters_config_has_key(k);
}

int wn_config_has_key(const char *key)
{
    char k[128];
    if (!key || !normalise(key, k, sizeof k))
        return 0;
    return find_key(k) >= 0 || filter_key(k);
}

const char *wn_api_config_key(size_t i)
{
    return i < N_KEYS ? keys[i].name : NULL;
}

wn_status wn_config_new(wn_config **out)
{
    if (!out)
        return wn_api_error(WN_ERR_USAGE, "wn_config_new: out is NULL");
    wn_config *c = wn_calloc(1, sizeof *c);
    *out = c;
    if (!c)
        return wn_api_error(WN_ERR_NOMEM, "wn_config_new: out of memory");
    wn_reader_opts r;
    wn_reader_opts_default(&r);
    snprintf(c->format, sizeof c->format, "%s", r.format ? r.format : "auto");
    snprintf(c->text_field, sizeof c->text_field, "%s", r.text_field ? r.text_field : "text");
    snprintf(c->id_field, sizeof c->id_field, "%s", r.id_field ? r.id_field : "id");
    c->max_doc_bytes = r.max_doc_bytes;
    wn_remote_opts_default(&c->remote);
    wn_extract_opts_default(&c->extract);
    wn_clean_opts_default(&c->clean_opts);
    wn_langid_config_default(&c->lid);
    wn_filters_config_default(&c->filters);
    wn_run_config rc;
    wn_run_config_default(&rc);
    c->threads = rc.threads;
    c->compress = rc.compress;
    c->shard_bytes = rc.shard_bytes;
    c->write_dropped = rc.write_dropped;
    c->checkpoint_bytes = rc.checkpoint_bytes;
    wn_dedup_opts_default(&c->dedup);
    return WN_OK;
}

void wn_config_free(wn_config *cfg)
{
    wn_free(cfg);
}

void wn_api_reader_opts(const wn_config *cfg, wn_reader_opts *o)
{
    wn_reader_opts_default(o);
    o->format = cfg->format;
    o->text_field = cfg->text_field;
    o->id_field = cfg->id_field;
    o->html_field = cfg->html_field[0] ? cfg->html_field : NULL;
    o->max_doc_bytes = cfg->max_doc_bytes;
    o->remote = &cfg->remote;
}

void wn_config_view_of(const wn_config *cfg, wn_config_view *v)
{
    memset(v, 0, sizeof *v);
    wn_api_reader_opts(cfg, &v->reader);
    v->threads = cfg->threads;
    v->compress = cfg->compress;
    v->shard_bytes = cfg->shard_bytes;
    v->write_dropped = cfg->write_dropped;
    v->dump = cfg->dump[0] ? cfg->dump : NULL;
    v->limit = cfg->limit;
    v->split_language = cfg->split_language;
    v->layout = cfg->layout;
    v->checkpoint_bytes = cfg->checkpoint_bytes;
    v->extract = &cfg->extract;
    v->stopwords = cfg->stopwords_set ? cfg->stopwords : NULL;
    v->clean = cfg->clean;
    v->clean_opts = &cfg->clean_opts;
    v->langid = cfg->langid;
    v->languages = cfg->languages;
    v->lid = &cfg->lid;
    v->model = cfg->model_set ? cfg->model : NULL;
    v->dedup = &cfg->dedup;
    v->do_dedup = cfg->do_dedup;
}

void wn_api_run_config(const wn_config *cfg, wn_run_config *rc)
{
    wn_run_config_default(rc);
    rc->threads = cfg->threads;
    rc->compress = cfg->compress;
    rc->shard_bytes = cfg->shard_bytes;
    rc->write_dropped = cfg->write_dropped;
    rc->dump = cfg->dump[0] ? cfg->dump : NULL;
    rc->limit = cfg->limit;
    rc->split_language = cfg->split_language;
    rc->layout = cfg->layout;
    rc->checkpoint_bytes = cfg->checkpoint_bytes;
    wn_api_reader_opts(cfg, &rc->reader);
}

/* Applies one value; false for a bad one (the caller says what the key takes). err receives
 * the filter module's or a file's own message when it has one. */
static bool apply(wn_config *c, int i, const char *v, char *err, size_t cap)
{
    bool b;
    uint64_t sz;
    unsigned u;
    char *end;
    switch (keys[i].id) {
    case K_FORMAT:
        if (strcmp(v, "auto") && strcmp(v, "warc") && strcmp(v, "arc") && strcmp(v, "html") && strcmp(v, "jsonl") &&
            strcmp(v, "text"))
            return false;
        return set_str(c->format, sizeof c->format, v);
    case K_TEXT_FIELD: return set_str(c->text_field, sizeof c->text_field, v);
    case K_ID_FIELD: return set_str(c->id_field, sizeof c->id_field, v);
    case K_HTML_FIELD: return set_str(c->html_field, sizeof c->html_field, v);
    case K_MAX_DOC_SIZE:
        /* a document's buffers are sized with 32-bit offsets (wn_meta_entry) */
        if (!parse_size(v, &sz) || sz == 0 || sz > (uint64_t)WN_DOC_BYTES_MAX)
            return false;
        c->max_doc_bytes = (size_t)sz;
        return true;
    case K_EXTRACT_FORMAT:
        if (!strcmp(v, "text")) c->extract.format = WN_EXTRACT_TEXT;
        else if (!strcmp(v, "markdown")) c->extract.format = WN_EXTRACT_MARKDOWN;
        else return false;
        return true;
    case K_EXTRACT_COMMENTS: return parse_flag(v, &c->extract.keep_comments);
    case K_EXTRACT_LINKS: return parse_flag(v, &c->extract.keep_links);
    case K_EXTRACT_TITLE_IN_TEXT: return parse_flag(v, &c->extract.title_in_text);
    case K_PARSER: return !strcmp(v, "own");
    case K_STOPWORDS: return (c->stopwords_set = true) && set_str(c->stopwords, sizeof c->stopwords, v);
    case K_CLEAN: return parse_flag(v, &c->clean);
    case K_CLEAN_RULES:
        /* as the CLI: giving the rules turns cleaning on */
        if (!clean_rules(&c->clean_opts, v))
            return false;
        c->clean = true;
        return true;
    case K_LANGID:
        if (!parse_flag(v, &b))
            return false;
        c->langid = b;
        if (!b)
            c->lid.paragraph_langid = c->lid.drop_foreign_paragraphs = false, c->languages[0] = 0;
        return true;
    case K_LANGUAGES: {
        /* as the CLI: at least one non-empty code; setting it turns language ID on */
        bool any = false;
        for (const char *p = v; *p; p++)
            any = any || *p != ',';
        if (!any || !set_str(c->languages, sizeof c->languages, v))
            return false;
        c->langid = true;
        return true;
    }
    case K_LANGUAGE_THRESHOLD: {
        double t = strtod(v, &end);
        if (end == v || *end || !(t >= 0 && t <= 1))
            return false;
        c->lid.threshold = t;
        return true;
    }
    case K_MODEL: return (c->model_set = true) && set_str(c->model, sizeof c->model, v);
    case K_PARAGRAPH_LANGID:
        if (!parse_flag(v, &b))
            return false;
        c->lid.paragraph_langid = b;
        if (b)
            c->langid = true;
        else
            c->lid.drop_foreign_paragraphs = false;
        return true;
    case K_DROP_FOREIGN_PARAGRAPHS:
        if (!parse_flag(v, &b))
            return false;
        c->lid.drop_foreign_paragraphs = b;
        if (b)
            c->langid = c->lid.paragraph_langid = true;
        return true;
    case K_PARAGRAPH_THRESHOLD: {
        double t = strtod(v, &end);
        if (end == v || *end || !(t >= 0 && t <= 1))
            return false;
        c->lid.paragraph_drop_threshold = t;
        return true;
    }
    case K_PRESET:
        if (wn_filters_config_preset(&c->filters, v))
            return false;
        if (c->explain)   /* the preset resets the config; explain stays as set */
            wn_filters_config_set(&c->filters, "explain", "true", err, cap);
        return true;
    case K_CONFIG:
        return wn_filters_config_load(&c->filters, v, err, cap) == WN_OK;
    case K_FILTERS:
        return wn_filters_config_set(&c->filters, "stages", v, err, cap) == WN_OK;
    case K_EXPLAIN:
        if (!parse_flag(v, &b) || wn_filters_config_set(&c->filters, "explain", b ? "true" : "false", err, cap))
            return false;
        c->explain = b;
        return true;
    case K_STAGE:
        if (!parse_flag(v, &b))
            return false;
        filter_stage(&c->filters, (wn_filter_stage_id)keys[i].stage, b);
        return true;
    case K_THREADS: return parse_uint(v, &c->threads) && c->threads > 0;
    case K_COMPRESS:
        if (!strcmp(v, "zstd")) c->compress = WN_CODEC_ZSTD;
        else if (!strcmp(v, "gzip")) c->compress = WN_CODEC_GZIP;
        else if (!strcmp(v, "none")) c->compress = WN_CODEC_PLAIN;
        else return false;
        return true;
    case K_SHARD_SIZE: return parse_size(v, &c->shard_bytes);
    case K_DUMP: return *v && set_str(c->dump, sizeof c->dump, v);
    case K_DROPPED:
        if (!strcmp(v, "yes")) c->write_dropped = true;
        else if (!strcmp(v, "no")) c->write_dropped = false;
        else return false;
        return true;
    case K_DEDUP:
        if (!wn_dedup_parse_methods(v, &c->dedup.methods))
            return false;
        c->do_dedup = c->dedup.methods != 0;
        return true;
    case K_NGRAM: return parse_uint(v, &c->dedup.minhash.ngram) && c->dedup.minhash.ngram > 0;
    case K_CHAR_NGRAMS: return parse_flag(v, &c->dedup.minhash.char_ngrams);
    case K_BANDS: return parse_uint(v, &c->dedup.minhash.bands) && c->dedup.minhash.bands > 0;
    case K_ROWS: return parse_uint(v, &c->dedup.minhash.rows) && c->dedup.minhash.rows > 0;
    case K_SCHEME:
        if (!strcmp(v, "oph")) c->dedup.minhash.scheme = WN_MINHASH_OPH;
        else if (!strcmp(v, "kperm")) c->dedup.minhash.scheme = WN_MINHASH_KPERM;
        else return false;
        return true;
    case K_THRESHOLD: {
        double t = strtod(v, &end);
        if (end == v || *end || !(t >= 0 && t <= 1))
            return false;
        c->dedup.threshold = t;
        return true;
    }
    case K_SEED: {
        unsigned long long s = strtoull(v, &end, 0);
        if (end == v || *end || strchr(v, '-'))
            return false;
        c->dedup.minhash.seed = s;
        return true;
    }
    case K_PARA_MIN_CHARS: if (!parse_uint(v, &u)) return false; c->dedup.para_min_chars = u; return true;
    case K_PARA_MIN_DOC_CHARS: if (!parse_uint(v, &u)) return false; c->dedup.para_min_doc_chars = u; return true;
    case K_PARA_BLOOM: {
        char tmp[64];
        if (!set_str(tmp, sizeof tmp, v))
            return false;
        double fpr = c->dedup.para_fpr;
        char *comma = strchr(tmp, ',');
        if (comma) {
            *comma = '\0';
            fpr = strtod(comma + 1, &end);
            if (*end || !(fpr > 0 && fpr < 1))
                return false;
        }
        if (!parse_size(tmp, &sz) || sz == 0)
            return false;
        c->dedup.para_bloom = true;
        c->dedup.para_fpr = fpr;
        c->dedup.para_expected = sz;
        return true;
    }
    case K_MEMORY:
        if (!parse_size(v, &sz) || sz < (1 << 20))
            return false;
        c->dedup.memory = sz;
        return true;
    case K_CONFIRM:
        if (!strcmp(v, "estimate")) c->dedup.confirm_exact = false;
        else if (!strcmp(v, "exact")) c->dedup.confirm_exact = true;
        else return false;
        return true;
    case K_HTTP_RETRIES:
        return parse_uint(v, &u) && u <= 1000 && ((c->remote.retries = u), true);
    case K_HTTP_TIMEOUT:
        return parse_uint(v, &u) && u >= 1 && u <= 86400 && ((c->remote.timeout_s = u), true);
    case K_HTTP_BACKOFF:
        return parse_uint(v, &u) && u <= 600000 && ((c->remote.backoff_ms = u), true);
    case K_S3_ENDPOINT:
        if (strncmp(v, "http://", 7) && strncmp(v, "https://", 8))
            return false;
        return set_str(c->remote.s3_endpoint, sizeof c->remote.s3_endpoint, v);
    case K_LIMIT: {
        /* digits only: "1e6" or "-1" would read as some other number */
        if (!*v || strspn(v, "0123456789") != strlen(v))
            return false;
        errno = 0;
        unsigned long long n = strtoull(v, &end, 10);
        if (errno)
            return false;
        c->limit = n;
        return true;
    }
    case K_SPLIT_BY:
        if (!strcmp(v, "language")) c->split_language = true;
        else if (!strcmp(v, "none")) c->split_language = false;
        else return false;
        return true;
    case K_LAYOUT:
        if (!strcmp(v, "winnow")) c->layout = WN_LAYOUT_WINNOW;
        else if (!strcmp(v, "dolma")) c->layout = WN_LAYOUT_DOLMA;
        else return false;
        return true;
    case K_CHECKPOINT_EVERY: return parse_size(v, &c->checkpoint_bytes);
    }
    return false;
}

wn_status wn_config_set(wn_config *cfg, const char *key, const char *value)
{
    char k[128], err[1024] = "";
    if (!cfg || !key || !value)
        return wn_api_error(WN_ERR_USAGE, "wn_config_set: NULL argument");
    if (!normalise(key, k, sizeof k))
        return wn_api_error(WN_ERR_USAGE, "unknown option '%.200s'", key);
    int i = find_key(k);
    if (i >= 0) {
        /* a failed set leaves the config as it was: work on a copy */
        wn_config *tmp = wn_malloc(sizeof *tmp);
        if (!tmp)
            return wn_api_error(WN_ERR_NOMEM, "wn_config_set: out of memory");
        *tmp = *cfg;
        bool ok = apply(tmp, i, value, err, sizeof err);
        if (ok)
            *cfg = *tmp;
        wn_free(tmp);
        if (ok)
            return WN_OK;
        if (err[0])
            return wn_api_error(WN_ERR_USAGE, "%s: %s", key, err);
        return wn_api_error(WN_ERR_USAGE, "%s: bad value '%.200s' (%s)", key, value, keys[i].accepts);
    }
    if (filter_key(k)) {
        if (wn_filters_config_set(&cfg->filters, k, value, err, sizeof err))
            return wn_api_error(WN_ERR_USAGE, "%s", err[0] ? err : "bad value");
        return WN_OK;
    }
    return wn_api_error(WN_ERR_USAGE, "unknown option '%.200s' (docs/api.md lists the keys)", key);
}
