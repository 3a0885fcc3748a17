#!/usr/bin/env python3
"""Write a JSONL corpus of real English news for bench/pipeline-speed, in the form the CLI reads
(`text` or `html`, `title`, `outlet`, `date`, `url`), from the labelled data in ../shared/data:

- AEB (scrapinghub) and the English fundus-news test pages: the raw HTML (`html`), so that
  extraction does real work;
- ECB+ documents (sentences joined, three to a paragraph; one date per event cluster);
- NeuS / AllSides train and val clusters: each of the three articles (headline and lead) of a
  cluster, one date per cluster;
- PolNeAR train, dev and annotator-training texts, with the outlet, date and title of
  metadata.tsv;
- CoNLL-2003 eng.train and eng.testa documents (Reuters, 1996), detokenized; the first line is the
  headline.

Articles without a date of their own get one drawn (seeded) in a one-year window; the stream is
written in date order. With --size larger than the real set, the set is repeated: round r gets
its own URLs, the outlet name with " r<r>" appended and every date moved r years later, so each
round is a later year of the same news. The text is unchanged, so every repeated article is an
exact copy (of one a year older): it takes dedup's cheap exact path (optimistic for dedup); its
original's story has long been retired (idle for 14 days), so the copy is clustered afresh and
each round makes stories like the first's.

usage: pipeline_corpus.py DATA_DIR OUT.jsonl [--size N]   (default: the real set once)
"""

import argparse
import csv
import datetime as dt
import glob
import gzip
import json
import os
import random
import re
import sys

EPOCH = dt.datetime(2024, 1, 1, 8, 0, 0)


def drawn_date(rng):
    return EPOCH + dt.timedelta(days=rng.randrange(365), minutes=rng.randrange(14 * 60))


def detok(tokens):
    """Join PTB-style tokens into plain text."""
    s = " ".join(tokens)
    s = s.replace("``", '"').replace("''", '"')
    s = re.sub(r" ([.,;:!?%)\]}])", r"\1", s)
    s = re.sub(r"([(\[{$]) ", r"\1", s)
    s = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", s)
    s = re.sub(r'" (.*?) "', r'"\1"', s)
    return s


def aeb(root, rng):
    d = os.path.join(root, "extraction/scrapinghub-article-extraction-benchmark")
    truth = json.load(open(os.path.join(d, "ground-truth.json")))
    for key, item in sorted(truth.items()):
        path = os.path.join(d, "html", key + ".html.gz")
        if os.path.exists(path):
            html = gzip.open(path, "rb").read().decode("utf-8", "replace")
            yield {"html": html, "url": item.get("url"), "date": drawn_date(rng)}


def fundus(root, rng):
    d = os.path.join(root, "extraction/fundus-news/test_data")
    for cc in ("uk", "us", "au", "ca"):
        for path in sorted(glob.glob(os.path.join(d, cc, "*.html.gz"))):
            html = gzip.open(path, "rb").read().decode("utf-8", "replace")
            outlet = os.path.basename(path).split("_")[0]
            yield {"html": html, "outlet": outlet, "date": drawn_date(rng)}


def ecbplus(root, rng):
    dates = {}
    for line in open(os.path.join(root, "clustering/ecbplus/docs.jsonl")):
        doc = json.loads(line)
        sents = [detok(s.split()) for s in doc["sentences"]]
        paras = ["\n".join([" ".join(sents[i : i + 3])]) for i in range(0, len(sents), 3)]
        event = doc.get("event_cluster") or doc["doc_id"]
        if event not in dates:
            dates[event] = drawn_date(rng)
        yield {"text": "\n\n".join(paras), "date": dates[event] + dt.timedelta(hours=rng.randrange(48))}


def neus(root, rng):
    d = os.path.join(root, "summarization/neus-allsides/data")
    for split in ("train", "val"):
        for line in open(os.path.join(d, split + ".source")):
            when = drawn_date(rng)
            for part in line.strip().split("[SEP]"):
                m = re.match(r"\s*TITLE=>\s*(.*?)\s*ARTICLE=>\s*(.*)", part, re.S)
                if m and m.group(2).strip():
                    yield {
                        "title": m.group(1).strip(),
                        "text": m.group(2).strip(),
                        "date": when + dt.timedelta(hours=rng.randrange(24)),
                    }


def polnear(root, rng):
    d = os.path.join(root, "quotes/polnear")
    meta = {}
    with open(os.path.join(d, "metadata.tsv")) as f:
        for row in csv.DictReader(f, delimiter="\t"):
            meta[row["filename"]] = row
    for part in ("train", "dev", "annotator-training"):
        for path in sorted(glob.glob(os.path.join(d, part, "text", "*.txt"))):
            name = os.path.basename(path)[: -len(".txt")]
            row = meta.get(name, {})
            date = row.get("publication_date")
            try:
                when = dt.datetime.strptime(date, "%Y-%m-%d") + dt.timedelta(hours=8)
            except (TypeError, ValueError):
                when = drawn_date(rng)
            yield {
                "text": open(path, encoding="utf-8", errors="replace").read(),
                "title": row.get("title") or None,
                "outlet": row.get("publisher") or None,
                "date": when,
            }


def conll(root, rng):
    d = os.path.join(root, "ner/conll2003")
    for split in ("eng.train", "eng.testa"):
        lines, sent = [], []
        for raw in open(os.path.join(d, split)):
            tok = raw.split()
            if not tok:
                if sent:
                    lines.append(detok(sent))
                    sent = []
                continue
            if tok[0] == "-DOCSTART-":
                if lines:
                    yield conll_doc(lines, rng)
                lines = []
                continue
            sent.append(tok[0])
        if sent:
            lines.append(detok(sent))
        if lines:
            yield conll_doc(lines, rng)


def conll_doc(lines, rng):
    # The first line is the headline; the body's sentences are paragraphs, as wire copy is set.
    return {"title": lines[0], "text": "\n\n".join(lines[1:]) or lines[0], "outlet": "Reuters",
            "date": drawn_date(rng)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("out")
    ap.add_argument("--size", type=int, default=0)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    sets = [("aeb", aeb), ("fundus", fundus), ("ecbplus", ecbplus), ("neus", neus),
            ("polnear", polnear), ("conll", conll)]
    real, counts = [], {}
    for name, read in sets:
        items = list(read(args.data, rng))
        counts[name] = len(items)
        for i, item in enumerate(items):
            item["url"] = item.get("url") or f"https://bench.invalid/{name}/{i}"
            item["outlet"] = item.get("outlet") or name
            real.append(item)
    real.sort(key=lambda a: a["date"])
    size = args.size or len(real)
    written = 0
    with open(args.out, "w") as out:
        r = 0
        while written < size:
            shift = dt.timedelta(days=365 * r)
            for item in real:
                if written >= size:
                    break
                line = {k: v for k, v in item.items() if v is not None}
                line["date"] = (item["date"] + shift).strftime("%Y-%m-%dT%H:%M:%SZ")
                if r:
                    line["url"] = f"{item['url']}#r{r}"
                    line["outlet"] = f"{item['outlet']} r{r}"
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
                written += 1
            r += 1
    detail = ", ".join(f"{k} {v}" for k, v in counts.items())
    print(f"corpus: {written} articles ({len(real)} real: {detail}; {r} round(s))", file=sys.stderr)


if __name__ == "__main__":
    main()
