/* paragraphs.c: paragraph dedup: which lines resolve removes (first occurrence kept), and
 * their removal from a document in apply. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "dedup/dedup_impl.h"

/* Paragraphs: the first occurrence among documents that survive is kept; removal records
 * (seq, line) go to a sorter so that decisions can be written in document order. */
wn_status wn_dd_resolve_paragraphs(resolver *r, wn_sorter *rm)
{
    wn_merger *m;
    bool bloom = r->m.o.para_bloom;
    wn_status st = wn_dd_open_merger(r, 3, bloom ? WN_DD_K_PARA_POS : WN_DD_K_PARA, 24, &m);
    if (st)
        return st;
    wn_dd_watch(r, m, "paragraphs");
    uint64_t *bits = NULL, nbits = 0;
    unsigned nh = 0;
    if (bloom) {
        double n = (double)(r->m.o.para_expected ? r->m.o.para_expected : 1);
        double mb = ceil(-n * log(r->m.o.para_fpr) / (M_LN2 * M_LN2));
        nbits = (uint64_t)mb < 64 ? 64 : (uint64_t)mb;
        nh = (unsigned)lround((double)nbits / n * M_LN2);
        if (nh < 1) nh = 1;
        if (nh > 30) nh = 30;
        bits = wn_calloc((size_t)(nbits + 63) / 64, 8);
        if (!bits) {
            wn_merger_close(m);
            return WN_ERR_NOMEM;
        }
    }
    const void *p;
    uint64_t key = 0, removed = 0;
    bool have_key = false, have_keeper = false;
    while (!(st = wn_merger_next(m, &p))) {
        const rec3 *x = p;
        uint64_t h = bloom ? x->c : x->a, pos = bloom ? x->a : x->b, line = bloom ? x->b : x->c;
        uint32_t seq;
        if ((st = wn_dd_pos_to_seq(r, pos, &seq)))
            break;
        if (wn_dd_uf_find(r->parent, seq) != seq)
            continue; /* the document is dropped as a whole: its paragraphs do not count */
        bool seen;
        if (bloom) {
            /* Kirsch-Mitzenmacher double hashing over one 64-bit hash */
            uint64_t h1 = h, h2 = wn_mix64(h ^ 0x51ed27) | 1;
            seen = true;
            for (unsigned i = 0; i < nh; i++) {
                uint64_t b = (h1 + i * h2) % nbits;
                if (!(bits[b >> 6] >> (b & 63) & 1)) {
                    seen = false;
                    bits[b >> 6] |= 1ULL << (b & 63);
                }
            }
        } else {
            if (!have_key || h != key) {
                key = h;
                have_key = true;
                have_keeper = false;
            }
            seen = have_keeper;
            have_keeper = true;
        }
        if (seen) {
            key_rec k = { seq, line };
            if ((st = wn_sorter_add(rm, &k)))
                break;
            removed++;
        }
    }
    wn_free(bits);
    wn_counter_add(r->stats, "paragraphs_removed", removed);
    return wn_dd_merger_fail(r, m, st);
}

static int cmp_line_number(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static size_t trimmed_len(const char *s, size_t n)
{
    size_t a = 0, b = n;
    while (a < b && (s[a] == ' ' || s[a] == '\n' || s[a] == '\t' || s[a] == '\r')) a++;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\n' || s[b - 1] == '\t' || s[b - 1] == '\r')) b--;
    return b - a;
}

wn_status wn_dd_remove_lines(wn_dd_line_remover *x, wn_doc *d, const decision_rec *dec, wn_counters *c)
{
    wn_status gst = WN_GROW(x->lines, x->lines_cap, dec->para_count, 64, UINT32_MAX);
    if (gst)
        return gst;
    for (uint32_t i = 0; i < dec->para_count; i++) {
        const void *p;
        wn_status st = wn_rec_reader_get(x->paraidx, dec->para_off + i, &p);
        if (st)
            return st;
        memcpy(&x->lines[i], p, 4);
    }
    qsort(x->lines, dec->para_count, 4, cmp_line_number);
    wn_buf_reset(x->tmp);
    const char *t = d->text.data ? d->text.data : "";
    size_t n = d->text.len, i = 0, k = 0;
    uint32_t idx = 0;
    bool first = true;
    while (i <= n) {
        size_t j = i;
        while (j < n && t[j] != '\n')
            j++;
        while (k < dec->para_count && x->lines[k] < idx)
            k++;
        if (!(k < dec->para_count && x->lines[k] == idx)) {
            if (!first && wn_buf_append_char(x->tmp, '\n'))
                return WN_ERR_TOO_LARGE;
            if (wn_buf_append(x->tmp, t + i, j - i))
                return WN_ERR_TOO_LARGE;
            first = false;
        }
        idx++;
        if (j == n)
            break;
        i = j + 1;
    }
    wn_counter_add(c, "paragraphs_removed", dec->para_count);
    if (trimmed_len(x->tmp->data ? x->tmp->data : "", x->tmp->len) < x->min_doc_chars) {
        /* keep the whole text in dropped/, so nothing is lost to the audit */
        wn_doc_drop(d, "paragraph_duplicates");
        return WN_OK;
    }
    return wn_buf_set(&d->text, x->tmp->data, x->tmp->len);
}
