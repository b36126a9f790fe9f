//! How sure arsip is of an extraction: signals read off the finished article and what the
//! reader saw of the page, each with a penalty, and a score of 100 less their sum.
//!
//! The penalties are set so that the lowest scores hold the articles that lost their body:
//! `bench/confidence.py` measures it on the labelled web pages in `../shared`.

use crate::analyze::text::normalize_space;
use crate::model::{Article, DateEvidence, Extraction, ExtractionMethod, Signal, SignalKind};

/// What a reader knows of the page beyond the article it made.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// Where the body came from; `None` lets the input format decide.
    pub method: Option<ExtractionMethod>,
    /// Characters of the prose paragraphs (long blocks, few links) the body left out.
    pub text_outside: usize,
    /// Characters of paragraph-like text between the headline and the body's start.
    pub text_before_body: usize,
    /// The body was found only on a looser retry, inside what class names call furniture.
    pub loose_retry: bool,
}

/// Points per unit of natural log, for penalties that grow with a ratio.
const PER_LOG: f64 = 15.0;
/// A body this long or longer is not short.
const LONG_BODY: usize = 1500;
/// Characters of prose between the headline and the body that make the body doubtful.
const TEXT_BEFORE_BODY: usize = 500;
/// Longest first paragraph read as a caption, in characters.
const CAPTION_MAX: usize = 160;

/// The extraction record of `article`, read the way `method` says.
pub fn assess(article: &Article, method: ExtractionMethod, evidence: &Evidence) -> Extraction {
    let mut signals = Vec::new();
    let mut add = |kind: SignalKind, penalty: f64| {
        let penalty = penalty.round().clamp(0.0, 100.0) as u8;
        if penalty > 0 {
            signals.push(Signal { kind, penalty });
        }
    };
    let length: usize = article.body.iter().map(|p| p.chars().count()).sum();
    if length == 0 {
        add(SignalKind::NoBody, 100.0);
    } else {
        if length < LONG_BODY {
            add(
                SignalKind::ShortBody,
                PER_LOG * ((LONG_BODY + 50) as f64 / (length + 50) as f64).ln(),
            );
        }
        if evidence.text_outside > length {
            let ratio = (evidence.text_outside + 100) as f64 / (length + 100) as f64;
            add(
                SignalKind::TextOutsideBody,
                (1.5 * PER_LOG * ratio.ln()).min(60.0),
            );
        }
        // A correct body starts soon after its headline: paragraphs of prose between the
        // two are the article a wrong container (comments, references, a sidebar) left.
        if evidence.text_before_body >= TEXT_BEFORE_BODY {
            add(SignalKind::TextBeforeBody, 40.0);
        }
        if article.body.len() == 1 {
            add(SignalKind::OneParagraph, 22.0);
        }
        if article.body.first().is_some_and(|p| looks_like_caption(p)) {
            add(SignalKind::CaptionFirst, 10.0);
        }
        if article.body.len() > 1 && article.body.last().is_some_and(|p| looks_like_links(p)) {
            add(SignalKind::LinksLast, 5.0);
        }
    }
    if evidence.loose_retry {
        add(SignalKind::LooseRetry, 2.0);
    }
    match article.title.as_deref() {
        None => add(SignalKind::NoTitle, 10.0),
        Some(title) if carries_site_name(title) => add(SignalKind::TitleHasSiteName, 5.0),
        Some(_) => {}
    }
    match &article.published {
        None => add(SignalKind::NoDate, 22.0),
        Some(p) if p.source == DateEvidence::Url => add(SignalKind::DateFromUrl, 20.0),
        Some(p) if p.source == DateEvidence::Modified => add(SignalKind::DateFromModified, 15.0),
        Some(_) => {}
    }
    signals.sort_by(|a, b| b.penalty.cmp(&a.penalty).then(a.kind.cmp(&b.kind)));
    let lost: u32 = signals.iter().map(|s| u32::from(s.penalty)).sum();
    Extraction {
        method: evidence.method.unwrap_or(method),
        score: 100u32.saturating_sub(lost) as u8,
        signals,
    }
}

/// Separators between a headline and a site name.
const TITLE_SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " » ", " · ", " / "];

/// Whether a title still names its site: a short last (or first) part after a separator.
pub fn carries_site_name(title: &str) -> bool {
    let title = normalize_space(title);
    TITLE_SEPARATORS.iter().any(|sep| {
        let parts: Vec<&str> = title.split(sep).collect();
        parts.len() >= 2
            && [parts[0], parts[parts.len() - 1]]
                .iter()
                .any(|p| looks_like_site(p))
    })
}

/// A short name with a capital or a domain: `Kompas.com`, `Die Zeit`, `BBC News`.
fn looks_like_site(part: &str) -> bool {
    let part = part.trim();
    let words = part.split_whitespace().count();
    let domain = [".com", ".co.", ".de", ".id", ".org", ".net", ".uk", ".fr"]
        .iter()
        .any(|d| part.to_lowercase().contains(d));
    (1..=3).contains(&words)
        && part.chars().count() <= 30
        && (domain || part.chars().next().is_some_and(char::is_uppercase))
}

/// Words that open or mark a caption or a photo credit, lower case.
const CREDIT_WORDS: &[&str] = &[
    "foto:",
    "foto :",
    "photo:",
    "photo :",
    "bild:",
    "image:",
    "credit:",
    "quelle:",
    "getty images",
    "shutterstock",
    "istock",
    "(foto",
    "(photo",
    "dok.",
    "ilustrasi",
];

/// A short paragraph that carries a credit: `©`, `Foto:`, `Outlet/ Photographer Name`.
pub fn looks_like_caption(paragraph: &str) -> bool {
    if paragraph.chars().count() > CAPTION_MAX {
        return false;
    }
    let lower = paragraph.to_lowercase();
    paragraph.contains('©')
        || CREDIT_WORDS.iter().any(|w| lower.contains(w))
        || outlet_slash_name(paragraph)
}

/// `Antara/ Budi Santoso`, `ANTARA FOTO/Rivan Awal`: a capitalised word, a slash, a name.
fn outlet_slash_name(paragraph: &str) -> bool {
    paragraph.split_once('/').is_some_and(|(outlet, name)| {
        let outlet = outlet.trim();
        let name = name.trim();
        let outlet_words = outlet.rsplit(' ').next().unwrap_or("");
        !outlet.contains("://")
            && outlet_words.chars().next().is_some_and(char::is_uppercase)
            && name.chars().next().is_some_and(char::is_uppercase)
            && name.split_whitespace().count() <= 4
            && !name.ends_with('.')
    })
}

/// Openings of a related-links list, lower case, in the languages of the archive and of
/// the pages arsip is measured on.
const LINK_LIST_WORDS: &[&str] = &[
    "baca juga",
    "lihat juga",
    "simak juga",
    "artikel terkait",
    "berita terkait",
    "read more",
    "read also",
    "see also",
    "related:",
    "related articles",
    "more on this",
    "lesen sie auch",
    "mehr zum thema",
    "weitere artikel",
    "lire aussi",
    "voir aussi",
    "leer más",
    "lee también",
    "leggi anche",
    "czytaj też",
    "czytaj także",
    "читайте также",
];

/// A last paragraph that is a list of links or a sign-off in capitals.
pub fn looks_like_links(paragraph: &str) -> bool {
    let lower = paragraph.to_lowercase();
    if LINK_LIST_WORDS.iter().any(|w| lower.contains(w)) {
        return true;
    }
    let letters: Vec<char> = paragraph.chars().filter(|c| c.is_alphabetic()).collect();
    paragraph.chars().count() <= 60
        && letters.len() >= 4
        && letters.iter().all(|c| !c.is_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_with_a_site_name() {
        assert!(carries_site_name("Pasar Baru Dibuka | Kompas.com"));
        assert!(carries_site_name("Pasar Baru Dibuka - Tribun News"));
        assert!(!carries_site_name("Pasar Baru Dibuka di Banyuwangi"));
        assert!(!carries_site_name(
            "Jokowi: pasar baru dibuka - dan ramai sekali hari ini"
        ));
    }

    #[test]
    fn captions_and_credits_by_shape() {
        assert!(looks_like_caption("Antara/ Budi Santoso"));
        assert!(looks_like_caption(
            "Warga antre di pasar. (Foto: Dok. Pemkab)"
        ));
        assert!(looks_like_caption("© dpa/Kay Nietfeld"));
        assert!(!looks_like_caption(
            "BANYUWANGI – Pasar baru dibuka hari ini, kata Bupati kepada wartawan."
        ));
        assert!(!looks_like_caption("Kata dia, harga naik 10/20 persen."));
    }

    #[test]
    fn link_lists_and_sign_offs() {
        assert!(looks_like_links("Baca juga: Pasar lama dipindah"));
        assert!(looks_like_links("EDITOR: BUDI SANTOSO"));
        assert!(!looks_like_links(
            "Pasar dibuka pukul 08.00 WIB setiap hari."
        ));
    }
}
