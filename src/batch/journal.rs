//! What each output of an out-dir was made from: a line `SHA-256 of the input <tab> name
//! <tab> input` per output written, in `OUT/.arsip-journal/`, one file per run (so that
//! shards running side by side never write one file). A rerun skips an output only when it
//! was made from the very bytes it would be made from again. An output of the same name made
//! from other bytes is replaced when it was made from the same input (the file was edited
//! since: the output follows it), and otherwise never taken for done nor overwritten
//! (another file of that name given in an earlier run, a second crawl of a site). Journals of
//! arsip versions that wrote no input column read as "input unknown".

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The folder of journals inside an out-dir; hidden, so never walked as an input.
pub const FOLDER: &str = ".arsip-journal";

/// What an earlier run made an output from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Made {
    /// SHA-256 of the input's bytes.
    pub hash: String,
    /// The input it was read from (see [`Journal::record`]), when the journal says.
    pub input: Option<String>,
}

pub struct Journal {
    folder: PathBuf,
    /// Output name (relative, `/`-separated) to what it was made from, as the journals of
    /// earlier runs say (a later run's word wins).
    recorded: HashMap<String, Made>,
    /// This run's journal, opened when it first has something to say.
    file: Mutex<Option<std::fs::File>>,
}

impl Journal {
    /// Reads the journals of an out-dir (none is fine: a fresh out-dir, or one written by
    /// an arsip that kept none).
    pub fn open(out_dir: &Path) -> Self {
        let folder = out_dir.join(FOLDER);
        let mut names: Vec<PathBuf> = std::fs::read_dir(&folder)
            .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        // Named by their start time, so that the order of names is the order of runs.
        names.sort();
        let mut recorded = HashMap::new();
        for path in names {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            // A run killed while writing leaves a last line without its end: not a word.
            let whole = text.rfind('\n').map_or("", |end| &text[..end]);
            for line in whole.lines() {
                let mut fields = line.split('\t');
                if let (Some(hash), Some(name)) = (fields.next(), fields.next()) {
                    let made = Made {
                        hash: hash.to_string(),
                        input: fields.next().map(unescape),
                    };
                    recorded.insert(unescape(name), made);
                }
            }
        }
        Journal {
            folder,
            recorded,
            file: Mutex::new(None),
        }
    }

    /// What an output was made from, when a journal says.
    pub fn recorded(&self, name: &Path) -> Option<&Made> {
        self.recorded.get(&key(name))
    }

    /// Whether no earlier run left a journal here.
    pub fn is_empty(&self) -> bool {
        self.recorded.is_empty()
    }

    /// Notes that `name` was made from bytes of this hash, read from `input` (a file's
    /// absolute path, an archive page's archive and URL; `None` for standard input).
    pub fn record(&self, name: &Path, hash: &str, input: Option<&str>) -> std::io::Result<()> {
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        if file.is_none() {
            std::fs::create_dir_all(&self.folder)?;
            let started = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos());
            let path = self
                .folder
                .join(format!("{started:024}-{}.tsv", std::process::id()));
            *file = Some(
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)?,
            );
        }
        let file = file.as_mut().expect("opened above");
        let mut line = format!("{hash}\t{}", escape(&key(name)));
        if let Some(input) = input {
            line.push('\t');
            line.push_str(&escape(input));
        }
        line.push('\n');
        file.write_all(line.as_bytes())
    }
}

fn key(name: &Path) -> String {
    name.to_string_lossy().replace('\\', "/")
}

/// A field on one line of a journal: a backslash, tab or line end in a path is escaped.
/// Output names never hold a backslash (they are `/`-separated), so names in journals
/// written before escaping read back the same.
fn escape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    for c in field.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

fn unescape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_later_run_reads_what_earlier_ones_wrote_and_a_cut_line_is_no_word() {
        let dir = tempfile::tempdir().unwrap();
        let first = Journal::open(dir.path());
        first.record(Path::new("a/x.json"), "aaa", None).unwrap();
        first
            .record(Path::new("b.json"), "bbb", Some("/in/b\tc\\d.txt"))
            .unwrap();
        drop(first);
        std::fs::write(
            dir.path().join(FOLDER).join("9999-cut.tsv"),
            "ccc\tcut.json",
        )
        .unwrap();
        let second = Journal::open(dir.path());
        let made = |hash: &str, input: Option<&str>| Made {
            hash: hash.to_string(),
            input: input.map(str::to_string),
        };
        assert_eq!(
            second.recorded(Path::new("a/x.json")),
            Some(&made("aaa", None))
        );
        assert_eq!(
            second.recorded(Path::new("b.json")),
            Some(&made("bbb", Some("/in/b\tc\\d.txt")))
        );
        assert_eq!(second.recorded(Path::new("cut.json")), None);
    }
}
