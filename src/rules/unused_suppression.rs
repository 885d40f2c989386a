use super::{Context, Rule, rule_info};
use crate::model::Diagnostic;
use crate::model::Span;

rule_info!(
    "S001",
    "unused-suppression",
    Info,
    "a suppression directive that silences nothing",
    "unused_suppression.rs"
);

/// ## What it does
/// Reports an inline suppression (`citelint: allow U001`, `citelint-disable-next-line U001`,
/// or the same inside a comment) that silenced no finding on the line after it. It is produced
/// after all other rules have run, when suppressions are applied. (An `[[ignore]]` entry of the
/// configuration that silences nothing is reported as a warning on standard error.)
///
/// ## Why is this bad?
/// A suppression left behind after the problem was fixed hides the next real problem on that
/// line, and clutters the manuscript.
///
/// ## Example
/// ```text
/// citelint: allow U001
/// The archive is at http://www.digitalarchive.wilsoncenter.org today.
/// ```
///
/// ## How to fix
/// Delete the directive.
pub struct UnusedSuppression;

impl Rule for UnusedSuppression {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    /// Produced by [`unused`] when suppressions are applied, not here.
    fn check(&self, _cx: &Context<'_>, _out: &mut Vec<Diagnostic>) {}
}

/// The finding for a directive at `span` that silenced nothing.
pub fn unused(span: Span) -> Diagnostic {
    Diagnostic::new(&INFO, span, "suppression silences nothing")
        .label("nothing on the next line is silenced by this")
        .help("delete this directive")
}
