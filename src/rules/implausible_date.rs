#[allow(unused_imports)]
use super::citations::{article, doi_valid, isbn_valid, same_work};
use super::{Context, Needs, Rule, rule_info};
#[allow(unused_imports)]
use crate::cite;
use crate::model::Diagnostic;
#[allow(unused_imports)]
use crate::model::{Citation, Kind};

rule_info!(
    "C009",
    "implausible-date",
    Warning,
    "a publication year in the future, or an access date in the future or before publication",
    "implausible_date.rs"
);

/// ## What it does
/// Reports a publication year later than today, an access date later than today, and an access
/// date earlier than the year of publication.
///
/// ## Why is this bad?
/// It is a typo (`2091` for `1991`), or a date copied from the wrong source.
///
/// ## Example
/// ```text
/// Max Hastings, The Korean War (London: Pan, 2088), 12.
/// ```
///
/// ## How to fix
/// Correct the year against the source.
pub struct ImplausibleDate;

impl Rule for ImplausibleDate {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn needs(&self) -> Needs {
        Needs::CITATIONS
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let today = cx.today;
        for c in cx.field_citations() {
            let year = cite::year_of(c);
            if let (Some(y), Some(d)) = (year, c.get("date"))
                && y > today.0
            {
                out.push(
                    Diagnostic::new(
                        &INFO,
                        d.span,
                        format!("publication year {y} is in the future"),
                    )
                    .label("not published yet")
                    .help("correct the year against the source"),
                );
            }
            let Some(accessed) = c.get("accessed") else {
                continue;
            };
            let Some(when) = cite::parse_date(&accessed.value) else {
                continue;
            };
            if when > today {
                out.push(
                    Diagnostic::new(&INFO, accessed.span, "access date is in the future")
                        .label("not yet")
                        .help("correct the date you consulted the source"),
                );
            } else if year.is_some_and(|y| when.0 < y) {
                out.push(
                    Diagnostic::new(
                        &INFO,
                        accessed.span,
                        format!(
                            "access date is before the source was published ({})",
                            year.unwrap_or(0)
                        ),
                    )
                    .label("read before it existed?")
                    .help("correct the access date or the year of publication"),
                );
            }
        }
    }
}
