//! End markers: the parenthesised initials or sign that close an article, such as `(*)`,
//! `(ant)`, `(fyk/ash)` or `(MC Balangan/ragil)`.
//!
//! Brackets at the end of a paragraph are not always markers: `(kanan)` and `(ist)` are
//! photo-caption words and `(45)` is an age, so those are left in the text.

/// Caption and filler words that appear in brackets but are not credits.
const NOT_CREDITS: &[&str] = &[
    "kanan",
    "kiri",
    "tengah",
    "atas",
    "bawah",
    "ist",
    "istimewa",
    "foto",
    "dok",
    "ilustrasi",
    "net",
    "tribun",
    "ki-ka",
    "ka-ki",
    "red",
    "sumber",
    "inilah",
    "file",
    "photo",
    "left",
    "right",
    "center",
    "centre",
    "pic",
];

/// A marker found at the end of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndMarker<'a> {
    /// The content between the brackets: `*`, `fyk/ash`.
    pub credit: &'a str,
    /// The text before the marker, trimmed.
    pub before: &'a str,
    /// Byte offset of the marker's opening bracket in the text.
    pub start: usize,
}

/// Splits an end marker off the end of `text`, if it ends with one.
pub fn split_end_marker(text: &str) -> Option<EndMarker<'_>> {
    let trimmed = text.trim_end();
    let inner_end = trimmed.strip_suffix(')')?;
    let open = inner_end.rfind('(')?;
    let credit = inner_end[open + 1..].trim();
    let before = trimmed[..open].trim_end();
    // A marker closes the text: it follows a finished sentence or stands alone, unlike an
    // acronym in brackets at the end of a phrase (`Mall Pelayanan Publik (MPP)`).
    let after_sentence =
        before.is_empty() || before.ends_with(['.', '!', '?', '"', '”', '’', ')', ':']);
    (after_sentence && is_credit(credit)).then_some(EndMarker {
        credit,
        before,
        start: open,
    })
}

fn is_credit(content: &str) -> bool {
    if content == "*" || content == "**" {
        return true;
    }
    let lower = content.to_lowercase();
    let length = content.chars().count();
    (1..=40).contains(&length)
        && content.chars().any(char::is_alphabetic)
        && content
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '/' | ' ' | '.' | '-' | '&' | ','))
        && content.split_whitespace().count() <= 4
        && !NOT_CREDITS.contains(&lower.as_str())
        // Mixed-case words of some length are prose in brackets, not initials.
        && (content.contains('/') || lower == content || content.split_whitespace().count() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credit(text: &str) -> Option<&str> {
        split_end_marker(text).map(|m| m.credit)
    }

    #[test]
    fn markers_are_split_off() {
        assert_eq!(credit("pungkas Emmilya. (*)"), Some("*"));
        assert_eq!(credit("kata dia. (ant)"), Some("ant"));
        assert_eq!(credit("kata dia.(fyk/ash)"), Some("fyk/ash"));
        assert_eq!(
            credit("ujarnya. (MC Balangan/ragil)"),
            Some("MC Balangan/ragil")
        );
        let m = split_end_marker("pungkas Emmilya. (*) ").unwrap();
        assert_eq!(m.before, "pungkas Emmilya.");
    }

    #[test]
    fn captions_and_ages_are_not_markers() {
        assert_eq!(credit("Bupati Anas (kanan)"), None);
        assert_eq!(credit("Foto bersama (ist)"), None);
        assert_eq!(credit("Sutrisno (45)"), None);
        assert_eq!(credit("di Mall Pelayanan Publik (MPP)"), None);
        assert_eq!(credit("(*)"), Some("*"));
    }
}
