/* timing.c: where the time of a command went (wn_run_timing, the "timing" line of stats.json). */
#include <string.h>
#include <stdio.h>
#include <time.h>
#include "winnow/pipeline.h"

static double timing_monotonic(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void wn_run_timing_start(wn_run_timing *t)
{
    memset(t, 0, sizeof *t);
    t->start = timing_monotonic();
}

double wn_run_timing_elapsed(const wn_run_timing *t) { return timing_monotonic() - t->start; }

void wn_run_timing_pass(wn_run_timing *t, const char *name, double seconds)
{
    for (size_t i = 0; i < t->n_passes; i++)
        if (!strcmp(t->pass_name[i], name)) {
            t->pass_seconds[i] += seconds;
            return;
        }
    if (t->n_passes == sizeof t->pass_name / sizeof t->pass_name[0])
        return;
    t->pass_name[t->n_passes] = name;
    t->pass_seconds[t->n_passes++] = seconds;
}

void wn_run_timing_cpu(wn_run_timing *t, const char *name, double seconds)
{
    for (size_t i = 0; i < t->n_cpu; i++)
        if (!strcmp(t->cpu_name[i], name)) {
            t->cpu_seconds[i] += seconds;
            return;
        }
    if (t->n_cpu == WN_TIMING_MAX)
        return;
    snprintf(t->cpu_name[t->n_cpu], sizeof t->cpu_name[0], "%s", name);
    t->cpu_seconds[t->n_cpu++] = seconds;
}
