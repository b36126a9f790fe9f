//! Bytes to text for plain-text inputs: a byte order mark, else UTF-8, else windows-1252,
//! the encoding of most old Indonesian portals and what browsers use for ISO-8859-1.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

use crate::model::{EncodingEvidence, SourceEncoding};

/// Decodes `bytes`, recording the encoding and what decided it. Never fails: every byte
/// sequence is valid windows-1252 apart from five unmapped bytes, which become U+FFFD.
/// A UTF-16 charset given from outside (`external`) is honoured, since such bytes are
/// unreadable as anything else; other labels are for HTML, whose `<meta>` they outrank.
/// NUL bytes, which no article holds, are dropped and noted.
pub fn decode_text(bytes: &[u8], external: Option<&str>) -> (String, SourceEncoding) {
    let (text, encoding) = decode_text_keeping_nuls(bytes, external);
    without_nuls(text, encoding)
}

fn decode_text_keeping_nuls(bytes: &[u8], external: Option<&str>) -> (String, SourceEncoding) {
    // Checked before UTF-16, whose little-endian mark is UTF-32's first two bytes.
    if let Some(decoded) = decode_utf32(bytes) {
        return decoded;
    }
    if let Some(encoding) = external_wide(bytes, external) {
        let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
        let note = had_errors.then(|| "malformed sequences replaced with U+FFFD".to_string());
        return (
            text.into_owned(),
            encoding_record(encoding, EncodingEvidence::External, note),
        );
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        let note = had_errors.then(|| "malformed sequences replaced with U+FFFD".to_string());
        return (
            text.into_owned(),
            encoding_record(encoding, EncodingEvidence::Bom, note),
        );
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (
            text.to_string(),
            encoding_record(UTF_8, EncodingEvidence::Valid, None),
        ),
        Err(err) => {
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
            let note = format!(
                "bytes are not valid UTF-8 (first bad byte at offset {}); decoded as windows-1252",
                err.valid_up_to()
            );
            (
                text.into_owned(),
                encoding_record(WINDOWS_1252, EncodingEvidence::Fallback, Some(note)),
            )
        }
    }
}

/// UTF-32 with its byte order mark (Windows' "Unicode" saves and some exports write it;
/// the Encoding Standard, and so encoding_rs, leaves it out).
fn decode_utf32(bytes: &[u8]) -> Option<(String, SourceEncoding)> {
    let (name, little) = if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) {
        ("utf-32le", true)
    } else if bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        ("utf-32be", false)
    } else {
        return None;
    };
    let units = bytes[4..].chunks(4);
    let mut bad = bytes.len() % 4 != 0;
    let text = units
        .map(|unit| {
            let unit: [u8; 4] = unit.try_into().unwrap_or([0xFF; 4]);
            let code = if little {
                u32::from_le_bytes(unit)
            } else {
                u32::from_be_bytes(unit)
            };
            char::from_u32(code).unwrap_or_else(|| {
                bad = true;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    Some((
        text,
        SourceEncoding {
            name: name.to_string(),
            decided_by: EncodingEvidence::Bom,
            note: bad.then(|| "malformed sequences replaced with U+FFFD".to_string()),
        },
    ))
}

/// The UTF-16 encoding a charset given from outside names, for bytes that can be UTF-16
/// without a byte order mark: with a NUL among their first 64 KB, as UTF-16 of Latin text
/// has in every other byte. A UTF-16 label on NUL-free bytes (a header for a whole crawl,
/// or `--encoding` over a folder of UTF-8 files) is wrong for them and left out.
fn external_wide(bytes: &[u8], external: Option<&str>) -> Option<&'static Encoding> {
    external
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .filter(|encoding| *encoding == UTF_16LE || *encoding == UTF_16BE)
        .filter(|_| Encoding::for_bom(bytes).is_none())
        .filter(|_| memchr::memchr(0, &bytes[..bytes.len().min(64 * 1024)]).is_some())
}

/// Whether `bytes` are in an encoding that is not ASCII-compatible: UTF-16 or UTF-32 by
/// their byte order mark, or UTF-16 by the charset given from outside. Such text has NUL
/// bytes in it, and what format it is in shows only once it is decoded.
pub fn is_wide(bytes: &[u8], external: Option<&str>) -> bool {
    bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || bytes.starts_with(&[0, 0, 0xFE, 0xFF])
        || external_wide(bytes, external).is_some()
}

/// The first bytes of a wide-encoded input as UTF-8, for recognising its format; `None`
/// when the input is ASCII-compatible and its bytes can be looked at as they are.
pub fn wide_head_as_utf8(bytes: &[u8], external: Option<&str>) -> Option<Vec<u8>> {
    if !is_wide(bytes, external) {
        return None;
    }
    // Enough for every sniffer (HTML looks at 64 KB of text), cut on a UTF-32 unit.
    let head = &bytes[..bytes.len().min(256 * 1024)];
    Some(decode_text_keeping_nuls(head, external).0.into_bytes())
}

/// `text` without its NUL characters, the note saying how many were dropped. Stray NULs
/// come from broken scrapers and padded downloads; binary input was refused before.
fn without_nuls(text: String, mut encoding: SourceEncoding) -> (String, SourceEncoding) {
    let nuls = text.matches('\0').count();
    if nuls == 0 {
        return (text, encoding);
    }
    let dropped = format!(
        "{nuls} NUL byte{} dropped",
        if nuls == 1 { "" } else { "s" }
    );
    encoding.note = Some(match encoding.note.take() {
        Some(note) => format!("{note}; {dropped}"),
        None => dropped,
    });
    (text.replace('\0', ""), encoding)
}

fn encoding_record(
    encoding: &'static Encoding,
    decided_by: EncodingEvidence,
    note: Option<String>,
) -> SourceEncoding {
    SourceEncoding {
        name: encoding.name().to_lowercase(),
        decided_by,
        note,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf32_with_a_mark_is_not_read_as_utf16() {
        let text = "BANYUWANGI – Jum’at";
        let mut le = vec![0xFF, 0xFE, 0, 0];
        let mut be = vec![0, 0, 0xFE, 0xFF];
        for c in text.chars() {
            le.extend_from_slice(&(c as u32).to_le_bytes());
            be.extend_from_slice(&(c as u32).to_be_bytes());
        }
        for (bytes, name) in [(le, "utf-32le"), (be, "utf-32be")] {
            let (decoded, enc) = decode_text(&bytes, None);
            assert_eq!(decoded, text);
            assert_eq!((enc.name.as_str(), enc.note), (name, None));
            assert_eq!(decode_html(&bytes, None).0, text);
        }
    }

    #[test]
    fn utf8_is_taken_as_is() {
        let (text, enc) = decode_text("BANYUWANGI – Jum’at".as_bytes(), None);
        assert_eq!(text, "BANYUWANGI – Jum’at");
        assert_eq!(
            (enc.name.as_str(), enc.decided_by),
            ("utf-8", EncodingEvidence::Valid)
        );
    }

    #[test]
    fn invalid_utf8_falls_back_to_windows_1252_with_a_note() {
        // “Kami” – in windows-1252: 0x93 Kami 0x94 0x96
        let (text, enc) = decode_text(b"\x93Kami\x94 \x96 ujar", None);
        assert_eq!(text, "“Kami” – ujar");
        assert_eq!(enc.name, "windows-1252");
        assert_eq!(enc.decided_by, EncodingEvidence::Fallback);
        assert!(enc.note.unwrap().contains("offset 0"));
    }

    #[test]
    fn a_utf16_label_decodes_utf16_bytes_not_utf8_ones() {
        let wide: Vec<u8> = "Judul Kafé"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let (text, enc) = decode_text(&wide, Some("utf-16le"));
        assert_eq!(
            (text.as_str(), enc.decided_by),
            ("Judul Kafé", EncodingEvidence::External)
        );
        // `--encoding utf-16le` over a folder that also holds UTF-8 files.
        let (text, enc) = decode_text("Judul Kafé".as_bytes(), Some("utf-16le"));
        assert_eq!((text.as_str(), enc.name.as_str()), ("Judul Kafé", "utf-8"));
        assert_eq!(
            decode_html("<p>Kafé</p>".as_bytes(), Some("UTF-16")).0,
            "<p>Kafé</p>"
        );
    }

    #[test]
    fn byte_order_marks_decide() {
        let (text, enc) = decode_text(b"\xEF\xBB\xBFJudul", None);
        assert_eq!(
            (text.as_str(), enc.decided_by),
            ("Judul", EncodingEvidence::Bom)
        );
        let (text, enc) = decode_text(b"\xFF\xFEJ\x00u\x00", None);
        assert_eq!((text.as_str(), enc.name.as_str()), ("Ju", "utf-16le"));
    }
}

/// Decodes an HTML page as browsers would: a byte order mark, then a charset given from
/// outside (an HTTP or WARC header, `--encoding`), then the `<meta>` declaration in the
/// first 1024 bytes, then a guess from the bytes. A declaration the bytes contradict
/// (declared windows-1252 but valid UTF-8, or declared UTF-8 but not valid) loses to the
/// bytes, and the note says so.
pub fn decode_html(bytes: &[u8], external: Option<&str>) -> (String, SourceEncoding) {
    if is_wide(bytes, external) {
        return decode_text(bytes, external);
    }
    let (text, encoding) = decode_html_keeping_nuls(bytes, external);
    without_nuls(text, encoding)
}

fn decode_html_keeping_nuls(bytes: &[u8], external: Option<&str>) -> (String, SourceEncoding) {
    // A UTF-16 label on bytes that are not UTF-16 (wide bytes were decoded above) is
    // wrong for them, as a UTF-16 `<meta>` is.
    let external_encoding = external
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .filter(|encoding| encoding.is_ascii_compatible());
    let (declared, evidence) = match external_encoding {
        Some(encoding) => (Some(encoding), EncodingEvidence::External),
        None => (prescan_meta_charset(bytes), EncodingEvidence::Declared),
    };
    let valid_utf8 = std::str::from_utf8(bytes).is_ok();
    match declared {
        Some(encoding) if encoding == UTF_8 && !valid_utf8 => {
            let damage = utf8_damage(bytes);
            if damage.is_local() {
                let note = format!(
                    "declared charset utf-8 and bytes mostly UTF-8: {} malformed byte{} in {} place{} replaced with U+FFFD",
                    damage.bad_bytes,
                    if damage.bad_bytes == 1 { "" } else { "s" },
                    damage.bad_runs,
                    if damage.bad_runs == 1 { "" } else { "s" },
                );
                let text = String::from_utf8_lossy(bytes).into_owned();
                return (text, encoding_record(UTF_8, evidence, Some(note)));
            }
            let guess = guess_encoding(bytes);
            let (text, _) = guess.decode_without_bom_handling(bytes);
            let note = format!(
                "declared charset utf-8 but bytes are not valid UTF-8; read as {}",
                guess.name().to_lowercase()
            );
            (
                text.into_owned(),
                encoding_record(guess, EncodingEvidence::Detected, Some(note)),
            )
        }
        Some(encoding) if encoding != UTF_8 && valid_utf8 && !bytes.is_ascii() => {
            let note = format!(
                "declared charset {} but bytes are UTF-8; read as UTF-8",
                encoding.name().to_lowercase()
            );
            let text = String::from_utf8_lossy(bytes).into_owned();
            (
                text,
                encoding_record(UTF_8, EncodingEvidence::Detected, Some(note)),
            )
        }
        Some(encoding) => {
            let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
            let note = had_errors.then(|| "malformed sequences replaced with U+FFFD".to_string());
            (text.into_owned(), encoding_record(encoding, evidence, note))
        }
        None if valid_utf8 => (
            String::from_utf8_lossy(bytes).into_owned(),
            encoding_record(UTF_8, EncodingEvidence::Valid, None),
        ),
        None => {
            let guess = guess_encoding(bytes);
            let (text, _) = guess.decode_without_bom_handling(bytes);
            (
                text.into_owned(),
                encoding_record(guess, EncodingEvidence::Detected, None),
            )
        }
    }
}

/// How bytes that are not valid UTF-8 fall short of it.
struct Utf8Damage {
    /// Characters of two or more bytes that are well formed.
    valid_multibyte: usize,
    /// Runs of malformed bytes, and the bytes in them.
    bad_runs: usize,
    bad_bytes: usize,
}

impl Utf8Damage {
    /// Whether the bytes are UTF-8 damaged in a few places rather than another encoding:
    /// text in a legacy encoding read as UTF-8 is malformed at nearly every non-ASCII
    /// letter and well formed at almost none, so well-formed characters at least as many
    /// as the damaged places mean UTF-8 (as a browser, trusting the declaration, reads it).
    fn is_local(&self) -> bool {
        self.valid_multibyte > 0 && self.valid_multibyte >= self.bad_runs
    }
}

fn utf8_damage(bytes: &[u8]) -> Utf8Damage {
    let mut damage = Utf8Damage {
        valid_multibyte: 0,
        bad_runs: 0,
        bad_bytes: 0,
    };
    let mut in_bad_run = false;
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        damage.valid_multibyte += valid.chars().filter(|c| c.len_utf8() > 1).count();
        if !valid.is_empty() {
            in_bad_run = false;
        }
        if !chunk.invalid().is_empty() {
            damage.bad_bytes += chunk.invalid().len();
            damage.bad_runs += usize::from(!in_bad_run);
            in_bad_run = true;
        }
    }
    damage
}

/// chardetng's guess, which knows the legacy encodings of the web and their frequencies.
fn guess_encoding(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    detector.guess(None, true)
}

/// The charset a `<meta charset>` or `<meta http-equiv="Content-Type">` declares within
/// the first 1024 bytes, as the HTML standard's prescan looks for it. UTF-16 labels mean
/// UTF-8 there (a page read by its meta tag is ASCII-compatible), as in browsers.
pub fn prescan_meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"<meta") {
        let start = from + at;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(pos) = find(tag, b"charset") {
            let mut rest = &tag[pos + b"charset".len()..];
            while let Some((&b, tail)) = rest.split_first() {
                if b == b'=' || b.is_ascii_whitespace() {
                    rest = tail;
                } else {
                    break;
                }
            }
            let rest = rest
                .strip_prefix(b"\"")
                .or_else(|| rest.strip_prefix(b"'"))
                .unwrap_or(rest);
            let label_end = rest
                .iter()
                .position(|b| {
                    matches!(b, b'"' | b'\'' | b';' | b'/' | b'>') || b.is_ascii_whitespace()
                })
                .unwrap_or(rest.len());
            if let Some(encoding) = Encoding::for_label(&rest[..label_end]) {
                return Some(if encoding == UTF_16BE || encoding == UTF_16LE {
                    UTF_8
                } else if encoding == encoding_rs::X_USER_DEFINED {
                    WINDOWS_1252
                } else {
                    encoding
                });
            }
        }
        from = end;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod html_tests {
    use super::*;

    #[test]
    fn meta_charset_decides_when_the_bytes_agree() {
        let page = b"<html><head><meta charset=\"windows-1252\"></head><body>\x93Kami\x94 \x96</body></html>";
        let (text, enc) = decode_html(page, None);
        assert!(text.contains("“Kami” –"));
        assert_eq!(
            (enc.name.as_str(), enc.decided_by),
            ("windows-1252", EncodingEvidence::Declared)
        );
    }

    #[test]
    fn http_equiv_and_iso_8859_1_map_to_windows_1252() {
        let page = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"><p>\x93x\x94</p>";
        let (text, enc) = decode_html(page, None);
        assert!(text.contains("“x”"));
        assert_eq!(enc.name, "windows-1252");
    }

    #[test]
    fn a_declaration_the_bytes_contradict_loses_and_is_reported() {
        let page = "<meta charset=iso-8859-1><p>“Kami” – Jum’at</p>".as_bytes();
        let (text, enc) = decode_html(page, None);
        assert!(text.contains("“Kami” – Jum’at"));
        assert_eq!(enc.name, "utf-8");
        assert_eq!(
            enc.note.as_deref(),
            Some("declared charset windows-1252 but bytes are UTF-8; read as UTF-8")
        );
    }

    #[test]
    fn external_charset_beats_the_meta_tag() {
        let page = b"<meta charset=utf-8><p>\x93x\x94</p>";
        let (_, enc) = decode_html(page, Some("windows-1252"));
        assert_eq!(enc.decided_by, EncodingEvidence::External);
    }

    #[test]
    fn undeclared_legacy_bytes_are_detected() {
        let page =
            "<p>Pemerintah daerah menggelar rapat “koordinasi” – penanganan banjir di pendopo.</p>"
                .repeat(5);
        let bytes = WINDOWS_1252.encode(&page).0.into_owned();
        let (text, enc) = decode_html(&bytes, None);
        assert!(text.contains("“koordinasi” –"));
        assert_eq!(enc.decided_by, EncodingEvidence::Detected);
    }

    #[test]
    fn declared_utf8_damaged_in_one_place_stays_utf8() {
        let page = b"<meta charset=\"utf-8\"><title>Kaf\xc3\xa9</title><p>\xe2\x80\x9cIni,\xe2\x80\x9d kata. \xff\xfe\xc0\xaf\xed\xa0\x80 berita</p>";
        let (text, enc) = decode_html(page, None);
        assert!(text.contains("Kafé") && text.contains("“Ini,”"), "{text}");
        assert!(text.contains('\u{FFFD}'));
        assert_eq!(
            (enc.name.as_str(), enc.decided_by),
            ("utf-8", EncodingEvidence::Declared)
        );
        assert!(enc.note.unwrap().contains("7 malformed bytes in 1 place"));
    }

    #[test]
    fn declared_utf8_that_is_windows_1252_throughout_is_detected() {
        let page = WINDOWS_1252
            .encode("<meta charset=utf-8><p>Pemerintah daerah menggelar rapat “koordinasi” – penanganan banjir di pendopo kafé.</p>")
            .0
            .repeat(3);
        let (text, enc) = decode_html(&page, None);
        assert!(text.contains("“koordinasi” –"), "{text}");
        assert_eq!(enc.decided_by, EncodingEvidence::Detected);
    }
}
