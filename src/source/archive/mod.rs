//! Web archives, read one record at a time so that a gigabyte archive never sits in
//! memory: WARC (ISO 28500, as wget and Heritrix write it) and ARC (the Internet Archive's
//! format before WARC), plain or gzipped, each recognised by its first bytes.
//!
//! The pages are the HTML responses with HTTP status 200 (and records that hold an HTML
//! document without its HTTP exchange); every other record is counted and passed over.
//! Damage is survived the way warcio survives it, and a little better: a gzip member that
//! fails costs only its own records, a record whose length is wrong is cut or extended to
//! where the next record really starts, and a cut-off page whose HTML is whole is kept.

mod arc;
mod stream;
mod warc;

use std::fmt;
use std::io::Read;

use super::http;
use super::{Input, SourceError};
use stream::ArchiveBytes;

/// The archive formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveKind {
    Warc,
    Arc,
}

impl fmt::Display for ArchiveKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ArchiveKind::Warc => "WARC",
            ArchiveKind::Arc => "ARC",
        })
    }
}

/// The archive format the (decompressed) first bytes start, if any.
pub fn archive_kind(head: &[u8]) -> Option<ArchiveKind> {
    // Archives joined with `cat` or saved by an editor may start with line ends or a BOM.
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = &head[start..];
    if warc::is_record_start(head) {
        Some(ArchiveKind::Warc)
    } else if head.starts_with(b"filedesc://") {
        Some(ArchiveKind::Arc)
    } else {
        None
    }
}

/// One page found in an archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Where the record starts in the (decompressed) archive, in bytes.
    pub offset: u64,
    /// The page itself, with the record's URL, date and HTTP charset.
    pub input: Input,
}

/// A record that could not be read as a page; the archive goes on after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveFailure {
    pub offset: u64,
    pub url: Option<String>,
    pub error: SourceError,
}

/// What a record holds, as its header says.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Payload {
    /// An HTTP response: status line, headers, body.
    Http,
    /// A document without its HTTP exchange, of this Content-Type.
    Document(String),
    /// Anything else: requests, metadata, archive headers, revisits.
    Other,
}

/// A record's header, in the terms both formats share.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RecordHead {
    url: Option<String>,
    /// When the page was fetched, RFC 3339.
    date: Option<String>,
    length: u64,
    /// The header gave no usable length (`length` is then `u64::MAX`): the record is
    /// read up to where the next one starts, or to the archive's end.
    length_unknown: bool,
    payload: Payload,
}

/// Whether a record (by URL, else by offset) is to be counted.
pub type CountsRecord = std::sync::Arc<dyn Fn(Option<&str>, u64) -> bool + Send + Sync>;

/// The longest header line accepted.
const MAX_LINE: usize = 64 * 1024;

/// The pages of an archive, in archive order. Records that are not pages are counted in
/// [`ArchiveReader::ignored`]; a damaged stretch is one `Err`, and reading goes on at the
/// next record.
pub struct ArchiveReader {
    kind: ArchiveKind,
    bytes: ArchiveBytes,
    /// The path shown in messages and kept in each page's `source.path`.
    path: Option<String>,
    /// The largest page kept (`--max-size`).
    limit: u64,
    /// Records that are not pages (requests, metadata, redirects, images, empty bodies),
    /// those [`ArchiveReader::counting`] says are this reader's to count.
    pub ignored: usize,
    /// Records found so far, pages or not.
    pub records: usize,
    counts: Option<CountsRecord>,
    /// A failure was just reported: the bytes skipped to find the next record are part of
    /// it, not a second one.
    resyncing: bool,
    done: bool,
    block: Vec<u8>,
}

/// What was found looking for the next record.
enum Found {
    Record { offset: u64, line: Vec<u8> },
    End,
}

impl ArchiveReader {
    /// Reads `raw`, the archive as stored (gzip or not, as `gzipped` says).
    pub fn new(
        kind: ArchiveKind,
        raw: Box<dyn Read + Send>,
        gzipped: bool,
        path: Option<String>,
        limit: u64,
    ) -> Self {
        ArchiveReader {
            kind,
            bytes: ArchiveBytes::new(raw, gzipped),
            path,
            limit,
            ignored: 0,
            records: 0,
            counts: None,
            resyncing: false,
            done: false,
            block: Vec::new(),
        }
    }

    pub fn kind(&self) -> ArchiveKind {
        self.kind
    }

    /// Counts only the ignored records `counts` says are this reader's (by URL, or by
    /// offset when there is none): a shard counts its own, so that shards' reports add
    /// up.
    pub fn counting(mut self, counts: CountsRecord) -> Self {
        self.counts = Some(counts);
        self
    }

    fn ignore(&mut self, url: Option<&str>, offset: u64) {
        if self
            .counts
            .as_ref()
            .is_none_or(|counts| counts(url, offset))
        {
            self.ignored += 1;
        }
    }

    fn is_record_start(&self, line: &[u8]) -> bool {
        match self.kind {
            ArchiveKind::Warc => warc::is_record_start(line),
            ArchiveKind::Arc => arc::is_record_start(line),
        }
    }

    fn failure(
        &self,
        offset: u64,
        url: Option<String>,
        reason: impl Into<String>,
    ) -> ArchiveFailure {
        ArchiveFailure {
            offset,
            url,
            error: SourceError::Archive {
                kind: self.kind,
                offset,
                reason: format!("damaged {} record: {}", self.kind, reason.into()),
            },
        }
    }

    /// Finds the next record's first line. Bytes that start no record are skipped; the
    /// first time, that is reported (once for the whole stretch) through `damage`.
    fn find_record(&mut self, damage: &mut Option<(u64, u64)>) -> Found {
        loop {
            let at = self.bytes.offset();
            let line = match self.bytes.read_line(MAX_LINE) {
                Ok(Some(line)) => line,
                Ok(None) => match self.bytes.take_error() {
                    // A corrupt gzip member: reading resumes at the next member.
                    Some(_) => {
                        damage.get_or_insert((at, at));
                        continue;
                    }
                    None => return Found::End,
                },
                Err(stream::LineTooLong) => {
                    // Damage with no line end of its own runs into the next record's first
                    // line, which then ends the long line: reading goes on from there.
                    let tail = self.bytes.skip_line_keeping(MAX_LINE);
                    if let Some(start) = self.record_start_in_line(&tail) {
                        self.bytes.unread(&tail[start..]);
                    }
                    let end = self.bytes.offset();
                    damage.get_or_insert((at, end)).1 = end;
                    continue;
                }
            };
            // A byte order mark before the first record is an editor's, not damage.
            let line = match line.strip_prefix(b"\xef\xbb\xbf") {
                Some(rest) if at == 0 => rest.to_vec(),
                _ => line,
            };
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            // An ARC header read with damage before its URL (`xhttp://…`) has a scheme no
            // crawler wrote; the record starts where a known one does.
            let damaged_scheme = self.kind == ArchiveKind::Arc
                && !arc::has_known_scheme(&line)
                && self.record_start_in_line(&line).is_some();
            if self.is_record_start(&line) && !damaged_scheme {
                return Found::Record { offset: at, line };
            }
            // Damage that does not end in a line end (a NUL, a run of zeros a crashed
            // writer left) runs into the next record's first line: it starts there.
            if let Some(start) = self.record_start_in_line(&line) {
                let (garbage, record) = line.split_at(start);
                let record_at = at + garbage.len() as u64;
                damage.get_or_insert((at, record_at)).1 = record_at;
                return Found::Record {
                    offset: record_at,
                    line: record.to_vec(),
                };
            }
            let end = self.bytes.offset();
            damage.get_or_insert((at, end)).1 = end;
        }
    }

    /// Where, inside a line that starts no record, a record's first line begins.
    fn record_start_in_line(&self, line: &[u8]) -> Option<usize> {
        let starts: &[&[u8]] = match self.kind {
            ArchiveKind::Warc => &[b"WARC/1.", b"WARC/0.1"],
            ArchiveKind::Arc => &[b"http://", b"https://", b"dns:", b"filedesc://"],
        };
        starts
            .iter()
            .filter_map(|start| memchr::memmem::find(&line[1..], start).map(|at| at + 1))
            .filter(|&at| self.is_record_start(&line[at..]))
            .min()
    }

    /// Whether what follows a record's block is what should: line ends, then the next
    /// record or the end of the archive.
    fn follows_well(&mut self) -> bool {
        let kind = self.kind;
        let next = self.bytes.peek(MAX_LINE);
        let start = next
            .iter()
            .position(|b| *b != b'\r' && *b != b'\n')
            .unwrap_or(next.len());
        let rest = &next[start..];
        rest.is_empty() || starts_record(kind, rest)
    }

    /// A page whose length was too short, and whose HTML is not whole: it goes on up to
    /// where the next record starts.
    fn extend_block(&mut self) {
        if looks_whole(&self.block, &Payload::Http) {
            // The page is whole: what follows it is damage, reported when passed over.
            return;
        }
        loop {
            let line = match self.bytes.read_line(MAX_LINE) {
                Ok(Some(line)) => line,
                Ok(None) => break,
                Err(stream::LineTooLong) => {
                    self.bytes.skip_line();
                    continue;
                }
            };
            if self.is_record_start(&line) {
                self.bytes.unread(&line);
                break;
            }
            if (self.block.len() + line.len()) as u64 <= self.limit {
                self.block.extend_from_slice(&line);
            }
        }
        trim_line_ends(&mut self.block);
    }

    /// Skips a block too large to hold, stopping early where a record starts inside it:
    /// how many bytes were skipped, and whether it stopped there. What was skipped is kept
    /// in the block while it fits, for a page whose length was the only thing wrong.
    fn skip_block(&mut self, length: u64) -> (u64, bool, bool) {
        let mut skipped = 0u64;
        self.block.clear();
        while skipped < length {
            let line = match self.bytes.read_line(MAX_LINE) {
                Ok(Some(line)) => line,
                Ok(None) => return (skipped, false, true),
                Err(stream::LineTooLong) => {
                    let before = self.bytes.offset();
                    self.bytes.skip_line();
                    skipped += self.bytes.offset() - before;
                    continue;
                }
            };
            if skipped > 0 && self.is_record_start(&line) && self.header_follows(&line) {
                self.bytes.unread(&line);
                trim_line_ends(&mut self.block);
                return (skipped, true, false);
            }
            skipped += line.len() as u64;
            if skipped <= self.limit {
                self.block.extend_from_slice(&line);
            } else if !self.block.is_empty() {
                self.block = Vec::new();
            }
        }
        (skipped, false, false)
    }

    /// Whether a line that starts a record is followed by a record's header, not only
    /// by bytes that happen to look like its first line (checked where a length is
    /// already in doubt, on a record too large to hold).
    fn header_follows(&mut self, line: &[u8]) -> bool {
        match self.kind {
            ArchiveKind::Arc => true,
            ArchiveKind::Warc => {
                let next = self.bytes.peek(4096);
                let head_end = memchr::memmem::find(next, b"\r\n\r\n")
                    .or_else(|| memchr::memmem::find(next, b"\n\n"))
                    .unwrap_or(next.len());
                let head = String::from_utf8_lossy(&next[..head_end]).to_ascii_lowercase();
                line.starts_with(b"WARC/") && head.contains("content-length:")
            }
        }
    }

    /// Where, inside the block just read, a line starts that begins the next record; a
    /// line cut by the block's end is read on into what follows it.
    fn record_start_within_block(&mut self) -> Option<usize> {
        let block = std::mem::take(&mut self.block);
        let mut found = None;
        let mut at = 0;
        while let Some(newline) = memchr::memchr(b'\n', &block[at..]) {
            let start = at + newline + 1;
            if start >= block.len() {
                break;
            }
            let line_end = memchr::memchr(b'\n', &block[start..]).map(|e| start + e + 1);
            let starts = match line_end {
                Some(end) => self.is_record_start(&block[start..end]),
                None => {
                    let mut line = block[start..].to_vec();
                    let next = self.bytes.peek(MAX_LINE);
                    let more = memchr::memchr(b'\n', next).map_or(next.len(), |e| e + 1);
                    line.extend_from_slice(&next[..more]);
                    self.is_record_start(&line)
                }
            };
            if starts {
                found = Some(start);
                break;
            }
            at = start;
        }
        self.block = block;
        found
    }
}

/// Whether `bytes` begin what could be a record's first line.
fn starts_record(kind: ArchiveKind, bytes: &[u8]) -> bool {
    match kind {
        ArchiveKind::Warc => warc::is_record_start(bytes),
        // An ARC header is told by its whole line.
        ArchiveKind::Arc => {
            memchr::memchr(b'\n', bytes).is_some_and(|end| arc::is_record_start(&bytes[..=end]))
        }
    }
}

/// Drops the line ends a block's separator leaves at its end.
fn trim_line_ends(block: &mut Vec<u8>) {
    while block.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        block.pop();
    }
}

impl Iterator for ArchiveReader {
    type Item = Result<Page, ArchiveFailure>;

    fn next(&mut self) -> Option<Self::Item> {
        // A loop, never recursion: a crawl is mostly records that are not pages.
        loop {
            if self.done {
                return None;
            }
            let mut damage = None;
            let found = self.find_record(&mut damage);
            if let Some((from, to)) = damage {
                if !std::mem::take(&mut self.resyncing) {
                    if let Found::Record { line, .. } = &found {
                        self.bytes.unread(line);
                    }
                    let reason = if to > from {
                        let n = to - from;
                        let bytes = if n == 1 { "byte" } else { "bytes" };
                        format!("{n} {bytes} that start no record were passed over (the archive is damaged here); reading went on at the next record")
                    } else {
                        "a damaged stretch was passed over; reading went on at the next record"
                            .to_string()
                    };
                    return Some(Err(self.failure(from, None, reason)));
                }
            }
            self.resyncing = false;
            let Found::Record { offset, line } = found else {
                self.done = true;
                return None;
            };
            self.records += 1;
            let head = match self.kind {
                ArchiveKind::Warc => warc::read_head(&line, &mut self.bytes, MAX_LINE),
                ArchiveKind::Arc => arc::read_head(&line),
            };
            let head = match head {
                Ok(head) => head,
                Err(reason) => {
                    self.resyncing = true;
                    return Some(Err(self.failure(offset, None, reason)));
                }
            };
            let mut wanted = head.payload != Payload::Other;
            if head.length > self.limit {
                // Too large to hold: whether it is a page at all is told from its start
                // (a video or a big error page is no page, and no failure).
                let start = self.bytes.peek(16 * 1024);
                wanted &= match payload_of(start, &head.payload) {
                    Payload::Http => http::parse_head(start).map_or(true, |h| h.is_page()),
                    Payload::Document(content_type) => http::is_html_type(content_type),
                    Payload::Other => false,
                };
                // Too large to hold: skipped, unless a record starts inside it, in which
                // case its length was wrong and reading goes on from there.
                let (skipped, cut, at_end) = self.skip_block(head.length);
                // With no length, the archive's end ends the record as well as the next
                // record would, when all of it was held. So does it when the length lied
                // and the page held is whole, as for a record cut short under the limit.
                let held = at_end && skipped <= self.limit;
                let cut = cut
                    || (head.length_unknown && held)
                    || (held && wanted && looks_whole(&self.block, &head.payload));
                if skipped < head.length && !cut {
                    self.resyncing = true;
                }
                if wanted && held && !cut {
                    let reason = format!(
                        "truncated: the record promised {} bytes, {} follow (the archive ends)",
                        head.length, skipped
                    );
                    return Some(Err(self.failure(offset, head.url, reason)));
                }
                if wanted && !cut {
                    return Some(Err(ArchiveFailure {
                        offset,
                        url: head.url,
                        error: SourceError::TooLarge { limit: self.limit },
                    }));
                }
                if !wanted {
                    self.ignore(head.url.as_deref(), offset);
                    continue;
                }
                // The block held is the record up to where the next one starts.
            } else {
                let mut block = std::mem::take(&mut self.block);
                self.bytes.read_up_to(head.length, &mut block);
                self.block = block;
                let cut_short = (self.block.len() as u64) < head.length;
                let cause = cut_short.then(|| match self.bytes.take_error() {
                    Some(e) => super::describe_io_error(&e),
                    None => "the archive ends".to_string(),
                });
                if cut_short || !self.follows_well() {
                    // A length too long: the next record starts inside the block.
                    if let Some(cut) = self.record_start_within_block() {
                        let tail = self.block.split_off(cut);
                        self.bytes.unread(&tail);
                        trim_line_ends(&mut self.block);
                    } else if let Some(cause) = cause {
                        if !(wanted && looks_whole(&self.block, &head.payload)) {
                            if !wanted {
                                self.ignore(head.url.as_deref(), offset);
                                continue;
                            }
                            let reason = format!(
                                "truncated: the record promised {} bytes, {} follow ({cause})",
                                head.length,
                                self.block.len()
                            );
                            return Some(Err(self.failure(offset, head.url, reason)));
                        }
                        // The page itself is all there; only the record's end is missing.
                    } else if wanted {
                        self.extend_block();
                    }
                }
            }
            match page_of(&self.block, &head, self.limit) {
                Ok(Some((body, charset))) => {
                    return Some(Ok(Page {
                        offset,
                        input: Input {
                            bytes: body,
                            path: self.path.clone(),
                            relative: None,
                            url: head.url,
                            charset,
                            base_url: None,
                            fetched_at: head.date,
                            sha256: None,
                        },
                    }))
                }
                Ok(None) => self.ignore(head.url.as_deref(), offset),
                Err(reason) => return Some(Err(self.failure(offset, head.url, reason))),
            }
        }
    }
}

/// A page's body and the charset its headers give.
type PageBody = (Vec<u8>, Option<String>);

/// The page a record holds: its body and charset; `None` when it holds no page (a
/// redirect, an error page, an image, an empty body).
fn page_of(block: &[u8], head: &RecordHead, limit: u64) -> Result<Option<PageBody>, String> {
    // An empty block (a response whose fetch failed, as crawlers record it) holds no page;
    // it is not damage.
    if block.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let (body, charset) = match payload_of(block, &head.payload) {
        Payload::Other => return Ok(None),
        Payload::Http => {
            let response = http::parse_head(block)?;
            if !response.is_page() {
                return Ok(None);
            }
            let body = response.body(block, limit)?;
            if !response.is_page_body(&body) {
                return Ok(None);
            }
            (body, http::charset_of(&response.content_type))
        }
        Payload::Document(content_type) => {
            if !http::is_html_type(content_type) {
                return Ok(None);
            }
            (block.to_vec(), http::charset_of(content_type))
        }
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    Ok(Some((body, charset)))
}

/// What a block holds: a document that starts with an HTTP status line is a whole
/// response (ARC files store them so, under the document's type).
fn payload_of<'a>(block: &[u8], payload: &'a Payload) -> &'a Payload {
    match payload {
        Payload::Document(_) if block.starts_with(b"HTTP/") => &Payload::Http,
        other => other,
    }
}

/// Whether a block cut short still holds its whole page: plain HTML that has its closing
/// `</html>`.
fn looks_whole(block: &[u8], payload: &Payload) -> bool {
    let body = match payload_of(block, payload) {
        Payload::Other => return false,
        Payload::Http => match http::parse_head(block) {
            Ok(head) if head.is_page() && head.is_plain() => head.raw_body(block),
            _ => return false,
        },
        Payload::Document(_) => block,
    };
    let Some(html_end) = rfind_ignore_ascii_case(body, b"</html>") else {
        return false;
    };
    only_comments(&body[html_end + b"</html>".len()..])
}

/// Where `needle` (lower-case ASCII) last occurs in `haystack`, in any case.
fn rfind_ignore_ascii_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=haystack.len().checked_sub(needle.len())?)
        .rev()
        .find(|&at| haystack[at..at + needle.len()].eq_ignore_ascii_case(needle))
}

/// Whether what follows `</html>` is only white space and comments, the last of which
/// may be cut (`<!-- page cached by … -->`, which caching plugins append, is where a cut
/// record often ends).
fn only_comments(mut rest: &[u8]) -> bool {
    loop {
        let start = rest
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(rest.len());
        rest = &rest[start..];
        if rest.is_empty() {
            return true;
        }
        let Some(comment) = rest.strip_prefix(b"<!--") else {
            return false;
        };
        match memchr::memmem::find(comment, b"-->") {
            Some(end) => rest = &comment[end + 3..],
            None => return true,
        }
    }
}

#[cfg(test)]
mod tests;
