"""pip install --no-build-isolation ./python : the winnow package (winnow._winnow, the C
extension, with libwinnow.a linked in statically: the installed module needs no libwinnow.so).

Where libwinnow comes from, in order:
  1. $WINNOW_ROOT, else the source tree this file sits in (../include/winnow.h exists):
     build/libwinnow.a, made with `make build/libwinnow.a` when missing; the link libraries
     from `make print-ldlibs`.
  2. pkg-config winnow (an installed libwinnow: `make install`): its include dir, libwinnow.a
     from its libdir, and `pkg-config --static --libs winnow` for the rest.
The stop-word lists (data/stopwords-iso.json) and the language model (models/lid.176.ftz) of
the source tree, when present, are installed inside the package, so that extraction and
language ID find them without $WINNOW_STOPWORDS / $WINNOW_MODEL.
"""
import os
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))


def _run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True, **kw).stdout.strip()


def _from_tree(root):
    build = os.environ.get("WINNOW_BUILD", os.path.join(root, "build"))
    lib = os.path.join(build, "libwinnow.a")
    if not os.path.exists(lib):
        print("setup.py: building %s with make" % lib, file=sys.stderr)
        subprocess.run(["make", "-C", root, "-j2", "BUILD=" + build, lib], check=True)
    libs = _run(["make", "-s", "-C", root, "print-ldlibs"]).split()
    return os.path.join(root, "include"), lib, libs


def _from_pkg_config():
    inc = _run(["pkg-config", "--variable=includedir", "winnow"])
    libdir = _run(["pkg-config", "--variable=libdir", "winnow"])
    libs = [f for f in _run(["pkg-config", "--static", "--libs", "winnow"]).split()
            if f not in ("-lwinnow",) and not f.startswith("-L" + libdir)]
    return inc, os.path.join(libdir, "libwinnow.a"), libs


def _find():
    root = os.environ.get("WINNOW_ROOT") or os.path.dirname(HERE)
    if os.path.exists(os.path.join(root, "include", "winnow.h")):
        return root, _from_tree(root)
    try:
        return None, _from_pkg_config()
    except (OSError, subprocess.CalledProcessError):
        sys.exit("setup.py: libwinnow not found: set WINNOW_ROOT to a winnow source tree, or "
                 "install libwinnow so that `pkg-config winnow` finds it")


ROOT, (INCLUDE, LIBA, LIBS) = _find()

# the data files the package carries, when the source tree has them (fetched by
# scripts/setup.sh, never committed)
DATA = [("data", "stopwords-iso.json"), ("models", "lid.176.ftz")]


class BuildPy(build_py):
    def run(self):
        super().run()
        if ROOT is None:
            return
        for sub, name in DATA:
            src = os.path.join(ROOT, sub, name)
            if os.path.exists(src):
                dst = os.path.join(self.build_lib, "winnow", sub)
                os.makedirs(dst, exist_ok=True)
                shutil.copyfile(src, os.path.join(dst, name))


def _version():
    import re
    h = open(os.path.join(INCLUDE, "winnow.h")).read()
    return ".".join(re.search(r"#define WN_VERSION_%s (\d+)" % p, h).group(1)
                    for p in ("MAJOR", "MINOR", "PATCH"))


ext = Extension(
    "winnow._winnow",
    sources=["winnow/_winnow.c"],
    include_dirs=[INCLUDE],
    extra_compile_args=["-std=c17", "-fvisibility=hidden", "-pthread"],
    extra_objects=[LIBA],
    libraries=[f[2:] for f in LIBS if f.startswith("-l")],
    library_dirs=[f[2:] for f in LIBS if f.startswith("-L")],
    # libwinnow's own symbols stay inside the module: only PyInit__winnow is exported, and a
    # libwinnow.so loaded by another module cannot be confused with this copy
    extra_link_args=["-pthread", "-Wl,--exclude-libs,ALL"],
)

setup(
    name="winnow",
    version=_version(),
    description="Web pages and text in, clean, language-labelled, filtered documents out",
    packages=["winnow"],
    ext_modules=[ext],
    cmdclass={"build_py": BuildPy},
    python_requires=">=3.9",
)
