/* buf.c: growable byte buffers with a hard cap (curl's dynbuf) and string slices. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "winnow/core.h"
#include "common/check.h"

wn_slice wn_slice_cstr(const char *s) { return (wn_slice){ s, s ? strlen(s) : 0 }; }

bool wn_slice_eq(wn_slice a, wn_slice b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

static inline char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

bool wn_slice_ieq_n(wn_slice s, const char *lit, size_t n)
{
    if (s.len != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (ascii_lower(s.ptr[i]) != lit[i])
            return false;
    return true;
}

bool wn_slice_icontains(wn_slice s, const char *lit)
{
    size_t n = strlen(lit);
    for (size_t i = 0; i + n <= s.len; i++) {
        size_t k = 0;
        while (k < n && ascii_lower(s.ptr[i + k]) == lit[k])
            k++;
        if (k == n)
            return true;
    }
    return false;
}

void wn_buf_init(wn_buf *b, size_t max)
{
    b->data = NULL;
    b->len = b->cap = 0;
    WN_ASSERT(max > 0);   /* a cap of its own: see core.h */
    b->max = max;
}

void wn_buf_reset(wn_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void wn_buf_free(wn_buf *b)
{
    wn_free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

wn_status wn_buf_reserve(wn_buf *b, size_t extra)
{
    WN_ASSERT(b->len <= b->max && (b->cap == 0 || b->len < b->cap));
    if (extra > b->max || b->len > b->max - extra)
        return WN_ERR_TOO_LARGE;
    size_t need = b->len + extra + 1; /* +1 keeps room for the NUL */
    if (need <= b->cap)
        return WN_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    if (cap > b->max + 1)
        cap = b->max + 1;
    char *p = wn_realloc(b->data, cap);
    if (!p)
        return WN_ERR_NOMEM;
    b->data = p;
    b->cap = cap;
    return WN_OK;
}

wn_status wn_buf_append(wn_buf *b, const void *p, size_t n)
{
    wn_status st = wn_buf_reserve(b, n);
    if (st)
        return st;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return WN_OK;
}

wn_status wn_buf_append_str(wn_buf *b, const char *s) { return wn_buf_append(b, s, strlen(s)); }
wn_status wn_buf_append_char(wn_buf *b, char c) { return wn_buf_append(b, &c, 1); }

wn_status wn_buf_set(wn_buf *b, const void *p, size_t n)
{
    wn_buf_reset(b);
    return wn_buf_append(b, p, n);
}

wn_status wn_buf_printf(wn_buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return WN_ERR_FORMAT;
    if ((size_t)n < sizeof small)
        return wn_buf_append(b, small, (size_t)n);
    wn_status st = wn_buf_reserve(b, (size_t)n);
    if (st)
        return st;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return WN_OK;
}
