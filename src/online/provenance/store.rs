//! The provenance cache: one JSON file beside the link cache (`provenance.json`), mapping each
//! lookup (`doi:…`, `isbn:…`, `work:…`, `cdx:…`, `page:…`) to what the service said and when.
//!
//! Only answers are stored, never failures (a service that was down is asked again next run).
//! Entries older than the maximum age are neither used nor kept. The file is written atomically
//! through `atomic.rs`, merged with what another run wrote meanwhile; an unreadable file is
//! ignored with a warning and replaced.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::model::provenance::{Captures, Lookup, Page};

const VERSION: u32 = 1;

/// What one entry holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Value {
    Lookup(Lookup),
    Captures(Captures),
    Page(Page),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    /// Seconds since the Unix epoch.
    checked_at: u64,
    value: Value,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    version: u32,
    entries: BTreeMap<String, Entry>,
}

pub struct Store {
    path: PathBuf,
    max_age: Duration,
    file: File,
    changed: bool,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn load(path: &PathBuf) -> Result<File, String> {
    match std::fs::read(path) {
        Ok(bytes) => match serde_json::from_slice::<File>(&bytes) {
            Ok(file) if file.version == VERSION => Ok(file),
            Ok(_) | Err(_) => Err(format!(
                "provenance cache `{}` is unreadable; ignoring it",
                path.display()
            )),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(File::default()),
        Err(e) => Err(format!(
            "cannot read provenance cache `{}` ({e}); ignoring it",
            path.display()
        )),
    }
}

impl Store {
    /// The cache beside the link cache at `links`.
    pub fn beside(links: &std::path::Path) -> PathBuf {
        links.with_file_name("provenance.json")
    }

    pub fn open(path: PathBuf, max_age: Duration) -> (Store, Option<String>) {
        let (file, warning) = match load(&path) {
            Ok(file) => (file, None),
            Err(w) => (File::default(), Some(w)),
        };
        let store = Store {
            path,
            max_age,
            file,
            changed: false,
        };
        (store, warning)
    }

    /// An entry for `key` younger than `max_age` (and than the store's own maximum age).
    pub fn get_within(&self, key: &str, max_age: Duration) -> Option<&Value> {
        let entry = self.file.entries.get(key)?;
        let max_age = max_age.min(self.max_age);
        (now().saturating_sub(entry.checked_at) < max_age.as_secs()).then_some(&entry.value)
    }

    pub fn put(&mut self, key: String, value: Value) {
        self.changed = true;
        self.file.entries.insert(
            key,
            Entry {
                checked_at: now(),
                value,
            },
        );
    }

    /// Write the file atomically when something was added, keeping what another run wrote
    /// meanwhile and dropping expired entries.
    pub fn save(mut self) -> Result<(), String> {
        if !self.changed {
            return Ok(());
        }
        if let Ok(on_disk) = load(&self.path) {
            for (key, entry) in on_disk.entries {
                self.file.entries.entry(key).or_insert(entry);
            }
        }
        let horizon = now().saturating_sub(self.max_age.as_secs());
        self.file.entries.retain(|_, e| e.checked_at >= horizon);
        self.file.version = VERSION;
        let bytes = serde_json::to_vec(&self.file).map_err(|e| e.to_string());
        bytes
            .and_then(|b| {
                crate::atomic::write_atomically(&self.path, &b).map_err(|e| e.to_string())
            })
            .map_err(|e| {
                format!(
                    "cannot write provenance cache `{}`: {e}",
                    self.path.display()
                )
            })
    }
}
