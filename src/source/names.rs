//! Input names compared across runs: a baseline's paths and a configuration's override
//! patterns hold names relative to their file's folder, however a run named its inputs.

use std::path::{Component, Path, PathBuf};

/// An input's name relative to the folder `base` (a baseline's, a configuration's), with
/// `/` between its parts: through symbolic links when the folders exist, else by the
/// path's components (the input may be gone). Names that are no paths (`-`, standard input) stay as they are.
pub fn relative_name(name: &str, base: &Path) -> String {
    if name == "-" || name.starts_with('<') {
        return name.to_string();
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    let absolute = |p: &Path| {
        lexical(&if p.is_absolute() {
            p.to_path_buf()
        } else {
            cwd.join(p)
        })
    };
    // Through symbolic links, as the system finds them, when the folders are there (a
    // content folder reached by a link, a baseline named by one); by the path's components
    // when not (a file moved away since).
    let real = |p: &Path| -> Option<PathBuf> {
        let parent = p
            .parent()
            .filter(|f| !f.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Some(parent.canonicalize().ok()?.join(p.file_name()?))
    };
    let (input, base) = match (real(Path::new(name)), base.canonicalize()) {
        (Some(input), Ok(base)) => (input, base),
        _ => (absolute(Path::new(name)), absolute(base)),
    };
    let common = input
        .iter()
        .zip(base.iter())
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<String> = base.iter().skip(common).map(|_| "..".to_string()).collect();
    parts.extend(
        input
            .iter()
            .skip(common)
            .map(|c| c.to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// `a/./b//c/../d` as `a/b/d`, without following links.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}
