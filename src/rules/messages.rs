//! What findings say, in the language of the article they are about: one table per
//! language, keyed by a message's name, with `{0}`, `{1}`, … for what the finding fills
//! in. A language without a table, or a message its table lacks, is told in English.
//! A team that reads one language whatever the archive's sets `message_language` in the
//! settings (`--message-language en`, or `message_language: en` in arsip.yaml).
//!
//! Only what arsip says is translated. The words a suggestion quotes for the article
//! itself (`… kata Anas`, a weekday to print) stay in the article's language
//! ([`super::phrases`]), whatever language the message is in.

use std::fmt::Display;

use crate::model::Weekday;

type Table = &'static [(&'static str, &'static str)];

static ENGLISH: Table = &[
    ("did-you-mean", "did you mean `{0}`?"),
    ("use", "use `{0}`"),
    // Confidence
    ("extraction-score", "extraction score {0} of 100: {1}"),
    (
        "extraction-score.fix",
        "review the article against its page, or give its site a profile",
    ),
    (
        "text-outside-body",
        "the extraction left out more paragraphs of prose than it kept",
    ),
    (
        "caption-first",
        "the first paragraph reads like a caption or photo credit",
    ),
    (
        "caption-first.fix",
        "drop the credit line, or name its element in the site profile's `remove`",
    ),
    // Dates
    ("date-missing", "no publication date found"),
    ("date-missing.page", "no publication date found on the page"),
    (
        "date-missing.unread",
        "no publication date read, though the page holds the date `{0}`",
    ),
    (
        "date-missing.fix",
        "check the page's date markup, or give a site profile",
    ),
    ("date-unparseable", "cannot read `{0}` as a date"),
    (
        "date-unparseable.year",
        "cannot read `{0}` as a date: the year {1} is before year 1",
    ),
    (
        "date-unparseable.zone",
        "cannot read the zone `{0}` of `{1}`: no zone has that offset (offsets run from -12:00 to +14:00, in quarter hours)",
    ),
    ("date-impossible", "`{0}` is not a date: {1} has no day {2}"),
    ("date-weekday", "printed weekday is {0} but {1} is a {2}"),
    ("date-weekday.fix", "print the weekday as `{0}`, or check the date"),
    ("date-in-future", "{0} is after today ({1})"),
    ("date-too-old", "{0} is before {1}, the earliest plausible year"),
    ("body-date-weekday", "`{0}`: {1} is a {2}, not a {3}"),
    ("body-date-year", "`{0}` has a {1}-digit year"),
    ("body-date-year.fix", "did you mean {0}? {1} is a {2}"),
    ("time-without-zone", "`{0}` gives a time but no zone"),
    (
        "time-without-zone.fix",
        "add the zone as the page prints it (a name such as CET, or an offset such as +01:00)",
    ),
    (
        "time-without-zone.fix-indonesia",
        "add the zone as printed on the portal (WIB, WITA or WIT)",
    ),
    (
        "metadata-date-mismatch",
        "metadata says {0} ({1}) but the page prints {2} (`{3}`)",
    ),
    ("metadata-date-mismatch.fix", "`published` follows the {0}"),
    ("evidence.text", "text"),
    ("evidence.profile", "site profile"),
    ("evidence.json-ld", "JSON-LD"),
    ("evidence.microdata", "microdata"),
    ("evidence.meta", "meta tag"),
    ("evidence.time", "<time> element"),
    ("evidence.printed", "printed date"),
    ("evidence.url", "URL"),
    ("evidence.modified", "modification date"),
    // Datelines
    ("dateline-missing", "the first paragraph has no dateline"),
    (
        "dateline-missing.house-style",
        "the first paragraph has no dateline, while {0} of this site's {1} articles in the batch have one",
    ),
    ("dateline-foreign", "`{0}` is a place outside Indonesia ({1})"),
    (
        "dateline-unknown",
        "`{0}` is not a known province or regency/city",
    ),
    (
        "dateline-minor",
        "`{0}` is not a province or regency/city (a sub-district, or a place to add under `places:` in arsip.yaml)",
    ),
    (
        "dateline-leaked-field",
        "`{0}` in the dateline is neither a place nor a news outlet",
    ),
    ("dateline-leaked-field.fix", "remove it: `{0}`"),
    (
        "dateline-separator",
        "dateline separator `{0}` differs from the batch's usual `{1}`",
    ),
    // Quotations
    (
        "quote-unclosed",
        "quotation opened with `{0}` is never closed in its paragraph",
    ),
    (
        "quote-unclosed.extracted",
        "quotation opened with `{0}` is not closed before the paragraph ends (or the page's paragraphs split it)",
    ),
    (
        "quote-unclosed.single",
        "single quotation mark `{0}` is never closed in its paragraph (or it is an apostrophe)",
    ),
    (
        "quote-unclosed.later",
        "quotation opened with `{0}` runs on and closes in a later paragraph, which does not reopen it",
    ),
    (
        "quote-reversed-open",
        "quotation opens with the closing mark `{0}`",
    ),
    (
        "quote-mismatched",
        "quotation opened with `{0}` is closed with `{1}`",
    ),
    ("quote-mismatched.fix", "close it with `{0}`"),
    ("quote-unattributed", "direct quotation with no attribution"),
    ("quote-unattributed.fix", "name the speaker, as in `{0}`"),
    (
        "quote-verb-misspelt",
        "attribution verb `{0}` is not in the lexicon",
    ),
    (
        "quote-doubled-punctuation",
        "doubled punctuation `{0}` in a quotation",
    ),
    ("quote-doubled-punctuation.fix", "write a single `{0}`"),
    (
        "speaker-spelling",
        "speaker `{0}` is also spelled `{1}` in this article",
    ),
    (
        "speaker-spelling.fix",
        "check the name; `{0}` appears {1} time(s)",
    ),
    ("mojibake", "mojibake `{0}`"),
    ("mojibake.title", "mojibake `{0}` in the title"),
    (
        "mojibake.fix",
        "`{0}` is `{1}` decoded with the wrong encoding",
    ),
    // Related links
    (
        "related-empty-section",
        "related section is present but empty",
    ),
    ("related-self-link", "related link `{0}` is the article itself"),
    (
        "related-self-title",
        "related link has the article's own title",
    ),
    (
        "related-relative-url",
        "relative URL `{0}` and no article URL to resolve it against",
    ),
    (
        "related-relative-url.fix",
        "give the page's address with --base-url",
    ),
    (
        "related-non-web",
        "related link uses the `{0}:` scheme, not a web page",
    ),
    (
        "related-non-web.fix",
        "remove it: it is page chrome, not a related article",
    ),
    ("related-malformed-url", "malformed URL `{0}`"),
    (
        "related-duplicate",
        "this related link is listed earlier too",
    ),
    ("related-duplicate.fix", "remove the repeat"),
    // Structure
    ("title-missing", "the article has no title"),
    ("title-too-long", "title is {0} characters long (limit {1})"),
    ("body-empty", "the article has no body text"),
    ("body-boilerplate", "page furniture `{0}` in the body"),
    ("body-boilerplate.fix", "remove it from the body"),
    (
        "credit-not-at-end",
        "end marker `({0})` is followed by {1} more paragraph(s)",
    ),
];

static INDONESIAN: Table = &[
    ("did-you-mean", "maksudnya `{0}`?"),
    ("use", "gunakan `{0}`"),
    // Confidence
    ("extraction-score", "skor ekstraksi {0} dari 100: {1}"),
    (
        "extraction-score.fix",
        "bandingkan artikel dengan halamannya, atau beri situsnya profil",
    ),
    (
        "text-outside-body",
        "ekstraksi meninggalkan lebih banyak paragraf teks daripada yang diambilnya",
    ),
    (
        "caption-first",
        "paragraf pertama terbaca seperti keterangan atau kredit foto",
    ),
    (
        "caption-first.fix",
        "buang baris kredit itu, atau sebut elemennya di `remove` pada profil situs",
    ),
    // Dates
    ("date-missing", "tanggal terbit tidak ditemukan"),
    ("date-missing.page", "tanggal terbit tidak ditemukan di halaman"),
    (
        "date-missing.unread",
        "tanggal terbit tidak terbaca, padahal halaman memuat tanggal `{0}`",
    ),
    (
        "date-missing.fix",
        "periksa markah tanggal di halaman, atau beri profil situs",
    ),
    ("date-unparseable", "`{0}` tidak terbaca sebagai tanggal"),
    (
        "date-unparseable.year",
        "`{0}` tidak terbaca sebagai tanggal: tahun {1} sebelum tahun 1",
    ),
    (
        "date-unparseable.zone",
        "zona `{0}` pada `{1}` tidak terbaca: tidak ada zona dengan selisih itu (selisih berkisar dari -12:00 sampai +14:00, per seperempat jam)",
    ),
    (
        "date-impossible",
        "`{0}` bukan tanggal: {1} tidak punya tanggal {2}",
    ),
    (
        "date-weekday",
        "hari yang tercetak {0}, padahal {1} jatuh pada hari {2}",
    ),
    (
        "date-weekday.fix",
        "cetak harinya sebagai `{0}`, atau periksa tanggalnya",
    ),
    ("date-in-future", "{0} melewati hari ini ({1})"),
    (
        "date-too-old",
        "{0} sebelum {1}, tahun paling awal yang masuk akal",
    ),
    ("body-date-weekday", "`{0}`: {1} jatuh pada hari {2}, bukan {3}"),
    ("body-date-year", "tahun pada `{0}` hanya {1} angka"),
    (
        "body-date-year.fix",
        "maksudnya {0}? {1} jatuh pada hari {2}",
    ),
    ("time-without-zone", "`{0}` memuat jam tanpa zona waktu"),
    (
        "time-without-zone.fix",
        "tambahkan zona seperti yang tercetak di halaman (nama seperti CET, atau selisih seperti +01:00)",
    ),
    (
        "time-without-zone.fix-indonesia",
        "tambahkan zona seperti yang tercetak di portal (WIB, WITA atau WIT)",
    ),
    (
        "metadata-date-mismatch",
        "metadata menyebut {0} ({1}), tetapi halaman mencetak {2} (`{3}`)",
    ),
    ("metadata-date-mismatch.fix", "`published` mengikuti {0}"),
    ("evidence.text", "teks"),
    ("evidence.profile", "profil situs"),
    ("evidence.json-ld", "JSON-LD"),
    ("evidence.microdata", "microdata"),
    ("evidence.meta", "tag meta"),
    ("evidence.time", "elemen <time>"),
    ("evidence.printed", "tanggal yang tercetak"),
    ("evidence.url", "URL"),
    ("evidence.modified", "tanggal perubahan"),
    // Datelines
    ("dateline-missing", "paragraf pertama tidak diawali dateline"),
    (
        "dateline-missing.house-style",
        "paragraf pertama tidak diawali dateline, padahal {0} dari {1} artikel situs ini dalam batch memakainya",
    ),
    (
        "dateline-foreign",
        "`{0}` adalah tempat di luar Indonesia ({1})",
    ),
    (
        "dateline-unknown",
        "`{0}` bukan provinsi atau kabupaten/kota yang dikenal",
    ),
    (
        "dateline-minor",
        "`{0}` bukan provinsi atau kabupaten/kota (mungkin kecamatan, atau tempat yang perlu ditambahkan di `places:` pada arsip.yaml)",
    ),
    (
        "dateline-leaked-field",
        "`{0}` pada dateline bukan nama tempat maupun media",
    ),
    ("dateline-leaked-field.fix", "hapus: `{0}`"),
    (
        "dateline-separator",
        "pemisah dateline `{0}` berbeda dari `{1}` yang lazim dalam batch",
    ),
    // Quotations
    (
        "quote-unclosed",
        "kutipan yang dibuka dengan `{0}` tidak pernah ditutup dalam paragrafnya",
    ),
    (
        "quote-unclosed.extracted",
        "kutipan yang dibuka dengan `{0}` tidak ditutup sampai akhir paragraf (atau paragraf halaman memotongnya)",
    ),
    (
        "quote-unclosed.single",
        "tanda kutip tunggal `{0}` tidak pernah ditutup dalam paragrafnya (atau itu apostrof)",
    ),
    (
        "quote-unclosed.later",
        "kutipan yang dibuka dengan `{0}` berlanjut dan baru ditutup di paragraf berikutnya, yang tidak membukanya lagi",
    ),
    (
        "quote-reversed-open",
        "kutipan dibuka dengan tanda kutip penutup `{0}`",
    ),
    (
        "quote-mismatched",
        "kutipan yang dibuka dengan `{0}` ditutup dengan `{1}`",
    ),
    ("quote-mismatched.fix", "tutup dengan `{0}`"),
    ("quote-unattributed", "kutipan langsung tanpa atribusi"),
    (
        "quote-unattributed.fix",
        "sebutkan siapa yang berbicara, seperti `{0}`",
    ),
    (
        "quote-verb-misspelt",
        "kata kerja atribusi `{0}` tidak ada dalam leksikon",
    ),
    (
        "quote-doubled-punctuation",
        "tanda baca ganda `{0}` dalam kutipan",
    ),
    ("quote-doubled-punctuation.fix", "tulis satu `{0}` saja"),
    (
        "speaker-spelling",
        "narasumber `{0}` juga dieja `{1}` dalam artikel ini",
    ),
    (
        "speaker-spelling.fix",
        "periksa namanya; `{0}` muncul {1} kali",
    ),
    ("mojibake", "mojibake `{0}`"),
    ("mojibake.title", "mojibake `{0}` pada judul"),
    (
        "mojibake.fix",
        "`{0}` adalah `{1}` yang didekode dengan encoding yang salah",
    ),
    // Related links
    (
        "related-empty-section",
        "bagian berita terkait ada, tetapi kosong",
    ),
    (
        "related-self-link",
        "tautan terkait `{0}` adalah artikel ini sendiri",
    ),
    (
        "related-self-title",
        "tautan terkait berjudul sama dengan artikel ini",
    ),
    (
        "related-relative-url",
        "URL relatif `{0}` tanpa URL artikel untuk melengkapinya",
    ),
    (
        "related-relative-url.fix",
        "berikan alamat halaman dengan --base-url",
    ),
    (
        "related-non-web",
        "tautan terkait memakai skema `{0}:`, bukan halaman web",
    ),
    (
        "related-non-web.fix",
        "hapus: itu bagian tampilan halaman, bukan artikel terkait",
    ),
    ("related-malformed-url", "URL rusak `{0}`"),
    (
        "related-duplicate",
        "tautan terkait ini sudah tercantum sebelumnya",
    ),
    ("related-duplicate.fix", "hapus pengulangannya"),
    // Structure
    ("title-missing", "artikel tidak punya judul"),
    ("title-too-long", "judul sepanjang {0} karakter (batas {1})"),
    ("body-empty", "artikel tidak punya isi"),
    (
        "body-boilerplate",
        "elemen tampilan halaman `{0}` di dalam isi artikel",
    ),
    ("body-boilerplate.fix", "hapus dari isi artikel"),
    (
        "credit-not-at-end",
        "penanda akhir `({0})` masih diikuti {1} paragraf lagi",
    ),
];

/// The languages findings are told in, by primary language subtag.
pub const LANGUAGES: &[(&str, Table)] = &[("en", ENGLISH), ("id", INDONESIAN)];

/// The language a finding about an article in `language` (a BCP 47 tag) is told in: the
/// one with a table (Malay reads the Indonesian one), else English.
pub fn message_language(language: Option<&str>) -> &'static str {
    match language.and_then(|l| l.split('-').next()) {
        Some(tag) if tag.eq_ignore_ascii_case("ms") => "id",
        Some(tag) => LANGUAGES
            .iter()
            .find(|(l, _)| l.eq_ignore_ascii_case(tag))
            .map_or("en", |(l, _)| l),
        None => "en",
    }
}

/// Whether findings can be told in `language` (a BCP 47 tag) as asked: for a choice
/// forced on the command line or in the configuration.
pub fn is_supported(language: &str) -> bool {
    let tag = language.split('-').next().unwrap_or(language);
    tag.eq_ignore_ascii_case("ms") || LANGUAGES.iter().any(|(l, _)| l.eq_ignore_ascii_case(tag))
}

fn template(key: &str, language: Option<&str>) -> &'static str {
    let table = |tag: &str| LANGUAGES.iter().find(|(l, _)| *l == tag).map(|(_, t)| *t);
    let find = |table: Table| table.iter().find(|(k, _)| *k == key).map(|(_, t)| *t);
    table(message_language(language))
        .and_then(find)
        .or_else(|| find(ENGLISH))
        .unwrap_or("")
}

/// Message `key` told in `language` (see [`message_language`]), with `{0}`, `{1}`, …
/// replaced by `args` in order.
pub fn say_in(key: &str, language: Option<&str>, args: &[&dyn Display]) -> String {
    let template = template(key, language);
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let filled = after.find('}').and_then(|close| {
            let index: usize = after[..close].parse().ok()?;
            Some((args.get(index)?.to_string(), close))
        });
        match filled {
            Some((value, close)) => {
                out.push_str(&value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A weekday's name in the language messages are told in.
pub fn weekday_in(day: Weekday, language: Option<&str>) -> &'static str {
    super::phrases::phrases(Some(message_language(language))).weekday(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(template: &str) -> std::collections::BTreeSet<String> {
        template
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(n, _)| n.to_string()))
            .collect()
    }

    #[test]
    fn every_table_says_what_english_says_with_the_same_placeholders() {
        let english: std::collections::BTreeMap<_, _> = ENGLISH.iter().copied().collect();
        assert_eq!(
            english.len(),
            ENGLISH.len(),
            "a key twice in the English table"
        );
        for (language, table) in LANGUAGES {
            let keys: std::collections::BTreeSet<_> = table.iter().map(|(k, _)| *k).collect();
            assert_eq!(
                keys.len(),
                table.len(),
                "a key twice in the {language} table"
            );
            for (key, template) in table.iter() {
                let source = english
                    .get(key)
                    .unwrap_or_else(|| panic!("{language}: `{key}` is not an English message"));
                assert_eq!(
                    placeholders(template),
                    placeholders(source),
                    "{language}: {key}"
                );
            }
        }
        // Indonesian has every message: the reference archive is Indonesian.
        assert_eq!(INDONESIAN.len(), ENGLISH.len());
    }

    #[test]
    fn every_message_the_rules_say_is_in_the_english_table() {
        let sources = [
            include_str!("confidence.rs"),
            include_str!("date.rs"),
            include_str!("dateline.rs"),
            include_str!("quote.rs"),
            include_str!("related.rs"),
            include_str!("structure.rs"),
            include_str!("phrases.rs"),
        ];
        let mut used = 0;
        for source in sources {
            for call in [
                "say(\"",
                "say_in(\"",
                "zone_hint: \"",
                "ZONE_HINT: &str = \"",
            ] {
                for part in source.split(call).skip(1) {
                    let key = part.split('"').next().unwrap_or_default();
                    assert!(
                        !template(key, None).is_empty(),
                        "`{key}` has no English message"
                    );
                    used += 1;
                }
            }
        }
        assert!(used > 50, "{used} messages found in the rules");
    }

    #[test]
    fn messages_follow_the_language_and_fall_back_to_english() {
        let args: [&dyn Display; 2] = [&"“", &"’"];
        assert_eq!(
            say_in("quote-mismatched", Some("id"), &args),
            "kutipan yang dibuka dengan `“` ditutup dengan `’`"
        );
        assert_eq!(
            say_in("quote-mismatched", Some("en-GB"), &args),
            "quotation opened with `“` is closed with `’`"
        );
        // German has no table yet: English, never Indonesian.
        assert_eq!(
            say_in("quote-mismatched", Some("de"), &args),
            say_in("quote-mismatched", None, &args)
        );
        assert_eq!(weekday_in(Weekday::Monday, Some("ms")), "Senin");
        assert_eq!(weekday_in(Weekday::Monday, Some("de")), "Monday");
        assert!(is_supported("id") && is_supported("en-US") && !is_supported("de"));
    }
}
