/* test_pii.c: e-mail and IP redaction with datatrove PIIFormatter's regexes and defaults. */
#include "harness.h"
#include "winnow/internal.h"

static wn_pii_opts opts = { true, true, true };

static void redact(const char *in, const char *want, uint64_t want_emails, uint64_t want_ips)
{
    wn_buf out;
    wn_buf_init(&out, WN_BUF_UNCAPPED);
    uint64_t e = 99, i = 99;
    CHECK_EQ_INT(wn_pii_redact(&opts, in, strlen(in), &out, &e, &i), WN_OK);
    CHECK_EQ_STR(out.data ? out.data : "", want);
    CHECK_EQ_INT(e, want_emails);
    CHECK_EQ_INT(i, want_ips);
    wn_buf_free(&out);
}

static void test_pii_emails(void)
{
    redact("write to john.doe@mail.example.co.uk or jane+x@foo-bar.org today",
           "write to email@example.com or firstname.lastname@example.org today", 2, 0);
    /* the cycle goes round, and starts again with each call */
    redact("a@b.cd e@f.gh i@j.kl", "email@example.com firstname.lastname@example.org email@example.com", 3, 0);
    /* one label is not a domain; a trailing dot or hyphen is not part of it */
    redact("user@localhost", "user@localhost", 0, 0);
    redact("mail me: x@y.com. Or x@y-.com", "mail me: email@example.com. Or x@y-.com", 1, 0);
    /* local part: no leading, trailing or double dot; the match starts after ".." */
    redact("a..b@c.de", "a..email@example.com", 1, 0);
    redact(".b@c.de", ".email@example.com", 1, 0);
    redact("b.@c.de", "b.@c.de", 0, 0);
    /* \b: a local part starting with a symbol needs a word character before it */
    redact("x -a@c.de", "x -email@example.com", 1, 0);
    /* bracketed IPv4 domain */
    redact("root@[192.168.0.1] ok", "email@example.com ok", 1, 0);
    redact("no at sign here", "no at sign here", 0, 0);
}

static void test_pii_ipv4(void)
{
    redact("server 8.8.8.8 and 1.1.1.1 and 9.9.9.9", "server 22.214.171.124 and 126.96.36.199 and 188.8.131.52", 0, 3);
    /* private, loopback, link-local, shared, documentation, reserved: kept */
    redact("10.0.0.1 192.168.1.1 127.0.0.1 169.254.1.1 100.64.0.1 192.0.2.5 172.16.5.4 240.0.0.1 0.1.2.3",
           "10.0.0.1 192.168.1.1 127.0.0.1 169.254.1.1 100.64.0.1 192.0.2.5 172.16.5.4 240.0.0.1 0.1.2.3", 0, 0);
    redact("172.32.0.1", "22.214.171.124", 0, 1);
    /* leading zeros: ipaddress rejects them, so nothing is replaced */
    redact("8.8.8.08", "8.8.8.08", 0, 0);
    /* the regex is not anchored: the last octet takes what it can (255 of 2555) */
    redact("v 8.8.8.2555", "v 22.214.171.1245", 0, 1);
    redact("1.2.3", "1.2.3", 0, 0);
    wn_pii_opts all = opts;
    all.only_public_ips = false;
    wn_buf out;
    wn_buf_init(&out, WN_BUF_UNCAPPED);
    uint64_t e, i;
    wn_pii_redact(&all, "10.0.0.1", 8, &out, &e, &i);
    CHECK_EQ_STR(out.data, "22.214.171.124");
    wn_buf_free(&out);
}

static void test_pii_ipv6(void)
{
    redact("at 2606:4700:4700::1111 now", "at 22.214.171.124 now", 0, 1);
    redact("fe80::1 ::1 fd00::5 2001:db8::1", "fe80::1 ::1 fd00::5 2001:db8::1", 0, 0);
    redact("time 12:30:45 is not an address", "time 12:30:45 is not an address", 0, 0);
}

static void test_pii_options(void)
{
    wn_pii_opts o = { false, true, true };
    wn_buf out;
    wn_buf_init(&out, WN_BUF_UNCAPPED);
    uint64_t e, i;
    const char *in = "a@b.cd 8.8.8.8";
    wn_pii_redact(&o, in, strlen(in), &out, &e, &i);
    CHECK_EQ_STR(out.data, "a@b.cd 22.214.171.124");
    wn_buf_free(&out);
}

int main(void)
{
    RUN(test_pii_emails);
    RUN(test_pii_ipv4);
    RUN(test_pii_ipv6);
    RUN(test_pii_options);
    return DONE();
}
