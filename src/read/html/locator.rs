//! Where text of the model stands in the decoded page, for findings' line numbers.

use crate::read::Position;

/// Finds where text of the model stands in the decoded page, for findings' line numbers.
pub(super) struct Locator<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// Bytes that searches past the window may still scan. Text that is not in the source
    /// as written (entities, markup inside words) misses, and a miss scans to the end: the
    /// budget keeps a page of many such paragraphs linear in its size.
    budget: std::cell::Cell<usize>,
    /// The last position asked for, as (byte offset, column): positions mostly move
    /// forward, so a column on the same line is counted on from there, not from the line's
    /// start, which on a one-line (minified) page would be quadratic in its size.
    last: std::cell::Cell<(usize, usize)>,
}

/// How far past the cursor a search looks first: paragraphs follow each other closely.
pub(super) const LOCATOR_WINDOW: usize = 16 * 1024;

impl<'a> Locator<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        // A line ends at LF, CRLF or a lone CR (old Mac files), as in the text reader.
        let bytes = text.as_bytes();
        let line_starts = std::iter::once(0)
            .chain(
                memchr::memchr2_iter(b'\n', b'\r', bytes)
                    .filter(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
                    .map(|i| i + 1),
            )
            .collect();
        Locator {
            text,
            line_starts,
            budget: std::cell::Cell::new(4 * text.len() + 4 * LOCATOR_WINDOW),
            last: std::cell::Cell::new((0, 1)),
        }
    }

    /// The position of the start of `needle`, searching from byte `from`.
    pub(super) fn find(&self, needle: &str, from: usize) -> Option<Position> {
        self.find_offset(needle, from).map(|at| self.position(at))
    }

    /// Where `probe` starts in `text[from..to]`, charging what a search past the window
    /// scans to the budget; `None` once the budget is spent.
    pub(super) fn search(
        &self,
        probe: &str,
        from: usize,
        to: usize,
        charged: bool,
    ) -> Option<usize> {
        let haystack = self.text.as_bytes().get(from..to)?;
        if charged {
            let left = self.budget.get();
            if left == 0 {
                return None;
            }
            self.budget.set(left.saturating_sub(haystack.len()));
        }
        memchr::memmem::find(haystack, probe.as_bytes()).map(|i| i + from)
    }

    /// The byte offset of the start of `needle` (its first words, as they survive entity
    /// encoding and markup), searching forward from `from`, then once from the start.
    pub(super) fn find_offset(&self, needle: &str, from: usize) -> Option<usize> {
        // Markup and entities split text in the source (`<b>GENTENG</b> &ndash; Bupati`), so
        // shorter and shorter probes are tried: the text up to the first character that may
        // be encoded, its first three words, its first long word.
        let head: String = needle
            .chars()
            .take_while(|c| {
                !matches!(
                    c,
                    '&' | '<' | '>' | '"' | '\'' | '“' | '”' | '‘' | '’' | '–' | '—'
                )
            })
            .take(40)
            .collect();
        let words: Vec<&str> = needle
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let probes = [
            head.trim().to_string(),
            words.iter().take(3).copied().collect::<Vec<_>>().join(" "),
            words
                .iter()
                .find(|w| w.chars().count() >= 4)
                .map(|w| w.to_string())
                .unwrap_or_default(),
        ];
        let from = from.min(self.text.len());
        let near = (from + LOCATOR_WINDOW).min(self.text.len());
        let usable = || probes.iter().filter(|p| p.chars().count() >= 4);
        let forward = usable()
            .find_map(|probe| self.search(probe, from, near, false))
            .or_else(|| usable().find_map(|probe| self.search(probe, near, self.text.len(), true)));
        // Searching the whole page again costs a scan per probe: only the fullest probe
        // gets a second chance, for text that stands before the cursor (a title).
        forward.or_else(|| {
            (from > 0)
                .then(|| usable().next())
                .flatten()
                .and_then(|probe| self.search(probe, 0, from, true))
        })
    }

    pub(super) fn position(&self, offset: usize) -> Position {
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let (last_offset, last_column) = self.last.get();
        let column = if (start..=offset).contains(&last_offset) {
            last_column + self.text[last_offset..offset].chars().count()
        } else {
            self.text[start..offset].chars().count() + 1
        };
        self.last.set((offset, column));
        Position { line, column }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_counted_on_from_the_last_position_match_counting_from_the_line_start() {
        let text = "<p>Kafé İİ</p><p>dua</p>\n<p>tiga é</p><p>empat</p>";
        let locator = Locator::new(text);
        let offsets = [0, 3, 20, 9, 27, 40, 28, 45, 5];
        for offset in offsets.into_iter().filter(|&o| text.is_char_boundary(o)) {
            let line = text[..offset].matches('\n').count() + 1;
            let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let column = text[start..offset].chars().count() + 1;
            let found = locator.position(offset);
            assert_eq!((found.line, found.column), (line, column), "at {offset}");
        }
    }
}
