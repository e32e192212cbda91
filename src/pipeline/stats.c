/* stats.c: run statistics and stats.json. Keys are written sorted where order would otherwise
 * depend on arrival, so stats.json differs between -j values only in timings. */
#include <stdlib.h>
#include <string.h>
#include "pipeline/stats.h"
#include "common/check.h"
#include "common/grow.h"

void wn_stage_stats_merge(wn_stage_stats *dst, const wn_stage_stats *src)
{
    dst->in += src->in;
    dst->dropped += src->dropped;
    dst->failed += src->failed;
    wn_counters_merge(&dst->counters, &src->counters);
}

void wn_stage_stats_free(wn_stage_stats *s) { wn_counters_free(&s->counters); }

wn_status wn_run_stats_init(wn_run_stats *s, size_t n_inputs)
{
    memset(s, 0, sizeof *s);
    s->inputs = wn_calloc(n_inputs ? n_inputs : 1, sizeof *s->inputs);
    s->n_inputs = n_inputs;
    return s->inputs ? WN_OK : WN_ERR_NOMEM;
}

void wn_run_stats_set_input(wn_run_stats *s, uint32_t i, const char *path)
{
    if (i < s->n_inputs && !s->inputs[i].path)
        s->inputs[i].path = wn_strdup(path);
}

void wn_run_stats_input_error(wn_run_stats *s, uint32_t i, const char *msg)
{
    if (i < s->n_inputs && !s->inputs[i].error)
        s->inputs[i].error = wn_strdup(msg);
}

#define MAX_LANG_NAME 64

static size_t lang_slot(const wn_run_stats *s, const char *name, size_t len)
{
    size_t mask = s->n_slots - 1;
    size_t i = (size_t)wn_hash64(name, len, 0) & mask;
    while (s->lang_slots[i] >= 0) {
        const char *n = s->langs[s->lang_slots[i]].name;
        if (strlen(n) == len && memcmp(n, name, len) == 0)
            break;
        i = (i + 1) & mask;
    }
    return i;
}

static bool lang_grow(wn_run_stats *s)
{
    size_t n = s->n_slots ? s->n_slots * 2 : 64;
    int32_t *slots = wn_malloc(n * sizeof *slots);
    if (!slots || WN_GROW(s->langs, s->langs_cap, n / 2, 32, WN_RUN_LANGS_MAX)) {
        wn_free(slots);
        return false;
    }
    for (size_t i = 0; i < n; i++)
        slots[i] = -1;
    wn_free(s->lang_slots);
    s->lang_slots = slots;
    s->n_slots = n;
    for (size_t k = 0; k < s->n_langs; k++)
        s->lang_slots[lang_slot(s, s->langs[k].name, strlen(s->langs[k].name))] = (int32_t)k;
    return true;
}

wn_lang_stats *wn_run_stats_lang(wn_run_stats *s, const char *name, size_t len)
{
    /* at most half full, so probes stay short and always end */
    if (s->n_langs + 1 > s->n_slots / 2 && !lang_grow(s))
        return NULL;
    size_t i = lang_slot(s, name, len);
    if (s->lang_slots[i] >= 0)
        return &s->langs[s->lang_slots[i]];
    char *copy = wn_malloc(len + 1);
    if (!copy)
        return NULL;
    memcpy(copy, name, len);
    copy[len] = '\0';
    s->langs[s->n_langs] = (wn_lang_stats){ copy, 0, 0 };
    s->lang_slots[i] = (int32_t)s->n_langs;
    return &s->langs[s->n_langs++];
}

/* The document's metadata "language" when it is a plain JSON string (labels are codes such
 * as "en" or "hye_Armn": no escapes). */
static void count_language(wn_run_stats *s, const wn_doc *d)
{
    wn_slice v = wn_doc_meta_get(d, "language");
    if (v.len < 3 || v.len > MAX_LANG_NAME + 2 || v.ptr[0] != '"' || v.ptr[v.len - 1] != '"' ||
        memchr(v.ptr, '\\', v.len))
        return;
    wn_lang_stats *l = wn_run_stats_lang(s, v.ptr + 1, v.len - 2);
    if (l) {
        if (d->status == WN_DOC_KEPT)
            l->kept++;
        else
            l->dropped++;
    }
}

void wn_run_stats_count(wn_run_stats *s, const wn_doc *d)
{
    count_language(s, d);
    wn_input_stats *in = d->input_index < s->n_inputs ? &s->inputs[d->input_index] : NULL;
    s->in++;
    s->bytes_in += d->bytes_in;
    s->utf8_replaced += d->utf8_replaced;
    if (in)
        in->in++;
    const char *reason = d->reason ? d->reason : "unknown";
    WN_ASSERT(d->status == WN_DOC_KEPT || d->status == WN_DOC_DROPPED || d->status == WN_DOC_FAILED);
    switch (d->status) {
    case WN_DOC_KEPT:
        s->kept++;
        s->text_bytes_kept += d->text.len;
        if (in) in->kept++;
        break;
    case WN_DOC_DROPPED:
        s->dropped++;
        if (in) in->dropped++;
        wn_counter_add(&s->dropped_reasons, reason, 1);
        break;
    case WN_DOC_FAILED:
        s->failed++;
        if (in) in->failed++;
        wn_counter_add(&s->failed_reasons, reason, 1);
        break;
    }
    /* in = kept + dropped + failed, for the run and for the input (README, stats.json) */
    WN_ASSERT(s->in == s->kept + s->dropped + s->failed);
    WN_ASSERT(!in || in->in == in->kept + in->dropped + in->failed);
}

wn_status wn_run_stats_add_stage(wn_run_stats *s, const char *name, const wn_stage_stats *st)
{
    wn_status gs = WN_GROW(s->stages, s->stages_cap, s->n_stages + 1, 8, WN_RUN_STAGES_MAX);
    char *copy = gs ? NULL : wn_strdup(name);
    if (!copy) {
        s->stages_lost++;
        return gs ? gs : WN_ERR_NOMEM;
    }
    s->stages[s->n_stages].name = copy;
    memset(&s->stages[s->n_stages].s, 0, sizeof(wn_stage_stats));
    wn_stage_stats_merge(&s->stages[s->n_stages].s, st);
    s->n_stages++;
    return WN_OK;
}

const char *wn_run_stats_lost(const wn_run_stats *s)
{
    if (s->dropped_reasons.lost)
        return "dropped_reasons";
    if (s->failed_reasons.lost)
        return "failed_reasons";
    if (s->reader.lost)
        return "reader";
    if (s->stages_lost)
        return "stages";
    for (size_t i = 0; i < s->n_stages; i++)
        if (s->stages[i].s.counters.lost)
            return s->stages[i].name ? s->stages[i].name : "a stage";
    return NULL;
}

void wn_run_stats_summary(const wn_run_stats *s, wn_run_summary *out)
{
    memset(out, 0, sizeof *out);
    out->in = s->in;
    out->kept = s->kept;
    out->dropped = s->dropped;
    out->failed = s->failed;
    out->bytes_in = s->bytes_in;
    out->inputs = s->n_inputs;
    for (size_t i = 0; i < s->n_inputs; i++)
        if (s->inputs[i].error)
            out->inputs_failed++;
}

static int cmp_count(const void *a, const void *b)
{
    return strcmp(((const wn_named_count *)a)->name, ((const wn_named_count *)b)->name);
}

static void counts_json(wn_buf *o, const wn_counters *c)
{
    wn_named_count *v = NULL;
    if (c->n) {
        v = wn_malloc(c->n * sizeof *v);
        if (v) {
            memcpy(v, c->v, c->n * sizeof *v);
            qsort(v, c->n, sizeof *v, cmp_count);
        }
    }
    wn_buf_append_char(o, '{');
    for (size_t i = 0; v && i < c->n; i++) {
        if (i)
            wn_buf_append_char(o, ',');
        wn_json_escape(o, v[i].name, strlen(v[i].name));
        wn_buf_printf(o, ":%llu", (unsigned long long)v[i].n);
    }
    wn_buf_append_char(o, '}');
    wn_free(v);
}

static int cmp_lang(const void *a, const void *b)
{
    return strcmp(((const wn_lang_stats *)a)->name, ((const wn_lang_stats *)b)->name);
}

/* "en": {"kept": K, "dropped": D}, ... sorted by name: the order of arrival depends on
 * nothing the reader of stats.json should see. */
static void lang_json(wn_buf *o, const wn_run_stats *s)
{
    if (!s->n_langs)
        return;
    wn_lang_stats *v = wn_malloc(s->n_langs * sizeof *v);
    if (!v)
        return;
    memcpy(v, s->langs, s->n_langs * sizeof *v);
    qsort(v, s->n_langs, sizeof *v, cmp_lang);
    for (size_t i = 0; i < s->n_langs; i++) {
        if (i)
            wn_buf_append_str(o, ", ");
        wn_json_escape(o, v[i].name, strlen(v[i].name));
        wn_buf_printf(o, ": {\"kept\": %llu, \"dropped\": %llu}", (unsigned long long)v[i].kept,
                      (unsigned long long)v[i].dropped);
    }
    wn_free(v);
}

/* One line (tests that compare stats.json across -j and ranks drop it, as "seconds"). */
static void timing_json(wn_buf *o, const wn_run_timing *t, double wall)
{
    wn_buf_printf(o, "  \"timing\": {\"wall_seconds\": %.3f, \"passes\": {", wall);
    for (size_t i = 0; i < t->n_passes; i++) {
        if (i)
            wn_buf_append_str(o, ", ");
        wn_json_escape(o, t->pass_name[i], strlen(t->pass_name[i]));
        wn_buf_printf(o, ": %.3f", t->pass_seconds[i]);
    }
    wn_buf_append_str(o, "}, \"cpu_seconds\": {");
    for (size_t i = 0; i < t->n_cpu; i++) {
        if (i)
            wn_buf_append_str(o, ", ");
        wn_json_escape(o, t->cpu_name[i], strlen(t->cpu_name[i]));
        wn_buf_printf(o, ": %.3f", t->cpu_seconds[i]);
    }
    wn_buf_append_str(o, "}},\n");
}

wn_status wn_run_stats_json(const wn_run_stats *s, wn_buf *o, double seconds, unsigned threads,
                            const char *command_line, const wn_run_timing *timing)
{
    wn_run_summary sum;
    wn_run_stats_summary(s, &sum);
    wn_buf_printf(o, "{\n  \"version\": \"%s\",\n  \"command\": ", WN_VERSION);
    const char *cl = command_line ? command_line : "";
    wn_json_escape(o, cl, strlen(cl));
    wn_buf_printf(o, ",\n  \"documents\": {\"in\": %llu, \"kept\": %llu, \"dropped\": %llu, \"failed\": %llu},\n",
                  (unsigned long long)s->in, (unsigned long long)s->kept,
                  (unsigned long long)s->dropped, (unsigned long long)s->failed);
    if (s->limit)
        wn_buf_printf(o, "  \"limit\": {\"documents\": %llu, \"reached\": %s, \"read\": %llu},\n",
                      (unsigned long long)s->limit, s->limit_reached ? "true" : "false",
                      (unsigned long long)s->in);
    wn_buf_printf(o, "  \"inputs\": {\"count\": %zu, \"failed\": %llu},\n", s->n_inputs,
                  (unsigned long long)sum.inputs_failed);
    wn_buf_append_str(o, "  \"reasons\": {\"dropped\": ");
    counts_json(o, &s->dropped_reasons);
    wn_buf_append_str(o, ", \"failed\": ");
    counts_json(o, &s->failed_reasons);
    wn_buf_append_str(o, "},\n  \"languages\": {");
    lang_json(o, s);
    wn_buf_append_str(o, "},\n  \"reader\": ");
    counts_json(o, &s->reader);
    wn_buf_append_str(o, ",\n  \"stages\": [");
    for (size_t i = 0; i < s->n_stages; i++) {
        const wn_stage_stats *st = &s->stages[i].s;
        wn_buf_append_str(o, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
        wn_json_escape(o, s->stages[i].name, strlen(s->stages[i].name));
        wn_buf_printf(o, ", \"in\": %llu, \"dropped\": %llu, \"failed\": %llu, \"counters\": ",
                      (unsigned long long)st->in, (unsigned long long)st->dropped,
                      (unsigned long long)st->failed);
        counts_json(o, &st->counters);
        wn_buf_append_char(o, '}');
    }
    wn_buf_printf(o, "\n  ],\n  \"bytes\": {\"in\": %llu, \"text_kept\": %llu},\n"
                     "  \"utf8_replaced\": %llu,\n  \"seconds\": %.3f,\n  \"threads\": %u,\n",
                  (unsigned long long)s->bytes_in, (unsigned long long)s->text_bytes_kept,
                  (unsigned long long)s->utf8_replaced, seconds, threads);
    if (timing)
        timing_json(o, timing, seconds);
    if (s->ranks > 1)
        wn_buf_printf(o, "  \"ranks\": %u,\n", s->ranks);
    wn_buf_append_str(o, "  \"per_input\": [");
    for (size_t i = 0; i < s->n_inputs; i++) {
        const wn_input_stats *in = &s->inputs[i];
        wn_buf_append_str(o, i ? ",\n    {\"path\": " : "\n    {\"path\": ");
        const char *p = in->path ? in->path : "";
        wn_json_escape(o, p, strlen(p));
        wn_buf_printf(o, ", \"in\": %llu, \"kept\": %llu, \"dropped\": %llu, \"failed\": %llu",
                      (unsigned long long)in->in, (unsigned long long)in->kept,
                      (unsigned long long)in->dropped, (unsigned long long)in->failed);
        if (in->error) {
            wn_buf_append_str(o, ", \"error\": ");
            wn_json_escape(o, in->error, strlen(in->error));
        }
        wn_buf_append_char(o, '}');
    }
    return wn_buf_append_str(o, "\n  ]\n}\n");
}

void wn_run_stats_merge(wn_run_stats *dst, const wn_run_stats *src)
{
    dst->in += src->in;
    dst->kept += src->kept;
    dst->dropped += src->dropped;
    dst->failed += src->failed;
    dst->bytes_in += src->bytes_in;
    dst->text_bytes_kept += src->text_bytes_kept;
    dst->utf8_replaced += src->utf8_replaced;
    for (size_t i = 0; i < src->n_inputs && i < dst->n_inputs; i++) {
        wn_input_stats *d = &dst->inputs[i];
        const wn_input_stats *s = &src->inputs[i];
        d->in += s->in;
        d->kept += s->kept;
        d->dropped += s->dropped;
        d->failed += s->failed;
        if (s->error && !d->error)
            d->error = wn_strdup(s->error);
        if (s->path && !d->path)
            d->path = wn_strdup(s->path);
    }
    for (size_t i = 0; i < src->n_langs; i++) {
        const wn_lang_stats *l = &src->langs[i];
        wn_lang_stats *t = wn_run_stats_lang(dst, l->name, strlen(l->name));
        if (t) {
            t->kept += l->kept;
            t->dropped += l->dropped;
        }
    }
    wn_counters_merge(&dst->dropped_reasons, &src->dropped_reasons);
    wn_counters_merge(&dst->failed_reasons, &src->failed_reasons);
    wn_counters_merge(&dst->reader, &src->reader);
}

void wn_run_stats_free(wn_run_stats *s)
{
    for (size_t i = 0; i < s->n_inputs; i++) {
        wn_free(s->inputs[i].path);
        wn_free(s->inputs[i].error);
    }
    wn_free(s->inputs);
    wn_counters_free(&s->dropped_reasons);
    wn_counters_free(&s->failed_reasons);
    wn_counters_free(&s->reader);
    for (size_t i = 0; i < s->n_langs; i++)
        wn_free(s->langs[i].name);
    wn_free(s->langs);
    wn_free(s->lang_slots);
    for (size_t i = 0; i < s->n_stages; i++) {
        wn_free(s->stages[i].name);
        wn_stage_stats_free(&s->stages[i].s);
    }
    wn_free(s->stages);
    memset(s, 0, sizeof *s);
}
