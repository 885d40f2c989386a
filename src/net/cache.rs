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
//!
//! Storage is behind [`Store`]: entries of one *section* (the links' `entries`, or another
//! online check's own) as JSON values stamped with the time they were checked, read whole and
//! merged under the store's lock. [`JsonFile`] is the one implementation: every section lives
//! in the same file, under the same lock, and saving one section keeps the others as they are.
//! The store knows nothing of what an entry means; [`Cache`] is the links' typed view of it.

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

/// The section of the store that holds link results (its historical name in the file).
pub const LINKS: &str = "entries";

/// One stored entry: when it was checked, and its fields (a check's own shape; for links,
/// `report`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Seconds since the Unix epoch.
    pub checked_at: u64,
    #[serde(flatten)]
    pub value: serde_json::Map<String, serde_json::Value>,
}

/// The entries of one section, by key (a URL for links; whatever key another check uses).
pub type Entries = BTreeMap<String, Entry>;

/// Where cached entries live between runs. A check keeps its entries in a section of its own,
/// with its own kind of key and its own maximum age.
pub trait Store: Send {
    /// The entries of `section` (none when the store is empty), or why the store is not used
    /// (a warning for the user; the store is then left untouched).
    fn load(&self, section: &str) -> Result<Entries, String>;

    /// Under the store's lock: read `section` again, add `ours` (ours win over what other runs
    /// wrote meanwhile), drop entries checked more than `max_age` ago, and write it back, leaving
    /// the other sections as they are.
    fn merge(&self, section: &str, ours: Entries, max_age: Duration) -> Result<(), String>;
}

/// The store in one JSON file (see the module's doc for what it refuses to touch).
pub struct JsonFile {
    pub path: PathBuf,
}

/// The link results cache: the links' typed view of a [`Store`].
pub struct Cache {
    store: Box<dyn Store>,
    max_age: Duration,
    /// What the store held when opened.
    stored: Entries,
    /// This run's results, to be merged in on save.
    ours: Entries,
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

/// The file at `path` as a JSON object: an empty cache when there is no file, or an empty one,
/// or one of an older version; an error (a warning for the user) when the file is not a cache
/// this citelint may read and replace.
fn read_object(path: &Path) -> Result<serde_json::Map<String, serde_json::Value>, String> {
    let empty = || {
        let mut object = serde_json::Map::new();
        object.insert("version".into(), VERSION.into());
        object.insert(LINKS.into(), serde_json::Map::new().into());
        object
    };
    let Some(bytes) = read_capped(path)? else {
        return Ok(empty());
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(empty());
    }
    let not_a_cache = || {
        format!(
            "link cache `{}` is not a citelint link cache (a JSON object with `version` and `entries`); {LEAVE_IT}",
            path.display()
        )
    };
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|_| not_a_cache())?;
    let serde_json::Value::Object(object) = value else {
        return Err(not_a_cache());
    };
    let (Some(version), true) = (
        object.get("version").and_then(serde_json::Value::as_u64),
        object.get(LINKS).is_some_and(serde_json::Value::is_object),
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
        return Ok(empty());
    }
    Ok(object)
}

/// The entries of `section` in `object`; an entry this version cannot read is dropped, not the
/// whole section.
fn section_of(object: &serde_json::Map<String, serde_json::Value>, section: &str) -> Entries {
    object
        .get(section)
        .and_then(serde_json::Value::as_object)
        .map(|entries| {
            entries
                .iter()
                .filter_map(|(key, e)| Some((key.clone(), Entry::deserialize(e).ok()?)))
                .collect()
        })
        .unwrap_or_default()
}

/// The sidecar lock file of the cache at `path`: `links.json.lock`.
fn lock_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    path.with_file_name(name)
}

impl Store for JsonFile {
    fn load(&self, section: &str) -> Result<Entries, String> {
        Ok(section_of(&read_object(&self.path)?, section))
    }

    /// The sidecar lock is held from the re-read to the rename, so this blocks while another
    /// run is saving. If the file has meanwhile become something that is not a cache, it is
    /// left alone.
    fn merge(&self, section: &str, ours: Entries, max_age: Duration) -> Result<(), String> {
        let cannot = |e: &dyn std::fmt::Display| {
            format!("cannot write link cache `{}`: {e}", self.path.display())
        };
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| cannot(&e))?;
        }
        let lock = open_lock(&lock_path(&self.path)).map_err(|e| cannot(&e))?;
        // A file system without locks (some network mounts) still gets the merge, unlocked.
        let _locked = lock.lock();
        let mut object = read_object(&self.path)?;
        let mut entries = section_of(&object, section);
        entries.extend(ours);
        let horizon = now().saturating_sub(max_age.as_secs());
        entries.retain(|_, e| e.checked_at >= horizon);
        let entries = serde_json::to_value(entries).map_err(|e| cannot(&e))?;
        object.insert(section.to_string(), entries);
        object.insert("version".into(), VERSION.into());
        let bytes = serde_json::to_vec(&object).map_err(|e| cannot(&e))?;
        crate::atomic::write_atomically(&self.path, &bytes).map_err(|e| cannot(&e))
        // `lock` is closed, and the lock released, after the rename.
    }
}

impl Cache {
    /// The default location: `<platform cache dir>/citelint/links.json`.
    pub fn default_path() -> Option<PathBuf> {
        dirs::cache_dir().map(|d| d.join("citelint").join("links.json"))
    }

    /// Open the cache file at `path`, or say (as a warning for the user) why it is not used.
    pub fn open(path: PathBuf, max_age: Duration) -> Result<Cache, String> {
        Cache::in_store(Box::new(JsonFile { path }), max_age)
    }

    /// The link results kept in `store`.
    pub fn in_store(store: Box<dyn Store>, max_age: Duration) -> Result<Cache, String> {
        let stored = store.load(LINKS)?;
        Ok(Cache {
            store,
            max_age,
            stored,
            ours: Entries::new(),
        })
    }

    /// A fresh result for `url`, marked as served from the cache.
    pub fn get(&self, url: &str) -> Option<LinkReport> {
        let entry = self.stored.get(url)?;
        let age = now().saturating_sub(entry.checked_at);
        let report = LinkReport::deserialize(entry.value.get("report")?).ok()?;
        (age < self.max_age.as_secs()).then_some(LinkReport {
            from_cache: true,
            requests: 0,
            ..report
        })
    }

    /// Remember the working links among `reports` (not those served from the cache).
    pub fn store<'a>(&mut self, reports: impl IntoIterator<Item = &'a LinkReport>) {
        let checked_at = now();
        for r in reports {
            if matches!(r.outcome, Outcome::Ok { .. }) && !r.from_cache {
                let Ok(report) = serde_json::to_value(r) else {
                    continue;
                };
                let mut value = serde_json::Map::new();
                value.insert("report".into(), report);
                self.ours.insert(r.url.clone(), Entry { checked_at, value });
            }
        }
    }

    /// Write this run's results, merged with what other runs wrote meanwhile (ours win), and
    /// drop expired entries.
    pub fn save(self) -> Result<(), String> {
        self.store.merge(LINKS, self.ours, self.max_age)
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
    fn another_section_shares_the_file_and_keeps_its_own_max_age() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("links.json");
        let store = JsonFile { path: path.clone() };
        let entry = |checked_at, record: &str| Entry {
            checked_at,
            value: serde_json::json!({ "record": record })
                .as_object()
                .unwrap()
                .clone(),
        };
        // Another check's entries, under its own keys: one fresh, one older than its max age.
        let mut ours = Entries::new();
        ours.insert("doi:10.1000/1".into(), entry(now(), "fresh"));
        ours.insert("doi:10.1000/2".into(), entry(now() - 7200, "stale"));
        store
            .merge("provenance", ours, Duration::from_secs(3600))
            .unwrap();
        // The links save through their own view of the same file...
        let mut cache = Cache::open(path.clone(), Duration::from_secs(60)).unwrap();
        cache.store([&ok("https://example.org/")]);
        cache.save().unwrap();
        // ...and each section keeps what it should.
        let provenance = store.load("provenance").unwrap();
        assert_eq!(
            provenance.keys().collect::<Vec<_>>(),
            ["doi:10.1000/1"],
            "{provenance:?}"
        );
        assert_eq!(provenance["doi:10.1000/1"].value["record"], "fresh");
        let cache = Cache::open(path, Duration::from_secs(60)).unwrap();
        assert!(cache.get("https://example.org/").is_some());
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
