/* lid_predict.c: fastText's predict path over a loaded model: tokens -> input rows -> hidden
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
#include "lid_impl.h"

typedef struct {
    float score;
    int32_t label;
} hitem;

struct wn_lid_scratch {
    wn_lid_ids ids;
    int32_t *hashes;         /* FNV hashes of the line's words, as int32 like fastText */
    size_t n_hashes, cap_hashes;
    float *hidden;
    float *output;           /* nlabels */
    hitem *heap;             /* nlabels + 1 */
    size_t heap_n;
    struct dfs_item { int32_t node; float score; } *stack; /* 2*nlabels */
};

wn_lid_scratch *wn_lid_scratch_create(const wn_lid_model *m)
{
    wn_lid_scratch *s = wn_calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->hidden = wn_malloc((size_t)m->dim * sizeof(float));
    s->output = wn_malloc((size_t)m->nlabels * sizeof(float));
    s->heap = wn_malloc(((size_t)m->nlabels + 1) * sizeof(hitem));
    s->stack = wn_malloc(2 * (size_t)m->nlabels * sizeof *s->stack);
    if (!s->hidden || !s->output || !s->heap || !s->stack) {
        wn_lid_scratch_free(s);
        return NULL;
    }
    return s;
}

void wn_lid_scratch_free(wn_lid_scratch *s)
{
    if (!s)
        return;
    wn_free(s->ids.v);
    wn_free(s->hashes);
    wn_free(s->hidden);
    wn_free(s->output);
    wn_free(s->heap);
    wn_free(s->stack);
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
static void heap_offer(wn_lid_scratch *s, size_t k, float score, int32_t label)
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

static void add_row(const wn_lid_matrix *x, float *v, int32_t i)
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

static float dot_row(const wn_lid_matrix *x, const float *v, int32_t i)
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

static void predict_hs(const wn_lid_model *m, wn_lid_scratch *s, size_t k, float threshold)
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

static float sigmoid_table(const wn_lid_model *m, float x)
{
    if (x < -8.0f)
        return 0.0f;
    if (x > 8.0f)
        return 1.0f;
    int64_t i = (int64_t)((x + 8.0f) * 512.0f / 8.0f / 2.0f);
    return m->sigmoid_table[i];
}

static void find_k_best(wn_lid_scratch *s, const float *out, int32_t n, size_t k, float threshold)
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

static void predict_flat(const wn_lid_model *m, wn_lid_scratch *s, size_t k, float threshold)
{
    const int32_t osz = m->nlabels;
    float *out = s->output;
    for (int32_t i = 0; i < osz; i++)
        out[i] = dot_row(&m->out, s->hidden, i);
    if (m->loss == WN_LID_LOSS_SOFTMAX) {
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

static bool push_word_hash(wn_lid_scratch *s, uint32_t h)
{
    if (s->n_hashes == s->cap_hashes) {
        size_t cap = s->cap_hashes ? s->cap_hashes * 2 : 256;
        int32_t *v = wn_realloc(s->hashes, cap * sizeof *v);
        if (!v)
            return false;
        s->hashes = v;
        s->cap_hashes = cap;
    }
    s->hashes[s->n_hashes++] = (int32_t)h;
    return true;
}

static bool add_token(const wn_lid_model *m, wn_lid_scratch *s, const char *p, size_t n, uint32_t h, bool is_eos)
{
    int32_t wid = wn_lid_vocab_find(m, p, n, h);
    if (wid >= 0) {
        if (m->types[wid] != WN_LID_ENTRY_WORD)
            return true; /* a label in the input: not an input feature */
        const int32_t *rows = m->sub_ids + m->sub_off[wid];
        size_t nr = m->sub_off[wid + 1] - m->sub_off[wid];
        if (m->maxn <= 0)
            nr = 1;
        if (s->ids.n + nr > s->ids.cap) {
            size_t cap = s->ids.cap ? s->ids.cap : 256;
            while (cap < s->ids.n + nr)
                cap *= 2;
            int32_t *v = wn_realloc(s->ids.v, cap * sizeof *v);
            if (!v)
                return false;
            s->ids.v = v;
            s->ids.cap = cap;
        }
        memcpy(s->ids.v + s->ids.n, rows, nr * sizeof *rows);
        s->ids.n += nr;
    } else {
        if (n >= 9 && memcmp(p, "__label__", 9) == 0)
            return true; /* an unknown label: ignored */
        if (!is_eos && m->maxn > 0 && !wn_lid_subwords(m, p, n, &s->ids))
            return false;
    }
    return push_word_hash(s, h);
}

static inline bool is_fasttext_space(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f' || c == '\0';
}

int wn_lid_predict(const wn_lid_model *m, wn_lid_scratch *s, const char *text, size_t len,
                   bool eos, int k, float threshold, wn_lid_pred *out)
{
    s->ids.n = 0;
    s->n_hashes = 0;
    s->heap_n = 0;
    if (k == 0)
        return 0;
    size_t kk = k < 0 || k > m->nlabels ? (size_t)m->nlabels : (size_t)k;
    for (size_t i = 0; i < len;) {
        while (i < len && is_fasttext_space((unsigned char)text[i]))
            i++;
        if (i == len)
            break;
        size_t start = i;
        uint32_t h = 2166136261u;
        while (i < len && !is_fasttext_space((unsigned char)text[i])) {
            h ^= (uint32_t)(int32_t)(int8_t)text[i];
            h *= 16777619u;
            i++;
        }
        if (!add_token(m, s, text + start, i - start, h, false))
            return -1;
    }
    if (eos && !add_token(m, s, "</s>", 4, m->eos_hash, true))
        return -1;
    if (m->word_ngrams > 1) {
        const uint32_t bucket = (uint32_t)m->bucket;
        for (size_t i = 0; i < s->n_hashes; i++) {
            uint64_t h = (uint64_t)(int64_t)s->hashes[i];
            for (size_t j = i + 1; j < s->n_hashes && j < i + (size_t)m->word_ngrams; j++) {
                h = h * 116049371u + (uint64_t)(int64_t)s->hashes[j];
                if (!wn_lid_push_hash(m, &s->ids, (int64_t)(h % bucket)))
                    return -1;
            }
        }
    }
    if (s->ids.n == 0)
        return 0;

    float *hidden = s->hidden;
    memset(hidden, 0, (size_t)m->dim * sizeof *hidden);
    for (size_t i = 0; i < s->ids.n; i++)
        add_row(&m->in, hidden, s->ids.v[i]);
    const float inv = (float)(1.0 / (double)s->ids.n);
    for (int32_t j = 0; j < m->dim; j++)
        hidden[j] *= inv;

    if (m->loss == WN_LID_LOSS_HS)
        predict_hs(m, s, kk, threshold);
    else
        predict_flat(m, s, kk, threshold);

    /* sort_heap: best first. */
    for (size_t n = s->heap_n; n > 1; n--)
        heap_pop(s->heap, n);
    for (size_t i = 0; i < s->heap_n; i++)
        out[i] = (wn_lid_pred){ s->heap[i].label, expf(s->heap[i].score) };
    return (int)s->heap_n;
}
