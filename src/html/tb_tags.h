/* tb_tags.h: the element names the tree builder (src/html/treebuilder.c) tells apart, with
 * the categories of WHATWG HTML §13.2.4 each belongs to, and their lookup.
 *
 * DESIGN: one X-macro list gives the enum, the names and the flags, so they cannot drift.
 * Names are looked up (ASCII case-insensitively, as tag names are lowercased by the tokenizer)
 * in an open-addressing table built once per process; a name not listed is TB_OTHER and the
 * builder compares it by its text. */
#ifndef WN_HTML_TB_TAGS_H
#define WN_HTML_TB_TAGS_H

#include "winnow/core.h"

enum {
    TBF_SPECIAL = 1 << 0,    /* §13.2.4.3 "special" (HTML namespace) */
    TBF_FORMAT = 1 << 1,     /* formatting elements */
    TBF_VOID = 1 << 2,
    TBF_SCOPE = 1 << 3,      /* ends "in scope" (HTML namespace) */
    TBF_IMPLIED = 1 << 4,    /* "generate implied end tags" pops it */
    TBF_IMPLIED_ALL = 1 << 5 /* "... thoroughly" pops it too */
};

#define SP TBF_SPECIAL
#define FM TBF_FORMAT
#define VO TBF_VOID
#define SC TBF_SCOPE
#define IM TBF_IMPLIED
#define IT TBF_IMPLIED_ALL

#define TB_TAG_LIST(X) \
    X(A, "a", FM) X(ABBR, "abbr", 0) X(ACRONYM, "acronym", 0) X(ADDRESS, "address", SP) \
    X(ANNOTATION_XML, "annotation-xml", 0) X(APPLET, "applet", SP | SC) \
    X(AREA, "area", SP | VO) X(ARTICLE, "article", SP) X(ASIDE, "aside", SP) \
    X(AUDIO, "audio", 0) X(B, "b", FM) X(BASE, "base", SP | VO) \
    X(BASEFONT, "basefont", SP | VO) X(BGSOUND, "bgsound", SP | VO) X(BIG, "big", FM) \
    X(BLOCKQUOTE, "blockquote", SP) X(BODY, "body", SP) X(BR, "br", SP | VO) \
    X(BUTTON, "button", SP) X(CANVAS, "canvas", 0) X(CAPTION, "caption", SP | SC | IT) \
    X(CENTER, "center", SP) X(CITE, "cite", 0) X(CODE, "code", FM) X(COL, "col", SP | VO) \
    X(COLGROUP, "colgroup", SP | IT) X(DD, "dd", SP | IM | IT) X(DEL, "del", 0) \
    X(DESC, "desc", 0) X(DETAILS, "details", SP) X(DIALOG, "dialog", 0) X(DIR, "dir", SP) \
    X(DIV, "div", SP) X(DL, "dl", SP) X(DT, "dt", SP | IM | IT) X(EM, "em", FM) \
    X(EMBED, "embed", SP | VO) X(FIELDSET, "fieldset", SP) X(FIGCAPTION, "figcaption", SP) \
    X(FIGURE, "figure", SP) X(FONT, "font", FM) X(FOOTER, "footer", SP) \
    X(FOREIGNOBJECT, "foreignobject", 0) X(FORM, "form", SP) X(FRAME, "frame", SP | VO) \
    X(FRAMESET, "frameset", SP) X(H1, "h1", SP) X(H2, "h2", SP) X(H3, "h3", SP) \
    X(H4, "h4", SP) X(H5, "h5", SP) X(H6, "h6", SP) X(HEAD, "head", SP) \
    X(HEADER, "header", SP) X(HGROUP, "hgroup", SP) X(HR, "hr", SP | VO) \
    X(HTML, "html", SP | SC) X(I, "i", FM) X(IFRAME, "iframe", SP) X(IMAGE, "image", 0) \
    X(IMG, "img", SP | VO) X(INPUT, "input", SP | VO) X(INS, "ins", 0) X(KBD, "kbd", 0) \
    X(KEYGEN, "keygen", SP | VO) X(LABEL, "label", 0) X(LEGEND, "legend", 0) \
    X(LI, "li", SP | IM | IT) X(LINK, "link", SP | VO) X(LISTING, "listing", SP) \
    X(MAIN, "main", SP) X(MALIGNMARK, "malignmark", 0) X(MAP, "map", 0) \
    X(MARK, "mark", 0) X(MARQUEE, "marquee", SP | SC) X(MATH, "math", 0) \
    X(MENU, "menu", SP) X(META, "meta", SP | VO) X(MGLYPH, "mglyph", 0) X(MI, "mi", 0) \
    X(MN, "mn", 0) X(MO, "mo", 0) X(MS, "ms", 0) X(MTEXT, "mtext", 0) X(NAV, "nav", SP) \
    X(NOBR, "nobr", FM) X(NOEMBED, "noembed", SP) X(NOFRAMES, "noframes", SP) \
    X(NOSCRIPT, "noscript", SP) X(OBJECT, "object", SP | SC) X(OL, "ol", SP) \
    X(OPTGROUP, "optgroup", IM | IT) X(OPTION, "option", IM | IT) X(P, "p", SP | IM | IT) \
    X(PARAM, "param", SP | VO) X(PLAINTEXT, "plaintext", SP) X(PRE, "pre", SP) \
    X(Q, "q", 0) X(RB, "rb", IM | IT) X(RP, "rp", IM | IT) X(RT, "rt", IM | IT) \
    X(RTC, "rtc", IM | IT) X(RUBY, "ruby", 0) X(S, "s", FM) X(SAMP, "samp", 0) \
    X(SCRIPT, "script", SP) X(SEARCH, "search", SP) X(SECTION, "section", SP) \
    X(SELECT, "select", SP) X(SMALL, "small", FM) X(SOURCE, "source", SP | VO) \
    X(SPAN, "span", 0) X(STRIKE, "strike", FM) X(STRONG, "strong", FM) \
    X(STYLE, "style", SP) X(SUB, "sub", 0) X(SUMMARY, "summary", SP) X(SUP, "sup", 0) \
    X(SVG, "svg", 0) X(TABLE, "table", SP | SC) X(TBODY, "tbody", SP | IT) \
    X(TD, "td", SP | SC | IT) X(TEMPLATE, "template", SP | SC | IT) \
    X(TEXTAREA, "textarea", SP) X(TFOOT, "tfoot", SP | IT) X(TH, "th", SP | SC | IT) \
    X(THEAD, "thead", SP | IT) X(TIME, "time", 0) X(TITLE, "title", SP) \
    X(TR, "tr", SP | IT) X(TRACK, "track", SP | VO) X(TT, "tt", FM) X(U, "u", FM) \
    X(UL, "ul", SP) X(VAR, "var", 0) X(VIDEO, "video", 0) X(WBR, "wbr", SP | VO) \
    X(XMP, "xmp", SP)

#define TB_ENUM(id, name, flags) TB_##id,
typedef enum { TB_OTHER = 0, TB_TAG_LIST(TB_ENUM) TB_TAG_COUNT } tb_tag;
#undef TB_ENUM

extern const uint8_t tb_tag_flags[TB_TAG_COUNT];
extern const char *const tb_tag_names[TB_TAG_COUNT];

/*! tb_tag_lookup() : the tag named p[0..n) (any ASCII case), TB_OTHER when unlisted. */
tb_tag tb_tag_lookup(const char *p, size_t n);
/*! tb_tag_lookup_lowered() : the same for a name known to hold no ASCII capital (a tokenizer
 * name that is not dirty), without lowering it. */
tb_tag tb_tag_lookup_lowered(const char *p, size_t n);

#undef SP
#undef FM
#undef VO
#undef SC
#undef IM
#undef IT

#endif
