use super::{Context, Rule, rule_info};
use crate::model::{Diagnostic, Problem};

rule_info!(
    "I003",
    "damaged-file",
    Warning,
    "a file that is damaged: only part of it could be read",
    "damaged_file.rs"
);

/// ## What it does
/// Reports a manuscript file that is damaged, whose readable part was checked: a PDF cut short
/// (an interrupted download or copy) or whose cross-reference table points at the wrong places
/// (a PDF edited by a tool that did not rewrite it). citelint reads what it can; notes, markers
/// and URLs on the damaged part may be missing from the findings.
///
/// ## Why is this bad?
/// A damaged file may open in one viewer and not in another, or lose pages when printed; the
/// graduate school's system may refuse it. And the check itself is incomplete.
///
/// ## Example
/// A `thesis.pdf` whose last bytes are missing: `the file is truncated: it has no
/// cross-reference table at its end`.
///
/// ## How to fix
/// Make the PDF again from its source, or repair it (`qpdf damaged.pdf repaired.pdf`), and check
/// the result.
pub struct DamagedFile;

impl Rule for DamagedFile {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        super::report_problems(cx, &INFO, &[Problem::Damaged], |_| "in this file", out);
    }
}
