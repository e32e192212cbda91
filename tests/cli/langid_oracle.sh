# winnow langid against the fastText CLI (the oracle), byte for byte: lid.176.ftz on the seed
# and on edge-case lines, and tiny models trained here with every loss, word n-grams, maxn 0,
# and quantization with -qout (pruned dictionary, qnorm).
set -eu
command -v fasttext >/dev/null || { echo "fasttext CLI missing (scripts/setup.sh installs it)"; exit 1; }
LID="$ROOT/models/lid.176.ftz"
[ -f "$LID" ] || { echo "models/lid.176.ftz missing (scripts/fetch-lid-model.sh)"; exit 1; }
cd "$TMP"
same() { # model input k threshold
    fasttext predict-prob "$1" "$2" "$3" "$4" > f.out
    "$WINNOW" langid --model "$1" -k "$3" --threshold "$4" "$2" > w.out
    if ! cmp -s f.out w.out; then
        echo "differs: $1 $2 k=$3 t=$4"; diff f.out w.out | head -5; exit 1
    fi
    [ -s f.out ] || { echo "empty oracle output: $1 $2"; exit 1; }
}
# Edge cases: empty and blank lines, CR, tabs, NUL, form feed, a label token, a very long line,
# invalid UTF-8, literal "</s>" tokens (fastText ends a line there and goes on with the rest),
# and a last line without '\n' (no end-of-sentence token there).
{
    printf 'Hello world, this is English.\n\n   \n\tBonjour\r\n'
    printf 'a\0b c\fd\vz\n__label__en Guten Tag\n__label__zz x\n\xff\xfe\xc3 broken \xe2\x82\n'
    printf 'Մատչելիության հղումներ\n日本語のテキストです。\n'
    printf 'hello </s> bonjour le monde\nabc </s>\n</s>\nx </s>  \nguten </s>tag </s> morgen\n'
    for i in $(seq 300); do printf 'Dies ist ein sehr langer Satz %d ' "$i"; done; printf '\n'
    printf 'no newline at the end'
} > edge.txt
cat "$SHARED/seed/000_199b5b13a894299b.txt" edge.txt > lid.txt
same "$LID" lid.txt 1 0
same "$LID" lid.txt -1 0
same "$LID" lid.txt 5 0.01
# Many chunks of lines (8192 a chunk) on several threads: the same bytes as fastText, in order.
for i in $(seq 600); do head -c -21 lid.txt; done > many.txt; cat lid.txt >> many.txt
[ "$(wc -l < many.txt)" -gt 20000 ] || { echo "many.txt too short"; exit 1; }
fasttext predict-prob "$LID" many.txt 2 > f.out
for j in 1 3; do
    "$WINNOW" langid --model "$LID" -k 2 -j $j many.txt > w.out
    cmp -s f.out w.out || { echo "differs with -j$j on many chunks"; exit 1; }
done
# Input from stdin, default model through $WINNOW_MODEL.
fasttext predict-prob "$LID" - 2 < lid.txt > f.out
WINNOW_MODEL="$LID" "$WINNOW" langid -k 2 < lid.txt > w.out
cmp f.out w.out

python3 "$ROOT/tests/cli/langid_gen.py" 2000 1 > train.txt
python3 "$ROOT/tests/cli/langid_gen.py" 400 2 | sed 's/__label__[a-z]* //g' > test.txt
cat edge.txt >> test.txt
ft() { fasttext supervised -input "$1" -output "$2" -dim 8 -epoch 3 -bucket 20000 -thread 1 -verbose 0 "${@:3}"; }
ft train.txt sm -loss softmax -minn 2 -maxn 4
ft train.txt hs -loss hs -minn 2 -maxn 4
ft train.txt ova -loss ova -minn 2 -maxn 4
ft train.txt ng -loss softmax -minn 0 -maxn 0 -wordNgrams 2
ft train.txt ng3 -loss hs -minn 3 -maxn 5 -wordNgrams 3
for m in sm hs ova ng ng3; do
    same $m.bin test.txt 1 0
    same $m.bin test.txt -1 0
    same $m.bin test.txt 2 0.2
done
# -qout needs >= 256 output rows: 260 labels.
python3 "$ROOT/tests/cli/langid_gen.py" 2000 3 260 > train260.txt
ft train260.txt q -loss hs -minn 2 -maxn 4 -wordNgrams 2
fasttext quantize -input train260.txt -output q -qnorm -qout -cutoff 500 -retrain -dsub 2 -epoch 1 -thread 1 -verbose 0
ft train260.txt q2 -loss softmax -dim 10 -minn 2 -maxn 4
fasttext quantize -input train260.txt -output q2 -qout -dsub 4 -thread 1 -verbose 0
for m in q q2; do
    same $m.ftz test.txt 1 0
    same $m.ftz test.txt -1 0
    same $m.ftz test.txt 3 0.01
done
echo ok
