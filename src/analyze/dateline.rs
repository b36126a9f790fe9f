//! Datelines: the place and agency prefix of an article's first paragraph.
//!
//! Forms seen on Indonesian portals and wires: `BANYUWANGI –`, `JAKARTA, KOMPAS.com -`,
//! `Semarang (ANTARA) -`, `Liputan6.com, Jakarta --`, `Mataram, NTB (ANTARA News) -`,
//! `ANTARA -`, with `-`, `–`, `—` or `--` as the separator.

use crate::model::Dateline;

/// A dateline and the paragraph text that follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitDateline<'a> {
    pub dateline: Dateline,
    /// Byte length of the prefix (dateline, separator and following spaces) in the paragraph.
    pub prefix_len: usize,
    pub rest: &'a str,
}

/// The longest prefix worth considering: a dateline is a few words, never a sentence.
const MAX_PREFIX_CHARS: usize = 70;

/// Outlets whose names carry no domain suffix, so they cannot be told from places by shape.
const AGENCIES: &[&str] = &[
    "antara",
    "antara news",
    "antaranews",
    "detikcom",
    "detiknews",
    "kompas",
    "tempo",
    "tribun",
    "tribunnews",
    "okezone",
    "republika",
    "jpnn",
    "jawapos",
    "jawa pos",
    "kumparan",
    "viva",
    "inilah",
    "sindonews",
    "metrotv",
    "cnn indonesia",
    "bernama",
    "reuters",
    "ap",
    "afp",
    "xinhua",
    "upi",
    "bloomberg",
    "humas",
    "mc",
];

/// Splits a dateline off the start of a paragraph, or returns `None` when it has none.
pub fn split_dateline(paragraph: &str) -> Option<SplitDateline<'_>> {
    let (sep_start, sep_end, separator) = find_separator(paragraph)?;
    let prefix = paragraph[..sep_start].trim_end();
    let rest = paragraph[sep_end..].trim_start();
    if prefix.is_empty() || rest.is_empty() {
        return None;
    }
    let (place, region, agency) = parse_prefix(prefix)?;
    Some(SplitDateline {
        dateline: Dateline {
            raw: paragraph[..sep_end].trim().to_string(),
            place,
            region,
            agency,
            separator,
        },
        prefix_len: paragraph.len() - rest.len(),
        rest,
    })
}

/// The first dash-like separator within reach: `--`, `—`, `–`, or a `-` that is not a
/// word-internal hyphen (`Bapak-Bapak`).
fn find_separator(paragraph: &str) -> Option<(usize, usize, String)> {
    let chars: Vec<(usize, char)> = paragraph.char_indices().take(MAX_PREFIX_CHARS).collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        if !matches!(c, '-' | '–' | '—') {
            continue;
        }
        let mut end_i = i + 1;
        if c == '-' && chars.get(i + 1).is_some_and(|n| n.1 == '-') {
            end_i += 1;
        }
        let before_space = i == 0 || chars[i - 1].1.is_whitespace();
        let after_space = chars.get(end_i).is_none_or(|n| n.1.is_whitespace());
        let is_double = end_i - i == 2;
        if c == '-' && !is_double && !(before_space || after_space) {
            continue;
        }
        let end = chars.get(end_i).map_or(paragraph.len(), |n| n.0);
        return Some((at, end, paragraph[at..end].to_string()));
    }
    None
}

type Parts = (Option<String>, Option<String>, Option<String>);

fn parse_prefix(prefix: &str) -> Option<Parts> {
    // A trailing `(AGENCY)` is always the agency.
    let (rest, mut agency) = match prefix.strip_suffix(')') {
        Some(open_part) => {
            let open = open_part.rfind('(')?;
            let inner = open_part[open + 1..].trim();
            if inner.is_empty() || !is_name_like(inner) {
                return None;
            }
            (open_part[..open].trim_end(), Some(inner.to_string()))
        }
        None => (prefix, None),
    };
    // Wire datelines may carry the date too (`ISTANBUL, 23 Februari 2016 (Antara) --`):
    // the date is not a place.
    // A prefix that is only a date (`Feb. 23, 2015 --`, WebMD's) names no place: its
    // segments are the date's parts, and a bare year is no outlet.
    if is_date(rest) {
        return agency.map(|a| (None, None, Some(a)));
    }
    let segments: Vec<&str> = rest
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty() && !is_date(s))
        .collect();
    if segments.iter().any(|s| !is_name_like(s)) {
        return None;
    }
    let mut places = Vec::new();
    for segment in &segments {
        if agency.is_none() && is_agency(segment) {
            agency = Some(segment.to_string());
        } else {
            places.push(*segment);
        }
    }
    if places.len() > 2 || (places.is_empty() && agency.is_none()) {
        return None;
    }
    // A lone place with no agency must look like one: capitals (`BANYUWANGI`) or a short
    // title-case name (`Jakarta`), so that a sentence opening with a dash is not taken.
    if agency.is_none() && segments.len() == 1 {
        let place = places[0];
        let words = place.split_whitespace().count();
        let capitals = place
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
        if !(capitals || words <= 3) {
            return None;
        }
    }
    let mut places = places.into_iter();
    let place = places.next().map(normalise_place);
    let region = places.next().map(normalise_place);
    Some((place, region, agency))
}

/// A full date (`23 Februari 2016`), or the day and month that wire datelines print
/// without a year (`April 8`, `8. April`).
fn is_date(segment: &str) -> bool {
    use crate::analyze::date::{dates_in, month_from_word};
    let day = |w: &str| {
        w.trim_end_matches('.')
            .parse::<u8>()
            .is_ok_and(|d| (1..=31).contains(&d))
    };
    let month = |w: &str| month_from_word(w.trim_end_matches('.')).is_some();
    let words: Vec<&str> = segment.split_whitespace().collect();
    let day_and_month = matches!(words.as_slice(),
        [a, b] if (month(a) && day(b)) || (day(a) && month(b)));
    day_and_month
        || dates_in(segment)
            .next()
            .is_some_and(|d| d.raw.len() + 2 >= segment.len())
}

/// A short run of capitalised words, digits and dots: `BANYUWANGI`, `KOMPAS.com`, `NTB`.
fn is_name_like(segment: &str) -> bool {
    let words: Vec<&str> = segment.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 5
        && words.iter().all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                && w.chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '.' | '\'' | '’' | '/' | '&'))
        })
}

/// An outlet, or something in an outlet's place: a known agency, a domain
/// (`Liputan6.com`, `Tempo.co`), or a name with digits (`BERITA9`), which no place has.
fn is_agency(segment: &str) -> bool {
    is_outlet(segment) || segment.chars().any(|c| c.is_ascii_digit())
}

/// A known news agency or a web domain: a real outlet rather than a leaked CMS field.
pub fn is_outlet(name: &str) -> bool {
    let lower = name.to_lowercase();
    // Outlets name their desks after themselves: `KompasOtomotif`, `detikFinance`.
    const OUTLET_PREFIXES: &[&str] = &[
        "kompas",
        "detik",
        "tribun",
        "antara",
        "liputan6",
        "okezone",
        "republika",
        "kumparan",
        "sindonews",
        "tempo",
    ];
    AGENCIES.contains(&lower.as_str())
        || OUTLET_PREFIXES
            .iter()
            .any(|p| lower.starts_with(p) && !lower.contains(' '))
        || [".com", ".co", ".id", ".net", ".org", ".news"]
            .iter()
            .any(|tld| lower.contains(tld))
}

/// `BANDAR LAMPUNG` -> `Bandar Lampung`, `LOS ANGELES` -> `Los Angeles`; a lone short word in
/// capitals (`NTB`, `DIY`) is an acronym and stays.
fn normalise_place(segment: &str) -> String {
    let words: Vec<&str> = segment.split_whitespace().collect();
    let is_capitals = |text: &str| {
        text.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
    };
    let all_capitals = is_capitals(segment) && words.len() > 1;
    words
        .iter()
        .map(|word| {
            let letters = word.chars().filter(|c| c.is_alphabetic()).count();
            if is_capitals(word) && (letters > 3 || all_capitals) {
                let lower = word.to_lowercase();
                let mut chars = lower.chars();
                chars
                    .next()
                    .map(|first| first.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            } else {
                word.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(
        text: &str,
    ) -> (
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        String,
    ) {
        let d = split_dateline(text)
            .unwrap_or_else(|| panic!("no dateline in {text:?}"))
            .dateline;
        (d.raw, d.place, d.region, d.agency, d.separator)
    }

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    #[test]
    fn a_date_before_the_dash_is_no_dateline() {
        // WebMD prints the date where wires print the place: no place, and no outlet `2015`.
        assert_eq!(
            split_dateline("Feb. 23, 2015 -- Life-threatening peanut allergies"),
            None
        );
        assert_eq!(split_dateline("April 17, 2015 -- Imagine being sick"), None);
        assert_eq!(
            parts("23 Februari 2016 (Antara) -- Gubernur"),
            (
                "23 Februari 2016 (Antara) --".into(),
                None,
                None,
                s("Antara"),
                "--".into()
            )
        );
    }

    #[test]
    fn capital_place_with_en_dash() {
        let split = split_dateline("BANYUWANGI – Berbagai prestasi yang diraih").unwrap();
        assert_eq!(split.rest, "Berbagai prestasi yang diraih");
        assert_eq!(
            parts("BANYUWANGI – Berbagai prestasi"),
            (
                "BANYUWANGI –".into(),
                s("Banyuwangi"),
                None,
                None,
                "–".into()
            )
        );
    }

    #[test]
    fn place_region_and_agency() {
        assert_eq!(
            parts("Mataram, NTB (ANTARA News) - Gubernur NTB"),
            (
                "Mataram, NTB (ANTARA News) -".into(),
                s("Mataram"),
                s("NTB"),
                s("ANTARA News"),
                "-".into()
            )
        );
    }

    #[test]
    fn agency_forms() {
        assert_eq!(parts("Semarang (ANTARA) - Pemerintah").1, s("Semarang"));
        assert_eq!(parts("Semarang (ANTARA) - Pemerintah").3, s("ANTARA"));
        let kompas = parts("JAKARTA, KOMPAS.com - Presiden");
        assert_eq!((kompas.1, kompas.3), (s("Jakarta"), s("KOMPAS.com")));
        let liputan = parts("Liputan6.com, Jakarta -- Presiden");
        assert_eq!(
            (liputan.1, liputan.3, liputan.4),
            (s("Jakarta"), s("Liputan6.com"), "--".into())
        );
        let antara = parts("ANTARA — Presiden");
        assert_eq!((antara.1, antara.3), (None, s("ANTARA")));
        assert_eq!(parts("BANDAR LAMPUNG - Pemprov").1, s("Bandar Lampung"));
        assert_eq!(
            parts("LOS ANGELES, KOMPAS.com - Pendiri").1,
            s("Los Angeles")
        );
        let desk = parts("Jakarta, KompasOtomotif – Tahun depan");
        assert_eq!(
            (desk.1, desk.2, desk.3),
            (s("Jakarta"), None, s("KompasOtomotif"))
        );
    }

    #[test]
    fn a_date_inside_the_dateline_is_not_a_place() {
        let wire = parts("ISTANBUL, 23 Februari 2016 (Antara/PRNewswire) -- Turki");
        assert_eq!(
            (wire.1, wire.2, wire.3),
            (s("Istanbul"), None, s("Antara/PRNewswire"))
        );
    }

    #[test]
    fn a_day_and_month_without_a_year_is_not_an_agency() {
        let wire = parts("PARIS, April 8 — The world athletics championships");
        assert_eq!((wire.1, wire.3), (s("Paris"), None));
        let german = parts("BERLIN, 8. April – Die Regierung");
        assert_eq!((german.1, german.3), (s("Berlin"), None));
    }

    #[test]
    fn leaked_cms_field_is_read_as_an_agency() {
        let leaked = parts("BERITA9, BANYUWANGI – Bupati");
        assert_eq!((leaked.1, leaked.3), (s("Banyuwangi"), s("BERITA9")));
    }

    #[test]
    fn sentences_are_not_datelines() {
        assert!(split_dateline("Sebanyak 40 peserta Diklatpim - tersebut menjadikan").is_none());
        assert!(split_dateline("Bapak-Bapak telah menjadikan Banyuwangi").is_none());
        assert!(split_dateline("Ini adalah kalimat biasa tanpa tanda pisah apa pun.").is_none());
    }
}
