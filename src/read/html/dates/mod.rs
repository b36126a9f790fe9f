//! The publish date: printed on the page, in metadata, in the URL, and the choice
//! between them.

pub(super) mod printed;
pub(super) mod url;

use ego_tree::NodeId;
use scraper::Html;

use crate::analyze::date::{format_offset, PrintedDate};
use crate::analyze::meta_date::{published_from_meta, MetaDate};
use crate::model::{DateEvidence, Published};

use self::printed::{date_in, printed_under};
use self::url::{published_from_url, url_date};
use super::extract::Block;
use super::meta::PageMeta;

/// A profile's date: by its format hint when it has one and it fits, else read like any
/// printed date (which knows Indonesian names that strftime formats do not).
pub(super) fn profile_date(text: &str, format: Option<&str>) -> Option<Published> {
    format
        .and_then(|f| date_by_format(text, f))
        .or_else(|| date_in(text).map(|p| p.to_published(DateEvidence::Profile)))
}

pub(super) fn date_by_format(text: &str, format: &str) -> Option<Published> {
    let parsed = jiff::fmt::strtime::parse(format, text).ok()?;
    let date = parsed.to_date().ok()?;
    let time = parsed.to_time().ok().filter(|_| parsed.hour().is_some());
    Some(Published {
        raw: text.to_string(),
        date: Some(date.to_string()),
        time: time.map(|t| format!("{:02}:{:02}", t.hour(), t.minute())),
        offset: parsed.offset().map(|o| format_offset(o.seconds())),
        timezone: None,
        weekday: None,
        source: DateEvidence::Profile,
    })
}

/// The date printed on the page: near the headline, else at the head of the body; one
/// before `earliest_year` is one the text mentions.
pub(super) fn page_date(
    html: &Html,
    headline: Option<NodeId>,
    content: &[&Block],
    header_date: Option<PrintedDate>,
    earliest_year: i16,
) -> Option<PrintedDate> {
    printed_under(html, headline, content, earliest_year)
        .or(header_date.filter(|d| d.year >= i32::from(earliest_year)))
}

/// The publication date from the best evidence, and the runner-up reading when printed and
/// metadata dates both exist (for the rule that compares them).
pub(super) fn choose_date(
    meta: &PageMeta,
    page_url: Option<&str>,
    printed: Option<PrintedDate>,
    notes: &mut Vec<String>,
) -> (Option<Published>, Option<Published>) {
    // A bare day first in line yields to the same day with its time from another source
    // (a `CreativeWork`'s `2019-11-18` beside `<time datetime="2019-11-18 20:28:55 GMT">`).
    let best_meta = meta.dates.first().map(|first| match first.time {
        Some(_) => first,
        None => meta
            .dates
            .iter()
            .find(|d| d.date == first.date && d.time.is_some())
            .unwrap_or(first),
    });
    let url_day = page_url.and_then(url_date).map(|(date, _)| date);
    match (best_meta, printed) {
        (Some(m), Some(p)) => {
            let Some(from_meta) = published_from_meta(
                m,
                p.zone
                    .as_ref()
                    .and_then(|z| Some((z.offset_seconds?, z.name.clone()))),
            ) else {
                notes.push(format!(
                    "metadata date `{}` is outside the calendar in the printed zone `{}`; the printed date stands",
                    m.raw,
                    p.zone.as_ref().map_or("", |z| z.name.as_str())
                ));
                return (Some(p.to_published(DateEvidence::Printed)), None);
            };
            let from_print = p.to_published(DateEvidence::Printed);
            let same_minute = match (&from_print.time, &from_meta.time) {
                (Some(a), Some(b)) => a.get(..5) == b.get(..5),
                _ => true,
            };
            let same_day = from_print.date.is_some() && from_print.date == from_meta.date;
            if same_day && same_minute {
                // They agree: the printed text is the raw value, the metadata the evidence.
                let published = Published {
                    raw: p.raw.clone(),
                    weekday: p.weekday,
                    time: from_meta.time.clone().or(from_print.time.clone()),
                    offset: from_meta.offset.clone().or(from_print.offset.clone()),
                    timezone: from_print.timezone.clone().or(from_meta.timezone.clone()),
                    ..from_meta.clone()
                };
                (Some(published), Some(from_print))
            } else if same_day
                || (local_date_of_instant(&from_print, m) && url_day != Some(m.date))
                || (m.time.is_none() && url_day != Some(m.date))
            {
                // Same day, another hour: metadata that labels local time as UTC (`10:08Z`
                // for 10:08 WIB) is a common CMS fault. Or an instant a day off a date
                // printed without a zone, which the URL does not side with. Or a bare day
                // in metadata, with no time: a field filled by hand or by a sitemap's
                // build, where a machine's timestamp would carry its time. Either way,
                // what readers saw wins.
                (Some(from_print), Some(from_meta))
            } else {
                (Some(from_meta), Some(from_print))
            }
        }
        (Some(m), None) => {
            let Some(from_meta) = published_from_meta(m, None) else {
                return (None, None);
            };
            // A UTC instant a day off the date in the page's own URL is that day in the
            // publisher's zone: the URL keeps the local date.
            match page_url.and_then(url_date) {
                Some((date, raw)) if date != m.date && instant_may_fall_on(m, date) => {
                    (Some(published_from_url(date, raw)), Some(from_meta))
                }
                _ => (Some(from_meta), None),
            }
        }
        (None, Some(p)) => (Some(p.to_published(DateEvidence::Printed)), None),
        // Nothing says when the page went out: its URL, else when it last changed,
        // labelled as such (`Updated June 13, 2019` and `dateModified` only).
        (None, None) => (
            page_url
                .and_then(url_date)
                .map(|(date, raw)| published_from_url(date, raw))
                .or_else(|| {
                    meta.modified.first().and_then(|m| {
                        published_from_meta(
                            &MetaDate {
                                evidence: DateEvidence::Modified,
                                ..m.clone()
                            },
                            None,
                        )
                    })
                }),
            None,
        ),
    }
}

/// Drops the comparison of a printed reading with another when the page explains the
/// difference, keeping the other: the printed date is the page's modification date in its
/// metadata (an update stamp printed as the date; at the same clock time when one is
/// printed), or it is part of the title (the day
/// the article is about: `Protokoll der Vorstandssitzung vom 10. Oktober 2019`).
pub(super) fn without_explained_print(
    published: Option<Published>,
    runner_up: Option<Published>,
    title: Option<&str>,
    meta: &PageMeta,
) -> (Option<Published>, Option<Published>) {
    let (Some(first), Some(second)) = (&published, &runner_up) else {
        return (published, runner_up);
    };
    let printed_first = first.source == DateEvidence::Printed;
    let printed = match (printed_first, second.source == DateEvidence::Printed) {
        (true, _) => first,
        (false, true) => second,
        (false, false) => return (published, runner_up),
    };
    let day = printed
        .date
        .as_deref()
        .and_then(|d| d.parse::<jiff::civil::Date>().ok());
    // The same day, and the same clock time when the page prints one.
    let clock = printed.time.as_deref().and_then(|t| t.get(..5));
    let stamps = |m: &MetaDate| {
        day.is_some_and(|d| match clock {
            Some(clock) => {
                m.date == d
                    && m.time
                        .is_some_and(|t| format!("{:02}:{:02}", t.hour(), t.minute()) == clock)
            }
            None => m.date == d || instant_may_fall_on(m, d),
        })
    };
    // Unless the published date stamps it as well: a page modified the day it went out
    // (or at the same instant) says nothing about which of the two the print shows.
    let updated = meta.modified.iter().any(stamps) && !meta.dates.first().is_some_and(stamps);
    let raw = printed.raw.trim();
    let in_title = !raw.is_empty() && title.is_some_and(|t| t.contains(raw));
    match (updated || in_title, printed_first) {
        (false, _) => (published, runner_up),
        (true, true) => (runner_up, None),
        (true, false) => (published, None),
    }
}

/// A date printed without a zone and a metadata instant within a day of it: the instant,
/// seen from the publisher's unknown zone, is that printed day.
pub(super) fn local_date_of_instant(printed: &Published, m: &MetaDate) -> bool {
    let Some(printed_date) = printed
        .date
        .as_deref()
        .and_then(|d| d.parse::<jiff::civil::Date>().ok())
    else {
        return false;
    };
    printed.offset.is_none() && instant_may_fall_on(m, printed_date)
}

/// Whether a metadata instant is `day` in some zone: only an instant near midnight can
/// fall on another day somewhere, so the day must be its date in a zone from UTC-12 to
/// UTC+14 (El País's 18:37+01:00 is never the day before). Without a time, a day either
/// side.
fn instant_may_fall_on(m: &MetaDate, day: jiff::civil::Date) -> bool {
    let Some(offset) = m.offset else {
        return false;
    };
    let Some(time) = m.time else {
        return (m.date - day).get_days().abs() <= 1;
    };
    let utc = m
        .date
        .to_datetime(time)
        .checked_sub(jiff::SignedDuration::from_secs(i64::from(offset)))
        .ok();
    let in_zone = |hours: i64| {
        utc.and_then(|u| u.checked_add(jiff::SignedDuration::from_hours(hours)).ok())
            .map(|d| d.date())
    };
    match (in_zone(-12), in_zone(14)) {
        (Some(earliest), Some(latest)) => (earliest..=latest).contains(&day),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_instants_near_midnight_fall_on_another_day() {
        let printed = |date: &str| Published {
            raw: date.to_string(),
            date: Some(date.to_string()),
            time: None,
            offset: None,
            timezone: None,
            weekday: None,
            source: DateEvidence::Printed,
        };
        let meta =
            |raw| crate::analyze::meta_date::parse_meta_date(raw, DateEvidence::Meta).unwrap();
        // El País: 18:37 in Madrid is the 19th in every zone; a printed or URL 18th is not
        // its local date.
        let evening = meta("2020-02-19T18:37:32+01:00");
        assert!(!local_date_of_instant(&printed("2020-02-18"), &evening));
        // 00:25Z is still the 3rd in Buenos Aires.
        let night = meta("2022-05-04T00:25:56Z");
        assert!(local_date_of_instant(&printed("2022-05-03"), &night));
        assert!(!local_date_of_instant(&printed("2022-05-05"), &night));
    }

    #[test]
    fn profile_dates_follow_their_format_hint() {
        let p = profile_date("08-04-2019 10.15", Some("%d-%m-%Y %H.%M")).unwrap();
        assert_eq!(
            (p.date.as_deref(), p.time.as_deref()),
            (Some("2019-04-08"), Some("10:15"))
        );
        // Indonesian names are beyond strftime; the printed-date reader takes over.
        let p = profile_date("Senin, 8 April 2019", Some("%A, %d %B %Y")).unwrap();
        assert_eq!(p.date.as_deref(), Some("2019-04-08"));
        assert_eq!(p.source, DateEvidence::Profile);
    }
}
