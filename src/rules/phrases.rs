//! What a suggestion quotes in the article's own language: an attribution to copy, a
//! weekday's name, which zones to print. One table per language; a language without one
//! is told in English, never in another article's language. What the message itself
//! says is in [`super::messages`].

use crate::model::Weekday;

/// The article-language words a suggestion may quote.
pub struct Phrases {
    /// An attribution written the way the language writes one.
    pub attribution: &'static str,
    /// Weekday names, Monday first.
    weekdays: [&'static str; 7],
    /// The message that says how to add a missing time zone ([`super::messages`]): an
    /// Indonesian article is pointed at Indonesia's zones.
    pub zone_hint: &'static str,
}

impl Phrases {
    pub fn weekday(&self, day: Weekday) -> &'static str {
        let index = match day {
            Weekday::Monday => 0,
            Weekday::Tuesday => 1,
            Weekday::Wednesday => 2,
            Weekday::Thursday => 3,
            Weekday::Friday => 4,
            Weekday::Saturday => 5,
            Weekday::Sunday => 6,
        };
        self.weekdays[index]
    }
}

const ZONE_HINT: &str = "time-without-zone.fix";

pub static ENGLISH: Phrases = Phrases {
    attribution: "…,” Anas said.",
    weekdays: [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ],
    zone_hint: ZONE_HINT,
};

pub static INDONESIAN: Phrases = Phrases {
    attribution: "…,” kata Anas.",
    weekdays: [
        "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu",
    ],
    zone_hint: "time-without-zone.fix-indonesia",
};

static GERMAN: Phrases = Phrases {
    attribution: "…“, sagte Anas.",
    weekdays: [
        "Montag",
        "Dienstag",
        "Mittwoch",
        "Donnerstag",
        "Freitag",
        "Samstag",
        "Sonntag",
    ],
    zone_hint: ZONE_HINT,
};

static FRENCH: Phrases = Phrases {
    attribution: "… », a dit Anas.",
    weekdays: [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ],
    zone_hint: ZONE_HINT,
};

static SPANISH: Phrases = Phrases {
    attribution: "…”, dijo Anas.",
    weekdays: [
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
    ],
    zone_hint: ZONE_HINT,
};

/// The table for an article's language (a BCP 47 tag such as `id` or `en-GB`); English
/// when the language is unknown or has no table.
pub fn phrases(language: Option<&str>) -> &'static Phrases {
    match language.and_then(|l| l.split('-').next()) {
        Some("id") | Some("ms") => &INDONESIAN,
        Some("de") => &GERMAN,
        Some("fr") => &FRENCH,
        Some("es") => &SPANISH,
        _ => &ENGLISH,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_is_told_in_its_own_words() {
        assert_eq!(phrases(Some("en-GB")).attribution, "…,” Anas said.");
        assert_eq!(phrases(Some("id")).weekday(Weekday::Wednesday), "Rabu");
        assert_eq!(phrases(Some("de")).weekday(Weekday::Wednesday), "Mittwoch");
        // Only an Indonesian article is pointed at Indonesia's zones.
        assert!(phrases(Some("id")).zone_hint.ends_with("-indonesia"));
        assert!(!phrases(Some("de")).zone_hint.ends_with("-indonesia"));
    }

    #[test]
    fn a_language_without_a_table_falls_back_to_english() {
        assert_eq!(phrases(Some("pl")).weekday(Weekday::Sunday), "Sunday");
        assert_eq!(phrases(None).attribution, "…,” Anas said.");
    }
}
