/* extract_impl.h: what the files of the extractor share (internal to src/html). */
#ifndef WN_EXTRACT_IMPL_H
#define WN_EXTRACT_IMPL_H

#include <time.h>
#include "winnow/extract.h"

/* class/id hints */
#define H_BAD 1       /* boilerplate: navigation, share, related, ads... */
#define H_GOOD 2      /* content words: article, content, post, entry... */
#define H_STRONG 4    /* unambiguous main-content names: articleBody, entry-content... */
#define H_COMMENT 8   /* user comments */
#define H_WEAK 16     /* may be boilerplate (ads, author, tags...): believed when short or links */
#define H_ONLY_COMMENT 32 /* boilerplate only because it holds comments that were not asked for */
#define H_BYLINE 64   /* names the author ("byline", "author"): metadata when the page declares none */

/*! wn_extract_hints() : H_* bits of a class or id attribute value. */
uint8_t wn_extract_hints(const char *p, size_t n);
/* The i-th word of the hint table (NULL past the end), for the order test. */
const char *wn_extract_hint_word(size_t i);

/* bench/extract_parse.c: where extraction time goes, in seconds summed over the pages
 * extracted since wn_extract_profile() was given this struct (NULL stops). The timer is read
 * a few times per page, and per metadata element, only while profiling. */
typedef struct {
    double utf8;     /* validity check (and repair) of the input */
    double parse;    /* prescan and myhtml tree building */
    double walk;     /* the walk: blocks, hints, word and stop-word counts (metadata excluded) */
    double meta;     /* metadata elements during the walk, then choosing the fields */
    double score;    /* language, scoring, selection, classification, pruning */
    double render;   /* text or Markdown output */
} wn_extract_prof;

void wn_extract_profile(wn_extractor *x, wn_extract_prof *p);

static inline double wn_extract_clock(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/*! wn_extract_work() : steps the selection, classification and pruning loops took on the last
 * page (blocks visited, ancestors climbed): a count that grows linearly with the page when
 * those passes are linear, so tests/unit/test_extract.c can assert it without a clock. */
uint64_t wn_extract_work(const wn_extractor *x);

/* bench/extract_debug.c: the blocks of the last page, with their features and decisions. */
void wn_extract_debug_dump(wn_extractor *x, wn_buf *out, int32_t chain);

#endif
