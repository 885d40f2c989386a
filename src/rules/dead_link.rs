use super::{Context, Needs, Rule, rule_info, with_chain};
use crate::model::Diagnostic;
use crate::model::online::{Outcome, status_text};

rule_info!(
    "L001",
    "dead-link",
    Error,
    "a link whose page is gone (404, 410 and other 4xx)",
    "dead_link.rs"
);

/// ## What it does
/// Asks every http(s) URL of the manuscript (HEAD, then GET if HEAD fails; DOIs through
/// `https://doi.org/`) and reports those whose final answer is a client error: 404, 410 and every
/// other 4xx but 401, 403 and 429, which are `unverifiable-link`. Redirects are followed first.
///
/// ## Why is this bad?
/// A reader, or an examiner, who follows the citation finds nothing: the source cannot be
/// verified.
///
/// ## Example
/// ```text
/// available at https://www.example.org/report-2019.pdf (accessed 3 March 2019).
/// ```
/// where the server now answers `404 Not Found`.
///
/// Online, the Wayback Machine is asked for captures of the page (see `[provenance]
/// archives`): the finding's `help:` names the latest capture at or before the citation's access
/// date (else the earliest after it, and how far apart), and the JSON report gives it as
/// `archive`.
///
/// ## How to fix
/// Find where the page moved and cite that, or cite an archived copy (the Internet Archive's
/// Wayback Machine keeps many), keeping the original access date. In HTML the Robust Links form
/// keeps both: `<a href="URL" data-originalurl="URL" data-versionurl="ARCHIVED URL"
/// data-versiondate="2019-03-02">`.
pub struct DeadLink;

impl Rule for DeadLink {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn needs(&self) -> Needs {
        // Provenance: an archived copy of the page for `help:`.
        Needs::LINKS.or(Needs {
            provenance: true,
            ..Needs::default()
        })
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (link, report) in cx.link_reports() {
            if let Outcome::Dead { status } = report.outcome {
                let d = with_chain(
                    Diagnostic::new(
                        &INFO,
                        link.span,
                        format!("dead link: the server answers `{}`", status_text(status)),
                    )
                    .label("this page is gone")
                    .help("cite where the page moved, or an archived copy (for example in the Wayback Machine)"),
                    report,
                );
                out.push(super::provenance::with_archive(d, cx, link, report));
            }
        }
    }
}
