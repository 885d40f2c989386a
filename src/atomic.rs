//! Writing files without ever leaving half of one: every file citelint writes (`init`, `--fix`,
//! the link cache, manual pages) goes through here.

use std::path::Path;

use crate::error::Error;

/// Write `text` to a new file at `path` (an existing one is replaced only with `force`).
pub fn write_new(path: &Path, text: &str, force: bool) -> Result<(), Error> {
    if path.exists() && !force {
        return Err(Error::Exists {
            path: path.display().to_string(),
        });
    }
    write_atomically(path, text.as_bytes()).map_err(|source| Error::Write {
        path: path.display().to_string(),
        source,
    })
}

/// Write `bytes` to `path` atomically: a temporary file in the same directory (created if
/// needed), given the permissions of the file it replaces, then renamed over it. A crash or a
/// concurrent writer never leaves a torn file. Every file citelint writes goes through here.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut tmp, bytes)?;
    if let Ok(meta) = std::fs::metadata(path) {
        std::fs::set_permissions(tmp.path(), meta.permissions())?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
