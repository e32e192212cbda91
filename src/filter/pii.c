/* pii.c: e-mail and IP address redaction with the meaning of datatrove's PIIFormatter
 * (datatrove/pipeline/formatters/pii.py).
 *
 * DESIGN: datatrove runs two re.sub passes, e-mails first, then IPs over the result. Each pass
 * scans left to right like the regex engine (leftmost match, then on after it); a match the
 * validator rejects (a private IP) stays as it is and scanning resumes after it, as in
 * re.sub with a function. Replacements cycle through datatrove's default values. datatrove's
 * PIIReplacer (one per task) never resets its _replace_i, so the cycle goes on from one
 * document to the next; the stage does that per worker with pii_cycle_across_docs, but by
 * default restarts it with each document, because which worker gets a batch is not fixed and
 * output must be the same for any -j (only the fake values differ, never what is replaced).
 * The regexes are matched by hand:
 *   e-mail  \b[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[same]+)*@ then a domain of two or more
 *           labels [A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])? separated by dots, or
 *           \[ three "octet." then an octet or a tag [A-Za-z0-9-]*[A-Za-z0-9]: \];
 *   IPv4    (?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.){3}(same), unanchored, with the
 *           alternatives tried in that order (so the IPv4 tail of an IPv6 address matches
 *           too); valid when Python's ipaddress accepts it (no leading zeros) and it is
 *           global (not in the IANA special-purpose blocks of Python 3.11);
 *   IPv6    (only with pii_ipv6; datatrove has no IPv6 pattern) a whole run of hex digits,
 *           ':' and '.' that inet_pton accepts, with three hex groups or more, standing
 *           alone: not touching a letter, digit, '_' or ':' (so never A::B or x::f() in
 *           code). */
#include <arpa/inet.h>
#include <string.h>
#include <unicode/uchar.h>
#include "winnow/filter.h"
#include "text/words.h"

static const char *const email_repl[] = { "email@example.com", "firstname.lastname@example.org" };
static const char *const ip_repl[] = { "22.214.171.124", "126.96.36.199", "188.8.131.52",
                                       "184.108.40.206", "220.127.116.11", "18.104.22.168" };

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alnum(char c) { return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }
static bool is_hex(char c) { return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }

static bool is_local_char(char c)
{
    return is_alnum(c) || (c && strchr("!#$%&'*+/=?^_`{|}~-", c) != NULL);
}

/* Python's \w at the code point that starts at or ends before a byte position. */
static bool word_cp(uint32_t cp)
{
    if (cp < 0x80)
        return is_alnum((char)cp) || cp == '_';
    int t = u_charType((UChar32)cp);
    return u_isalpha((UChar32)cp) || t == U_DECIMAL_DIGIT_NUMBER || t == U_LETTER_NUMBER ||
           t == U_OTHER_NUMBER;
}

static bool word_before(const char *p, size_t i)
{
    if (i == 0)
        return false;
    size_t s = i - 1;
    while (s > 0 && i - s < 4 && ((unsigned char)p[s] & 0xC0) == 0x80)
        s--;
    uint32_t cp;
    wn_utf8_decode(p + s, i - s, &cp);
    return word_cp(cp);
}

static bool word_at(const char *p, size_t n, size_t i)
{
    if (i >= n)
        return false;
    uint32_t cp;
    wn_utf8_decode(p + i, n - i, &cp);
    return word_cp(cp);
}

/* Candidate ends of one octet at i, in the regex's order of preference. */
static size_t octet_ends(const char *p, size_t n, size_t i, size_t ends[6])
{
    size_t k = 0;
    char a = i < n ? p[i] : 0, b = i + 1 < n ? p[i + 1] : 0, c = i + 2 < n ? p[i + 2] : 0;
    if (a == '2' && b == '5' && c >= '0' && c <= '5')
        ends[k++] = i + 3;
    if (a == '2' && b >= '0' && b <= '4' && is_digit(c))
        ends[k++] = i + 3;
    if ((a == '0' || a == '1') && is_digit(b)) {   /* [01] taken, then [0-9][0-9]? */
        if (is_digit(c))
            ends[k++] = i + 3;
        ends[k++] = i + 2;
    }
    if (is_digit(a)) {                             /* [01]? empty */
        if (is_digit(b))
            ends[k++] = i + 2;
        ends[k++] = i + 1;
    }
    return k;
}

/* The e-mail regex's tag alternative for the last part of a bracketed domain,
 * [A-Za-z0-9-]*[A-Za-z0-9]: before the ']': the ':' must be the first character after i
 * outside [A-Za-z0-9-]. Returns the end (after ':') or 0. */
static size_t bracket_tag(const char *p, size_t n, size_t i)
{
    size_t e = i;
    while (e < n && (is_alnum(p[e]) || p[e] == '-'))
        e++;
    if (e > i && e + 1 < n && p[e] == ':' && is_alnum(p[e - 1]) && p[e + 1] == ']')
        return e + 1;
    return 0;
}

/* The regex's first match of 4 dotted octets at i (backtracking in preference order), or 0.
 * With `close` (the e-mail's bracketed domain), the match must be followed by ']', and the
 * last part may also be a tag ending in ':'. */
static size_t ipv4_match(const char *p, size_t n, size_t i, int octet, bool close)
{
    size_t ends[6];
    size_t k = octet_ends(p, n, i, ends);
    for (size_t t = 0; t < k; t++) {
        size_t e = ends[t];
        if (octet == 3) {
            if (!close || (e < n && p[e] == ']'))
                return e;
            continue;
        }
        if (e < n && p[e] == '.') {
            size_t r = ipv4_match(p, n, e + 1, octet + 1, close);
            if (r)
                return r;
        }
    }
    return octet == 3 && close ? bracket_tag(p, n, i) : 0;
}

/* Python 3.11's IPv4Address.is_private (ipaddress._IPv4Constants._private_networks of Debian
 * 12's Python 3.11.2; tests/cli/pii_oracle.sh asks it about every block's edges). */
static bool ipv4_private(uint32_t a)
{
    static const struct { uint32_t net; int bits; } priv[] = {
        { 0x00000000, 8 }, { 0x0A000000, 8 }, { 0x7F000000, 8 }, { 0xA9FE0000, 16 },
        { 0xAC100000, 12 }, { 0xC0000000, 24 }, { 0xC00000AA, 31 }, { 0xC0000200, 24 },
        { 0xC0A80000, 16 }, { 0xC6120000, 15 }, { 0xC6336400, 24 }, { 0xCB007100, 24 },
        { 0xF0000000, 4 }, { 0xFFFFFFFF, 32 },
    };
    for (size_t k = 0; k < sizeof priv / sizeof priv[0]; k++) {
        uint32_t mask = priv[k].bits == 32 ? 0xFFFFFFFFu : ~(0xFFFFFFFFu >> priv[k].bits);
        if ((a & mask) == priv[k].net)
            return true;
    }
    return false;
}

/* Python's ipaddress.ip_address(s).is_global for a dotted quad matched above: not private
 * and not in the shared address space 100.64.0.0/10. */
static bool ipv4_global(const char *p, size_t n)
{
    unsigned o[4] = { 0 };
    size_t i = 0;
    for (int k = 0; k < 4; k++) {
        size_t s = i;
        while (i < n && is_digit(p[i]))
            o[k] = o[k] * 10 + (unsigned)(p[i++] - '0');
        if (i - s > 1 && p[s] == '0')
            return false; /* leading zeros: ip_address() raises, the validator says no */
        i++;
    }
    uint32_t a = o[0] << 24 | o[1] << 16 | o[2] << 8 | o[3];
    return !ipv4_private(a) && (a & 0xFFC00000u) != 0x64400000u;
}

/* Python 3.11's IPv6Address.is_global: not private (_IPv6Constants._private_networks of
 * Python 3.11.2), where an IPv4-mapped address (::ffff:a.b.c.d) is private when its IPv4
 * address is. */
static bool ipv6_global(const unsigned char a[16])
{
    static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF };
    if (memcmp(a, mapped, 12) == 0)
        return !ipv4_private((uint32_t)a[12] << 24 | (uint32_t)a[13] << 16 | (uint32_t)a[14] << 8 | a[15]);
    static const struct { unsigned char net[16]; int bits; } priv[] = {
        { { 0 }, 128 },                                                  /* :: */
        { { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }, 128 },     /* ::1 */
        { { 0x00, 0x64, 0xFF, 0x9B, 0x00, 0x01 }, 48 },                  /* 64:ff9b:1::/48 */
        { { 0x01, 0x00 }, 64 },                                          /* 100::/64 */
        { { 0x20, 0x01, 0x00, 0x00 }, 23 },                              /* 2001::/23 */
        { { 0x20, 0x01, 0x0D, 0xB8 }, 32 },                              /* 2001:db8::/32 */
        { { 0x20, 0x02 }, 16 },                                          /* 2002::/16 */
        { { 0xFC }, 7 },                                                 /* fc00::/7 */
        { { 0xFE, 0x80 }, 10 },                                          /* fe80::/10 */
    };
    for (size_t k = 0; k < sizeof priv / sizeof priv[0]; k++) {
        int bits = priv[k].bits, i = 0;
        bool in = true;
        for (; bits >= 8 && in; bits -= 8, i++)
            in = a[i] == priv[k].net[i];
        if (in && bits > 0) {
            unsigned char m = (unsigned char)(0xFF << (8 - bits));
            in = (a[i] & m) == (priv[k].net[i] & m);
        }
        if (in)
            return false;
    }
    return true;
}

/* A letter, digit, '_' or ':' next to a candidate: it is part of an identifier, a scope
 * operator or a longer token, never a free-standing address. */
static bool ident_char(char c)
{
    return is_alnum(c) || c == '_' || c == ':' || (unsigned char)c >= 0x80;
}

/* An IPv6 address at i: the whole run of [0-9A-Fa-f:.] (at most 45 bytes) must be one that
 * inet_pton accepts, with three hex groups or more, and stand alone (no identifier character
 * on either side; a '.' after it only as a full stop). Returns its end or 0; *addr gets the
 * bytes. */
static size_t ipv6_match(const char *p, size_t n, size_t i, unsigned char addr[16])
{
    if (i > 0 && (ident_char(p[i - 1]) || p[i - 1] == '.'))
        return 0;
    size_t e = i, colons = 0, groups = 0;
    while (e < n && (is_hex(p[e]) || p[e] == ':' || p[e] == '.')) {
        if (is_hex(p[e]) && (e == i || p[e - 1] == ':'))
            groups++;
        colons += p[e++] == ':';
        if (e - i > 45)
            return 0;
    }
    while (e > i && p[e - 1] == '.')   /* a full stop after the address */
        e--;
    if (colons < 2 || groups < 3 || (e < n && ident_char(p[e])))
        return 0;
    char tmp[64];
    memcpy(tmp, p + i, e - i);
    tmp[e - i] = 0;
    return inet_pton(AF_INET6, tmp, addr) == 1 ? e : 0;
}

/* Domain part after '@' at i: returns its end or 0. */
static size_t domain_match(const char *p, size_t n, size_t i)
{
    if (i < n && p[i] == '[') {
        size_t e = ipv4_match(p, n, i + 1, 0, true);
        return e ? e + 1 : 0;
    }
    size_t pos = i, labels = 0, last_label_end = 0;
    for (;;) {
        if (pos >= n || !is_alnum(p[pos]))
            break;
        size_t e = pos;
        while (e < n && (is_alnum(p[e]) || p[e] == '-'))
            e++;
        if (e < n && p[e] == '.' && is_alnum(p[e - 1])) {
            labels++;
            last_label_end = e;
            pos = e + 1;
            continue;
        }
        break;
    }
    /* the final label (no dot after it), greedy, ending in an alphanumeric */
    if (labels >= 1 && pos < n && is_alnum(p[pos])) {
        size_t e = pos;
        while (e < n && (is_alnum(p[e]) || p[e] == '-'))
            e++;
        while (p[e - 1] == '-')
            e--;
        return e;
    }
    /* backtrack: the last "label." gives up its dot and becomes the final label */
    return labels >= 2 ? last_label_end : 0;
}

static wn_status redact_emails(const char *p, size_t n, wn_buf *out, uint64_t *count,
                               uint32_t *cycle_at)
{
    size_t copied = 0, consumed = 0, cycle = *cycle_at % 2;
    for (size_t a = 0; a < n; a++) {
        if (p[a] != '@')
            continue;
        if (a == 0 || a <= consumed || !is_local_char(p[a - 1]))
            continue;
        size_t L = a, dd = consumed;
        while (L > consumed && (is_local_char(p[L - 1]) || p[L - 1] == '.')) {
            L--;
            if (p[L] == '.' && p[L + 1] == '.')
                dd = dd > L + 2 ? dd : L + 2;
        }
        size_t s = L > dd ? L : dd, start = SIZE_MAX;
        for (; s < a; s++) {
            if (p[s] == '.')
                continue;
            bool wb = word_before(p, s) != word_at(p, n, s);
            if (wb) {
                start = s;
                break;
            }
        }
        if (start == SIZE_MAX)
            continue;
        size_t end = domain_match(p, n, a + 1);
        if (!end)
            continue;
        wn_status st = wn_buf_append(out, p + copied, start - copied);
        if (!st)
            st = wn_buf_append_str(out, email_repl[cycle]);
        if (st)
            return st;
        cycle = (cycle + 1) % 2;
        (*count)++;
        copied = consumed = end;
        a = end - 1;
    }
    *cycle_at = (uint32_t)cycle;
    return wn_buf_append(out, p + copied, n - copied);
}

static wn_status redact_ips(const wn_pii_opts *o, const char *p, size_t n, wn_buf *out,
                            uint64_t *count, uint32_t *cycle_at)
{
    size_t copied = 0, cycle = *cycle_at % 6;
    for (size_t i = 0; i < n; i++) {
        if (!is_hex(p[i]) && p[i] != ':')
            continue;
        /* an IPv6 address is taken whole before its parts could match as IPv4 */
        unsigned char a6[16];
        size_t end = o->ipv6 ? ipv6_match(p, n, i, a6) : 0;
        bool v6 = end != 0;
        if (!v6)
            end = is_digit(p[i]) ? ipv4_match(p, n, i, 0, false) : 0;
        bool global = false;
        if (v6) {
            global = !o->only_public_ips || ipv6_global(a6);
        } else if (end) {
            global = ipv4_global(p + i, end - i);
            /* leading zeros are rejected by ip_address() whatever the mode */
            if (!o->only_public_ips) {
                global = true;
                for (size_t k = i; k < end; k++)
                    if (p[k] == '0' && (k == i || p[k - 1] == '.') && k + 1 < end && is_digit(p[k + 1]))
                        global = false;
            }
        } else {
            continue;
        }
        if (global) {
            wn_status st = wn_buf_append(out, p + copied, i - copied);
            if (!st)
                st = wn_buf_append_str(out, ip_repl[cycle]);
            if (st)
                return st;
            cycle = (cycle + 1) % 6;
            (*count)++;
            copied = end;
        }
        i = end - 1;
    }
    *cycle_at = (uint32_t)cycle;
    return wn_buf_append(out, p + copied, n - copied);
}

wn_status wn_pii_redact_cycle(const wn_pii_opts *o, wn_pii_cycle *cy, const char *text,
                              size_t len, wn_buf *out, uint64_t *emails, uint64_t *ips)
{
    uint64_t ne = 0, ni = 0;
    wn_status st;
    if (o->remove_emails && o->remove_ips) {
        wn_buf tmp;
        wn_buf_init(&tmp, out->max);
        st = redact_emails(text, len, &tmp, &ne, &cy->email);
        if (!st)
            st = redact_ips(o, tmp.data ? tmp.data : "", tmp.len, out, &ni, &cy->ip);
        wn_buf_free(&tmp);
    } else if (o->remove_emails) {
        st = redact_emails(text, len, out, &ne, &cy->email);
    } else if (o->remove_ips) {
        st = redact_ips(o, text, len, out, &ni, &cy->ip);
    } else {
        st = wn_buf_append(out, text, len);
    }
    if (emails)
        *emails = ne;
    if (ips)
        *ips = ni;
    return st;
}

wn_status wn_pii_redact(const wn_pii_opts *o, const char *text, size_t len, wn_buf *out,
                        uint64_t *emails, uint64_t *ips)
{
    wn_pii_cycle cy = { 0, 0 };
    return wn_pii_redact_cycle(o, &cy, text, len, out, emails, ips);
}

/* ---- the stage ------------------------------------------------------------------------------- */

typedef struct {
    const wn_pii_opts *o;
    wn_buf out;
    wn_pii_cycle cycle;   /* where the replacement lists stand, across this worker's documents */
} pii_ctx;

static wn_status pii_create(const void *config, void **out)
{
    pii_ctx *c = wn_calloc(1, sizeof *c);
    if (!c)
        return WN_ERR_NOMEM;
    c->o = config;
    wn_buf_init(&c->out, WN_DOC_BYTES_MAX);  /* then the document's own cap */
    *out = c;
    return WN_OK;
}

static void pii_free(void *ctx)
{
    pii_ctx *c = ctx;
    if (!c)
        return;
    wn_buf_free(&c->out);
    wn_free(c);
}

static void pii_process(void *ctx, wn_doc *d, wn_counters *cn)
{
    pii_ctx *c = ctx;
    wn_buf_reset(&c->out);
    c->out.max = d->text.max;
    uint64_t ne, ni;
    if (!c->o->cycle_across_docs)
        c->cycle = (wn_pii_cycle){ 0, 0 };
    wn_status st = wn_pii_redact_cycle(c->o, &c->cycle, d->text.data ? d->text.data : "",
                                       d->text.len, &c->out, &ne, &ni);
    if (st) {
        wn_doc_fail(d, wn_strerror(st), "%s: record %llu: pii: %s", d->source.data ? d->source.data : "?",
                    (unsigned long long)d->record_index, wn_strerror(st));
        return;
    }
    wn_counter_add(cn, "pii_emails", ne);
    wn_counter_add(cn, "pii_ips", ni);
    if (ne || ni) {
        wn_counter_add(cn, "pii_docs_changed", 1);
        wn_buf tmp = d->text;
        d->text = c->out;
        c->out = tmp;
    }
}

const wn_stage wn_stage_pii = { "pii", pii_create, pii_free, pii_process, NULL };
