/* run_key.c: building, storing and comparing the key of a run (see run_key.h).
 *
 *   winnow-run-key 1
 *   command run
 *   o NAME VALUE          an option (VALUE may be empty)
 *   c KEY VALUE           a quality-filter setting
 *   i SIZE MTIME PATH     an input file ('-' for stdin, with size and mtime 0)
 *   end HASH              wn_hash64 of every byte before this line
 *
 * NAME, KEY, VALUE and PATH are written with '%', ' ' (except in the last field), CR and LF
 * as %25, %20, %0D, %0A. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "run_key.h"

#define MAGIC "winnow-run-key 1\n"
#define HASH_SEED 0x72756e6b6579ULL   /* "runkey" */

/* Options that change how fast or how loudly a run goes, or where, never what it writes; and
 * --limit, which says how far the same run goes: a rerun with a larger one goes on from the
 * checkpoint a limited run keeps (the pipeline refuses a smaller one). */
static const char *const not_in_key[] = { "threads", "quiet", "verbose", "output", "overwrite",
                                           "max-failed", "skip-missing", "help", "memory",
                                           "work-dir", "keep-work", "step", "log-interval",
                                           "log-format", "http-retries", "http-timeout",
                                           "http-backoff", "limit", NULL };

void wn_cli_key_init(wn_cli_key *k, const char *command)
{
    memset(k, 0, sizeof *k);
    snprintf(k->command, sizeof k->command, "%s", command);
    wn_buf_init(&k->store, WN_RUN_KEY_PARTS_MAX * sizeof(wn_cli_key_part));
}

void wn_cli_key_free(wn_cli_key *k)
{
    for (size_t i = 0; i < k->n; i++) {
        free(k->parts[i].name);
        free(k->parts[i].value);
    }
    wn_buf_free(&k->store);
    k->parts = NULL;
    k->n = 0;
}

/* The parts live in k->store (a capped buffer: programs see no other growable array); its
 * doubling keeps n appends at O(n) copies. */
static wn_status add_part_st(wn_cli_key *k, char kind, const char *name, size_t name_len, const char *value)
{
    wn_status st = wn_buf_reserve(&k->store, sizeof(wn_cli_key_part));
    if (st)
        return st;
    k->parts = (wn_cli_key_part *)(void *)k->store.data;
    char *n = strndup(name, name_len), *v = strdup(value ? value : "");
    if (!n || !v) {
        free(n);
        free(v);
        return WN_ERR_NOMEM;
    }
    k->parts[k->n++] = (wn_cli_key_part){ kind, n, v };
    k->store.len += sizeof(wn_cli_key_part);
    return WN_OK;
}

static bool add_part(wn_cli_key *k, char kind, const char *name, size_t name_len, const char *value)
{
    return add_part_st(k, kind, name, name_len, value) == WN_OK;
}

static bool left_out(const char *name)
{
    for (size_t i = 0; not_in_key[i]; i++)
        if (!strcmp(name, not_in_key[i]))
            return true;
    return false;
}

/* The long option named `name` (length n), or the one it abbreviates (getopt_long has already
 * refused ambiguous ones). */
static const struct option *long_option(const struct option *lo, const char *name, size_t n)
{
    const struct option *prefix = NULL;
    for (; lo->name; lo++) {
        if (!strncmp(lo->name, name, n)) {
            if (lo->name[n] == '\0')
                return lo;
            prefix = prefix ? prefix : lo;
        }
    }
    return prefix;
}

static bool add_option(wn_cli_key *k, const char *name, const char *value)
{
    if (left_out(name))
        return true;
    return add_part(k, 'o', name, strlen(name), value);
}

bool wn_cli_key_add_options(wn_cli_key *k, const struct option *longopts, const char *shortopts,
                            int end, char **argv)
{
    for (int i = 1; i < end; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--"))
            break;
        if (!strncmp(a, "--", 2)) {
            const char *eq = strchr(a + 2, '=');
            size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
            const struct option *o = long_option(longopts, a + 2, n);
            if (!o)
                continue;   /* getopt_long refused it before */
            const char *value = eq ? eq + 1 : NULL;
            if (!value && o->has_arg == required_argument && i + 1 < end)
                value = argv[++i];
            if (!add_option(k, o->name, value))
                return false;
            continue;
        }
        /* a cluster of short options: -qv, -j2, -j 2 */
        for (const char *q = a + 1; *q; q++) {
            const char *s = strchr(shortopts, *q);
            if (!s || *q == ':')
                break;
            const char *value = NULL;
            if (s[1] == ':') {
                value = q[1] ? q + 1 : (i + 1 < end ? argv[++i] : "");
            }
            char shortname[2] = { *q, 0 };
            const char *name = shortname;
            for (const struct option *o = longopts; o->name; o++)
                if (o->val == *q) {
                    name = o->name;
                    break;
                }
            if (!add_option(k, name, value))
                return false;
            if (value)
                break;
        }
    }
    return true;
}

bool wn_cli_key_add_config(wn_cli_key *k, const char *text)
{
    for (const char *line = text; *line;) {
        const char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        const char *eq = memchr(line, '=', n);
        if (line[0] != '#' && eq && eq > line) {
            const char *ke = eq;
            while (ke > line && ke[-1] == ' ')
                ke--;
            const char *v = eq + 1;
            while (v < line + n && *v == ' ')
                v++;
            char *value = strndup(v, (size_t)(line + n - v));
            bool ok = value && add_part(k, 'c', line, (size_t)(ke - line), value);
            free(value);
            if (!ok)
                return false;
        }
        line += n + (nl != NULL);
    }
    return true;
}

wn_status wn_cli_key_add_inputs(wn_cli_key *k, const char *const *paths, size_t n)
{
    char **files = NULL;
    size_t n_files = 0;
    wn_status st = wn_inputs_expand(paths, n, &files, &n_files);
    if (st)
        return st;
    for (size_t i = 0; i < n_files && !st; i++) {
        char value[64] = "0 0";
        struct stat s;
        if (!strcmp(files[i], "-"))
            k->reads_stdin = true;
        else if (wn_is_remote(files[i]))
            ; /* no stat, size and mtime 0: the URL string is the identity */
        else if (stat(files[i], &s) == 0)
            snprintf(value, sizeof value, "%llu %lld.%09ld", (unsigned long long)s.st_size,
                     (long long)s.st_mtim.tv_sec, (long)s.st_mtim.tv_nsec);
        /* the file itself, not the path as typed: ./a and a are one file, a from another
         * directory another */
        char *real = strcmp(files[i], "-") && !wn_is_remote(files[i]) ? realpath(files[i], NULL) : NULL;
        const char *path = real ? real : files[i];
        st = add_part_st(k, 'i', path, strlen(path), value);
        free(real);
    }
    wn_inputs_free(files, n_files);
    return st;
}

uint64_t wn_cli_key_options_hash(const wn_cli_key *k)
{
    uint64_t h = wn_hash64(k->command, strlen(k->command), HASH_SEED);
    for (size_t i = 0; i < k->n; i++) {
        const wn_cli_key_part *p = &k->parts[i];
        if (p->kind == 'i')
            continue;
        h = wn_hash64(&p->kind, 1, h);
        h = wn_hash64(p->name, strlen(p->name) + 1, h);
        h = wn_hash64(p->value, strlen(p->value) + 1, h);
    }
    return h ? h : 1;
}

/* ---- the file ------------------------------------------------------------------------------- */

static wn_status put_field(wn_buf *o, const char *s, bool last)
{
    wn_status st = WN_OK;
    for (; *s && !st; s++) {
        if (*s == '%' || *s == '\n' || *s == '\r' || (*s == ' ' && !last))
            st = wn_buf_printf(o, "%%%02X", (unsigned)(unsigned char)*s);
        else
            st = wn_buf_append_char(o, *s);
    }
    return st;
}

wn_status wn_cli_key_format(const wn_cli_key *k, wn_buf *o)
{
    wn_buf_reset(o);
    /* every status counts: a line left out would still checksum, and hide a difference */
    wn_status st = wn_buf_append_str(o, MAGIC);
    if (!st)
        st = wn_buf_printf(o, "command %s\n", k->command);
    for (size_t i = 0; i < k->n && !st; i++) {
        const wn_cli_key_part *p = &k->parts[i];
        st = wn_buf_printf(o, "%c ", p->kind);
        if (st)
            break;
        if (p->kind == 'i') {
            st = wn_buf_printf(o, "%s ", p->value);   /* two numbers: no escaping needed */
            if (!st)
                st = put_field(o, p->name, true);
        } else {
            st = put_field(o, p->name, false);
            if (!st)
                st = wn_buf_append_char(o, ' ');
            if (!st)
                st = put_field(o, p->value, true);
        }
        if (!st)
            st = wn_buf_append_char(o, '\n');
    }
    if (st)
        return st;
    uint64_t h = wn_hash64(o->data, o->len, HASH_SEED);
    return wn_buf_printf(o, "end %llu\n", (unsigned long long)h);
}

static int key_hexval(char ch)
{
    return ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
}

/* Decodes s[0..n) in place into a new string. */
static char *get_field(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    size_t k = 0;
    for (size_t i = 0; d && i < n; i++) {
        if (s[i] == '%' && i + 2 < n && key_hexval(s[i + 1]) >= 0 && key_hexval(s[i + 2]) >= 0) {
            d[k++] = (char)(key_hexval(s[i + 1]) * 16 + key_hexval(s[i + 2]));
            i += 2;
        } else {
            d[k++] = s[i];
        }
    }
    if (d)
        d[k] = '\0';
    return d;
}

bool wn_cli_key_parse(wn_cli_key *k, const char *p, size_t n)
{
    size_t ml = strlen(MAGIC);
    if (n < ml + 6 || memcmp(p, MAGIC, ml) || p[n - 1] != '\n')
        return false;
    const char *ls = p + n - 1;   /* the last line: "end HASH" */
    while (ls > p && ls[-1] != '\n')
        ls--;
    char *e;
    if (strncmp(ls, "end ", 4) || wn_hash64(p, (size_t)(ls - p), HASH_SEED) != strtoull(ls + 4, &e, 10) ||
        *e != '\n')
        return false;
    for (const char *q = p + ml; q < ls;) {
        const char *nl = memchr(q, '\n', (size_t)(ls - q));
        if (!nl)
            return false;
        size_t len = (size_t)(nl - q);
        if (len > 8 && !strncmp(q, "command ", 8)) {
            snprintf(k->command, sizeof k->command, "%.*s", (int)(len - 8), q + 8);
        } else if (len >= 3 && (q[0] == 'o' || q[0] == 'c' || q[0] == 'i') && q[1] == ' ') {
            const char *a = q + 2, *sp = memchr(a, ' ', (size_t)(nl - a));
            if (!sp)
                return false;
            if (q[0] == 'i') {   /* SIZE MTIME PATH */
                sp = memchr(sp + 1, ' ', (size_t)(nl - sp - 1));
                if (!sp)
                    return false;
            }
            char *f1 = get_field(a, (size_t)(sp - a)), *f2 = get_field(sp + 1, (size_t)(nl - sp - 1));
            bool ok = f1 && f2 && (q[0] == 'i' ? add_part(k, 'i', f2, strlen(f2), f1)
                                               : add_part(k, q[0], f1, strlen(f1), f2));
            if (ok && q[0] == 'i' && !strcmp(f2, "-"))
                k->reads_stdin = true;
            free(f1);
            free(f2);
            if (!ok)
                return false;
        } else {
            return false;
        }
        q = nl + 1;
    }
    return true;
}

/* ---- differences ---------------------------------------------------------------------------- */

static bool same_part(const wn_cli_key_part *a, const wn_cli_key_part *b)
{
    return a->kind == b->kind && !strcmp(a->name, b->name) && !strcmp(a->value, b->value);
}

/* Marks in `used` each part of `a` that has an equal, unmarked part in `b` (a multiset match). */
static void match_parts(const wn_cli_key *a, const wn_cli_key *b, bool *used_a, bool *used_b)
{
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < b->n; j++)
            if (!used_b[j] && same_part(&a->parts[i], &b->parts[j])) {
                used_a[i] = used_b[j] = true;
                break;
            }
}

static const char *kind_word(char kind)
{
    return kind == 'o' ? "option" : kind == 'c' ? "setting" : "input";
}

static wn_status show(wn_buf *o, char kind, const char *name, const char *value)
{
    if (kind == 'o')
        return wn_buf_printf(o, "--%s%s%s", name, value[0] ? " " : "", value);
    if (kind == 'c')
        return wn_buf_printf(o, "%s = %s", name, value);
    return wn_buf_append_str(o, name);
}

/* An input's "SIZE MTIME" as words. */
static wn_status show_stat(wn_buf *o, const char *value)
{
    char *end;
    unsigned long long size = strtoull(value, &end, 10);
    time_t t = (time_t)strtoll(end, NULL, 10);
    struct tm tm;
    char when[32] = "?";
    if (gmtime_r(&t, &tm))
        strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm);
    return wn_buf_printf(o, "%llu bytes, modified %s", size, when);
}

size_t wn_cli_key_diff(const wn_cli_key *before, const wn_cli_key *now, wn_buf *o, size_t max_lines)
{
    wn_buf_reset(o);
    size_t lines = 0, more = 0;
    /* once a piece does not fit, nothing more is added (no line with a hole in it) and the
     * message says it was cut; the count of differences stays whole */
    bool cut = false;
#define PUT(expr) ((void)(cut || (cut = (expr) != WN_OK)))
#define LINE_START() (lines++ < max_lines ? (PUT(wn_buf_append_str(o, "\n  ")), true) : (more++, false))
    if (strcmp(before->command, now->command) && LINE_START())
        PUT(wn_buf_printf(o, "command: 'winnow %s' there, 'winnow %s' now", before->command, now->command));
    bool *ub = calloc(before->n + 1, 1), *un = calloc(now->n + 1, 1);
    if (!ub || !un) {
        free(ub);
        free(un);
        PUT(wn_buf_append_str(o, "\n  (out of memory listing the differences)"));
        return lines + 1;   /* cannot tell: as different (the folder is left alone) */
    }
    match_parts(now, before, un, ub);
    /* a part of `now` with the same name as an unmatched one of `before`: changed */
    for (size_t j = 0; j < now->n; j++) {
        const wn_cli_key_part *p = &now->parts[j];
        if (un[j])
            continue;
        size_t i = 0;
        while (i < before->n && (ub[i] || before->parts[i].kind != p->kind || strcmp(before->parts[i].name, p->name)))
            i++;
        if (i < before->n) {
            ub[i] = un[j] = true;
            if (!LINE_START())
                continue;
            const wn_cli_key_part *b = &before->parts[i];
            if (p->kind == 'i') {
                PUT(wn_buf_printf(o, "input %s changed: ", p->name));
                PUT(show_stat(o, b->value));
                PUT(wn_buf_append_str(o, " then, "));
                PUT(show_stat(o, p->value));
                PUT(wn_buf_append_str(o, " now"));
            } else {
                PUT(wn_buf_printf(o, "%s %s%s: '%s' then, '%s' now", kind_word(p->kind),
                                  p->kind == 'o' ? "--" : "", p->name, b->value, p->value));
            }
        }
    }
    for (size_t j = 0; j < now->n; j++)
        if (!un[j] && LINE_START()) {
            PUT(wn_buf_printf(o, "%s ", kind_word(now->parts[j].kind)));
            PUT(show(o, now->parts[j].kind, now->parts[j].name, now->parts[j].value));
            PUT(wn_buf_append_str(o, now->parts[j].kind == 'i' ? ": not an input of the run there"
                                                               : ": not given to the run there"));
        }
    for (size_t i = 0; i < before->n; i++)
        if (!ub[i] && LINE_START()) {
            PUT(wn_buf_printf(o, "%s ", kind_word(before->parts[i].kind)));
            PUT(show(o, before->parts[i].kind, before->parts[i].name, before->parts[i].value));
            PUT(wn_buf_append_str(o, before->parts[i].kind == 'i' ? ": an input of the run there, not now"
                                                                  : ": given to the run there, not now"));
        }
    if (!lines && !strcmp(before->command, now->command)) {
        /* the same parts: only their order can differ, which can matter (the last --x wins) */
        for (size_t i = 0; i < now->n && i < before->n; i++)
            if (!same_part(&now->parts[i], &before->parts[i])) {
                lines++;
                PUT(wn_buf_append_str(o, "\n  the same options or inputs, in another order"));
                break;
            }
    }
    if (more)
        PUT(wn_buf_printf(o, "\n  and %zu more", more));
    if (cut) {
        /* room for the note: the buffer's cap is far above it */
        static const char note[] = "\n  ... (the list is longer than winnow shows)";
        if (o->len + sizeof note > o->max)
            o->len = o->max > sizeof note ? o->max - sizeof note : 0;
        if (wn_buf_append_str(o, note) != WN_OK)
            o->len = 0;
    }
#undef LINE_START
#undef PUT
    free(ub);
    free(un);
    return lines;
}
