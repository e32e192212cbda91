# A folder of .html files in several encodings (made with iconv here) is read one document per
# file, and each page's text comes out as the right UTF-8 (the phrase survives), whatever the
# declaration: <meta charset>, http-equiv, BOM, or none (detector).
set -eu
mkdir -p "$TMP/site/sub"
mk() { # name encoding head-declaration text
    printf '<!DOCTYPE html><html><head>%s<title>t</title></head><body><article><p>%s</p><p>%s</p><p>%s</p></article></body></html>\n' \
        "$3" "$4" "$4" "$4" | iconv -f UTF-8 -t "$2" > "$TMP/site/$1"
    printf '%s\n' "$4" > "$TMP/want.$(basename "$1")"
}
RU='Съешь же ещё этих мягких французских булок, да выпей чаю. Широкая электрификация южных губерний даст мощный толчок подъёму сельского хозяйства.'
JA='いろはにほへと ちりぬるを わかよたれそ つねならむ。日本語の文章を正しく判定できるか確かめるための文です。東京都の天気は晴れでした。'
ZH='我能吞下玻璃而不伤身体。这是一个用于测试字符编码检测的中文段落，包含常用汉字和标点符号。北京的天气今天很好，我们去公园散步吧。'
KO='다람쥐 헌 쳇바퀴에 타고파. 한국어 문장을 올바르게 판별하는지 확인하기 위한 문장입니다. 서울의 날씨는 맑습니다.'
DE='Falsches Üben von Xylophonmusik quält jeden größeren Zwerg. Größe, Süße, Bäcker und Straße.'
mk a.html WINDOWS-1251 '<meta charset="windows-1251">' "$RU"
mk b.html KOI8-R '' "$RU"
mk c.htm SHIFT_JIS '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">' "$JA"
mk sub/d.html GB18030 '' "$ZH"
mk sub/e.html EUC-KR '<meta charset=euc-kr>' "$KO"
mk f.html ISO-8859-1 '<meta charset=latin1>' "$DE"
mk g.html UTF-16 '' "$JA"
mk h.html UTF-8 '<meta charset=iso-8859-1>' "$DE"
mk i.html WINDOWS-1251 '<meta charset=utf-8>' "$RU"
"$WINNOW" run -j2 "$TMP/site" -o "$TMP/out" 2>"$TMP/err" || { cat "$TMP/err"; exit 1; }
zstd -dc "$TMP/out/kept/"*.zst > "$TMP/kept.jsonl"
python3 - "$TMP" <<'PY'
import json, os, sys
tmp = sys.argv[1]
s = json.load(open(f'{tmp}/out/stats.json'))
d = s['documents']
assert d['in'] == 9 and d['in'] == d['kept'] + d['dropped'] + d['failed'], d
docs = {os.path.basename(j['id']): j for j in map(json.loads, open(f'{tmp}/kept.jsonl'))}
assert len(docs) == 9, sorted(docs)
for name, doc in docs.items():
    want = open(f'{tmp}/want.{name}', encoding='utf-8').read().strip()
    assert want in doc['text'], (name, doc['text'][:200])
    assert '\ufffd' not in doc['text'], name
PY
echo ok
