#!/usr/bin/env python3
"""Batch throughput, parallel scaling and peak memory of `arsip convert --out-dir`.

Builds, under a scratch folder:
  - a batch of N pages (default 20,000): symbolic links, 200 to a folder, to the 181 real
    pages of ../shared/bench/article-extraction-benchmark/html (gzipped HTML, which arsip
    reads as is), so the batch costs no disk;
  - a WARC archive of about M megabytes (default 1024) of response records made from the
    same pages, each under its own URL.

Then runs, one after the other on the same machine:
  1. the batch with --jobs 1, then with --jobs 2 into a second out-dir; the two out-dirs
     must hold the same bytes;
  2. the WARC with --jobs 2.
It prints wall time, pages/s, the --jobs 2 speed-up and each run's peak RSS (GNU time).

    cargo build --release
    python3 bench/batch.py                 # --pages 2000 --warc-mb 100 for a quick look
"""

import argparse
import gzip
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "bench" / "article-extraction-benchmark" / "html"
BINARY = ROOT / "target" / "release" / "arsip"


def build_batch(pages, folder, count):
    folder.mkdir(parents=True)
    for i in range(count):
        sub = folder / f"{i // 200:04d}"
        if i % 200 == 0:
            sub.mkdir()
        source = pages[i % len(pages)]
        (sub / f"page-{i:06d}.html.gz").symlink_to(source)


def build_warc(pages, path, megabytes):
    bodies = [gzip.decompress(p.read_bytes()) for p in pages]
    limit = megabytes * 1024 * 1024
    written = records = 0
    with open(path, "wb") as out:
        while written < limit:
            body = bodies[records % len(bodies)]
            url = f"https://portal.example.go.id/berita/{records // 1000}/artikel-{records}.html"
            http = (
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
            head = (
                "WARC/1.0\r\nWARC-Type: response\r\n"
                f"WARC-Target-URI: {url}\r\nWARC-Date: 2019-04-09T01:00:00Z\r\n"
                f"WARC-Record-ID: <urn:uuid:{records:08x}-0000-4000-8000-000000000000>\r\n"
                "Content-Type: application/http; msgtype=response\r\n"
                f"Content-Length: {len(http)}\r\n\r\n"
            ).encode()
            out.write(head + http + b"\r\n\r\n")
            written += len(head) + len(http) + 4
            records += 1
    return records


def run(arguments):
    """Runs arsip under GNU time; returns (seconds, peak RSS in MB, exit code)."""
    command = ["/usr/bin/time", "-f", "%M", str(BINARY)] + arguments
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    peak_kb = int(done.stderr.strip().splitlines()[-1])
    return seconds, peak_kb / 1024, done.returncode


def tree_digest(folder):
    digest = hashlib.sha256()
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    for path in files:
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest(), len(files)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20_000)
    parser.add_argument("--warc-mb", type=int, default=1024)
    parser.add_argument("--rounds", type=int, default=2, help="alternating --jobs 1/2 runs; the fastest of each counts")
    parser.add_argument("--scratch", default="/tmp/arsip-batch-bench")
    args = parser.parse_args()
    if not SHARED.is_dir():
        sys.exit(f"{SHARED} is missing: this benchmark needs ../shared beside the repository")
    if not BINARY.exists():
        sys.exit(f"{BINARY} is missing: run `cargo build --release` first")
    if not Path("/usr/bin/time").exists():
        sys.exit("/usr/bin/time (GNU time) is missing: apt-get install -y time")
    pages = sorted(SHARED.glob("*.html.gz"))
    scratch = Path(args.scratch)
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)

    batch = scratch / "pages"
    build_batch(pages, batch, args.pages)
    common = ["convert", "--no-config", "--quiet", "--no-progress", "--from", "html"]
    # The machines here are noisy: --jobs 1 and --jobs 2 alternate, and each keeps its best.
    results = {1: float("inf"), 2: float("inf")}
    for round_ in range(args.rounds):
        for jobs in (1, 2):
            out = scratch / f"out-j{jobs}"
            shutil.rmtree(out, ignore_errors=True)
            seconds, rss, code = run(common + ["--jobs", str(jobs), "--out-dir", str(out), str(batch)])
            results[jobs] = min(results[jobs], seconds)
            print(
                f"round {round_ + 1}: batch of {args.pages} pages, --jobs {jobs}: {seconds:7.1f} s, "
                f"{args.pages / seconds:6.0f} pages/s, peak RSS {rss:5.1f} MB, exit {code}",
                flush=True,
            )
    same = tree_digest(scratch / "out-j1") == tree_digest(scratch / "out-j2")
    print(
        f"best: --jobs 1 {args.pages / results[1]:.0f} pages/s, --jobs 2 {args.pages / results[2]:.0f} pages/s; "
        f"speed-up {results[1] / results[2]:.2f}x; out-dirs identical: {same}",
        flush=True,
    )

    warc = scratch / "crawl.warc"
    records = build_warc(pages, warc, args.warc_mb)
    size_mb = warc.stat().st_size / 1024 / 1024
    out = scratch / "out-warc"
    seconds, rss, code = run(common[:-2] + ["--jobs", "2", "--out-dir", str(out), str(warc)])
    print(
        f"WARC of {size_mb:.0f} MB, {records} pages, --jobs 2: {seconds:7.1f} s, "
        f"{records / seconds:6.0f} pages/s, peak RSS {rss:5.1f} MB, exit {code}"
    )
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
