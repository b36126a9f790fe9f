#!/bin/sh
# Instructions executed to read and check each case of benches/scaling.rs at 1x and 10x
# its input, counted by valgrind's callgrind: unlike seconds, the same on every run and
# whatever else the machine is doing, so the ratio shows how the algorithm grows.
#     sh bench/scaling-instructions.sh
set -eu
command -v valgrind >/dev/null || { echo "valgrind is missing: apt-get install -y valgrind" >&2; exit 2; }
cargo bench --bench scaling --no-run 2>/dev/null
binary=$(ls -t target/release/deps/scaling-* | grep -v '\.d$' | head -n 1)
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$binary" --case "$1" --scale "$2" 2>&1 |
    sed -n 's/.*Collected : //p'
}
"$binary" --list | while IFS="$(printf '\t')" read -r index name; do
  one=$(count "$index" 1)
  ten=$(count "$index" 10)
  ratio=$(echo "scale=1; $ten / $one" | bc)
  printf '%-30s %14s %14s %6sx\n' "$name" "$one" "$ten" "$ratio"
done
