#[allow(unused_imports)]
use super::citations::{article, doi_valid, isbn_valid, same_work};
use super::{Context, Needs, Rule, rule_info};
#[allow(unused_imports)]
use crate::cite;
use crate::model::Diagnostic;
#[allow(unused_imports)]
use crate::model::{Citation, Kind};

rule_info!(
    "C002",
    "missing-date",
    Warning,
    "a citation with no year where the style needs one",
    "missing_date.rs"
);

/// ## What it does
/// Reports a full citation with no date of publication where the note style (`--style`) needs
/// one for that kind of source (books, chapters, articles, newspapers, reports, theses,
/// interviews, cases: the year of the report or the neutral citation).
///
/// ## Why is this bad?
/// Without the year, a reader cannot tell which edition or issue was used, nor how current the
/// source is.
///
/// ## Example
/// ```text
/// 3 Max Hastings, The Korean War, London: Pan, 12.
/// ```
///
/// ## How to fix
/// Add the year of publication (the edition you used).
pub struct MissingDate;

impl Rule for MissingDate {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn needs(&self) -> Needs {
        Needs::CITATIONS
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for c in cx.field_citations() {
            if cite::missing(c, cx.style).contains(&"date") {
                out.push(
                    Diagnostic::new(
                        &INFO,
                        c.span,
                        format!("citation of {} has no date", article(c.kind)),
                    )
                    .label("no year")
                    .help(format!(
                        "add the year of publication, as {} asks",
                        cx.style.name
                    )),
                );
            }
        }
    }
}
