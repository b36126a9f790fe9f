//! Files out: writing an output so that nothing arsip writes to is ever damaged.
//!
//! - `-` is standard output.
//! - A regular file (or a new one) is written through a temporary file in its folder,
//!   renamed into place once complete: a reader sees the old file or the new one, never
//!   half of one. A new file gets `0666 & !umask`, as `>` in a shell would give it; a file
//!   replaced keeps its permissions.
//! - A symlink is followed: the file it points to is replaced, the link stays a link.
//! - A FIFO, a terminal, `/dev/null` or any other file that is not regular is written to
//!   directly, never replaced by a file.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Where an output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Stdout,
    Path(PathBuf),
}

impl Target {
    /// `-` is standard output; anything else a path.
    pub fn from_arg(path: &Path) -> Self {
        if path.as_os_str() == "-" {
            Target::Stdout
        } else {
            Target::Path(path.to_path_buf())
        }
    }
}

/// Writes `bytes` to `path` as the module says, flushing to disk first when `durable`
/// (a power cut then leaves the old file or the new, never a partial one; without it a
/// killed process still never does).
pub fn write_file(path: &Path, bytes: &[u8], durable: bool) -> io::Result<()> {
    write_with(path, durable, |out| out.write_all(bytes))
}

/// [`write_file`] for output made a piece at a time: `write` is handed where to write
/// (the temporary file, or the pipe or device itself), and the file appears only once it
/// has returned without error.
pub fn write_with(
    path: &Path,
    durable: bool,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    // `/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/3`: a stream of this process, whatever it
    // was opened on (a file the shell redirected to, with `>>` too), is written to at its
    // end, never replaced.
    if names_a_stream(path) {
        let mut file = io::BufWriter::new(OpenOptions::new().append(true).open(path)?);
        write(&mut file)?;
        return file.flush();
    }
    // What the path ends at, through any links, as the system sees it.
    match fs::metadata(path) {
        Ok(meta) if !meta.is_file() && !meta.is_dir() => {
            // A pipe, terminal or device: written as it is.
            let mut file = io::BufWriter::new(OpenOptions::new().write(true).open(path)?);
            write(&mut file)?;
            return file.flush();
        }
        _ => {}
    }
    let resolved = resolve_links(path)?;
    let folder = match resolved.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    let prefix = temp_prefix();
    builder.prefix(&prefix).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let temp = builder.tempfile_in(folder)?;
    if let Ok(existing) = fs::metadata(&resolved) {
        temp.as_file().set_permissions(existing.permissions())?;
    }
    let mut out = io::BufWriter::new(temp);
    write(&mut out)?;
    let temp = out.into_inner().map_err(io::IntoInnerError::into_error)?;
    if durable {
        temp.as_file().sync_all()?;
    }
    temp.persist(&resolved).map_err(|e| e.error)?;
    Ok(())
}

const TEMP_PREFIX: &str = ".arsip-";
const TEMP_SUFFIX: &str = ".tmp";

/// Temporary files are named after the host and process that write them, so that what a
/// killed run left can be told from what a live one (a shard beside it, on this machine
/// or another sharing the folder) is writing.
fn temp_prefix() -> String {
    format!("{TEMP_PREFIX}{}-{}-", host_name(), std::process::id())
}

fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().replace(['-', '/'], "_"))
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "host".to_string())
}

/// Removes the temporary files that runs on this host left below `dir` when they were
/// killed (their process is gone); those of live processes and other hosts are left.
/// Returns how many were removed.
pub fn remove_stale_temporaries(dir: &Path) -> usize {
    let ours = format!("{TEMP_PREFIX}{}-", host_name());
    let mut removed = 0;
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        let name = entry.file_name().to_string_lossy();
        let Some(rest) = name.strip_prefix(&ours) else {
            continue;
        };
        if !name.ends_with(TEMP_SUFFIX) || !entry.file_type().is_file() {
            continue;
        }
        let pid = rest.split('-').next().unwrap_or("");
        let gone = !pid.is_empty()
            && pid.bytes().all(|b| b.is_ascii_digit())
            && Path::new("/proc/self").exists()
            && !Path::new("/proc").join(pid).exists();
        if gone && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Whether a path, or a link on the way from it, names one of this process's open files.
fn names_a_stream(path: &Path) -> bool {
    let is_stream = |p: &Path| {
        let text = p.to_string_lossy();
        matches!(text.as_ref(), "/dev/stdout" | "/dev/stderr" | "/dev/stdin")
            || text.starts_with("/dev/fd/")
            || text.starts_with("/proc/self/fd/")
            || text.starts_with("/proc/thread-self/fd/")
    };
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        if is_stream(&current) {
            return true;
        }
        match fs::read_link(&current) {
            Ok(target) => {
                current = match current.parent() {
                    Some(parent) if target.is_relative() => parent.join(target),
                    _ => target,
                }
            }
            Err(_) => return false,
        }
    }
    false
}

/// The path a chain of symlinks ends at (which may not exist yet); a loop is an error.
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if target.is_relative() => parent.join(target),
                    _ => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// Writes `bytes` to the target: standard output, or a file as [`write_file`] does.
pub fn write_target(target: &Target, bytes: &[u8], durable: bool) -> io::Result<()> {
    match target {
        Target::Stdout => {
            let mut out = io::stdout().lock();
            out.write_all(bytes)?;
            out.flush()
        }
        Target::Path(path) => write_file(path, bytes, durable),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};

    #[test]
    fn a_symlink_stays_a_link_and_its_target_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        fs::write(&real, "old").unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink("real.json", &link).unwrap();
        write_file(&link, b"new", false).unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
        // A dangling link: the file it names is created.
        let dangling = dir.path().join("dangling.json");
        std::os::unix::fs::symlink("made.json", &dangling).unwrap();
        write_file(&dangling, b"made", false).unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("made.json")).unwrap(),
            "made"
        );
    }

    #[test]
    fn a_fifo_is_written_to_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        if !std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success())
        {
            eprintln!("SKIPPED: no mkfifo");
            return;
        }
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || fs::read(&fifo).unwrap())
        };
        write_file(&fifo, b"through the pipe", false).unwrap();
        assert_eq!(reader.join().unwrap(), b"through the pipe");
        assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
    }

    #[test]
    fn temporaries_of_dead_runs_go_and_live_ones_stay() {
        let dir = tempfile::tempdir().unwrap();
        let host = host_name();
        let dead = dir.path().join(format!(".arsip-{host}-999999999-abc.tmp"));
        let live = dir
            .path()
            .join(format!(".arsip-{host}-{}-abc.tmp", std::process::id()));
        let other_host = dir.path().join(".arsip-elsewhere-1-abc.tmp");
        for path in [&dead, &live, &other_host] {
            fs::write(path, "partial").unwrap();
        }
        assert_eq!(remove_stale_temporaries(dir.path()), 1);
        assert!(!dead.exists() && live.exists() && other_host.exists());
    }

    #[test]
    fn dev_null_stays_a_device() {
        write_file(Path::new("/dev/null"), b"gone", false).unwrap();
        assert!(fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device());
    }

    #[test]
    fn stdout_redirected_to_a_file_is_appended_to_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("log.txt");
        fs::write(&log, "before\n").unwrap();
        // A child whose stdout is the file, opened for appending as `>>` does.
        let bin = std::env::current_exe().unwrap();
        let file = OpenOptions::new().append(true).open(&log).unwrap();
        let status = std::process::Command::new(bin)
            .args([
                "--exact",
                "output::tests::child_writes_to_dev_stdout",
                "--nocapture",
            ])
            .env("ARSIP_CHILD_WRITES", "1")
            .stdout(file)
            .status()
            .unwrap();
        assert!(status.success());
        let text = fs::read_to_string(&log).unwrap();
        assert!(text.starts_with("before\n"), "{text:?}");
        assert!(text.contains("written\n"), "{text:?}");
    }

    #[test]
    fn child_writes_to_dev_stdout() {
        if std::env::var_os("ARSIP_CHILD_WRITES").is_some() {
            write_file(Path::new("/dev/stdout"), b"written\n", false).unwrap();
        }
    }

    #[test]
    fn a_link_to_a_device_is_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("out");
        std::os::unix::fs::symlink("/dev/null", &link).unwrap();
        write_file(&link, b"gone", false).unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert!(fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device());
    }

    #[test]
    fn new_files_follow_the_umask_and_replaced_ones_keep_their_mode() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.json");
        write_file(&new, b"x", false).unwrap();
        let mode = fs::metadata(&new).unwrap().permissions().mode() & 0o777;
        // Whatever the umask, group and others get at least what it allows of 0666, and
        // never the 0600 of a bare temporary file unless the umask says so.
        let umask = current_umask();
        assert_eq!(mode, 0o666 & !umask, "umask {umask:o}");
        let kept = dir.path().join("kept.json");
        fs::write(&kept, "old").unwrap();
        fs::set_permissions(&kept, fs::Permissions::from_mode(0o640)).unwrap();
        write_file(&kept, b"new", false).unwrap();
        assert_eq!(
            fs::metadata(&kept).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }

    /// The process's umask, read from /proc (setting it would race other tests).
    fn current_umask() -> u32 {
        let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("Umask:"))
            .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
            .unwrap_or(0o022)
    }
}
