/* extract_hints.c: class/id words that hint at boilerplate or at main content.
 *
 * DESIGN: class and id values are cut into lowercase words (at non-alphanumerics and at
 * camelCase boundaries: "mainContent" -> main, content) and each word is looked up in one
 * sorted table, so the cost is a few binary searches per element, not a substring search per
 * pattern. The words are general web vocabulary (readability's and trafilatura's kind), never
 * names of sites. */
#include <string.h>
#include "html/extract_impl.h"

typedef struct {
    const char *w;
    uint8_t hint;
} hint_word;

/* Sorted by strcmp; test_extract checks the order. */
static const hint_word words[] = {
    { "ad", H_BAD }, { "addthis", H_BAD }, { "ads", H_BAD }, { "adsense", H_BAD },
    { "advert", H_BAD }, { "advertisement", H_BAD }, { "advertising", H_BAD }, { "agegate", H_BAD },
    { "alert", H_BAD }, { "article", H_GOOD }, { "articlebody", H_GOOD | H_STRONG },
    { "articlecontent", H_GOOD | H_STRONG }, { "articlemeta", H_BAD }, { "author", H_BAD },
    { "banner", H_BAD }, { "blog", H_GOOD }, { "body", H_GOOD }, { "bookmark", H_BAD },
    { "breadcrumb", H_BAD }, { "breadcrumbs", H_BAD }, { "byline", H_BAD }, { "carousel", H_BAD },
    { "categories", H_BAD }, { "comment", H_COMMENT }, { "commentlist", H_COMMENT },
    { "comments", H_COMMENT }, { "community", H_BAD }, { "consent", H_BAD }, { "content", H_GOOD },
    { "cookie", H_BAD }, { "cookies", H_BAD }, { "copyright", H_BAD }, { "credit", H_BAD },
    { "credits", H_BAD }, { "crumbs", H_BAD }, { "disclaimer", H_BAD }, { "discussion", H_COMMENT },
    { "disqus", H_COMMENT }, { "dropdown", H_BAD }, { "entry", H_GOOD },
    { "entrycontent", H_GOOD | H_STRONG }, { "entrymeta", H_BAD }, { "footer", H_BAD },
    { "footnote", H_GOOD }, { "gdpr", H_BAD },
    { "impressum", H_BAD }, { "jump", H_BAD }, { "lang", H_BAD }, { "language", H_BAD },
    { "likes", H_BAD }, { "login", H_BAD }, { "main", H_GOOD },
    { "maincontent", H_GOOD | H_STRONG }, { "masthead", H_BAD }, { "menu", H_BAD },
    { "menubar", H_BAD }, { "metadata", H_BAD }, { "modal", H_BAD }, { "nav", H_BAD },
    { "navbar", H_BAD }, { "navigation", H_BAD }, { "newsletter", H_BAD }, { "outbrain", H_BAD },
    { "pager", H_BAD }, { "pagination", H_BAD }, { "paging", H_BAD }, { "popular", H_BAD },
    { "popup", H_BAD }, { "post", H_GOOD }, { "postbody", H_GOOD | H_STRONG },
    { "postcontent", H_GOOD | H_STRONG }, { "postinfo", H_BAD }, { "postmeta", H_BAD },
    { "postmetadata", H_BAD }, { "promo", H_BAD }, { "rating", H_BAD },
    { "recommended", H_BAD }, { "related", H_BAD }, { "relatedposts", H_BAD },
    { "replies", H_COMMENT }, { "reply", H_COMMENT }, { "respond", H_COMMENT }, { "rss", H_BAD },
    { "screen", H_BAD }, { "search", H_BAD }, { "share", H_BAD }, { "sharedaddy", H_BAD },
    { "shariff", H_BAD }, { "sharing", H_BAD }, { "shoutbox", H_BAD }, { "sidebar", H_BAD },
    { "signup", H_BAD }, { "skip", H_BAD }, { "skyscraper", H_BAD }, { "social", H_BAD },
    { "sponsor", H_BAD }, { "sponsored", H_BAD }, { "story", H_GOOD },
    { "storybody", H_GOOD | H_STRONG }, { "storycontent", H_GOOD | H_STRONG },
    { "subscribe", H_BAD }, { "subscription", H_BAD }, { "supplemental", H_BAD },
    { "taboola", H_BAD }, { "tagcloud", H_BAD }, { "tags", H_BAD }, { "teaser", H_BAD },
    { "text", H_GOOD }, { "toolbar", H_BAD }, { "tools", H_BAD }, { "trending", H_BAD },
    { "tweet", H_BAD }, { "twitter", H_BAD }, { "utility", H_BAD }, { "widget", H_BAD },
    { "widgets", H_BAD },
};

const char *wn_extract_hint_word(size_t i)
{
    return i < sizeof words / sizeof *words ? words[i].w : NULL;
}

static uint8_t lookup(const char *w)
{
    size_t lo = 0, hi = sizeof words / sizeof *words;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(w, words[mid].w);
        if (c == 0)
            return words[mid].hint;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}

static inline bool lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
static inline bool upper(char c) { return c >= 'A' && c <= 'Z'; }

static uint8_t lookup_span(const char *p, size_t n)
{
    char w[24];
    if (n == 0 || n >= sizeof w)
        return 0;
    for (size_t i = 0; i < n; i++)
        w[i] = (char)(upper(p[i]) ? p[i] + 32 : p[i]);
    w[n] = 0;
    return lookup(w);
}

uint8_t wn_extract_hints(const char *p, size_t n)
{
    uint8_t h = 0;
    size_t i = 0;
    size_t prev_s = 0, prev_len = 0;   /* the previous word: "entry-content" is entrycontent too */
    while (i < n) {
        while (i < n && !lower_or_digit(p[i]) && !upper(p[i]))
            i++;
        size_t s = i;
        while (i < n && (lower_or_digit(p[i]) || upper(p[i])))
            i++;
        if (i == s)
            continue;
        h |= lookup_span(p + s, i - s);
        if (prev_len && s == prev_s + prev_len + 1 && prev_len + (i - s) < 24) {
            char j[24];
            memcpy(j, p + prev_s, prev_len);
            memcpy(j + prev_len, p + s, i - s);
            h |= lookup_span(j, prev_len + (i - s));
        }
        prev_s = s;
        prev_len = i - s;
        /* camelCase parts: "mainContent" is also main + content */
        size_t ps = s;
        for (size_t k = s + 1; k <= i; k++) {
            if (k == i || (upper(p[k]) && p[k - 1] >= 'a' && p[k - 1] <= 'z')) {
                if (ps != s || k != i)
                    h |= lookup_span(p + ps, k - ps);
                ps = k;
            }
        }
    }
    return h;
}
