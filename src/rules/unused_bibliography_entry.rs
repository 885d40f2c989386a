use std::collections::HashSet;

use super::bibliography::{Keys, checkable};
use super::{Context, Rule, rule_info};
use crate::model::Diagnostic;

rule_info!(
    "B002",
    "unused-bibliography-entry",
    Warning,
    "a bibliography entry that nothing cites",
    "unused_bibliography_entry.rs"
);

/// ## What it does
/// Reports an entry of the manuscript's bibliographies that no citation names, no `\nocite`
/// lists and no cited entry inherits from through `crossref`. Off when the manuscript cites
/// every entry (`\nocite{*}`). Checked for a LaTeX project, whose main file is the whole
/// document; not for a Markdown chapter, whose bibliography the other chapters may share, nor
/// for a `.bib` checked on its own.
///
/// ## Why is this bad?
/// With BibTeX or biber the entry is left out of the printed bibliography, so a work the
/// author meant to list is missing; otherwise it is dead weight that hides the entries that
/// matter.
///
/// ## Example
/// ```text
/// @book{Halberstam2007, …}
/// ```
/// cited nowhere in the thesis.
///
/// ## How to fix
/// Cite it, list it with `\nocite{Halberstam2007}` if it belongs in the bibliography uncited, or
/// remove it.
pub struct UnusedBibliographyEntry;

impl Rule for UnusedBibliographyEntry {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let m = cx.manuscript;
        if !checkable(m) || m.cites_all || !m.owns_bibliographies {
            return;
        }
        let keys = Keys::new(&m.entries);
        let mut used: HashSet<String> = HashSet::new();
        let mut queue: Vec<String> = m
            .cites
            .iter()
            .flat_map(|c| &c.items)
            .map(|i| i.key.to_lowercase())
            .collect();
        // A cited entry's crossref parent is used through it.
        while let Some(key) = queue.pop() {
            if !used.insert(key.clone()) {
                continue;
            }
            if let Some(parent) = keys
                .folded
                .get(&key)
                .and_then(|e| e.field("crossref"))
                .filter(|f| !f.inherited)
            {
                queue.push(parent.value.to_lowercase());
            }
        }
        for e in &m.entries {
            if used.contains(&e.key.to_lowercase()) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &INFO,
                    e.key_span,
                    format!("bibliography entry `{}` is never cited", e.key),
                )
                .label("not cited")
                .help(format!(
                    "cite it, list it uncited with `\\nocite{{{}}}`, or remove it",
                    e.key
                )),
            );
        }
    }
}
