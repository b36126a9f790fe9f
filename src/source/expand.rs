//! Arguments into inputs: files as named, folders walked (hidden entries skipped, loops and
//! unreadable entries reported), globs the shell did not expand, `@list` files of one
//! argument per line (`@-` reads the list from standard input), `-` for standard input.
//!
//! Each file gets the name it is mirrored under: a folder given as `dump/` puts its files
//! under `dump/` (as `rsync dump out` does), so that `a/x.txt` and `b/x.txt` never share a
//! name; a file given by name is mirrored by its file name.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::describe_io_error;

/// The largest `@list` read: millions of paths, and a bound on what a list can cost.
const LIST_LIMIT: u64 = 256 << 20;

/// One input of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Located {
    /// Standard input.
    Stdin,
    File(LocatedFile),
}

/// A file to read and where it stands among the inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatedFile {
    /// The path to open, as given or as found below a given folder.
    pub path: PathBuf,
    /// Its place in a mirror of the inputs: the given folder's own name and the path
    /// below it, or the file name of a file given by name.
    pub mirrored: PathBuf,
    /// The path below the folder it was found in (the file name for a file given by
    /// name), `/`-separated: what its id is made from.
    pub relative: String,
}

/// An input that could not even be listed (an unreadable folder, a symlink loop).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ListingFailure {
    pub path: String,
    pub reason: String,
}

/// Which files of a folder are inputs, by their path below the folder.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub include: Option<GlobSet>,
    pub exclude: Option<GlobSet>,
    /// Real paths never taken from a folder: what the run itself writes (its out-dir,
    /// report and output file), so that a rerun never reads its own outputs as inputs.
    pub written: Vec<PathBuf>,
    /// Whether walked folders honour `.gitignore`, `.ignore` and `.arsipignore` files (in
    /// the folder and below it, and above it up to the enclosing git repository's top).
    pub ignore_files: bool,
    /// Whether walked folders leave out a site's resources (images, styles, scripts, fonts,
    /// media, PDFs, TOML data; in a Hugo page bundle, every file but Markdown) unless
    /// `--include` names what to take: `arsip check content/` checks a page bundle's
    /// article, not its cover image or its `data.json`.
    pub skip_site_resources: bool,
}

impl Filter {
    /// A filter from `--include` and `--exclude` globs; an error names the bad glob.
    pub fn new(include: &[String], exclude: &[String]) -> Result<Self, String> {
        let build = |patterns: &[String]| -> Result<Option<GlobSet>, String> {
            if patterns.is_empty() {
                return Ok(None);
            }
            let mut builder = GlobSetBuilder::new();
            for pattern in patterns {
                // Paths are matched below the folder walked: `./posts/a.md`, as users
                // type it, means `posts/a.md`.
                let relative = pattern.trim_start_matches("./");
                builder.add(glob(relative).map_err(|e| format!("`{pattern}`: {e}"))?);
            }
            builder.build().map(Some).map_err(|e| e.to_string())
        };
        Ok(Filter {
            include: build(include)?,
            exclude: build(exclude)?,
            written: Vec::new(),
            ignore_files: false,
            skip_site_resources: false,
        })
    }

    /// Leaves these paths (files or folders, existing or not) out of every folder walked.
    pub fn leaving_out(mut self, written: &[&Path]) -> Self {
        self.written = written
            .iter()
            .filter_map(|p| p.canonicalize().ok())
            .collect();
        self
    }

    /// Leaves a site's resources out of the folders walked (`arsip check` does).
    pub fn skipping_site_resources(mut self, skip: bool) -> Self {
        self.skip_site_resources = skip;
        self
    }

    /// Honours ignore files in the folders walked (`arsip check` does).
    pub fn honouring_ignore_files(mut self, honour: bool) -> Self {
        self.ignore_files = honour;
        self
    }

    /// Whether a walked entry is something the run writes. The real path is asked for
    /// only where it can match: a folder, or a file of a written file's name.
    fn is_written(&self, entry: &walkdir::DirEntry) -> bool {
        if self.written.is_empty() {
            return false;
        }
        let named = entry.file_type().is_dir()
            || self
                .written
                .iter()
                .any(|w| w.file_name() == Some(entry.file_name()));
        named
            && entry
                .path()
                .canonicalize()
                .is_ok_and(|real| self.written.contains(&real))
    }

    fn wants(&self, relative: &Path) -> bool {
        let included = match &self.include {
            Some(globs) => globs.is_match(relative),
            None => !(self.skip_site_resources && is_site_resource(relative)),
        };
        included && !self.excludes(relative)
    }

    fn excludes(&self, relative: &Path) -> bool {
        self.exclude.as_ref().is_some_and(|g| g.is_match(relative))
    }

    /// A folder is not walked when it is excluded, or when everything in it is (`old/**`,
    /// `old/*`), which a name of no particular kind below it tells.
    fn excludes_folder(&self, relative: &Path) -> bool {
        self.excludes(relative) || self.excludes(&relative.join("-"))
    }
}

/// A glob in which `*` stays inside one path component, as in a shell.
fn glob(pattern: &str) -> Result<globset::Glob, globset::Error> {
    GlobBuilder::new(pattern).literal_separator(true).build()
}

/// The inputs the arguments name, in argument order (a folder's files sorted by path),
/// each file once, and what could not be listed. No argument at all is standard input.
pub fn expand(arguments: &[PathBuf], filter: &Filter) -> (Vec<Located>, Vec<ListingFailure>) {
    let mut expansion = Expansion {
        filter,
        inputs: Vec::new(),
        failures: Vec::new(),
        seen: HashSet::new(),
        stdin_taken: false,
    };
    if arguments.is_empty() {
        expansion.add_stdin();
    }
    for argument in arguments {
        expansion.add_argument(argument, true);
    }
    (expansion.inputs, expansion.failures)
}

struct Expansion<'a> {
    filter: &'a Filter,
    inputs: Vec<Located>,
    failures: Vec<ListingFailure>,
    /// Inputs taken: the resolved file and the name it was given under.
    seen: HashSet<(PathBuf, PathBuf)>,
    stdin_taken: bool,
}

impl Expansion<'_> {
    fn add_stdin(&mut self) {
        if !std::mem::replace(&mut self.stdin_taken, true) {
            self.inputs.push(Located::Stdin);
        }
    }

    fn fail(&mut self, path: impl Into<String>, reason: impl Into<String>) {
        self.failures.push(ListingFailure {
            path: path.into(),
            reason: reason.into(),
        });
    }

    fn add_argument(&mut self, argument: &Path, lists: bool) {
        let text = argument.to_string_lossy();
        if text == "-" {
            return self.add_stdin();
        }
        if let Some(list) = text.strip_prefix('@').filter(|_| lists) {
            return self.add_list(list);
        }
        if argument.is_dir() {
            return self.add_folder(argument);
        }
        if !argument.exists() && text.contains(['*', '?', '[']) {
            return self.add_glob(&text);
        }
        // A file named on the command line is an input whatever its name or kind (a pipe
        // is the user's choice); a missing one is reported when it is read.
        let name = file_name(argument);
        self.add_file(argument.to_path_buf(), PathBuf::from(&name), name);
    }

    fn add_file(&mut self, path: PathBuf, mirrored: PathBuf, relative: String) {
        // The same file under the same name is one input (`a.html ./a.html`, a folder
        // and a file in it); under another name (a symbolic or hard link) it is another,
        // with its own output: every name given ends as an output or a failure.
        let key = (
            path.canonicalize().unwrap_or_else(|_| lexical(&path)),
            PathBuf::from(path.file_name().unwrap_or_default()),
        );
        if self.seen.insert(key) {
            self.inputs.push(Located::File(LocatedFile {
                path,
                mirrored,
                relative,
            }));
        }
    }

    fn add_list(&mut self, list: &str) {
        // Read within a bound, as every file given beside the inputs is: `@/dev/zero` or
        // an endless pipe is refused after LIST_LIMIT bytes, not read until memory ends.
        let content = if list == "-" {
            super::read_capped(std::io::stdin(), LIST_LIMIT)
        } else if Path::new(list).is_dir() {
            Err(std::io::Error::other(
                "is a directory, not a list of inputs",
            ))
        } else {
            std::fs::File::open(list).and_then(|file| super::read_capped(file, LIST_LIMIT))
        };
        let content = match content {
            Ok(Some(content)) => Ok(content),
            Ok(None) => {
                self.fail(
                    format!("@{list}"),
                    format!(
                        "the list is larger than {} MB; split it into several lists",
                        LIST_LIMIT >> 20
                    ),
                );
                return;
            }
            Err(e) => Err(e),
        };
        match content {
            Ok(content) => {
                // Lists written by Windows editors start with a byte-order mark; names are
                // bytes, not necessarily UTF-8.
                let content = content.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&content);
                for line in content
                    .split(|&b| b == b'\n')
                    .map(<[u8]>::trim_ascii)
                    .filter(|l| !l.is_empty() && !l.starts_with(b"#"))
                {
                    // A list names files, folders and globs; never another list (so that
                    // lists cannot loop). A file whose name starts with `@` is still a file.
                    let path = path_of_bytes(line);
                    if line.starts_with(b"@") && !path.exists() {
                        self.fail(
                            super::shown_path(&path),
                            format!("a list cannot name another @list (named in @{list}; give it on the command line)"),
                        );
                        continue;
                    }
                    self.add_argument(&path, false);
                }
            }
            Err(e) => self.fail(format!("@{list}"), describe_io_error(&e)),
        }
    }

    fn add_folder(&mut self, root: &Path) {
        let label = root_label(root);
        self.walk(root, &PathBuf::from(label), None);
    }

    /// A glob the shell left alone (quoted, or a shell without globbing): matched below
    /// its literal start, which is mirrored like a folder given by name.
    fn add_glob(&mut self, pattern: &str) {
        let literal: PathBuf = Path::new(pattern)
            .components()
            .take_while(|c| !c.as_os_str().to_string_lossy().contains(['*', '?', '[']))
            .collect();
        let rest = Path::new(pattern)
            .strip_prefix(&literal)
            .unwrap_or(Path::new(pattern))
            .to_string_lossy()
            .replace('\\', "/");
        let matcher = match glob(&rest) {
            Ok(g) => g.compile_matcher(),
            Err(e) => return self.fail(pattern, format!("not a usable glob: {e}")),
        };
        let base = if literal.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            literal
        };
        if !base.is_dir() {
            return self.fail(pattern, "no such file, and no file matches it as a glob");
        }
        let before = self.inputs.len();
        let label = if base == Path::new(".") {
            PathBuf::new()
        } else {
            PathBuf::from(root_label(&base))
        };
        self.walk(&base, &label, Some(&matcher));
        if self.inputs.len() == before {
            self.fail(pattern, "no file matches this glob");
        }
    }

    /// Walks a folder: `label` is what its files are mirrored under; `matcher` a glob the
    /// paths below it must match.
    fn walk(&mut self, root: &Path, label: &Path, matcher: Option<&globset::GlobMatcher>) {
        let filter = self.filter;
        let mut ignores = filter.ignore_files.then(|| IgnoreFiles::new(root));
        let mut bundles = Bundles::default();
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| {
                let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
                let hidden =
                    entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.');
                // An excluded folder is not walked at all (nor are its loops reported).
                let excluded_folder = entry.file_type().is_dir()
                    && entry.depth() > 0
                    && filter.excludes_folder(relative);
                let written = entry.depth() > 0 && filter.is_written(entry);
                let ignored = entry.depth() > 0
                    && ignores.as_mut().is_some_and(|ignores| {
                        ignores.ignores(entry.path(), entry.file_type().is_dir())
                    });
                !(hidden || excluded_folder || written || ignored)
            });
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let excluded = e
                        .path()
                        .is_some_and(|p| filter.excludes_folder(p.strip_prefix(root).unwrap_or(p)));
                    if excluded {
                        continue;
                    }
                    let path = e
                        .path()
                        .map_or_else(|| super::shown_path(root), super::shown_path);
                    let reason = if e.loop_ancestor().is_some() {
                        "symlink loop: this folder was already walked".to_string()
                    } else {
                        e.io_error()
                            .map_or_else(|| e.to_string(), describe_io_error)
                    };
                    self.fail(path, reason);
                    continue;
                }
            };
            if entry.file_type().is_dir() {
                continue;
            }
            let relative = entry
                .path()
                .strip_prefix(root)
                .unwrap_or(entry.path())
                .to_path_buf();
            if !filter.wants(&relative) || matcher.is_some_and(|m| !m.is_match(&relative)) {
                continue;
            }
            if filter.skip_site_resources
                && filter.include.is_none()
                && bundles.is_resource(entry.path())
            {
                continue;
            }
            // A named pipe, socket or device found in a folder would block a reader or never
            // end; one named on the command line is the user's choice and is read.
            if !entry.file_type().is_file() {
                self.fail(
                    super::shown_path(entry.path()),
                    "not a regular file (a pipe, socket or device); skipped",
                );
                continue;
            }
            let below = slash_path(&relative);
            self.add_file(entry.path().to_path_buf(), label.join(&relative), below);
        }
    }
}

/// Hugo's page bundles met in a walk: a folder holding `index.md` or `_index.md` is one, and
/// its files other than Markdown are the page's resources (its `data.json`, its images),
/// not articles. Asked once per folder.
#[derive(Default)]
struct Bundles {
    folders: std::collections::HashMap<PathBuf, bool>,
}

impl Bundles {
    fn is_resource(&mut self, file: &Path) -> bool {
        let markdown = file
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"));
        let Some(folder) = file.parent() else {
            return false;
        };
        !markdown
            && *self.folders.entry(folder.to_path_buf()).or_insert_with(|| {
                ["index.md", "_index.md"]
                    .iter()
                    .any(|name| folder.join(name).is_file())
            })
    }
}

/// A file a site serves beside its articles, by its extension: never an article arsip
/// reads (HTML, text, Markdown, JSON, YAML, XML and archives are not among them).
fn is_site_resource(path: &Path) -> bool {
    const RESOURCES: &[&str] = &[
        "png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "ico", "bmp", "tif", "tiff", "heic",
        "css", "scss", "sass", "less", "js", "mjs", "cjs", "map", "woff", "woff2", "ttf", "otf",
        "eot", "mp3", "mp4", "m4a", "webm", "ogg", "ogv", "wav", "flac", "mov", "avi", "mkv",
        "pdf", "toml",
    ];
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| RESOURCES.contains(&e.as_str()))
}

/// The names of the ignore files a walk honours, each in gitignore syntax.
const IGNORE_FILES: &[&str] = &[".gitignore", ".ignore", ".arsipignore"];

/// The ignore files of one walk: those of the folders below its root, read as the walk
/// enters them, and those of the folders above it up to the git repository's top.
struct IgnoreFiles {
    root: PathBuf,
    below: std::collections::HashMap<PathBuf, Option<ignore::gitignore::Gitignore>>,
    /// The real path of the root and the ignore files above it, nearest first.
    above: Option<(PathBuf, Vec<ignore::gitignore::Gitignore>)>,
}

impl IgnoreFiles {
    fn new(root: &Path) -> Self {
        let above = root.canonicalize().ok().map(|real| {
            let mut found = Vec::new();
            let mut dir = real.parent();
            let in_repository = real.join(".git").exists();
            if !in_repository {
                while let Some(folder) = dir {
                    found.extend(Self::load(folder));
                    if folder.join(".git").exists() {
                        break;
                    }
                    dir = folder.parent();
                }
                // Outside a repository the folders above are nobody's ignores.
                if dir.is_none() {
                    found.clear();
                }
            }
            (real, found)
        });
        IgnoreFiles {
            root: root.to_path_buf(),
            below: Default::default(),
            above,
        }
    }

    fn load(folder: &Path) -> Option<ignore::gitignore::Gitignore> {
        let mut builder = ignore::gitignore::GitignoreBuilder::new(folder);
        let mut any = false;
        for name in IGNORE_FILES {
            let file = folder.join(name);
            if file.is_file() {
                // A line that does not parse is skipped, as git skips it.
                let _ = builder.add(file);
                any = true;
            }
        }
        any.then(|| builder.build().ok()).flatten()
    }

    /// Whether an entry below the root is ignored: the nearest ignore file with a pattern
    /// for it decides (a `!pattern` takes it back).
    fn ignores(&mut self, path: &Path, is_dir: bool) -> bool {
        let mut dir = path.parent();
        while let Some(folder) = dir {
            if folder.strip_prefix(&self.root).is_err() {
                break;
            }
            let ignore = self
                .below
                .entry(folder.to_path_buf())
                .or_insert_with(|| Self::load(folder));
            if let Some(ignore) = ignore {
                let decided = ignore.matched(path, is_dir);
                if !decided.is_none() {
                    return decided.is_ignore();
                }
            }
            if folder == self.root {
                break;
            }
            dir = folder.parent();
        }
        let Some((real_root, above)) = &self.above else {
            return false;
        };
        let real = real_root.join(path.strip_prefix(&self.root).unwrap_or(path));
        for ignore in above {
            let decided = ignore.matched(&real, is_dir);
            if !decided.is_none() {
                return decided.is_ignore();
            }
        }
        false
    }
}

/// The name a folder given on the command line is mirrored under: its own last component
/// as typed, or for `.`, `..` and `/` the real folder's name.
fn root_label(root: &Path) -> String {
    let named = root.components().next_back().and_then(|c| match c {
        Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
        _ => None,
    });
    named
        .or_else(|| {
            root.canonicalize()
                .ok()?
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "root".to_string())
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.to_string_lossy().into_owned(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn slash_path(path: &Path) -> String {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// A path without `.` components, for telling repeats apart when it cannot be resolved.
fn lexical(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| *c != Component::CurDir)
        .collect()
}

/// A path spelled by a list's bytes: any bytes on Unix, UTF-8 (lossily) elsewhere.
fn path_of_bytes(bytes: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(located: &[Located]) -> Vec<(String, String, String)> {
        located
            .iter()
            .map(|l| match l {
                Located::Stdin => ("-".into(), String::new(), String::new()),
                Located::File(f) => (
                    f.path.file_name().unwrap().to_string_lossy().into_owned(),
                    slash_path(&f.mirrored),
                    f.relative.clone(),
                ),
            })
            .collect()
    }

    #[test]
    fn folders_are_mirrored_under_their_own_names() {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["a", "b"] {
            std::fs::create_dir_all(dir.path().join(sub).join("deep")).unwrap();
            std::fs::write(dir.path().join(sub).join("x.txt"), "x").unwrap();
            std::fs::write(dir.path().join(sub).join("deep/y.txt"), "y").unwrap();
        }
        std::fs::write(dir.path().join("a/.hidden"), "h").unwrap();
        let (found, failures) = expand(
            &[
                dir.path().join("a"),
                dir.path().join("b/"),
                dir.path().join("a/x.txt"),
            ],
            &Filter::default(),
        );
        assert!(failures.is_empty());
        assert_eq!(
            files(&found),
            [
                ("y.txt".into(), "a/deep/y.txt".into(), "deep/y.txt".into()),
                ("x.txt".into(), "a/x.txt".into(), "x.txt".into()),
                ("y.txt".into(), "b/deep/y.txt".into(), "deep/y.txt".into()),
                ("x.txt".into(), "b/x.txt".into(), "x.txt".into()),
            ]
        );
    }

    /// A hostile user's case (issue #14): a link to a file given beside it was dropped
    /// without a word, as the same file; under its own name it is its own input.
    #[cfg(unix)]
    #[test]
    fn a_link_under_another_name_is_its_own_input() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.html"), "x").unwrap();
        std::os::unix::fs::symlink("x.html", dir.path().join("sym.html")).unwrap();
        let (found, failures) = expand(
            &[
                dir.path().join("x.html"),
                dir.path().join("sym.html"),
                dir.path().join("./x.html"),
            ],
            &Filter::default(),
        );
        assert!(failures.is_empty());
        let names: Vec<String> = files(&found).into_iter().map(|(name, ..)| name).collect();
        assert_eq!(names, ["x.html", "sym.html"]);
    }

    #[test]
    fn globs_lists_and_stdin() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("dump/2019")).unwrap();
        std::fs::write(dir.path().join("dump/2019/a.html"), "a").unwrap();
        std::fs::write(dir.path().join("dump/2019/b.txt"), "b").unwrap();
        let list = dir.path().join("list.txt");
        std::fs::write(
            &list,
            format!(
                "# inputs\n{}\n\n-\n",
                dir.path().join("dump/2019/b.txt").display()
            ),
        )
        .unwrap();
        let pattern = format!("{}/dump/**/*.html", dir.path().display());
        let (found, failures) = expand(
            &[
                PathBuf::from(pattern),
                PathBuf::from(format!("@{}", list.display())),
            ],
            &Filter::default(),
        );
        assert!(failures.is_empty(), "{failures:?}");
        assert_eq!(
            files(&found),
            [
                (
                    "a.html".into(),
                    "dump/2019/a.html".into(),
                    "2019/a.html".into()
                ),
                ("b.txt".into(), "b.txt".into(), "b.txt".into()),
                ("-".into(), String::new(), String::new()),
            ]
        );
        let (_, failures) = expand(&[dir.path().join("nothing/*.html")], &Filter::default());
        assert_eq!(failures.len(), 1);
    }

    #[test]
    fn a_list_naming_a_list_says_so() {
        // It said "no such file" of a list that exists.
        let dir = tempfile::tempdir().unwrap();
        let inner = dir.path().join("inner.lst");
        let outer = dir.path().join("outer.lst");
        std::fs::write(&inner, "x.txt\n").unwrap();
        std::fs::write(&outer, format!("@{}\n", inner.display())).unwrap();
        let (found, failures) = expand(
            &[PathBuf::from(format!("@{}", outer.display()))],
            &Filter::default(),
        );
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(failures.len(), 1, "{failures:?}");
        assert_eq!(failures[0].path, format!("@{}", inner.display()));
        assert_eq!(
            failures[0].reason,
            format!(
                "a list cannot name another @list (named in @{}; give it on the command line)",
                outer.display()
            )
        );
    }

    #[test]
    fn filters_apply_below_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("d/skip")).unwrap();
        std::fs::write(dir.path().join("d/a.html"), "a").unwrap();
        std::fs::write(dir.path().join("d/a.txt"), "a").unwrap();
        std::fs::write(dir.path().join("d/skip/b.html"), "b").unwrap();
        let filter = Filter::new(&["**/*.html".into()], &["skip".into()]).unwrap();
        let (found, _) = expand(&[dir.path().join("d")], &filter);
        assert_eq!(
            files(&found),
            [("a.html".into(), "d/a.html".into(), "a.html".into())]
        );
        assert!(Filter::new(&["[".into()], &[]).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn loops_and_special_files_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("d/sub")).unwrap();
        std::fs::write(dir.path().join("d/a.txt"), "a").unwrap();
        std::os::unix::fs::symlink(dir.path().join("d"), dir.path().join("d/sub/loop")).unwrap();
        let fifo = dir.path().join("d/pipe");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status();
        let (found, failures) = expand(&[dir.path().join("d")], &Filter::default());
        assert_eq!(found.len(), 1);
        assert!(
            failures.iter().any(|f| f.reason.contains("symlink loop")),
            "{failures:?}"
        );
        if status.is_ok_and(|s| s.success()) {
            assert!(
                failures
                    .iter()
                    .any(|f| f.reason.contains("not a regular file")),
                "{failures:?}"
            );
        }
    }
}
