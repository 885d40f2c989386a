use super::{Context, Needs, Rule, rule_info, with_chain};
use crate::model::Diagnostic;
use crate::model::Outcome;

rule_info!(
    "L002",
    "unreachable-host",
    Error,
    "a link whose host cannot be reached (DNS, refused, reset, TLS)",
    "unreachable_host.rs"
);

/// ## What it does
/// Reports links whose host could not be reached: its name does not resolve, the connection is
/// refused or reset (after retries), or the TLS handshake fails. The message says which.
///
/// ## Why is this bad?
/// The whole site is gone or broken, not just the page: the citation cannot be followed.
///
/// ## Example
/// ```text
/// see http://www.digitalarchive-that-closed.org/doc/112
/// ```
///
/// ## How to fix
/// Check the host name for a typo; if the site is gone, cite an archived copy.
pub struct UnreachableHost;

impl Rule for UnreachableHost {
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
            if let Outcome::Unreachable { reason, detail } = &report.outcome {
                let d = with_chain(
                    Diagnostic::new(
                        &INFO,
                        link.span,
                        format!("unreachable host: {}", reason.describe()),
                    )
                    .label("cannot connect")
                    .note(detail.clone())
                    .help("check the host name; if the site is gone, cite an archived copy"),
                    report,
                );
                out.push(super::provenance::with_archive(d, cx, link, report));
            }
        }
    }
}
