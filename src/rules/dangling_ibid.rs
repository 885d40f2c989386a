#[allow(unused_imports)]
use super::citations::{article, doi_valid, isbn_valid, same_work};
use super::{Context, Needs, Rule, rule_info};
#[allow(unused_imports)]
use crate::cite;
use crate::model::Diagnostic;
#[allow(unused_imports)]
use crate::model::{Citation, Kind};

rule_info!(
    "C005",
    "dangling-ibid",
    Error,
    "an `Ibid.` with no single source to point back to",
    "dangling_ibid.rs"
);

/// ## What it does
/// Reports `Ibid.` (or `Id.`) that cannot be resolved: in the first note of a numbering
/// sequence, after a note with no citation, or after a note that cites several sources (which
/// one is meant?). An `Ibid.` after another citation in the same note refers to that one and is
/// fine. (Chicago 18 discourages `Ibid.` altogether in favour of short forms; OSCOLA allows it
/// only for the single source of the note just before, as this rule checks.)
///
/// ## Why is this bad?
/// The reader cannot tell what `Ibid.` repeats; often a note was moved or deleted and the
/// `Ibid.` now points at the wrong source.
///
/// ## Example
/// ```text
/// 1 Ibid., 45.
/// ```
///
/// ## How to fix
/// Replace `Ibid.` with a short form of the source (`Acheson, Present at the Creation, 45.`).
pub struct DanglingIbid;

impl Rule for DanglingIbid {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn needs(&self) -> Needs {
        Needs::CITATIONS
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let notes = &cx.manuscript.notes;
        for (k, note) in notes.iter().enumerate() {
            for (i, c) in note.citations.iter().enumerate() {
                if c.kind != Kind::Ibid || i > 0 {
                    continue;
                }
                let previous = k
                    .checked_sub(1)
                    .map(|p| &notes[p])
                    .filter(|p| p.section == note.section);
                let problem = match previous {
                    None => Some("`Ibid.` in the first note has nothing to repeat".to_string()),
                    Some(p) if p.citations.is_empty() => Some(format!(
                        "`Ibid.` follows note {}, which cites nothing",
                        p.label
                    )),
                    Some(p) if p.citations.len() > 1 => Some(format!(
                        "`Ibid.` follows note {}, which cites {} sources",
                        p.label,
                        p.citations.len()
                    )),
                    Some(_) => None,
                };
                if let Some(message) = problem {
                    let mut d = Diagnostic::new(&INFO, c.span, message)
                        .label("repeats what?")
                        .help("replace `Ibid.` with a short form of the source it means");
                    if let Some(p) = previous {
                        d = d.secondary(p.label_span, "the note before");
                    }
                    out.push(d);
                }
            }
        }
    }
}
