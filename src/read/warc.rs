//! WARC archives (ISO 28500, as wget and Heritrix write them), plain or `.warc.gz`, read one
//! record at a time so that a gigabyte archive never sits in memory. The pages are the
//! `response` records of HTML with HTTP status 200 (and `resource` records of HTML, which
//! some tools write for pages saved without their HTTP exchange); every other record is
//! counted and passed over.

use std::io::{self, BufRead, Read};

use super::{describe_io_error, Input, ReadError};

/// A record larger than this is refused (as that record's failure) rather than buffered,
/// unless [`WarcReader::with_limit`] says otherwise: one record must not exhaust memory.
pub const MAX_RECORD_PAYLOAD: u64 = super::open::DEFAULT_MAX_SIZE;

/// The longest header line accepted; past it the archive is not WARC.
const MAX_HEADER_LINE: u64 = 64 * 1024;

/// True when the bytes start a WARC record.
pub fn looks_like_warc(head: &[u8]) -> bool {
    head.starts_with(b"WARC/1.")
}

/// One page found in an archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarcPage {
    /// Where the record starts in the (uncompressed) archive, in bytes.
    pub offset: u64,
    /// The page itself, with the record's URL, date and HTTP charset.
    pub input: Input,
}

/// A record that could not be read as a page; the archive goes on after it when it can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarcFailure {
    pub offset: u64,
    pub url: Option<String>,
    pub error: ReadError,
}

/// The pages of an archive, in archive order. A broken record is one `Err`; a broken
/// archive (a bad header, a truncated record) ends the iteration after its `Err`, since
/// nothing past it can be trusted to start a record.
pub struct WarcReader<R> {
    reader: R,
    /// The path shown in messages and kept in each page's `source.path`.
    path: Option<String>,
    offset: u64,
    done: bool,
    /// Records that are not pages (requests, metadata, redirects, images...).
    pub ignored: usize,
    /// The largest page payload kept.
    limit: u64,
}

impl<R: BufRead> WarcReader<R> {
    pub fn new(reader: R, path: Option<String>) -> Self {
        WarcReader {
            reader,
            path,
            offset: 0,
            done: false,
            ignored: 0,
            limit: MAX_RECORD_PAYLOAD,
        }
    }

    /// Bounds each page's payload (`--max-size`); larger pages are that record's failure.
    pub fn with_limit(mut self, limit: u64) -> Self {
        self.limit = limit;
        self
    }

    fn read_line(&mut self, line: &mut Vec<u8>) -> io::Result<usize> {
        line.clear();
        let n = (&mut self.reader)
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', line)?;
        self.offset += n as u64;
        if n as u64 == MAX_HEADER_LINE && !line.ends_with(b"\n") {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "header line too long",
            ));
        }
        Ok(n)
    }

    /// Reads `length` bytes of the record's block, or skips them when `keep` is false.
    fn read_block(&mut self, length: u64, keep: bool) -> io::Result<Vec<u8>> {
        let mut block = Vec::new();
        let copied = if keep {
            (&mut self.reader).take(length).read_to_end(&mut block)? as u64
        } else {
            io::copy(&mut (&mut self.reader).take(length), &mut io::sink())?
        };
        self.offset += copied;
        if copied < length {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("truncated: the record promised {length} bytes, {copied} follow"),
            ));
        }
        Ok(block)
    }

    fn next_record(&mut self) -> Option<Result<WarcPage, WarcFailure>> {
        let mut line = Vec::new();
        // Records are separated by blank lines; anything else between them is damage.
        let start = loop {
            let at = self.offset;
            match self.read_line(&mut line) {
                Ok(0) => return None,
                Ok(_) if line.iter().all(u8::is_ascii_whitespace) => continue,
                Ok(_) if looks_like_warc(&line) => break at,
                Ok(_) => {
                    return Some(Err(self.broken(
                        at,
                        None,
                        "expected a `WARC/1.x` record header",
                    )))
                }
                Err(e) => return Some(Err(self.broken(at, None, &describe_io_error(&e)))),
            }
        };
        let headers = match self.read_headers() {
            Ok(h) => h,
            Err(e) => return Some(Err(self.broken(start, None, &describe_io_error(&e)))),
        };
        let header = |name: &str| {
            headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        let url = header("WARC-Target-URI").map(|u| u.trim_matches(['<', '>']).to_string());
        let Some(length) = header("Content-Length").and_then(|l| l.parse::<u64>().ok()) else {
            return Some(Err(self.broken(
                start,
                url,
                "record has no valid Content-Length",
            )));
        };
        let kind = header("WARC-Type").unwrap_or("").to_ascii_lowercase();
        let content_type = header("Content-Type").unwrap_or("").to_ascii_lowercase();
        let is_http = content_type.starts_with("application/http");
        let wanted = match kind.as_str() {
            "response" => is_http,
            "resource" => is_html_type(&content_type),
            _ => false,
        };
        if !wanted || length > self.limit {
            if let Err(e) = self.read_block(length, false) {
                return Some(Err(self.broken(start, url, &describe_io_error(&e))));
            }
            if wanted {
                return Some(Err(WarcFailure {
                    offset: start,
                    url,
                    error: ReadError::TooLarge { limit: self.limit },
                }));
            }
            self.ignored += 1;
            return self.next_record();
        }
        let block = match self.read_block(length, true) {
            Ok(b) => b,
            Err(e) => return Some(Err(self.broken(start, url, &describe_io_error(&e)))),
        };
        let date = header("WARC-Date").map(str::to_string);
        let page = if is_http {
            match http_page(&block) {
                Ok(Some(page)) => page,
                Ok(None) => {
                    self.ignored += 1;
                    return self.next_record();
                }
                Err(reason) => {
                    return Some(Err(WarcFailure {
                        offset: start,
                        url,
                        error: ReadError::Warc {
                            offset: start,
                            reason,
                        },
                    }))
                }
            }
        } else {
            HttpPage {
                charset: charset_of(&content_type),
                body: block,
            }
        };
        Some(Ok(WarcPage {
            offset: start,
            input: Input {
                bytes: page.body,
                path: self.path.clone(),
                url,
                charset: page.charset,
                base_url: None,
                fetched_at: date,
            },
        }))
    }

    fn read_headers(&mut self) -> io::Result<Vec<(String, String)>> {
        let mut headers: Vec<(String, String)> = Vec::new();
        let mut line = Vec::new();
        loop {
            if self.read_line(&mut line)? == 0 {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "truncated inside a record header",
                ));
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                return Ok(headers);
            }
            if text.starts_with([' ', '\t']) {
                // A folded header continues the one before it.
                if let Some(last) = headers.last_mut() {
                    last.1.push(' ');
                    last.1.push_str(text.trim());
                }
                continue;
            }
            match text.split_once(':') {
                Some((name, value)) => {
                    headers.push((name.trim().to_string(), value.trim().to_string()))
                }
                None => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("bad header line `{}`", truncate(text, 60)),
                    ))
                }
            }
        }
    }

    /// A failure that ends the archive: past it there is no telling where a record starts.
    fn broken(&mut self, offset: u64, url: Option<String>, reason: &str) -> WarcFailure {
        self.done = true;
        WarcFailure {
            offset,
            url,
            error: ReadError::Warc {
                offset,
                reason: format!("{reason}; the rest of the archive was not read"),
            },
        }
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Result<WarcPage, WarcFailure>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let item = self.next_record();
        if item.is_none() {
            self.done = true;
        }
        item
    }
}

fn truncate(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((cut, _)) => &text[..cut],
        None => text,
    }
}

fn is_html_type(content_type: &str) -> bool {
    let mime = content_type.split(';').next().unwrap_or("").trim();
    mime == "text/html" || mime == "application/xhtml+xml"
}

/// The `charset` parameter of a Content-Type value.
fn charset_of(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']).to_string())
            .filter(|v| !v.is_empty())
    })
}

struct HttpPage {
    charset: Option<String>,
    body: Vec<u8>,
}

/// The HTML page of an HTTP response block: `None` when the response is not a 200 of HTML
/// (a redirect, a 404, an image), an error when the block is not HTTP at all.
fn http_page(block: &[u8]) -> Result<Option<HttpPage>, String> {
    let Some(split) = memchr::memmem::find(block, b"\r\n\r\n")
        .map(|at| (at, at + 4))
        .or_else(|| memchr::memmem::find(block, b"\n\n").map(|at| (at, at + 2)))
    else {
        return Err("the HTTP response has no end of headers".to_string());
    };
    let head = String::from_utf8_lossy(&block[..split.0]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    if !status_line.starts_with("HTTP/") {
        return Err(format!(
            "not an HTTP response (`{}`)",
            truncate(status_line, 40)
        ));
    }
    let status = status_line.split_whitespace().nth(1).unwrap_or("");
    let mut content_type = String::new();
    let mut chunked = false;
    let mut content_encoding = String::new();
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().to_ascii_lowercase();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => content_type = value,
            "transfer-encoding" => chunked = value.contains("chunked"),
            "content-encoding" => content_encoding = value,
            _ => {}
        }
    }
    if status != "200" || !is_html_type(&content_type) {
        return Ok(None);
    }
    let mut body = block[split.1..].to_vec();
    if chunked {
        body = dechunk(&body).ok_or("the chunked HTTP body is broken")?;
    }
    match content_encoding.as_str() {
        "" | "identity" => {}
        "gzip" | "x-gzip" => body = inflate(flate2::read::MultiGzDecoder::new(&body[..]))?,
        "deflate" => body = inflate(flate2::read::ZlibDecoder::new(&body[..]))?,
        other => {
            return Err(format!(
                "the HTTP body is encoded as `{other}`, which arsip does not read"
            ))
        }
    }
    Ok(Some(HttpPage {
        charset: charset_of(&content_type),
        body,
    }))
}

fn inflate(decoder: impl Read) -> Result<Vec<u8>, String> {
    super::read_capped(decoder, MAX_RECORD_PAYLOAD)
        .map_err(|e| {
            format!(
                "the compressed HTTP body is corrupt: {}",
                describe_io_error(&e)
            )
        })?
        .ok_or_else(|| {
            format!("the HTTP body is larger than {MAX_RECORD_PAYLOAD} bytes once decompressed")
        })
}

/// Undoes HTTP/1.1 chunked transfer coding, as wget stores it.
fn dechunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let end = memchr::memmem::find(rest, b"\r\n")?;
        let size_text = std::str::from_utf8(&rest[..end]).ok()?;
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        rest = &rest[end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size..)?;
        rest = rest.strip_prefix(b"\r\n").unwrap_or(rest);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, url: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2019-04-01T03:00:00Z\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn pages(archive: &[u8]) -> Vec<Result<WarcPage, WarcFailure>> {
        WarcReader::new(archive, Some("a.warc".to_string())).collect()
    }

    #[test]
    fn takes_html_responses_with_status_200_only() {
        let mut archive = record(
            "warcinfo",
            "",
            "application/warc-fields",
            b"software: wget\r\n",
        );
        archive.extend(record(
            "request",
            "http://x.id/a",
            "application/http; msgtype=request",
            b"GET /a HTTP/1.1\r\n\r\n",
        ));
        archive.extend(record(
            "response",
            "http://x.id/a",
            "application/http; msgtype=response",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\n\r\n<p>caf\xe9</p>",
        ));
        archive.extend(record(
            "response",
            "http://x.id/moved",
            "application/http; msgtype=response",
            b"HTTP/1.1 301 Moved\r\nLocation: /a\r\nContent-Type: text/html\r\n\r\n",
        ));
        archive.extend(record(
            "response",
            "http://x.id/logo.png",
            "application/http; msgtype=response",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
        ));
        let mut reader = WarcReader::new(&archive[..], Some("a.warc".to_string()));
        let found: Vec<_> = reader.by_ref().collect();
        assert_eq!(found.len(), 1);
        let page = found[0].as_ref().unwrap();
        assert_eq!(page.input.url.as_deref(), Some("http://x.id/a"));
        assert_eq!(page.input.charset.as_deref(), Some("iso-8859-1"));
        assert_eq!(
            page.input.fetched_at.as_deref(),
            Some("2019-04-01T03:00:00Z")
        );
        assert_eq!(page.input.bytes, b"<p>caf\xe9</p>");
        assert_eq!(reader.ignored, 4);
    }

    #[test]
    fn chunked_and_gzipped_bodies_are_decoded() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"<p>halo</p>").unwrap();
        let zipped = gz.finish().unwrap();
        let mut chunked = format!("{:x}\r\n", 4).into_bytes();
        chunked.extend_from_slice(&zipped[..4]);
        chunked.extend_from_slice(format!("\r\n{:x};ext=1\r\n", zipped.len() - 4).as_bytes());
        chunked.extend_from_slice(&zipped[4..]);
        chunked.extend_from_slice(b"\r\n0\r\n\r\n");
        let mut block = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\nContent-Type: text/html\r\n\r\n".to_vec();
        block.extend(chunked);
        let archive = record(
            "response",
            "http://x.id/b",
            "application/http; msgtype=response",
            &block,
        );
        let found = pages(&archive);
        assert_eq!(found[0].as_ref().unwrap().input.bytes, b"<p>halo</p>");
    }

    #[test]
    fn a_truncated_archive_is_one_failure_after_the_good_records() {
        let good = record(
            "response",
            "http://x.id/a",
            "application/http",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>a</p>",
        );
        let mut archive = good.clone();
        archive.extend_from_slice(&good[..good.len() - 10]);
        let found = pages(&archive);
        assert_eq!(found.len(), 2);
        assert!(found[0].is_ok());
        let failure = found[1].as_ref().unwrap_err();
        assert_eq!(failure.offset, good.len() as u64);
        assert!(
            failure.error.to_string().contains("truncated"),
            "{}",
            failure.error
        );
    }

    #[test]
    fn garbage_is_an_error_not_a_hang() {
        let found = pages(b"WARC/1.0\r\nno colon here\r\n\r\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].is_err());
        let found = pages(b"WARC/1.0\r\nContent-Length: 99999999999999999999\r\n\r\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].is_err());
    }
}
