//! Dates as machines write them in metadata (JSON-LD, microdata, `<meta>`, NewsML's
//! `firstCreated`): ISO 8601 and its CMS variants, read into a date, a time and an offset,
//! and shown in the zone the page prints. Shared by the HTML and NewsML readers.

use crate::analyze::date::format_offset;
use crate::model::{DateEvidence, Published, Weekday};

/// A date from metadata: `2019-11-19T09:10:00+07:00`, `2019-11-19`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaDate {
    pub raw: String,
    pub date: jiff::civil::Date,
    pub time: Option<jiff::civil::Time>,
    /// Seconds east of UTC, when the value carries an offset (`Z` is 0).
    pub offset: Option<i32>,
    pub evidence: DateEvidence,
}

/// Reads the machine dates pages carry: ISO 8601 with or without a time or offset, with
/// the variants CMSs print (`2015-11-05 T10:08:58Z`, `2019-11-19 09:10:00`, `+0700`).
pub fn parse_meta_date(raw: &str, evidence: DateEvidence) -> Option<MetaDate> {
    parse_iso_date(raw, evidence)
        .or_else(|| parse_written_date(raw, evidence))
        // `0001-01-01` and the Unix epoch are what CMSs print for "no date".
        .filter(|d| d.date.year() > 1970)
}

/// Dates written out, as JavaScript's `Date.toString()` leaves them in JSON-LD
/// (`Tue Nov 19 2019 03:05:46 GMT+0000`) or as text in a microdata element.
fn parse_written_date(raw: &str, evidence: DateEvidence) -> Option<MetaDate> {
    let printed = crate::analyze::date::parse_date_line(raw)?;
    let date = printed.civil_date()?;
    let time = printed
        .time
        .and_then(|t| jiff::civil::Time::new(t.hour, t.minute, t.second.unwrap_or(0), 0).ok());
    Some(MetaDate {
        raw: raw.trim().to_string(),
        date,
        time,
        offset: printed.zone.and_then(|z| z.offset_seconds),
        evidence,
    })
}

fn parse_iso_date(raw: &str, evidence: DateEvidence) -> Option<MetaDate> {
    let cleaned = raw.trim().replace(" T", "T");
    let cleaned = match cleaned.get(10..11) {
        Some(" ") => format!("{}T{}", &cleaned[..10], cleaned[11..].trim_start()),
        _ => cleaned,
    };
    let date: jiff::civil::Date = cleaned.get(..10)?.parse().ok()?;
    let rest = &cleaned[10..];
    let (time, offset) = match rest.strip_prefix('T') {
        None => (None, None),
        Some(clock) => {
            let zone_at = clock.find(['Z', 'z', '+', '-']);
            let (clock_part, zone_part) = zone_at.map_or((clock, ""), |at| clock.split_at(at));
            let clock_part = clock_part.split('.').next().unwrap_or(clock_part);
            // A fraction written after a colon (`22:06:08:684Z`) is still the time.
            let time = clock_part
                .parse::<jiff::civil::Time>()
                .ok()
                .or_else(|| clock_part.get(..8)?.parse::<jiff::civil::Time>().ok());
            (time, parse_offset(zone_part))
        }
    };
    Some(MetaDate {
        raw: raw.trim().to_string(),
        date,
        time,
        offset,
        evidence,
    })
}

/// `Z`, `+07:00`, `+0700`, `-05`.
fn parse_offset(zone: &str) -> Option<i32> {
    if zone.eq_ignore_ascii_case("z") {
        return Some(0);
    }
    let sign = match zone.chars().next()? {
        '+' => 1,
        '-' => -1,
        _ => return None,
    };
    let digits: String = zone[1..].chars().filter(char::is_ascii_digit).collect();
    let (hours, minutes) = match digits.len() {
        2 => (digits.parse::<i32>().ok()?, 0),
        4 => (
            digits[..2].parse::<i32>().ok()?,
            digits[2..].parse::<i32>().ok()?,
        ),
        _ => return None,
    };
    (hours <= 14 && minutes < 60).then_some(sign * (hours * 3600 + minutes * 60))
}

/// A metadata date in the model's terms; an instant is shown in the printed zone when the
/// page prints one (Liputan6 prints 09:10 WIB and stores 02:10Z: the same instant).
///
/// `None` when that instant, seen from the printed zone, falls outside the calendar
/// (`9999-12-31T23:00:00Z` in WIB): such a value is no publication date.
pub fn published_from_meta(m: &MetaDate, printed_zone: Option<(i32, String)>) -> Option<Published> {
    let (mut date, mut time, mut offset, mut zone_name) = (
        m.date,
        m.time,
        m.offset,
        m.offset.filter(|o| *o == 0).map(|_| "UTC".to_string()),
    );
    if let (Some(t), Some(from), Some((to, name))) = (m.time, m.offset, printed_zone) {
        let shift = jiff::SignedDuration::from_secs(i64::from(to) - i64::from(from));
        let shifted = date.to_datetime(t).checked_add(shift).ok()?;
        date = shifted.date();
        time = Some(shifted.time());
        offset = Some(to);
        zone_name = Some(name);
    }
    let time_text = time.map(|t| {
        if t.second() == 0 {
            format!("{:02}:{:02}", t.hour(), t.minute())
        } else {
            format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
        }
    });
    Some(Published {
        raw: m.raw.clone(),
        date: Some(date.to_string()),
        time: time_text,
        offset: offset.map(format_offset),
        timezone: zone_name,
        weekday: None::<Weekday>,
        source: m.evidence,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_dates_in_the_forms_cms_print_them() {
        let d = parse_meta_date("2019-11-19T09:10:00+07:00", DateEvidence::Meta).unwrap();
        assert_eq!(
            (d.date.to_string(), d.offset),
            ("2019-11-19".to_string(), Some(25200))
        );
        let d = parse_meta_date("2015-11-05 T10:08:58Z", DateEvidence::Meta).unwrap();
        assert_eq!((d.time.map(|t| t.hour()), d.offset), (Some(10), Some(0)));
        let d = parse_meta_date("2019-11-19 09:10:00", DateEvidence::Meta).unwrap();
        assert_eq!((d.time.map(|t| t.minute()), d.offset), (Some(10), None));
        let d = parse_meta_date("2019-11-19T09:10:00.000+0700", DateEvidence::Meta).unwrap();
        assert_eq!(d.offset, Some(25200));
        assert_eq!(
            parse_meta_date("2019-11-19", DateEvidence::Meta)
                .unwrap()
                .time,
            None
        );
        assert!(parse_meta_date("yesterday", DateEvidence::Meta).is_none());
        assert!(parse_meta_date("0001-01-01T00:00:00Z", DateEvidence::Meta).is_none());
        let js =
            parse_meta_date("Tue Nov 19 2019 03:05:46 GMT+0000", DateEvidence::JsonLd).unwrap();
        assert_eq!(
            (js.date.to_string(), js.offset),
            ("2019-11-19".to_string(), Some(0))
        );
    }

    #[test]
    fn metadata_instants_are_shown_in_the_printed_zone() {
        let m = parse_meta_date("2019-11-19T02:10:00Z", DateEvidence::Meta).unwrap();
        let p = published_from_meta(&m, Some((25200, "WIB".to_string()))).unwrap();
        assert_eq!(p.date.as_deref(), Some("2019-11-19"));
        assert_eq!(p.time.as_deref(), Some("09:10"));
        assert_eq!(p.offset.as_deref(), Some("+07:00"));
        assert_eq!(p.timezone.as_deref(), Some("WIB"));
    }

    #[test]
    fn instants_past_the_calendar_in_the_printed_zone_are_no_date() {
        // Issue #14: seven hours after 9999-12-31T23:00Z is past jiff's last day.
        let m = parse_meta_date("9999-12-31T23:00:00Z", DateEvidence::JsonLd).unwrap();
        assert_eq!(
            published_from_meta(&m, Some((25200, "WIB".to_string()))),
            None
        );
        let m = parse_meta_date("1971-01-01T00:00:00+14:00", DateEvidence::JsonLd).unwrap();
        assert!(published_from_meta(&m, Some((-12 * 3600, "X".to_string()))).is_some());
        // Without a zone to show it in, the value is read as written.
        let m = parse_meta_date("9999-12-31T23:00:00Z", DateEvidence::JsonLd).unwrap();
        assert_eq!(
            published_from_meta(&m, None).and_then(|p| p.date),
            Some("9999-12-31".to_string())
        );
    }
}
