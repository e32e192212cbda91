#!/usr/bin/env bash
# make install into a temporary DESTDIR with a PREFIX puts exactly the CLI, the libraries
# (symlinks kept), include/winnow.h, winnow.pc and the man page there; libwinnow.so exports
# exactly the functions include/winnow.h declares WN_API that the library defines, and
# nothing else; a C program built with nothing but `pkg-config --cflags --libs winnow` runs
# against the installed libwinnow.so and reports the header's version, and the same program
# links with `pkg-config --static` and every object of libwinnow.a (statically); the man
# page renders without a warning; make uninstall removes every file. For $BUILD as built
# (release, or ASan: the programs are then built with the same sanitizers).
set -u
. "$ROOT/tests/cli/lib.sh"
cd "$ROOT" || die "no $ROOT"
# a clean make of our own, not a job of the make that may have started the tests
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory BUILD="$BUILD" "$@"; }
D="$TMP/dest"; P=/opt/winnow-test; I="$D$P"
SAN=()
[ -n "${WN_SANITIZED:-}" ] && SAN=(-fsanitize=address,undefined -fno-omit-frame-pointer)

# the version, read from the header (the oracle of every version check below)
ver() { sed -n "s/^#define WN_VERSION_$1 *\([0-9][0-9]*\) *\$/\1/p" include/winnow.h; }
V="$(ver MAJOR).$(ver MINOR).$(ver PATCH)"
case "$V" in [0-9]*.[0-9]*.[0-9]*) ;; *) die "cannot read the version from include/winnow.h: '$V'" ;; esac
M=$(ver MAJOR)

# nothing to build: the tests run on a finished build (a rebuild here would mix flags)
mk -q "$BUILD/winnow" "$BUILD/libwinnow.a" "$BUILD/libwinnow.so.$V" ||
    die "$BUILD is not up to date (run make first)"
mk install PREFIX="$P" DESTDIR="$D" > "$TMP/install.log" 2>&1 || { cat "$TMP/install.log"; die "make install failed"; }

# ---- the file list -----------------------------------------------------------------------
want="bin/winnow
include/winnow.h
lib/libwinnow.a
lib/libwinnow.so
lib/libwinnow.so.$M
lib/libwinnow.so.$V
lib/pkgconfig/winnow.pc
share/man/man1/winnow.1"
[ -x "$BUILD/winnow-mpi" ] && want="bin/winnow-mpi
$want"
got=$(cd "$I" && find . \( -type f -o -type l \) | sed 's|^\./||' | LC_ALL=C sort)
[ "$got" = "$(LC_ALL=C sort <<<"$want")" ] || die "installed files:
$got
expected:
$want"
[ "$(readlink "$I/lib/libwinnow.so")" = "libwinnow.so.$M" ] || die "libwinnow.so is not a link to libwinnow.so.$M"
[ "$(readlink "$I/lib/libwinnow.so.$M")" = "libwinnow.so.$V" ] || die "libwinnow.so.$M is not a link to libwinnow.so.$V"
[ -f "$I/lib/libwinnow.so.$V" ] && [ ! -L "$I/lib/libwinnow.so.$V" ] || die "libwinnow.so.$V is not a file"
soname=$(readelf -d "$I/lib/libwinnow.so.$V" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ "$soname" = "libwinnow.so.$M" ] || die "soname '$soname', expected libwinnow.so.$M"
cmp -s include/winnow.h "$I/include/winnow.h" || die "installed winnow.h differs from include/winnow.h"
"$I/bin/winnow" --version > "$TMP/v" || die "installed winnow --version failed"
[ "$(cat "$TMP/v")" = "winnow $V" ] || die "winnow --version: '$(cat "$TMP/v")', expected 'winnow $V'"

# ---- exported symbols: exactly the WN_API functions ----------------------------------------
# declared: every function declaration in include/winnow.h that carries WN_API
python3 - include/winnow.h > "$TMP/declared" <<'PY' || die "cannot parse include/winnow.h"
import re, sys
src = open(sys.argv[1]).read()
src = re.sub(r"/\*.*?\*/", " ", src, flags=re.S)      # comments mention names too
src = re.sub(r"^\s*#.*$", " ", src, flags=re.M)        # the WN_API definition itself
names = set()
for decl in src.split(";"):
    if "WN_API" in decl:
        m = re.search(r"\b(wn_\w+)\s*\(", decl)
        assert m, "a WN_API declaration without a function name: " + decl.strip()
        names.add(m.group(1))
print("\n".join(sorted(names)))
PY
[ "$(wc -l < "$TMP/declared")" -ge 30 ] || die "only $(wc -l < "$TMP/declared") WN_API functions found in winnow.h"
# the dynamic symbol table's defined names, less what the toolchain itself defines in every
# shared object (none of them is ours: no project name starts with _)
nm -D --defined-only "$I/lib/libwinnow.so.$V" | awk '{ print $NF }' |
    grep -vxE '_init|_fini|_edata|_end|__bss_start' | LC_ALL=C sort -u > "$TMP/exported"
extra=$(LC_ALL=C comm -13 "$TMP/declared" "$TMP/exported")
[ -z "$extra" ] || die "libwinnow.so exports what winnow.h does not declare WN_API: $extra"
# a declared function that the library defines must be exported (a hidden one is a bug), and
# every declared one must be defined
nm --defined-only -g "$I/lib/libwinnow.a" 2>/dev/null | awk '$2 == "T" { print $3 }' |
    LC_ALL=C sort -u > "$TMP/defined"
hidden=$(LC_ALL=C comm -12 "$TMP/declared" "$TMP/defined" | LC_ALL=C comm -23 - "$TMP/exported")
[ -z "$hidden" ] || die "defined in libwinnow.a but not exported by libwinnow.so: $hidden"
for f in wn_version_number wn_version_string wn_strerror; do
    grep -qx "$f" "$TMP/exported" || die "libwinnow.so does not export $f"
done
missing=$(LC_ALL=C comm -23 "$TMP/declared" "$TMP/exported" | tr '\n' ' ')
[ -z "$missing" ] || die "declared WN_API in winnow.h but not exported by libwinnow.so: $missing"

TEXT="Installed libraries extract pages, and this paragraph is the page's main content, long enough to be kept by the extractor."
# ---- a program built with pkg-config only -------------------------------------------------
cat > "$TMP/prog.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <winnow.h>

/* the version, then one page through a chain of the default config: its extracted text */
int main(void)
{
    printf("%s\n", wn_version_string());
    if (wn_version_number() != WN_VERSION_NUMBER || strcmp(wn_version_string(), WN_VERSION_STRING))
        return 1;
    if (strcmp(wn_strerror(WN_ERR_TOO_LARGE), "too_large") != 0)
        return 1;
    static const char page[] = "<html><head><title>T</title></head><body><nav>Home</nav>"
        "<article><p>Installed libraries extract pages, and this paragraph is the page's main "
        "content, long enough to be kept by the extractor.</p></article></body></html>";
    wn_config *cfg = NULL;
    wn_chain *ch = NULL;
    wn_document *d = NULL;
    int rc = 1;
    if (wn_config_new(&cfg) || wn_chain_new(&ch, cfg) || wn_document_new(&d) ||
        wn_document_set(d, WN_FIELD_HTML, page, sizeof page - 1) || wn_chain_process(ch, d)) {
        fprintf(stderr, "%s\n", wn_last_error());
    } else if (wn_document_status(d) == WN_DOC_KEPT) {
        size_t n;
        const char *text = wn_document_get(d, WN_FIELD_TEXT, &n);
        printf("%.*s\n", (int)n, text);
        rc = 0;
    }
    wn_document_free(d);
    wn_chain_free(ch);
    wn_config_free(cfg);
    return rc;
}
C
# winnow.pc as installed, with its prefix moved into DESTDIR (what packaging tools do; pkgconf's
# --define-prefix would move the system's .pc files' prefixes too)
mkdir -p "$TMP/pc"
sed "s|^prefix=$P\$|prefix=$I|" "$I/lib/pkgconfig/winnow.pc" > "$TMP/pc/winnow.pc"
grep -qx "prefix=$I" "$TMP/pc/winnow.pc" || die "winnow.pc has no line prefix=$P"
export PKG_CONFIG_PATH="$TMP/pc"
pc() { pkg-config "$@" winnow; }
[ "$(pc --modversion)" = "$V" ] || die "pkg-config --modversion: '$(pc --modversion)', expected $V"
# the installed tree, nothing of the source tree: the flags point into DESTDIR
case "$(pc --cflags)" in *"-I$I/include"*) ;; *) die "pkg-config --cflags: '$(pc --cflags)'" ;; esac
cc -std=c17 -Wall -Werror "${SAN[@]}" -o "$TMP/prog" "$TMP/prog.c" $(pc --cflags --libs) ||
    die "cannot build a program with pkg-config --cflags --libs winnow: $(pc --cflags --libs)"
readelf -d "$TMP/prog" | grep -q "NEEDED.*\[libwinnow.so.$M\]" || die "the program does not load libwinnow.so.$M"
out=$(LD_LIBRARY_PATH="$I/lib" "$TMP/prog") || die "the program against libwinnow.so failed: '$out'"
[ "$out" = "$V
$TEXT" ] || die "the program against libwinnow.so printed '$out', expected '$V' and the page's text"
lib=$(LD_LIBRARY_PATH="$I/lib" ldd "$TMP/prog" | awk '$1 == "libwinnow.so.'"$M"'" { print $3 }')
[ "$lib" = "$I/lib/libwinnow.so.$M" ] || die "the program loaded libwinnow from '$lib'"

# static: every object of libwinnow.a (not only the few the program calls), so that each
# dependency the library has must come from pkg-config --static (a missing one is an undefined
# symbol). libwinnow.a is linked statically, its dependencies as the system has them: libcurl
# cannot be linked fully statically on Debian (no static libgssapi_krb5, libldap, libpsl).
if [ -z "${WN_SANITIZED:-}" ]; then   # the sanitizers' runtimes do not link statically
    libs=$(pc --static --libs)
    libs=${libs/-lwinnow/-Wl,--whole-archive -Wl,-Bstatic -lwinnow -Wl,-Bdynamic -Wl,--no-whole-archive}
    cc -std=c17 -Wall -Werror -o "$TMP/prog-static" "$TMP/prog.c" $(pc --cflags) $libs \
        2> "$TMP/static.err" || { cat "$TMP/static.err"; die "static link with pkg-config --static failed: $libs"; }
    readelf -d "$TMP/prog-static" 2>/dev/null | grep NEEDED | grep -q libwinnow \
        && die "the program linked with libwinnow.a needs libwinnow.so"
    out=$("$TMP/prog-static") || die "the static program failed: '$out'"
    [ "$out" = "$V
$TEXT" ] || die "the static program printed '$out', expected '$V' and the page's text"
fi

# ---- the man page ---------------------------------------------------------------------------
warn=$(groff -man -ww -z "$I/share/man/man1/winnow.1" 2>&1)
[ -z "$warn" ] || die "groff warns on winnow.1: $warn"
grep -q "^\.TH WINNOW 1 .*\"winnow $V\"" "$I/share/man/man1/winnow.1" || die "winnow.1 does not name version $V"
text=$(MANWIDTH=100 man -l "$I/share/man/man1/winnow.1" 2>/dev/null) || die "man -l winnow.1 failed"
for w in run extract clean langid dedup report WINNOW_MODEL WINNOW_STOPWORDS "EXIT STATUS" EXAMPLES "SEE ALSO"; do
    grep -q "$w" <<<"$text" || die "the man page does not mention $w"
done

# ---- uninstall ------------------------------------------------------------------------------
mk uninstall PREFIX="$P" DESTDIR="$D" > "$TMP/uninstall.log" 2>&1 || die "make uninstall failed"
left=$(find "$D" \( -type f -o -type l \))
[ -z "$left" ] || die "make uninstall left: $left"
exit 0
