//! Streams of documents split one document at a time, so that a stream of any length costs
//! memory in proportion to its largest document, never to its length: JSON Lines here (a
//! line is a record whatever it holds); the readers of YAML streams and NewsML messages
//! give their own splitters, since a document boundary there is a fact of the format.

use std::io::BufRead;

use super::open::Stream;
use super::{describe_io_error, SourceError};

/// One document of a stream and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The line it starts on, from 1.
    pub line: usize,
    pub bytes: Vec<u8>,
}

/// The documents of a stream, in order; one that cannot be had is one `Err`.
pub type Records = Box<dyn Iterator<Item = Result<Record, SourceError>> + Send>;

/// Splits a (decompressed) stream into its documents, none larger than the limit.
pub type Splitter = fn(Stream, u64) -> Records;

/// JSON Lines: each line that is not blank is a record.
pub fn lines(stream: Stream, limit: u64) -> Records {
    Box::new(Lines {
        stream,
        limit,
        line: 0,
        done: false,
    })
}

struct Lines {
    stream: Stream,
    limit: u64,
    line: usize,
    done: bool,
}

impl Iterator for Lines {
    type Item = Result<Record, SourceError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.line += 1;
            match read_line_capped(&mut self.stream, self.limit) {
                Ok(None) => self.done = true,
                Ok(Some(Line::Whole(bytes))) => {
                    if bytes.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(Ok(Record {
                        line: self.line,
                        bytes,
                    }));
                }
                Ok(Some(Line::TooLong)) => {
                    return Some(Err(SourceError::Record {
                        line: self.line,
                        reason: format!(
                            "longer than the limit of {} bytes (raise it with --max-size)",
                            self.limit
                        ),
                    }))
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(SourceError::Record {
                        line: self.line,
                        reason: describe_io_error(&e),
                    }));
                }
            }
        }
        None
    }
}

/// A line read within a limit.
pub enum Line {
    /// The line, its end included.
    Whole(Vec<u8>),
    /// Longer than the limit; it was skipped to its end.
    TooLong,
}

/// Reads one line of at most `limit` bytes; past the limit the rest of the line is skipped
/// (without buffering it) so the next read starts at the next line.
pub fn read_line_capped(stream: &mut dyn BufRead, limit: u64) -> std::io::Result<Option<Line>> {
    let mut bytes = Vec::new();
    let n =
        std::io::Read::take(&mut *stream, limit.saturating_add(1)).read_until(b'\n', &mut bytes)?;
    if n == 0 {
        return Ok(None);
    }
    if n as u64 <= limit || bytes.ends_with(b"\n") && n as u64 == limit + 1 {
        return Ok(Some(Line::Whole(bytes)));
    }
    loop {
        let buffer = stream.fill_buf()?;
        if buffer.is_empty() {
            break;
        }
        match memchr::memchr(b'\n', buffer) {
            Some(at) => {
                stream.consume(at + 1);
                break;
            }
            None => {
                let all = buffer.len();
                stream.consume(all);
            }
        }
    }
    Ok(Some(Line::TooLong))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(text: &str) -> Stream {
        Box::new(std::io::Cursor::new(text.as_bytes().to_vec()))
    }

    #[test]
    fn lines_skip_blanks_and_count_from_one() {
        let found: Vec<_> = lines(stream("{\"a\":1}\n\n  \n{\"b\":2}"), 100)
            .map(Result::unwrap)
            .collect();
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].line, found[1].line), (1, 4));
        assert_eq!(found[1].bytes, b"{\"b\":2}");
    }

    #[test]
    fn a_line_past_the_limit_fails_alone() {
        let text = format!("short\n{}\nafter\n", "x".repeat(1000));
        let found: Vec<_> = lines(stream(&text), 100).collect();
        assert_eq!(found.len(), 3);
        assert!(matches!(
            &found[1],
            Err(SourceError::Record { line: 2, .. })
        ));
        assert_eq!(found[2].as_ref().unwrap().bytes, b"after\n");
    }
}
