/* tokenizer.h: winnow's own HTML tokenizer (WHATWG HTML §13.2.5), for the tree builder of
 * src/html/ and the html5lib conformance tool (tests/tools/html_tokens.c).
 *
 * DESIGN: the whole page is in memory, so a tag, comment or doctype is tokenized to its end in
 * one call and only the content states (data, RCDATA, RAWTEXT, script data, PLAINTEXT, CDATA)
 * persist between calls: the tree builder switches them after a start tag (<title>, <script>,
 * <plaintext>...), as §13.2.6.4.7 says, and sets `foreign` while the adjusted current node is
 * in SVG or MathML (where <![CDATA[ opens a CDATA section, not a bogus comment).
 * Tokens are zero-copy: every string is a slice of the input plus how it decodes (wn_ht_str).
 * Character references, CR/CRLF newlines (§13.2.3.5) and NUL replacement are applied only
 * when a reader asks for the text (wn_ht_str_decode, src/html/charref.c), and a slice that
 * holds none of them (`dirty` false) is its own decoded text. Text runs are scanned 16 bytes
 * at a time (SSE2, with a portable fallback). Parse errors are not reported: extraction has
 * no use for them.
 * Every step is bounded: each input byte is looked at a constant number of times, duplicate
 * attributes are found through a hash table, and a tag keeps at most max_attrs attributes
 * (later ones are parsed and dropped, and `attrs_dropped` counts them). */
#ifndef WN_HTML_TOKENIZER_H
#define WN_HTML_TOKENIZER_H

#include "winnow/core.h"

typedef enum {
    WN_HT_EOF = 0,
    WN_HT_TEXT,       /* character tokens: one run of text */
    WN_HT_START,      /* start tag */
    WN_HT_END,        /* end tag */
    WN_HT_COMMENT,
    WN_HT_DOCTYPE
} wn_ht_type;

/* How a slice decodes (wn_ht_str_decode). */
typedef enum {
    WN_HT_STR_DATA = 0,  /* character references; CR/CRLF to LF; NUL kept (data state) */
    WN_HT_STR_RCDATA,    /* character references; CR/CRLF to LF; NUL to U+FFFD */
    WN_HT_STR_RAW,       /* RAWTEXT, script data, PLAINTEXT, comments, doctype ids: CR/CRLF
                          * to LF; NUL to U+FFFD */
    WN_HT_STR_CDATA,     /* CDATA section: CR/CRLF to LF only */
    WN_HT_STR_ATTR,      /* attribute value: references the attribute way (§13.2.5.73:
                          * "&amp=" stays), CR/CRLF to LF, NUL to U+FFFD */
    WN_HT_STR_NAME,      /* tag, attribute and doctype names: ASCII lowercase; NUL to U+FFFD */
    WN_HT_STR_BODY       /* text the tree builder put in HTML content: as DATA with NUL
                          * dropped (§13.2.6.4.7: "U+0000 NULL: ignore the token") */
} wn_ht_str_kind;

typedef struct {
    const char *ptr;     /* into the input */
    uint32_t len;
    uint8_t kind;        /* wn_ht_str_kind */
    bool dirty;          /* holds '&', CR or NUL (or, for names, an upper-case letter) */
} wn_ht_str;

/* The namespace of an attribute of an SVG or MathML element, from its name (WHATWG HTML
 * §13.2.6.1, "adjust foreign attributes"): "xlink:href" is href in the XLink namespace. The
 * name stays the qualified one ("xlink:href"), as the DOM's getAttribute() reads it. */
typedef enum {
    WN_HT_ATTR_NS_NONE = 0, WN_HT_ATTR_NS_XLINK, WN_HT_ATTR_NS_XML, WN_HT_ATTR_NS_XMLNS
} wn_ht_attr_ns;

typedef struct {
    wn_ht_str name;
    wn_ht_str value;
    /* set by the tree builder in its copy (0 from the tokenizer): the index of the attribute in
     * the tree's array, and whether it is its element's last, so that the DOM can walk and
     * decode attributes from an attribute alone (src/html/dom_own.c); and its namespace
     * (wn_ht_attr_ns), for foreign elements only */
    uint32_t self;
    bool last;
    uint8_t ns;
} wn_ht_attr;

typedef struct {
    wn_ht_type type;
    /* text or comment data, tag or doctype name */
    wn_ht_str data;
    /* start and end tags */
    const wn_ht_attr *attrs;  /* owned by the tokenizer, valid until the next call */
    uint32_t nattrs;
    bool self_closing;
    /* doctype */
    bool has_name, has_public, has_system, force_quirks;
    wn_ht_str public_id, system_id;
    size_t offset;            /* of the token's first byte in the input */
} wn_ht_token;

/* The content states that persist between tokens (§13.2.5.1-5, .69). */
typedef enum {
    WN_HT_DATA = 0, WN_HT_RCDATA, WN_HT_RAWTEXT, WN_HT_SCRIPT, WN_HT_PLAINTEXT, WN_HT_CDATA
} wn_ht_content;

/* Largest input: slices hold 32-bit lengths. */
#define WN_HT_INPUT_MAX ((size_t)UINT32_MAX)

typedef struct wn_ht {
    const char *base, *p, *end;
    wn_ht_content state;
    bool foreign;             /* set by the tree builder: see DESIGN */
    wn_ht_str last_start;     /* name of the last start tag, for "appropriate end tag" */
    wn_ht_token cur;          /* the token wn_ht_next_ref() returns, when not `pending` */
    wn_ht_token pending;      /* a markup token found after a text run that is returned first */
    bool has_pending;
    wn_ht_attr *attrs;
    size_t attrs_cap;
    uint32_t max_attrs;
    uint32_t *seen;           /* hash table of the current tag's attribute names */
    size_t seen_cap;
    uint64_t attrs_dropped;   /* attributes over max_attrs, in this input */
} wn_ht;

/*! wn_ht_init() : an empty tokenizer keeping at most max_attrs (>= 1) attributes per tag. */
void wn_ht_init(wn_ht *t, uint32_t max_attrs);
void wn_ht_free(wn_ht *t);
/*! wn_ht_begin() : starts on html (n <= WN_HT_INPUT_MAX) in the data state; html must stay
 * valid while tokens are read. */
void wn_ht_begin(wn_ht *t, const char *html, size_t n);
/*! wn_ht_set_last_start_tag() : for tests that begin in RCDATA, RAWTEXT or script data. */
void wn_ht_set_last_start_tag(wn_ht *t, const char *name, size_t n);
/*! wn_ht_next() : the next token (its type is also returned). WN_HT_EOF at the end, and on
 * every call after. Returns WN_HT_EOF with *st = WN_ERR_NOMEM when the attribute arrays cannot
 * grow; *st is WN_OK otherwise. */
wn_ht_type wn_ht_next(wn_ht *t, wn_ht_token *tok, wn_status *st);
/*! wn_ht_next_ref() : as wn_ht_next(), the token read where the tokenizer keeps it (valid until
 * the next call) instead of copied out: the tree builder reads each token once. */
const wn_ht_token *wn_ht_next_ref(wn_ht *t, wn_status *st);

/*! wn_ht_str_decode() : appends the decoded text of s to dst (WN_ERR_TOO_LARGE at its cap). */
wn_status wn_ht_str_decode(wn_ht_str s, wn_buf *dst);
/*! wn_ht_str_view() : s decoded: the input itself when clean, else decoded into scratch
 * (reset first) and viewed there. {NULL,0} with *st set on error. */
wn_slice wn_ht_str_view(wn_ht_str s, wn_buf *scratch, wn_status *st);
/*! wn_ht_name_eq() : s (a NAME slice) decodes to lower_lit. */
bool wn_ht_name_eq_n(wn_ht_str s, const char *lower_lit, size_t n);
/* Inline so that a literal's strlen is folded at compile time and a name of another length costs
 * one compare, not a call and a strlen (as wn_slice_ieq). */
static inline bool wn_ht_name_eq(wn_ht_str s, const char *lower_lit)
{
    size_t n = __builtin_strlen(lower_lit);
    return s.len == n && wn_ht_name_eq_n(s, lower_lit, n);
}

#endif
