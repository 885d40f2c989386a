use super::bibliography::Keys;
use super::{Context, Rule, rule_info};
use crate::model::Diagnostic;

rule_info!(
    "B007",
    "unresolved-crossref",
    Warning,
    "a `crossref` that names no entry, or that leads back to its own entry",
    "unresolved_crossref.rs"
);

/// ## What it does
/// Reports a bibliography entry whose `crossref` field names no entry of the bibliography, and
/// a chain of `crossref`s that comes back to where it started.
///
/// ## Why is this bad?
/// The entry inherits nothing (its book title, editor, publisher and year are missing from
/// the printed citation); biber stops on a cycle.
///
/// ## Example
/// ```text
/// @incollection{Millett2004, …, crossref = {Stuek2004}}
/// ```
///
/// ## How to fix
/// Correct the key in `crossref`, or add the entry it names.
pub struct UnresolvedCrossref;

impl Rule for UnresolvedCrossref {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let keys = Keys::new(&cx.manuscript.entries);
        for e in &cx.manuscript.entries {
            let Some(crossref) = e.field("crossref").filter(|f| !f.inherited) else {
                continue;
            };
            let Some(mut parent) = keys.find(&crossref.value) else {
                out.push(
                    Diagnostic::new(
                        &INFO,
                        crossref.span,
                        format!(
                            "`crossref` names `{}`, which is not in the bibliography",
                            crossref.value
                        ),
                    )
                    .label("no such entry")
                    .help("correct the key, or add the entry it names"),
                );
                continue;
            };
            let mut chain = vec![e.key.as_str()];
            while chain.len() <= keys.exact.len() {
                if parent.key.eq_ignore_ascii_case(&e.key) {
                    chain.push(&parent.key);
                    out.push(
                        Diagnostic::new(
                            &INFO,
                            crossref.span,
                            format!(
                                "`crossref` leads back to `{}`: {}",
                                e.key,
                                chain.join(" -> ")
                            ),
                        )
                        .label("a cycle")
                        .help("point the `crossref` at the entry of the whole work"),
                    );
                    break;
                }
                chain.push(&parent.key);
                let next = parent
                    .field("crossref")
                    .filter(|f| !f.inherited)
                    .and_then(|f| keys.find(&f.value));
                match next {
                    Some(n) if !chain[1..].contains(&n.key.as_str()) => parent = n,
                    _ => break,
                }
            }
        }
    }
}
