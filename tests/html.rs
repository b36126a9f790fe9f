//! The HTML reader: twins of text fixtures read the same, old encodings decode, the same
//! rules fire, and the real Indonesian pages in ../shared give the right fields.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use arsip::read::{read, Input, InputFormat};
use arsip::rules::{check, Settings};
use arsip::Article;

fn fixture(relative: &str) -> Article {
    common::read_fixture(&Path::new(env!("CARGO_MANIFEST_DIR")).join(relative))
}

/// A page and its scraped-text twin give the same article where both formats carry it.
fn assert_twins(html: &str, text: &str) {
    let (h, t) = (fixture(html), fixture(text));
    assert_eq!(h.source.format, arsip::model::SourceFormat::Html);
    assert_eq!(h.title, t.title, "title");
    let date = |a: &Article| {
        a.published
            .as_ref()
            .map(|p| (p.raw.clone(), p.date.clone(), p.weekday))
    };
    assert_eq!(date(&h), date(&t), "published");
    assert_eq!(h.dateline, t.dateline, "dateline");
    assert_eq!(h.body, t.body, "body");
    assert_eq!(h.quotes, t.quotes, "quotes");
    assert_eq!(h.credit, t.credit, "credit");
}

#[test]
fn html_and_text_twins_read_the_same() {
    assert_twins(
        "fixtures/html/festival-gandrung.html",
        "fixtures/text/banyuwangi-festival-gandrung.txt",
    );
    assert_twins(
        "fixtures/html/genteng-tabel-1252.html",
        "fixtures/text/windows-1252-lama.txt",
    );
}

#[test]
fn windows_1252_page_decodes_curly_quotes_and_en_dash() {
    let a = fixture("fixtures/html/genteng-tabel-1252.html");
    assert_eq!(a.source.encoding.name, "windows-1252");
    assert_eq!(a.dateline.as_ref().map(|d| d.separator.as_str()), Some("–"));
    assert!(a.body[1].starts_with("“Pasar ini harus bersih"));
    assert!(a.body[1].contains(",” kata Ratna."));
}

fn codes(relative: &str) -> BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let input = Input::from_path(&path).unwrap();
    let parsed = read(&input, InputFormat::Auto).unwrap();
    let settings = Settings {
        now: "2026-01-01".parse().unwrap(),
        ..Settings::default()
    };
    check(&parsed, &settings)
        .into_iter()
        .map(|f| f.code)
        .collect()
}

#[test]
fn the_same_rules_fire_on_the_same_defects_in_html() {
    let html = codes("fixtures/html/festival-gandrung.html");
    let text = codes("fixtures/text/banyuwangi-festival-gandrung.txt");
    assert_eq!(html, text);
    for code in ["Q302", "Q303", "Q305", "Q306", "Q307", "R401"] {
        assert!(html.contains(code), "{code} missing from {html:?}");
    }
}

#[test]
fn page_chrome_never_reaches_the_body() {
    for name in
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/html")).unwrap()
    {
        let path = name.unwrap().path();
        let article = common::read_fixture(&path);
        for paragraph in &article.body {
            // Whole words only: `dibagikan` is prose, `Bagikan` a share bar.
            let words: Vec<String> = paragraph
                .to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect();
            let lower = format!(" {} ", words.join(" "));
            for chrome in [
                "bagikan",
                "berita terkait",
                "terpopuler",
                "copyright",
                "hak cipta",
                "baca juga",
                "beranda",
                "iklan",
                "tanggapan",
                "disembunyikan",
            ] {
                assert!(
                    !lower.contains(&format!(" {chrome} ")),
                    "{}: `{chrome}` in {paragraph:?}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn related_links_are_the_articles_own_and_absolute() {
    let a = fixture("fixtures/html/modern-baca-juga.html");
    let urls: Vec<&str> = a.related.iter().filter_map(|r| r.url.as_deref()).collect();
    assert_eq!(
        urls,
        [
            "https://berita.example.co.id/ekonomi/2019/12/harga-bawang-merah-turun",
            "https://berita.example.co.id/ekonomi/2019/12/operasi-pasar-digelar",
            "https://berita.example.co.id/ekonomi/2019/11/inflasi-november"
        ]
    );
    assert_eq!(
        a.images[0].caption.as_deref(),
        Some("Pedagang menata cabai rawit di Pasar Induk, Jumat (20/12/2019).")
    );
    let wp = fixture("fixtures/html/wordpress-vaksinasi.html");
    assert_eq!(
        wp.related.len(),
        2,
        "jetpack related posts, not the recent-posts widget"
    );
    assert_eq!(wp.tags, ["kesehatan", "vaksinasi"]);
}

#[test]
fn metadata_and_printed_dates_that_disagree_are_both_kept() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/html/jsonld-tanggal-berbeda.html");
    let parsed = read(&Input::from_path(&path).unwrap(), InputFormat::Auto).unwrap();
    let published = parsed.article.published.as_ref().unwrap();
    assert_eq!(published.source, arsip::model::DateEvidence::JsonLd);
    assert_eq!(published.date.as_deref(), Some("2018-03-05"));
    let other = parsed.map.other_published.as_ref().unwrap();
    assert_eq!(other.raw, "Rabu, 7 Maret 2018 | 10:00 WIB");
    assert!(codes("fixtures/html/jsonld-tanggal-berbeda.html").contains("D110"));
}

/// What the 15 real pages must give: title, a date with a time in +07:00, and body text
/// free of chrome; datelines where the page prints one.
#[test]
fn indonesian_news_pages() {
    let Some(dir) = common::shared_file("samples/id-news") else {
        return;
    };
    let mut pages: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    pages.sort();
    assert_eq!(pages.len(), 15);
    let mut summaries = Vec::new();
    for page in &pages {
        let a = common::read_fixture(page);
        let name = page.file_name().unwrap().to_string_lossy().to_string();
        let published = a
            .published
            .clone()
            .unwrap_or_else(|| panic!("{name}: no date"));
        assert!(published.time.is_some(), "{name}: no time");
        assert_eq!(published.offset.as_deref(), Some("+07:00"), "{name}");
        assert!(
            a.title
                .as_deref()
                .is_some_and(|t| t.split_whitespace().count() >= 3),
            "{name}"
        );
        assert!(!a.body.is_empty(), "{name}: empty body");
        for paragraph in &a.body {
            assert!(!paragraph.contains("Baca juga"), "{name}: {paragraph}");
        }
        summaries.push(serde_json::json!({
            "page": name,
            "title": a.title,
            "published": [published.raw, published.date, published.time, published.offset, published.source],
            "dateline": a.dateline.as_ref().map(|d| [d.place.clone(), d.region.clone(), d.agency.clone()]),
            "credit": a.credit,
            "byline": a.byline,
            "paragraphs": a.body.len(),
            // Only the first words: the pages' text belongs to their publishers.
            "first_words": a.body.first().map(|p| p.split_whitespace().take(6).collect::<Vec<_>>().join(" ")),
            "last_words": a.body.last().map(|p| {
                let words: Vec<&str> = p.split_whitespace().collect();
                words[words.len().saturating_sub(4)..].join(" ")
            }),
            "related": a.related.len(),
            "quotes": a.quotes.len(),
        }));
    }
    insta::assert_json_snapshot!("indonesian_news_pages", summaries);
}

/// Issue #14: a JSON-LD instant at the calendar's end, shown in the printed WIB zone, used
/// to overflow jiff's date arithmetic and panic. It is dropped with a note; the printed date
/// stands.
#[test]
fn metadata_instant_past_the_calendar_is_dropped_with_a_note() {
    let page = r#"<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"Judul","datePublished":"9999-12-31T23:00:00Z"}</script></head>
<body><article><h1>Judul</h1><p>Kamis, 5 November 2015 - 15:56 WIB</p>
<p>Paragraf pertama berita ini cukup panjang untuk menjadi isi artikel yang dibaca oleh pembaca.</p>
<p>Paragraf kedua juga berisi kalimat yang cukup panjang agar halaman ini dianggap sebagai berita.</p></article></body></html>"#;
    let input = Input::from_bytes(page.as_bytes().to_vec(), Some("end-of-time.html"));
    let parsed = read(&input, InputFormat::Html).unwrap();
    let published = parsed.article.published.expect("the printed date");
    assert_eq!(published.date.as_deref(), Some("2015-11-05"));
    assert_eq!(published.time.as_deref(), Some("15:56"));
    assert!(
        parsed
            .notes
            .iter()
            .any(|n| n.contains("9999-12-31T23:00:00Z")),
        "{:?}",
        parsed.notes
    );
}

/// Issue #13 (fresh6, petri-heil.ch): a back button (`javascript:history.go(-1)`) beside the
/// related articles is a control of the page, not a related link, and no R406 is raised for
/// it; the article links in the same block stay.
#[test]
fn a_script_button_in_the_related_block_is_no_related_link() {
    let page = r#"<html><head><title>Pasar dibuka</title></head><body><article><h1>Pasar dibuka</h1>
<p>BANYUWANGI – Pasar baru di tengah kota dibuka pada Senin pagi oleh bupati bersama para pedagang.</p>
<p>Para pedagang menempati kios baru yang lebih luas dan bersih daripada kios di pasar yang lama.</p></article>
<div class="related"><h3>Berita Terkait</h3><ul>
<li><a href="javascript:history.go(-1);">Kembali ke halaman sebelumnya</a></li>
<li><a href="JavaScript:window.print()">Cetak berita ini sekarang juga</a></li>
<li><a href="https://portal.example/berita/2">Pasar lama dibongkar pekan depan</a></li></ul></div></body></html>"#;
    let input = Input::from_bytes(page.as_bytes().to_vec(), Some("back-button.html"));
    let parsed = read(&input, InputFormat::Html).unwrap();
    let urls: Vec<&str> = parsed
        .article
        .related
        .iter()
        .filter_map(|r| r.url.as_deref())
        .collect();
    assert_eq!(urls, ["https://portal.example/berita/2"]);
    let found = check(&parsed, &Settings::default());
    assert!(!found.iter().any(|f| f.code == "R406"), "{found:?}");
}

/// JSON-LD nested 100,000 levels (a hostile page) is passed over: the walks over JSON-LD
/// recurse only as deep as serde_json parses (128), and the printed date stands.
#[test]
fn deeply_nested_json_ld_is_passed_over() {
    let depth = 100_000;
    let nested = format!(
        "{}{{\"@type\":\"NewsArticle\",\"datePublished\":\"2001-01-01\"}}{}",
        "{\"@graph\":[".repeat(depth),
        "]}".repeat(depth)
    );
    let page = format!(
        r#"<html><head><script type="application/ld+json">{nested}</script></head>
<body><article><h1>Judul</h1><p>Kamis, 5 November 2015 - 15:56 WIB</p>
<p>Paragraf pertama berita ini cukup panjang untuk menjadi isi artikel yang dibaca oleh pembaca.</p></article></body></html>"#
    );
    let input = Input::from_bytes(page.into_bytes(), Some("deep-json-ld.html"));
    let parsed = read(&input, InputFormat::Html).unwrap();
    let published = parsed.article.published.expect("the printed date");
    assert_eq!(published.date.as_deref(), Some("2015-11-05"));
}

/// Issue #13 (fresh7, uusisuomi.fi): Finnish and Swedish set quotations between two right
/// marks (`”…”`); on a `lang="fi"` page that is no reversed opening mark (Q303) and no
/// mismatch (Q302). The same marks on an Indonesian page still are.
#[test]
fn right_marks_open_quotations_in_finnish_and_swedish() {
    let page = |lang: &str| {
        format!(
            r#"<html lang="{lang}"><head><title>Otsikko</title></head><body><article><h1>Otsikko</h1>
<p>HELSINKI – Pääministeri puhui eduskunnassa tiistaina pitkään ja vakavasti taloudesta.</p>
<p>”Meidän on toimittava nyt, eikä vasta ensi vuonna”, pääministeri sanoi puheessaan.</p></article></body></html>"#
        )
    };
    let codes_of = |lang: &str| -> Vec<String> {
        let input = Input::from_bytes(page(lang).into_bytes(), Some("sivu.html"));
        let parsed = read(&input, InputFormat::Html).unwrap();
        check(&parsed, &Settings::default())
            .into_iter()
            .map(|f| f.code.to_string())
            .collect()
    };
    for lang in ["fi", "sv-SE"] {
        let codes = codes_of(lang);
        assert!(
            !codes.iter().any(|c| c == "Q303" || c == "Q302"),
            "{lang}: {codes:?}"
        );
    }
    assert!(codes_of("id").iter().any(|c| c == "Q303"));
}

#[test]
fn a_short_labelled_byline_is_read_not_dropped() {
    // `Editor: Budi` is twelve characters, as short as a label cell of a byline table
    // (`Penulis` | `: Nama`); it was taken for one and lost.
    for (line, name) in [
        ("Editor: Budi", "Budi"),
        ("Editor: Budi Santoso", "Budi Santoso"),
    ] {
        let page = format!(
            "<html><head><title>Judul Berita Uji</title></head><body><h1>Judul Berita Uji</h1>\
             <p>Banyuwangi - Isi berita pertama yang cukup panjang.</p><p>“Kami senang,” kata Anas.</p><p>{line}</p></body></html>"
        );
        let parsed = read(&Input::from_bytes(page, Some("p.html")), InputFormat::Auto).unwrap();
        assert_eq!(parsed.article.byline.as_deref(), Some(name), "{line}");
    }
}

/// The date of a page as arsip reads it: (date, time, source).
fn date_of(page: &str) -> Option<(Option<String>, Option<String>, arsip::model::DateEvidence)> {
    let input = Input::from_bytes(page.as_bytes().to_vec(), Some("p.html"));
    let parsed = read(&input, InputFormat::Html).unwrap();
    parsed.article.published.map(|p| (p.date, p.time, p.source))
}

fn dated_page(head: &str, printed: &str) -> String {
    format!(
        r#"<html><head><title>Pasar Baru Dibuka</title>{head}</head>
<body><article><h1>Pasar Baru Dibuka</h1><p class="date">{printed}</p>
<p>BANYUWANGI – Pasar baru di tengah kota dibuka pada Senin pagi oleh bupati bersama para pedagang.</p>
<p>Paragraf kedua juga berisi kalimat yang cukup panjang agar halaman ini dianggap sebagai berita.</p></article></body></html>"#
    )
}

/// Issue #12 (web-dev: caritas.de, neues-deutschland.de, ejwue.de, mediapart.fr): a day in
/// metadata with no time is weaker than the date printed under the headline.
#[test]
fn a_printed_date_beats_a_bare_metadata_day() {
    use arsip::model::DateEvidence;
    let bare = r#"<meta property="article:published_time" content="2021-10-15">"#;
    let (date, time, source) = date_of(&dated_page(bare, "13.10.2021, 12:01")).unwrap();
    assert_eq!(
        (date.as_deref(), time.as_deref()),
        (Some("2021-10-13"), Some("12:01"))
    );
    assert_eq!(source, DateEvidence::Printed);
    // A machine's timestamp still wins over a print it disagrees with by days.
    let stamped = r#"<meta property="article:published_time" content="2021-10-15T09:30:00+02:00">"#;
    let (date, _, source) = date_of(&dated_page(stamped, "13.10.2021")).unwrap();
    assert_eq!(date.as_deref(), Some("2021-10-15"));
    assert_eq!(source, DateEvidence::Meta);
}

/// Issue #12 (web-dev: whdh.com, literaturgefluester): a UTC instant just past midnight,
/// modified the same instant, and a printed date the day before: the print is the local
/// day, and the modification stamp (the same instant) does not make it an update date.
#[test]
fn a_page_modified_as_it_went_out_still_shows_its_local_day() {
    let head = r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"Pasar Baru Dibuka","datePublished":"2023-11-09T02:11:03+00:00","dateModified":"2023-11-09T02:11:03+00:00"}</script>"#;
    let (date, ..) = date_of(&dated_page(head, "November 8, 2023")).unwrap();
    assert_eq!(date.as_deref(), Some("2023-11-08"));
    // Modified days later, and printed that day: the print is the update.
    let head = r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"Pasar Baru Dibuka","datePublished":"2023-11-09T02:11:03+00:00","dateModified":"2023-11-20T10:00:00+00:00"}</script>"#;
    let (date, ..) = date_of(&dated_page(head, "November 20, 2023")).unwrap();
    assert_eq!(date.as_deref(), Some("2023-11-09"));
}

/// Issue #12 (web-dev: homify.de): a `HowTo` with no article object dates the page by its
/// own `datePublished`, even with its fraction after a colon; an image's date does not.
#[test]
fn a_top_level_work_dates_the_page_when_no_article_does() {
    let head = r#"<script type="application/ld+json">{"@context":"https://schema.org","@type":"HowTo","name":"Tischdecke","datePublished":"2022-01-10T22:06:08:684Z"}</script>"#;
    let (date, time, _) = date_of(&dated_page(head, "")).unwrap();
    assert_eq!(
        (date.as_deref(), time.as_deref()),
        (Some("2022-01-10"), Some("22:06:08"))
    );
    let head = r#"<script type="application/ld+json">{"@context":"https://schema.org","@type":"ImageObject","datePublished":"2015-01-01T10:00:00Z"}</script>"#;
    assert_eq!(date_of(&dated_page(head, "")), None);
}

/// Issue #12 (scrapinghub: nationalreview.com): a sticky bar repeats the headline in an
/// `<h1>` above the masthead's date of today; the article's own `<h1>` and the date under
/// it are the ones that count.
#[test]
fn the_masthead_date_after_a_sticky_headline_is_not_the_articles() {
    let page = r#"<html><head><title>The Impeachment Clock</title></head><body>
<header class="site-header"><h1 class="site-header__article-title">The Impeachment Clock</h1></header>
<div class="site-header__below"><span class="site-header__below-date">Nov. 20, 2019</span></div>
<article><header><h1 class="article-header__title">The Impeachment Clock</h1><p class="byline">By Rich Lowry</p><time>November 19, 2019 6:30 AM</time></header>
<p>Time is not on Adam Schiff's side, and the inquiry he leads seems to know it less than anyone in Washington.</p>
<p>The second paragraph carries on with the argument at a length that makes this block the article's body.</p></article></body></html>"#;
    let (date, time, _) = date_of(page).unwrap();
    assert_eq!(
        (date.as_deref(), time.as_deref()),
        (Some("2019-11-19"), Some("06:30"))
    );
}

/// Issue #12 (web-dev: bettycrocker.com): a page with only its modification date (in
/// microdata, US order) is dated by it, labelled as a modification, and the confidence
/// score says so; a publication date in the URL would come first.
#[test]
fn a_page_with_only_a_modification_date_says_so() {
    use arsip::model::DateEvidence;
    let head = r#"<meta itemprop="dateModified" content="06/13/2019">"#;
    let page = dated_page(head, "");
    let (date, _, source) = date_of(&page).unwrap();
    assert_eq!(date.as_deref(), Some("2019-06-13"));
    assert_eq!(source, DateEvidence::Modified);
    let input = Input::from_bytes(page.as_bytes().to_vec(), Some("p.html"));
    let article = read(&input, InputFormat::Html).unwrap().article;
    let signals: Vec<String> = article
        .extraction
        .unwrap()
        .signals
        .iter()
        .map(|s| s.kind.name())
        .collect();
    assert!(
        signals.contains(&"date-from-modified".to_string()),
        "{signals:?}"
    );
    let with_url = page.replace(
        "<title>",
        r#"<link rel="canonical" href="https://portal.example/2019/01/02/pasar-baru"><title>"#,
    );
    let (date, _, source) = date_of(&with_url).unwrap();
    assert_eq!(
        (date.as_deref(), source),
        (Some("2019-01-02"), DateEvidence::Url)
    );
}

/// Issue #12 (web-dev: dvg.de, vorangedacht.de): a picture's credit (`© Agency/Name`)
/// above or inside the article is no copyright footer and does not end the body; the
/// site's notice, with a year or reserved rights, does.
#[test]
fn a_photo_credit_does_not_end_the_body() {
    let page = r#"<html><head><title>Pasar Baru Dibuka</title></head><body><article><h1>Pasar Baru Dibuka</h1>
<p><span class="small">© DVFG/AdobeStock</span></p>
<p>BANYUWANGI – Pasar baru di tengah kota dibuka pada Senin pagi oleh bupati bersama para pedagang.</p>
<p>© shutterstock: Mark Agnor</p>
<p>Paragraf kedua juga berisi kalimat yang cukup panjang agar halaman ini dianggap sebagai berita.</p>
<p>© 2022 Portal Banyuwangi. Hak cipta dilindungi.</p>
<p>Paragraf setelah catatan hak cipta situs bukan lagi bagian dari berita yang dibaca pembaca.</p></article></body></html>"#;
    let input = Input::from_bytes(page.as_bytes().to_vec(), Some("p.html"));
    let body: Vec<String> = read(&input, InputFormat::Html)
        .unwrap()
        .article
        .body
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert_eq!(body.len(), 2, "{body:?}");
    assert!(body[0].starts_with("Pasar baru"), "{body:?}");
    assert!(body[1].starts_with("Paragraf kedua"), "{body:?}");
}

/// A hostile user's case (issue #12): a top bar's date of today above the headline is not
/// the article's date; the metadata's stands.
#[test]
fn a_top_bar_date_is_not_the_articles() {
    let head = r#"<meta property="article:published_time" content="2021-10-15">"#;
    let page = dated_page(head, "").replace(
        "<body>",
        r#"<body><div id="top-bar">Senin, 1 Januari 2024</div><div class="navbar">Selasa, 2 Januari 2024</div>"#,
    );
    let (date, ..) = date_of(&page).unwrap();
    assert_eq!(date.as_deref(), Some("2021-10-15"));
}

/// Issue #12 (web-dev: security.googleblog.com, topagrar.com): a page that shows next to
/// nothing of its article (a template, a paywall's teaser) but declares it in JSON-LD
/// `articleBody` gets the declared text, by its line breaks, with the method `markup`;
/// escaped markup in it is read as text. A page that shows its article keeps it.
#[test]
fn a_declared_article_body_stands_in_for_a_page_that_shows_none() {
    let paragraph = "Paragraf berita yang cukup panjang untuk dibaca sebagai isi artikel oleh pembaca portal ini, dengan beberapa kalimat lagi.";
    let declared = format!("&lt;p&gt;{paragraph}&lt;/p&gt;\\n").repeat(6);
    let head = format!(
        r#"<script type="application/ld+json">{{"@type":"NewsArticle","headline":"Pasar Baru Dibuka","articleBody":"{declared}"}}</script>"#
    );
    let teaser = format!(
        r#"<html><head><title>Pasar Baru Dibuka</title>{head}</head><body><article><h1>Pasar Baru Dibuka</h1>
<p>Hanya untuk pelanggan: masuk untuk membaca.</p></article></body></html>"#
    );
    let input = Input::from_bytes(teaser.into_bytes(), Some("p.html"));
    let article = read(&input, InputFormat::Html).unwrap().article;
    assert_eq!(article.body.len(), 6, "{:?}", article.body);
    assert_eq!(article.body[0].to_string(), paragraph);
    assert_eq!(
        article.extraction.unwrap().method,
        arsip::model::ExtractionMethod::Markup
    );
    let shown = dated_page(&head, "").replace(
        "<p>Paragraf kedua",
        &format!(
            "<p>{}</p><p>Paragraf kedua",
            "Isi yang tampil di halaman. ".repeat(40)
        ),
    );
    let input = Input::from_bytes(shown.into_bytes(), Some("p.html"));
    let article = read(&input, InputFormat::Html).unwrap().article;
    assert!(article.body.iter().all(|p| *p != paragraph));
}

/// Issue #12 (confidence): paragraphs of prose between the headline and the body's start
/// are the article a wrong container left behind; the signal `text-before-body` says so,
/// and a body that starts under its headline does not raise it. The prose sits far from
/// the comments and is short beside them, so the kindred-subtree merge leaves it out.
#[test]
fn prose_left_between_headline_and_body_lowers_confidence() {
    let signals = |page: &str| -> Vec<String> {
        let input = Input::from_bytes(page.as_bytes().to_vec(), Some("p.html"));
        read(&input, InputFormat::Html)
            .unwrap()
            .article
            .extraction
            .unwrap()
            .signals
            .iter()
            .map(|s| s.kind.name())
            .collect()
    };
    let prose = "Kalimat berita yang cukup panjang untuk dibaca sebagai paragraf isi artikel, ditulis oleh wartawan portal ini dengan rinci. ".repeat(5);
    let comments: String = (0..40)
        .map(|i| format!("<li class=\"item\"><p>Komentar pembaca nomor {i} yang panjang sekali, berisi pendapat tentang pasar baru itu, dan menurut saya semua pihak harus ikut menjaga kebersihan pasar, kata pembaca.</p></li>"))
        .collect();
    let wrong = format!(
        "<html><head><title>Pasar Baru Dibuka</title></head><body><h1>Pasar Baru Dibuka</h1>\
         <div>{prose}</div><div class=\"c\"><section><ul class=\"discussion\">{comments}</ul>\
         <p>Tulis komentar</p></section></div></body></html>"
    );
    assert!(signals(&wrong).contains(&"text-before-body".to_string()));
    let right = dated_page("", "");
    assert!(!signals(&right).contains(&"text-before-body".to_string()));
}

/// The `count` pages of `tests/pages/FOLDER`, in name order, each with its input.
fn pages_in(folder: &str, count: usize) -> Vec<(std::path::PathBuf, Input)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/pages")
        .join(folder);
    let mut pages: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    assert_eq!(pages.len(), count, "{}", dir.display());
    pages
        .into_iter()
        .map(|page| {
            let input = Input::from_bytes(std::fs::read(&page).unwrap(), page.to_str());
            (page, input)
        })
        .collect()
}

/// Issue #12 (kindred subtrees), a hostile tester's pages in the shapes of WordPress,
/// Bootstrap, AEM and endless-stream portals: one six-paragraph article followed or
/// surrounded by prose that is not it (comments without classes, an author box, teaser
/// cards, a sign-up blurb, a legal footer in a plain `<div>`, a sidebar column, the next
/// article), or with its lead and its continuation outside the best container. The body
/// is exactly the article, in document order.
#[test]
fn kindred_subtrees_take_the_article_and_leave_what_follows_it() {
    for (page, input) in pages_in("kindred", 14) {
        let body = read(&input, InputFormat::Html).unwrap().article.body;
        let name = page.file_name().unwrap().to_string_lossy();
        assert_eq!(body.len(), 6, "{name}: {body:#?}");
        assert!(body[0].starts_with("Banjir merendam"), "{name}: {body:#?}");
        assert!(
            body[5].starts_with("Hingga Selasa siang"),
            "{name}: {body:#?}"
        );
    }
}

/// Issue #12: an article never ends on a heading or a lead-in; what they introduced was
/// furniture and is gone, so they go too. A heading inside the article stays.
#[test]
fn a_body_does_not_end_on_a_heading_or_a_lead_in() {
    let prose = "Die Stadt hat am Montag beschlossen, den Marktplatz im kommenden Jahr umzubauen, und die Händler begrüßen den Plan ausdrücklich.";
    let page = format!(
        "<html><head><title>Marktplatz</title></head><body><article><h1>Marktplatz</h1>\
         <p>{prose}</p><h2>Die Kosten</h2><p>{prose}</p><p>{prose}</p>\
         <h2>Mehr zum Thema</h2><ul class=\"related-posts\"><li><a href=\"/a\">Ein anderer Artikel</a></li></ul>\
         <p>Lesen Sie auch:</p><div class=\"share\"><a href=\"/s\">Teilen</a></div>\
         </article></body></html>"
    );
    let input = Input::from_bytes(page.into_bytes(), Some("p.html"));
    let body = read(&input, InputFormat::Html).unwrap().article.body;
    assert_eq!(body.len(), 4, "{body:#?}");
    assert_eq!(body[1], "Die Kosten");
    assert_eq!(body[3], prose);
}

/// A frameset page of around 2000 is read as a browser without frames shows it: the
/// `<noframes>` fallback's markup parsed, not kept as literal tags (a hostile tester's
/// case), its title from the head; a `<noframes>` inside a body is never shown.
#[test]
fn a_frameset_page_is_read_through_its_noframes_fallback() {
    let prose = "Banjir merendam ratusan rumah warga di tiga desa, kata kepala BPBD kepada wartawan di lokasi.";
    let page = format!(
        "<html><head><title>Banjir di Kudus</title></head>\r\n<frameset cols=\"20%,*\">\
         <frame src=\"menu.html\"><frame src=\"isi.html\">\r\n<noframes><body><h1>Banjir di Kudus</h1>\
         <p>{prose}</p>\r\n<p>{prose}</p></body></noframes></frameset></html>"
    );
    let input = Input::from_bytes(page.into_bytes(), Some("frames.html"));
    let parsed = read(&input, InputFormat::Html).unwrap();
    assert_eq!(parsed.article.body, [prose, prose]);
    assert_eq!(parsed.article.title.as_deref(), Some("Banjir di Kudus"));
    let lines: Vec<usize> = parsed.map.body.iter().map(|p| p.start().line).collect();
    assert_eq!(lines, [3, 4]);
    let framed = format!("<html><body><p>{prose}</p><noframes><p>Browser Anda tidak mendukung frame.</p></noframes></body></html>");
    let input = Input::from_bytes(framed.into_bytes(), Some("body.html"));
    assert_eq!(
        read(&input, InputFormat::Html).unwrap().article.body,
        [prose]
    );
}

/// Issue #12, a second hostile tester's pages: the next posts of an endless stream share
/// the article's class and carry no `<h1>` (their headlines are `<h2>`, `<h3>` or a
/// `div`), yet each is an `<article>` of its own and stays out; a standfirst above the
/// article joins it and the dateline is still read from the paragraph that opens with it.
#[test]
fn the_next_posts_of_a_stream_stay_out_and_a_standfirst_keeps_the_dateline() {
    for (page, input) in pages_in("streams", 5) {
        let article = read(&input, InputFormat::Html).unwrap().article;
        let name = page.file_name().unwrap().to_string_lossy().to_string();
        let body = &article.body;
        let lead = name.starts_with("s_lead");
        assert_eq!(body.len(), if lead { 5 } else { 4 }, "{name}: {body:#?}");
        assert!(
            body[usize::from(lead)].starts_with("Pemerintah resmi menaikkan"),
            "{name}: {body:#?}"
        );
        assert!(
            body.last().unwrap().starts_with("Pemerintah berjanji"),
            "{name}: {body:#?}"
        );
        let dateline = article.dateline.as_ref().map(|d| d.raw.as_str());
        assert_eq!(dateline, Some("Jakarta, Kompas -"), "{name}");
    }
}

/// A body's last paragraph of two sentences ending with a colon, or a heading that is a
/// sentence, is text and stays; the trim takes at most a heading and its lead-in.
#[test]
fn a_closing_sentence_with_a_colon_or_in_a_heading_stays() {
    let prose = "Harga kebutuhan pokok di pasar tradisional naik sejak awal pekan, kata para pedagang kepada wartawan.";
    let page = format!(
        "<html><body><article><p>{prose}</p><p>{prose}</p>\
         <p>Wali kota belum memberikan tanggapan. Warga mengaku sudah tahu jawabannya:</p>\
         </article></body></html>"
    );
    let input = Input::from_bytes(page.into_bytes(), Some("p.html"));
    let body = read(&input, InputFormat::Html).unwrap().article.body;
    assert_eq!(body.len(), 3, "{body:#?}");
    let page = format!(
        "<html><body><article><p>{prose}</p><p>{prose}</p><h4>Pasar akan dibuka lagi besok pagi.</h4>\
         </article></body></html>"
    );
    let input = Input::from_bytes(page.into_bytes(), Some("p.html"));
    let body = read(&input, InputFormat::Html).unwrap().article.body;
    assert_eq!(body.len(), 3, "{body:#?}");
}

/// Issue #12: `list` names a shape, not a role. A list of prose findings inside the article
/// (BMZ's `rte--list`) is part of the body; a list of links with the same word (a theme's
/// `link-list` of sections) stays out, as does a list of share buttons.
#[test]
fn a_list_is_judged_by_its_text_not_its_class() {
    let page = r#"<!DOCTYPE html><html><head><title>Ministerin Schulze: Hunger bekämpfen hat Priorität | BMZ</title></head><body>
<nav><ul class="nav-list"><li><a href="/a">Themen</a></li><li><a href="/b">Presse</a></li></ul></nav>
<div class="l-main"><h1>Ministerin Schulze: Hunger bekämpfen hat Priorität</h1><div class="rte">
<p>Über 810 Millionen Menschen leiden weltweit unter chronischem Hunger. Über 280 Millionen sind von akutem Hunger betroffen oder bedroht, sagte die Ministerin in Berlin.</p>
<p>Neben Konflikten tragen auch der Klimawandel und die Folgen der Pandemie dazu bei, dass die Zahl der Hungernden steigt, wie das Welternährungsprogramm berichtet.</p>
<p><strong>Beispielhaft für das Engagement hier weitere Informationen zur Sahel-Resilienz-Initiative:</strong></p>
<ul class="rte--list"><li>Fast fünf Millionen Menschen in den fünf Ländern der Sahel-Region sind von Hunger betroffen, chronische und akute Mangelernährung nehmen zu.</li>
<li>Alleine im letzten Jahr konnten durch die Initiative mehr als 2,5 Millionen Menschen erreicht werden, vor allem Frauen und Kinder.</li></ul>
<p>Die Bundesregierung war 2021 mit 1,2 Milliarden Euro der zweitgrößte Geber des Welternährungsprogramms, teilte das Ministerium am Mittwoch mit.</p>
<ul class="link-list"><li><a href="/themen/hunger">Hunger und Ernährung</a></li><li><a href="/themen/klima">Klimaschutz weltweit</a></li><li><a href="/themen/sahel">Die Sahel-Region im Überblick</a></li></ul>
<ul class="share-list list-inline"><li><a href="https://facebook.com/share">Facebook</a></li><li><a href="https://twitter.com/share">Twitter</a></li></ul>
</div></div></body></html>"#;
    let input = Input::from_bytes(page.as_bytes().to_vec(), Some("bmz-liste.html"));
    let body = read(&input, InputFormat::Html).unwrap().article.body;
    assert_eq!(body.len(), 6, "{body:#?}");
    assert!(body[3].starts_with("Fast fünf Millionen"), "{body:#?}");
    assert!(body[4].starts_with("Alleine im letzten Jahr"), "{body:#?}");
    assert!(body[5].starts_with("Die Bundesregierung"), "{body:#?}");
}

/// Issue #12: an open letter followed by a table of its signatories (Harper's): two
/// cells of names, one per line, split by `<br>`. A cell's column of short lines is one
/// entry of a table, and must not outscore the letter's paragraphs, which all stay in the
/// body in order.
#[test]
fn a_table_of_short_lines_does_not_outscore_the_prose_beside_it() {
    let paragraph = |opening: &str, length: usize, commas: usize| {
        let mut words: Vec<String> = opening.split(' ').map(String::from).collect();
        let filler = [
            "and", "the", "writers", "argue", "that", "open", "debate", "matters",
        ];
        let mut chars = opening.len();
        for word in filler.iter().cycle() {
            if chars >= length {
                break;
            }
            words.push(word.to_string());
            chars += word.len() + 1;
        }
        let step = words.len() / (commas + 1);
        for k in 1..=commas {
            words[k * step].push(',');
        }
        format!(
            "<p><span style=\"font-size: 1.5em;\">{}.</span></p>\n",
            words.join(" ")
        )
    };
    let column = |c: usize| {
        let lines: String = (0..120)
            .map(|i| {
                if i % 2 == 1 {
                    format!("<strong>Signatory {c}-{i}</strong>, <span style=\"font-size: .8em;\">Bard College</span><br />\n")
                } else {
                    format!("<strong>Signatory {c}-{i}</strong><br />\n")
                }
            })
            .collect();
        format!(
            "<td style=\"padding: 10px;\"><span style=\"font-size: 1.5em;\">{lines}</span></td>"
        )
    };
    let page = format!(
        "<!DOCTYPE html><html><head><title>A Letter on Justice and Open Debate | Harper's Magazine</title></head><body>\
         <div class=\"col-sm-9 content page\"><article class=\"post\"><h1>A Letter on Justice and Open Debate</h1>\
         <div class=\"wysiwyg-content\"><p><strong>July 7, 2020</strong><br /><em>The below letter will be appearing in the Letters section of the magazine’s October issue.</em></p>\
         {}{}{}<table style=\"width: 100%;\"><tbody><tr valign=\"top\">{}{}<td></td></tr></tbody></table>\
         <p>Institutions are listed for identification purposes only.</p></div></article></div></body></html>",
        paragraph("Our cultural institutions are facing a moment of trial", 1019, 7),
        paragraph("The free exchange of information and ideas is daily becoming more constricted", 1530, 12),
        paragraph("This stifling atmosphere will ultimately harm the most vital causes of our time", 807, 9),
        column(0),
        column(1),
    );
    let input = Input::from_bytes(page.into_bytes(), Some("harpers-letter.html"));
    let body = read(&input, InputFormat::Html).unwrap().article.body;
    let openings: Vec<&str> = body.iter().take(4).map(|p| &p[..20]).collect();
    assert_eq!(
        openings,
        [
            "July 7, 2020 The bel",
            "Our cultural institu",
            "The free exchange of",
            "This stifling atmosp"
        ],
        "{body:#?}"
    );
}

/// Issue #12, a hostile tester's pages (`tests/pages/lists/`): a `list` is judged by its
/// text as a whole list. Prose bullets, recipe steps and FAQ answers inside the article
/// are body, whatever classes their items carry (`step-list__item`, `c-list__item`);
/// lists whose items each hold a link (Bootstrap's `list-group` of `Berita Lainnya`, a
/// mid-article `top-stories-list`, tribun's `list-unstyled` of `Berita Terkini`,
/// WordPress's latest-posts block with excerpts) are teasers, not the article.
#[test]
fn lists_of_prose_are_body_and_lists_of_teasers_are_not() {
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "02-wp-block-list-findings",
            &["Samples from 412 private wells"],
            &[],
        ),
        (
            "03-bootstrap-pemkab-berita-lainnya",
            &["Pasar tersebut juga"],
            &["Ribuan pengunjung"],
        ),
        (
            "10-recipe-steps",
            &["Rebus daging sapi", "Masak dengan api kecil"],
            &[],
        ),
        (
            "11-faq-dl-list",
            &["Who gets the rebate?", "Is it a loan?", "No. The rebate"],
            &[],
        ),
        ("12-aem-gov-rte-list", &["Drainage defects"], &[]),
        (
            "15-top-stories-inline-module",
            &["Hospital leaders said"],
            &["Ring road closure", "Man jailed"],
        ),
        (
            "16-tribun-list-unstyled-terkini",
            &["Masyarakat juga diminta"],
            &["Harga Beras", "Truk Terguling"],
        ),
        (
            "24-wp-latest-posts-block-excerpts",
            &["Letters telling residents"],
            &["The school board postponed", "48,000 people"],
        ),
        (
            "25-listicle-bem-items-half-page",
            &["Bleed your radiators.", "Fit draught excluders"],
            &[],
        ),
    ];
    let pages = pages_in("lists", cases.len());
    for ((page, input), (name, kept, left)) in pages.iter().zip(cases) {
        assert!(page.ends_with(format!("{name}.html")), "{}", page.display());
        let body = read(input, InputFormat::Html)
            .unwrap()
            .article
            .body
            .join("\n");
        for text in *kept {
            assert!(body.contains(text), "{name}: {text:?} lost from\n{body}");
        }
        for text in *left {
            assert!(!body.contains(text), "{name}: {text:?} leaked into\n{body}");
        }
    }
}

/// Issue #12: a standfirst in a wrapper of its own before the article (aerobuzz's
/// `chapo`, with the date and author beside it) is the body's first paragraph when the
/// page's description repeats it; a one-sentence dek under the headline is not, and a
/// lead the body already holds is not taken twice.
#[test]
fn the_lead_the_page_describes_itself_with_opens_the_body() {
    let page = |description: &str, lead: &str| {
        format!(
            "<!DOCTYPE html><html><head><title>CAE bildet künftig Luftwaffen-Piloten in Bremen aus - Aerobuzz.de</title>\
             <meta property=\"og:description\" content=\"{description}\"></head><body><div class=\"page\"><article>\
             <div class=\"cartouche\"><h1 class=\"entry-title\">CAE bildet künftig Luftwaffen-Piloten in Bremen aus</h1></div>\
             <div class=\"chapo widthfix\"><div><p>{lead}</p></div><div class=\"metas\"><span class=\"date\">4.02.2022</span> par <a rel=\"author\" href=\"/author/bob/\">Bob Fischer</a></div></div>\
             <div class=\"img_une\"><img src=\"/wp-content/uploads/2022/02/a.jpg\" alt=\"\"></div>\
             <div class=\"entry-content widthfix\"><div class=\"row\"><div><div class=\"article_texte\">\
             <p>Das Bundesamt für Ausrüstung, Informationstechnik und Nutzung der Bundeswehr hat mit dem kanadischen Unternehmen einen Vertrag über die fliegerische Grundausbildung geschlossen, der zunächst sieben Jahre läuft.</p>\
             <p>In Bremen sollen hauptsächlich Piloten für die Flugbereitschaft des Bundesministeriums der Verteidigung und für die Transportflieger ausgebildet werden, wie das Amt mitteilte.</p>\
             <p>Die ersten Lehrgänge beginnen im Herbst, die Simulatoren stehen bereits im Trainingszentrum am Flughafen, das für den neuen Auftrag noch erweitert werden soll.</p>\
             <p>Für die Ausbildung setzt das Unternehmen Flugzeuge der Typen DA42 und DA40 ein, die in Bremen stationiert werden und von dort aus auch Überlandflüge unternehmen.</p>\
             <p>Die Lufthansa-Tochter hatte sich ebenfalls um den Auftrag beworben, unterlag aber im Vergabeverfahren, dessen Ergebnis sie nach eigenen Angaben nun prüfen lässt.</p>\
             <p>Ein Sprecher des Unternehmens sagte, man sei stolz, künftig einen Beitrag zur Einsatzbereitschaft der Luftwaffe zu leisten, und werde weitere Fluglehrer einstellen.</p>\
             </div><div class=\"sharedaddy\"><a href=\"/share\">Teilen</a></div></div></div></div></article></div></body></html>"
        )
    };
    let body = |html: String| {
        let input = Input::from_bytes(html.into_bytes(), Some("aerobuzz.html"));
        read(&input, InputFormat::Html).unwrap().article.body
    };
    let lead = "Die Lufthansa Aviation Training hat über Jahrzehnte in Bremen Piloten der Luftwaffe ausgebildet. Damit ist jetzt Schluss. Die CAE GmbH hat sich bei der Ausschreibung durchgesetzt.";
    let with_lead = body(page(
        &format!("{lead} Das Bundesamt für Ausrüstung hat …"),
        lead,
    ));
    assert_eq!(with_lead.len(), 7, "{with_lead:#?}");
    assert_eq!(with_lead[0], lead);
    // One sentence under the headline is a dek.
    let dek = "Die CAE GmbH bildet künftig die Nachwuchspiloten der Luftwaffe in Bremen und Montpellier aus";
    let with_dek = body(page(dek, dek));
    assert_eq!(with_dek.len(), 6, "{with_dek:#?}");
    // A description that repeats the body's own first paragraph adds nothing.
    let first = "Das Bundesamt für Ausrüstung, Informationstechnik und Nutzung der Bundeswehr hat mit dem kanadischen Unternehmen einen Vertrag geschlossen.";
    let repeated = body(page(first, lead));
    assert_eq!(repeated.len(), 6, "{repeated:#?}");
}

/// Issue #12, a hostile tester's pages (`tests/pages/standfirst/`) against the standfirst
/// and the table-cell rules: a site's tagline or a series blurb that the description
/// repeats stays out (it stands above the headline); a teaser the body repeats after its
/// dateline is not taken twice; an old table portal's cell of one short sentence a line
/// keeps its article against a copyright or notice cell; a real standfirst opens the body
/// and the dateline is still read from the paragraph after it.
#[test]
fn standfirsts_open_the_body_and_nothing_else_does() {
    // (page, paragraphs, first paragraph opens with, dateline)
    let cases: &[(&str, usize, &str, Option<&str>)] = &[
        (
            "01_sitewide_about_in_description",
            4,
            "Pemerintah Kabupaten Jayawijaya",
            Some("Wamena -"),
        ),
        (
            "02_lead_twice_dateline_in_body",
            4,
            "Harga cabai rawit",
            Some("BANDUNG, PortalJabar.com -"),
        ),
        (
            "08_old_table_portal_short_br_paras",
            10,
            "Banjir merendam tiga desa",
            Some("PEDAMARAN -"),
        ),
        (
            "14_table_portal_short_paras_vs_teaser_column",
            10,
            "Banjir merendam tiga desa",
            Some("PEDAMARAN -"),
        ),
        ("15_de_teaser_legit", 7, "Die Lokführergewerkschaft", None),
        (
            "16_de_teaser_repeated_with_dpa_dateline",
            7,
            "Berlin (dpa) - Die Lokführergewerkschaft",
            None,
        ),
        (
            "17_legit_standfirst_detik_style_dateline",
            6,
            "Penyidik KPK memeriksa",
            Some("Jakarta -"),
        ),
        (
            "22_series_intro_box_as_description",
            6,
            "Every morning at 5:40",
            None,
        ),
    ];
    let pages = pages_in("standfirst", cases.len());
    for ((page, input), (name, count, opening, dateline)) in pages.iter().zip(cases) {
        assert!(page.ends_with(format!("{name}.html")), "{}", page.display());
        let article = read(input, InputFormat::Html).unwrap().article;
        let body = &article.body;
        assert_eq!(body.len(), *count, "{name}: {body:#?}");
        assert!(body[0].starts_with(opening), "{name}: {body:#?}");
        let distinct: BTreeSet<&String> = body.iter().collect();
        assert_eq!(
            distinct.len(),
            body.len(),
            "{name}: a paragraph twice: {body:#?}"
        );
        assert_eq!(
            article.dateline.as_ref().map(|d| d.raw.as_str()),
            *dateline,
            "{name}"
        );
    }
}
