/* exit_policy.c: when a run that completed exits 1: failures above --max-failed.
 *
 * DESIGN: real crawls always hold some broken records (truncated members, lying lengths,
 * undecodable pages), and exit 1 on the first one makes every batch job look failed, so
 * schedulers and scripts learn to ignore it. A fraction keeps exit 1 for what needs a look: a
 * systematic failure (a wrong --format or --text-field fails most records; a broken disk or
 * a wrong path fails whole inputs). The default, 1 %, leaves room for the odd broken record (datatrove-style
 * pipelines skip them) and is far below what a systematic mistake gives (most of the
 * documents). --max-failed 0 is the strict rule: any failure exits 1. Failed inputs are judged by the same fraction, of the inputs: one input of one
 * fails a run, one unreadable file among a thousand does not. Everything is still counted
 * and named in stats.json and dropped/ whatever the exit code. */
#include "cli.h"

int wn_cli_exit_for_failures(const wn_run_summary *s, double max_failed)
{
    double docs = s->in ? (double)s->failed / (double)s->in : 0;
    double inputs = s->inputs ? (double)s->inputs_failed / (double)s->inputs : 0;
    int rc = WN_EXIT_OK;
    if (docs > max_failed) {
        rc = WN_EXIT_INPUTS_FAILED;
        if (wn_cli_rank() == 0)
            wn_cli_warn("%llu of %llu documents failed (%.3g%%), more than --max-failed %.3g%%: exit 1",
                         (unsigned long long)s->failed, (unsigned long long)s->in, 100 * docs,
                         100 * max_failed);
    }
    if (inputs > max_failed) {
        rc = WN_EXIT_INPUTS_FAILED;
        if (wn_cli_rank() == 0)
            wn_cli_warn("%llu of %llu inputs failed (%.3g%%), more than --max-failed %.3g%%: exit 1",
                         (unsigned long long)s->inputs_failed, (unsigned long long)s->inputs,
                         100 * inputs, 100 * max_failed);
    }
    return rc;
}
