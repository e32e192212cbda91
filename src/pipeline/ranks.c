/* ranks.c: input ranges per rank, and shards from the ranks' spools (design in ranks.h). */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "winnow/path.h"
#include "common/grow.h"
#include "pipeline/ranks.h"
#include "pipeline/spools.h"

#define SPOOL_NAME "00000.jsonl"   /* spools.c's one file per stream */
#define READ_CHUNK ((size_t)1 << 20)
/* shard numbers are unsigned (wn_shard_writer_start_at), in each stream */
#define RANKS_SHARDS_MAX ((size_t)UINT_MAX)

/* A file's share of the work: its size, +1 so that empty ones count too. A URL is never
 * stat'ed (its size is unknown without a request per file): it weighs 1, so a list of URLs is
 * split by count, contiguous ranges as for files. */
static uint64_t file_weight(const char *path)
{
    struct stat sb;
    if (wn_is_remote(path) || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return 1;
    return (uint64_t)sb.st_size + 1;
}

wn_status wn_ranks_spool_dir(char *out, size_t cap, const char *out_dir, int rank)
{
    return wn_path_printf(out, cap, "%s/" WN_RANKS_DIR "/r%d", out_dir, rank);
}

wn_status wn_ranks_assign(const wn_comm *c, wn_status pre, char **files, size_t n, size_t *first,
                          size_t *end, char *err, size_t err_cap)
{
    *first = 0;
    *end = n;
    if (!wn_comm_active(c))
        return pre;
    wn_status st = pre;
    uint64_t h = 0x72616e6b73ULL;   /* "ranks" */
    for (size_t i = 0; i < n; i++) {
        h = wn_hash64(files[i], strlen(files[i]), h);
        if (!strcmp(files[i], "-") && !st) {
            st = WN_ERR_USAGE;
            snprintf(err, err_cap, "stdin ('-') cannot be split over MPI ranks: save it to a file first");
        }
    }
    /* [n, hash, then on rank 0 the first input of each rank and n] */
    size_t words = 2 + (c->rank == 0 ? (size_t)c->size + 1 : 0);
    uint64_t *mine = wn_calloc(words, 8);
    uint64_t *counts = wn_calloc((size_t)c->size, 8);
    if (!mine || !counts) {
        st = st ? st : WN_ERR_NOMEM;
        words = 0;
    } else {
        mine[0] = n;
        mine[1] = h;
    }
    if (mine && c->rank == 0) {
        /* a file goes to the rank whose share of the total holds its middle byte: ranges are
         * contiguous and about equal in bytes (+1 per file, so that empty ones count too) */
        uint64_t total = 0, before = 0;
        for (size_t i = 0; i < n; i++) {
            total += file_weight(files[i]);
        }
        uint64_t *bound = mine + 2;
        int r = 0;
        bound[0] = 0;
        for (size_t i = 0; i < n; i++) {
            uint64_t w = file_weight(files[i]);
            long double mid = ((long double)before + (long double)w / 2) * c->size / (long double)total;
            int owner = mid >= c->size ? c->size - 1 : (int)mid;
            while (r < owner)
                bound[++r] = i;
            before += w;
        }
        while (r < c->size)
            bound[++r] = n;
    }
    wn_buf all;
    wn_buf_init(&all, WN_COMM_GATHER_MAX);
    wn_status xs = counts ? c->allgather(c, mine, words * 8, &all, counts) : WN_ERR_NOMEM;
    if (xs && !st) {
        st = xs;
        snprintf(err, err_cap, "cannot exchange the input list between ranks: %s", wn_strerror(xs));
    }
    if (!st && (counts[0] != ((size_t)c->size + 3) * 8 || all.len < counts[0] || !mine)) {
        st = WN_ERR_CORRUPT;
        snprintf(err, err_cap, "rank 0 sent no input ranges");
    }
    if (!st) {
        uint64_t r0[2], b[2];
        memcpy(r0, all.data, 16);
        memcpy(b, all.data + 16 + (size_t)c->rank * 8, 16);
        if (r0[0] != n || r0[1] != h) {
            st = WN_ERR_USAGE;
            snprintf(err, err_cap, "this rank sees %zu inputs, rank 0 sees %llu (or other names): "
                     "every rank must see the same inputs", n, (unsigned long long)r0[0]);
        } else if (b[0] > b[1] || b[1] > n) {
            st = WN_ERR_CORRUPT;
            snprintf(err, err_cap, "bad input range from rank 0");
        } else {
            *first = (size_t)b[0];
            *end = (size_t)b[1];
        }
    }
    wn_buf_free(&all);
    wn_free(mine);
    wn_free(counts);
    if (xs)
        return st;   /* the exchange itself failed: no collective can be trusted */
    return wn_comm_agree(c, st, NULL, err, err_cap);
}

/* ---- shards from spools ------------------------------------------------------------------------ */

typedef struct {
    uint64_t start, end;   /* global byte offsets in the stream */
    unsigned index;
    int stream;            /* the job's stream number (0 dropped) */
} shard_range;

/* Writes [start, end) of stream `name` (the concatenation of every rank's spool) to w, one
 * line per write as the single-process writer does, so that compressed bytes are the same. */
static wn_status copy_range(const wn_comm *c, const char *out_dir, const char *name,
                            const uint64_t *offsets, uint64_t start, uint64_t end,
                            wn_shard_writer *w, wn_buf *buf, char *err, size_t err_cap)
{
    wn_status st = WN_OK;
    for (int r = 0; r < c->size && start < end && !st; r++) {
        if (start >= offsets[r + 1])
            continue;
        uint64_t stop = end < offsets[r + 1] ? end : offsets[r + 1];
        char path[WN_PATH_CAP];
        if (wn_path_printf(path, sizeof path, "%s/" WN_RANKS_DIR "/r%d/%s/" SPOOL_NAME, out_dir, r, name)) {
            snprintf(err, err_cap, "%s: the spool path of rank %d is too long", out_dir, r);
            return WN_ERR_TOO_LARGE;
        }
        FILE *f = fopen(path, "rb");
        if (!f || fseeko(f, (off_t)(start - offsets[r]), SEEK_SET) != 0) {
            snprintf(err, err_cap, "%s: cannot read the spool of rank %d: %s", path, r, strerror(errno));
            if (f)
                fclose(f);
            return WN_ERR_IO;
        }
        uint64_t left = stop - start;
        wn_buf_reset(buf);
        while (left && !st) {
            size_t want = left < READ_CHUNK ? (size_t)left : READ_CHUNK;
            if ((st = wn_buf_reserve(buf, want)))
                break;
            size_t got = fread(buf->data + buf->len, 1, want, f);
            if (got == 0) {
                snprintf(err, err_cap, "%s: spool shorter than its rank said", path);
                st = WN_ERR_CORRUPT;
                break;
            }
            buf->len += got;
            left -= got;
            /* whole lines go out; the tail waits for the next read */
            size_t done = 0;
            for (;;) {
                const char *nl = memchr(buf->data + done, '\n', buf->len - done);
                if (!nl)
                    break;
                size_t ll = (size_t)(nl + 1 - (buf->data + done));
                if ((st = wn_shard_writer_write(w, buf->data + done, ll)))
                    break;
                done += ll;
            }
            memmove(buf->data, buf->data + done, buf->len - done);
            buf->len -= done;
        }
        fclose(f);
        if (!st && buf->len) {
            snprintf(err, err_cap, "%s: spool range does not end a line", path);
            st = WN_ERR_CORRUPT;
        }
        start = stop;
    }
    return st;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The job's streams: "dropped" first, then every kept stream any rank spooled, sorted by name
 * (the order does not change the bytes: each stream is cut by itself). *names points into the
 * parts' name lists. */
static wn_status job_streams(const wn_ranks_part *parts, int size, const char ***names, size_t *n)
{
    size_t total = 1;
    for (int r = 0; r < size; r++)
        total += parts[r].n_names;
    const char **v = wn_calloc(total, sizeof *v);
    if (!v)
        return WN_ERR_NOMEM;
    size_t k = 0;
    for (int r = 0; r < size; r++)
        for (size_t i = 1; i < parts[r].n_names; i++)
            v[1 + k++] = parts[r].names[i];
    qsort(v + 1, k, sizeof *v, cmp_names);
    size_t u = 0;
    for (size_t i = 0; i < k; i++)
        if (u == 0 || strcmp(v[u], v[1 + i]))
            v[1 + u++] = v[1 + i];
    v[0] = "dropped";
    *names = v;
    *n = 1 + u;
    return WN_OK;
}

static size_t find_stream(const char *const *names, size_t n, const char *name)
{
    size_t lo = 1, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(names[mid], name);
        if (!c)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return n;
}

/* One global batch: the (stream, bytes) pairs of rank r's batch starting at words[*at]; the
 * stream numbers mapped to the job's. WN_ERR_CORRUPT for a note that does not parse. */
static wn_status next_batch(const wn_ranks_part *p, const size_t *map, size_t n_streams, size_t *at,
                            size_t *pairs, const uint64_t **first)
{
    if (*at >= p->n_words || p->words[*at] == 0 || p->words[*at] > (p->n_words - *at - 1) / 2)
        return WN_ERR_CORRUPT;
    *pairs = (size_t)p->words[*at];
    *first = p->words + *at + 1;
    for (size_t i = 0; i < *pairs; i++)
        if ((*first)[2 * i] >= p->n_names || map[(*first)[2 * i]] >= n_streams)
            return WN_ERR_CORRUPT;
    *at += 1 + 2 * *pairs;
    return WN_OK;
}

wn_status wn_ranks_write_shards(const wn_comm *c, const wn_ranks_output *o, const wn_ranks_part *parts,
                                char *err, size_t err_cap)
{
    int size = c->size, me = c->rank;
    const char **names = NULL;
    size_t S = 0;
    wn_status st = job_streams(parts, size, &names, &S);
    if (st)
        return st;
    /* map[r][i]: rank r's stream i in the job's numbering */
    size_t **map = wn_calloc((size_t)size, sizeof *map);
    uint64_t *offsets = wn_calloc(S * ((size_t)size + 1), 8);   /* [s][r]: rank r's spool start */
    uint64_t *pos = wn_calloc(S, 8), *open = wn_calloc(S, 8);
    unsigned *index = wn_calloc(S, sizeof *index);
    uint64_t **frames = wn_calloc(S, sizeof *frames);
    size_t *n_frames = wn_calloc(S, sizeof *n_frames), *cap_frames = wn_calloc(S, sizeof *cap_frames);
    size_t *next_frame = wn_calloc(S, sizeof *next_frame);
    wn_shard_writer **w = wn_calloc(S, sizeof *w);
    if (!map || !offsets || !pos || !open || !index || !frames || !n_frames || !cap_frames ||
        !next_frame || !w)
        st = WN_ERR_NOMEM;
    for (int r = 0; r < size && !st; r++) {
        const wn_ranks_part *p = &parts[r];
        if (p->n_names == 0 || strcmp(p->names[0], "dropped")) {
            st = WN_ERR_CORRUPT;
            break;
        }
        if (!(map[r] = wn_calloc(p->n_names, sizeof **map))) {
            st = WN_ERR_NOMEM;
            break;
        }
        for (size_t i = 1; i < p->n_names; i++)
            map[r][i] = find_stream(names, S, p->names[i]);
        /* each stream's spool sizes, rank after rank */
        size_t at = 0, pairs;
        const uint64_t *e;
        for (size_t s = 0; s < S; s++)
            offsets[s * ((size_t)size + 1) + (size_t)r + 1] = offsets[s * ((size_t)size + 1) + (size_t)r];
        while (!st && at < p->n_words && !(st = next_batch(p, map[r], S, &at, &pairs, &e)))
            for (size_t i = 0; i < pairs; i++)
                offsets[map[r][e[2 * i]] * ((size_t)size + 1) + (size_t)r + 1] += e[2 * i + 1];
    }
    /* the single-process rule (pipeline.c, batch_written; outputs.c): after each batch, each
     * stream whose open shard holds at least shard_bytes ends it, by itself (only a stream the
     * batch grew can have got there); a stream that got nothing since its last shard makes no
     * empty one. Then, when checkpoint_bytes of output were written since the last checkpoint,
     * every stream ends its compressed frame there: those frame ends (frames[s], global
     * offsets, in order) are part of the bytes */
    uint64_t full = o->shard_bytes ? o->shard_bytes : UINT64_MAX, since = 0;
    shard_range *shards = NULL;
    size_t n_shards = 0, cap = 0;
    for (int r = 0; r <= size && !st; r++) {
        bool last = r == size;
        size_t at = 0, pairs = 0;
        const uint64_t *e = NULL;
        while (!st && (last ? at == 0 : at < parts[r].n_words)) {
            if (last) {
                at = 1;   /* the end of the job: every stream's open shard */
                pairs = 0;
            } else if ((st = next_batch(&parts[r], map[r], S, &at, &pairs, &e))) {
                break;
            }
            for (size_t i = 0; i < pairs; i++) {
                open[map[r][e[2 * i]]] += e[2 * i + 1];
                since += e[2 * i + 1];
            }
            for (size_t s = 0; s < S && !st; s++) {
                if (!open[s] || (!last && open[s] < full))
                    continue;
                const uint64_t *off = offsets + s * ((size_t)size + 1);
                /* owned by the rank whose spool holds the first byte */
                if (pos[s] >= off[me] && pos[s] < off[me + 1]) {
                    if ((st = WN_GROW(shards, cap, n_shards + 1, 16, RANKS_SHARDS_MAX)))
                        break;
                    shards[n_shards++] = (shard_range){ pos[s], pos[s] + open[s], index[s], (int)s };
                }
                pos[s] += open[s];
                open[s] = 0;
                index[s]++;
            }
            if (last || !o->checkpoint_bytes || since < o->checkpoint_bytes)
                continue;
            since = 0;
            for (size_t s = 0; s < S && !st; s++)
                if (open[s] && !(st = WN_GROW(frames[s], cap_frames[s], n_frames[s] + 1, 16, RANKS_SHARDS_MAX)))
                    frames[s][n_frames[s]++] = pos[s] + open[s];
        }
    }
    if (st == WN_ERR_CORRUPT)
        snprintf(err, err_cap, "a rank sent a bad note of its batches");
    /* the spools are dropped/, kept/ or kept/<lang>/ under .ranks; the shards go to the
     * layout's folders (kept/ is dolma's documents/). dropped/ and the unsplit kept/ exist
     * whether or not they get a shard, as in one process */
    const char *kept = o->kept_name ? o->kept_name : "kept";
    char kd[WN_PATH_CAP];
    if (!st && (wn_path_join(kd, sizeof kd, o->out_dir, kept) || wn_mkdirs(kd))) {
        st = WN_ERR_IO;
        snprintf(err, err_cap, "%s: cannot create directory", kd);
    }
    wn_buf buf;
    wn_buf_init(&buf, WN_DOC_JSON_MAX + READ_CHUNK);   /* a line's start and one read */
    for (size_t i = 0; i < n_shards + S && !st; i++) {
        /* first the eager streams, then each shard (its stream's writer made when needed) */
        size_t s = i < S ? i : (size_t)shards[i - S].stream;
        bool eager = (s == 0 && o->write_dropped) || (s > 0 && !strcmp(names[s], "kept"));
        if (i < S && !eager)
            continue;
        if (!w[s]) {
            char out_name[WN_PATH_CAP], e[512] = "";
            if (wn_path_printf(out_name, sizeof out_name, "%s%s", s ? kept : "dropped",
                               s ? names[s] + strlen("kept") : "")) {
                st = WN_ERR_TOO_LARGE;
                snprintf(err, err_cap, "%s: output folder name too long", names[s]);
            } else if ((st = wn_shard_writer_create(&w[s], o->out_dir, out_name, o->codec, o->threads, e, sizeof e))) {
                snprintf(err, err_cap, "%s", e);
            }
        }
        if (st || i < S)
            continue;
        const shard_range *sh = &shards[i - S];
        const uint64_t *off = offsets + s * ((size_t)size + 1);
        wn_shard_writer_start_at(w[s], sh->index);
        /* the shard in pieces between the frame ends that fall inside it */
        uint64_t at = sh->start;
        while (next_frame[s] < n_frames[s] && frames[s][next_frame[s]] <= at)
            next_frame[s]++;
        while (!st && next_frame[s] < n_frames[s] && frames[s][next_frame[s]] < sh->end) {
            uint64_t f = frames[s][next_frame[s]++];
            st = copy_range(c, o->out_dir, names[s], off, at, f, w[s], &buf, err, err_cap);
            if (!st)
                st = wn_shard_writer_end_frame(w[s]);
            at = f;
        }
        if (!st)
            st = copy_range(c, o->out_dir, names[s], off, at, sh->end, w[s], &buf, err, err_cap);
        if (!st)
            st = wn_shard_writer_end_shard(w[s]);
    }
    for (size_t s = 0; s < S && w; s++) {
        char e[512] = "";
        wn_status cs = wn_shard_writer_close(w[s], e, sizeof e);
        if (cs && !st) {
            st = cs;
            snprintf(err, err_cap, "%s", e);
        }
        if (frames)
            wn_free(frames[s]);
    }
    if (st && !err[0])
        snprintf(err, err_cap, "%s: cannot write output: %s", o->out_dir, wn_strerror(st));
    for (int r = 0; map && r < size; r++)
        wn_free(map[r]);
    wn_buf_free(&buf);
    wn_free(shards);
    wn_free(map);
    wn_free(offsets);
    wn_free(pos);
    wn_free(open);
    wn_free(index);
    wn_free(frames);
    wn_free(n_frames);
    wn_free(cap_frames);
    wn_free(next_frame);
    wn_free(w);
    wn_free(names);
    return st;
}

void wn_ranks_remove_spools(const char *out_dir, int size)
{
    for (int r = 0; r < size; r++) {
        char dir[WN_PATH_CAP];
        if (wn_ranks_spool_dir(dir, sizeof dir, out_dir, r))
            return;   /* no such spool could have been made */
        wn_spools_remove(dir);
    }
    char root[WN_PATH_CAP];
    if (!wn_path_join(root, sizeof root, out_dir, WN_RANKS_DIR))
        rmdir(root);
}
