/* comm.h: the group of processes (MPI ranks) a run or a dedup is split over, as the library
 * sees it.
 *
 * DESIGN: the library never calls MPI itself. A program launched by mpirun or srun hands it a
 * wn_comm whose two functions are collectives over the ranks (programs/mpi_comm.c implements
 * them with MPI_Allgatherv and MPI_Alltoallv); everything else (agreeing on errors, reductions,
 * broadcasts) is built on them here. So the library builds, links and is tested without MPI,
 * and a test can drive it with threads standing for ranks. A NULL comm, or one of size 1, is
 * one process: the code paths are then exactly those of a run without MPI.
 *
 * Every rank must call the same collectives in the same order. A function that takes a comm
 * never returns early on one rank: a failure is carried to the next collective and agreed on
 * there (wn_comm_agree), so that every rank returns the same status and none waits forever.
 * Bytes travel as they are in memory: the ranks must share byte order and type sizes (any
 * cluster of one architecture). */
#ifndef WINNOW_COMM_H
#define WINNOW_COMM_H

#include "winnow/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One exchange's bytes from all ranks together (the buffers allgather and alltoall fill). The
 * largest exchanged are a run's per-batch spool sizes (16 bytes a batch) and each rank's
 * stats pack: 64 GiB is more than a node holds, so reaching it means a corrupt count. */
#define WN_COMM_GATHER_MAX ((size_t)1 << 36)

typedef struct wn_comm wn_comm;
struct wn_comm {
    int rank, size;   /* 0 <= rank < size */
    /* Collective: each rank gives n bytes; every rank gets every rank's bytes, in rank order,
     * appended to `out`, and counts[r] = the number from rank r (size entries). */
    wn_status (*allgather)(const wn_comm *c, const void *data, size_t n, wn_buf *out,
                           uint64_t *counts);
    /* Collective: `data` holds, in rank order, send_counts[r] bytes for each rank r; every rank
     * gets what each rank sent it, in rank order, appended to `out`, and recv_counts[r]. */
    wn_status (*alltoall)(const wn_comm *c, const void *data, const uint64_t *send_counts,
                          wn_buf *out, uint64_t *recv_counts);
    void *ud;
};

/*! wn_comm_active() : true when c splits work over more than one process. */
static inline bool wn_comm_active(const wn_comm *c) { return c && c->size > 1; }

/*! wn_comm_agree() : collective: the status of the lowest-numbered rank whose `mine` is not
 * WN_OK (*who = that rank, may be NULL), or WN_OK everywhere. A failure of the exchange itself
 * is returned as such. With msg/msg_cap, the failing rank's message `msg` is copied to every
 * rank's msg (prefixed "rank R: " on the others). */
wn_status wn_comm_agree(const wn_comm *c, wn_status mine, int *who, char *msg, size_t msg_cap);

/*! wn_comm_bcast() : collective: rank 0's n bytes at p are copied to every rank's p. */
wn_status wn_comm_bcast(const wn_comm *c, void *p, size_t n);

/*! wn_comm_sum_u64() : collective: v[i] becomes the sum over ranks of v[i] (n entries). */
wn_status wn_comm_sum_u64(const wn_comm *c, uint64_t *v, size_t n);

#ifdef __cplusplus
}
#endif
#endif
