//! Language of a body: Indonesian or English, the two languages arsip's sources are in.
//!
//! Function words decide: they are frequent in any article and the two languages share
//! almost none, so counting them is reliable on a few sentences and costs nothing.

const INDONESIAN: &[&str] = &[
    "yang",
    "dan",
    "di",
    "ini",
    "itu",
    "dengan",
    "untuk",
    "dari",
    "dalam",
    "tidak",
    "akan",
    "pada",
    "juga",
    "ke",
    "karena",
    "adalah",
    "bahwa",
    "oleh",
    "sebagai",
    "kami",
    "kita",
    "telah",
    "sudah",
    "bisa",
    "atau",
    "para",
    "tersebut",
    "saat",
    "lebih",
    "ia",
    "harus",
    "setiap",
    "selama",
    "kata",
    "ujar",
    "mereka",
    "masih",
    "hingga",
    "sejak",
    "serta",
    "namun",
    "agar",
    "bagi",
    "dia",
    "paling",
    "serupa",
    "sebelumnya",
    // Day and month names no English word shares (a date line is often the only other
    // text of a short article).
    "senin",
    "selasa",
    "rabu",
    "kamis",
    "jumat",
    "sabtu",
    "minggu",
    "januari",
    "februari",
    "maret",
    "mei",
    "juni",
    "juli",
    "agustus",
    "oktober",
    "desember",
];

const ENGLISH: &[&str] = &[
    "the",
    "and",
    "of",
    "to",
    "in",
    "is",
    "that",
    "for",
    "with",
    "was",
    "on",
    "as",
    "by",
    "it",
    "are",
    "from",
    "at",
    "be",
    "this",
    "have",
    "has",
    "will",
    "were",
    "an",
    "said",
    "their",
    "would",
    "his",
    "her",
    "they",
    "not",
    "but",
    "who",
    "which",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "june",
    "july",
    "august",
    "october",
    "december",
];

/// Fewer function words than this leave the language undecided.
const MIN_EVIDENCE: usize = 3;

/// `id`, `en`, or `None` when the text is too short or too mixed to tell.
pub fn detect_language<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> Option<&'static str> {
    let (mut id, mut en) = (0usize, 0usize);
    for paragraph in paragraphs {
        for word in paragraph.split(|c: char| !c.is_alphabetic()) {
            let lower = word.to_lowercase();
            id += usize::from(INDONESIAN.contains(&lower.as_str()));
            en += usize::from(ENGLISH.contains(&lower.as_str()));
        }
    }
    if id.max(en) < MIN_EVIDENCE {
        None
    } else if id >= 2 * en {
        Some("id")
    } else if en >= 2 * id {
        Some("en")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_indonesian_from_english() {
        assert_eq!(
            detect_language(["Mereka diterima langsung oleh Bupati di aula yang baru dan luas."]),
            Some("id")
        );
        assert_eq!(
            detect_language(["The regent said that the new hall is open to the public."]),
            Some("en")
        );
    }

    #[test]
    fn too_little_text_is_undecided() {
        assert_eq!(detect_language(["Banyuwangi"]), None);
        // A short article: its date line tips the balance.
        let short = [
            "Warga datang ke pantai. “Ramai,,” kata Anas.",
            "Senin, 8 April 2019",
        ];
        assert_eq!(detect_language(short), Some("id"));
        assert_eq!(
            detect_language(["Monday, 8 April 2019", "He came to the beach."]),
            Some("en")
        );
    }
}
