#!/usr/bin/env python3
"""dedup_pyminhash.py: a small pure-Python MinHash, the in-run reference for signature speed.

datasketch is not installable here (no network for PyPI, no numpy), so this is datasketch's
algorithm written out in the standard library: 32-bit SHA-1 of each shingle (datasketch's
sha1_hash32), k = 112 permutations h -> ((a*h + b) mod (2^61 - 1)) & 0xffffffff, minimum per
permutation; shingles are word 5-grams of text normalised as winnow does (ASCII). It is slower
than datasketch, which vectorises the permutations with numpy (640-750 signatures per CPU-second
on 500-word documents, as reported); both numbers are printed by bench/dedup.sh.
usage: dedup_pyminhash.py FILE.jsonl[.zst] [max_docs]
"""
import hashlib, json, random, re, struct, subprocess, sys, time

def docs(path, n):
    if path.endswith(".zst"):
        p = subprocess.Popen(["zstdcat", path], stdout=subprocess.PIPE, text=True)
        src = p.stdout
    else:
        src = open(path)
    out = []
    for line in src:
        out.append(json.loads(line)["text"])
        if len(out) >= n:
            break
    return out

def main():
    path, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 300
    texts = docs(path, n)
    k, prime = 112, (1 << 61) - 1
    rnd = random.Random(1)
    perms = [(rnd.randrange(1, prime), rnd.randrange(0, prime)) for _ in range(k)]
    t0 = time.process_time()
    words = 0
    for t in texts:
        w = re.sub(r"[^a-z0-9]+", " ", t.lower())
        w = re.sub(r"[0-9]", "0", w).split()
        words += len(w)
        sh = {" ".join(w[i:i + 5]) for i in range(max(1, len(w) - 4))}
        hv = [struct.unpack("<I", hashlib.sha1(s.encode()).digest()[:4])[0] for s in sh]
        sig = [min(((a * h + b) % prime) & 0xffffffff for h in hv) for a, b in perms]
    cpu = time.process_time() - t0
    print("python-minhash docs %d words/doc %.0f cpu_s %.3f sigs_per_cpu_s %.1f" % (
        len(texts), words / max(1, len(texts)), cpu, len(texts) / cpu))

if __name__ == "__main__":
    main()
