#[allow(unused_imports)]
use super::citations::{article, doi_valid, isbn_valid, same_work};
use super::{Context, Needs, Rule, rule_info};
#[allow(unused_imports)]
use crate::cite;
use crate::model::Diagnostic;
#[allow(unused_imports)]
use crate::model::{Citation, Kind};

rule_info!(
    "C007",
    "invalid-isbn",
    Error,
    "an ISBN whose check digit is wrong",
    "invalid_isbn.rs"
);

/// ## What it does
/// Checks every ISBN cited (`ISBN 978-0-393-07448-0`): an ISBN-10's check digit (mod 11) or an
/// ISBN-13's (mod 10), and its length.
///
/// ## Why is this bad?
/// A mistyped ISBN points at another book, or at none.
///
/// ## Example
/// ```text
/// Dean Acheson, Present at the Creation (New York: Norton, 1969), ISBN 978-0-393-07448-1.
/// ```
///
/// ## How to fix
/// Copy the ISBN again from the book's imprint page or a library catalogue.
pub struct InvalidIsbn;

impl Rule for InvalidIsbn {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn needs(&self) -> Needs {
        Needs::CITATIONS
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for c in cx.field_citations() {
            for f in c.fields.iter().filter(|f| f.name == "isbn") {
                if !isbn_valid(&f.value) {
                    out.push(
                        Diagnostic::new(&INFO, f.span, format!("ISBN `{}` is not valid", f.value))
                            .label("check digit or length is wrong")
                            .help("copy the ISBN again from the book's imprint page or a library catalogue"),
                    );
                }
            }
        }
    }
}
