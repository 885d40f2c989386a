use super::bibliography::{Keys, checkable};
use super::{Context, Rule, rule_info};
use crate::model::Diagnostic;

rule_info!(
    "B004",
    "citation-key-case-mismatch",
    Warning,
    "a citation key that matches an entry only when letter case is ignored",
    "citation_key_case.rs"
);

/// ## What it does
/// Reports a citation by key that names an entry of the bibliography in another letter case:
/// `\cite{smith2001}` for the entry `@book{Smith2001, …}`.
///
/// ## Why is this bad?
/// Keys are case-sensitive for biber and pandoc, which report the key as undefined; BibTeX
/// matches it but warns of a case mismatch, and two spellings of one key in a manuscript are a
/// trap for the next edit.
///
/// ## Example
/// ```text
/// The front settled in 1951 \citep{smith2001}.
/// ```
/// with `@book{Smith2001, …}` in the bibliography.
///
/// ## How to fix
/// Write the key as the entry does.
pub struct CitationKeyCase;

impl Rule for CitationKeyCase {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let m = cx.manuscript;
        if !checkable(m) {
            return;
        }
        let keys = Keys::new(&m.entries);
        for item in m.cites.iter().flat_map(|c| &c.items) {
            if keys.exact.contains_key(item.key.as_str()) {
                continue;
            }
            let Some(entry) = keys.folded.get(&item.key.to_lowercase()) else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    &INFO,
                    item.key_span,
                    format!(
                        "citation key `{}` differs in letter case from the entry `{}`",
                        item.key, entry.key
                    ),
                )
                .label("letter case differs")
                .secondary(entry.key_span, "the entry")
                .help(format!("write `{}`", entry.key)),
            );
        }
    }
}
