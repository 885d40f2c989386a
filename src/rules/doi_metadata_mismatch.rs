use super::provenance::{doi_key, family_matches, title_similarity};
use super::{Context, Needs, Rule, rule_info};
use crate::model::provenance::Record;
use crate::model::{Citation, Diagnostic, Span};

rule_info!(
    "W002",
    "doi-metadata-mismatch",
    Warning,
    "a DOI whose registered record names another title, first author or year",
    "doi_metadata_mismatch.rs"
);

/// ## What it does
/// For every registered DOI of a citation, fetches its record from Crossref
/// (`[provenance] crossref-api`, `/works/{doi}`) or, failing that, DataCite
/// (`datacite-api`, `/dois/{doi}`), and compares it with the citation:
///
/// - the **title** (with its subtitle; both normalised: case, punctuation and Latin diacritics
///   ignored), by edit-distance similarity, below 0.8 is a disagreement (a citation that leaves
///   the subtitle out still agrees);
/// - the **first author's family name**, which the cited first author must contain, written in
///   either order (`Acheson, Dean` or `Dean Acheson`);
/// - the **year**, more than one year apart (online-first and print years differ by one).
///
/// Each disagreement is one finding naming the field and both values.
///
/// ## Why is this bad?
/// A DOI that belongs to another work sends the reader elsewhere; metadata that disagrees with
/// the registry is the most frequent kind of a wrong reference (real works cited wrongly), and a
/// sign of a reference assembled from memory or generated.
///
/// ## Example
/// ```text
/// Dean Acheson, "The Cold War Revisited," American Psychologist 59 (2004), doi:10.1037/0003-066X.59.1.29.
/// ```
/// where the DOI's record is Oakley Ray, "How the Mind Hurts and Heals the Body".
///
/// ## How to fix
/// Check the work in hand: correct the citation's field, or the DOI if it belongs to another
/// work.
pub struct DoiMetadataMismatch;

impl Rule for DoiMetadataMismatch {
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
            let Some(doi_field) = c.get("doi") else {
                continue;
            };
            let Some(doi) = doi_key(&doi_field.value) else {
                continue;
            };
            let Some(record) = found.dois.get(&doi).and_then(|l| l.record()) else {
                continue;
            };
            for (span, field, cited, registered) in disagreements(c, record, cx) {
                out.push(
                    Diagnostic::new(
                        &INFO,
                        span,
                        format!("the {field} differs from the record of DOI `{doi}`"),
                    )
                    .label(format!("cited {field}"))
                    .note(format!(
                        "cited: `{cited}`; {}: `{registered}`",
                        service_name(&record.service)
                    ))
                    .help(format!(
                        "check the work in hand: correct the {field}, or the DOI if it belongs to another work"
                    )),
                );
            }
        }
    }
}

fn service_name(service: &str) -> &str {
    match service {
        "crossref" => "Crossref",
        "datacite" => "DataCite",
        other => other,
    }
}

/// (span, field, cited value, registered value) of each field that disagrees.
fn disagreements(
    c: &Citation,
    r: &Record,
    cx: &Context<'_>,
) -> Vec<(Span, &'static str, String, String)> {
    let m = &cx.matching;
    let mut out = Vec::new();
    if let (Some(t), Some(rt)) = (c.get("title"), &r.title)
        && title_similarity(&t.value, rt) < m.title_ratio
    {
        out.push((t.span, "title", t.value.clone(), rt.clone()));
    }
    if let (Some(a), Some(family)) = (c.get("author"), &r.family)
        && !family_matches(&a.value, family)
    {
        out.push((a.span, "first author", a.value.clone(), family.clone()));
    }
    let year = c.get("date").and_then(|d| {
        crate::text::dates::four_digit_years(&d.value)
            .next()
            .map(|y| (d, y))
    });
    if let (Some((d, cited)), Some(registered)) = (year, r.year)
        && cited.abs_diff(registered) > m.year_tolerance
    {
        out.push((d.span, "year", cited.to_string(), registered.to_string()));
    }
    out
}
