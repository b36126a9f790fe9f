//! NewsML-G2 output is valid against IPTC's XSD, and its body against the XHTML 1.0 Strict
//! DTD, for every fixture, every shared page and hostile text.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use arsip::model::{Article, Quote, RelatedLink};
use arsip::write::{to_string, writer_for, Layout, OutputFormat};

/// xmllint and the schemas, or `None` with a plain message. In CI both must be there.
fn validator() -> Option<(PathBuf, PathBuf)> {
    let xsd = common::shared_file("schemas/newsml-g2/NewsML-G2_2.35-spec-All-Power.xsd")?;
    let dtd = common::shared_file("schemas/xhtml1/xhtml1-strict.dtd")?;
    let available = Command::new("xmllint").arg("--version").output().is_ok();
    if !available {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("xmllint is missing in CI; .ci/run installs libxml2-utils");
        }
        eprintln!("SKIPPED: xmllint is not installed (apt-get install libxml2-utils)");
        return None;
    }
    Some((xsd, dtd))
}

/// Validates one NewsML document; returns xmllint's complaints, if any.
fn validate(xml: &str, xsd: &Path, dtd: &Path, name: &str) -> Result<(), String> {
    let dir = tempfile::TempDir::new().unwrap();
    let item = dir.path().join("item.xml");
    std::fs::write(&item, xml).unwrap();
    let schema = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(xsd)
        .arg(&item)
        .output()
        .unwrap();
    if !schema.status.success() {
        return Err(format!(
            "{name}: XSD: {}",
            String::from_utf8_lossy(&schema.stderr)
        ));
    }
    // Each XHTML body inside inlineXML, checked against the DTD.
    let bodies = Command::new("xmllint")
        .args(["--nonet", "--xpath", "//*[local-name()='inlineXML']/*"])
        .arg(&item)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&bodies.stdout).to_string();
    for (i, body) in text
        .split("</html>")
        .filter(|b| b.contains("<html"))
        .enumerate()
    {
        let path = dir.path().join(format!("body{i}.xhtml"));
        std::fs::write(&path, format!("{body}</html>")).unwrap();
        let check = Command::new("xmllint")
            .args(["--noout", "--nonet", "--dtdvalid"])
            .arg(dtd)
            .arg(&path)
            .output()
            .unwrap();
        if !check.status.success() {
            return Err(format!(
                "{name}: XHTML: {}",
                String::from_utf8_lossy(&check.stderr)
            ));
        }
    }
    Ok(())
}

fn all_inputs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut inputs = common::text_fixtures();
    for dir in [root.join("fixtures/html")] {
        for entry in std::fs::read_dir(dir).unwrap() {
            inputs.push(entry.unwrap().path());
        }
    }
    if let Some(samples) = common::shared_file("samples") {
        inputs.push(samples.join("banyuwangi-2019-04-01.txt"));
        for entry in std::fs::read_dir(samples.join("id-news")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "html") {
                inputs.push(path);
            }
        }
    }
    inputs.sort();
    inputs
}

#[test]
fn every_fixture_and_shared_page_is_valid_newsml() {
    let Some((xsd, dtd)) = validator() else {
        return;
    };
    let mut failures = Vec::new();
    for path in all_inputs() {
        let article = common::read_fixture(&path);
        let xml = to_string(&article, OutputFormat::Newsml);
        if let Err(e) = validate(&xml, &xsd, &dtd, &path.display().to_string()) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn several_articles_are_one_valid_news_message() {
    let Some((xsd, dtd)) = validator() else {
        return;
    };
    let mut out = Vec::new();
    let mut writer = writer_for(
        OutputFormat::Newsml,
        Layout {
            stream: true,
            compact: false,
        },
        &Default::default(),
    );
    for path in common::text_fixtures().iter().take(3) {
        writer
            .write_article(&common::read_fixture(path), &mut out)
            .unwrap();
    }
    writer.finish(&mut out).unwrap();
    let xml = String::from_utf8(out).unwrap();
    assert_eq!(xml.matches("<newsItem ").count(), 3);
    assert!(xml.contains("<newsMessage"));
    validate(&xml, &xsd, &dtd, "newsMessage").unwrap();
}

fn hostile(text: &str) -> Article {
    let mut article = common::read_fixture(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/text/semarang-antara-wib.txt"),
    );
    article.title = Some(text.to_string());
    article.byline = Some(text.to_string());
    article.credit = Some(text.to_string());
    article.tags = vec![text.to_string()];
    article.body = vec![format!("“{text},” kata Anas."), text.to_string()];
    article.quotes = vec![Quote {
        text: text.to_string(),
        speaker: None,
        verb: None,
        paragraph: 0,
        open: Some("“".into()),
        close: Some("”".into()),
    }];
    article.related = vec![RelatedLink {
        title: Some(text.to_string()),
        url: Some("https://portal.example/berita?a=1&b=<2>".into()),
    }];
    article
}

#[test]
fn hostile_text_stays_valid() {
    let Some((xsd, dtd)) = validator() else {
        return;
    };
    let cases = [
        "control \u{0}\u{1}\u{8}\u{b}\u{c}\u{1f} characters",
        "non-characters \u{fffe} \u{ffff}",
        "a CDATA end ]]> and <tags> & ampersands \"quoted\" 'apos'",
        "bidi \u{202e}مرحبا\u{202c} and עברית",
        "",
    ];
    for case in cases {
        let xml = to_string(&hostile(case), OutputFormat::Newsml);
        validate(&xml, &xsd, &dtd, case).unwrap();
    }
    let mut empty = hostile("x");
    empty.title = None;
    empty.published = None;
    empty.dateline = None;
    empty.language = None;
    empty.body.clear();
    empty.quotes.clear();
    validate(
        &to_string(&empty, OutputFormat::Newsml),
        &xsd,
        &dtd,
        "empty",
    )
    .unwrap();
    let mut long = hostile("x");
    long.body = (0..10_000)
        .map(|i| format!("Paragraf {i}, “kutipan {i},” kata Anas."))
        .collect();
    validate(
        &to_string(&long, OutputFormat::Newsml),
        &xsd,
        &dtd,
        "10,000 paragraphs",
    )
    .unwrap();
}

#[test]
fn only_qcode_prefixes_the_catalog_declares() {
    let Some(catalog) =
        common::shared_file("schemas/newsml-g2/catalog/catalog.IPTC-G2-Standards_41.xml")
    else {
        return;
    };
    let catalog = std::fs::read_to_string(catalog).unwrap();
    let article = common::read_fixture(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/html/modern-baca-juga.html"),
    );
    let xml = to_string(&article, OutputFormat::Newsml);
    let mut prefixes = std::collections::BTreeSet::new();
    for attribute in ["qcode=\"", "rel=\""] {
        for piece in xml.split(attribute).skip(1) {
            let value = piece.split('"').next().unwrap();
            prefixes.insert(value.split(':').next().unwrap().to_string());
        }
    }
    assert!(prefixes.contains("irel") && prefixes.contains("ninat") && prefixes.contains("stat"));
    for prefix in prefixes {
        assert!(
            catalog.contains(&format!("alias=\"{prefix}\"")),
            "{prefix} is not in the catalog"
        );
    }
}

/// IPTC's Python library (PyPI `newsmlg2`), an independent reader, loads the output and
/// finds the headline and item class in it.
#[test]
fn iptc_python_library_reads_the_output() {
    let probe = Command::new("python3")
        .args(["-c", "import NewsMLG2"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("the newsmlg2 Python package is missing in CI; .ci/run installs it");
        }
        eprintln!("SKIPPED: python3 with newsmlg2 is not available (pip install newsmlg2)");
        return;
    }
    let dir = tempfile::TempDir::new().unwrap();
    let mut expected = Vec::new();
    let mut files = Vec::new();
    for (i, path) in
        common::text_fixtures()
            .iter()
            .chain(
                [Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("fixtures/html/wordpress-vaksinasi.html")]
                .iter(),
            )
            .enumerate()
    {
        let article = common::read_fixture(path);
        let file = dir.path().join(format!("{i}.xml"));
        std::fs::write(&file, to_string(&article, OutputFormat::Newsml)).unwrap();
        expected.push(article.title.unwrap_or_default());
        files.push(file);
    }
    let script = "import sys, NewsMLG2\n\
        for name in sys.argv[1:]:\n\
        \x20   item = NewsMLG2.NewsMLG2Document(filename_or_string=open(name, 'rb').read()).get_item()\n\
        \x20   assert str(item.itemmeta.itemclass.qcode) == 'ninat:text'\n\
        \x20   print(str(item.contentmeta.headline))\n";
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(&files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let headlines: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(headlines, expected);
}

/// Any characters in any field give schema-valid NewsML: 64 articles of random text (from
/// a fixed seed, so a failure repeats) in one newsMessage, validated once.
#[test]
fn random_text_in_every_field_stays_schema_valid() {
    use proptest::strategy::{Strategy, ValueTree};
    use proptest::test_runner::{Config, TestRng, TestRunner};
    let Some((xsd, dtd)) = validator() else {
        return;
    };
    let strings = proptest::collection::vec(proptest::char::any(), 0..60)
        .prop_map(|chars| chars.into_iter().collect::<String>());
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(proptest::test_runner::RngAlgorithm::ChaCha, &[7; 32]),
    );
    let mut out = Vec::new();
    let mut writer = writer_for(
        OutputFormat::Newsml,
        Layout {
            stream: true,
            compact: false,
        },
        &Default::default(),
    );
    for _ in 0..64 {
        let text = strings.new_tree(&mut runner).unwrap().current();
        writer.write_article(&hostile(&text), &mut out).unwrap();
    }
    writer.finish(&mut out).unwrap();
    let xml = String::from_utf8(out).unwrap();
    validate(&xml, &xsd, &dtd, "64 articles of random text").unwrap();
}
