/* fuzz_html_diff.c: differential libFuzzer target: the visible text of a page parsed by myhtml
 * and by our own parser (src/html/treebuilder.c) through the same DOM adapter.
 *
 * What it compares: the ASCII letters and digits of all text under <body>, outside <template>
 * (myhtml keeps template contents apart from the tree). Text is counted wherever it lands
 * (a script, a title, an SVG element) because the two parsers are known to place some of it
 * differently: myhtml takes "<title/>" in the body as closed where the standard opens an
 * RCDATA element that holds the rest of the page, keeps or replaces NUL and U+FFFD its own
 * way, and decodes references in raw text differently. Counting letters and digits, not
 * bytes, makes the check indifferent to whitespace and replacement characters. It aborts when
 * one side has more than twice the other's count plus 128: a parser that loses or invents the
 * bulk of a page's text, as a light parser did when <svg><title/> swallowed a page (issue 19);
 * the 128 let through what myhtml's tokenizer does with broken markup at the end of the input
 * (grown-eof-markup.html: it makes an element of "nnn...e>><<"). The bytes are made valid
 * UTF-8 first, as the extractor does before it parses (dom.h: invalid sequences are the
 * caller's to repair). Longer runs find a defect of myhtml itself (ASan: memcpy-param-overlap
 * in myhtml_queue_add, on a 249-byte page, through fuzz_html too), which is not in the corpus
 * since `make check` replays it under ASan. Pages either parser refuses (size, depth, memory)
 * are skipped,
 * and so are pages with a raw-text or RCDATA element (title, textarea, style, script...) that
 * is written self-closing ("<title/") or never closed: the standard ignores the slash and lets
 * the element hold the rest of the page as text, markup included, while myhtml does not always
 * and drops the text of one left open at the end, so the counts differ by that text
 * (fuzz/corpus/fuzz_html_diff/grown-*.html), and pages holding a NUL byte: myhtml builds
 * elements the standard does not from markup with NUL in it (grown-nul-markup.html), and
 * pages that end in unterminated markup (a last '<' with no '>' after it): the standard drops
 * that tag, myhtml can turn the text before it into an element name
 * (grown-eof-text-as-tag.html). */
#include <stdlib.h>
#include <string.h>
#include "html/dom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* letters and digits of the text under body (iterative: the trees may be deep) */
static size_t visible(wn_dom *d)
{
    wn_dom_node *root = wn_dom_body(d);
    if (!root)
        return 0;
    size_t count = 0;
    wn_dom_node *n = wn_dom_first_child(root);
    while (n) {
        wn_tag t = wn_dom_tag(n);
        bool skip = t == WN_TAG_TEMPLATE && wn_dom_is_html_ns(n);
        if (t == WN_TAG_TEXT) {
            wn_slice s = wn_dom_text(n);
            for (size_t i = 0; i < s.len; i++) {
                unsigned char c = (unsigned char)s.ptr[i];
                count += (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
            }
        }
        wn_dom_node *next = skip ? NULL : wn_dom_first_child(n);
        while (!next && n && n != root) {
            next = wn_dom_next_sibling(n);
            if (!next)
                n = wn_dom_parent(n);
        }
        n = n == root ? NULL : next;
    }
    return count;
}

/* A raw-text or RCDATA element written "<NAME/", or opened after its last "</NAME" (or with
 * none), any case: see the header. */
static bool raw_left_open(const uint8_t *p, size_t n)
{
    static const char *const names[] = { "title", "textarea", "style", "script", "xmp", "iframe",
                                         "noembed", "noframes", "noscript", "plaintext" };
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        size_t len = strlen(names[k]);
        bool open = false;
        for (size_t i = 0; i + 1 + len < n; i++) {
            if (p[i] != '<')
                continue;
            bool end = p[i + 1] == '/';
            size_t s = i + 1 + end, j = 0;
            while (j < len && s + j < n && (p[s + j] | 0x20) == names[k][j])
                j++;
            if (j < len || s + len >= n)
                continue;
            unsigned char c = p[s + len];
            bool delim = c == '/' || c == '>' || c == ' ' || c == '\t' || c == '\n' ||
                         c == '\r' || c == '\f';
            if (!delim)
                continue;   /* "</titlex" ends nothing, "<titlex" opens nothing */
            if (end)
                open = false;
            else if (c == '/')
                return true;
            else
                open = true;
        }
        if (open)
            return true;
    }
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *last_lt = size ? memrchr(data, '<', size) : NULL;
    if (last_lt && !memchr(last_lt, '>', size - (size_t)(last_lt - data)))
        return 0;
    if (memchr(data, '\0', size) || raw_left_open(data, size))
        return 0;
    wn_dom *mh, *own;
    if (wn_dom_create(&mh))
        return 0;
    if (wn_dom_create(&own) || wn_dom_use_own(own)) {
        wn_dom_free(mh);
        return 0;
    }
    wn_dom_limits lim;
    wn_dom_limits_default(&lim);
    wn_buf page;
    wn_buf_init(&page, 3 * size + 16);
    if (!wn_utf8_repair(&page, (const char *)data, size, NULL) &&
        !wn_dom_parse(mh, page.data ? page.data : "", page.len, &lim) &&
        !wn_dom_parse(own, page.data ? page.data : "", page.len, &lim)) {
        size_t a = visible(mh), b = visible(own);
        size_t hi = a > b ? a : b, lo = a > b ? b : a;
        if (hi > 2 * lo + 128)
            abort();
    }
    wn_buf_free(&page);
    wn_dom_free(mh);
    wn_dom_free(own);
    return 0;
}
