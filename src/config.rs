//! `arsip.yaml`: which rules run, at which severity, for which paths, and the places and
//! dates the rules judge against.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::rules::{registry, rules_named, Selection, Settings, Severity};

/// The configuration file's name, looked for from the current folder upwards.
pub const FILE_NAME: &str = "arsip.yaml";

/// A configuration is a few hundred bytes; anything past this is not one.
const MAX_CONFIG_BYTES: usize = 1 << 20;

/// arsip's configuration file.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Rules to run, by code (`D104`), name (`date-weekday-mismatch`) or family (`date`);
    /// all rules when absent.
    #[serde(default)]
    pub select: Option<Vec<String>>,
    /// Rules not to run, by code, name or family.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Severity overrides, keyed by code, name or family.
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
    /// Places known in addition to Indonesia's provinces and regencies/cities.
    #[serde(default)]
    pub places: Vec<String>,
    /// Other spellings of places: alias -> place.
    #[serde(default)]
    pub aliases: BTreeMap<String, String>,
    /// Today's date for the rules (`YYYY-MM-DD`), so that results do not change with the clock.
    #[serde(default)]
    pub now: Option<String>,
    /// Dates before this year are implausible (default 1990).
    #[serde(default)]
    pub min_year: Option<i16>,
    /// Titles longer than this many characters are reported (default 150).
    #[serde(default)]
    pub max_title_length: Option<usize>,
    /// The language every finding is told in (`en`, `id`), instead of each article's own.
    #[serde(default)]
    pub message_language: Option<String>,
    /// Rule selection for some paths only, applied in order after the top level.
    #[serde(default)]
    pub overrides: Vec<Override>,
}

/// Rule selection for the paths matching some globs.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// Globs matched against the input path as given (`archive/2008/**`).
    pub paths: Vec<String>,
    #[serde(default)]
    pub select: Option<Vec<String>>,
    #[serde(default)]
    pub ignore: Vec<String>,
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
}

/// Why a configuration could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: {reason}")]
    Read { path: String, reason: String },
    #[error("{path}:{line}:{column}: {reason}")]
    Syntax {
        path: String,
        line: usize,
        column: usize,
        reason: String,
    },
    #[error("{path}: {key}: {reason}")]
    Value {
        path: String,
        key: String,
        reason: String,
    },
}

/// The configuration in force and the settings it gives.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// Where it came from, if anywhere.
    pub path: Option<PathBuf>,
    pub settings: Settings,
    overrides: Vec<(GlobSet, Override)>,
}

impl Loaded {
    /// The built-in defaults, with `now` as today.
    pub fn defaults() -> Self {
        Loaded {
            path: None,
            settings: Settings::default(),
            overrides: Vec::new(),
        }
    }

    /// The settings for one input path: the top level, then every override that matches.
    pub fn settings_for(&self, path: Option<&str>) -> std::borrow::Cow<'_, Settings> {
        let matching: Vec<&Override> = match path {
            // Most configurations have no overrides: no path to resolve per article.
            Some(p) if !self.overrides.is_empty() => {
                // As `.gitignore` patterns do: relative to the configuration's folder, so
                // `./archive`, an absolute path or a run from a subfolder match too.
                let relative = self.path.as_deref().map(|config| {
                    let folder = config.parent().filter(|f| !f.as_os_str().is_empty());
                    crate::source::names::relative_name(p, folder.unwrap_or(Path::new(".")))
                });
                self.overrides
                    .iter()
                    .filter(|(globs, _)| {
                        globs.is_match(p) || relative.as_deref().is_some_and(|r| globs.is_match(r))
                    })
                    .map(|(_, o)| o)
                    .collect()
            }
            _ => Vec::new(),
        };
        if matching.is_empty() {
            return std::borrow::Cow::Borrowed(&self.settings);
        }
        let mut settings = self.settings.clone();
        for o in matching {
            // Patterns were checked when the file was loaded.
            let _ = apply_selection(
                &mut settings.selection,
                o.select.as_deref(),
                &o.ignore,
                &o.severity,
            );
        }
        std::borrow::Cow::Owned(settings)
    }
}

/// Finds `arsip.yaml` in `start` or the nearest folder above it.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// Reads and checks a configuration file.
pub fn load(path: &Path) -> Result<Loaded, ConfigError> {
    let shown = path.display().to_string();
    let read_error = |reason: String| ConfigError::Read {
        path: shown.clone(),
        reason,
    };
    let bytes = crate::source::open::read_small_file(path, MAX_CONFIG_BYTES as u64).map_err(
        |e| match e {
            crate::source::SourceError::TooLarge { .. } => too_large(&shown),
            e => read_error(e.to_string()),
        },
    )?;
    let text = String::from_utf8(bytes).map_err(|_| read_error("not UTF-8 text".to_string()))?;
    let mut loaded = parse(&text, &shown)?;
    loaded.path = Some(path.to_path_buf());
    Ok(loaded)
}

/// The error for a file too large to be a configuration.
fn too_large(shown: &str) -> ConfigError {
    ConfigError::Value {
        path: shown.to_string(),
        key: "(document)".to_string(),
        reason: format!("larger than {MAX_CONFIG_BYTES} bytes; not a configuration file"),
    }
}

/// Checks configuration text; `shown` names it in errors.
pub fn parse(text: &str, shown: &str) -> Result<Loaded, ConfigError> {
    // yaml_serde refuses alias expansion past a repetition limit, so a "billion laughs"
    // file fails fast; the size cap keeps a stray large file from being parsed at all.
    if text.len() > MAX_CONFIG_BYTES {
        return Err(too_large(shown));
    }
    if let Err(problem) = crate::read::yaml::prescan(text) {
        return Err(ConfigError::Value {
            path: shown.to_string(),
            key: "(document)".to_string(),
            reason: format!("{problem}; not a configuration file"),
        });
    }
    let config: Config = if text.trim().is_empty() {
        Config::default()
    } else {
        yaml_serde::from_str(text).map_err(|e| {
            let location = e.location();
            ConfigError::Syntax {
                path: shown.to_string(),
                line: location.as_ref().map_or(1, |l| l.line()),
                column: location.as_ref().map_or(1, |l| l.column()),
                reason: e
                    .to_string()
                    .split(" at line ")
                    .next()
                    .unwrap_or("")
                    .to_string(),
            }
        })?
    };
    let value_error = |key: &str, reason: String| ConfigError::Value {
        path: shown.to_string(),
        key: key.to_string(),
        reason,
    };
    let mut settings = Settings::default();
    apply_selection(
        &mut settings.selection,
        config.select.as_deref(),
        &config.ignore,
        &config.severity,
    )
    .map_err(|(key, reason)| value_error(&key, reason))?;
    for place in &config.places {
        settings.places.add_place(place);
    }
    for (alias, target) in &config.aliases {
        settings.places.add_alias(alias, target);
    }
    if let Some(now) = &config.now {
        settings.now = now
            .parse()
            .map_err(|_| value_error("now", format!("`{now}` is not a date (YYYY-MM-DD)")))?;
    }
    if let Some(language) = &config.message_language {
        if !crate::rules::messages::is_supported(language) {
            return Err(value_error(
                "message_language",
                format!("no messages in `{language}` (there are: en, id)"),
            ));
        }
        settings.message_language = Some(language.clone());
    }
    if let Some(year) = config.min_year {
        settings.min_year = year;
    }
    if let Some(length) = config.max_title_length {
        settings.max_title_length = length;
    }
    let mut overrides = Vec::new();
    for (i, o) in config.overrides.iter().enumerate() {
        let mut builder = GlobSetBuilder::new();
        for pattern in &o.paths {
            let glob = Glob::new(pattern)
                .map_err(|e| value_error(&format!("overrides[{i}].paths"), e.kind().to_string()))?;
            builder.add(glob);
        }
        let globs = builder
            .build()
            .map_err(|e| value_error(&format!("overrides[{i}].paths"), e.to_string()))?;
        // Check the override's rule names now, so a typo fails at load time.
        apply_selection(
            &mut Selection::default(),
            o.select.as_deref(),
            &o.ignore,
            &o.severity,
        )
        .map_err(|(key, reason)| value_error(&format!("overrides[{i}].{key}"), reason))?;
        overrides.push((globs, o.clone()));
    }
    Ok(Loaded {
        path: None,
        settings,
        overrides,
    })
}

/// Applies select / ignore / severity to a selection. Errors name the key and the reason.
pub fn apply_selection(
    selection: &mut Selection,
    select: Option<&[String]>,
    ignore: &[String],
    severity: &BTreeMap<String, Severity>,
) -> Result<(), (String, String)> {
    if let Some(select) = select {
        let mut chosen = std::collections::BTreeSet::new();
        for selector in select {
            for rule in rules_named(selector).map_err(|e| ("select".to_string(), e))? {
                chosen.insert(rule.code);
            }
        }
        for rule in registry() {
            if chosen.contains(rule.code) {
                selection.disabled.remove(rule.code);
            } else {
                selection.disabled.insert(rule.code);
            }
        }
    }
    for selector in ignore {
        for rule in rules_named(selector).map_err(|e| ("ignore".to_string(), e))? {
            selection.disabled.insert(rule.code);
        }
    }
    for (selector, level) in severity {
        for rule in rules_named(selector).map_err(|e| (format!("severity.{selector}"), e))? {
            selection.severity.insert(rule.code, *level);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_rejected_with_their_line() {
        let err = parse("now: 2019-05-01\nselct: [date]\n", "arsip.yaml").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("arsip.yaml:2:"), "{text}");
        assert!(text.contains("unknown field `selct`"), "{text}");
    }

    #[test]
    fn unknown_rules_are_rejected_with_their_key() {
        let err = parse("ignore: [D999]\n", "arsip.yaml").unwrap_err();
        assert_eq!(
            err.to_string(),
            "arsip.yaml: ignore: no rule, family or code prefix `D999` (see `arsip rules`)"
        );
    }

    #[test]
    fn select_ignore_and_severity_by_code_name_or_family() {
        let loaded = parse(
            "select: [date, quote-unclosed]\nignore: [D109]\nseverity:\n  date-missing: error\nnow: 2020-01-01\n",
            "arsip.yaml",
        )
        .unwrap();
        let s = &loaded.settings;
        assert!(!s.selection.disabled.contains("D104"));
        assert!(!s.selection.disabled.contains("Q301"));
        assert!(s.selection.disabled.contains("Q302"));
        assert!(s.selection.disabled.contains("D109"));
        assert_eq!(s.selection.severity.get("D101"), Some(&Severity::Error));
        assert_eq!(s.now.to_string(), "2020-01-01");
    }

    #[test]
    fn overrides_apply_to_matching_paths_only() {
        let loaded = parse(
            "overrides:\n  - paths: [\"old/**\"]\n    ignore: [dateline]\n",
            "arsip.yaml",
        )
        .unwrap();
        assert!(loaded
            .settings_for(Some("old/2008/a.txt"))
            .selection
            .disabled
            .contains("L201"));
        assert!(!loaded
            .settings_for(Some("new/a.txt"))
            .selection
            .disabled
            .contains("L201"));
    }

    #[cfg(unix)]
    #[test]
    fn endless_files_are_refused_at_the_size_limit() {
        // `/dev/zero` was read until memory ran out.
        let started = std::time::Instant::now();
        let err = load(Path::new("/dev/zero")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "/dev/zero: (document): larger than 1048576 bytes; not a configuration file"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn alias_bombs_fail_fast() {
        let mut bomb =
            String::from("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
        for level in 1..9 {
            let prev = (b'a' + level - 1) as char;
            let name = (b'a' + level) as char;
            bomb.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        }
        bomb.push_str("places: *i\n");
        let started = std::time::Instant::now();
        assert!(parse(&bomb, "arsip.yaml").is_err());
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}
