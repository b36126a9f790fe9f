//! Limits enforced while html5ever builds the tree, so that hostile markup fails its
//! one input, quickly, instead of hanging or overflowing the stack.
//!
//! A scan before parsing cannot know html5ever's stack of open elements (formatting
//! elements reopened, stray and mismatched end tags ignored, elements foster-parented out
//! of tables), and the tree builder does not expose that stack. So the limits sit in a
//! [`TreeSink`] wrapped around scraper's: the depth of every element appended is counted
//! on the real tree, and the tree builder's own work is counted where it shows, in its
//! calls for element names (its scope checks walk the stack of open elements, one call per
//! element passed). The page is fed in chunks and parsing stops at the first chunk past
//! either limit.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use ego_tree::NodeId;
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName};
use scraper::{Html, HtmlTreeSink};

use crate::read::ReadError;

/// The deepest element nesting kept. Browsers cap it too (Chrome at 512); real pages stay
/// under a few hundred levels.
pub const MAX_DEPTH: usize = 4096;

/// Tree-builder steps (element names looked up) allowed per byte of the page, on top of
/// [`BASE_WORK`]. Ordinary pages take a few per byte; markup that keeps thousands of
/// elements open takes thousands per byte, quadratic in its length.
const WORK_PER_BYTE: u64 = 64;
/// Steps any page may take, however short.
const BASE_WORK: u64 = 20_000_000;
/// The most elements a page may hold. Each costs about half a kilobyte by the time the page
/// is a tree and its blocks, whatever its markup's size: a minified page of `<p>x</p>` is
/// eight bytes an element, so without a cap a 20 MB page took over 1.2 GB. A million keeps
/// any page under about 600 MB; real article pages hold a few thousand (at most about
/// 1,700 tags in the 181 scrapinghub pages, 9,800 in web-dev's 704).
pub const MAX_ELEMENTS: usize = 1_000_000;
/// Bytes handed to html5ever at a time; the limits are checked between chunks.
const CHUNK: usize = 16 * 1024;

/// Why a parse was stopped.
#[derive(Debug, Clone, Copy)]
enum Stop {
    Deep(usize),
    Work,
    Elements,
}

/// scraper's sink, with the depth and work counted.
struct Guarded {
    inner: HtmlTreeSink,
    work: Cell<u64>,
    stop: Cell<Option<Stop>>,
    /// Elements created so far, and how many are allowed.
    elements: Cell<usize>,
    max_elements: usize,
    /// Depths of elements met so far, so that each new element's depth is its parent's
    /// plus one, not a walk up thousands of ancestors. Moving nodes (misnested formatting,
    /// foster parenting) changes the depths below them: the cache is then emptied.
    depths: RefCell<HashMap<NodeId, usize>>,
}

impl Guarded {
    /// Counts the depth of `parent`'s new child element, up to one past the limit.
    fn check_depth(&self, parent: &NodeId, child: &NodeOrText<NodeId>) {
        let NodeOrText::AppendNode(id) = child else {
            return;
        };
        let html = self.inner.0.borrow();
        let is_element = html.tree.get(*id).is_some_and(|n| n.value().is_element());
        if !is_element || self.stop.get().is_some() {
            return;
        }
        let mut depths = self.depths.borrow_mut();
        let moved = html.tree.get(*id).is_some_and(|n| n.has_children());
        if moved {
            // A subtree moved: every depth below it is now another.
            depths.clear();
        }
        let parent_depth = match depths.get(parent) {
            Some(&depth) => depth,
            None => {
                // Up to the nearest ancestor whose depth is known, or the root.
                let mut steps = 0;
                let mut known = 0;
                for ancestor in html
                    .tree
                    .get(*parent)
                    .into_iter()
                    .flat_map(|p| p.ancestors())
                {
                    steps += 1;
                    if let Some(&depth) = depths.get(&ancestor.id()) {
                        known = depth;
                        break;
                    }
                    if steps > MAX_DEPTH {
                        break;
                    }
                }
                let depth = known + steps;
                depths.insert(*parent, depth);
                depth
            }
        };
        let depth = parent_depth + 1;
        if !moved {
            depths.insert(*id, depth);
        }
        if depth > MAX_DEPTH {
            self.stop.set(Some(Stop::Deep(depth)));
        }
    }

    fn parent_of(&self, sibling: &NodeId) -> Option<NodeId> {
        let html = self.inner.0.borrow();
        html.tree.get(*sibling)?.parent().map(|p| p.id())
    }
}

impl TreeSink for Guarded {
    type Output = (Html, Option<Stop>);
    type Handle = NodeId;
    type ElemName<'a> = <HtmlTreeSink as TreeSink>::ElemName<'a>;

    fn finish(self) -> Self::Output {
        let stop = self.stop.get();
        (self.inner.finish(), stop)
    }
    fn parse_error(&self, msg: Cow<'static, str>) {
        self.inner.parse_error(msg);
    }
    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode);
    }
    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }
    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        self.inner.same_node(x, y)
    }
    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Self::ElemName<'a> {
        self.work.set(self.work.get() + 1);
        self.inner.elem_name(target)
    }
    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        self.elements.set(self.elements.get() + 1);
        if self.elements.get() > self.max_elements && self.stop.get().is_none() {
            self.stop.set(Some(Stop::Elements));
        }
        self.inner.create_element(name, attrs, flags)
    }
    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.inner.create_comment(text)
    }
    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.inner.create_pi(target, data)
    }
    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.check_depth(parent, &child);
        self.inner.append(parent, child);
    }
    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        if let Some(parent) = self.parent_of(sibling) {
            self.check_depth(&parent, &new_node);
        }
        self.inner.append_before_sibling(sibling, new_node);
    }
    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        // Either beside `element` or into `prev_element`: the deeper counts.
        self.check_depth(prev_element, &child);
        self.inner
            .append_based_on_parent_node(element, prev_element, child);
    }
    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        self.inner
            .append_doctype_to_document(name, public_id, system_id);
    }
    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }
    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs);
    }
    fn remove_from_parent(&self, target: &NodeId) {
        self.depths.borrow_mut().clear();
        self.inner.remove_from_parent(target);
    }
    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.depths.borrow_mut().clear();
        self.inner.reparent_children(node, new_parent);
    }
    fn mark_script_already_started(&self, node: &NodeId) {
        self.inner.mark_script_already_started(node);
    }
    fn pop(&self, node: &NodeId) {
        self.inner.pop(node);
    }
    fn set_current_line(&self, line: u64) {
        self.inner.set_current_line(line);
    }
}

/// The largest number of attributes of one tag, and the sum of their squares, or `None`
/// when that sum passes `budget`. html5ever checks each attribute of a tag against the
/// tag's earlier ones (100,000 attributes on one `<div>` take 40 s), so their squares
/// measure its work. An upper bound: quoted values are skipped, as are comments and the
/// contents of scripts and styles, where `<` opens no tag.
fn attribute_work(html: &str, budget: u64) -> Option<(usize, u64)> {
    let bytes = html.as_bytes();
    let (mut at, mut most, mut work) = (0usize, 0usize, 0u64);
    while let Some(found) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + found + 1;
        let rest = &bytes[start..];
        if rest.starts_with(b"!--") {
            at =
                memchr::memmem::find(&rest[3..], b"-->").map_or(bytes.len(), |e| start + 3 + e + 3);
            continue;
        }
        let name_start = start + usize::from(rest.first() == Some(&b'/'));
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 {
            at = start;
            continue;
        }
        let name = bytes[name_start..name_start + name_len].to_ascii_lowercase();
        let (count, end) = count_attributes(bytes, name_start + name_len);
        at = end;
        most = most.max(count);
        work = work.saturating_add((count as u64).pow(2));
        if work > budget {
            return None;
        }
        if name_start == start && (name == b"script" || name == b"style") {
            let close: &[u8] = if name == b"script" {
                b"</script"
            } else {
                b"</style"
            };
            at = find_ignoring_case(&bytes[at..], close).map_or(bytes.len(), |e| at + e);
        }
    }
    Some((most, work))
}

/// Counts the attributes of a tag whose name ends at `at`, returning the count and the
/// position after the tag's `>`.
fn count_attributes(bytes: &[u8], mut at: usize) -> (usize, usize) {
    let mut count = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'>' => return (count, at + 1),
            b'=' => {
                at += 1;
                while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                    at += 1;
                }
                match bytes.get(at) {
                    Some(&q) if q == b'"' || q == b'\'' => {
                        at =
                            memchr::memchr(q, &bytes[at + 1..]).map_or(bytes.len(), |e| at + 2 + e);
                    }
                    _ => {
                        while at < bytes.len()
                            && !bytes[at].is_ascii_whitespace()
                            && bytes[at] != b'>'
                        {
                            at += 1;
                        }
                    }
                }
            }
            b if b.is_ascii_whitespace() || b == b'/' => at += 1,
            _ => {
                count += 1;
                while at < bytes.len()
                    && !bytes[at].is_ascii_whitespace()
                    && !matches!(bytes[at], b'/' | b'=' | b'>')
                {
                    at += 1;
                }
            }
        }
    }
    (count, at)
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

/// Parses a page into a document, or refuses it once its elements nest past
/// [`MAX_DEPTH`] or the tree builder's work passes a budget linear in the page's size.
pub fn parse_guarded(text: &str) -> Result<Html, ReadError> {
    parse_within(text, MAX_ELEMENTS)
}

/// [`parse_guarded`] with the element cap given, so that tests need not build a million.
fn parse_within(text: &str, max_elements: usize) -> Result<Html, ReadError> {
    let sink = Guarded {
        inner: HtmlTreeSink::new(Html::new_document()),
        work: Cell::new(0),
        stop: Cell::new(None),
        elements: Cell::new(0),
        max_elements,
        depths: RefCell::default(),
    };
    let budget = BASE_WORK.saturating_add(WORK_PER_BYTE.saturating_mul(text.len() as u64));
    if attribute_work(text, budget).is_none() {
        return Err(ReadError::TooManyAttributes {
            limit: WORK_PER_BYTE,
        });
    }
    let mut parser = html5ever::driver::parse_document(sink, Default::default());
    let mut at = 0;
    while at < text.len() {
        let mut end = (at + CHUNK).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        parser.process(StrTendril::from_slice(&text[at..end]));
        at = end;
        let sink = &parser.tokenizer.sink.sink;
        if sink.stop.get().is_none() && sink.work.get() > budget {
            sink.stop.set(Some(Stop::Work));
        }
        if sink.stop.get().is_some() {
            break;
        }
    }
    match parser.finish() {
        (html, None) => Ok(html),
        (_, Some(Stop::Deep(depth))) => Err(ReadError::TooDeep {
            depth,
            limit: MAX_DEPTH,
        }),
        (_, Some(Stop::Work)) => Err(ReadError::TooTangled {
            limit: WORK_PER_BYTE,
        }),
        (_, Some(Stop::Elements)) => Err(ReadError::TooManyElements {
            limit: max_elements,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parses(html: &str) -> bool {
        parse_guarded(html).is_ok()
    }

    #[test]
    fn a_page_past_the_element_cap_is_refused_and_one_under_it_parses() {
        let page = |n: usize| format!("<html><body>{}</body></html>", "<p>x</p>".repeat(n));
        // html, head and body are elements too.
        assert!(parse_within(&page(997), 1_000).is_ok());
        let refused = parse_within(&page(2_000), 1_000).unwrap_err();
        assert!(matches!(
            refused,
            ReadError::TooManyElements { limit: 1_000 }
        ));
        assert!(refused.to_string().contains("more than 1000 elements"));
    }

    #[test]
    fn ordinary_markup_parses_as_scraper_does() {
        let page =
            "<html><body><div><p>a<br>b<p>c</div><font><p>x</font></body></html>".repeat(2_000);
        let ours = parse_guarded(&page).unwrap();
        assert_eq!(ours.html(), Html::parse_document(&page).html());
        assert!(parses(&"<font><p>x".repeat(10_000)));
        assert!(parses(&"<div></div>".repeat(100_000)));
    }

    #[test]
    fn deep_or_tangled_markup_is_refused() {
        assert!(matches!(
            parse_guarded(&"<div>".repeat(MAX_DEPTH + 10)),
            Err(ReadError::TooDeep { .. })
        ));
        assert!(parses(&"<div>".repeat(MAX_DEPTH - 10)));
        assert!(!parses(&"<font>".repeat(100_000)));
        assert!(!parses(&"<div></x>".repeat(50_000)));
        let many = (0..100_000).map(|i| format!(" a{i}")).collect::<String>();
        assert!(matches!(
            parse_guarded(&format!("<div{many}>x</div>")),
            Err(ReadError::TooManyAttributes { .. })
        ));
    }

    #[test]
    fn attributes_are_counted_outside_values_scripts_and_comments() {
        let count = |html: &str| attribute_work(html, u64::MAX).unwrap().0;
        assert_eq!(count("<a href='x y z' b = \"1 2\" c=3 d>"), 4);
        assert_eq!(count("<br/><img src=a.png alt=>"), 2);
        assert_eq!(count("<script>if (a<b c d e) {}</script><p>"), 0);
        assert_eq!(count("<!-- <a b c d> --><p x>"), 1);
    }
}
