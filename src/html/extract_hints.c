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
    { "aboutauthor", WN_HINT_BAD }, { "ad", WN_HINT_WEAK }, { "addthis", WN_HINT_BAD }, { "ads", WN_HINT_WEAK }, { "adsense", WN_HINT_BAD },
    { "advert", WN_HINT_WEAK }, { "advertisement", WN_HINT_WEAK }, { "advertising", WN_HINT_WEAK }, { "affiliate", WN_HINT_BAD }, { "agegate", WN_HINT_BAD },
    { "alert", WN_HINT_WEAK }, { "article", WN_HINT_GOOD }, { "articlebody", WN_HINT_GOOD | WN_HINT_STRONG },
    { "articlecontent", WN_HINT_GOOD | WN_HINT_STRONG }, { "articlemeta", WN_HINT_WEAK | WN_HINT_META }, { "author", WN_HINT_WEAK | WN_HINT_BYLINE }, { "authorbio", WN_HINT_BAD }, { "authorbox", WN_HINT_BAD },
    { "authorinfo", WN_HINT_BAD }, { "authorname", WN_HINT_WEAK | WN_HINT_BYLINE }, { "authorprofile", WN_HINT_BAD },
    { "autor", WN_HINT_WEAK | WN_HINT_BYLINE },
    { "banner", WN_HINT_BAD }, { "bio", WN_HINT_BAD }, { "blog", WN_HINT_GOOD }, { "body", WN_HINT_GOOD }, { "bookmark", WN_HINT_WEAK },
    { "breadcrumb", WN_HINT_BAD }, { "breadcrumbs", WN_HINT_BAD }, { "byline", WN_HINT_WEAK | WN_HINT_BYLINE }, { "caption", WN_HINT_WEAK }, { "carousel", WN_HINT_WEAK },
    { "categories", WN_HINT_WEAK }, { "comment", WN_HINT_COMMENT }, { "commentlist", WN_HINT_COMMENT },
    { "comments", WN_HINT_COMMENT }, { "community", WN_HINT_BAD }, { "consent", WN_HINT_BAD }, { "content", WN_HINT_GOOD },
    { "cookie", WN_HINT_BAD }, { "cookieconsent", WN_HINT_BAD }, { "cookies", WN_HINT_BAD }, { "copyright", WN_HINT_BAD }, { "credit", WN_HINT_WEAK },
    { "credits", WN_HINT_WEAK }, { "crumbs", WN_HINT_BAD }, { "disclaimer", WN_HINT_BAD }, { "disclosure", WN_HINT_BAD }, { "discussion", WN_HINT_COMMENT },
    { "disqus", WN_HINT_COMMENT }, { "dropdown", WN_HINT_WEAK }, { "embed", WN_HINT_WEAK }, { "entry", WN_HINT_GOOD },
    { "entrycontent", WN_HINT_GOOD | WN_HINT_STRONG }, { "entrymeta", WN_HINT_WEAK | WN_HINT_META }, { "footer", WN_HINT_BAD },
    { "footnote", WN_HINT_GOOD }, { "gdpr", WN_HINT_BAD },
    { "impressum", WN_HINT_BAD }, { "jump", WN_HINT_WEAK }, { "kommentar", WN_HINT_COMMENT }, { "kommentare", WN_HINT_COMMENT }, { "lang", WN_HINT_WEAK }, { "language", WN_HINT_WEAK },
    { "likes", WN_HINT_WEAK }, { "login", WN_HINT_BAD }, { "main", WN_HINT_GOOD },
    { "maincontent", WN_HINT_GOOD | WN_HINT_STRONG }, { "masthead", WN_HINT_BAD }, { "menu", WN_HINT_BAD },
    { "menubar", WN_HINT_BAD }, { "metadata", WN_HINT_WEAK | WN_HINT_META }, { "modal", WN_HINT_WEAK }, { "nav", WN_HINT_BAD },
    { "navbar", WN_HINT_BAD }, { "navigation", WN_HINT_BAD }, { "newsletter", WN_HINT_BAD }, { "outbrain", WN_HINT_BAD },
    { "pager", WN_HINT_BAD }, { "pagination", WN_HINT_BAD }, { "paging", WN_HINT_BAD }, { "placeholder", WN_HINT_BAD }, { "popular", WN_HINT_WEAK },
    { "popup", WN_HINT_WEAK }, { "post", WN_HINT_GOOD }, { "postbody", WN_HINT_GOOD | WN_HINT_STRONG },
    { "postcontent", WN_HINT_GOOD | WN_HINT_STRONG }, { "postinfo", WN_HINT_WEAK | WN_HINT_META }, { "postmeta", WN_HINT_WEAK | WN_HINT_META },
    { "postmetadata", WN_HINT_WEAK | WN_HINT_META }, { "profile", WN_HINT_BAD }, { "promo", WN_HINT_WEAK }, { "rating", WN_HINT_WEAK },
    { "recommended", WN_HINT_WEAK }, { "related", WN_HINT_BAD }, { "relatedposts", WN_HINT_BAD },
    { "replies", WN_HINT_COMMENT }, { "reply", WN_HINT_COMMENT }, { "respond", WN_HINT_COMMENT }, { "rss", WN_HINT_BAD },
    { "screen", WN_HINT_WEAK }, { "search", WN_HINT_BAD }, { "share", WN_HINT_BAD }, { "sharedaddy", WN_HINT_BAD },
    { "shariff", WN_HINT_BAD }, { "sharing", WN_HINT_BAD }, { "shoutbox", WN_HINT_BAD }, { "sidebar", WN_HINT_BAD },
    { "signup", WN_HINT_BAD }, { "skip", WN_HINT_WEAK }, { "skyscraper", WN_HINT_BAD }, { "social", WN_HINT_BAD }, { "socials", WN_HINT_BAD },
    { "sponsor", WN_HINT_WEAK }, { "sponsored", WN_HINT_WEAK }, { "story", WN_HINT_GOOD },
    { "storybody", WN_HINT_GOOD | WN_HINT_STRONG }, { "storycontent", WN_HINT_GOOD | WN_HINT_STRONG },
    { "subscribe", WN_HINT_BAD }, { "subscription", WN_HINT_BAD }, { "supplemental", WN_HINT_BAD },
    { "taboola", WN_HINT_BAD }, { "tagcloud", WN_HINT_WEAK }, { "tags", WN_HINT_WEAK }, { "teaser", WN_HINT_WEAK },
    { "text", WN_HINT_GOOD }, { "toggle", WN_HINT_WEAK }, { "toolbar", WN_HINT_WEAK }, { "tools", WN_HINT_WEAK }, { "trending", WN_HINT_WEAK },
    { "tweet", WN_HINT_BAD }, { "twitter", WN_HINT_BAD }, { "utility", WN_HINT_WEAK }, { "widget", WN_HINT_BAD },
    { "widgets", WN_HINT_BAD },
};

const char *wn_extract_hint_word(size_t i)
{
    return i < sizeof words / sizeof *words ? words[i].w : NULL;
}

uint8_t wn_extract_hint_word_hint(size_t i)
{
    return i < sizeof words / sizeof *words ? words[i].hint : 0;
}

/* The table as an open-addressing hash (slot = word index + 1, 0 empty), built on first use:
 * a class attribute can hold dozens of words and each was a binary search of strcmp calls.
 * pthread_once makes the build safe from any thread; the table is read-only afterwards. */
#define N_WORDS (sizeof words / sizeof *words)
#define HT_SIZE 512
_Static_assert(N_WORDS < 255 && N_WORDS * 3 < HT_SIZE, "hint hash table too small");

static uint8_t ht[HT_SIZE];
static uint8_t word_len[N_WORDS];
static uint32_t len_mask;           /* bit n set when a table word has n bytes */
static pthread_once_t ht_once = PTHREAD_ONCE_INIT;

static inline bool upper(char c) { return c >= 'A' && c <= 'Z'; }
static inline unsigned char lower(char c) { return (unsigned char)(upper(c) ? c + 32 : c); }
/* A letter or digit folded to lowercase by setting bit 5 (digits have it already), else 0. */
static inline unsigned char alnum_lower(unsigned char c)
{
    unsigned char f = c | 0x20;
    return (unsigned char)(f - 'a') < 26 || (unsigned char)(c - '0') < 10 ? f : 0;
}

#define FNV_BASIS 2166136261u
#define FNV_PRIME 16777619u
static inline uint32_t fnv_step(uint32_t h, char c) { return (h ^ lower(c)) * FNV_PRIME; }

static void ht_build(void)
{
    for (size_t i = 0; i < N_WORDS; i++) {
        size_t n = strlen(words[i].w);
        word_len[i] = (uint8_t)n;
        len_mask |= 1u << n;
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
 * built the table. Inline, and a length no table word has is refused before the probe: most
 * words of a class value are not in the table, and this is called two or three times a word. */
static inline size_t lookup(uint32_t h, const char *a, size_t na, const char *b, size_t nb)
{
    size_t n = na + nb;
    if (n == 0 || n >= 24 || !((len_mask >> n) & 1))
        return 0;
    for (size_t j = h & (HT_SIZE - 1); ht[j]; j = (j + 1) & (HT_SIZE - 1)) {
        size_t i = ht[j] - 1u;
        if (word_len[i] == n && ieq_prefix(words[i].w, a, na) && ieq_prefix(words[i].w + na, b, nb))
            return i + 1;
    }
    return 0;
}

static size_t lookup_span(const char *p, size_t n)
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

/* A page builder's word for any box ("elementor-widget", "so-panel widget"): see
 * wn_page_unbox. "widget" and "widgets". */
static inline bool box_word(const char *w)
{
    return !strncmp(w, "widget", 6);
}

/* Adds the hint of table word k (index + 1, 0: none) to *all, and to *unboxed unless it is a
 * box word. */
static inline void add_table_word(size_t k, uint8_t *all, uint8_t *unboxed)
{
    if (!k)
        return;
    *all |= words[k - 1].hint;
    if (!box_word(words[k - 1].w))
        *unboxed |= words[k - 1].hint;
}

uint8_t wn_extract_hints(const char *p, size_t n)
{
    uint8_t unboxed;
    return wn_extract_hints_split(p, n, &unboxed);
}

/* Words are hashed as they are scanned, lowercase on the fly, and so is the word joined to the
 * one before it ("entry" + "content": the hash of "entry" continued), in the same loop, so
 * that no byte is read twice and nothing is copied. The camelCase parts are looked for only in
 * a word with a capital. */
uint8_t wn_extract_hints_split(const char *p, size_t n, uint8_t *unboxed)
{
    pthread_once(&ht_once, ht_build);
    *unboxed = 0;
    const unsigned char *u = (const unsigned char *)p;
    uint8_t h = 0;
    size_t i = 0;
    size_t prev_s = 0, prev_len = 0;   /* the previous word: "entry-content" is entrycontent too */
    uint32_t prev_h = 0;
    while (i < n) {
        while (i < n && !alnum_lower(u[i]))
            i++;
        size_t s = i;
        if (taxonomy_token(p + s, n - s, s == 0 || p[s - 1] == ' ')) {
            while (i < n && p[i] != ' ')
                i++;
            prev_len = 0;
            continue;
        }
        uint32_t wh = FNV_BASIS, jh = prev_h;
        bool caps = false;
        for (unsigned char f; i < n && (f = alnum_lower(u[i])); i++) {
            caps |= f != u[i];
            wh = (wh ^ f) * FNV_PRIME;
            jh = (jh ^ f) * FNV_PRIME;
        }
        if (i == s)
            continue;
        add_table_word(lookup(wh, p + s, i - s, "", 0), &h, unboxed);
        if (prev_len && s == prev_s + prev_len + 1 && prev_len + (i - s) < 24)
            add_table_word(lookup(jh, p + prev_s, prev_len, p + s, i - s), &h, unboxed);
        prev_s = s;
        prev_len = i - s;
        prev_h = wh;
        /* camelCase parts: "mainContent" is also main + content */
        if (!caps)
            continue;
        size_t ps = s;
        for (size_t k = s + 1; k <= i; k++) {
            if (k == i || (upper(p[k]) && p[k - 1] >= 'a' && p[k - 1] <= 'z')) {
                if (ps != s || k != i)
                    add_table_word(lookup_span(p + ps, k - ps), &h, unboxed);
                ps = k;
            }
        }
    }
    return h;
}

/* The slot of a value: its length and its first and last 8 bytes (loaded as words, so the
 * value is not scanned twice); the memcmp in the caller decides. */
static size_t cache_slot(const char *p, size_t n)
{
    uint64_t a = 0, b = 0;
    if (n >= 8) {
        memcpy(&a, p, 8);
        memcpy(&b, p + n - 8, 8);
    } else {
        memcpy(&a, p, n);
    }
    uint64_t h = (a * 0x9E3779B97F4A7C15ULL) ^ (b * 0xC2B2AE3D27D4EB4FULL) ^ n;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ULL;
    return (size_t)(h >> 40) & (WN_HINT_CACHE_SLOTS - 1);
}

uint8_t wn_extract_hints_cached(wn_hint_cache *c, const char *p, size_t n, uint8_t *unboxed)
{
    if (n == 0 || n > WN_HINT_CACHE_KEY)
        return wn_extract_hints_split(p, n, unboxed);
    wn_hint_cache_slot *s = &c->slots[cache_slot(p, n)];
    if (s->len == n && !memcmp(s->key, p, n)) {
        *unboxed = s->unboxed;
        return s->hint;
    }
    s->hint = wn_extract_hints_split(p, n, unboxed);
    s->unboxed = *unboxed;
    s->len = (uint8_t)n;
    memcpy(s->key, p, n);
    return s->hint;
}
