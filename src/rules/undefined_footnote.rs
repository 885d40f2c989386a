use super::{Context, Rule, rule_info};
use crate::model::{Diagnostic, Format};

rule_info!(
    "N001",
    "undefined-footnote",
    Error,
    "a footnote reference with no footnote text",
    "undefined_footnote.rs"
);

/// ## What it does
/// Finds footnote references in the body text (`in 1950.3 In the letter`) for which no footnote
/// text with that number exists in the same numbering sequence (numbering may restart at 1 in
/// each chapter).
///
/// In a PDF whose notes and markers mostly do not pair up (the reader could not follow its
/// layout), `I002` gives the counts instead.
///
/// ## Why is this bad?
/// A reader who follows the marker finds nothing: the claim it supports has no source. This
/// happens when a note is deleted but its marker is not, or when a draft is cut between pages.
///
/// ## Example
/// ```text
/// Stalin wrote to Gottwald on 27 August 1950.3 In the letter ...
/// ```
/// with no line starting `3 ` at the foot of the page.
///
/// ## How to fix
/// Add the text of the note, or remove the marker.
pub struct UndefinedFootnote;

impl Rule for UndefinedFootnote {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let m = cx.manuscript;
        // A layout whose notes mostly do not pair up is `I002`'s to report.
        if super::unread_footnotes::unreliable_pairing(m).is_some() {
            return;
        }
        for r in m.unpaired().0 {
            out.push(
                Diagnostic::new(
                    &INFO,
                    r.span,
                    format!("footnote `{}` is referenced but has no text", r.label),
                )
                .label(format!("reference to footnote {}", r.label))
                .help(if m.format == Format::Markdown {
                    format!(
                        "define the note (`[^{}]: …`), or remove the reference",
                        r.label
                    )
                } else {
                    format!(
                        "add the text of footnote {} at the foot of the page, or remove the reference",
                        r.label
                    )
                }),
            );
        }
    }
}
