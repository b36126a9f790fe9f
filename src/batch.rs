//! Batches: expanding folders and lists into inputs, naming outputs safely, converting in
//! parallel with every input accounted for, and the report.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::BufRead;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Component, Path, PathBuf};

use globset::GlobSet;
use rayon::prelude::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::read::open::{
    is_archive, open_path, open_stdin, open_stream, open_whole, Opened, Stream,
};
use crate::read::warc::WarcReader;
use crate::read::{describe_io_error, Input, InputFormat, ReadError};

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
            // A named pipe, socket or device found in a folder would block a reader or never
            // end; one named on the command line is the user's choice and is read.
            let special = std::fs::metadata(&path).is_ok_and(|m| !m.is_file());
            if special {
                failures.push(Failure {
                    path: path.display().to_string(),
                    reason: "not a regular file (a pipe, socket or device); skipped".to_string(),
                });
            } else {
                inputs.insert(BatchInput { path, relative });
            }
        }
    }
}

/// A stable hash of a path or URL (FNV-1a), the same on every machine and run.
pub fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `--shard K/N`: whether an input's path (or a page's URL) falls in shard K (1-based) of
/// N by its stable hash.
pub fn in_shard(path_or_url: impl AsRef<std::ffi::OsStr>, k: u64, n: u64) -> bool {
    stable_hash(&path_or_url.as_ref().to_string_lossy()) % n == k - 1
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
    let mut parts: Vec<String> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    if let Some(last) = parts.last_mut() {
        *last = strip_extension(last).to_string();
    }
    safe_path(&parts, extension)
}

/// A file name without its extension, and without `.gz` before that (`a.txt.gz` -> `a`).
fn strip_extension(name: &str) -> &str {
    let stem = name.strip_suffix(".gz").unwrap_or(name);
    stem.rsplit_once('.').map_or(stem, |(s, _)| s)
}

/// A relative path of cleaned components, the last one given the output's extension;
/// `article` when there is none. Components are never split or reinterpreted: a `/` or
/// `..` inside one is cleaned, not followed.
fn safe_path(parts: &[String], extension: &str) -> PathBuf {
    let mut clean: Vec<String> = parts.iter().map(|p| clean_component(p)).collect();
    if clean.is_empty() {
        clean.push("article".to_string());
    }
    if let Some(last) = clean.last_mut() {
        last.push('.');
        last.push_str(extension);
    }
    clean.into_iter().collect()
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
        /// Findings by rule code.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        rules: BTreeMap<String, usize>,
    },
    /// Its output already existed (a resumed run); not converted again.
    Skipped { output: String },
    /// Could not be read, converted or written.
    Failed { reason: String },
}

/// The stack of each worker thread.
const WORKER_STACK: usize = 64 * 1024 * 1024;

/// Runs `work` on every item on `jobs` threads and hands each result to `sink` on the
/// calling thread, in the items' order, whatever order they finish in. Items are pulled
/// from the iterator only as threads free up and at most a window ahead of the sink, so a
/// stream of any length is converted in bounded memory. A panic in `work` becomes that
/// item's `Err` with the panic's message; the others go on. `sink` returns `false` to stop
/// early (a closed output): no new item starts after that.
pub fn run_ordered<I, L, P, R, W, S>(items: I, jobs: usize, work: W, mut sink: S)
where
    I: Iterator<Item = (L, P)> + Send,
    L: Send,
    P: Send,
    R: Send,
    W: Fn(P) -> R + Sync,
    S: FnMut(L, Result<R, String>) -> bool,
{
    use std::sync::{mpsc, Condvar, Mutex};
    let jobs = jobs.max(1);
    let window = jobs * 8 + 8;
    // How many results the sink has taken; `usize::MAX` once it wants no more.
    let taken = Mutex::new(0usize);
    let moved = Condvar::new();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        // Pages nest up to `html::depth::MAX_DEPTH` levels and the walks over them recurse:
        // workers get the stack a main thread has, and more (it is only reserved, not used).
        .stack_size(WORKER_STACK)
        .build()
        .expect("a thread pool of this size can be built");
    let (sender, receiver) = mpsc::channel::<(usize, L, Result<R, String>)>();
    std::thread::scope(|scope| {
        let (taken, moved, work) = (&taken, &moved, &work);
        scope.spawn(move || {
            let gated = items.enumerate().map_while(move |(index, item)| {
                let mut done = taken.lock().unwrap_or_else(|e| e.into_inner());
                while *done != usize::MAX && index >= *done + window {
                    done = moved.wait(done).unwrap_or_else(|e| e.into_inner());
                }
                (*done != usize::MAX).then_some((index, item))
            });
            pool.install(|| {
                gated
                    .par_bridge()
                    .for_each_with(sender, |sender, (index, (label, payload))| {
                        let result = catch_unwind(AssertUnwindSafe(|| work(payload)))
                            .map_err(|panic| panic_message(&*panic));
                        // The receiver only goes away once the sink has stopped.
                        let _ = sender.send((index, label, result));
                    });
            });
        });
        let mut pending = BTreeMap::new();
        let mut next = 0usize;
        let mut open = true;
        for (index, label, result) in receiver {
            if !open {
                continue;
            }
            pending.insert(index, (label, result));
            while let Some((label, result)) = pending.remove(&next) {
                next += 1;
                open = sink(label, result);
                if !open {
                    break;
                }
            }
            let mut done = taken.lock().unwrap_or_else(|e| e.into_inner());
            *done = if open { next } else { usize::MAX };
            moved.notify_all();
        }
    });
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    format!("internal error (please report it): {message}")
}

/// Where one unit of work came from: an input, and for a page of an archive, where in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Origin {
    /// The input's path as given, or `<stdin>`.
    pub input: String,
    /// An archive page's URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Where an archive page's record starts, in bytes of the uncompressed archive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
    /// The line of a JSON Lines record, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.input)?;
        match (&self.offset, &self.url) {
            (Some(offset), Some(url)) => write!(f, " (record at byte {offset}, {url})"),
            (Some(offset), None) => write!(f, " (record at byte {offset})"),
            _ => Ok(()),
        }
    }
}

/// What there is to do for one unit.
pub enum Work {
    /// Convert these bytes, in the format asked for.
    Read(Input),
    /// Read this file and convert it: reading is left to the worker, so that files are
    /// read (and decompressed) in parallel.
    File(PathBuf),
    /// Convert this page of an archive (always HTML).
    Page(Input),
    /// Convert this line of JSON Lines (`number` from 0); `input` names where it came from.
    Record {
        line: String,
        number: usize,
        input: Input,
    },
    /// The unit could not be read.
    Failed(ReadError),
    /// Its output exists from an earlier run (and `--force` was not given).
    Skipped,
}

/// One unit of work: a whole input, or one page of an archive.
pub struct Unit {
    pub origin: Origin,
    /// Where its output goes below the out-dir, when there is one.
    pub output: Option<PathBuf>,
    pub work: Work,
}

/// Where a unit's output goes, in a batch with an out-dir.
pub struct Naming {
    pub out_dir: PathBuf,
    pub extension: &'static str,
    /// Convert again even when the output exists.
    pub force: bool,
}

/// One source of units: standard input or a file (whose own output name is decided up
/// front, so that colliding names get their suffixes from the whole set).
pub enum UnitSource {
    Stdin,
    File {
        path: PathBuf,
        output: Option<PathBuf>,
    },
}

/// The units of a list of inputs, in order: a file is one unit, an archive one per page.
/// Files are read only when their unit is taken, and an archive one record at a time.
pub struct Units {
    sources: std::vec::IntoIter<UnitSource>,
    archive: Option<(String, WarcReader<Stream>)>,
    /// JSON Lines being read a record at a time: its name, stream and next line number.
    records: Option<(String, Stream, usize)>,
    format: InputFormat,
    max_size: u64,
    naming: Option<Naming>,
    shard: Option<(u64, u64)>,
    /// Output names given so far, so that two pages with the same URL get distinct files.
    used: HashSet<PathBuf>,
    ignored: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl Units {
    pub fn new(sources: Vec<UnitSource>, format: InputFormat, max_size: u64) -> Self {
        let used = sources
            .iter()
            .filter_map(|s| match s {
                UnitSource::File { output, .. } => output.clone(),
                UnitSource::Stdin => None,
            })
            .collect();
        Units {
            sources: sources.into_iter(),
            archive: None,
            records: None,
            format,
            max_size,
            naming: None,
            shard: None,
            used,
            ignored: Default::default(),
        }
    }

    /// Names outputs below `naming.out_dir`, and skips the units whose output exists.
    pub fn with_naming(mut self, naming: Naming) -> Self {
        self.naming = Some(naming);
        self
    }

    /// Keeps only the archive pages of shard K of N, by a stable hash of their URL (files
    /// are sharded by path before they become units).
    pub fn with_shard(mut self, shard: Option<(u64, u64)>) -> Self {
        self.shard = shard;
        self
    }

    /// A counter of the archive records that were not pages (requests, images, redirects),
    /// readable after the units are used up.
    pub fn ignored_records(&self) -> std::sync::Arc<std::sync::atomic::AtomicUsize> {
        self.ignored.clone()
    }

    fn exists(&self, output: &Path) -> bool {
        self.naming
            .as_ref()
            .is_some_and(|n| !n.force && n.out_dir.join(output).exists())
    }

    fn next_page(&mut self) -> Option<Unit> {
        loop {
            let (path, reader) = self.archive.as_mut()?;
            let path = path.clone();
            let Some(page) = reader.next() else {
                let (_, reader) = self.archive.take()?;
                self.ignored
                    .fetch_add(reader.ignored, std::sync::atomic::Ordering::Relaxed);
                continue;
            };
            let (offset, url, work) = match page {
                Ok(page) => (page.offset, page.input.url.clone(), Work::Page(page.input)),
                Err(failure) => (failure.offset, failure.url, Work::Failed(failure.error)),
            };
            if let (Some((k, n)), Some(url)) = (self.shard, &url) {
                if !in_shard(url, k, n) {
                    continue;
                }
            }
            let output = self.naming.as_ref().map(|naming| {
                let name = page_output_name(&path, url.as_deref(), offset, naming.extension);
                unique_name(name, &mut self.used, offset)
            });
            let work = match &output {
                Some(output) if self.exists(output) && matches!(work, Work::Page(_)) => {
                    Work::Skipped
                }
                _ => work,
            };
            return Some(Unit {
                origin: Origin {
                    input: path,
                    url,
                    offset: Some(offset),
                    line: None,
                },
                output,
                work,
            });
        }
    }
}

impl Work {
    /// Reads a file left to the worker, whole, within `max_size` (the producer found it is
    /// not an archive).
    pub fn load(self, max_size: u64) -> Work {
        match self {
            Work::File(path) => open_whole(&path, max_size).map_or_else(Work::Failed, Work::Read),
            other => other,
        }
    }
}

impl Units {
    /// The next record of the JSON Lines being read: blank lines are skipped, a line past
    /// `max_size` is that record's failure.
    fn next_record(&mut self) -> Option<Unit> {
        loop {
            let (name, stream, number) = self.records.as_mut()?;
            let mut bytes = Vec::new();
            let read = std::io::Read::take(stream.as_mut(), self.max_size.saturating_add(1))
                .read_until(b'\n', &mut bytes);
            let this = *number;
            *number += 1;
            let origin = Origin {
                input: name.clone(),
                url: None,
                offset: None,
                line: Some(this + 1),
            };
            let work = match read {
                Ok(0) => {
                    self.records = None;
                    continue;
                }
                Err(e) => {
                    self.records = None;
                    Work::Failed(ReadError::Data {
                        reason: format!("line {}: {}", this + 1, describe_io_error(&e)),
                    })
                }
                Ok(n) if n as u64 > self.max_size => {
                    // Skip the rest of the line, so the next record starts where it should.
                    let mut rest = Vec::new();
                    let _ = stream.read_until(b'\n', &mut rest);
                    Work::Failed(ReadError::Data {
                        reason: format!(
                            "line {}: longer than the limit of {} bytes (raise it with --max-size)",
                            this + 1,
                            self.max_size
                        ),
                    })
                }
                Ok(_) => match String::from_utf8(bytes) {
                    Ok(line) if line.trim().is_empty() => continue,
                    Ok(line) => {
                        let mut input = Input::from_bytes(Vec::new(), None);
                        input.path = (name != "<stdin>").then(|| name.clone());
                        Work::Record {
                            line,
                            number: this,
                            input,
                        }
                    }
                    Err(e) => Work::Failed(ReadError::Data {
                        reason: format!(
                            "line {}: not UTF-8 (bad byte at offset {})",
                            this + 1,
                            e.utf8_error().valid_up_to()
                        ),
                    }),
                },
            };
            return Some(Unit {
                origin,
                output: None,
                work,
            });
        }
    }
}

impl Iterator for Units {
    type Item = Unit;

    fn next(&mut self) -> Option<Unit> {
        loop {
            if let Some(unit) = self.next_page().or_else(|| self.next_record()) {
                return Some(unit);
            }
            let source = self.sources.next()?;
            // JSON Lines on stdout or for `check` is read a record at a time, so a stream of
            // any length (a Spark partition, a Hadoop split) converts in bounded memory.
            if self.format == InputFormat::Ndjson && self.naming.is_none() {
                let (path, name) = match &source {
                    UnitSource::Stdin => (None, "<stdin>".to_string()),
                    UnitSource::File { path, .. } => {
                        (Some(path.clone()), path.display().to_string())
                    }
                };
                match open_stream(path.as_deref()) {
                    Ok(stream) => {
                        self.records = Some((name, stream, 0));
                        continue;
                    }
                    Err(error) => {
                        return Some(Unit {
                            origin: origin(name),
                            output: None,
                            work: Work::Failed(error),
                        })
                    }
                }
            }
            let (opened, name, output) = match source {
                UnitSource::Stdin => (
                    open_stdin(self.format, self.max_size),
                    "<stdin>".to_string(),
                    None,
                ),
                UnitSource::File { path, output } => {
                    let name = path.display().to_string();
                    if output.as_deref().is_some_and(|o| self.exists(o)) {
                        return Some(Unit {
                            origin: origin(name),
                            output,
                            work: Work::Skipped,
                        });
                    }
                    // With `--from warc` a file that is not an archive is opened here, where
                    // that is the error.
                    if self.format != InputFormat::Warc && !is_archive(&path, self.format) {
                        return Some(Unit {
                            origin: origin(name),
                            output,
                            work: Work::File(path),
                        });
                    }
                    (open_path(&path, self.format, self.max_size), name, output)
                }
            };
            let work = match opened {
                Ok(Opened::Whole(input)) => Work::Read(input),
                Ok(Opened::Warc(reader)) => {
                    self.archive = Some((name, reader));
                    continue;
                }
                Err(error) => Work::Failed(error),
            };
            return Some(Unit {
                origin: origin(name),
                output,
                work,
            });
        }
    }
}

fn origin(input: String) -> Origin {
    Origin {
        input,
        url: None,
        offset: None,
        line: None,
    }
}

/// Whether a file is read as an archive when sharding: by its name, since sharding happens
/// before anything is opened.
pub fn is_archive_name(path: &Path) -> bool {
    let name = path.to_string_lossy().to_ascii_lowercase();
    name.ends_with(".warc") || name.ends_with(".warc.gz")
}

/// The output name of an archive page: its URL as a path, `host/section/page`, with a
/// query kept as a stable hash; a page without a URL is named from the archive and offset.
pub fn page_output_name(archive: &str, url: Option<&str>, offset: u64, extension: &str) -> PathBuf {
    let Some(parsed) = url.and_then(|u| url::Url::parse(u).ok()) else {
        let name = Path::new(archive)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = name.trim_end_matches(".gz").trim_end_matches(".warc");
        return safe_path(&[stem.to_string(), format!("record-{offset}")], extension);
    };
    let segments: Vec<String> = parsed
        .path_segments()
        .map(|s| {
            s.filter(|p| !p.is_empty())
                .map(|segment| {
                    url::form_urlencoded::parse(segment.as_bytes())
                        .next()
                        .map_or_else(|| segment.to_string(), |(k, _)| k.into_owned())
                })
                .collect()
        })
        .unwrap_or_default();
    let mut parts = vec![parsed.host_str().unwrap_or("no-host").to_string()];
    let is_folder = segments.is_empty() || parsed.path().ends_with('/');
    parts.extend(segments);
    if is_folder {
        parts.push("index".to_string());
    }
    if let Some(last) = parts.last_mut() {
        // The page's extension gives way to the output's; a query keeps pages apart.
        let stem = strip_extension(last).to_string();
        *last = match parsed.query() {
            Some(query) => format!("{stem}-{:08x}", stable_hash(query) & 0xffff_ffff),
            None => stem,
        };
    }
    safe_path(&parts, extension)
}

/// A name not given before: a repeat gets a stable suffix from its record offset.
fn unique_name(name: PathBuf, used: &mut HashSet<PathBuf>, offset: u64) -> PathBuf {
    if used.insert(name.clone()) {
        return name;
    }
    let stem = name
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let extension = name
        .extension()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut candidate = name.with_file_name(format!("{stem}-at{offset}.{extension}"));
    let mut n = 2;
    while !used.insert(candidate.clone()) {
        candidate = name.with_file_name(format!("{stem}-at{offset}-{n}.{extension}"));
        n += 1;
    }
    candidate
}

/// One input's line in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct InputOutcome {
    #[serde(flatten)]
    pub origin: Origin,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// The batch report (`--report FILE`): every input and what became of it. It holds no
/// timings, so it is the same bytes for every `--jobs`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct BatchReport {
    /// Units of work: files, and each page of an archive.
    pub inputs: usize,
    pub converted: usize,
    pub skipped: usize,
    pub failed: usize,
    /// Findings by severity, over the converted inputs.
    pub findings: BTreeMap<String, usize>,
    /// Findings by rule code, over the converted inputs.
    pub rules: BTreeMap<String, usize>,
    /// Archive records that are not pages: requests, metadata, redirects, images, errors.
    pub ignored_records: usize,
    /// Inputs that could not even be listed (unreadable folders, symlink loops).
    pub listing_failures: Vec<Failure>,
    pub results: Vec<InputOutcome>,
}

impl BatchReport {
    pub fn new(
        results: Vec<InputOutcome>,
        listing_failures: Vec<Failure>,
        ignored_records: usize,
    ) -> Self {
        let mut findings: BTreeMap<String, usize> = ["error", "warning", "info"]
            .iter()
            .map(|s| (s.to_string(), 0))
            .collect();
        let mut by_rule: BTreeMap<String, usize> = BTreeMap::new();
        let (mut converted, mut skipped, mut failed) = (0, 0, 0);
        for result in &results {
            match &result.outcome {
                Outcome::Converted {
                    errors,
                    warnings,
                    infos,
                    rules,
                    ..
                } => {
                    converted += 1;
                    *findings.entry("error".to_string()).or_default() += errors;
                    *findings.entry("warning".to_string()).or_default() += warnings;
                    *findings.entry("info".to_string()).or_default() += infos;
                    for (code, n) in rules {
                        *by_rule.entry(code.clone()).or_default() += n;
                    }
                }
                Outcome::Skipped { .. } => skipped += 1,
                Outcome::Failed { .. } => failed += 1,
            }
        }
        BatchReport {
            inputs: results.len() + listing_failures.len(),
            converted,
            skipped,
            failed: failed + listing_failures.len(),
            findings,
            rules: by_rule,
            ignored_records,
            listing_failures,
            results,
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
        let shard =
            |k| -> Vec<&BatchInput> { inputs.iter().filter(|i| in_shard(&i.path, k, 3)).collect() };
        let mut seen: Vec<&BatchInput> = (1..=3).flat_map(shard).collect();
        seen.sort();
        let mut all: Vec<&BatchInput> = inputs.iter().collect();
        all.sort();
        assert_eq!(seen, all);
        assert!((1..=3).all(|k| !shard(k).is_empty()));
    }

    #[test]
    fn a_panic_is_one_failure_and_the_rest_go_on() {
        let items = (0..40).map(|i| (i, i));
        let mut seen = Vec::new();
        run_ordered(
            items,
            2,
            |i| {
                if i == 2 {
                    panic!("boom");
                }
                // Later items finish first, and still come out in order.
                std::thread::sleep(std::time::Duration::from_micros(40 - i as u64));
                i * 10
            },
            |label, result| {
                seen.push((label, result));
                true
            },
        );
        assert_eq!(seen.len(), 40);
        assert!(seen.iter().enumerate().all(|(i, (label, _))| *label == i));
        assert!(matches!(&seen[2].1, Err(reason) if reason.contains("boom")));
        assert_eq!(seen[3].1, Ok(30));
    }

    #[test]
    fn a_sink_that_stops_stops_the_items() {
        let pulled = std::sync::atomic::AtomicUsize::new(0);
        let items = (0..100_000).map(|i| {
            pulled.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            (i, i)
        });
        let mut taken = 0;
        run_ordered(
            items,
            2,
            |i| i,
            |_, _| {
                taken += 1;
                taken < 5
            },
        );
        assert_eq!(taken, 5);
        assert!(pulled.load(std::sync::atomic::Ordering::Relaxed) < 100);
    }

    #[test]
    fn archive_pages_are_named_from_their_url() {
        let name = |url: &str| page_output_name("crawl.warc.gz", Some(url), 7, "json");
        assert_eq!(
            name("https://www.banyuwangikab.go.id/berita/festival-gandrung.html"),
            PathBuf::from("www.banyuwangikab.go.id/berita/festival-gandrung.json")
        );
        assert_eq!(name("http://x.id/"), PathBuf::from("x.id/index.json"));
        assert_eq!(
            name("http://x.id/berita/"),
            PathBuf::from("x.id/berita/index.json")
        );
        assert_eq!(
            name("http://x.id/a/../../etc/passwd"),
            PathBuf::from("x.id/etc/passwd.json")
        );
        assert_ne!(
            name("http://x.id/read.php?id=1"),
            name("http://x.id/read.php?id=2")
        );
        assert!(name("http://x.id/read.php?id=1").starts_with("x.id"));
        assert_eq!(
            page_output_name("d/crawl.warc.gz", None, 7, "json"),
            PathBuf::from("crawl/record-7.json")
        );
        let mut used = HashSet::new();
        let a = unique_name(name("http://x.id/a"), &mut used, 1);
        let b = unique_name(name("http://x.id/a"), &mut used, 2);
        assert_ne!(a, b);
    }
}
