use super::{Context, Rule, rule_info};
use crate::model::{Diagnostic, NoteRef};

rule_info!(
    "N004",
    "footnote-sequence",
    Warning,
    "footnote numbering that skips or goes backwards",
    "footnote_sequence.rs"
);

/// ## What it does
/// Reads the footnote references in text order and reports a reference whose number is not the
/// previous one plus one: numbering that skips (`2` then `4`) or goes backwards or repeats (`4`
/// then `3`). A return to `1` is a new numbering sequence (a new chapter), not a fault.
///
/// ## Why is this bad?
/// Notes numbered out of order are a sign of a note deleted, moved or renumbered by hand; the
/// markers may no longer point at the notes the author meant.
///
/// ## Example
/// ```text
/// ... as the record shows.2 Later, the policy changed.4 ...
/// ```
///
/// ## How to fix
/// Renumber the references and notes, or restore the missing note.
pub struct FootnoteSequence;

impl Rule for FootnoteSequence {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        // Only numbered labels have an order; a further reference to a note already
        // referenced (Markdown allows it) is not a step of the numbering.
        let refs: Vec<(&NoteRef, u32)> = cx
            .manuscript
            .refs
            .iter()
            .filter(|r| !r.repeat)
            .filter_map(|r| Some((r, r.number?)))
            .collect();
        // The reference before in the same sequence: sequences may interleave (LaTeX's
        // endnotes among its footnotes).
        let mut last: std::collections::HashMap<usize, (&NoteRef, u32)> =
            std::collections::HashMap::new();
        for &(r, number) in &refs {
            let previous = last.insert(r.section, (r, number));
            let expected = previous.map_or(1, |(_, n)| n + 1);
            if number == expected {
                continue;
            }
            let previous = previous.map(|(p, _)| p);
            let (message, help) = match previous {
                Some(p) if number < expected => (
                    format!(
                        "footnote numbering goes back from `{}` to `{}`",
                        p.label, r.label
                    ),
                    format!(
                        "number the references in the order they appear: this one should be `{expected}`"
                    ),
                ),
                _ => (
                    match previous {
                        Some(p) => {
                            format!(
                                "footnote numbering skips from `{}` to `{}`",
                                p.label, r.label
                            )
                        }
                        None => format!("footnote numbering starts at `{}`", r.label),
                    },
                    format!(
                        "restore the missing footnote `{expected}`, or renumber this reference and its note to `{expected}`"
                    ),
                ),
            };
            let mut d = Diagnostic::new(&INFO, r.span, message)
                .label(format!("expected `{expected}`"))
                .help(help);
            if let Some(p) = previous {
                d = d.secondary(p.span, "previous reference");
            }
            out.push(d);
        }
    }
}
