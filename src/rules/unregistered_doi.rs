use super::provenance::{doi_key, doi_of_link};
use super::{Context, Needs, Rule, rule_info};
use crate::model::Diagnostic;
use crate::model::provenance::Lookup;

rule_info!(
    "W001",
    "unregistered-doi",
    Error,
    "a DOI that no registration agency knows",
    "unregistered_doi.rs"
);

/// ## What it does
/// Asks the DOI handle API (`[provenance] doi-api`, by default `https://doi.org/api/handles/`),
/// which answers for every registration agency (Crossref, DataCite, mEDRA, …), about every
/// distinct DOI of the manuscript, in a citation (`doi:10.…`, `https://doi.org/10.…`) or a link,
/// once per run. A DOI the handle system does not know (`responseCode` 100) is reported. A DOI
/// that could not be asked (the service down) is not: the run's warnings say so.
///
/// ## Why is this bad?
/// A DOI that resolves nowhere cannot lead a reader to the work: it was mistyped, cut short by
/// a line break, or invented (references made up by text generators often carry DOIs that were
/// never registered).
///
/// ## Example
/// ```text
/// Ray, "How the Mind Hurts and Heals the Body," American Psychologist 59 (2004), doi:10.1037/0003-066X.59.1.2999.
/// ```
///
/// ## How to fix
/// Copy the DOI again from the article's landing page or from a search at
/// `https://search.crossref.org`; if the work has no DOI, leave it out.
pub struct UnregisteredDoi;

impl Rule for UnregisteredDoi {
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
        let unregistered = |doi: &str| matches!(found.dois.get(doi), Some(Lookup::NotFound));
        let mut reported = Vec::new();
        for (_, c) in cx.citations() {
            for f in c.fields.iter().filter(|f| f.name == "doi") {
                if let Some(doi) = doi_key(&f.value).filter(|d| unregistered(d)) {
                    reported.push(c.span);
                    out.push(finding(f.span, &f.value, &doi));
                }
            }
        }
        for link in &cx.manuscript.links {
            let Some(doi) = doi_of_link(link).filter(|d| unregistered(d)) else {
                continue;
            };
            let covered = reported.iter().any(|s| {
                s.file == link.span.file && s.start <= link.span.start && link.span.start < s.end
            });
            if !covered {
                out.push(finding(link.span, &link.text, &doi));
            }
        }
    }
}

fn finding(span: crate::model::Span, written: &str, doi: &str) -> Diagnostic {
    Diagnostic::new(
        &INFO,
        span,
        format!("DOI `{doi}` is not registered with any agency"),
    )
    .label("the DOI system does not know this DOI")
    .help(format!(
        "copy the DOI again from the work's landing page or https://search.crossref.org; as written: `{}`",
        written.trim()
    ))
}
