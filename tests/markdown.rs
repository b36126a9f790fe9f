//! Markdown content as Hugo and Jekyll sites keep it, and as arsip writes it: front matter
//! read, findings placed in the `.md` file, content folders walked with their ignores.

mod common;

use std::path::Path;

use arsip::read::{read, Input, InputFormat};
use arsip::write::markdown::to_markdown;
use arsip::Article;
use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

fn check(args: &[&str]) -> Command {
    common::check_command(args)
}

fn read_md(text: &str, name: &str) -> arsip::read::Parsed {
    read(&Input::from_bytes(text, Some(name)), InputFormat::Auto)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// What a Markdown page carries of an article: everything but the source block and the
/// printed date's raw text, weekday and zone name (front matter has an instant).
fn carried(article: &Article) -> Value {
    let published = article
        .published
        .as_ref()
        .map(|p| serde_json::json!({ "date": p.date, "time": p.time, "offset": p.offset }));
    serde_json::json!({
        "id": article.id, "language": article.language, "title": article.title,
        "published": published, "dateline": article.dateline, "byline": article.byline,
        "credit": article.credit, "body": article.body, "quotes": article.quotes,
        "related": article.related, "tags": article.tags,
    })
}

#[test]
fn markdown_arsip_writes_reads_back_to_the_same_article() {
    let mut fixtures = common::text_fixtures();
    for dir in ["fixtures/html"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        for entry in std::fs::read_dir(dir).unwrap() {
            fixtures.push(entry.unwrap().path());
        }
    }
    fixtures.extend(common::shared_file("samples/banyuwangi-2019-04-01.txt"));
    let mut checked = 0;
    for path in fixtures {
        let article = common::read_fixture(&path);
        let markdown = to_markdown(&article);
        let back = read_md(&markdown, "back.md");
        assert_eq!(
            back.article.source.format,
            arsip::model::SourceFormat::Markdown
        );
        assert_eq!(
            carried(&back.article),
            carried(&article),
            "{} did not read back from:\n{markdown}",
            path.display()
        );
        checked += 1;
    }
    assert!(checked >= 16, "{checked}");
}

const HUGO_YAML: &str = "---
title: \"Festival Gandrung Sewu\"
date: 2019-04-01T10:15:00+07:00
draft: false
author:
  - Ika Rahma
  - Budi
tags: [budaya, banyuwangi]
---

BANYUWANGI – Ribuan penari tampil di pantai.

Penonton *memadati* pantai sejak pagi.
”Kami bangga,” kata Bupati.
";

#[test]
fn hugo_yaml_front_matter_gives_title_date_byline_tags_and_lines() {
    let parsed = read_md(HUGO_YAML, "content/posts/gandrung.md");
    let a = &parsed.article;
    assert_eq!(a.title.as_deref(), Some("Festival Gandrung Sewu"));
    let p = a.published.as_ref().unwrap();
    assert_eq!(p.date.as_deref(), Some("2019-04-01"));
    assert_eq!(p.time.as_deref(), Some("10:15"));
    assert_eq!(p.offset.as_deref(), Some("+07:00"));
    assert_eq!(a.byline.as_deref(), Some("Ika Rahma, Budi"));
    assert_eq!(a.tags, ["budaya", "banyuwangi"]);
    assert_eq!(a.dateline.as_ref().unwrap().raw, "BANYUWANGI –");
    assert_eq!(
        a.body,
        [
            "Ribuan penari tampil di pantai.",
            "Penonton memadati pantai sejak pagi. ”Kami bangga,” kata Bupati."
        ]
    );
    assert_eq!(parsed.map.title.unwrap().line, 2);
    assert_eq!(parsed.map.published.unwrap().line, 3);
    // The second paragraph starts on line 13; its second line (14) holds the quote.
    let second = &parsed.map.body[1];
    assert_eq!(second.start().line, 13);
    let offset = a.body[1].find('”').unwrap();
    let at = second.position(&a.body[1], offset);
    assert_eq!((at.line, at.column), (14, 1));
    let after_emphasis = a.body[1].find("pantai").unwrap();
    let at = second.position(&a.body[1], after_emphasis);
    assert_eq!((at.line, at.column), (13, 21), "counted past `*memadati*`");
}

#[test]
fn check_points_at_the_line_of_the_md_file() {
    let dir = TempDir::new().unwrap();
    std::fs::write(dir.path().join("gandrung.md"), HUGO_YAML).unwrap();
    let out = check(&["--format", "json", "gandrung.md"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let reversed = findings
        .iter()
        .find(|f| f["code"] == "Q303")
        .unwrap_or_else(|| panic!("{report:#}"));
    assert_eq!(
        (reversed["line"].as_u64(), reversed["column"].as_u64()),
        (Some(14), Some(1))
    );
}

#[test]
fn toml_front_matter_and_jekyll_posts() {
    let toml = "+++\ntitle = \"Jalan Baru\"\ndate = 2019-04-01T08:00:00+08:00\nauthors = [\"Ana\"]\ntags = [\"jalan\"]\n+++\n\nJalan baru dibuka hari ini, kata Bupati.\n";
    let parsed = read_md(toml, "content/jalan.md");
    let a = &parsed.article;
    assert_eq!(a.title.as_deref(), Some("Jalan Baru"));
    assert_eq!(
        a.published.as_ref().unwrap().offset.as_deref(),
        Some("+08:00")
    );
    assert_eq!(a.byline.as_deref(), Some("Ana"));
    assert_eq!(a.tags, ["jalan"]);
    assert_eq!(parsed.map.title.unwrap().line, 2);
    assert_eq!(parsed.map.body[0].start().line, 8);

    let jekyll = "---\nlayout: post\ntitle: Pasar Murah\ndate: 2019-04-01 10:15:30 +0700\ncategories: berita\n---\n# Bukan judul\n\nPasar murah digelar di alun-alun.\n";
    let parsed = read_md(jekyll, "_posts/2019-04-01-pasar.md");
    let a = &parsed.article;
    assert_eq!(a.title.as_deref(), Some("Pasar Murah"), "front matter wins");
    let p = a.published.as_ref().unwrap();
    assert_eq!(
        (p.time.as_deref(), p.offset.as_deref()),
        (Some("10:15:30"), Some("+07:00"))
    );
    assert_eq!(a.body, ["Pasar murah digelar di alun-alun."]);

    let bare = "# Judul Saja\n\nIsi berita.\n\n```\nkode, bukan paragraf\n```\n\n| a | b |\n|---|---|\n| sel | tabel |\n";
    let parsed = read_md(bare, "bare.md");
    assert_eq!(parsed.article.title.as_deref(), Some("Judul Saja"));
    assert_eq!(parsed.article.body, ["Isi berita."]);
}

#[test]
fn broken_front_matter_is_an_error_not_a_panic() {
    for text in [
        "---\ntitle: [\n---\nx\n",
        "---\ntitle: x\n",
        "+++\ntitle = \n+++\n",
    ] {
        let err = read(&Input::from_bytes(text, Some("x.md")), InputFormat::Auto);
        assert!(err.is_err(), "{text:?}");
    }
}

#[test]
fn check_walks_a_content_folder_honouring_gitignore() {
    let dir = TempDir::new().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(content.join("posts")).unwrap();
    std::fs::create_dir_all(content.join("drafts")).unwrap();
    std::fs::write(content.join("posts/a.md"), HUGO_YAML).unwrap();
    std::fs::write(content.join("drafts/b.md"), HUGO_YAML).unwrap();
    std::fs::write(content.join("posts/c.md"), HUGO_YAML).unwrap();
    std::fs::write(content.join(".gitignore"), "drafts/\nc.md\n").unwrap();
    let out = check(&["--format", "json", "content"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut names: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    names.dedup();
    assert_eq!(names, ["content/posts/a.md"], "{report:#}");
    assert_eq!(report["summary"]["inputs"], 1);
    // `--no-ignore` walks everything.
    let out = check(&["--format", "json", "--no-ignore", "content"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["summary"]["inputs"], 3, "{report:#}");
}

#[test]
fn a_real_hugo_site_builds_and_is_checked_at_its_lines() {
    if !common::have("hugo", "version", "apt-get install hugo") {
        return;
    }
    let dir = TempDir::new().unwrap();
    let hugo = |args: &[&str], at: &Path| {
        let out = std::process::Command::new("hugo")
            .args(args)
            .current_dir(at)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "hugo {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    hugo(&["new", "site", "site"], dir.path());
    let site = dir.path().join("site");
    // Hugo's own archetype writes the front matter.
    hugo(&["new", "posts/gandrung.md"], &site);
    let post = site.join("content/posts/gandrung.md");
    let mut text = std::fs::read_to_string(&post).unwrap();
    let front_lines = text.lines().count();
    text.push_str("\nRibuan penari tampil di pantai.\n\nPenonton memadati pantai.\n”Kami bangga,” kata Bupati.\n");
    std::fs::write(&post, &text).unwrap();
    // The Markdown arsip writes is Hugo content too.
    let reference = common::read_fixture(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/text/banyuwangi-festival-gandrung.txt"),
    );
    std::fs::write(site.join("content/posts/arsip.md"), to_markdown(&reference)).unwrap();
    std::fs::create_dir_all(site.join("layouts/_default")).unwrap();
    std::fs::write(
        site.join("layouts/_default/single.html"),
        "{{ .Title }}\n{{ .Content }}\n",
    )
    .unwrap();
    std::fs::write(site.join("layouts/_default/list.html"), "{{ .Title }}\n").unwrap();
    std::fs::write(site.join("layouts/index.html"), "home\n").unwrap();
    hugo(&["--buildDrafts", "--quiet"], &site);
    let built = std::fs::read_to_string(site.join("public/posts/gandrung/index.html")).unwrap();
    assert!(built.contains("Ribuan penari tampil di pantai."), "{built}");
    let built = std::fs::read_to_string(site.join("public/posts/arsip/index.html")).unwrap();
    assert!(
        built.contains(reference.body[0].split(' ').next().unwrap()),
        "{built}"
    );

    let out = check(&["--format", "json", "content"])
        .current_dir(&site)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["summary"]["inputs"], 2, "{report:#}");
    let reversed = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "Q303" && f["path"] == "content/posts/gandrung.md")
        .unwrap_or_else(|| panic!("{report:#}"));
    // Front matter, a blank line, a paragraph, a blank line, then the quote's line.
    assert_eq!(
        reversed["line"].as_u64(),
        Some(front_lines as u64 + 5),
        "{text}"
    );
    assert_eq!(reversed["column"].as_u64(), Some(1));
    let title = read_md(&text, "gandrung.md").article.title;
    assert_eq!(title.as_deref(), Some("Gandrung"));
}

mod never_panics {
    use super::*;
    use arsip::rules::fix::{apply, Fix, Safety};
    use arsip::rules::suppress;
    use proptest::prelude::*;

    fn markdownish() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("---\n".to_string()),
            Just("+++\n".to_string()),
            Just("title: \"x\"\n".to_string()),
            Just("date = 2019-04-01T10:00:00+07:00\n".to_string()),
            Just("<!-- arsip-ignore Q303 -->".to_string()),
            Just("<!-- arsip-ignore-file -->\n".to_string()),
            Just("\\*".to_string()),
            Just("”Kami,,” kata".to_string()),
            Just("\r\n".to_string()),
            Just("\n\n".to_string()),
            Just("# ".to_string()),
            "[\\PC]{0,12}",
        ];
        proptest::collection::vec(piece, 0..16).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn reading_suppressing_and_fixing_markdown(text in markdownish(), line in 0usize..8, column in 0usize..20, len in 0usize..4) {
            if let Ok(parsed) = read(&Input::from_bytes(text.clone(), Some("p.md")), InputFormat::Markdown) {
                for (paragraph, map) in parsed.article.body.iter().zip(&parsed.map.body) {
                    for (offset, _) in paragraph.char_indices() {
                        let _ = map.position(paragraph, offset);
                    }
                }
            }
            let finding = arsip::rules::Finding {
                code: "Q303".into(), name: String::new(), severity: arsip::rules::Severity::Warning,
                message: "`”`".into(), path: None, line: Some(line), column: Some(column),
                field: String::new(), suggestion: Some("use `“`".into()),
            };
            let mut findings = vec![finding];
            for format in [InputFormat::Markdown, InputFormat::Html] {
                if let Ok(parsed) = read(&Input::from_bytes(text.clone(), Some("p.md")), format) {
                    suppress::silence(&mut findings, &parsed.suppressions);
                }
            }
            let original: String = text.chars().skip(column.saturating_sub(1)).take(len).collect();
            let fix = Fix { line, column, end_column: column + len, original, replacement: "“".into(), safety: Safety::Safe };
            let _ = apply(&text, &[fix]);
        }
    }
}

/// Front matter that does not parse is one short line naming where, even when the line at
/// fault is 200 KB of nesting (the TOML parser's own message quotes the whole line).
#[test]
fn broken_front_matter_is_one_short_line_with_its_position() {
    let depth = 100_000;
    let deep = format!(
        "+++\ntitle = \"Judul\"\na = {}{}\n+++\n\nIsi berita.\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let err = read(
        &Input::from_bytes(deep.as_str(), Some("post.md")),
        InputFormat::Auto,
    );
    let Err(e) = err else {
        panic!("deep front matter was read")
    };
    let message = e.to_string();
    assert!(message.len() < 200, "{} bytes", message.len());
    assert!(!message.contains('\n'), "{message}");
    assert!(
        message.contains("TOML front matter does not parse: line 3, column"),
        "{message}"
    );
}

const FRONT: &str = "---\ntitle: Judul\ndate: 2019-04-08\nlang: id\n---\n\n";

/// Where the findings of one code that `arsip check` reports for one Markdown text are.
fn finding_lines(text: &str, code: &str) -> Vec<(u64, u64)> {
    let dir = TempDir::new().unwrap();
    std::fs::write(dir.path().join("a.md"), text).unwrap();
    let out = check(&["--format", "json", "a.md"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == code)
        .map(|f| (f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap()))
        .collect()
}

/// A tight list item has no paragraph around its text: it is a body paragraph all the
/// same, in the model and for the rules, placed on its own line.
#[test]
fn list_items_are_body_paragraphs_and_checked() {
    let text = format!(
        "{FRONT}BANYUWANGI - Warga datang ke pantai.\n\n- Butir “Daftar,,” ujar Bramuda.\n- Butir lain\n  - Anak “Dua,,” ujar Bramuda.\n\n  Lanjut butir.\n\nSebuah paragraf.\n"
    );
    let parsed = read_md(&text, "list.md");
    assert_eq!(
        parsed.article.body,
        [
            "Warga datang ke pantai.",
            "Butir “Daftar,,” ujar Bramuda.",
            "Butir lain",
            "Anak “Dua,,” ujar Bramuda.",
            "Lanjut butir.",
            "Sebuah paragraf."
        ]
    );
    assert_eq!(parsed.map.body[1].start().line, 9);
    assert_eq!(parsed.map.body[3].start().line, 11);
    assert_eq!(finding_lines(&text, "Q306"), [(9, 16), (11, 14)]);
}

/// Inline code is the article's text but not checked; the words in it keep their columns
/// (inside the backticks and the space the parser strips, not at the backticks).
#[test]
fn inline_code_is_kept_but_not_checked() {
    let text = format!("{FRONT}Inline `` “kode,,” ujar Bramuda. `` lalu “Ramai,,” ujar Bramuda.\n");
    let parsed = read_md(&text, "code.md");
    let paragraph = &parsed.article.body[0];
    assert_eq!(
        paragraph,
        "Inline “kode,,” ujar Bramuda. lalu “Ramai,,” ujar Bramuda."
    );
    let kode = paragraph.find("kode").unwrap();
    let position = parsed.map.body[0].position(paragraph, kode);
    assert_eq!((position.line, position.column), (7, 12));
    let q306 = finding_lines(&text, "Q306");
    assert_eq!(q306, [(7, 48)], "only the quotation outside the code");
}

/// Hostile round 13b: markup inside a paragraph that is not prose.
#[test]
fn inline_script_code_templates_and_breaks_are_read_as_what_they_are() {
    let dir = TempDir::new().unwrap();
    let text = format!(
        "{FRONT}Ia berkata, “Kami <script>var s = \"”Kami’\";</script> datang,” kata Anas.\n\n\
         Ketik <code>npm i a,,b --save,,</code> lalu enter, kata Anas.\n\n\
         {{{{< alert \"Warga’\" >}}}}\n\n\
         {{% include \"”Perhatian’\" %}}\n\n\
         Ia menambahkan.<br>“Kami lagi,,” kata Budi.\n\n\
         <span><script>document.write(\"<!-- arsip-ignore Q306 -->\")</script></span> “Ramai,,” kata Anas.\n"
    );
    std::fs::write(dir.path().join("a.md"), &text).unwrap();
    check(&["--fix", "--exit-zero", "a.md"])
        .current_dir(dir.path())
        .assert()
        .code(0);
    let fixed = std::fs::read_to_string(dir.path().join("a.md")).unwrap();
    for kept in [
        "var s = \"”Kami’\";",
        "npm i a,,b --save,,",
        "{{< alert \"Warga’\" >}}",
        "{% include \"”Perhatian’\" %}",
    ] {
        assert!(fixed.contains(kept), "{kept} was edited:\n{fixed}");
    }
    // The break separates words; the quotation after it is read and fixed; the comment
    // inside the script silences nothing.
    assert!(fixed.contains("<br>“Kami lagi,” kata Budi."), "{fixed}");
    assert!(fixed.contains("“Ramai,” kata Anas."), "{fixed}");
    let parsed = read_md(&text, "a.md");
    assert!(
        parsed.article.body.iter().all(|p| !p.contains("var s")),
        "a script is not article text: {:?}",
        parsed.article.body
    );
    assert!(parsed
        .article
        .body
        .iter()
        .any(|p| p == "Ia menambahkan. “Kami lagi,,” kata Budi."));
}

#[test]
fn a_printed_date_in_front_matter_is_read_and_an_impossible_one_reported() {
    let dir = TempDir::new().unwrap();
    let page = |date: &str| {
        format!("---\ntitle: Judul\ndate: \"{date}\"\nlang: id\n---\n\nBANYUWANGI – “Ramai sekali,” kata Anas.\n")
    };
    let parsed = read_md(&page("Senin, 8 April 2019"), "a.md");
    assert_eq!(
        parsed.article.published.and_then(|p| p.date).as_deref(),
        Some("2019-04-08")
    );
    std::fs::write(dir.path().join("b.md"), page("Senin, 31 Februari 2019")).unwrap();
    check(&["b.md"])
        .current_dir(dir.path())
        .assert()
        .code(1)
        .stdout(predicates::str::contains("b.md:3:7: error[D103]"));
}

#[test]
fn a_comment_over_several_lines_is_told_at_the_line_of_its_unknown_rule() {
    let dir = TempDir::new().unwrap();
    let page = dir.path().join("multi.md");
    std::fs::write(
        &page,
        "# Judul\n\nParagraf satu.\n\n<!-- arsip-ignore Q304,\n     NOPE999\n     -- why\n-->\n\nParagraf dua.\n",
    )
    .unwrap();
    let out = check(&[page.to_str().unwrap()]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("line 6: `arsip-ignore` names no rule, family or code prefix `NOPE999`"),
        "{stderr}"
    );
}
