/* stats.h: counting a run: documents per input and outcome, reasons, stage counters, and the
 * stats.json that reports them. Only the writer thread (and the reader, under the pipeline
 * lock, for input errors) touches wn_run_stats; stage stats are per worker and merged. */
#ifndef WN_STATS_H
#define WN_STATS_H

#include "winnow/pipeline.h"

typedef struct {
    uint64_t in, dropped, failed;
    wn_counters counters;
} wn_stage_stats;

typedef struct {
    char *path;
    uint64_t in, kept, dropped, failed;
    char *error;       /* first stream error of this input, or NULL */
} wn_input_stats;

/* stats.json: a line per input (its path escaped, at most 6 * WN_PATH_CAP, and its counts or
 * error) and the run's counters; 16 GiB is past any run this machine holds in memory */
#define WN_STATS_JSON_MAX ((size_t)1 << 34)

/* The stages a run counts: the pipeline runs at most this many (pipeline.c). */
#define WN_RUN_STAGES_MAX 32
/* Languages (any string an input's metadata names): lang_slots index them with int32_t. */
#define WN_RUN_LANGS_MAX ((size_t)1 << 30)

/* Documents per language (metadata "language", from the langid stage or the input). */
typedef struct {
    char *name;
    uint64_t kept, dropped;   /* dropped: dropped or failed */
} wn_lang_stats;

typedef struct {
    uint64_t in, kept, dropped, failed;
    uint64_t bytes_in, text_bytes_kept, utf8_replaced;
    wn_lang_stats *langs;
    size_t n_langs, langs_cap;
    int32_t *lang_slots;   /* open addressing over langs, by name hash; power of two */
    size_t n_slots;
    wn_input_stats *inputs;
    size_t n_inputs;
    wn_counters dropped_reasons, failed_reasons;
    wn_counters reader;    /* what readers counted: records skipped by type, defects... */
    struct { char *name; wn_stage_stats s; } *stages;
    size_t n_stages, stages_cap;
    size_t stages_lost;    /* stages whose counts found no memory to be added */
    unsigned ranks;        /* MPI ranks of the job; stats.json names them when more than one */
    uint64_t limit;        /* the run's --limit (0: none); stats.json names it when set */
    bool limit_reached;    /* the reader stopped there, leaving any further records unread */
} wn_run_stats;

void wn_stage_stats_merge(wn_stage_stats *dst, const wn_stage_stats *src);
void wn_stage_stats_free(wn_stage_stats *s);

wn_status wn_run_stats_init(wn_run_stats *s, size_t n_inputs);
void wn_run_stats_set_input(wn_run_stats *s, uint32_t i, const char *path);
void wn_run_stats_input_error(wn_run_stats *s, uint32_t i, const char *msg);
void wn_run_stats_count(wn_run_stats *s, const wn_doc *d);
/*! wn_run_stats_lang() : the counts of language `name` (added at zero when new), or NULL
 * when out of memory. */
wn_lang_stats *wn_run_stats_lang(wn_run_stats *s, const char *name, size_t len);
/*! wn_run_stats_add_stage() : appends a copy of stage `name`'s counts. WN_ERR_NOMEM when there
 * is no memory for it: the stage is then counted in `stages_lost`, which wn_run_stats_lost()
 * reports, so that stats.json never silently lacks a stage. */
wn_status wn_run_stats_add_stage(wn_run_stats *s, const char *name, const wn_stage_stats *st);
/*! wn_run_stats_lost() : the name of the first set of counts that lost an add for want of
 * memory ("dropped_reasons", "reader", a stage's name...), or NULL when every count is whole:
 * stats.json is not written from counts known to be wrong. */
const char *wn_run_stats_lost(const wn_run_stats *s);
void wn_run_stats_summary(const wn_run_stats *s, wn_run_summary *out);
wn_status wn_run_stats_json(const wn_run_stats *s, wn_buf *out, double seconds, unsigned threads,
                            const char *command_line, const wn_run_timing *timing);
/*! wn_run_stats_merge() : adds src's counts to dst (same number of inputs): totals, per input
 * (an input's first error is kept), reasons, languages, reader counters. Counter names are
 * borrowed from src's owner, which must outlive dst. */
void wn_run_stats_merge(wn_run_stats *dst, const wn_run_stats *src);
void wn_run_stats_free(wn_run_stats *s);

#endif
