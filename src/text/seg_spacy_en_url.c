/* seg_spacy_en_url.c: spaCy's URL_MATCH, the pattern a token left whole after prefixes and
 * suffixes are split off is tested against before infixes:
 *
 *   ^ (scheme://)? (userinfo@)? (IPv4 | (label.)+ tld) (:port)? ([/?#]\S*)? $
 *
 * scheme = [\w+\-.]{2,}; userinfo = \S+ (optionally :\S*); the IPv4 form excludes private and
 * loopback networks by look-aheads and bounds each octet; a label is 1-64 characters of
 * [A-Za-z0-9\u00a1-\uffff] with '_' and '-' allowed inside; tld = 2-63 ALPHA_LOWER; port =
 * 2-5 digits (\d, any Nd).
 *
 * DESIGN: the pattern is anchored at both ends, so it matches exactly when some way of reading
 * the string fits; instead of a backtracking regex, each choice (scheme or not, which '@' ends
 * the user part) is tried, and the host, which can hold none of ':', '/', '?', '#', '@', ends at
 * a position forced by its characters. */
#include "text/seg_spacy_en_impl.h"

static bool is_d(uint32_t cp)
{
    return (sp_class(cp) & SP_DIGIT) != 0;
}

/* the port and resource path after the host: (:\d{2,5})? ([/?#]\S*)? $ */
static bool tail_ok(const uint32_t *c, size_t p, size_t hi)
{
    if (p < hi && c[p] == ':') {
        size_t q = p + 1;
        while (q < hi && q - p - 1 < 6 && is_d(c[q]))
            q++;
        size_t nd = q - p - 1;
        if (nd < 2 || nd > 5)
            return false;
        p = q;
    }
    return p == hi || c[p] == '/' || c[p] == '?' || c[p] == '#';
}

/* \d{min..max} from p, returns the number read or -1 */
static size_t url_digits(const uint32_t *c, size_t p, size_t hi)
{
    size_t q = p;
    while (q < hi && is_d(c[q]))
        q++;
    return q - p;
}

/* (?!(?:10|127)(?:\.\d{1,3}){3}) and the 169.254, 192.168, 172.16-31 exclusions: true when
 * one of the excluded networks' look-aheads matches at p */
static bool dotted(const uint32_t *c, size_t p, size_t hi, size_t groups)
{
    for (size_t g = 0; g < groups; g++) {
        if (p >= hi || c[p] != '.')
            return false;
        size_t n = url_digits(c, p + 1, hi);
        if (n < 1)
            return false;
        p += 1 + (n > 3 ? 3 : n);
    }
    return true;
}

static bool lit(const uint32_t *c, size_t p, size_t hi, const char *s)
{
    for (; *s; s++, p++)
        if (p >= hi || c[p] != (uint32_t)(unsigned char)*s)
            return false;
    return true;
}

static bool excluded_ip(const uint32_t *c, size_t p, size_t hi)
{
    if ((lit(c, p, hi, "10") && dotted(c, p + 2, hi, 3)) ||
        (lit(c, p, hi, "127") && dotted(c, p + 3, hi, 3)))
        return true;
    if ((lit(c, p, hi, "169.254") && dotted(c, p + 7, hi, 2)) ||
        (lit(c, p, hi, "192.168") && dotted(c, p + 7, hi, 2)))
        return true;
    if (lit(c, p, hi, "172.") && p + 6 <= hi) {
        uint32_t a = c[p + 4], b = c[p + 5];
        bool mid = (a == '1' && b >= '6' && b <= '9') || (a == '2' && is_d(b)) ||
                   (a == '3' && (b == '0' || b == '1'));
        if (mid && dotted(c, p + 6, hi, 2))
            return true;
    }
    return false;
}

/* value of an octet of ASCII digits, or -1 when it holds another \d (which only the \d
 * alternatives accept: handled by the callers' shape checks) */
static int octet_ok(const uint32_t *c, size_t p, size_t n, int kind)
{
    /* kind 0: first (1-223, no leading 0); 1: middle (1?\d{1,2} | 2[0-4]\d | 25[0-5]);
     * 2: last ([1-9]\d? | 1\d\d | 2[0-4]\d | 25[0-4]) */
    if (n < 1 || n > 3)
        return 0;
    uint32_t d0 = c[p];
    if (kind == 1) {
        if (n <= 2)
            return 1;                                   /* \d{1,2} */
        if (d0 == '1')
            return 1;                                   /* 1\d{2} */
        if (d0 == '2' && c[p + 1] >= '0' && c[p + 1] <= '4')
            return 1;                                   /* 2[0-4]\d */
        return d0 == '2' && c[p + 1] == '5' && c[p + 2] >= '0' && c[p + 2] <= '5';
    }
    bool nz = d0 >= '1' && d0 <= '9';
    if (n == 1)
        return nz;
    if (n == 2)
        return nz;                                      /* [1-9]\d */
    if (d0 == '1')
        return 1;                                       /* 1\d\d */
    if (kind == 0) {
        if (d0 == '2' && (c[p + 1] == '0' || c[p + 1] == '1'))
            return 1;                                   /* 2[01]\d */
        return d0 == '2' && c[p + 1] == '2' && c[p + 2] >= '0' && c[p + 2] <= '3';
    }
    if (d0 == '2' && c[p + 1] >= '0' && c[p + 1] <= '4')
        return 1;
    return d0 == '2' && c[p + 1] == '5' && c[p + 2] >= '0' && c[p + 2] <= '4';
}

static bool ipv4(const uint32_t *c, size_t h, size_t e)
{
    size_t p = h;
    for (int k = 0; k < 4; k++) {
        if (k) {
            if (p >= e || c[p] != '.')
                return false;
            p++;
        }
        size_t n = url_digits(c, p, e);
        /* the pattern's literal digits are ASCII; \d elsewhere takes any Nd */
        for (size_t i = 0; i < n; i++)
            if (c[p + i] > 0x7F && (n == 3 || (k != 1 && k != 2 && i == 0)))
                return false;
        if (!octet_ok(c, p, n, k == 0 ? 0 : k == 3 ? 2 : 1))
            return false;
        p += n;
    }
    return p == e;
}

static bool label_char(uint32_t cp)
{
    return (sp_class(cp) & SP_HOST) != 0;
}

static bool domain(const uint32_t *c, size_t h, size_t e)
{
    size_t dot = e;
    for (size_t i = e; i > h; i--)
        if (c[i - 1] == '.') {
            dot = i - 1;
            break;
        }
    if (dot == e)
        return false;
    size_t tl = e - dot - 1;
    if (tl < 2 || tl > 63)
        return false;
    for (size_t i = dot + 1; i < e; i++)
        if (!(sp_class(c[i]) & SP_LOWER))
            return false;
    /* (label '.')+ over [h, dot] */
    size_t a = h;
    while (a <= dot) {
        size_t b = a;
        while (c[b] != '.')
            b++;
        size_t n = b - a;
        if (n < 1 || n > 64 || !label_char(c[a]) || !label_char(c[b - 1]))
            return false;
        for (size_t i = a + 1; i + 1 < b; i++)
            if (!label_char(c[i]) && c[i] != '_' && c[i] != '-')
                return false;
        a = b + 1;
    }
    return true;
}

/* the host and what follows, from h */
static bool host_and_tail(const uint32_t *c, size_t h, size_t hi)
{
    size_t e = h;
    while (e < hi) {
        uint32_t cp = c[e], k = sp_class(cp);
        if (!((k & (SP_HOST | SP_LOWER | SP_DIGIT)) || cp == '.' || cp == '_' || cp == '-'))
            break;
        e++;
    }
    if (e == h || !tail_ok(c, e, hi))
        return false;
    if (!excluded_ip(c, h, hi) && ipv4(c, h, e))
        return true;
    return domain(c, h, e);
}

static bool after_scheme(const uint32_t *c, size_t p, size_t hi)
{
    if (host_and_tail(c, p, hi))
        return true;
    /* userinfo: \S+ then '@' (any '@' after at least one character) */
    for (size_t at = p + 1; at < hi; at++)
        if (c[at] == '@' && host_and_tail(c, at + 1, hi))
            return true;
    return false;
}

bool sp_url_match(const uint32_t *c, size_t lo, size_t hi)
{
    if (lo >= hi)
        return false;
    /* both host forms (IPv4, labels and a TLD) hold a '.': most words are no URL at once */
    size_t k = lo;
    while (k < hi && c[k] != '.')
        k++;
    if (k == hi)
        return false;
    /* scheme: [\w+\-.]{2,} then "://" */
    size_t s = lo;
    while (s < hi && ((sp_class(c[s]) & SP_WORD) || c[s] == '+' || c[s] == '-' || c[s] == '.'))
        s++;
    if (s - lo >= 2 && lit(c, s, hi, "://") && after_scheme(c, s + 3, hi))
        return true;
    return after_scheme(c, lo, hi);
}
