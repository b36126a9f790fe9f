//! Opening an input without trusting its size: the first bytes decide whether it is a WARC
//! archive (read one record at a time) or a single document (read whole, up to a limit),
//! looking through gzip either way.

use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::Path;

use super::warc::{looks_like_warc, WarcReader};
use super::{read_capped, Input, InputFormat, ReadError};

/// The default `--max-size`: a news page is kilobytes, a page with inline images a few
/// megabytes; past this a file is almost surely not an article, and parsing it would cost
/// memory in proportion.
pub const DEFAULT_MAX_SIZE: u64 = 64 * 1024 * 1024;

/// A byte source that can move to another thread.
pub type Stream = Box<dyn BufRead + Send>;

/// What an opened input turned out to be.
pub enum Opened {
    /// One document, read whole.
    Whole(Input),
    /// A web archive, to be read page by page.
    Warc(WarcReader<Stream>),
}

/// Opens a file: `max_size` bounds a single document (after decompression); an archive is
/// streamed whatever its size, and only each of its records is bounded.
pub fn open_path(path: &Path, format: InputFormat, max_size: u64) -> Result<Opened, ReadError> {
    open_reader(
        open_file(path)?,
        Some(path.display().to_string()),
        format,
        max_size,
    )
}

/// Reads a file whole, through gzip, within `max_size`, without looking for an archive:
/// for a file already known not to be one.
pub fn open_whole(path: &Path, max_size: u64) -> Result<Input, ReadError> {
    let peeked = Peeked::of(open_file(path)?)?;
    read_whole(peeked, Some(path.display().to_string()), max_size)
}

/// Whether a file is a WARC archive, from its first bytes (through gzip), without reading
/// the rest: a batch streams archives itself and hands other files to its workers whole.
pub fn is_archive(path: &Path, format: InputFormat) -> bool {
    matches!(format, InputFormat::Auto | InputFormat::Warc)
        && open_file(path)
            .and_then(Peeked::of)
            .is_ok_and(|peeked| looks_like_warc(&peeked.head))
}

/// A file or standard input as a stream of bytes, through gzip, with no size limit: for
/// JSON Lines read a record at a time.
pub fn open_stream(path: Option<&Path>) -> Result<Stream, ReadError> {
    let reader = match path {
        Some(path) => open_file(path)?,
        None => Box::new(std::io::stdin()),
    };
    let peeked = Peeked::of(reader)?;
    Ok(Box::new(BufReader::with_capacity(64 * 1024, peeked.reader)))
}

/// Opens standard input the same way as a file.
pub fn open_stdin(format: InputFormat, max_size: u64) -> Result<Opened, ReadError> {
    open_reader(Box::new(std::io::stdin()), None, format, max_size)
}

/// Opens any reader; `path` names it in messages and in `source.path`. An archive is
/// recognised by its bytes when the format is `Auto`, and required when it is `Warc`.
pub fn open_reader(
    reader: Box<dyn Read + Send>,
    path: Option<String>,
    format: InputFormat,
    max_size: u64,
) -> Result<Opened, ReadError> {
    let peeked = Peeked::of(reader)?;
    let is_warc = looks_like_warc(&peeked.head);
    if format == InputFormat::Warc && !is_warc {
        return Err(ReadError::Warc {
            offset: 0,
            reason: "not a WARC archive (it does not start with `WARC/1.`)".to_string(),
        });
    }
    if is_warc && matches!(format, InputFormat::Auto | InputFormat::Warc) {
        let stream: Stream = Box::new(BufReader::with_capacity(64 * 1024, peeked.reader));
        return Ok(Opened::Warc(
            WarcReader::new(stream, path).with_limit(max_size),
        ));
    }
    read_whole(peeked, path, max_size).map(Opened::Whole)
}

/// A file to read, directories refused with a clear error.
fn open_file(path: &Path) -> Result<Box<dyn Read + Send>, ReadError> {
    if std::fs::metadata(path).map_err(ReadError::io)?.is_dir() {
        return Err(ReadError::IsDirectory);
    }
    Ok(Box::new(std::fs::File::open(path).map_err(ReadError::io)?))
}

/// The first bytes of a stream, seen through gzip when it is compressed, and the stream
/// (decompressed) from its start.
struct Peeked {
    head: Vec<u8>,
    reader: Box<dyn Read + Send>,
    gzipped: bool,
}

impl Peeked {
    /// Enough bytes to tell gzip and WARC apart from everything else.
    const HEAD: usize = 8;

    fn of(reader: Box<dyn Read + Send>) -> Result<Self, ReadError> {
        let (head, reader) = peek(reader, Self::HEAD).map_err(ReadError::io)?;
        if !head.starts_with(&[0x1f, 0x8b]) {
            return Ok(Peeked {
                head,
                reader,
                gzipped: false,
            });
        }
        let inflated = Box::new(flate2::read::MultiGzDecoder::new(reader));
        let (head, reader) = peek(inflated, Self::HEAD).map_err(ReadError::gzip)?;
        Ok(Peeked {
            head,
            reader,
            gzipped: true,
        })
    }
}

/// Reads the rest of a peeked stream as one document, within `max_size`.
fn read_whole(peeked: Peeked, path: Option<String>, max_size: u64) -> Result<Input, ReadError> {
    // A read error inside a gzip stream is its corruption.
    let error = if peeked.gzipped {
        ReadError::gzip
    } else {
        ReadError::io
    };
    let bytes = read_capped(peeked.reader, max_size)
        .map_err(error)?
        .ok_or(ReadError::TooLarge { limit: max_size })?;
    Ok(Input {
        bytes,
        path,
        url: None,
        charset: None,
        base_url: None,
        fetched_at: None,
    })
}

/// Reads up to `n` bytes and gives back a reader that still starts with them.
fn peek(
    mut reader: Box<dyn Read + Send>,
    n: usize,
) -> std::io::Result<(Vec<u8>, Box<dyn Read + Send>)> {
    let mut head = Vec::with_capacity(n);
    (&mut reader).take(n as u64).read_to_end(&mut head)?;
    let again = Cursor::new(head.clone()).chain(reader);
    Ok((head, Box::new(again)))
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
        let err = open_reader(Box::new(big), None, InputFormat::Auto, 1000)
            .err()
            .unwrap();
        assert_eq!(err, ReadError::TooLarge { limit: 1000 });
    }

    #[test]
    fn gzip_is_looked_through() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"Judul\n\nIsi berita.").unwrap();
        let bytes = gz.finish().unwrap();
        match open_reader(Box::new(Cursor::new(bytes)), None, InputFormat::Auto, 1000)
            .ok()
            .unwrap()
        {
            Opened::Whole(input) => assert_eq!(input.bytes, b"Judul\n\nIsi berita."),
            Opened::Warc(_) => panic!("not an archive"),
        }
    }
}
