/* test_charset.c: encoding decisions and conversion. Pages in legacy encodings are made from
 * UTF-8 text with the iconv command (the oracle), never hand-written bytes; each must come back
 * as the same UTF-8 text, with the expected WHATWG label. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "winnow/internal.h"
#include "encoding/charset_impl.h"

/* Encodes UTF-8 text to `enc` with the iconv command; returns a malloc'd buffer. */
static char *iconv_cmd(const char *enc, const char *utf8, size_t *n)
{
    char tmpl[] = "/tmp/wn-test-charset-XXXXXX";
    int fd = mkstemp(tmpl);
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, "wb");
    fwrite(utf8, 1, strlen(utf8), f);
    fclose(f);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "iconv -f UTF-8 -t %s %s", enc, tmpl);
    FILE *p = popen(cmd, "r");
    char *buf = malloc(1 << 20);
    *n = fread(buf, 1, 1 << 20, p);
    int rc = pclose(p);
    remove(tmpl);
    if (rc != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

static const char *RU = "Съешь же ещё этих мягких французских булок, да выпей чаю. "
                        "Широкая электрификация южных губерний даст мощный толчок подъёму сельского хозяйства. "
                        "В чащах юга жил бы цитрус? Да, но фальшивый экземпляр! ";
static const char *JA = "いろはにほへと ちりぬるを わかよたれそ つねならむ うゐのおくやま けふこえて "
                        "あさきゆめみし ゑひもせす。日本語の文章を正しく判定できるか確かめるための文です。"
                        "東京都の天気は晴れ、気温は二十度でした。";
static const char *ZH = "我能吞下玻璃而不伤身体。这是一个用于测试字符编码检测的中文段落，"
                        "包含常用汉字和标点符号。北京的天气今天很好，我们去公园散步吧。";
static const char *KO = "다람쥐 헌 쳇바퀴에 타고파. 키스의 고유조건은 입술끼리 만나야 하고 특별한 기술은 필요치 않다. "
                        "한국어 문장을 올바르게 판별하는지 확인하기 위한 문장입니다. 서울의 날씨는 맑습니다.";
static const char *DE = "Falsches Üben von Xylophonmusik quält jeden größeren Zwerg. Größe, Süße, Bäcker. ";
static const char *GR = "Ξεσκεπάζω την ψυχοφθόρα βδελυγμία. Η γρήγορη καφέ αλεπού πηδάει. ";

/* Builds <html>...<p>TEXT</p> in UTF-8 with an optional head line, repeating TEXT `rep` times. */
static char *page(const char *head, const char *text, int rep)
{
    size_t cap = strlen(head) + strlen(text) * (size_t)rep + 256;
    char *s = malloc(cap);
    size_t k = (size_t)snprintf(s, cap, "<!DOCTYPE html><html><head>%s<title>t</title></head><body><p>", head);
    for (int i = 0; i < rep; i++)
        k += (size_t)snprintf(s + k, cap - k, "%s", text);
    snprintf(s + k, cap - k, "</p></body></html>\n");
    return s;
}

/* Encodes page(head, text) to enc, decodes with http_ct, checks the label and the text. */
static void roundtrip(const char *enc, const char *head, const char *text, int rep,
                      const char *http_ct, const char *want_label)
{
    char *src = page(head, text, rep);
    size_t n = 0;
    char *raw = iconv_cmd(enc, src, &n);
    CHECK(raw != NULL);
    if (!raw) {
        free(src);
        return;
    }
    wn_buf out;
    wn_buf_init(&out, WN_BUF_UNCAPPED);
    char label[32] = "";
    CHECK_EQ_INT(wn_charset_decode_html(raw, n, http_ct, &out, label, sizeof label), WN_OK);
    if (strcmp(label, want_label) != 0)
        fprintf(stderr, "  %s (%s, http %s): label %s, want %s\n", enc, head, http_ct ? http_ct : "-",
                label, want_label);
    CHECK_EQ_STR(label, want_label);
    CHECK(wn_utf8_valid(out.data, out.len));
    CHECK(out.data && strstr(out.data, text) != NULL);
    /* the copy-free form gives the same label and bytes, and copies none of a UTF-8 page */
    wn_buf scratch;
    wn_buf_init(&scratch, WN_BUF_UNCAPPED);
    wn_slice t = { NULL, 0 };
    char label2[32] = "";
    CHECK_EQ_INT(wn_charset_html_text(raw, n, http_ct, &scratch, &t, label2, sizeof label2), WN_OK);
    CHECK_EQ_STR(label2, label);
    CHECK(t.len == out.len && !memcmp(t.ptr, out.data, out.len));
    if (!strcmp(label, "utf-8") && wn_utf8_valid(raw, n) && (n < 3 || memcmp(raw, "\xEF\xBB\xBF", 3)))
        CHECK(t.ptr == raw && scratch.len == 0);
    else
        CHECK(t.ptr == scratch.data);
    wn_buf_free(&scratch);
    wn_buf_free(&out);
    free(raw);
    free(src);
}

static void test_labels(void)
{
    CHECK(wn_charset_labels_sorted());
    CHECK_EQ_STR(wn_charset_lookup("latin1", 6), "windows-1252");
    CHECK_EQ_STR(wn_charset_lookup(" UTF8\t", 6), "utf-8");
    CHECK_EQ_STR(wn_charset_lookup("ISO-8859-1", 10), "windows-1252");
    CHECK_EQ_STR(wn_charset_lookup("US-ASCII", 8), "windows-1252");
    CHECK_EQ_STR(wn_charset_lookup("gb2312", 6), "gbk");
    CHECK_EQ_STR(wn_charset_lookup("Shift_JIS", 9), "shift_jis");
    CHECK_EQ_STR(wn_charset_lookup("ks_c_5601-1987", 14), "euc-kr");
    CHECK_EQ_STR(wn_charset_lookup("iso-8859-9", 10), "windows-1254");
    CHECK_EQ_STR(wn_charset_lookup("utf-16", 6), "utf-16le");
    CHECK(wn_charset_lookup("utf-9", 5) == NULL);
    CHECK(wn_charset_lookup("", 0) == NULL);
    /* every label maps to an encoding the converter knows */
    for (size_t i = 0; i < wn_encodings_count; i++) {
        wn_buf out;
        wn_buf_init(&out, WN_BUF_UNCAPPED);
        CHECK_EQ_INT(wn_charset_convert(wn_encodings[i].name, "abc", 3, &out, NULL), WN_OK);
        wn_buf_free(&out);
    }
}

static void test_content_type(void)
{
    const char *ct = "text/html; charset=KOI8-R";
    CHECK_EQ_STR(wn_charset_from_content_type(ct, strlen(ct)), "koi8-r");
    ct = "text/html;CHARSET=\"windows-1251\"; q=1";
    CHECK_EQ_STR(wn_charset_from_content_type(ct, strlen(ct)), "windows-1251");
    ct = "text/html; format=flowed";
    CHECK(wn_charset_from_content_type(ct, strlen(ct)) == NULL);
    ct = "text/html; charset=bogus";
    CHECK(wn_charset_from_content_type(ct, strlen(ct)) == NULL);
}

static void test_prescan(void)
{
    const char *p = "<html><head><meta charset=\"koi8-r\">";
    CHECK_EQ_STR(wn_charset_prescan(p, strlen(p)), "koi8-r");
    p = "<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=Shift_JIS'>";
    CHECK_EQ_STR(wn_charset_prescan(p, strlen(p)), "shift_jis");
    p = "<meta content=\"text/html; charset=euc-kr\" http-equiv=\"content-type\">";
    CHECK_EQ_STR(wn_charset_prescan(p, strlen(p)), "euc-kr");
    /* content without the pragma is not a declaration */
    p = "<meta content=\"text/html; charset=euc-kr\"><meta charset=gb2312>";
    CHECK_EQ_STR(wn_charset_prescan(p, strlen(p)), "gbk");
    /* inside a comment or an attribute value of another tag: not seen */
    p = "<!-- <meta charset=koi8-r> --><div title='<meta charset=big5>'><meta charset=utf-16>";
    CHECK_EQ_STR(wn_charset_prescan(p, strlen(p)), "utf-8");
    p = "<meta charset=x-user-defined>";
    CHECK_EQ_STR(wn_charset_prescan(p, strlen(p)), "windows-1252");
    /* past the first 1024 bytes: not seen */
    char big[2048];
    memset(big, ' ', sizeof big);
    memcpy(big + 1100, "<meta charset=koi8-r>", 21);
    CHECK(wn_charset_prescan(big, sizeof big) == NULL);
    memcpy(big + 900, "<meta charset=koi8-r>", 21);
    CHECK_EQ_STR(wn_charset_prescan(big, sizeof big), "koi8-r");
    p = "<meta charset=\"koi8-r";  /* unterminated: abort */
    CHECK(wn_charset_prescan(p, strlen(p)) == NULL);
}

static void test_declared(void)
{
    roundtrip("WINDOWS-1251", "<meta charset=\"windows-1251\">", RU, 1, NULL, "windows-1251");
    roundtrip("KOI8-R", "", RU, 1, "text/html; charset=koi8-r", "koi8-r");
    roundtrip("SHIFT_JIS", "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">", JA, 1, NULL, "shift_jis");
    roundtrip("GB18030", "<meta charset=gb18030>", ZH, 1, NULL, "gb18030");
    roundtrip("GB2312", "<meta charset=gb2312>", ZH, 1, NULL, "gbk");
    roundtrip("EUC-KR", "<meta charset=euc-kr>", KO, 1, NULL, "euc-kr");
    roundtrip("EUC-JP", "", JA, 1, "text/html; charset=EUC-JP", "euc-jp");
    roundtrip("BIG5", "<meta charset=big5>", "我能吞下玻璃而不傷身體。", 1, NULL, "big5");
    roundtrip("ISO-8859-1", "<meta charset=iso-8859-1>", DE, 1, NULL, "windows-1252");
    roundtrip("ISO-8859-2", "<meta charset=iso-8859-2>", "Příliš žluťoučký kůň úpěl ďábelské ódy. ", 1, NULL, "iso-8859-2");
    roundtrip("ISO-8859-5", "<meta charset=iso-8859-5>", RU, 1, NULL, "iso-8859-5");
    roundtrip("ISO-8859-7", "<meta charset=iso-8859-7>", GR, 1, NULL, "iso-8859-7");
    roundtrip("ISO-8859-15", "<meta charset=iso-8859-15>", "Prix: 10 € ", 1, NULL, "iso-8859-15");
    /* HTTP wins over <meta> */
    roundtrip("KOI8-R", "<meta charset=windows-1251>", RU, 1, "text/html; charset=koi8-r", "koi8-r");
}

static void test_bom_real(void)
{
    /* iconv's "UTF-16" writes a BOM; the BOM beats a contrary HTTP label */
    char *src = page("<meta charset=windows-1251>", JA, 1);
    const char *encs[] = { "UTF-16", "UTF-16BE", "UTF-8" };
    const char *labels[] = { NULL, "utf-16be", "utf-8" };
    for (int k = 0; k < 3; k++) {
        size_t n = 0;
        char *body = iconv_cmd(encs[k], src, &n);
        CHECK(body != NULL);
        if (!body)
            continue;
        char *raw = malloc(n + 3);
        size_t m = 0;
        if (k == 1) { raw[0] = (char)0xFE; raw[1] = (char)0xFF; m = 2; }
        if (k == 2) { memcpy(raw, "\xEF\xBB\xBF", 3); m = 3; }
        memcpy(raw + m, body, n);
        wn_buf out;
        wn_buf_init(&out, WN_BUF_UNCAPPED);
        char label[32];
        CHECK_EQ_INT(wn_charset_decode_html(raw, n + m, "text/html; charset=iso-8859-1", &out, label, sizeof label), WN_OK);
        if (labels[k])
            CHECK_EQ_STR(label, labels[k]);
        else
            CHECK(strncmp(label, "utf-16", 6) == 0);
        CHECK(out.len >= 3 && memcmp(out.data, "\xEF\xBB\xBF", 3) != 0);  /* BOM not copied */
        CHECK(strstr(out.data, JA) != NULL);
        wn_buf_free(&out);
        free(raw);
        free(body);
    }
    free(src);
}

static void test_detected(void)
{
    /* no declaration anywhere: uchardet decides */
    roundtrip("WINDOWS-1251", "", RU, 3, NULL, "windows-1251");
    roundtrip("KOI8-R", "", RU, 3, NULL, "koi8-r");
    roundtrip("SHIFT_JIS", "", JA, 3, NULL, "shift_jis");
    roundtrip("GB18030", "", ZH, 3, NULL, "gb18030");
    roundtrip("EUC-KR", "", KO, 3, NULL, "euc-kr");
    roundtrip("UTF-8", "", JA, 1, NULL, "utf-8");
}

static void test_mislabelled(void)
{
    /* declared UTF-8 but windows-1251 bytes: the detector overrides */
    roundtrip("WINDOWS-1251", "<meta charset=utf-8>", RU, 3, NULL, "windows-1251");
    roundtrip("KOI8-R", "", RU, 3, "text/html; charset=UTF-8", "koi8-r");
    /* declared latin1 but UTF-8 bytes */
    roundtrip("UTF-8", "<meta charset=iso-8859-1>", DE, 1, NULL, "utf-8");
    roundtrip("UTF-8", "", RU, 1, "text/html; charset=windows-1251", "utf-8");
    /* an unknown label is ignored */
    roundtrip("UTF-8", "<meta charset=x-bogus-9>", JA, 1, NULL, "utf-8");
}

static void test_bad_bytes(void)
{
    /* every byte value, under every encoding: output is valid UTF-8 */
    char all[512];
    for (int i = 0; i < 512; i++)
        all[i] = (char)(i * 7 + (i >> 8));
    for (size_t e = 0; e < wn_encodings_count; e++) {
        wn_buf out;
        wn_buf_init(&out, WN_BUF_UNCAPPED);
        size_t rep = 0;
        CHECK_EQ_INT(wn_charset_convert(wn_encodings[e].name, all, sizeof all, &out, &rep), WN_OK);
        CHECK(wn_utf8_valid(out.data, out.len));
        wn_buf_free(&out);
    }
    /* windows-1252 0x81 is U+0081 (WHATWG index), 0x80 is the euro sign */
    wn_buf out;
    wn_buf_init(&out, WN_BUF_UNCAPPED);
    CHECK_EQ_INT(wn_charset_convert("windows-1252", "\x80\x81", 2, &out, NULL), WN_OK);
    CHECK(out.len == 5 && memcmp(out.data, "\xE2\x82\xAC\xC2\x81", 5) == 0);
    wn_buf_reset(&out);
    /* a truncated Shift_JIS lead byte at the end: one U+FFFD */
    size_t rep = 0;
    CHECK_EQ_INT(wn_charset_convert("shift_jis", "ab\x82", 3, &out, &rep), WN_OK);
    CHECK(out.len == 5 && memcmp(out.data, "ab\xEF\xBF\xBD", 5) == 0);
    CHECK_EQ_INT(rep, 1);
    wn_buf_reset(&out);
    /* a lone surrogate in UTF-16LE */
    CHECK_EQ_INT(wn_charset_convert("utf-16le", "a\0\x00\xD8" "b\0", 6, &out, &rep), WN_OK);
    CHECK(wn_utf8_valid(out.data, out.len));
    CHECK(out.len >= 2 && out.data[0] == 'a' && out.data[out.len - 1] == 'b');
    wn_buf_free(&out);
    /* the cap holds */
    wn_buf capped;
    wn_buf_init(&capped, 16);
    char label[32];
    CHECK_EQ_INT(wn_charset_decode_html(RU, strlen(RU), NULL, &capped, label, sizeof label), WN_ERR_TOO_LARGE);
    CHECK(wn_utf8_valid(capped.data ? capped.data : "", capped.len));
    wn_buf_free(&capped);
}

int main(void)
{
    RUN(test_labels);
    RUN(test_content_type);
    RUN(test_prescan);
    RUN(test_declared);
    RUN(test_bom_real);
    RUN(test_detected);
    RUN(test_mislabelled);
    RUN(test_bad_bytes);
    return DONE();
}
