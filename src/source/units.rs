//! Units of work, in input order: a file is one unit, read by whichever worker takes it;
//! an archive is one unit per page, a stream of documents one per document, read here one
//! at a time so that neither ever sits in memory whole.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::archive::{archive_kind, ArchiveKind, ArchiveReader};
use super::expand::Located;
use super::open::Opened;
use super::records::{Records, Splitter};
use super::{Input, SourceError};

/// Where one unit of work came from, as messages and the batch report name it.
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
    /// The line a document of a stream starts on, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

impl Origin {
    fn of(input: impl Into<String>) -> Self {
        Origin {
            input: input.into(),
            url: None,
            offset: None,
            line: None,
        }
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.input)?;
        match (&self.offset, &self.url, &self.line) {
            (Some(offset), Some(url), _) => write!(f, " (record at byte {offset}, {url})"),
            (Some(offset), None, _) => write!(f, " (record at byte {offset})"),
            (None, _, Some(line)) => write!(f, ": line {line}"),
            _ => Ok(()),
        }
    }
}

/// What a unit is, for naming its output: a pure function of this and nothing else (not
/// of the order, the shard or the number of jobs) gives every unit its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    /// A whole file: its path as given, and its place in the mirror of the inputs.
    File { path: PathBuf, mirrored: PathBuf },
    /// Standard input, whole.
    Stdin,
    /// A page of an archive (`archive` is `None` on standard input).
    Page {
        archive: Option<PathBuf>,
        url: Option<String>,
        offset: u64,
    },
    /// A document of a stream.
    Document { line: usize },
}

/// What there is to do for one unit.
#[derive(Debug)]
pub enum Work {
    /// Read this file whole and convert it: reading is left to the worker, so that files
    /// are read (and decompressed) in parallel.
    File {
        path: PathBuf,
        /// The path below its folder, for the article's id.
        relative: String,
    },
    /// Convert these bytes: a page of an archive, a document of a stream, standard input.
    Bytes(Input),
    /// The unit could not be had.
    Failed(SourceError),
}

impl Work {
    /// The bytes to convert, reading a file left to the worker within `max_size`.
    pub fn load(self, max_size: u64) -> Result<Input, SourceError> {
        match self {
            Work::File { path, relative } => {
                let mut input = super::open::read_file(&path, max_size)?;
                input.relative = Some(relative);
                Ok(input)
            }
            Work::Bytes(input) => Ok(input),
            Work::Failed(error) => Err(error),
        }
    }
}

/// One unit of work.
#[derive(Debug)]
pub struct Unit {
    pub origin: Origin,
    pub identity: Identity,
    pub work: Work,
}

/// Whether files are looked into for archives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Archives {
    /// An archive is read page by page, anything else as a document.
    Detect,
    /// Every input must be an archive of this kind (`--from warc`, `--from arc`).
    Require(ArchiveKind),
    /// Every input is a document, whatever its bytes (`--from html`, say).
    Never,
}

/// Decides, from an input's first bytes, whether it is a stream to split into documents.
pub type SplitChoice = Box<dyn Fn(&[u8]) -> Option<Splitter> + Send>;

/// Whether this run counts an ignored archive record, given the archive's name, the
/// record's URL and its offset (a shard counts only its own).
pub type CountsArchiveRecord =
    std::sync::Arc<dyn Fn(&str, Option<&str>, u64) -> bool + Send + Sync>;

/// How inputs become units.
pub struct Plan {
    /// The largest document, page or record (`--max-size`).
    pub max_size: u64,
    pub archives: Archives,
    /// Streams of documents are split (for a stream on stdout, or `check`); `None` keeps
    /// each file one unit (a batch writes one output per input file).
    pub split: Option<SplitChoice>,
    /// Which of an archive's ignored records this run counts; `None` counts them all.
    pub counts: Option<CountsArchiveRecord>,
}

/// The units of a list of inputs, in order.
pub struct Units {
    inputs: std::vec::IntoIter<Located>,
    plan: Plan,
    current: Option<Current>,
    ignored: Arc<AtomicUsize>,
}

/// An input being read a unit at a time.
enum Current {
    Archive {
        name: String,
        mirrored: Option<PathBuf>,
        /// The archive's own identity, for the failure of one that holds no page.
        identity: Identity,
        /// Pages and failures given so far.
        given: usize,
        reader: Box<ArchiveReader>,
    },
    Records {
        name: String,
        records: Records,
    },
}

impl Units {
    pub fn new(inputs: Vec<Located>, plan: Plan) -> Self {
        Units {
            inputs: inputs.into_iter(),
            plan,
            current: None,
            ignored: Arc::default(),
        }
    }

    /// A counter of the archive records that were not pages (requests, images,
    /// redirects), readable once the units are used up.
    pub fn ignored_records(&self) -> Arc<AtomicUsize> {
        self.ignored.clone()
    }

    /// The next unit of the input being read, if any.
    fn next_of_current(&mut self) -> Option<Unit> {
        match self.current.as_mut()? {
            Current::Archive {
                name,
                mirrored,
                identity,
                given,
                reader,
            } => match reader.next() {
                Some(page) => {
                    *given += 1;
                    let (offset, url, work) = match page {
                        Ok(page) => (page.offset, page.input.url.clone(), Work::Bytes(page.input)),
                        Err(failure) => (failure.offset, failure.url, Work::Failed(failure.error)),
                    };
                    Some(Unit {
                        origin: Origin {
                            input: name.clone(),
                            url: url.clone(),
                            offset: Some(offset),
                            line: None,
                        },
                        identity: Identity::Page {
                            archive: mirrored.clone(),
                            url,
                            offset,
                        },
                        work,
                    })
                }
                None => {
                    self.ignored.fetch_add(reader.ignored, Ordering::Relaxed);
                    // Every input ends as an output or a reported failure: an archive of
                    // images and redirects only is one failure, not silence.
                    let empty = (*given == 0).then(|| Unit {
                        origin: Origin::of(name.clone()),
                        identity: identity.clone(),
                        work: Work::Failed(SourceError::NoPage {
                            kind: reader.kind(),
                            records: reader.records,
                        }),
                    });
                    self.current = None;
                    empty
                }
            },
            Current::Records { name, records } => match records.next() {
                Some(record) => {
                    let origin = |line| Origin {
                        line: Some(line),
                        ..Origin::of(name.clone())
                    };
                    Some(match record {
                        Ok(record) => Unit {
                            origin: origin(record.line),
                            identity: Identity::Document { line: record.line },
                            work: Work::Bytes(Input {
                                bytes: record.bytes,
                                path: (name != "<stdin>").then(|| name.clone()),
                                ..Input::default()
                            }),
                        },
                        Err(SourceError::Record { line, reason }) => Unit {
                            origin: origin(line),
                            identity: Identity::Document { line },
                            work: Work::Failed(SourceError::Io { reason }),
                        },
                        Err(error) => Unit {
                            origin: Origin::of(name.clone()),
                            identity: Identity::Document { line: 0 },
                            work: Work::Failed(error),
                        },
                    })
                }
                None => {
                    self.current = None;
                    None
                }
            },
        }
    }

    /// Opens the next input: a unit of its own, or the start of an archive or stream.
    fn open_next(&mut self, located: Located) -> Option<Unit> {
        let (path, mirrored, relative, identity) = match located {
            Located::Stdin => (None, None, None, Identity::Stdin),
            Located::File(file) => {
                let identity = Identity::File {
                    path: file.path.clone(),
                    mirrored: file.mirrored.clone(),
                };
                (
                    Some(file.path),
                    Some(file.mirrored),
                    Some(file.relative),
                    identity,
                )
            }
        };
        let name = path
            .as_ref()
            .map_or_else(|| "<stdin>".to_string(), |p| super::shown_path(p));
        let failed = |error| {
            Some(Unit {
                origin: Origin::of(name.clone()),
                identity: identity.clone(),
                work: Work::Failed(error),
            })
        };
        // A file that needs no peeking is left whole to a worker.
        let must_peek =
            path.is_none() || self.plan.archives != Archives::Never || self.plan.split.is_some();
        if !must_peek {
            return Some(Unit {
                origin: Origin::of(name.clone()),
                identity,
                work: Work::File {
                    path: path.expect("files only"),
                    relative: relative.unwrap_or_default(),
                },
            });
        }
        let opened = match Opened::open(path.as_deref()) {
            Ok(opened) => opened,
            Err(error) => return failed(error),
        };
        let kind = match self.plan.archives {
            Archives::Never => None,
            Archives::Detect => archive_kind(&opened.head),
            Archives::Require(kind) => match archive_kind(&opened.head) {
                Some(found) if found == kind => Some(kind),
                _ => {
                    return failed(SourceError::Archive {
                        kind,
                        offset: 0,
                        reason: format!(
                            "not a {kind} archive (it does not start with `{}`)",
                            match kind {
                                ArchiveKind::Warc => "WARC/1.",
                                ArchiveKind::Arc => "filedesc://",
                            }
                        ),
                    })
                }
            },
        };
        if let Some(kind) = kind {
            let gzipped = opened.gzipped;
            let shown = opened.path.clone();
            let mut reader =
                ArchiveReader::new(kind, opened.into_raw(), gzipped, shown, self.plan.max_size);
            if let Some(counts) = &self.plan.counts {
                let (counts, archive) = (counts.clone(), mirrored_key(mirrored.as_deref()));
                reader = reader.counting(std::sync::Arc::new(move |url, offset| {
                    counts(&archive, url, offset)
                }));
            }
            self.current = Some(Current::Archive {
                name,
                mirrored,
                identity,
                given: 0,
                reader: Box::new(reader),
            });
            return None;
        }
        if let Some(splitter) = self
            .plan
            .split
            .as_ref()
            .and_then(|choose| choose(&opened.head))
        {
            self.current = Some(Current::Records {
                name,
                records: splitter(opened.into_stream(), self.plan.max_size),
            });
            return None;
        }
        // A FIFO, `<(…)` or a device cannot be opened a second time for its bytes: what
        // was peeked is gone from it, so it is read whole here.
        let reopenable = path
            .as_deref()
            .is_some_and(|p| std::fs::metadata(p).is_ok_and(|m| m.is_file()));
        let work = match path {
            // Peeked, and a single regular file: a worker reads it whole.
            Some(path) if reopenable => Work::File {
                path,
                relative: relative.unwrap_or_default(),
            },
            _ => match opened.read_whole(self.plan.max_size) {
                Ok(mut input) => {
                    if relative.is_some() {
                        input.relative = relative;
                    }
                    Work::Bytes(input)
                }
                Err(error) => Work::Failed(error),
            },
        };
        Some(Unit {
            origin: Origin::of(name),
            identity,
            work,
        })
    }
}

/// An archive's name as shard keys give it.
fn mirrored_key(mirrored: Option<&std::path::Path>) -> String {
    mirrored.map_or_else(String::new, |m| m.to_string_lossy().replace('\\', "/"))
}

impl Iterator for Units {
    type Item = Unit;

    fn next(&mut self) -> Option<Unit> {
        loop {
            if let Some(unit) = self.next_of_current() {
                return Some(unit);
            }
            if self.current.is_some() {
                continue;
            }
            let located = self.inputs.next()?;
            if let Some(unit) = self.open_next(located) {
                return Some(unit);
            }
        }
    }
}
