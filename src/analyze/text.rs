//! Whitespace and identifiers.

/// Characters that take no space and carry no meaning in scraped text.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Appends `text` to `out` with whitespace runs (NBSP and tabs included) collapsed to one
/// space and invisible characters dropped. `on_word` is told, for every word, the byte
/// offset in `out` where it starts and its 0-based character column in `text`; readers use
/// that to map model text back to input positions.
pub fn push_normalized(out: &mut String, text: &str, mut on_word: impl FnMut(usize, usize)) {
    let mut pending_space = !out.is_empty();
    let mut in_word = false;
    for (column, c) in text.chars().enumerate() {
        if is_invisible(c) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            in_word = false;
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if !in_word {
            on_word(out.len(), column);
            in_word = true;
        }
        out.push(c);
    }
}

/// `text` with whitespace collapsed, invisible characters dropped and the ends trimmed.
/// Nothing else changes.
pub fn normalize_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_normalized(&mut out, text, |_, _| {});
    out
}

/// Byte offsets where lines start, counting lines as the readers do: `\r\n`, `\n` and a
/// lone `\r` each end one.
pub fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            i += 1;
        }
        if bytes[i] == b'\n' || bytes[i] == b'\r' {
            starts.push(i + 1);
        }
        i += 1;
    }
    starts
}

/// True when a line holds nothing but whitespace (NBSP counts as whitespace).
pub fn is_blank(line: &str) -> bool {
    line.chars().all(|c| c.is_whitespace() || is_invisible(c))
}

/// A stable identifier: lower-case ASCII letters and digits joined by single hyphens, at
/// most 80 characters. Other characters only separate words, so a slug is always safe as
/// a file name.
pub fn slugify(text: &str) -> String {
    // Letters of every script are written in ASCII first (`café` and its decomposed form
    // both `cafe`, `ñandú` `nandu`), so that an id neither loses them nor depends on how
    // the name was normalised.
    let ascii = deunicode::deunicode(text);
    let mut slug = String::new();
    for c in ascii.chars() {
        if slug.len() >= 80 {
            break;
        }
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nbsp_and_runs_collapse() {
        assert_eq!(
            normalize_space(" Semarang,\u{a0} Kementerian\t\tRI \u{a0}"),
            "Semarang, Kementerian RI"
        );
        assert_eq!(normalize_space("ma\u{ad}sing"), "masing");
        assert!(is_blank("\u{a0} \t"));
        assert!(!is_blank(" x "));
    }

    #[test]
    fn word_starts_are_reported_with_columns() {
        let mut out = String::from("Satu");
        let mut words = Vec::new();
        push_normalized(&mut out, "  dua\u{a0} tiga", |at, col| {
            words.push((at, col))
        });
        assert_eq!(out, "Satu dua tiga");
        assert_eq!(words, vec![(5, 2), (9, 7)]);
    }

    #[test]
    fn slugs_are_stable_and_safe() {
        assert_eq!(slugify("banyuwangi-2019-04-01"), "banyuwangi-2019-04-01");
        assert_eq!(
            slugify("Diklatpim IV, Benchmark ke Banyuwangi!"),
            "diklatpim-iv-benchmark-ke-banyuwangi"
        );
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("…"), "");
    }
}
