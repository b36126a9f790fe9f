//! Whether bytes are an HTML page, from their start. Real pages do not always start with
//! markup: PHP prints warnings before the page, old templates open with a `<style>` or
//! `<script>` block, editors leave a comment; the page's own markers follow soon after.

/// True when the first bytes are an HTML page.
pub fn sniff(head: &[u8]) -> bool {
    // PHP can print kilobytes of warnings before the page.
    let head = &head[..head.len().min(64 * 1024)];
    let lower = String::from_utf8_lossy(head).to_lowercase();
    let start = lower.trim_start_matches('\u{feff}').trim_start();
    // A page's own markers at the start of a line (or after a tag, as after a warning's
    // `<br />`): prose mentions a tag inside a sentence, not at the start of a line.
    const MARKERS: &[&str] = &[
        "<!doctype html",
        "<html",
        "<head>",
        "<head ",
        "<body",
        "<meta ",
    ];
    let starts_line = |at: usize| {
        let before = lower[..at].trim_end_matches([' ', '\t']);
        before.is_empty() || before.ends_with('\n') || before.ends_with('>')
    };
    let near = |at: usize| at < 8 * 1024 || start.starts_with('<') || is_warning(start);
    let marked = MARKERS.iter().any(|m| {
        lower
            .match_indices(m)
            .any(|(at, _)| starts_line(at) && near(at))
    });
    if marked {
        return !start.starts_with("<?xml") || lower.contains("<html");
    }
    // A fragment: markup first, with the tags of a page body in it.
    start.starts_with('<')
        && !start.starts_with("<?xml")
        && [
            "<div", "<p>", "<p ", "<table", "<title", "<!--", "<style", "<script", "<br",
            "<article",
        ]
        .iter()
        .any(|tag| lower.contains(tag))
}

/// Whether text starts as PHP's error output does.
fn is_warning(start: &str) -> bool {
    [
        "warning:",
        "notice:",
        "deprecated:",
        "fatal error:",
        "strict standards:",
        "parse error:",
    ]
    .iter()
    .any(|w| start.starts_with(w))
}

#[cfg(test)]
mod tests {
    use super::sniff;

    #[test]
    fn pages_behind_warnings_styles_and_scripts() {
        assert!(sniff(b"<!DOCTYPE html><html><body><p>x</p></body></html>"));
        assert!(sniff(
            b"<br />\n<b>Warning</b>:  mysql_connect(): Access denied in <b>/var/www/db.php</b> on line <b>4</b><br />\n<!DOCTYPE html>\n<html>"
        ));
        assert!(sniff(
            b"Warning: session_start(): headers already sent in /x.php on line 2\n<html><head>"
        ));
        assert!(sniff(
            b"<style>body{}</style>\n<div class=\"berita\"><p>Isi</p></div>"
        ));
        assert!(sniff(b"<script>var x=1;</script><div>Isi</div>"));
        assert!(sniff(b"\xef\xbb\xbf  <p>Isi berita.</p>"));
        assert!(sniff(
            b"<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">"
        ));
    }

    #[test]
    fn text_and_xml_are_not_pages() {
        assert!(!sniff(
            b"Jalan Baru Dibuka\n\nSenin, 1 April 2019\n\nBANYUWANGI - Isi."
        ));
        assert!(!sniff(b"<?xml version=\"1.0\"?>\n<newsItem guid=\"x\"/>"));
        assert!(!sniff(b"Harga <naik> lagi, kata warga."));
        assert!(!sniff(
            b"Pelatihan Web untuk Guru\n\nSenin, 1 April 2019\n\nBANYUWANGI - Peserta belajar membuat halaman dengan tag <html> lalu <body> dan <head>."
        ));
    }
}
