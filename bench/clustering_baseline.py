"""Side-by-side story clustering evaluation: storyweave against a TF-IDF + agglomerative baseline,
on the same labelled sets, scored with the same metrics.

Run through `bench/clustering-baseline`, which makes the virtual environment, builds storyweave and
keeps both systems on one thread. This helper:

1. checks its metrics on the hand-worked cases of storyweave's own metric tests (Bagga & Baldwin's
   B-cubed example, known ARI values, degenerate partitions) and stops if any differs;
2. reads each set with the semantics of storyweave's readers (`crates/eval/src/clustering/read.rs`):
   JSONL with `id` or `doc_id`, `title`, `text` or else `sentences` joined with spaces, a label field
   chosen by name (numbers and booleans as strings); or the UCI News Aggregator CSV (header row,
   fields trimmed, headline in TITLE, label in the STORY column by default, no body);
3. baseline: TF-IDF (scikit-learn `TfidfVectorizer`, English stop words, sublinear tf) over
   title + text, then `AgglomerativeClustering(linkage="average", distance_threshold=T,
   n_clusters=None)` over cosine distances. The cosine distances are computed once with
   `sklearn.metrics.pairwise.cosine_distances` (sparse, BLAS) and passed as `metric="precomputed"`:
   the same linkage as `metric="cosine"` (which runs scipy's pure pairwise loop on the dense
   matrix, about 75 s for the 6,366 UCI headlines); `--literal-cosine` runs `metric="cosine"`
   instead, to check that the partitions are the same;
4. tunes T on the visible data over a grid (default 0.30 to 0.975, step 0.025), maximising the
   mean of pairwise F1 and B-cubed F1. Each set gets its own best T, an oracle threshold chosen
   with the gold labels, which favours the baseline; the single T with the best mean objective over
   all the sets run is reported too, with the baseline's figures at it;
5. runs `storyweave eval clustering --dataset PATH --label FIELD --json` on each set;
6. prints one table per set with both systems side by side.

Metrics, as storyweave computes them (`crates/eval/src/clustering/metrics.rs`), from the
contingency table: pairwise precision/recall over all item pairs (a pair in one predicted cluster is
a true positive when it shares a gold label; 1 when there are no predicted pairs, or no gold pairs,
to be right about); B-cubed precision/recall per item, averaged over items; F1 their harmonic mean
(0 when both are 0); ARI with `sklearn.metrics.adjusted_rand_score`.

Seconds: for storyweave, the `seconds` its eval reports (grouping the already-read articles into
stories); for the baseline, TF-IDF + cosine distances + one clustering at the chosen T (data
already read, no cache), best of `--runs`.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# name: (path under the data directory, label field, title in the tables)
SETS = {
    "ecbplus-event": ("ecbplus/docs.jsonl", "event_cluster", "ECB+ event clusters (hard: two events per topic)"),
    "ecbplus-topic": ("ecbplus/docs.jsonl", "topic", "ECB+ topics (easy)"),
    "uci": (
        "uci-news-aggregator-sample/uci-news-aggregator.first6366rows.csv",
        "STORY",
        "UCI News Aggregator headlines, first 6,366 rows (silver STORY labels)",
    ),
}


def die(msg: str) -> None:
    print(f"clustering-baseline: {msg}", file=sys.stderr)
    sys.exit(2)


# ---------------------------------------------------------------------------------------------
# Readers (the semantics of storyweave's `read_jsonl` and `read_uci_csv`)


class Doc:
    __slots__ = ("id", "title", "text", "label")

    def __init__(self, id: str, title: str, text: str, label: str):
        self.id, self.title, self.text, self.label = id, title, text, label


def scalar(v) -> str | None:
    """A JSON string, number or boolean as storyweave turns it into a label or id string."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return v
    if isinstance(v, (int, float)):
        return str(v)
    return None


def read_jsonl(path: Path, label: str) -> list[Doc]:
    docs, seen = [], {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            where = f"{path}:{n}"
            try:
                r = json.loads(line)
            except json.JSONDecodeError as e:
                die(f"{where}: malformed JSON: {e}")
            if not isinstance(r, dict):
                die(f"{where}: expected a JSON object")
            raw_id = r.get("id", r.get("doc_id"))
            doc_id = str(n) if raw_id is None else scalar(raw_id)
            if doc_id is None:
                die(f"{where}: `id` must be a string or a number")
            if r.get(label) is None:
                die(f"{where}: no `{label}` field")
            gold = scalar(r[label])
            if gold is None:
                die(f"{where}: `{label}` must be a string or a number")
            text = r.get("text")
            if text is not None and not isinstance(text, str):
                die(f"{where}: `text` is not a string")
            if text is None:
                sentences = r.get("sentences")
                if sentences is None:
                    text = ""
                elif isinstance(sentences, list) and all(isinstance(s, str) for s in sentences):
                    text = " ".join(sentences)
                else:
                    die(f"{where}: `sentences` is not a list of strings")
            title = r.get("title") if isinstance(r.get("title"), str) else ""
            if doc_id in seen:
                die(f"{where}: id {doc_id!r} already used on line {seen[doc_id]}")
            seen[doc_id] = n
            docs.append(Doc(doc_id, title, text, gold))
    return docs


def read_uci_csv(path: Path, label: str) -> list[Doc]:
    with open(path, encoding="utf-8", newline="") as f:
        first = f.readline()
        f.seek(0)
        rows = list(csv.reader(f, delimiter="\t" if "\t" in first else ","))
    if not rows:
        return []
    header = [h.strip().lower() for h in rows[0]]
    if header[0] != "id":
        die(f"{path}: expected a header row starting with ID")
    col = {h: i for i, h in enumerate(header)}
    label = label.lower()
    for need in ("id", "title", label):
        if need not in col:
            die(f"{path}: need ID, TITLE and {label.upper()} columns")
    docs, seen = [], {}
    for n, fields in enumerate(rows[1:], 2):
        if len(fields) == 0 or (len(fields) == 1 and not fields[0].strip()):
            continue
        if len(fields) != len(header):
            die(f"{path}: record {n}: {len(fields)} fields, expected {len(header)}")
        doc_id, gold = fields[col["id"]].strip(), fields[col[label]].strip()
        if not gold:
            die(f"{path}: record {n}: empty {label.upper()} label")
        if doc_id in seen:
            die(f"{path}: record {n}: ID {doc_id!r} already used in record {seen[doc_id]}")
        seen[doc_id] = n
        docs.append(Doc(doc_id, fields[col["title"]].strip(), "", gold))
    return docs


def read_set(path: Path, label: str) -> list[Doc]:
    name = path.name.lower()
    if name.endswith(".csv") or name.endswith(".tsv"):
        return read_uci_csv(path, label)
    return read_jsonl(path, label)


# ---------------------------------------------------------------------------------------------
# Metrics (storyweave's, from the contingency table; exact integer pair counts)


def dense(labels) -> tuple[list[int], int]:
    ids: dict = {}
    return [ids.setdefault(x, len(ids)) for x in labels], len(ids)


def prf(p: float, r: float) -> dict:
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r > 0 else 0.0}


def score(gold, predicted) -> dict:
    from sklearn.metrics import adjusted_rand_score

    if len(gold) != len(predicted):
        raise ValueError("gold labels and predicted clusters must be for the same items")
    g, k_gold = dense(gold)
    p, k_pred = dense(predicted)
    n = len(g)
    if n == 0:
        zero = prf(0.0, 0.0)
        return {"pairwise": zero, "bcubed": zero, "ari": 0.0, "clusters_predicted": 0, "clusters_gold": 0}
    cells = Counter(zip(g, p))
    gold_sizes, pred_sizes = [0] * k_gold, [0] * k_pred
    for (gi, pi), c in cells.items():
        gold_sizes[gi] += c
        pred_sizes[pi] += c

    def pairs(c: int) -> int:
        return c * (c - 1) // 2

    tp = sum(pairs(c) for c in cells.values())
    same_pred = sum(pairs(c) for c in pred_sizes)
    same_gold = sum(pairs(c) for c in gold_sizes)

    def ratio_or_one(a: int, b: int) -> float:
        return 1.0 if b == 0 else a / b

    pairwise = prf(ratio_or_one(tp, same_pred), ratio_or_one(tp, same_gold))
    bp = sum(c * c / pred_sizes[pi] for (_, pi), c in cells.items())
    br = sum(c * c / gold_sizes[gi] for (gi, _), c in cells.items())
    bcubed = prf(bp / n, br / n)
    ari = float(adjusted_rand_score(g, p))
    return {
        "pairwise": pairwise,
        "bcubed": bcubed,
        "ari": ari,
        "clusters_predicted": k_pred,
        "clusters_gold": k_gold,
    }


def objective(s: dict) -> float:
    return (s["pairwise"]["f1"] + s["bcubed"]["f1"]) / 2


def check_metrics() -> None:
    """The hand-worked cases of storyweave's metric tests; any difference stops the run."""

    def close(a: float, b: float) -> bool:
        return abs(a - b) < 1e-12

    failures = []

    def expect(ok: bool, what: str) -> None:
        if not ok:
            failures.append(what)

    gold = [1, 1, 1, 1, 1, 2, 2, 3, 3, 3, 3, 3]  # Bagga & Baldwin (1998)
    s = score(gold, [1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2])
    expect(close(s["bcubed"]["precision"], 64 / 84) and close(s["bcubed"]["recall"], 1.0), "B-cubed, small merge")
    expect(close(s["pairwise"]["precision"], 21 / 31) and close(s["pairwise"]["recall"], 1.0), "pairs, small merge")
    expect((s["clusters_gold"], s["clusters_predicted"]) == (3, 2), "cluster counts")
    s2 = score(gold, [1, 1, 1, 1, 1, 2, 2, 1, 1, 1, 1, 1])
    expect(close(s2["bcubed"]["precision"], 7 / 12) and s2["bcubed"]["f1"] < s["bcubed"]["f1"], "B-cubed, big merge")
    expect(close(score([0, 0, 1, 1], [0, 0, 1, 2])["ari"], 4 / 7), "ARI 4/7")
    expect(close(score([0, 0, 1, 1], [0, 1, 0, 1])["ari"], -0.5), "ARI -1/2")
    expect(close(score([0, 0, 0, 0], [0, 1, 2, 3])["ari"], 0.0), "ARI 0")
    expect(score([7], [3])["ari"] == 1.0, "ARI of one item")
    r = score(["x", "x", "y", "z", "z", "z"], [5, 5, 9, 1, 1, 1])
    expect((r["ari"], r["pairwise"]["f1"], r["bcubed"]["f1"]) == (1.0, 1.0, 1.0), "renamed partition")
    sg = score(["a", "a", "b"], [1, 2, 3])
    expect(tuple(sg["pairwise"].values()) == (1.0, 0.0, 0.0), "singletons, pairwise")
    expect(close(sg["bcubed"]["recall"], 2 / 3) and close(sg["bcubed"]["precision"], 1.0), "singletons, B-cubed")
    al = score(["a", "b"], [1, 2])
    expect((al["pairwise"]["f1"], al["ari"]) == (1.0, 1.0), "all singletons")
    e = score([], [])
    expect((e["bcubed"]["f1"], e["clusters_gold"]) == (0.0, 0), "empty")
    if failures:
        die("the Python metrics differ from storyweave's tests: " + ", ".join(failures))


# ---------------------------------------------------------------------------------------------
# The baseline


def texts_of(docs: list[Doc]) -> list[str]:
    return [f"{d.title}\n{d.text}".strip() for d in docs]


def features(texts: list[str], literal_cosine: bool):
    """TF-IDF, then what AgglomerativeClustering gets: the cosine distance matrix (metric
    "precomputed"), or the dense TF-IDF matrix (metric "cosine")."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_distances

    x = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    if literal_cosine:
        return x.toarray(), "cosine"
    return cosine_distances(x), "precomputed"


def cluster(inputs, metric: str, threshold: float, memory=None):
    from sklearn.cluster import AgglomerativeClustering

    model = AgglomerativeClustering(
        n_clusters=None,
        distance_threshold=threshold,
        metric=metric,
        linkage="average",
        memory=memory,
    )
    return model.fit(inputs).labels_


def tune(docs: list[Doc], grid: list[float], literal_cosine: bool, cache_dir: str) -> dict[float, dict]:
    """Score the baseline at every threshold of the grid; the tree is built once (joblib cache)."""
    from joblib import Memory

    inputs, metric = features(texts_of(docs), literal_cosine)
    memory = Memory(cache_dir, verbose=0)
    gold = [d.label for d in docs]
    out = {t: score(gold, cluster(inputs, metric, t, memory)) for t in grid}
    memory.clear(warn=False)
    return out


def timed_baseline(docs: list[Doc], threshold: float, literal_cosine: bool, runs: int) -> tuple[dict, float]:
    texts = texts_of(docs)
    best, labels = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        inputs, metric = features(texts, literal_cosine)
        labels = cluster(inputs, metric, threshold)
        best = min(best, time.perf_counter() - start)
        del inputs
    return score([d.label for d in docs], labels), best


# ---------------------------------------------------------------------------------------------
# storyweave


def run_storyweave(binary: Path, dataset: Path, label: str, runs: int) -> dict:
    best = None
    for _ in range(runs):
        cmd = [str(binary), "eval", "clustering", "--dataset", str(dataset), "--label", label, "--json"]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            die(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.strip()}")
        report = json.loads(proc.stdout)
        if best is None or report["seconds"] < best["seconds"]:
            best = report
    return best


# ---------------------------------------------------------------------------------------------
# Output


def fmt(x: float) -> str:
    return f"{x:.3f}"


def table(title: str, n: int, columns: list[tuple[str, dict, float]]) -> str:
    head = ["", *[c[0] for c in columns]]
    rows = []
    for key, name in (("pairwise", "pairwise"), ("bcubed", "B-cubed")):
        for m, mname in (("precision", "P"), ("recall", "R"), ("f1", "F1")):
            rows.append([f"{name} {mname}", *[fmt(c[1][key][m]) for c in columns]])
    rows.append(["ARI", *[fmt(c[1]["ari"]) for c in columns]])
    rows.append(["clusters predicted / gold", *[f"{c[1]['clusters_predicted']} / {c[1]['clusters_gold']}" for c in columns]])
    rows.append(["seconds", *[f"{c[2]:.2f}" for c in columns]])
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))) + " |"

    sep = "|" + "|".join(("-" * (w + 2)) if i == 0 else ("-" * (w + 1) + ":") for i, w in enumerate(widths)) + "|"
    return "\n".join([f"{title} — {n} documents", "", line(head), sep, *[line(r) for r in rows]])


def verdict(sw: dict, base: dict) -> str:
    parts = []
    for key, name in (("pairwise", "pairwise F1"), ("bcubed", "B-cubed F1")):
        d = sw[key]["f1"] - base[key]["f1"]
        parts.append(f"{name} {'beats' if d > 0 else 'does not beat'} ({d:+.3f})")
    return ", ".join(parts)


def parse_grid(spec: str) -> list[float]:
    try:
        lo, hi, step = (float(x) for x in spec.split(":"))
    except ValueError:
        die(f"--grid wants MIN:MAX:STEP, not {spec!r}")
    if not (0 < step and lo <= hi):
        die(f"--grid {spec!r}: need MIN <= MAX and STEP > 0")
    count = int(round((hi - lo) / step)) + 1
    grid = [round(lo + i * step, 6) for i in range(count) if lo + i * step <= hi + 1e-9]
    return grid


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "clustering",
                    help="directory holding ecbplus/ and uci-news-aggregator-sample/")
    ap.add_argument("--storyweave", type=Path, default=REPO / "target" / "release" / "storyweave")
    ap.add_argument("--storyweave-version", default="")
    ap.add_argument("--sets", default=",".join(SETS), help=f"comma-separated, from {', '.join(SETS)}")
    ap.add_argument("--grid", default="0.30:0.975:0.025", help="thresholds MIN:MAX:STEP")
    ap.add_argument("--runs", type=int, default=3, help="timing runs per system; the fastest is kept")
    ap.add_argument("--literal-cosine", action="store_true",
                    help='cluster the dense TF-IDF matrix with metric="cosine" (slow) instead of '
                         'precomputed cosine distances')
    args = ap.parse_args()

    names = [s.strip() for s in args.sets.split(",") if s.strip()]
    for s in names:
        if s not in SETS:
            die(f"unknown set {s!r}; known: {', '.join(SETS)}")
    if not names:
        die("--sets is empty")
    if args.runs < 1:
        die("--runs must be at least 1")
    if not os.access(args.storyweave, os.X_OK):
        die(f"{args.storyweave}: no storyweave binary (cargo build --release)")
    grid = parse_grid(args.grid)
    warnings.filterwarnings("ignore", category=UserWarning)

    check_metrics()

    print(f"Date: {time.strftime('%Y-%m-%d %H:%M %Z')}")
    print(f"storyweave {args.storyweave_version}".rstrip())
    print(
        f"Python {platform.python_version()}, scikit-learn {version('scikit-learn')}, numpy {version('numpy')}, "
        f"scipy {version('scipy')}; {os.cpu_count()} CPUs visible, OMP/BLAS/rayon threads: "
        f"{os.environ.get('OMP_NUM_THREADS', 'unset')}/{os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}/"
        f"{os.environ.get('RAYON_NUM_THREADS', 'unset')}"
    )
    print(
        f"Baseline: TfidfVectorizer(stop_words='english', sublinear_tf=True) on title + text; "
        f"AgglomerativeClustering(linkage='average', "
        f"metric={'cosine' if args.literal_cosine else 'precomputed cosine distances'}, distance_threshold=T)."
    )
    print(
        f"T tuned on the same data with the gold labels, grid {grid[0]:.3f}..{grid[-1]:.3f} ({len(grid)} values), "
        "maximising (pairwise F1 + B-cubed F1) / 2: a per-set oracle T, which favours the baseline, "
        "and the one T best on average over the sets."
    )
    print("Metrics: the pairwise/B-cubed/ARI definitions of storyweave's eval; metric self-check passed.\n")

    data = {}
    curves = {}
    with tempfile.TemporaryDirectory(prefix="clustering-baseline-") as cache:
        for name in names:
            rel, label, _ = SETS[name]
            path = args.data / rel
            if not path.is_file():
                die(f"{path}: no such file (pass --data DIR)")
            docs = read_set(path, label)
            sw = run_storyweave(args.storyweave, path, label, args.runs)
            if sw["documents"] != len(docs) or sw["clusters_gold"] != len({d.label for d in docs}):
                die(
                    f"{name}: readers disagree: storyweave read {sw['documents']} documents in "
                    f"{sw['clusters_gold']} gold clusters, this script {len(docs)} in {len({d.label for d in docs})}"
                )
            print(f"clustering-baseline: tuning T on {name} ({len(docs)} documents)", file=sys.stderr)
            curves[name] = tune(docs, grid, args.literal_cosine, cache)
            data[name] = (path, label, docs, sw)

    def best_of(curve: dict[float, dict]) -> float:
        return max(grid, key=lambda t: (objective(curve[t]), -t))

    per_set = {name: best_of(curves[name]) for name in names}
    shared = max(grid, key=lambda t: (sum(objective(curves[n][t]) for n in names) / len(names), -t))

    # The tuning curve: objective per set and threshold.
    print("Baseline tuning: (pairwise F1 + B-cubed F1) / 2 per threshold\n")
    head = ["T", *names, "mean"]
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---:" for _ in head) + "|")
    for t in grid:
        vals = [objective(curves[n][t]) for n in names]
        marks = ["*" if per_set[n] == t else "" for n in names]
        cells = [f"{v:.3f}{m}" for v, m in zip(vals, marks)]
        mean = sum(vals) / len(vals)
        print(f"| {t:.3f} | " + " | ".join(cells) + f" | {mean:.3f}{'*' if t == shared else ''} |")
    print("\n(* = best T for that set; in the mean column, the shared T)\n")

    summary = []
    for name in names:
        path, label, docs, sw = data[name]
        t_set = per_set[name]
        base_set, secs_set = timed_baseline(docs, t_set, args.literal_cosine, args.runs)
        if t_set == shared:
            base_shared, secs_shared = base_set, secs_set
        else:
            base_shared, secs_shared = timed_baseline(docs, shared, args.literal_cosine, args.runs)
        for t, b in ((t_set, base_set), (shared, base_shared)):
            tuned = curves[name][t]
            if any(abs(b[k]["f1"] - tuned[k]["f1"]) > 1e-9 for k in ("pairwise", "bcubed")):
                die(f"{name}: the baseline at T={t} differs between tuning and the timed run")
        title = f"### {SETS[name][2]} (`--label {label}`)"
        cols = [
            ("storyweave", sw, sw["seconds"]),
            (f"baseline, own T={t_set:.3f}", base_set, secs_set),
            (f"baseline, shared T={shared:.3f}", base_shared, secs_shared),
        ]
        print(table(title, len(docs), cols))
        print()
        print(f"storyweave vs baseline at its own T: {verdict(sw, base_set)}")
        print(f"storyweave vs baseline at the shared T: {verdict(sw, base_shared)}")
        print()
        summary.append((name, sw, base_set, base_shared))

    print("Summary (storyweave must beat the baseline in both pairwise and B-cubed F1, DESIGN §6):\n")
    for name, sw, b_set, b_shared in summary:
        def both(b: dict) -> str:
            win = sw["pairwise"]["f1"] > b["pairwise"]["f1"] and sw["bcubed"]["f1"] > b["bcubed"]["f1"]
            return "beats on both" if win else "does NOT beat on both"
        print(f"- {name}: {both(b_set)} vs own T; {both(b_shared)} vs shared T")


if __name__ == "__main__":
    main()
