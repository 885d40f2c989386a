use super::{Context, Rule, rule_info};
use crate::model::{Diagnostic, Format};

rule_info!(
    "N002",
    "unreferenced-footnote",
    Warning,
    "a footnote text that no reference points to",
    "unreferenced_footnote.rs"
);

/// ## What it does
/// Finds footnote texts whose number no reference in the body text carries, in the same
/// numbering sequence.
///
/// In a PDF whose notes and markers mostly do not pair up (the reader could not follow its
/// layout), `I002` gives the counts instead.
///
/// ## Why is this bad?
/// The note's source supports nothing the reader can find: the marker was probably deleted
/// while the sentence was rewritten, and the note may now sit under the wrong claim.
///
/// ## Example
/// ```text
/// The partition was decided in haste. It was meant to be temporary.
/// 4 Ibid., p. 12.
/// ```
///
/// ## How to fix
/// Put the marker back after the claim the note supports, or delete the note.
pub struct UnreferencedFootnote;

impl Rule for UnreferencedFootnote {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let m = cx.manuscript;
        // A layout whose notes mostly do not pair up is `I002`'s to report.
        if super::unread_footnotes::unreliable_pairing(m).is_some() {
            return;
        }
        for n in m.unpaired().1 {
            out.push(
                Diagnostic::new(
                    &INFO,
                    n.label_span,
                    format!("footnote `{}` is never referenced", n.label),
                )
                .label("no reference carries this number")
                .help(if m.format == Format::Markdown {
                    format!(
                        "refer to it with `[^{}]` after the claim it supports, or delete it",
                        n.label
                    )
                } else {
                    format!(
                        "add the marker `{}` after the claim this note supports, or delete the note",
                        n.label
                    )
                }),
            );
        }
    }
}
