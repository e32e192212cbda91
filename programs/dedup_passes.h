/* dedup_passes.h: the passes of a dedup job as the commands run them (dedup_passes.c). */
#ifndef WN_DEDUP_PASSES_H
#define WN_DEDUP_PASSES_H

#include "winnow/internal.h"
#include "winnow/chain_stages.h"

/*! wn_cli_resolve_pass() : the resolve pass (pass index of total): wn_dedup_resolve_comm with
 * its progress reported and its time counted in stats.json's timing. */
wn_status wn_cli_resolve_pass(const char *work, uint64_t memory, const wn_comm *comm,
                              wn_counters *stats, int index, int total, char *err, size_t cap);
/*! wn_cli_run_dedup() : 'run --dedup': runs the stages of p (not p itself) through the three
 * dedup steps into cfg->out_dir; prints its own error. */
wn_status wn_cli_run_dedup(const wn_pipeline *p, const wn_run_config *cfg, wn_dedup_opts *o,
                           const char *const *inputs, size_t n_inputs, wn_run_summary *sum);

#endif
