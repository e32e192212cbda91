/* langid_model.c: reads fastText supervised model files (.bin, .ftz) into a wn_langid_model.
 *
 * DESIGN: the file is read as a stream with its total size known up front (a file, or bytes in
 * memory through fmemopen), so every count read from it is checked against the bytes that are
 * left before anything is allocated for it: a truncated or hostile file fails with a message
 * naming the offset, never with a huge allocation. Layout (notes/fasttext-format.md):
 *   magic, version | args (12 x int32, float64) | dictionary | pruneidx | bool quant_input,
 *   input matrix | bool qout, output matrix.
 * Everything fastText rebuilds at load time (vocabulary hash table, the subword rows of each
 * word, the Huffman tree of hierarchical softmax, the sigmoid table) is rebuilt here. */
#include <errno.h>
#include <stdarg.h>
#include <unistd.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "langid/langid_impl.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "fastText model files are little-endian dumps; a big-endian reader is not written yet"
#endif

#define LID_MAGIC 793712314
#define LID_VERSION_MAX 12
#define LID_LABEL_PREFIX "__label__"

typedef struct {
    FILE *f;
    const char *name;
    uint64_t pos, size;
    char *err;
    size_t err_cap;
    wn_status st;
} rd;

static wn_status rd_fail(rd *r, wn_status st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static wn_status rd_fail(rd *r, wn_status st, const char *fmt, ...)
{
    if (r->st)
        return r->st; /* keep the first message */
    r->st = st;
    if (r->err && r->err_cap) {
        int n = snprintf(r->err, r->err_cap, "%s: offset %llu: ", r->name,
                         (unsigned long long)r->pos);
        if (n >= 0 && (size_t)n < r->err_cap) {
            va_list ap;
            va_start(ap, fmt);
            vsnprintf(r->err + n, r->err_cap - (size_t)n, fmt, ap);
            va_end(ap);
        }
    }
    return st;
}

static uint64_t rd_left(const rd *r) { return r->size - r->pos; }

/* Reads n bytes; a short read is a truncated file. */
static bool rd_bytes(rd *r, void *dst, uint64_t n, const char *what)
{
    if (r->st)
        return false;
    if (n > rd_left(r)) {
        rd_fail(r, WN_ERR_TRUNCATED, "file ends inside %s (%llu bytes needed, %llu left)", what,
                (unsigned long long)n, (unsigned long long)rd_left(r));
        return false;
    }
    if (n && fread(dst, 1, (size_t)n, r->f) != n) {
        rd_fail(r, ferror(r->f) ? WN_ERR_IO : WN_ERR_TRUNCATED, "cannot read %s", what);
        return false;
    }
    r->pos += n;
    return true;
}

static int32_t rd_i32(rd *r, const char *what)
{
    int32_t v = 0;
    rd_bytes(r, &v, 4, what);
    return v;
}
static int64_t rd_i64(rd *r, const char *what)
{
    int64_t v = 0;
    rd_bytes(r, &v, 8, what);
    return v;
}
static bool rd_bool(rd *r, const char *what)
{
    uint8_t v = 0;
    rd_bytes(r, &v, 1, what);
    return v != 0;
}

/* Checks that `count` items of `item` bytes can still be in the file, then allocates them. */
static void *rd_alloc(rd *r, int64_t count, size_t item, const char *what)
{
    if (r->st)
        return NULL;
    if (count < 0 || (uint64_t)count > rd_left(r) / item) {
        rd_fail(r, count < 0 ? WN_ERR_FORMAT : WN_ERR_TRUNCATED,
                "%s: %lld x %zu bytes do not fit in the %llu bytes left", what, (long long)count,
                item, (unsigned long long)rd_left(r));
        return NULL;
    }
    void *p = wn_malloc(count ? (size_t)count * item : 1);
    if (!p)
        rd_fail(r, WN_ERR_NOMEM, "%s: out of memory", what);
    return p;
}

uint32_t wn_langid_fnv(const char *p, size_t n)
{
    /* FNV-1a over bytes sign-extended from char, as fastText's Dictionary::hash (its released
     * models depend on this quirk for bytes >= 0x80). */
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= (uint32_t)(int32_t)(int8_t)p[i];
        h *= 16777619u;
    }
    return h;
}

int32_t wn_langid_vocab_find(const wn_langid_model *m, const char *p, size_t n, uint32_t h)
{
    for (uint32_t i = h & m->vocab_mask;; i = (i + 1) & m->vocab_mask) {
        int32_t id = m->vocab_id[i];
        if (id < 0)
            return -1;
        if (m->vocab_hash[i] == h) {
            uint32_t off = m->str_off[id], len = m->str_off[id + 1] - off - 1;
            if (len == n && memcmp(m->strings + off, p, n) == 0)
                return id;
        }
    }
}

bool wn_langid_ids_grow(wn_langid_ids *ids, size_t need)
{
    WN_ASSERT(ids->max > 0);   /* every list names its cap */
    return WN_GROW(ids->v, ids->cap, need, 256, ids->max) == WN_OK;
}

bool wn_langid_subwords(const wn_langid_model *m, const char *word, size_t n, wn_langid_ids *ids)
{
    /* Char n-grams of "<" word ">" counted in UTF-8 code points (starts skip continuation
     * bytes), lengths minn..maxn, without the lone "<" and ">". The hash runs incrementally:
     * the n-grams from one start position are prefixes of each other. */
    char small[256];
    size_t total = n + 2;
    char *w = total <= sizeof small ? small : wn_malloc(total);
    if (!w)
        return false;
    w[0] = '<';
    memcpy(w + 1, word, n);
    w[total - 1] = '>';
    const int32_t maxn = m->maxn, minn = m->minn;
    const uint32_t bucket = (uint32_t)m->bucket;
    const uint64_t magic = m->bucket_magic;
    bool ok = true;
    for (size_t i = 0; i < total && ok; i++) {
        if (((unsigned char)w[i] & 0xC0) == 0x80)
            continue;
        uint32_t h = 2166136261u;
        size_t j = i;
        for (int32_t len = 1; j < total && len <= maxn; len++) {
            do {
                h ^= (uint32_t)(int32_t)(int8_t)w[j];
                h *= 16777619u;
                j++;
            } while (j < total && ((unsigned char)w[j] & 0xC0) == 0x80);
            if (len >= minn && !(len == 1 && (i == 0 || j == total)) &&
                !wn_langid_push_hash(m, ids, (int64_t)wn_langid_fastmod(h, magic, bucket))) {
                ok = false;
                break;
            }
        }
    }
    if (w != small)
        wn_free(w);
    return ok;
}

static uint32_t pow2_at_least(uint64_t n)
{
    uint64_t p = 16;
    while (p < n)
        p <<= 1;
    return (uint32_t)p;
}

/* ---- matrices ----------------------------------------------------------------------------------- */

static void matrix_free(wn_langid_matrix *x)
{
    wn_free(x->dense);
    wn_free(x->codes);
    wn_free(x->centroids);
    wn_free(x->norm_codes);
}

/* Refuses the n floats just read if one is NaN or infinite: such a weight makes every score
 * nan (and the sigmoid table's index undefined), so the model could only label garbage. Each
 * float is checked once, at load, next to reading it. row_len > 0 gives row and column. */
static bool rd_finite(rd *r, const float *v, uint64_t n, uint64_t row_len, const char *what,
                      const char *part)
{
    for (uint64_t i = 0; i < n; i++) {
        if (isfinite(v[i]))
            continue;
        r->pos -= (n - i) * sizeof(float); /* the message names the offset of this float */
        if (row_len)
            rd_fail(r, WN_ERR_FORMAT, "%s: %s weight at row %llu, column %llu: a model with NaN or infinite weights cannot be used",
                    what, isnan(v[i]) ? "NaN" : "infinite", (unsigned long long)(i / row_len),
                    (unsigned long long)(i % row_len));
        else
            rd_fail(r, WN_ERR_FORMAT, "%s: %s %s number %llu: a model with NaN or infinite weights cannot be used",
                    what, isnan(v[i]) ? "NaN" : "infinite", part, (unsigned long long)i);
        return false;
    }
    return true;
}

/* ProductQuantizer: dim, nsubq, dsub, lastdsub, dim*256 centroids. */
static bool read_pq(rd *r, int64_t want_dim, int32_t *nsubq, int32_t *dsub, int32_t *lastdsub,
                    float **centroids, float *fixed, const char *what)
{
    int32_t dim = rd_i32(r, what);
    *nsubq = rd_i32(r, what);
    *dsub = rd_i32(r, what);
    *lastdsub = rd_i32(r, what);
    if (r->st)
        return false;
    if (dim != want_dim || *dsub <= 0 || *nsubq != (dim + *dsub - 1) / *dsub ||
        *lastdsub != (dim % *dsub ? dim % *dsub : *dsub)) {
        rd_fail(r, WN_ERR_FORMAT, "%s: quantizer sizes do not add up (dim %d for %lld, nsubq %d, dsub %d, lastdsub %d)",
                what, dim, (long long)want_dim, *nsubq, *dsub, *lastdsub);
        return false;
    }
    float *c = fixed ? fixed : rd_alloc(r, (int64_t)dim * 256, sizeof(float), what);
    if (!c || !rd_bytes(r, c, (uint64_t)dim * 256 * sizeof(float), what) ||
        !rd_finite(r, c, (uint64_t)dim * 256, 0, what, fixed ? "norm centroid" : "centroid")) {
        if (!fixed)
            wn_free(c);
        return false;
    }
    if (!fixed)
        *centroids = c;
    return true;
}

static bool read_matrix(rd *r, wn_langid_matrix *x, bool quant, int64_t rows, int32_t dim, const char *what)
{
    x->quant = quant;
    if (quant)
        x->qnorm = rd_bool(r, what);
    x->m = rd_i64(r, what);
    x->n = rd_i64(r, what);
    if (r->st)
        return false;
    if (x->m != rows || x->n != dim) {
        rd_fail(r, WN_ERR_FORMAT, "%s is %lld x %lld, the dictionary and args need %lld x %d", what,
                (long long)x->m, (long long)x->n, (long long)rows, dim);
        return false;
    }
    if (!quant) {
        if (rows > 0 && (uint64_t)dim > UINT64_MAX / 4 / (uint64_t)rows)
            return rd_fail(r, WN_ERR_FORMAT, "%s too large", what), false;
        x->dense = rd_alloc(r, rows * dim, sizeof(float), what);
        return x->dense && rd_bytes(r, x->dense, (uint64_t)rows * (uint64_t)dim * sizeof(float), what) &&
               rd_finite(r, x->dense, (uint64_t)rows * (uint64_t)dim, (uint64_t)dim, what, NULL);
    }
    int32_t codesize = rd_i32(r, what);
    if (r->st)
        return false;
    /* codes hold nsubq bytes per row; nsubq comes after them, so check the product later. */
    x->codes = rd_alloc(r, codesize, 1, what);
    if (!x->codes || !rd_bytes(r, x->codes, (uint64_t)codesize, what))
        return false;
    if (!read_pq(r, dim, &x->nsubq, &x->dsub, &x->lastdsub, &x->centroids, NULL, what))
        return false;
    if ((int64_t)codesize != rows * x->nsubq) {
        rd_fail(r, WN_ERR_FORMAT, "%s: %d codes for %lld rows of %d sub-quantizers", what, codesize,
                (long long)rows, x->nsubq);
        return false;
    }
    if (x->qnorm) {
        x->norm_codes = rd_alloc(r, rows, 1, what);
        if (!x->norm_codes || !rd_bytes(r, x->norm_codes, (uint64_t)rows, what))
            return false;
        int32_t ns, ds, ls;
        if (!read_pq(r, 1, &ns, &ds, &ls, NULL, x->norm_centroids, what))
            return false;
    }
    return true;
}

/* ---- the Huffman tree of hierarchical softmax (fastText's buildTree) ---------------------------- */

static wn_status build_tree(wn_langid_model *m)
{
    int32_t osz = m->nlabels;
    size_t nodes = 2 * (size_t)osz - 1;
    int64_t *count = wn_malloc(nodes * sizeof *count);
    m->tree_left = wn_malloc(nodes * sizeof(int32_t));
    m->tree_right = wn_malloc(nodes * sizeof(int32_t));
    if (!count || !m->tree_left || !m->tree_right) {
        wn_free(count);
        return WN_ERR_NOMEM;
    }
    for (size_t i = 0; i < nodes; i++) {
        count[i] = (int64_t)1e15;
        m->tree_left[i] = m->tree_right[i] = -1;
    }
    for (int32_t i = 0; i < osz; i++)
        count[i] = m->counts[m->nwords + i];
    int32_t leaf = osz - 1, node = osz;
    wn_status st = WN_OK;
    for (int32_t i = osz; i < 2 * osz - 1; i++) {
        int32_t mini[2];
        for (int j = 0; j < 2; j++) {
            /* node <= i here; count[i] is still the 1e15 placeholder. */
            mini[j] = (leaf >= 0 && count[leaf] < count[node]) ? leaf-- : node++;
            /* With label counts in descending order (as fastText writes them) children always
             * come before their parent; anything else would make a cycle, so it is refused. */
            if (mini[j] >= i) {
                st = WN_ERR_FORMAT;
                break;
            }
        }
        if (st)
            break;
        m->tree_left[i] = mini[0];
        m->tree_right[i] = mini[1];
        /* int64 wrap-around as fastText (hostile counts only), without C's signed overflow. */
        count[i] = (int64_t)((uint64_t)count[mini[0]] + (uint64_t)count[mini[1]]);
    }
    wn_free(count);
    return st;
}

/* ---- loading ------------------------------------------------------------------------------------- */

void wn_langid_model_free(wn_langid_model *m)
{
    if (!m)
        return;
    wn_free(m->strings);
    wn_free(m->str_off);
    wn_free(m->counts);
    wn_free(m->types);
    wn_free(m->vocab_id);
    wn_free(m->vocab_hash);
    wn_free(m->sub_off);
    wn_free(m->sub_ids);
    wn_free(m->prune);
    wn_free(m->prune_bits);
    matrix_free(&m->in);
    matrix_free(&m->out);
    wn_free(m->tree_left);
    wn_free(m->tree_right);
    wn_free(m);
}

static wn_status read_dictionary(rd *r, wn_langid_model *m)
{
    m->size = rd_i32(r, "dictionary size");
    m->nwords = rd_i32(r, "dictionary nwords");
    m->nlabels = rd_i32(r, "dictionary nlabels");
    rd_i64(r, "dictionary ntokens");
    m->pruneidx_size = rd_i64(r, "dictionary pruneidx_size");
    if (r->st)
        return r->st;
    if (m->size < 0 || m->nwords < 0 || m->nlabels <= 0 || (int64_t)m->nwords + m->nlabels != m->size)
        return rd_fail(r, WN_ERR_FORMAT, "dictionary sizes do not add up (size %d, nwords %d, nlabels %d)",
                       m->size, m->nwords, m->nlabels);
    /* Each entry takes at least 10 bytes (NUL, int64 count, int8 type). */
    if ((uint64_t)m->size > rd_left(r) / 10)
        return rd_fail(r, WN_ERR_TRUNCATED, "%d dictionary entries cannot fit in the %llu bytes left",
                       m->size, (unsigned long long)rd_left(r));
    m->str_off = wn_malloc(((size_t)m->size + 1) * sizeof *m->str_off);
    m->counts = wn_malloc(((size_t)m->size + 1) * sizeof *m->counts);
    m->types = wn_malloc((size_t)m->size + 1);
    wn_buf s;
    wn_buf_init(&s, (size_t)UINT32_MAX);
    if (!m->str_off || !m->counts || !m->types)
        return rd_fail(r, WN_ERR_NOMEM, "dictionary: out of memory");
    for (int32_t i = 0; i < m->size; i++) {
        m->str_off[i] = (uint32_t)s.len;
        for (;;) {
            int c = getc(r->f);
            if (c == EOF) {
                wn_buf_free(&s);
                return rd_fail(r, WN_ERR_TRUNCATED, "file ends inside dictionary entry %d", i);
            }
            r->pos++;
            if (wn_buf_append_char(&s, (char)c)) {
                wn_buf_free(&s);
                return rd_fail(r, WN_ERR_NOMEM, "dictionary: out of memory");
            }
            if (c == 0)
                break;
        }
        m->counts[i] = rd_i64(r, "dictionary entry count");
        uint8_t type = 0;
        rd_bytes(r, &type, 1, "dictionary entry type");
        m->types[i] = type;
        if (r->st) {
            wn_buf_free(&s);
            return r->st;
        }
        /* fastText groups labels after words and finds label counts by type; a file where the
         * two disagree has no consistent meaning. */
        if (type != (i < m->nwords ? WN_LANGID_ENTRY_WORD : WN_LANGID_ENTRY_LABEL)) {
            wn_buf_free(&s);
            return rd_fail(r, WN_ERR_FORMAT, "dictionary entry %d has type %u, expected %s", i, type,
                           i < m->nwords ? "word (0)" : "label (1)");
        }
    }
    m->str_off[m->size] = (uint32_t)s.len;
    m->strings = s.data ? s.data : wn_strdup("");
    if (!m->strings)
        return rd_fail(r, WN_ERR_NOMEM, "dictionary: out of memory");

    if (m->pruneidx_size > 0) {
        if ((uint64_t)m->pruneidx_size > rd_left(r) / 8)
            return rd_fail(r, WN_ERR_TRUNCATED, "%lld pruned n-grams cannot fit in the %llu bytes left",
                           (long long)m->pruneidx_size, (unsigned long long)rd_left(r));
        uint32_t cap = pow2_at_least((uint64_t)m->pruneidx_size * 2);
        m->prune_mask = cap - 1;
        m->prune_shift = 32;
        for (uint32_t c = cap; c > 1; c >>= 1)
            m->prune_shift--;
        m->prune = wn_malloc((size_t)cap * sizeof *m->prune);
        if (!m->prune)
            return rd_fail(r, WN_ERR_NOMEM, "pruned n-grams: out of memory");
        memset(m->prune, 0xff, (size_t)cap * sizeof *m->prune);
        for (int64_t i = 0; i < m->pruneidx_size; i++) {
            int32_t key = rd_i32(r, "pruned n-gram"), val = rd_i32(r, "pruned n-gram");
            if (r->st)
                return r->st;
            if (key < 0 || val < 0 || val >= m->pruneidx_size)
                return rd_fail(r, WN_ERR_FORMAT, "pruned n-gram %lld maps bucket %d to row %d of %lld",
                               (long long)i, key, val, (long long)m->pruneidx_size);
            uint32_t j = wn_langid_prune_slot(m, key);
            while (m->prune[j].key >= 0 && m->prune[j].key != key)
                j = (j + 1) & m->prune_mask;
            m->prune[j].key = key; /* a repeated key: the last one wins, as in fastText's map */
            m->prune[j].val = val;
        }
        if (m->bucket > 0 && m->bucket <= (1 << 26)) {
            m->prune_bits = wn_calloc((size_t)m->bucket / 64 + 1, sizeof(uint64_t));
            if (!m->prune_bits)
                return rd_fail(r, WN_ERR_NOMEM, "pruned n-grams: out of memory");
            for (uint32_t j = 0; j <= m->prune_mask; j++) {
                int32_t key = m->prune[j].key;
                if (key >= 0 && key < m->bucket)
                    m->prune_bits[(uint32_t)key >> 6] |= (uint64_t)1 << (key & 63);
            }
        }
    } else if (m->pruneidx_size < -1) {
        return rd_fail(r, WN_ERR_FORMAT, "pruneidx_size %lld", (long long)m->pruneidx_size);
    }
    return WN_OK;
}

static wn_status build_vocab(wn_langid_model *m)
{
    uint32_t cap = pow2_at_least((uint64_t)m->size * 2);
    m->vocab_mask = cap - 1;
    m->vocab_id = wn_malloc((size_t)cap * sizeof(int32_t));
    m->vocab_hash = wn_malloc((size_t)cap * sizeof(uint32_t));
    if (!m->vocab_id || !m->vocab_hash)
        return WN_ERR_NOMEM;
    memset(m->vocab_id, 0xff, (size_t)cap * sizeof(int32_t));
    for (int32_t i = 0; i < m->size; i++) {
        const char *w = m->strings + m->str_off[i];
        size_t n = m->str_off[i + 1] - m->str_off[i] - 1;
        uint32_t h = wn_langid_fnv(w, n);
        uint32_t j = h & m->vocab_mask;
        /* A repeated word maps to its last entry, as fastText's word2int does. */
        while (m->vocab_id[j] >= 0) {
            int32_t o = m->vocab_id[j];
            if (m->vocab_hash[j] == h && m->str_off[o + 1] - m->str_off[o] - 1 == n &&
                memcmp(m->strings + m->str_off[o], w, n) == 0)
                break;
            j = (j + 1) & m->vocab_mask;
        }
        m->vocab_id[j] = i;
        m->vocab_hash[j] = h;
    }
    m->eos_hash = wn_langid_fnv("</s>", 4);
    m->eos_id = wn_langid_vocab_find(m, "</s>", 4, m->eos_hash);

    /* Rows of each entry: itself, then its char n-grams (none for "</s>" or without maxn). */
    wn_langid_ids ids = { .max = UINT32_MAX };   /* sub_off holds 32-bit offsets */
    m->sub_off = wn_malloc(((size_t)m->size + 1) * sizeof(uint32_t));
    if (!m->sub_off)
        return WN_ERR_NOMEM;
    for (int32_t i = 0; i < m->size; i++) {
        m->sub_off[i] = (uint32_t)ids.n;
        const char *w = m->strings + m->str_off[i];
        size_t n = m->str_off[i + 1] - m->str_off[i] - 1;
        if (!wn_langid_ids_push(&ids, i) ||
            (m->maxn > 0 && !(n == 4 && !memcmp(w, "</s>", 4)) && !wn_langid_subwords(m, w, n, &ids)) ||
            ids.n > UINT32_MAX) {
            wn_free(ids.v);
            return WN_ERR_NOMEM;
        }
    }
    m->sub_off[m->size] = (uint32_t)ids.n;
    m->sub_ids = ids.v;
    return WN_OK;
}

static wn_status load_stream(wn_langid_model **out, FILE *f, uint64_t size, const char *name,
                             char *err, size_t err_cap)
{
    rd r = { f, name, 0, size, err, err_cap, WN_OK };
    *out = NULL;
    wn_langid_model *m = wn_calloc(1, sizeof *m);
    if (!m)
        return rd_fail(&r, WN_ERR_NOMEM, "out of memory");

    int32_t magic = rd_i32(&r, "the header");
    m->version = rd_i32(&r, "the header");
    if (r.st)
        goto fail;
    if (magic != LID_MAGIC) {
        r.pos = 0;
        rd_fail(&r, WN_ERR_FORMAT, "not a fastText model (magic %d, expected %d)", magic, LID_MAGIC);
        goto fail;
    }
    if (m->version < 11 || m->version > LID_VERSION_MAX) {
        r.pos = 4;
        rd_fail(&r, WN_ERR_UNSUPPORTED, "fastText model version %d (this reader knows 11 and 12)", m->version);
        goto fail;
    }
    int32_t a[12];
    for (int i = 0; i < 12; i++)
        a[i] = rd_i32(&r, "args");
    double t;
    rd_bytes(&r, &t, 8, "args");
    if (r.st)
        goto fail;
    m->dim = a[0];
    m->word_ngrams = a[5];
    m->loss = a[6];
    m->model_kind = a[7];
    m->bucket = a[8];
    m->minn = a[9];
    m->maxn = a[10];
    if (m->version == 11 && m->model_kind == WN_LANGID_MODEL_SUP)
        m->maxn = 0; /* old supervised models had no char n-grams (fastText's loadModel) */
    if (m->model_kind != WN_LANGID_MODEL_SUP) {
        rd_fail(&r, WN_ERR_UNSUPPORTED, "not a supervised model (model %d): it cannot predict labels", m->model_kind);
        goto fail;
    }
    if (m->loss < WN_LANGID_LOSS_HS || m->loss > WN_LANGID_LOSS_OVA) {
        rd_fail(&r, WN_ERR_FORMAT, "unknown loss %d", m->loss);
        goto fail;
    }
    if (m->dim <= 0 || m->dim > (1 << 16) || m->minn < 0 || m->maxn < 0 || m->maxn > 1024 ||
        m->word_ngrams > (1 << 16) || m->bucket < 0 ||
        ((m->maxn > 0 || m->word_ngrams > 1) && m->bucket == 0)) {
        rd_fail(&r, WN_ERR_FORMAT, "args out of range (dim %d, minn %d, maxn %d, wordNgrams %d, bucket %d)",
                m->dim, m->minn, m->maxn, m->word_ngrams, m->bucket);
        goto fail;
    }
    if (m->bucket > 0)
        m->bucket_magic = UINT64_MAX / (uint32_t)m->bucket + 1;
    if (read_dictionary(&r, m))
        goto fail;
    bool quant_input = rd_bool(&r, "quant_input");
    if (r.st)
        goto fail;
    if (!quant_input && m->pruneidx_size >= 0) {
        /* fastText refuses this too: its pruning belongs to quantized models (issue #332). */
        rd_fail(&r, WN_ERR_FORMAT, "a dense input matrix with a pruned dictionary");
        goto fail;
    }
    int64_t rows = (int64_t)m->nwords + (m->pruneidx_size >= 0 ? m->pruneidx_size : m->bucket);
    if (!read_matrix(&r, &m->in, quant_input, rows, m->dim, "input matrix"))
        goto fail;
    bool qout = rd_bool(&r, "qout");
    if (r.st || !read_matrix(&r, &m->out, quant_input && qout, m->nlabels, m->dim, "output matrix"))
        goto fail;
    if (r.pos != r.size) {
        rd_fail(&r, WN_ERR_FORMAT, "%llu bytes after the output matrix", (unsigned long long)(r.size - r.pos));
        goto fail;
    }
    if (build_vocab(m)) {
        rd_fail(&r, WN_ERR_NOMEM, "vocabulary: out of memory");
        goto fail;
    }
    if (m->loss == WN_LANGID_LOSS_HS) {
        wn_status st = build_tree(m);
        if (st) {
            rd_fail(&r, st, st == WN_ERR_NOMEM ? "tree: out of memory"
                                              : "label counts are not in descending order: no valid hierarchical softmax tree");
            goto fail;
        }
    }
    /* fastText's sigmoid table: 513 points over [-8, 8], as float, used by ova/ns. */
    for (int i = 0; i <= 512; i++) {
        float x = (float)(i * 2 * 8) / 512.0f - 8.0f;
        m->sigmoid_table[i] = (float)(1.0 / (1.0 + (double)expf(-x)));
    }
    *out = m;
    return WN_OK;
fail:
    wn_langid_model_free(m);
    return r.st;
}

wn_status wn_langid_model_load(wn_langid_model **model, const char *path, char *err, size_t err_cap)
{
    *model = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (err && err_cap)
            snprintf(err, err_cap, "%s: %s", path, strerror(errno));
        return WN_ERR_IO;
    }
    long size = -1;
    if (fseek(f, 0, SEEK_END) == 0)
        size = ftell(f);
    if (size < 0 || fseek(f, 0, SEEK_SET) != 0) {
        if (err && err_cap)
            snprintf(err, err_cap, "%s: not a seekable file", path);
        fclose(f);
        return WN_ERR_IO;
    }
    setvbuf(f, NULL, _IOFBF, 1 << 16);
    wn_status st = load_stream(model, f, (uint64_t)size, path, err, err_cap);
    fclose(f);
    return st;
}

wn_status wn_langid_model_load_mem(wn_langid_model **model, const void *data, size_t size, char *err, size_t err_cap)
{
    *model = NULL;
    static const char empty[1];
    FILE *f = fmemopen(size ? (void *)data : (void *)empty, size ? size : 1, "rb");
    if (!f) {
        if (err && err_cap)
            snprintf(err, err_cap, "<memory>: %s", strerror(errno));
        return WN_ERR_NOMEM;
    }
    wn_status st = load_stream(model, f, size, "<memory>", err, err_cap);
    fclose(f);
    return st;
}

size_t wn_langid_model_nlabels(const wn_langid_model *m) { return (size_t)m->nlabels; }
int wn_langid_model_dim(const wn_langid_model *m) { return m->dim; }

wn_slice wn_langid_model_label(const wn_langid_model *m, size_t i)
{
    size_t e = (size_t)m->nwords + i;
    return (wn_slice){ m->strings + m->str_off[e], m->str_off[e + 1] - m->str_off[e] - 1 };
}

wn_slice wn_langid_label_code(wn_slice label)
{
    size_t p = sizeof LID_LABEL_PREFIX - 1;
    if (label.len >= p && memcmp(label.ptr, LID_LABEL_PREFIX, p) == 0)
        return (wn_slice){ label.ptr + p, label.len - p };
    return label;
}

int wn_langid_model_find_label(const wn_langid_model *m, wn_slice code)
{
    for (int32_t i = 0; i < m->nlabels; i++) {
        wn_slice l = wn_langid_model_label(m, (size_t)i);
        if (wn_slice_eq(l, code) || wn_slice_eq(wn_langid_label_code(l), code))
            return i;
    }
    return -1;
}

void wn_langid_default_model_path(char *dst, size_t dst_cap, const char *exe_dir)
{
    const char *env = getenv("WINNOW_MODEL");
    if (env && *env) {
        snprintf(dst, dst_cap, "%s", env);
        return;
    }
    if (exe_dir) {
        snprintf(dst, dst_cap, "%s/../models/lid.176.ftz", exe_dir);
        if (access(dst, R_OK) == 0)
            return;
    }
    snprintf(dst, dst_cap, "models/lid.176.ftz");
}
