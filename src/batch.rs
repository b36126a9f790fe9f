//! Batches: expanding folders and lists into inputs, naming outputs safely, converting in
//! parallel with every input accounted for, and the report.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Component, Path, PathBuf};

use globset::GlobSet;
use rayon::prelude::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::read::describe_io_error;

/// One input of a batch.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct BatchInput {
    /// The file to read.
    pub path: PathBuf,
    /// Where it sits below the folder it was found in, for mirroring into an out-dir.
    pub relative: PathBuf,
}

/// An input that could not even be listed (an unreadable folder, a symlink loop).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Failure {
    pub path: String,
    pub reason: String,
}

/// Which files of a folder are inputs.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub include: Option<GlobSet>,
    pub exclude: Option<GlobSet>,
}

impl Filter {
    fn wants(&self, relative: &Path) -> bool {
        let included = self.include.as_ref().is_none_or(|g| g.is_match(relative));
        let excluded = self.exclude.as_ref().is_some_and(|g| g.is_match(relative));
        included && !excluded
    }
}

/// Expands the arguments: files as they are, folders recursively (hidden entries skipped,
/// symlink loops and unreadable entries reported), `@list.txt` as one path per line.
/// Inputs come back sorted and without repeats, so a batch is the same whatever the order
/// the file system lists them in.
pub fn expand(arguments: &[PathBuf], filter: &Filter) -> (Vec<BatchInput>, Vec<Failure>) {
    let mut inputs = BTreeSet::new();
    let mut failures = Vec::new();
    for argument in arguments {
        let text = argument.to_string_lossy();
        if let Some(list) = text.strip_prefix('@') {
            match std::fs::read_to_string(list) {
                Ok(content) => {
                    for line in content
                        .lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    {
                        add_path(Path::new(line), filter, &mut inputs, &mut failures);
                    }
                }
                Err(e) => failures.push(Failure {
                    path: list.to_string(),
                    reason: describe_io_error(&e),
                }),
            }
        } else {
            add_path(argument, filter, &mut inputs, &mut failures);
        }
    }
    (inputs.into_iter().collect(), failures)
}

fn add_path(
    path: &Path,
    filter: &Filter,
    inputs: &mut BTreeSet<BatchInput>,
    failures: &mut Vec<Failure>,
) {
    if path.is_dir() {
        let mut visited = HashSet::new();
        walk(path, path, filter, &mut visited, inputs, failures);
    } else {
        // A file named on the command line is an input whatever its name; a missing one is
        // reported when it is read.
        let relative = path
            .file_name()
            .map(PathBuf::from)
            .unwrap_or_else(|| path.to_path_buf());
        inputs.insert(BatchInput {
            path: path.to_path_buf(),
            relative,
        });
    }
}

fn walk(
    root: &Path,
    folder: &Path,
    filter: &Filter,
    visited: &mut HashSet<PathBuf>,
    inputs: &mut BTreeSet<BatchInput>,
    failures: &mut Vec<Failure>,
) {
    let shown = folder.display().to_string();
    match folder.canonicalize() {
        Ok(real) if !visited.insert(real.clone()) => {
            failures.push(Failure {
                path: shown,
                reason: "symlink loop: this folder was already walked".to_string(),
            });
            return;
        }
        Ok(_) => {}
        Err(e) => {
            failures.push(Failure {
                path: shown,
                reason: describe_io_error(&e),
            });
            return;
        }
    }
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) => {
            failures.push(Failure {
                path: shown,
                reason: describe_io_error(&e),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        if path.is_dir() {
            // An excluded folder is not walked at all (nor are its loops reported).
            if !filter
                .exclude
                .as_ref()
                .is_some_and(|g| g.is_match(&relative))
            {
                walk(root, &path, filter, visited, inputs, failures);
            }
        } else if filter.wants(&relative) {
            inputs.insert(BatchInput { path, relative });
        }
    }
}

/// A stable hash of a path or URL (FNV-1a), the same on every machine and run.
pub fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `--shard K/N`: the inputs whose stable hash falls in shard K (1-based) of N.
pub fn shard(inputs: Vec<BatchInput>, k: u64, n: u64) -> Vec<BatchInput> {
    inputs
        .into_iter()
        .filter(|i| stable_hash(&i.path.to_string_lossy()) % n == k - 1)
        .collect()
}

/// Names reserved by Windows, refused as file names so an out-dir copies anywhere.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// The longest file-name component written, in bytes, well under every file system's limit.
const MAX_COMPONENT: usize = 150;

/// A safe relative path for an output: only plain components (no `..`, no root, no drive),
/// no control characters or separators inside names, no reserved or over-long names, and
/// the extension of the output format.
pub fn output_name(relative: &Path, extension: &str) -> PathBuf {
    let mut out = PathBuf::new();
    let components: Vec<String> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let last = components.len().saturating_sub(1);
    for (i, part) in components.iter().enumerate() {
        let part = if i == last {
            let stem = part.strip_suffix(".gz").unwrap_or(part);
            let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
            clean_component(stem)
        } else {
            clean_component(part)
        };
        if i == last {
            out.push(format!("{part}.{extension}"));
        } else {
            out.push(part);
        }
    }
    if components.is_empty() {
        out.push(format!("article.{extension}"));
    }
    out
}

fn clean_component(part: &str) -> String {
    let mut clean: String = part
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    clean = clean.trim_matches([' ', '.']).to_string();
    if clean.is_empty() {
        clean = "_".to_string();
    }
    if RESERVED.contains(&clean.to_lowercase().as_str()) {
        clean.push('_');
    }
    if clean.len() > MAX_COMPONENT {
        let mut cut = MAX_COMPONENT;
        while !clean.is_char_boundary(cut) {
            cut -= 1;
        }
        let hash = stable_hash(&clean);
        clean = format!("{}-{hash:016x}", &clean[..cut]);
    }
    clean
}

/// Output names for every input; two inputs that would share a name (`a.html` and `a.txt`
/// both becoming `a.json`) each get a stable suffix from their own path.
pub fn output_names(inputs: &[BatchInput], extension: &str) -> Vec<PathBuf> {
    let names: Vec<PathBuf> = inputs
        .iter()
        .map(|i| output_name(&i.relative, extension))
        .collect();
    let mut counts: BTreeMap<&PathBuf, usize> = BTreeMap::new();
    for name in &names {
        *counts.entry(name).or_default() += 1;
    }
    names
        .iter()
        .zip(inputs)
        .map(|(name, input)| {
            if counts[name] == 1 {
                return name.clone();
            }
            let stem = name
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let hash = stable_hash(&input.relative.to_string_lossy()) & 0xffff_ffff;
            name.with_file_name(format!("{stem}-{hash:08x}.{extension}"))
        })
        .collect()
}

/// What became of one input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase", tag = "status")]
pub enum Outcome {
    /// Written to `output`.
    Converted {
        output: Option<String>,
        errors: usize,
        warnings: usize,
        infos: usize,
    },
    /// Its output already existed (a resumed run); not converted again.
    Skipped { output: String },
    /// Could not be read, converted or written.
    Failed { reason: String },
}

/// Runs `work` on every input on `jobs` threads and returns the outcomes in input order.
/// A panic in one input becomes that input's failure; the others go on.
pub fn run_parallel<F>(inputs: &[BatchInput], jobs: usize, work: F) -> Vec<Outcome>
where
    F: Fn(usize, &BatchInput) -> Outcome + Sync,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build()
        .expect("a thread pool of this size can be built");
    pool.install(|| {
        inputs
            .par_iter()
            .enumerate()
            .map(|(index, input)| {
                catch_unwind(AssertUnwindSafe(|| work(index, input))).unwrap_or_else(|panic| {
                    let message = panic
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "unknown panic".to_string());
                    Outcome::Failed {
                        reason: format!("internal error (please report it): {message}"),
                    }
                })
            })
            .collect()
    })
}

/// One input's line in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct InputOutcome {
    pub input: String,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// The batch report (`--report FILE`): every input and what became of it. It holds no
/// timings, so it is the same bytes for every `--jobs`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct BatchReport {
    pub inputs: usize,
    pub converted: usize,
    pub skipped: usize,
    pub failed: usize,
    /// Findings by severity, over the converted inputs.
    pub findings: BTreeMap<String, usize>,
    /// Inputs that could not even be listed (unreadable folders, symlink loops).
    pub listing_failures: Vec<Failure>,
    pub results: Vec<InputOutcome>,
}

impl BatchReport {
    pub fn new(
        inputs: &[BatchInput],
        outcomes: &[Outcome],
        listing_failures: Vec<Failure>,
    ) -> Self {
        let mut findings = BTreeMap::new();
        let (mut converted, mut skipped, mut failed) = (0, 0, 0);
        for outcome in outcomes {
            match outcome {
                Outcome::Converted {
                    errors,
                    warnings,
                    infos,
                    ..
                } => {
                    converted += 1;
                    *findings.entry("error".to_string()).or_default() += errors;
                    *findings.entry("warning".to_string()).or_default() += warnings;
                    *findings.entry("info".to_string()).or_default() += infos;
                }
                Outcome::Skipped { .. } => skipped += 1,
                Outcome::Failed { .. } => failed += 1,
            }
        }
        BatchReport {
            inputs: inputs.len() + listing_failures.len(),
            converted,
            skipped,
            failed: failed + listing_failures.len(),
            findings,
            listing_failures,
            results: inputs
                .iter()
                .zip(outcomes)
                .map(|(input, outcome)| InputOutcome {
                    input: input.path.display().to_string(),
                    outcome: outcome.clone(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_names_are_safe() {
        assert_eq!(
            output_name(Path::new("a/b.html"), "json"),
            PathBuf::from("a/b.json")
        );
        assert_eq!(
            output_name(Path::new("../../etc/passwd"), "json"),
            PathBuf::from("etc/passwd.json")
        );
        assert_eq!(
            output_name(Path::new("/abs/x.txt.gz"), "yaml"),
            PathBuf::from("abs/x.yaml")
        );
        assert_eq!(
            output_name(Path::new("con.html"), "json"),
            PathBuf::from("con_.json")
        );
        assert_eq!(
            output_name(Path::new("a\nb.html"), "json"),
            PathBuf::from("a_b.json")
        );
        let long = "x".repeat(400) + ".html";
        let name = output_name(Path::new(&long), "json");
        assert!(name.to_string_lossy().len() < 200);
    }

    #[test]
    fn colliding_names_get_stable_suffixes() {
        let inputs = vec![
            BatchInput {
                path: "d/a.html".into(),
                relative: "a.html".into(),
            },
            BatchInput {
                path: "d/a.txt".into(),
                relative: "a.txt".into(),
            },
            BatchInput {
                path: "d/b.txt".into(),
                relative: "b.txt".into(),
            },
        ];
        let names = output_names(&inputs, "json");
        assert_ne!(names[0], names[1]);
        assert_eq!(names[2], PathBuf::from("b.json"));
        assert_eq!(names, output_names(&inputs, "json"));
    }

    #[test]
    fn shards_partition_the_inputs() {
        let inputs: Vec<BatchInput> = (0..100)
            .map(|i| BatchInput {
                path: format!("p/{i}.html").into(),
                relative: format!("{i}.html").into(),
            })
            .collect();
        let mut seen: Vec<BatchInput> = (1..=3).flat_map(|k| shard(inputs.clone(), k, 3)).collect();
        seen.sort();
        let mut all = inputs.clone();
        all.sort();
        assert_eq!(seen, all);
        assert!((1..=3).all(|k| !shard(inputs.clone(), k, 3).is_empty()));
    }

    #[test]
    fn a_panic_is_one_failure_and_the_rest_go_on() {
        let inputs: Vec<BatchInput> = (0..4)
            .map(|i| BatchInput {
                path: format!("{i}").into(),
                relative: format!("{i}").into(),
            })
            .collect();
        let outcomes = run_parallel(&inputs, 2, |i, _| {
            if i == 2 {
                panic!("boom");
            }
            Outcome::Converted {
                output: None,
                errors: 0,
                warnings: 0,
                infos: 0,
            }
        });
        assert_eq!(outcomes.len(), 4);
        assert!(matches!(&outcomes[2], Outcome::Failed { reason } if reason.contains("boom")));
        assert!(matches!(outcomes[3], Outcome::Converted { .. }));
    }
}
