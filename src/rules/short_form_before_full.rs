#[allow(unused_imports)]
use super::citations::{article, doi_valid, isbn_valid, same_work};
use super::work_index::FullCitations;
use super::{Context, Needs, Rule, rule_info};
#[allow(unused_imports)]
use crate::cite;
use crate::model::Diagnostic;
#[allow(unused_imports)]
use crate::model::{Citation, Kind};

rule_info!(
    "C006",
    "short-form-before-full",
    Warning,
    "a short form with no earlier full citation of the same work",
    "short_form_before_full.rs"
);

/// ## What it does
/// Reports a short form (`Acheson, Present at the Creation, 365.`, `Acheson, op. cit.`, OSCOLA
/// `Acheson (n 2)`, Bluebook `Sunstein, supra note 1`) when no earlier note cites the same
/// work in full. Works are matched on the author's (or editor's) surname and the first
/// significant words of the title; a short form with no author (`Brown, 347 U.S. at 495`) on
/// the words of its title.
///
/// ## Why is this bad?
/// The first citation of a work must be full; a short form alone cannot be traced. This happens
/// when chapters are reordered.
///
/// ## Example
/// ```text
/// 1 Acheson, Present at the Creation, 365.
/// ```
/// with no earlier `Dean Acheson, Present at the Creation (New York: Norton, 1969), …`.
///
/// ## How to fix
/// Give the full citation at the first mention, and the short form after it.
pub struct ShortFormBeforeFull;

impl Rule for ShortFormBeforeFull {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn needs(&self) -> Needs {
        Needs::CITATIONS
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let mut full = FullCitations::default();
        for (_, c) in cx.citations() {
            if matches!(c.kind, Kind::ShortForm | Kind::CrossReference) {
                if !full.cites(c) {
                    out.push(
                        Diagnostic::new(
                            &INFO,
                            c.span,
                            "short form of a work not cited in full before",
                        )
                        .label("first mention of this work")
                        .help("give the full citation here, and the short form in later notes"),
                    );
                }
            } else if c.kind != Kind::Ibid {
                full.add(c);
            }
        }
    }
}
