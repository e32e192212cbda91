# The Python package's tests (tests/python, pytest) with Debian's interpreter, on the package
# built in place by `make python` ($BUILD/python). Under the ASan suite of make check
# (WN_SANITIZED=1, $BUILD/python built with -fsanitize=address,undefined against the ASan
# libwinnow.a) the interpreter runs with libasan preloaded, PYTHONMALLOC=malloc (every Python
# object through malloc, so ASan sees them) and leak detection. The interpreter and numpy
# leak a little at exit by themselves, so instead of a suppression file (a frame of python3.11
# is in every stack, ours too) tests/python/asan_report.py fails the test on any ASan or UBSan
# error and on any leak whose stack passes through the extension or libwinnow (both built
# with frame pointers, so ASan's fast unwinder sees their frames), and counts the rest as the
# interpreter's. Python objects the extension would leak (a missing Py_DECREF) have stacks
# inside the interpreter only: tests/python/test_leaks.py counts live objects and traced
# memory around repeated calls instead.
set -eu
PY=/usr/bin/python3
$PY -c 'import pytest' 2>/dev/null || { echo "python3-pytest missing (scripts/packages.txt)"; exit 1; }
ls "$BUILD"/python/winnow/_winnow*.so >/dev/null 2>&1 || { echo "$BUILD/python not built (make python)"; exit 1; }
cd "$ROOT"
args=(-q -p no:cacheprovider -o console_output_style=classic --basetemp="$TMP/pytest" tests/python)
if [ -z "${WN_SANITIZED:-}" ]; then
    exec $PY -m pytest "${args[@]}"
fi
log="$TMP/asan"
out="$TMP/pytest.out"
rc=0
# exitcode 86: what ASan exits with after a report (the interpreter's own leaks make one at
# every exit), told apart from pytest's codes; pytest's summary line then says whether the
# tests passed, and asan_report.py whether any report is winnow's
LD_PRELOAD=$(gcc -print-file-name=libasan.so) PYTHONMALLOC=malloc \
    ASAN_OPTIONS="detect_leaks=1:malloc_context_size=30:log_path=$log:exitcode=86" \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    $PY -m pytest "${args[@]}" > "$out" 2>&1 || rc=$?
cat "$out"
ok=1
case $rc in 0|86) ;; *) echo "pytest exited $rc"; ok=0 ;; esac
tail -n 1 "$out" | grep -Eq '^[0-9]+ passed' || { echo "no pytest summary: the interpreter died"; ok=0; }
tail -n 1 "$out" | grep -Eq ' (failed|error)' && ok=0
$PY tests/python/asan_report.py "$log".* || ok=0
[ $ok = 1 ]
