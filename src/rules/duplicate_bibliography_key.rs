use std::collections::HashMap;

use super::{Context, Rule, rule_info};
use crate::model::{Diagnostic, Entry};

rule_info!(
    "B003",
    "duplicate-bibliography-key",
    Error,
    "two bibliography entries with the same key",
    "duplicate_bibliography_key.rs"
);

/// ## What it does
/// Reports an entry whose key an earlier entry already has, in the same `.bib` or in another
/// bibliography of the manuscript. Keys that differ only in letter case count as the same, as
/// BibTeX counts them.
///
/// ## Why is this bad?
/// BibTeX and biber keep the first entry and drop the second (with a warning that scrolls past
/// in the log): citations of the key show the first, whichever the author edited last.
///
/// ## Example
/// ```text
/// @article{Weathersby1993, title = {New Findings on the {Korean} War}, …}
/// @article{Weathersby1993, title = {New Findings on the {Korean} War (Second Copy)}, …}
/// ```
///
/// ## How to fix
/// Delete the copy, or give it a key of its own and cite that.
pub struct DuplicateBibliographyKey;

impl Rule for DuplicateBibliographyKey {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let mut first: HashMap<String, &Entry> = HashMap::new();
        for e in &cx.manuscript.entries {
            let Some(earlier) = first.get(&e.key.to_lowercase()) else {
                first.insert(e.key.to_lowercase(), e);
                continue;
            };
            let message = if earlier.key == e.key {
                format!("duplicate bibliography key `{}`", e.key)
            } else {
                format!(
                    "bibliography key `{}` differs only in letter case from `{}`",
                    e.key, earlier.key
                )
            };
            out.push(
                Diagnostic::new(&INFO, e.key_span, message)
                    .label("this entry is ignored")
                    .secondary(earlier.key_span, "the entry that is used")
                    .help("delete the copy, or give it a key of its own"),
            );
        }
    }
}
