//! Bytes in: where an input's bytes come from, never what they mean.
//!
//! Arguments are expanded into files ([`expand`]), files and standard input are opened
//! through gzip within one size limit ([`open`]), web archives (WARC and ARC, plain or
//! gzipped) are iterated record by record ([`archive`]) with their HTTP responses decoded
//! ([`http`]), streams of documents are split one document at a time ([`records`]), and all
//! of it becomes units of work in input order ([`units`]). Formats are read in
//! [`crate::read`]; nothing here parses an article.

pub mod archive;
pub mod expand;
pub mod http;
pub mod names;
pub mod open;
pub mod records;
pub mod units;

pub use open::{parse_size, DEFAULT_MAX_SIZE};
pub use units::{Origin, Unit, Units, Work};

/// Bytes to read, with where they came from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Input {
    pub bytes: Vec<u8>,
    /// The path as the user gave it; `None` for standard input.
    pub path: Option<String>,
    /// The path below the folder it was found in (the file name for a file given by
    /// name), `/`-separated: what ids are made from, so that they do not depend on how the
    /// path was typed.
    pub relative: Option<String>,
    /// The page's URL, when known from outside.
    pub url: Option<String>,
    /// The charset given from outside (an HTTP or archive header, `--encoding`).
    pub charset: Option<String>,
    /// Where relative links point from when the page says nothing (`--base-url`).
    pub base_url: Option<String>,
    /// When the page was fetched, from its archive record.
    pub fetched_at: Option<String>,
    /// The SHA-256 of `bytes` in hex, when a caller already computed it (`convert
    /// --out-dir` hashes each input to name and resume its output): the readers reuse it
    /// for `source.sha256` instead of hashing the page a second time. Whoever changes
    /// `bytes` clears it.
    pub sha256: Option<String>,
}

impl Input {
    /// The SHA-256 of the bytes in hex: the one already computed, or a fresh one.
    pub fn sha256_hex(&self) -> String {
        self.sha256
            .clone()
            .unwrap_or_else(|| sha256_hex(&self.bytes))
    }

    /// Bytes from memory, such as a test's string or a record of a stream; `path` names
    /// them (and gives the id its file stem).
    pub fn from_bytes(bytes: impl Into<Vec<u8>>, path: Option<&str>) -> Self {
        Input {
            bytes: bytes.into(),
            path: path.map(str::to_string),
            relative: path.map(file_name_of),
            ..Input::default()
        }
    }

    /// Reads a whole file (through gzip) within the default size limit.
    pub fn from_path(path: &std::path::Path) -> Result<Self, SourceError> {
        open::read_file(path, DEFAULT_MAX_SIZE)
    }

    /// How the input is named in messages: its path, or `<stdin>`.
    pub fn display_name(&self) -> &str {
        self.path.as_deref().unwrap_or("<stdin>")
    }
}

/// A path as messages, reports and `source.path` show it: as typed, with bytes that are
/// not UTF-8 written `\xFF` (so that two names differing only in them stay two) and
/// control characters written `\u{1b}` (so that a name cannot drive a terminal).
pub fn shown_path(path: &std::path::Path) -> String {
    #[cfg(unix)]
    let bytes = std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str());
    #[cfg(not(unix))]
    let lossy = path.to_string_lossy();
    #[cfg(not(unix))]
    let bytes = lossy.as_bytes();
    let mut shown = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c.is_control() {
                shown.push_str(&c.escape_unicode().to_string());
            } else {
                shown.push(c);
            }
        }
        for byte in chunk.invalid() {
            shown.push_str(&format!("\\x{byte:02X}"));
        }
    }
    shown
}

/// The last component of a path as typed.
pub(crate) fn file_name_of(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

/// Why bytes could not be had. The path is added by the caller, which knows it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourceError {
    #[error("{reason}")]
    Io { reason: String },
    #[error("is a directory, not a file (give the files in it, or a glob)")]
    IsDirectory,
    #[error("gzip data is corrupt: {reason}")]
    Gzip { reason: String },
    #[error("input is larger than the limit of {limit} bytes (raise it with --max-size)")]
    TooLarge { limit: u64 },
    /// A damaged stretch of an archive; `offset` says where (messages name it through
    /// the unit's origin).
    #[error("{reason}")]
    Archive {
        kind: archive::ArchiveKind,
        offset: u64,
        reason: String,
    },
    #[error("line {line}: {reason}")]
    Record { line: usize, reason: String },
    /// An archive whose records are all something else (images, redirects, metadata,
    /// truncated records): no output comes of it, so it is reported, not passed over.
    #[error(
        "the {kind} archive holds no page ({records} {}, none an HTML page)",
        if *records == 1 { "record" } else { "records" }
    )]
    NoPage {
        kind: archive::ArchiveKind,
        records: usize,
    },
}

impl SourceError {
    /// An I/O error, in the words users meet it.
    pub fn io(err: std::io::Error) -> Self {
        SourceError::Io {
            reason: describe_io_error(&err),
        }
    }

    /// A read error inside a gzip stream: its corruption.
    pub fn gzip(err: std::io::Error) -> Self {
        SourceError::Gzip {
            reason: describe_io_error(&err),
        }
    }
}

/// Lower-case, short reasons for the I/O errors users meet, without the OS error number.
pub fn describe_io_error(err: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match err.kind() {
        ErrorKind::NotFound => "no such file".to_string(),
        ErrorKind::PermissionDenied => "permission denied".to_string(),
        ErrorKind::IsADirectory => "is a directory, not a file".to_string(),
        _ => {
            let text = err.to_string();
            let text = text.split(" (os error").next().unwrap_or(&text);
            text.to_lowercase()
        }
    }
}

/// The SHA-256 of bytes, lower-case hex: an article's `source.sha256`, and how a batch
/// tells whether an output was made from these very bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    use std::fmt::Write;
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        })
}

/// Reads at most `limit` bytes: `None` when there are more, so that an input built to
/// exhaust memory is refused after `limit` bytes rather than read to its end.
pub(crate) fn read_capped(
    reader: impl std::io::Read,
    limit: u64,
) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let mut out = Vec::new();
    reader.take(limit.saturating_add(1)).read_to_end(&mut out)?;
    // Reading grew the buffer by doubling; the input is held all through its reading, so
    // it keeps only its own size.
    out.shrink_to_fit();
    Ok((out.len() as u64 <= limit).then_some(out))
}
