/* test_pii.c: e-mail and IP redaction with datatrove PIIFormatter's regexes and defaults. */
#include "harness.h"
#include "winnow/internal.h"

static wn_pii_opts opts = { .remove_emails = true, .remove_ips = true, .only_public_ips = true };

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

/* datatrove has no IPv6 pattern: an IPv6 address stays, but the IPv4 regex is unanchored and
 * replaces an IPv4 address written inside one. */
static void test_pii_ipv6_default(void)
{
    redact("at 2606:4700:4700::1111 now", "at 2606:4700:4700::1111 now", 0, 0);
    redact("nggTags::find_images_for_tags()", "nggTags::find_images_for_tags()", 0, 0);
    redact("mapped ::ffff:8.8.8.8 and 64:ff9b::1.1.1.1",
           "mapped ::ffff:22.214.171.124 and 64:ff9b::126.96.36.199", 0, 2);
    redact("mapped ::ffff:10.0.0.1", "mapped ::ffff:10.0.0.1", 0, 0);
}

/* The IPv6 option: free-standing addresses only, never code or identifiers. */
static void test_pii_ipv6_option(void)
{
    wn_pii_opts keep = opts;
    opts.ipv6 = true;
    redact("at 2606:4700:4700::1111 now", "at 22.214.171.124 now", 0, 1);
    redact("(2001:4860:4860::8888).", "(22.214.171.124).", 0, 1);
    redact("fe80::1 ::1 fd00::5 2001:db8::1", "fe80::1 ::1 fd00::5 2001:db8::1", 0, 0);
    redact("time 12:30:45 is not an address", "time 12:30:45 is not an address", 0, 0);
    /* identifiers and code: a letter, digit, '_' or ':' next to it, or fewer than 3 groups */
    redact("nggTags::find_images_for_tags()", "nggTags::find_images_for_tags()", 0, 0);
    redact("use A::B and dead::beef or ::f here", "use A::B and dead::beef or ::f here", 0, 0);
    redact("x2606:4700:4700::1111 2606:4700:4700::1111y", "x2606:4700:4700::1111 2606:4700:4700::1111y", 0, 0);
    redact("std::add::fade", "std::add::fade", 0, 0);
    opts = keep;
}

/* The e-mail regex's bracketed domain ends in an IPv4 octet or in a tag with ':'. */
static void test_pii_email_bracket_tag(void)
{
    redact("bob@[1.2.3.tag:] hi", "email@example.com hi", 1, 0);
    redact("bob@[1.2.3.ta-g9:]", "email@example.com", 1, 0);
    redact("bob@[1.2.3.tag]", "bob@[1.2.3.tag]", 0, 0);      /* no ':' */
    redact("bob@[1.2.3.tag-:]", "bob@[1.2.3.tag-:]", 0, 0);  /* the tag ends in a letter or digit */
    redact("bob@[1.2.tag:]", "bob@[1.2.tag:]", 0, 0);        /* three octets first */
}

/* datatrove's replacer keeps its position from one document to the next (one replacer per
 * task): in the stage the second document's IP gets the second value; with
 * pii_cycle_across_docs = false each document starts again. */
static void test_pii_cycle_across_documents(void)
{
    for (int across = 1; across >= 0; across--) {
        wn_pii_opts o = opts;
        o.cycle_across_docs = across;
        void *ctx = NULL;
        CHECK_EQ_INT(wn_stage_pii.ctx_create(&o, &ctx), WN_OK);
        wn_doc d;
        wn_doc_init(&d, WN_DOC_BYTES_MAX);
        wn_counters cn = { 0 };
        const char *want[3][2] = { { "ip 22.214.171.124 a@b.cd", "ip 22.214.171.124 email@example.com" },
                                   { "ip 126.96.36.199 a@b.cd", "ip 22.214.171.124 email@example.com" },
                                   { "ip 188.8.131.52 a@b.cd", "ip 22.214.171.124 email@example.com" } };
        for (int k = 0; k < 3; k++) {
            wn_doc_reset(&d);
            wn_buf_set(&d.text, "ip 8.8.8.8 a@b.cd", 17);
            wn_stage_pii.process(ctx, &d, &cn);
            const char *w = across ? want[k][0] : want[0][1];
            if (across) {
                /* e-mails have two values: first, second, first */
                static const char *em[3] = { "email@example.com", "firstname.lastname@example.org",
                                             "email@example.com" };
                char buf[128];
                snprintf(buf, sizeof buf, "%.*s%s", (int)(strlen(w) - 6), w, em[k]);
                CHECK_EQ_STR(d.text.data, buf);
            } else {
                CHECK_EQ_STR(d.text.data, w);
            }
        }
        wn_doc_free(&d);
        wn_counters_free(&cn);
        wn_stage_pii.ctx_free(ctx);
    }
}

static void test_pii_options(void)
{
    wn_pii_opts o = { .remove_emails = false, .remove_ips = true, .only_public_ips = true };
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
    RUN(test_pii_ipv6_default);
    RUN(test_pii_ipv6_option);
    RUN(test_pii_email_bracket_tag);
    RUN(test_pii_cycle_across_documents);
    RUN(test_pii_options);
    return DONE();
}
