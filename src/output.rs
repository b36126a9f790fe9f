//! Files out: writing an output so that nothing arsip writes to is ever damaged.
//!
//! - `-` is standard output.
//! - A regular file (or a new one) is written through a temporary file in its folder,
//!   renamed into place once complete: a reader sees the old file or the new one, never
//!   half of one. A new file gets `0666 & !umask`, as `>` in a shell would give it; a file
//!   replaced keeps its permissions and owner.
//! - A file there already that the user may not write (mode `0444`) is refused, as a
//!   shell's `>` would refuse it.
//! - A file the user named (`-o`, `--report`, a file `check --fix` edits) that has other
//!   hard links, or whose owner a new file could not be given, is written through its own
//!   inode once the temporary file is complete and synced, so the other names see the
//!   new content and the owner stays. The files of an out-dir are arsip's own and are
//!   always replaced ([`write_batch_output`]).
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
    write_keeping(path, durable, Keep::TheFile, write)
}

/// [`write_with`] for the files a batch writes into its out-dir, which are arsip's own: a
/// file there already is replaced by a new one, never written through its inode, so that
/// a hard link planted in the out-dir (to an input, say) leaves what it links to alone.
pub fn write_batch_output(
    path: &Path,
    durable: bool,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    write_keeping(path, durable, Keep::ContentOnly, write)
}

/// What of a file there already a write keeps besides its mode.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// A file the user named: its hard links and owner too.
    TheFile,
    /// Only what a rename keeps.
    ContentOnly,
}

fn write_keeping(
    path: &Path,
    durable: bool,
    keep: Keep,
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
    // A file there already is written only when it may be (opening it for writing changes
    // nothing in it), and is kept as the file it is: its mode, owner and links.
    let existing = match fs::metadata(&resolved) {
        Ok(meta) => Some((meta, open_writable(&resolved)?)),
        Err(_) => None,
    };
    let temp = builder.tempfile_in(folder)?;
    let mut in_place = None;
    if let Some((meta, file)) = existing {
        temp.as_file().set_permissions(meta.permissions())?;
        if keep == Keep::TheFile && !takes_the_place_of(temp.as_file(), &meta) {
            in_place = Some(file);
        }
    }
    let mut out = io::BufWriter::new(temp);
    write(&mut out)?;
    let temp = out.into_inner().map_err(io::IntoInnerError::into_error)?;
    match in_place {
        Some(file) => write_through(temp, file, &resolved),
        None => {
            if durable {
                temp.as_file().sync_all()?;
            }
            temp.persist(&resolved).map_err(|e| e.error)?;
            Ok(())
        }
    }
}

/// The file opened for writing, untouched; a file the user may not write is refused, as a
/// shell's `>` would refuse it, never replaced behind its mode's back. A file marked
/// read-only is refused for root too, whom the mode does not stop (CI containers run as
/// root, and a `0444` file is how an archive is frozen).
fn open_writable(path: &Path) -> io::Result<fs::File> {
    if fs::metadata(path).is_ok_and(|m| m.permissions().readonly()) {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "is read-only",
        ));
    }
    OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(|err| match err.kind() {
            io::ErrorKind::PermissionDenied => {
                io::Error::new(io::ErrorKind::PermissionDenied, "is read-only")
            }
            _ => err,
        })
}

/// Whether the temporary file can replace `existing` by a rename without anyone seeing a
/// difference but the content: `existing` has no other hard link (a rename would leave
/// the other names on the old text) and the temporary file can be given its owner.
#[cfg(unix)]
fn takes_the_place_of(temp: &fs::File, existing: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    if existing.nlink() > 1 {
        return false;
    }
    let Ok(made) = temp.metadata() else {
        return false;
    };
    (made.uid(), made.gid()) == (existing.uid(), existing.gid())
        || std::os::unix::fs::fchown(temp, Some(existing.uid()), Some(existing.gid())).is_ok()
}

#[cfg(not(unix))]
fn takes_the_place_of(_temp: &fs::File, _existing: &fs::Metadata) -> bool {
    true
}

/// Writes the complete, synced `temp` over `file`, the same inode, so that its links,
/// owner and mode stay; then syncs it and removes `temp`. Should that write fail half way,
/// `temp` is kept and named: the whole new content is never lost.
fn write_through(temp: tempfile::NamedTempFile, mut file: fs::File, path: &Path) -> io::Result<()> {
    temp.as_file().sync_all()?;
    let mut source = temp.reopen()?;
    let copied = (|| {
        let length = io::copy(&mut source, &mut file)?;
        file.set_len(length)?;
        file.sync_all()
    })();
    match copied {
        Ok(()) => Ok(()),
        Err(err) => {
            let (_, kept) = temp.keep().map_err(|e| e.error)?;
            Err(io::Error::new(
                err.kind(),
                format!(
                    "{}: written only in part ({err}); the whole new content is in {}",
                    path.display(),
                    kept.display()
                ),
            ))
        }
    }
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

/// Set by the binary when standard output was closed as the process started.
static STDOUT_CLOSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Records that standard output was closed when the process started (`arsip convert
/// page.html >&-`). Rust's runtime opens `/dev/null` in its place before `main`, so the
/// output would vanish without a word and the run would exit 0; only the binary, before
/// the runtime starts, can tell.
pub fn mark_stdout_closed() {
    STDOUT_CLOSED.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Standard output, refused when it was closed (see [`mark_stdout_closed`]).
pub fn stdout() -> io::Result<io::StdoutLock<'static>> {
    if STDOUT_CLOSED.load(std::sync::atomic::Ordering::Relaxed) {
        return Err(io::Error::other("standard output is closed"));
    }
    Ok(io::stdout().lock())
}

/// Writes `bytes` to the target: standard output, or a file as [`write_file`] does.
pub fn write_target(target: &Target, bytes: &[u8], durable: bool) -> io::Result<()> {
    match target {
        Target::Stdout => {
            let mut out = stdout()?;
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

    #[test]
    fn a_file_with_hard_links_keeps_them_and_a_batch_output_does_not_write_through() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
        fs::write(&a, "old").unwrap();
        fs::hard_link(&a, &b).unwrap();
        let inode = fs::metadata(&a).unwrap().ino();
        write_file(&a, b"new", false).unwrap();
        assert_eq!(fs::metadata(&a).unwrap().ino(), inode, "the same file");
        assert_eq!(
            fs::read_to_string(&b).unwrap(),
            "new",
            "the other name sees it"
        );
        assert_eq!(fs::metadata(&a).unwrap().nlink(), 2);
        let stray = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(stray, 2, "no temporary file is left");
        // An out-dir's file linked to something else: that something is left alone.
        write_batch_output(&a, false, |out| out.write_all(b"output")).unwrap();
        assert_eq!(fs::read_to_string(&a).unwrap(), "output");
        assert_eq!(fs::read_to_string(&b).unwrap(), "new");
    }

    #[test]
    fn a_replaced_file_keeps_its_owner() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("owned.txt");
        fs::write(&file, "old").unwrap();
        if fs::metadata(&file).unwrap().uid() != 0 {
            eprintln!("SKIPPED: giving a file away takes root");
            return;
        }
        std::os::unix::fs::chown(&file, Some(65534), Some(65534)).unwrap();
        write_file(&file, b"new", false).unwrap();
        let meta = fs::metadata(&file).unwrap();
        assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
        assert_eq!(fs::read_to_string(&file).unwrap(), "new");
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
