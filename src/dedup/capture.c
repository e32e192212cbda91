/* capture.c: a document's state after the per-document stages, as a checked record (format
 * in capture.h). */
#include <string.h>
#include "dedup/capture.h"

static wn_status put32(wn_buf *o, uint32_t v) { return wn_buf_append(o, &v, 4); }
static wn_status put64(wn_buf *o, uint64_t v) { return wn_buf_append(o, &v, 8); }
static wn_status putb(wn_buf *o, const void *p, size_t n)
{
    if (n > UINT32_MAX)
        return WN_ERR_TOO_LARGE;
    wn_status st = put32(o, (uint32_t)n);
    return st ? st : wn_buf_append(o, p, n);
}

wn_status wn_capture_encode(wn_buf *o, const wn_doc *d, uint32_t left_stage,
                            const wn_counters *counts, size_t n_stages)
{
    wn_status st;
#define TRY(x) do { if ((st = (x))) return st; } while (0)
    TRY(put32(o, left_stage));
    uint32_t nd = 0;
    for (size_t s = 0; s < n_stages; s++)
        nd += (uint32_t)counts[s].n;
    TRY(put32(o, nd));
    for (size_t s = 0; s < n_stages; s++)
        for (size_t i = 0; i < counts[s].n; i++) {
            const char *name = counts[s].v[i].name;
            TRY(put32(o, (uint32_t)s));
            TRY(put32(o, (uint32_t)strlen(name)));
            TRY(put64(o, counts[s].v[i].n));
            TRY(wn_buf_append(o, name, strlen(name)));
        }
    unsigned char status = (unsigned char)d->status;
    TRY(wn_buf_append(o, &status, 1));
    const char *reason = d->reason ? d->reason : "";
    TRY(putb(o, reason, strlen(reason)));
    TRY(putb(o, d->id.data, d->id.len));
    TRY(putb(o, d->source.data, d->source.len));
    TRY(putb(o, d->url.data, d->url.len));
    TRY(putb(o, d->text.data, d->text.len));
    TRY(putb(o, d->detail.data, d->detail.len));
    TRY(put32(o, (uint32_t)d->meta_count));
    for (size_t i = 0; i < d->meta_count; i++) {
        const wn_meta_entry *e = &d->meta[i];
        TRY(putb(o, d->meta_bytes.data + e->key_off, e->key_len));
        TRY(putb(o, d->meta_bytes.data + e->val_off, e->val_len));
    }
    TRY(put64(o, d->bytes_in));
    TRY(put64(o, d->utf8_replaced));
#undef TRY
    return WN_OK;
}

typedef struct {
    const unsigned char *p;
    size_t n, at;
    bool bad;
} cursor;

static uint32_t get32(cursor *c)
{
    uint32_t v = 0;
    if (c->n - c->at < 4) { c->bad = true; return 0; }
    memcpy(&v, c->p + c->at, 4);
    c->at += 4;
    return v;
}

static uint64_t get64(cursor *c)
{
    uint64_t v = 0;
    if (c->n - c->at < 8) { c->bad = true; return 0; }
    memcpy(&v, c->p + c->at, 8);
    c->at += 8;
    return v;
}

static const unsigned char *skip(cursor *c, size_t len)
{
    if (c->bad || c->n - c->at < len) { c->bad = true; return NULL; }
    const unsigned char *r = c->p + c->at;
    c->at += len;
    return r;
}

static wn_slice getb(cursor *c)
{
    uint32_t len = get32(c);
    const unsigned char *r = skip(c, len);
    return r ? (wn_slice){ (const char *)r, len } : (wn_slice){ "", 0 };
}

wn_status wn_capture_parse(const void *p, size_t n, wn_capture_view *v)
{
    memset(v, 0, sizeof *v);
    cursor c = { p, n, 0, false };
    v->left_stage = get32(&c);
    v->n_deltas = get32(&c);
    v->deltas = c.p + c.at;
    for (uint32_t i = 0; i < v->n_deltas && !c.bad; i++) {
        get32(&c);
        uint32_t len = get32(&c);
        get64(&c);
        const unsigned char *name = skip(&c, len);
        if (name && (len == 0 || memchr(name, 0, len)))
            c.bad = true;   /* a counter name is a C string */
    }
    v->deltas_len = c.bad ? 0 : (size_t)(c.p + c.at - v->deltas);
    const unsigned char *status = skip(&c, 1);
    if (status && *status > WN_DOC_FAILED)
        c.bad = true;
    v->status = status ? *status : 0;
    v->reason = getb(&c);
    if (memchr(v->reason.ptr, 0, v->reason.len) || (v->status != WN_DOC_KEPT && v->reason.len == 0))
        c.bad = true;
    v->id = getb(&c);
    v->source = getb(&c);
    v->url = getb(&c);
    v->text = getb(&c);
    v->detail = getb(&c);
    v->n_meta = get32(&c);
    v->meta = c.bad ? NULL : c.p + c.at;
    for (uint32_t i = 0; i < v->n_meta && !c.bad; i++) {
        wn_slice k = getb(&c);
        getb(&c);
        if (k.len == 0 || memchr(k.ptr, 0, k.len))
            c.bad = true;   /* keys are set by name (C strings) */
    }
    v->meta_len = c.bad ? 0 : (size_t)(c.p + c.at - v->meta);
    v->bytes_in = get64(&c);
    v->utf8_replaced = get64(&c);
    if (c.bad || c.at != n)
        return WN_ERR_CORRUPT;
    return WN_OK;
}

/* The record was checked by wn_capture_parse: no bounds to test here. *cur is a byte offset. */
bool wn_capture_next_delta(const wn_capture_view *v, size_t *cur, uint32_t *stage, wn_slice *name,
                           uint64_t *n)
{
    if (*cur >= v->deltas_len)
        return false;
    const unsigned char *p = v->deltas + *cur;
    uint32_t len;
    memcpy(stage, p, 4);
    memcpy(&len, p + 4, 4);
    memcpy(n, p + 8, 8);
    *name = (wn_slice){ (const char *)p + 16, len };
    *cur += 16 + (size_t)len;
    return true;
}

bool wn_capture_next_meta(const wn_capture_view *v, size_t *cur, wn_slice *key, wn_slice *val)
{
    if (*cur >= v->meta_len)
        return false;
    const unsigned char *p = v->meta + *cur;
    uint32_t kl, vl;
    memcpy(&kl, p, 4);
    memcpy(&vl, p + 4 + kl, 4);
    *key = (wn_slice){ (const char *)p + 4, kl };
    *val = (wn_slice){ (const char *)p + 8 + kl, vl };
    *cur += 8 + (size_t)kl + vl;
    return true;
}
