/* manifest.c: the dedup options, the manifest that hands them and the per-input counts from
 * sign to resolve and apply, and the helpers every step uses on work-directory files. */
#include <dirent.h>
#include <string.h>
#include <unistd.h>
#include "dedup/dedup_impl.h"
#include "common/msg.h"

const char *const RUN_NAMES[WN_DD_N_RUN_KINDS] = { "exact", "url", "band", "para" };
const char *const REASONS[5] = { NULL, NULL, "exact_duplicate", "url_duplicate", "near_duplicate" };

/* A status for a message: a failed write in words ("FILE: strerror") when this thread saw one. */
const char *wn_dd_io_reason(wn_status st)
{
    return st == WN_ERR_IO && wn_rec_write_error()[0] ? wn_rec_write_error() : wn_strerror(st);
}

void wn_dedup_opts_default(wn_dedup_opts *o)
{
    memset(o, 0, sizeof *o);
    o->methods = WN_DEDUP_EXACT | WN_DEDUP_MINHASH;
    wn_minhash_params_default(&o->minhash);
    o->threshold = 0.8;
    o->para_min_chars = 30;
    o->para_min_doc_chars = 50;
    o->para_expected = 100000000;
    o->para_fpr = 1e-4;
    o->memory = (uint64_t)1 << 30;
}

bool wn_dedup_parse_methods(const char *list, unsigned *methods)
{
    *methods = 0;
    const char *p = list;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 5 && !memcmp(p, "exact", 5)) *methods |= WN_DEDUP_EXACT;
        else if (n == 3 && !memcmp(p, "url", 3)) *methods |= WN_DEDUP_URL;
        else if (n == 7 && !memcmp(p, "minhash", 7)) *methods |= WN_DEDUP_MINHASH;
        else if (n == 9 && !memcmp(p, "paragraph", 9)) *methods |= WN_DEDUP_PARAGRAPH;
        else if (n != 0) return false;
        p += n + (e ? 1 : 0);
    }
    return *methods != 0;
}

/* DIR/name, for the work directory's fixed names (checked by wn_dd_work_dir_check). */
void wn_dd_path_of(char *out, size_t cap, const char *dir, const char *name)
{
    wn_status st = wn_path_join(out, cap, dir, name);
    WN_ASSERT(st == WN_OK);
    (void)st;
}

/* Whether every file of the work directory fits in a path (WN_DD_NAME_MAX): checked once by
 * each step, before any work, so that no path of the step can fail to fit later. */
wn_status wn_dd_work_dir_check(const char *dir, char *err, size_t cap)
{
    size_t n = strlen(dir);
    if (n + 1 + WN_DD_NAME_MAX < WN_PATH_CAP)
        return WN_OK;
    wn_msgf(err, cap, "%.200s...: work directory path too long (%zu bytes, at most %d)", dir, n,
            WN_PATH_CAP - 2 - WN_DD_NAME_MAX);
    return WN_ERR_USAGE;
}

static uint64_t dbits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static double bitsd(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }

/* ---- manifest --------------------------------------------------------------------------------- */


void wn_dd_manifest_free(manifest *m)
{
    wn_free(m->runs);
    wn_free(m->counts);
    wn_free(m->bases);
    memset(m, 0, sizeof *m);
}

wn_status wn_dd_manifest_write(const char *dir, const manifest *m)
{
    char path[WN_PATH_CAP];
    wn_dd_path_of(path, sizeof path, dir, "manifest");
    wn_rec_writer *w;
    wn_status st = wn_rec_writer_create(&w, path, WN_DD_K_MANIFEST, 8, 4096);
    if (st)
        return st;
    const wn_dedup_opts *o = &m->o;
    uint64_t fixed[WN_DD_M_FIXED] = {
        WN_DD_MANIFEST_VERSION, m->workers, m->n_inputs, o->methods,
        o->minhash.ngram | ((uint64_t)o->minhash.char_ngrams << 32), o->minhash.bands,
        o->minhash.rows, o->minhash.scheme, o->minhash.seed, dbits(o->threshold),
        o->para_min_chars, o->para_min_doc_chars, o->para_bloom, o->para_expected,
        dbits(o->para_fpr), (uint64_t)o->confirm_exact | (uint64_t)m->captured << 1,
    };
    st = wn_rec_writer_add_n(w, fixed, WN_DD_M_FIXED);
    if (!st)
        st = wn_rec_writer_add_n(w, m->runs, m->workers * WN_DD_N_RUN_KINDS);
    if (!st)
        st = wn_rec_writer_add_n(w, m->counts, m->n_inputs);
    if (st) {
        wn_rec_writer_abort(w);
        return st;
    }
    return wn_rec_writer_close(w, 0);
}

wn_status wn_dd_manifest_read(const char *dir, manifest *m, char *err, size_t cap)
{
    memset(m, 0, sizeof *m);
    wn_status dir_st = wn_dd_work_dir_check(dir, err, cap);
    if (dir_st)
        return dir_st;
    char path[WN_PATH_CAP];
    wn_dd_path_of(path, sizeof path, dir, "manifest");
    wn_rec_reader *r;
    wn_status st = wn_rec_reader_open(&r, path, WN_DD_K_MANIFEST, 8, err, cap);
    if (st)
        return st;
    uint64_t n = wn_rec_reader_count(r);
    uint64_t *v = wn_malloc((size_t)(n + 1) * 8);
    if (!v) {
        wn_rec_reader_close(r);
        return WN_ERR_NOMEM;
    }
    for (uint64_t i = 0; i < n && !st; i++) {
        const void *p;
        if ((st = wn_rec_reader_get(r, i, &p)))
            snprintf(err, cap, "%s: block checksum mismatch", path);
        else
            memcpy(&v[i], p, 8);
    }
    wn_rec_reader_close(r);
    if (!st && (n < WN_DD_M_FIXED || v[0] != WN_DD_MANIFEST_VERSION || v[1] == 0 || v[1] > WN_DD_MAX_WORKERS ||
                v[2] > (1u << 24) || n != WN_DD_M_FIXED + v[1] * WN_DD_N_RUN_KINDS + v[2])) {
        snprintf(err, cap, "%s: inconsistent manifest", path);
        st = WN_ERR_CORRUPT;
    }
    if (st) {
        wn_free(v);
        return st;
    }
    m->workers = v[1];
    m->n_inputs = v[2];
    wn_dedup_opts_default(&m->o);
    m->o.methods = (unsigned)v[3];
    m->o.minhash.ngram = (unsigned)(v[4] & 0xffffffff);
    m->o.minhash.char_ngrams = (v[4] >> 32) != 0;
    m->o.minhash.bands = (unsigned)v[5];
    m->o.minhash.rows = (unsigned)v[6];
    m->o.minhash.scheme = (wn_minhash_scheme)v[7];
    m->o.minhash.seed = v[8];
    m->o.threshold = bitsd(v[9]);
    m->o.para_min_chars = (unsigned)v[10];
    m->o.para_min_doc_chars = (unsigned)v[11];
    m->o.para_bloom = v[12] != 0;
    m->o.para_expected = v[13];
    m->o.para_fpr = bitsd(v[14]);
    m->o.confirm_exact = (v[15] & 1) != 0;
    m->captured = (v[15] & 2) != 0;
    m->runs = wn_malloc((size_t)(m->workers * WN_DD_N_RUN_KINDS + 1) * 8);
    m->counts = wn_malloc((size_t)(m->n_inputs + 1) * 8);
    m->bases = wn_malloc((size_t)(m->n_inputs + 1) * 8);
    if (!m->runs || !m->counts || !m->bases) {
        wn_free(v);
        wn_dd_manifest_free(m);
        return WN_ERR_NOMEM;
    }
    memcpy(m->runs, v + WN_DD_M_FIXED, m->workers * WN_DD_N_RUN_KINDS * 8);
    memcpy(m->counts, v + WN_DD_M_FIXED + m->workers * WN_DD_N_RUN_KINDS, m->n_inputs * 8);
    wn_free(v);
    uint64_t s = 0;
    for (uint64_t i = 0; i < m->n_inputs; i++) {
        m->bases[i] = s;
        s += m->counts[i];
    }
    m->n_seq = s;
    if (s >= UINT32_MAX) {
        snprintf(err, cap, "%s: %llu documents: over the 2^32-1 supported", path, (unsigned long long)s);
        wn_dd_manifest_free(m);
        return WN_ERR_UNSUPPORTED;
    }
    return WN_OK;
}

/* Closes w, or after an error removes it: either way it is freed (a writer left open when an
 * earlier one failed leaked before). */
wn_status wn_dd_close_or_abort(wn_rec_writer *w, wn_status st)
{
    if (st) {
        wn_rec_writer_abort(w);
        return st;
    }
    return wn_rec_writer_close(w, 0);
}

void wn_dedup_remove_work(const char *work_dir)
{
    DIR *d = opendir(work_dir);
    if (!d)
        return;
    struct dirent *e;
    char path[WN_PATH_CAP];
    while ((e = readdir(d))) {
        const char *n = e->d_name;
        if (!strcmp(n, "manifest") || !strcmp(n, "docinfo") || !strcmp(n, "decisions") ||
            !strcmp(n, "paraidx") || !strncmp(n, "docs.w", 6) || !strncmp(n, "ids.w", 5) ||
            !strncmp(n, "sigs.w", 6) || !strncmp(n, "shingles.w", 10) || !strncmp(n, "capture.w", 9) ||
            !strncmp(n, "capidx.w", 8) || !strcmp(n, "capinfo") || !strcmp(n, "capcounts") || strstr(n, ".run") ||
            (strlen(n) > 4 && !strcmp(n + strlen(n) - 4, ".tmp"))) {   /* a killed step's (recfile.c) */
            if (wn_path_join(path, sizeof path, work_dir, n) == WN_OK)   /* a name of readdir's */
                unlink(path);
        }
    }
    closedir(d);
    rmdir(work_dir);
}
