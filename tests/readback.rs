//! arsip reads its own output back: JSON, JSON Lines, YAML and NewsML keep what each
//! format carries; hostile XML and YAML are refused with a clear error.

mod common;

use std::path::Path;

use arsip::analyze::text::normalize_space;
use arsip::model::{Article, Dateline, Published, Quote, RelatedLink, Source};
use arsip::read::{read_all, Input, InputFormat, ReadOptions};
use arsip::write::newsml::xml_safe;
use arsip::write::{to_string, writer_for, Layout, OutputFormat};
use proptest::prelude::*;

fn read_back(text: &str, format: InputFormat) -> Result<Vec<Article>, String> {
    let options = ReadOptions {
        format,
        ..ReadOptions::default()
    };
    read_all(&Input::from_bytes(text, Some("back")), &options)
        .map(|all| all.into_iter().map(|p| p.article).collect())
        .map_err(|e| e.to_string())
}

fn fixtures() -> Vec<Article> {
    let mut all: Vec<Article> = common::text_fixtures()
        .iter()
        .map(|p| common::read_fixture(p))
        .collect();
    let html = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/html");
    for entry in std::fs::read_dir(html).unwrap() {
        all.push(common::read_fixture(&entry.unwrap().path()));
    }
    all
}

#[test]
fn json_and_yaml_read_back_byte_identical() {
    for article in fixtures() {
        let json = to_string(&article, OutputFormat::Json);
        let back = read_back(&json, InputFormat::Json).unwrap();
        assert_eq!(back, vec![article.clone()]);
        assert_eq!(to_string(&back[0], OutputFormat::Json), json);
        let yaml = to_string(&article, OutputFormat::Yaml);
        assert_eq!(read_back(&yaml, InputFormat::Yaml).unwrap(), vec![article]);
    }
}

#[test]
fn streams_read_back_every_article() {
    let articles = fixtures();
    for (format, input) in [
        (OutputFormat::Json, InputFormat::Ndjson),
        (OutputFormat::Yaml, InputFormat::Yaml),
        (OutputFormat::Newsml, InputFormat::Newsml),
    ] {
        let mut out = Vec::new();
        let mut writer = writer_for(
            format,
            Layout {
                stream: true,
                compact: false,
            },
            &Default::default(),
        );
        for article in &articles {
            writer.write_article(article, &mut out).unwrap();
        }
        writer.finish(&mut out).unwrap();
        let back = read_back(&String::from_utf8(out).unwrap(), input).unwrap();
        assert_eq!(back.len(), articles.len(), "{format:?}");
        let titles = |a: &[Article]| a.iter().map(|x| x.title.clone()).collect::<Vec<_>>();
        assert_eq!(titles(&back), titles(&articles), "{format:?}");
    }
}

/// What NewsML carries of an article, with quotation marks, which NewsML's `<q>` drops,
/// made uniform.
fn carried(article: &Article) -> serde_json::Value {
    let unmark = |s: &str| s.replace(['“', '”', '"', '‘', '’', '«', '»'], "");
    let published = article
        .published
        .as_ref()
        .map(|p| (p.date.clone(), p.time.as_ref().map(|t| t[..5].to_string())));
    // NewsML links need an absolute target; relative URLs have no place there.
    let related: Vec<&RelatedLink> = article
        .related
        .iter()
        .filter(|r| r.url.as_deref().is_some_and(|u| url::Url::parse(u).is_ok()))
        .collect();
    let body: Vec<String> = article.body.iter().map(|p| unmark(p)).collect();
    serde_json::json!({
        "title": article.title,
        "published": published,
        "dateline": article.dateline.as_ref().map(|d| &d.raw),
        "byline": article.byline,
        "credit": article.credit,
        "tags": article.tags,
        "related": related,
        "body": body,
        "language": article.language,
    })
}

#[test]
fn newsml_keeps_what_it_carries() {
    for article in fixtures() {
        let xml = to_string(&article, OutputFormat::Newsml);
        let back = read_back(&xml, InputFormat::Newsml).unwrap();
        assert_eq!(carried(&back[0]), carried(&article), "{}", article.id);
        assert_eq!(
            back[0].dateline.as_ref().and_then(|d| d.place.clone()),
            article.dateline.as_ref().and_then(|d| d.place.clone())
        );
        // Every closed quotation comes back as a quotation with the same words.
        for quote in article.quotes.iter().filter(|q| q.close.is_some()) {
            assert!(
                back[0].quotes.iter().any(|b| b.text == quote.text),
                "{}: lost quotation {:?}",
                article.id,
                quote.text
            );
        }
    }
}

#[test]
fn xml_with_a_doctype_or_unknown_entities_is_refused() {
    let bomb = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="x"><contentMeta><headline>&lol2;</headline></contentMeta></newsItem>"#;
    let err = read_back(bomb, InputFormat::Newsml).unwrap_err();
    assert!(err.contains("DOCTYPE is not accepted"), "{err}");
    let external = r#"<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="x"><contentMeta><headline>&xxe;</headline></contentMeta></newsItem>"#;
    let err = read_back(external, InputFormat::Newsml).unwrap_err();
    assert!(err.contains("unknown entity &xxe;"), "{err}");
    assert!(read_back("<p>not news</p>", InputFormat::Newsml)
        .unwrap_err()
        .contains("no newsItem"));
}

#[test]
fn yaml_alias_bombs_and_oversized_documents_are_refused() {
    let mut bomb = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
    for level in 1..9u8 {
        let (prev, name) = ((b'a' + level - 1) as char, (b'a' + level) as char);
        bomb.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    bomb.push_str("id: *i\n");
    let started = std::time::Instant::now();
    assert!(read_back(&bomb, InputFormat::Yaml).is_err());
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    // Documents past `--max-size` never reach a reader: the source refuses them first.
    let huge = format!("{{\"id\": \"{}\"}}", "x".repeat(1 << 20));
    let opened = arsip::source::open::Opened::from_reader(
        Box::new(std::io::Cursor::new(huge.into_bytes())),
        None,
    )
    .unwrap();
    assert!(opened
        .read_whole(1 << 19)
        .unwrap_err()
        .to_string()
        .contains("larger than the limit"));
}

fn text() -> impl Strategy<Value = String> {
    // Any characters, including controls, markup and non-characters.
    proptest::collection::vec(any::<char>(), 0..40).prop_map(|c| c.into_iter().collect())
}

fn article_strategy() -> impl Strategy<Value = Article> {
    (
        text(),
        proptest::collection::vec(text(), 0..4),
        text(),
        proptest::option::of(text()),
    )
        .prop_map(|(title, body, byline, credit)| Article {
            id: "prop".into(),
            source: common::read_fixture(
                &Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("fixtures/text/semarang-antara-wib.txt"),
            )
            .source,
            language: Some("id".into()),
            title: Some(title.clone()),
            published: Some(Published {
                raw: "Kamis, 05/11/2015 09:25 WIB".into(),
                date: Some("2015-11-05".into()),
                time: Some("09:25".into()),
                offset: Some("+07:00".into()),
                timezone: Some("WIB".into()),
                weekday: None,
                source: arsip::model::DateEvidence::Text,
            }),
            dateline: Some(Dateline {
                raw: "JAKARTA –".into(),
                place: Some("Jakarta".into()),
                region: None,
                agency: None,
                separator: "–".into(),
            }),
            byline: Some(byline),
            credit,
            body,
            quotes: vec![Quote {
                text: title,
                speaker: None,
                verb: None,
                paragraph: 0,
                open: None,
                close: None,
            }],
            related: vec![RelatedLink {
                title: Some("x".into()),
                url: Some("https://portal.example/a?b=1&c=2".into()),
            }],
            tags: vec![],
            images: vec![],
            extraction: None,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_article_survives_json_and_yaml(article in article_strategy()) {
        let json = to_string(&article, OutputFormat::Json);
        prop_assert_eq!(read_back(&json, InputFormat::Json).unwrap(), vec![article.clone()]);
        let yaml = to_string(&article, OutputFormat::Yaml);
        prop_assert_eq!(read_back(&yaml, InputFormat::Yaml).unwrap(), vec![article]);
    }

    #[test]
    fn any_text_gives_well_formed_newsml(article in article_strategy()) {
        let xml = to_string(&article, OutputFormat::Newsml);
        let back = read_back(&xml, InputFormat::Newsml);
        prop_assert!(back.is_ok(), "{:?}\n{}", back, xml);
    }

    /// NewsML carries the text of every field it has a place for, as XML 1.0 can hold it
    /// (control characters become U+FFFD) with runs of whitespace made one space.
    #[test]
    fn any_article_through_newsml_keeps_its_text(article in article_strategy()) {
        let xml = to_string(&article, OutputFormat::Newsml);
        let back = read_back(&xml, InputFormat::Newsml).unwrap().remove(0);
        let carried = |text: &str| {
            Some(normalize_space(&xml_safe(text))).filter(|t| !t.is_empty())
        };
        prop_assert_eq!(back.title, article.title.as_deref().and_then(carried));
        prop_assert_eq!(back.byline, article.byline.as_deref().and_then(carried));
        prop_assert_eq!(back.credit, article.credit.as_deref().and_then(carried));
        let body: Vec<String> = article.body.iter().filter_map(|p| carried(p)).collect();
        prop_assert_eq!(back.body, body);
        // NewsML holds the normalised date, not the text it was printed as.
        let instant = |p: &Option<Published>| {
            p.as_ref().map(|p| (p.date.clone(), p.time.clone(), p.offset.clone()))
        };
        prop_assert_eq!(instant(&back.published), instant(&article.published));
        prop_assert_eq!(back.related, article.related);
    }

    /// Every reader, and the rules on what it reads, on arbitrary bytes: an article or a
    /// typed error, never a panic.
    #[test]
    fn readers_and_rules_never_panic_on_arbitrary_bytes(
        bytes in proptest::collection::vec(any::<u8>(), 0..600),
        prefix in prop::sample::select(vec!["", "<html><body><p>", "WARC/1.0\r\n", "{\"html\": \"", "<newsItem>", "---\n", "\u{feff}", "\u{1f}\u{8b}"]),
    ) {
        let mut input = prefix.as_bytes().to_vec();
        input.extend_from_slice(&bytes);
        let settings = arsip::rules::Settings::default();
        for format in [
            InputFormat::Auto, InputFormat::Text, InputFormat::Html, InputFormat::Json,
            InputFormat::Ndjson, InputFormat::Yaml, InputFormat::Newsml,
        ] {
            let options = ReadOptions { format, ..ReadOptions::default() };
            if let Ok(all) = arsip::read::read_all(&Input::from_bytes(input.clone(), Some("x")), &options) {
                for parsed in all {
                    let _ = arsip::rules::check(&parsed, &settings);
                }
            }
        }
        use arsip::source::archive::{ArchiveKind, ArchiveReader};
        for (kind, gzipped) in [(ArchiveKind::Warc, false), (ArchiveKind::Arc, false), (ArchiveKind::Warc, true)] {
            let reader = ArchiveReader::new(kind, Box::new(std::io::Cursor::new(input.clone())), gzipped, None, 1 << 20);
            for page in reader.take(100).flatten() {
                let options = ReadOptions { format: InputFormat::Html, ..ReadOptions::default() };
                let _ = arsip::read::read_all(&page.input, &options);
            }
        }
    }
}

#[test]
fn source_is_kept_by_json_but_not_invented_by_newsml() {
    let article = fixtures().remove(0);
    let back = read_back(
        &to_string(&article, OutputFormat::Newsml),
        InputFormat::Newsml,
    )
    .unwrap();
    let source: &Source = &back[0].source;
    assert_eq!(source.format, arsip::model::SourceFormat::Newsml);
}

/// A newsItem shaped like IPTC's examples: prefixed QCodes, rights, a NITF body.
#[test]
fn iptc_shaped_items_are_read() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/newsml/iptc-style-nitf-item.xml");
    let a = common::read_fixture(&path);
    assert_eq!(a.source.format, arsip::model::SourceFormat::Newsml);
    assert_eq!(
        a.title.as_deref(),
        Some("Petani Kembiritan Panen Raya Setelah Irigasi Diperbaiki")
    );
    let published = a.published.as_ref().unwrap();
    assert_eq!(
        (
            published.date.as_deref(),
            published.time.as_deref(),
            published.offset.as_deref()
        ),
        (Some("2019-04-15"), Some("09:30"), Some("+07:00"))
    );
    let dateline = a.dateline.as_ref().unwrap();
    assert_eq!(
        (dateline.place.as_deref(), dateline.region.as_deref()),
        (Some("Genteng"), Some("Banyuwangi"))
    );
    assert_eq!(a.body.len(), 3, "the NITF hedline is not body text");
    assert!(
        a.body[2].contains("Rp 4.800 per kilogram & masih"),
        "entities are resolved"
    );
    assert_eq!(a.quotes[0].speaker.as_deref(), Some("Suparman"));
    assert_eq!(a.tags, ["pertanian", "irigasi"]);
    assert_eq!(
        a.related[0].title.as_deref(),
        Some("Irigasi Tersier Desa Kembiritan Rampung")
    );
}

/// An IPTC-shaped item whose dateline place has no region, with a subject that has a
/// broader concept, a NITF byline and an abstract.
const NITF_ITEM: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:example.co.id:1" version="1" standard="NewsML-G2" standardversion="2.35">
  <contentMeta>
    <located qcode="geoloc:GNT"><name>Genteng</name></located>
    <subject qcode="medtop:11000000"><name>Politik</name><broader qcode="medtop:1"><name>Pemerintahan</name></broader></subject>
    <headline>Irigasi Diperbaiki</headline>
    <dateline>GENTENG –</dateline>
  </contentMeta>
  <contentSet><inlineXML contenttype="application/nitf+xml">
    <nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body>
      <body.head><byline>Rina Wulandari</byline><abstract><p>Ringkasan yang bukan isi.</p></abstract></body.head>
      <body.content><p>Petani memanen padi di lahan seluas 120 hektare.</p></body.content>
    </body></nitf>
  </inlineXML></contentSet>
</newsItem>"#;

#[test]
fn newsml_dateline_byline_and_abstract_map_to_their_own_fields() {
    let article = read_back(NITF_ITEM, InputFormat::Newsml).unwrap().remove(0);
    let dateline = article.dateline.unwrap();
    assert_eq!(dateline.place.as_deref(), Some("Genteng"));
    assert_eq!(
        dateline.region, None,
        "a subject's broader concept is not a region"
    );
    assert_eq!(article.byline.as_deref(), Some("Rina Wulandari"));
    assert_eq!(
        article.body,
        ["Petani memanen padi di lahan seluas 120 hektare."]
    );
}

#[test]
fn g2_items_that_are_not_news_are_refused_by_name() {
    let package = r#"<packageItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:p" version="1" standard="NewsML-G2" standardversion="2.35"/>"#;
    let err = read_back(package, InputFormat::Auto).unwrap_err();
    assert!(err.contains("packageItem is not an article"), "{err}");
    let message = format!(
        r#"<?xml version="1.0"?><newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><header/><itemSet>{}{}</itemSet></newsMessage>"#,
        package,
        NITF_ITEM.trim_start_matches(r#"<?xml version="1.0" encoding="UTF-8"?>"#)
    );
    let articles = read_back(&message, InputFormat::Auto).unwrap();
    assert_eq!(articles.len(), 1);
    assert_eq!(articles[0].title.as_deref(), Some("Irigasi Diperbaiki"));
    let only_packages = message.replace(
        NITF_ITEM.trim_start_matches(r#"<?xml version="1.0" encoding="UTF-8"?>"#),
        "",
    );
    let err = read_back(&only_packages, InputFormat::Auto).unwrap_err();
    assert!(err.contains("packageItem is not an article"), "{err}");
}

/// Streams cost memory in proportion to their largest document: a YAML stream and a
/// newsMessage of many articles read each document from its own bytes.
#[test]
fn streams_read_each_document_from_its_own_bytes() {
    let article = fixtures().remove(0);
    let mut yaml = String::new();
    let mut xml =
        String::from(r#"<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>"#);
    let item = to_string(&article, OutputFormat::Newsml);
    let item = item.trim_start_matches(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    for _ in 0..300 {
        yaml.push_str("---\n");
        yaml.push_str(&to_string(&article, OutputFormat::Yaml));
        xml.push_str(item);
    }
    xml.push_str("</itemSet></newsMessage>");
    for (text, format) in [(yaml, InputFormat::Yaml), (xml, InputFormat::Auto)] {
        let options = ReadOptions {
            format,
            ..ReadOptions::default()
        };
        let parsed = read_all(&Input::from_bytes(text.clone(), Some("stream")), &options).unwrap();
        assert_eq!(parsed.len(), 300);
        // No document carries the whole stream with it.
        assert!(parsed.iter().all(|p| p.text.len() < text.len() / 100));
    }
}

#[test]
fn yaml_nested_thousands_deep_is_refused_at_once() {
    for text in [
        format!("id: {}", "[".repeat(300_000)),
        format!("id: x\nbody:\n{}", "- ".repeat(100_000)),
    ] {
        let started = std::time::Instant::now();
        let err = read_back(&text, InputFormat::Yaml).unwrap_err();
        assert!(err.contains("nested"), "{err}");
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }
}

/// One malformed item of a newsMessage is that item's failure; the items after it are
/// still read, on stdout one article each.
#[test]
fn a_bad_item_of_a_news_message_does_not_take_the_rest() {
    let article = fixtures().remove(0);
    let item = to_string(&article, OutputFormat::Newsml);
    let item = item.trim_start_matches(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let broken = item.replacen("</contentMeta>", "", 1);
    let unclosed = item.replacen("</newsItem>", "", 1);
    let message = format!(
        r#"<?xml version="1.0"?><newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>{item}{broken}{unclosed}{item}{item}</itemSet></newsMessage>"#
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("message.xml");
    std::fs::write(&path, message).unwrap();
    let output = assert_cmd::Command::cargo_bin("arsip")
        .unwrap()
        .args(["convert", "--no-config", "-q"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).lines().count(),
        3,
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).lines().count(),
        2,
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
