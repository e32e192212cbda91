# Every WARC sample in shared/data/warc-samples is read: accounting is exact, the documents are
# those a second reader (a small Python WARC parser below, gzip/zstd decoded by Python and the
# zstd CLI) finds, defects are counted and reported with file, offset and record id, and output
# does not depend on -j or on the compression of the same records.
set -eu
S="$SHARED/data/warc-samples"
cat > "$TMP/oracle.py" <<'PY'
import gzip, json, re, subprocess, sys
def oracle(path):
  raw = open(path, 'rb').read()
  if raw[:2] == b'\x1f\x8b':
      try:
          data = gzip.decompress(raw)
      except Exception:  # truncated: take what decodes
          d = gzip.GzipFile(fileobj=__import__('io').BytesIO(raw)); data = b''
          try:
              while True:
                  c = d.read(65536)
                  if not c: break
                  data += c
          except Exception: pass
  elif raw[:4] == b'\x28\xb5\x2f\xfd':
      data = subprocess.run(['zstd', '-dc'], input=raw, capture_output=True).stdout
  else:
      data = raw
  urls = []
  pos = 0
  while True:
      i = data.find(b'WARC/1.', pos)
      if i < 0: break
      he = data.find(b'\r\n\r\n', i)
      if he < 0: break
      head = data[i:he].decode('latin-1')
      f = {k.strip().lower(): v.strip() for k, v in (l.split(':', 1) for l in head.split('\r\n')[1:] if ':' in l)}
      n = int(f.get('content-length', '0'))
      block = data[he + 4: he + 4 + n]
      if len(block) < n: break
      t = f.get('warc-type')
      ct = f.get('content-type', '')
      if t == 'response' and ct.startswith('application/http'):
          hb = block.find(b'\r\n\r\n')
          hdr = block[:hb].decode('latin-1').lower()
          m = re.search(r'^content-type:\s*([^;\r\n]*)', hdr, re.M)
          if m and m.group(1).strip() in ('text/html', 'application/xhtml+xml') and len(block) > hb + 4:
              urls.append(f.get('warc-target-uri', ''))
      elif t == 'resource' and ct.split(';')[0].strip() == 'text/html':
          urls.append(f.get('warc-target-uri', ''))
      elif t == 'conversion' and n > 0:
          urls.append(f.get('warc-target-uri', ''))
      pos = he + 4 + n
  return sorted(urls)
PY
n=0
: > "$TMP/list"
for f in "$S"/*/*.warc* ; do
    case "$f" in *.arc|*.arc.gz) continue;; esac
    out="$TMP/o$n"; n=$((n + 1))
    rc=0; "$WINNOW" run -j2 "$f" -o "$out" 2>"$out.err" || rc=$?
    [ "$rc" -le 1 ] || { echo "$f: exit $rc"; cat "$out.err"; exit 1; }
    for x in "$out"/kept/*.zst "$out"/dropped/*.zst; do if [ -s "$x" ]; then zstd -dc "$x"; fi; done > "$out.jsonl"
    printf '%s\t%s\n' "$f" "$out" >> "$TMP/list"
done

# defects: named, counted, located
"$WINNOW" run "$S/resiliparse/clipped.warc.gz" -o "$TMP/clip" 2>"$TMP/clip.err" && { echo "clipped: exit 0"; exit 1; }
grep -q "clipped.warc.gz: offset 0: record <urn:uuid:f3dfa8fa-f031-4a38-90cc-1dcee3d07bb5>: .*truncated gzip member" "$TMP/clip.err"
"$WINNOW" run "$S/warcio/example-trunc.warc" -o "$TMP/trunc" 2>"$TMP/trunc.err"
grep -q "example-trunc.warc: offset 1197: record <urn:uuid:a9c51e3e-0221-11e7-bf66-0242ac120005>: Content-Length 973 does not end the record" "$TMP/trunc.err"
"$WINNOW" run "$S/warcio/example-wrong-chunks.warc.gz" -o "$TMP/wc" 2>"$TMP/wc.err"
grep -q "offset 0: record <urn:uuid:80d63307-60af-43e0-903f-574b2f432b7e>: record does not end with CRLF CRLF" "$TMP/wc.err"
"$WINNOW" run "$S/warcio/example.warc.gz" -o "$TMP/ex" 2>/dev/null
"$WINNOW" run "$S/commoncrawl-whirlwind/whirlwind.warc.wet.gz" -o "$TMP/wet" 2>/dev/null
zstd -dc "$TMP/wet/kept/"*.zst | grep -q '"url":"https://an.wikipedia.org/wiki/Escopete"'

# the same records as gzip and as zstd give the same documents; -j1 = -j2
"$WINNOW" run -j1 "$S/resiliparse/warcfile.warc.gz" -o "$TMP/g1" 2>/dev/null
"$WINNOW" run -j2 "$S/resiliparse/warcfile.warc.gz" -o "$TMP/g2" 2>/dev/null
"$WINNOW" run -j2 "$S/generated/warcfile.warc.zst" -o "$TMP/z2" 2>/dev/null
cmp "$TMP/g1/kept/00000.jsonl.zst" "$TMP/g2/kept/00000.jsonl.zst"
zstd -dc "$TMP/g2/kept/00000.jsonl.zst" | sed 's/"source":"[^"]*"/"source":""/; s/"file_path":"[^"]*"/"file_path":""/' > "$TMP/g.jsonl"
zstd -dc "$TMP/z2/kept/00000.jsonl.zst" | sed 's/"source":"[^"]*"/"source":""/; s/"file_path":"[^"]*"/"file_path":""/' > "$TMP/z.jsonl"
cmp "$TMP/g.jsonl" "$TMP/z.jsonl"

# one Python run checks everything above that needs parsing (Python starts slowly here)
python3 - "$TMP" <<'PY'
import json, sys
tmp = sys.argv[1]
exec(open(f'{tmp}/oracle.py').read())
def stats(d): return json.load(open(f'{tmp}/{d}/stats.json'))
for line in open(f'{tmp}/list'):
    path, out = line.rstrip('\n').split('\t')
    s = json.load(open(f'{out}/stats.json'))
    d = s['documents']
    assert d['in'] == d['kept'] + d['dropped'] + d['failed'], (path, d)
    docs = [json.loads(l) for l in open(f'{out}.jsonl')]
    got = sorted(x['url'] for x in docs if x.get('reason') not in ('truncated', 'truncated_record'))
    want = oracle(path)
    assert got == want, (path, got, want)
r = stats('clip')
assert r['reader']['defect_truncated_record'] == 1 and r['documents']['failed'] == 1, r
r = stats('trunc')
assert r['reader']['defect_content_length'] == 1 and r['documents']['in'] == 1 and r['documents']['failed'] == 0, r
assert stats('wc')['reader']['defect_record_end'] == 1
assert stats('ex')['reader'] == {'skipped_request': 2, 'skipped_revisit': 1, 'skipped_warcinfo': 2, 'warc_records': 6}
assert stats('wet')['documents']['in'] == 1
lines = open(f'{tmp}/g.jsonl').read().splitlines()
assert len(lines) == 16, len(lines)
# every document carries url, date, record id, content type, status
for l in lines:
    d = json.loads(l); m = d['metadata']
    assert d['url'].startswith('http'), d['url']
    assert d['id'] == m['warc_record_id'] and d['id'].startswith('<urn:uuid:')
    assert m['date'].startswith('2020-08-08T') and m['http_status'] == 200
    assert 'html' in m['content_type']
    # the declared charset, as its WHATWG name, when the HTTP header has one (else null: docs/output.md)
    assert ('charset=' in m['content_type'].lower()) == (m['charset'] is not None), m
PY
echo ok
