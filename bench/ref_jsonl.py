#!/usr/bin/env python3
"""ref_jsonl.py: the reference for bench/pipeline.sh: what a Python JSONL pipeline
(datatrove's JsonlReader -> JsonlWriter shape) does at minimum: parse each line, rebuild the
document, write it back. Usage: ref_jsonl.py IN.jsonl OUT.jsonl"""
import json, sys

with open(sys.argv[1], encoding="utf-8") as fin, open(sys.argv[2], "w", encoding="utf-8") as fout:
    for line in fin:
        d = json.loads(line)
        doc = {"id": d.get("id"), "text": d["text"], "source": sys.argv[1], "url": d.get("url", ""),
               "metadata": {k: v for k, v in d.items() if k not in ("id", "text", "url")}}
        fout.write(json.dumps(doc, ensure_ascii=False) + "\n")
