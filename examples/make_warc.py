#!/usr/bin/env python3
"""Pack the example source pages into WARC/1.0 files for the storyweave corpus.

How to rerun (from the repository root, Python 3.8+, standard library only):

    python3 examples/make_warc.py            # rebuild both default outputs
    python3 examples/make_warc.py --verify   # rebuild, then re-read and check them

The default build writes:

    examples/corpus/crawl/capture.warc.gz   gzip-per-record WARC (like CC-NEWS),
                                            built from GZ_SOURCES below
    examples/corpus/crawl/extra.warc        plain, uncompressed WARC,
                                            built from EXTRA_SOURCES below

To choose other pages or another output, name them explicitly:

    python3 examples/make_warc.py --out some/dir/pages.warc.gz examples/warc-src/a.html
    python3 examples/make_warc.py --uncompressed --out some/dir/pages.warc examples/warc-src/b.html

Only check an existing file (no rebuild):

    python3 examples/make_warc.py --check examples/corpus/crawl/capture.warc.gz

Every source page is a complete HTML document under examples/warc-src/ that must
contain <link rel="canonical" href="..."> (used as WARC-Target-URI) and
<meta property="article:published_time" content="..."> (used, in UTC, as the
WARC-Date of its records).  Each page becomes a `request` record and a
`response` record; the file starts with one `warcinfo` record.  Record ids are
uuid5 values derived from the URL (or, for warcinfo, from the file name), gzip
members are written with mtime=0, and the warcinfo date is the earliest page
date, so the output is byte-for-byte reproducible.  When adding or moving pages,
keep tests/fixtures/corpus.json in step: WARC refs there are `path#N`, N being
the 1-based index among the file's response records, i.e. the order of the
source list.
"""

import argparse
import base64
import datetime as dt
import gzip
import hashlib
import io
import os
import re
import sys
import uuid
from urllib.parse import urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
SRC_DIR = os.path.join(HERE, "warc-src")
CRAWL_DIR = os.path.join(HERE, "corpus", "crawl")

# Which pages go where.  Order matters: it is the order of the response
# records, which tests/fixtures/corpus.json refers to as path#1, path#2, ...
GZ_SOURCES = [
    "lanternfield-library-suspects.html",
    "ashcombe-khorvatsk-mourning.html",
    "pinecrest-zehra-delta-farmers.html",
    "calloway-port-calder-shortages.html",
]
EXTRA_SOURCES = [
    "continental-porto-salvena-vigil.html",
    "saltmarsh-greyhaven-transition.html",
]

USER_AGENT = "storyweave-example-crawler/1.0"
CRLF = b"\r\n"

CANONICAL_RE = [
    re.compile(r'<link\b[^>]*\brel=["\']canonical["\'][^>]*\bhref=["\']([^"\']+)["\']', re.I),
    re.compile(r'<link\b[^>]*\bhref=["\']([^"\']+)["\'][^>]*\brel=["\']canonical["\']', re.I),
]
PUBLISHED_RE = [
    re.compile(r'<meta\b[^>]*\bproperty=["\']article:published_time["\'][^>]*\bcontent=["\']([^"\']+)["\']', re.I),
    re.compile(r'<meta\b[^>]*\bcontent=["\']([^"\']+)["\'][^>]*\bproperty=["\']article:published_time["\']', re.I),
]


def first_match(patterns, text, what, path):
    for pat in patterns:
        m = pat.search(text)
        if m:
            return m.group(1)
    raise SystemExit(f"{path}: no {what} found")


def warc_date(value):
    """ISO 8601 timestamp with offset -> WARC-Date (UTC, second precision)."""
    value = value.strip()
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    stamp = dt.datetime.fromisoformat(value)
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.timezone.utc)
    return stamp.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def record_id(name):
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}>"


def sha1_digest(data):
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def ip_for(host):
    """A stable, documentation-range (RFC 5737) address for the host."""
    n = hashlib.sha1(host.encode("utf-8")).digest()[0] % 254 + 1
    return f"192.0.2.{n}"


def make_record(headers, block):
    """headers: list of (name, value) without Content-Length; block: bytes."""
    lines = [b"WARC/1.0"]
    for name, value in headers:
        lines.append(f"{name}: {value}".encode("utf-8"))
    lines.append(f"Content-Length: {len(block)}".encode("ascii"))
    return CRLF.join(lines) + CRLF + CRLF + block + CRLF + CRLF


def load_page(path):
    with open(path, "rb") as fh:
        html = fh.read()
    text = html.decode("utf-8")
    url = first_match(CANONICAL_RE, text, "canonical link", path)
    date = warc_date(first_match(PUBLISHED_RE, text, "article:published_time", path))
    return url, date, html


def build(out_path, sources, compressed):
    pages = [load_page(p) for p in sources]
    filename = os.path.basename(out_path)
    info_id = record_id("warcinfo:" + filename)
    info_date = min(date for _, date, _ in pages) if pages else "2026-01-01T00:00:00Z"
    info_block = CRLF.join([
        b"software: storyweave examples/make_warc.py (Python standard library)",
        b"format: WARC File Format 1.0",
        b"conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.0/",
        b"isPartOf: storyweave-example-corpus",
        b"description: Invented news pages for the storyweave example corpus",
        b"robots: classic",
    ]) + CRLF
    records = [make_record([
        ("WARC-Type", "warcinfo"),
        ("WARC-Date", info_date),
        ("WARC-Record-ID", info_id),
        ("WARC-Filename", filename),
        ("Content-Type", "application/warc-fields"),
    ], info_block)]

    for url, date, html in pages:
        parts = urlsplit(url)
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        ip = ip_for(parts.hostname)
        req_id = record_id("request:" + url)
        resp_id = record_id("response:" + url)

        req_block = CRLF.join([
            f"GET {target} HTTP/1.1".encode("utf-8"),
            f"Host: {parts.netloc}".encode("utf-8"),
            f"User-Agent: {USER_AGENT}".encode("utf-8"),
            b"Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            b"Accept-Language: en",
            b"Accept-Encoding: identity",
        ]) + CRLF + CRLF
        records.append(make_record([
            ("WARC-Type", "request"),
            ("WARC-Date", date),
            ("WARC-Record-ID", req_id),
            ("Content-Type", "application/http; msgtype=request"),
            ("WARC-Warcinfo-ID", info_id),
            ("WARC-IP-Address", ip),
            ("WARC-Target-URI", url),
        ], req_block))

        http_head = (
            "HTTP/1.1 200 OK\r\n"
            "Content-Type: text/html; charset=utf-8\r\n"
            f"Content-Length: {len(html)}\r\n"
            "\r\n"
        ).encode("ascii")
        resp_block = http_head + html
        records.append(make_record([
            ("WARC-Type", "response"),
            ("WARC-Date", date),
            ("WARC-Record-ID", resp_id),
            ("Content-Type", "application/http; msgtype=response"),
            ("WARC-Warcinfo-ID", info_id),
            ("WARC-Concurrent-To", req_id),
            ("WARC-IP-Address", ip),
            ("WARC-Target-URI", url),
            ("WARC-Payload-Digest", sha1_digest(html)),
            ("WARC-Block-Digest", sha1_digest(resp_block)),
            ("WARC-Identified-Payload-Type", "text/html"),
        ], resp_block))

    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    with open(out_path, "wb") as fh:
        for rec in records:
            if compressed:
                buf = io.BytesIO()
                # One gzip member per record; mtime=0 and no file name keep it reproducible.
                with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0) as gz:
                    gz.write(rec)
                fh.write(buf.getvalue())
            else:
                fh.write(rec)
    print(f"wrote {out_path}: 1 warcinfo + {len(pages)} request/response pairs")


def check(path):
    """Re-read a WARC and verify framing, Content-Length and the HTTP payload length."""
    with open(path, "rb") as fh:
        data = fh.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)  # concatenated members decode as one stream
    pos, n, responses = 0, 0, []
    while pos < len(data):
        end = data.index(b"\r\n\r\n", pos)
        head = data[pos:end].decode("utf-8").split("\r\n")
        if head[0] != "WARC/1.0":
            raise SystemExit(f"{path}: record {n + 1}: bad version line {head[0]!r}")
        fields = dict(line.split(": ", 1) for line in head[1:])
        length = int(fields["Content-Length"])
        block = data[end + 4:end + 4 + length]
        if len(block) != length:
            raise SystemExit(f"{path}: record {n + 1}: block shorter than Content-Length")
        if data[end + 4 + length:end + 8 + length] != b"\r\n\r\n":
            raise SystemExit(f"{path}: record {n + 1}: missing CRLFCRLF terminator")
        if fields["WARC-Type"] == "response":
            http_end = block.index(b"\r\n\r\n")
            http_head = block[:http_end].decode("ascii").split("\r\n")
            http_len = int([h for h in http_head if h.lower().startswith("content-length:")][0].split(":")[1])
            body = block[http_end + 4:]
            if http_len != len(body):
                raise SystemExit(f"{path}: record {n + 1}: HTTP Content-Length {http_len} != {len(body)}")
            if fields["WARC-Payload-Digest"] != sha1_digest(body):
                raise SystemExit(f"{path}: record {n + 1}: payload digest mismatch")
            responses.append((fields["WARC-Date"], fields["WARC-Target-URI"]))
        n += 1
        pos = end + 8 + length
    print(f"{path}: {n} records OK")
    for i, (date, uri) in enumerate(responses, 1):
        print(f"  #{i} {date} {uri}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sources", nargs="*", help="HTML pages to pack (default: the built-in lists)")
    ap.add_argument("--out", help="output file (required when sources are given)")
    ap.add_argument("--uncompressed", action="store_true", help="write a plain .warc instead of gzip-per-record")
    ap.add_argument("--verify", action="store_true", help="re-read every written file and check it")
    ap.add_argument("--check", metavar="WARC", nargs="+", help="only check the given WARC files")
    args = ap.parse_args(argv)

    if args.check:
        for path in args.check:
            check(path)
        return

    if args.sources:
        if not args.out:
            ap.error("--out is required when sources are given")
        jobs = [(args.out, args.sources, not args.uncompressed)]
    else:
        if args.out or args.uncompressed:
            ap.error("--out/--uncompressed need explicit sources")
        jobs = [
            (os.path.join(CRAWL_DIR, "capture.warc.gz"), [os.path.join(SRC_DIR, s) for s in GZ_SOURCES], True),
            (os.path.join(CRAWL_DIR, "extra.warc"), [os.path.join(SRC_DIR, s) for s in EXTRA_SOURCES], False),
        ]
    for out, sources, compressed in jobs:
        build(out, sources, compressed)
        if args.verify:
            check(out)


if __name__ == "__main__":
    sys.exit(main())
