use super::bibliography::{Keys, checkable, is_cross_reference};
use super::{Context, Rule, rule_info};
use crate::model::Diagnostic;

rule_info!(
    "B001",
    "undefined-citation-key",
    Error,
    "a citation key that no entry of the bibliography has",
    "undefined_citation_key.rs"
);

/// ## What it does
/// Reports a citation by key (`\cite{smith2001}`, `\footcite[45]{smith2001}`, pandoc's
/// `[@smith2001, p. 45]`) whose key is not the key of any entry in the bibliographies the
/// manuscript names (`\bibliography{}`, `\addbibresource{}`, Markdown front matter
/// `bibliography:`). A key that differs from an entry's only in letter case is `B004`'s.
/// Nothing is reported when a bibliography is missing (`I005`) or in a format citelint does not
/// read.
///
/// ## Why is this bad?
/// LaTeX prints `[?]` or the bold key where the citation should be, and the bibliography lacks
/// the work; pandoc prints the key. The reader cannot find the source.
///
/// ## Example
/// ```text
/// An undefined work is cited here \citep{Nobody1999}.
/// ```
/// with no `@…{Nobody1999,` in `refs.bib`.
///
/// ## How to fix
/// Correct the key, or add the entry to the bibliography.
pub struct UndefinedCitationKey;

impl Rule for UndefinedCitationKey {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let m = cx.manuscript;
        if !checkable(m) {
            return;
        }
        let keys = Keys::new(&m.entries);
        let files: Vec<&str> = m.bibliographies.iter().map(|b| b.path.as_str()).collect();
        for item in m.cites.iter().flat_map(|c| &c.items) {
            if is_cross_reference(&item.key) || keys.find(&item.key).is_some() {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &INFO,
                    item.key_span,
                    format!("citation key `{}` is not in the bibliography", item.key),
                )
                .label("no entry has this key")
                .help(format!(
                    "correct the key, or add an entry `{}` to `{}`",
                    item.key,
                    files.join("`, `")
                )),
            );
        }
    }
}
