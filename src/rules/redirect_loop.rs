use super::{Context, Needs, Rule, rule_info, with_chain};
use crate::model::Diagnostic;
use crate::model::Outcome;

rule_info!(
    "L007",
    "redirect-loop",
    Error,
    "a link whose redirects loop, never end, or leave http(s)",
    "redirect_loop.rs"
);

/// ## What it does
/// Reports links whose redirects come back to a URL already visited, or go on for more than ten
/// hops; and links that redirect out of the web, to a URL that is not http(s) (`file:`, `ftp:`,
/// `data:`), which citelint does not follow. The message names the target.
///
/// ## Why is this bad?
/// No browser reaches the page: it gives up with "too many redirects", or is sent to a file on
/// the reader's own machine, a protocol browsers no longer speak, or inline data instead of the
/// source.
///
/// ## Example
/// ```text
/// http://www.example.org/a
/// ```
/// redirecting to `/b`, which redirects back to `/a`; or to `ftp://ftp.example.org/pub/a.pdf`.
///
/// ## How to fix
/// The site is misconfigured: cite an archived copy, or another page of the same source. For a
/// redirect out of the web, cite the target yourself if it is what you meant.
pub struct RedirectLoop;

impl Rule for RedirectLoop {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn needs(&self) -> Needs {
        Needs::LINKS
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (link, report) in cx.link_reports() {
            let d = match &report.outcome {
                Outcome::RedirectLoop { hops } => Diagnostic::new(
                    &INFO,
                    link.span,
                    format!("redirect loop: no page after {hops} redirect(s)"),
                )
                .label("redirects forever")
                .help("cite an archived copy, or another page of the same source"),
                Outcome::RedirectOffWeb { scheme, target } => Diagnostic::new(
                    &INFO,
                    link.span,
                    format!("link redirects to `{target}`, and `{scheme}:` URLs are not followed"),
                )
                .label("redirects out of http(s)")
                .help("cite an archived copy, or the target itself if it is what you meant"),
                _ => continue,
            };
            out.push(with_chain(d, report));
        }
    }
}
