/* core.h: status codes, slices, capped buffers, arenas, the allocation hook, hashing, UTF-8
 * and JSON string helpers shared by every module of winnow. */
#ifndef WINNOW_CORE_H
#define WINNOW_CORE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>
#include "winnow.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The status codes (wn_status, wn_strerror) and the version are the public API's
 * (include/winnow.h): one error convention inside the library and out. */
#define WN_VERSION WN_VERSION_STRING

/* Test-only hooks: WN_TEST_HOOK("WINNOW_TEST_...") is getenv() of that variable in objects
 * compiled with -DWN_TEST_HOOKS, and NULL elsewhere, so that the code behind a hook (a test's
 * SIGKILL after the N-th batch, a rank that fails on purpose) and the variable's name are
 * compiled out of build/winnow, libwinnow.a and libwinnow.so: no environment can make a
 * user's run kill itself. The Makefile compiles the files that use it a second time with the
 * flag for build/winnow-hooks (and winnow-hooks-mpi), which the tests needing a hook run. */
#ifdef WN_TEST_HOOKS
#  include <stdlib.h>
#  define WN_TEST_HOOK(name) getenv(name)
#else
#  define WN_TEST_HOOK(name) ((const char *)NULL)
#endif

/* ---- slices ------------------------------------------------------------------------------
 * Text is a {ptr, len} view, never silently NUL-terminated; the owner is stated where a
 * function returns one. */
typedef struct {
    const char *ptr;
    size_t len;
} wn_slice;

#define WN_SLICE_LIT(s) ((wn_slice){ (s), sizeof(s) - 1 })
wn_slice wn_slice_cstr(const char *s);
bool wn_slice_eq(wn_slice a, wn_slice b);
/* ASCII case-insensitive comparisons against a lower-case literal (HTML names, attribute
 * values, JSON-LD keys). */
bool wn_slice_ieq_n(wn_slice s, const char *lower_lit, size_t n);
/* Inline so that the literal's strlen is folded at compile time and a length that differs
 * (the common case: a tag's attribute names against a list of keys) costs one compare,
 * not a call and a strlen (1.6 % of `winnow extract` in perf, from meta.c's <meta> keys). */
static inline bool wn_slice_ieq(wn_slice s, const char *lower_lit)
{
    size_t n = __builtin_strlen(lower_lit);
    return s.len == n && wn_slice_ieq_n(s, lower_lit, n);
}
bool wn_slice_icontains(wn_slice s, const char *lower_lit);

/* ---- allocation hook ------------------------------------------------------------------------
 * All heap memory of the library goes through these, so tests can fail the N-th allocation
 * (SQLite's fault simulation) and check that nothing leaks or crashes. */
void *wn_malloc(size_t n);
void *wn_calloc(size_t count, size_t n);
void *wn_realloc(void *p, size_t n);
void wn_free(void *p);
char *wn_strdup(const char *s);
/*! wn_alloc_fail_after() : make the n-th following allocation (1-based) and every later one
 * fail; 0 turns fault injection off. For tests only; not thread-safe to change mid-run. */
void wn_alloc_fail_after(uint64_t n);
/*! wn_alloc_track() : with on, counts the bytes the library holds from now on (0 at the call;
 * frees of older memory count below it) and their peak; for tests that bound memory without
 * measuring the process (tests/unit/test_extract.c). wn_alloc_peak() : that peak. */
void wn_alloc_track(bool on);
int64_t wn_alloc_peak(void);

/* ---- capped byte buffer ----------------------------------------------------------------------
 * Growable, with a hard maximum (curl's dynbuf): growing past `max` returns WN_ERR_TOO_LARGE
 * and leaves the content as it was. data is always NUL-terminated for convenience when
 * non-NULL, but len is the truth. Every buffer names its cap (a constant that says why it is
 * that size: WN_DOC_BYTES_MAX, WN_DOC_META_MAX...): max must be > 0 (WN_ASSERT), and 0 no
 * longer means "no cap". WN_BUF_UNCAPPED is for tests and tools whose input is bounded by
 * themselves; the library and the CLI do not use it. */
typedef struct {
    char *data;
    size_t len;
    size_t cap;
    size_t max;
} wn_buf;

#define WN_BUF_UNCAPPED (SIZE_MAX / 2)
void wn_buf_init(wn_buf *b, size_t max);
void wn_buf_reset(wn_buf *b);           /* len = 0, keeps memory */
void wn_buf_free(wn_buf *b);            /* releases memory; b stays usable after init */
wn_status wn_buf_reserve(wn_buf *b, size_t extra);
wn_status wn_buf_append(wn_buf *b, const void *p, size_t n);
wn_status wn_buf_append_str(wn_buf *b, const char *s);
wn_status wn_buf_append_char(wn_buf *b, char c);
wn_status wn_buf_printf(wn_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
wn_status wn_buf_set(wn_buf *b, const void *p, size_t n);
static inline wn_slice wn_buf_slice(const wn_buf *b) { return (wn_slice){ b->data ? b->data : "", b->len }; }

/* ---- arena ------------------------------------------------------------------------------------
 * Reset (not freed) between uses; a hard cap turns runaway input into WN_ERR_TOO_LARGE.
 * Allocations are 16-byte aligned and live until the next reset or free. (Documents do not
 * carry one: no stage used it; their fields are capped buffers.) */
typedef struct wn_arena wn_arena;
wn_arena *wn_arena_create(size_t cap);
void *wn_arena_alloc(wn_arena *a, size_t n);  /* NULL when over cap or out of memory */
char *wn_arena_strndup(wn_arena *a, const char *s, size_t n);
void wn_arena_reset(wn_arena *a);
size_t wn_arena_used(const wn_arena *a);
void wn_arena_free(wn_arena *a);

/* ---- hashing ------------------------------------------------------------------------------------
 * A fast 64-bit non-cryptographic hash of our own (multiply-xorshift over 8-byte words); stable
 * across runs and machines, so it may be written to disk. */
uint64_t wn_hash64(const void *p, size_t n, uint64_t seed);
static inline uint64_t wn_mix64(uint64_t x)
{
    x ^= x >> 32; x *= 0xd6e8feb86659fd93ULL;
    x ^= x >> 32; x *= 0xd6e8feb86659fd93ULL;
    x ^= x >> 32;
    return x;
}
/* a and b multiplied to 128 bits, the halves xored: wn_hash64's step, for hashes of short keys */
static inline uint64_t wn_fold64(uint64_t a, uint64_t b)
{
    __uint128_t r = (__uint128_t)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
}

/* ---- named counters ----------------------------------------------------------------------------
 * Named counts (lines removed, records skipped by type...). Names must be static strings. A stage
 * or reader keeps its own set; sets are summed at the end, so totals do not depend on -j.
 * An add that finds no memory for a new name returns WN_ERR_NOMEM and counts itself in `lost`
 * (merges carry it), so the one who reports the counts can refuse to report wrong ones. */
typedef struct {
    const char *name;
    uint64_t n;
} wn_named_count;

typedef struct wn_counters {
    wn_named_count *v;
    size_t n, cap;
    uint64_t lost;   /* adds that could not be recorded: out of memory */
} wn_counters;

wn_status wn_counter_add(wn_counters *c, const char *name, uint64_t n);
wn_status wn_counters_merge(wn_counters *dst, const wn_counters *src);
void wn_counters_free(wn_counters *c);

/* ---- UTF-8 ------------------------------------------------------------------------------------- */
/*! wn_utf8_valid() : true when [p, p+n) is valid UTF-8 (no overlongs, no surrogates). */
bool wn_utf8_valid(const char *p, size_t n);
/*! wn_utf8_repair() : appends p to dst with every invalid sequence replaced by U+FFFD; returns
 * the number of replacements through *replaced (may be NULL). */
wn_status wn_utf8_repair(wn_buf *dst, const char *p, size_t n, size_t *replaced);
/*! wn_utf8_decode() : decodes one code point at p (n bytes available); returns its length
 * (1..4) and stores the code point, or returns 1 and U+FFFD for an invalid sequence. */
size_t wn_utf8_decode(const char *p, size_t n, uint32_t *cp);
/*! wn_utf8_encode() : writes cp into out (4 bytes room), returns the length. */
size_t wn_utf8_encode(uint32_t cp, char *out);
/*! wn_utf8_is_cont() : is c a continuation byte (10xxxxxx)? */
static inline bool wn_utf8_is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

/* SWAR helpers: does any byte of the 8-byte word x need attention? (Hacker's Delight §6.1) */
#define WN_SWAR_ONES 0x0101010101010101ULL
#define WN_SWAR_HIGH 0x8080808080808080ULL
static inline uint64_t wn_swar_has_zero(uint64_t x) { return (x - WN_SWAR_ONES) & ~x & WN_SWAR_HIGH; }
static inline uint64_t wn_swar_has_byte(uint64_t x, unsigned char b) { return wn_swar_has_zero(x ^ (WN_SWAR_ONES * b)); }
/* any byte < n (n <= 128) */
static inline uint64_t wn_swar_has_less(uint64_t x, unsigned char n) { return (x - WN_SWAR_ONES * n) & ~x & WN_SWAR_HIGH; }
/*! wn_ascii_len() : the number of leading ASCII bytes of [p, p+n), 8 at a time: the common run
 * of web text that UTF-8 scanners skip before decoding. */
static inline size_t wn_ascii_len(const char *p, size_t n)
{
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {   /* four words per test: long ASCII runs are the rule */
        uint64_t w[4];
        memcpy(w, p + i, 32);
        if ((w[0] | w[1] | w[2] | w[3]) & WN_SWAR_HIGH)
            break;
    }
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if (w & WN_SWAR_HIGH)
            break;
    }
    while (i < n && (unsigned char)p[i] < 0x80)
        i++;
    return i;
}

/* ---- JSON strings ---------------------------------------------------------------------------- */
/*! wn_json_escape() : appends s as a JSON string literal, quotes included (RFC 8259 §7). */
wn_status wn_json_escape(wn_buf *dst, const char *s, size_t n);

#ifdef __cplusplus
}
#endif
#endif
