# PII's public-IP decision against its definition, Python's ipaddress (datatrove validates a
# match with ipaddress.ip_address(m).is_global): /usr/bin/python3 decides every address, winnow
# must replace exactly the global ones. The addresses: the first, last, one-before and
# one-after address of every special-purpose block Python lists, and 3000 random ones (fixed
# seed); IPv6 ones (exploded, with --pii-ipv6 true) the same way. Also: the IPv6 option changes
# nothing on the trafilatura-eval texts (no address there, and code such as
# nggTags::find_images_for_tags() stays intact).
set -eu
PY=/usr/bin/python3
cd "$TMP"
$PY - > v4.jsonl <<'PY'
import ipaddress, json, random
rnd = random.Random(17)
nets = list(ipaddress._IPv4Constants._private_networks) + [ipaddress._IPv4Constants._public_network,
        ipaddress.ip_network("100.64.0.0/10"), ipaddress.ip_network("224.0.0.0/4")]
addrs = set()
for n in nets:
    a, b = int(n.network_address), int(n.broadcast_address)
    for x in (a - 1, a, a + 1, (a + b) // 2, b - 1, b, b + 1):
        if 0 <= x < 2**32:
            addrs.add(str(ipaddress.IPv4Address(x)))
for _ in range(3000):
    addrs.add(str(ipaddress.IPv4Address(rnd.getrandbits(32))))
for i, a in enumerate(sorted(addrs)):
    print(json.dumps({"id": str(i), "text": "host " + a + " here", "addr": a}))
PY
$PY - > v6.jsonl <<'PY'
import ipaddress, json, random
rnd = random.Random(17)
nets = list(ipaddress._IPv6Constants._private_networks) + [ipaddress.ip_network("2000::/3")]
addrs = set()
for n in nets:
    a, b = int(n.network_address), int(n.broadcast_address)
    for x in (a - 1, a, a + 1, (a + b) // 2, b - 1, b, b + 1):
        if 0 <= x < 2**128:
            addrs.add(ipaddress.IPv6Address(x).exploded)
for _ in range(1000):
    addrs.add(ipaddress.IPv6Address(rnd.getrandbits(128)).exploded)
    addrs.add(ipaddress.IPv6Address((0x2000 + rnd.getrandbits(13)) << 112 | rnd.getrandbits(112)).exploded)
    addrs.add(ipaddress.IPv6Address(0xFFFF << 32 | rnd.getrandbits(32)).exploded)   # IPv4-mapped
for i, a in enumerate(sorted(addrs)):
    print(json.dumps({"id": str(i), "text": "host " + a + " here", "addr": a}))
PY
"$WINNOW" run -q --pii -j1 --compress none --format jsonl -o o4 v4.jsonl
"$WINNOW" run -q --pii --pii-ipv6 true -j1 --compress none --format jsonl -o o6 v6.jsonl
$PY - o4 v4.jsonl o6 v6.jsonl <<'PY'
import glob, ipaddress, json, sys
def check(out, src):
    want = {}
    for l in open(src):
        d = json.loads(l)
        want[d["id"]] = (d["addr"], d["text"])
    n = bad = glob_n = 0
    for f in glob.glob(out + "/kept/*"):
        for l in open(f):
            d = json.loads(l)
            a, text = want[d["id"]]
            g = ipaddress.ip_address(a).is_global
            replaced = d["text"] != text
            n += 1
            glob_n += g
            if g != replaced:
                bad += 1
                if bad < 10:
                    print("differs:", a, "python is_global", g, "winnow replaced", replaced, file=sys.stderr)
    assert n == len(want), (n, len(want))
    assert bad == 0, (out, bad)
    assert 0 < glob_n < n, glob_n   # both answers occur
    print(out, n, "addresses,", glob_n, "global: winnow agrees with ipaddress on all")
check(sys.argv[1], sys.argv[2])
check(sys.argv[3], sys.argv[4])
PY
# The IPv6 option on real text: the same output as without it.
"$WINNOW" run -q --pii -j2 --compress none -o t0 "$SHARED/data/trafilatura-eval/html"
"$WINNOW" run -q --pii --pii-ipv6 true -j2 --compress none -o t6 "$SHARED/data/trafilatura-eval/html"
cmp t0/kept/00000.jsonl t6/kept/00000.jsonl
grep -q 'nggTags::find_images_for_tags()' t6/kept/00000.jsonl
