/* langid_impl.h: the in-memory form of a fastText model, shared by the loader and the predictor.
 * Internal to src/langid/. See shared notes/fasttext-format.md for the file format. */
#ifndef WN_LANGID_IMPL_H
#define WN_LANGID_IMPL_H

#include "winnow/langid.h"
#include "common/check.h"
#include "common/grow.h"

enum { WN_LANGID_LOSS_HS = 1, WN_LANGID_LOSS_NS = 2, WN_LANGID_LOSS_SOFTMAX = 3, WN_LANGID_LOSS_OVA = 4 };
enum { WN_LANGID_MODEL_SUP = 3 };
enum { WN_LANGID_ENTRY_WORD = 0, WN_LANGID_ENTRY_LABEL = 1 };

/* A dense (m x n floats) or product-quantized matrix. */
typedef struct {
    bool quant;
    bool qnorm;
    int64_t m, n;
    float *dense;            /* m*n, row-major, when !quant */
    uint8_t *codes;          /* m*nsubq, when quant */
    int32_t nsubq, dsub, lastdsub;
    float *centroids;        /* n*256 */
    uint8_t *norm_codes;     /* m, when qnorm */
    float norm_centroids[256];
} wn_langid_matrix;

struct wn_langid_model {
    int32_t version;
    int32_t dim, word_ngrams, loss, model_kind, bucket, minn, maxn;
    int32_t size, nwords, nlabels;
    int64_t pruneidx_size;

    char *strings;           /* all entries, each NUL-terminated */
    uint32_t *str_off;       /* size+1 offsets into strings (NUL excluded from lengths) */
    int64_t *counts;
    uint8_t *types;

    /* Vocabulary: open addressing on the FNV-1a hash, linear probing. */
    uint32_t vocab_mask;
    int32_t *vocab_id;       /* -1 empty */
    uint32_t *vocab_hash;

    /* Input rows of each entry (the entry itself, then its char n-grams), as fastText's
     * initNgrams precomputes them. */
    uint32_t *sub_off;       /* size+1 */
    int32_t *sub_ids;

    /* Pruned n-gram buckets: bucket -> new index, open addressing (key -1 = empty slot),
     * slot = Fibonacci hash of the bucket id (ids are already FNV hashes mod bucket). */
    uint32_t prune_mask, prune_shift;
    struct wn_langid_prune_slot { int32_t key, val; } *prune;
    /* One bit per bucket, set for kept ones (NULL when bucket is too large for it): most
     * n-grams of a text are not kept, and a 256 KB bitmap answers that from the L2 cache where
     * the 1 MB table would miss (it was 40% of langid's time). */
    uint64_t *prune_bits;
    uint64_t bucket_magic;   /* for h % bucket without a division (Lemire's fastmod) */

    wn_langid_matrix in, out;

    /* Hierarchical softmax: children of internal nodes nlabels .. 2*nlabels-2. */
    int32_t *tree_left, *tree_right;

    float sigmoid_table[513];
    int32_t eos_id;          /* "</s>" in the vocabulary, or -1 */
    uint32_t eos_hash;
};

uint32_t wn_langid_fnv(const char *p, size_t n);
/* Entry id of the word [p, p+n) whose FNV hash is h, or -1. */
int32_t wn_langid_vocab_find(const wn_langid_model *m, const char *p, size_t n, uint32_t h);
/* A growing list of input rows, capped at `max` (set by whoever makes it: see below). */
typedef struct {
    int32_t *v;
    size_t n, cap, max;
} wn_langid_ids;
/* The rows of one line, per model: a line is at most a document (WN_DOC_BYTES_MAX) and each
 * of its bytes starts at most one word with its row, its char n-grams (at most 3 * maxn per
 * byte, counting the "<" and ">" of a one-byte word) and word n-grams (word_ngrams - 1). */
#define WN_LANGID_LINE_IDS_MAX(m) \
    ((size_t)WN_DOC_BYTES_MAX * (3 * (size_t)(m)->maxn + (size_t)(m)->word_ngrams + 2))
/* Makes room for `need` rows (doubling from 256): false past ids->max or without memory. */
bool wn_langid_ids_grow(wn_langid_ids *ids, size_t need);
static inline bool wn_langid_ids_push(wn_langid_ids *ids, int32_t x)
{
    if (ids->n == ids->cap && !wn_langid_ids_grow(ids, ids->n + 1))
        return false;
    ids->v[ids->n++] = x;
    return true;
}

static inline uint32_t wn_langid_prune_slot(const wn_langid_model *m, int32_t key)
{
    return ((uint32_t)key * 2654435761u) >> m->prune_shift & m->prune_mask;
}

/* fastText's pushHash: n-gram bucket -> input row, through the pruning map when there is one. */
static inline bool wn_langid_push_hash(const wn_langid_model *m, wn_langid_ids *ids, int64_t id)
{
    if (m->pruneidx_size == 0 || id < 0)
        return true;
    if (m->pruneidx_size > 0) {
        if (m->prune_bits && !(m->prune_bits[(uint64_t)id >> 6] >> ((uint64_t)id & 63) & 1))
            return true;
        for (uint32_t i = wn_langid_prune_slot(m, (int32_t)id);; i = (i + 1) & m->prune_mask) {
            if (m->prune[i].key == id) {
                id = m->prune[i].val;
                break;
            }
            if (m->prune[i].key < 0)
                return true;
        }
    }
    return wn_langid_ids_push(ids, (int32_t)(m->nwords + id));
}

/* x % d for 32-bit x, with magic = UINT64_MAX / d + 1 (d > 0). */
static inline uint32_t wn_langid_fastmod(uint32_t x, uint64_t magic, uint32_t d)
{
    return (uint32_t)(((__uint128_t)(magic * x) * d) >> 64);
}

/* Appends the input rows of the char n-grams of "<" word ">" (word given without brackets),
 * through the pruning map. Returns false on no memory. */
bool wn_langid_subwords(const wn_langid_model *m, const char *word, size_t n, wn_langid_ids *ids);

#endif
