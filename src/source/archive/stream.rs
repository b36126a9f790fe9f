//! The decompressed bytes of an archive, with what record reading needs beyond `BufRead`:
//! gzip read member by member, so that a corrupt member costs only its own records; bytes
//! put back, for a record that turned out shorter than it said; and the offset of every
//! byte in the decompressed archive.

use std::io::{self, Read};

/// A buffered reader of raw bytes that can look further ahead than one buffer (to find a
/// gzip magic number that straddles two reads) and go back to a marked place not too far
/// behind (to look for the next member from just after a member that failed).
struct RawBuf {
    inner: Box<dyn Read + Send>,
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    /// Bytes consumed so far: the offset of `buf[pos]` in the raw input.
    consumed: u64,
    /// A place to be able to go back to, while it is at most [`MAX_REWIND`] behind.
    mark: Option<u64>,
}

/// How far behind a mark is kept buffered.
const MAX_REWIND: usize = 1 << 20;

impl RawBuf {
    fn new(inner: Box<dyn Read + Send>) -> Self {
        RawBuf {
            inner,
            buf: vec![0; 64 * 1024],
            pos: 0,
            end: 0,
            consumed: 0,
            mark: None,
        }
    }

    /// The offset in the raw input of `buf[0]`.
    fn buf_start(&self) -> u64 {
        self.consumed - self.pos as u64
    }

    /// Reads more, keeping the unconsumed bytes (and those since the mark); false at the
    /// end of the input.
    fn fill_more(&mut self) -> io::Result<bool> {
        let keep_from = match self.mark {
            Some(mark) if mark >= self.buf_start() && self.consumed - mark <= MAX_REWIND as u64 => {
                (mark - self.buf_start()) as usize
            }
            _ => self.pos,
        };
        if keep_from > 0 {
            self.buf.copy_within(keep_from..self.end, 0);
            self.end -= keep_from;
            self.pos -= keep_from;
        }
        if self.end == self.buf.len() {
            self.buf.resize(self.buf.len() * 2, 0);
        }
        loop {
            match self.inner.read(&mut self.buf[self.end..]) {
                Ok(0) => return Ok(false),
                Ok(n) => {
                    self.end += n;
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// Whether what is left is zeros to the end. Zeros are consumed as they are seen
    /// (before another member they are padding too); the first other byte stays.
    fn rest_is_zeros(&mut self) -> io::Result<bool> {
        loop {
            let window = &self.buf[self.pos..self.end];
            let zeros = window.iter().take_while(|b| **b == 0).count();
            let more_than_zeros = zeros < window.len();
            self.pos += zeros;
            self.consumed += zeros as u64;
            if more_than_zeros {
                return Ok(false);
            }
            if !self.fill_more()? {
                return Ok(true);
            }
        }
    }

    /// Goes back to `offset` when it is still buffered.
    fn rewind_to(&mut self, offset: u64) -> bool {
        if offset < self.buf_start() || offset > self.consumed {
            return false;
        }
        self.pos = (offset - self.buf_start()) as usize;
        self.consumed = offset;
        true
    }

    /// Moves to the next gzip member header (`1f 8b 08`); false when there is none.
    fn seek_gzip_magic(&mut self) -> io::Result<bool> {
        const MAGIC: [u8; 3] = [0x1f, 0x8b, 0x08];
        loop {
            let window = &self.buf[self.pos..self.end];
            match memchr::memmem::find(window, &MAGIC) {
                Some(at) => {
                    self.pos += at;
                    self.consumed += at as u64;
                    return Ok(true);
                }
                None => {
                    // Keep a possible start of the magic at the end of the window.
                    let skip = window.len() - window.len().min(MAGIC.len() - 1);
                    self.pos += skip;
                    self.consumed += skip as u64;
                    if !self.fill_more()? {
                        self.consumed += (self.end - self.pos) as u64;
                        self.pos = self.end;
                        return Ok(false);
                    }
                }
            }
        }
    }
}

impl Read for RawBuf {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = io::BufRead::fill_buf(self)?.len().min(out.len());
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        self.consumed += n as u64;
        Ok(n)
    }
}

impl io::BufRead for RawBuf {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos == self.end {
            self.fill_more()?;
        }
        Ok(&self.buf[self.pos..self.end])
    }

    fn consume(&mut self, n: usize) {
        let n = n.min(self.end - self.pos);
        self.pos += n;
        self.consumed += n as u64;
    }
}

/// Gzip members one after another. A member that fails to decode is one error; reading
/// then goes on from the next member header in the raw bytes.
struct Members {
    decoder: Option<flate2::bufread::GzDecoder<RawBuf>>,
    raw: Option<RawBuf>,
    /// Where the current member starts in the raw bytes.
    member_start: u64,
    /// Whether the current member has given any bytes.
    produced: bool,
}

impl Members {
    fn new(raw: RawBuf) -> Self {
        Members {
            decoder: None,
            raw: Some(raw),
            member_start: 0,
            produced: false,
        }
    }
}

impl Read for Members {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.decoder.is_none() {
                let Some(mut raw) = self.raw.take() else {
                    return Ok(0);
                };
                if io::BufRead::fill_buf(&mut raw)?.is_empty() {
                    self.raw = Some(raw);
                    return Ok(0);
                }
                // Zeros after the last member are padding (tape and block copies), the
                // end of the archive, as `gzip -d` reads it.
                if raw.rest_is_zeros()? {
                    return Ok(0);
                }
                self.member_start = raw.consumed;
                self.produced = false;
                raw.mark = Some(raw.consumed);
                self.decoder = Some(flate2::bufread::GzDecoder::new(raw));
            }
            let decoder = self.decoder.as_mut().expect("set above");
            match decoder.read(out) {
                Ok(0) => {
                    // The member ended; the next one (if any) starts right after it.
                    self.raw = self.decoder.take().map(|d| d.into_inner());
                }
                Ok(n) => {
                    self.produced = true;
                    return Ok(n);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    let mut raw = self.decoder.take().expect("set above").into_inner();
                    // Look for the next member from just after this one's start, which
                    // the decoder may have read far past; never find this one again.
                    if !raw.rewind_to(self.member_start + 1) && raw.consumed == self.member_start {
                        io::BufRead::consume(&mut raw, 1);
                    }
                    let more = raw.seek_gzip_magic().unwrap_or(false);
                    if more {
                        self.raw = Some(raw);
                    } else if self.produced {
                        // The last member was cut short after giving its bytes (a crawl
                        // killed while writing its trailer): the end of the archive. What
                        // the cut took from a record shows as that record cut short.
                        return Ok(0);
                    }
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!(
                            "gzip member corrupt or cut short: {}",
                            super::super::describe_io_error(&e)
                        ),
                    ));
                }
            }
        }
    }
}

/// The decompressed archive, buffered, with put-back bytes and offsets.
pub struct ArchiveBytes {
    inner: Box<dyn Read + Send>,
    buf: Vec<u8>,
    pos: usize,
    /// Offset in the decompressed archive of `buf[pos]`.
    offset: u64,
    /// A read error met while filling, given to the caller once the bytes before it are
    /// used up.
    error: Option<io::Error>,
    eof: bool,
}

impl ArchiveBytes {
    /// `raw` is the archive as stored; `gzipped` says whether it is gzip.
    pub fn new(raw: Box<dyn Read + Send>, gzipped: bool) -> Self {
        let raw = RawBuf::new(raw);
        let inner: Box<dyn Read + Send> = if gzipped {
            Box::new(Members::new(raw))
        } else {
            Box::new(raw)
        };
        ArchiveBytes {
            inner,
            buf: Vec::with_capacity(64 * 1024),
            pos: 0,
            offset: 0,
            error: None,
            eof: false,
        }
    }

    /// Where the next byte sits in the decompressed archive.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    fn available(&self) -> &[u8] {
        &self.buf[self.pos..]
    }

    /// Makes at least `want` bytes available if the input has them; false when fewer are
    /// left before the end or an error.
    fn fill_to(&mut self, want: usize) -> bool {
        while self.available().len() < want {
            if self.eof || self.error.is_some() {
                return false;
            }
            if self.pos > 0 && self.pos * 2 >= self.buf.len() {
                self.buf.drain(..self.pos);
                self.pos = 0;
            }
            let len = self.buf.len();
            let grow = (want - self.available().len()).max(64 * 1024);
            self.buf.resize(len + grow, 0);
            match self.inner.read(&mut self.buf[len..]) {
                Ok(0) => {
                    self.buf.truncate(len);
                    self.eof = true;
                }
                Ok(n) => self.buf.truncate(len + n),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => self.buf.truncate(len),
                Err(e) => {
                    self.buf.truncate(len);
                    self.error = Some(e);
                }
            }
        }
        true
    }

    /// The next bytes without consuming them: up to `n`, fewer near the end.
    pub fn peek(&mut self, n: usize) -> &[u8] {
        self.fill_to(n);
        let available = self.available();
        &available[..available.len().min(n)]
    }

    pub fn consume(&mut self, n: usize) {
        let n = n.min(self.available().len());
        self.pos += n;
        self.offset += n as u64;
    }

    /// Takes the error met after the buffered bytes, once they are used up.
    pub fn take_error(&mut self) -> Option<io::Error> {
        if self.available().is_empty() {
            self.error.take()
        } else {
            None
        }
    }

    /// A line, `\n` included, of at most `max` bytes: `Ok(None)` at the end, an error past
    /// `max` bytes with no line end.
    pub fn read_line(&mut self, max: usize) -> Result<Option<Vec<u8>>, LineTooLong> {
        let mut scanned = 0;
        loop {
            let available = self.available();
            if let Some(at) = memchr::memchr(b'\n', &available[scanned..]) {
                let line = available[..scanned + at + 1].to_vec();
                self.consume(line.len());
                return Ok(Some(line));
            }
            scanned = available.len();
            if scanned >= max {
                return Err(LineTooLong);
            }
            if !self.fill_to(scanned + 1) {
                let line = self.available().to_vec();
                self.consume(line.len());
                return Ok((!line.is_empty()).then_some(line));
            }
        }
    }

    /// Skips the rest of a line too long to read, its `\n` included.
    pub fn skip_line(&mut self) {
        self.skip_line_keeping(0);
    }

    /// Skips the rest of a line and returns its last `keep`
    /// bytes (line end included): damage glued to the next record's first line ends in it.
    pub fn skip_line_keeping(&mut self, keep: usize) -> Vec<u8> {
        let mut tail: Vec<u8> = Vec::new();
        let keep_last = |tail: &mut Vec<u8>, bytes: &[u8]| {
            let bytes = &bytes[bytes.len().saturating_sub(keep)..];
            tail.extend_from_slice(bytes);
            let excess = tail.len().saturating_sub(keep);
            tail.drain(..excess);
        };
        loop {
            if let Some(at) = memchr::memchr(b'\n', self.available()) {
                keep_last(&mut tail, &self.available()[..=at]);
                self.consume(at + 1);
                return tail;
            }
            let all = self.available().len();
            keep_last(&mut tail, &self.available()[..all]);
            self.consume(all);
            if !self.fill_to(1) {
                return tail;
            }
        }
    }

    /// Reads up to `n` bytes (fewer at the end or an error).
    pub fn read_up_to(&mut self, n: u64, into: &mut Vec<u8>) {
        into.clear();
        let n = usize::try_from(n).unwrap_or(usize::MAX);
        while into.len() < n {
            let want = (n - into.len()).min(1 << 20);
            if !self.fill_to(want) && self.available().is_empty() {
                return;
            }
            let take = self.available().len().min(want);
            into.extend_from_slice(&self.available()[..take]);
            self.consume(take);
        }
    }

    /// Puts bytes back in front of the stream (a record's tail that belongs to the next).
    pub fn unread(&mut self, bytes: &[u8]) {
        if self.pos >= bytes.len() && &self.buf[self.pos - bytes.len()..self.pos] == bytes {
            self.pos -= bytes.len();
        } else {
            self.buf.splice(self.pos..self.pos, bytes.iter().copied());
        }
        self.offset = self.offset.saturating_sub(bytes.len() as u64);
    }
}

/// A line longer than the limit.
#[derive(Debug)]
pub struct LineTooLong;

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn member(text: &[u8]) -> Vec<u8> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(text).unwrap();
        gz.finish().unwrap()
    }

    fn all(bytes: &mut ArchiveBytes) -> (Vec<u8>, usize) {
        let mut out = Vec::new();
        let mut errors = 0;
        loop {
            while let Ok(Some(line)) = bytes.read_line(1 << 20) {
                out.extend(line);
            }
            match bytes.take_error() {
                Some(_) => errors += 1,
                None => return (out, errors),
            }
        }
    }

    #[test]
    fn a_corrupt_member_costs_only_itself() {
        let mut raw = member(b"one\n");
        let mut bad = member(b"two two two two two two two two\n");
        let middle = bad.len() / 2;
        bad[middle] ^= 0xff;
        bad[middle + 1] ^= 0xff;
        raw.extend(bad);
        raw.extend(member(b"three\n"));
        let mut bytes = ArchiveBytes::new(Box::new(io::Cursor::new(raw)), true);
        let (text, errors) = all(&mut bytes);
        assert_eq!(errors, 1);
        assert!(
            text.starts_with(b"one\n"),
            "{}",
            String::from_utf8_lossy(&text)
        );
        assert!(text.ends_with(b"three\n"), "{:?}", text);
    }

    #[test]
    fn a_cut_last_member_gives_what_it_decoded_and_ends() {
        let mut raw = member(b"first\n");
        let mut last = member(b"whole line\n");
        last.truncate(last.len() - 4); // the gzip trailer's size field
        raw.extend(last);
        let mut bytes = ArchiveBytes::new(Box::new(io::Cursor::new(raw)), true);
        let (text, errors) = all(&mut bytes);
        assert_eq!(text, b"first\nwhole line\n");
        assert_eq!(errors, 0);
    }

    #[test]
    fn put_back_bytes_come_first() {
        let mut bytes = ArchiveBytes::new(Box::new(io::Cursor::new(b"abcdef\n".to_vec())), false);
        let mut got = Vec::new();
        bytes.read_up_to(3, &mut got);
        assert_eq!(got, b"abc");
        bytes.unread(b"XYc");
        assert_eq!(bytes.offset(), 0);
        assert_eq!(bytes.read_line(100).unwrap().unwrap(), b"XYcdef\n");
        assert_eq!(bytes.read_line(100).unwrap(), None);
    }
}
