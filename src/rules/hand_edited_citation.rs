use super::{Context, Rule, rule_info};
use crate::model::{Diagnostic, Manager};

rule_info!(
    "C011",
    "hand-edited-citation",
    Warning,
    "a reference-manager citation whose text was edited by hand",
    "hand_edited_citation.rs"
);

/// ## What it does
/// Reports a citation that Zotero, Mendeley or EndNote inserted into a Word or LibreOffice
/// document whose visible text is no longer the text the reference manager generated for it
/// (Zotero's `plainCitation`, Mendeley's `plainTextFormattedCitation`, EndNote's
/// `DisplayText`): someone edited it by hand. Whitespace differences do not count. The other
/// citation rules read such a citation from the manager's data (its locator is its page).
///
/// ## Why is this bad?
/// The edit lives only in the document. The manager's data, which the bibliography and every
/// later note are built from, still says what it said; when the manager next refreshes its
/// citations it either overwrites the edit or stops updating this citation, and the two drift
/// apart. A page range typed into the text is a page the data does not have.
///
/// ## Example
/// Zotero generated `Dean Acheson, Present at the Creation: My Years in the State Department
/// (New York: W. W. Norton, 1969), 357.` and the note now reads:
/// ```text
/// 3 Dean Acheson, Present at the Creation (New York: Norton, 1969), 357–58.
/// ```
///
/// ## How to fix
/// Make the change in the reference manager (Zotero's or Mendeley's citation dialog, EndNote's
/// Edit & Manage Citations: the page, a prefix or suffix, a short title) and let it rewrite the
/// citation; correct the item in the library if its data is wrong.
pub struct HandEditedCitation;

impl Rule for HandEditedCitation {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for c in cx.manuscript.managed.iter().filter(|c| c.edited()) {
            let name = c.manager.name();
            let dialog = match c.manager {
                Manager::Zotero => "Zotero's Add/Edit Citation dialog",
                Manager::Mendeley => "Mendeley's citation editor",
                Manager::EndNote => "EndNote's Edit & Manage Citations",
            };
            let generated = c.generated.as_deref().unwrap_or_default();
            out.push(
                Diagnostic::new(
                    &INFO,
                    c.span,
                    format!("citation text differs from what {name} generated"),
                )
                .label("edited by hand")
                .help(format!(
                    "make the change in {dialog} and let {name} rewrite the citation; a hand edit is lost or frozen when {name} refreshes its citations"
                ))
                .note(format!("{name} generated `{generated}`")),
            );
        }
    }
}
