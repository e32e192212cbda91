/* extract_hints.c: class/id words that hint at boilerplate or at main content.
 *
 * DESIGN: class and id values are cut into lowercase words (at non-alphanumerics and at
 * camelCase boundaries: "mainContent" -> main, content) and each word is looked up in one
 * sorted table, so the cost is a few binary searches per element, not a substring search per
 * pattern. The words are general web vocabulary (readability's and trafilatura's kind), never
 * names of sites. */
#include <pthread.h>
#include <string.h>
#include "html/extract_impl.h"

typedef struct {
    const char *w;
    uint8_t hint;
} hint_word;

/* Sorted by strcmp; test_extract checks the order. */
static const hint_word words[] = {
    { "aboutauthor", H_BAD }, { "ad", H_WEAK }, { "addthis", H_BAD }, { "ads", H_WEAK }, { "adsense", H_BAD },
    { "advert", H_WEAK }, { "advertisement", H_WEAK }, { "advertising", H_WEAK }, { "agegate", H_BAD },
    { "alert", H_WEAK }, { "article", H_GOOD }, { "articlebody", H_GOOD | H_STRONG },
    { "articlecontent", H_GOOD | H_STRONG }, { "articlemeta", H_WEAK }, { "author", H_WEAK | H_BYLINE }, { "authorbio", H_BAD }, { "authorbox", H_BAD },
    { "authorinfo", H_BAD }, { "authorname", H_WEAK | H_BYLINE }, { "authorprofile", H_BAD },
    { "autor", H_WEAK | H_BYLINE },
    { "banner", H_BAD }, { "blog", H_GOOD }, { "body", H_GOOD }, { "bookmark", H_WEAK },
    { "breadcrumb", H_BAD }, { "breadcrumbs", H_BAD }, { "byline", H_WEAK | H_BYLINE }, { "caption", H_WEAK }, { "carousel", H_WEAK },
    { "categories", H_WEAK }, { "comment", H_COMMENT }, { "commentlist", H_COMMENT },
    { "comments", H_COMMENT }, { "community", H_BAD }, { "consent", H_BAD }, { "content", H_GOOD },
    { "cookie", H_BAD }, { "cookies", H_BAD }, { "copyright", H_BAD }, { "credit", H_WEAK },
    { "credits", H_WEAK }, { "crumbs", H_BAD }, { "disclaimer", H_BAD }, { "discussion", H_COMMENT },
    { "disqus", H_COMMENT }, { "dropdown", H_WEAK }, { "entry", H_GOOD },
    { "entrycontent", H_GOOD | H_STRONG }, { "entrymeta", H_WEAK }, { "footer", H_BAD },
    { "footnote", H_GOOD }, { "gdpr", H_BAD },
    { "impressum", H_BAD }, { "jump", H_WEAK }, { "lang", H_WEAK }, { "language", H_WEAK },
    { "likes", H_WEAK }, { "login", H_BAD }, { "main", H_GOOD },
    { "maincontent", H_GOOD | H_STRONG }, { "masthead", H_BAD }, { "menu", H_BAD },
    { "menubar", H_BAD }, { "metadata", H_WEAK }, { "modal", H_WEAK }, { "nav", H_BAD },
    { "navbar", H_BAD }, { "navigation", H_BAD }, { "newsletter", H_BAD }, { "outbrain", H_BAD },
    { "pager", H_BAD }, { "pagination", H_BAD }, { "paging", H_BAD }, { "popular", H_WEAK },
    { "popup", H_WEAK }, { "post", H_GOOD }, { "postbody", H_GOOD | H_STRONG },
    { "postcontent", H_GOOD | H_STRONG }, { "postinfo", H_WEAK }, { "postmeta", H_WEAK },
    { "postmetadata", H_WEAK }, { "promo", H_WEAK }, { "rating", H_WEAK },
    { "recommended", H_WEAK }, { "related", H_BAD }, { "relatedposts", H_BAD },
    { "replies", H_COMMENT }, { "reply", H_COMMENT }, { "respond", H_COMMENT }, { "rss", H_BAD },
    { "screen", H_WEAK }, { "search", H_BAD }, { "share", H_BAD }, { "sharedaddy", H_BAD },
    { "shariff", H_BAD }, { "sharing", H_BAD }, { "shoutbox", H_BAD }, { "sidebar", H_BAD },
    { "signup", H_BAD }, { "skip", H_WEAK }, { "skyscraper", H_BAD }, { "social", H_BAD }, { "socials", H_BAD },
    { "sponsor", H_WEAK }, { "sponsored", H_WEAK }, { "story", H_GOOD },
    { "storybody", H_GOOD | H_STRONG }, { "storycontent", H_GOOD | H_STRONG },
    { "subscribe", H_BAD }, { "subscription", H_BAD }, { "supplemental", H_BAD },
    { "taboola", H_BAD }, { "tagcloud", H_WEAK }, { "tags", H_WEAK }, { "teaser", H_WEAK },
    { "text", H_GOOD }, { "toolbar", H_WEAK }, { "tools", H_WEAK }, { "trending", H_WEAK },
    { "tweet", H_BAD }, { "twitter", H_BAD }, { "utility", H_WEAK }, { "widget", H_BAD },
    { "widgets", H_BAD },
};

const char *wn_extract_hint_word(size_t i)
{
    return i < sizeof words / sizeof *words ? words[i].w : NULL;
}

/* The table as an open-addressing hash (slot = word index + 1, 0 empty), built on first use:
 * a class attribute can hold dozens of words and each was a binary search of strcmp calls.
 * pthread_once makes the build safe from any thread; the table is read-only afterwards. */
#define N_WORDS (sizeof words / sizeof *words)
#define HT_SIZE 512
_Static_assert(N_WORDS < 255 && N_WORDS * 3 < HT_SIZE, "hint hash table too small");

static uint8_t ht[HT_SIZE];
static uint8_t word_len[N_WORDS];
static pthread_once_t ht_once = PTHREAD_ONCE_INIT;

static inline bool lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
static inline bool upper(char c) { return c >= 'A' && c <= 'Z'; }
static inline unsigned char lower(char c) { return (unsigned char)(upper(c) ? c + 32 : c); }

#define FNV_BASIS 2166136261u
static inline uint32_t fnv_step(uint32_t h, char c) { return (h ^ lower(c)) * 16777619u; }

static void ht_build(void)
{
    for (size_t i = 0; i < N_WORDS; i++) {
        size_t n = strlen(words[i].w);
        word_len[i] = (uint8_t)n;
        uint32_t h = FNV_BASIS;
        for (size_t k = 0; k < n; k++)
            h = fnv_step(h, words[i].w[k]);
        size_t j = h & (HT_SIZE - 1);
        while (ht[j])
            j = (j + 1) & (HT_SIZE - 1);
        ht[j] = (uint8_t)(i + 1);
    }
}

/* Does the lowercase table word w start with the span p (any case)? */
static inline bool ieq_prefix(const char *w, const char *p, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if ((unsigned char)w[k] != lower(p[k]))
            return false;
    return true;
}

/* The hint of the word a + b (spans of letters and digits, any case, b may be empty), whose
 * lowercase FNV-1a hash is h; words of 24 bytes or more are never looked up. The caller has
 * built the table. */
static uint8_t lookup(uint32_t h, const char *a, size_t na, const char *b, size_t nb)
{
    size_t n = na + nb;
    if (n == 0 || n >= 24)
        return 0;
    for (size_t j = h & (HT_SIZE - 1); ht[j]; j = (j + 1) & (HT_SIZE - 1)) {
        size_t i = ht[j] - 1u;
        if (word_len[i] == n && ieq_prefix(words[i].w, a, na) && ieq_prefix(words[i].w + na, b, nb))
            return words[i].hint;
    }
    return 0;
}

static uint8_t lookup_span(const char *p, size_t n)
{
    uint32_t h = FNV_BASIS;
    for (size_t i = 0; i < n; i++)
        h = fnv_step(h, p[i]);
    return lookup(h, p, n, "", 0);
}

/* A class that names the post's category or tag ("category-no-newsletter", "tag-sidebar"),
 * as WordPress's post_class() writes them: the words are the author's topics, not layout. */
static bool taxonomy_token(const char *p, size_t n, bool token_start)
{
    if (!token_start)
        return false;
    return (n > 9 && !memcmp(p, "category-", 9)) || (n > 4 && !memcmp(p, "tag-", 4));
}

/* Words are hashed as they are scanned, lowercase on the fly; the hash of "entry" + "content"
 * continues the hash of "entry", so neither needs a copy. */
uint8_t wn_extract_hints(const char *p, size_t n)
{
    pthread_once(&ht_once, ht_build);
    uint8_t h = 0;
    size_t i = 0;
    size_t prev_s = 0, prev_len = 0;   /* the previous word: "entry-content" is entrycontent too */
    uint32_t prev_h = 0;
    while (i < n) {
        while (i < n && !lower_or_digit(p[i]) && !upper(p[i]))
            i++;
        size_t s = i;
        if (taxonomy_token(p + s, n - s, s == 0 || p[s - 1] == ' ')) {
            while (i < n && p[i] != ' ')
                i++;
            prev_len = 0;
            continue;
        }
        uint32_t wh = FNV_BASIS;
        bool camel = false;
        while (i < n && (lower_or_digit(p[i]) || upper(p[i]))) {
            camel |= i > s && upper(p[i]) && p[i - 1] >= 'a' && p[i - 1] <= 'z';
            wh = fnv_step(wh, p[i]);
            i++;
        }
        if (i == s)
            continue;
        h |= lookup(wh, p + s, i - s, "", 0);
        if (prev_len && s == prev_s + prev_len + 1 && prev_len + (i - s) < 24) {
            uint32_t jh = prev_h;
            for (size_t k = s; k < i; k++)
                jh = fnv_step(jh, p[k]);
            h |= lookup(jh, p + prev_s, prev_len, p + s, i - s);
        }
        prev_s = s;
        prev_len = i - s;
        prev_h = wh;
        /* camelCase parts: "mainContent" is also main + content */
        if (!camel)
            continue;
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
