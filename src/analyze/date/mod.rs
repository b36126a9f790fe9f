//! Printed dates in Indonesian and English: `Senin, 1 April 2019`, `Kamis, 05/11/2015 09:25
//! WIB`, `Rabu, 4 November 2015 | 21:04 WIB`, `April 1, 2019`, `Monday, 06 February 2017`.
//!
//! Parsing records what was printed and never "fixes" it: `Selasa, 1 April 2019` keeps the
//! weekday Tuesday and the date 2019-04-01, and `30 Februari 2019` keeps its parts with no
//! calendar date. Judging such contradictions is the rules' job.

mod months;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use crate::model::{DateEvidence, Published, Weekday};

/// A date found in text, with each part as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintedDate {
    /// The printed date, from its first to its last recognised part.
    pub raw: String,
    /// Byte range of `raw` in the text it was found in.
    pub span: Range<usize>,
    pub weekday: Option<Weekday>,
    /// The language of the word that named the weekday when it is an abbreviation only
    /// that language's text uses (`Min.` is Indonesian's Minggu but German's minutes);
    /// `None` for a full name. See [`PrintedDate::weekday_in`].
    pub weekday_language: Option<&'static str>,
    pub year: i32,
    /// How many digits the year was printed with (`205` has 3: a malformed year).
    pub year_digits: usize,
    pub month: i8,
    pub day: i8,
    pub time: Option<PrintedTime>,
    pub zone: Option<Zone>,
}

/// A time of day as printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrintedTime {
    pub hour: i8,
    pub minute: i8,
    pub second: Option<i8>,
}

/// A time zone as printed, with its UTC offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    /// Upper-case name as printed (`WIB`, `UTC`, `GMT+7`).
    pub name: String,
    /// `None` when the printed offset is none a zone has (`GMT+7:99999999`, `UTC-99:99`).
    pub offset_seconds: Option<i32>,
}

impl PrintedDate {
    /// The weekday as text of `language` (a BCP 47 tag) reads it: a full name counts in
    /// any text, an abbreviation only in its own language's text or text of unknown
    /// language.
    pub fn weekday_in(&self, language: Option<&str>) -> Option<Weekday> {
        let primary = language.and_then(|l| l.split('-').next());
        match (self.weekday_language, primary) {
            (Some(own), Some(text)) if own != text && !(own == "id" && text == "ms") => None,
            _ => self.weekday,
        }
    }

    /// The calendar date, or `None` when the printed parts name no real day (`30 Februari`).
    /// A year printed with a minus sign (`-0001`) is kept negative and names no date.
    pub fn civil_date(&self) -> Option<jiff::civil::Date> {
        if self.year < 1 {
            return None;
        }
        jiff::civil::Date::new(i16::try_from(self.year).ok()?, self.month, self.day).ok()
    }

    /// The model's view of this date, found by `source`.
    pub fn to_published(&self, source: DateEvidence) -> Published {
        Published {
            raw: self.raw.clone(),
            date: self.civil_date().map(|d| d.to_string()),
            time: self.time.map(|t| match t.second {
                Some(s) => format!("{:02}:{:02}:{:02}", t.hour, t.minute, s),
                None => format!("{:02}:{:02}", t.hour, t.minute),
            }),
            offset: self
                .zone
                .as_ref()
                .and_then(|z| z.offset_seconds)
                .map(format_offset),
            timezone: self.zone.as_ref().map(|z| z.name.clone()),
            weekday: self.weekday,
            source,
        }
    }
}

/// `+07:00` for 25200 seconds.
pub fn format_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let abs = seconds.unsigned_abs();
    format!("{sign}{:02}:{:02}", abs / 3600, (abs % 3600) / 60)
}

/// Reads a line that is a date line: a date with little else around it (a byline, a view
/// counter). Returns `None` for a line of prose that merely mentions a date.
pub fn parse_date_line(line: &str) -> Option<PrintedDate> {
    // Past 160 characters a line is prose: it is not cut into tokens (a one-line text of
    // tens of megabytes took fourteen times its size in them).
    if line.chars().nth(160).is_some() {
        return None;
    }
    let tokens = tokenize(line);
    let found = compose(line, &tokens)?;
    let words = tokens.iter().filter(|t| t.kind == Kind::Word).count();
    let leftover = tokens
        .iter()
        .enumerate()
        .filter(|(i, t)| t.kind == Kind::Word && !found.used.contains(i) && !is_noise(t.text))
        .count();
    (leftover <= 4 && words <= 14).then_some(found.date)
}

/// Every date mentioned in running text, such as `Senin (01/04/2019)` or `6 Oktober 2017`.
/// A weekday directly before a date (in brackets or not) belongs to it.
/// The earliest plausible publication year unless configured otherwise (`min_year`): the
/// web's first pages are from the early 1990s, so an earlier date on a page is one its text
/// mentions (history, a birth date), not the page's own.
pub const EARLIEST_YEAR: i16 = 1990;

pub fn find_dates(text: &str) -> Vec<PrintedDate> {
    dates_in(text).collect()
}

/// [`find_dates`] one date at a time, for a caller that wants the first (or the first of
/// some kind) of a whole page's: it reads no further than that, and holds a few tokens.
pub fn dates_in(text: &str) -> impl Iterator<Item = PrintedDate> + '_ {
    // Compose within a small window so that parts of different dates never mix.
    let mut window = Window::new(text, 8);
    std::iter::from_fn(move || loop {
        let ahead = window.ahead();
        if ahead.is_empty() {
            return None;
        }
        match compose(text, ahead) {
            Some(hit) => {
                let last = hit.used.iter().max().copied().unwrap_or(0);
                window.skip(last + 1);
                return Some(hit.date);
            }
            None => window.skip(1),
        }
    })
}

/// Weekdays with a day and month but no year, as body text writes them when the year is
/// the article's own: `Senin (1/4)`, `Rabu (04/11)`. The year is left for the caller to
/// supply (`year_digits` is 0).
pub fn find_weekday_day_month(text: &str) -> Vec<PrintedDate> {
    // A weekday's date is in the three tokens after it.
    let mut window = Window::new(text, 4);
    let mut found = Vec::new();
    while !window.ahead().is_empty() {
        found.extend(weekday_day_month_at(text, window.ahead()));
        window.skip(1);
    }
    found
}

/// The weekday with a day and month that `tokens` open with, when they do.
fn weekday_day_month_at(text: &str, tokens: &[Token]) -> Option<PrintedDate> {
    let t = tokens.first()?;
    if t.kind != Kind::Word {
        return None;
    }
    let weekday = weekday_from_word(t.text)?;
    let (open, number) = match tokens.get(1) {
        Some(p) if p.text == "(" => (true, tokens.get(2)),
        other => (false, other),
    };
    let number = number.filter(|n| n.kind == Kind::Number)?;
    let (d, m) = number.text.split_once('/')?;
    if m.contains('/') || d.len() > 2 || m.len() > 2 {
        return None;
    }
    let (Ok(day), Ok(month)) = (d.parse::<i8>(), m.parse::<i8>()) else {
        return None;
    };
    if !(1..=31).contains(&day) || !(1..=12).contains(&month) {
        return None;
    }
    let close = tokens
        .get(if open { 3 } else { 2 })
        .filter(|c| open && c.text == ")");
    let end = close.map_or(number.end, |c| c.end);
    Some(PrintedDate {
        raw: text[t.start..end].to_string(),
        span: t.start..end,
        weekday: Some(weekday),
        weekday_language: weekday_abbreviation_language(t.text),
        year: 0,
        year_digits: 0,
        month,
        day,
        time: None,
        zone: None,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Number,
    Punct,
}

#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    kind: Kind,
    text: &'a str,
    start: usize,
    end: usize,
    /// The month a word names, looked up once here: `compose` looks at each token from up
    /// to eight windows, and the lookup is the costly part.
    month: Option<i8>,
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '`')
}

/// Splits into words (letters with inner apostrophes: `Jum’at`), numbers with inner
/// separators (`05/11/2015`, `10.15`, `2019-04-01`) and single punctuation marks.
fn tokenize(text: &str) -> Vec<Token<'_>> {
    tokens(text).collect()
}

/// [`tokenize`] one token at a time: a whole page's tokens take about ten times its bytes,
/// and the scans over a page only ever look a few tokens ahead.
fn tokens(text: &str) -> Tokens<'_> {
    Tokens { text, at: 0 }
}

struct Tokens<'a> {
    text: &'a str,
    /// Byte offset of the next character to read.
    at: usize,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        // Walks the text by byte offset; a vector of every character would cost four times
        // the text on a whole page.
        let text = self.text;
        let char_at = |i: usize| text[i..].chars().next();
        let mut i = self.at;
        while let Some(c) = char_at(i) {
            let start = i;
            let kind = if c.is_alphabetic() {
                while let Some(c) = char_at(i) {
                    let joins = c.is_alphabetic()
                        || (is_apostrophe(c)
                            && char_at(i + c.len_utf8()).is_some_and(char::is_alphabetic));
                    if !joins {
                        break;
                    }
                    i += c.len_utf8();
                }
                Kind::Word
            } else if c.is_ascii_digit() {
                while let Some(c) = char_at(i) {
                    let joins = c.is_ascii_digit()
                        || (matches!(c, '/' | '.' | ':' | '-')
                            && char_at(i + 1).is_some_and(|n| n.is_ascii_digit()));
                    if !joins {
                        break;
                    }
                    i += c.len_utf8();
                }
                Kind::Number
            } else if c.is_whitespace() {
                i += c.len_utf8();
                continue;
            } else {
                i += c.len_utf8();
                Kind::Punct
            };
            self.at = i;
            let word = &text[start..i];
            return Some(Token {
                kind,
                text: word,
                start,
                end: i,
                month: (kind == Kind::Word)
                    .then(|| month_from_word(word))
                    .flatten(),
            });
        }
        self.at = i;
        None
    }
}

/// The next few tokens of a text, read as they are needed: a scan that looks at most
/// `size` tokens ahead holds no more than that, whatever the text's length.
struct Window<'a> {
    tokens: Tokens<'a>,
    held: std::collections::VecDeque<Token<'a>>,
    size: usize,
}

impl<'a> Window<'a> {
    fn new(text: &'a str, size: usize) -> Self {
        Window {
            tokens: tokens(text),
            held: std::collections::VecDeque::with_capacity(size),
            size,
        }
    }

    /// The next `size` tokens (fewer at the text's end; none when it is read).
    fn ahead(&mut self) -> &[Token<'a>] {
        while self.held.len() < self.size {
            match self.tokens.next() {
                Some(token) => self.held.push_back(token),
                None => break,
            }
        }
        self.held.make_contiguous()
    }

    /// Moves past `n` tokens.
    fn skip(&mut self, n: usize) {
        let held = n.min(self.held.len());
        self.held.drain(..held);
        for _ in held..n {
            if self.tokens.next().is_none() {
                break;
            }
        }
    }
}

/// Words that may stand on a date line without making it prose.
fn is_noise(word: &str) -> bool {
    const NOISE: &[&str] = &[
        "pukul",
        "jam",
        "pk",
        "views",
        "view",
        "dilihat",
        "dibaca",
        "kali",
        "diposting",
        "diterbitkan",
        "dipublikasikan",
        "diperbarui",
        "pada",
        "oleh",
        "tanggal",
        "tgl",
        "hari",
        "posted",
        "published",
        "updated",
        "on",
        "at",
        "by",
        "hits",
        "admin",
        "redaksi",
    ];
    NOISE.contains(&word.to_lowercase().as_str())
}

/// The weekday named by a word, Indonesian or English, full or abbreviated.
pub fn weekday_from_word(word: &str) -> Option<Weekday> {
    let mut buffer = [0u8; 12];
    let w = lower_short_word(word, &mut buffer)?;
    Some(match w {
        "senin" | "sen" | "monday" | "mon" => Weekday::Monday,
        "selasa" | "sel" | "tuesday" | "tue" | "tues" => Weekday::Tuesday,
        "rabu" | "rab" | "wednesday" | "wed" => Weekday::Wednesday,
        "kamis" | "kam" | "thursday" | "thu" | "thur" | "thurs" => Weekday::Thursday,
        "jumat" | "jum'at" | "jum" | "friday" | "fri" => Weekday::Friday,
        "sabtu" | "sab" | "saturday" | "sat" => Weekday::Saturday,
        "minggu" | "ahad" | "min" | "sunday" | "sun" => Weekday::Sunday,
        _ => return None,
    })
}

/// The language of a weekday abbreviation (`sen`, `min`: Indonesian; `mon`, `sun`:
/// English); `None` for a full name or any other word. Short words mean other things in
/// other languages: `Min.` is minutes in German, `Sat` a word in Indonesian.
fn weekday_abbreviation_language(word: &str) -> Option<&'static str> {
    let mut buffer = [0u8; 12];
    Some(match lower_short_word(word, &mut buffer)? {
        "sen" | "sel" | "rab" | "kam" | "jum" | "sab" | "min" => "id",
        "mon" | "tue" | "tues" | "wed" | "thu" | "thur" | "thurs" | "fri" | "sat" | "sun" => "en",
        _ => return None,
    })
}

/// A short word in ASCII lower case, with a curly apostrophe or backtick made straight
/// (`Jum’at`); `None` for anything longer than every day and month name, or not ASCII.
/// Dates are looked for in every word of a page: this spares an allocation per word.
fn lower_short_word<'b>(word: &str, buffer: &'b mut [u8; 12]) -> Option<&'b str> {
    let mut len = 0;
    for c in word.chars() {
        let byte = match c {
            '’' | '`' => b'\'',
            c if c.is_ascii() => c.to_ascii_lowercase() as u8,
            _ => return None,
        };
        *buffer.get_mut(len)? = byte;
        len += 1;
    }
    std::str::from_utf8(&buffer[..len]).ok()
}

/// The month (1-12) named by a word in any language of [`months::MONTHS`], including
/// abbreviations and old spellings.
pub fn month_from_word(word: &str) -> Option<i8> {
    static TABLE: OnceLock<HashMap<&'static str, i8>> = OnceLock::new();
    let table = TABLE.get_or_init(|| months::MONTHS.iter().copied().collect());
    let mut buffer = [0u8; 40];
    table.get(lower_month_word(word, &mut buffer)?).copied()
}

/// A word of at most 13 letters in lower case, without an abbreviation's dot; `None` for
/// longer words (no month name is longer). No allocation: this runs on every word.
fn lower_month_word<'b>(word: &str, buffer: &'b mut [u8; 40]) -> Option<&'b str> {
    if word.is_ascii() {
        // Most words on most pages: a byte-wise copy, no case tables.
        let lower = buffer.get_mut(..word.len()).filter(|_| word.len() <= 13)?;
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        return std::str::from_utf8(lower).ok();
    }
    let mut len = 0;
    for (count, c) in word.chars().enumerate() {
        if count >= 13 {
            return None;
        }
        for lower in c.to_lowercase() {
            let encoded = lower.encode_utf8(buffer.get_mut(len..len + 4)?);
            len += encoded.len();
        }
    }
    std::str::from_utf8(&buffer[..len]).ok()
}

/// A word that may join a day, a month and a year (`de`, the `er` of `1er`).
fn is_link(word: &str) -> bool {
    months::LINKS.iter().any(|l| word.eq_ignore_ascii_case(l))
}

/// The offset of a named zone: Indonesia's three zones and UTC.
fn zone_from_word(word: &str) -> Option<i32> {
    Some(match word.to_uppercase().as_str() {
        "WIB" => 7 * 3600,
        "WITA" => 8 * 3600,
        "WIT" => 9 * 3600,
        "UTC" | "GMT" | "Z" => 0,
        _ => return None,
    })
}

struct Composed {
    date: PrintedDate,
    /// Indices of the tokens that make up the date.
    used: Vec<usize>,
}

struct Ymd {
    year: i32,
    year_digits: usize,
    month: i8,
    day: i8,
}

/// Reads `05/11/2015`, `5-11-15`, `01.04.2019` (day first, as Indonesia writes) and
/// `2019-04-01` (year first).
fn numeric_date(text: &str) -> Option<Ymd> {
    let sep = text.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
    let parts: Vec<&str> = text.split(sep).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || p.len() > 4) {
        return None;
    }
    let num = |s: &str| s.parse::<i32>().ok();
    let (y, m, d) = if parts[0].len() == 4 {
        (parts[0], parts[1], parts[2])
    } else {
        (parts[2], parts[1], parts[0])
    };
    // A one-digit year is a version number (`2.10.1`); three digits are a year typed
    // short (`4/11/205`), which the date rules report.
    if y.len() == 1 {
        return None;
    }
    let (mut month, mut day) = (num(m)?, num(d)?);
    // `02/26/2020`: a day past 12 in the middle is the American order.
    if parts[0].len() != 4 && month > 12 && (1..=12).contains(&day) {
        (month, day) = (day, month);
    }
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || d.len() > 2 || m.len() > 2 {
        return None;
    }
    Some(Ymd {
        year: expand_year(num(y)?, y.len()),
        year_digits: y.len(),
        month: month as i8,
        day: day as i8,
    })
}

/// A day, a month and a four-digit year (or the year first) as separate numbers with the
/// same separator between them (`26 | 01 | 2022`); the index of the last.
fn spaced_numeric_date(tokens: &[Token], at: usize) -> Option<(Ymd, usize)> {
    let parts = tokens.get(at..at + 5)?;
    let separator = parts[1].text;
    let numbers = [&parts[0], &parts[2], &parts[4]];
    // Two digits each for the day and the month, as a printed date pads them: a score
    // (`3 - 1 - 2022`) or a pager (`1 | 2 | 2020`) does not.
    let padded = |n: &Token| n.text.len() == 2;
    let spaced = matches!(separator, "|" | "/")
        && parts[3].text == separator
        && (numbers[0].text.len() == 4 && padded(numbers[1]) && padded(numbers[2])
            || numbers[2].text.len() == 4 && padded(numbers[0]) && padded(numbers[1]))
        && parts[1].kind == Kind::Punct
        && numbers
            .iter()
            .all(|n| n.kind == Kind::Number && n.text.bytes().all(|b| b.is_ascii_digit()))
        // Spaced: the tokens do not touch (`1/2` would be one token anyway).
        && parts.windows(2).all(|w| w[0].end < w[1].start);
    if !spaced {
        return None;
    }
    let joined = format!(
        "{}.{}.{}",
        numbers[0].text, numbers[1].text, numbers[2].text
    );
    numeric_date(&joined).map(|ymd| (ymd, at + 4))
}

/// Two-digit years are read in a window around 2000, as old portals printed them.
fn expand_year(year: i32, digits: usize) -> i32 {
    match digits {
        2 if year < 70 => 2000 + year,
        2 => 1900 + year,
        _ => year,
    }
}

/// Reads `09:25`, `10.15`, `21:04:33`.
fn numeric_time(text: &str) -> Option<PrintedTime> {
    let sep = text.chars().find(|c| matches!(c, ':' | '.'))?;
    let parts: Vec<&str> = text.split(sep).collect();
    if !(2..=3).contains(&parts.len())
        || parts[0].len() > 2
        || parts[1..].iter().any(|p| p.len() != 2)
    {
        return None;
    }
    let hour: i8 = parts[0].parse().ok()?;
    let minute: i8 = parts[1].parse().ok()?;
    let second: Option<i8> = parts.get(2).map(|s| s.parse()).transpose().ok()?;
    (hour <= 24 && minute < 60 && second.is_none_or(|s| s < 61)).then_some(PrintedTime {
        hour,
        minute,
        second,
    })
}

fn plain_number(token: &Token) -> Option<i32> {
    (token.kind == Kind::Number && token.text.chars().all(|c| c.is_ascii_digit()))
        .then(|| token.text.parse().ok())
        .flatten()
}

/// Finds one date among the tokens: the first month name or numeric date, with its day,
/// year, a weekday before it, and a time and zone after it.
fn compose(text: &str, tokens: &[Token]) -> Option<Composed> {
    let mut used = Vec::new();
    let mut ymd = None;
    let mut date_end = 0;
    for (i, t) in tokens.iter().enumerate() {
        // A number written onto a word is a version or a code (`v2.10.19`, `A1.2.20`). Asked
        // of numbers only: every token passes through eight windows, and the Unicode lookup
        // for a letter outside ASCII was a fifth of the time on a page of quotation marks.
        let glued = || {
            text[..t.start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic)
        };
        if t.kind == Kind::Number && !glued() {
            // `26 | 01 | 2022`, `26 / 01 / 2022`: the numeric form with spaced separators,
            // read as its unspaced twin.
            if let Some((found, last)) = spaced_numeric_date(tokens, i) {
                ymd = Some(found);
                used.extend(i..=last);
                date_end = last;
                break;
            }
            if let Some(mut found) = numeric_date(t.text) {
                // `-9999-01-01`: a year-first date with a minus sign before its year.
                let year_first = t.text.find(['/', '-', '.']) == Some(4);
                if year_first && minus_sign_before(text, tokens, i) {
                    found.year = -found.year;
                    used.push(i - 1);
                }
                ymd = Some(found);
                used.push(i);
                date_end = i;
                break;
            }
        }
        if t.kind == Kind::Word {
            let Some(month) = t.month else {
                continue;
            };
            // `1 April 2019`, `April 1, 2019`, `5. Mai 2019`, `26 de febrero de 2020`.
            let before = (1..=2).find_map(|back| {
                let j = i.checked_sub(back)?;
                if back == 2 && !(tokens[j + 1].text == "." || is_link(tokens[j + 1].text)) {
                    return None;
                }
                plain_number(&tokens[j]).map(|n| (j, n))
            });
            // An abbreviation's dot may stand between the month and the day (`Feb. 23,
            // 2015`, AP style).
            let next = if tokens.get(i + 1).is_some_and(|tok| tok.text == ".") {
                i + 2
            } else {
                i + 1
            };
            let after = tokens
                .get(next)
                .and_then(|tok| plain_number(tok))
                .map(|n| (next, n));
            let (day_index, day) = match (before, after) {
                (Some((j, d)), _) if (1..=31).contains(&d) && tokens[j].text.len() <= 2 => (j, d),
                (_, Some((j, d))) if (1..=31).contains(&d) && tokens[j].text.len() <= 2 => (j, d),
                _ => continue,
            };
            // The same month named twice, in two calendars' words (`24 نيسان / أبريل 2020`).
            let month_end = match (tokens.get(i + 1), tokens.get(i + 2)) {
                (Some(slash), Some(again)) if slash.text == "/" && again.month == Some(month) => {
                    i + 2
                }
                _ => i,
            };
            let year = tokens[day_index.max(month_end) + 1..]
                .iter()
                .enumerate()
                .take(2)
                .find_map(|(k, tok)| {
                    let n = plain_number(tok)?;
                    (tok.text.len() >= 3).then_some((
                        day_index.max(month_end) + 1 + k,
                        n,
                        tok.text.len(),
                    ))
                });
            let Some((year_index, mut year, digits)) = year else {
                continue;
            };
            if minus_sign_before(text, tokens, year_index) {
                year = -year;
            }
            ymd = Some(Ymd {
                year,
                year_digits: digits,
                month,
                day: day as i8,
            });
            used.extend([day_index, i, month_end, year_index]);
            date_end = year_index;
            break;
        }
    }
    let ymd = ymd?;
    let date_start = *used.iter().min()?;

    // A weekday belongs to the date when only punctuation stands between them.
    let mut weekday = None;
    let mut weekday_language = None;
    let mut j = date_start;
    while j > 0 {
        j -= 1;
        match tokens[j].kind {
            Kind::Punct => continue,
            Kind::Word => {
                if let Some(day) = weekday_from_word(tokens[j].text) {
                    weekday = Some(day);
                    weekday_language = weekday_abbreviation_language(tokens[j].text);
                    used.push(j);
                }
                break;
            }
            Kind::Number => break,
        }
    }

    // A time and zone may follow, after a separator such as `|`, `,`, `-` or `pukul`.
    let mut time = None;
    let mut zone = None;
    let mut k = date_end + 1;
    let mut skipped_words = 0;
    while k < tokens.len() {
        let t = &tokens[k];
        match t.kind {
            Kind::Number if time.is_none() => match numeric_time(t.text) {
                Some(found) => {
                    time = Some(found);
                    used.push(k);
                    if let Some((clock, extra)) = meridiem(tokens, k, found) {
                        time = Some(clock);
                        k += extra.len();
                        used.extend(extra);
                    }
                }
                None => break,
            },
            Kind::Word if zone.is_none() && zone_from_word(t.text).is_some() => {
                let offset = zone_from_word(t.text).unwrap_or(0);
                let (name, extra, offset) = zone_with_offset(tokens, k, offset);
                zone = Some(Zone {
                    name,
                    offset_seconds: offset,
                });
                used.push(k);
                used.extend(extra);
                break;
            }
            Kind::Word if time.is_none() && is_noise(t.text) && skipped_words < 2 => {
                skipped_words += 1
            }
            Kind::Punct if matches!(t.text, "|" | "," | "-" | "–" | "/" | "(") => {}
            _ => break,
        }
        k += 1;
    }
    if time.is_none() {
        // A zone means nothing without a time; the weekday sits before the date and stays.
        zone = None;
        used.retain(|&u| u <= date_end);
    }

    let first = *used.iter().min()?;
    let last = *used.iter().max()?;
    let span = tokens[first].start..tokens[last].end;
    Some(Composed {
        date: PrintedDate {
            raw: text[span.clone()].to_string(),
            span,
            weekday,
            weekday_language,
            year: ymd.year,
            year_digits: ymd.year_digits,
            month: ymd.month,
            day: ymd.day,
            time,
            zone,
        },
        used,
    })
}

/// Whether the token at `at` has a minus sign written onto it that follows a space or
/// opens the text (`Apr -0001`), not a hyphen between parts (`01-Apr-2019`).
fn minus_sign_before(text: &str, tokens: &[Token], at: usize) -> bool {
    let Some(sign) = at.checked_sub(1).map(|j| &tokens[j]) else {
        return false;
    };
    sign.text == "-"
        && sign.end == tokens[at].start
        && text[..sign.start]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || c == '(')
}

/// `11:03 PM`, `8:59 a.m.`: a 12-hour clock, turned into 24 hours.
fn meridiem(tokens: &[Token], at: usize, time: PrintedTime) -> Option<(PrintedTime, Vec<usize>)> {
    let next = tokens.get(at + 1)?;
    if next.kind != Kind::Word {
        return None;
    }
    let word = next.text.to_ascii_lowercase();
    let mut used = vec![at + 1];
    let pm = match word.as_str() {
        "am" => false,
        "pm" => true,
        "a" | "p" => {
            // `a.m.`: the letters come as separate words around dots.
            tokens.get(at + 2).filter(|t| t.text == ".")?;
            tokens
                .get(at + 3)
                .filter(|t| t.text.eq_ignore_ascii_case("m"))?;
            used.extend([at + 2, at + 3]);
            if tokens.get(at + 4).is_some_and(|t| t.text == ".") {
                used.push(at + 4);
            }
            word == "p"
        }
        _ => return None,
    };
    if !(1..=12).contains(&time.hour) {
        return None;
    }
    let hour = match (pm, time.hour) {
        (false, 12) => 0,
        (true, 12) => 12,
        (true, h) => h + 12,
        (false, h) => h,
    };
    Some((PrintedTime { hour, ..time }, used))
}

/// `GMT+7`, `UTC+07:00`: a sign and hours right after the zone name. An offset no zone
/// has (`GMT+7:99999999`) is kept as printed with no offset, for the rules to report,
/// rather than cut off to leave the bare name's offset.
fn zone_with_offset(tokens: &[Token], at: usize, base: i32) -> (String, Vec<usize>, Option<i32>) {
    let name = tokens[at].text.to_uppercase();
    if let (Some(sign), Some(num)) = (tokens.get(at + 1), tokens.get(at + 2)) {
        let adjacent = sign.start == tokens[at].end && num.start == sign.end;
        if adjacent && matches!(sign.text, "+" | "-") && num.kind == Kind::Number {
            let secs = offset_hours_minutes(num.text).map(|(h, minutes)| {
                (h * 3600 + minutes * 60) * if sign.text == "-" { -1 } else { 1 }
            });
            return (
                format!("{name}{}{}", sign.text, num.text),
                vec![at + 1, at + 2],
                secs,
            );
        }
    }
    (name, Vec::new(), Some(base))
}

/// The hours and minutes after a zone's sign: `7`, `07`, `07:00`, `0700`, `5:30`. `None` for
/// anything no zone uses (`7:99999999`, `15`, `07:75`): real offsets run from -12 to +14.
fn offset_hours_minutes(text: &str) -> Option<(i32, i32)> {
    let (hours, minutes) = match text.split_once(':') {
        Some((h, m)) if m.len() == 2 => (h, m),
        Some(_) => return None,
        None if text.len() == 4 => text.split_at(2),
        None => (text, "00"),
    };
    if hours.is_empty() || hours.len() > 2 || !text.bytes().all(|b| b.is_ascii_digit() || b == b':')
    {
        return None;
    }
    let (h, m) = (hours.parse::<i32>().ok()?, minutes.parse::<i32>().ok()?);
    (h <= 14 && m < 60 && (m % 15) == 0).then_some((h, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_words_match_in_any_case_with_or_without_accents() {
        for (word, month) in [
            ("MEI", 5),
            ("Mei", 5),
            ("MÄRZ", 3),
            ("März", 3),
            ("DÉCEMBRE", 12),
        ] {
            assert_eq!(month_from_word(word), Some(month), "{word}");
        }
        assert_eq!(month_from_word("Septembermonat"), None);
    }

    #[test]
    fn tokens_keep_byte_offsets_past_multibyte_letters() {
        let text = "Jum’at, 5 März 2021 (12.30)";
        let tokens = tokenize(text);
        let texts: Vec<&str> = tokens.iter().map(|t| t.text).collect();
        assert_eq!(
            texts,
            ["Jum’at", ",", "5", "März", "2021", "(", "12.30", ")"]
        );
        for t in &tokens {
            assert_eq!(&text[t.start..t.end], t.text);
        }
        assert_eq!(tokens[3].month, Some(3));
    }

    fn assert_dates(cases: &[(&str, &str)]) {
        for (line, iso) in cases {
            assert_eq!(published(line).date.as_deref(), Some(*iso), "{line}");
        }
    }

    #[test]
    fn month_names_of_the_common_web_languages() {
        assert_dates(&[
            ("23. Juli 2017", "2017-07-23"),
            ("Veröffentlicht am 3. März 2020", "2020-03-03"),
            ("26 de febrero de 2020", "2020-02-26"),
            ("le 1er mars 2019", "2019-03-01"),
            ("12 février 2021", "2021-02-12"),
            ("5 maggio 2018", "2018-05-05"),
            ("14 lutego 2020", "2020-02-14"),
            ("7 октября 2019", "2019-10-07"),
            ("2 août 2016", "2016-08-02"),
            ("15 Dezember 2015", "2015-12-15"),
            ("3 de março de 2020", "2020-03-03"),
            ("الأربعاء، 07 أكتوبر 2020 - 12:09 م", "2020-10-07"),
            (
                "تم نشره الجمعة 24 نيسان / أبريل 2020 09:22 مساءً",
                "2020-04-24",
            ),
        ]);
    }

    #[test]
    fn numeric_dates_in_every_common_order() {
        assert_dates(&[
            ("26.02.2020", "2020-02-26"),
            ("2020-02-26", "2020-02-26"),
            ("02/26/2020", "2020-02-26"),
            ("26/02/2020", "2020-02-26"),
            ("2020/02/26", "2020-02-26"),
            ("26 | 01 | 2022", "2022-01-26"),
            ("26 / 01 / 2022", "2022-01-26"),
        ]);
        // A score or a pager, spaced like one, is not a date.
        for line in ["Skor 3 - 1 - 2022", "Halaman 1 | 2 | 2020", "2 / 1 / 2022"] {
            assert!(parse_date_line(line).is_none(), "{line}");
        }
    }

    #[test]
    fn version_numbers_are_not_dates() {
        for text in [
            "Rilis v2.10.1 tersedia",
            "version 2.10.1",
            "arsip v1.2.19",
            "build A1.2.123",
        ] {
            assert!(find_dates(text).is_empty(), "{text}");
        }
        // A real short date still reads.
        let short = &find_dates("Stand: 1.12.20")[0];
        assert_eq!((short.year, short.month, short.day), (2020, 12, 1));
    }

    #[test]
    fn absurd_zone_offsets_are_not_offsets() {
        // Issue #14: `GMT+7:99999999` gave `+473627:10` (and overflowed in debug builds);
        // then, cut to `GMT`, `+00:00`: seven hours off, silently (hostile case 09). The
        // zone is kept as printed with no offset, which the date rules report.
        let p = published("3 May 2019 08:00 GMT+7:99999999");
        assert_eq!(p.raw, "3 May 2019 08:00 GMT+7:99999999");
        assert_eq!(p.timezone.as_deref(), Some("GMT+7:99999999"));
        assert_eq!(p.offset, None);
        for (line, offset) in [
            ("3 May 2019 08:00 GMT+07:00", "+07:00"),
            ("3 May 2019 08:00 GMT+0530", "+05:30"),
            ("3 May 2019 08:00 UTC-5", "-05:00"),
        ] {
            assert_eq!(published(line).offset.as_deref(), Some(offset), "{line}");
        }
        for line in ["3 May 2019 08:00 GMT+15", "3 May 2019 08:00 GMT+7:75"] {
            assert_eq!(published(line).offset, None, "{line}");
        }
    }

    fn published(line: &str) -> Published {
        parse_date_line(line)
            .unwrap_or_else(|| panic!("no date in {line:?}"))
            .to_published(DateEvidence::Text)
    }

    #[test]
    fn indonesian_long_date() {
        let p = published("Senin, 1 April 2019");
        assert_eq!(p.raw, "Senin, 1 April 2019");
        assert_eq!(p.date.as_deref(), Some("2019-04-01"));
        assert_eq!(p.weekday, Some(Weekday::Monday));
        assert_eq!(p.time, None);
        assert_eq!(p.offset, None);
    }

    #[test]
    fn abbreviated_month_with_dotted_time_and_zone() {
        let p = published("Senin, 01 Apr 2019 10.15 WIB");
        assert_eq!(p.date.as_deref(), Some("2019-04-01"));
        assert_eq!(p.time.as_deref(), Some("10:15"));
        assert_eq!(p.offset.as_deref(), Some("+07:00"));
        assert_eq!(p.timezone.as_deref(), Some("WIB"));
    }

    #[test]
    fn numeric_dates_are_day_first() {
        let p = published("Kamis, 05/11/2015 09:25 WIB");
        assert_eq!(p.date.as_deref(), Some("2015-11-05"));
        assert_eq!(p.weekday, Some(Weekday::Thursday));
        assert_eq!(p.time.as_deref(), Some("09:25"));
    }

    #[test]
    fn pipe_between_date_and_time_and_view_counter_dropped() {
        let p = published("Rabu, 4 November 2015 | 21:04 wib | 998 Views");
        assert_eq!(p.raw, "Rabu, 4 November 2015 | 21:04 wib");
        assert_eq!(p.date.as_deref(), Some("2015-11-04"));
        assert_eq!(p.time.as_deref(), Some("21:04"));
        assert_eq!(p.timezone.as_deref(), Some("WIB"));
    }

    #[test]
    fn other_zones() {
        assert_eq!(
            published("Jumat, 3 Mei 2019 08:00 WITA").offset.as_deref(),
            Some("+08:00")
        );
        assert_eq!(
            published("Jumat, 3 Mei 2019 08:00 WIT").offset.as_deref(),
            Some("+09:00")
        );
        let gmt = published("3 May 2019 08:00 GMT+7");
        assert_eq!(gmt.offset.as_deref(), Some("+07:00"));
        assert_eq!(gmt.timezone.as_deref(), Some("GMT+7"));
    }

    #[test]
    fn twelve_hour_clocks() {
        assert_eq!(
            published("November 18, 2019 11:03 PM").time.as_deref(),
            Some("23:03")
        );
        assert_eq!(
            published("November 19, 2019 at 8:59 a.m.").time.as_deref(),
            Some("08:59")
        );
        assert_eq!(
            published("November 19, 2019 12:15 am").time.as_deref(),
            Some("00:15")
        );
    }

    #[test]
    fn english_forms() {
        let p = published("April 1, 2019");
        assert_eq!(p.date.as_deref(), Some("2019-04-01"));
        let p = published("Monday, 06 February 2017");
        assert_eq!(p.date.as_deref(), Some("2017-02-06"));
        assert_eq!(p.weekday, Some(Weekday::Monday));
    }

    #[test]
    fn old_spellings_and_abbreviations() {
        for (line, iso) in [
            ("12 Peb 2009", "2009-02-12"),
            ("17 Agt 2010", "2010-08-17"),
            ("17 Agu 2010", "2010-08-17"),
            ("10 Nop 2008", "2008-11-10"),
            ("3 Mrt 2011", "2011-03-03"),
            ("9 Sept 2012", "2012-09-09"),
            ("2 Djanuari 1999", "1999-01-02"),
        ] {
            assert_eq!(published(line).date.as_deref(), Some(iso), "{line}");
        }
        for line in [
            "Jum'at, 5 April 2019",
            "Jum’at, 5 April 2019",
            "Jumat, 5 April 2019",
        ] {
            assert_eq!(published(line).weekday, Some(Weekday::Friday), "{line}");
        }
        assert_eq!(
            published("Ahad, 7 April 2019").weekday,
            Some(Weekday::Sunday)
        );
    }

    #[test]
    fn weekday_contradicting_date_is_recorded_not_fixed() {
        let p = published("Selasa, 1 April 2019");
        assert_eq!(p.weekday, Some(Weekday::Tuesday));
        assert_eq!(p.date.as_deref(), Some("2019-04-01"));
    }

    #[test]
    fn impossible_date_keeps_raw_without_calendar_date() {
        let d = parse_date_line("Sabtu, 30 Februari 2019").expect("parts are read");
        assert_eq!((d.year, d.month, d.day), (2019, 2, 30));
        assert_eq!(d.civil_date(), None);
        assert_eq!(d.to_published(DateEvidence::Text).date, None);
    }

    #[test]
    fn prose_is_not_a_date_line() {
        assert!(parse_date_line(
            "Mereka diterima langsung Bupati Banyuwangi, Abdullah Azwar Anas, di Aula Rempeg Jogopati, Senin(01/04/2019)."
        )
        .is_none());
        assert!(parse_date_line("Diklatpim IV Balai Pelatihan Kesehatan Semarang").is_none());
    }

    #[test]
    fn weekday_with_day_and_month_only() {
        let found =
            find_weekday_day_month("rapat Senin (1/4) dan Rabu 3/4, bukan Kamis (01/04/2019).");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].raw, "Senin (1/4)");
        assert_eq!(
            (found[0].day, found[0].month, found[0].year_digits),
            (1, 4, 0)
        );
        assert_eq!(found[1].raw, "Rabu 3/4");
    }

    #[test]
    fn dates_mentioned_in_body_text() {
        let found = find_dates(
            "di Aula Rempeg Jogopati, Senin(01/04/2019). Diresmikan pada 6 Oktober 2017 lalu, Rabu (4/11/205).",
        );
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].raw, "Senin(01/04/2019");
        assert_eq!(found[0].weekday, Some(Weekday::Monday));
        assert_eq!(found[1].raw, "6 Oktober 2017");
        assert_eq!(found[2].year_digits, 3);
        assert_eq!(found[2].weekday, Some(Weekday::Wednesday));
    }
}
