/* langid_predict.c: fastText's predict path over a loaded model: tokens -> input rows -> hidden
 * vector -> hierarchical softmax, softmax or one-vs-all -> top-k.
 *
 * DESIGN: the answers must be fastText 0.9.2's to the last bit, because `winnow langid` prints
 * the same 6 significant digits as `fasttext predict-prob`, and a one-ulp difference flips a
 * printed digit now and then. So every float operation happens in fastText's order and
 * precision: rows are summed in token order, each element as a float; dot products accumulate
 * left to right in float; the sigmoid of an HS node is 1.0 / (1 + expf(-x)) rounded to float;
 * log-scores are (float)log((double)p + 1e-5). The top-k heap replays libstdc++'s push_heap /
 * pop_heap / sort_heap, so ties come out in fastText's order too. No FMA contraction: a fused
 * multiply-add rounds differently (x86-64 baseline has none; this guards -march=native). */
#if defined(__FMA__) || defined(__aarch64__)
#pragma GCC optimize("fp-contract=off")
#endif
#include <math.h>
#include <string.h>
#include "langid/langid_impl.h"

typedef struct {
    float score;
    int32_t label;
} hitem;

/* Token cache: the input rows of a token are a pure function of its bytes, and text repeats
 * its words (Zipf), so each scratch keeps the rows of recent short tokens in a direct-mapped
 * table keyed by the token's FNV hash (which tokenizing computes anyway). A hit skips the
 * vocabulary lookup and the char n-gram hashing; the rows come out in the same order, so the
 * answers cannot change. */
#define TC_SLOTS 4096
#define TC_MAX_TOKEN 26
#define TC_MAX_IDS 60
typedef struct {
    uint32_t hash;
    uint8_t len;             /* 0 = empty slot */
    uint8_t n_ids;
    bool is_word;            /* false: a label token, ignored */
    char tok[TC_MAX_TOKEN];
    int32_t ids[TC_MAX_IDS];
} tc_slot;

struct wn_langid_scratch {
    wn_langid_ids ids;
    int32_t *hashes;         /* FNV hashes of the line's words, as int32 like fastText */
    size_t n_hashes, cap_hashes;
    float *hidden;
    float *output;           /* nlabels */
    hitem *heap;             /* nlabels + 1 */
    size_t heap_n;
    struct dfs_item { int32_t node; float score; } *stack; /* 2*nlabels */
    tc_slot *cache;          /* TC_SLOTS, or NULL when it could not be allocated */
};

wn_langid_scratch *wn_langid_scratch_create(const wn_langid_model *m)
{
    wn_langid_scratch *s = wn_calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->hidden = wn_malloc((size_t)m->dim * sizeof(float));
    s->output = wn_malloc((size_t)m->nlabels * sizeof(float));
    s->heap = wn_malloc(((size_t)m->nlabels + 1) * sizeof(hitem));
    s->stack = wn_malloc(2 * (size_t)m->nlabels * sizeof *s->stack);
    if (!s->hidden || !s->output || !s->heap || !s->stack) {
        wn_langid_scratch_free(s);
        return NULL;
    }
    s->cache = wn_calloc(TC_SLOTS, sizeof *s->cache); /* optional: NULL only costs speed */
    s->ids.max = WN_LANGID_LINE_IDS_MAX(m);
    return s;
}

void wn_langid_scratch_free(wn_langid_scratch *s)
{
    if (!s)
        return;
    wn_free(s->ids.v);
    wn_free(s->hashes);
    wn_free(s->hidden);
    wn_free(s->output);
    wn_free(s->heap);
    wn_free(s->stack);
    wn_free(s->cache);
    wn_free(s);
}

/* ---- the heap: libstdc++'s algorithms with comp(a, b) = a.score > b.score (a min-heap) ---------- */

static void heap_sift_up(hitem *h, size_t hole, size_t top, hitem v)
{
    while (hole > top) {
        size_t parent = (hole - 1) / 2;
        if (!(h[parent].score > v.score))
            break;
        h[hole] = h[parent];
        hole = parent;
    }
    h[hole] = v;
}

static void heap_adjust(hitem *h, size_t hole, size_t len, hitem v)
{
    size_t top = hole, child = hole;
    while (len > 2 && child < (len - 1) / 2) {
        child = 2 * (child + 1);
        if (h[child].score > h[child - 1].score)
            child--;
        h[hole] = h[child];
        hole = child;
    }
    if ((len & 1) == 0 && child == (len - 2) / 2) {
        child = 2 * (child + 1);
        h[hole] = h[child - 1];
        hole = child - 1;
    }
    heap_sift_up(h, hole, top, v);
}

/* pop_heap over [0, len): moves the front to len-1. */
static void heap_pop(hitem *h, size_t len)
{
    if (len < 2)
        return;
    hitem v = h[len - 1];
    h[len - 1] = h[0];
    heap_adjust(h, 0, len - 1, v);
}

/* The push / pop-if-over-k step of fastText's findKBest and dfs. */
static void heap_offer(wn_langid_scratch *s, size_t k, float score, int32_t label)
{
    s->heap[s->heap_n] = (hitem){ score, label };
    heap_sift_up(s->heap, s->heap_n, 0, s->heap[s->heap_n]);
    s->heap_n++;
    if (s->heap_n > k) {
        heap_pop(s->heap, s->heap_n);
        s->heap_n--;
    }
}

/* ---- rows --------------------------------------------------------------------------------------- */

static void add_row(const wn_langid_matrix *x, float *v, int32_t i)
{
    const int64_t n = x->n;
    if (!x->quant) {
        const float *r = x->dense + (size_t)i * (size_t)n;
        for (int64_t j = 0; j < n; j++)
            v[j] += r[j];
        return;
    }
    const uint8_t *code = x->codes + (size_t)i * (size_t)x->nsubq;
    const int32_t dsub = x->dsub;
    if (!x->qnorm) {
        for (int32_t q = 0; q < x->nsubq; q++) {
            int32_t d = q == x->nsubq - 1 ? x->lastdsub : dsub;
            const float *c = q == x->nsubq - 1 ? x->centroids + (size_t)q * 256 * dsub + (size_t)code[q] * d
                                               : x->centroids + ((size_t)q * 256 + code[q]) * dsub;
            float *o = v + (size_t)q * dsub;
            for (int32_t j = 0; j < d; j++)
                o[j] += c[j]; /* fastText multiplies by alpha = 1 first: exact */
        }
        return;
    }
    float alpha = x->norm_centroids[x->norm_codes[i]];
    if (dsub == 2 && x->lastdsub == 2) {
        /* lid.176's layout (dim 16, dsub 2): eight pairs, no branch per sub-quantizer. */
        for (int32_t q = 0; q < x->nsubq; q++) {
            const float *c = x->centroids + ((size_t)q * 256 + code[q]) * 2;
            float t0 = alpha * c[0], t1 = alpha * c[1];
            v[2 * q] += t0;
            v[2 * q + 1] += t1;
        }
        return;
    }
    for (int32_t q = 0; q < x->nsubq; q++) {
        int32_t d = q == x->nsubq - 1 ? x->lastdsub : dsub;
        const float *c = q == x->nsubq - 1 ? x->centroids + (size_t)q * 256 * dsub + (size_t)code[q] * d
                                           : x->centroids + ((size_t)q * 256 + code[q]) * dsub;
        float *o = v + (size_t)q * dsub;
        for (int32_t j = 0; j < d; j++) {
            float t = alpha * c[j];
            o[j] += t;
        }
    }
}

typedef float v4f __attribute__((vector_size(16)));

/* The sum of quantized rows for lid.176's shape (dim 16, dsub 2, qnorm) with the hidden vector
 * kept in four 4-float registers: element by element it is the same sequence of float
 * multiply-then-add as add_row (lanes are independent), so the result is bit-identical.
 * Returns false for other shapes. */
static bool sum_rows_q16(const wn_langid_matrix *x, const int32_t *ids, size_t n, float *out)
{
    if (!x->quant || !x->qnorm || x->n != 16 || x->dsub != 2 || x->lastdsub != 2)
        return false;
    const float *cen = x->centroids;
    v4f a0 = { 0, 0, 0, 0 }, a1 = a0, a2 = a0, a3 = a0;
    for (size_t i = 0; i < n; i++) {
        const uint8_t *code = x->codes + (size_t)ids[i] * 8;
        const float alpha = x->norm_centroids[x->norm_codes[ids[i]]];
        const float *c0 = cen + (0 * 256 + code[0]) * 2, *c1 = cen + (1 * 256 + code[1]) * 2;
        const float *c2 = cen + (2 * 256 + code[2]) * 2, *c3 = cen + (3 * 256 + code[3]) * 2;
        const float *c4 = cen + (4 * 256 + code[4]) * 2, *c5 = cen + (5 * 256 + code[5]) * 2;
        const float *c6 = cen + (6 * 256 + code[6]) * 2, *c7 = cen + (7 * 256 + code[7]) * 2;
        v4f r0 = { c0[0], c0[1], c1[0], c1[1] }, r1 = { c2[0], c2[1], c3[0], c3[1] };
        v4f r2 = { c4[0], c4[1], c5[0], c5[1] }, r3 = { c6[0], c6[1], c7[0], c7[1] };
        v4f al = { alpha, alpha, alpha, alpha };
        r0 = r0 * al;
        r1 = r1 * al;
        r2 = r2 * al;
        r3 = r3 * al;
        a0 = a0 + r0;
        a1 = a1 + r1;
        a2 = a2 + r2;
        a3 = a3 + r3;
    }
    memcpy(out, &a0, 16);
    memcpy(out + 4, &a1, 16);
    memcpy(out + 8, &a2, 16);
    memcpy(out + 12, &a3, 16);
    return true;
}

static float dot_row(const wn_langid_matrix *x, const float *v, int32_t i)
{
    const int64_t n = x->n;
    float acc = 0.0f;
    if (!x->quant) {
        const float *r = x->dense + (size_t)i * (size_t)n;
        for (int64_t j = 0; j < n; j++)
            acc += r[j] * v[j];
        return acc;
    }
    const uint8_t *code = x->codes + (size_t)i * (size_t)x->nsubq;
    const int32_t dsub = x->dsub;
    for (int32_t q = 0; q < x->nsubq; q++) {
        int32_t d = q == x->nsubq - 1 ? x->lastdsub : dsub;
        const float *c = q == x->nsubq - 1 ? x->centroids + (size_t)q * 256 * dsub + (size_t)code[q] * d
                                           : x->centroids + ((size_t)q * 256 + code[q]) * dsub;
        const float *in = v + (size_t)q * dsub;
        for (int32_t j = 0; j < d; j++)
            acc += in[j] * c[j];
    }
    return x->qnorm ? acc * x->norm_centroids[x->norm_codes[i]] : acc * 1.0f;
}

/* fastText's std_log: log(x + 1e-5) in double, rounded to float. */
static inline float ft_log(float x) { return (float)log((double)x + 1e-5); }

/* ---- losses ------------------------------------------------------------------------------------- */

static void predict_hs(const wn_langid_model *m, wn_langid_scratch *s, size_t k, float threshold)
{
    const int32_t osz = m->nlabels;
    const float floor = ft_log(threshold);
    size_t sp = 0;
    s->stack[sp++] = (struct dfs_item){ 2 * osz - 2, 0.0f };
    /* Depth-first, left before right, with both children's scores fixed at the parent: the same
     * visiting order, and so the same pruning decisions, as fastText's recursive dfs. */
    while (sp) {
        struct dfs_item it = s->stack[--sp];
        if (it.score < floor)
            continue;
        if (s->heap_n == k && it.score < s->heap[0].score)
            continue;
        if (it.node < osz) {
            heap_offer(s, k, it.score, it.node);
            continue;
        }
        float f = dot_row(&m->out, s->hidden, it.node - osz);
        f = (float)(1.0 / (double)(1.0f + expf(-f)));
        float right = it.score + ft_log(f);
        float left = it.score + ft_log((float)(1.0 - (double)f));
        s->stack[sp++] = (struct dfs_item){ m->tree_right[it.node], right };
        s->stack[sp++] = (struct dfs_item){ m->tree_left[it.node], left };
    }
}

/* fastText's table lookup, except that a NaN score (finite weights can still overflow to
 * inf - inf) counts as 0 instead of indexing the table with an undefined conversion. */
static float sigmoid_table(const wn_langid_model *m, float x)
{
    if (!(x >= -8.0f))
        return 0.0f;
    if (x > 8.0f)
        return 1.0f;
    int64_t i = (int64_t)((x + 8.0f) * 512.0f / 8.0f / 2.0f);
    return m->sigmoid_table[i];
}

static void find_k_best(wn_langid_scratch *s, const float *out, int32_t n, size_t k, float threshold)
{
    for (int32_t i = 0; i < n; i++) {
        if (out[i] < threshold)
            continue;
        float sc = ft_log(out[i]);
        if (s->heap_n == k && sc < s->heap[0].score)
            continue;
        heap_offer(s, k, sc, i);
    }
}

static void predict_flat(const wn_langid_model *m, wn_langid_scratch *s, size_t k, float threshold)
{
    const int32_t osz = m->nlabels;
    float *out = s->output;
    for (int32_t i = 0; i < osz; i++)
        out[i] = dot_row(&m->out, s->hidden, i);
    if (m->loss == WN_LANGID_LOSS_SOFTMAX) {
        float max = out[0], z = 0.0f;
        for (int32_t i = 0; i < osz; i++)
            max = max < out[i] ? out[i] : max;
        for (int32_t i = 0; i < osz; i++) {
            out[i] = (float)exp((double)(out[i] - max));
            z += out[i];
        }
        for (int32_t i = 0; i < osz; i++)
            out[i] /= z;
    } else {
        for (int32_t i = 0; i < osz; i++)
            out[i] = sigmoid_table(m, out[i]);
    }
    find_k_best(s, out, osz, k, threshold);
}

/* ---- the line ----------------------------------------------------------------------------------- */

static bool push_word_hash(wn_langid_scratch *s, uint32_t h)
{
    /* a word takes at least one byte of a line, which is at most a document */
    if (s->n_hashes == s->cap_hashes &&
        WN_GROW(s->hashes, s->cap_hashes, s->n_hashes + 1, 256, WN_DOC_BYTES_MAX))
        return false;
    s->hashes[s->n_hashes++] = (int32_t)h;
    return true;
}

static bool add_token_uncached(const wn_langid_model *m, wn_langid_scratch *s, const char *p, size_t n,
                               int32_t wid, bool is_eos)
{
    if (wid >= 0) {
        const int32_t *rows = m->sub_ids + m->sub_off[wid];
        size_t nr = m->maxn <= 0 ? 1 : m->sub_off[wid + 1] - m->sub_off[wid];
        if (s->ids.n + nr > s->ids.cap && !wn_langid_ids_grow(&s->ids, s->ids.n + nr))
            return false;
        memcpy(s->ids.v + s->ids.n, rows, nr * sizeof *rows);
        s->ids.n += nr;
        return true;
    }
    if (!is_eos && m->maxn > 0)
        return wn_langid_subwords(m, p, n, &s->ids);
    return true;
}

static bool add_token(const wn_langid_model *m, wn_langid_scratch *s, const char *p, size_t n, uint32_t h, bool is_eos)
{
    tc_slot *c = s->cache && n <= TC_MAX_TOKEN ? &s->cache[h & (TC_SLOTS - 1)] : NULL;
    if (c && c->len == n && c->hash == h && memcmp(c->tok, p, n) == 0) {
        if (!c->is_word)
            return true;
        if (s->ids.n + c->n_ids > s->ids.cap && !wn_langid_ids_grow(&s->ids, s->ids.n + c->n_ids))
            return false;
        if (c->n_ids)   /* ids.v may still be NULL: memcpy to NULL is UB even for 0 bytes */
            memcpy(s->ids.v + s->ids.n, c->ids, c->n_ids * sizeof *c->ids);
        s->ids.n += c->n_ids;
        return push_word_hash(s, h);
    }
    int32_t wid = wn_langid_vocab_find(m, p, n, h);
    /* A label in the input (known, or unknown with the prefix) is not an input feature. */
    bool is_word = wid >= 0 ? m->types[wid] == WN_LANGID_ENTRY_WORD
                            : !(n >= 9 && memcmp(p, "__label__", 9) == 0);
    size_t before = s->ids.n;
    if (is_word && !add_token_uncached(m, s, p, n, wid, is_eos))
        return false;
    size_t added = s->ids.n - before;
    if (c && added <= TC_MAX_IDS) {
        c->hash = h;
        c->len = (uint8_t)n;
        c->is_word = is_word;
        c->n_ids = (uint8_t)added;
        if (n)
            memcpy(c->tok, p, n);
        if (added) /* ids.v may still be NULL when nothing was added: memcpy(dst, NULL, 0) is UB */
            memcpy(c->ids, s->ids.v + before, added * sizeof *c->ids);
    }
    return is_word ? push_word_hash(s, h) : true;
}

static inline bool is_fasttext_space(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f' || c == '\0';
}

int wn_langid_predict(const wn_langid_model *m, wn_langid_scratch *s, const char *text, size_t len,
                   bool eos, int k, float threshold, wn_langid_pred *out, size_t *rest_at)
{
    if (rest_at)
        *rest_at = SIZE_MAX;
    s->ids.n = 0;
    s->n_hashes = 0;
    s->heap_n = 0;
    if (k == 0)
        return 0;
    size_t kk = k < 0 || k > m->nlabels ? (size_t)m->nlabels : (size_t)k;
    size_t at = 0;
    bool literal_eos = false;
    while (at < len) {
        while (at < len && is_fasttext_space((unsigned char)text[at]))
            at++;
        if (at == len)
            break;
        size_t start = at;
        uint32_t h = 2166136261u;
        while (at < len && !is_fasttext_space((unsigned char)text[at])) {
            h ^= (uint32_t)(int32_t)(int8_t)text[at];
            h *= 16777619u;
            at++;
        }
        /* A literal "</s>" ends the line for fastText (getLine stops at the EOS token); the
         * whitespace byte after it is consumed with it (readWord). */
        literal_eos = at - start == 4 && memcmp(text + start, "</s>", 4) == 0;
        if (!add_token(m, s, text + start, at - start, h, literal_eos))
            return -1;
        if (literal_eos) {
            if (at < len)
                at++;
            break;
        }
    }
    if (rest_at)
        *rest_at = literal_eos ? at : SIZE_MAX;
    if (eos && !literal_eos && !add_token(m, s, "</s>", 4, m->eos_hash, true))
        return -1;
    if (m->word_ngrams > 1) {
        const uint32_t bucket = (uint32_t)m->bucket;
        for (size_t i = 0; i < s->n_hashes; i++) {
            uint64_t h = (uint64_t)(int64_t)s->hashes[i];
            for (size_t j = i + 1; j < s->n_hashes && j < i + (size_t)m->word_ngrams; j++) {
                h = h * 116049371u + (uint64_t)(int64_t)s->hashes[j];
                if (!wn_langid_push_hash(m, &s->ids, (int64_t)(h % bucket)))
                    return -1;
            }
        }
    }
    if (s->ids.n == 0)
        return 0;

    float *hidden = s->hidden;
    if (!sum_rows_q16(&m->in, s->ids.v, s->ids.n, hidden)) {
        memset(hidden, 0, (size_t)m->dim * sizeof *hidden);
        for (size_t i = 0; i < s->ids.n; i++)
            add_row(&m->in, hidden, s->ids.v[i]);
    }
    const float inv = (float)(1.0 / (double)s->ids.n);
    for (int32_t j = 0; j < m->dim; j++)
        hidden[j] *= inv;

    if (m->loss == WN_LANGID_LOSS_HS)
        predict_hs(m, s, kk, threshold);
    else
        predict_flat(m, s, kk, threshold);

    /* sort_heap: best first. */
    WN_ASSERT(s->heap_n <= kk && kk <= (size_t)m->nlabels);   /* out has room for k, or nlabels */
    for (size_t n = s->heap_n; n > 1; n--)
        heap_pop(s->heap, n);
    for (size_t i = 0; i < s->heap_n; i++) {
        out[i] = (wn_langid_pred){ s->heap[i].label, expf(s->heap[i].score) };
        /* a label of the model, a probability not below 0, best first (written so that a NaN
         * from a hostile model's weights, which is input, does not trip them) */
        WN_ASSERT(out[i].label >= 0 && out[i].label < m->nlabels && !(out[i].prob < 0.0f));
        WN_ASSERT(i == 0 || !(out[i].prob > out[i - 1].prob));
    }
    return (int)s->heap_n;
}
