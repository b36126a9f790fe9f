#!/usr/bin/env python3
"""Runs arsip over the extraction benchmark in ../shared and scores it.

Usage: python3 bench/extraction.py [--arsip target/release/arsip] [--keep DIR]

Converts the 181 pages of ../shared/bench/article-extraction-benchmark/html (one process,
one thread, no page URL given), writes one {"body", "title", "date"} file per page id, and
runs ../shared/bench/score_extraction.py on them. Prints the scorer's report, pages per
second and peak RSS. Fails loudly when ../shared is missing.
"""
import argparse
import json
import os
import pathlib
import resource
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
BENCH = SHARED / "bench" / "article-extraction-benchmark"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arsip", default=str(ROOT / "target" / "release" / "arsip"))
    parser.add_argument("--keep", help="write predictions here instead of a temporary folder")
    args = parser.parse_args()
    if not BENCH.is_dir():
        sys.exit(f"error: {BENCH} is missing; the benchmark needs ../shared beside the repository")
    if not os.path.exists(args.arsip):
        sys.exit(f"error: {args.arsip} not found; run `cargo build --release` first")
    pages = sorted((BENCH / "html").glob("*.html.gz"))
    out_dir = pathlib.Path(args.keep or tempfile.mkdtemp(prefix="arsip-bench-"))
    out_dir.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    run = subprocess.run(
        [args.arsip, "convert", "--no-config", "--quiet", "--compact", "--from", "html", *map(str, pages)],
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if run.stderr.strip():
        print(run.stderr.strip(), file=sys.stderr)
    articles = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
    for article in articles:
        page_id = pathlib.Path(article["source"]["path"]).name.removesuffix(".html.gz")
        prediction = {
            "body": "\n\n".join(article["body"]),
            "title": article["title"] or "",
            "date": (article["published"] or {}).get("date") or "",
        }
        (out_dir / f"{page_id}.json").write_text(json.dumps(prediction, ensure_ascii=False))
    print(f"converted {len(articles)} of {len(pages)} pages in {elapsed:.2f}s: "
          f"{len(pages) / elapsed:.0f} pages/s, peak RSS {peak_kb / 1024:.0f} MB")
    score = subprocess.run(
        [sys.executable, str(SHARED / "bench" / "score_extraction.py"),
         "--pred", str(out_dir),
         "--gold", str(BENCH / "ground-truth.json"),
         "--dates", str(BENCH / "url-dates.json"),
         "--name", "arsip"],
        text=True,
    )
    return score.returncode


if __name__ == "__main__":
    sys.exit(main())
