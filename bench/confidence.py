#!/usr/bin/env python3
"""Does arsip's extraction score mean something? Measured on ../shared/bench/web-dev.

Usage: python3 bench/confidence.py [--arsip target/release/arsip] [--share 0.1]

Converts the web-dev pages (one process, no page URL given), then counts the must-appear
(`with`) snippets each page lost from its body, and reports the share of all lost snippets
held by the least confident 10% of the pages (lowest `extraction.score`; ties broken by page
id). Two denominators: the pages that carry snippet labels, and all pages. The target is at
least half. Also lists, per signal, how often it fires and the loss on the pages it fires on.
Fails loudly when ../shared is missing.
"""
import argparse
import json
import pathlib
import re
import subprocess
import sys
from collections import defaultdict

ROOT = pathlib.Path(__file__).resolve().parent.parent
WEB = ROOT.parent / "shared" / "bench" / "web-dev"
SPACES = re.compile(r"\s+")


def collapse(text):
    return SPACES.sub(" ", text or "").strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arsip", default=str(ROOT / "target" / "release" / "arsip"))
    parser.add_argument("--share", type=float, default=0.1)
    args = parser.parse_args()
    if not WEB.is_dir():
        sys.exit(f"error: {WEB} is missing; the benchmark needs ../shared beside the repository")
    if not pathlib.Path(args.arsip).exists():
        sys.exit(f"error: {args.arsip} not found; run `cargo build --release` first")
    labels = json.loads((WEB / "labels.json").read_text(encoding="utf-8"))
    pages = sorted((WEB / "pages").glob("*.html.gz"))
    run = subprocess.run(
        [args.arsip, "convert", "--no-config", "--quiet", "--compact", "--from", "html",
         *map(str, pages)],
        capture_output=True, text=True,
    )
    articles = {}
    for line in run.stdout.splitlines():
        if line.strip():
            article = json.loads(line)
            articles[pathlib.Path(article["source"]["path"]).name.removesuffix(".html.gz")] = article
    rows = []
    for page_id, label in sorted(labels.items()):
        article = articles.get(page_id) or {}
        extraction = article.get("extraction") or {"score": 0, "signals": []}
        body = collapse("\n".join(article.get("body") or []))
        must = label.get("with") or []
        lost = sum(1 for s in must if collapse(s) not in body)
        rows.append((extraction["score"], page_id, lost, bool(must), extraction["signals"]))
    total = sum(r[2] for r in rows)
    print(f"{len(articles)} of {len(pages)} pages read; {total} must-snippets lost in all")
    for name, pool in [("pages with snippet labels", [r for r in rows if r[3]]), ("all pages", rows)]:
        pool = sorted(pool)
        n = max(1, round(len(pool) * args.share))
        held = sum(r[2] for r in pool[:n])
        print(f"least confident {args.share:.0%} of {name} ({n} of {len(pool)}, score <= "
              f"{pool[n - 1][0]}): {held} of {total} lost snippets = {held / max(total, 1):.1%}")
    fired = defaultdict(lambda: [0, 0])
    for _, _, lost, labelled, signals in rows:
        for s in signals:
            fired[s["kind"]][0] += 1
            fired[s["kind"]][1] += lost
    print("signal: pages it fires on, snippets lost on them")
    for kind, (count, lost) in sorted(fired.items(), key=lambda kv: -kv[1][1]):
        print(f"  {kind}: {count} pages, {lost} lost")
    return 0


if __name__ == "__main__":
    sys.exit(main())
