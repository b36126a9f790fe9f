//! Dates in a page's URL (`/2019/11/19/`, `/20191118-`): the last resort.

use crate::model::{DateEvidence, Published};

/// A date in the URL: `/2019/11/19/`, `/20191119`, `-2019-11-19`.
pub(in crate::read::html) fn url_date(url: &str) -> Option<(jiff::civil::Date, String)> {
    let path = url.split(['?', '#']).next()?;
    let digits: Vec<(usize, char)> = path.char_indices().collect();
    for (i, &(start, c)) in digits.iter().enumerate() {
        if !(c == '1' || c == '2') || (i > 0 && digits[i - 1].1.is_ascii_digit()) {
            continue;
        }
        let rest: String = digits[i..].iter().map(|(_, c)| *c).take(10).collect();
        let candidates = [
            (rest.get(..10), [0..4, 5..7, 8..10]),
            (rest.get(..8), [0..4, 4..6, 6..8]),
        ];
        for (piece, ranges) in candidates {
            let Some(piece) = piece else { continue };
            let numbers: Vec<Option<i16>> = ranges
                .iter()
                .map(|r| piece.get(r.clone()).and_then(|s| s.parse().ok()))
                .collect();
            let separators_ok = piece.len() == 8
                && piece.chars().all(|c| c.is_ascii_digit())
                && digits.get(i + 8).is_none_or(|(_, c)| !c.is_ascii_digit())
                || piece.len() == 10 && {
                    let b = piece.as_bytes();
                    matches!(b[4], b'/' | b'-' | b'_') && b[7] == b[4]
                };
            if let [Some(y), Some(m), Some(d)] = numbers[..] {
                if separators_ok && (1995..=2100).contains(&y) {
                    if let Ok(date) = jiff::civil::Date::new(y, m as i8, d as i8) {
                        return Some((date, path[start..start + piece.len()].to_string()));
                    }
                }
            }
        }
    }
    None
}

pub(in crate::read::html) fn published_from_url(date: jiff::civil::Date, raw: String) -> Published {
    Published {
        raw,
        date: Some(date.to_string()),
        time: None,
        offset: None,
        timezone: None,
        weekday: None,
        source: DateEvidence::Url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_dates() {
        assert_eq!(
            url_date("https://example.com/2019/11/19/story-title").map(|d| d.0.to_string()),
            Some("2019-11-19".to_string())
        );
        assert_eq!(
            url_date("https://example.com/news/20191118-story").map(|d| d.0.to_string()),
            Some("2019-11-18".to_string())
        );
        assert_eq!(url_date("https://example.com/read/3062623/323"), None);
    }
}
