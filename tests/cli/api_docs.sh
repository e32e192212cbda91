# docs/api.md against the code: its list of config keys is exactly what wn_config_has_key
# accepts among the CLI's options (run's and dedup's, and every filter key of
# `winnow run --print-config`), apart from the options it names as the CLI's own; and its
# worked example compiles against include/ and libwinnow.a alone and prints what it says.
set -eu
. "$ROOT/tests/cli/lib.sh"
API="$BUILD/tests/test_api"
DOC="$ROOT/docs/api.md"
cd "$TMP"
sed -n '/<!-- keys begin -->/,/<!-- keys end -->/p' "$DOC" | grep -o '^| `[a-z0-9-]*`' | tr -d '|` ' | sort > doc_keys
[ "$(wc -l < doc_keys)" -ge 80 ] || die "docs/api.md lists only $(wc -l < doc_keys) keys"
[ "$(uniq -d doc_keys)" = "" ] || die "keys listed twice: $(uniq -d doc_keys)"
# every documented key is one the library takes
bad=$("$API" has-key $(cat doc_keys)) || die "docs/api.md lists keys wn_config_has_key refuses: $bad"
# the CLI's options, less its own (rerun policy, logs, dedup's steps), are all documented and taken
cli_only="output overwrite skip-missing max-failed print-config quiet verbose log-interval log-format help method work-dir keep-work step inputs-from base-url"
{
    "$WINNOW" run --help; "$WINNOW" dedup --help
} | grep -o -- '--[a-z][a-z0-9-]*' | sed 's/^--//' > cli_opts
"$WINNOW" run --print-config --filters gopher_repetition,gopher_quality,c4,fineweb,pii,langid |
    grep -o '^[a-z0-9_]* =' | sed 's/ =//; s/_/-/g' | grep -vx 'stages' >> cli_opts
for o in $cli_only; do grep -vx -- "$o" cli_opts > t || true; mv t cli_opts; done
sort -u cli_opts > cli_keys
[ "$(wc -l < cli_keys)" -ge 80 ] || die "only $(wc -l < cli_keys) CLI options found"
missing=$(comm -23 cli_keys doc_keys)
[ -z "$missing" ] || die "CLI options neither keys in docs/api.md nor named as the CLI's own: $missing"
bad=$("$API" has-key $(cat cli_keys)) || die "CLI options wn_config_set does not take: $bad"
extra=$(comm -13 cli_keys doc_keys)
[ -z "$extra" ] || die "docs/api.md lists keys that are no CLI option: $extra"
echo "config keys: $(wc -l < doc_keys) documented = the CLI's options = wn_config_has_key's"

# the worked example
awk '/^## A worked example/{on=1} on && /^```c$/{code=1; next} code && /^```$/{exit} code' "$DOC" > example.c
[ -s example.c ] || die "no worked example found"
LIBS=$(make -s -C "$ROOT" print-ldlibs)
SAN=""   # a sanitized build's library needs its runtime (make check runs this on build-asan)
nm "$BUILD/libwinnow.a" 2>/dev/null | grep -q __asan_ && SAN="-fsanitize=address,undefined"
cc -std=c17 -Wall -Wextra -Werror -pthread $SAN -I"$ROOT/include" example.c "$BUILD/libwinnow.a" $LIBS -o example ||
    die "the worked example does not compile"
WINNOW_MODEL="$ROOT/models/lid.176.ftz" ./example > out.txt || die "the worked example failed"
[ "$(grep -c '^kept (en): An English sentence' out.txt)" -eq 2 ] && [ "$(grep -c '^dropped: language$' out.txt)" -eq 2 ] ||
    { cat out.txt; die "the worked example printed something else"; }
echo "worked example: compiles and prints what docs/api.md says"
