use super::{Context, Rule, rule_info};
use crate::model::{Diagnostic, Problem};

rule_info!(
    "I005",
    "missing-include",
    Error,
    "a file the manuscript includes does not exist",
    "missing_include.rs"
);

/// ## What it does
/// Reports an included file that does not exist: `\input{chapters/war}` when there is no
/// `chapters/war.tex`, a bibliography named in `\addbibresource` or in Markdown front matter
/// that is not there. The rest of the manuscript is checked. A file that includes itself,
/// directly or through the files it includes (`main.tex` -> `a.tex` -> `b.tex` -> `a.tex`), is
/// reported at the inclusion that closes the circle, which is not followed.
///
/// ## Why is this bad?
/// The chapter or bibliography is missing from the check, and from the document when it is
/// compiled: its notes and citations are not where the reader expects them.
///
/// ## Example
/// ```text
/// \include{chapters/aftermath}
/// ```
/// with no `chapters/aftermath.tex`.
///
/// ## How to fix
/// Correct the path, or add the file; remove an inclusion that closes a circle.
pub struct MissingInclude;

impl Rule for MissingInclude {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let kinds = [Problem::MissingInclude, Problem::CircularInclude];
        super::report_problems(
            cx,
            &INFO,
            &kinds,
            |kind| {
                if kind == Problem::CircularInclude {
                    "included again while it is being read"
                } else {
                    "this file is not there"
                }
            },
            out,
        );
    }
}
