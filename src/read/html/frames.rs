//! Frameset pages: what a reader without frames sees.
//!
//! Portals of around 2000 put the article in frames (separate files) and a fallback in
//! `<noframes>`, often the whole article or a copy of the front page. HTML parsers keep
//! `<noframes>` as raw text, so the fallback's markup would reach the body as literal
//! tags. arsip reads such a page as a browser without frames shows it: the head, then the
//! fallback's markup, parsed, where it stands in the file.

use scraper::Html;

/// The page with everything between the end of its head and the fallback's markup, and
/// after the fallback, blanked out: spaces for each byte, line breaks kept, so every
/// offset, line and (in ASCII markup) column of the fallback is where it is in the file.
/// `None` when the page is no frameset or has no fallback with markup in it.
pub fn frameless_view(html: &Html, text: &str) -> Option<String> {
    let frameset = html
        .root_element()
        .children()
        .filter_map(|n| n.value().as_element())
        .any(|e| e.name() == "frameset");
    if !frameset {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    let frameset_at = lower.find("<frameset")?;
    let open = frameset_at + lower[frameset_at..].find("<noframes")?;
    let content = open + lower[open..].find('>')? + 1;
    let close = lower[content..]
        .find("</noframes")
        .map_or(text.len(), |at| content + at);
    if !text[content..close].contains('<') {
        return None;
    }
    let blank = |part: &str| -> String {
        part.bytes()
            .map(|b| {
                if matches!(b, b'\n' | b'\r') {
                    b as char
                } else {
                    ' '
                }
            })
            .collect()
    };
    let mut view = String::with_capacity(text.len());
    view.push_str(&text[..frameset_at]);
    view.push_str(&blank(&text[frameset_at..content]));
    view.push_str(&text[content..close]);
    view.push_str(&blank(&text[close..]));
    Some(view)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frameset_is_read_through_its_noframes_markup_in_place() {
        let page = "<html><head><title>Portal</title></head>\n<FRAMESET cols=\"20%,80%\"><frame src=\"menu.html\">\n<NOFRAMES><body><p>Berita hari ini.</p></body></NOFRAMES></FRAMESET></html>";
        let view = frameless_view(&Html::parse_document(page), page).unwrap();
        assert_eq!(view.len(), page.len());
        assert_eq!(view.lines().count(), page.lines().count());
        let at = page.find("<body>").unwrap();
        assert_eq!(&view[at..at + 6], "<body>");
        assert!(!view.contains("frame"), "{view}");
        assert!(view.starts_with("<html><head><title>Portal</title></head>\n"));
        // No frameset, or a fallback of plain words: nothing to read again.
        let plain = "<html><body><p>Isi.</p><noframes><p>x</p></noframes></body></html>";
        assert!(frameless_view(&Html::parse_document(plain), plain).is_none());
        let words =
            "<html><frameset><noframes>Your browser has no frames.</noframes></frameset></html>";
        assert!(frameless_view(&Html::parse_document(words), words).is_none());
    }
}
