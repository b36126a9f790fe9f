//! Output names: a pure function of each unit's identity, fixed before sharding, ordering
//! or `--jobs` come in, so that every run, every shard and every `-j` agree on them and
//! two different inputs never share one.
//!
//! - A file is named after its place in the mirror of the inputs: a folder given as
//!   `dump/` puts `dump/2019/a.html` at `dump/2019/a.json`; a file given by name, by its
//!   file name. Files that would still share a name (`a.html` and `a.txt`; two files named
//!   `x.txt` given from two folders) each get a suffix from a hash of their own path.
//! - A page of an archive is named under the archive's own name, by its URL:
//!   `crawl.warc.gz` gives `crawl/host/section/page.json`, the port kept in the host
//!   (`host_8080`), the path percent-decoded, a query kept as a hash. Pages whose names
//!   would still meet (`/a.html` and `/a.php`, `http:` and `https:`) get a suffix from a
//!   hash of their URL; a URL fetched twice, one from the record's offset.
//! - Standard input is `stdin`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use crate::source::expand::Located;
use crate::source::units::Identity;

/// A stable hash of a path or URL, the same on every machine and run: FNV-1a, then
/// MurmurHash3's finaliser. FNV-1a alone keeps its low bits a function of the bytes'
/// low bits whatever their order (anagrams fell into one shard); the finaliser makes
/// every bit of the result depend on every bit of the input.
pub fn stable_hash(text: &str) -> u64 {
    let mut hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ (hash >> 33)
}

/// `--shard K/N`: whether a key falls in shard K (1-based) of N by its stable hash.
pub fn in_shard(key: &str, (k, n): (u64, u64)) -> bool {
    stable_hash(key) % n == k - 1
}

/// The key a unit is sharded by: a file's place in the mirror of the inputs (the same
/// however the folder was typed), a page's URL (or its archive and offset when it has
/// none).
pub fn shard_key(identity: &Identity) -> String {
    match identity {
        Identity::File { mirrored, .. } => slash(mirrored),
        Identity::Stdin => "<stdin>".to_string(),
        Identity::Page { url: Some(url), .. } => url.clone(),
        Identity::Page {
            archive, offset, ..
        } => format!(
            "{}#{offset}",
            archive.as_deref().map(slash).unwrap_or_default()
        ),
        Identity::Document { line } => format!("line {line}"),
    }
}

fn slash(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// How standard input is keyed among the files.
const STDIN: &str = "-";

/// Names reserved by Windows, refused as file names so an out-dir copies anywhere.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// The longest file-name component written, in bytes, well under every file system's limit.
const MAX_COMPONENT: usize = 150;

/// Gives every unit of a run its output name.
pub struct Naming {
    extension: &'static str,
    /// Names of the files by their path, decided for the whole set up front.
    files: BTreeMap<String, PathBuf>,
    /// Every name given, so that a page never takes a name already given.
    used: HashSet<PathBuf>,
    /// The URL each page name was first given to, to tell a URL fetched again from
    /// another URL that meets it on one name.
    first_url: HashMap<PathBuf, String>,
}

impl Naming {
    /// Names every file input at once, so that collisions are seen across the whole set,
    /// whatever part of it this run (or shard) converts.
    /// `reserved` are names no output may take (a report written into the out-dir).
    pub fn new(inputs: &[Located], extension: &'static str, reserved: &[PathBuf]) -> Self {
        // Standard input is named `stdin`, and meets a file of that name like any other.
        let files: Vec<(&Path, PathBuf)> = inputs
            .iter()
            .map(|located| match located {
                Located::File(file) => (file.path.as_path(), file.mirrored.clone()),
                Located::Stdin => (Path::new(STDIN), PathBuf::from("stdin")),
            })
            .collect();
        let mut counts: BTreeMap<PathBuf, usize> = BTreeMap::new();
        let plain: Vec<PathBuf> = files
            .iter()
            .map(|(_, mirrored)| file_name(mirrored, extension))
            .collect();
        for name in plain.iter().chain(reserved) {
            *counts.entry(folded(name)).or_default() += 1;
        }
        let mut named = BTreeMap::new();
        for ((path, _), name) in files.iter().zip(plain) {
            let name = if counts[&folded(&name)] > 1 {
                with_suffix(
                    &name,
                    &format!("{:08x}", stable_hash(&real_path(path)) & 0xffff_ffff),
                )
            } else {
                name
            };
            named.insert(lexical(path), name);
        }
        let used = named.values().chain(reserved).map(|n| folded(n)).collect();
        Naming {
            extension,
            files: named,
            used,
            first_url: HashMap::new(),
        }
    }

    /// The output name of a unit.
    pub fn name(&mut self, identity: &Identity) -> PathBuf {
        match identity {
            Identity::File { path, mirrored } => self
                .files
                .get(&lexical(path))
                .cloned()
                .unwrap_or_else(|| file_name(mirrored, self.extension)),
            Identity::Stdin => self
                .files
                .get(STDIN)
                .cloned()
                .unwrap_or_else(|| safe_path(&["stdin".to_string()], self.extension)),
            Identity::Page {
                archive,
                url,
                offset,
            } => {
                let name = page_name(archive.as_deref(), url.as_deref(), *offset, self.extension);
                if self.used.insert(folded(&name)) {
                    if let Some(url) = url {
                        self.first_url.insert(name.clone(), url.clone());
                    }
                    return name;
                }
                // The same name from another URL gets that URL's hash; the same URL
                // fetched again, its record's offset.
                let fetched_again = url.is_some() && self.first_url.get(&name) == url.as_ref();
                if let Some(url) = url.as_ref().filter(|_| !fetched_again) {
                    let hashed =
                        with_suffix(&name, &format!("{:08x}", stable_hash(url) & 0xffff_ffff));
                    if self.used.insert(folded(&hashed)) {
                        return hashed;
                    }
                }
                let mut candidate = with_suffix(&name, &format!("at{offset}"));
                let mut n = 2;
                while !self.used.insert(folded(&candidate)) {
                    candidate = with_suffix(&name, &format!("at{offset}-{n}"));
                    n += 1;
                }
                candidate
            }
            Identity::Document { line } => safe_path(&[format!("document-{line}")], self.extension),
        }
    }
}

/// A name as the most forgiving file system sees it: case-insensitive (macOS, Windows,
/// FAT and exFAT disks) and normalisation-insensitive (APFS and HFS+ take `café` composed
/// and decomposed for one name). Two names that are one file there collide here too.
fn folded(name: &Path) -> PathBuf {
    let nfc = icu_normalizer::ComposingNormalizerBorrowed::new_nfc();
    PathBuf::from(nfc.normalize(&name.to_string_lossy()).to_lowercase())
}

/// A file's real path, however it was typed (as typed when it cannot be resolved), for
/// the suffix that keeps two files of one mirrored name apart.
fn real_path(path: &Path) -> String {
    // Shown so that names differing only in bytes that are not UTF-8 hash apart.
    path.canonicalize()
        .map_or_else(|_| lexical(path), |real| crate::source::shown_path(&real))
}

/// A path as typed, without `.` components.
fn lexical(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter(|c| *c != Component::CurDir)
        .map(|c| crate::source::shown_path(Path::new(c.as_os_str())))
        .collect();
    parts.join("/")
}

/// `name` with `-suffix` before its extension.
pub fn with_suffix(name: &Path, suffix: &str) -> PathBuf {
    let stem = name
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let extension = name
        .extension()
        .map(|s| format!(".{}", s.to_string_lossy()))
        .unwrap_or_default();
    name.with_file_name(format!("{stem}-{suffix}{extension}"))
}

/// A file's output name: its mirrored path, the extension the output's.
pub fn file_name(mirrored: &Path, extension: &str) -> PathBuf {
    let mut parts = normal_parts(mirrored);
    if let Some(last) = parts.last_mut() {
        *last = strip_extension(last).to_string();
    }
    safe_path(&parts, extension)
}

fn normal_parts(path: &Path) -> Vec<String> {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect()
}

/// A file name without its extension, and without `.gz` before that (`a.txt.gz` -> `a`).
/// Only what looks like an extension goes (`.html`, `.php`, `.aspx`): a dot inside a
/// name (`v1.2`, `a..b`) stays.
fn strip_extension(name: &str) -> &str {
    let stem = name.strip_suffix(".gz").unwrap_or(name);
    stem.rsplit_once('.')
        .filter(|(s, ext)| {
            !s.is_empty()
                && (1..=5).contains(&ext.len())
                && ext.bytes().all(|b| b.is_ascii_alphanumeric())
                && ext.bytes().any(|b| b.is_ascii_alphabetic())
        })
        .map_or(stem, |(s, _)| s)
}

/// The name of a page of an archive, under the archive's own name.
fn page_name(archive: Option<&Path>, url: Option<&str>, offset: u64, extension: &str) -> PathBuf {
    let mut parts = match archive {
        Some(archive) => {
            let mut parts = normal_parts(archive);
            if let Some(last) = parts.last_mut() {
                let stem = last.strip_suffix(".gz").unwrap_or(last);
                let stem = stem
                    .strip_suffix(".warc")
                    .or_else(|| stem.strip_suffix(".arc"))
                    .map_or_else(|| strip_extension(stem).to_string(), str::to_string);
                *last = stem;
            }
            parts
        }
        None => vec!["stdin".to_string()],
    };
    let Some(parsed) = url.and_then(|u| url::Url::parse(u).ok()) else {
        parts.push(format!("record-{offset}"));
        return safe_path(&parts, extension);
    };
    let host = parsed.host_str().unwrap_or("no-host").to_ascii_lowercase();
    parts.push(match parsed.port() {
        Some(port) => format!("{host}_{port}"),
        None => host,
    });
    let segments: Vec<String> = parsed
        .path_segments()
        .map(|s| {
            s.filter(|p| !p.is_empty())
                .map(|segment| {
                    percent_encoding::percent_decode_str(segment)
                        .decode_utf8_lossy()
                        .into_owned()
                })
                .collect()
        })
        .unwrap_or_default();
    let is_folder = segments.is_empty() || parsed.path().ends_with('/');
    parts.extend(segments);
    if is_folder {
        parts.push("index".to_string());
    }
    if let Some(last) = parts.last_mut() {
        // The page's extension gives way to the output's (a dot in a slug stays); a query
        // keeps pages apart.
        let stem = crate::read::without_extensions(last).to_string();
        *last = match parsed.query() {
            Some(query) => format!("{stem}-{:08x}", stable_hash(query) & 0xffff_ffff),
            None => stem,
        };
    }
    safe_path(&parts, extension)
}

/// A relative path of cleaned components, the last one given the output's extension;
/// `article` when there is none. Components are never split or reinterpreted: a `/` or
/// `..` inside one is cleaned, not followed.
///
/// A folder never ends with the output's extension (`a.json/` becomes `a.json_/`), so a
/// folder and a file (`dump/a.json/b.txt` and `dump/a.txt`) never want one name.
fn safe_path(parts: &[String], extension: &str) -> PathBuf {
    let mut clean: Vec<String> = parts.iter().map(|p| clean_component(p)).collect();
    if clean.is_empty() {
        clean.push("article".to_string());
    }
    fold_deep_tail(&mut clean);
    let suffix = format!(".{extension}");
    let folders = clean.len() - 1;
    for folder in &mut clean[..folders] {
        if folder.to_ascii_lowercase().ends_with(&suffix) {
            folder.push('_');
        }
    }
    if let Some(last) = clean.last_mut() {
        last.push('.');
        last.push_str(extension);
    }
    clean.into_iter().collect()
}

/// The most folders a name descends and the most bytes it spells: a URL of thousands of
/// segments must not become a path the file system refuses (`File name too long`).
const MAX_DEPTH: usize = 24;
const MAX_NAME_BYTES: usize = 1024;

/// Past [`MAX_DEPTH`] components or [`MAX_NAME_BYTES`], the tail is folded into one
/// component that ends with a hash of all it held, so two deep names stay apart.
fn fold_deep_tail(clean: &mut Vec<String>) {
    let spelled = |parts: &[String]| parts.iter().map(|p| p.len() + 1).sum::<usize>();
    if clean.len() <= MAX_DEPTH && spelled(clean) <= MAX_NAME_BYTES {
        return;
    }
    let mut keep = clean.len().min(MAX_DEPTH - 1);
    while keep > 0 && spelled(&clean[..keep]) + MAX_COMPONENT + 18 > MAX_NAME_BYTES {
        keep -= 1;
    }
    let tail = clean.split_off(keep).join("/");
    let hash = stable_hash(&tail);
    let mut cut = tail.len().min(MAX_COMPONENT);
    while !tail.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = tail[..cut].replace('/', "_");
    clean.push(format!("{head}-{hash:016x}"));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::expand::LocatedFile;

    fn file(path: &str, mirrored: &str) -> Located {
        Located::File(LocatedFile {
            path: path.into(),
            mirrored: mirrored.into(),
            relative: String::new(),
        })
    }

    fn page(url: &str, offset: u64) -> Identity {
        Identity::Page {
            archive: Some("crawl.warc.gz".into()),
            url: Some(url.to_string()),
            offset,
        }
    }

    #[test]
    fn file_names_are_safe() {
        let name = |m: &str| file_name(Path::new(m), "json");
        assert_eq!(name("a/b.html"), PathBuf::from("a/b.json"));
        assert_eq!(name("../../etc/passwd"), PathBuf::from("etc/passwd.json"));
        assert_eq!(name("/abs/x.txt.gz"), PathBuf::from("abs/x.json"));
        assert_eq!(name("con.html"), PathBuf::from("con_.json"));
        assert_eq!(name("a\nb.html"), PathBuf::from("a_b.json"));
        assert_eq!(name(".profile"), PathBuf::from("profile.json"));
        let long = "x".repeat(400) + ".html";
        assert!(name(&long).to_string_lossy().len() < 200);
    }

    #[test]
    fn two_inputs_never_share_a_name() {
        let inputs = [
            file("d/a.html", "d/a.html"),
            file("d/a.txt", "d/a.txt"),
            file("d/b.txt", "d/b.txt"),
            // Two files of one name given by name from two folders.
            file("x/same.txt", "same.txt"),
            file("y/same.txt", "same.txt"),
        ];
        let mut naming = Naming::new(&inputs, "json", &[]);
        let names: Vec<PathBuf> = inputs
            .iter()
            .map(|l| match l {
                Located::File(f) => naming.name(&Identity::File {
                    path: f.path.clone(),
                    mirrored: f.mirrored.clone(),
                }),
                Located::Stdin => unreachable!(),
            })
            .collect();
        let distinct: HashSet<_> = names.iter().collect();
        assert_eq!(distinct.len(), 5, "{names:?}");
        assert_eq!(names[2], PathBuf::from("d/b.json"));
        assert!(names[3].to_string_lossy().starts_with("same-"), "{names:?}");
    }

    #[test]
    fn pages_keep_scheme_port_and_extension_apart() {
        let mut naming = Naming::new(&[], "json", &[]);
        let mut name = |url: &str, offset| naming.name(&page(url, offset));
        assert_eq!(
            name(
                "https://www.banyuwangikab.go.id/berita/festival-gandrung.html",
                1
            ),
            PathBuf::from("crawl/www.banyuwangikab.go.id/berita/festival-gandrung.json")
        );
        assert_eq!(
            name("http://x.id/", 2),
            PathBuf::from("crawl/x.id/index.json")
        );
        assert_eq!(
            name("http://x.id:8080/", 3),
            PathBuf::from("crawl/x.id_8080/index.json")
        );
        let variants = [
            name("http://x.id/jalan.html", 4),
            name("http://x.id/jalan.php", 5),
            name("https://x.id/jalan.html", 6),
            name("http://x.id/jalan.html", 7),
        ];
        let distinct: HashSet<_> = variants.iter().collect();
        assert_eq!(distinct.len(), 4, "{variants:?}");
        assert_eq!(variants[0], PathBuf::from("crawl/x.id/jalan.json"));
        assert_eq!(variants[3], PathBuf::from("crawl/x.id/jalan-at7.json"));
    }

    #[test]
    fn urls_are_percent_decoded_and_nothing_more() {
        let mut naming = Naming::new(&[], "json", &[]);
        let mut name = |url: &str| naming.name(&page(url, 0));
        assert_eq!(
            name("http://x.id/c++-tutorial"),
            PathBuf::from("crawl/x.id/c++-tutorial.json")
        );
        assert_eq!(
            name("http://x.id/tanya&jawab"),
            PathBuf::from("crawl/x.id/tanya&jawab.json")
        );
        assert_eq!(
            name("http://x.id/berita%20lama/caf%C3%A9.html"),
            PathBuf::from("crawl/x.id/berita lama/café.json")
        );
        assert_eq!(
            name("http://x.id/a%2F..%2F..%2Fetc"),
            PathBuf::from("crawl/x.id/a_.._.._etc.json")
        );
        assert_eq!(
            name("http://x.id/a/../../etc/passwd"),
            PathBuf::from("crawl/x.id/etc/passwd.json")
        );
        assert_ne!(
            name("http://x.id/read.php?id=1"),
            name("http://x.id/read.php?id=2")
        );
    }

    #[test]
    fn a_page_never_takes_a_files_name() {
        let inputs = [file("crawl/x.id/a.html", "crawl/x.id/a.html")];
        let mut naming = Naming::new(&inputs, "json", &[]);
        assert_eq!(
            naming.name(&Identity::File {
                path: "crawl/x.id/a.html".into(),
                mirrored: "crawl/x.id/a.html".into()
            }),
            PathBuf::from("crawl/x.id/a.json")
        );
        assert_ne!(
            naming.name(&page("http://x.id/a.html", 0)),
            PathBuf::from("crawl/x.id/a.json")
        );
    }

    #[test]
    fn a_folder_never_takes_a_files_name() {
        assert_eq!(
            file_name(Path::new("dump/a.txt"), "json"),
            PathBuf::from("dump/a.json")
        );
        assert_eq!(
            file_name(Path::new("dump/a.JSON/b.txt"), "json"),
            PathBuf::from("dump/a.JSON_/b.json")
        );
    }

    #[test]
    fn shards_do_not_care_for_the_order_of_bytes() {
        // The 24 orders of `abcd`: FNV-1a alone put them all in one shard of 2.
        let mut anagrams = Vec::new();
        for a in "abcd".chars() {
            for b in "abcd".chars().filter(|&b| b != a) {
                for c in "abcd".chars().filter(|&c| c != a && c != b) {
                    let d = "abcd"
                        .chars()
                        .find(|&d| d != a && d != b && d != c)
                        .unwrap();
                    anagrams.push(format!("{a}{b}{c}{d}.txt"));
                }
            }
        }
        for n in [2, 4] {
            for k in 1..=n {
                let taken = anagrams.iter().filter(|a| in_shard(a, (k, n))).count();
                assert!(
                    taken > 0 && taken < anagrams.len(),
                    "shard {k}/{n}: {taken}"
                );
            }
        }
    }

    #[test]
    fn a_very_deep_url_is_a_name_the_file_system_takes() {
        let deep = format!("http://example.com/{}x.html", "a/".repeat(5000));
        let deeper = format!("http://example.com/{}y.html", "a/".repeat(5000));
        let name = page_name(Some(Path::new("crawl.warc")), Some(&deep), 0, "json");
        let other = page_name(Some(Path::new("crawl.warc")), Some(&deeper), 0, "json");
        assert_ne!(name, other);
        assert!(name.components().count() <= MAX_DEPTH, "{}", name.display());
        assert!(
            name.as_os_str().len() <= MAX_NAME_BYTES,
            "{}",
            name.display()
        );
        assert!(name.components().all(|c| c.as_os_str().len() <= 255));
        assert!(name.to_string_lossy().ends_with(".json"));
        // A shallow page keeps its plain name.
        let shallow = page_name(
            Some(Path::new("crawl.warc")),
            Some("http://example.com/a/b.html"),
            0,
            "json",
        );
        assert_eq!(shallow, Path::new("crawl/example.com/a/b.json"));
    }

    /// The names of these files, and the naming that gave them.
    fn named(inputs: &[Located]) -> (Naming, Vec<PathBuf>) {
        let mut naming = Naming::new(inputs, "json", &[]);
        let names = inputs
            .iter()
            .map(|i| match i {
                Located::File(f) => naming.name(&Identity::File {
                    path: f.path.clone(),
                    mirrored: f.mirrored.clone(),
                }),
                Located::Stdin => unreachable!(),
            })
            .collect();
        (naming, names)
    }

    #[test]
    fn names_differing_only_in_case_stay_apart_on_any_disk() {
        let inputs = [
            file("dump/Berita.txt", "dump/Berita.txt"),
            file("dump/berita.txt", "dump/berita.txt"),
        ];
        let (mut naming, names) = named(&inputs);
        assert_ne!(folded(&names[0]), folded(&names[1]), "{names:?}");
        let a = naming.name(&page("http://x.id/Jalan.html", 0));
        let b = naming.name(&page("http://x.id/jalan.html", 10));
        assert_ne!(folded(&a), folded(&b), "{a:?} {b:?}");
    }

    /// Hostile case 19: `café.txt` composed (U+00E9) and decomposed (e + U+0301) are two
    /// files on Linux and one on macOS.
    #[test]
    fn names_differing_only_in_unicode_normalisation_stay_apart() {
        let inputs = [
            file("dump/caf\u{e9}.txt", "dump/caf\u{e9}.txt"),
            file("dump/cafe\u{301}.txt", "dump/cafe\u{301}.txt"),
        ];
        let (_, names) = named(&inputs);
        // As APFS sees a name: composed, whatever bytes it was given.
        let on_apfs = |name: &Path| {
            let nfc = icu_normalizer::ComposingNormalizerBorrowed::new_nfc();
            nfc.normalize(&name.to_string_lossy()).into_owned()
        };
        assert_ne!(on_apfs(&names[0]), on_apfs(&names[1]), "{names:?}");
    }

    #[test]
    fn shards_partition_the_keys() {
        let keys: Vec<String> = (0..100).map(|i| format!("p/{i}.html")).collect();
        for key in &keys {
            assert_eq!((1..=3).filter(|&k| in_shard(key, (k, 3))).count(), 1);
        }
        assert!((1..=3).all(|k| keys.iter().any(|key| in_shard(key, (k, 3)))));
    }
}
