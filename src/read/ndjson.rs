//! JSON Lines: one JSON document per line, each an article or a page record (see
//! [`super::json`]). A stream of them is split line by line by the source layer, so that
//! one bad line is one failure and the lines around it still convert.

use super::{first_byte, Input, Parsed, ReadError, ReadOptions};

/// A JSON object that is not pretty-printed JSON: compact lines.
pub fn sniff(head: &[u8]) -> bool {
    first_byte(head) == Some(b'{')
}

/// Every line of a document held whole; the first bad line fails it, naming the line.
pub fn read_ndjson(input: &Input, options: &ReadOptions) -> Result<Vec<Parsed>, ReadError> {
    let text = super::json::text_of(&input.bytes)?;
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(number, line)| {
            super::json::read_value(line, input, options).map_err(|e| ReadError::Data {
                reason: format!("line {}: {e}", number + 1),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_cut_short_is_named_once_with_its_column() {
        let text = "{\"text\":\"Judul\\n\\nIsi.\"}\n{\"id\":\"b\",\n";
        let err = read_ndjson(
            &Input::from_bytes(text, Some("s.jsonl")),
            &ReadOptions::default(),
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            err,
            "line 2: not JSON: EOF while parsing a value at column 10"
        );
    }
}
