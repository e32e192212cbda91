/* spools.h: one MPI rank's output before the shards exist (ranks.h): a plain spool file per
 * stream under OUT/.ranks/rR/ ("dropped", "kept", or "kept/<lang>" under --split-by language),
 * and what each batch added to each of them.
 *
 * DESIGN: streams are numbered locally: 0 is dropped/, the kept streams follow in the order
 * their first document came (a language's with its first document, as in outputs.c). A batch
 * is noted as [c, then c pairs (stream, bytes)] for the streams it grew, so that the record of
 * a run does not grow with the number of languages times the number of batches. The ranks
 * exchange these records and their stream names; ranks.c maps every rank's numbers to the
 * job's. The writer thread alone uses a wn_spools. */
#ifndef WN_SPOOLS_H
#define WN_SPOOLS_H

#include "winnow/doc.h"
#include "winnow/io.h"

typedef struct wn_spools wn_spools;

/*! wn_spools_create() : spools under dir (this rank's OUT/.ranks/rR), after removing what an
 * earlier run left there. `err` gets the reason on failure. */
wn_status wn_spools_create(wn_spools **s, const char *dir, bool write_dropped, bool split_language,
                           char *err, size_t err_cap);
/*! wn_spools_write() : the document's line into its stream's spool (dropped lines only when
 * written). */
wn_status wn_spools_write(wn_spools *s, const wn_doc *d, const void *line, size_t n);
/*! wn_spools_note_batch() : appends what the spools grew since the last call to *words (grown
 * with WN_GROW up to max_words); nothing for a batch that added nothing. */
wn_status wn_spools_note_batch(wn_spools *s, uint64_t **words, size_t *n, size_t *cap, size_t max_words);
/*! wn_spools_count() / wn_spools_name() : the streams (0 is "dropped"). */
size_t wn_spools_count(const wn_spools *s);
const char *wn_spools_name(const wn_spools *s, size_t i);
/*! wn_spools_error() : the first error, naming the file; "" if none. */
const char *wn_spools_error(const wn_spools *s);
/*! wn_spools_finish() : closes every spool file (their names stay, for the ranks' exchange);
 * the first error. NULL is a no-op. */
wn_status wn_spools_finish(wn_spools *s, char *err, size_t err_cap);
/*! wn_spools_free() : finishes (errors ignored) and frees. NULL is a no-op. */
void wn_spools_free(wn_spools *s);
/*! wn_spools_remove() : removes every spool file and folder under dir (OUT/.ranks/rR). */
void wn_spools_remove(const char *dir);

#endif
