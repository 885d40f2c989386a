use super::{Context, Rule, rule_info};
use crate::model::Diagnostic;

rule_info!(
    "U003",
    "unused-link-definition",
    Warning,
    "a link reference definition that no link uses",
    "unused_link_definition.rs"
);

/// ## What it does
/// Reports a Markdown link reference definition (`[label]: https://…`) that no link of the
/// manuscript refers to (`[text][label]`, `[label][]` or `[label]`). Labels are compared as
/// Markdown compares them, without regard to case.
///
/// ## Why is this bad?
/// A definition that nothing uses is invisible in the rendered text: the source it names is
/// cited nowhere. Usually a link's label was misspelt (`[text][wilsom]`), so the reader gets the
/// brackets as literal text, or the citation that used it was deleted.
///
/// ## Example
/// ```text
/// The documents are online at [the Wilson Center][wilsom].
///
/// [wilson]: https://digitalarchive.wilsoncenter.org/
/// ```
///
/// ## How to fix
/// Correct the label of the link that should use the definition, or delete the definition.
pub struct UnusedLinkDefinition;

impl Rule for UnusedLinkDefinition {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for d in cx.manuscript.link_definitions.iter().filter(|d| !d.used) {
            out.push(
                Diagnostic::new(
                    &INFO,
                    d.span,
                    format!("link definition `{}` is never used", d.label),
                )
                .label("no link refers to this label")
                .help(format!(
                    "refer to it with `[text][{}]`, correct the label of the link meant to use it, or delete it",
                    d.label
                )),
            );
        }
    }
}
