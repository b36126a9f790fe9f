#!/usr/bin/env python3
"""Precision of `arsip check` on real pages, against committed verdicts.

The pages live in ../shared (never in this repository). `bench/findings/sample.csv` names the
pages of the labelled set and which split each is in (`tune`: the rules were tuned on it,
`fresh`: held out, only measured); `bench/findings/verdicts.csv` holds one verdict per judged
finding: `real` (a defect an editor would fix) or `false` (a false alarm), with a short reason;
`synthetic` marks a finding on a test fixture that is no real page (left out of the figures).

    python3 bench/findings.py                 # precision per rule and severity, per split
    python3 bench/findings.py --dump          # unjudged findings with context, to judge
    python3 bench/findings.py --split fresh   # one split only
    sh bench/fetch_outside.sh /tmp/outside && \
      python3 bench/findings.py --outside /tmp/outside --split outside1   # pages not in ../shared

Uses the release binary (target/release/arsip; `cargo build --release` first).
"""

import argparse
import csv
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared")
SETS = {
    "id-news": os.path.join(SHARED, "samples", "id-news"),
    "scrapinghub": os.path.join(SHARED, "bench", "article-extraction-benchmark", "html"),
    "web-dev": os.path.join(SHARED, "bench", "web-dev", "pages"),
}
HERE = os.path.join(ROOT, "bench", "findings")
SAMPLE = os.path.join(HERE, "sample.csv")
VERDICTS = os.path.join(HERE, "verdicts.csv")
# In the order they were judged; each was held out until its verdicts were committed.
SPLITS = ["tune", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "outside1", "outside2", "outside3", "outside4", "outside5", "outside6", "outside7", "outside8"]
# Pages from outside ../shared (other extractors' published test pages, fetched by
# bench/fetch_outside.sh): the `outside` set, read only when --outside names their folder.
OUTSIDE_ENV = "ARSIP_OUTSIDE_PAGES"
FIELDS = ["set", "page", "code", "line", "column", "severity", "verdict", "reason", "context"]


def page_path(set_name, page):
    folder = SETS[set_name]
    for ext in (".html", ".html.gz"):
        path = os.path.join(folder, page + ext)
        if os.path.exists(path):
            return path
    return None


def page_id(name):
    base = os.path.basename(name)
    for ext in (".html.gz", ".html"):
        if base.endswith(ext):
            return base[: -len(ext)]
    return base


def read_sample():
    with open(SAMPLE, newline="") as f:
        return [(r["set"], r["page"], r["split"]) for r in csv.DictReader(f)]


def read_verdicts():
    if not os.path.exists(VERDICTS):
        return []
    with open(VERDICTS, newline="") as f:
        return list(csv.DictReader(f))


def run_arsip(binary, paths, convert_dir=None):
    """Findings of `arsip check` on `paths`, by path."""
    with tempfile.NamedTemporaryFile("w", suffix=".list", delete=False) as f:
        f.write("\n".join(paths) + "\n")
        listing = f.name
    try:
        out = subprocess.run(
            [binary, "check", "--format", "json", "--exit-zero", "-j", "2", "@" + listing],
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode not in (0, 1):
            sys.exit(f"arsip check failed: {out.stderr}")
        if convert_dir:
            subprocess.run(
                [binary, "convert", "--out-dir", convert_dir, "--force", "-j", "2", "@" + listing],
                capture_output=True,
                check=False,
            )
    finally:
        os.unlink(listing)
    report = json.loads(out.stdout)
    by_path = defaultdict(list)
    for finding in report["findings"]:
        by_path[finding["path"]].append(finding)
    return by_path


def key(v):
    return (v["set"], v["page"], v["code"], str(v["line"]), str(v["column"]))


def loose_key(v):
    return (v["set"], v["page"], v["code"], str(v["line"]))


def match(findings, verdicts):
    """Pairs each finding with its verdict: same page, code, line and column; failing that,
    same page, code and line (a finding that moved within its line)."""
    exact = {}
    loose = defaultdict(list)
    for v in verdicts:
        exact[key(v)] = v
        loose[loose_key(v)].append(v)
    used = set()
    chosen = [None] * len(findings)
    # Exact matches first, for every finding, so that a finding without a verdict on the same
    # line cannot take the verdict of one that has it.
    for i, f in enumerate(findings):
        v = exact.get(key(f))
        if v is not None and id(v) not in used:
            used.add(id(v))
            chosen[i] = v
    for i, f in enumerate(findings):
        if chosen[i] is None:
            v = next((c for c in loose.get(loose_key(f), []) if id(c) not in used), None)
            if v is not None:
                used.add(id(v))
                chosen[i] = v
    pairs = list(zip(findings, chosen))
    gone = [v for v in verdicts if id(v) not in used]
    return pairs, gone


def context_of(set_name, page, finding, articles):
    article = articles.get((set_name, page))
    if not article:
        return ""
    field = finding.get("field") or ""
    body = article.get("body") or []
    out = []
    if field.startswith("quotes["):
        i = int(field[7:].split("]")[0])
        quotes = article.get("quotes") or []
        if i < len(quotes):
            p = quotes[i].get("paragraph", 0)
            for j in range(max(0, p - 1), min(len(body), p + 2)):
                out.append(f"  [{j}{'*' if j == p else ''}] {body[j][:700]}")
    elif field.startswith("body["):
        i = int(field[5:].split("]")[0])
        for j in range(max(0, i - 1), min(len(body), i + 2)):
            out.append(f"  [{j}{'*' if j == i else ''}] {body[j][:500]}")
    elif field.startswith("related"):
        out.append("  related: " + json.dumps(article.get("related"), ensure_ascii=False)[:900])
    else:
        out.append(f"  title: {article.get('title')}")
        out.append(f"  published: {json.dumps(article.get('published'), ensure_ascii=False)}")
        out.append(f"  dateline: {json.dumps(article.get('dateline'), ensure_ascii=False)}")
        for j in range(min(2, len(body))):
            out.append(f"  [{j}] {body[j][:300]}")
    return "\n".join(out)


def load_articles(convert_dir, sample):
    articles = {}
    for set_name, page, _ in sample:
        for root, _, files in os.walk(convert_dir):
            for name in files:
                if name == page + ".json":
                    with open(os.path.join(root, name)) as f:
                        try:
                            articles[(set_name, page)] = json.load(f)
                        except json.JSONDecodeError:
                            pass
    return articles


def pct(real, judged):
    return f"{100 * real / judged:5.1f}%" if judged else "    -"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "arsip"))
    parser.add_argument("--split", choices=SPLITS + ["all"], default="all")
    parser.add_argument("--dump", action="store_true", help="print unjudged findings with context")
    parser.add_argument("--all", action="store_true", help="with --dump: judged ones too")
    parser.add_argument("--info", action="store_true", help="with --dump: info findings too")
    parser.add_argument(
        "--outside",
        default=os.environ.get(OUTSIDE_ENV),
        help=f"folder of the outside pages (bench/fetch_outside.sh; or ${OUTSIDE_ENV})",
    )
    args = parser.parse_args()
    if not os.path.isdir(SHARED):
        sys.exit(f"SKIP: {SHARED} is missing; the labelled pages live there")
    sample = read_sample()
    if args.outside and os.path.isdir(args.outside):
        SETS["outside"] = args.outside
    else:
        print(
            "SKIP: the outside split (pages not in ../shared): "
            "run bench/fetch_outside.sh DIR and pass --outside DIR",
            file=sys.stderr,
        )
        sample = [s for s in sample if s[0] != "outside"]
    if args.split != "all":
        sample = [s for s in sample if s[2] == args.split]
    paths = {}
    for set_name, page, split in sample:
        path = page_path(set_name, page)
        if path is None:
            sys.exit(f"missing page {set_name}/{page}")
        paths[os.path.abspath(path)] = (set_name, page, split)
    convert_dir = tempfile.mkdtemp(prefix="arsip-findings-") if args.dump else None
    by_path = run_arsip(args.binary, sorted(paths), convert_dir)
    findings = []
    for path, (set_name, page, split) in paths.items():
        real = os.path.realpath(path)
        for f in by_path.get(path, []) + (by_path.get(real, []) if real != path else []):
            findings.append(dict(f, set=set_name, page=page, split=split))
    pages_of = {(s, p) for s, p, _ in sample}
    verdicts = [v for v in read_verdicts() if (v["set"], v["page"]) in pages_of]
    pairs, gone = match(findings, verdicts)

    if args.dump:
        articles = load_articles(convert_dir, sample)
        for f, v in pairs:
            if (v is not None and not args.all) or (f["severity"] == "info" and not args.info):
                continue
            print(
                f"{f['set']},{f['page']},{f['code']},{f['line']},{f['column']},{f['severity']}"
                f"  [{f['field']}] {f['message'][:200]}"
                + (f"  => {v['verdict']}: {v['reason']}" if v else "")
            )
            print(context_of(f["set"], f["page"], f, articles))
            print()
        return

    split_of = {(s, p): sp for s, p, sp in sample}
    for split in (SPLITS if args.split == "all" else [args.split]):
        rows = [(f, v) for f, v in pairs if f["split"] == split]
        pages = [(s, p) for (s, p), sp in split_of.items() if sp == split]
        print(f"== {split}: {len(pages)} pages, {len(rows)} findings")
        by_rule = defaultdict(lambda: [0, 0, 0])
        by_sev = defaultdict(lambda: [0, 0, 0])
        for f, v in rows:
            for table, k in ((by_rule, (f["code"], f["severity"])), (by_sev, f["severity"])):
                cell = table[k]
                cell[0] += 1
                if v is not None and v["verdict"] in ("real", "false"):
                    cell[1] += 1
                    cell[2] += v["verdict"] == "real"
        print(f"{'rule':<6}{'severity':<9}{'found':>6}{'judged':>7}{'real':>6}{'precision':>10}")
        for (code, sev), (n, judged, real) in sorted(by_rule.items()):
            print(f"{code:<6}{sev:<9}{n:>6}{judged:>7}{real:>6}{pct(real, judged):>10}")
        print(f"{'':<6}{'severity':<9}{'found':>6}{'judged':>7}{'real':>6}{'precision':>10}")
        for sev in ("error", "warning", "info"):
            n, judged, real = by_sev.get(sev, [0, 0, 0])
            print(f"{'':<6}{sev:<9}{n:>6}{judged:>7}{real:>6}{pct(real, judged):>10}")
        for label, sets in (
            ("news pages", ("id-news", "scrapinghub", "outside")),
            ("all pages", tuple(SETS)),
        ):
            counts = []
            for s, p in pages:
                if s not in sets:
                    continue
                counts.append(
                    sum(
                        1
                        for f, _ in rows
                        if (f["set"], f["page"]) == (s, p) and f["severity"] != "info"
                    )
                )
            if counts:
                print(
                    f"error-or-warning findings per page ({label}, {len(counts)}): "
                    f"median {statistics.median(counts)}, mean {statistics.mean(counts):.2f}"
                )
        new = [f for f, v in rows if v is None]
        lost = [v for v in gone if split_of.get((v["set"], v["page"])) == split]
        print(f"appeared (not judged): {len(new)}; disappeared (judged, no longer found): {len(lost)}")
        lost_real = [v for v in lost if v["verdict"] == "real"]
        for v in lost_real:
            print(f"  lost a real one: {v['set']} {v['page']} {v['code']} line {v['line']}: {v['reason']}")
        for f in new:
            if f["severity"] != "info":
                print(f"  new: {f['set']} {f['page']} {f['code']} {f['line']}:{f['column']} {f['message'][:90]}")
        print()


if __name__ == "__main__":
    main()
