//! A guard against markup nested too deep to parse safely. html5ever keeps every open
//! element on a stack and walks it for scope checks, so 100,000 nested `<div>`s take
//! minutes; the tree it builds then has to be walked too. Browsers cap the depth (Chrome
//! at 512); arsip measures it before parsing, in one pass, and refuses a page past
//! [`MAX_DEPTH`] with a clear error rather than hang on it.

/// The deepest nesting parsed. Real pages stay under a few hundred levels, even old ones
/// with thousands of `<font>` tags left open (html5ever closes those as it goes).
pub const MAX_DEPTH: usize = 4096;

/// Elements that never hold content, so never add a level.
const VOID: &[&[u8]] = &[
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"param",
    b"source", b"track", b"wbr", b"p", b"li", b"dt", b"dd", b"option", b"tr", b"td", b"th",
    b"font",
];

/// An upper bound of the page's element depth: start tags open a level, end tags close
/// one; void elements, self-closed tags and the elements HTML closes implicitly (`p`,
/// `li`, `td`, `font`...) do not count, nor do comments or the contents of scripts and
/// styles.
pub fn nesting_depth(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest, mut at) = (0usize, 0usize, 0usize);
    while let Some(found) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + found + 1;
        let rest = &bytes[start..];
        if rest.starts_with(b"!--") {
            at =
                memchr::memmem::find(&rest[3..], b"-->").map_or(bytes.len(), |e| start + 3 + e + 3);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = start + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 {
            at = start;
            continue;
        }
        let name = bytes[name_start..name_start + name_len].to_ascii_lowercase();
        let tag_end =
            memchr::memchr(b'>', &bytes[name_start..]).map_or(bytes.len(), |e| name_start + e);
        at = (tag_end + 1).min(bytes.len());
        if closing {
            if !VOID.contains(&name.as_slice()) {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        let self_closed = tag_end > 0 && bytes.get(tag_end - 1) == Some(&b'/');
        if !self_closed && !VOID.contains(&name.as_slice()) {
            depth += 1;
            deepest = deepest.max(depth);
        }
        if name == b"script" || name == b"style" {
            // Their contents are text: `a<b` in a script is not a tag.
            let close: &[u8] = if name == b"script" {
                b"</script"
            } else {
                b"</style"
            };
            at = find_ignoring_case(&bytes[at..], close).map_or(bytes.len(), |e| at + e);
        }
    }
    deepest
}

fn find_ignoring_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = memchr::memchr(b'<', &haystack[from..]) {
        let at = from + found;
        if haystack.len() - at >= needle.len()
            && haystack[at..at + needle.len()].eq_ignore_ascii_case(needle)
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_of_ordinary_and_hostile_markup() {
        assert_eq!(
            nesting_depth("<html><body><div><p>a<br>b</div></body></html>"),
            3
        );
        assert_eq!(nesting_depth("<div><img src=x/><p>one<p>two<li>x</div>"), 1);
        assert_eq!(nesting_depth("<!-- <div><div> --><div></div>"), 1);
        assert_eq!(
            nesting_depth("<div><script>if (a<b && c<d) {}</SCRIPT><div>"),
            2
        );
        assert_eq!(nesting_depth(&"<div>".repeat(100_000)), 100_000);
        assert_eq!(nesting_depth(&"<font><p>x".repeat(10_000)), 0);
        assert_eq!(nesting_depth("<unterminated"), 1);
        assert_eq!(nesting_depth("a < b and c<"), 0);
    }
}
