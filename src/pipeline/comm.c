/* comm.c: agreement, broadcast and sums over a wn_comm, built on its allgather. */
#include <stdio.h>
#include <string.h>
#include "winnow/comm.h"

typedef struct {
    uint32_t status, msg_len;
} agree_head;

wn_status wn_comm_agree(const wn_comm *c, wn_status mine, int *who, char *msg, size_t msg_cap)
{
    if (who)
        *who = c && mine ? c->rank : 0;
    if (!wn_comm_active(c))
        return mine;
    /* the failing rank sends its message too, so that every rank can say what happened */
    size_t ml = mine && msg ? strnlen(msg, msg_cap) : 0;
    if (ml > 1024)
        ml = 1024;
    char send[sizeof(agree_head) + 1024];
    agree_head h = { (uint32_t)mine, (uint32_t)ml };
    memcpy(send, &h, sizeof h);
    if (ml)
        memcpy(send + sizeof h, msg, ml);
    wn_buf all;
    wn_buf_init(&all, WN_COMM_GATHER_MAX);
    uint64_t *counts = wn_calloc((size_t)c->size, sizeof *counts);
    wn_status st = counts ? c->allgather(c, send, sizeof h + ml, &all, counts) : WN_ERR_NOMEM;
    wn_status agreed = WN_OK;
    size_t off = 0;
    for (int r = 0; !st && r < c->size; r++) {
        if (counts[r] < sizeof h || off + counts[r] > all.len) {
            st = WN_ERR_CORRUPT;
            break;
        }
        agree_head rh;
        memcpy(&rh, all.data + off, sizeof rh);
        if (rh.status && !agreed) {
            agreed = (wn_status)rh.status;
            if (who)
                *who = r;
            if (msg && msg_cap && r != c->rank) {
                size_t n = rh.msg_len < counts[r] - sizeof rh ? rh.msg_len : counts[r] - sizeof rh;
                snprintf(msg, msg_cap, "rank %d: %.*s", r, (int)n, all.data + off + sizeof rh);
            }
        }
        off += counts[r];
    }
    wn_free(counts);
    wn_buf_free(&all);
    return st ? st : agreed;
}

wn_status wn_comm_bcast(const wn_comm *c, void *p, size_t n)
{
    if (!wn_comm_active(c))
        return WN_OK;
    wn_buf all;
    wn_buf_init(&all, WN_COMM_GATHER_MAX);
    uint64_t *counts = wn_calloc((size_t)c->size, sizeof *counts);
    wn_status st = counts ? c->allgather(c, p, c->rank == 0 ? n : 0, &all, counts) : WN_ERR_NOMEM;
    if (!st && (counts[0] != n || all.len != n))
        st = WN_ERR_CORRUPT;
    if (!st && n)
        memcpy(p, all.data, n);
    wn_free(counts);
    wn_buf_free(&all);
    return st;
}

wn_status wn_comm_sum_u64(const wn_comm *c, uint64_t *v, size_t n)
{
    if (!wn_comm_active(c) || n == 0)
        return WN_OK;
    wn_buf all;
    wn_buf_init(&all, WN_COMM_GATHER_MAX);
    uint64_t *counts = wn_calloc((size_t)c->size, sizeof *counts);
    wn_status st = counts ? c->allgather(c, v, n * 8, &all, counts) : WN_ERR_NOMEM;
    if (!st && all.len != (size_t)c->size * n * 8)
        st = WN_ERR_CORRUPT;
    if (!st) {
        memset(v, 0, n * 8);
        for (int r = 0; r < c->size; r++)
            for (size_t i = 0; i < n; i++) {
                uint64_t x;
                memcpy(&x, all.data + ((size_t)r * n + i) * 8, 8);
                v[i] += x;
            }
    }
    wn_free(counts);
    wn_buf_free(&all);
    return st;
}
