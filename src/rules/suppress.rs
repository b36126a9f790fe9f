//! Inline suppression: comments in Markdown and HTML sources that silence findings.
//!
//! - `<!-- arsip-ignore Q304 -->` silences `Q304` in one paragraph: the paragraph the
//!   comment stands in, or, when the comment is alone on its lines, the next one. In
//!   Markdown a paragraph ends at a blank line; in HTML at the next closing block tag
//!   (`</p>`, `</li>`, `</blockquote>`, `</h1>`..`</h6>`, `</td>`, `</figcaption>`,
//!   `</div>`), so put the comment before the paragraph or at its start.
//! - `<!-- arsip-ignore-file Q304 -->` anywhere silences `Q304` in the whole file.
//! - Codes or names, several separated by spaces or commas (`Q304, quote-doubled-punctuation`);
//!   none at all silences every rule. A reason may follow `--` and is not read:
//!   `<!-- arsip-ignore Q304 -- the quote is a song title -->`.
//!
//! Plain text has no comment syntax (a comment line would be read as a paragraph), so
//! text sources are not read for comments; a baseline silences findings there.

use super::Finding;
use crate::analyze::text::Columns;
use crate::model::SourceFormat;

/// One comment: which rules it silences (empty: all) and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    codes: Vec<String>,
    /// `None` for the whole file; else the (line, column) span silenced, inclusive.
    span: Option<((usize, usize), (usize, usize))>,
}

impl Directive {
    fn silences(&self, finding: &Finding) -> bool {
        let rule = self.codes.is_empty()
            || self
                .codes
                .iter()
                .any(|c| c.eq_ignore_ascii_case(&finding.code) || *c == finding.name);
        let place = match (self.span, finding.line) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some((from, to)), Some(line)) => {
                let at = (line, finding.column.unwrap_or(1));
                from <= at && at <= to
            }
        };
        rule && place
    }
}

/// Whether a source format is read for suppression comments.
pub fn reads_comments(format: SourceFormat) -> bool {
    matches!(format, SourceFormat::Markdown | SourceFormat::Html)
}

/// The suppression comments of a source read as `format`.
pub fn directives_of(text: &str, format: SourceFormat) -> Vec<Directive> {
    if !reads_comments(format) || !text.contains("arsip-ignore") {
        return Vec::new();
    }
    directives(text, format == SourceFormat::Html)
}

/// Drops the findings that `directives` silence; returns how many were dropped.
pub fn silence(findings: &mut Vec<Finding>, directives: &[Directive]) -> usize {
    let before = findings.len();
    findings.retain(|f| !directives.iter().any(|d| d.silences(f)));
    before - findings.len()
}

/// Drops the findings that comments in `text` silence; returns how many were dropped.
pub fn apply(findings: &mut Vec<Finding>, text: &str, format: SourceFormat) -> usize {
    silence(findings, &directives_of(text, format))
}

fn directives(text: &str, html: bool) -> Vec<Directive> {
    // One index for every comment's position: a page may hold thousands of them.
    let columns = Columns::new(text);
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find("<!--") {
        let open = from + found;
        let Some(close) = text[open..].find("-->").map(|i| open + i) else {
            break;
        };
        from = close + 3;
        let inner = text[open + 4..close].trim();
        let (file, rest) = if let Some(rest) = inner.strip_prefix("arsip-ignore-file") {
            (true, rest)
        } else if let Some(rest) = inner.strip_prefix("arsip-ignore") {
            (false, rest)
        } else {
            continue;
        };
        if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
            continue;
        }
        let rest = rest.split("--").next().unwrap_or("");
        let codes = rest
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect();
        let span = (!file).then(|| {
            let (start, stop) = span_of(text, open, from, html);
            (columns.position(start), columns.position(stop))
        });
        out.push(Directive { codes, span });
    }
    out
}

/// The byte span a paragraph comment at `open..end` silences.
fn span_of(text: &str, open: usize, end: usize, html: bool) -> (usize, usize) {
    let line_start = text[..open].rfind('\n').map_or(0, |i| i + 1);
    let alone_before = text[line_start..open].trim().is_empty();
    // Inside a paragraph (text before it on its line) the span starts at the paragraph's
    // start, else at the comment.
    let start = if html || alone_before {
        open
    } else {
        text[..open].rfind("\n\n").map_or(0, |i| i + 2)
    };
    let stop = if html {
        // The first end tag of a block after the comment, read forward from it and no
        // further: each comment costs the length of its own paragraph.
        const CLOSERS: &[&str] = &[
            "p>",
            "li>",
            "blockquote>",
            "h1>",
            "h2>",
            "h3>",
            "h4>",
            "h5>",
            "h6>",
            "td>",
            "figcaption>",
            "div>",
        ];
        let bytes = text.as_bytes();
        memchr::memmem::find_iter(&bytes[end..], b"</")
            .map(|at| end + at + 2)
            .find_map(|name| {
                CLOSERS.iter().find_map(|closer| {
                    bytes
                        .get(name..name + closer.len())
                        .filter(|tag| tag.eq_ignore_ascii_case(closer.as_bytes()))
                        .map(|_| name + closer.len())
                })
            })
            .unwrap_or(text.len())
    } else {
        // The end of the block holding the comment, or of the next one when the comment
        // is alone: the first blank line after some text.
        let mut offset = end;
        let mut seen_text = !text[end..]
            .split('\n')
            .next()
            .unwrap_or("")
            .trim()
            .is_empty()
            || !alone_before;
        let mut stop = text.len();
        for line in text[end..].split_inclusive('\n') {
            let blank = line.trim().is_empty();
            if blank && seen_text && offset > end {
                stop = offset;
                break;
            }
            seen_text |= !blank;
            offset += line.len();
        }
        stop
    };
    let stop = stop.max(start);
    let mut stop = stop.min(text.len());
    while !text.is_char_boundary(stop) {
        stop -= 1;
    }
    (start, stop)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Severity;

    fn finding(code: &str, line: usize) -> Finding {
        Finding {
            code: code.into(),
            name: "x".into(),
            severity: Severity::Warning,
            message: String::new(),
            path: None,
            line: Some(line),
            column: Some(3),
            field: String::new(),
            suggestion: None,
        }
    }

    #[test]
    fn a_comment_silences_the_next_paragraph_only() {
        let text = "---\ntitle: x\n---\n\n<!-- arsip-ignore Q304 -->\nSatu dua.\ntiga.\n\nEmpat.\n";
        let mut f = vec![
            finding("Q304", 6),
            finding("Q304", 7),
            finding("Q304", 9),
            finding("Q305", 6),
        ];
        assert_eq!(apply(&mut f, text, SourceFormat::Markdown), 2);
        let left: Vec<_> = f.iter().map(|f| (f.code.as_str(), f.line)).collect();
        assert_eq!(left, [("Q304", Some(9)), ("Q305", Some(6))]);
    }

    #[test]
    fn inline_comments_file_comments_and_html() {
        let text = "Satu.\n\nDua \"x\" <!-- arsip-ignore -->\nlagi.\n\nTiga.\n";
        let mut f = vec![finding("Q301", 3), finding("Q301", 4), finding("Q301", 6)];
        apply(&mut f, text, SourceFormat::Markdown);
        assert_eq!(f.len(), 1);
        let text = "<!-- arsip-ignore-file q304, Q305 -- legacy -->\nA\n\nB\n";
        let mut f = vec![finding("Q304", 4), finding("Q305", 2), finding("Q301", 2)];
        apply(&mut f, text, SourceFormat::Markdown);
        assert_eq!(f.len(), 1);
        let text = "<p>a</p><!-- arsip-ignore Q301 --><p>b\nc</p>\n<p>d</p>";
        let mut f = vec![finding("Q301", 1), finding("Q301", 2), finding("Q301", 3)];
        let mut first = f[0].clone();
        first.column = Some(2);
        f[0] = first;
        apply(&mut f, text, SourceFormat::Html);
        let left: Vec<_> = f.iter().map(|f| f.line).collect();
        assert_eq!(left, [Some(1), Some(3)]);
        let mut f = vec![finding("Q301", 1)];
        assert_eq!(
            apply(&mut f, "<!-- arsip-ignore -->\nx", SourceFormat::Text),
            0
        );
    }
}
