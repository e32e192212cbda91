/* recfile.c: checked record files, sorted runs and their k-way merge (see recfile.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <fcntl.h>
#include "dedup/recfile.h"

static const char MAGIC[8] = { 'W', 'N', 'R', 'E', 'C', 0, 1, 0 };

/* header layout (little-endian on the machines we run; files do not move between machines):
 * 0 magic[8] | 8 kind u32 | 12 rec_size u32 | 16 per_block u32 | 20 zero u32 | 24 count u64 |
 * 32 user u64 | 40..55 zero | 56 wn_hash64(bytes 0..55) */
typedef struct {
    uint32_t kind, rec_size, per_block;
    uint64_t count, user;
} header;

static void header_encode(const header *h, unsigned char out[WN_REC_HEADER])
{
    memset(out, 0, WN_REC_HEADER);
    memcpy(out, MAGIC, 8);
    memcpy(out + 8, &h->kind, 4);
    memcpy(out + 12, &h->rec_size, 4);
    memcpy(out + 16, &h->per_block, 4);
    memcpy(out + 24, &h->count, 8);
    memcpy(out + 32, &h->user, 8);
    uint64_t sum = wn_hash64(out, 56, 0x5ec0de);
    memcpy(out + 56, &sum, 8);
}

static uint64_t expected_size(const header *h)
{
    uint64_t blocks = (h->count + h->per_block - 1) / h->per_block;
    return WN_REC_HEADER + h->count * h->rec_size + blocks * 8;
}

/* ---- writer ------------------------------------------------------------------------------- */

/* The last write failure of this thread, "FILE: strerror", for the message of the step that
 * sees the bare status (errno's convention: per thread, set on failure only). */
static _Thread_local char last_write_error[600];

const char *wn_rec_write_error(void) { return last_write_error; }

static wn_status write_failed(const char *path)
{
    snprintf(last_write_error, sizeof last_write_error, "%s: %s", path, strerror(errno ? errno : EIO));
    return WN_ERR_IO;
}

struct wn_rec_writer {
    FILE *f;
    char *path, *tmp;
    header h;
    unsigned char *block;
    uint32_t in_block;
    uint64_t blocks;
    wn_status err;
};

wn_status wn_rec_writer_create(wn_rec_writer **out, const char *path, uint32_t kind,
                               uint32_t rec_size, size_t block_bytes)
{
    *out = NULL;
    if (rec_size == 0)
        return WN_ERR_USAGE;
    wn_rec_writer *w = wn_calloc(1, sizeof *w);
    if (!w)
        return WN_ERR_NOMEM;
    w->h.kind = kind;
    w->h.rec_size = rec_size;
    w->h.per_block = (uint32_t)(block_bytes / rec_size ? block_bytes / rec_size : 1);
    size_t n = strlen(path);
    w->path = wn_strdup(path);
    w->tmp = wn_malloc(n + 8);
    w->block = wn_malloc((size_t)w->h.per_block * rec_size);
    if (!w->path || !w->tmp || !w->block) {
        wn_rec_writer_abort(w);
        return WN_ERR_NOMEM;
    }
    memcpy(w->tmp, path, n);
    memcpy(w->tmp + n, ".tmp", 5);
    w->f = fopen(w->tmp, "wb");
    if (!w->f) {
        write_failed(w->tmp);
        wn_rec_writer_abort(w);
        return WN_ERR_IO;
    }
    unsigned char hb[WN_REC_HEADER] = { 0 };
    if (fwrite(hb, 1, sizeof hb, w->f) != sizeof hb) {
        write_failed(w->tmp);
        wn_rec_writer_abort(w);
        return WN_ERR_IO;
    }
    *out = w;
    return WN_OK;
}

static wn_status flush_block(wn_rec_writer *w)
{
    if (w->in_block == 0)
        return WN_OK;
    size_t n = (size_t)w->in_block * w->h.rec_size;
    uint64_t sum = wn_hash64(w->block, n, w->blocks);
    if (fwrite(w->block, 1, n, w->f) != n || fwrite(&sum, 1, 8, w->f) != 8)
        return w->err = write_failed(w->tmp);
    w->blocks++;
    w->in_block = 0;
    return WN_OK;
}

wn_status wn_rec_writer_add(wn_rec_writer *w, const void *rec)
{
    if (w->err)
        return w->err;
    memcpy(w->block + (size_t)w->in_block * w->h.rec_size, rec, w->h.rec_size);
    w->h.count++;
    if (++w->in_block == w->h.per_block)
        return flush_block(w);
    return WN_OK;
}

wn_status wn_rec_writer_add_n(wn_rec_writer *w, const void *recs, size_t n)
{
    const unsigned char *p = recs;
    for (size_t i = 0; i < n; i++) {
        wn_status st = wn_rec_writer_add(w, p + i * w->h.rec_size);
        if (st)
            return st;
    }
    return WN_OK;
}

uint64_t wn_rec_writer_count(const wn_rec_writer *w) { return w->h.count; }

void wn_rec_writer_abort(wn_rec_writer *w)
{
    if (!w)
        return;
    if (w->f) {
        fclose(w->f);
        unlink(w->tmp);
    }
    wn_free(w->path);
    wn_free(w->tmp);
    wn_free(w->block);
    wn_free(w);
}

wn_status wn_rec_writer_close(wn_rec_writer *w, uint64_t user)
{
    if (!w)
        return WN_OK;
    wn_status st = w->err ? w->err : flush_block(w);
    if (!st) {
        w->h.user = user;
        unsigned char hb[WN_REC_HEADER];
        header_encode(&w->h, hb);
        if (fseek(w->f, 0, SEEK_SET) != 0 || fwrite(hb, 1, sizeof hb, w->f) != sizeof hb)
            st = write_failed(w->tmp);
    }
    /* fsynced before the rename: a file handed to the next step under its final name is whole
     * after a power loss (the step then syncs the directory once, wn_dir_sync) */
    if (!st && (fflush(w->f) != 0 || fsync(fileno(w->f)) != 0))
        st = write_failed(w->tmp);
    if (fclose(w->f) != 0 && !st)
        st = write_failed(w->tmp);
    w->f = NULL;
    if (!st && rename(w->tmp, w->path) != 0)
        st = write_failed(w->tmp);
    if (st)
        unlink(w->tmp);
    wn_free(w->path);
    wn_free(w->tmp);
    wn_free(w->block);
    wn_free(w);
    return st;
}

/* ---- reader ------------------------------------------------------------------------------- */

struct wn_rec_reader {
    int fd;                    /* -1 for memory */
    const unsigned char *mem;
    char *path;
    header h;
    unsigned char *block;      /* one block plus its checksum */
    uint64_t cached;           /* block number in `block`, or UINT64_MAX */
    uint64_t cursor;
};

static wn_status reader_init(wn_rec_reader *r, const unsigned char *hb, uint64_t size,
                             uint32_t kind, uint32_t rec_size, char *err, size_t err_cap)
{
    const char *p = r->path;
    if (size < WN_REC_HEADER) {
        snprintf(err, err_cap, "%s: truncated intermediate file (%llu bytes, no header)", p,
                 (unsigned long long)size);
        return WN_ERR_TRUNCATED;
    }
    if (memcmp(hb, MAGIC, 8) != 0) {
        snprintf(err, err_cap, "%s: not a winnow intermediate file", p);
        return WN_ERR_FORMAT;
    }
    uint64_t sum;
    memcpy(&sum, hb + 56, 8);
    if (sum != wn_hash64(hb, 56, 0x5ec0de)) {
        snprintf(err, err_cap, "%s: header checksum mismatch", p);
        return WN_ERR_CORRUPT;
    }
    memcpy(&r->h.kind, hb + 8, 4);
    memcpy(&r->h.rec_size, hb + 12, 4);
    memcpy(&r->h.per_block, hb + 16, 4);
    memcpy(&r->h.count, hb + 24, 8);
    memcpy(&r->h.user, hb + 32, 8);
    if (r->h.kind != kind || r->h.rec_size != rec_size || r->h.per_block == 0 ||
        (uint64_t)r->h.per_block * rec_size > ((uint64_t)1 << 26) || r->h.count > ((uint64_t)1 << 48)) {
        snprintf(err, err_cap, "%s: unexpected kind %u or record size %u (want %u, %u)", p,
                 r->h.kind, r->h.rec_size, kind, rec_size);
        return WN_ERR_FORMAT;
    }
    uint64_t want = expected_size(&r->h);
    if (size != want) {
        snprintf(err, err_cap, "%s: %s intermediate file: %llu bytes, header says %llu", p,
                 size < want ? "truncated" : "overlong", (unsigned long long)size,
                 (unsigned long long)want);
        return size < want ? WN_ERR_TRUNCATED : WN_ERR_CORRUPT;
    }
    r->block = wn_malloc((size_t)r->h.per_block * rec_size + 8);
    if (!r->block)
        return WN_ERR_NOMEM;
    r->cached = UINT64_MAX;
    return WN_OK;
}

wn_status wn_rec_reader_open(wn_rec_reader **out, const char *path, uint32_t kind,
                             uint32_t rec_size, char *err, size_t err_cap)
{
    *out = NULL;
    wn_rec_reader *r = wn_calloc(1, sizeof *r);
    if (!r)
        return WN_ERR_NOMEM;
    r->path = wn_strdup(path);
    r->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (!r->path || r->fd < 0) {
        snprintf(err, err_cap, "%s: cannot open: %s", path, strerror(errno));
        if (r->fd >= 0)
            close(r->fd);
        wn_free(r->path);
        wn_free(r);
        return WN_ERR_IO;
    }
    struct stat sb;
    unsigned char hb[WN_REC_HEADER];
    uint64_t size = 0;
    if (fstat(r->fd, &sb) == 0)
        size = (uint64_t)sb.st_size;
    if (size >= WN_REC_HEADER && pread(r->fd, hb, sizeof hb, 0) != (ssize_t)sizeof hb)
        size = 0;
    wn_status st = reader_init(r, hb, size, kind, rec_size, err, err_cap);
    if (st) {
        wn_rec_reader_close(r);
        return st;
    }
    *out = r;
    return WN_OK;
}

wn_status wn_rec_reader_open_mem(wn_rec_reader **out, const void *p, size_t n, uint32_t kind,
                                 uint32_t rec_size, char *err, size_t err_cap)
{
    *out = NULL;
    wn_rec_reader *r = wn_calloc(1, sizeof *r);
    if (!r)
        return WN_ERR_NOMEM;
    r->fd = -1;
    r->mem = p;
    r->path = wn_strdup("<memory>");
    wn_status st = r->path ? reader_init(r, p, n, kind, rec_size, err, err_cap) : WN_ERR_NOMEM;
    if (st) {
        wn_rec_reader_close(r);
        return st;
    }
    *out = r;
    return WN_OK;
}

uint64_t wn_rec_reader_count(const wn_rec_reader *r) { return r->h.count; }
uint64_t wn_rec_reader_user(const wn_rec_reader *r) { return r->h.user; }
const char *wn_rec_reader_path(const wn_rec_reader *r) { return r->path; }

wn_status wn_rec_reader_get(wn_rec_reader *r, uint64_t i, const void **rec)
{
    if (i >= r->h.count)
        return WN_ERR_USAGE;
    uint64_t b = i / r->h.per_block;
    if (b != r->cached) {
        uint64_t full = (uint64_t)r->h.per_block * r->h.rec_size;
        uint64_t off = WN_REC_HEADER + b * (full + 8);
        uint64_t nrec = r->h.count - b * r->h.per_block;
        if (nrec > r->h.per_block)
            nrec = r->h.per_block;
        size_t n = (size_t)(nrec * r->h.rec_size);
        if (r->fd >= 0) {
            size_t got = 0;
            while (got < n + 8) {
                ssize_t k = pread(r->fd, r->block + got, n + 8 - got, (off_t)(off + got));
                if (k <= 0)
                    return WN_ERR_TRUNCATED; /* the file shrank after it was opened */
                got += (size_t)k;
            }
        } else {
            memcpy(r->block, r->mem + off, n + 8);
        }
        uint64_t sum;
        memcpy(&sum, r->block + n, 8);
        if (sum != wn_hash64(r->block, n, b)) {
            r->cached = UINT64_MAX;
            return WN_ERR_CORRUPT;
        }
        r->cached = b;
    }
    *rec = r->block + (size_t)(i - b * r->h.per_block) * r->h.rec_size;
    return WN_OK;
}

wn_status wn_rec_reader_read(wn_rec_reader *r, uint64_t first, uint64_t n, void *dst)
{
    if (first > r->h.count || n > r->h.count - first)
        return WN_ERR_USAGE;
    unsigned char *o = dst;
    while (n) {
        const void *p;
        wn_status st = wn_rec_reader_get(r, first, &p);
        if (st)
            return st;
        uint64_t k = r->h.per_block - first % r->h.per_block;
        if (k > n)
            k = n;
        memcpy(o, p, (size_t)(k * r->h.rec_size));
        o += k * r->h.rec_size;
        first += k;
        n -= k;
    }
    return WN_OK;
}

wn_status wn_rec_reader_next(wn_rec_reader *r, const void **rec)
{
    if (r->cursor >= r->h.count)
        return WN_END;
    wn_status st = wn_rec_reader_get(r, r->cursor, rec);
    if (!st)
        r->cursor++;
    return st;
}

void wn_rec_reader_close(wn_rec_reader *r)
{
    if (!r)
        return;
    if (r->fd >= 0)
        close(r->fd);
    wn_free(r->block);
    wn_free(r->path);
    wn_free(r);
}

/* ---- sorting -------------------------------------------------------------------------------- */

int wn_rec_cmp(const void *a, const void *b, uint32_t rec_size)
{
    const uint64_t *x = a, *y = b;
    for (uint32_t i = 0; i < rec_size / 8; i++)
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    return 0;
}

static int cmp2(const void *a, const void *b) { return wn_rec_cmp(a, b, 16); }
static int cmp3(const void *a, const void *b) { return wn_rec_cmp(a, b, 24); }
static int cmp4(const void *a, const void *b) { return wn_rec_cmp(a, b, 32); }

struct wn_sorter {
    char *prefix;
    uint32_t kind, rec_size;
    unsigned char *buf, *tmp;   /* records, and the radix sort's second buffer */
    size_t n, alloc, cap;   /* records: buffered, allocated, budget */
    unsigned runs;
};

wn_status wn_sorter_create(wn_sorter **out, const char *prefix, uint32_t kind, uint32_t rec_size,
                           size_t budget)
{
    *out = NULL;
    if (rec_size < 16 || rec_size > 32 || rec_size % 8)
        return WN_ERR_USAGE;
    wn_sorter *s = wn_calloc(1, sizeof *s);
    if (!s)
        return WN_ERR_NOMEM;
    s->prefix = wn_strdup(prefix);
    s->kind = kind;
    s->rec_size = rec_size;
    s->cap = budget / 2 / rec_size;  /* the buffer and the sort's second buffer */
    if (s->cap < 1024)
        s->cap = 1024;
    if (!s->prefix) {
        wn_sorter_free(s);
        return WN_ERR_NOMEM;
    }
    *out = s;
    return WN_OK;
}

/* Stable LSD radix sort of the records by their first word (8 passes of 8 bits, a pass skipped
 * when all records share that byte), then runs of equal first words are put in full order by
 * qsort when they are not already. Records usually arrive in order of their later words (a
 * worker sees documents in input order), so that last step rarely sorts anything. */
static void sort_records(wn_sorter *s)
{
    size_t n = s->n, rs = s->rec_size;
    unsigned char *a = s->buf, *b = s->tmp;
    size_t count[256];
    for (unsigned shift = 0; shift < 64; shift += 8) {
        memset(count, 0, sizeof count);
        for (size_t i = 0; i < n; i++) {
            uint64_t k;
            memcpy(&k, a + i * rs, 8);
            count[(k >> shift) & 255]++;
        }
        bool trivial = false;
        for (int d = 0; d < 256; d++)
            if (count[d] == n)
                trivial = true;
        if (trivial)
            continue;
        size_t sum = 0;
        for (int d = 0; d < 256; d++) {
            size_t c = count[d];
            count[d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++) {
            uint64_t k;
            memcpy(&k, a + i * rs, 8);
            memcpy(b + count[(k >> shift) & 255]++ * rs, a + i * rs, rs);
        }
        unsigned char *t = a;
        a = b;
        b = t;
    }
    if (a != s->buf)
        memcpy(s->buf, a, n * rs);
    int (*cmp)(const void *, const void *) = rs == 16 ? cmp2 : rs == 24 ? cmp3 : cmp4;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && memcmp(s->buf + j * rs, s->buf + i * rs, 8) == 0)
            j++;
        for (size_t k = i + 1; k < j; k++)
            if (wn_rec_cmp(s->buf + (k - 1) * rs, s->buf + k * rs, (uint32_t)rs) > 0) {
                qsort(s->buf + i * rs, j - i, rs, cmp);
                break;
            }
        i = j;
    }
}

wn_status wn_sorter_flush(wn_sorter *s)
{
    if (s->n == 0)
        return WN_OK;
    if (!s->tmp && !(s->tmp = wn_malloc(s->alloc * s->rec_size)))
        return WN_ERR_NOMEM;
    sort_records(s);
    char path[4200];
    snprintf(path, sizeof path, "%s.%04u.run", s->prefix, s->runs);
    wn_rec_writer *w;
    wn_status st = wn_rec_writer_create(&w, path, s->kind, s->rec_size, 1 << 16);
    if (st)
        return st;
    st = wn_rec_writer_add_n(w, s->buf, s->n);
    if (st) {
        wn_rec_writer_abort(w);
        return st;
    }
    if ((st = wn_rec_writer_close(w, 0)))
        return st;
    s->runs++;
    s->n = 0;
    return WN_OK;
}

wn_status wn_sorter_add(wn_sorter *s, const void *rec)
{
    if (s->n == s->alloc) {
        if (s->alloc == s->cap) {
            wn_status st = wn_sorter_flush(s);
            if (st)
                return st;
        } else {
            /* grow by doubling up to the budget, so idle sorters cost nothing */
            size_t na = s->alloc ? s->alloc * 2 : 1024;
            if (na > s->cap)
                na = s->cap;
            unsigned char *b = wn_realloc(s->buf, na * s->rec_size);
            if (!b)
                return WN_ERR_NOMEM;
            s->buf = b;
            wn_free(s->tmp);   /* reallocated at the size of the buffer when sorting */
            s->tmp = NULL;
            s->alloc = na;
        }
    }
    memcpy(s->buf + s->n * s->rec_size, rec, s->rec_size);
    s->n++;
    return WN_OK;
}

unsigned wn_sorter_runs(const wn_sorter *s) { return s->runs; }

void wn_sorter_free(wn_sorter *s)
{
    if (!s)
        return;
    wn_free(s->buf);
    wn_free(s->tmp);
    wn_free(s->prefix);
    wn_free(s);
}

/* ---- merging -------------------------------------------------------------------------------- */

struct wn_merger {
    wn_rec_reader **runs;
    const unsigned char **head;   /* current record of each run (copied: readers reuse blocks) */
    unsigned char *heads;         /* storage for the heads */
    unsigned char *last;          /* the record returned last, to check the order */
    size_t *heap;                 /* run indices, min-heap by head */
    size_t n, hn;
    uint32_t rec_size;
    bool have_last;
    char err[1024];
    void (*progress)(void *ud, uint64_t records);
    void *progress_ud;
    uint64_t count;
};

static bool heap_less(const wn_merger *m, size_t a, size_t b)
{
    int c = wn_rec_cmp(m->heads + a * m->rec_size, m->heads + b * m->rec_size, m->rec_size);
    return c < 0 || (c == 0 && a < b);
}

static void sift_down(wn_merger *m, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, s = i;
        if (l < m->hn && heap_less(m, m->heap[l], m->heap[s]))
            s = l;
        if (r < m->hn && heap_less(m, m->heap[r], m->heap[s]))
            s = r;
        if (s == i)
            return;
        size_t t = m->heap[i];
        m->heap[i] = m->heap[s];
        m->heap[s] = t;
        i = s;
    }
}

/* Loads the next record of run i into its head; false at its end or on error (m->err set). */
static wn_status load(wn_merger *m, size_t i, bool *ok)
{
    const void *rec;
    wn_status st = wn_rec_reader_next(m->runs[i], &rec);
    *ok = false;
    if (st == WN_END)
        return WN_OK;
    if (st) {
        snprintf(m->err, sizeof m->err, "%s: %s", wn_rec_reader_path(m->runs[i]),
                 st == WN_ERR_CORRUPT ? "block checksum mismatch" : wn_strerror(st));
        return st;
    }
    unsigned char *h = m->heads + i * m->rec_size;
    if (m->runs[i]->cursor > 1 && wn_rec_cmp(h, rec, m->rec_size) > 0) {
        snprintf(m->err, sizeof m->err, "%s: run is not sorted", wn_rec_reader_path(m->runs[i]));
        return WN_ERR_CORRUPT;
    }
    memcpy(h, rec, m->rec_size);
    *ok = true;
    return WN_OK;
}

wn_status wn_merger_open(wn_merger **out, char **paths, size_t n, uint32_t kind, uint32_t rec_size,
                         char *err, size_t err_cap)
{
    *out = NULL;
    wn_merger *m = wn_calloc(1, sizeof *m);
    if (!m)
        return WN_ERR_NOMEM;
    m->rec_size = rec_size;
    m->runs = wn_calloc(n ? n : 1, sizeof *m->runs);
    m->heads = wn_calloc(n ? n : 1, rec_size);
    m->last = wn_calloc(1, rec_size);
    m->heap = wn_calloc(n ? n : 1, sizeof *m->heap);
    if (!m->runs || !m->heads || !m->last || !m->heap) {
        wn_merger_close(m);
        return WN_ERR_NOMEM;
    }
    m->n = n;
    for (size_t i = 0; i < n; i++) {
        wn_status st = wn_rec_reader_open(&m->runs[i], paths[i], kind, rec_size, err, err_cap);
        bool ok;
        if (!st) {
            st = load(m, i, &ok);
            if (st)
                snprintf(err, err_cap, "%s", m->err);
        }
        if (st) {
            wn_merger_close(m);
            return st;
        }
        if (ok)
            m->heap[m->hn++] = i;
    }
    for (size_t i = m->hn / 2; i-- > 0;)
        sift_down(m, i);
    *out = m;
    return WN_OK;
}

wn_status wn_merger_next(wn_merger *m, const void **rec)
{
    if (m->hn == 0)
        return WN_END;
    size_t i = m->heap[0];
    memcpy(m->last, m->heads + i * m->rec_size, m->rec_size);
    bool ok;
    wn_status st = load(m, i, &ok);
    if (st)
        return st;
    if (!ok)
        m->heap[0] = m->heap[--m->hn];
    sift_down(m, 0);
    *rec = m->last;
    if (m->progress && (++m->count & 0xffff) == 0)
        m->progress(m->progress_ud, m->count);
    return WN_OK;
}

void wn_merger_watch(wn_merger *m, void (*fn)(void *ud, uint64_t records), void *ud)
{
    m->progress = fn;
    m->progress_ud = ud;
}

const char *wn_merger_error(const wn_merger *m) { return m->err; }

void wn_merger_close(wn_merger *m)
{
    if (!m)
        return;
    for (size_t i = 0; m->runs && i < m->n; i++)
        wn_rec_reader_close(m->runs[i]);
    wn_free(m->runs);
    wn_free(m->heads);
    wn_free(m->last);
    wn_free(m->heap);
    wn_free(m);
}
