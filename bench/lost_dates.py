#!/usr/bin/env python3
"""Lists the web-dev pages whose date arsip gets wrong, with the likely cause.

Usage: python3 bench/lost_dates.py PRED_DIR [--full]  (PRED_DIR/web-dev from `bench/web.py --keep`)

For each labelled page whose predicted date differs from the label, prints the id, the
prediction, the label and a cause: `none` (no date found) or `wrong`, and where the label's
date shows up in the HTML: as ISO (`2020-02-26`), as a numeric form in another order, in a
`<meta>`/JSON-LD value, or not in a form arsip could read at all. Ends with counts per cause.
"""
import collections, gzip, json, pathlib, re, sys

SHARED = pathlib.Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "web-dev"


def forms(gold):
    y, m, d = gold.split("-")
    return {
        "iso": [f"{y}-{m}-{d}"],
        "dmy": [f"{int(d)}.{int(m)}.{y}", f"{d}.{m}.{y}", f"{d}/{m}/{y}", f"{d}-{m}-{y}"],
        "mdy": [f"{m}/{d}/{y}", f"{int(m)}/{int(d)}/{y}"],
        "ymd": [f"{y}/{m}/{d}", f"{y}.{m}.{d}", f"{y}{m}{d}"],
    }


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    pred = pathlib.Path(sys.argv[1])
    labels = json.loads((SHARED / "labels.json").read_text())
    causes = collections.Counter()
    for pid, lab in sorted(labels.items()):
        gold = lab.get("date_htmldate") or lab.get("date_trafilatura")
        if not gold:
            continue
        try:
            got = json.loads((pred / f"{pid}.json").read_text()).get("date") or None
        except OSError:
            got = None
        if got == gold:
            continue
        html = gzip.open(SHARED / "pages" / f"{pid}.html.gz", "rt", errors="replace").read()
        where = [k for k, fs in forms(gold).items() if any(f in html for f in fs)]
        meta = bool(re.search(r'(content|datetime)="' + gold, html)) or f'"{gold}T' in html
        lang = (re.search(r'<html[^>]*\blang="?([a-zA-Z]{2})', html) or [None, "?"])[1].lower()
        cause = ("none" if got is None else "wrong") + ":" + ("+".join(where) or "names-only")
        if meta:
            cause += ":meta"
        causes[cause] += 1
        print(f"{pid}\t{got}\t{gold}\t{lang}\t{cause}")
    print()
    for cause, n in causes.most_common():
        print(f"{n:4d}  {cause}")


if __name__ == "__main__":
    main()
