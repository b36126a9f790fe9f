//! Bytes to text for plain-text inputs: a byte order mark, else UTF-8, else windows-1252,
//! the encoding of most old Indonesian portals and what browsers use for ISO-8859-1.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

use crate::model::{EncodingEvidence, SourceEncoding};

/// Decodes `bytes`, recording the encoding and what decided it. Never fails: every byte
/// sequence is valid windows-1252 apart from five unmapped bytes, which become U+FFFD.
pub fn decode_text(bytes: &[u8]) -> (String, SourceEncoding) {
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
    fn utf8_is_taken_as_is() {
        let (text, enc) = decode_text("BANYUWANGI – Jum’at".as_bytes());
        assert_eq!(text, "BANYUWANGI – Jum’at");
        assert_eq!(
            (enc.name.as_str(), enc.decided_by),
            ("utf-8", EncodingEvidence::Valid)
        );
    }

    #[test]
    fn invalid_utf8_falls_back_to_windows_1252_with_a_note() {
        // “Kami” – in windows-1252: 0x93 Kami 0x94 0x96
        let (text, enc) = decode_text(b"\x93Kami\x94 \x96 ujar");
        assert_eq!(text, "“Kami” – ujar");
        assert_eq!(enc.name, "windows-1252");
        assert_eq!(enc.decided_by, EncodingEvidence::Fallback);
        assert!(enc.note.unwrap().contains("offset 0"));
    }

    #[test]
    fn byte_order_marks_decide() {
        let (text, enc) = decode_text(b"\xEF\xBB\xBFJudul");
        assert_eq!(
            (text.as_str(), enc.decided_by),
            ("Judul", EncodingEvidence::Bom)
        );
        let (text, enc) = decode_text(b"\xFF\xFEJ\x00u\x00");
        assert_eq!((text.as_str(), enc.name.as_str()), ("Ju", "utf-16le"));
    }
}
