//! Date rules: the publication date and the dates mentioned in the body.

use crate::analyze::date::{
    dates_in, find_dates, find_weekday_day_month, parse_date_line, PrintedDate,
};
use crate::model::{DateEvidence, Published, Weekday};

use super::phrases::phrases;
use super::{Checker, Family, Location, Rule, Severity};

pub static DATE_MISSING: Rule = Rule {
    code: "D101",
    name: "date-missing",
    family: Family::Date,
    severity: Severity::Warning,
    summary: "The article has no publication date.",
    why: "Without a date an archive cannot be ordered, and readers cannot tell old news from new. Info on HTML pages: there a missing date is more often one the reader did not find (built by a script, in a sidebar, in an unknown format) than one the page lacks; on the labelled real pages (bench/findings) fewer than half of such findings were pages without a date. Text, Markdown and NewsML sources keep the warning.",
    example: "Judul Berita\n\nBANYUWANGI – Isi berita.",
    fixed: "Judul Berita\n\nSenin, 1 April 2019\n\nBANYUWANGI – Isi berita.",
};

pub static DATE_UNPARSEABLE: Rule = Rule {
    code: "D102",
    name: "date-unparseable",
    family: Family::Date,
    severity: Severity::Error,
    summary: "A date line is printed but cannot be read as a date.",
    why: "The date exists for readers but not for machines: it cannot be sorted, converted or checked.",
    example: "Senin, 1 Aprl 2019",
    fixed: "Senin, 1 April 2019",
};

pub static DATE_IMPOSSIBLE: Rule = Rule {
    code: "D103",
    name: "date-impossible",
    family: Family::Date,
    severity: Severity::Error,
    summary: "The printed date does not exist in the calendar.",
    why: "A day that never was (30 February) is a typing error; the true date is unknown until someone checks.",
    example: "Sabtu, 30 Februari 2019",
    fixed: "Sabtu, 2 Maret 2019",
};

pub static DATE_WEEKDAY_MISMATCH: Rule = Rule {
    code: "D104",
    name: "date-weekday-mismatch",
    family: Family::Date,
    severity: Severity::Error,
    summary: "The printed weekday is not the weekday of the printed date.",
    why: "One of the two is wrong, so the publication date is in doubt; old CMSs often filled the weekday by hand.",
    example: "Selasa, 1 April 2019",
    fixed: "Senin, 1 April 2019",
};

pub static DATE_IN_FUTURE: Rule = Rule {
    code: "D105",
    name: "date-in-future",
    family: Family::Date,
    severity: Severity::Error,
    summary: "The publication date is after today (or the configured `now`).",
    why:
        "An archive holds what was published; a future date is a typing error in the year or month.",
    example: "Senin, 1 April 2091",
    fixed: "Senin, 1 April 2019",
};

pub static DATE_TOO_OLD: Rule = Rule {
    code: "D106",
    name: "date-too-old",
    family: Family::Date,
    severity: Severity::Warning,
    summary: "The publication date is before the configured minimum year (1990 by default).",
    why: "Portals did not publish before the web; such a date is usually a year typed short or a default value.",
    example: "Senin, 1 April 1919",
    fixed: "Senin, 1 April 2019",
};

pub static BODY_DATE_WEEKDAY_MISMATCH: Rule = Rule {
    code: "D107",
    name: "body-date-weekday-mismatch",
    family: Family::Date,
    severity: Severity::Warning,
    summary: "A date mentioned in the body has a weekday that does not match it.",
    why: "Readers rely on `Senin (01/04/2019)` to know when an event happened; a wrong pair leaves them guessing.",
    example: "Rapat digelar Selasa (01/04/2019).",
    fixed: "Rapat digelar Senin (01/04/2019).",
};

pub static BODY_DATE_MALFORMED_YEAR: Rule = Rule {
    code: "D108",
    name: "body-date-malformed-year",
    family: Family::Date,
    severity: Severity::Warning,
    summary: "A date mentioned in the body has a year of the wrong length, such as `205`.",
    why: "A dropped digit hides the year; the weekday printed with it usually tells which year was meant.",
    example: "Rapat digelar Rabu (4/11/205).",
    fixed: "Rapat digelar Rabu (4/11/2015).",
};

pub static TIME_WITHOUT_ZONE: Rule = Rule {
    code: "D109",
    name: "time-without-zone",
    family: Family::Date,
    severity: Severity::Info,
    summary: "The publication time is printed without a time zone.",
    why: "Indonesia has three zones (WIB, WITA, WIT); without one the instant is uncertain by up to two hours.",
    example: "Senin, 1 April 2019 10:15",
    fixed: "Senin, 1 April 2019 10:15 WIB",
};

pub static METADATA_DATE_MISMATCH: Rule = Rule {
    code: "D110",
    name: "metadata-date-mismatch",
    family: Family::Date,
    severity: Severity::Warning,
    summary: "The date in the page's metadata and the date printed on it disagree.",
    why: "Search engines, feeds and archives read the metadata; readers read the page. When they differ by a whole number of hours, the same moment is labelled with two zones: most often a CMS that labels local time as UTC, and one of them is wrong. That case is a warning. Any other disagreement is info: on the judged real pages a metadata date days or months away from the printed one was more often two right dates (a modification date under the publication date's name, another post's or the masthead's date taken as printed, an event date in the standfirst) than a defect (5 of 11 in the labelled sample). An update within a day and a half, or a date-only reading a day off (another zone), is not reported. A printed date the page itself explains is not compared: the modification date its metadata records (an update stamp printed as the date), a date that is part of the title (the day the article is about), and a masthead's today's date beside a logo `<h1>`.",
    example: "<script type=\"application/ld+json\">{\"datePublished\": \"2018-03-07T10:00:00Z\"}</script> … <p>Rabu, 7 Maret 2018 | 10:00 WIB</p>",
    fixed: "<script type=\"application/ld+json\">{\"datePublished\": \"2018-03-07T10:00:00+07:00\"}</script> … <p>Rabu, 7 Maret 2018 | 10:00 WIB</p>",
};

pub static RULES: &[&Rule] = &[
    &DATE_MISSING,
    &DATE_UNPARSEABLE,
    &DATE_IMPOSSIBLE,
    &DATE_WEEKDAY_MISMATCH,
    &DATE_IN_FUTURE,
    &DATE_TOO_OLD,
    &BODY_DATE_WEEKDAY_MISMATCH,
    &BODY_DATE_MALFORMED_YEAR,
    &TIME_WITHOUT_ZONE,
    &METADATA_DATE_MISMATCH,
];

pub fn check(c: &mut Checker) {
    check_published(c);
    check_body_dates(c);
    check_other_reading(c);
}

/// The same instant, within a minute, whatever zone each reading is in; or the same day
/// when either has no time.
fn same_moment(a: &Published, b: &Published) -> bool {
    match (instant(a), instant(b)) {
        (Some(x), Some(y)) => (x.as_second() - y.as_second()).abs() < 60,
        _ => a.date == b.date,
    }
}

/// The instant a reading names, when it has a date, a time and an offset.
fn instant(p: &Published) -> Option<jiff::Timestamp> {
    let date: jiff::civil::Date = p.date.as_deref()?.parse().ok()?;
    let time: jiff::civil::Time = p.time.as_deref()?.parse().ok()?;
    let offset = p.offset.as_deref()?;
    let sign = if offset.starts_with('-') { -1 } else { 1 };
    let hours: i32 = offset.get(1..3)?.parse().ok()?;
    let minutes: i32 = offset.get(4..6)?.parse().ok()?;
    let offset = jiff::tz::Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()?;
    offset.to_timestamp(date.to_datetime(time)).ok()
}

/// Two readings that differ but can both be right: an update time within a day and a half
/// of the printed one, or a date-only reading one day off the other (the same instant seen
/// in another zone: `2019-11-20T01:53Z` is the evening of the 19th in New York). A gap of a
/// whole number of hours (up to 14) between two full instants is not reconciled: that is
/// local time labelled with the wrong zone, the defect this rule is for.
fn reconcilable(a: &Published, b: &Published) -> bool {
    if let (Some(x), Some(y)) = (instant(a), instant(b)) {
        let gap = (x.as_second() - y.as_second()).abs();
        let whole_hours = gap % 3600 < 60 || gap % 3600 > 3540;
        return !(whole_hours && gap <= 14 * 3600) && gap <= 36 * 3600;
    }
    let day = |p: &Published| p.date.as_deref()?.parse::<jiff::civil::Date>().ok();
    // `06/01/2020` read day-first is 1 June read month-first: a printed all-digit date
    // whose day and month swapped give the other reading is the same date.
    let swapped = |p: &Published| {
        let date = day(p)?;
        let digits = p.raw.chars().filter(char::is_ascii_digit).count();
        let iso = p
            .raw
            .trim_start()
            .chars()
            .take(4)
            .all(|c| c.is_ascii_digit());
        let numeric = !p.raw.chars().any(char::is_alphabetic) && digits >= 6 && !iso;
        numeric
            .then(|| jiff::civil::Date::new(date.year(), date.day(), date.month()).ok())
            .flatten()
    };
    if let (Some(x), Some(y)) = (day(a), day(b)) {
        if swapped(a) == Some(y) || swapped(b) == Some(x) {
            return true;
        }
    }
    match (day(a), day(b)) {
        (Some(x), Some(y)) => x
            .until(y)
            .ok()
            .is_some_and(|span| span.get_days().abs() <= 1),
        _ => false,
    }
}

fn check_other_reading(c: &mut Checker) {
    let (Some(published), Some(other)) = (&c.article.published, &c.map.other_published) else {
        return;
    };
    if published.date.is_none()
        || other.date.is_none()
        || same_moment(published, other)
        || reconcilable(published, other)
    {
        return;
    }
    let describe = |p: &Published| {
        let mut text = p.date.clone().unwrap_or_default();
        if let Some(time) = &p.time {
            text.push(' ');
            text.push_str(time);
        }
        if let Some(offset) = &p.offset {
            text.push_str(offset);
        }
        text
    };
    let (metadata, printed) = if other.source == DateEvidence::Printed {
        (published, other)
    } else {
        (other, published)
    };
    // Only a whole number of hours (up to 14) between two full instants is reliably a
    // defect: the same moment, local time labelled with the wrong zone. Dates days or months
    // apart were, on the judged real pages, more often two right dates than one wrong one
    // (a modification date under the publication date's name, a teaser's or the masthead's
    // date read as printed, an event date in the standfirst): worth a look, not a gate.
    let zone_slip = instant(metadata)
        .zip(instant(printed))
        .is_some_and(|(m, p)| {
            let gap = (m.as_second() - p.as_second()).abs();
            gap <= 14 * 3600 && (gap % 3600 < 60 || gap % 3600 > 3540)
        });
    let severity = if zone_slip {
        c.settings.selection.severity_of(&METADATA_DATE_MISMATCH)
    } else {
        Severity::Info
    };
    let message = c.say(
        "metadata-date-mismatch",
        &[
            &describe(metadata),
            &c.say(evidence_key(metadata.source), &[]),
            &describe(printed),
            &printed.raw,
        ],
    );
    c.report_as(
        &METADATA_DATE_MISMATCH,
        severity,
        published_at(c),
        message,
        Some(c.say(
            "metadata-date-mismatch.fix",
            &[&c.say(evidence_key(published.source), &[])],
        )),
    );
}

/// The message naming where a date reading came from.
fn evidence_key(evidence: DateEvidence) -> &'static str {
    match evidence {
        DateEvidence::Text => "evidence.text",
        DateEvidence::Profile => "evidence.profile",
        DateEvidence::JsonLd => "evidence.json-ld",
        DateEvidence::Microdata => "evidence.microdata",
        DateEvidence::Meta => "evidence.meta",
        DateEvidence::TimeElement => "evidence.time",
        DateEvidence::Printed => "evidence.printed",
        DateEvidence::Url => "evidence.url",
        DateEvidence::Modified => "evidence.modified",
    }
}

fn published_at(c: &Checker) -> Location {
    Location {
        position: c.map.published.or(c.map.title),
        field: "published".to_string(),
    }
}

fn check_published(c: &mut Checker) {
    let Some(published) = c.article.published.clone() else {
        // A date printed somewhere on the page that the reader did not take: the finding is
        // about the reading, not the page, so it is only info.
        let html = c.article.source.format == crate::model::SourceFormat::Html;
        match missed_date(c) {
            // On a web page a missing date is more often one the reader did not find
            // (script-built, in a sidebar, an unknown format) than one the page lacks.
            None if html => c.report_as(
                &DATE_MISSING,
                Severity::Info,
                published_at(c),
                c.say("date-missing.page", &[]),
                Some(c.say("date-missing.fix", &[])),
            ),
            Some(raw) => c.report_as(
                &DATE_MISSING,
                Severity::Info,
                published_at(c),
                c.say("date-missing.unread", &[&raw]),
                Some(c.say("date-missing.fix", &[])),
            ),
            None => c.report(
                &DATE_MISSING,
                published_at(c),
                c.say("date-missing", &[]),
                None,
            ),
        }
        return;
    };
    let Some(printed) = parse_date_line(&published.raw) else {
        // A date from metadata has no printed parts to check; one from text was unreadable.
        if published.date.is_none() {
            c.report(
                &DATE_UNPARSEABLE,
                published_at(c),
                c.say("date-unparseable", &[&published.raw]),
                None,
            );
        }
        return;
    };
    if printed.year < 1 {
        c.report(
            &DATE_UNPARSEABLE,
            published_at(c),
            c.say("date-unparseable.year", &[&printed.raw, &printed.year]),
            None,
        );
        return;
    }
    let Some(date) = printed.civil_date() else {
        c.report(
            &DATE_IMPOSSIBLE,
            published_at(c),
            c.say(
                "date-impossible",
                &[
                    &printed.raw,
                    &format!("{}-{:02}", printed.year, printed.month),
                    &printed.day,
                ],
            ),
            None,
        );
        return;
    };
    if let Some(weekday) = printed.weekday_in(c.article.language.as_deref()) {
        let actual = Weekday::from_jiff(date.weekday());
        if actual != weekday {
            c.report(
                &DATE_WEEKDAY_MISMATCH,
                published_at(c),
                c.say(
                    "date-weekday",
                    &[&c.weekday_name(weekday), &date, &c.weekday_name(actual)],
                ),
                Some(c.say(
                    "date-weekday.fix",
                    &[&phrases(c.article.language.as_deref()).weekday(actual)],
                )),
            );
        }
    }
    if date > c.settings.now {
        c.report(
            &DATE_IN_FUTURE,
            published_at(c),
            c.say("date-in-future", &[&date, &c.settings.now]),
            None,
        );
    }
    if date.year() < c.settings.min_year {
        c.report(
            &DATE_TOO_OLD,
            published_at(c),
            c.say("date-too-old", &[&date, &c.settings.min_year]),
            None,
        );
    }
    if let Some(zone) = printed.zone.as_ref().filter(|z| z.offset_seconds.is_none()) {
        c.report(
            &DATE_UNPARSEABLE,
            published_at(c),
            c.say("date-unparseable.zone", &[&zone.name, &published.raw]),
            None,
        );
    } else if published.time.is_some() && published.offset.is_none() {
        c.report(
            &TIME_WITHOUT_ZONE,
            published_at(c),
            c.say("time-without-zone", &[&published.raw]),
            Some(c.say(phrases(c.article.language.as_deref()).zone_hint, &[])),
        );
    }
}

/// A plausible full date anywhere in the input (markup, scripts and chrome included), as
/// printed: a sign that the page is dated and the reader missed it.
fn missed_date(c: &Checker) -> Option<String> {
    let now = c.settings.now;
    let plausible = |date: jiff::civil::Date| date <= now && date.year() >= c.settings.min_year;
    if let Some(iso) = find_iso_date(c.text, plausible) {
        return Some(iso);
    }
    dates_in(c.text)
        .filter(|d| d.year_digits == 4)
        .find(|d| {
            d.civil_date()
                .is_some_and(|date| date <= now && date.year() >= c.settings.min_year)
        })
        .map(|d| d.raw)
}

/// The first `YYYY-MM-DD` or `YYYY/MM/DD` in `text` (markup, JSON, URLs) that is a real,
/// plausible date and not part of a longer number.
fn find_iso_date(text: &str, plausible: impl Fn(jiff::civil::Date) -> bool) -> Option<String> {
    let bytes = text.as_bytes();
    let digits = |from: usize, n: usize| -> Option<i16> {
        let part = bytes.get(from..from + n)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| std::str::from_utf8(part).ok()?.parse().ok())
            .flatten()
    };
    let mut at = 0;
    while at + 10 <= bytes.len() {
        let starts = at == 0 || !bytes[at - 1].is_ascii_digit();
        let sep = bytes[at + 4];
        if starts
            && matches!(sep, b'-' | b'/')
            && bytes[at + 7] == sep
            && bytes.get(at + 10).is_none_or(|b| !b.is_ascii_digit())
        {
            if let (Some(y), Some(m), Some(d)) =
                (digits(at, 4), digits(at + 5, 2), digits(at + 8, 2))
            {
                let date = i8::try_from(m)
                    .ok()
                    .zip(i8::try_from(d).ok())
                    .and_then(|(m, d)| jiff::civil::Date::new(y, m, d).ok());
                if date.is_some_and(&plausible) {
                    return text.get(at..at + 10).map(str::to_string);
                }
            }
        }
        at += 1;
    }
    None
}

fn check_body_dates(c: &mut Checker) {
    let publish_date = c
        .article
        .published
        .as_ref()
        .and_then(|p| p.date.as_deref())
        .and_then(|d| d.parse::<jiff::civil::Date>().ok());
    for index in 0..c.article.body.len() {
        let paragraph = c.article.body[index].clone();
        let mut mentions: Vec<PrintedDate> = find_dates(&paragraph);
        mentions.extend(find_weekday_day_month(&paragraph));
        mentions.sort_by_key(|m| m.span.start);
        for mention in mentions {
            check_mention(c, index, &mention, publish_date);
        }
    }
}

fn check_mention(
    c: &mut Checker,
    index: usize,
    mention: &PrintedDate,
    publish_date: Option<jiff::civil::Date>,
) {
    let at = Location {
        position: c.body_position(index, mention.span.start),
        field: format!("body[{index}]"),
    };
    // `Rabu (4/11/205)`: show the closing bracket the date was read without.
    let paragraph = &c.article.body[index];
    let shown = if paragraph[mention.span.end..].starts_with(')') && mention.raw.contains('(') {
        format!("{})", mention.raw)
    } else {
        mention.raw.clone()
    };
    let Some(weekday) = mention.weekday_in(c.article.language.as_deref()) else {
        return;
    };
    match mention.year_digits {
        // No year printed: the article's own year is meant.
        0 => {
            let Some(year) = publish_date.map(|d| d.year()) else {
                return;
            };
            let date = jiff::civil::Date::new(year, mention.month, mention.day).ok();
            if let Some(date) = date {
                report_weekday_mismatch(c, at, &shown, weekday, date);
            }
        }
        2 | 4 => {
            if let Some(date) = mention.civil_date() {
                report_weekday_mismatch(c, at, &shown, weekday, date);
            }
        }
        _ => {
            let suggestion = guess_year(mention, weekday, c.settings).map(|year| {
                let date = format!("{year}-{:02}-{:02}", mention.month, mention.day);
                c.say(
                    "body-date-year.fix",
                    &[&year, &date, &c.weekday_name(weekday)],
                )
            });
            c.report(
                &BODY_DATE_MALFORMED_YEAR,
                at,
                c.say("body-date-year", &[&shown, &mention.year_digits]),
                suggestion,
            );
        }
    }
}

fn report_weekday_mismatch(
    c: &mut Checker,
    at: Location,
    shown: &str,
    weekday: Weekday,
    date: jiff::civil::Date,
) {
    let actual = Weekday::from_jiff(date.weekday());
    if actual != weekday {
        c.report(
            &BODY_DATE_WEEKDAY_MISMATCH,
            at,
            c.say(
                "body-date-weekday",
                &[
                    &shown,
                    &date,
                    &c.weekday_name(actual),
                    &c.weekday_name(weekday),
                ],
            ),
            None,
        );
    }
}

/// The one year, within the plausible range, that the printed digits can become by adding
/// a single digit and whose calendar agrees with the printed weekday.
fn guess_year(mention: &PrintedDate, weekday: Weekday, settings: &super::Settings) -> Option<i16> {
    let digits = mention.year.to_string();
    let mut candidates = std::collections::BTreeSet::new();
    for at in 0..=digits.len() {
        for d in '0'..='9' {
            let mut s = digits.clone();
            s.insert(at, d);
            if let Ok(year) = s.parse::<i16>() {
                let plausible = (settings.min_year..=settings.now.year()).contains(&year);
                let day = jiff::civil::Date::new(year, mention.month, mention.day).ok();
                if plausible && day.is_some_and(|d| Weekday::from_jiff(d.weekday()) == weekday) {
                    candidates.insert(year);
                }
            }
        }
    }
    (candidates.len() == 1).then(|| *candidates.iter().next().unwrap_or(&0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(date: &str, time: Option<&str>, offset: Option<&str>) -> Published {
        Published {
            raw: date.to_string(),
            date: Some(date.to_string()),
            time: time.map(str::to_string),
            offset: offset.map(str::to_string),
            timezone: None,
            weekday: None,
            source: DateEvidence::Meta,
        }
    }

    #[test]
    fn iso_dates_in_markup_are_found() {
        let any = |_: jiff::civil::Date| true;
        assert_eq!(
            find_iso_date(r#"{"dateModified":"2022-01-26T10:00"}"#, any).as_deref(),
            Some("2022-01-26")
        );
        assert_eq!(
            find_iso_date("/uploads/2016/08/15/x.jpg", any).as_deref(),
            Some("2016/08/15")
        );
        assert_eq!(find_iso_date("id 12022-01-26 and 2022-13-40", any), None);
    }

    #[test]
    fn updates_and_other_zones_reconcile_but_a_mislabelled_zone_does_not() {
        let printed = reading("2019-11-19", None, None);
        // Date only, one day off: the same instant seen from another zone.
        assert!(reconcilable(
            &reading("2019-11-20", Some("01:53:14"), Some("+00:00")),
            &printed
        ));
        assert!(!reconcilable(
            &reading("2019-11-22", Some("01:53:14"), Some("+00:00")),
            &printed
        ));
        let printed = reading("2016-02-23", Some("15:32"), Some("+07:00"));
        // A later update the same day.
        assert!(reconcilable(
            &reading("2016-02-23", Some("23:00:20"), Some("+07:00")),
            &printed
        ));
        // Day and month swapped in an all-digit printed date.
        let mut printed_us = reading("2020-01-06", None, None);
        printed_us.raw = "06/01/2020".to_string();
        assert!(reconcilable(
            &reading("2020-06-01", Some("21:53:12"), Some("+00:00")),
            &printed_us
        ));
        let mut spelled = reading("2020-01-06", None, None);
        spelled.raw = "6 January 2020".to_string();
        assert!(!reconcilable(
            &reading("2020-06-01", Some("21:53:12"), Some("+00:00")),
            &spelled
        ));
        // Seven whole hours: local time labelled as the wrong zone.
        let printed = reading("2015-11-05", Some("10:08"), Some("+07:00"));
        assert!(!reconcilable(
            &reading("2015-11-05", Some("17:08:58"), Some("+07:00")),
            &printed
        ));
    }
}
