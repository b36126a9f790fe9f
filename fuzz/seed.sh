#!/bin/sh
# Seeds each fuzz target's corpus with the fixtures it reads, so that fuzzing starts from
# real-looking inputs rather than from nothing. Run from the repository's root.
set -eu
seed() {
  target=$1; shift
  mkdir -p "fuzz/corpus/$target"
  cp "$@" "fuzz/corpus/$target/"
}
seed text_reader fixtures/text/*.txt
seed writers fixtures/text/*.txt
seed html_reader fixtures/html/*.html
seed rules fixtures/text/*.txt fixtures/html/*.html fixtures/newsml/*.xml
seed newsml_reader fixtures/newsml/*.xml
mkdir -p fuzz/corpus/warc_reader
gzip -dc fixtures/warc/portal-crawl.warc.gz > fuzz/corpus/warc_reader/portal-crawl.warc
mkdir -p fuzz/corpus/ndjson_reader
for f in fixtures/text/*.txt; do
  python3 -c 'import json,sys; print(json.dumps({"path": sys.argv[1], "text": open(sys.argv[1], errors="replace").read()}))' "$f"
done > fuzz/corpus/ndjson_reader/records.jsonl
mkdir -p fuzz/corpus/config_and_profile
target/release/arsip schema config > fuzz/corpus/config_and_profile/config-schema.json 2>/dev/null || true
cat > fuzz/corpus/config_and_profile/arsip.yaml <<'YAML'
select: [D, L, Q]
ignore: [Q305]
severity:
  R401: error
overrides:
  - files: "arsip-lama/**"
    ignore: [D104]
YAML
cat > fuzz/corpus/config_and_profile/profile.yaml <<'YAML'
name: Portal Banyuwangi
hosts: [banyuwangikab.go.id, "*.banyuwangikab.go.id"]
title: h1.entry-title
date: .entry-meta time
body: .entry-content
remove: [.sharedaddy, .jp-relatedposts]
related: .baca-juga a
YAML
echo "seeded fuzz/corpus/"
