//! Tag soup built from parts, the shapes that took arsip down before (issue #14): deep
//! nesting of every kind of element (formatting elements html5ever reopens, tables inside
//! them for foster parenting, `select`, `template`, foreign `svg` and `math`), stray and
//! mismatched end tags, elements with huge attribute counts, all on one line as minified
//! pages are. The HTML reader and every rule must end without a panic or a stack overflow:
//! past the nesting limit the page is refused, never walked recursively. libFuzzer's
//! `-timeout` turns a quadratic case into a failure.
#![no_main]

use arsip::read::{read_with, Input, InputFormat, ReadOptions};
use arsip::rules::{check, Settings};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

/// Elements whose handling in the tree builder differs: formatting (reconstructed, adoption
/// agency), tables (foster parenting), scoping, raw text, void and foreign elements.
const TAGS: [&str; 32] = [
    "div", "p", "font", "b", "i", "a", "nobr", "span", "table", "tr", "td", "tbody", "caption",
    "select", "option", "template", "svg", "math", "foreignObject", "button", "li", "ul",
    "h1", "article", "main", "aside", "nav", "figure", "figcaption", "blockquote", "form",
    "textarea",
];

/// Text that arsip's analysers look at: dates, datelines, quotation marks, chrome.
const TEXTS: [&str; 8] = [
    "BANYUWANGI – Bupati membuka festival, kata dia.",
    "Rabu, 4 November 2015 21:04 WIB",
    "“Kami siap,” ujarnya. ",
    "Baca juga: Berita lain",
    "Editor: İsmail Yılmaz",
    "© Antara/Budi",
    "‘’“”„«»「」",
    "26.02.2020 GMT+7:99",
];

#[derive(Arbitrary, Debug)]
enum Part {
    /// An opening tag, with `attributes` attributes.
    Open { tag: u8, attributes: u8 },
    /// An end tag, of any element (stray and mismatched ones included).
    Close { tag: u8 },
    /// A text run.
    Text { text: u8 },
    /// The parts so far, once more, `times` times: deep nesting and long runs.
    Repeat { times: u16 },
    /// Many attributes on one element.
    Crowded { tag: u8, count: u16 },
}

/// The page stays small enough that a linear reader handles it in milliseconds.
const MAX_PAGE: usize = 1 << 20;

fn tag(index: u8) -> &'static str {
    TAGS[usize::from(index) % TAGS.len()]
}

fn build(parts: &[Part]) -> String {
    let mut page = String::from("<html><head><title>Sup</title></head><body>");
    for part in parts {
        if page.len() > MAX_PAGE {
            break;
        }
        match part {
            Part::Open { tag: t, attributes } => {
                page.push('<');
                page.push_str(tag(*t));
                for a in 0..*attributes % 8 {
                    page.push_str(&format!(" data-{a}=\"{a}\""));
                }
                page.push('>');
            }
            Part::Close { tag: t } => {
                page.push_str("</");
                page.push_str(tag(*t));
                page.push('>');
            }
            Part::Text { text } => page.push_str(TEXTS[usize::from(*text) % TEXTS.len()]),
            Part::Repeat { times } => {
                let run = page["<html><head><title>Sup</title></head><body>".len()..].to_string();
                for _ in 0..*times {
                    if page.len() + run.len() > MAX_PAGE {
                        break;
                    }
                    page.push_str(&run);
                }
            }
            Part::Crowded { tag: t, count } => {
                page.push('<');
                page.push_str(tag(*t));
                for a in 0..*count {
                    page.push_str(&format!(" x{a}"));
                }
                page.push('>');
            }
        }
    }
    page
}

fuzz_target!(|parts: Vec<Part>| {
    let page = build(&parts);
    let input = Input::from_bytes(page.as_bytes(), Some("soup.html"));
    let options = ReadOptions {
        format: InputFormat::Html,
        ..ReadOptions::default()
    };
    if let Ok(parsed) = read_with(&input, &options) {
        let _ = check(&parsed, &Settings::default());
    }
});
