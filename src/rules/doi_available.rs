use super::provenance::{describes, work_query};
use super::{Context, Needs, Rule, rule_info};
use crate::model::Diagnostic;
use crate::model::provenance::Lookup;

rule_info!(
    "W005",
    "doi-available",
    Info,
    "an article or chapter cited without the DOI that Crossref has for it",
    "doi_available.rs"
);

/// ## What it does
/// Online, for an article or chapter cited without a DOI, the Crossref search that `W003`
/// makes finds the work; when a record it returns describes the citation (title, first author
/// and year agree, as `W002` judges them) and has a DOI, this rule gives that DOI. It is
/// information, not a fault: Chicago asks for a DOI when the work has one, other styles do not.
/// Books are not covered: Open Library lists the ISBNs of every edition, and the first is often
/// not the one in hand.
///
/// ## Why is this bad?
/// A DOI is the one link to a work that does not rot: a reader (and an examiner) reaches the
/// work even after its publisher moves it.
///
/// ## Example
/// ```text
/// 11 Oakley Ray, "How the Mind Hurts and Heals the Body," American Psychologist 59, no. 1
///    (2004): 29.
/// ```
/// Crossref has `10.1037/0003-066x.59.1.29` for it.
///
/// ## How to fix
/// Check that the record is the work you read, and add its DOI at the end of the note
/// (`https://doi.org/10.1037/0003-066x.59.1.29`), or allow the rule for styles that do not
/// want DOIs (`[rules] doi-available = "allow"`).
pub struct DoiAvailable;

impl Rule for DoiAvailable {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn needs(&self) -> Needs {
        Needs::PROVENANCE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(found) = cx.provenance else {
            return;
        };
        for (_, c) in cx.citations() {
            let Some(query) = work_query(c).filter(|q| q.service == "crossref") else {
                continue;
            };
            let Some(Lookup::Found { records }) = found.works.get(&query.key()) else {
                continue;
            };
            let Some(doi) = records
                .iter()
                .filter(|r| describes(r, c, &cx.matching))
                .find_map(|r| r.doi.as_deref())
            else {
                continue;
            };
            if c.has("url") && c.values("url").iter().any(|u| u.contains("doi.org/")) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &INFO,
                    c.span,
                    format!("Crossref has the DOI `{doi}` for this work"),
                )
                .label("cited without its DOI")
                .help(format!(
                    "if the record is the work you read, add `https://doi.org/{doi}` to the note"
                )),
            );
        }
    }
}
