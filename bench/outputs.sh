#!/usr/bin/env bash
# Writes what arsip makes of every fixture and every shared benchmark page into OUT_DIR,
# one JSON article (and one JSON check report) per input, so that two builds can be
# compared with `diff -r` before and after a change that should not alter output.
#
#   bash bench/outputs.sh /tmp/before [path/to/arsip]
#   ... change, rebuild ...
#   bash bench/outputs.sh /tmp/after && diff -r /tmp/before /tmp/after
set -euo pipefail
out=${1:?usage: bench/outputs.sh OUT_DIR [ARSIP]}
root=$(cd "$(dirname "$0")/.." && pwd)
arsip=${2:-$root/target/release/arsip}
shared=../shared   # relative, so that source.path is the same in every checkout
cd "$root"
mkdir -p "$out"
run() { # name, input, extra args...
  local name=$1 input=$2; shift 2
  mkdir -p "$out/$(dirname "$name")"
  (cd "$root" && "$arsip" convert --no-config --quiet --now 2026-01-01 "$@" "$input" \
      >"$out/$name.json" 2>"$out/$name.err") || echo "exit $?" >>"$out/$name.err"
  (cd "$root" && "$arsip" check --no-config --now 2026-01-01 --format json "$@" "$input" \
      >"$out/$name.check.json" 2>/dev/null) || true
}
for f in "$root"/fixtures/text/* "$root"/fixtures/html/* "$root"/fixtures/newsml/* "$root"/fixtures/warc/*; do
  run "fixtures/$(basename "$(dirname "$f")")/$(basename "$f")" "${f#$root/}"
done
if [ -d "$shared" ]; then
  for f in "$shared"/samples/id-news/*; do run "id-news/$(basename "$f")" "$f"; done
  for f in "$shared"/bench/article-extraction-benchmark/html/*.html.gz; do
    run "scrapinghub/$(basename "$f" .html.gz)" "$f" --from html
  done
  for f in "$shared"/bench/web-dev/pages/*.html.gz; do
    run "web-dev/$(basename "$f" .html.gz)" "$f" --from html
  done
else
  echo "warning: $shared is missing; only fixtures written" >&2
fi
