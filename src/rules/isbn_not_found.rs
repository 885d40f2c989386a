use super::provenance::isbn_key;
use super::{Context, Needs, Rule, rule_info};
use crate::model::Diagnostic;
use crate::model::provenance::Lookup;

rule_info!(
    "W004",
    "isbn-not-found",
    Warning,
    "an ISBN with a valid check digit that Open Library does not know",
    "isbn_not_found.rs"
);

/// ## What it does
/// Asks Open Library (`[provenance] openlibrary-api`, `/isbn/{isbn}.json`) about every distinct
/// ISBN whose check digit is valid (an invalid one is `invalid-isbn`), once per run, and reports
/// those it answers `404 Not Found` for.
///
/// ## Why is this bad?
/// A well-formed ISBN that no catalogue knows is often another book's ISBN mistyped in a way
/// the check digit cannot catch, or an invented one. Open Library does not know every book
/// (older, non-English and small-press books are often missing): treat it as a lead.
///
/// ## Example
/// ```text
/// Dean Acheson, Present at the Creation (New York: Norton, 1969), ISBN 978-0-00-000000-2.
/// ```
///
/// ## How to fix
/// Copy the ISBN again from the book's imprint page or a library catalogue.
pub struct IsbnNotFound;

impl Rule for IsbnNotFound {
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
            for f in c.fields.iter().filter(|f| f.name == "isbn") {
                let Some(isbn) = isbn_key(&f.value) else {
                    continue;
                };
                if matches!(found.isbns.get(&isbn), Some(Lookup::NotFound)) {
                    out.push(
                        Diagnostic::new(
                            &INFO,
                            f.span,
                            format!("ISBN `{}` is not in Open Library", f.value),
                        )
                        .label("no catalogue record for this ISBN")
                        .help("copy the ISBN again from the book's imprint page or a library catalogue"),
                    );
                }
            }
        }
    }
}
