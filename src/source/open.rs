//! Opening a file or standard input without trusting its size: the first bytes are peeked
//! (through gzip) so that callers can tell archives and streams from single documents
//! before reading on, and a single document is read whole only up to the size limit.

use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::Path;

use super::{file_name_of, read_capped, Input, SourceError};

/// The default `--max-size`: a news page is kilobytes, a page with inline images a few
/// megabytes; past this a file is almost surely not an article, and parsing it would cost
/// memory in proportion. The one limit for every document, archive page and record.
pub const DEFAULT_MAX_SIZE: u64 = 64 * 1024 * 1024;

/// How much of the (decompressed) start of an input is peeked: enough for every sniffer,
/// including HTML that starts with a few PHP warnings.
pub const HEAD: usize = 8 * 1024;

/// Raw bytes read to find the head of a gzip stream.
const RAW_HEAD: usize = 64 * 1024;

/// A byte source that can move to another thread.
pub type Stream = Box<dyn BufRead + Send>;

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// An input opened and peeked at: its first bytes (decompressed) and the whole of it from
/// the start, still compressed when it is gzip.
pub struct Opened {
    /// The path as given; `None` for standard input.
    pub path: Option<String>,
    /// Up to [`HEAD`] bytes of the decompressed start.
    pub head: Vec<u8>,
    /// Whether the bytes are gzip.
    pub gzipped: bool,
    raw: Box<dyn Read + Send>,
}

impl Opened {
    /// Opens a file, or standard input for `None`; directories are refused with a clear
    /// error.
    pub fn open(path: Option<&Path>) -> Result<Self, SourceError> {
        let reader: Box<dyn Read + Send> = match path {
            Some(path) => {
                if std::fs::metadata(path).map_err(SourceError::io)?.is_dir() {
                    return Err(SourceError::IsDirectory);
                }
                Box::new(std::fs::File::open(path).map_err(SourceError::io)?)
            }
            None => Box::new(std::io::stdin()),
        };
        Self::from_reader(reader, path.map(super::shown_path))
    }

    /// Peeks at any reader; `path` names it.
    pub fn from_reader(
        mut reader: Box<dyn Read + Send>,
        path: Option<String>,
    ) -> Result<Self, SourceError> {
        let mut start = Vec::with_capacity(HEAD);
        (&mut reader)
            .take(HEAD as u64)
            .read_to_end(&mut start)
            .map_err(SourceError::io)?;
        let gzipped = start.starts_with(&GZIP_MAGIC);
        let head = if gzipped {
            (&mut reader)
                .take((RAW_HEAD - start.len()) as u64)
                .read_to_end(&mut start)
                .map_err(SourceError::io)?;
            inflate_head(&start)
        } else {
            start.clone()
        };
        Ok(Opened {
            path,
            head,
            gzipped,
            raw: Box::new(Cursor::new(start).chain(reader)),
        })
    }

    /// The bytes as they are in the file, compressed or not, from the start: for archives,
    /// which decompress gzip member by member themselves.
    pub fn into_raw(self) -> Box<dyn Read + Send> {
        self.raw
    }

    /// The decompressed bytes, as a stream, from the start.
    pub fn into_stream(self) -> Stream {
        let reader: Box<dyn Read + Send> = if self.gzipped {
            Box::new(GzipMembers::new(self.raw))
        } else {
            self.raw
        };
        Box::new(BufReader::with_capacity(64 * 1024, reader))
    }

    /// Reads the rest as one document, within `max_size` once decompressed.
    pub fn read_whole(self, max_size: u64) -> Result<Input, SourceError> {
        let path = self.path.clone();
        let gzipped = self.gzipped;
        let bytes = read_capped(self.into_stream(), max_size)
            .map_err(|e| {
                if gzipped {
                    SourceError::gzip(e)
                } else {
                    SourceError::io(e)
                }
            })?
            .ok_or(SourceError::TooLarge { limit: max_size })?;
        Ok(Input {
            bytes,
            relative: path.as_deref().map(file_name_of),
            path,
            ..Input::default()
        })
    }
}

/// Gzip members one after another, as `gzip -d` reads them: zero bytes after the last
/// member (the padding tape and block-device copies add) end the data; other bytes
/// there are an error.
struct GzipMembers {
    decoder: Option<flate2::bufread::GzDecoder<BufReader<Box<dyn Read + Send>>>>,
    raw: Option<BufReader<Box<dyn Read + Send>>>,
}

impl GzipMembers {
    fn new(raw: Box<dyn Read + Send>) -> Self {
        GzipMembers {
            decoder: None,
            raw: Some(BufReader::new(raw)),
        }
    }
}

impl Read for GzipMembers {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if let Some(decoder) = &mut self.decoder {
                match decoder.read(out)? {
                    0 => self.raw = self.decoder.take().map(|d| d.into_inner()),
                    n => return Ok(n),
                }
                continue;
            }
            let Some(mut raw) = self.raw.take() else {
                return Ok(0);
            };
            let next = raw.fill_buf()?;
            if next.is_empty() {
                return Ok(0);
            }
            if next[0] == 0x1f {
                self.decoder = Some(flate2::bufread::GzDecoder::new(raw));
                continue;
            }
            // Not another member: padding, if it is zeros to the end.
            loop {
                let next = raw.fill_buf()?;
                if next.is_empty() {
                    return Ok(0);
                }
                if next.iter().any(|b| *b != 0) {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        "bytes after the gzip data that are not gzip",
                    ));
                }
                let n = next.len();
                raw.consume(n);
            }
        }
    }
}

/// Up to [`HEAD`] decompressed bytes of a gzip stream's start; a stream cut short or
/// corrupt gives what it had (the error is met again, and reported, when it is read).
fn inflate_head(raw: &[u8]) -> Vec<u8> {
    let mut decoder = flate2::read::MultiGzDecoder::new(raw).take(HEAD as u64);
    let mut head = Vec::with_capacity(HEAD);
    let mut chunk = [0u8; 4096];
    loop {
        match decoder.read(&mut chunk) {
            Ok(0) | Err(_) => return head,
            Ok(n) => head.extend_from_slice(&chunk[..n]),
        }
    }
}

/// Reads a file whole, through gzip, within `max_size`.
pub fn read_file(path: &Path, max_size: u64) -> Result<Input, SourceError> {
    Opened::open(Some(path))?.read_whole(max_size)
}

/// Reads a small file a command is given beside its inputs (a configuration, a profile,
/// a baseline) whole, within `limit`: a device such as `/dev/zero`, or a file past the
/// limit, is refused after `limit` bytes rather than read until memory runs out.
pub fn read_small_file(path: &Path, limit: u64) -> Result<Vec<u8>, SourceError> {
    if std::fs::metadata(path).map_err(SourceError::io)?.is_dir() {
        return Err(SourceError::Io {
            reason: "is a directory, not a file".to_string(),
        });
    }
    let file = std::fs::File::open(path).map_err(SourceError::io)?;
    read_capped(file, limit)
        .map_err(SourceError::io)?
        .ok_or(SourceError::TooLarge { limit })
}

/// Parses a size such as `64M`, `500K`, `1G` or `1048576` (bytes; K, M, G are powers of 1024).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let (digits, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((at, _)) => text.split_at(at),
        None => (text, ""),
    };
    let number: u64 = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a size (try 64M, 500K, 1G)"))?;
    let factor: u64 = match unit
        .trim()
        .to_ascii_uppercase()
        .trim_end_matches("IB")
        .trim_end_matches('B')
    {
        "" => 1,
        "K" => 1 << 10,
        "M" => 1 << 20,
        "G" => 1 << 30,
        _ => return Err(format!("`{text}`: unknown unit (use K, M or G)")),
    };
    number
        .checked_mul(factor)
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("`{text}` is not a usable size"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(bytes).unwrap();
        gz.finish().unwrap()
    }

    fn opened(bytes: Vec<u8>) -> Opened {
        Opened::from_reader(Box::new(Cursor::new(bytes)), None).unwrap()
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("500k"), Ok(500 << 10));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert_eq!(parse_size("4096"), Ok(4096));
        assert!(parse_size("0").is_err());
        assert!(parse_size("lots").is_err());
        assert!(parse_size("5T").is_err());
    }

    #[test]
    fn a_document_past_the_limit_is_refused_without_reading_it_all() {
        let big = std::io::repeat(b'a').take(10_000_000);
        let err = Opened::from_reader(Box::new(big), None)
            .unwrap()
            .read_whole(1000)
            .unwrap_err();
        assert_eq!(err, SourceError::TooLarge { limit: 1000 });
    }

    #[test]
    fn gzip_is_looked_through_for_the_head_and_the_whole() {
        let text = b"Judul\n\nIsi berita.";
        let input = opened(gzip(text));
        assert!(input.gzipped);
        assert_eq!(input.head, text);
        assert_eq!(input.read_whole(1000).unwrap().bytes, text);
    }

    #[test]
    fn the_raw_stream_starts_at_the_start() {
        let bytes = gzip(&vec![b'x'; 100_000]);
        let mut raw = Vec::new();
        opened(bytes.clone())
            .into_raw()
            .read_to_end(&mut raw)
            .unwrap();
        assert_eq!(raw, bytes);
    }

    #[test]
    fn several_members_and_zero_padding_read_as_gzip_does() {
        let mut bytes = gzip(b"satu ");
        bytes.extend(gzip(b"dua"));
        bytes.extend(vec![0u8; 4096]);
        assert_eq!(
            opened(bytes.clone()).read_whole(1000).unwrap().bytes,
            b"satu dua"
        );
        bytes.extend_from_slice(b"junk");
        assert!(opened(bytes).read_whole(1000).is_err());
    }

    #[test]
    fn corrupt_gzip_is_named_as_such() {
        let mut bytes = gzip(&vec![b'x'; 100_000]);
        let middle = bytes.len() / 2;
        bytes.truncate(middle);
        let err = opened(bytes).read_whole(1 << 20).unwrap_err();
        assert!(matches!(err, SourceError::Gzip { .. }), "{err}");
    }
}
