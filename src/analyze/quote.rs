//! Direct quotations and who said them.
//!
//! Marks are recorded exactly as found, defects included: a quotation opened with `“` and
//! closed with `’` keeps both, and one opened with a reversed `”` keeps that. Attribution is
//! read from the words after the closing mark (`ujar Emmilya`, `kata Anas`, `imbuhnya`,
//! `Anas said`, `he added`) or before the opening one (`Anas said:`, `Menurut Anas,`).

use std::ops::Range;

use crate::model::Quote;

/// Indonesian attribution verbs; each also occurs with the suffix `-nya` ("said he/she").
pub const INDONESIAN_VERBS: &[&str] = &[
    "ujar", "kata", "ungkap", "jelas", "tutur", "terang", "imbuh", "tambah", "tandas", "pungkas",
    "tegas", "papar", "sebut", "lanjut", "ucap", "tukas",
];

/// English attribution verbs.
pub const ENGLISH_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "asked",
    "explained",
    "stated",
    "noted",
];

/// Indonesian verbs that follow a speaker's name in reported speech (`Anas mengatakan`),
/// marking who speaks next even outside a quotation.
const REPORTING_VERBS: &[&str] = &[
    "mengatakan",
    "menyatakan",
    "menjelaskan",
    "menambahkan",
    "mengungkapkan",
    "menegaskan",
    "menuturkan",
    "menyebutkan",
    "menerangkan",
    "memaparkan",
    "mengaku",
    "berharap",
];

/// Offices and honorifics that precede a name (`Bupati Anas`, `Kepala Dinas …, Satrio`);
/// the speaker is the person, so these are dropped from the name.
const TITLES: &[&str] = &[
    "bupati",
    "wakil",
    "gubernur",
    "presiden",
    "menteri",
    "kepala",
    "ketua",
    "sekretaris",
    "daerah",
    "camat",
    "lurah",
    "kades",
    "wali",
    "walikota",
    "kota",
    "direktur",
    "dirut",
    "kapolres",
    "kapolda",
    "kapolri",
    "kadis",
    "dinas",
    "bapak",
    "ibu",
    "pak",
    "bu",
    "mbah",
    "dr",
    "prof",
    "ir",
    "h",
    "hj",
    "kh",
    "minister",
    "president",
    "governor",
    "mayor",
    "regent",
    "mr",
    "mrs",
    "ms",
    "sekda",
    "plt",
    "pj",
];

/// Pronouns that point back to the last named speaker.
const PRONOUNS: &[&str] = &["ia", "dia", "beliau", "he", "she", "they"];

/// Where a quotation stands in its paragraph, for rules that point at it: the quotation
/// itself is the model's ([`Quote`], at the same index of `quotes`), so a body of
/// megabytes of quotations is held once, not twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteSpan {
    /// From the opening mark to the closing mark (or the paragraph's end).
    pub span: Range<usize>,
    /// The attribution verb as written, when there is one.
    pub verb_span: Option<Range<usize>>,
    /// Someone is said to speak: the attribution above, or one nearby that names no verb
    /// pattern the model records (an attribution word in the same sentence, a lead-in with a
    /// colon, an earlier attributed quotation in the paragraph, the paragraph before).
    pub attributed: bool,
    /// Unclosed at the paragraph's end, and the next paragraph opens with a mark of the same
    /// kind: the convention (English, and wire copy) for a quotation that runs on.
    pub continues: bool,
}

/// How an attribution verb was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerbMatch {
    /// In the lexicon as written.
    Exact { suffixed: bool },
    /// One edit away from a lexicon form (`tandasmya` for `tandasnya`): a typo, kept as
    /// written.
    Near { suffixed: bool },
}

/// Recognises an attribution verb, returning the nearest lexicon form for a near miss.
pub fn match_verb(word: &str) -> Option<(VerbMatch, String)> {
    let lower = word.to_lowercase();
    if ENGLISH_VERBS.contains(&lower.as_str()) {
        return Some((VerbMatch::Exact { suffixed: false }, lower));
    }
    for verb in INDONESIAN_VERBS {
        if lower == *verb {
            return Some((VerbMatch::Exact { suffixed: false }, lower));
        }
        if lower.strip_suffix("nya") == Some(verb) {
            return Some((VerbMatch::Exact { suffixed: true }, lower));
        }
    }
    // Short words are too close to ordinary ones (`kita` is one edit from `kata`).
    if lower.chars().count() < 6 {
        return None;
    }
    for verb in INDONESIAN_VERBS {
        let suffixed = format!("{verb}nya");
        if edit_distance(&lower, &suffixed) == 1 {
            return Some((VerbMatch::Near { suffixed: true }, suffixed));
        }
        if verb.len() >= 5 && edit_distance(&lower, verb) == 1 {
            return Some((VerbMatch::Near { suffixed: false }, verb.to_string()));
        }
    }
    None
}

/// Levenshtein distance with adjacent transpositions (optimal string alignment).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkKind {
    Double,
    Single,
}

fn mark_kind(c: char) -> Option<MarkKind> {
    match c {
        '“' | '”' | '"' | '«' | '»' | '„' => Some(MarkKind::Double),
        '‘' | '’' | '‚' => Some(MarkKind::Single),
        _ => None,
    }
}

/// A double or single quotation mark of any style (`"`, `“`, `”`, `„`, `«`, `»`, `‘`, `’`, `‚`).
pub fn is_quotation_mark(c: char) -> bool {
    mark_kind(c).is_some()
}

/// The most quotations an article lists. News articles hold tens; a page that would hold
/// more is a run of marks built to exhaust memory (each quotation costs its model about
/// 300 bytes: a line of 64 MB of marks took 2.2 GB), so the rest are not read.
pub const MAX_QUOTES: usize = 10_000;

/// Finds the quotations of every paragraph, resolving `-nya` verbs and pronouns to the
/// last speaker named before them, across paragraphs; at most [`MAX_QUOTES`].
pub fn find_quotes(body: &[String]) -> (Vec<Quote>, Vec<QuoteSpan>) {
    find_quotes_in(body, None)
}

/// [`find_quotes`] for an article in `language` (BCP 47), whose attribution words count
/// besides Indonesian and English ones: the quotations, and where each stands (same index).
pub fn find_quotes_in(body: &[String], language: Option<&str>) -> (Vec<Quote>, Vec<QuoteSpan>) {
    let mut quotes = Vec::new();
    let mut spans = Vec::new();
    let mut last_speaker: Option<String> = None;
    for (index, paragraph) in body.iter().enumerate() {
        if quotes.len() >= MAX_QUOTES {
            break;
        }
        let mut marks = scan_marks(paragraph);
        marks.truncate(MAX_QUOTES - quotes.len());
        if marks.is_empty() {
            // Only who it names last counts, for the quotations after it; its words are
            // never all held (a paragraph of millions of one-letter words held 512 MB).
            if let Some((_, name)) = mentions_by_chunk(paragraph).pop() {
                last_speaker = Some(name);
            }
            continue;
        }
        // The paragraph is cut into words once: attributions look up the words next to each
        // quotation in it, so a paragraph of thousands of marks stays linear.
        let all = words(paragraph);
        let mentions = speaker_mentions(paragraph, &all);
        let mut mention_at = 0;
        // At most one quotation a mark: no doubling past what a long paragraph needs.
        quotes.reserve(marks.len());
        spans.reserve(marks.len());
        for (span, open, close, text_range) in marks {
            // Speakers named in the text before this quotation count as the last speaker.
            while mention_at < mentions.len() && mentions[mention_at].0 < span.start {
                last_speaker = Some(mentions[mention_at].1.clone());
                mention_at += 1;
            }
            let attribution = close
                .is_some()
                .then(|| attribution_after(paragraph, &all, span.end))
                .flatten()
                .or_else(|| attribution_before(paragraph, &all, span.start));
            let (speaker, verb, verb_span) = match attribution {
                Some(a) => {
                    let speaker = match a.speaker {
                        Speaker::Named(name) => Some(name),
                        Speaker::Previous => last_speaker.clone(),
                        Speaker::Unknown => None,
                    };
                    (speaker, Some(a.verb), Some(a.verb_span))
                }
                None => (None, None, None),
            };
            if let Some(name) = &speaker {
                last_speaker = Some(name.clone());
            }
            quotes.push(Quote {
                text: paragraph[text_range].trim().to_string(),
                speaker,
                verb,
                paragraph: index,
                open: Some(open.to_string()),
                close: close.map(String::from),
            });
            spans.push(QuoteSpan {
                span,
                verb_span,
                attributed: false,
                continues: false,
            });
        }
        if let Some(last) = mentions[mention_at..].last() {
            last_speaker = Some(last.1.clone());
        }
    }
    mark_attributed(body, &quotes, &mut spans, language);
    (quotes, spans)
}

/// Sets [`QuoteSpan::continues`] and [`QuoteSpan::attributed`], in reading order: a
/// quotation counts as attributed when its own attribution was read, when an attribution
/// word stands in its sentence outside the marks (`…," wrote Martin Taylor`, `Habeck sagte:
/// „…“`, `Pompeo said the move was "not inconsistent"`), when an earlier quotation of its
/// paragraph is attributed (`"…," Dempsey said. "…"`), or when it opens its paragraph and
/// either continues the last one's quotation or follows a paragraph whose last sentence
/// attributes (`Erekat said it was the latest move.` / `"They wanted us on our knees."`).
fn mark_attributed(
    body: &[String],
    quotes: &[Quote],
    found: &mut [QuoteSpan],
    language: Option<&str>,
) {
    let kind_at = |text: &str| text.trim_start().chars().next().and_then(mark_kind);
    // The next paragraph's opening mark, past one short line of page chrome (`read more in
    // politics`) that extraction left between two paragraphs of one quotation: worked out
    // once per paragraph, not once per quotation.
    let next_open_kind = |paragraph: usize| {
        body.get(paragraph + 1)
            .and_then(|next| {
                let chrome = kind_at(next).is_none()
                    && next.split_whitespace().count() <= 6
                    && !next.trim_end().ends_with(['.', '!', '?', ':']);
                if chrome {
                    body.get(paragraph + 2)
                } else {
                    Some(next)
                }
            })
            .and_then(|next| kind_at(next))
    };
    // Running state of the paragraph being read, so that a paragraph of thousands of
    // quotations is read once rather than once per quotation.
    let mut current: Option<(usize, Option<MarkKind>)> = None;
    let mut earlier = false;
    let mut previous_end: Option<usize> = None;
    for i in 0..found.len() {
        let paragraph = quotes[i].paragraph;
        let text = &body[paragraph];
        let next_kind = match current {
            Some((at, kind)) if at == paragraph => kind,
            _ => {
                let kind = next_open_kind(paragraph);
                current = Some((paragraph, kind));
                earlier = false;
                previous_end = None;
                kind
            }
        };
        let next_opens = next_kind.filter(|kind| {
            Some(*kind)
                == quotes[i]
                    .open
                    .as_deref()
                    .and_then(|o| o.chars().next())
                    .and_then(mark_kind)
        });
        found[i].continues =
            quotes[i].close.is_none() && found[i].span.end == text.len() && next_opens.is_some();
        let opens_paragraph = text[..found[i].span.start].trim().is_empty();
        let from_before = opens_paragraph
            && paragraph > 0
            && (i > 0 && quotes[i - 1].paragraph + 1 == paragraph && {
                let q = &found[i - 1];
                q.continues && q.attributed
            } || last_sentence_attributes(&body[paragraph - 1], language));
        // The sentence starts no earlier than the last quotation of the paragraph ends, so
        // only the text since then is searched for its start.
        let searched_from = previous_end.unwrap_or(0).min(found[i].span.start);
        let sentence_start = searched_from
            + sentence_start_before(&text[searched_from..], found[i].span.start - searched_from);
        let before = &text[sentence_start..found[i].span.start];
        // The sentence after a quotation ends where the next quotation of the paragraph
        // opens (`"…," he said, "…"`): what follows is quoted, not attribution. In a run of
        // marks every quotation's sentence after is then empty, not 480 bytes of marks.
        let after_end = next_start_after(quotes, found, i).unwrap_or(text.len());
        let after = sentence_after(&text[..after_end], found[i].span.end);
        found[i].attributed = quotes[i].verb.is_some()
            || earlier
            || from_before
            || has_attribution_word(before, language)
            || has_attribution_word(after, language);
        earlier |= found[i].attributed;
        previous_end = Some(found[i].span.end);
    }
}

/// Where the next quotation of `found[i]`'s paragraph that starts after `found[i]` ends
/// opens. Nested quotations start inside it and are skipped; only a few are looked at, so a
/// paragraph of deeply nested marks stays linear.
fn next_start_after(quotes: &[Quote], found: &[QuoteSpan], i: usize) -> Option<usize> {
    let paragraph = quotes[i].paragraph;
    let end = found[i].span.end;
    (i + 1..found.len())
        .take(8)
        .take_while(|&j| quotes[j].paragraph == paragraph)
        .map(|j| found[j].span.start)
        .find(|&start| start >= end)
}

/// Where the sentence holding byte `at` starts: after the last `.`, `!` or `?` followed by
/// a space before it.
fn sentence_start_before(text: &str, at: usize) -> usize {
    let head = &text[..at];
    head.char_indices()
        .rev()
        .find(|&(i, c)| {
            matches!(c, '.' | '!' | '?')
                && head[i + c.len_utf8()..].starts_with(char::is_whitespace)
        })
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// The rest of the sentence after byte `from`, up to its end or the next opening mark, at
/// most 15 words and [`SENTENCE_AFTER_MAX_BYTES`].
fn sentence_after(text: &str, from: usize) -> &str {
    let rest = &text[from..];
    let mut words = 0;
    let mut prev_space = true;
    for (i, c) in rest.char_indices() {
        if i >= SENTENCE_AFTER_MAX_BYTES {
            return &rest[..i];
        }
        if matches!(c, '.' | '!' | '?') && i > 0 {
            return &rest[..i];
        }
        if i > 0 && prev_space && mark_kind(c).is_some() {
            return &rest[..i];
        }
        if c.is_whitespace() && !prev_space {
            words += 1;
            if words > 15 {
                return &rest[..i];
            }
        }
        prev_space = c.is_whitespace();
    }
    rest
}

/// 15 words of 32 bytes: text with no space or full stop in it (a run of marks, a URL)
/// would otherwise be read to the paragraph's end after every quotation in it.
const SENTENCE_AFTER_MAX_BYTES: usize = 15 * 32;

/// The last sentence of a paragraph names a speaker's act (`Erekat said it was…`) or
/// ends with a colon.
fn last_sentence_attributes(paragraph: &str, language: Option<&str>) -> bool {
    let text = paragraph.trim_end();
    if text.ends_with(':') {
        return true;
    }
    let end = text.trim_end_matches(['.', '!', '?', '"', '”', '“', '’', '»', '«']);
    let start = sentence_start_before(end, end.len());
    has_attribution_word(&end[start..], language)
}

/// Whether `text` holds a word of the attribution lexicon of Indonesian, English or
/// `language`.
pub fn has_attribution_word(text: &str, language: Option<&str>) -> bool {
    words(text)
        .iter()
        .any(|w| is_attribution_word(w.text, language))
}

/// A word of the attribution lexicon (data/attribution-verbs.tsv): Indonesian and English
/// always, and the article's own language. Indonesian words also count with `-nya`.
pub fn is_attribution_word(word: &str, language: Option<&str>) -> bool {
    // Every lexicon form starts with a letter; punctuation is never looked up.
    if !word.starts_with(char::is_alphabetic) {
        return false;
    }
    let lower = word.to_lowercase();
    let base = language.and_then(|l| l.split('-').next());
    lexicon().iter().any(|(lang, forms)| {
        (matches!(*lang, "id" | "en") || Some(*lang) == base)
            && (forms.contains(lower.as_str())
                || (*lang == "id"
                    && lower
                        .strip_suffix("nya")
                        .is_some_and(|stem| forms.contains(stem))))
    })
}

/// The attribution lexicon by language, read once from the data file.
fn lexicon() -> &'static [(&'static str, std::collections::BTreeSet<&'static str>)] {
    static LEXICON: std::sync::OnceLock<
        Vec<(&'static str, std::collections::BTreeSet<&'static str>)>,
    > = std::sync::OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut by_language: Vec<(&'static str, std::collections::BTreeSet<&'static str>)> =
            Vec::new();
        for line in ATTRIBUTION_WORDS.lines() {
            let Some((lang, form)) = line.split_once('\t') else {
                continue;
            };
            if line.starts_with('#') {
                continue;
            }
            match by_language.iter_mut().find(|(l, _)| *l == lang) {
                Some((_, forms)) => {
                    forms.insert(form.trim());
                }
                None => by_language.push((lang, [form.trim()].into_iter().collect())),
            }
        }
        by_language
    })
}

/// `language<TAB>form` lines; see the file's header for its source.
const ATTRIBUTION_WORDS: &str = include_str!("../../data/attribution-verbs.tsv");

fn is_boundary_before(c: Option<char>) -> bool {
    c.is_none_or(|c| {
        c.is_whitespace()
            || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/')
            || is_cjk(c)
            || mark_kind(c).is_some()
    })
}

/// Hangul, kana, CJK ideographs and their punctuation (`。`, `、`): scripts that write no space between a closing mark and
/// the particle after it (`”고`, `」と`), nor before an opening one.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'
        | '\u{3000}'..='\u{303F}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{3130}'..='\u{318F}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{FF00}'..='\u{FFEF}')
}

/// Within the rest of the sentence (at most 200 bytes), a closing double mark comes before
/// any opening one: a single mark before it (`“Takin’ It To the Streets,”`) is an elision
/// apostrophe, not the quotation's close.
fn closes_later(rest: &str) -> bool {
    let mut prev: Option<char> = None;
    let mut chars = rest.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if at > 200 {
            return false;
        }
        let next = chars.peek().map(|n| n.1);
        if matches!(c, '.' | '!' | '?') && next.is_some_and(char::is_whitespace) {
            return false;
        }
        if mark_kind(c) == Some(MarkKind::Double) {
            let closing = prev.is_some_and(|p| !p.is_whitespace()) && is_boundary_after(next);
            return closing && c != '“' && c != '„' && c != '«';
        }
        prev = Some(c);
    }
    false
}

/// What follows a single mark is a contraction's or a year's tail (`isn ‘t`, `‘s`, `‘90s`):
/// the mark is an apostrophe typed with a space, not an opening one.
fn is_elision(rest: &str) -> bool {
    let word: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
    let after = rest[word.len()..].chars().next();
    let tail = matches!(word.as_str(), "t" | "s" | "re" | "ll" | "ve" | "d" | "m")
        || (word.len() >= 2
            && word.trim_end_matches('s').len() == 2
            && word
                .trim_end_matches('s')
                .chars()
                .all(|c| c.is_ascii_digit()));
    tail && is_boundary_after(after)
}

/// An apostrophe, not a closing mark, inside a double-quoted passage: `’` or `'` after a
/// plural `s` and before a space (`Democrats’ central allegation`). (Between two letters it
/// never closes anything: a closing mark stands at a word's end.)
fn is_plural_apostrophe(c: char, prev: Option<char>, next: Option<char>) -> bool {
    matches!(c, '’' | '\'')
        && matches!(prev, Some('s' | 'S'))
        && next.is_some_and(char::is_whitespace)
}

fn is_boundary_after(c: Option<char>) -> bool {
    c.is_none_or(|c| {
        c.is_whitespace()
            || matches!(
                c,
                '.' | ',' | ';' | ':' | '!' | '?' | ')' | '[' | ']' | '}' | '—' | '–' | '-' | '…'
            )
            || mark_kind(c).is_some()
            || is_cjk(c)
    })
}

/// One double mark is straight and the other typographic (curly, low or a guillemet).
fn other_style(a: char, b: char) -> bool {
    (a == '"') != (b == '"')
}

/// A closing mark straight after its own opening one (`“”`, `‘’`, `„“`): the close of an
/// empty pair, not a reversed opening mark (after `“` a `”` is a boundary, so it could
/// otherwise open a quotation, and "mending" it would break a well-formed pair).
fn ends_empty_pair(prev: Option<char>, c: char) -> bool {
    matches!(
        (prev, c),
        (Some('“'), '”') | (Some('‘'), '’') | (Some('„'), '“' | '”') | (Some('‚'), '‘' | '’')
    )
}

type Scanned = (Range<usize>, char, Option<char>, Range<usize>);

/// Both neighbours of a mark are ideographs, kana, Hangul or their punctuation.
fn is_cjk_pair(prev: Option<char>, next: Option<char>) -> bool {
    prev.is_some_and(is_cjk) && next.is_some_and(is_cjk)
}

/// A right double mark glued to the next word inside a quotation opened with its left
/// counterpart (`10 “pip”cards`, `tarot cards,”Kaplan says`): the close, with the space after
/// it missing. No convention opens with `”` after a letter (Swedish and Finnish open with it
/// after a space), so it cannot start anything.
fn closes_glued(mark: char, c: char, prev: Option<char>, next: Option<char>) -> bool {
    matches!((mark, c), ('“', '”') | ('„', '“' | '”'))
        // After a mark it is a doubled or reversed opening one (`“”This`), not a close.
        && prev.is_some_and(|p| !p.is_whitespace() && mark_kind(p).is_none())
        && next.is_some_and(char::is_alphanumeric)
}

/// Pairs opening and closing marks. An opening mark stands at a word's start, a closing one
/// at a word's end, so apostrophes inside words (`Jum’at`) are never marks.
fn scan_marks(paragraph: &str) -> Vec<Scanned> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char, MarkKind)> = None;
    let mut nested_single = false;
    let mut nested_straight = false;
    // A quotation inside one set in the other style of double marks (straight in curly
    // or low ones, or the reverse) is open.
    let mut nested_other_style = false;
    // Curly marks after the one being read: a curly mark inside a curly quotation nests
    // when more closing marks follow than opening ones, two at least (its own close and
    // the outer one's).
    let mut left_after = paragraph.matches('“').count();
    let mut right_after = paragraph.matches('”').count();
    let mut straight_after = paragraph.matches('"').count();
    let mut chars = paragraph.char_indices().peekable();
    let mut prev: Option<char> = None;
    while let Some((at, c)) = chars.next() {
        let before = prev.replace(c);
        let Some(kind) = mark_kind(c) else { continue };
        match c {
            '“' => left_after -= 1,
            '”' => right_after -= 1,
            '"' => straight_after -= 1,
            _ => {}
        }
        let prev = before;
        let next = chars.peek().map(|n| n.1);
        // A left mark opens after anything but a letter: Chinese and Japanese set it straight
        // after a digit or a half-width stop (`双11“无套路`, `张磊;“物质科学奖”`). After a
        // letter it may be a close typed with the wrong mark (`“text“ said`).
        let left_mark_opens = matches!(c, '“' | '„') && prev.is_none_or(|p| !p.is_alphabetic());
        let opens = (is_boundary_before(prev) || left_mark_opens)
            && next.is_some_and(|n| !n.is_whitespace());
        // A mark standing alone between spaces cannot open; inside a quotation it is the
        // close, typed with a stray space (`ourselves? " she wrote`).
        let stray = prev.is_some_and(char::is_whitespace) && next.is_none_or(char::is_whitespace);
        let closes = (prev.is_some_and(|p| !p.is_whitespace()) || stray) && is_boundary_after(next);
        let end = at + c.len_utf8();
        match open {
            None if opens && c != '»' && !ends_empty_pair(prev, c) => {
                if kind == MarkKind::Single && is_elision(&paragraph[end..]) {
                    continue;
                }
                open = Some((at, c, kind));
                nested_single = false;
                nested_straight = false;
                nested_other_style = false;
            }
            None => {}
            Some((start, mark, open_kind)) => {
                // A right mark inside a quotation opened with the left one, spaced as an
                // opening one, is its close when no other right mark follows (`“A Most
                // Violent Year, ”out on Dec. 31`); with one, it opens an inner quotation
                // reversed (`“… The time for ”little steps” is long gone …`). Straight after
                // the opening mark it doubles it (`“”This`).
                let misspaced_close = mark == '“'
                    && c == '”'
                    && right_after == 0
                    && prev.is_some_and(char::is_whitespace)
                    && !nested_straight
                    && !nested_other_style;
                let closes = closes || closes_glued(mark, c, prev, next) || misspaced_close;
                // Between ideographs a mark could open or close; a left mark opens (but in
                // German, where `„` opens, `“` closes).
                let closes = closes && !(c == '“' && opens && mark != '„');
                if open_kind == MarkKind::Double
                    && !nested_single
                    && kind == MarkKind::Single
                    && (is_plural_apostrophe(c, prev, next)
                        || (closes && closes_later(&paragraph[end..])))
                {
                    continue;
                }
                // The same marks nested: `"… station "Zvenigorod" …"`, `«… «…» …»`, and
                // curly ones when the closing marks left over after the later quotations'
                // are two, the inner one's and the outer one's (`“… les “gilets jaunes” se
                // nourrissent … détermination.”`, however long the outer quotation); with
                // one, the first quotation was left open (`“Glasgow (“No Place Like Home”).`).
                let same_nests = match c {
                    '"' | '«' => true,
                    '“' => right_after >= left_after + 2,
                    _ => false,
                };
                if c == mark && same_nests && opens && !closes && !nested_straight {
                    nested_straight = true;
                } else if nested_straight
                    && closes
                    && matches!((mark, c), ('"', '"') | ('«', '»') | ('“', '”'))
                {
                    nested_straight = false;
                    // Both end together and share one closing mark: `«… «…!»`.
                    if paragraph[end..]
                        .chars()
                        .all(|ch| ch.is_whitespace() || matches!(ch, '.' | '!' | '?' | ','))
                    {
                        out.push((start..end, mark, Some(c), start + mark.len_utf8()..at));
                        open = None;
                    }
                } else if open_kind == MarkKind::Double
                    && kind == MarkKind::Double
                    && other_style(c, mark)
                    && (nested_other_style
                        || (opens && !closes)
                        // Between ideographs (`所谓的"张经理"解释`): a straight mark that
                        // another one follows opens the inner quotation.
                        || (opens && c == '"' && straight_after > 0 && is_cjk_pair(prev, next)))
                {
                    // `"… murmured “Aguamenti” too …"`, `"… „upartych partnerów” bez gazu …"`:
                    // the inner quotation opens, or closes with a mark of its own style.
                    nested_other_style = !nested_other_style;
                } else if open_kind == MarkKind::Double && kind == MarkKind::Single && opens {
                    nested_single = true;
                } else if nested_single && kind == MarkKind::Single && closes {
                    nested_single = false;
                } else if closes {
                    out.push((start..end, mark, Some(c), start + mark.len_utf8()..at));
                    open = None;
                } else if opens && kind == MarkKind::Double {
                    // A new quotation opens before the last one closed.
                    out.push((start..at, mark, None, start + mark.len_utf8()..at));
                    open = Some((at, c, kind));
                    nested_single = false;
                    nested_straight = false;
                    nested_other_style = false;
                }
            }
        }
    }
    if let Some((start, mark, _)) = open {
        let end = paragraph.len();
        out.push((start..end, mark, None, start + mark.len_utf8()..end));
    }
    out
}

/// A word of a paragraph. Where it stands is worked out from where its text is (see
/// [`Word::start`]) rather than kept: a paragraph can hold millions of words.
#[derive(Debug, Clone, Copy)]
struct Word<'a> {
    text: &'a str,
}

impl Word<'_> {
    /// The byte offset of the word in `paragraph`, the text it was cut from.
    fn start(&self, paragraph: &str) -> usize {
        self.text.as_ptr() as usize - paragraph.as_ptr() as usize
    }

    fn end(&self, paragraph: &str) -> usize {
        self.start(paragraph) + self.text.len()
    }
}

/// Words with their byte ranges; punctuation other than inner apostrophes and hyphens ends a
/// word and is reported as a one-character word so that callers see clause breaks.
/// Counted first, then collected into a vector of exactly that size: a paragraph can be
/// tens of megabytes, and a growing vector would hold up to three times its words.
fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::with_capacity(Words::new(text).count());
    out.extend(Words::new(text));
    out
}

/// The words of a text, one at a time (see [`words`]).
struct Words<'a> {
    text: &'a str,
    // No table of the paragraph's characters: a paragraph can be a megabyte.
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    /// A punctuation word found right after the word just returned.
    pending: Option<Word<'a>>,
}

impl<'a> Words<'a> {
    fn new(text: &'a str) -> Self {
        Words {
            text,
            chars: text.char_indices().peekable(),
            pending: None,
        }
    }
}

impl<'a> Iterator for Words<'a> {
    type Item = Word<'a>;

    fn next(&mut self) -> Option<Word<'a>> {
        if let Some(word) = self.pending.take() {
            return Some(word);
        }
        let text = self.text;
        let word = |from: usize, to: usize| Word {
            text: &text[from..to],
        };
        let mut start: Option<usize> = None;
        while let Some((at, c)) = self.chars.next() {
            let next = self.chars.peek().map(|n| n.1);
            let inner = matches!(c, '\'' | '’' | '-' | '.')
                && start.is_some()
                && next.is_some_and(char::is_alphanumeric);
            if c.is_alphanumeric() || inner {
                start.get_or_insert(at);
                continue;
            }
            let mark = (!c.is_whitespace()).then(|| word(at, at + c.len_utf8()));
            match start {
                Some(s) => {
                    self.pending = mark;
                    return Some(word(s, at));
                }
                None if mark.is_some() => return mark,
                None => {}
            }
        }
        start.map(|s| word(s, text.len()))
    }
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

fn is_pronoun(word: &str) -> bool {
    PRONOUNS.contains(&word.to_lowercase().as_str())
}

fn is_name_word(word: &Word) -> bool {
    is_capitalised(word.text) && word.text.chars().any(char::is_alphabetic)
}

fn is_title(word: &str) -> bool {
    TITLES.contains(&word.to_lowercase().trim_end_matches('.'))
}

/// The person named by a run of capitalised words from the start: office titles dropped
/// (`Bupati Anas` -> `Anas`), or, when the run is only an office (`Kepala Dinas Perhubungan
/// Jawa Tengah, Satrio Hidayat`), the name standing after the comma.
fn name_at(words: &[Word]) -> Option<String> {
    let n = words.iter().take(6).take_while(|w| is_name_word(w)).count();
    // `Ia menambahkan`: a pronoun at a sentence start is capitalised but names nobody.
    if n == 0 || (n == 1 && is_pronoun(words[0].text)) {
        return None;
    }
    let run = &words[..n];
    let join = |ws: &[Word]| ws.iter().map(|w| w.text).collect::<Vec<_>>().join(" ");
    if is_title(run[0].text) {
        let apposition = words
            .get(n)
            .filter(|w| w.text == ",")
            .and(words.get(n + 1..));
        if let Some(after) = apposition {
            let m = after.iter().take(5).take_while(|w| is_name_word(w)).count();
            if m > 0 && !after[..m].iter().all(|w| is_title(w.text)) {
                return Some(join(&after[..m]));
            }
        }
        let person = run.iter().position(|w| !is_title(w.text))?;
        // Titles then a short name (`Bupati Anas`, `Sekretaris Daerah Mujiono`): the name.
        if n - person <= 3 {
            return Some(join(&run[person..]));
        }
    }
    Some(join(run))
}

/// A run of capitalised words ending at the end of `words`.
fn name_before(words: &[Word]) -> Option<String> {
    let n = words
        .iter()
        .rev()
        .take(5)
        .take_while(|w| is_capitalised(w.text) && w.text.chars().any(char::is_alphabetic))
        .count();
    (n > 0).then(|| {
        words[words.len() - n..]
            .iter()
            .map(|w| w.text)
            .collect::<Vec<_>>()
            .join(" ")
    })
}

enum Speaker {
    Named(String),
    Previous,
    Unknown,
}

struct Attribution {
    speaker: Speaker,
    verb: String,
    verb_span: Range<usize>,
}

fn is_suffixed(found: VerbMatch) -> bool {
    matches!(
        found,
        VerbMatch::Exact { suffixed: true } | VerbMatch::Near { suffixed: true }
    )
}

/// `…,” ujar Emmilya.`, `…,” imbuhnya.`, `…," Anas said.`, `…," he added.`
fn attribution_after(paragraph: &str, all: &[Word], from: usize) -> Option<Attribution> {
    let mut rest: &[Word] = &all[all.partition_point(|w| w.start(paragraph) < from)..];
    // Only a comma or dash may stand between the mark and the attribution; a full stop ends it.
    while let Some(first) = rest.first() {
        match first.text {
            "," | "–" | "—" | "-" => rest = &rest[1..],
            _ => break,
        }
    }
    let first = rest.first()?;
    if let Some((found, _)) = match_verb(first.text) {
        let after = &rest[1..];
        let speaker = if is_suffixed(found) || after.first().is_some_and(|w| is_pronoun(w.text)) {
            Speaker::Previous
        } else {
            name_at(after).map_or(Speaker::Unknown, Speaker::Named)
        };
        return Some(Attribution {
            speaker,
            verb: first.text.to_string(),
            verb_span: first.start(paragraph)..first.end(paragraph),
        });
    }
    // `Anas said` or `he added`: a name or pronoun, then an English verb.
    let name_len = rest
        .iter()
        .take(5)
        .take_while(|w| is_capitalised(w.text) && w.text.chars().any(char::is_alphabetic))
        .count();
    let (speaker, verb_at) = if rest.first().is_some_and(|w| is_pronoun(w.text)) {
        (Speaker::Previous, 1)
    } else if name_len > 0 {
        (Speaker::Named(name_at(rest)?), name_len)
    } else {
        return None;
    };
    let verb = rest.get(verb_at)?;
    if !ENGLISH_VERBS.contains(&verb.text.to_lowercase().as_str()) {
        return None;
    }
    Some(Attribution {
        speaker,
        verb: verb.text.to_string(),
        verb_span: verb.start(paragraph)..verb.end(paragraph),
    })
}

/// `Anas said: “…”`, `kata Anas, “…”`, `Menurut Anas, “…”`.
fn attribution_before(paragraph: &str, all: &[Word], to: usize) -> Option<Attribution> {
    let head = &all[..all.partition_point(|w| w.end(paragraph) <= to)];
    let (last, rest) = head.split_last()?;
    if !matches!(last.text, ":" | ",") {
        return None;
    }
    // The clause just before the mark, back to the previous punctuation.
    let clause_start = rest
        .iter()
        .rposition(|w| !w.text.chars().any(char::is_alphanumeric))
        .map_or(0, |p| p + 1);
    let clause = &rest[clause_start..];
    let (verb_word, before_verb) = clause.split_last()?;
    if let Some((VerbMatch::Exact { .. }, _)) = match_verb(verb_word.text) {
        let speaker = if before_verb.last().is_some_and(|w| is_pronoun(w.text)) {
            Speaker::Previous
        } else {
            name_before(before_verb).map_or(Speaker::Unknown, Speaker::Named)
        };
        return Some(Attribution {
            speaker,
            verb: verb_word.text.to_string(),
            verb_span: verb_word.start(paragraph)..verb_word.end(paragraph),
        });
    }
    // `kata Anas` / `Menurut Anas`: the verb comes first, the name runs to the mark.
    let verb_at = clause.iter().rposition(|w| {
        w.text.eq_ignore_ascii_case("menurut")
            || matches!(
                match_verb(w.text),
                Some((VerbMatch::Exact { suffixed: false }, _))
            )
    })?;
    let name_words = &clause[verb_at + 1..];
    let name = name_at(name_words).filter(|n| n.split(' ').count() == name_words.len())?;
    let verb = &clause[verb_at];
    Some(Attribution {
        speaker: Speaker::Named(name),
        verb: verb.text.to_string(),
        verb_span: verb.start(paragraph)..verb.end(paragraph),
    })
}

/// How many words around a reporting verb [`speaker_mentions`] looks at: six names before
/// it, and after it a name of six words, a comma and an apposition of five.
const MENTION_LOOK_BACK: usize = 6;
const MENTION_LOOK_AHEAD: usize = 13;

/// [`speaker_mentions`], with the paragraph's words taken a few thousand at a time: each
/// mention depends only on the words near its verb, so the chunks overlap by as many.
fn mentions_by_chunk(paragraph: &str) -> Vec<(usize, String)> {
    const CHUNK: usize = 4096;
    let mut words = Words::new(paragraph);
    let mut chunk: Vec<Word> = Vec::with_capacity(CHUNK + MENTION_LOOK_BACK + MENTION_LOOK_AHEAD);
    let mut out: Vec<(usize, String)> = Vec::new();
    // Words before this byte offset had all their context in an earlier chunk.
    let mut done = 0;
    loop {
        let before = chunk.len();
        chunk.extend(words.by_ref().take(CHUNK));
        let last = chunk.len() - before < CHUNK;
        // A word is settled when the words it looks ahead at are in the chunk.
        let settled = if last {
            chunk.len()
        } else {
            chunk.len() - MENTION_LOOK_AHEAD
        };
        let settled_end = chunk
            .get(settled)
            .map_or(usize::MAX, |w| w.start(paragraph));
        out.extend(
            speaker_mentions(paragraph, &chunk)
                .into_iter()
                .filter(|(at, _)| *at >= done && *at < settled_end),
        );
        if last {
            return out;
        }
        done = settled_end;
        // Keep the unsettled words and the look-back before them.
        let keep = settled.saturating_sub(MENTION_LOOK_BACK);
        chunk.drain(..keep);
    }
}

/// Speakers named outside any quotation, in order, so that a later `-nya` verb or pronoun
/// points at them: `lanjut Emmliya,`, `Menurut Satrio,`, `Menteri … Budi Karya mengatakan`.
fn speaker_mentions(paragraph: &str, all: &[Word]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, w) in all.iter().enumerate() {
        let lower = w.text.to_lowercase();
        if INDONESIAN_VERBS.contains(&lower.as_str()) || lower == "menurut" {
            if let Some(name) = name_at(&all[i + 1..]) {
                out.push((w.start(paragraph), name));
            }
        } else if REPORTING_VERBS.contains(&lower.as_str()) {
            let start = i - all[..i]
                .iter()
                .rev()
                .take(MENTION_LOOK_BACK)
                .take_while(|x| is_name_word(x))
                .count();
            if let Some(name) = name_at(&all[start..i]) {
                out.push((w.start(paragraph), name));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_by_chunk_are_the_mentions_of_the_whole_paragraph() {
        // Chunks take 4,096 words. A verb with names after it once every 4,095 words stands
        // one word earlier against each chunk's end; one with names before it once every
        // 4,097 words one word later: across 60 of each, the names fall on every side of
        // the edges.
        let mut paragraph = String::new();
        for _ in 0..60 {
            paragraph.push_str("kata Bupati Abdullah Azwar Anas , Ketua Dewan Budi Santoso ");
            paragraph.push_str(&"lalu ".repeat(4_095 - 10));
        }
        for _ in 0..60 {
            paragraph.push_str("Mary Ann Smith mengatakan ");
            paragraph.push_str(&"lalu ".repeat(4_097 - 4));
        }
        let whole = speaker_mentions(&paragraph, &words(&paragraph));
        assert_eq!(whole.len(), 120);
        assert_eq!(mentions_by_chunk(&paragraph), whole);
    }

    #[test]
    fn an_article_lists_at_most_max_quotes() {
        let marks = "“a,” kata Anas. ".repeat(MAX_QUOTES / 2 + 10);
        let (found, spans) = find_quotes(&[marks.clone(), marks.clone(), marks]);
        assert_eq!((found.len(), spans.len()), (MAX_QUOTES, MAX_QUOTES));
        assert_eq!(found.last().map(|q| q.paragraph), Some(1));
    }

    fn quotes(paragraphs: &[&str]) -> Vec<Quote> {
        let body: Vec<String> = paragraphs.iter().map(|p| p.to_string()).collect();
        find_quotes(&body).0
    }

    #[test]
    fn curly_quote_with_verb_and_name() {
        let q = quotes(&["Dia menyatakan. “Sengaja kami pilih,,” ujar Emmilya."]);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].text, "Sengaja kami pilih,,");
        assert_eq!(q[0].speaker.as_deref(), Some("Emmilya"));
        assert_eq!(q[0].verb.as_deref(), Some("ujar"));
        assert_eq!(
            (q[0].open.as_deref(), q[0].close.as_deref()),
            (Some("“"), Some("”"))
        );
    }

    #[test]
    fn nya_verb_resolves_to_last_named_speaker_across_paragraphs() {
        let q = quotes(&[
            "\"Sebagai terluas di Jawa Timur,\" terang Anas.",
            "\"Pulang dari sana,\" imbuhnya.",
        ]);
        assert_eq!(q[1].speaker.as_deref(), Some("Anas"));
        assert_eq!(q[1].verb.as_deref(), Some("imbuhnya"));
    }

    #[test]
    fn misspelt_verb_is_kept_as_written_and_resolved() {
        let q =
            quotes(&["Selain itu, lanjut Emmliya, yang mendorong. “Dan kami senang,” tandasmya."]);
        assert_eq!(q[0].verb.as_deref(), Some("tandasmya"));
        assert_eq!(q[0].speaker.as_deref(), Some("Emmliya"));
        assert_eq!(
            match_verb("tandasmya"),
            Some((VerbMatch::Near { suffixed: true }, "tandasnya".to_string()))
        );
    }

    #[test]
    fn defective_pairs_are_recorded_as_found() {
        let q = quotes(&[
            "Program desa “Smart Kampung’. Program ini. ”Dengan Smart Kampung, cukup,” kata Anas.",
        ]);
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].text, "Smart Kampung");
        assert_eq!(
            (q[0].open.as_deref(), q[0].close.as_deref()),
            (Some("“"), Some("’"))
        );
        assert_eq!(q[0].speaker, None);
        assert_eq!(q[1].open.as_deref(), Some("”"));
        assert_eq!(q[1].speaker.as_deref(), Some("Anas"));
    }

    #[test]
    fn an_empty_pair_glued_to_words_opens_nothing() {
        // Hostile case 08: the `”` of `“”` was read as a reversed opening mark.
        assert!(quotes(&["ANTARAẞ“”ıIKAFÉ 2019 dan 01-Senin"]).is_empty());
        assert!(quotes(&["kata x‘’y lalu"]).is_empty());
    }

    #[test]
    fn apostrophes_inside_words_are_not_marks() {
        assert!(quotes(&["Pada hari Jum’at dan Jum'at lalu."]).is_empty());
    }

    #[test]
    fn english_attributions() {
        let q = quotes(&[
            "\"We are ready,\" Widodo said.",
            "\"It works,\" he added.",
            "\"Fine,\" said Retno Marsudi.",
            "The minister said: \"We will go.\"",
        ]);
        assert_eq!(q[0].speaker.as_deref(), Some("Widodo"));
        assert_eq!(q[1].speaker.as_deref(), Some("Widodo"));
        assert_eq!(q[1].verb.as_deref(), Some("added"));
        assert_eq!(q[2].speaker.as_deref(), Some("Retno Marsudi"));
        assert_eq!(q[3].verb.as_deref(), Some("said"));
    }

    #[test]
    fn attribution_before_the_quote() {
        let q = quotes(&["Menurut Anas, “Banyuwangi terus berbenah.”"]);
        assert_eq!(q[0].speaker.as_deref(), Some("Anas"));
        assert_eq!(q[0].verb.as_deref(), Some("Menurut"));
    }

    #[test]
    fn unclosed_quote_runs_to_paragraph_end() {
        let q = quotes(&["“Kami akan terus berbenah dan melayani"]);
        assert_eq!(q[0].close, None);
        assert_eq!(q[0].text, "Kami akan terus berbenah dan melayani");
    }

    #[test]
    fn nested_single_quotes_stay_inside() {
        let q = quotes(&["“Program ‘Smart Kampung’ berjalan,” kata Anas."]);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].text, "Program ‘Smart Kampung’ berjalan,");
    }

    #[test]
    fn office_titles_are_not_part_of_the_name() {
        let q = quotes(&[
            "\"Posko dijaga 24 jam,\" kata Kepala Dinas Perhubungan Jawa Tengah, Satrio Hidayat, di Semarang.",
            "“Semua siaga,” kata Sekretaris Daerah Mujiono.",
            "“Terima kasih,” kata Bupati Anas.",
        ]);
        assert_eq!(q[0].speaker.as_deref(), Some("Satrio Hidayat"));
        assert_eq!(q[1].speaker.as_deref(), Some("Mujiono"));
        assert_eq!(q[2].speaker.as_deref(), Some("Anas"));
    }

    #[test]
    fn reported_speech_names_the_next_speaker() {
        let q = quotes(&[
            "\"Bandara itu urat nadi,\" kata Jokowi.",
            "Menteri Perhubungan Budi Karya Sumadi menyatakan siap. \"Delapan bandara selesai,\" jelasnya.",
            "Menurut Satrio, posko lengkap. \"Kami siap,\" ujarnya.",
        ]);
        // An office with a department before the name is kept whole: department names are
        // an open set, and a wrong cut would lose the person.
        assert_eq!(
            q[1].speaker.as_deref(),
            Some("Menteri Perhubungan Budi Karya Sumadi")
        );
        assert_eq!(q[2].speaker.as_deref(), Some("Satrio"));
        let q = quotes(&[
            "\"Air cukup,\" kata Zainul Majdi.",
            "Ia berharap panen naik. \"Dua kali,\" tambahnya.",
        ]);
        assert_eq!(q[1].speaker.as_deref(), Some("Zainul Majdi"));
    }

    #[test]
    fn guillemets() {
        let q = quotes(&["«Kami siap,» ujar Anas."]);
        assert_eq!(
            (q[0].open.as_deref(), q[0].close.as_deref()),
            (Some("«"), Some("»"))
        );
    }

    /// A quotation beside where it stands, as the tests read them.
    #[derive(Debug)]
    struct Found {
        quote: Quote,
        attributed: bool,
        continues: bool,
    }

    fn found(paragraphs: &[&str], language: Option<&str>) -> Vec<Found> {
        let body: Vec<String> = paragraphs.iter().map(|p| p.to_string()).collect();
        let (quotes, spans) = find_quotes_in(&body, language);
        quotes
            .into_iter()
            .zip(spans)
            .map(|(quote, span)| Found {
                quote,
                attributed: span.attributed,
                continues: span.continues,
            })
            .collect()
    }

    #[test]
    fn the_sentence_after_a_quotation_ends_where_the_next_opens() {
        // `kata` stands inside the second quotation, not after the first: the first is not
        // attributed by it. (The old reading ran the first's sentence on through the second,
        // which also made a paragraph of mixed marks cost 480 bytes per quotation.)
        let found = found(
            &["“Ayo berangkat”“kata yang ditulis di spanduk”"],
            Some("id"),
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(!found[0].attributed, "{:?}", found[0]);
    }

    #[test]
    fn a_plural_apostrophe_does_not_close_a_double_quotation() {
        let q =
            quotes(&["He called it “the Democrats’ central allegation, and it fails,” he said."]);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].close.as_deref(), Some("”"));
        assert_eq!(
            q[0].text,
            "the Democrats’ central allegation, and it fails,"
        );
        // The reference article's mismatched close is still a close.
        let q = quotes(&["Program desa “Smart Kampung’. Program ini."]);
        assert_eq!(q[0].close.as_deref(), Some("’"));
    }

    #[test]
    fn closing_marks_before_a_korean_or_japanese_particle_close() {
        let q = quotes(&["그는 “내일 간다”고 말했다."]);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].close.as_deref(), Some("”"));
        assert_eq!(q[0].text, "내일 간다");
        // Chinese: a closing mark before the ideographic full stop or comma closes.
        let q = quotes(&["近期又表示不寻求与中国“脱钩”。美方需要作出承诺、“去风险”、行动。"]);
        assert_eq!(q.len(), 2, "{q:?}");
        assert!(q.iter().all(|q| q.close.as_deref() == Some("”")), "{q:?}");
    }

    #[test]
    fn a_quotation_running_into_the_next_paragraph_continues() {
        let f = found(
            &[
                "Mr Shapps said on Twitter: “The latest data indicates we need to act.",
                "“This means you will need to self-isolate.”",
                "“And this one is never closed.",
            ],
            Some("en"),
        );
        assert!(f[0].continues && f[0].attributed);
        assert!(
            !f[1].continues && f[1].attributed,
            "continues the attributed one"
        );
        assert!(!f[2].continues, "no paragraph after it");
    }

    #[test]
    fn attribution_nearby_counts() {
        let f = found(
            &[
                "\"Two months after the onset, I was unable to stand,\" wrote 43-year-old Martin Taylor of Aberdeenshire.",
                "\"He sounded breathless,\" Dempsey said. \"Very abnormal for such a young man.\"",
                "Pompeo said the settlements were \"not, per se, inconsistent with international law\", he added.",
                "Erekat said it was only the latest move by the US.",
                "\"They wanted us on our knees. We stand tall.\"",
                "The weather was fine.",
                "\"Nobody is said to have said this, at all.\"",
            ],
            Some("en"),
        );
        let attributed: Vec<bool> = f.iter().map(|q| q.attributed).collect();
        assert_eq!(attributed, [true, true, true, true, true, false]);
        let f = found(
            &["\"Abrechnungen können Informationen beinhalten, die relevant sind\", sagte Lindner."],
            Some("de"),
        );
        assert!(f[0].attributed);
        assert!(
            f[0].quote.verb.is_none(),
            "the model's verb stays the precise reading"
        );
        let f = found(
            &["\"Abrechnungen können Informationen beinhalten, die relevant sind\", sagte Lindner."],
            Some("id"),
        );
        assert!(
            !f[0].attributed,
            "German words count for German articles only"
        );
    }

    #[test]
    fn elision_apostrophes_are_not_marks() {
        let q =
            quotes(&["After hitting “Takin’ It To the Streets,” the singer said, “that’s good.”"]);
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].text, "Takin’ It To the Streets,");
        assert_eq!(q[0].close.as_deref(), Some("”"));
        assert!(quotes(&["The automaker isn ‘t slowing down in the ‘90s at all."]).is_empty());
    }

    #[test]
    fn a_closing_mark_glued_to_the_next_word_closes() {
        // Mozilla Readability's test page of a tarot history: the space after the close is
        // missing, and the quotation is closed all the same.
        let q = quotes(&[
            "Ten “pip”cards and four “face”cards, plus the Fool.",
            "“We have prevailed,”Kaplan says. “Companies come and go.”",
        ]);
        assert_eq!(q.len(), 4, "{q:?}");
        assert!(q.iter().all(|q| q.close.as_deref() == Some("”")), "{q:?}");
        assert_eq!(q[0].text, "pip");
        assert_eq!(q[2].text, "We have prevailed,");
    }

    #[test]
    fn chinese_quotations_pair_however_the_marks_are_set() {
        // gne's test pages: a left mark after a digit or a half-width stop; the same curly
        // marks nested between ideographs; straight marks nested in curly ones.
        for paragraph in [
            "今年“黑色星期五”将延续双11“无套路、无定金”的做法。",
            "捐赠人为张磊;“物质科学奖”捐赠人为邓锋。",
            "公告写到：“因为天气燥热难耐。所以本周新增了一个“你清醒一下”的花哨动作。”",
            "“事主急忙向所谓的\"张经理\"解释，说自己从未去过北京。”冯警官介绍。",
        ] {
            let found = found(&[paragraph], Some("zh"));
            assert!(
                found.iter().all(|f| matches!(
                    (f.quote.open.as_deref(), f.quote.close.as_deref()),
                    (Some("“"), Some("”"))
                )),
                "{paragraph}: {found:?}"
            );
        }
        // A wrong close after a letter is still one.
        let q = quotes(&["He said “stop“ and left."]);
        assert_eq!(q[0].close.as_deref(), Some("“"), "{q:?}");
    }

    #[test]
    fn a_right_mark_closes_an_open_quotation_however_it_is_spaced() {
        // Fox News: the space on the wrong side of the closing mark.
        let q = quotes(&["Chandor’s “A Most Violent Year, ”out on Dec. 31."]);
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].close.as_deref(), Some("”"));
        // With a right mark after it, one spaced as an opening opens an inner quotation.
        let found = found(
            &["“The time for ”little steps in the right direction” is long gone.”"],
            None,
        );
        assert!(
            found.iter().any(|f| f.quote.open.as_deref() == Some("”")),
            "{found:?}"
        );
    }

    #[test]
    fn curly_marks_nest_however_long_the_outer_quotation() {
        let filler = "Quirks fall under broad categories of function, they said. ".repeat(20);
        let paragraph = format!(
            "He went for it. “You either can’t “see” certain types. {filler}That is it,” he mumbled. “The rest is detail.”"
        );
        let q = quotes(&[&paragraph]);
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(q[0].close.as_deref(), Some("”"));
        assert!(q[0].text.ends_with("That is it,"), "{:?}", q[0].text);
        // With one closing mark left over, the first quotation was left open.
        let open = quotes(&["“Glasgow (“No Place Like Home”). Later “a second one” came."]);
        assert_eq!(open[0].close, None, "{open:?}");
    }

    #[test]
    fn the_same_straight_marks_nest() {
        let q = quotes(&[
            "\"The stretch from the station \"Zvenigorod\" to the highway opens soon\", they said.",
        ]);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].close.as_deref(), Some("\""));
        assert!(q[0].text.ends_with("opens soon"));
    }

    #[test]
    fn a_quotation_in_the_other_style_of_double_marks_nests() {
        for text in [
            "\"A jet of water flew out, and he murmured “Aguamenti” too: the flame went out.\"",
            "\"Rosja może zostawić „upartych partnerów” bez gazu nawet teraz?\" - konkluduje portal.",
            "“The station \"Zvenigorod\" opens soon,” they said.",
        ] {
            let q = quotes(&[text]);
            assert_eq!(q.len(), 1, "{text}: {q:?}");
            assert!(q[0].close.is_some(), "{text}: {q:?}");
        }
        // A quotation of the same style reopened before the last one closed stays unclosed.
        let q = quotes(&["“One never closes “and another does” here."]);
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].close, None);
        // Curly marks nest when two closing marks follow: the inner one's, then the outer's.
        let text = "“A la manière d’un Donald Trump, les “gilets jaunes” se nourrissent de “faits alternatifs” qui renforcent leur détermination.” Roman Bornstein, journaliste";
        let q = quotes(&[text]);
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].close.as_deref(), Some("”"));
        assert!(q[0].text.ends_with("détermination."), "{q:?}");
    }

    #[test]
    fn nested_guillemets_ending_together_share_a_close() {
        let q = quotes(&["Она сказала: «Я борюсь с собой: «Да ладно, отпусти!»"]);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].close.as_deref(), Some("»"));
        let q = quotes(&["Said “‘Glasgow’ is a song of belonging,” she said."]);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].close.as_deref(), Some("”"));
    }

    #[test]
    fn a_line_of_chrome_does_not_break_a_continued_quotation() {
        let f = found(
            &[
                "A spokesperson said: “Substantial charges were incurred this year.",
                "read more in politics",
                "“We agreed that he would repay them.”",
            ],
            Some("en"),
        );
        assert!(f[0].continues);
    }

    #[test]
    fn a_mark_between_spaces_closes_the_open_quotation() {
        let q = quotes(&["\"Who are we as a nation? \" she wrote. \"The answer is compassion.\""]);
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].close.as_deref(), Some("\""));
        assert_eq!(q[0].text, "Who are we as a nation?");
    }

    #[test]
    fn attribution_words_come_from_the_data_file() {
        assert!(is_attribution_word("sambungnya", Some("id")));
        assert!(is_attribution_word("Emphasized", None));
        assert!(is_attribution_word("sagt", Some("de-AT")));
        assert!(!is_attribution_word("sagt", Some("en")));
        assert!(!is_attribution_word("meja", Some("id")));
    }

    #[test]
    fn the_sentence_after_a_quotation_is_bounded_in_a_run_of_marks() {
        // Case 01-quote-marks-quadratic: with no space or full stop, the sentence after each
        // of 10,000 marks ran to the paragraph's end, and reading them all was quadratic.
        let marks = "“".repeat(10_000);
        assert!(sentence_after(&marks, 3).len() <= SENTENCE_AFTER_MAX_BYTES);
        let ordinary = "” kata Bupati Abdullah Azwar Anas di pendopo kabupaten pada Senin pagi.";
        assert_eq!(
            sentence_after(ordinary, 3),
            " kata Bupati Abdullah Azwar Anas di pendopo kabupaten pada Senin pagi"
        );
        let found = found(&[&marks, "“Ini kutipan,” kata Anas."], None);
        assert!(found.len() >= 5_000);
        assert!(found
            .last()
            .is_some_and(|q| q.quote.paragraph == 1 && q.attributed));
        assert!(!found.iter().any(|q| q.quote.paragraph == 0 && q.attributed));
    }

    #[test]
    fn edit_distance_counts_transpositions_once() {
        assert_eq!(edit_distance("tandasmya", "tandasnya"), 1);
        assert_eq!(edit_distance("ujra", "ujar"), 1);
        assert_eq!(edit_distance("kata", "kata"), 0);
    }
}
