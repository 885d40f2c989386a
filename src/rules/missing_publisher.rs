#[allow(unused_imports)]
use super::citations::{article, doi_valid, isbn_valid, same_work};
use super::{Context, Needs, Rule, rule_info};
#[allow(unused_imports)]
use crate::cite;
use crate::model::Diagnostic;
#[allow(unused_imports)]
use crate::model::{Citation, Kind};

rule_info!(
    "C003",
    "missing-publisher",
    Warning,
    "a book with no publisher, or no place where the style wants one",
    "missing_publisher.rs"
);

/// ## What it does
/// Reports a full citation of a book (or a chapter in one) with no publisher, or with no place
/// of publication where the style wants it: Chicago 17 and Turabian always, Chicago 18 only for
/// books published before 1900, MHRA and OSCOLA never.
///
/// ## Why is this bad?
/// The publisher (and, in some styles, the place) identifies the edition cited.
///
/// ## Example
/// ```text
/// 4 Max Hastings, The Korean War, 1988, 12.
/// ```
///
/// ## How to fix
/// Add the publisher (and the place where the style wants it): `(London: Pan, 1988)`.
pub struct MissingPublisher;

impl Rule for MissingPublisher {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn needs(&self) -> Needs {
        Needs::CITATIONS
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for c in cx.field_citations() {
            let missing = cite::missing(c, cx.style);
            let publisher = missing.contains(&"publisher");
            let place = missing.contains(&"place");
            if !matches!(c.kind, Kind::Book | Kind::Chapter) || !(publisher || place) {
                continue;
            }
            let (message, help) = match (publisher, place) {
                (true, true) => (
                    "book citation has no place or publisher",
                    format!(
                        "add the place and publisher, as {} asks: `(London: Pan, 1988)`",
                        cx.style.name
                    ),
                ),
                (true, false) => (
                    "book citation has no publisher",
                    "add the publisher: `(London: Pan, 1988)`".to_string(),
                ),
                _ => (
                    "book citation has no place of publication",
                    format!(
                        "add the place of publication, as {} asks: `(London: Pan, 1988)`",
                        cx.style.name
                    ),
                ),
            };
            out.push(
                Diagnostic::new(&INFO, c.span, message)
                    .label("incomplete imprint")
                    .help(help),
            );
        }
    }
}
