//! Writing output files so that a reader never sees half of one.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` through a temporary file in the same folder, renamed into place
/// once complete and flushed to disk: an interrupted run, even by a power cut, leaves the
/// old file or none, never a partial one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomically_with(path, bytes, true)
}

/// [`write_atomically`], with the flush to disk optional. Without it a killed process still
/// never leaves a partial file (the rename is atomic and the kernel keeps what was
/// written), but a power cut may; batches skip it unless asked, since flushing each of
/// thousands of small files costs more than converting them.
pub fn write_atomically_with(path: &Path, bytes: &[u8], durable: bool) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".arsip-")
        .suffix(".tmp")
        .tempfile_in(folder)?;
    temp.write_all(bytes)?;
    if durable {
        temp.as_file().sync_all()?;
    }
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
