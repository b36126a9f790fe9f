//! What each output of an out-dir was made from: a line `SHA-256 of the input <tab> name`
//! per output written, in `OUT/.arsip-journal/`, one file per run (so that shards running
//! side by side never write one file). A rerun skips an output only when it was made from
//! the very bytes it would be made from again; an output of the same name made from other
//! bytes (another file of that name given in an earlier run, a second crawl of a site)
//! is never taken for done, nor overwritten.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The folder of journals inside an out-dir; hidden, so never walked as an input.
pub const FOLDER: &str = ".arsip-journal";

pub struct Journal {
    folder: PathBuf,
    /// Output name (relative, `/`-separated) to the hash of the input it was made from,
    /// as the journals of earlier runs say (a later run's word wins).
    recorded: HashMap<String, String>,
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
                if let Some((hash, name)) = line.split_once('\t') {
                    recorded.insert(name.to_string(), hash.to_string());
                }
            }
        }
        Journal {
            folder,
            recorded,
            file: Mutex::new(None),
        }
    }

    /// The hash of the input an output was made from, when a journal says.
    pub fn recorded(&self, name: &Path) -> Option<&str> {
        self.recorded.get(&key(name)).map(String::as_str)
    }

    /// Whether no earlier run left a journal here.
    pub fn is_empty(&self) -> bool {
        self.recorded.is_empty()
    }

    /// Notes that `name` was made from bytes of this hash.
    pub fn record(&self, name: &Path, hash: &str) -> std::io::Result<()> {
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
        file.write_all(format!("{hash}\t{}\n", key(name)).as_bytes())
    }
}

fn key(name: &Path) -> String {
    name.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_later_run_reads_what_earlier_ones_wrote_and_a_cut_line_is_no_word() {
        let dir = tempfile::tempdir().unwrap();
        let first = Journal::open(dir.path());
        first.record(Path::new("a/x.json"), "aaa").unwrap();
        first.record(Path::new("b.json"), "bbb").unwrap();
        drop(first);
        std::fs::write(
            dir.path().join(FOLDER).join("9999-cut.tsv"),
            "ccc\tcut.json",
        )
        .unwrap();
        let second = Journal::open(dir.path());
        assert_eq!(second.recorded(Path::new("a/x.json")), Some("aaa"));
        assert_eq!(second.recorded(Path::new("b.json")), Some("bbb"));
        assert_eq!(second.recorded(Path::new("cut.json")), None);
    }
}
