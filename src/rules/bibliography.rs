//! Helpers the bibliography rules share: the entries by key, and whether the manuscript's
//! citations by key can be checked against them.

use std::collections::HashMap;

use crate::model::{Entry, Manuscript};

/// Keys pandoc-crossref and Quarto use for figures, tables and sections (`@fig:map`): not
/// citations.
const CROSS_REFERENCE_PREFIXES: &[&str] = &["fig:", "sec:", "tbl:", "eq:", "lst:", "thm:"];

/// The entries of a manuscript's bibliographies by key: exactly as written, and lowercased.
pub struct Keys<'a> {
    pub exact: HashMap<&'a str, &'a Entry>,
    pub folded: HashMap<String, &'a Entry>,
}

impl<'a> Keys<'a> {
    pub fn new(entries: &'a [Entry]) -> Self {
        let mut exact = HashMap::with_capacity(entries.len());
        let mut folded = HashMap::with_capacity(entries.len());
        for e in entries {
            exact.entry(e.key.as_str()).or_insert(e);
            folded.entry(e.key.to_lowercase()).or_insert(e);
        }
        Keys { exact, folded }
    }

    /// The entry a key names, exactly or but for letter case.
    pub fn find(&self, key: &str) -> Option<&'a Entry> {
        self.exact
            .get(key)
            .or_else(|| self.folded.get(&key.to_lowercase()))
            .copied()
    }
}

/// The citations by key can be checked: the manuscript names bibliographies and every one of
/// them was read (a missing one is `I005`'s, a CSL JSON one is not read).
pub fn checkable(m: &Manuscript) -> bool {
    !m.bibliographies.is_empty() && m.bibliographies.iter().all(|b| b.read)
}

/// A key that is a cross-reference to a figure or section, not a citation.
pub fn is_cross_reference(key: &str) -> bool {
    CROSS_REFERENCE_PREFIXES.iter().any(|p| key.starts_with(p))
}
