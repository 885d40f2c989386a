#[allow(unused_imports)]
use super::citations::{article, doi_valid, isbn_valid, same_work};
use super::{Context, Needs, Rule, rule_info};
#[allow(unused_imports)]
use crate::cite;
use crate::model::Diagnostic;
#[allow(unused_imports)]
use crate::model::{Citation, Kind};

rule_info!(
    "C004",
    "missing-access-date",
    Warning,
    "a cited URL with no access date where the style requires one",
    "missing_access_date.rs"
);

/// ## What it does
/// Reports a citation with a URL and no access date (`accessed 12 March 2019`) where the style
/// requires one: MHRA and OSCOLA for every URL, Chicago and Turabian only when the source has no
/// date of its own.
///
/// ## Why is this bad?
/// Web pages change; the access date tells the reader which version the author read.
///
/// ## Example
/// ```text
/// 5 World Bank, “Learning Poverty,” https://www.worldbank.org/en/topic/education.
/// ```
///
/// ## How to fix
/// Add when you read it: `…, accessed 12 March 2019, https://…`.
pub struct MissingAccessDate;

impl Rule for MissingAccessDate {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn needs(&self) -> Needs {
        Needs::CITATIONS
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for c in cx.field_citations() {
            if cite::missing(c, cx.style).contains(&"accessed") {
                let span = c.get("url").map_or(c.span, |f| f.span);
                out.push(
                    Diagnostic::new(&INFO, span, "cited URL has no access date")
                        .label("when was this read?")
                        .help(format!(
                            "add the date you consulted it, e.g. `accessed 12 March 2019`, as {} asks",
                            cx.style.name
                        )),
                );
            }
        }
    }
}
