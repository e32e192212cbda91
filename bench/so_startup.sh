#!/usr/bin/env bash
# bench/so_startup.sh: what loading libwinnow.so costs at start-up, against linking
# libwinnow.a. The CLI itself cannot link against libwinnow.so: it calls the library's internal
# interfaces (src/winnow/*.h), which the shared library hides. So the comparison is one
# program, `winnow --version` in a few lines of C through the public API (wn_version_string),
# linked three ways, beside the real CLI:
#   cli          build/winnow --version (libwinnow.a inside, the dependencies shared)
#   static       the program with build/libwinnow.a and LDLIBS, as the CLI is linked
#   static-full  the program linked -static, with `pkg-config --static` flags as an installed
#                winnow.pc gives them (no shared object at all; whole archive)
#   shared       the program against build/libwinnow.so (it and its dependencies loaded by ld.so)
# For each: the mean wall time of one run over N runs (the loop's time over N) and the minor
# page faults of one run (GNU time's %R, the mean of N runs), side by side.
#   bench/so_startup.sh [N]     default N = 200
# Measured (2026-12-05, 2 shared cores, load ~3.9, N = 200): wall ms/run and minor faults,
#   cli 2.64 / 267, static 0.93 / 77, static-full 0.58 / 54, shared 2.98 / 273 (14 shared
#   objects: libwinnow.so and ICU, uchardet, modest, brotli, zstd, zlib, libstdc++...). Loading
#   libwinnow.so costs about 2 ms and 200 page faults over the static program, which loads only
#   libc (the linker drops the unused shared dependencies); about what build/winnow pays already
#   for its shared dependencies. Wall times move with the load; the fault counts do not.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
N=${1:-200}
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time, Debian package time)" >&2; exit 2; }
make -s -j2 build/winnow build/libwinnow.a build/libwinnow.so >/dev/null
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cat > "$W/version.c" <<'C'
#include <stdio.h>
#include <winnow.h>

int main(void)
{
    printf("winnow %s\n", wn_version_string());
    return 0;
}
C
cc -O2 -Iinclude -o "$W/static" "$W/version.c" build/libwinnow.a $(make -s print-ldlibs)
cc -O2 -Iinclude -o "$W/shared" "$W/version.c" -Lbuild -lwinnow -Wl,-rpath,"$ROOT/build"
# an installed tree for pkg-config, as a user of the library has it
make -s install DESTDIR="$W/dest" PREFIX=/usr/local >/dev/null
sed "s|^prefix=/usr/local\$|prefix=$W/dest/usr/local|" "$W/dest/usr/local/lib/pkgconfig/winnow.pc" > "$W/winnow.pc"
libs=$(PKG_CONFIG_PATH="$W" pkg-config --static --libs winnow)
cc -O2 -static $(PKG_CONFIG_PATH="$W" pkg-config --cflags winnow) -o "$W/static-full" "$W/version.c" \
    ${libs/-lwinnow/-Wl,--whole-archive -lwinnow -Wl,--no-whole-archive} 2>/dev/null
for b in static static-full shared; do
    [ "$("$W/$b")" = "$(build/winnow --version)" ] || { echo "$b prints something else" >&2; exit 1; }
done

printf '%-12s %12s %14s %10s %s\n' binary "wall ms/run" "minor faults" "size KB" "shared objects loaded"
one() { # name path args...
    local name=$1 bin=$2; shift 2
    local t0 t1 faults=0 f i
    t0=$(date +%s%N)
    for ((i = 0; i < N; i++)); do "$bin" "$@" >/dev/null; done
    t1=$(date +%s%N)
    for ((i = 0; i < N; i++)); do
        f=$( { /usr/bin/time -f %R "$bin" "$@" >/dev/null; } 2>&1 )
        faults=$((faults + f))
    done
    local so
    so=$(ldd "$bin" 2>/dev/null | grep -c '=>' || true)
    awk -v n="$name" -v ns=$((t1 - t0)) -v f="$faults" -v N="$N" -v kb=$(( $(stat -c %s "$bin") / 1024 )) -v so="$so" \
        'BEGIN { printf "%-12s %12.3f %14.1f %10d %s\n", n, ns / N / 1e6, f / N, kb, so }'
}
one cli build/winnow --version
one static "$W/static"
one static-full "$W/static-full"
one shared "$W/shared"
echo "($N runs each; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
