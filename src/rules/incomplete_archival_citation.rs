#[allow(unused_imports)]
use super::citations::{article, doi_valid, isbn_valid, same_work};
use super::{Context, Needs, Rule, rule_info};
#[allow(unused_imports)]
use crate::cite;
use crate::model::Diagnostic;
#[allow(unused_imports)]
use crate::model::{Citation, Kind};

rule_info!(
    "C010",
    "incomplete-archival-citation",
    Warning,
    "an archival document with no repository or no identifier",
    "incomplete_archival_citation.rs"
);

/// ## What it does
/// Reports a citation of an archival document that names no repository (`RGASPI`, `The
/// National Archives`, `CIA Reading Room`) or gives no identifier for the document
/// (`f. 558, op. 11, d. 62`, `FO 371/84057`, `RG 59`, `Box 4262`, `CIA-RDP…`).
///
/// ## Why is this bad?
/// Archival sources are found by repository and call number; without both no one can find the
/// document again.
///
/// ## Example
/// ```text
/// 2 Stalin to Gottwald, 27 August 1950, f. 558, op. 11, d. 62.
/// ```
///
/// ## How to fix
/// Name the archive and give the full reference of the file.
pub struct IncompleteArchivalCitation;

impl Rule for IncompleteArchivalCitation {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn needs(&self) -> Needs {
        Needs::CITATIONS
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (_, c) in cx.citations() {
            if c.kind != Kind::Archival {
                continue;
            }
            let message = match (c.has("archive"), c.has("identifier")) {
                (true, true) => continue,
                (false, true) => "archival citation names no repository",
                (true, false) => "archival citation gives no file reference",
                (false, false) => "archival citation names no repository and no file reference",
            };
            out.push(
                Diagnostic::new(&INFO, c.span, message)
                    .label("cannot be found again")
                    .help("name the archive and give the document's full reference (fond, file, folder or call number)"),
            );
        }
    }
}
