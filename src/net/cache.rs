//! The on-disk cache of link results: working links are not asked again within the maximum age.
//!
//! One JSON file maps each URL to its result and the time it was checked. Only working links are
//! stored; failures are always checked again.
//!
//! The path comes from the user (`--cache`, `[links] cache`) and may name anything, so the cache
//! refuses to harm what it finds there:
//! - it reads only a regular file (checked before opening, and again on the file opened, which
//!   is opened non-blocking so that a FIFO swapped in meanwhile cannot hang the run), and at
//!   most [`MAX_BYTES`] of it;
//! - it replaces only a missing or empty file, or one of the cache's own shape (a JSON object
//!   with `version` and `entries`); anything else (a manuscript, another program's JSON, a file
//!   truncated by hand) is refused with a warning and left untouched, and the run goes on
//!   without a cache;
//! - it is written atomically (a temporary file in the same directory, then a rename), so a
//!   killed run never leaves a torn file;
//! - a writer holds an exclusive lock on the sidecar `<file>.lock` while it re-reads the file,
//!   merges in what other runs wrote meanwhile and renames its own over it, so runs at once keep
//!   each other's entries (the lock file stays: removing it would race with the next writer).
//!
//! The caller opens the cache only when there are links to check and saves it only after some
//! were asked over the network.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs::{File as FsFile, Metadata};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::model::online::{LinkReport, Outcome};

/// The format of the file; a file of a higher version (a newer citelint's) is left alone, one of
/// a lower version is replaced.
const VERSION: u64 = 1;

/// The largest cache file read: about 200,000 links. A larger file is refused, not truncated.
pub const MAX_BYTES: u64 = 64 << 20;

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    version: u64,
    entries: BTreeMap<String, Entry>,
}

impl File {
    fn empty() -> Self {
        File {
            version: VERSION,
            entries: BTreeMap::new(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    /// Seconds since the Unix epoch.
    checked_at: u64,
    report: LinkReport,
}

pub struct Cache {
    path: PathBuf,
    max_age: Duration,
    file: File,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// What the help of every refusal says.
const LEAVE_IT: &str = "leaving it untouched and checking without a cache; pass `--cache` a file of its own, or `--no-cache`";

/// `a FIFO`, `a directory`: what a path that is not a regular file is.
fn kind_of(meta: &Metadata) -> &'static str {
    let kind = meta.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a directory"
    } else {
        "not a file"
    }
}

/// Open `path` for reading without blocking on whatever it turns out to be.
fn open_nonblocking(path: &Path) -> std::io::Result<FsFile> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Open (or create) the lock file without blocking: a FIFO put in its place fails instead of
/// waiting for a reader.
fn open_lock(path: &Path) -> std::io::Result<FsFile> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// The bytes of the cache file, or `None` when there is none: only a regular file, only up to
/// [`MAX_BYTES`].
fn read_capped(path: &Path) -> Result<Option<Vec<u8>>, String> {
    let shown = path.display();
    let cannot = |e: std::io::Error| format!("cannot read link cache `{shown}` ({e}); {LEAVE_IT}");
    let refuse = |meta: &Metadata| -> Result<(), String> {
        if !meta.is_file() {
            return Err(format!(
                "link cache `{shown}` is not a regular file ({}); {LEAVE_IT}",
                kind_of(meta)
            ));
        }
        if meta.len() > MAX_BYTES {
            return Err(format!(
                "link cache `{shown}` is larger than {} MiB; {LEAVE_IT}",
                MAX_BYTES >> 20
            ));
        }
        Ok(())
    };
    // The path first, so that nothing but a regular file is ever opened...
    match std::fs::metadata(path) {
        Ok(meta) => refuse(&meta)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(cannot(e)),
    }
    // ...then the file opened, in case the path changed in between.
    let file = match open_nonblocking(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(cannot(e)),
    };
    refuse(&file.metadata().map_err(cannot)?)?;
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(format!(
            "link cache `{shown}` is larger than {} MiB; {LEAVE_IT}",
            MAX_BYTES >> 20
        ));
    }
    Ok(Some(bytes))
}

/// The cache at `path`: empty when there is no file, or an empty one, or one of an older
/// version; an error (a warning for the user) when the file is not a cache this citelint may
/// read and replace.
fn load(path: &Path) -> Result<File, String> {
    let Some(bytes) = read_capped(path)? else {
        return Ok(File::empty());
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(File::empty());
    }
    let not_a_cache = || {
        format!(
            "link cache `{}` is not a citelint link cache (a JSON object with `version` and `entries`); {LEAVE_IT}",
            path.display()
        )
    };
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|_| not_a_cache())?;
    let (Some(version), Some(entries)) = (
        value.get("version").and_then(serde_json::Value::as_u64),
        value.get("entries").and_then(serde_json::Value::as_object),
    ) else {
        return Err(not_a_cache());
    };
    if version > VERSION {
        return Err(format!(
            "link cache `{}` was written by a newer citelint (format {version}, this one reads {VERSION}); {LEAVE_IT}",
            path.display()
        ));
    }
    if version < VERSION {
        return Ok(File::empty());
    }
    // An entry this version cannot read is dropped, not the whole cache.
    let entries = entries
        .iter()
        .filter_map(|(url, e)| Some((url.clone(), Entry::deserialize(e).ok()?)))
        .collect();
    Ok(File {
        version: VERSION,
        entries,
    })
}

/// The sidecar lock file of the cache at `path`: `links.json.lock`.
fn lock_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    path.with_file_name(name)
}

impl Cache {
    /// The default location: `<platform cache dir>/citelint/links.json`.
    pub fn default_path() -> Option<PathBuf> {
        dirs::cache_dir().map(|d| d.join("citelint").join("links.json"))
    }

    /// Open the cache at `path`, or say (as a warning for the user) why it is not used.
    pub fn open(path: PathBuf, max_age: Duration) -> Result<Cache, String> {
        let file = load(&path)?;
        Ok(Cache {
            path,
            max_age,
            file,
        })
    }

    /// A fresh result for `url`, marked as served from the cache.
    pub fn get(&self, url: &str) -> Option<LinkReport> {
        let entry = self.file.entries.get(url)?;
        let age = now().saturating_sub(entry.checked_at);
        (age < self.max_age.as_secs()).then(|| LinkReport {
            from_cache: true,
            requests: 0,
            ..entry.report.clone()
        })
    }

    /// Remember the working links among `reports` (not those served from the cache).
    pub fn store<'a>(&mut self, reports: impl IntoIterator<Item = &'a LinkReport>) {
        let checked_at = now();
        for r in reports {
            if matches!(r.outcome, Outcome::Ok { .. }) && !r.from_cache {
                self.file.entries.insert(
                    r.url.clone(),
                    Entry {
                        checked_at,
                        report: r.clone(),
                    },
                );
            }
        }
    }

    /// Write the cache atomically, merging in what another run wrote meanwhile (our own, newer
    /// entries win) and dropping expired entries. The sidecar lock is held from the re-read to
    /// the rename, so this blocks while another run is saving. If the file at the path has
    /// meanwhile become something that is not a cache, it is left alone.
    pub fn save(mut self) -> Result<(), String> {
        let cannot = |e: &dyn std::fmt::Display| {
            format!("cannot write link cache `{}`: {e}", self.path.display())
        };
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| cannot(&e))?;
        }
        let lock = open_lock(&lock_path(&self.path)).map_err(|e| cannot(&e))?;
        // A file system without locks (some network mounts) still gets the merge, unlocked.
        let _locked = lock.lock();
        for (url, entry) in load(&self.path)?.entries {
            self.file.entries.entry(url).or_insert(entry);
        }
        let horizon = now().saturating_sub(self.max_age.as_secs());
        self.file.entries.retain(|_, e| e.checked_at >= horizon);
        let bytes = serde_json::to_vec(&self.file).map_err(|e| cannot(&e))?;
        crate::atomic::write_atomically(&self.path, &bytes).map_err(|e| cannot(&e))
        // `lock` is closed, and the lock released, after the rename.
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::online::LinkReport;

    fn ok(url: &str) -> LinkReport {
        LinkReport {
            url: url.to_string(),
            outcome: Outcome::Ok { status: 200 },
            redirects: Vec::new(),
            final_url: url.to_string(),
            moved_to: None,
            from_cache: false,
            requests: 1,
        }
    }

    #[test]
    fn lock_file_sits_beside_the_cache() {
        assert_eq!(
            lock_path(Path::new("/c/citelint/links.json")),
            Path::new("/c/citelint/links.json.lock")
        );
        assert_eq!(
            lock_path(Path::new("links.json")),
            Path::new("links.json.lock")
        );
    }

    #[test]
    fn an_empty_file_is_an_empty_cache_and_a_newer_one_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("links.json");
        std::fs::write(&path, " \n").unwrap();
        let mut cache = Cache::open(path.clone(), Duration::from_secs(60)).unwrap();
        cache.store([&ok("https://example.org/")]);
        cache.save().unwrap();
        let cache = Cache::open(path.clone(), Duration::from_secs(60)).unwrap();
        assert!(cache.get("https://example.org/").is_some());
        std::fs::write(&path, br#"{"version": 2, "entries": {}}"#).unwrap();
        let warning = Cache::open(path.clone(), Duration::from_secs(60))
            .err()
            .unwrap();
        assert!(warning.contains("newer citelint"), "{warning}");
    }

    #[test]
    fn writers_at_once_keep_each_others_entries() {
        const WRITERS: usize = 8;
        const ROUNDS: usize = 10;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("links.json");
        let day = Duration::from_secs(86_400);
        for round in 0..ROUNDS {
            let barrier = std::sync::Arc::new(std::sync::Barrier::new(WRITERS));
            let writers: Vec<_> = (0..WRITERS)
                .map(|w| {
                    let (path, barrier) = (path.clone(), barrier.clone());
                    std::thread::spawn(move || {
                        let mut cache = Cache::open(path, day).unwrap();
                        cache.store([&ok(&format!("https://example.org/{round}/{w}"))]);
                        barrier.wait();
                        cache.save().unwrap();
                    })
                })
                .collect();
            for writer in writers {
                writer.join().unwrap();
            }
        }
        let cache = Cache::open(path, day).unwrap();
        let missing: Vec<String> = (0..ROUNDS)
            .flat_map(|r| (0..WRITERS).map(move |w| format!("https://example.org/{r}/{w}")))
            .filter(|url| cache.get(url).is_none())
            .collect();
        assert!(missing.is_empty(), "lost: {missing:?}");
    }
}
