"""The one-schema oracle (docs/output.md): every line of every shard of a run, in every folder
of its layout, has exactly the metadata keys that docs/output.md's schema table turns on for the
run's configuration, in the table's order, each value of the table's type (or null); one key set
per run. The table is parsed here, so the doc and the code cannot drift apart. Used by
tests/cli/schema.sh (CLI runs) and tests/python/test_layouts.py (runs through the Python
package): `python3 schema_oracle.py DOC NAME:CONDITIONS...` or check_run() per run."""
import glob
import json
import os
import sys

TYPES = {"string": str, "integer": int, "number": (int, float), "object": dict, "array": list}
CONDITIONS = ("always", "langid", "paragraph-langid", "explain", "dedup", "minhash")


def schema_rows(doc):
    """(key, type, present-when) per row of docs/output.md's schema table."""
    text = open(doc, encoding="utf-8").read()
    table = text[text.index("<!-- schema begin -->"):text.index("<!-- schema end -->")].splitlines()
    rows = []
    for line in table:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0].startswith("`"):
            rows.append((cells[0].strip("`"), cells[1], cells[2]))
    assert len(rows) >= 20, rows
    for k, t, p in rows:
        assert t in TYPES, (k, t)
        assert p in CONDITIONS, (k, p)
    return rows


def check_run(rows, out, conds, dolma=False, split=False, extra=None, bare=None, dump=None, types=None):
    """Checks run directory `out`, whose configuration turns on `conds` (table words), written in
    dolma's layout and/or split by language. `extra`: input file name -> the JSONL input's own
    fields expected in metadata.input (files not named have none); `bare`: input file name -> the
    ids of its lines that carry no field of their own. `dump`: the --dump given, else it comes from a Common Crawl path or is null. Adds the
    JSON types seen per key to `types`. Returns the number of lines checked."""
    extra, bare = extra or {}, bare or {}
    on = {"always"} | set(conds)
    want = [k for k, t, p in rows if p in on]
    seen = {}
    files = sorted(glob.glob(os.path.join(out, "**", "*.jsonl"), recursive=True))
    folders = set(os.path.relpath(os.path.dirname(f), out) for f in files)
    top = "documents" if dolma else "kept"
    if dolma:
        assert not any(x.startswith("kept") for x in folders), (out, folders)
    if split:
        langs = set(x.split("/", 1)[1] for x in folders if x.startswith(top + "/"))
        assert (len(langs) >= 3 if "langid" in on else langs == {"und"}) and top not in folders, (out, folders)
    for f in files:
        rel = os.path.relpath(f, out).split(os.sep)
        in_dolma = rel[0] == "documents"
        lang_dir = rel[1] if len(rel) == 3 else None
        for n, line in enumerate(open(f, encoding="utf-8")):
            o = json.loads(line)
            m = dict(o["metadata"])
            where = "%s:%d" % (f, n + 1)
            if in_dolma:
                assert list(o) == ["id", "text", "source", "added", "created", "metadata"], (where, list(o))
                assert all(isinstance(o[k], str) for k in ("id", "text", "source", "added", "created")), where
                assert list(m)[0] == "url" and isinstance(m["url"], str), (where, list(m))
                assert o["created"] == (m["date"] or ""), (where, o["created"], m["date"])
                del m["url"]
            else:
                assert list(o)[:5] == ["id", "text", "source", "url", "metadata"], (where, list(o))
            if lang_dir is not None:
                # the folder is the language the langid stage gave, und without one
                assert lang_dir == (m.get("language") or "und"), (where, lang_dir, m.get("language"))
            keys = list(m)
            assert keys == want, (where, "keys", keys, "expected", want)
            own = m["input"]
            if own is not None:
                assert isinstance(own, dict) and list(own) == extra.get(m["file_path"]), (where, own)
            elif m["file_path"] in extra and o.get("status") != "failed":
                assert o["id"] in bare.get(m["file_path"], ()), (where, "no input fields")
            assert m["file_path"] == o["source"], (where, m["file_path"], o["source"])
            for k, t, p in rows:
                if k in m and m[k] is not None:
                    assert isinstance(m[k], TYPES[t]) and not isinstance(m[k], bool), (where, k, m[k], t)
            for k, v in m.items():
                if v is not None and types is not None:
                    types.setdefault(k, set()).add(type(v).__name__)
            # dump: --dump NAME on every line, else from the Common Crawl path, else null
            if dump is not None:
                assert m["dump"] == dump, (where, m["dump"])
            elif "crawl-data/CC-MAIN-2024-10/" in o["source"]:
                assert m["dump"] == "CC-MAIN-2024-10", (where, m["dump"])
            else:
                assert m["dump"] is None, (where, m["dump"])
            if "minhash" in on and o.get("status") is None:
                cid, size = m["minhash_cluster_id"], m["minhash_cluster_size"]
                assert isinstance(cid, int) and isinstance(size, int), (where, cid, size)
                assert (cid == -1) == (size == 1), (where, "datatrove: -1 exactly when alone", cid, size)
            seen[tuple(keys)] = seen.get(tuple(keys), 0) + 1
    assert seen, out + ": no lines"
    assert len(seen) == 1, (out, "key sets", list(seen))
    return sum(seen.values())


def check_types(types):
    """One JSON type per key across runs (integers and numbers count as one)."""
    for k, ts in types.items():
        assert len(ts - {"int", "float"}) + (1 if ts & {"int", "float"} else 0) <= 1, (k, ts)


# schema.sh's inputs: the JSONL files with fields of their own, and the run given --dump
SCHEMA_SH_EXTRA = {"extra.jsonl": ["shard", "tags", "crawl"], "extra2.jsonl": ["quality", "license", "nested"]}
SCHEMA_SH_BARE = {"extra2.jsonl": ("y0", "y3")}
SCHEMA_SH_DUMPS = {"languages-gopher": "MY-DUMP"}


def main(argv):
    rows = schema_rows(argv[1])
    types, lines = {}, 0
    for spec in argv[2:]:
        name, conds = spec.split(":", 1)
        n = check_run(rows, name, [c for c in conds.split(",") if c], dolma=name.startswith("dolma"),
                      split=name.endswith("split-language") or name.endswith("-split"),
                      extra=SCHEMA_SH_EXTRA, bare=SCHEMA_SH_BARE, dump=SCHEMA_SH_DUMPS.get(name), types=types)
        print("%s: %d lines, one key set" % (name, n))
        lines += n
    check_types(types)
    print("schema: %d lines, %d keys, one type each" % (lines, len(types)))


if __name__ == "__main__":
    main(sys.argv)
