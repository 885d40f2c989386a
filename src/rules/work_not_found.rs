use super::provenance::{describes, work_query};
use super::{Context, Needs, Rule, rule_info};
use crate::model::Diagnostic;
use crate::model::provenance::Lookup;

rule_info!(
    "W003",
    "work-not-found",
    Warning,
    "an article, chapter or book that no registry search finds",
    "work_not_found.rs"
);

/// ## What it does
/// Searches for every article and chapter cited without a DOI in Crossref
/// (`[provenance] crossref-api`, `/works?query.bibliographic=<title>&query.author=<family>
/// &rows=5`), and every book cited without an ISBN in Open Library (`openlibrary-api`,
/// `/search.json?title=&author=`), once per distinct work. When none of the first five results
/// has a similar title (and, when both give one, the first author's family name), the citation
/// is reported, as a lead rather than a verdict.
///
/// Archival documents, interviews, manuscripts, personal communications, web pages, newspapers,
/// reports and theses are never searched for: these registries do not cover them. A search
/// that could not be made (the service down) reports nothing.
///
/// ## Why is this bad?
/// A work no registry knows may still exist (many non-English books, small presses), but it is
/// also what a misremembered title, a wrong author or an invented reference looks like; an
/// examiner will look for it too.
///
/// ## Example
/// ```text
/// Jane Doe, "Quantum Ideologies of the Korean Armistice," Journal of Imagined History 3 (2011): 4.
/// ```
///
/// ## How to fix
/// Check the title and author against the work in hand or a library catalogue; if the citation
/// is right, silence the finding with an `[[ignore]]` entry or an inline directive.
pub struct WorkNotFound;

impl Rule for WorkNotFound {
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
            let Some(query) = work_query(c) else {
                continue;
            };
            let missing = match found.works.get(&query.key()) {
                Some(Lookup::NotFound) => true,
                Some(Lookup::Found { records }) => {
                    !records.iter().any(|r| describes(r, c, &cx.matching))
                }
                _ => false,
            };
            let Some(title) = c.get("title").filter(|_| missing) else {
                continue;
            };
            let service = if query.service == "crossref" {
                "Crossref"
            } else {
                "Open Library"
            };
            out.push(
                Diagnostic::new(
                    &INFO,
                    title.span,
                    format!("no record found in {service} for this work; check the title and author"),
                )
                .label("no registry search finds this title")
                .help("a lead, not a verdict: compare the title and author with the work in hand or a library catalogue"),
            );
        }
    }
}
