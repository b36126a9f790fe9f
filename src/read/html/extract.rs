//! Main-content extraction: which blocks of a page are the article.
//!
//! The page is walked once into text blocks (paragraphs, headings, list items, table
//! cells, and loose text between `<br>`s, as old table-layout portals print it), skipping
//! furniture by tag, role, visibility and class names. Paragraph-like blocks score their
//! ancestors, as Readability does; the best-scoring container, with the siblings that also
//! score, is the article, and its blocks are the body.

use std::collections::{HashMap, HashSet};

use ego_tree::{NodeId, NodeRef};
use scraper::node::Element;
use scraper::{Html, Node};

use crate::analyze::text::{normalize_space, sentence_ends};
use crate::rules::suppress::Comment;

use super::furniture::{
    class_tokens, has_token, holds_the_article, reads_as_prose, text_share, TextShare,
};
use super::kindred::kindred_subtrees;

/// What kind of element a block came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Heading(u8),
    ListItem,
    Quote,
    Preformatted,
    Cell,
    /// Text directly inside a container, between other blocks or `<br>`s.
    Loose,
}

/// A link inside a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub text: String,
    pub href: String,
}

/// A run of text that renders as one paragraph.
#[derive(Debug, Clone)]
pub struct Block {
    /// The element the block belongs to (for loose text, its container).
    pub node: NodeId,
    pub kind: BlockKind,
    pub text: String,
    /// Characters of `text` inside links.
    pub link_chars: usize,
    pub links: Vec<Link>,
    /// The `arsip-ignore` comments standing in it, or between it and the block before.
    pub comments: Vec<Comment>,
}

/// A block of at least this many characters with few links is a paragraph of prose.
pub const PROSE_CHARS: usize = 80;
/// Link density below which a block is prose.
pub const PROSE_LINK_DENSITY: f64 = 0.25;

impl Block {
    pub fn link_density(&self) -> f64 {
        let total = self.text.chars().count().max(1);
        self.link_chars as f64 / total as f64
    }

    /// A paragraph of running text: a text block (not a heading or a cell) of a
    /// paragraph's length, few of its characters in links.
    pub fn is_prose(&self) -> bool {
        matches!(
            self.kind,
            BlockKind::Paragraph | BlockKind::Loose | BlockKind::Quote | BlockKind::ListItem
        ) && self.text.chars().count() >= PROSE_CHARS
            && self.link_density() < PROSE_LINK_DENSITY
    }
}

/// An image with its caption, and the element it sits in.
#[derive(Debug, Clone)]
pub struct Figure {
    pub node: NodeId,
    pub src: Option<String>,
    pub caption: Option<String>,
}

/// Everything the walk found, in document order.
#[derive(Debug, Default)]
pub struct Walked {
    pub blocks: Vec<Block>,
    pub figures: Vec<Figure>,
}

const SKIPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas", "nav",
    "aside", "footer", "header", "button", "select", "input", "textarea", "label", "option",
    "audio", "video", "map", "dialog", "head", "title", "meta", "link", "math",
    // A fallback for browsers without frames, kept as raw text by the parser; a frameset
    // page is read through it (`frames.rs`), a page with a body never shows it.
    "noframes",
];

const BLOCK_TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "td",
    "th",
    "caption",
    "address",
];

const CONTAINER_TAGS: &[&str] = &[
    "html", "body", "div", "section", "article", "main", "table", "tbody", "thead", "tfoot", "tr",
    "ul", "ol", "dl", "form", "fieldset", "center", "details", "summary", "hgroup", "hr",
];

/// Class and id words that mark furniture whatever else they say.
const STRONG_NEGATIVE: &[&str] = &[
    "comment",
    "share",
    "sharing",
    "social",
    "sidebar",
    "related",
    "recommend",
    "footer",
    "newsletter",
    "breadcrumb",
    "disqus",
    "outbrain",
    "taboola",
    "advert",
    "sponsor",
    "popular",
    "populer",
    "trending",
    "terkait",
    "bacajuga",
    "mostread",
    "cookie",
    "subscribe",
    "signup",
    "promo",
    "widget",
    "paging",
    "pagination",
];

/// Class and id words that mark furniture unless a content word is there too.
const NEGATIVE: &[&str] = &[
    "nav",
    "menu",
    "banner",
    "masthead",
    "topbar",
    "header",
    "meta",
    "tags",
    "tag",
    "author",
    "byline",
    "dateline",
    "date",
    "time",
    "print",
    "modal",
    "popup",
    "hidden",
    "skip",
    "rating",
    "login",
    "ads",
    "ad",
    "iklan",
    "extra",
    "foot",
    "tool",
    "toolbar",
    "caption",
    "wp-caption",
    "thumb",
    "credit",
    "copyright",
    "rss",
    "search",
    "video",
    "gallery",
    "lainnya",
];

/// Class and id words that name an element's shape rather than its role: a `list` is a
/// menu when its items are links and part of the article when they are prose (BMZ's
/// `rte--list` of findings, a recipe's steps). Such a subtree is furniture only when its
/// text does not read as prose.
const SHAPE_WORDS: &[&str] = &["list"];

/// Characters of prose that make a shape-named subtree (a `list`) part of the text.
const SHAPE_PROSE: usize = 150;

/// Class and id words that mark the article.
const POSITIVE: &[&str] = &[
    "article", "content", "entry", "post", "story", "body", "text", "main", "detail", "isi",
    "berita", "read", "blog", "news", "hentry", "itp",
];

/// The words of a class and id attribute: `post-share__bar` gives `post`, `share`, `bar`.
fn words_of(element: &Element) -> Vec<String> {
    let values: Vec<&str> = [element.attr("class"), element.attr("id")]
        .into_iter()
        .flatten()
        .collect();
    class_tokens(&values)
}

/// The class-name weight of an element, as Readability gives it: +25 for content words,
/// -25 for furniture words.
pub fn class_weight(element: &Element) -> f64 {
    let words = words_of(element);
    let mut weight = 0.0;
    if words.iter().any(|w| POSITIVE.contains(&w.as_str())) {
        weight += 25.0;
    }
    // A list's words weigh against it as a candidate: the article is rarely the list itself.
    if words
        .iter()
        .any(|w| NEGATIVE.contains(&w.as_str()) || SHAPE_WORDS.contains(&w.as_str()))
        || is_strong_negative(element)
    {
        weight -= 25.0;
    }
    weight
}

fn is_strong_negative(element: &Element) -> bool {
    has_token(&words_of(element), STRONG_NEGATIVE)
}

/// Hidden by its own markup (`hidden`, `aria-hidden`, an inline `display: none`): what it holds
/// is not shown to readers, so it is neither body nor a printed date.
pub(in crate::read::html) fn is_hidden(element: &Element) -> bool {
    if element.attr("hidden").is_some() {
        return true;
    }
    if element.attr("aria-hidden") == Some("true") {
        return true;
    }
    element.attr("style").is_some_and(|style| {
        let compact: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        compact.contains("display:none") || compact.contains("visibility:hidden")
    })
}

/// How much the walk and the scoring trust class names. Pages that wrap their article in
/// a class like `theiaStickySidebar` defeat the strict setting; the reader retries with
/// the looser ones when the strict one finds too little, as Readability does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// Tags, roles, visibility and class names.
    Strict,
    /// Tags, roles and visibility; class names only weigh candidates.
    NoClassFurniture,
    /// Tags, roles and visibility only.
    TagsOnly,
}

/// Elements whose whole subtree is furniture.
pub fn is_furniture(element: &Element) -> bool {
    furniture_at(element, Strictness::Strict) != Furniture::No
}

/// Whether `node` sits in the page's furniture: inside an `aside`, a `nav` or the page's `footer`,
/// or inside an element whose class words are strong furniture words (`sidebar`, `widget`,
/// `related`, `comment`, ...) when that subtree does not hold the article (Blogger's main
/// column is a `widget Blog`; a theme's `cb-sidebar-widget` is a link-dense column of
/// teasers). Weaker words (`date`, `meta`, `header`) are where a date or byline is printed.
pub(super) fn in_furniture(node: NodeRef<Node>, page: TextShare) -> bool {
    // The `<body>` is the page, whatever its classes say (`mh-widget-layout2`).
    node.ancestors()
        .take_while(|n| {
            n.value()
                .as_element()
                .is_some_and(|e| !matches!(e.name(), "body" | "html"))
        })
        .any(|n| {
            n.value().as_element().is_some_and(|e| match e.name() {
                "aside" | "nav" => true,
                // An `<article>`'s own footer carries its meta (Drupal's `node__meta`
                // prints the date there); the page's footer is outside any article.
                "footer" => !n.ancestors().any(|a| {
                    a.value()
                        .as_element()
                        .is_some_and(|a| a.name() == "article")
                }),
                // An `<article>` or `<main>` says what it is by its tag (Drupal marks a
                // featured article `node--promoted`); its column may still be a sidebar.
                "article" | "main" => false,
                _ => is_strong_negative(e) && !holds_the_article(text_share(n), page),
            })
        })
}

/// Why an element reads as furniture, which says how far the reading can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Furniture {
    No,
    /// By tag, role or visibility: the markup says so.
    ByMarkup,
    /// A `<header>`, which may hold the article's own title and intro.
    Header,
    /// By class or id words alone: themes use them loosely.
    ByClass,
    /// By words that name a shape (`list`) alone: its text says what it is.
    ByShape,
}

fn furniture_at(element: &Element, strictness: Strictness) -> Furniture {
    let name = element.name();
    if name == "header" {
        return Furniture::Header;
    }
    if SKIPPED_TAGS.contains(&name) {
        return Furniture::ByMarkup;
    }
    if matches!(name, "html" | "body" | "main" | "article") {
        return if is_hidden(element) {
            Furniture::ByMarkup
        } else {
            Furniture::No
        };
    }
    if is_hidden(element) {
        return Furniture::ByMarkup;
    }
    if let Some(role) = element.attr("role") {
        if matches!(
            role,
            "navigation"
                | "complementary"
                | "banner"
                | "contentinfo"
                | "dialog"
                | "menu"
                | "menubar"
                | "search"
        ) {
            return Furniture::ByMarkup;
        }
    }
    if strictness != Strictness::Strict
        || (element.attr("class").is_none() && element.attr("id").is_none())
    {
        return Furniture::No;
    }
    if is_strong_negative(element) {
        return Furniture::ByClass;
    }
    let words = words_of(element);
    if words.iter().any(|w| POSITIVE.contains(&w.as_str())) {
        Furniture::No
    } else if words.iter().any(|w| NEGATIVE.contains(&w.as_str())) {
        Furniture::ByClass
    } else if words.iter().any(|w| SHAPE_WORDS.contains(&w.as_str())) {
        Furniture::ByShape
    } else {
        Furniture::No
    }
}

/// A list whose items mostly hold a link is a list of teasers or links (`Berita
/// Lainnya`, a latest-posts block with excerpts), however much prose the teasers carry;
/// the bullets of an article rarely link each point.
fn items_are_links(list: NodeRef<Node>) -> bool {
    let mut items = 0;
    let mut linked = 0;
    for item in list.children().filter(|c| c.value().is_element()) {
        items += 1;
        let has_link = item.descendants().any(|d| {
            d.value()
                .as_element()
                .is_some_and(|e| e.name() == "a" && e.attr("href").is_some())
        });
        if has_link {
            linked += 1;
        }
    }
    items >= 2 && linked * 2 >= items
}

struct Builder {
    node: NodeId,
    kind: BlockKind,
    text: String,
    link_chars: usize,
    links: Vec<Link>,
    /// `arsip-ignore` comments inside the block, with the byte of `text` they stand at.
    comments: Vec<(usize, Comment)>,
}

/// Walks the document into blocks and figures, skipping the subtrees in `skip` (what a
/// site profile removes).
pub fn walk(html: &Html, strictness: Strictness, skip: &HashSet<NodeId>) -> Walked {
    let mut walker = Walker {
        walked: Walked::default(),
        current: None,
        link: None,
        strictness,
        skip,
        page: text_share(html.tree.root()),
        pending: Vec::new(),
    };
    // An explicit stack rather than recursion: the depth of the tree is the page's to
    // choose, and the thread's stack is not.
    let mut steps = vec![Step::Enter(html.tree.root())];
    while let Some(step) = steps.pop() {
        match step {
            Step::Enter(node) => walker.enter(node, &mut steps),
            Step::EndBlock => walker.finish(),
            Step::EndLink(outer) => walker.end_link(outer),
        }
    }
    walker.finish();
    walker.walked
}

/// The walk's next move: read a node, or close an element whose children are done.
enum Step<'h> {
    Enter(NodeRef<'h, Node>),
    /// A block or container ends after its children.
    EndBlock,
    /// A link ends after its children; the link around it, if any, is read on.
    EndLink(Option<(String, String)>),
}

/// Queues `node`'s children so that the first is read next.
fn enter_children<'h>(steps: &mut Vec<Step<'h>>, node: NodeRef<'h, Node>) {
    steps.extend(node.children().rev().map(Step::Enter));
}

struct Walker<'a> {
    walked: Walked,
    current: Option<Builder>,
    /// The link being read: its href and text so far.
    link: Option<(String, String)>,
    strictness: Strictness,
    skip: &'a HashSet<NodeId>,
    /// The whole page's text, against which a subtree's share is weighed.
    page: TextShare,
    /// `arsip-ignore` comments met between blocks: they belong to the next one.
    pending: Vec<Comment>,
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

impl Walker<'_> {
    /// Furniture by markup is furniture; by class words or a `<header>`, only when the
    /// subtree's own text does not say otherwise.
    fn is_furniture_here(&self, node: NodeRef<Node>, element: &Element) -> bool {
        match furniture_at(element, self.strictness) {
            Furniture::No => false,
            Furniture::ByMarkup => true,
            Furniture::ByClass => !holds_the_article(text_share(node), self.page),
            Furniture::ByShape => {
                // An item (`c-list__item`) is judged with its list: one short step of a
                // recipe is as much the article as the long one beside it.
                let list = match element.name() {
                    "li" | "dt" | "dd" => node.parent().unwrap_or(node),
                    _ => node,
                };
                let share = text_share(list);
                !holds_the_article(share, self.page)
                    && (!reads_as_prose(share, SHAPE_PROSE) || items_are_links(list))
            }
            // A page's masthead is links and a logo; an article's header (inside the
            // `<article>`) carries its title and intro, prose rather than links.
            Furniture::Header => {
                let share = text_share(node);
                let in_article = node.ancestors().any(|a| {
                    a.value()
                        .as_element()
                        .is_some_and(|e| matches!(e.name(), "article" | "main"))
                });
                !reads_as_prose(share, if in_article { 40 } else { 120 })
            }
        }
    }

    fn enter<'h>(&mut self, node: NodeRef<'h, Node>, steps: &mut Vec<Step<'h>>) {
        if self.skip.contains(&node.id()) {
            self.finish();
            return;
        }
        match node.value() {
            Node::Text(text) => self.push_text(node, text),
            Node::Element(element) => self.enter_element(node, element, steps),
            Node::Document | Node::Fragment => enter_children(steps, node),
            Node::Comment(comment) => self.comment(comment),
            _ => {}
        }
    }

    fn enter_element<'h>(
        &mut self,
        node: NodeRef<'h, Node>,
        element: &Element,
        steps: &mut Vec<Step<'h>>,
    ) {
        let name = element.name();
        // Figures carry caption classes (`wp-caption`) that read as furniture; only a hidden
        // figure is one.
        if name == "figure" && !is_hidden(element) {
            self.finish();
            self.visit_figure(node);
            return;
        }
        if self.is_furniture_here(node, element) {
            // Furniture inside a paragraph (an inline script, a share icon) does not split
            // it; furniture between blocks ends the block before it.
            if !matches!(
                name,
                "script" | "style" | "noscript" | "span" | "a" | "i" | "b" | "img"
            ) {
                self.finish();
            }
            return;
        }
        match name {
            "br" => {
                if let Some(current) = &mut self.current {
                    current.text.push('\n');
                }
            }
            "img" => self.visit_image(node, element),
            _ if BLOCK_TAGS.contains(&name) => {
                self.finish();
                let kind = match name {
                    "p" | "address" => BlockKind::Paragraph,
                    "li" | "dt" | "dd" => BlockKind::ListItem,
                    "blockquote" => BlockKind::Quote,
                    "pre" => BlockKind::Preformatted,
                    "td" | "th" | "caption" => BlockKind::Cell,
                    other => BlockKind::Heading(heading_level(other).unwrap_or(6)),
                };
                self.open(node.id(), kind);
                steps.push(Step::EndBlock);
                enter_children(steps, node);
            }
            _ if CONTAINER_TAGS.contains(&name) => {
                self.finish();
                steps.push(Step::EndBlock);
                enter_children(steps, node);
            }
            "a" => {
                let href = element.attr("href").unwrap_or("").trim().to_string();
                let outer = self.link.replace((href, String::new()));
                steps.push(Step::EndLink(outer));
                enter_children(steps, node);
            }
            _ => enter_children(steps, node),
        }
    }

    /// The link being read is over: it joins the current block, and `outer` is read on.
    fn end_link(&mut self, outer: Option<(String, String)>) {
        if let Some((href, text)) = std::mem::replace(&mut self.link, outer) {
            let text = normalize_space(&text);
            if let Some(current) = &mut self.current {
                if !text.is_empty() || !href.is_empty() {
                    current.links.push(Link { text, href });
                }
            }
        }
    }

    fn visit_image(&mut self, node: NodeRef<Node>, element: &Element) {
        let src = element
            .attr("src")
            .or_else(|| element.attr("data-src"))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty() && !s.starts_with("data:"));
        if src.is_some() {
            self.walked.figures.push(Figure {
                node: node.id(),
                src,
                caption: element
                    .attr("alt")
                    .map(normalize_space)
                    .filter(|a| !a.is_empty()),
            });
        }
    }

    /// A figure's images go to `figures` with the figcaption; its text never reaches the body.
    fn visit_figure(&mut self, node: NodeRef<Node>) {
        let caption = node
            .descendants()
            .filter_map(scraper::ElementRef::wrap)
            .find(|e| e.value().name() == "figcaption")
            .map(|e| normalize_space(&e.text().collect::<String>()))
            .filter(|c| !c.is_empty());
        let src = node
            .descendants()
            .filter_map(scraper::ElementRef::wrap)
            .find(|e| e.value().name() == "img")
            .and_then(|img| {
                img.value()
                    .attr("src")
                    .or_else(|| img.value().attr("data-src"))
                    .map(|s| s.trim().to_string())
            })
            .filter(|s| !s.is_empty() && !s.starts_with("data:"));
        if src.is_some() || caption.is_some() {
            self.walked.figures.push(Figure {
                node: node.id(),
                src,
                caption,
            });
        }
    }

    fn open(&mut self, node: NodeId, kind: BlockKind) {
        self.current = Some(Builder {
            node,
            kind,
            text: String::new(),
            link_chars: 0,
            links: Vec::new(),
            comments: Vec::new(),
        });
    }

    /// A comment node: an `arsip-ignore` one belongs to the block it stands in, at the
    /// place it stands (a block split at `<br><br>` gives it to one of its paragraphs), or
    /// to the next block. File comments are read from the whole tree, not here.
    fn comment(&mut self, comment: &scraper::node::Comment) {
        let Some(comment) = Comment::parse(comment).filter(|c| !c.file) else {
            return;
        };
        match &mut self.current {
            Some(current) => current.comments.push((current.text.len(), comment)),
            None => self.pending.push(comment),
        }
    }

    fn push_text(&mut self, node: NodeRef<Node>, text: &str) {
        if self.current.is_none() {
            if text.trim().is_empty() {
                return;
            }
            let owner = node.parent().map_or(node.id(), |p| p.id());
            self.open(owner, BlockKind::Loose);
        }
        if let Some(current) = &mut self.current {
            current.text.push_str(text);
            if let Some((_, link_text)) = &mut self.link {
                link_text.push_str(text);
                current.link_chars += text.trim().chars().count();
            }
        }
    }

    /// Ends the current block. Two or more `<br>`s in a row split it into paragraphs.
    fn finish(&mut self) {
        let Some(builder) = self.current.take() else {
            return;
        };
        let pieces: Vec<(String, usize)> = split_at_blank_lines(&builder.text)
            .into_iter()
            .map(|(p, end)| (normalize_space(&p), end))
            .filter(|(p, _)| !p.is_empty())
            .collect();
        // A comment belongs to the paragraph it stands in or, in the break before one, to
        // that one: the first whose text ends at or after it. One past the last goes on
        // to the next block.
        let mut comments_of: Vec<Vec<Comment>> = vec![Vec::new(); pieces.len()];
        if let Some(first) = comments_of.first_mut() {
            first.append(&mut self.pending);
        }
        for (at, comment) in builder.comments {
            let piece = pieces.partition_point(|(_, end)| *end < at);
            match comments_of.get_mut(piece) {
                Some(comments) => comments.push(comment),
                None => self.pending.push(comment),
            }
        }
        let total: usize = pieces
            .iter()
            .map(|(p, _)| p.chars().count())
            .sum::<usize>()
            .max(1);
        for ((piece, _), comments) in pieces.into_iter().zip(comments_of) {
            // Link characters are shared out in proportion; links stay with every piece
            // that shows their text.
            let share = builder.link_chars * piece.chars().count() / total;
            let links = builder
                .links
                .iter()
                .filter(|l| !l.text.is_empty() && piece.contains(&l.text))
                .cloned()
                .collect();
            self.walked.blocks.push(Block {
                node: builder.node,
                kind: builder.kind,
                text: piece,
                link_chars: share,
                links,
                comments,
            });
        }
    }
}

/// Splits at lines holding only whitespace, which is what two `<br>`s leave; each piece
/// with the byte of `text` where its last line ends.
fn split_at_blank_lines(text: &str) -> Vec<(String, usize)> {
    let mut pieces = vec![(String::new(), 0)];
    let mut blank_run = false;
    let mut line_start = 0;
    for line in text.split('\n') {
        let line_end = line_start + line.len();
        line_start = line_end + 1;
        if line.trim().is_empty() {
            if !pieces.last().is_some_and(|(p, _)| p.trim().is_empty()) {
                blank_run = true;
            }
            continue;
        }
        if blank_run {
            pieces.push((String::new(), line_end));
            blank_run = false;
        }
        let (last, end) = pieces.last_mut().expect("never empty");
        last.push(' ');
        last.push_str(line);
        *end = line_end;
    }
    pieces
}

/// How much a block says about the container it sits in.
fn block_score(block: &Block) -> Option<f64> {
    let length = block.text.chars().count();
    let density = block.link_density();
    if length < 25 || density > 0.5 || matches!(block.kind, BlockKind::Heading(_)) {
        return None;
    }
    let commas = block.text.matches([',', '،', '、']).count() as f64;
    Some((1.0 + commas + (length as f64 / 100.0).min(3.0)) * (1.0 - density))
}

/// Readability's starting score for a container, by tag.
fn tag_weight(name: &str) -> f64 {
    match name {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

fn final_score_or_zero(
    scores: &HashMap<NodeId, f64>,
    text_in: &HashMap<NodeId, (usize, usize)>,
    id: NodeId,
) -> f64 {
    let Some(score) = scores.get(&id) else {
        return 0.0;
    };
    let (total, links) = text_in.get(&id).copied().unwrap_or((1, 0));
    score * (1.0 - links as f64 / total.max(1) as f64)
}

/// The article: the containers chosen and the blocks inside them, in document order.
#[derive(Debug, Default)]
pub struct Selection {
    pub containers: Vec<NodeId>,
    pub blocks: Vec<usize>,
}

/// A node's ancestors, nearest first, as they are needed: a page may nest thousands deep.
fn ancestors(html: &Html, node: NodeId) -> impl Iterator<Item = NodeId> + '_ {
    html.tree
        .get(node)
        .into_iter()
        .flat_map(|n| n.ancestors())
        .map(|n| n.id())
}

/// For each node that holds any of `values` (each given at a node), the sum of those at it
/// and below it, by the nodes' parent links. Each node is climbed to once: the climb from
/// a node stops where an earlier one passed, and the sums pass up from the nodes that
/// have nothing below them left to add.
fn sums_up_the_tree(
    html: &Html,
    values: impl Iterator<Item = (NodeId, (usize, usize))>,
) -> HashMap<NodeId, (usize, usize)> {
    let mut sums: HashMap<NodeId, (usize, usize)> = HashMap::new();
    for (id, (a, b)) in values {
        let e = sums.entry(id).or_default();
        e.0 += a;
        e.1 += b;
    }
    let mut parent_of: HashMap<NodeId, NodeId> = HashMap::new();
    let mut waiting: HashMap<NodeId, usize> = HashMap::new();
    let starts: Vec<NodeId> = sums.keys().copied().collect();
    for start in starts {
        let mut current = start;
        while !parent_of.contains_key(&current) {
            let Some(parent) = html.tree.get(current).and_then(|n| n.parent()) else {
                break;
            };
            let parent = parent.id();
            parent_of.insert(current, parent);
            *waiting.entry(parent).or_default() += 1;
            sums.entry(parent).or_default();
            current = parent;
        }
    }
    let mut ready: Vec<NodeId> = sums
        .keys()
        .filter(|id| !waiting.contains_key(id))
        .copied()
        .collect();
    while let Some(id) = ready.pop() {
        let Some(&parent) = parent_of.get(&id) else {
            continue;
        };
        let (a, b) = sums[&id];
        let e = sums.entry(parent).or_default();
        e.0 += a;
        e.1 += b;
        let left = waiting.get_mut(&parent).expect("counted on the way up");
        *left -= 1;
        if *left == 0 {
            ready.push(parent);
        }
    }
    sums
}

/// Blocks inside any of `containers`, in document order.
pub fn blocks_within(html: &Html, walked: &Walked, containers: &[NodeId]) -> Vec<usize> {
    let chosen: HashSet<NodeId> = containers.iter().copied().collect();
    let mut inside = HashMap::new();
    walked
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, block)| {
            climb_remembered(html, block.node, &mut inside, false, |id, _| {
                chosen.contains(&id).then_some(true)
            })
        })
        .map(|(i, _)| i)
        .collect()
}

/// Climbs from `node` (itself first) to the first node where `stop`, given the node and
/// the one climbed from, answers; `end` past the root. The answer is remembered for every
/// node passed, so that the blocks of a page nested thousands deep climb it once in all,
/// not once each.
pub(super) fn climb_remembered<T: Copy>(
    html: &Html,
    node: NodeId,
    memo: &mut HashMap<NodeId, T>,
    end: T,
    mut stop: impl FnMut(NodeId, Option<NodeId>) -> Option<T>,
) -> T {
    let mut path = Vec::new();
    let mut current = Some(node);
    let found = loop {
        let Some(id) = current else { break end };
        if let Some(answer) = stop(id, path.last().copied()) {
            break answer;
        }
        if let Some(&known) = memo.get(&id) {
            break known;
        }
        path.push(id);
        current = html.tree.get(id).and_then(|n| n.parent()).map(|p| p.id());
    };
    memo.extend(path.into_iter().map(|id| (id, found)));
    found
}

/// Elements the publisher marked as the article body (`itemprop="articleBody"`), when
/// they hold enough text to be it.
fn marked_body(html: &Html, walked: &Walked) -> Option<Selection> {
    let containers: Vec<NodeId> = html
        .select(css!("[itemprop~=articleBody]"))
        .map(|e| e.id())
        .collect();
    if containers.is_empty() {
        return None;
    }
    let selection = Selection {
        blocks: blocks_within(html, walked, &containers),
        containers,
    };
    (selection.text_length(walked) >= ENOUGH_TEXT).then_some(selection)
}

/// Picks the article's container(s) and the blocks in them.
pub fn select(html: &Html, walked: &Walked, strictness: Strictness) -> Selection {
    if let Some(marked) = marked_body(html, walked) {
        return marked;
    }
    let mut scores: HashMap<NodeId, f64> = HashMap::new();
    let mut order: Vec<NodeId> = Vec::new();
    let element = |id: NodeId| {
        html.tree
            .get(id)
            .and_then(|n| n.value().as_element().cloned())
    };
    // Cells that have scored a short line that is no sentence: one cell's column of names
    // or figures (Harper's 80 signatories a cell, split by `<br>`) is one entry of a
    // table, not 80 paragraphs, and would outscore the letter beside it. An old portal's
    // article cell, one short sentence a line, scores by every line.
    let mut short_lines_scored: HashSet<NodeId> = HashSet::new();
    for block in &walked.blocks {
        let Some(score) = block_score(block) else {
            continue;
        };
        if block.kind == BlockKind::Cell
            && block.text.chars().count() < PROSE_CHARS
            && sentence_ends(&block.text) == 0
            && !short_lines_scored.insert(block.node)
        {
            continue;
        }
        // Loose text and table cells are text directly in their container (old portals
        // lay articles out in a `<td>`): the container itself scores.
        let mut chain = Vec::new();
        if matches!(block.kind, BlockKind::Loose | BlockKind::Cell) {
            chain.push(block.node);
        }
        chain.extend(ancestors(html, block.node).take(5));
        for (level, id) in chain.into_iter().take(5).enumerate() {
            let Some(el) = element(id) else { break };
            if matches!(el.name(), "html") {
                break;
            }
            let entry = scores.entry(id).or_insert_with(|| {
                order.push(id);
                let weight = if strictness == Strictness::TagsOnly {
                    0.0
                } else {
                    class_weight(&el)
                };
                tag_weight(el.name()) + weight
            });
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f64 * 3.0,
            };
            *entry += score / divider;
        }
    }
    // Link density of each candidate, from the blocks inside it, summed up the tree once:
    // a page nested thousands deep costs one pass over its nodes, not depth times blocks.
    let text_in: HashMap<NodeId, (usize, usize)> = sums_up_the_tree(
        html,
        walked
            .blocks
            .iter()
            .map(|block| (block.node, (block.text.chars().count(), block.link_chars))),
    )
    .into_iter()
    .filter(|(id, _)| scores.contains_key(id))
    .collect();
    let final_score = |id: &NodeId| {
        let (total, links) = text_in.get(id).copied().unwrap_or((1, 0));
        scores[id] * (1.0 - links as f64 / total.max(1) as f64)
    };
    // The best candidates; the first in document order wins ties, for stable output.
    let mut ranked: Vec<(NodeId, f64)> = order.iter().map(|id| (*id, final_score(id))).collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let Some(&(mut top_id, top_score)) = ranked.first() else {
        return Selection::default();
    };
    let is_root = |id: NodeId| {
        html.tree
            .get(id)
            .and_then(|n| {
                n.value()
                    .as_element()
                    .map(|e| matches!(e.name(), "body" | "html"))
            })
            .unwrap_or(true)
    };
    // A lone child says nothing its parent does not.
    while let Some(parent) = html.tree.get(top_id).and_then(|n| n.parent()) {
        let element_children = parent.children().filter(|c| c.value().is_element()).count();
        if element_children != 1 || is_root(parent.id()) {
            break;
        }
        top_id = parent.id();
    }
    let top_score = final_score_or_zero(&scores, &text_in, top_id).max(top_score * 0.5);
    let mut containers = vec![top_id];
    let threshold = (top_score * 0.2).max(10.0);
    if let Some(parent) = html.tree.get(top_id).and_then(|n| n.parent()) {
        for sibling in parent.children() {
            let id = sibling.id();
            if id == top_id {
                continue;
            }
            if scores.contains_key(&id) && final_score(&id) >= threshold {
                containers.push(id);
            }
        }
    }
    let mut chosen = vec![false; walked.blocks.len()];
    for i in blocks_within(html, walked, &containers) {
        chosen[i] = true;
    }
    containers.extend(kindred_subtrees(html, walked, top_id, &mut chosen));
    let blocks = (0..chosen.len()).filter(|&i| chosen[i]).collect();
    Selection { containers, blocks }
}

impl Selection {
    /// Characters of text the selection holds.
    pub fn text_length(&self, walked: &Walked) -> usize {
        self.blocks
            .iter()
            .map(|&i| walked.blocks[i].text.chars().count())
            .sum()
    }
}

/// Below this many characters an extraction is suspect and a looser one is tried.
const ENOUGH_TEXT: usize = 250;

/// Walks and selects with the strictest setting that finds enough text; if none does, the
/// one that found the most.
pub fn extract(html: &Html, skip: &HashSet<NodeId>) -> (Walked, Selection) {
    let mut best: Option<(Walked, Selection, usize)> = None;
    for strictness in [
        Strictness::Strict,
        Strictness::NoClassFurniture,
        Strictness::TagsOnly,
    ] {
        let walked = walk(html, strictness, skip);
        let selection = select(html, &walked, strictness);
        // Without class names to go by, a pile of captions, counters and buttons can win;
        // a looser attempt counts only if it found a block that reads like a paragraph.
        let has_paragraph = selection.blocks.iter().any(|&i| {
            let block = &walked.blocks[i];
            block.text.chars().count() >= 100 && block.link_density() < 0.3
        });
        let length = if strictness == Strictness::Strict || has_paragraph {
            selection.text_length(&walked)
        } else {
            0
        };
        if length >= ENOUGH_TEXT {
            return (walked, selection);
        }
        if best.as_ref().is_none_or(|b| length > b.2) {
            best = Some((walked, selection, length));
        }
    }
    match best {
        Some((walked, selection, length)) if length > 0 => (walked, selection),
        // No attempt found a paragraph: the page has no running text.
        _ => (Walked::default(), Selection::default()),
    }
}

#[cfg(test)]
pub(in crate::read::html) mod tests {
    use super::*;

    pub(in crate::read::html) fn body_of(page: &str) -> Vec<String> {
        let html = Html::parse_document(page);
        let walked = walk(&html, Strictness::Strict, &HashSet::new());
        let selection = select(&html, &walked, Strictness::Strict);
        selection
            .blocks
            .iter()
            .map(|&i| walked.blocks[i].text.clone())
            .collect()
    }

    #[test]
    fn article_paragraphs_win_over_navigation_and_sidebars() {
        let page = r#"<html><body>
            <nav><a href="/">Beranda</a> <a href="/berita">Berita</a></nav>
            <div class="sidebar"><h3>Terpopuler</h3><p>Berita lain yang sangat populer sekali, dibaca ribuan orang, setiap hari.</p></div>
            <div class="content"><p>Paragraf pertama berita ini cukup panjang, berisi fakta, tempat, dan waktu kejadian.</p>
            <p>Paragraf kedua juga panjang, dengan kutipan, keterangan, dan penjelasan lebih lanjut.</p></div>
            <div class="share">Bagikan: Facebook Twitter</div>
            </body></html>"#;
        assert_eq!(
            body_of(page),
            [
                "Paragraf pertama berita ini cukup panjang, berisi fakta, tempat, dan waktu kejadian.",
                "Paragraf kedua juga panjang, dengan kutipan, keterangan, dan penjelasan lebih lanjut."
            ]
        );
    }

    #[test]
    fn table_layout_with_br_paragraphs() {
        let page = r#"<html><body><table><tr><td width="150"><a href="/">Home</a><br><a href="/a">Arsip</a></td>
            <td><font face="Verdana">Paragraf satu di portal lama, dengan koma, dan titik.<br><br>Paragraf dua di portal lama, juga dengan koma, dan titik.<br><br>Paragraf tiga, terakhir.</font></td></tr></table></body></html>"#;
        assert_eq!(
            body_of(page),
            [
                "Paragraf satu di portal lama, dengan koma, dan titik.",
                "Paragraf dua di portal lama, juga dengan koma, dan titik.",
                "Paragraf tiga, terakhir."
            ]
        );
    }

    /// A document nested `depth` levels deep, built directly: the parser's depth limit
    /// never sees it. The innermost element holds a paragraph of `text`.
    pub(in crate::read::html) fn nested_document(depth: usize, tags: &[&str], text: &str) -> Html {
        use html5ever::{ns, LocalName, QualName};
        let mut html = Html::new_document();
        let element = |name: &str| {
            let name = QualName::new(None, ns!(html), LocalName::from(name));
            Node::Element(Element::new(name, Vec::new()))
        };
        let mut parent = html.tree.root().id();
        for level in 0..depth {
            let tag = tags[level % tags.len()];
            parent = html
                .tree
                .get_mut(parent)
                .expect("just added")
                .append(element(tag))
                .id();
        }
        let mut p = html.tree.get_mut(parent).expect("just added");
        let mut p = p.append(element("p"));
        p.append(Node::Text(scraper::node::Text { text: text.into() }));
        html
    }

    /// Runs `work` on a thread with a small stack, as a recursive walk would overflow it.
    pub(in crate::read::html) fn on_small_stack<T: Send + 'static>(
        work: impl FnOnce() -> T + Send + 'static,
    ) -> T {
        std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(work)
            .expect("thread starts")
            .join()
            .expect("no panic")
    }

    #[test]
    fn walking_a_tree_deeper_than_the_stack_allows_does_not_overflow() {
        let blocks = on_small_stack(|| {
            let text = "Paragraf berita yang panjang, dengan koma, titik, dan fakta. ".repeat(5);
            let html = nested_document(100_000, &["div", "font", "b", "section"], &text);
            let (walked, selection) = extract(&html, &HashSet::new());
            (walked.blocks.len(), selection.blocks.len())
        });
        assert_eq!(blocks, (1, 1));
    }

    #[test]
    fn a_theme_wrapper_named_sidebar_holding_the_article_is_not_furniture() {
        let page = r#"<html><body><div class="content-sidebar-wrap">
            <div class="entry"><p>Der erste Absatz des Artikels ist lang genug, mit Kommas, Fakten, und einem Punkt am Ende des Satzes.</p>
            <p>Der zweite Absatz erzählt weiter, mit Zitaten, Orten, Zeiten, und noch mehr Text, damit er zählt.</p>
            <p>Der dritte Absatz schließt den Artikel ab, wieder mit Kommas, und einem letzten Gedanken dazu.</p></div>
            <div class="sidebar"><a href="/a">Anderer Artikel</a> <a href="/b">Noch einer</a></div>
            </div></body></html>"#;
        let body = body_of(page);
        assert_eq!(body.len(), 3, "{body:?}");
        assert!(body.iter().all(|p| !p.contains("Anderer")));
    }

    #[test]
    fn an_article_header_keeps_its_intro() {
        let page = r#"<html><body><header class="site"><a href="/">Home</a> <a href="/news">News</a></header>
            <article><header><h1>Die Überschrift des Artikels</h1><p class="intro">Der Vorspann fasst alles zusammen, kurz und klar.</p></header>
            <p>Der erste Absatz des Artikels ist lang genug, mit Kommas, Fakten, und einem Punkt am Ende des Satzes.</p>
            <p>Der zweite Absatz erzählt weiter, mit Zitaten, Orten, Zeiten, und noch mehr Text, damit er zählt.</p></article></body></html>"#;
        let body = body_of(page);
        assert!(
            body.iter().any(|p| p.starts_with("Der Vorspann")),
            "{body:?}"
        );
        assert!(body.iter().all(|p| !p.contains("Home")));
    }

    #[test]
    fn class_tokens_split_camel_case_and_joined_words() {
        assert_eq!(
            class_tokens(&["theiaStickySidebar post_body"]),
            ["theia", "sticky", "sidebar", "post", "body"]
        );
        assert!(has_token(&class_tokens(&["baca-juga"]), &["bacajuga"]));
        assert!(has_token(&class_tokens(&["comments-area"]), &["comment"]));
        assert!(!has_token(&class_tokens(&["listing"]), &["sidebar"]));
        // taz.de wraps its opinion pieces in `commentary`: an article, not comments.
        assert!(!has_token(
            &class_tokens(&["news subjective commentary"]),
            &["comment"]
        ));
        assert!(has_token(&class_tokens(&["commentlist"]), &["comment"]));
    }

    #[test]
    fn hidden_elements_are_skipped() {
        let page = r#"<div class="content"><p>Teks yang terlihat, panjang, dengan koma, dan titik di akhir kalimat.</p>
            <p style="display: none">Teks tersembunyi, panjang, dengan koma, dan titik di akhir kalimat.</p></div>"#;
        assert_eq!(body_of(page).len(), 1);
    }
}
