#!/usr/bin/env python3
"""Runs arsip over both labelled page sets in ../shared and prints them beside the peers.

Usage: python3 bench/web.py [--arsip target/release/arsip] [--keep DIR] [--worst N] [--only web|sh]

- web-dev: the 704 pages of ../shared/bench/web-dev/pages (htmldate's and trafilatura's test
  pages), converted with one `arsip convert --from html` process (one thread, no page URL:
  the tools get the HTML only) and scored with ../shared/bench/score_web.py (dates, exact
  titles, body snippets P/R/F1).
- scrapinghub: the 181 pages of the article-extraction benchmark, through bench/extraction.py's
  conversion and ../shared/bench/score_extraction.py (body F1, dates of 47, titles of 181).

Prints one table per set with arsip's row first and the peers' published figures under it.
`--keep DIR` keeps the per-page predictions in DIR/web-dev and DIR/scrapinghub; `--worst N`
lists the web-dev pages that lose most snippets. Fails loudly when ../shared is missing.
"""
import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
WEB = SHARED / "bench" / "web-dev"
SH = SHARED / "bench" / "article-extraction-benchmark"

# The peers' figures as ../shared/bench/web-dev/README.md gives them for web-dev.
WEB_PEERS = [
    ("trafilatura 2.3.1", 0.902, 0.556, 0.902, 0.946, 0.924),
    ("trafilatura 2.3.1, favor_precision", 0.901, 0.556, 0.923, 0.919, 0.921),
    ("htmldate 1.11.0", 0.840, None, None, None, None),
]
# The peers' figures for the scrapinghub set as bench/README.md records them.
SH_PEERS = [
    ("trafilatura 2.3.1, favor_precision", 0.964, 47),
    ("trafilatura 2.3.1", 0.958, 47),
    ("rs-trafilatura 0.1.1", 0.957, 29),
    ("readability-lxml 0.9", 0.954, None),
    ("dom_smoothie 0.19", 0.951, 26),
]


def convert(arsip, pages, out_dir, joiner="\n"):
    """One arsip process over `pages`; writes {id}.json predictions, returns (count, seconds)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    run = subprocess.run(
        [arsip, "convert", "--no-config", "--quiet", "--compact", "--jobs", "1", "--from", "html",
         *map(str, pages)],
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    if run.stderr.strip():
        print(run.stderr.strip(), file=sys.stderr)
    count = 0
    for line in run.stdout.splitlines():
        if not line.strip():
            continue
        article = json.loads(line)
        page_id = pathlib.Path(article["source"]["path"]).name.removesuffix(".html.gz")
        prediction = {
            "body": joiner.join(article["body"]),
            "title": article["title"] or "",
            "date": (article["published"] or {}).get("date") or "",
        }
        (out_dir / f"{page_id}.json").write_text(json.dumps(prediction, ensure_ascii=False))
        count += 1
    return count, elapsed


def fmt(value):
    return "-" if value is None else f"{value:.3f}"


def web_dev(arsip, out_dir, worst):
    pages = sorted((WEB / "pages").glob("*.html.gz"))
    count, elapsed = convert(arsip, pages, out_dir)
    scorer = [sys.executable, str(SHARED / "bench" / "score_web.py"), "--pred", str(out_dir)]
    res = json.loads(subprocess.run([*scorer, "--json"], capture_output=True, text=True, check=True).stdout)
    print(f"## web-dev: {count} of {len(pages)} pages converted in {elapsed:.2f}s "
          f"({len(pages) / elapsed:.0f} pages/s)\n")
    print("| tool | dates | titles exact | snippets P | R | F1 |")
    print("| --- | --- | --- | --- | --- | --- |")
    print(f"| **arsip** | {res['date_accuracy']:.3f} | {res['title_exact']:.3f} | "
          f"{res['snippet_precision']:.3f} | {res['snippet_recall']:.3f} | {res['snippet_f1']:.3f} |")
    for name, *figures in WEB_PEERS:
        print(f"| {name} | " + " | ".join(map(fmt, figures)) + " |")
    print(f"\n(dates of {res['date_labelled']} labelled pages, titles of {res['title_labelled']})\n")
    if worst:
        subprocess.run([*scorer, "--worst", str(worst)], check=True)
        print()


def scrapinghub(arsip, out_dir):
    pages = sorted((SH / "html").glob("*.html.gz"))
    count, elapsed = convert(arsip, pages, out_dir, "\n\n")
    res = json.loads(subprocess.run(
        [sys.executable, str(SHARED / "bench" / "score_extraction.py"),
         "--pred", str(out_dir), "--gold", str(SH / "ground-truth.json"),
         "--dates", str(SH / "url-dates.json"), "--name", "arsip", "--json"],
        capture_output=True, text=True, check=True,
    ).stdout)
    titled = round(res["title_coverage_all"] * res["pages"])
    print(f"## scrapinghub: {count} of {len(pages)} pages converted in {elapsed:.2f}s "
          f"({len(pages) / elapsed:.0f} pages/s)\n")
    print(f"| tool | body F1 (shingle4) | P / R | dates right (of {res['date_ref_pages']}) | titles |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| **arsip** | {res['sh_f1']:.3f} | {res['sh_precision']:.3f} / {res['sh_recall']:.3f} | "
          f"{res['date_correct']} | {titled} of {res['pages']} |")
    for name, f1_peer, dates_peer in SH_PEERS:
        print(f"| {name} | {f1_peer:.3f} | | {'-' if dates_peer is None else dates_peer} | |")
    print()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arsip", default=str(ROOT / "target" / "release" / "arsip"))
    parser.add_argument("--keep", help="write predictions under this folder instead of a temporary one")
    parser.add_argument("--worst", type=int, default=0, help="list the N web-dev pages that lose most")
    parser.add_argument("--only", choices=["web", "sh"], help="run one set only")
    args = parser.parse_args()
    for folder in (WEB, SH):
        if not folder.is_dir():
            sys.exit(f"error: {folder} is missing; the benchmark needs ../shared beside the repository")
    if not os.path.exists(args.arsip):
        sys.exit(f"error: {args.arsip} not found; run `cargo build --release` first")
    base = pathlib.Path(args.keep or tempfile.mkdtemp(prefix="arsip-web-"))
    if args.only != "sh":
        web_dev(args.arsip, base / "web-dev", args.worst)
    if args.only != "web":
        scrapinghub(args.arsip, base / "scrapinghub")
    return 0


if __name__ == "__main__":
    sys.exit(main())
