use super::{Context, Rule, rule_info};
use crate::model::{Diagnostic, Problem};

rule_info!(
    "B006",
    "malformed-bibliography-entry",
    Error,
    "a bibliography entry or field that cannot be read",
    "malformed_bibliography_entry.rs"
);

/// ## What it does
/// Reports what the BibTeX reader could not read, where it stopped: a syntax error in a
/// `.bib` (a missing comma, brace or quote), an `@string` macro that is not defined or that
/// refers to itself, TeX in a value that does not parse. The entries around it are still read
/// and checked; an entry cut short keeps its key.
///
/// ## Why is this bad?
/// BibTeX skips the rest of the entry (or of the file), biber may refuse the file: citations
/// of the entries lost print as undefined.
///
/// ## Example
/// ```text
/// @book{Cumings1981,
///   title     = {The Origins of the Korean War}
///   publisher = pup,
/// ```
///
/// ## How to fix
/// Correct the syntax at the position shown (here, the comma after the title).
pub struct MalformedBibliographyEntry;

impl Rule for MalformedBibliographyEntry {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        super::report_problems(
            cx,
            &INFO,
            &[Problem::BadEntry],
            |_| "cannot be read from here",
            out,
        );
    }
}
