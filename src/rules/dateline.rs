//! Dateline rules: presence, known places, leaked CMS fields, consistency across a batch.

use std::collections::BTreeMap;

use crate::analyze::dateline::is_outlet;
use crate::read::Position;

use super::gazetteer::{Lookup, PlaceKind};
use super::messages::say_in;
use super::{Checker, Family, Finding, Location, Rule, Settings, Severity};

pub static DATELINE_MISSING: Rule = Rule {
    code: "L201",
    name: "dateline-missing",
    family: Family::Dateline,
    severity: Severity::Info,
    summary: "The first paragraph does not open with a dateline.",
    why: "The dateline says where the news happened; portals' house style requires it, and place-based archives index by it. Most outlets never print one, so the rule learns the house style from the batch: a missing dateline is a warning only when most of the same site's articles in the batch (at least three of them) carry one, and info otherwise.",
    example: "Bupati meresmikan pasar baru pada Senin pagi.",
    fixed: "BANYUWANGI – Bupati meresmikan pasar baru pada Senin pagi.",
};

pub static DATELINE_UNKNOWN_PLACE: Rule = Rule {
    code: "L202",
    name: "dateline-unknown-place",
    family: Family::Dateline,
    severity: Severity::Warning,
    summary: "The dateline place is not a known province or regency/city but is close to one.",
    why: "A near miss of a known name is almost always a misspelling, which breaks search and place indexes.",
    example: "BANYUEANGI – Bupati meresmikan pasar baru.",
    fixed: "BANYUWANGI – Bupati meresmikan pasar baru.",
};

pub static DATELINE_MINOR_PLACE: Rule = Rule {
    code: "L203",
    name: "dateline-minor-place",
    family: Family::Dateline,
    severity: Severity::Info,
    summary: "The dateline place is not a province or regency/city: a sub-district, a foreign place, or a name to add to the configuration.",
    why: "Sub-district and foreign datelines are legitimate, but they cannot be checked against the official list; add local places under `places:` in arsip.yaml.",
    example: "PARINGIN – Pemkab menyalurkan bibit karet.",
    fixed: "places: [Paringin]   # in arsip.yaml",
};

pub static DATELINE_LEAKED_FIELD: Rule = Rule {
    code: "L204",
    name: "dateline-leaked-field",
    family: Family::Dateline,
    severity: Severity::Warning,
    summary: "The dateline carries a CMS field or code that is neither a place nor a news outlet.",
    why: "Old CMS templates printed internal fields (a section code, a site name) before the place; they are noise in the archive.",
    example: "BERITA9, BANYUWANGI – Bupati meresmikan pasar baru.",
    fixed: "BANYUWANGI – Bupati meresmikan pasar baru.",
};

pub static DATELINE_SEPARATOR_INCONSISTENT: Rule = Rule {
    code: "L205",
    name: "dateline-separator-inconsistent",
    family: Family::Dateline,
    severity: Severity::Info,
    summary: "The dateline separator differs from the one most articles of the batch use.",
    why: "A consistent house style is easier to read and to parse; mixed dashes show hand edits or several CMS eras.",
    example: "BANYUWANGI - Bupati ...   (while the other articles print `BANYUWANGI – ...`)",
    fixed: "BANYUWANGI – Bupati ...",
};

pub static RULES: &[&Rule] = &[
    &DATELINE_MISSING,
    &DATELINE_UNKNOWN_PLACE,
    &DATELINE_MINOR_PLACE,
    &DATELINE_LEAKED_FIELD,
    &DATELINE_SEPARATOR_INCONSISTENT,
];

pub fn check(c: &mut Checker) {
    let at = || Location {
        position: None,
        field: "dateline".to_string(),
    };
    let Some(dateline) = c.article.dateline.clone() else {
        if !c.article.body.is_empty() {
            let position = c.map.body.first().map(|m| m.start());
            c.report(
                &DATELINE_MISSING,
                Location { position, ..at() },
                c.say("dateline-missing", &[]),
                None,
            );
        }
        return;
    };
    let position = c.map.dateline;
    for (field, name) in [("place", &dateline.place), ("region", &dateline.region)] {
        let Some(name) = name else { continue };
        let location = Location {
            position,
            field: format!("dateline.{field}"),
        };
        match c.settings.places.lookup(name) {
            Lookup::Known(PlaceKind::Foreign, canonical) => c.report(
                &DATELINE_MINOR_PLACE,
                location,
                c.say("dateline-foreign", &[name, &canonical]),
                None,
            ),
            Lookup::Known(..) => {}
            Lookup::Unknown {
                nearest: Some(nearest),
            } => c.report(
                &DATELINE_UNKNOWN_PLACE,
                location,
                c.say("dateline-unknown", &[name]),
                Some(c.say("did-you-mean", &[&nearest])),
            ),
            Lookup::Unknown { nearest: None } => c.report(
                &DATELINE_MINOR_PLACE,
                location,
                c.say("dateline-minor", &[name]),
                None,
            ),
        }
    }
    if let Some(agency) = &dateline.agency {
        // A bracketed agency is deliberate; a bare field before the place is a leak.
        let bracketed = dateline.raw.contains(&format!("({agency})"));
        if !bracketed && !is_outlet(agency) {
            let keep = dateline.raw.replacen(&format!("{agency},"), "", 1);
            c.report(
                &DATELINE_LEAKED_FIELD,
                Location {
                    position,
                    field: "dateline.agency".to_string(),
                },
                c.say("dateline-leaked-field", &[agency]),
                Some(c.say("dateline-leaked-field.fix", &[&keep.trim()])),
            );
        }
    }
}

/// What the rules that learn from a whole batch need to know of one of its articles.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HouseStyle {
    /// The site: the host of the article's URL, or else the folder its file is in.
    pub site: Option<String>,
    /// The separator after the dateline's place, and where the dateline is, when there is one.
    pub dateline: Option<(String, Option<Position>)>,
    /// The article's language, which its findings are told in.
    pub language: Option<String>,
}

impl HouseStyle {
    /// `dateline_at`: where the article's dateline is in its input.
    pub fn of(article: &crate::model::Article, dateline_at: Option<Position>) -> Self {
        let host = article
            .source
            .url
            .as_deref()
            .and_then(|u| url::Url::parse(u).ok())
            .and_then(|u| {
                u.host_str()
                    .map(|h| h.trim_start_matches("www.").to_string())
            });
        let folder = || {
            let path = std::path::Path::new(article.source.path.as_deref()?);
            Some(path.parent()?.to_string_lossy().into_owned())
        };
        HouseStyle {
            site: host.or_else(folder),
            dateline: article
                .dateline
                .as_ref()
                .map(|d| (d.separator.clone(), dateline_at)),
            language: article.language.clone(),
        }
    }
}

/// The house style of a batch, learnt from its articles one at a time, then applied to
/// each: per site, how many articles there are and how many carry a dateline; over the
/// batch, how often each dateline separator is used. What it keeps grows with the sites
/// and separators, not with the articles.
#[derive(Debug, Default)]
pub struct HouseStyles {
    by_site: BTreeMap<String, (usize, usize)>,
    /// Per separator: its uses, and the order it was first seen in (ties go to the first).
    separators: BTreeMap<String, (usize, usize)>,
}

impl HouseStyles {
    pub fn learn(&mut self, style: &HouseStyle) {
        if let Some(site) = &style.site {
            let entry = self.by_site.entry(site.clone()).or_default();
            entry.0 += 1;
            entry.1 += usize::from(style.dateline.is_some());
        }
        if let Some((separator, _)) = &style.dateline {
            let order = self.separators.len();
            self.separators
                .entry(separator.clone())
                .or_insert((0, order))
                .0 += 1;
        }
    }

    /// The batch's most common separator; of equally common ones, the one seen first, so
    /// the result does not depend on hashing or thread order.
    fn usual_separator(&self) -> Option<&str> {
        self.separators
            .iter()
            .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
            .map(|(s, _)| s.as_str())
    }

    /// Applies what the batch taught to the findings of one of its articles, from the
    /// input `path`: reports a dateline separator that is not the batch's usual one, and
    /// raises `dateline-missing` from info to a warning on the articles of a site whose
    /// articles mostly carry a dateline (more than half, and at least three with one),
    /// the house style then being known to want one (unless the configuration sets its
    /// severity). True when a finding was added.
    pub fn apply(
        &self,
        style: &HouseStyle,
        path: &str,
        findings: &mut Vec<Finding>,
        settings: &Settings,
    ) -> bool {
        let added = self
            .separator_finding(style, path, settings)
            .map(|f| findings.push(f));
        let rule = &DATELINE_MISSING;
        let site = style.site.as_deref().and_then(|s| self.by_site.get(s));
        if let (false, Some((total, with))) =
            (settings.selection.severity.contains_key(rule.code), site)
        {
            if *with >= 3 && with * 2 > *total {
                for finding in findings.iter_mut().filter(|f| f.code == rule.code) {
                    finding.severity = Severity::Warning;
                    let language = settings
                        .message_language
                        .as_deref()
                        .or(style.language.as_deref());
                    finding.message =
                        say_in("dateline-missing.house-style", language, &[with, total]);
                }
            }
        }
        added.is_some()
    }

    fn separator_finding(
        &self,
        style: &HouseStyle,
        path: &str,
        settings: &Settings,
    ) -> Option<Finding> {
        let rule = &DATELINE_SEPARATOR_INCONSISTENT;
        let (separator, position) = style.dateline.as_ref()?;
        let usual = self.usual_separator()?;
        if !settings.selection.is_enabled(rule) || separator == usual {
            return None;
        }
        Some(Finding {
            code: rule.code.to_string(),
            name: rule.name.to_string(),
            severity: settings.selection.severity_of(rule),
            // A batch's finding: in the configured language, as it has no one article's.
            message: say_in(
                "dateline-separator",
                settings.message_language.as_deref(),
                &[separator, &usual],
            ),
            path: Some(path.to_string()),
            line: position.map(|p| p.line),
            column: position.map(|p| p.column),
            field: "dateline.separator".to_string(),
            suggestion: Some(say_in(
                "use",
                settings.message_language.as_deref(),
                &[&usual],
            )),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn missing(path: &str) -> Vec<Finding> {
        vec![Finding {
            code: "L201".to_string(),
            name: "dateline-missing".to_string(),
            severity: Severity::Info,
            message: "the first paragraph has no dateline".to_string(),
            path: Some(path.to_string()),
            line: Some(1),
            column: Some(1),
            field: "dateline".to_string(),
            suggestion: None,
        }]
    }

    fn style(site: &str, has_dateline: bool) -> HouseStyle {
        HouseStyle {
            dateline: has_dateline.then(|| ("--".to_string(), None)),
            site: Some(site.to_string()),
            language: None,
        }
    }

    #[test]
    fn a_missing_dateline_is_a_warning_only_where_the_site_prints_them() {
        let styles = [
            style("antara", true),
            style("antara", true),
            style("antara", true),
            style("antara", false),
            style("blog", false),
            style("blog", false),
        ];
        let mut findings: Vec<Vec<Finding>> = styles
            .iter()
            .map(|s| {
                if s.dateline.is_some() {
                    Vec::new()
                } else {
                    missing("x")
                }
            })
            .collect();
        let mut house = HouseStyles::default();
        styles.iter().for_each(|s| house.learn(s));
        for (style, findings) in styles.iter().zip(findings.iter_mut()) {
            house.apply(style, "x", findings, &Settings::default());
        }
        assert_eq!(findings[3][0].severity, Severity::Warning);
        assert!(findings[3][0].message.contains("3 of this site's 4"));
        assert_eq!(findings[4][0].severity, Severity::Info);
        assert_eq!(findings[5][0].severity, Severity::Info);
    }
}
