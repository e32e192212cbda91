/* remote.c: http://, https:// and s3:// inputs, fetched by libcurl in a thread of their own.
 *
 * DESIGN: the thread writes the body into one end of a socketpair and the stream reads the
 * other end like a file, so every codec of stream.c works on remote bytes as they arrive and
 * nothing is saved to disk. The socket's kernel buffer is the bounded buffer: when the
 * decoder is slower than the network, send() blocks and curl stops reading from the server.
 * A dropped connection or a 5xx/429 answer is retried with back-off; after bytes were
 * received the retry asks for the rest only (Range: bytes=N-) and checks the server's 206
 * and Content-Range start, because a server that ignores the range would send the file from
 * its start again and duplicate documents: that is a failed input instead. When the thread
 * gives up it closes its end, and the reader, at end of stream, asks wn_remote_finish() why. */
#include <curl/curl.h>
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "winnow/io.h"
#include "common/msg.h"

#define REMOTE_CHUNK (256 * 1024)      /* curl's receive buffer (CURLOPT_BUFFERSIZE) */
#define REMOTE_SOCKBUF (1024 * 1024)   /* socketpair buffers: the read-ahead */

struct wn_remote {
    char url[2048];
    wn_remote_opts o;
    int fd_write;                /* the thread's end; -1 once closed */
    pthread_t thread;
    bool started;
    atomic_bool cancel;          /* set by wn_remote_close(): the reader is gone */
    /* the thread's result, read after pthread_join */
    wn_status status;
    char err[512];
    uint64_t received;           /* body bytes passed to the reader */
    int64_t total;               /* the file's size when a response said it, else -1 */
    /* per attempt */
    long code;
    bool checked;                /* the response's status was looked at */
    bool bad_range;              /* a resumed request was not answered with our range */
    bool skip_body;              /* an error status: its body is not data */
    int64_t range_start;         /* Content-Range start of a 206, -1 if none */
    int64_t range_total;         /* Content-Range total, -1 if unknown */
    long long retry_after_s;     /* the answer's Retry-After in seconds, -1 if none */
};

bool wn_is_remote(const char *path)
{
    return strncmp(path, "http://", 7) == 0 || strncmp(path, "https://", 8) == 0 ||
           strncmp(path, "s3://", 5) == 0;
}

void wn_remote_opts_default(wn_remote_opts *o)
{
    /* Common Crawl's servers answer 503 "slow down" under load for a while: many retries,
     * with a back-off up to a minute, and a stall time-out long enough for a busy link */
    o->retries = 10;
    o->timeout_s = 60;
    o->backoff_ms = 1000;
    snprintf(o->s3_endpoint, sizeof o->s3_endpoint, "https://s3.amazonaws.com");
}

wn_status wn_remote_url(const char *path, const wn_remote_opts *o, char *out, size_t cap)
{
    int n;
    if (strncmp(path, "s3://", 5) == 0) {
        const char *ep = o && *o->s3_endpoint ? o->s3_endpoint : "https://s3.amazonaws.com";
        size_t el = strlen(ep);
        while (el > 0 && ep[el - 1] == '/')
            el--;
        /* path-style: ENDPOINT/bucket/key works for every bucket name and any endpoint */
        n = snprintf(out, cap, "%.*s/%s", (int)el, ep, path + 5);
    } else {
        n = snprintf(out, cap, "%s", path);
    }
    return n < 0 || (size_t)n >= cap ? WN_ERR_TOO_LARGE : WN_OK;
}

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_init(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

/* Looks at the response status once, at the first header or body byte after the headers. */
static void check_response(struct wn_remote *r, CURL *h)
{
    if (r->checked)
        return;
    r->checked = true;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->code);
    if (r->code == 200 && r->received == 0) {
        curl_off_t len = -1;
        curl_easy_getinfo(h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &len);
        if (len >= 0)
            r->total = (int64_t)len;
    } else if (r->code == 206 && r->range_start == (int64_t)r->received) {
        if (r->range_total >= 0)
            r->total = r->range_total;
    } else if ((r->code == 200 || r->code == 206) && r->received > 0) {
        r->bad_range = true;   /* whole file again, or another range: not the bytes we miss */
        r->skip_body = true;
    } else {
        r->skip_body = true;   /* an error page is not data */
    }
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    struct wn_remote *r = ud;
    size_t len = size * n;
    /* a new response (after a redirect, or a 100 Continue) starts with its status line */
    if (len >= 5 && strncmp(p, "HTTP/", 5) == 0) {
        r->range_start = -1;
        r->range_total = -1;
        r->retry_after_s = -1;
    } else if (len > 12 && strncasecmp(p, "Retry-After:", 12) == 0) {
        r->retry_after_s = wn_remote_retry_after_parse(p + 12, len - 12);
    } else if (len > 14 && strncasecmp(p, "Content-Range:", 14) == 0) {
        long long a, b;
        char tot[32] = "";
        if (sscanf(p + 14, " bytes %lld-%lld/%31[0-9*]", &a, &b, tot) >= 2) {
            r->range_start = a;
            r->range_total = tot[0] && tot[0] != '*' ? atoll(tot) : -1;
        }
    }
    return len;
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    void **pair = ud;
    struct wn_remote *r = pair[0];
    CURL *h = pair[1];
    size_t len = size * n;
    check_response(r, h);
    if (r->skip_body)
        return r->bad_range ? 0 : len; /* a bad range aborts the transfer at once */
    size_t done = 0;
    while (done < len) {
        if (atomic_load(&r->cancel))
            return 0;
        ssize_t w = send(r->fd_write, p + done, len - done, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            atomic_store(&r->cancel, true); /* EPIPE: the reader closed its end */
            return 0;
        }
        done += (size_t)w;
        r->received += (uint64_t)w;
    }
    return len;
}

static int on_progress(void *ud, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
    (void)a, (void)b, (void)c, (void)d;
    return atomic_load(&((struct wn_remote *)ud)->cancel) ? 1 : 0;
}

/* Sleeps ms milliseconds in slices, so that a closed reader does not wait for the back-off. */
static void backoff_sleep(struct wn_remote *r, unsigned long ms)
{
    while (ms > 0 && !atomic_load(&r->cancel)) {
        unsigned long k = ms < 50 ? ms : 50;
        struct timespec ts = { 0, (long)k * 1000000L };
        nanosleep(&ts, NULL);
        ms -= k;
    }
}

long long wn_remote_retry_after_parse(const char *v, size_t n)
{
    size_t i = 0;
    while (i < n && (v[i] == ' ' || v[i] == '\t'))
        i++;
    long long s = 0;
    size_t digits = 0;
    for (; i < n && v[i] >= '0' && v[i] <= '9'; i++, digits++) {
        if (s > 1000000000LL)   /* far past any cap: no overflow */
            continue;
        s = s * 10 + (v[i] - '0');
    }
    while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == '\r' || v[i] == '\n'))
        i++;
    /* an HTTP-date (the other form) would need the clocks of both ends to agree: the
     * back-off serves instead */
    return digits && i == n ? s : -1;
}

unsigned long wn_remote_retry_wait_ms(long code, long long retry_after_s, unsigned long backoff_ms)
{
    if ((code == 429 || code == 503) && retry_after_s >= 0)
        return retry_after_s >= (long long)(WN_REMOTE_BACKOFF_MAX_MS / 1000)
                   ? WN_REMOTE_BACKOFF_MAX_MS : (unsigned long)retry_after_s * 1000UL;
    return backoff_ms;
}

static bool retryable_curl(CURLcode c)
{
    switch (c) {
    case CURLE_COULDNT_CONNECT: case CURLE_COULDNT_RESOLVE_HOST: case CURLE_OPERATION_TIMEDOUT:
    case CURLE_PARTIAL_FILE: case CURLE_RECV_ERROR: case CURLE_SEND_ERROR: case CURLE_GOT_NOTHING:
    case CURLE_HTTP2: case CURLE_HTTP2_STREAM: case CURLE_SSL_CONNECT_ERROR:
        return true;
    default:
        return false;
    }
}

static void *fetch(void *ud)
{
    struct wn_remote *r = ud;
    CURL *h = curl_easy_init();
    if (!h) {
        r->status = WN_ERR_NOMEM;
        wn_msgf(r->err, sizeof r->err, "%s: cannot start libcurl", r->url);
        goto out;
    }
    char cerr[CURL_ERROR_SIZE];
    void *pair[2] = { r, h };
    unsigned failures = 0;
    unsigned long delay = r->o.backoff_ms;
    for (;;) {
        curl_easy_reset(h);
        curl_easy_setopt(h, CURLOPT_URL, r->url);
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
        curl_easy_setopt(h, CURLOPT_MAXREDIRS, 10L);
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)r->o.timeout_s);
        /* a stall: under 1 byte/s for timeout_s seconds; no limit on a whole transfer, which
         * for a 1 GB WARC is as long as the link makes it */
        curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, (long)r->o.timeout_s);
        curl_easy_setopt(h, CURLOPT_USERAGENT, "winnow");
        /* larger writes than curl's 16 KiB: fewer wake-ups of the reader per megabyte */
        curl_easy_setopt(h, CURLOPT_BUFFERSIZE, (long)REMOTE_CHUNK);
        curl_easy_setopt(h, CURLOPT_ERRORBUFFER, cerr);
        curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(h, CURLOPT_HEADERDATA, r);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, pair);
        curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(h, CURLOPT_XFERINFODATA, r);
        char range[48];
        if (r->received > 0) {
            snprintf(range, sizeof range, "%" PRIu64 "-", r->received);
            curl_easy_setopt(h, CURLOPT_RANGE, range);
        }
        /* compressed files are read compressed: no Accept-Encoding, no transparent decoding */
        cerr[0] = 0;
        r->code = 0;
        r->checked = r->bad_range = r->skip_body = false;
        r->range_start = r->range_total = -1;
        r->retry_after_s = -1;
        uint64_t before = r->received;
        CURLcode c = curl_easy_perform(h);
        if (atomic_load(&r->cancel))
            break;
        check_response(r, h);
        if (r->bad_range) {
            r->status = WN_ERR_TRUNCATED;
            wn_msgf(r->err, sizeof r->err,
                     "%s: offset %" PRIu64 ": the connection dropped and the server did not resume "
                     "at that byte (HTTP %ld to a Range request): the input is cut there",
                     r->url, r->received, r->code);
            break;
        }
        bool ok_code = r->code == 200 || r->code == 206;
        if (c == CURLE_OK && ok_code) {
            if (r->total >= 0 && r->received < (uint64_t)r->total)
                goto retry; /* a 206 that ended early: ask for the rest */
            break; /* complete */
        }
        bool again;
        char why[300];
        if (c == CURLE_OK || c == CURLE_WRITE_ERROR) {
            /* an HTTP error status (CURLE_WRITE_ERROR cannot happen without cancel or a bad
             * range, both handled above) */
            again = r->code >= 500 || r->code == 429 || r->code == 408;
            snprintf(why, sizeof why, "HTTP %ld", r->code);
        } else {
            again = retryable_curl(c);
            snprintf(why, sizeof why, "%s", cerr[0] ? cerr : curl_easy_strerror(c));
            if (r->code)
                snprintf(why + strlen(why), sizeof why - strlen(why), " (HTTP %ld)", r->code);
        }
        if (!again || failures >= r->o.retries) {
            r->status = r->received > 0 ? WN_ERR_TRUNCATED : WN_ERR_IO;
            if (again)
                wn_msgf(r->err, sizeof r->err, "%s: offset %" PRIu64 ": %s; gave up after %u attempts",
                         r->url, r->received, why, failures + 1);
            else
                wn_msgf(r->err, sizeof r->err, "%s: offset %" PRIu64 ": %s", r->url, r->received, why);
            break;
        }
    retry:
        /* progress since the last failure starts the count again: a long download over a
         * flaky link may drop many times and still finish */
        if (r->received > before) {
            failures = 0;
            delay = r->o.backoff_ms;
        }
        failures++;
        /* a server that says when to come back (429/503 Retry-After) is asked then; the
         * back-off still doubles, for the answers that say nothing */
        backoff_sleep(r, wn_remote_retry_wait_ms(r->code, r->retry_after_s, delay));
        delay = delay * 2 > WN_REMOTE_BACKOFF_MAX_MS ? WN_REMOTE_BACKOFF_MAX_MS : delay * 2;
    }
    curl_easy_cleanup(h);
out:
    close(r->fd_write);
    r->fd_write = -1;
    return NULL;
}

wn_status wn_remote_open(wn_remote **out, const char *path, const wn_remote_opts *o, int *fd,
                         char *err, size_t err_cap)
{
    *out = NULL;
    *fd = -1;
    pthread_once(&curl_once, curl_init);
    struct wn_remote *r = wn_calloc(1, sizeof *r);
    if (!r)
        return WN_ERR_NOMEM;
    if (o)
        r->o = *o;
    else
        wn_remote_opts_default(&r->o);
    r->total = -1;
    if (wn_remote_url(path, &r->o, r->url, sizeof r->url) != WN_OK) {
        snprintf(err, err_cap, "%.200s...: URL too long", path);
        wn_free(r);
        return WN_ERR_USAGE;
    }
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        snprintf(err, err_cap, "%s: socketpair: %s", path, strerror(errno));
        wn_free(r);
        return WN_ERR_IO;
    }
    /* the bound on what is downloaded ahead of the decoder: both socket buffers, about
     * 2 x REMOTE_SOCKBUF (the kernel may round it); the rest waits at the server */
    int sb = REMOTE_SOCKBUF;
    setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &sb, sizeof sb);
    setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &sb, sizeof sb);
    r->fd_write = sv[1];
    atomic_init(&r->cancel, false);
    int e = pthread_create(&r->thread, NULL, fetch, r);
    if (e) {
        snprintf(err, err_cap, "%s: cannot start a thread: %s", path, strerror(e));
        close(sv[0]);
        close(sv[1]);
        wn_free(r);
        return WN_ERR_NOMEM;
    }
    r->started = true;
    *fd = sv[0];
    *out = r;
    return WN_OK;
}

wn_status wn_remote_finish(wn_remote *r, char *err, size_t err_cap)
{
    if (r->started) {
        pthread_join(r->thread, NULL);
        r->started = false;
    }
    if (r->status)
        snprintf(err, err_cap, "%s", r->err);
    return r->status;
}

void wn_remote_close(wn_remote *r)
{
    if (!r)
        return;
    atomic_store(&r->cancel, true);
    /* the caller closed its end (the fd it got) before: a blocked send() fails with EPIPE */
    if (r->started)
        pthread_join(r->thread, NULL);
    wn_free(r);
}
