/* tb_foreign_attrs.c: the attribute adjustments of an SVG or MathML element as it is inserted
 * (WHATWG HTML §13.2.6.1, "adjust MathML attributes", "adjust SVG attributes", "adjust foreign
 * attributes"). The tokenizer lowercases attribute names; SVG spells some in camel case, and
 * MathML one, so a name the spec lists is replaced by its spelling there (a static string: no
 * copy), and the few prefixed names the spec lists get their namespace. The tables are the
 * spec's, in its order. */
#include <pthread.h>
#include <string.h>
#include <strings.h>
#include "common/check.h"
#include "html/tb_impl.h"

typedef struct {
    const char *name;
    size_t len;
    wn_ht_attr_ns ns;
} foreign_name;
#define NAME(s) { s, sizeof s - 1, WN_HT_ATTR_NS_NONE }
#define NS_NAME(s, ns) { s, sizeof s - 1, ns }

/* "adjust SVG attributes" */
static const foreign_name svg_attrs[] = {
    NAME("attributeName"), NAME("attributeType"), NAME("baseFrequency"), NAME("baseProfile"),
    NAME("calcMode"), NAME("clipPathUnits"), NAME("diffuseConstant"), NAME("edgeMode"),
    NAME("filterUnits"), NAME("glyphRef"), NAME("gradientTransform"), NAME("gradientUnits"),
    NAME("kernelMatrix"), NAME("kernelUnitLength"), NAME("keyPoints"), NAME("keySplines"),
    NAME("keyTimes"), NAME("lengthAdjust"), NAME("limitingConeAngle"), NAME("markerHeight"),
    NAME("markerUnits"), NAME("markerWidth"), NAME("maskContentUnits"), NAME("maskUnits"),
    NAME("numOctaves"), NAME("pathLength"), NAME("patternContentUnits"),
    NAME("patternTransform"), NAME("patternUnits"), NAME("pointsAtX"), NAME("pointsAtY"),
    NAME("pointsAtZ"), NAME("preserveAlpha"), NAME("preserveAspectRatio"),
    NAME("primitiveUnits"), NAME("refX"), NAME("refY"), NAME("repeatCount"), NAME("repeatDur"),
    NAME("requiredExtensions"), NAME("requiredFeatures"), NAME("specularConstant"),
    NAME("specularExponent"), NAME("spreadMethod"), NAME("startOffset"), NAME("stdDeviation"),
    NAME("stitchTiles"), NAME("surfaceScale"), NAME("systemLanguage"), NAME("tableValues"),
    NAME("targetX"), NAME("targetY"), NAME("textLength"), NAME("viewBox"), NAME("viewTarget"),
    NAME("xChannelSelector"), NAME("yChannelSelector"), NAME("zoomAndPan"),
};

/* "adjust MathML attributes" */
static const foreign_name math_attrs[] = { NAME("definitionURL") };

/* "adjust foreign attributes": the qualified name and its namespace */
static const foreign_name ns_attrs[] = {
    NS_NAME("xlink:actuate", WN_HT_ATTR_NS_XLINK), NS_NAME("xlink:arcrole", WN_HT_ATTR_NS_XLINK),
    NS_NAME("xlink:href", WN_HT_ATTR_NS_XLINK), NS_NAME("xlink:role", WN_HT_ATTR_NS_XLINK),
    NS_NAME("xlink:show", WN_HT_ATTR_NS_XLINK), NS_NAME("xlink:title", WN_HT_ATTR_NS_XLINK),
    NS_NAME("xlink:type", WN_HT_ATTR_NS_XLINK), NS_NAME("xml:lang", WN_HT_ATTR_NS_XML),
    NS_NAME("xml:space", WN_HT_ATTR_NS_XML), NS_NAME("xmlns", WN_HT_ATTR_NS_XMLNS),
    NS_NAME("xmlns:xlink", WN_HT_ATTR_NS_XMLNS),
};

/* Replaces a's name by the table's spelling, and sets its namespace, when the table lists it
 * (ASCII case-insensitively: a dirty name holds an upper-case letter, or a NUL, which decodes
 * to U+FFFD and is in no table). The length first, so that most entries cost one compare. */
static bool adjust(wn_ht_attr *a, const foreign_name *t, size_t n)
{
    wn_ht_str s = a->name;
    for (size_t i = 0; i < n; i++) {
        if (s.len != t[i].len || strncasecmp(s.ptr, t[i].name, t[i].len) != 0)
            continue;
        if (s.dirty && memchr(s.ptr, '\0', s.len))
            return false;
        a->name = (wn_ht_str){ t[i].name, (uint32_t)t[i].len, WN_HT_STR_NAME, false };
        a->ns = (uint8_t)t[i].ns;
        return true;
    }
    return false;
}

#define ADJUST(a, table) adjust(a, table, sizeof table / sizeof *table)

/* The pairs (length, first letter) of the names of all three tables, one bit each: most
 * attributes of an SVG element (d, fill, stroke, class, width...) have a pair no listed name
 * has and skip the walk through the tables (58 names for SVG). Built once per process. */
#define PAIR_LEN_MAX 32
static uint32_t pair_letters[PAIR_LEN_MAX];   /* bit c - 'a' for a name of that length */
static pthread_once_t pairs_once = PTHREAD_ONCE_INIT;

static void pairs_add(const foreign_name *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned c = (unsigned char)t[i].name[0] | 0x20;
        WN_ASSERT(t[i].len < PAIR_LEN_MAX && c - 'a' < 26);
        pair_letters[t[i].len] |= 1u << (c - 'a');
    }
}

static void pairs_build(void)
{
    pairs_add(svg_attrs, sizeof svg_attrs / sizeof *svg_attrs);
    pairs_add(math_attrs, sizeof math_attrs / sizeof *math_attrs);
    pairs_add(ns_attrs, sizeof ns_attrs / sizeof *ns_attrs);
}

/* A name that no table can hold (ASCII case-insensitively, as adjust() compares) */
static bool unlisted(wn_ht_str s)
{
    if (!s.len || s.len >= PAIR_LEN_MAX)
        return true;
    unsigned c = (unsigned char)s.ptr[0] | 0x20;
    return c - 'a' >= 26 || !(pair_letters[s.len] >> (c - 'a') & 1);
}

void tb_adjust_foreign_attrs(wn_tb *tb, uint32_t n)
{
    pthread_once(&pairs_once, pairs_build);
    const wn_tb_node *x = &tb->nodes[n];
    for (uint32_t i = 0; i < x->nattrs; i++) {
        wn_ht_attr *a = &tb->attrs[x->attrs + i];
        if (unlisted(a->name))
            continue;
        if (x->ns == WN_NS_SVG ? ADJUST(a, svg_attrs) : x->ns == WN_NS_MATH && ADJUST(a, math_attrs))
            continue;
        ADJUST(a, ns_attrs);
    }
}
