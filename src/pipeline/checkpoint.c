/* checkpoint.c: writing and reading the checkpoint file (format in checkpoint.h).
 *
 * The file is a journal of records. The first is a full one:
 *
 *   winnow-checkpoint 2
 *   key K
 *   docs D
 *   streams N                 then "stream INDEX FILE_BYTES IN_SHARD NAME" per output stream:
 *                             its open shard (or next), the bytes of it on disk and their
 *                             uncompressed size (wn_shard_pos), and its folder
 *   totals IN KEPT DROPPED FAILED BYTES_IN TEXT_BYTES_KEPT UTF8_REPLACED
 *   inputs N                  then "input I IN KEPT DROPPED FAILED" for each input I with documents
 *   reason dropped|failed COUNT NAME
 *   language KEPT DROPPED NAME
 *   stages N                  then per stage "stage IN DROPPED FAILED" and its "counter COUNT NAME"
 *   end HASH                  wn_hash64 of the record's bytes before this line
 *
 * Each later record (appended at a shard cut) starts with "next" instead of the magic line and
 * lists only the inputs that got documents since the record before: the cost of a cut does not
 * grow with the inputs already done. Its HASH is seeded with the previous record's, so records
 * cannot be mixed between files. A record that does not check (a write cut short) ends the
 * journal: the records before it are a complete, earlier checkpoint. The record that counts is
 * the last good one, with each input's counts from the last record that listed it.
 *
 * NAME is the rest of the line with '%', CR and LF written as %25, %0D, %0A. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pipeline/checkpoint.h"
#include "common/check.h"
#include "common/grow.h"

#define MAGIC "winnow-checkpoint 3\n"
#define NEXT "next\n"
#define HASH_SEED 0x636b7074ULL   /* "ckpt" */
#define MAX_LINE 4096

static void put_name(wn_buf *o, const char *name)
{
    for (const char *q = name; *q; q++) {
        if (*q == '%' || *q == '\n' || *q == '\r')
            wn_buf_printf(o, "%%%02X", (unsigned)(unsigned char)*q);
        else
            wn_buf_append_char(o, *q);
    }
    wn_buf_append_char(o, '\n');
}

static void put_counters(wn_buf *o, const char *prefix, const wn_counters *c)
{
    for (size_t i = 0; i < c->n; i++) {
        wn_buf_printf(o, "%s%llu ", prefix, (unsigned long long)c->v[i].n);
        put_name(o, c->v[i].name);
    }
}

wn_status wn_checkpoint_format_record(wn_buf *o, wn_checkpoint *c, const wn_run_stats *s,
                                      const wn_stage_stats *stages, size_t n_stages, bool first,
                                      size_t first_input, size_t end_input)
{
    wn_buf_reset(o);
    wn_buf_append_str(o, first ? MAGIC : NEXT);
    wn_buf_printf(o, "key %llu\ndocs %llu\nstreams %zu\n", (unsigned long long)c->key,
                  (unsigned long long)c->docs, c->n_streams);
    for (size_t i = 0; i < c->n_streams; i++) {
        const wn_checkpoint_stream *cs = &c->streams[i];
        wn_buf_printf(o, "stream %u %llu %llu ", cs->pos.index, (unsigned long long)cs->pos.file_bytes,
                      (unsigned long long)cs->pos.in_shard);
        put_name(o, cs->name);
    }
    wn_buf_printf(o, "totals %llu %llu %llu %llu %llu %llu %llu\n", (unsigned long long)s->in,
                  (unsigned long long)s->kept, (unsigned long long)s->dropped,
                  (unsigned long long)s->failed, (unsigned long long)s->bytes_in,
                  (unsigned long long)s->text_bytes_kept, (unsigned long long)s->utf8_replaced);
    wn_buf_printf(o, "inputs %zu\n", s->n_inputs);
    if (first)
        first_input = 0, end_input = s->n_inputs;
    for (size_t i = first_input; i < end_input && i < s->n_inputs; i++) {
        const wn_input_stats *in = &s->inputs[i];
        if (in->in)   /* counts only grow: an input not listed has none, or those listed before */
            wn_buf_printf(o, "input %zu %llu %llu %llu %llu\n", i, (unsigned long long)in->in,
                          (unsigned long long)in->kept, (unsigned long long)in->dropped,
                          (unsigned long long)in->failed);
    }
    put_counters(o, "reason dropped ", &s->dropped_reasons);
    put_counters(o, "reason failed ", &s->failed_reasons);
    for (size_t i = 0; i < s->n_langs; i++) {
        wn_buf_printf(o, "language %llu %llu ", (unsigned long long)s->langs[i].kept,
                      (unsigned long long)s->langs[i].dropped);
        put_name(o, s->langs[i].name);
    }
    wn_buf_printf(o, "stages %zu\n", n_stages);
    for (size_t i = 0; i < n_stages; i++) {
        wn_buf_printf(o, "stage %llu %llu %llu\n", (unsigned long long)stages[i].in,
                      (unsigned long long)stages[i].dropped, (unsigned long long)stages[i].failed);
        put_counters(o, "counter ", &stages[i].counters);
    }
    uint64_t h = wn_hash64(o->data, o->len, first ? HASH_SEED : c->last_hash);
    wn_status st = wn_buf_printf(o, "end %llu\n", (unsigned long long)h);
    if (!st)
        c->last_hash = h;
    return st;
}

wn_status wn_checkpoint_format(wn_buf *o, const wn_checkpoint *c, const wn_run_stats *s,
                               const wn_stage_stats *stages, size_t n_stages)
{
    wn_checkpoint tmp = *c;
    return wn_checkpoint_format_record(o, &tmp, s, stages, n_stages, true, 0, s->n_inputs);
}

/* ---- parsing ---------------------------------------------------------------------------------- */

typedef struct {
    const char *p, *end;
    char line[MAX_LINE + 1];
    char *why;
    size_t why_cap;
} cursor;

static wn_status ckpt_bad(cursor *cu, const char *what)
{
    snprintf(cu->why, cu->why_cap, "%s", what);
    return WN_ERR_FORMAT;
}

/* Copies the next line (without its LF) into cu->line; false at the end or when too long. */
static bool next_line(cursor *cu)
{
    if (cu->p >= cu->end)
        return false;
    const char *nl = memchr(cu->p, '\n', (size_t)(cu->end - cu->p));
    if (!nl || (size_t)(nl - cu->p) > MAX_LINE)
        return false;
    size_t n = (size_t)(nl - cu->p);
    memcpy(cu->line, cu->p, n);
    cu->line[n] = '\0';
    cu->p = nl + 1;
    return true;
}

/* Reads `n` unsigned decimal numbers after the word `tag`; returns where the text after them
 * starts (after one space), or NULL. Strict: digits only, no sign, no overflow. */
static const char *read_nums(const char *line, const char *tag, uint64_t *v, size_t n)
{
    size_t tl = strlen(tag);
    if (strncmp(line, tag, tl) != 0)
        return NULL;
    const char *q = line + tl;
    for (size_t i = 0; i < n; i++) {
        if (*q != ' ' || q[1] < '0' || q[1] > '9')
            return NULL;
        q++;
        uint64_t x = 0;
        for (; *q >= '0' && *q <= '9'; q++) {
            unsigned d = (unsigned)(*q - '0');
            if (x > (UINT64_MAX - d) / 10)
                return NULL;
            x = x * 10 + d;
        }
        v[i] = x;
    }
    return q;
}

static bool line_is(const char *line, const char *tag, uint64_t *v, size_t n)
{
    const char *q = read_nums(line, tag, v, n);
    return q && *q == '\0';
}

static int ckpt_hexval(char ch)
{
    return ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
}

/* Decodes a NAME (after "COUNT ") and keeps it in c->names, which owns it. */
static const char *take_name(wn_checkpoint *c, const char *q)
{
    if (*q != ' ' || q[1] == '\0')
        return NULL;
    q++;
    size_t n = strlen(q);
    char *s = wn_malloc(n + 1);
    if (!s || WN_GROW(c->names, c->names_cap, c->n_names + 1, 16, WN_CHECKPOINT_NAMES_MAX)) {
        wn_free(s);
        return NULL;
    }
    c->names[c->n_names++] = s;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (q[i] != '%') {
            s[k++] = q[i];
            continue;
        }
        int hi = i + 2 < n ? ckpt_hexval(q[i + 1]) : -1;
        int lo = i + 2 < n ? ckpt_hexval(q[i + 2]) : -1;
        if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
            return NULL;
        s[k++] = (char)(hi * 16 + lo);
        i += 2;
    }
    s[k] = '\0';
    return k ? s : NULL;
}

static wn_status parse_counter(cursor *cu, wn_checkpoint *c, const char *tag, wn_counters *dst)
{
    uint64_t v;
    const char *q = read_nums(cu->line, tag, &v, 1);
    const char *name = q ? take_name(c, q) : NULL;
    if (!name)
        return ckpt_bad(cu, "bad counter line");
    wn_counter_add(dst, name, v);
    return WN_OK;
}

typedef enum { REC_OK, REC_TORN, REC_BAD } rec_check;

/* Checks the record at p: finds its "end HASH" line and compares HASH with the record's bytes
 * before it, hashed with `seed`. *body_end = where that line starts, *next = after it. TORN: the
 * file ends before any end line (an append cut short); BAD: the line is there and wrong. */
static rec_check check_record(const char *p, const char *end, uint64_t seed, uint64_t *h,
                              const char **body_end, const char **next)
{
    for (const char *q = p; q < end;) {
        const char *nl = memchr(q, '\n', (size_t)(end - q));
        if (!nl)
            return REC_TORN;
        if (nl - q >= 4 && memcmp(q, "end ", 4) == 0) {
            char line[MAX_LINE + 1];
            uint64_t v;
            size_t len = (size_t)(nl - q);
            if (len > MAX_LINE)
                return REC_BAD;
            memcpy(line, q, len);
            line[len] = '\0';
            if (!line_is(line, "end", &v, 1) || wn_hash64(p, (size_t)(q - p), seed) != v)
                return REC_BAD;
            *h = v;
            *body_end = q;
            *next = nl + 1;
            return REC_OK;
        }
        q = nl + 1;
    }
    return REC_TORN;
}

/* The leading lines of a record (key, docs, shards, totals, inputs N) and its "input" lines,
 * which set those inputs' counts. Leaves cu on the first line after them (in cu->line; false
 * in *more when there is none). */
static wn_status parse_head(cursor *cu, wn_checkpoint *c, wn_run_stats *s, bool *more)
{
    uint64_t v[7];
    if (!next_line(cu) || !line_is(cu->line, "key", v, 1))
        return ckpt_bad(cu, "no key");
    c->key = v[0];
    if (!next_line(cu) || !line_is(cu->line, "docs", v, 1))
        return ckpt_bad(cu, "no document count");
    c->docs = v[0];
    if (!next_line(cu) || !line_is(cu->line, "streams", v, 1) || v[0] > WN_CHECKPOINT_STREAMS_MAX)
        return ckpt_bad(cu, "no output streams");
    size_t n_streams = (size_t)v[0];
    c->n_streams = 0;
    for (size_t i = 0; i < n_streams; i++) {
        const char *q;
        if (!next_line(cu) || !(q = read_nums(cu->line, "stream", v, 3)) || v[0] > 0xFFFFFFu || *q != ' ')
            return ckpt_bad(cu, "bad stream line");
        size_t nl = strlen(q + 1);
        if (nl == 0 || nl >= WN_CHECKPOINT_STREAM_NAME || strchr(q + 1, '%') || strstr(q + 1, "..") ||
            q[1] == '/')
            return ckpt_bad(cu, "bad stream name");
        if (WN_GROW(c->streams, c->streams_cap, c->n_streams + 1, 4, WN_CHECKPOINT_STREAMS_MAX))
            return ckpt_bad(cu, "out of memory");
        wn_checkpoint_stream *cs = &c->streams[c->n_streams++];
        memcpy(cs->name, q + 1, nl + 1);
        cs->pos = (wn_shard_pos){ (unsigned)v[0], v[1], v[2] };
    }
    if (!next_line(cu) || !line_is(cu->line, "totals", v, 7))
        return ckpt_bad(cu, "no totals");
    s->in = v[0], s->kept = v[1], s->dropped = v[2], s->failed = v[3];
    s->bytes_in = v[4], s->text_bytes_kept = v[5], s->utf8_replaced = v[6];
    if (s->in != s->kept + s->dropped + s->failed || s->in != c->docs)
        return ckpt_bad(cu, "totals do not add up");
    if (!next_line(cu) || !line_is(cu->line, "inputs", v, 1) || v[0] != s->n_inputs)
        return ckpt_bad(cu, "another number of inputs");
    uint64_t after = 0;   /* input lines come in increasing order */
    while ((*more = next_line(cu)) && strncmp(cu->line, "input ", 6) == 0) {
        if (!line_is(cu->line, "input", v, 5) || v[0] >= s->n_inputs || v[0] < after ||
            v[1] != v[2] + v[3] + v[4])
            return ckpt_bad(cu, "bad input line");
        after = v[0] + 1;
        wn_input_stats *in = &s->inputs[v[0]];
        in->in = v[1], in->kept = v[2], in->dropped = v[3], in->failed = v[4];
    }
    return WN_OK;
}

wn_status wn_checkpoint_parse(const char *p, size_t n, wn_checkpoint *c, wn_run_stats *s,
                              wn_stage_stats *stages, size_t n_stages, char *why, size_t why_cap)
{
    cursor cu = { .p = p, .end = p + n, .why = why, .why_cap = why_cap };
    uint64_t v[7];
    size_t ml = strlen(MAGIC), nl_len = strlen(NEXT);
    if (n < ml || memcmp(p, MAGIC, ml) != 0)
        return ckpt_bad(&cu, "not a winnow checkpoint");
    /* the checksums first, record by record: nothing is believed from a damaged one. The
     * inputs' counts are taken from every good record; the rest from the last one. */
    const char *rec = p, *end = p + n, *last = NULL, *last_end = NULL;
    uint64_t seed = HASH_SEED;
    bool more = false;
    wn_status st;
    while (rec < end) {
        bool first = rec == p;
        const char *body_end, *next;
        uint64_t h;
        rec_check rc = check_record(rec, end, seed, &h, &body_end, &next);
        if (rc == REC_TORN && !first)
            break;   /* an append cut short: the journal ends at the record before */
        if (rc != REC_OK)
            return ckpt_bad(&cu, rc == REC_TORN ? "truncated" : "checksum mismatch");
        if (!first && ((size_t)(end - rec) < nl_len || memcmp(rec, NEXT, nl_len) != 0))
            return ckpt_bad(&cu, "bad record start");
        cursor rc_cu = { .p = rec + (first ? ml : nl_len), .end = body_end, .why = why, .why_cap = why_cap };
        if ((st = parse_head(&rc_cu, c, s, &more)))
            return st;
        last = rec + (first ? ml : nl_len);
        last_end = body_end;
        c->last_hash = seed = h;
        rec = next;
    }
    /* the last good record in full */
    cu.p = last;
    cu.end = last_end;
    if ((st = parse_head(&cu, c, s, &more)))
        return st;
    uint64_t sum[4] = { 0, 0, 0, 0 };
    for (size_t i = 0; i < s->n_inputs; i++) {
        sum[0] += s->inputs[i].in, sum[1] += s->inputs[i].kept;
        sum[2] += s->inputs[i].dropped, sum[3] += s->inputs[i].failed;
    }
    if (sum[0] != s->in || sum[1] != s->kept || sum[2] != s->dropped || sum[3] != s->failed)
        return ckpt_bad(&cu, "the inputs' counts do not add up to the totals");
    while (more && strncmp(cu.line, "reason ", 7) == 0) {
        if (strncmp(cu.line, "reason dropped ", 15) == 0)
            st = parse_counter(&cu, c, "reason dropped", &s->dropped_reasons);
        else
            st = parse_counter(&cu, c, "reason failed", &s->failed_reasons);
        if (st)
            return st;
        more = next_line(&cu);
    }
    while (more && strncmp(cu.line, "language ", 9) == 0) {
        const char *q = read_nums(cu.line, "language", v, 2);
        const char *name = q ? take_name(c, q) : NULL;
        wn_lang_stats *l = name ? wn_run_stats_lang(s, name, strlen(name)) : NULL;
        if (!l)
            return ckpt_bad(&cu, "bad language line");
        l->kept += v[0];
        l->dropped += v[1];
        more = next_line(&cu);
    }
    if (!more || !line_is(cu.line, "stages", v, 1) || v[0] != n_stages)
        return ckpt_bad(&cu, "another number of stages");
    size_t si = 0;
    more = next_line(&cu);
    while (more) {
        if (line_is(cu.line, "stage", v, 3)) {
            if (si == n_stages)
                return ckpt_bad(&cu, "too many stages");
            stages[si].in = v[0], stages[si].dropped = v[1], stages[si].failed = v[2];
            si++;
        } else if (si == 0 || (st = parse_counter(&cu, c, "counter", &stages[si - 1].counters))) {
            return ckpt_bad(&cu, "bad stage line");
        }
        more = next_line(&cu);
    }
    if (cu.p != cu.end)
        return ckpt_bad(&cu, "line too long");
    if (si != n_stages)
        return ckpt_bad(&cu, "missing stages");
    return WN_OK;
}

void wn_checkpoint_free(wn_checkpoint *c)
{
    wn_free(c->streams);
    c->streams = NULL;
    c->n_streams = c->streams_cap = 0;
    for (size_t i = 0; i < c->n_names; i++)
        wn_free(c->names[i]);
    wn_free(c->names);
    c->names = NULL;
    c->n_names = c->names_cap = 0;
}

/* ---- packs: a rank's counts for the others ------------------------------------------------------
 *
 *   LEN\n        bytes of the checkpoint text that follows (key 0, docs = documents counted)
 *   the checkpoint text
 *   reader COUNT NAME        per reader counter
 *   error INDEX MESSAGE      per input with a stream error (MESSAGE encoded as NAME) */

wn_status wn_stats_pack(wn_buf *o, const wn_run_stats *s, const wn_stage_stats *stages,
                        size_t n_stages)
{
    wn_buf ck;
    wn_buf_init(&ck, WN_COMM_GATHER_MAX);   /* it goes to every rank in one exchange */
    wn_checkpoint c = { .key = 0, .docs = s->in };
    wn_status st = wn_checkpoint_format(&ck, &c, s, stages, n_stages);
    wn_buf_reset(o);
    if (!st)
        st = wn_buf_printf(o, "%zu\n", ck.len);
    if (!st)
        st = wn_buf_append(o, ck.data, ck.len);
    wn_buf_free(&ck);
    put_counters(o, "reader ", &s->reader);
    for (size_t i = 0; i < s->n_inputs; i++)
        if (s->inputs[i].error && s->inputs[i].error[0]) {
            wn_buf_printf(o, "error %zu ", i);
            put_name(o, s->inputs[i].error);
        }
    return st ? st : wn_buf_append_str(o, "");
}

wn_status wn_stats_unpack_add(const char *p, size_t n, wn_checkpoint *names, wn_run_stats *s,
                              wn_stage_stats *stages, size_t n_stages, char *why, size_t why_cap)
{
    const char *nl = memchr(p, '\n', n < 32 ? n : 32);
    char *end = NULL;
    unsigned long long len = nl ? strtoull(p, &end, 10) : 0;
    if (!nl || end != nl || len > n - (size_t)(nl + 1 - p)) {
        snprintf(why, why_cap, "bad pack header");
        return WN_ERR_FORMAT;
    }
    const char *ck = nl + 1;
    wn_run_stats t;
    wn_stage_stats *ts = wn_calloc(n_stages + 1, sizeof *ts);
    wn_status st = ts ? wn_run_stats_init(&t, s->n_inputs) : WN_ERR_NOMEM;
    if (st) {
        wn_free(ts);
        return st;
    }
    wn_checkpoint c = { 0 };
    st = wn_checkpoint_parse(ck, (size_t)len, &c, &t, ts, n_stages, why, why_cap);
    cursor cu = { .p = ck + len, .end = p + n, .why = why, .why_cap = why_cap };
    while (!st && next_line(&cu)) {
        uint64_t v;
        const char *q;
        if (!strncmp(cu.line, "reader ", 7)) {
            st = parse_counter(&cu, &c, "reader", &t.reader);
        } else if ((q = read_nums(cu.line, "error", &v, 1)) != NULL && v < t.n_inputs) {
            const char *msg = take_name(&c, q);
            if (!msg)
                st = ckpt_bad(&cu, "bad error line");
            else if (!t.inputs[v].error)
                t.inputs[v].error = wn_strdup(msg);
        } else {
            st = ckpt_bad(&cu, "bad pack line");
        }
    }
    if (!st && cu.p != cu.end)
        st = ckpt_bad(&cu, "line too long");
    /* the names the counters will point to move to the caller's keeping: room first, so that
     * nothing is added when there is none */
    if (!st)
        st = WN_GROW(names->names, names->names_cap, names->n_names + c.n_names + 1, 16,
                     WN_CHECKPOINT_NAMES_MAX);
    if (!st) {
        if (c.n_names)
            memcpy(names->names + names->n_names, c.names, c.n_names * sizeof *c.names);
        names->n_names += c.n_names;
        wn_free(c.names);
        c.names = NULL;
        c.n_names = c.names_cap = 0;
        wn_run_stats_merge(s, &t);
        for (size_t i = 0; i < n_stages; i++)
            wn_stage_stats_merge(&stages[i], &ts[i]);
    }
    for (size_t i = 0; i < n_stages; i++)
        wn_stage_stats_free(&ts[i]);
    wn_free(ts);
    wn_run_stats_free(&t);
    wn_checkpoint_free(&c);
    return st;
}
