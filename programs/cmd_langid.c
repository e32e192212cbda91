/* cmd_langid.c: `winnow langid [--model PATH] [-k N] [--threshold T] [FILE|-]`: a drop-in for
 * `fasttext predict-prob MODEL FILE k T`, byte for byte: one output line per input line,
 * "__label__xx P" pairs separated by spaces, P printed as C++ iostreams print a float (%g). */
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"

static void langid_help(FILE *f)
{
    fprintf(f,
        "usage: winnow langid [OPTIONS] [FILE|-]\n\n"
        "Predicts the language of each line of FILE (default stdin) with a fastText model and\n"
        "prints what 'fasttext predict-prob MODEL FILE K T' prints: for each line, the K best\n"
        "labels with their probabilities (\"__label__en 0.912\"), or an empty line.\n\n"
        "options:\n"
        "  -m, --model PATH   fastText .bin/.ftz model (default: $WINNOW_MODEL, else\n"
        "                     models/lid.176.ftz beside the executable's ../, else ./models/)\n"
        "  -k N               labels per line (default 1; -1 = all)\n"
        "  -t, --threshold T  only labels with probability >= T (default 0)\n"
        "  -j, --threads N    predict on N threads (default: one per core); the output is\n"
        "                     the same for any N\n"
        "  -h, --help         this help\n\n"
        "exit codes: 0 done, 2 usage, 3 I/O error or unreadable model\n");
}

/* ---- predicting a stream on N threads ------------------------------------------------------
 * The main thread reads chunks of whole lines and writes their outputs in input order; the
 * workers predict chunks as they come. Output is therefore the same bytes for any -j. */

#define CHUNK_BYTES ((size_t)1 << 20)
#define CHUNK_LINES 8192
/* A line longer than the largest document winnow takes is refused (exit 3, naming it): a
 * chunk then holds at most CHUNK_BYTES and one such line. */
#define LANGID_LINE_MAX WN_DOC_BYTES_MAX
#define CHUNK_IN_MAX (CHUNK_BYTES + LANGID_LINE_MAX)

typedef enum { CH_FREE, CH_FILLED, CH_BUSY, CH_DONE } chunk_state;

typedef struct {
    wn_buf in, out;
    bool last_has_eol;      /* the chunk's last line ends in '\n' (only the file's last may not) */
    uint64_t seq;
    chunk_state state;
    wn_status err;          /* WN_ERR_NOMEM, or WN_ERR_TOO_LARGE: a line over LANGID_LINE_MAX */
} chunk;

typedef struct {
    const wn_langid_model *m;
    int k;
    float threshold;
    chunk *chunks;
    size_t n_chunks;
    pthread_mutex_t lock;
    pthread_cond_t cond;    /* any state change */
    bool eof;
} lid_job;

/* The cap of a chunk's output, per model and k: each prediction prints at most k labels with
 * their numbers and ends a line, and consumes at least one byte of the input (its '\n' or a
 * literal "</s>"): a buffer of this size never refuses a line. */
static size_t chunk_out_max(const wn_langid_model *m, int k)
{
    size_t nl = wn_langid_model_nlabels(m), longest = 0;
    for (size_t i = 0; i < nl; i++) {
        size_t len = wn_langid_model_label(m, i).len;
        longest = len > longest ? len : longest;
    }
    size_t kk = k < 0 || (size_t)k > nl ? nl : (size_t)k;
    size_t per = kk * (longest + 1 + 32) + 1;   /* "label %g" and a space, then '\n' */
    return per > (SIZE_MAX / 2) / (CHUNK_IN_MAX + 1) ? SIZE_MAX / 2 : per * (CHUNK_IN_MAX + 1);
}

/* Predicts each line of c->in into c->out, as fasttext predict-prob prints it. */
static void predict_chunk(const lid_job *j, wn_langid_scratch *s, wn_langid_pred *preds, chunk *c)
{
    wn_buf_reset(&c->out);
    wn_status st = WN_OK;
    const char *p = c->in.data, *end = p + c->in.len;
    char num[64];
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        bool eos = nl != NULL;
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p), at = 0;
        /* A literal "</s>" token ends a prediction early; the rest of the line is the next
         * one. At the end of an unterminated last line, fastText stops when no byte is left. */
        for (;;) {
            size_t rest_at;
            int np = wn_langid_predict(j->m, s, p + at, len - at, eos, j->k, j->threshold, preds, &rest_at);
            if (np < 0) {
                c->err = WN_ERR_NOMEM;
                return;
            }
            for (int i = 0; i < np && !st; i++) {
                wn_slice l = wn_langid_model_label(j->m, (size_t)preds[i].label);
                if (i)
                    st = wn_buf_append_char(&c->out, ' ');
                if (!st)
                    st = wn_buf_append(&c->out, l.ptr, l.len);
                int w = snprintf(num, sizeof num, " %g", (double)preds[i].prob);
                if (!st)
                    st = wn_buf_append(&c->out, num, (size_t)w);
            }
            if (!st)
                st = wn_buf_append_char(&c->out, '\n');
            if (st) {   /* a line left out would shift every later one: the chunk fails */
                c->err = st;
                return;
            }
            if (rest_at == SIZE_MAX)
                break;
            at += rest_at;
            if (at == len && !eos)
                break;
        }
        p += len + eos;
    }
}

static void *lid_worker(void *arg)
{
    lid_job *j = arg;
    wn_langid_scratch *s = wn_langid_scratch_create(j->m);
    wn_langid_pred *preds = malloc(wn_langid_model_nlabels(j->m) * sizeof *preds);
    pthread_mutex_lock(&j->lock);
    for (;;) {
        chunk *c = NULL;
        for (size_t i = 0; i < j->n_chunks; i++)
            if (j->chunks[i].state == CH_FILLED && (!c || j->chunks[i].seq < c->seq))
                c = &j->chunks[i];
        if (!c) {
            if (j->eof)
                break;
            pthread_cond_wait(&j->cond, &j->lock);
            continue;
        }
        c->state = CH_BUSY;
        pthread_mutex_unlock(&j->lock);
        if (c->err)
            ;   /* refused while reading: the writer names it */
        else if (s && preds)
            predict_chunk(j, s, preds, c);
        else
            c->err = WN_ERR_NOMEM;
        pthread_mutex_lock(&j->lock);
        c->state = CH_DONE;
        pthread_cond_broadcast(&j->cond);
    }
    pthread_mutex_unlock(&j->lock);
    free(preds);
    wn_langid_scratch_free(s);
    return NULL;
}

/* Reads whole lines into c->in until it is full; false at the end of input with nothing read
 * (true with c->err set for a line it refuses). */
static bool fill_chunk(chunk *c, FILE *in, char **line, size_t *cap)
{
    wn_buf_reset(&c->in);
    c->err = WN_OK;
    size_t lines = 0;
    ssize_t n;
    while (lines < CHUNK_LINES && c->in.len < CHUNK_BYTES && (n = getline(line, cap, in)) > 0) {
        if ((size_t)n > LANGID_LINE_MAX + 1)   /* + its '\n' */
            c->err = WN_ERR_TOO_LARGE;
        else
            c->err = wn_buf_append(&c->in, *line, (size_t)n);
        if (c->err)
            break;
        lines++;
    }
    return c->in.len > 0 || c->err;
}

static int predict_all(const wn_langid_model *m, FILE *in, const char *in_path, int k, float threshold,
                       unsigned threads)
{
    lid_job j = { .m = m, .k = k, .threshold = threshold };
    j.n_chunks = 2 * (size_t)threads + 1;
    j.chunks = calloc(j.n_chunks, sizeof *j.chunks);
    pthread_t *tids = calloc(threads, sizeof *tids);
    if (!j.chunks || !tids) {
        free(j.chunks);
        free(tids);
        wn_cli_error("langid: out of memory");
        return WN_EXIT_IO;
    }
    size_t out_max = chunk_out_max(m, k);
    for (size_t i = 0; i < j.n_chunks; i++) {
        wn_buf_init(&j.chunks[i].in, CHUNK_IN_MAX);
        wn_buf_init(&j.chunks[i].out, out_max);
    }
    pthread_mutex_init(&j.lock, NULL);
    pthread_cond_init(&j.cond, NULL);
    unsigned started = 0;
    for (unsigned t = 0; t < threads; t++)
        started += pthread_create(&tids[t], NULL, lid_worker, &j) == 0;
    static char outbuf[1 << 16];
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    int rc = started ? WN_EXIT_OK : WN_EXIT_IO;
    char *line = NULL;
    size_t cap = 0;
    uint64_t next_read = 0, next_write = 0;
    bool reading = started > 0;
    pthread_mutex_lock(&j.lock);
    for (;;) {
        /* write what is done, in order */
        chunk *w = NULL;
        for (size_t i = 0; i < j.n_chunks; i++)
            if (j.chunks[i].state == CH_DONE && j.chunks[i].seq == next_write)
                w = &j.chunks[i];
        if (w) {
            pthread_mutex_unlock(&j.lock);
            if (w->err) {
                if (rc == WN_EXIT_OK && w->err == WN_ERR_TOO_LARGE)
                    wn_cli_error("langid: %s: a line longer than %zu MiB (the largest document)",
                                 in_path, (size_t)LANGID_LINE_MAX >> 20);
                else if (rc == WN_EXIT_OK)
                    wn_cli_error("langid: out of memory");
                rc = WN_EXIT_IO;
                reading = false;
            } else if (rc == WN_EXIT_OK) {
                /* after a failure nothing more is written: the output would have a gap */
                fwrite(w->out.data, 1, w->out.len, stdout);
            }
            pthread_mutex_lock(&j.lock);
            w->state = CH_FREE;
            next_write++;
            continue;
        }
        chunk *f = NULL;
        for (size_t i = 0; reading && i < j.n_chunks && !f; i++)
            if (j.chunks[i].state == CH_FREE)
                f = &j.chunks[i];
        if (f) {
            /* the readers never touch a free chunk: fill it without the lock */
            pthread_mutex_unlock(&j.lock);
            bool got = fill_chunk(f, in, &line, &cap);
            pthread_mutex_lock(&j.lock);
            if (got) {
                f->seq = next_read++;
                f->state = CH_FILLED;
                pthread_cond_broadcast(&j.cond);
            } else {
                reading = false;
            }
            continue;
        }
        if (!reading && next_write == next_read)
            break;
        pthread_cond_wait(&j.cond, &j.lock);
    }
    j.eof = true;
    pthread_cond_broadcast(&j.cond);
    pthread_mutex_unlock(&j.lock);
    for (unsigned t = 0; t < threads; t++)
        if (tids[t])
            pthread_join(tids[t], NULL);
    if (ferror(in)) {
        wn_cli_error("%s: read error", in_path);
        rc = WN_EXIT_IO;
    }
    if (fflush(stdout) != 0) {
        wn_cli_error("stdout: write failed");
        rc = WN_EXIT_IO;
    }
    free(line);
    for (size_t i = 0; i < j.n_chunks; i++) {
        wn_buf_free(&j.chunks[i].in);
        wn_buf_free(&j.chunks[i].out);
    }
    free(j.chunks);
    free(tids);
    pthread_mutex_destroy(&j.lock);
    pthread_cond_destroy(&j.cond);
    return rc;
}

int wn_cmd_langid(int argc, char **argv)
{
    const char *model_path = NULL;
    int k = 1;
    float threshold = 0.0f;
    unsigned threads = 0;
    static const struct option longopts[] = {
        { "model", required_argument, 0, 'm' },
        { "threshold", required_argument, 0, 't' },
        { "threads", required_argument, 0, 'j' },
        { "help", no_argument, 0, 'h' },
        { 0, 0, 0, 0 },
    };
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":m:k:t:j:h", longopts, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'm': model_path = optarg; break;
        case 'k': {
            long v = strtol(optarg, &end, 10);
            if (*end || end == optarg || v == 0 || v < -1 || v > INT_MAX)
                return wn_cli_bad_value("langid", longopts, c, optarg, "an integer from 1 up, or -1 for all labels");
            k = (int)v;
            break;
        }
        case 't':
            threshold = strtof(optarg, &end);
            if (*end || end == optarg || !(threshold >= 0 && threshold <= 1))
                return wn_cli_bad_value("langid", longopts, c, optarg, "a number from 0 to 1");
            break;
        case 'j':
            if (!wn_cli_parse_uint(optarg, &threads) || threads == 0 || threads > 256)
                return wn_cli_bad_value("langid", longopts, c, optarg, "an integer from 1 to 256");
            break;
        case 'h': langid_help(stdout); return WN_EXIT_OK;
        default: return wn_cli_option_error("langid", longopts, c, argc, argv);
        }
    }
    if (argc - optind > 1) {
        wn_cli_error("langid: one input at most (got %d)", argc - optind);
        return WN_EXIT_USAGE;
    }
    if (threads == 0) {
        long nc = sysconf(_SC_NPROCESSORS_ONLN);
        threads = nc > 0 && nc <= 256 ? (unsigned)nc : 1;
    }
    const char *in_path = optind < argc ? argv[optind] : "-";
    FILE *in = strcmp(in_path, "-") ? fopen(in_path, "rb") : stdin;
    if (!in) {
        wn_cli_error("%s: cannot open", in_path);
        return WN_EXIT_IO;
    }
    wn_langid_model *m = wn_cli_load_model(model_path);
    if (!m) {
        if (in != stdin)
            fclose(in);
        return WN_EXIT_IO;
    }
    int rc = predict_all(m, in, in_path, k, threshold, threads);
    wn_langid_model_free(m);
    if (in != stdin)
        fclose(in);
    return rc;
}
