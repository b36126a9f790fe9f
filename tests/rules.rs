//! Every rule fires on input that has its problem, and stays quiet on the same input fixed.

use arsip::read::{read, Input, InputFormat};
use arsip::rules::{check, registry, Finding, HouseStyle, HouseStyles, Settings};

fn settings() -> Settings {
    Settings {
        now: "2026-01-01".parse().unwrap(),
        ..Settings::default()
    }
}

fn findings(text: &str) -> Vec<Finding> {
    let parsed = read(
        &Input::from_bytes(text, Some("case.txt")),
        InputFormat::Text,
    )
    .unwrap_or_else(|e| panic!("{e}: {text}"));
    check(&parsed, &settings())
}

/// A whole article around `body`, with a correct date and dateline unless they are given.
fn article(date: &str, body: &str) -> String {
    format!("Pasar Baru Dibuka di Banyuwangi\n\n{date}\n\n{body}\n")
}

fn codes(text: &str) -> Vec<String> {
    findings(text).into_iter().map(|f| f.code).collect()
}

const GOOD_DATE: &str = "Senin, 1 April 2019";

/// (code, input with the problem, the same input fixed)
fn cases() -> Vec<(&'static str, String, String)> {
    let body = |text: &str| article(GOOD_DATE, text);
    vec![
        ("D101", "Pasar Baru\n\nBANYUWANGI – Pasar dibuka.\n".into(), body("BANYUWANGI – Pasar dibuka.")),
        ("D102", article("Senin, 1 Aprl 2019", "BANYUWANGI – Pasar dibuka."), body("BANYUWANGI – Pasar dibuka.")),
        ("D103", article("Sabtu, 30 Februari 2019", "BANYUWANGI – Pasar dibuka."), article("Sabtu, 2 Maret 2019", "BANYUWANGI – Pasar dibuka.")),
        ("D104", article("Selasa, 1 April 2019", "BANYUWANGI – Pasar dibuka."), body("BANYUWANGI – Pasar dibuka.")),
        ("D105", article("Senin, 1 April 2091", "BANYUWANGI – Pasar dibuka."), body("BANYUWANGI – Pasar dibuka.")),
        ("D106", article("Selasa, 1 April 1919", "BANYUWANGI – Pasar dibuka."), body("BANYUWANGI – Pasar dibuka.")),
        ("D107", body("BANYUWANGI – Rapat digelar Selasa (01/04/2019) di pendopo."), body("BANYUWANGI – Rapat digelar Senin (01/04/2019) di pendopo.")),
        ("D107", body("BANYUWANGI – Rapat digelar Selasa (1/4) di pendopo."), body("BANYUWANGI – Rapat digelar Senin (1/4) di pendopo.")),
        ("D108", body("BANYUWANGI – Rapat digelar Rabu (4/11/205) di pendopo."), body("BANYUWANGI – Rapat digelar Rabu (4/11/2015) di pendopo.")),
        ("D109", article("Senin, 1 April 2019 10:15", "BANYUWANGI – Pasar dibuka."), article("Senin, 1 April 2019 10:15 WIB", "BANYUWANGI – Pasar dibuka.")),
        ("L201", body("Bupati meresmikan pasar."), body("BANYUWANGI – Bupati meresmikan pasar.")),
        ("L202", body("BANYUEANGI – Bupati meresmikan pasar."), body("BANYUWANGI – Bupati meresmikan pasar.")),
        ("L203", body("PARINGIN – Bupati meresmikan pasar."), body("BALANGAN – Bupati meresmikan pasar.")),
        ("L203", body("LOS ANGELES, KOMPAS.com – Konser digelar."), body("JAKARTA, KOMPAS.com – Konser digelar.")),
        ("L204", body("BERITA9, BANYUWANGI – Bupati meresmikan pasar."), body("BANYUWANGI – Bupati meresmikan pasar.")),
        ("Q301", body("BANYUWANGI – “Kami siap melayani warga, kata Bupati."), body("BANYUWANGI – “Kami siap melayani warga,” kata Bupati.")),
        ("Q302", body("BANYUWANGI – Program desa “Smart Kampung’. Program berjalan."), body("BANYUWANGI – Program desa “Smart Kampung”. Program berjalan.")),
        ("Q303", body("BANYUWANGI – Warga senang. ”Dengan program ini, cukup di desa,” kata Anas."), body("BANYUWANGI – Warga senang. “Dengan program ini, cukup di desa,” kata Anas.")),
        ("Q304", body("BANYUWANGI – Warga senang. “Pelayanan harus cepat dan ramah kepada semua warga.”"), body("BANYUWANGI – Warga senang. “Pelayanan harus cepat dan ramah kepada semua warga,” kata Anas.")),
        ("Q305", body("BANYUWANGI – Warga senang. “Ini luar biasa,” ujar Anas.\n\n“Kami senang sekali,” tandasmya."), body("BANYUWANGI – Warga senang. “Ini luar biasa,” ujar Anas.\n\n“Kami senang sekali,” tandasnya.")),
        ("Q306", body("BANYUWANGI – “Inovasinya bisa diadopsi,,” ujar Emmilya."), body("BANYUWANGI – “Inovasinya bisa diadopsi,” ujar Emmilya.")),
        ("Q307", body("BANYUWANGI – “Satu,” ujar Emmilya.\n\n“Dua,” kata Emmilya.\n\n“Tiga,” kata Emmliya."), body("BANYUWANGI – “Satu,” ujar Emmilya.\n\n“Dua,” kata Emmilya.\n\n“Tiga,” kata Emmilya.")),
        ("Q308", body("BANYUWANGI – â€œKami siap,â€\u{9d} kata Anas."), body("BANYUWANGI – “Kami siap,” kata Anas.")),
        ("R401", body("BANYUWANGI – Pasar dibuka.\n\nBerita Terkait\n\nBagikan Artikel :"), body("BANYUWANGI – Pasar dibuka.\n\nBerita Terkait\nPasar lama dibongkar https://portal.example/berita/2\n\nBagikan Artikel :")),
        ("R402", body("BANYUWANGI – Pasar dibuka.\n\nBaca Juga:\nPasar lama dibongkar htp//portal.example/berita/2"), body("BANYUWANGI – Pasar dibuka.\n\nBaca Juga:\nPasar lama dibongkar https://portal.example/berita/2")),
        ("R403", body("BANYUWANGI – Pasar dibuka.\n\nBaca Juga:\nPasar lama https://portal.example/berita/2\nPasar lama https://portal.example/berita/2/"), body("BANYUWANGI – Pasar dibuka.\n\nBaca Juga:\nPasar lama https://portal.example/berita/2\nPasar ikan https://portal.example/berita/3")),
        ("R404", body("BANYUWANGI – Pasar dibuka.\n\nBaca Juga:\nPasar Baru Dibuka di Banyuwangi"), body("BANYUWANGI – Pasar dibuka.\n\nBaca Juga:\nPedagang Pasar Lama Pindah")),
        ("R405", body("BANYUWANGI – Pasar dibuka.\n\nBaca Juga:\nPasar lama /berita/2"), body("BANYUWANGI – Pasar dibuka.\n\nBaca Juga:\nPasar lama https://portal.example/berita/2")),
        ("R406", body("BANYUWANGI – Pasar dibuka.\n\nBaca Juga:\nKirim whatsapp://send?text=Pasar"), body("BANYUWANGI – Pasar dibuka.\n\nBaca Juga:\nPasar lama https://portal.example/berita/2")),
        ("S501", format!("{GOOD_DATE}\n\nBANYUWANGI – Pasar dibuka.\n"), body("BANYUWANGI – Pasar dibuka.")),
        ("S502", format!("{}\n\n{GOOD_DATE}\n\nBANYUWANGI – Pasar dibuka.\n", "Judul ".repeat(30)), body("BANYUWANGI – Pasar dibuka.")),
        ("S503", format!("Pasar Baru Dibuka\n\n{GOOD_DATE}\n\nBagikan Artikel :\n"), body("BANYUWANGI – Pasar dibuka.")),
        ("S504", body("BANYUWANGI – Pedagang menyambut gembira. Baca juga: Pasar lama dibongkar"), body("BANYUWANGI – Pedagang menyambut gembira.")),
        ("S505", body("BANYUWANGI – Pasar dibuka, kata Anas. (*)\n\nKunjungi portal kami untuk berita lain."), body("BANYUWANGI – Pasar dibuka, kata Anas. (*)")),
    ]
}

#[test]
fn each_rule_fires_on_its_problem_and_not_on_the_fix() {
    for (code, bad, good) in cases() {
        let found = codes(&bad);
        assert!(
            found.iter().any(|c| c == code),
            "{code} should fire on:\n{bad}\nfound {found:?}"
        );
        let clean = codes(&good);
        assert!(
            !clean.iter().any(|c| c == code),
            "{code} should not fire on:\n{good}\nfound {clean:?}"
        );
    }
}

#[test]
fn every_rule_has_a_case() {
    let cases = cases();
    for rule in registry() {
        if rule.code == "L205" || rule.code == "D110" || rule.code.starts_with('C') {
            continue; // a batch rule, and HTML-only rules: all tested below
        }
        assert!(
            cases.iter().any(|(code, ..)| *code == rule.code),
            "no test case for {} {}",
            rule.code,
            rule.name
        );
    }
}

fn html_codes(text: String) -> Vec<String> {
    let parsed = read(&Input::from_bytes(text, Some("p.html")), InputFormat::Auto).unwrap();
    check(&parsed, &settings())
        .into_iter()
        .map(|f| f.code)
        .collect()
}

#[test]
fn confidence_rules_fire_on_doubtful_pages_only() {
    let paragraph = "PESANGGARAN – Jembatan gantung di desa itu diperbaiki warga bersama, kata kepala desa kepada wartawan, dan pekerjaan selesai dalam tiga minggu tanpa bantuan dana dari kabupaten.";
    let good = format!(
        "<html><body><h1>Jembatan Desa Diperbaiki Warga</h1><p class=\"date\">Senin, 5 Maret 2018 | 10:00 WIB</p>\
         <article>{}</article></body></html>",
        format!("<p>{paragraph}</p>").repeat(8)
    );
    let clean = html_codes(good);
    assert!(!clean.iter().any(|c| c.starts_with('C')), "{clean:?}");
    // A short article above a long legal footer: the footer's prose is no article left out.
    let legal = "Seluruh isi situs ini dilindungi undang-undang hak cipta. Dilarang mengutip, menyalin atau menyebarkan sebagian atau seluruh isi tanpa izin tertulis dari redaksi.";
    let footed = format!(
        "<html><body><h1>Jembatan Desa Diperbaiki Warga</h1><p class=\"date\">Senin, 5 Maret 2018 | 10:00 WIB</p>\
         <article>{}</article><footer>{}</footer></body></html>",
        format!("<p>{paragraph}</p>").repeat(2),
        format!("<p>{legal}</p>").repeat(4)
    );
    let found = html_codes(footed);
    assert!(!found.iter().any(|c| c == "C602"), "{found:?}");
    // A notice is taken for the article, the text is in an aside, and there is no date.
    let bad = format!(
        "<html><body><h1>Jembatan Desa Diperbaiki Warga</h1>\
         <article><p>Antara/ Budi Santoso</p><p>Situs ini memakai cookie untuk pengalaman yang lebih baik.</p></article>\
         <aside><div>{paragraph} {paragraph} {paragraph}</div></aside></body></html>"
    );
    let found = html_codes(bad);
    for code in ["C601", "C603"] {
        assert!(found.iter().any(|c| c == code), "{code} in {found:?}");
    }
    // A live blog's entries stand in boxes of their own: one is taken for the body, and
    // the prose the extraction left out is more than it kept.
    let boxed =
        format!("<div><div><div><div><div><p>{paragraph}</p></div></div></div></div></div>")
            .repeat(3);
    let live = format!(
        "<html><body><h1>Jembatan Desa Diperbaiki Warga</h1>\
         <div class=\"live-updates\">{boxed}</div></body></html>"
    );
    let found = html_codes(live);
    for code in ["C601", "C602"] {
        assert!(found.iter().any(|c| c == code), "{code} in {found:?}");
    }
}

#[test]
fn metadata_date_mismatch_fires_on_html_only_when_the_readings_differ() {
    let page = |printed: &str| {
        format!(
            "<html><head><script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\"headline\":\"Jembatan Desa Diperbaiki Warga\",\"datePublished\":\"2018-03-05T10:00:00+07:00\"}}</script></head>\
             <body><h1>Jembatan Desa Diperbaiki Warga</h1><p class=\"date\">{printed}</p><div class=\"content\"><p>PESANGGARAN – Jembatan gantung diperbaiki, \
             kata kepala desa, dan selesai dalam tiga minggu.</p></div></body></html>"
        )
    };
    let html_codes = |text: String| -> Vec<String> {
        let parsed = read(&Input::from_bytes(text, Some("p.html")), InputFormat::Auto).unwrap();
        check(&parsed, &settings())
            .into_iter()
            .map(|f| f.code)
            .collect()
    };
    assert!(html_codes(page("Rabu, 7 Maret 2018 | 10:00 WIB")).contains(&"D110".to_string()));
    assert!(!html_codes(page("Senin, 5 Maret 2018 | 10:00 WIB")).contains(&"D110".to_string()));
}

#[test]
fn a_quotation_closed_in_a_later_paragraph_is_info_and_one_never_closed_an_error() {
    let q301 = |body: &str| {
        findings(&article(GOOD_DATE, body))
            .into_iter()
            .find(|f| f.code == "Q301")
            .map(|f| f.severity)
    };
    let opened =
        "BANYUWANGI – Bupati Anas menegaskan: “Pasar ini dibuka untuk semua pedagang desa.";
    // Set over two paragraphs, closed at the end of the second, without a continuation mark.
    let later = format!("{opened}\n\nKami tidak memungut biaya sewa selama setahun pertama.”");
    assert_eq!(q301(&later), Some(arsip::rules::Severity::Info));
    // Never closed anywhere: the defect the rule is for.
    let never = format!("{opened}\n\nPasar buka setiap hari mulai pukul enam pagi.");
    assert_eq!(q301(&never), Some(arsip::rules::Severity::Error));
}

#[test]
fn metadata_date_mismatch_is_a_warning_only_for_a_zone_slip() {
    let page = |published: &str| {
        format!(
            "<html><head><script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\"headline\":\"Jembatan Desa Diperbaiki Warga\",\"datePublished\":\"{published}\"}}</script></head>\
             <body><h1>Jembatan Desa Diperbaiki Warga</h1><p class=\"date\">Rabu, 7 Maret 2018 | 10:00 WIB</p><div class=\"content\"><p>PESANGGARAN – Jembatan gantung diperbaiki, \
             kata kepala desa, dan selesai dalam tiga minggu.</p></div></body></html>"
        )
    };
    let d110 = |published: &str| {
        let parsed = read(
            &Input::from_bytes(page(published), Some("p.html")),
            InputFormat::Auto,
        )
        .unwrap();
        check(&parsed, &settings())
            .into_iter()
            .find(|f| f.code == "D110")
            .map(|f| f.severity)
    };
    // Local time labelled as UTC: the same moment seven hours off, one of them wrong.
    assert_eq!(
        d110("2018-03-07T10:00:00Z"),
        Some(arsip::rules::Severity::Warning)
    );
    // Two days apart: as often two right dates (a teaser's, an update) as a wrong one.
    assert_eq!(
        d110("2018-03-05T10:00:00+07:00"),
        Some(arsip::rules::Severity::Info)
    );
}

#[test]
fn separators_differing_from_the_batch_are_reported() {
    let with = |separator: &str| HouseStyle {
        site: None,
        dateline: Some((separator.to_string(), None)),
        language: None,
    };
    // Each article of the batch, by its input's name, gets what the batch adds to it.
    let check_batch = |styles: &[(&str, HouseStyle)]| {
        let mut house = HouseStyles::default();
        styles.iter().for_each(|(_, s)| house.learn(s));
        let mut findings = Vec::new();
        for (path, style) in styles {
            house.apply(style, path, &mut findings, &settings());
        }
        findings
    };
    let findings = check_batch(&[("a", with("–")), ("b", with("–")), ("c", with("-"))]);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].path.as_deref(), Some("c"));
    assert_eq!(findings[0].code, "L205");
    assert!(check_batch(&[("a", with("–")), ("b", with("–"))]).is_empty());
    // Ties go to the separator seen first, whatever the order of the inputs after it.
    let tie = check_batch(&[("a", with("-")), ("b", with("–"))]);
    assert_eq!(tie.len(), 1);
    assert_eq!(tie[0].path.as_deref(), Some("b"));
}

#[test]
fn findings_point_at_the_line_and_column_of_the_problem() {
    let text = article(
        "Selasa, 1 April 2019",
        "BANYUWANGI – Warga senang.\nIa berkata “Program “Smart Kampung’ jalan.",
    );
    let found = findings(&text);
    let d104 = found.iter().find(|f| f.code == "D104").unwrap();
    assert_eq!((d104.line, d104.column), (Some(3), Some(1)));
    assert_eq!(d104.field, "published");
}

#[test]
fn disabled_rules_and_severity_overrides_apply() {
    let loaded = arsip::config::parse(
        "ignore: [D104]\nseverity:\n  dateline: error\nnow: 2026-01-01\n",
        "arsip.yaml",
    )
    .unwrap();
    let text = article("Selasa, 1 April 2019", "Bupati meresmikan pasar.");
    let parsed = read(&Input::from_bytes(text, Some("c.txt")), InputFormat::Text).unwrap();
    let found = check(&parsed, &loaded.settings);
    assert!(!found.iter().any(|f| f.code == "D104"));
    let l201 = found.iter().find(|f| f.code == "L201").unwrap();
    assert_eq!(l201.severity, arsip::rules::Severity::Error);
}

#[test]
fn one_teaser_card_is_not_a_duplicate_but_a_repeated_link_is() {
    let card = article(
        GOOD_DATE,
        "BANYUWANGI – Pasar dibuka.\n\nBaca Juga:\nFoto https://portal.example/berita/2\nPasar lama dibongkar https://portal.example/berita/2\nPasar ikan https://portal.example/berita/3",
    );
    assert!(!codes(&card).contains(&"R403".to_string()), "{card}");
}

#[test]
fn a_press_contact_address_is_not_a_non_web_link() {
    let contact = article(
        GOOD_DATE,
        "BANYUWANGI – Pasar dibuka.\n\nBaca Juga:\nHumas mailto:humas@portal.example\nPasar lama https://portal.example/berita/2",
    );
    assert!(!codes(&contact).contains(&"R406".to_string()), "{contact}");
}

#[test]
fn messages_follow_the_article_language() {
    let english = "Market Opens in Banyuwangi\n\nMonday, April 1, 2019\n\nThe regent opened the market on Monday morning with a speech to the traders.\n\n“Service has to be fast and friendly to every resident of the regency.”\n";
    let found = findings(english);
    let q304 = found.iter().find(|f| f.code == "Q304").expect("Q304 fires");
    let suggestion = q304.suggestion.as_deref().unwrap_or_default();
    assert!(suggestion.contains("Anas said"), "{suggestion}");
    assert!(!suggestion.contains("kata"), "{suggestion}");
}

#[test]
fn a_negative_year_is_unreadable_not_the_positive_year() {
    for date in ["Senin, 01 Apr -0001 10.15 WIB", "-9999-01-01T00:00:00Z"] {
        let text = article(date, "BANYUWANGI – Pasar dibuka.");
        let parsed = read(
            &Input::from_bytes(text.as_str(), Some("case.txt")),
            InputFormat::Text,
        )
        .unwrap();
        assert_eq!(
            parsed.article.published.as_ref().unwrap().date,
            None,
            "{date}"
        );
        let codes = codes(&text);
        assert!(codes.contains(&"D102".to_string()), "{date}: {codes:?}");
        assert!(!codes.contains(&"D105".to_string()), "{date}: {codes:?}");
    }
}

#[test]
fn an_impossible_zone_offset_is_reported_not_read_as_utc() {
    for (date, zone) in [
        ("Senin, 01 Apr 2019 10.15 GMT+7:99999999", "GMT+7:99999999"),
        ("Senin, 01 Apr 2019 10.15 UTC-99:99", "UTC-99:99"),
    ] {
        let text = article(date, "BANYUWANGI – Pasar dibuka.");
        let parsed = read(
            &Input::from_bytes(text.as_str(), Some("case.txt")),
            InputFormat::Text,
        )
        .unwrap();
        let published = parsed.article.published.unwrap();
        assert_eq!(published.raw, date, "the raw text is not cut");
        assert_eq!(published.offset, None, "{date}");
        assert_eq!(published.timezone.as_deref(), Some(zone));
        let found = findings(&text);
        let d102 = found.iter().find(|f| f.code == "D102").expect("D102");
        assert!(d102.message.contains(zone), "{}", d102.message);
        assert!(!found.iter().any(|f| f.code == "D109"), "{found:?}");
    }
    let text = article(
        "Senin, 01 Apr 2019 10.15 GMT+7",
        "BANYUWANGI – Pasar dibuka.",
    );
    assert!(!codes(&text).contains(&"D102".to_string()));
}

#[test]
fn a_weekday_abbreviation_counts_only_in_its_own_language() {
    // `Min.` before a date is Indonesian's Minggu in Indonesian text, but on a German page
    // it is the minutes of a reading time.
    let page = |lang: &str, printed: &str| {
        format!(
            "<html lang=\"{lang}\"><body><h1>Ein Titel für die Seite</h1><p class=\"date\">{printed}</p>\
             <article><p>Der Text des Artikels steht hier, und er ist lang genug für einen Absatz.</p></article></body></html>"
        )
    };
    let german = html_codes(page("de", "Min. 1. November 2023"));
    assert!(!german.contains(&"D104".to_string()), "{german:?}");
    let indonesian = html_codes(page("id", "Min, 4 Maret 2019"));
    assert!(indonesian.contains(&"D104".to_string()), "{indonesian:?}");
    let english = html_codes(page("en", "Sun, November 1, 2023"));
    assert!(english.contains(&"D104".to_string()), "{english:?}");
}

#[test]
fn a_printed_date_the_page_explains_is_no_metadata_mismatch() {
    let page = |title: &str, extra: &str, printed: &str| {
        format!(
            "<html><head><title>{title}</title><script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\"headline\":\"{title}\",\"datePublished\":\"2018-03-05T10:00:00+07:00\"{extra}}}</script></head>\
             <body><h1>{title}</h1><p class=\"date\">{printed}</p><div class=\"content\"><p>PESANGGARAN – Jembatan gantung diperbaiki, \
             kata kepala desa, dan selesai dalam tiga minggu.</p></div></body></html>"
        )
    };
    let title = "Jembatan Desa Diperbaiki Warga";
    let printed = "Rabu, 7 Maret 2018 | 10:00 WIB";
    assert!(html_codes(page(title, "", printed)).contains(&"D110".to_string()));
    // The printed date is the page's last update, which its metadata records.
    let modified = ",\"dateModified\":\"2018-03-07T10:00:00+07:00\"";
    assert!(!html_codes(page(title, modified, printed)).contains(&"D110".to_string()));
    // The printed date is the day the article is about, in its title.
    let about = "Rapat Desa 7 Maret 2018 Diperbaiki";
    let codes = html_codes(page(about, "", "7 Maret 2018"));
    assert!(!codes.contains(&"D110".to_string()), "{codes:?}");
}

#[test]
fn a_share_bar_is_furniture_and_a_heading_opening_with_share_is_not() {
    let body = |text: &str| article(GOOD_DATE, text);
    // (`Share this:` and a bare `Share` are chrome the text reader drops before the rules.)
    for bar in ["Share on Facebook", "Share | Tweet"] {
        let text = body(&format!(
            "BANYUWANGI – Pasar dibuka.\n\n{bar}\n\nPasar ramai."
        ));
        assert!(codes(&text).contains(&"S504".to_string()), "{bar}");
    }
    // Gizmodo's listicle: a section heading, not a share bar; a statement's row, a compound.
    for content in ["Share Your Media", "Share-based payments awards"] {
        let text = body(&format!(
            "BANYUWANGI – Pasar dibuka.\n\n{content}\n\nPasar ramai."
        ));
        assert!(!codes(&text).contains(&"S504".to_string()), "{content}");
    }
    // A share verb is less sure than `Baca juga`: info, not a warning.
    let bar = findings(&body(
        "BANYUWANGI – Pasar dibuka.\n\nShare | Tweet\n\nPasar ramai.",
    ));
    let s504 = bar.iter().find(|f| f.code == "S504").expect("S504");
    assert_eq!(s504.severity, arsip::rules::Severity::Info);
}
