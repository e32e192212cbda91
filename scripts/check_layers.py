#!/usr/bin/env python3
"""scripts/check_layers.py: checks that every dependency between winnow's modules goes down
the table of docs/layers.txt, and fails naming file, line and edge for any that does not.

usage: scripts/check_layers.py [--root DIR] [--objects BUILD/obj]

The table lists the modules lowest first; each line names the interface headers (under
src/winnow/, or include/ for the public API) that belong to the module and the modules it may use, which must be on lines above it, so the
table itself cannot hold a cycle. A module may use what it lists and what those may use.

Checked, over every file in src/, include/ and programs/:
- each #include "..." of a project header is spelled from src/ or include/ ("io/lines.h",
  "winnow/doc.h"; not "../common/json.h" nor a bare "lines.h"); programs/, which is no
  library module, may also include its own headers by their bare names;
- the edge from the including file's module to the included header's module is allowed;
- programs/ include module interfaces only: src/winnow/*.h and the public include/winnow.h.
With --objects (a build's obj/ directory), also the symbol-level edges: each undefined symbol
of an object, defined by an object of another module, must be allowed too (this catches a call
made through a declaration copied by hand), and programs/ may call only functions declared in
src/winnow/ or include/. Objects whose source no longer exists (a file moved since the build) are ignored.
Exit status 0 when every edge is allowed, 1 otherwise (or when the table is malformed).
python3 stdlib; nm from binutils for --objects.
"""
import argparse, os, re, subprocess, sys

INCLUDE_RE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')
SOURCE_DIRS = ("src", "include", "programs")


def read_table(path):
    """Returns (order, uses, header_module): modules lowest first, each module's set of
    allowed modules (transitive), and interface header name -> module. Exits on a malformed table."""
    order, direct, header_module, errors = [], {}, {}, []
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            m = re.fullmatch(r"([a-z_]+)\s*\|\s*([^|]*)\|\s*(.*)", line)
            if not m:
                errors.append(f"{path}:{n}: expected 'module | headers | uses', got: {raw.strip()}")
                continue
            mod, headers, uses = m.group(1), m.group(2).split(), m.group(3).split()
            if mod in direct:
                errors.append(f"{path}:{n}: module {mod} listed twice")
            for u in uses:
                if u not in direct:
                    errors.append(f"{path}:{n}: {mod} may use {u}, which is not on a line above "
                                  "(the table lists modules lowest first)")
            for h in headers:
                if h in header_module:
                    errors.append(f"{path}:{n}: header {h} belongs to {header_module[h]} already")
                header_module[h] = mod
            order.append(mod)
            direct[mod] = set(u for u in uses if u in direct)
    if errors:
        sys.exit("\n".join(errors))
    uses = {}
    for mod in order:   # lowest first, so the modules used are closed already
        closed = set(direct[mod])
        for u in direct[mod]:
            closed |= uses[u]
        uses[mod] = closed
    return order, uses, header_module


def module_of(rel, header_module):
    """The module a repository path belongs to, or None."""
    parts = rel.split("/")
    if parts[0] == "src" and len(parts) >= 3 and parts[1] == "winnow":
        return header_module.get("/".join(parts[1:]))
    if parts[0] == "src" and len(parts) >= 3:
        return parts[1]
    if parts[0] == "include":
        return header_module.get("/".join(parts[1:]))
    if parts[0] == "programs":
        return "programs"
    return None


def is_interface(rel):
    """A header programs/ may use: a module interface or the public API."""
    return rel.startswith("include/") or rel.startswith("src/winnow/")


def project_files(root):
    for top in SOURCE_DIRS:
        for d, _, files in sorted(os.walk(os.path.join(root, top))):
            for name in sorted(files):
                if name.endswith((".c", ".h")):
                    yield os.path.relpath(os.path.join(d, name), root)


def check_includes(root, uses, header_module, known):
    errors = []
    for rel in project_files(root):
        mod = module_of(rel, header_module)
        if mod is None:
            errors.append(f"{rel}: not in any module of docs/layers.txt")
            continue
        if mod not in known:
            errors.append(f"{rel}: module {mod} is not in docs/layers.txt")
            continue
        with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
            for n, line in enumerate(f, 1):
                m = INCLUDE_RE.match(line)
                if not m:
                    continue
                name = m.group(1)
                where = f"{rel}:{n}: #include \"{name}\""
                if mod == "programs" and "/" not in name and \
                        os.path.isfile(os.path.join(root, "programs", name)):
                    continue   # programs/' own headers, next to its files
                if name.startswith("gen/"):
                    continue   # a table generated at build time into $(BUILD)/gen/ (Makefile) for the file that includes it
                if os.path.isfile(os.path.join(root, "include", name)):
                    target_rel = "include/" + name
                elif os.path.isfile(os.path.join(root, "src", name)):
                    target_rel = "src/" + name
                else:
                    errors.append(f"{where}: not spelled from src/ or include/")
                    continue
                if mod == "programs" and not is_interface(target_rel):
                    errors.append(f"{where}: programs -> {module_of(target_rel, header_module)}: "
                                  "programs/ use module interfaces (src/winnow/, include/) only")
                    continue
                target = module_of(target_rel, header_module)
                if target is None:
                    errors.append(f"{where}: {target_rel} is in no module of docs/layers.txt")
                elif target != mod and target not in uses[mod]:
                    errors.append(f"{where}: {mod} -> {target} is not an allowed edge")
    return errors


def nm_symbols(path):
    """(defined, undefined) global symbol names of one object file."""
    out = subprocess.run(["nm", "-P", path], capture_output=True, text=True, check=True).stdout
    defined, undefined = set(), set()
    for line in out.splitlines():
        f = line.split()
        if len(f) < 2:
            continue
        if f[1] == "U":
            undefined.add(f[0])
        elif f[1].isupper():   # lower case: a static symbol, local to its file
            defined.add(f[0])
    return defined, undefined


def check_symbols(root, objdir, uses, header_module):
    objects = []   # (repository path of the source, module, object path)
    for top in ("src", "programs"):
        for d, _, files in sorted(os.walk(os.path.join(objdir, top))):
            for name in sorted(files):
                if not name.endswith(".o"):
                    continue
                obj = os.path.join(d, name)
                src_rel = os.path.relpath(obj, objdir)[:-2] + ".c"
                if os.path.isfile(os.path.join(root, src_rel)):
                    objects.append((src_rel, module_of(src_rel, header_module), obj))
    if not objects:
        return [f"{objdir}: no objects of src/ or programs/ (build first)"]
    definer, undefined = {}, {}
    for src_rel, mod, obj in objects:
        d, u = nm_symbols(obj)
        for s in d:
            definer[s] = (mod, src_rel)
        undefined[src_rel] = (mod, u)
    public = set()
    for rel in project_files(root):
        if is_interface(rel) and rel.endswith(".h"):
            with open(os.path.join(root, rel), encoding="utf-8") as f:
                public |= set(re.findall(r"\b[A-Za-z_]\w*\b", f.read()))
    errors = []
    for src_rel, (mod, syms) in sorted(undefined.items()):
        for s in sorted(syms):
            if s not in definer:
                continue   # a system library's
            target, target_src = definer[s]
            if target == mod:
                continue
            where = f"{src_rel}: calls {s} (defined in {target_src})"
            if mod == "programs" and s not in public:
                errors.append(f"{where}: programs -> {target}: not declared in src/winnow/ or include/")
            elif mod != "programs" and target not in uses[mod]:
                errors.append(f"{where}: {mod} -> {target} is not an allowed edge")
    return errors


def main():
    ap = argparse.ArgumentParser(description="check winnow's module layering (docs/layers.txt)")
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap.add_argument("--objects", help="a build's obj/ directory, for the symbol-level check")
    a = ap.parse_args()
    table = os.path.join(a.root, "docs", "layers.txt")
    order, uses, header_module = read_table(table)
    errors = check_includes(a.root, uses, header_module, set(order))
    if a.objects:
        errors += check_symbols(a.root, a.objects, uses, header_module)
    for e in errors:
        print("layers: " + e)
    if errors:
        print(f"layers: {len(errors)} edge(s) against docs/layers.txt")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
