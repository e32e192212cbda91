"""pytest setup for the winnow Python package's tests (tests/cli/python.sh runs them with
Debian's /usr/bin/python3): the package is imported from the build tree ($BUILD/python, made
by `make python`), the CLI's binary ($WINNOW) is the oracle for extract and Pipeline, and
fastText's own Python module for language ID."""
import os
import subprocess
import sys

import pytest

ROOT = os.environ.get("ROOT") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("BUILD") or os.path.join(ROOT, "build")
if not os.path.isabs(BUILD):
    BUILD = os.path.join(ROOT, BUILD)
WINNOW = os.environ.get("WINNOW") or os.path.join(BUILD, "winnow")
SHARED = os.environ.get("SHARED") or os.path.join(ROOT, "..", "shared")
PAGES = os.path.join(SHARED, "data", "trafilatura-eval", "html")
MODEL = os.path.join(ROOT, "models", "lid.176.ftz")
STOPWORDS = os.path.join(ROOT, "data", "stopwords-iso.json")
# under ASan (tests/cli/python.sh with WN_SANITIZED=1) the oracles' sizes shrink: the point
# there is memory errors and leaks, not coverage of every page
SANITIZED = bool(os.environ.get("WN_SANITIZED"))

sys.path.insert(0, os.path.join(BUILD, "python"))


def cli(*args, check=True, **kw):
    """Runs the winnow CLI (the oracle) from ROOT, returning its stdout as bytes."""
    r = subprocess.run([WINNOW, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    if check and r.returncode not in (0, 1):
        raise AssertionError("winnow %s: exit %d: %s" % (" ".join(args), r.returncode, r.stderr.decode()[-2000:]))
    return r.stdout


def page_files(limit=None):
    files = sorted(os.path.join(PAGES, f) for f in os.listdir(PAGES) if f.endswith(".html"))
    return files[:limit] if limit else files


@pytest.fixture(scope="session")
def root():
    return ROOT
