use super::{Context, Rule, rule_info};
use crate::model::Diagnostic;

rule_info!(
    "N003",
    "duplicate-footnote",
    Error,
    "two footnote texts with the same number",
    "duplicate_footnote.rs"
);

/// ## What it does
/// Finds a footnote text whose number an earlier footnote text in the same numbering sequence
/// already has.
///
/// ## Why is this bad?
/// A reference to that number is ambiguous: the reader cannot tell which source supports the
/// claim. Usually a note was pasted twice, or renumbered by hand.
///
/// ## Example
/// ```text
/// 2 Dean Acheson, Present at the Creation (New York: Norton, 1969), 363.
/// 2 David Halberstam, The Coldest Winter (New York: Hyperion, 2007), 201.
/// ```
///
/// ## How to fix
/// Renumber the notes, or merge the two into one.
pub struct DuplicateFootnote;

impl Rule for DuplicateFootnote {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let m = cx.manuscript;
        for same in m.notes_by_label().values().filter(|v| v.len() > 1) {
            let first = &m.notes[same[0]];
            for n in same[1..].iter().map(|&i| &m.notes[i]) {
                out.push(
                    Diagnostic::new(
                        &INFO,
                        n.label_span,
                        format!("footnote `{}` is defined more than once", n.label),
                    )
                    .label("defined again here")
                    .secondary(first.label_span, "first defined here")
                    .help(format!(
                        "renumber one of the notes numbered {}, or merge them",
                        n.label
                    )),
                );
            }
        }
    }
}
