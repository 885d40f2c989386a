#[allow(unused_imports)]
use super::citations::{article, doi_valid, isbn_valid, same_work};
use super::{Context, Needs, Rule, rule_info};
#[allow(unused_imports)]
use crate::cite;
use crate::model::Diagnostic;
#[allow(unused_imports)]
use crate::model::{Citation, Kind};

rule_info!(
    "C008",
    "malformed-doi",
    Error,
    "a DOI that is not `10.<registrant>/<suffix>`",
    "malformed_doi.rs"
);

/// ## What it does
/// Checks every DOI cited (`doi:10.1000/182`, `https://doi.org/10.1000/182`): it must be
/// `10.`, a registrant code of four to nine digits (with optional `.`-separated parts), `/` and
/// a non-empty suffix.
///
/// ## Why is this bad?
/// A malformed DOI resolves nowhere.
///
/// ## Example
/// ```text
/// doi:10.10/182
/// ```
///
/// ## How to fix
/// Copy the DOI again from the article's landing page.
pub struct MalformedDoi;

impl Rule for MalformedDoi {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn needs(&self) -> Needs {
        Needs::CITATIONS
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for c in cx.field_citations() {
            for f in c.fields.iter().filter(|f| f.name == "doi") {
                if !doi_valid(&f.value) {
                    out.push(
                        Diagnostic::new(&INFO, f.span, format!("DOI `{}` is malformed", f.value))
                            .label("not `10.<registrant>/<suffix>`")
                            .help("copy the DOI again from the article's landing page"),
                    );
                }
            }
        }
    }
}
