/* report_stats.c: reading stats.json files into one summed wn_report (see winnow/report.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "common/check.h"
#include "common/grow.h"
#include "common/json.h"
#include "pipeline/stats.h"
#include "winnow/report.h"

typedef struct {
    wn_report *r;
    char *err;
    size_t err_cap;
    const char *base;    /* the whole file, for offsets in messages */
} ctx;

static wn_status stats_bad(ctx *c, const char *at, const char *what)
{
    snprintf(c->err, c->err_cap, "offset %zu: %s", (size_t)(at - c->base), what);
    return WN_ERR_FORMAT;
}

static bool stats_key_is(wn_slice key, const char *name)
{
    size_t n = strlen(name);
    return key.len == n + 2 && memcmp(key.ptr + 1, name, n) == 0;
}

/* A JSON number that is a count: digits only (stats.json writes no sign, fraction or exponent). */
static bool as_count(wn_slice v, uint64_t *out)
{
    if (v.len == 0 || v.len > 20)
        return false;
    uint64_t x = 0;
    for (size_t i = 0; i < v.len; i++) {
        unsigned d = (unsigned)(v.ptr[i] - '0');
        if (d > 9 || x > (UINT64_MAX - d) / 10)
            return false;
        x = x * 10 + d;
    }
    *out = x;
    return true;
}

static char *as_string(wn_slice v)
{
    if (v.len < 2 || v.ptr[0] != '"')
        return NULL;
    wn_buf b;
    wn_buf_init(&b, v.len);   /* a JSON string decodes to fewer bytes than it takes */
    if (wn_json_decode_string(v, &b) || wn_buf_append_char(&b, '\0')) {
        wn_buf_free(&b);
        return NULL;
    }
    char *s = wn_strdup(b.data);
    wn_buf_free(&b);
    return s;
}

/* A table's rows: each is named in a stats.json, where a name takes at least 4 bytes
 * ("\"\":0"), and a stats.json is at most WN_STATS_JSON_MAX. */
#define REPORT_ROWS_MAX (WN_STATS_JSON_MAX / 4)

/* The row called `name` (which it takes), found or appended. Tables are small (reasons,
 * stages, languages: at most a few thousand rows), so a linear search is enough. */
static wn_report_row *row(wn_report_table *t, char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->v[i].name, name)) {
            wn_free(name);
            return &t->v[i];
        }
    if (WN_GROW(t->v, t->cap, t->n + 1, 16, REPORT_ROWS_MAX)) {
        wn_free(name);
        return NULL;
    }
    t->v[t->n] = (wn_report_row){ name, { 0, 0, 0, 0 } };
    return &t->v[t->n++];
}

/* {"name": count, ...} summed into table column 0. */
static wn_status add_counts(ctx *c, wn_slice obj, wn_report_table *t)
{
    wn_json j;
    wn_json_init(&j, obj.ptr, obj.len);
    wn_slice k, v;
    wn_status st = wn_json_object_begin(&j);
    while (!st && (st = wn_json_object_next(&j, &k, &v)) == WN_OK) {
        uint64_t n;
        if (!as_count(v, &n))
            return stats_bad(c, v.ptr, "expected a count");
        wn_report_row *r = row(t, as_string(k));
        if (!r)
            return WN_ERR_NOMEM;
        r->v[0] += n;
    }
    return st == WN_END ? WN_OK : stats_bad(c, obj.ptr + (j.p - j.base), j.err ? j.err : "bad object");
}

/* An object of seconds ({"html": 7.25, ...}), added to t as milliseconds. */
static wn_status add_millis(ctx *c, wn_slice obj, wn_report_table *t)
{
    wn_json j;
    wn_json_init(&j, obj.ptr, obj.len);
    wn_slice k, v;
    wn_status st = wn_json_object_begin(&j);
    while (!st && (st = wn_json_object_next(&j, &k, &v)) == WN_OK) {
        char tmp[64], *end;
        if (v.len == 0 || v.len >= sizeof tmp)
            return stats_bad(c, v.ptr, "expected seconds");
        memcpy(tmp, v.ptr, v.len);
        tmp[v.len] = '\0';
        double secs = strtod(tmp, &end);
        if (*end || !(secs >= 0 && secs < 1e12))
            return stats_bad(c, v.ptr, "expected seconds");
        wn_report_row *r = row(t, as_string(k));
        if (!r)
            return WN_ERR_NOMEM;
        r->v[0] += (uint64_t)(secs * 1000 + 0.5);
    }
    return st == WN_END ? WN_OK : stats_bad(c, obj.ptr + (j.p - j.base), j.err ? j.err : "bad object");
}

/* "timing": {"wall_seconds": W, "passes": {...}, "cpu_seconds": {...}} */
static wn_status report_add_timing(ctx *c, wn_slice obj)
{
    wn_json j;
    wn_json_init(&j, obj.ptr, obj.len);
    wn_slice k, v;
    wn_status st = wn_json_object_begin(&j);
    while (!st && (st = wn_json_object_next(&j, &k, &v)) == WN_OK) {
        if (stats_key_is(k, "passes"))
            st = add_millis(c, v, &c->r->passes);
        else if (stats_key_is(k, "cpu_seconds"))
            st = add_millis(c, v, &c->r->cpu);
    }
    if (st == WN_END)
        return WN_OK;
    return c->err[0] ? st : stats_bad(c, obj.ptr + (j.p - j.base), j.err ? j.err : "bad object");
}

/* An object of counts whose keys are among `names`: each adds to dst[index of its name]. */
static wn_status add_fields(ctx *c, wn_slice obj, const char *const *names, uint64_t *dst, size_t n)
{
    wn_json j;
    wn_json_init(&j, obj.ptr, obj.len);
    wn_slice k, v;
    wn_status st = wn_json_object_begin(&j);
    while (!st && (st = wn_json_object_next(&j, &k, &v)) == WN_OK) {
        for (size_t i = 0; i < n; i++) {
            if (!stats_key_is(k, names[i]))
                continue;
            uint64_t x;
            if (!as_count(v, &x))
                return stats_bad(c, v.ptr, "expected a count");
            dst[i] += x;
        }
    }
    return st == WN_END ? WN_OK : stats_bad(c, obj.ptr + (j.p - j.base), j.err ? j.err : "bad object");
}

/* [{"<label>": "...", counts...}, ...]: one row per element, named by its `label` member. */
static wn_status add_rows(ctx *c, wn_slice arr, const char *label, const char *const *names,
                          size_t n_names, wn_report_table *t, uint64_t *n_rows)
{
    wn_json j;
    wn_json_init(&j, arr.ptr, arr.len);
    wn_slice el;
    wn_status st = wn_json_array_begin(&j);
    while (!st && (st = wn_json_array_next(&j, &el)) == WN_OK) {
        wn_json o;
        wn_json_init(&o, el.ptr, el.len);
        wn_slice k, v;
        char *name = NULL;
        wn_status so = wn_json_object_begin(&o);
        while (!so && (so = wn_json_object_next(&o, &k, &v)) == WN_OK)
            if (stats_key_is(k, label) && !name)
                name = as_string(v);
        if (so != WN_END || !name) {
            wn_free(name);
            return stats_bad(c, el.ptr, "expected an object with a name");
        }
        wn_report_row *r = row(t, name);
        if (!r)
            return WN_ERR_NOMEM;
        if ((st = add_fields(c, el, names, r->v, n_names)))
            return st;
        if (n_rows)
            (*n_rows)++;
    }
    return st == WN_END ? WN_OK : stats_bad(c, arr.ptr + (j.p - j.base), j.err ? j.err : "bad array");
}

static wn_status add_languages(ctx *c, wn_slice obj)
{
    static const char *const names[] = { "kept", "dropped" };
    wn_json j;
    wn_json_init(&j, obj.ptr, obj.len);
    wn_slice k, v;
    wn_status st = wn_json_object_begin(&j);
    while (!st && (st = wn_json_object_next(&j, &k, &v)) == WN_OK) {
        wn_report_row *r = row(&c->r->languages, as_string(k));
        if (!r)
            return WN_ERR_NOMEM;
        if ((st = add_fields(c, v, names, r->v, 2)))
            return st;
    }
    return st == WN_END ? WN_OK : stats_bad(c, obj.ptr + (j.p - j.base), j.err ? j.err : "bad object");
}

static wn_status add_member(ctx *c, wn_slice k, wn_slice v)
{
    wn_report *r = c->r;
    if (stats_key_is(k, "documents")) {
        static const char *const names[] = { "in", "kept", "dropped", "failed" };
        uint64_t d[4] = { 0 };
        wn_status st = add_fields(c, v, names, d, 4);
        r->in += d[0], r->kept += d[1], r->dropped += d[2], r->failed += d[3];
        return st;
    }
    if (stats_key_is(k, "inputs")) {
        static const char *const names[] = { "count", "failed" };
        uint64_t d[2] = { 0 };
        wn_status st = add_fields(c, v, names, d, 2);
        r->inputs += d[0], r->inputs_failed += d[1];
        return st;
    }
    if (stats_key_is(k, "bytes")) {
        static const char *const names[] = { "in", "text_kept" };
        uint64_t d[2] = { 0 };
        wn_status st = add_fields(c, v, names, d, 2);
        r->bytes_in += d[0], r->text_kept += d[1];
        return st;
    }
    if (stats_key_is(k, "reasons")) {
        wn_json j;
        wn_json_init(&j, v.ptr, v.len);
        wn_slice k2, v2;
        wn_status st = wn_json_object_begin(&j);
        while (!st && (st = wn_json_object_next(&j, &k2, &v2)) == WN_OK) {
            if (stats_key_is(k2, "dropped"))
                st = add_counts(c, v2, &r->dropped_reasons);
            else if (stats_key_is(k2, "failed"))
                st = add_counts(c, v2, &r->failed_reasons);
        }
        if (st == WN_END)
            return WN_OK;
        return c->err[0] ? st : stats_bad(c, v.ptr + (j.p - j.base), j.err ? j.err : "bad object");
    }
    if (stats_key_is(k, "languages"))
        return add_languages(c, v);
    if (stats_key_is(k, "reader"))
        return add_counts(c, v, &r->reader);
    if (stats_key_is(k, "stages")) {
        static const char *const names[] = { "in", "dropped", "failed" };
        return add_rows(c, v, "name", names, 3, &r->stages, NULL);
    }
    if (stats_key_is(k, "per_input")) {
        static const char *const names[] = { "in", "kept", "dropped", "failed" };
        return add_rows(c, v, "path", names, 4, &r->inputs_table, NULL);
    }
    if (stats_key_is(k, "timing"))
        return report_add_timing(c, v);
    if (stats_key_is(k, "seconds")) {
        char tmp[64];
        if (v.len >= sizeof tmp)
            return stats_bad(c, v.ptr, "bad seconds");
        memcpy(tmp, v.ptr, v.len);
        tmp[v.len] = '\0';
        r->seconds += strtod(tmp, NULL);
    }
    return WN_OK;   /* other members (version, command, threads...) are not summed */
}

wn_status wn_report_add_stats(wn_report *r, const char *json, size_t n, char *err, size_t err_cap)
{
    ctx c = { r, err, err_cap, json };
    err[0] = '\0';
    wn_json j;
    wn_json_init(&j, json, n);
    wn_slice k, v;
    bool has_documents = false;
    wn_status st = wn_json_object_begin(&j);
    while (!st && (st = wn_json_object_next(&j, &k, &v)) == WN_OK) {
        has_documents |= stats_key_is(k, "documents");
        if ((st = add_member(&c, k, v)))
            return st;
    }
    if (st != WN_END)
        return stats_bad(&c, j.p, j.err ? j.err : "not a JSON object");
    if (!wn_json_ws(&j))
        return stats_bad(&c, j.p, "trailing characters");
    if (!has_documents)
        return stats_bad(&c, json, "no \"documents\": not a winnow stats.json");
    r->runs++;
    return WN_OK;
}

static int sort_key, sort_key2;
static int cmp_rows(const void *a, const void *b)
{
    const wn_report_row *x = a, *y = b;
    uint64_t vx = x->v[sort_key] + (sort_key2 >= 0 ? x->v[sort_key2] : 0);
    uint64_t vy = y->v[sort_key] + (sort_key2 >= 0 ? y->v[sort_key2] : 0);
    if (vx != vy)
        return vx > vy ? -1 : 1;
    return strcmp(x->name, y->name);
}

void wn_report_sort(wn_report_table *t, int key, int key2)
{
    /* the report is built on one thread, once: a static comparator key is enough */
    sort_key = key;
    sort_key2 = key2;
    if (t->n > 1)
        qsort(t->v, t->n, sizeof *t->v, cmp_rows);
}

static void table_free(wn_report_table *t)
{
    for (size_t i = 0; i < t->n; i++)
        wn_free(t->v[i].name);
    wn_free(t->v);
    memset(t, 0, sizeof *t);
}

void wn_report_free(wn_report *r)
{
    table_free(&r->dropped_reasons);
    table_free(&r->failed_reasons);
    table_free(&r->languages);
    table_free(&r->stages);
    table_free(&r->passes);
    table_free(&r->cpu);
    table_free(&r->reader);
    table_free(&r->inputs_table);
}
