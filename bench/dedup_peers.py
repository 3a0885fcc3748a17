"""datasketch's MinHashLSH over a dedup corpus written by `storyweave eval dedup --export`.

Each article is shingled the way storyweave shingles it (3-word shingles of lowercased word
tokens), sketched with MinHash (128 permutations, `update_batch`), queried against the LSH index
of the articles before it and then inserted: the same stream storyweave's dedup stage runs.
Every pair the index returns is taken as a duplicate (MinHashLSH does not verify candidates) and
groups are the connected components of those pairs. Scores use the pairs implied by groups, as
`storyweave eval dedup` does: precision over predicted same-group pairs, recall over gold ones.

Prints one JSON object: threshold, documents, seconds (sketching, querying and inserting;
reading the file is not timed), documents_per_second, peak_memory_mb (ru_maxrss), precision,
recall, f1 and the datasketch version.
"""

import argparse
import json
import re
import resource
import sys
import time
from collections import Counter

import datasketch
from datasketch import MinHash, MinHashLSH

WORD = re.compile(r"\w+")


def shingles(text, k=3):
    words = [w.lower() for w in WORD.findall(text)]
    if len(words) <= k:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)}


def pair_count(sizes):
    return sum(n * (n - 1) // 2 for n in sizes)


def score(ids, groups, gold):
    """Pairwise precision, recall and F1 of predicted groups against gold groups."""
    predicted = Counter(groups[i] for i in ids)
    gold_sizes = Counter(gold[i] for i in ids)
    both = Counter((groups[i], gold[i]) for i in ids)
    tp = pair_count(both.values())
    p_pairs = pair_count(predicted.values())
    g_pairs = pair_count(gold_sizes.values())
    p = tp / p_pairs if p_pairs else 1.0
    r = tp / g_pairs if g_pairs else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", help="JSONL written by storyweave eval dedup --export")
    ap.add_argument("--threshold", type=float, default=0.3)
    ap.add_argument("--num-perm", type=int, default=128)
    args = ap.parse_args()

    docs = []
    with open(args.corpus, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                docs.append((d["id"], d["text"], d["group"]))
    gold = {i: g for i, _, g in docs}

    parent = {}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    start = time.perf_counter()
    lsh = MinHashLSH(threshold=args.threshold, num_perm=args.num_perm)
    for doc_id, text, _ in docs:
        m = MinHash(num_perm=args.num_perm)
        m.update_batch(list(shingles(text)))
        parent[doc_id] = doc_id
        for other in lsh.query(m):
            a, b = find(doc_id), find(other)
            if a != b:
                parent[a] = b
        lsh.insert(doc_id, m)
    seconds = time.perf_counter() - start

    ids = [i for i, _, _ in docs]
    groups = {i: find(i) for i in ids}
    p, r, f = score(ids, groups, gold)
    print(
        json.dumps(
            {
                "tool": "datasketch MinHashLSH",
                "version": datasketch.__version__,
                "threshold": args.threshold,
                "num_perm": args.num_perm,
                "documents": len(docs),
                "seconds": seconds,
                "documents_per_second": len(docs) / seconds if seconds else 0.0,
                "peak_memory_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
                "precision": p,
                "recall": r,
                "f1": f,
            }
        )
    )


if __name__ == "__main__":
    sys.exit(main())
