//! The on-disk cache of link results: working links are not asked again within the maximum age.
//!
//! One JSON file maps each URL to its result and the time it was checked. Only working links are
//! stored; failures are always checked again. The file is written atomically (a temporary file
//! in the same directory, then a rename), so a killed run or two runs at once never leave a torn
//! file; entries another run wrote meanwhile are kept. A file that cannot be read or parsed is
//! ignored with a warning, and replaced on the next write.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::model::online::{LinkReport, Outcome};

const VERSION: u32 = 1;

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    version: u32,
    entries: BTreeMap<String, Entry>,
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

fn load(path: &Path) -> Result<File, String> {
    match std::fs::read(path) {
        Ok(bytes) => {
            let file: File = serde_json::from_slice(&bytes).map_err(|e| {
                format!(
                    "link cache `{}` is corrupt ({e}); ignoring it",
                    path.display()
                )
            })?;
            if file.version != VERSION {
                return Err(format!(
                    "link cache `{}` has version {}, not {VERSION}; ignoring it",
                    path.display(),
                    file.version
                ));
            }
            Ok(file)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(File {
            version: VERSION,
            ..File::default()
        }),
        Err(e) => Err(format!(
            "cannot read link cache `{}` ({e}); ignoring it",
            path.display()
        )),
    }
}

impl Cache {
    /// The default location: `<platform cache dir>/citelint/links.json`.
    pub fn default_path() -> Option<PathBuf> {
        dirs::cache_dir().map(|d| d.join("citelint").join("links.json"))
    }

    /// Open the cache at `path`; a warning comes back when an existing file was unusable.
    pub fn open(path: PathBuf, max_age: Duration) -> (Cache, Option<String>) {
        let (file, warning) = match load(&path) {
            Ok(file) => (file, None),
            Err(warning) => (
                File {
                    version: VERSION,
                    ..File::default()
                },
                Some(warning),
            ),
        };
        (
            Cache {
                path,
                max_age,
                file,
            },
            warning,
        )
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

    /// Write the cache atomically, merging in what another run may have written meanwhile
    /// (our own, newer entries win) and dropping expired entries.
    pub fn save(mut self) -> Result<(), String> {
        if let Ok(on_disk) = load(&self.path) {
            for (url, entry) in on_disk.entries {
                self.file.entries.entry(url).or_insert(entry);
            }
        }
        let horizon = now().saturating_sub(self.max_age.as_secs());
        self.file.entries.retain(|_, e| e.checked_at >= horizon);
        let bytes = serde_json::to_vec(&self.file).map_err(|e| e.to_string());
        bytes
            .and_then(|b| {
                crate::atomic::write_atomically(&self.path, &b).map_err(|e| e.to_string())
            })
            .map_err(|e| format!("cannot write link cache `{}`: {e}", self.path.display()))?;
        Ok(())
    }
}
