# pip install --no-build-isolation ./python (offline, Debian's pip and setuptools) into a
# fresh target directory, then the installed package, imported from outside the source tree,
# extracts a page and identifies a language with the model and stop words it carries, and
# needs no libwinnow.so (ldd) and exports nothing but its init function (nm -D).
set -eu
[ -z "${WN_SANITIZED:-}" ] || { echo "skipped under ASan: the installed module links the release libwinnow.a"; exit 0; }
PY=/usr/bin/python3
$PY -m pip --version >/dev/null 2>&1 || { echo "python3-pip missing (scripts/packages.txt)"; exit 1; }
site="$TMP/site"
# a copy of python/, so that the build's files (build/, *.egg-info) stay out of the tree;
# WINNOW_ROOT names the tree the copy came from (setup.py takes libwinnow.a from it)
cp -r "$ROOT/python" "$TMP/src"
rm -rf "$TMP/src/build" "$TMP/src"/*.egg-info
WINNOW_ROOT="$ROOT" WINNOW_BUILD="$BUILD" $PY -m pip install -q --no-build-isolation --no-deps --no-index \
    --target "$site" "$TMP/src" > "$TMP/pip.log" 2>&1 || { cat "$TMP/pip.log"; exit 1; }
so=$(ls "$site"/winnow/_winnow*.so)
if ldd "$so" | grep -q libwinnow; then echo "the installed module needs libwinnow.so"; exit 1; fi
exports=$(nm -D --defined-only "$so" | awk '$2 == "T" {print $3}')
[ "$exports" = "PyInit__winnow" ] || { echo "the module exports: $exports"; exit 1; }
cd /
env -u WINNOW_MODEL -u WINNOW_STOPWORDS PYTHONPATH="$site" $PY - "$ROOT" <<'PY'
import os, sys, winnow
assert winnow.__file__.startswith(os.environ["PYTHONPATH"]), winnow.__file__
pkg = os.path.dirname(winnow.__file__)
for sub in ("data/stopwords-iso.json", "models/lid.176.ftz"):
    assert os.path.exists(os.path.join(pkg, sub)), sub
root = sys.argv[1]
seed = open(os.path.join(root, "samples", "seed-news-article.txt"), encoding="utf-8").read()
page = "<html><body><article><h1>News</h1>%s</article></body></html>" % "".join(
    "<p>%s</p>" % line for line in seed.split("\n") if line.strip())
r = winnow.extract(page)
assert r["status"] == "kept" and len(r["text"]) > 200, r
labels, probs = winnow.LanguageIdentifier().predict("Das ist ein deutscher Satz.")
assert labels == ("__label__de",), labels
p = winnow.Pipeline(langid=True, languages="en")
assert p.process({"text": seed})["status"] == "kept"
# a preset applies after the package's defaults and keeps them
assert winnow.Pipeline(preset="fineweb").process({"text": seed})["metadata"]["language"] == "en"
print("installed package works:", winnow.version())
PY
