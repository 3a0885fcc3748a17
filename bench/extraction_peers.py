"""Side-by-side extraction benchmark on the Article Extraction Benchmark (AEB): storyweave against
trafilatura, readability-lxml and jusText, on the same pages, one core each.

Run through `bench/extraction-peers`, which makes the virtual environment, builds storyweave and
pins everything to one core. This helper:

1. checks its AEB scorer by re-scoring peers' outputs shipped with the data set (`output/*.json.gz`)
   against the published figures (to 3 decimals) and stops if they differ;
2. loads every page into memory, then times only the extraction calls of each Python tool (best of
   `--runs`), writes each tool's outputs to a temporary `{id: text}` JSON file and scores it;
3. runs `storyweave eval extraction --dataset DIR --json` `--runs` times (it scores itself with the
   Rust scorer and times its own extraction, one thread) and keeps the fastest run;
4. prints one table.

The AEB metric, as the data set's SOURCE.md describes it: tokens are `\\w+` (Unicode), shingles are
4-grams of tokens compared as multisets (a text of 1 to 3 tokens is one short shingle; no tokens, no
shingles); per page, with counts normalised by tp+fp+fn, precision = tp/(tp+fp) and recall =
tp/(tp+fn), both 1 when fp = fn = 0; precision is averaged over pages with tp+fp > 0, recall over
pages with tp+fn > 0, and F1 = 2PR/(P+R) of the two means.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from importlib.metadata import version
from pathlib import Path

# ---------------------------------------------------------------------------------------------
# The AEB metric

TOKEN = re.compile(r"\w+", re.UNICODE)
SHINGLE = 4

# Published headline scores (F1, P, R) of shipped peer outputs, from SOURCE.md (the benchmark's
# README). The scorer must reproduce them before any result is printed.
PUBLISHED = {
    "trafilatura.json.gz": ("trafilatura 2.0.0", 0.958, 0.938, 0.978),
    "readability.json.gz": ("readability-lxml 0.8.4.1", 0.922, 0.913, 0.931),
    "justext.json.gz": ("justext 3.0.2", 0.804, 0.858, 0.756),
}


def shingles(text: str) -> Counter:
    tokens = TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < SHINGLE:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


def page_counts(truth: str, predicted: str) -> tuple[float, float, float]:
    t, p = shingles(truth), shingles(predicted)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def score(truth: dict[str, str], predicted: dict[str, str]) -> dict:
    """Score predictions keyed by page id; a page with no prediction counts as an empty one."""
    precisions, recalls = [], []
    for pid, body in truth.items():
        tp, fp, fn = page_counts(body, predicted.get(pid) or "")
        if tp + fp > 0:
            precisions.append(1.0 if fp == 0 and fn == 0 else tp / (tp + fp))
        if tp + fn > 0:
            recalls.append(1.0 if fp == 0 and fn == 0 else tp / (tp + fn))
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return {"f1": f1, "precision": p, "recall": r, "pages": len(truth)}


def read_json(path: Path):
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def body_of(entry) -> str:
    if isinstance(entry, str):
        return entry
    if isinstance(entry, dict):
        return entry.get("articleBody") or ""
    return ""


def read_predictions(path: Path) -> dict[str, str]:
    """`{id: text}`, `{id: {articleBody}}`, or either wrapped as `{"version", "output": {...}}`."""
    data = read_json(path)
    if isinstance(data.get("output"), dict):
        data = data["output"]
    return {pid: body_of(entry) for pid, entry in data.items()}


def read_truth(dataset: Path) -> dict[str, str]:
    for name in ("ground-truth.json", "ground-truth.json.gz"):
        if (dataset / name).is_file():
            return {pid: body_of(e) for pid, e in sorted(read_json(dataset / name).items())}
    sys.exit(f"extraction_peers: {dataset}: no ground-truth.json")


def check_scorer(dataset: Path, truth: dict[str, str]) -> list[str]:
    """Re-score the shipped peer outputs; exit if a published figure is not reproduced."""
    out = dataset / "output"
    lines, failed = [], False
    if not (out / "trafilatura.json.gz").is_file():
        sys.exit(
            f"extraction_peers: {out / 'trafilatura.json.gz'} is missing, so the scorer cannot be checked "
            "against the published figures (use --skip-scorer-check to go on anyway)"
        )
    for name, (system, f1, p, r) in PUBLISHED.items():
        if not (out / name).is_file():
            continue
        s = score(truth, read_predictions(out / name))
        got = (round(s["f1"], 3), round(s["precision"], 3), round(s["recall"], 3))
        ok = got == (f1, p, r)
        failed |= not ok
        lines.append(
            f"scorer check: output/{name} ({system}): F1 {s['f1']:.4f} P {s['precision']:.4f} "
            f"R {s['recall']:.4f}; published {f1:.3f}/{p:.3f}/{r:.3f}: {'ok' if ok else 'MISMATCH'}"
        )
    if failed:
        for line in lines:
            print(line, file=sys.stderr)
        sys.exit("extraction_peers: the Python AEB scorer does not reproduce the published figures")
    print(f"extraction_peers: scorer reproduces the published figures of {len(lines)} shipped outputs", file=sys.stderr)
    return lines


# ---------------------------------------------------------------------------------------------
# Pages and tools


def load_pages(dataset: Path) -> dict[str, str]:
    """`html/<id>.html(.gz)`, decoded as UTF-8 (the set's encoding); the plain file wins."""
    found: dict[str, Path] = {}
    for path in sorted((dataset / "html").iterdir()):
        name = path.name
        if name.endswith(".html.gz"):
            found.setdefault(name[: -len(".html.gz")], path)
        elif name.endswith(".html"):
            found[name[: -len(".html")]] = path
    pages = {}
    for pid, path in sorted(found.items()):
        raw = gzip.decompress(path.read_bytes()) if path.name.endswith(".gz") else path.read_bytes()
        pages[pid] = raw.decode("utf-8", errors="replace")
    return pages


def make_tools():
    """(name, package version, extract(html) -> text) for each peer, imported and set up outside timing."""
    import justext
    import lxml.html
    import trafilatura
    from readability import Document

    def run_trafilatura(html: str) -> str:
        return trafilatura.extract(html) or ""

    def run_readability(html: str) -> str:
        summary = Document(html).summary()
        return lxml.html.fromstring(summary).text_content() if summary.strip() else ""

    stoplist = justext.get_stoplist("English")

    def run_justext(html: str) -> str:
        paragraphs = justext.justext(html, stoplist)
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return [
        ("trafilatura", version("trafilatura"), run_trafilatura),
        ("readability-lxml", version("readability-lxml"), run_readability),
        ("jusText", version("justext"), run_justext),
    ]


def time_tool(extract, pages: dict[str, str], runs: int) -> tuple[dict[str, str], float, int]:
    """Outputs of the first run, best wall time over `runs` (extraction calls only), errors."""
    best, outputs, errors = float("inf"), {}, 0
    for run in range(runs):
        results, failed = {}, 0
        start = time.perf_counter()
        for pid, html in pages.items():
            try:
                results[pid] = extract(html)
            except Exception:  # a crash is an empty body, as the benchmark scores it
                results[pid] = ""
                failed += 1
        elapsed = time.perf_counter() - start
        best = min(best, elapsed)
        if run == 0:
            outputs, errors = results, failed
    return outputs, best, errors


def run_storyweave(binary: Path, dataset: Path, runs: int) -> dict:
    best = None
    for _ in range(runs):
        proc = subprocess.run(
            [str(binary), "eval", "extraction", "--dataset", str(dataset), "--json"],
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )
        report = json.loads(proc.stdout)
        if best is not None and round(report["f1"], 9) != round(best["f1"], 9):
            sys.exit("extraction_peers: storyweave's F1 changed between runs")
        if best is None or report["seconds"] < best["seconds"]:
            best = report
    return best


# ---------------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dataset", type=Path, required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--storyweave", type=Path, required=True, help="the release binary")
    ap.add_argument("--storyweave-version", default="")
    ap.add_argument("--skip-scorer-check", action="store_true")
    args = ap.parse_args()
    if args.runs < 1:
        sys.exit("extraction_peers: --runs must be at least 1")
    warnings.simplefilter("ignore")

    dataset = args.dataset.resolve()
    truth = read_truth(dataset)
    check_lines = [] if args.skip_scorer_check else check_scorer(dataset, truth)
    pages = load_pages(dataset)
    missing = sorted(set(truth) - set(pages))
    if missing:
        sys.exit(f"extraction_peers: {len(missing)} ground-truth pages have no html/ file, e.g. {missing[0]}")
    pages = {pid: pages[pid] for pid in truth}

    rows = []
    with tempfile.TemporaryDirectory(prefix="extraction-peers-") as tmp:
        for name, ver, extract in make_tools():
            print(f"extraction_peers: {name} {ver}: {len(pages)} pages x {args.runs} runs", file=sys.stderr)
            outputs, seconds, errors = time_tool(extract, pages, args.runs)
            pred_file = Path(tmp) / f"{name}.json"
            pred_file.write_text(json.dumps(outputs, ensure_ascii=False), encoding="utf-8")
            s = score(truth, read_predictions(pred_file))
            rows.append(dict(tool=name, version=ver, seconds=seconds, errors=errors, **s))

    print(f"extraction_peers: storyweave: {len(pages)} pages x {args.runs} runs", file=sys.stderr)
    sw = run_storyweave(args.storyweave, dataset, args.runs)
    rows.insert(
        0,
        dict(
            tool="storyweave",
            version=args.storyweave_version or "?",
            f1=sw["f1"],
            precision=sw["precision"],
            recall=sw["recall"],
            pages=sw["documents"],
            seconds=sw["seconds"],
            errors=0,
        ),
    )
    for row in rows:
        row["pps"] = row["pages"] / max(row["seconds"], 1e-9)
    sw_pps = rows[0]["pps"]

    header = ["tool", "version", "F1", "P", "R", "pages", "seconds", "pages/s", "storyweave x"]
    table = [
        [
            r["tool"],
            r["version"],
            f"{r['f1']:.3f}",
            f"{r['precision']:.3f}",
            f"{r['recall']:.3f}",
            str(r["pages"]),
            f"{r['seconds']:.3f}",
            f"{r['pps']:.1f}",
            "-" if r["tool"] == "storyweave" else f"{sw_pps / r['pps']:.1f}x",
        ]
        for r in rows
    ]
    widths = [max(len(h), *(len(row[i]) for row in table)) for i, h in enumerate(header)]
    right = {2, 3, 4, 5, 6, 7, 8}

    def fmt(cells):
        return "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths)))

    for line in check_lines:
        print(line)
    print(
        f"dataset {dataset} ({len(pages)} pages); timing: best of {args.runs} run(s), extraction calls only, "
        f"pages in memory, CPU affinity {sorted(os.sched_getaffinity(0))}"
    )
    print(fmt(header))
    print(fmt(["-" * w for w in widths]))
    for row in table:
        print(fmt(row))
    errs = [f"{r['tool']} {r['errors']}" for r in rows if r["errors"]]
    if errs:
        print("pages where the tool raised (scored as empty): " + ", ".join(errs))


if __name__ == "__main__":
    main()
