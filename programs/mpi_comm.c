/* mpi_comm.c: starting MPI for `winnow run` and `winnow dedup`, and the wn_comm they hand the
 * library (src/winnow/comm.h).
 *
 * DESIGN: this file is compiled twice. build/winnow gets it without WN_WITH_MPI: no MPI library
 * is linked, nothing is initialised, and a process that finds itself launched as one of
 * several ranks (mpirun, srun) stops with a message rather than run N copies of the whole job
 * into one directory. build/winnow-mpi gets it with WN_WITH_MPI and links libmpi: there
 * MPI_Init runs only when the environment says a launcher started the process (OpenMPI's
 * OMPI_COMM_WORLD_SIZE, PMIx's PMIX_RANK, PMI's PMI_SIZE, Slurm's SLURM_PROCID with more
 * than one task in the step) or --mpi is given, so a plain run pays nothing.
 * Why two binaries: linking libmpi pulls in seven more shared libraries (open-rte, open-pal,
 * hwloc, libevent...) and doubles the start-up time of every winnow command, and OpenMPI's
 * one-time allocations at init show up as leaks under LeakSanitizer; the plain binary keeps
 * neither, and the MPI one is the same code plus this file.
 *
 * Only the main thread calls MPI (MPI_THREAD_FUNNELED): the library makes its collectives
 * from the thread that called it, once its worker threads are joined. Messages longer than
 * an int can count travel in rounds. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

const wn_comm *wn_cli_comm;

/* The size the launcher gave this process, or 0 when it was not started by one. */
static long launched_size(void)
{
    const char *v;
    if ((v = getenv("OMPI_COMM_WORLD_SIZE")) && *v)
        return atol(v);
    if ((v = getenv("PMI_SIZE")) && *v)
        return atol(v);
    if ((v = getenv("SLURM_PROCID")) && *v) {
        /* in an sbatch script outside srun there is no step: the batch shell itself is one
         * process even when the allocation has many tasks */
        const char *n = getenv("SLURM_STEP_NUM_TASKS");
        if (!n || !*n)
            n = getenv("SLURM_NTASKS");
        if (n && atol(n) > 1 && getenv("SLURM_STEP_ID"))
            return atol(n);
    }
    if ((v = getenv("PMIX_RANK")) && *v)
        return 1;   /* PMIx without a size in the environment: MPI_Init tells */
    return 0;
}

/* Removes every "--mpi" before "--" from argv; true if there was one. */
static bool take_mpi_flag(int *argc, char **argv)
{
    bool found = false;
    int o = 0;
    bool ended = false;
    for (int i = 0; i < *argc; i++) {
        if (!ended && !strcmp(argv[i], "--"))
            ended = true;
        if (!ended && i > 0 && !strcmp(argv[i], "--mpi")) {
            found = true;
            continue;
        }
        argv[o++] = argv[i];
    }
    argv[o] = NULL;
    *argc = o;
    return found;
}

#ifndef WN_WITH_MPI

int wn_cli_mpi_start(int *argc, char ***argv)
{
    bool flag = take_mpi_flag(argc, *argv);
    long n = launched_size();
    if (flag || n > 1) {
        wn_cli_error("%s: this winnow is built without MPI%s; run build/winnow-mpi (make builds "
                     "it when mpicc is installed) under mpirun or srun",
                     (*argv)[0], n > 1 ? " but was launched as one of several ranks" : "");
        return WN_EXIT_USAGE;
    }
    return -1;
}

void wn_cli_mpi_agreed(void) {}
int wn_cli_mpi_end(int rc) { return rc; }
int wn_cli_rank(void) { return 0; }

#else
#include <mpi.h>

static wn_comm comm;
static bool started, agreed;

static wn_status mpi_err(int rc) { return rc == MPI_SUCCESS ? WN_OK : WN_ERR_IO; }

/* bytes per peer per round: a round's buffers stay far below INT_MAX and a few hundred MB */
static size_t round_bytes(int size)
{
    size_t b = ((size_t)256 << 20) / (size_t)size;
    return b < ((size_t)1 << 16) ? ((size_t)1 << 16) : b;
}

static wn_status mpi_allgather(const wn_comm *c, const void *data, size_t n, wn_buf *out,
                               uint64_t *counts)
{
    uint64_t mine = n;
    int rc = MPI_Allgather(&mine, 1, MPI_UINT64_T, counts, 1, MPI_UINT64_T, MPI_COMM_WORLD);
    if (rc != MPI_SUCCESS)
        return mpi_err(rc);
    size_t ch = round_bytes(c->size);
    uint64_t total = 0, most = 0;
    for (int r = 0; r < c->size; r++) {
        total += counts[r];
        most = counts[r] > most ? counts[r] : most;
    }
    /* the NUL after the bytes: wn_buf_reserve keeps room for it; past out's cap is a rank
     * that sent more than the caller's bound allows (a bug): named, then the job stops */
    wn_status st = wn_buf_reserve(out, (size_t)total);
    if (st == WN_ERR_TOO_LARGE)
        wn_cli_error("MPI allgather: %llu bytes from the ranks: over the receiving buffer's cap",
                     (unsigned long long)total);
    size_t base = out->len;
    int *rcounts = malloc((size_t)c->size * sizeof(int));
    int *displs = malloc((size_t)c->size * sizeof(int));
    char *tmp = malloc(ch * (size_t)c->size + 1);
    if (st || !rcounts || !displs || !tmp)
        MPI_Abort(MPI_COMM_WORLD, WN_EXIT_IO);   /* cannot take part: stop the job, not hang it */
    uint64_t rounds = (most + ch - 1) / ch;
    for (uint64_t k = 0; k < rounds && rc == MPI_SUCCESS; k++) {
        int sn = 0, pos = 0;
        if (n > k * ch)
            sn = (int)(n - k * ch < ch ? n - k * ch : ch);
        for (int r = 0; r < c->size; r++) {
            uint64_t left = counts[r] > k * ch ? counts[r] - k * ch : 0;
            rcounts[r] = (int)(left < ch ? left : ch);
            displs[r] = pos;
            pos += rcounts[r];
        }
        static char none;   /* nothing to send: any buffer but the receiving one */
        rc = MPI_Allgatherv(sn ? (const char *)data + k * ch : &none, sn, MPI_BYTE, tmp, rcounts,
                            displs, MPI_BYTE, MPI_COMM_WORLD);
        uint64_t at = 0;
        for (int r = 0; r < c->size && rc == MPI_SUCCESS; r++) {
            memcpy(out->data + base + at + k * ch, tmp + displs[r], (size_t)rcounts[r]);
            at += counts[r];
        }
    }
    if (rc == MPI_SUCCESS) {
        out->len = base + (size_t)total;
        out->data[out->len] = '\0';
    }
    free(rcounts);
    free(displs);
    free(tmp);
    return rc != MPI_SUCCESS ? mpi_err(rc) : st;
}

static wn_status mpi_alltoall(const wn_comm *c, const void *data, const uint64_t *send_counts,
                              wn_buf *out, uint64_t *recv_counts)
{
    int size = c->size;
    int rc = MPI_Alltoall(send_counts, 1, MPI_UINT64_T, recv_counts, 1, MPI_UINT64_T, MPI_COMM_WORLD);
    if (rc != MPI_SUCCESS)
        return mpi_err(rc);
    size_t ch = round_bytes(size);
    uint64_t most = 0, total = 0;
    for (int r = 0; r < size; r++) {
        most = send_counts[r] > most ? send_counts[r] : most;
        most = recv_counts[r] > most ? recv_counts[r] : most;
        total += recv_counts[r];
    }
    uint64_t rounds = (most + ch - 1) / ch, all_rounds = 0;
    rc = MPI_Allreduce(&rounds, &all_rounds, 1, MPI_UINT64_T, MPI_MAX, MPI_COMM_WORLD);
    if (rc != MPI_SUCCESS)
        return mpi_err(rc);
    wn_status st = wn_buf_reserve(out, (size_t)total);   /* NUL room included, as above */
    if (st == WN_ERR_TOO_LARGE)
        wn_cli_error("MPI alltoall: %llu bytes from the ranks: over the receiving buffer's cap",
                     (unsigned long long)total);
    int *sc = malloc(4 * (size_t)size * sizeof(int));
    char *sbuf = malloc(ch * (size_t)size + 1), *rbuf = malloc(ch * (size_t)size + 1);
    uint64_t *soff = calloc((size_t)size + 1, 8), *roff = calloc((size_t)size + 1, 8);
    if (st || !sc || !sbuf || !rbuf || !soff || !roff)
        MPI_Abort(MPI_COMM_WORLD, WN_EXIT_IO);   /* cannot take part: stop the job, not hang it */
    int *sd = sc + size, *rcn = sc + 2 * size, *rd = sc + 3 * size;
    for (int r = 0; r < size; r++) {
        soff[r + 1] = soff[r] + send_counts[r];
        roff[r + 1] = roff[r] + recv_counts[r];
    }
    size_t base = out->len;
    for (uint64_t k = 0; k < all_rounds && rc == MPI_SUCCESS; k++) {
        int spos = 0, rpos = 0;
        for (int r = 0; r < size; r++) {
            uint64_t sl = send_counts[r] > k * ch ? send_counts[r] - k * ch : 0;
            uint64_t rl = recv_counts[r] > k * ch ? recv_counts[r] - k * ch : 0;
            sc[r] = (int)(sl < ch ? sl : ch);
            rcn[r] = (int)(rl < ch ? rl : ch);
            sd[r] = spos;
            rd[r] = rpos;
            memcpy(sbuf + spos, (const char *)data + soff[r] + k * ch, (size_t)sc[r]);
            spos += sc[r];
            rpos += rcn[r];
        }
        rc = MPI_Alltoallv(sbuf, sc, sd, MPI_BYTE, rbuf, rcn, rd, MPI_BYTE, MPI_COMM_WORLD);
        for (int r = 0; r < size && rc == MPI_SUCCESS; r++)
            memcpy(out->data + base + roff[r] + k * ch, rbuf + rd[r], (size_t)rcn[r]);
    }
    if (rc == MPI_SUCCESS) {
        out->len = base + (size_t)total;
        out->data[out->len] = '\0';
    }
    free(sc);
    free(sbuf);
    free(rbuf);
    free(soff);
    free(roff);
    return mpi_err(rc);
}

int wn_cli_mpi_start(int *argc, char ***argv)
{
    bool flag = take_mpi_flag(argc, *argv);
    if (!flag && launched_size() == 0)
        return -1;
    /* OpenMPI's memory patcher hooks every mmap/munmap for RDMA registration caches; winnow
     * sends a few collectives per run and allocates a lot: bench/mpi.sh measured 9.2 s with
     * it and 7.9 s without on one rank (no MPI: 8.5 s). The user's own setting wins. */
    setenv("OMPI_MCA_memory", "^patcher", 0);
    int provided = 0;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
        wn_cli_error("MPI_Init failed");
        return WN_EXIT_IO;
    }
    started = true;
    /* errors come back as codes, agreed on by the library, rather than killing the job */
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_rank(MPI_COMM_WORLD, &comm.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &comm.size);
    comm.allgather = mpi_allgather;
    comm.alltoall = mpi_alltoall;
    if (comm.size > 1)
        wn_cli_comm = &comm;
    return -1;
}

void wn_cli_mpi_agreed(void) { agreed = true; }

int wn_cli_rank(void) { return wn_cli_comm ? wn_cli_comm->rank : 0; }

int wn_cli_mpi_end(int rc)
{
    if (!started)
        return rc;
    /* An I/O error before the library's collectives (a model missing on one node) is this
     * rank's alone: the others would wait for it forever, so the job stops. Usage errors come
     * from the command line, the same on every rank, and errors met inside the library were
     * agreed on: those exit normally. */
    if (wn_cli_comm && rc >= WN_EXIT_IO && !agreed)
        MPI_Abort(MPI_COMM_WORLD, rc);
    /* After an agreed failure every rank exits non-zero, and mpirun kills the job as soon as
     * the first one does: wait until every rank has said its error (stderr is unbuffered), so
     * that no message is lost to the first exit. Every rank that agreed comes here, whatever
     * its own code, so the barrier cannot leave one waiting. */
    if (wn_cli_comm && agreed)
        MPI_Barrier(MPI_COMM_WORLD);
    MPI_Finalize();
    return rc;
}

#endif
