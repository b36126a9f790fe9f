//! HTTP responses as archives store them: the status and headers read with `httparse`
//! (leniently, as real crawls need: folded headers, stray spaces, invalid lines passed
//! over), the body undone from chunked transfer coding and from gzip, deflate or brotli
//! content coding.

use std::io::Read;

use super::{describe_io_error, read_capped};

/// The parts of a response head that decide whether it holds a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub status: u16,
    /// The Content-Type, lower case, parameters kept (`text/html; charset=utf-8`).
    pub content_type: String,
    chunked: bool,
    content_encoding: String,
    /// Where the body starts in the block.
    body_start: usize,
}

/// Reads the head of an HTTP response block; an error when the block is not one.
pub fn parse_head(block: &[u8]) -> Result<Head, String> {
    if !block.starts_with(b"HTTP/") {
        let first = block.split(|&b| b == b'\n').next().unwrap_or_default();
        return Err(format!(
            "not an HTTP response (`{}`)",
            String::from_utf8_lossy(&first[..first.len().min(40)]).trim_end()
        ));
    }
    let mut headers = vec![httparse::EMPTY_HEADER; 256];
    let mut response = httparse::Response::new(&mut headers);
    let parsed = httparse::ParserConfig::default()
        .allow_obsolete_multiline_headers_in_responses(true)
        .allow_spaces_after_header_name_in_responses(true)
        .allow_multiple_spaces_in_response_status_delimiters(true)
        .ignore_invalid_headers_in_responses(true)
        .parse_response(&mut response, block);
    let body_start = match parsed {
        Ok(httparse::Status::Complete(at)) => at,
        Ok(httparse::Status::Partial) => {
            return Err("the HTTP response has no end of headers".to_string())
        }
        Err(e) => return Err(format!("the HTTP response head is malformed: {e}")),
    };
    let mut head = Head {
        status: response.code.unwrap_or(0),
        content_type: String::new(),
        chunked: false,
        content_encoding: String::new(),
        body_start,
    };
    for header in response.headers.iter() {
        let value = String::from_utf8_lossy(header.value)
            .trim()
            .to_ascii_lowercase();
        if header.name.eq_ignore_ascii_case("content-type") {
            head.content_type = value;
        } else if header.name.eq_ignore_ascii_case("transfer-encoding") {
            head.chunked = value.contains("chunked");
        } else if header.name.eq_ignore_ascii_case("content-encoding") {
            head.content_encoding = value;
        }
    }
    Ok(head)
}

impl Head {
    /// The body of `block` (the block this head was read from), decoded, within `limit`
    /// bytes once decoded. Headers lie in real crawls (a body stored already decoded
    /// under its `Content-Encoding`, a chunked body cut short or with a bad size line), so
    /// what cannot be undone is kept as it is when it reads as a page, as warcio does.
    pub fn body(&self, block: &[u8], limit: u64) -> Result<Vec<u8>, String> {
        let raw = self.raw_body(block);
        let mut body = if self.chunked {
            dechunk(raw)
        } else {
            raw.to_vec()
        };
        // Several codings apply in the order listed; undo them from the last.
        for coding in self.content_encoding.split(',').rev().map(str::trim) {
            let decoded = match coding {
                "" | "identity" => continue,
                "gzip" | "x-gzip" => inflate(flate2::read::MultiGzDecoder::new(&body[..]), limit),
                // `deflate` is zlib-wrapped by the standard, raw deflate by some servers.
                "deflate" => inflate(flate2::read::ZlibDecoder::new(&body[..]), limit)
                    .or_else(|_| inflate(flate2::read::DeflateDecoder::new(&body[..]), limit)),
                "br" => inflate(
                    brotli_decompressor::Decompressor::new(&body[..], 4096),
                    limit,
                ),
                other => Err(format!(
                    "the HTTP body is encoded as `{other}`, which arsip does not read"
                )),
            };
            body = match decoded {
                Ok(decoded) => decoded,
                Err(_) if looks_like_markup(&body) => body,
                Err(reason) => return Err(reason),
            };
        }
        if body.len() as u64 > limit {
            return Err(format!("the HTTP body is larger than the limit of {limit} bytes (raise it with --max-size)"));
        }
        Ok(body)
    }

    /// The body as stored, before any decoding.
    pub fn raw_body<'a>(&self, block: &'a [u8]) -> &'a [u8] {
        &block[self.body_start.min(block.len())..]
    }

    /// Whether the body is stored as it is, with no transfer or content coding.
    pub fn is_plain(&self) -> bool {
        !self.chunked && matches!(self.content_encoding.as_str(), "" | "identity")
    }

    /// Whether the response may be a page: status 200 and an HTML type, or a type that
    /// old servers send for anything (`text/plain`, none at all); those are pages only
    /// when their body is an HTML document ([`is_page_body`]).
    pub fn is_page(&self) -> bool {
        self.status == 200 && (is_html_type(&self.content_type) || self.type_is_vague())
    }

    /// Whether a decoded body is the page [`is_page`](Self::is_page) allowed for.
    pub fn is_page_body(&self, body: &[u8]) -> bool {
        is_html_type(&self.content_type) || starts_as_html_document(body)
    }

    fn type_is_vague(&self) -> bool {
        let mime = self.content_type.split(';').next().unwrap_or("").trim();
        mime.is_empty() || mime.eq_ignore_ascii_case("text/plain")
    }
}

fn inflate(decoder: impl Read, limit: u64) -> Result<Vec<u8>, String> {
    read_capped(decoder, limit)
        .map_err(|e| {
            format!(
                "the compressed HTTP body is corrupt: {}",
                describe_io_error(&e)
            )
        })?
        .ok_or_else(|| {
            format!("the HTTP body is larger than the limit of {limit} bytes once decompressed (raise it with --max-size)")
        })
}

/// Undoes HTTP/1.1 chunked transfer coding, as wget stores it, as far as the chunks
/// go: a body that does not start with a chunk is taken as not chunked at all; a chunk
/// cut short, or a size line that is not one, ends the body with what came before.
fn dechunk(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = raw;
    let mut chunks = 0;
    loop {
        let size = memchr::memchr(b'\n', rest).and_then(|end| {
            let text = std::str::from_utf8(&rest[..end]).ok()?;
            let text = text.split(';').next()?.trim();
            let size = usize::from_str_radix(text, 16).ok()?;
            Some((size, end + 1))
        });
        let Some((size, line)) = size else {
            if chunks == 0 {
                return raw.to_vec();
            }
            // What follows the last good chunk is not one: kept, for a page cut there.
            out.extend_from_slice(rest.strip_prefix(b"\r\n").unwrap_or(rest));
            return out;
        };
        rest = &rest[line..];
        if size == 0 {
            return out;
        }
        chunks += 1;
        let take = size.min(rest.len());
        out.extend_from_slice(&rest[..take]);
        rest = &rest[take..];
        if rest.is_empty() {
            return out;
        }
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .unwrap_or(rest);
    }
}

/// Whether bytes read as a page as they are: markup first, no NUL, not compressed.
fn looks_like_markup(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let start = head.iter().position(|b| !b.is_ascii_whitespace());
    start.is_some_and(|at| head[at] == b'<') && !head.contains(&0)
}

/// Whether bytes begin an HTML document (`<!DOCTYPE html` or `<html`, after a
/// byte-order mark and white space): what a page served as `text/plain` must show.
fn starts_as_html_document(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let head = &bytes[start..bytes.len().min(start + 14)];
    let starts = |prefix: &[u8]| {
        head.len() >= prefix.len() && head[..prefix.len()].eq_ignore_ascii_case(prefix)
    };
    starts(b"<!doctype html") || starts(b"<html")
}

/// Whether a Content-Type is HTML.
pub fn is_html_type(content_type: &str) -> bool {
    let mime = content_type.split(';').next().unwrap_or("").trim();
    mime.eq_ignore_ascii_case("text/html") || mime.eq_ignore_ascii_case("application/xhtml+xml")
}

/// The `charset` parameter of a Content-Type value.
pub fn charset_of(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']).to_ascii_lowercase())
            .filter(|v| !v.is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(head: &str, body: &[u8]) -> Vec<u8> {
        let mut block = head.replace('\n', "\r\n").into_bytes();
        block.extend_from_slice(b"\r\n");
        block.extend_from_slice(body);
        block
    }

    #[test]
    fn gzip_inside_chunked() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"<p>halo</p>").unwrap();
        let zipped = gz.finish().unwrap();
        let mut chunked = format!("{:x}\r\n", 4).into_bytes();
        chunked.extend_from_slice(&zipped[..4]);
        chunked.extend_from_slice(format!("\r\n{:x};ext=1\r\n", zipped.len() - 4).as_bytes());
        chunked.extend_from_slice(&zipped[4..]);
        chunked.extend_from_slice(b"\r\n0\r\n\r\n");
        let block = page(
            "HTTP/1.1 200 OK\nTransfer-Encoding: chunked\nContent-Encoding: gzip\nContent-Type: text/html\n",
            &chunked,
        );
        let head = parse_head(&block).unwrap();
        assert!(head.is_page());
        assert_eq!(head.body(&block, 1000).unwrap(), b"<p>halo</p>");
    }

    #[test]
    fn brotli_and_deflate_bodies() {
        // `<p>br</p>` compressed by Google's `brotli` Python package.
        let brotli = [11, 4, 128, 60, 112, 62, 98, 114, 60, 47, 112, 62, 3];
        let block = page(
            "HTTP/1.1 200 OK\nContent-Encoding: br\nContent-Type: text/html; charset=UTF-8\n",
            &brotli,
        );
        let head = parse_head(&block).unwrap();
        assert_eq!(charset_of(&head.content_type).as_deref(), Some("utf-8"));
        assert_eq!(head.body(&block, 1000).unwrap(), b"<p>br</p>");

        use std::io::Write;
        let mut raw = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        raw.write_all(b"<p>raw</p>").unwrap();
        let block = page(
            "HTTP/1.1 200 OK\nContent-Encoding: deflate\nContent-Type: text/html\n",
            &raw.finish().unwrap(),
        );
        assert_eq!(
            parse_head(&block).unwrap().body(&block, 1000).unwrap(),
            b"<p>raw</p>"
        );
    }

    #[test]
    fn lenient_heads_of_real_servers() {
        let block = page(
            "HTTP/1.0 200 OK\nServer : Apache\nX-Folded: a\n b\nbad header line\nContent-Type: TEXT/HTML\n",
            b"<p>ok</p>",
        );
        let head = parse_head(&block).unwrap();
        assert!(head.is_page());
        assert_eq!(head.body(&block, 1000).unwrap(), b"<p>ok</p>");
        // Bare LF line ends, as some tools wrote them.
        let block = b"HTTP/1.1 404 Not Found\nContent-Type: text/html\n\n<p>no</p>";
        let head = parse_head(block).unwrap();
        assert_eq!(head.status, 404);
        assert!(!head.is_page());
    }

    #[test]
    fn html_served_as_plain_text_is_a_page_and_plain_text_is_not() {
        let block = page(
            "HTTP/1.1 200 OK\nContent-Type: text/plain\n",
            b"\n<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\"><html><p>ok</p>",
        );
        let head = parse_head(&block).unwrap();
        assert!(head.is_page());
        assert!(head.is_page_body(&head.body(&block, 1000).unwrap()));
        let block = page("HTTP/1.1 200 OK\n", b"<html><p>no type</p>");
        let head = parse_head(&block).unwrap();
        assert!(head.is_page() && head.is_page_body(&head.body(&block, 1000).unwrap()));
        // robots.txt, or a plain-text mail archive, is no page.
        let block = page(
            "HTTP/1.1 200 OK\nContent-Type: text/plain\n",
            b"User-agent: *\nDisallow: /admin <b>\n",
        );
        let head = parse_head(&block).unwrap();
        assert!(!head.is_page_body(&head.body(&block, 1000).unwrap()));
    }

    #[test]
    fn not_http_and_bombs_are_errors() {
        assert!(parse_head(b"<html>").is_err());
        assert!(parse_head(b"HTTP/1.1 200 OK\r\nContent-Type: text/html").is_err());
        let bomb = vec![0u8; 1 << 20];
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&bomb).unwrap();
        let block = page(
            "HTTP/1.1 200 OK\nContent-Encoding: gzip\nContent-Type: text/html\n",
            &gz.finish().unwrap(),
        );
        let err = parse_head(&block).unwrap().body(&block, 1000).unwrap_err();
        assert!(err.contains("larger than the limit"), "{err}");
        let block = page(
            "HTTP/1.1 200 OK\nContent-Encoding: zstd\nContent-Type: text/html\n",
            b"\x28\xb5\x2f\xfd",
        );
        assert!(parse_head(&block).unwrap().body(&block, 1000).is_err());
    }

    #[test]
    fn headers_that_lie_about_a_page_still_give_the_page() {
        let html = b"<html><p>isi</p></html>";
        for head in [
            "HTTP/1.1 200 OK\nContent-Encoding: gzip\nContent-Type: text/html\n",
            "HTTP/1.1 200 OK\nTransfer-Encoding: chunked\nContent-Type: text/html\n",
        ] {
            let block = page(head, html);
            assert_eq!(
                parse_head(&block).unwrap().body(&block, 1000).unwrap(),
                html,
                "{head}"
            );
        }
        // A chunk cut short keeps what it has; a bad size line after good chunks ends it.
        let chunked = "HTTP/1.1 200 OK\nTransfer-Encoding: chunked\nContent-Type: text/html\n";
        let block = page(chunked, b"2000\r\n<html><p>cut");
        assert_eq!(
            parse_head(&block).unwrap().body(&block, 1000).unwrap(),
            b"<html><p>cut"
        );
        let block = page(chunked, b"6\r\n<html>\r\nzz\r\n<p>x</p>");
        assert_eq!(
            parse_head(&block).unwrap().body(&block, 1000).unwrap(),
            b"<html>zz\r\n<p>x</p>"
        );
    }
}
