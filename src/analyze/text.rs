//! Whitespace and identifiers.

/// Characters that take no space and carry no meaning in scraped text.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Appends `text` to `out` with whitespace runs (NBSP and tabs included) collapsed to one
/// space and invisible characters dropped. `on_word` is told, for every word, the byte
/// offset in `out` where it starts and its 0-based character column in `text`; readers use
/// that to map model text back to input positions.
pub fn push_normalized(out: &mut String, text: &str, mut on_word: impl FnMut(usize, usize)) {
    push_normalized_with(out, text, |event| {
        if let Event::WordStart { at, column } = event {
            on_word(at, column);
        }
    });
}

/// [`push_normalized`], reporting only the word starts a map of positions needs: the first,
/// and those after whitespace other than one character or after a dropped invisible
/// character. Between two reported starts the text is as written (one whitespace
/// character became one space), so counting characters from the last one is exact; a map
/// of a long text holds a few anchors per line instead of one per word.
pub fn push_normalized_sparse(
    out: &mut String,
    text: &str,
    mut on_anchor: impl FnMut(usize, usize),
) {
    // A dropped character or a run of other than one whitespace character since the last
    // word: counting characters from that word's anchor would drift.
    let mut drifted = true;
    let mut run = 0usize;
    push_normalized_with(out, text, |event| match event {
        Event::Dropped => drifted = true,
        Event::Space => run += 1,
        Event::WordStart { at, column } => {
            if drifted || run != 1 {
                on_anchor(at, column);
            }
            drifted = false;
            run = 0;
        }
    });
}

/// What [`push_normalized_with`] meets along the text.
enum Event {
    /// An invisible character, dropped.
    Dropped,
    /// A whitespace character.
    Space,
    /// A word starts at byte `at` of the output, at character `column` of the text.
    WordStart { at: usize, column: usize },
}

fn push_normalized_with(out: &mut String, text: &str, mut on: impl FnMut(Event)) {
    let mut pending_space = !out.is_empty();
    let mut in_word = false;
    for (column, c) in text.chars().enumerate() {
        if is_invisible(c) {
            on(Event::Dropped);
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            in_word = false;
            on(Event::Space);
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if !in_word {
            on(Event::WordStart {
                at: out.len(),
                column,
            });
            in_word = true;
        }
        out.push(c);
    }
}

/// `text` with whitespace collapsed, invisible characters dropped and the ends trimmed.
/// Nothing else changes.
pub fn normalize_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_normalized(&mut out, text, |_, _| {});
    out
}

/// Where the line starting at byte `start` ends, and where the next one starts: `\r\n`,
/// `\n` and a lone `\r` (old Mac files) all end a line, as CommonMark and YAML read
/// them. A last line without an ending ends and "continues" at the text's end.
pub fn line_end(text: &str, start: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    match memchr::memchr2(b'\n', b'\r', &bytes[start..]) {
        Some(i) if bytes[start + i] == b'\r' && bytes.get(start + i + 1) == Some(&b'\n') => {
            (start + i, start + i + 2)
        }
        Some(i) => (start + i, start + i + 1),
        None => (text.len(), text.len()),
    }
}

/// The lines of `text` with their endings (see [`line_end`]).
pub fn lines_with_endings(text: &str) -> impl Iterator<Item = &str> {
    let mut at = 0;
    std::iter::from_fn(move || {
        (at < text.len()).then(|| {
            let start = at;
            at = line_end(text, start).1;
            &text[start..at]
        })
    })
}

/// Byte offsets where lines start, counting lines as the readers do (see [`line_end`]),
/// with the text's end when the text ends with a line break.
pub fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let mut at = 0;
    while at < text.len() {
        let (end, next) = line_end(text, at);
        if next > end {
            starts.push(next);
        }
        at = next;
    }
    starts
}

/// Lines and character columns of a text, both ways, in time independent of how long
/// its lines are: the byte offset of every [`Columns::STEP`]th character is kept, so any
/// position is at most that many characters from a known one. Findings, fixes and
/// snippets on a one-line page of megabytes then cost no more than on a short line.
pub struct Columns<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// `marks[k]`: the byte offset of character `k * STEP`.
    marks: Vec<usize>,
    chars: usize,
}

impl<'a> Columns<'a> {
    const STEP: usize = 64;

    pub fn new(text: &'a str) -> Self {
        let mut marks = Vec::with_capacity(text.len() / Self::STEP + 1);
        let mut chars = 0;
        for (at, _) in text.char_indices() {
            if chars % Self::STEP == 0 {
                marks.push(at);
            }
            chars += 1;
        }
        if marks.is_empty() {
            marks.push(0);
        }
        Columns {
            text,
            starts: line_starts(text),
            marks,
            chars,
        }
    }

    /// Characters before a byte offset (rounded down to a character's start).
    fn char_index(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let k = self
            .marks
            .partition_point(|&m| m <= offset)
            .saturating_sub(1);
        k * Self::STEP + self.text[self.marks[k]..offset].chars().count()
    }

    /// The byte offset of a character, or of the text's end for the one past the last.
    fn byte_of_char(&self, index: usize) -> Option<usize> {
        if index == self.chars {
            return Some(self.text.len());
        }
        let from = *self.marks.get(index / Self::STEP)?;
        self.text[from..]
            .char_indices()
            .nth(index % Self::STEP)
            .map(|(at, _)| from + at)
    }

    /// The 1-based line and character column of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = self.char_index(offset.max(start)) - self.char_index(start);
        (line, column + 1)
    }

    /// The text indexed.
    pub fn source(&self) -> &'a str {
        self.text
    }

    /// Characters in the text.
    pub fn len_chars(&self) -> usize {
        self.chars
    }

    /// The text from character `from` to character `to` (0-based, `to` exclusive,
    /// clamped to the text).
    pub fn slice_chars(&self, from: usize, to: usize) -> &'a str {
        let to = to.min(self.chars);
        let from = from.min(to);
        match (self.byte_of_char(from), self.byte_of_char(to)) {
            (Some(a), Some(b)) => &self.text[a..b],
            _ => "",
        }
    }

    /// The byte offset of a 1-based line and column; the column after a line's last
    /// character (its end, before the line break if any) is one.
    pub fn byte_at(&self, line: usize, column: usize) -> Option<usize> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self.starts.get(line).copied().unwrap_or(self.text.len());
        let first = self.char_index(start);
        let index = first + column.checked_sub(1)?;
        if index > self.char_index(end) {
            return None;
        }
        self.byte_of_char(index)
    }
}

/// True when a line holds nothing but whitespace (NBSP counts as whitespace).
pub fn is_blank(line: &str) -> bool {
    line.chars().all(|c| c.is_whitespace() || is_invisible(c))
}

/// A stable identifier: lower-case ASCII letters and digits joined by single hyphens, at
/// most 80 characters. Other characters only separate words, so a slug is always safe as
/// a file name.
pub fn slugify(text: &str) -> String {
    // Letters of every script are written in ASCII first (`café` and its decomposed form
    // both `cafe`, `ñandú` `nandu`), so that an id neither loses them nor depends on how
    // the name was normalised.
    let ascii = deunicode::deunicode(text);
    let mut slug = String::new();
    for c in ascii.chars() {
        if slug.len() >= 80 {
            break;
        }
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// Lower-case letters and digits only: `Bandar Lampung`, `BANDARLAMPUNG` and
/// `Bandar-Lampung` fold to the same key, and a page's description to the text it repeats
/// whatever the markup, punctuation and spacing.
pub fn fold_letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// How many sentences `text` ends: full stops, question and exclamation marks and
/// ellipses before a space or the end, and the ideographic marks wherever they stand.
pub fn sentence_ends(text: &str) -> usize {
    let mut chars = text.chars().peekable();
    let mut ends = 0;
    while let Some(c) = chars.next() {
        let closes = match c {
            '。' | '！' | '？' => true,
            '.' | '!' | '?' | '…' => chars.peek().is_none_or(|next| next.is_whitespace()),
            _ => false,
        };
        if closes {
            ends += 1;
        }
    }
    ends
}

#[cfg(test)]
mod tests {
    use super::Columns;

    #[test]
    fn sentence_ends_count_marks_before_a_space_or_the_end() {
        use super::sentence_ends;
        assert_eq!(
            sentence_ends("Damit ist jetzt Schluss. Die CAE hat gewonnen."),
            2
        );
        assert_eq!(sentence_ends("Ein Untertitel ohne Punkt"), 0);
        // Points inside a word or a number end nothing; one before a space does.
        assert_eq!(sentence_ends("Die D.O.Ca. Rioja erlaubt 4.5 Prozent."), 2);
        assert_eq!(sentence_ends("Wirklich? Ja! Und dann…"), 3);
        assert_eq!(sentence_ends("他来了。她走了。"), 2);
    }

    #[test]
    fn columns_agree_with_counting_from_the_line_start() {
        let text = "Kafé İİ “kutipan”\r\nbaris dua\rtiga\n\nlima ".repeat(20);
        let columns = Columns::new(&text);
        let starts = super::line_starts(&text);
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let line = starts.partition_point(|&s| s <= offset).max(1);
            let start = starts[line - 1];
            let column = text[start..offset].chars().count() + 1;
            assert_eq!(columns.position(offset), (line, column), "at {offset}");
            assert_eq!(columns.byte_at(line, column), Some(offset), "at {offset}");
        }
        assert_eq!(columns.byte_at(1, 10_000), None);
        assert_eq!(columns.byte_at(0, 1), None);
    }

    use super::*;

    #[test]
    fn nbsp_and_runs_collapse() {
        assert_eq!(
            normalize_space(" Semarang,\u{a0} Kementerian\t\tRI \u{a0}"),
            "Semarang, Kementerian RI"
        );
        assert_eq!(normalize_space("ma\u{ad}sing"), "masing");
        assert!(is_blank("\u{a0} \t"));
        assert!(!is_blank(" x "));
    }

    #[test]
    fn word_starts_are_reported_with_columns() {
        let mut out = String::from("Satu");
        let mut words = Vec::new();
        push_normalized(&mut out, "  dua\u{a0} tiga", |at, col| {
            words.push((at, col))
        });
        assert_eq!(out, "Satu dua tiga");
        assert_eq!(words, vec![(5, 2), (9, 7)]);
    }

    #[test]
    fn sparse_anchors_only_where_counting_would_go_wrong() {
        let mut out = String::new();
        let mut anchors = Vec::new();
        push_normalized_sparse(&mut out, "satu dua\ttiga  empat\u{ad} lima", |at, col| {
            anchors.push((at, col))
        });
        assert_eq!(out, "satu dua tiga empat lima");
        // The first word, and the words after two spaces and after the soft hyphen.
        assert_eq!(anchors, vec![(0, 0), (14, 15), (20, 22)]);
    }

    #[test]
    fn slugs_are_stable_and_safe() {
        assert_eq!(slugify("banyuwangi-2019-04-01"), "banyuwangi-2019-04-01");
        assert_eq!(
            slugify("Diklatpim IV, Benchmark ke Banyuwangi!"),
            "diklatpim-iv-benchmark-ke-banyuwangi"
        );
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("…"), "");
    }
}
