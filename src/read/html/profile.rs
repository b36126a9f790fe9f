//! Site profiles: CSS selectors that say where a portal keeps its title, date, body,
//! related links and byline, for pages the generic extractor reads less well. A profile is
//! a YAML file; built-in ones cover the common CMS families.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use schemars::JsonSchema;
use scraper::{ElementRef, Html, Selector};
use serde::{Deserialize, Serialize};

use crate::analyze::text::normalize_space;

/// A portal's selectors. Every field but `name` is optional: what a profile leaves out,
/// the generic extractor finds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// What the profile is for, shown in messages.
    pub name: String,
    /// Hosts the profile applies to when chosen from a profile folder
    /// (`www.banyuwangikab.go.id`); a leading `*.` matches subdomains.
    #[serde(default)]
    pub hosts: Vec<String>,
    /// The headline element.
    #[serde(default)]
    pub title: Option<String>,
    /// The element holding the printed date.
    #[serde(default)]
    pub date: Option<String>,
    /// A strftime format for that date when arsip cannot read it unaided (`%d/%m/%Y %H:%M`).
    #[serde(default)]
    pub date_format: Option<String>,
    /// The element(s) holding the article text.
    #[serde(default)]
    pub body: Option<String>,
    /// Elements to drop wherever they are (share bars, ads, inline promotions).
    #[serde(default)]
    pub remove: Vec<String>,
    /// The article's own related links (the `<a>` elements, or their containers).
    #[serde(default)]
    pub related: Option<String>,
    /// The author or editor names.
    #[serde(default)]
    pub byline: Option<String>,
}

/// Why a profile could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("{path}: {reason}")]
    Read { path: String, reason: String },
    #[error("{path}: {reason}")]
    Syntax { path: String, reason: String },
    #[error("{path}: {field}: `{selector}` is not a valid CSS selector")]
    Selector {
        path: String,
        field: String,
        selector: String,
    },
    #[error(
        "{path}: {field}: selector nested too deeply (more than {MAX_SELECTOR_NESTING} levels)"
    )]
    Nesting { path: String, field: String },
}

/// A profile is a few hundred bytes; a file past this is not one.
const MAX_PROFILE_BYTES: u64 = 1 << 20;

/// A real selector nests a pseudo-class or two; the selector parser recurses once per
/// level and overflows the stack a few thousand deep, so anything deeper than this is
/// refused before it is parsed.
const MAX_SELECTOR_NESTING: usize = 32;

/// How deeply a selector nests parentheses and brackets, outside quoted strings and
/// escapes.
fn selector_nesting(css: &str) -> usize {
    let mut deepest = 0;
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut chars = css.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (_, '\\') => {
                chars.next();
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(' | '[') => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            (None, ')' | ']') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

impl Profile {
    /// Reads and checks a profile file: YAML, known keys only, valid selectors.
    pub fn load(path: &Path) -> Result<Self, ProfileError> {
        let shown = path.display().to_string();
        let read_error = |reason: String| ProfileError::Read {
            path: shown.clone(),
            reason,
        };
        let bytes =
            crate::source::open::read_small_file(path, MAX_PROFILE_BYTES).map_err(|e| match e {
                crate::source::SourceError::TooLarge { .. } => read_error(format!(
                    "larger than {MAX_PROFILE_BYTES} bytes; not a profile"
                )),
                e => read_error(e.to_string()),
            })?;
        let text =
            String::from_utf8(bytes).map_err(|_| read_error("not UTF-8 text".to_string()))?;
        Self::parse(&text, &shown)
    }

    /// Checks profile text; `shown` names it in errors.
    pub fn parse(text: &str, shown: &str) -> Result<Self, ProfileError> {
        // As for a configuration: a document nested thousands deep costs the YAML parser
        // time in the square of its depth, so it is refused before the parser sees it.
        if let Err(problem) = crate::read::yaml::prescan(text) {
            return Err(ProfileError::Syntax {
                path: shown.to_string(),
                reason: format!("{problem}; not a profile"),
            });
        }
        let profile: Profile = yaml_serde::from_str(text).map_err(|e| ProfileError::Syntax {
            path: shown.to_string(),
            reason: e.to_string(),
        })?;
        Ok(profile.compile(shown)?.profile)
    }

    /// Parses every selector once, for use on any number of pages; `shown` names the
    /// profile in errors.
    pub fn compile(self, shown: &str) -> Result<CompiledProfile, ProfileError> {
        let compiled = self
            .selectors()
            .into_iter()
            .map(|(field, selector)| {
                if selector_nesting(selector) > MAX_SELECTOR_NESTING {
                    return Err(ProfileError::Nesting {
                        path: shown.to_string(),
                        field: field.to_string(),
                    });
                }
                Selector::parse(selector)
                    .map(|parsed| (field, parsed))
                    .map_err(|_| ProfileError::Selector {
                        path: shown.to_string(),
                        field: field.to_string(),
                        selector: selector.to_string(),
                    })
            })
            .collect::<Result<_, _>>()?;
        Ok(CompiledProfile {
            profile: self,
            compiled,
        })
    }

    /// Every selector of the profile with the field it is for, in a fixed order.
    pub fn selectors(&self) -> Vec<(&'static str, &str)> {
        let mut out = Vec::new();
        for (field, value) in [
            ("title", &self.title),
            ("date", &self.date),
            ("body", &self.body),
            ("related", &self.related),
            ("byline", &self.byline),
        ] {
            if let Some(selector) = value {
                out.push((field, selector.as_str()));
            }
        }
        out.extend(self.remove.iter().map(|s| ("remove", s.as_str())));
        out
    }

    /// Does the profile apply to `host`?
    pub fn matches_host(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        self.hosts.iter().any(|pattern| {
            let pattern = pattern.to_ascii_lowercase();
            match pattern.strip_prefix("*.") {
                Some(domain) => host == domain || host.ends_with(&format!(".{domain}")),
                None => host == pattern,
            }
        })
    }
}

/// A profile with its selectors parsed: built once per run, used on every page.
#[derive(Debug, Clone)]
pub struct CompiledProfile {
    pub profile: Profile,
    /// The selectors of [`Profile::selectors`], parsed, in the same order.
    compiled: Vec<(&'static str, Selector)>,
}

impl CompiledProfile {
    /// Reads, checks and compiles a profile file.
    pub fn load(path: &Path) -> Result<Self, ProfileError> {
        Profile::load(path)?.compile(&path.display().to_string())
    }

    /// The parsed selector of a single-selector field (`title`, `date`, `body`, `related`,
    /// `byline`), with the CSS it was parsed from.
    pub fn field(&self, field: &str) -> Option<(&str, &Selector)> {
        self.selectors()
            .find(|(name, _, _)| *name == field)
            .map(|(_, css, selector)| (css, selector))
    }

    /// The parsed `remove` selectors.
    pub fn remove(&self) -> impl Iterator<Item = &Selector> {
        self.compiled
            .iter()
            .filter(|(field, _)| *field == "remove")
            .map(|(_, selector)| selector)
    }

    /// Every selector with the field it is for and its CSS, in [`Profile::selectors`] order.
    pub fn selectors(&self) -> impl Iterator<Item = (&'static str, &str, &Selector)> {
        self.profile
            .selectors()
            .into_iter()
            .zip(&self.compiled)
            .map(|((field, css), (_, selector))| (field, css, selector))
    }
}

/// The profiles of a folder (`--profile-dir`: `*.yaml`, `*.yml`), read and compiled once,
/// before any page, so that a broken one is refused up front rather than on every page.
#[derive(Debug, Clone, Default)]
pub struct ProfileDir {
    /// In file name order: the first whose hosts match wins.
    profiles: Vec<CompiledProfile>,
}

impl ProfileDir {
    /// Loads every profile of `dir`; the first that cannot be used is the error.
    pub fn load(dir: &Path) -> Result<Self, ProfileError> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| ProfileError::Read {
                path: dir.display().to_string(),
                reason: crate::read::describe_io_error(&e),
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            .collect();
        files.sort();
        let profiles = files
            .iter()
            .map(|file| CompiledProfile::load(file))
            .collect::<Result<_, _>>()?;
        Ok(ProfileDir { profiles })
    }

    /// The first profile whose hosts include the URL's host.
    pub fn for_url(&self, url: &str) -> Option<&CompiledProfile> {
        let url = url::Url::parse(url).ok()?;
        let host = url.host_str()?;
        self.profiles.iter().find(|p| p.profile.matches_host(host))
    }
}

/// Built-in profiles for the CMS families most portals run on, compiled once per run.
pub fn builtin() -> &'static [CompiledProfile] {
    static BUILTIN: LazyLock<Vec<CompiledProfile>> = LazyLock::new(|| {
        builtin_profiles()
            .into_iter()
            .map(|profile| {
                let name = profile.name.clone();
                profile
                    .compile(&name)
                    .expect("the built-in profiles are valid")
            })
            .collect()
    });
    &BUILTIN
}

fn builtin_profiles() -> Vec<Profile> {
    let profile = |name: &str,
                   title: &str,
                   date: &str,
                   body: &str,
                   remove: &[&str],
                   related: Option<&str>,
                   byline: &str| Profile {
        name: name.to_string(),
        hosts: Vec::new(),
        title: Some(title.to_string()),
        date: Some(date.to_string()),
        date_format: None,
        body: Some(body.to_string()),
        remove: remove.iter().map(|s| s.to_string()).collect(),
        related: related.map(str::to_string),
        byline: Some(byline.to_string()),
    };
    vec![
        profile(
            "WordPress",
            "h1.entry-title, h1.post-title",
            ".entry-meta time, time.entry-date, .posted-on time",
            ".entry-content, .post-content",
            &[
                ".sharedaddy",
                ".jp-relatedposts",
                ".addtoany_share_save_container",
                ".wp-block-buttons",
            ],
            Some(".jp-relatedposts a, .related-posts a, .yarpp-related a"),
            ".entry-meta .author, .byline .author",
        ),
        profile(
            "Joomla",
            ".item-page [itemprop=headline], .item-page .page-header h2, .item-page h2",
            ".item-page .published time, .item-page .published, .item-page .create",
            ".item-page [itemprop=articleBody], .item-page .article-body",
            &[
                ".item-page .pager",
                ".item-page .pagenav",
                ".item-page .icons",
            ],
            Some(".item-page .related-items a"),
            ".item-page .createdby",
        ),
        profile(
            "Drupal",
            "h1.page-title, h1.node__title, h1.title",
            ".node__submitted, .submitted, .field-name-post-date",
            ".node__content .field--name-body, .field-name-body, .node .content .field-item",
            &[".links.inline", ".service-links"],
            Some(".field-name-field-related a, .view-related a"),
            ".node__submitted .username, .submitted .username",
        ),
        profile(
            "Blogger",
            "h3.post-title, h1.post-title",
            ".date-header span, .published",
            ".post-body",
            &[".post-share-buttons", ".post-footer"],
            None,
            ".post-author .fn, .post-author",
        ),
    ]
}

/// The built-in profile a page's generator meta or markup names, if any.
pub fn detect_builtin(html: &Html, generator: Option<&str>) -> Option<&'static CompiledProfile> {
    let generator = generator.unwrap_or("").to_ascii_lowercase();
    let detectors = detectors();
    let family = match detectors
        .families
        .iter()
        .position(|(family, _)| generator.contains(&family.to_ascii_lowercase()))
    {
        Some(index) => detectors.families[index].0,
        None => {
            // One walk of the page for all the markers, however many families there are;
            // the first family in the list wins when several match.
            let mut best: Option<usize> = None;
            for element in html
                .root_element()
                .descendants()
                .filter_map(ElementRef::wrap)
            {
                // Only elements that could be a marker go to the selectors: a link, a
                // Drupal attribute, or one of the marker classes.
                let value = element.value();
                let candidate = (value.name() == "link" && value.attr("href").is_some())
                    || value.attr("data-drupal-selector").is_some()
                    || value.attr("class").is_some_and(|c| {
                        ["item-page", "node__content", "post-body"]
                            .iter()
                            .any(|m| c.contains(m))
                    });
                if !candidate {
                    continue;
                }
                let found = detectors
                    .families
                    .iter()
                    .position(|(_, marker)| marker.matches(&element));
                if let Some(found) = found {
                    best = Some(best.map_or(found, |b| b.min(found)));
                }
                if best == Some(0) {
                    break;
                }
            }
            detectors.families[best?].0
        }
    };
    builtin().iter().find(|p| p.profile.name == family)
}

/// The markup each built-in family leaves on its pages, parsed once.
struct Detectors {
    families: Vec<(&'static str, Selector)>,
}

fn detectors() -> &'static Detectors {
    static DETECTORS: std::sync::OnceLock<Detectors> = std::sync::OnceLock::new();
    DETECTORS.get_or_init(|| {
        let markers = [
            (
                "WordPress",
                "link[href*='wp-content'], link[href*='wp-includes']",
            ),
            ("Joomla", "body.com_content .item-page"),
            ("Drupal", "[data-drupal-selector], .node__content"),
            ("Blogger", ".blog-posts .post-body"),
        ];
        let parse = |css: &str| Selector::parse(css).expect("the built-in markers are valid CSS");
        Detectors {
            families: markers.iter().map(|(f, css)| (*f, parse(css))).collect(),
        }
    })
}

/// What one selector matched on a page: for people writing profiles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SelectorMatch {
    pub field: String,
    pub selector: String,
    pub count: usize,
    /// The first match's text, shortened.
    pub first: Option<String>,
}

/// Runs every selector of `profile` on a page.
pub fn test_profile(html: &Html, profile: &CompiledProfile) -> Vec<SelectorMatch> {
    profile
        .selectors()
        .map(|(field, css, selector)| {
            let matched: Vec<ElementRef> = html.select(selector).collect();
            let first = matched.first().map(|e| {
                let text = normalize_space(&e.text().collect::<String>());
                let short: String = text.chars().take(100).collect();
                if text.chars().count() > 100 {
                    format!("{short}…")
                } else {
                    short
                }
            });
            SelectorMatch {
                field: field.to_string(),
                selector: css.to_string(),
                count: matched.len(),
                first,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_are_checked_when_loaded() {
        let ok = Profile::parse(
            "name: Portal\nhosts: ['*.example.go.id']\nbody: .isi-berita\n",
            "p.yaml",
        )
        .unwrap();
        assert!(ok.matches_host("berita.example.go.id"));
        assert!(ok.matches_host("example.go.id"));
        assert!(!ok.matches_host("example.com"));
        let unknown = Profile::parse("name: P\nbdy: .x\n", "p.yaml").unwrap_err();
        assert!(unknown.to_string().contains("unknown field `bdy`"));
        let bad = Profile::parse("name: P\nbody: 'div[['\n", "p.yaml").unwrap_err();
        assert_eq!(
            bad.to_string(),
            "p.yaml: body: `div[[` is not a valid CSS selector"
        );
    }

    #[test]
    fn deeply_nested_selectors_are_refused_before_parsing() {
        // 5000 levels overflowed the selector parser's stack and aborted the process.
        let deep = format!("{}h1{}", ":not(".repeat(5000), ")".repeat(5000));
        let text = format!("name: P\ntitle: '{deep}'\n");
        let err = Profile::parse(&text, "p.yaml").unwrap_err();
        assert_eq!(
            err.to_string(),
            "p.yaml: title: selector nested too deeply (more than 32 levels)"
        );
        // Brackets and parentheses inside quotes are text, not nesting.
        let quoted = format!("name: P\nbody: \"a[title='{}']\"\n", "(".repeat(100));
        Profile::parse(&quoted, "p.yaml").unwrap();
        assert_eq!(selector_nesting(":not(:is(.a, [b])) p"), 3);
    }

    #[test]
    fn deeply_nested_profiles_are_refused_before_parsing() {
        // 100,000 unclosed `[` kept the YAML parser busy for minutes.
        let text = format!("name: x\ntitle: {}\nbody: p\n", "[".repeat(100_000));
        let started = std::time::Instant::now();
        let err = Profile::parse(&text, "pdeep.yaml").unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with("pdeep.yaml: nested ")
                && message.ends_with("levels deep; not a profile"),
            "{message}"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[cfg(unix)]
    #[test]
    fn endless_profiles_are_refused_at_the_size_limit() {
        // `/dev/zero` was read until memory ran out.
        let err = Profile::load(Path::new("/dev/zero")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "/dev/zero: larger than 1048576 bytes; not a profile"
        );
    }

    #[test]
    fn builtin_selectors_are_valid() {
        for compiled in builtin() {
            let profile = &compiled.profile;
            let text = yaml_serde::to_string(profile).unwrap();
            Profile::parse(&text, &profile.name).unwrap();
        }
    }

    #[test]
    fn cms_families_are_recognised() {
        let wp =
            Html::parse_document("<link rel=stylesheet href='/wp-content/themes/x/style.css'>");
        assert_eq!(
            detect_builtin(&wp, None).map(|p| p.profile.name.clone()),
            Some("WordPress".to_string())
        );
        let joomla = Html::parse_document("<p>x</p>");
        assert_eq!(
            detect_builtin(&joomla, Some("Joomla! - Open Source Content Management"))
                .map(|p| p.profile.name.clone()),
            Some("Joomla".to_string())
        );
        assert!(detect_builtin(&joomla, None).is_none());
        // Markers of several families: the first family listed wins, whatever the order
        // on the page, and an element that marks none does not unset an earlier find.
        let mixed = Html::parse_document(
            "<body class=com_content><div class='blog-posts'><div class='post-body'>x</div></div>\
             <div class=item-page>y</div><div class=node__content>z</div><link href=/gaya.css></body>",
        );
        assert_eq!(
            detect_builtin(&mixed, None).map(|p| p.profile.name.as_str()),
            Some("Joomla")
        );
    }
}
