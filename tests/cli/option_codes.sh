# Every long option of every subcommand has a code of its own in the getopt table its command
# combines (cli.h: the I/O, dedup and log options with the command's own): given a bad value,
# each option that takes one names itself in the error, which finds the option by its code, so
# two options sharing a code would name the first of them (and getopt_long would take one for
# the other when resolving an abbreviation). Options that take no value must refuse one.
. "$ROOT/tests/cli/lib.sh"

checked=0
for cmd in run dedup clean extract report langid; do
    opts=$("$WINNOW" "$cmd" --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u) ||
        die "$cmd --help failed"
    for opt in $opts; do
        out=$("$WINNOW" "$cmd" "$opt=@" /nonexistent -o "$TMP/out-$cmd" 2>&1 </dev/null)
        # the command's getopt table (the filter keys of run and clean are parsed by name)
        case $out in
        "winnow: error: $cmd: --"*": bad value"*|"winnow $cmd: option '--"*"' takes no value"*)
            case $out in
            "winnow: error: $cmd: $opt: bad value"*|"winnow $cmd: option '$opt' takes no value"*) ;;
            *) die "$cmd $opt=@ names another option: $out" ;;
            esac
            checked=$((checked + 1)) ;;
        esac
    done
done
# run and dedup alone have more than 50 options that take a value or refuse one
[ "$checked" -ge 50 ] || die "only $checked options checked"
