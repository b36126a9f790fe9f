#!/usr/bin/env python3
"""Converts a folder of article pages with arsip inside Spark, in local mode.

Each page becomes one JSON record {"path", "html"} (or {"path", "text"} for .txt files);
Spark pipes every partition through `arsip convert --from ndjson`, the same contract as
Hadoop Streaming, and writes the articles as JSON Lines, one part file per partition.

    pip install pyspark                       # Java 17 is on the machine
    cargo build --release
    python3 examples/spark/convert_folder.py fixtures/html /tmp/articles
    cat /tmp/articles/part-*                  # one article per line

On a cluster, ship the arsip binary with --files and point ARSIP at it; nothing else
changes. Pages are read as UTF-8 (with replacement characters for anything else): for
archives in legacy encodings, give arsip the files themselves (`arsip convert --out-dir`),
which detects their encoding.
"""

import json
import os
import shutil
import sys
from pathlib import Path

from pyspark.sql import SparkSession

ROOT = Path(__file__).resolve().parents[2]
ARSIP = os.environ.get("ARSIP", str(ROOT / "target" / "release" / "arsip"))


def record(path_and_bytes):
    path, content = path_and_bytes
    text = content.decode("utf-8", errors="replace")
    key = "text" if path.endswith(".txt") else "html"
    # One record per line: json.dumps escapes the page's own newlines.
    return json.dumps({"path": path.removeprefix("file:"), key: text}, ensure_ascii=False)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: convert_folder.py INPUT_FOLDER OUTPUT_FOLDER")
    source, target = Path(sys.argv[1]).resolve(), sys.argv[2]
    if not Path(ARSIP).exists():
        sys.exit(f"{ARSIP} is missing: run `cargo build --release`, or set ARSIP")
    shutil.rmtree(target, ignore_errors=True)
    spark = SparkSession.builder.master("local[2]").appName("arsip").getOrCreate()
    pages = spark.sparkContext.binaryFiles(f"{source}/*", minPartitions=2)
    # arsip exits 2 when a record fails, and Spark fails a whole job on a non-zero exit:
    # the failures are on the executor's stderr, and the counts below show them.
    command = f"sh -c '\"{ARSIP}\" convert --from ndjson --quiet --no-config -; [ $? -le 2 ]'"
    articles = pages.map(record).pipe(command)
    articles.saveAsTextFile(target)
    converted = spark.sparkContext.textFile(target).count()
    total = pages.count()
    print(f"{converted} articles from {total} pages in {target}")
    if converted != total:
        print(f"{total - converted} page(s) failed: see the messages above", file=sys.stderr)
        sys.exit(2)
    spark.stop()


if __name__ == "__main__":
    main()
