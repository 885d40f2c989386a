//! The provenance cache: a section of its own (`provenance`) in the link cache's store
//! ([`crate::net::cache::Store`], one JSON file under one lock), mapping each lookup (`doi:…`,
//! `isbn:…`, `work:…`, `cdx:…`, `page:…`) to what the service said and when.
//!
//! Only answers are stored, never failures (a service that was down is asked again next run).
//! Entries older than the maximum age are neither used nor kept. A file that is not a citelint
//! cache is never touched (the store refuses it, and the warning says so); the section is
//! merged under the store's lock with what another run wrote meanwhile.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::model::provenance::{Captures, Lookup, Page};
use crate::net::cache::{self, Entries, JsonFile, Store as _};

/// The store's section for provenance lookups.
const SECTION: &str = "provenance";

/// What one entry holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Value {
    Lookup(Lookup),
    Captures(Captures),
    Page(Page),
}

pub struct Store {
    file: JsonFile,
    max_age: Duration,
    entries: Entries,
    ours: Entries,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Store {
    /// The provenance section of the link cache at `path`, or why it is not used (a warning;
    /// the lookups are then asked and not stored).
    pub fn open(path: PathBuf, max_age: Duration) -> Result<Store, String> {
        let file = JsonFile { path };
        let entries = file.load(SECTION)?;
        Ok(Store {
            file,
            max_age,
            entries,
            ours: Entries::new(),
        })
    }

    /// An entry for `key` younger than `max_age` (and than the store's own maximum age).
    pub fn get_within(&self, key: &str, max_age: Duration) -> Option<Value> {
        let entry = self.ours.get(key).or_else(|| self.entries.get(key))?;
        let max_age = max_age.min(self.max_age);
        if now().saturating_sub(entry.checked_at) >= max_age.as_secs() {
            return None;
        }
        let value = entry.value.get("value")?.clone();
        serde_json::from_value(value).ok()
    }

    pub fn put(&mut self, key: String, value: Value) {
        let Ok(value) = serde_json::to_value(value) else {
            return;
        };
        let mut fields = serde_json::Map::new();
        fields.insert("value".into(), value);
        self.ours.insert(
            key,
            cache::Entry {
                checked_at: now(),
                value: fields,
            },
        );
    }

    /// Merge what this run asked into the store, when it asked anything.
    pub fn save(self) -> Result<(), String> {
        if self.ours.is_empty() {
            return Ok(());
        }
        self.file.merge(SECTION, self.ours, self.max_age)
    }
}
