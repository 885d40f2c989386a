use super::{Context, Needs, Rule, rule_info, with_chain};
use crate::model::Diagnostic;
use crate::model::Outcome;

rule_info!(
    "L007",
    "redirect-loop",
    Error,
    "a link whose redirects loop or never end",
    "redirect_loop.rs"
);

/// ## What it does
/// Reports links whose redirects come back to a URL already visited, or go on for more than ten
/// hops.
///
/// ## Why is this bad?
/// No browser reaches the page: it gives up with "too many redirects".
///
/// ## Example
/// ```text
/// http://www.example.org/a
/// ```
/// redirecting to `/b`, which redirects back to `/a`.
///
/// ## How to fix
/// The site is misconfigured: cite an archived copy, or another page of the same source.
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
            if let Outcome::RedirectLoop { hops } = report.outcome {
                out.push(with_chain(
                    Diagnostic::new(
                        &INFO,
                        link.span,
                        format!("redirect loop: no page after {hops} redirect(s)"),
                    )
                    .label("redirects forever")
                    .help("cite an archived copy, or another page of the same source"),
                    report,
                ));
            }
        }
    }
}
